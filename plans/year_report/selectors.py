"""The year-end report's figures, counted from the school's own tables for one school year, and the
snapshot the office receives (figures + the school's text + the document's header). Nothing here is
typed by anyone: change the data and the figures change. Each figure is one aggregate query or a small
fixed number of them, whatever the size of the school."""

import datetime
from collections import Counter

from django.db.models import Count, Q

from office.accounts.models import Role
from office.accounts.selectors import members_with_roles
from office.core.collation import by_person
from office.core.school_years import parse_school_year, school_year_end
from office.rules.vocabulary import RATING_ORDER, SCOPE_ORDER, Rating, Scope, Title
from plans.emulation.models import CollectiveRegistration, Registration, StaffRating
from plans.emulation.selectors import latest_letterhead, passed_candidates
from plans.initiatives.models import Initiative
from plans.nominations.models import Nomination
from plans.planning.models import Plan, PlanMovement
from plans.staff.models import AwardRecord, Staff
from plans.staff.selectors import employed_on, staff_count_day
from plans.year_report.models import YearReport

TITLE_ORDER = {code: index for index, code in enumerate(Title.values)}
REPORT_TYPE_ABBREVIATION = "BC"
TEXT_FIELDS = ("strengths", "weaknesses", "directions", "proposals")


def report_of(school_year: str) -> YearReport | None:
    return YearReport.objects.filter(school_year=school_year).first()


def report_years() -> list[str]:
    return list(YearReport.objects.values_list("school_year", flat=True))


def _title_counts(counter: Counter) -> list[dict]:
    return [
        {"title": code, "label": Title(code).label, "count": counter[code]}
        for code in sorted(counter, key=lambda c: TITLE_ORDER.get(c, len(TITLE_ORDER)))
        if code in Title.values
    ]


def staff_figures(school_year: str, today: datetime.date | None = None) -> dict:
    day = staff_count_day(school_year, today)
    working = employed_on(day)
    female = Q(gender=Staff.Gender.FEMALE)
    return {
        "counted_on": day.isoformat(),
        **Staff.objects.aggregate(
            total=Count("pk", filter=working),
            female=Count("pk", filter=working & female),
            teaching=Count("pk", filter=working & Q(teaches=True)),
            teaching_female=Count("pk", filter=working & Q(teaches=True) & female),
        ),
    }


def movement_names(school_year: str) -> list[str]:
    """The movements, campaigns and drives the school's issued plans for this school year joined."""
    start, end = parse_school_year(school_year)
    plans = Plan.objects.filter(status__in=[Plan.Status.ISSUED, Plan.Status.SUPERSEDED]).filter(
        Q(school_years__contains=[school_year]) | Q(school_years=[], year__in=[start, end])
    )
    names: dict[str, str] = {}
    for name in (
        PlanMovement.objects.filter(plan__in=plans)
        .order_by("plan__year", "position", "pk")
        .values_list("name", flat=True)
    ):
        names.setdefault(" ".join(name.split()).casefold(), " ".join(name.split()))
    return list(names.values())


def registration_figures(school_year: str) -> dict:
    rows = Registration.objects.filter(campaign__school_year=school_year).exclude(
        Q(status=Registration.Status.PENDING) | Q(title="")
    )
    counter = Counter(dict(rows.values_list("title").annotate(n=Count("pk")).values_list("title", "n")))
    collective = (
        CollectiveRegistration.objects.filter(campaign__school_year=school_year)
        .values_list("title", flat=True)
        .first()
    )
    return {
        "registered": sum(counter.values()),
        "by_title": _title_counts(counter),
        "collective": Title(collective).label if collective in Title.values else "",
    }


def rating_figures(school_year: str) -> list[dict]:
    counter = Counter(
        dict(
            StaffRating.objects.filter(school_year=school_year)
            .values_list("rating")
            .annotate(n=Count("pk"))
            .values_list("rating", "n")
        )
    )
    return [{"rating": r.value, "label": Rating(r).label, "count": counter[r.value]} for r in RATING_ORDER]


def review_figures(school_year: str) -> dict:
    """Who the council passed in the closed review rounds, by title."""
    passed = passed_candidates(school_year)
    return {
        "passed": len(passed),
        "by_title": _title_counts(Counter(result.candidate.title for result in passed)),
    }


def initiative_figures(school_year: str) -> dict:
    initiatives = Initiative.objects.filter(school_year=school_year)
    recognised = list(
        initiatives.filter(recognized=True)
        .select_related("author")
        .order_by("scope", "title", "pk")
        .only("title", "scope", "grade", "author__full_name")
    )
    scopes = Counter(i.scope for i in recognised)
    return {
        "written": initiatives.exclude(status=Initiative.Status.REGISTERED).count(),
        "recognised": len(recognised),
        "by_scope": [
            {"scope": s.value, "label": Scope(s).label, "count": scopes[s.value]} for s in SCOPE_ORDER
        ],
        "items": [
            {
                "title": i.title,
                "author": i.author.full_name if i.author_id else "",
                "scope": Scope(i.scope).label if i.scope in Scope.values else "",
                "grade": i.grade,
            }
            for i in recognised
        ],
    }


