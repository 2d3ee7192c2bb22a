"""The plain facts the rules checker works on. The school side builds them from its own tables and the
office from a dossier; the checker never queries either (DESIGN.md §4). A fact nobody knows is None,
never a guess: the checker then answers "cannot tell" where the missing fact could change the answer."""

import dataclasses
import types
import typing
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from office.rules.issuers import issuer_levels_from_name
from office.rules.vocabulary import DisciplineLevel, Rating, Scope, Title

# Kinds of restriction; the codes match plans' StaffStatusPeriod.Kind so the school side passes them on.
DISCIPLINE = "discipline"  # kỷ luật, with a level and a period
INVESTIGATION = "investigation"  # đang bị xem xét kỷ luật, điều tra, thanh tra
COMPLAINT = "complaint"  # đang giải quyết khiếu nại, tố cáo

# What an award was given for: regular annual achievement, or an irregular / thematic one, which the
# law forbids as a basis for a meritorious-service (công trạng) proposal (NĐ 98/2023 Art. 4).
OCCASION_REGULAR = "thuong_xuyen"
OCCASION_IRREGULAR = "dot_xuat"
OCCASION_THEMATIC = "chuyen_de"

# Kinds of initiative-like work the law accepts.
INITIATIVE = "sang_kien"
SCIENCE_PROJECT = "de_tai"

# Documents a dossier can hold (rule 16).
COVER_LETTER = "cover_letter"  # tờ trình
MINUTES = "minutes"  # biên bản họp Hội đồng TĐKT / bình xét
ACHIEVEMENT_REPORT = "achievement_report"  # báo cáo thành tích
INITIATIVE_CERTIFICATE = "initiative_certificate"  # giấy chứng nhận / quyết định công nhận sáng kiến
SECRET_BALLOT = "secret_ballot"  # noqa: S105 - kết quả bỏ phiếu kín, not a password

DOCUMENT_LABELS = {
    COVER_LETTER: "Tờ trình đề nghị khen thưởng",
    MINUTES: "Biên bản họp Hội đồng Thi đua – Khen thưởng",
    ACHIEVEMENT_REPORT: "Báo cáo thành tích",
    INITIATIVE_CERTIFICATE: "Văn bản công nhận sáng kiến, đề tài",
    SECRET_BALLOT: "Kết quả bỏ phiếu kín",
}


def nfc(text: str | None) -> str | None:
    return unicodedata.normalize("NFC", text) if text is not None else None


def award_key(title: str, year: int) -> str:
    """How an initiative records the one award it served: "cstdcs:2025"."""
    return f"{Title(title).value}:{year}"


@dataclass(frozen=True)
class Period:
    starts_on: date
    ends_on: date | None = None  # still going on

    def overlaps(self, start: date, end: date) -> bool:
        return self.starts_on <= end and (self.ends_on is None or self.ends_on >= start)

    def covers(self, on: date) -> bool:
        return self.overlaps(on, on)


@dataclass(frozen=True)
class TitleFact:
    """A title or form received, or (proposed=True) proposed in the same round as the nomination
    checked, so that a CSTĐCS proposed this year can close a chain. The issuer is kept as named on
    the decision: "UBND quận Hà Đông" stays so after 1/7/2025."""

    year: int  # the calendar year the school year ends in
    title: Title
    issuer_name: str = ""
    decision_date: date | None = None
    decision_number: str = ""
    occasion: str = OCCASION_REGULAR
    proposed: bool = False
    # Who gave it, as issuer levels (checker.ISSUER_LEVELS codes): from the authority the school side
    # found under that name, else read from the name itself (office.rules.issuers); empty: unknown.
    issuer_levels: tuple[str, ...] | None = None
    # The days the issuing body existed (office.authorities' validity), when the platform knows it.
    issuer_valid_from: date | None = None
    issuer_valid_to: date | None = None

    def __post_init__(self):
        object.__setattr__(self, "title", Title(self.title))
        object.__setattr__(self, "issuer_name", nfc(self.issuer_name))
        if self.issuer_levels is None:
            levels = issuer_levels_from_name(self.issuer_name)
        else:
            levels = self.issuer_levels
        object.__setattr__(self, "issuer_levels", tuple(levels))


