"""Claim types as modules: one module per built-in type and one registry that lists them.

- :mod:`.protocol`: what a claim type provides (:class:`~.protocol.ClaimType`, the part a
  plugin must give) and :class:`~.protocol.BaseType` (the hooks the engine calls, with
  defaults for a plugin that gives only the required part);
- :mod:`.quantity`, :mod:`.date`, :mod:`.set`, :mod:`.label`, :mod:`.assertion`: the
  built-in types, each the single entry point for its parsing, pair verdicts, numeric
  encoding, consensus identity and value, and display;
- :mod:`.registry`: the list of built-ins plus the ``discrepancy.types`` entry points; the
  loaders, the engine, consensus and reports look types up there, never by comparing names.

See docs/types.md for how to add a type. Import from the submodules.
"""
