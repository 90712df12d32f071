"""Who a noun phrase names: "Ukrainian President Volodymyr Zelenskyy" is the person
Zelenskyy, "South Korea's National Intelligence Service (NIS)" the agency NIS, "South Korean
news agency Yonhap" the outlet Yonhap; "experts" and "the statement" name nobody.
"""

from __future__ import annotations

import re
from typing import Final

from anyascii import anyascii
from attrs import frozen

from discrepancy.draft.vocabulary import wordset

#: Words that stand before a person's name and are not part of it.
TITLES: Final = wordset(
    """president prime minister secretary secretary-general spokesperson spokesman
    spokeswoman general gen. colonel col. senator sen. rep. representative dr. mr. mrs.
    ms. chancellor king queen prince pope ambassador governor mayor director commander
    chief chairman chair leader premier deputy vice admiral lieutenant lt. major maj.
    captain capt. sergeant sgt. judge justice professor prof. minister envoy marshal
    head"""
)
#: Words that make a capitalised phrase an organisation rather than a person.
ORG_WORDS: Final = wordset(
    """service agency ministry office council department government party army forces
    force command news times post institute university committee group bank fund
    organization organisation union nations intelligence states kingdom republic
    federation foundation centre center corporation company association commission court
    parliament senate congress assembly guard police navy staff media bureau network
    daily journal herald tribune gazette telegraph press radio tv television kremlin
    pentagon house board authority military ministry"""
)
#: Words naming news outlets: a speaker with one of them relays rather than originates.
OUTLET_WORDS: Final = wordset(
    """news agency media times post press journal herald tribune gazette telegraph radio
    tv television newspaper paper broadcaster outlet daily wire reuters afp ap bloomberg
    xinhua tass interfax kyodo cnn bbc"""
)
#: Heads of phrases that name no one in particular.
GENERIC: Final = wordset(
    """experts analysts officials sources source observers critics residents witnesses
    researchers scientists diplomats lawmakers authorities people reports report
    statement statements study studies data figures estimates assessment assessments
    agreement document documents imagery evidence accounts intelligence"""
)
PRONOUNS: Final = frozenset({"he", "she", "they", "it", "we", "i"})
_NOT_NAMES: Final = wordset(
    """there these those this it which what such some many most all both each nobody
    everyone everybody someone somebody anyone anybody none one"""
)
#: First words of two-word places, which are not people ("North Korea", "New York").
_PLACE_STARTS: Final = wordset(
    """north south east west new saudi united san santa los las el la hong sri"""
)
_CONNECTORS: Final = frozenset({"of", "for", "the", "and", "on", "de", "al", "&"})
#: Someone speaking for an organisation: the organisation is the speaker.
MEMBER_OF = re.compile(
    r"^(?:(?:a|an|the|one|two|several)\s+)?(?:[a-z]+\s+)?(?:spokesperson|spokesman|spokeswoman|"
    r"official|officials|source|sources|representative|member|members|analysts?|experts?|"
    r"meteorologists?|researchers?|scientists?|economists?|doctors?|medics?|staff)\s+"
    r"(?:for|of|at|from|with|in)\s+(?P<org>.+)$",
    re.IGNORECASE,
)
_ACRONYM = re.compile(r"\(([A-Z][A-Za-z0-9&.\-]{1,9})\)")
_TOKEN = re.compile(r"[^\s]+")


@frozen
class Speaker:
    """Someone who says things, as a text names them."""

    name: str
    acronym: str | None = None
    person: bool = False
    outlet: bool = False

    @property
    def id(self) -> str:
        """A claim-file id for the speaker: the acronym, a person's family name, else the name."""
        if self.acronym:
            return slug(self.acronym)
        if self.person:
            return slug(self.name.split()[-1])
        return slug(self.name)

    def spellings(self) -> tuple[str, ...]:
        """Every way to look the speaker up among known entities."""
        out = [self.name]
        if self.acronym:
            out.append(self.acronym)
        if self.person and " " in self.name:
            out.append(self.name.split()[-1])
        return tuple(out)