@dataclass(frozen=True)
class InitiativeFact:
    """An initiative (or accepted science project). `used_for` is the award_key of the one award it
    already served, or None; an initiative counts toward one award only, ever."""

    id: int
    year: int
    recognized: bool | None
    scope: Scope | None
    used_for: str | None = None
    title: str = ""
    kind: str = INITIATIVE

    def __post_init__(self):
        if self.scope is not None:
            object.__setattr__(self, "scope", Scope(self.scope))
        object.__setattr__(self, "title", nfc(self.title))


@dataclass(frozen=True)
class RestrictionFact:
    kind: str  # DISCIPLINE, INVESTIGATION or COMPLAINT
    starts_on: date
    ends_on: date | None = None  # still going on
    discipline_level: DisciplineLevel | None = None
    # What the restriction is, cited in the checker's answer: for an objection raised while the
    # proposed list was posted, who raised it, when, and what it says.
    note: str = ""

    def __post_init__(self):
        if self.discipline_level:
            object.__setattr__(self, "discipline_level", DisciplineLevel(self.discipline_level))
        object.__setattr__(self, "note", nfc(self.note) or "")

    @property
    def period(self) -> Period:
        return Period(self.starts_on, self.ends_on)


@dataclass(frozen=True)
class IndividualFacts:
    """What is known about one person. Collections that are None are unknown; empty ones are known
    to be empty. `ratings` maps a year to the rating of that school year; a missing year is unknown."""

    staff_id: int | None
    full_name: str
    gender: str | None = None  # "nu" / "nam"
    teaches: bool | None = None
    # The date the person was recruited (tuyển dụng): the sector start date, not the transfer to this school.
    employed_since: date | None = None
    # The first day the person is no longer on the school's staff (retired, left, transferred out);
    # None while they are still there.
    left_on: date | None = None
    # Marked as gone with no date recorded (a register kept before leaving dates were): until when the
    # person worked cannot be told, so neither can the time worked.
    left_undated: bool = False
    ratings: Mapping[int, Rating] = field(default_factory=dict)
    titles: tuple[TitleFact, ...] | None = ()
    initiatives: tuple[InitiativeFact, ...] | None = ()
    restrictions: tuple[RestrictionFact, ...] | None = None
    maternity_periods: tuple[Period, ...] | None = None
    # Years of service for the Kỷ niệm chương.
    joined_sector_on: date | None = None
    years_in_study_or_military: Decimal | None = None
    difficult_area_years: Decimal | None = None
    previous_knc: bool | None = None
    # The initiatives this nomination cites; None lets the checker choose among the unused ones.
    cited_initiative_ids: tuple[int, ...] | None = None

    def __post_init__(self):
        object.__setattr__(self, "full_name", nfc(self.full_name))
        object.__setattr__(self, "ratings", {int(y): Rating(r) for y, r in self.ratings.items()})
        for name in ("titles", "initiatives", "restrictions", "maternity_periods", "cited_initiative_ids"):
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, tuple(value))
        for name in ("years_in_study_or_military", "difficult_area_years"):
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, Decimal(str(value)))


@dataclass(frozen=True)
class CollectiveFacts:
    """What is known about a collective (the school or one of its units) in one year."""

    name: str = ""
    members_count: int | None = None
    completed_count: int | None = None  # members who completed their tasks
    ldtt_count: int | None = None  # members who are LĐTT (received or proposed)
    cstdcs_count: int | None = None  # members who are CSTĐCS (received or proposed)
    female_count: int | None = None
    collective_rating: Rating | None = None
    # The school's own rating while its office has not confirmed it (collective_rating is then None):
    # shown in the answer, never counted.
    proposed_rating: Rating | None = None
    # The heaviest discipline any member received in the year; None with members_disciplined False
    # means nobody was disciplined, None with members_disciplined None means unknown.
    worst_member_discipline: DisciplineLevel | None = None
    members_disciplined: bool | None = None
    titles: tuple[TitleFact, ...] | None = ()
    # Objections about this collective candidacy raised while the list was posted and not yet answered.
    complaints: tuple[RestrictionFact, ...] = ()

    def __post_init__(self):
        object.__setattr__(self, "name", nfc(self.name))
        object.__setattr__(self, "complaints", tuple(self.complaints))
        if self.collective_rating is not None:
            object.__setattr__(self, "collective_rating", Rating(self.collective_rating))
        if self.proposed_rating is not None:
            object.__setattr__(self, "proposed_rating", Rating(self.proposed_rating))
        if self.worst_member_discipline is not None:
            object.__setattr__(self, "worst_member_discipline", DisciplineLevel(self.worst_member_discipline))
            object.__setattr__(self, "members_disciplined", True)
        if self.titles is not None:
            object.__setattr__(self, "titles", tuple(self.titles))