def nomination_figures(school_year: str) -> dict:
    """The school's nominations by title with the checker's answers (met, not met, cannot tell)."""
    rows = (
        Nomination.objects.filter(school_year=school_year)
        .values("title")
        .annotate(
            n=Count("pk"),
            met=Count("pk", filter=Q(verdict=Nomination.Verdict.MET)),
            not_met=Count("pk", filter=Q(verdict=Nomination.Verdict.NOT_MET)),
        )
    )
    by_title = sorted(
        (
            {
                "title": row["title"],
                "label": Title(row["title"]).label,
                "count": row["n"],
                "met": row["met"],
                "not_met": row["not_met"],
                "unknown": row["n"] - row["met"] - row["not_met"],
            }
            for row in rows
            if row["title"] in Title.values
        ),
        key=lambda r: TITLE_ORDER[r["title"]],
    )
    return {
        "total": sum(r["count"] for r in by_title),
        "met": sum(r["met"] for r in by_title),
        "by_title": by_title,
    }


def award_figures(school_year: str, school_name: str) -> dict:
    """The titles and forms the school and its people received for the year (decisions landed in the
    award history), by title, with the share that went to teaching staff and the names for the annex."""
    awards = list(
        AwardRecord.objects.filter(school_year=school_year)
        .select_related("staff")
        .order_by("title", *by_person("staff__full_name"), "pk")
    )
    awards.sort(key=lambda a: (TITLE_ORDER.get(a.title, len(TITLE_ORDER)), 0 if a.staff_id else 1))
    counter = Counter(a.title for a in awards)
    teaching = Counter(a.title for a in awards if a.staff_id and a.staff.teaches)
    individual = [a for a in awards if a.staff_id]
    return {
        "total": len(awards),
        "individual": len(individual),
        "collective": len(awards) - len(individual),
        "teaching": sum(1 for a in individual if a.staff.teaches),
        "by_title": [{**row, "teaching": teaching[row["title"]]} for row in _title_counts(counter)],
        "items": [
            {
                "full_name": a.staff.full_name if a.staff_id else f"Tập thể {school_name}",
                "position": a.staff.position if a.staff_id else "",
                "title": a.title,
                "label": Title(a.title).label if a.title in Title.values else a.title,
                "decision_number": a.decision_number,
                "decision_date": a.decision_date.isoformat() if a.decision_date else "",
                "issuer": a.issuer_name,
            }
            for a in awards
        ],
    }


def year_figures(school_year: str, *, school_name: str, today: datetime.date | None = None) -> dict:
    """Every figure of the report, as plain JSON-ready data."""
    return {
        "school_year": school_year,
        "staff": staff_figures(school_year, today),
        "movements": movement_names(school_year),
        "registrations": registration_figures(school_year),
        "ratings": rating_figures(school_year),
        "review": review_figures(school_year),
        "initiatives": initiative_figures(school_year),
        "nominations": nomination_figures(school_year),
        "awards": award_figures(school_year, school_name),
    }


def texts_of(report: YearReport | None) -> dict:
    return {name: (getattr(report, name) if report else "") for name in TEXT_FIELDS}


def principal_name(school) -> str:
    principal = members_with_roles(school, [Role.PRINCIPAL]).first()
    return principal.get_full_name() if principal else ""


def recipients_of(school) -> list[str]:
    """Nơi nhận: the body the school answers to, the school's council, the archive."""
    authority = getattr(school, "authority", None)
    return [
        f"{authority.name} (để báo cáo);" if authority else "Cơ quan quản lý (để báo cáo);",
        "Hội đồng TĐKT nhà trường;",
        "Lưu: VT, HĐTĐKT.",
    ]


def report_snapshot(school_year: str, school, *, today: datetime.date | None = None) -> dict:
    """What is printed and sent: the header, the figures and the school's text."""
    report = report_of(school_year)
    head = latest_letterhead(school)
    issued_on = report.issued_on if report and report.issued_on else None
    return {
        "school_year": school_year,
        "school_name": school.name,
        "parent_body": head["parent_body"],
        "issuing_body": head["issuing_body"],
        "place": head["place"],
        "number": report.number
        if report and report.number
        else f"/{REPORT_TYPE_ABBREVIATION}-{school.abbreviation}",
        "issued_on": issued_on.isoformat() if issued_on else None,
        "year": school_year_end(school_year),
        "signer": {"title": "HIỆU TRƯỞNG", "name": principal_name(school)},
        "recipients": recipients_of(school),
        "figures": year_figures(school_year, school_name=school.name, today=today),
        "texts": texts_of(report),
    }