def slug(text: str) -> str:
    """An id made of the words of ``text``: ``South Korean media`` -> ``south-korean-media``."""
    ascii_text = anyascii(text).lower().replace("'s ", " ").replace("'", "")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


def _capital(token: str) -> bool:
    return token[:1].isupper() or (token[:1].isdigit() and token[-1:].isupper())


def _strip_token(token: str) -> str:
    return token.strip(',;:"“”()[]')


def _is_title(token: str) -> bool:
    return token.lower() in TITLES


def _nationality(token: str) -> bool:
    """ "Korean", "Ukrainian", "Chinese", "British": an adjective of nation, not a name."""
    if token in _NATIONALITIES:
        return True
    return len(token) >= 6 and token[:1].isupper() and token.endswith(("ian", "ese", "ean"))


_NATIONALITIES: Final = wordset(
    """American German British French Turkish Israeli Polish Spanish Dutch Swedish Danish
    Irish Pakistani Iraqi Saudi Afghan Thai Greek Swiss Kenyan Mexican Moroccan Cuban
    Finnish Norwegian Scottish Welsh English Arab Kurdish Yemeni Qatari Emirati Omani
    Kuwaiti Filipino Nepali Bangladeshi Tibetan Uzbek Kazakh Belarusian Western Eastern"""
)


def read_speaker(phrase: str) -> Speaker | None:
    """The speaker a phrase names, or ``None`` for generic and pronoun phrases (see
    :func:`pronoun`)."""
    text = " ".join(phrase.split()).strip(" ,.;:")
    text = re.split(r"\s+(?:and|or)\s+(?=(?:a|an|the|other|several)\b|[a-z])", text)[0]
    text = re.split(r"\s+(?:operating|working|based|speaking|who|which)\b", text)[0]
    if m := MEMBER_OF.match(text):
        text = m.group("org")  # "a spokesperson for the government", "analysts at MetSul"
    if not text:
        return None
    head, _, rest = text.partition(", ")
    if not any(_capital(t) for t in head.split()[1:]) and rest and _capital(rest[:1]):
        text = rest  # "The country's president, Yoon Suk Yeol"
    else:
        text = head
    acronym = None
    if m := _ACRONYM.search(text):
        acronym = m.group(1)
        text = (text[: m.start()] + text[m.end() :]).strip()
    tokens = [_strip_token(t) for t in _TOKEN.findall(text)]
    tokens = [t for t in tokens if t]
    determiner = False
    while tokens and tokens[0].lower() in ("the", "a", "an", "this", "that"):
        tokens, determiner = tokens[1:], True
    if not tokens:
        return None
    if len(tokens) == 1 and tokens[0].lower() in PRONOUNS:
        return None
    lowered = [t.lower() for t in tokens]
    outlet = any(t in OUTLET_WORDS for t in lowered)
    # "Yoon's office", "an NIS source": the name before a generic or possessed noun
    poss = next((i for i, t in enumerate(tokens) if re.search(r"['’]s$", t)), None)
    if poss is not None and poss + 1 < len(tokens) and not _capital(tokens[poss + 1]):
        if _capital(tokens[-1]) or not _capital(tokens[poss]):
            tokens = tokens[poss + 1 :]  # "Turkey's disaster agency AFAD", "the state's police"
        else:
            tokens = tokens[: poss + 1]  # "Yoon's office": the possessor
            tokens[-1] = re.sub(r"['’]s$", "", tokens[-1])
    elif poss is not None and poss + 1 < len(tokens):
        tokens = tokens[poss + 1 :]  # "South Korea's National Intelligence Service"
    if tokens[0].lower() in _NOT_NAMES:
        return None
    if len(tokens) > 1 and tokens[-1] in GENERIC and _capital(tokens[-2]):
        if _nationality(tokens[-2]):
            return None  # "Ukrainian officials"
        tokens = tokens[:-1]  # "NIS source", "Pentagon officials"
    if (
        tokens[-1].lower() in GENERIC
        and not outlet
        and acronym is None
        and not any(_capital(t) for t in tokens[:-1])
    ):
        return None
    if not any(_capital(t) for t in tokens) and acronym is None:
        if len(tokens) <= 3 and lowered[-1] in ORG_WORDS:
            return Speaker(" ".join(tokens), outlet=outlet)  # "the army", "police"
        return None
    if acronym and not any(_capital(t) for t in tokens):
        return Speaker(acronym, acronym, outlet=outlet)
    return _classify(tokens, acronym, outlet=outlet, named=determiner)


