"""Word lists written as text: ``wordset("a b c")`` is the frozen set of its words."""

from __future__ import annotations


def wordset(text: str) -> frozenset[str]:
    """The words of ``text`` (split on whitespace) as a frozen set."""
    return frozenset(text.split())


__all__ = ["wordset"]