@dataclass(frozen=True)
class DossierFacts:
    """What a dossier holds: document codes present, evidence, which level it is addressed to
    (an issuer level code of checker.ISSUER_LEVELS) and the level of the school sending it."""

    documents: frozenset[str] = frozenset()
    evidence_count: int = 0
    # Evidence must be originals or certified copies (3385/BTĐKT); None: nobody has confirmed it yet.
    evidence_certified: bool | None = None
    addressed_to_level: str | None = None
    # The school's level (tenants School.Level code): a THPT school or a GDNN-GDTX centre is the Sở's,
    # so its local titles go to the Sở's director, not to a ward (routing.issuer's by_school_level).
    school_level: str | None = None

    def __post_init__(self):
        object.__setattr__(self, "documents", frozenset(self.documents))


# --- Facts as JSON -------------------------------------------------------------------------------------
# A dossier's snapshot carries the facts the school's checker read, so that the office can run the
# checker again on exactly them (it never reads the school's mutable tables). Each dataclass is written
# as its fields and read back by the fields' types; a field the snapshot lacks (one written before the
# field existed) takes its default.

FACT_KINDS = {"individual": IndividualFacts, "collective": CollectiveFacts, "dossier": DossierFacts}
_KIND_OF = {cls: kind for kind, cls in FACT_KINDS.items()}


def _to_json(value):
    if dataclasses.is_dataclass(value):
        return {f.name: _to_json(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Mapping):
        return {str(_to_json(k)): _to_json(v) for k, v in value.items()}
    if isinstance(value, frozenset):
        return sorted(_to_json(v) for v in value)
    if isinstance(value, (tuple, list)):
        return [_to_json(v) for v in value]
    if isinstance(value, str):
        return str(value)  # a Title, Rating, … as its code
    return value


def facts_to_json(facts: IndividualFacts | CollectiveFacts | DossierFacts) -> dict:
    """The facts as plain JSON, tagged with their kind: facts_from_json(facts_to_json(f)) == f."""
    return {"kind": _KIND_OF[type(facts)], **_to_json(facts)}


def _from_json(kind, value):
    if value is None:
        return None
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if origin in (typing.Union, types.UnionType):
        return _from_json(next(a for a in args if a is not type(None)), value)
    if origin is tuple:
        return tuple(_from_json(args[0], v) for v in value)
    if origin is frozenset:
        return frozenset(_from_json(args[0], v) for v in value)
    if origin is Mapping or origin is dict:
        return {_from_json(args[0], k): _from_json(args[1], v) for k, v in value.items()}
    if dataclasses.is_dataclass(kind):
        hints = typing.get_type_hints(kind)
        names = {f.name for f in dataclasses.fields(kind) if f.init}
        return kind(**{name: _from_json(hints[name], v) for name, v in value.items() if name in names})
    if kind is date:
        return date.fromisoformat(value)
    if kind in (Decimal, int):
        return kind(value)
    return kind(value) if isinstance(kind, type) and issubclass(kind, str) else value


def facts_from_json(data: dict) -> IndividualFacts | CollectiveFacts | DossierFacts:
    """Facts written by facts_to_json; an unknown kind is a ValueError."""
    kind = FACT_KINDS.get((data or {}).get("kind"))
    if kind is None:
        raise ValueError("unknown kind of facts")
    return _from_json(kind, {k: v for k, v in data.items() if k != "kind"})
