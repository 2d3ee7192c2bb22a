"""Vietnamese alphabetical order, in SQL and in Python: the one place that says how names sort.

The database's default collation is C (byte order: "Đặng" and "Đỗ" after "Vũ", "Nguyễn Thùy" before
"Nguyễn Thị"), so every ORDER BY on a name goes through ICU's Vietnamese collation `vi-x-icu`, a
database object of pg_catalog that every schema (the office's and each school's) sees. People sort as
Vietnamese lists do: by given name (the last word of the full name), then family and middle names.

`vietnamese_key` reproduces that order in Python for the few lists sorted after they are read:
letters first (ă, â, đ, ê, ô, ơ, ư are letters of their own, after a, a, d, e, o, o, u), then tones
(none, huyền, hỏi, ngã, sắc, nặng), then case. A test compares it with the database's order."""

import unicodedata

from django.db.models import CharField, F, Func, Value
from django.db.models.functions import Collate

VIETNAMESE = "vi-x-icu"


class GivenName(Func):
    """The last word of a name: "Nguyễn Thị Đào" → "Đào" (names are stored single-spaced)."""

    function = "regexp_replace"
    output_field = CharField()

    def __init__(self, expression, **extra):
        super().__init__(expression, Value(r"^.*\s"), Value(""), **extra)


class FamilyAndMiddleNames(Func):
    """Everything before the given name: "Nguyễn Thị Đào" → "Nguyễn Thị"."""

    function = "regexp_replace"
    output_field = CharField()

    def __init__(self, expression, **extra):
        super().__init__(expression, Value(r"\s*\S+$"), Value(""), **extra)


def by_name(field: str = "name", descending: bool = False):
    """ORDER BY a school's, department's, authority's or cluster's name in Vietnamese order."""
    collated = Collate(F(field), VIETNAMESE)
    return collated.desc() if descending else collated.asc()


def by_person(field: str = "full_name", nulls_last: bool = False) -> list:
    """ORDER BY a person's name as Vietnamese lists do: given name, then family and middle names.
    `nulls_last` puts rows without a person (a collective's line) after the people."""
    options = {"nulls_last": True} if nulls_last else {}
    return [
        Collate(GivenName(F(field)), VIETNAMESE).asc(**options),
        Collate(FamilyAndMiddleNames(F(field)), VIETNAMESE).asc(**options),
    ]


# Python's side. Each letter's primary rank; what is not listed sorts after by code point.
_LETTERS = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}  # huyền hỏi ngã sắc nặng
_VARIANTS = {("a", "\u0306"): "ă", ("a", "\u0302"): "â", ("e", "\u0302"): "ê", ("o", "\u0302"): "ô"}
_VARIANTS |= {("o", "\u031b"): "ơ", ("u", "\u031b"): "ư"}


def _letter_weights(char: str) -> tuple[int, int, int]:
    """(primary, secondary, tertiary) of one precomposed character."""
    lower = char.lower()
    case = 0 if char == lower else 1
    base, *marks = unicodedata.normalize("NFD", lower) or [lower]
    tone = 0
    for mark in marks:
        if mark in _TONES:
            tone = _TONES[mark]
        else:
            base = _VARIANTS.get((base, mark), base)
    if base.isspace():
        return 0, 0, 0
    if base.isdigit():
        return 2 + unicodedata.digit(base, 0), tone, case
    rank = _LETTERS.find(base)
    if rank >= 0:
        return 20 + rank, tone, case
    if not base.isalnum():  # punctuation sorts before digits and letters, as in ICU
        return 1, ord(base), case
    return 100 + ord(base), tone, case


def vietnamese_key(text) -> tuple:
    """A sort key giving ICU's Vietnamese order: all letters compared first, then tones, then case."""
    weights = [_letter_weights(c) for c in unicodedata.normalize("NFC", str(text or ""))]
    return tuple(w[0] for w in weights), tuple(w[1] for w in weights), tuple(w[2] for w in weights)


def person_key(full_name) -> tuple:
    """The Python twin of by_person: given name first, then family and middle names."""
    *family, given = str(full_name or "").split() or [""]
    return vietnamese_key(given), vietnamese_key(" ".join(family))
