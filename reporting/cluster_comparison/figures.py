"""A cluster comparison as plain data: what its selectors compute and its renderers (charts, Excel,
PDF) take. Nothing here queries."""

from dataclasses import dataclass, field
from decimal import Decimal

from office.clusters.models import Cluster


@dataclass(frozen=True)
class RoundInfo:
    id: int
    name: str
    stage: str
    stage_label: str
    published: bool
    published_at: object  # datetime or None


@dataclass(frozen=True)
class GroupInfo:
    id: int
    code: str
    name: str
    max_points: Decimal | None  # the standard criteria's maximum; bonus and penalty items excluded

    @property
    def label(self) -> str:
        return f"{self.code}. {self.name}" if self.code else self.name


@dataclass(frozen=True)
class SchoolRow:
    school_id: int
    code: str
    name: str
    is_leader: bool
    has_result: bool
    final_total: Decimal | None
    group_totals: list[Decimal | None]  # in the order of RoundTable.groups
    rank: int | None
    proposal: str
    proposal_label: str


@dataclass(frozen=True)
class RoundTable:
    round: RoundInfo
    groups: list[GroupInfo]
    rows: list[SchoolRow]


@dataclass(frozen=True)
class SchoolHistory:
    school_id: int
    code: str
    name: str
    totals: list[Decimal | None]  # in the order of YearOverYear.years
    ranks: list[int | None]


@dataclass(frozen=True)
class YearOverYear:
    years: list[str]
    schools: list[SchoolHistory] = field(default_factory=list)


@dataclass(frozen=True)
class Comparison:
    cluster: Cluster
    rounds: list[RoundInfo]  # newest first
    chosen_round_id: int | None
    tables: list[RoundTable]  # the chosen round only, or every round of the cluster newest first (exports)
    history: YearOverYear

    @property
    def table(self) -> RoundTable | None:
        """The chosen round's table."""
        return next((t for t in self.tables if t.round.id == self.chosen_round_id), None)

    @property
    def round(self) -> RoundInfo | None:
        return self.table.round if self.table is not None else None

    @property
    def groups(self) -> list[GroupInfo]:
        return self.table.groups if self.table is not None else []

    @property
    def rows(self) -> list[SchoolRow]:
        return self.table.rows if self.table is not None else []
