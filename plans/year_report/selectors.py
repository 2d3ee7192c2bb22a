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
from office.core.text import search_key
from office.rules.vocabulary import RATING_ORDER, SCOPE_ORDER, Rating, Scope, Title
from plans.emulation.models import CollectiveRegistration, Registration, StaffRating
from plans.emulation.selectors import latest_letterhead, passed_candidates
from plans.examples.models import Example
from plans.initiatives.models import Initiative
from plans.nominations.models import Nomination
from plans.planning.models import Plan, PlanMovement, PlanTarget
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


def _issued_plans(school_year: str):
    """The school's issued plans (and the versions they replaced) that speak for this school year."""
    start, end = parse_school_year(school_year)
    return Plan.objects.filter(status__in=[Plan.Status.ISSUED, Plan.Status.SUPERSEDED]).filter(
        Q(school_years__contains=[school_year]) | Q(school_years=[], year__in=[start, end])
    )


def movement_names(school_year: str) -> list[str]:
    """The movements, campaigns and drives the school's issued plans for this school year joined."""
    plans = _issued_plans(school_year)
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


# How plans name a title in their targets ("06 đồng chí đạt CSTĐCS", "85% LĐTT", "Giấy khen của Chủ tịch
# UBND phường"), folded (no accents, lower case) → the title it is. A Bằng khen or Cờ thi đua is told by
# who gives it; one the text does not say cannot be compared.
TARGET_TITLES = (
    ("ttldxs", Title.TTLDXS),
    ("ttldtt", Title.TTLDTT),
    ("tap the lao dong xuat sac", Title.TTLDXS),
    ("tap the lao dong tien tien", Title.TTLDTT),
    ("cstdcs", Title.CSTDCS),
    ("chien si thi dua co so", Title.CSTDCS),
    ("ldtt", Title.LDTT),
    ("lao dong tien tien", Title.LDTT),
    ("giay khen", Title.GIAY_KHEN),
    ("bang khen cua thu tuong", Title.BANG_KHEN_TTG),
    ("bang khen thu tuong", Title.BANG_KHEN_TTG),
    ("bang khen cua bo", Title.BANG_KHEN_BO),
    ("bang khen bo", Title.BANG_KHEN_BO),
    ("bang khen cua ubnd", Title.BANG_KHEN_TINH),
    ("bang khen ubnd", Title.BANG_KHEN_TINH),
    ("bang khen cua chu tich ubnd", Title.BANG_KHEN_TINH),
    ("co thi dua cua chinh phu", Title.CO_CHINH_PHU),
)


def target_title(text: str) -> Title | None:
    folded = search_key(text)
    return next((title for prefix, title in TARGET_TITLES if folded.startswith(prefix)), None)


def _percent(part: int, whole: int) -> float | None:
    return round(part * 100 / whole, 1) if whole else None


def target_figures(school_year: str, *, staff_total: int) -> list[dict]:
    """Each target of the school's issued plans for the year beside what was reached: the awards the year's
    decisions gave for that title (a share of the year's staff where the target is a share) and the
    nominations made for it. `met` is None where the target names no title the platform can count."""
    targets = list(
        PlanTarget.objects.filter(plan__in=_issued_plans(school_year)).order_by(
            "plan__year", "position", "pk"
        )
    )
    titles = {target.pk: target_title(target.title) for target in targets}
    wanted = {title for title in titles.values() if title is not None}
    awarded = Counter(
        (title, staff is None)
        for title, staff in AwardRecord.objects.filter(school_year=school_year, title__in=wanted).values_list(
            "title", "staff_id"
        )
    )
    proposed = Counter(
        Nomination.objects.filter(school_year=school_year, title__in=wanted).values_list("title", flat=True)
    )
    rows, seen = [], set()
    for target in targets:
        key = (" ".join(target.text.split()).casefold(), target.title, target.quantity, target.unit)
        if key in seen:  # a plan and the version it replaced state the same target
            continue
        seen.add(key)
        title = titles[target.pk]
        collective = target.unit == PlanTarget.Unit.COLLECTIVE
        reached = awarded[(title, collective)] if title else 0
        share = _percent(reached, staff_total) if target.unit == PlanTarget.Unit.PERCENT else None
        quantity = float(target.quantity)
        if title is None:
            met = None
        elif target.unit == PlanTarget.Unit.PERCENT:
            met = share is not None and share >= quantity
        else:
            met = reached >= quantity
        rows.append(
            {
                "text": target.text or str(target),
                "title": title.value if title else "",
                "label": title.label if title else "",
                "quantity": quantity,
                "unit": target.unit,
                "unit_label": target.get_unit_display(),
                "reached": reached,
                "reached_share": share,
                "proposed": proposed[title] if title else 0,
                "met": met,
            }
        )
    return rows


def example_figures(school_year: str) -> dict:
    """The good examples the principal confirmed for the year, by whom they are about, with their lines."""
    confirmed = list(
        Example.objects.filter(school_year=school_year, status=Example.Status.CONFIRMED)
        .select_related("staff", "department")
        .order_by("subject", "pk")
    )
    counter = Counter(example.subject for example in confirmed)
    return {
        "total": len(confirmed),
        "by_subject": [
            {"subject": value, "label": label, "count": counter[value]}
            for value, label in Example.Subject.choices
        ],
        "items": [
            {"subject": example.get_subject_display(), "name": example.name, "title": example.title}
            for example in confirmed
        ],
    }


def year_figures(school_year: str, *, school_name: str, today: datetime.date | None = None) -> dict:
    """Every figure of the report, as plain JSON-ready data."""
    staff = staff_figures(school_year, today)
    return {
        "school_year": school_year,
        "staff": staff,
        "movements": movement_names(school_year),
        "targets": target_figures(school_year, staff_total=staff["total"]),
        "registrations": registration_figures(school_year),
        "ratings": rating_figures(school_year),
        "review": review_figures(school_year),
        "initiatives": initiative_figures(school_year),
        "nominations": nomination_figures(school_year),
        "awards": award_figures(school_year, school_name),
        "examples": example_figures(school_year),
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
