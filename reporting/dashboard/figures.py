"""The office dashboard as plain data: what its selectors compute and its renderers (page rows,
Excel) take. Nothing here queries."""

import datetime
from dataclasses import dataclass, field

from office.facts.models import OfficeDeadline


class DeadlineState:
    ON_TIME = "on_time"
    LATE = "late"  # due date passed and nothing (but returned versions) sent
    SENT_LATE = "sent_late"  # sent, after the due date
    OPEN = "open"  # not sent yet, the due date has not passed
    NOT_APPLICABLE = "none"  # a deadline of another of the user's offices

    LABELS = {
        NOT_APPLICABLE: "—",
        ON_TIME: "Đúng hạn",
        LATE: "Quá hạn, chưa nộp",
        SENT_LATE: "Nộp muộn",
        OPEN: "Chưa đến hạn",
    }


@dataclass(frozen=True)
class DeadlineCell:
    deadline_id: int
    state: str
    sent_on: datetime.date | None

    @property
    def label(self) -> str:
        return DeadlineState.LABELS[self.state]

    @property
    def is_late(self) -> bool:
        return self.state in (DeadlineState.LATE, DeadlineState.SENT_LATE)


@dataclass
class DashboardRow:
    school_id: int
    code: str
    name: str
    level: str
    level_label: str
    cluster_id: int | None = None
    cluster_name: str = ""
    cluster_rank: int | None = None
    plan_issued: bool = False
    registration_submitted: bool = False
    initiatives_recognised: int = 0
    dossiers_draft: int = 0
    dossiers_submitted: int = 0
    dossiers_returned: int = 0
    dossiers_accepted: int = 0
    dossiers_forwarded: int = 0
    staff_total: int = 0
    teaching_staff: int = 0
    registrations_total: int = 0
    registrations_pending: int = 0
    nominations_total: int = 0
    awards_total: int = 0
    awards_teaching: int = 0
    deadlines: list[DeadlineCell] = field(default_factory=list)
    late_count: int = 0  # deadlines missed or met late, counted once when the cells are made

    @property
    def teaching_award_share(self) -> float | None:
        return self.awards_teaching / self.awards_total if self.awards_total else None

    @property
    def teaching_award_percent(self) -> int | None:
        share = self.teaching_award_share
        return round(share * 100) if share is not None else None

    @property
    def is_late(self) -> bool:
        return self.late_count > 0


# Filters by state: a code of the URL, its Vietnamese label, and the test on a row.


@dataclass
class Dashboard:
    school_year: str
    rows: list[DashboardRow]
    deadlines: list[OfficeDeadline]
    clusters: list[tuple[int, str]]
    all_count: int
    sort: str

    @property
    def totals(self) -> dict:
        rows = self.rows
        awards = sum(r.awards_total for r in rows)
        teaching = sum(r.awards_teaching for r in rows)
        return {
            "schools": len(rows),
            "plan_issued": sum(r.plan_issued for r in rows),
            "registration_submitted": sum(r.registration_submitted for r in rows),
            "initiatives_recognised": sum(r.initiatives_recognised for r in rows),
            "dossiers_draft": sum(r.dossiers_draft for r in rows),
            "dossiers_submitted": sum(r.dossiers_submitted for r in rows),
            "dossiers_returned": sum(r.dossiers_returned for r in rows),
            "dossiers_accepted": sum(r.dossiers_accepted for r in rows),
            "dossiers_forwarded": sum(r.dossiers_forwarded for r in rows),
            "late": sum(r.is_late for r in rows),
            "awards_total": awards,
            "awards_teaching": teaching,
            "teaching_award_percent": round(teaching * 100 / awards) if awards else None,
        }


@dataclass
class WardSummary:
    """One line of the city's view: the schools one office manages (a ward, or the Sở itself for the
    schools it runs), with the counts the dashboard shows per school added up. `all_schools` ignores
    the filters; the other counts are of the schools the filters keep."""

    authority_id: int | None
    name: str
    runs_itself: bool = False
    all_schools: int = 0
    schools: int = 0
    plan_issued: int = 0
    registration_submitted: int = 0
    initiatives_recognised: int = 0
    dossiers_draft: int = 0
    dossiers_submitted: int = 0
    dossiers_returned: int = 0
    dossiers_accepted: int = 0
    dossiers_forwarded: int = 0
    late: int = 0
    awards_total: int = 0
    awards_teaching: int = 0

    COUNTS = (
        "all_schools",
        "schools",
        "plan_issued",
        "registration_submitted",
        "initiatives_recognised",
        "dossiers_draft",
        "dossiers_submitted",
        "dossiers_returned",
        "dossiers_accepted",
        "dossiers_forwarded",
        "late",
        "awards_total",
        "awards_teaching",
    )

    @property
    def teaching_award_percent(self) -> int | None:
        return round(self.awards_teaching * 100 / self.awards_total) if self.awards_total else None


@dataclass
class CityDashboard:
    """The view of an office with offices below it (the Sở): a line per managing office, the city's
    total, and, when a ward is opened or a filter narrows the schools, one page of those schools."""

    school_year: str
    wards: list[WardSummary]  # the offices below, by name
    own: list[WardSummary]  # the schools the viewer's offices run themselves
    total: WardSummary
    page: Dashboard | None = None  # one page of schools, rows as the dashboard's
    page_number: int = 1
    page_count: int = 0
    page_start: int = 0  # rows before this page, for the row numbers

    @property
    def lines(self) -> list[WardSummary]:
        return self.own + self.wards