def _runs(tokens: list[str]) -> list[list[str]]:
    """Capitalised runs, joined over connectors ("Centre for the National Interest")."""
    runs: list[list[str]] = []
    current: list[str] = []
    for t in tokens:
        if _capital(t) or (current and t.lower() in _CONNECTORS):
            current.append(t)
        else:
            if current:
                runs.append(current)
            current = []
    if current:
        runs.append(current)
    out = []
    for run in runs:
        while run and not _capital(run[-1]):
            run = run[:-1]
        if run:
            out.append(run)
    return out


def _classify(
    tokens: list[str], acronym: str | None, *, outlet: bool, named: bool
) -> Speaker | None:
    """``named``: the phrase had a determiner ("The War Zone"), which a person's name lacks."""
    runs = _runs(tokens)
    if not runs:
        return None
    trailing = runs[-1] if _capital(tokens[-1]) else None
    run = trailing or max(runs, key=len)
    if len(run) > 1 and run[0] in ("The", "A", "An"):
        run, named = run[1:], True  # "Local paper The Courier"
    titles = [i for i, t in enumerate(run) if _is_title(t)]
    if titles:
        after = run[titles[-1] + 1 :]
        before = [t for t in run[: titles[0]] if not _nationality(t)]
        if after and len(after) <= 4 and not any(t.lower() in ORG_WORDS for t in after):
            return Speaker(" ".join(after), acronym, person=True, outlet=outlet)
        if before:
            return Speaker(" ".join(before), acronym, outlet=outlet)
        return None
    words = [t.lower() for t in run]
    organisation = any(w in ORG_WORDS for w in words) or outlet or named
    place = run[0].lower() in _PLACE_STARTS
    if (
        trailing is not None
        and len(run) < len(tokens)
        and not organisation
        and not place
        and len(run) <= 4
    ):
        return Speaker(" ".join(run), acronym, person=len(run) > 1, outlet=outlet)
    if (
        not organisation
        and 2 <= len(run) <= 4
        and all(t[:1].isupper() for t in run)
        and not _nationality(run[0])
        and not place
    ):
        return Speaker(" ".join(run), acronym, person=True, outlet=outlet)
    name = " ".join(t for t in (tokens if outlet and not trailing else run))
    return Speaker(name, acronym, outlet=outlet)


def pronoun(phrase: str) -> str | None:
    """The pronoun a phrase is (``he``, ``she``, ``they``...), else ``None``."""
    text = phrase.strip(" ,.;:").lower()
    return text if text in PRONOUNS else None


#: Lower-case words a speaker's phrase may hold besides titles, outlet and organisation words:
#: "South Korean news agency Yonhap", "Kremlin spokesperson Dmitry Peskov".
SPEAKER_WORDS: Final = wordset(
    """the a an of for and on at senior former top chief deputy military foreign defense
    defence state national local acting official own presidential government security
    intelligence spokesperson news later"""
)


__all__ = [
    "MEMBER_OF",
    "ORG_WORDS",
    "OUTLET_WORDS",
    "SPEAKER_WORDS",
    "TITLES",
    "Speaker",
    "pronoun",
    "read_speaker",
    "slug",
]
