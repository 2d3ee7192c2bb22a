"""Reads of the emulation year. The connection is already on the school's schema, so none of these
names a school; each list costs a fixed number of queries, whatever the number of rows."""

import dataclasses
import datetime
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from office.core.collation import by_name, by_person, person_key
from office.rules.checker import TIE_BREAK, TiePriority, leader_tenure_answer, tie_priority
from office.rules.selectors import active_rules
from office.rules.vocabulary import Rating, Title
from plans.emulation.models import (
    BallotCast,
    BallotChoice,
    CollectiveRegistration,
    CouncilMember,
    Registration,
    RegistrationCampaign,
    ReviewCandidate,
    ReviewRound,
    StaffRating,
    end_year,
)
from plans.planning.models import Plan
from plans.staff.models import Department, Staff
from plans.staff.selectors import employed_on

# --- Registration -----------------------------------------------------------------------------------

# Where a staff member stands in a campaign, as the overview shows it at a glance.
REGISTERED, LATE, PENDING, MISSING = "registered", "late", "pending", "missing"
STATE_LABELS = {
    REGISTERED: "Đã đăng ký đúng hạn",
    LATE: "Đăng ký muộn",
    PENDING: "Chưa đăng ký (còn hạn)",
    MISSING: "Chưa đăng ký (quá hạn)",
}
# Registrations that name a title and still stand (a returned one waits for its correction).
STANDING = (Registration.Status.REGISTERED, Registration.Status.APPROVED)


def campaign_list() -> QuerySet[RegistrationCampaign]:
    return RegistrationCampaign.objects.annotate(
        registered_count=Count("registrations", filter=~Q(registrations__title="")),
        approved_count=Count("registrations", filter=Q(registrations__status=Registration.Status.APPROVED)),
    ).order_by("-school_year")


def campaign_open_for_staff(today: datetime.date | None = None) -> RegistrationCampaign | None:
    """The campaign a staff member registers in now: the open one, the latest if there are several."""
    today = today or timezone.localdate()
    return (
        RegistrationCampaign.objects.filter(status=RegistrationCampaign.Status.OPEN, opens_on__lte=today)
        .order_by("-school_year")
        .first()
    )


def departments() -> list[Department]:
    return list(Department.objects.order_by(by_name(), "pk"))


def staff_in_filter(department_id: int | None = None) -> QuerySet[Staff]:
    """The staff a page's filter selects: everyone still at the school, or one department (tổ).
    Those on maternity leave stay in: the leave counts as working time (NĐ 98/2023 Art. 4)."""
    staff = (
        Staff.objects.exclude(status=Staff.Status.LEFT)
        .select_related("department")
        .order_by(*by_person(), "pk")
    )
    if department_id:
        staff = staff.filter(department_id=department_id)
    return staff


def is_late(registration: Registration, campaign: RegistrationCampaign) -> bool:
    """Registered for the first time after the deadline day (in the school's time zone)."""
    return (
        registration.registered_at is not None
        and timezone.localdate(registration.registered_at) > campaign.deadline
    )


def registration_state(
    registration: Registration | None, campaign: RegistrationCampaign, today: datetime.date
) -> str:
    if registration is not None and registration.title:
        return LATE if is_late(registration, campaign) else REGISTERED
    return MISSING if today > campaign.deadline else PENDING


@dataclass(frozen=True)
class OverviewRow:
    staff: Staff
    registration: Registration | None
    state: str

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]


@dataclass(frozen=True)
class CampaignOverview:
    rows: list[OverviewRow]
    # Counts over the whole department filter, whatever state filter narrows `rows`.
    counts: dict[str, int]
    title_counts: list[tuple[str, int]]
    total: int

    @property
    def cards(self) -> list[tuple[str, str, int]]:
        return [(key, label, self.counts[key]) for key, label in STATE_LABELS.items()]


def campaign_overview(
    campaign: RegistrationCampaign,
    *,
    department_id: int | None = None,
    state: str | None = None,
    today: datetime.date | None = None,
) -> CampaignOverview:
    """Every staff member of the filter beside their registration (or its absence): two queries."""
    today = today or timezone.localdate()
    staff = list(staff_in_filter(department_id))
    registrations = {r.staff_id: r for r in registrations_in_filter(campaign, department_id)}
    rows = [
        OverviewRow(
            member,
            registrations.get(member.pk),
            registration_state(registrations.get(member.pk), campaign, today),
        )
        for member in staff
    ]
    counts = Counter(row.state for row in rows)
    titles = Counter(row.registration.title for row in rows if row.state in (REGISTERED, LATE))
    title_counts = [(Title(code).label, titles[code]) for code in Title.values if titles[code]]
    return CampaignOverview(
        rows=[row for row in rows if state is None or row.state == state],
        counts={key: counts.get(key, 0) for key in STATE_LABELS},
        title_counts=title_counts,
        total=len(rows),
    )


def registrations_in_filter(
    campaign: RegistrationCampaign, department_id: int | None = None
) -> QuerySet[Registration]:
    registrations = Registration.objects.filter(campaign=campaign).select_related(
        "staff", "staff__department"
    )
    if department_id:
        registrations = registrations.filter(staff__department_id=department_id)
    return registrations.order_by(*by_person("staff__full_name"), "pk")


def collective_of(campaign: RegistrationCampaign) -> CollectiveRegistration | None:
    return CollectiveRegistration.objects.filter(campaign=campaign).first()


def _list_order(registration: Registration) -> tuple:
    # The leadership (no department) first, then department by department; compared case-blind,
    # as the database's collation may put "Tổ Văn phòng" before "Tổ khối 1".
    department = registration.staff.department
    return (
        department is not None,
        department.name.casefold() if department else "",
        registration.staff.full_name.casefold(),
        registration.pk,
    )


def registration_list_rows(campaign: RegistrationCampaign) -> list[dict]:
    """The school's registration list as plain data, one dict per person, in the order it is printed:
    by department, then by name. What the office receives and what the Excel file shows."""
    registrations = sorted(
        Registration.objects.filter(campaign=campaign, status__in=STANDING)
        .exclude(title="")
        .select_related("staff", "staff__department"),
        key=_list_order,
    )
    return [
        {
            "stt": index,
            "full_name": r.staff.full_name,
            "position": r.staff.position,
            "department": r.staff.department.name if r.staff.department_id else "",
            "title": r.title,
            "title_label": r.get_title_display(),
            "forms": list(r.forms),
            "form_labels": r.form_labels(),
            "teaches": r.staff.teaches,
        }
        for index, r in enumerate(registrations, start=1)
    ]


def registration_payload(campaign: RegistrationCampaign) -> dict:
    """The snapshot sent to the office: the collective's title and the list of individuals."""
    collective = collective_of(campaign)
    return {
        "school_year": campaign.school_year,
        "deadline": campaign.deadline.isoformat(),
        "collective": {
            "title": collective.title,
            "title_label": collective.get_title_display(),
            "forms": list(collective.forms),
            "form_labels": collective.form_labels(),
        }
        if collective
        else None,
        "rows": registration_list_rows(campaign),
    }


# --- Ratings ----------------------------------------------------------------------------------------


def ratings_by_year(staff: Staff) -> dict[int, Rating]:
    """A person's ratings keyed by the calendar year their school year ends in (2024-2025 → 2025)."""
    return {
        end_year(school_year): Rating(rating)
        for school_year, rating in StaffRating.objects.filter(staff=staff).values_list(
            "school_year", "rating"
        )
    }


def ratings_by_staff(staff_ids) -> dict[int, dict[int, Rating]]:
    """The same for many people in one query: {staff id: {end year: rating}}."""
    result: dict[int, dict[int, Rating]] = {}
    rows = StaffRating.objects.filter(staff_id__in=list(staff_ids)).values_list(
        "staff_id", "school_year", "rating"
    )
    for staff_id, school_year, rating in rows:
        result.setdefault(staff_id, {})[end_year(school_year)] = Rating(rating)
    return result


def ratings_for_year(school_year: str, staff_ids) -> dict[int, StaffRating]:
    return {
        r.staff_id: r
        for r in StaffRating.objects.filter(school_year=school_year, staff_id__in=list(staff_ids))
    }


def rating_years() -> list[str]:
    return list(StaffRating.objects.order_by("-school_year").values_list("school_year", flat=True).distinct())


# --- Review rounds ----------------------------------------------------------------------------------


def round_list() -> QuerySet[ReviewRound]:
    return ReviewRound.objects.annotate(
        candidate_count=Count("candidates", distinct=True),
        ballot_count=Count("ballots_cast", distinct=True),
    ).order_by("-school_year", "-opened_at", "-pk")


def council_of(review_round: ReviewRound) -> list[CouncilMember]:
    return list(CouncilMember.objects.filter(round=review_round).order_by("pk"))


def council_member(review_round: ReviewRound, role: str) -> CouncilMember | None:
    return next((m for m in council_of(review_round) if m.role == role), None)


def is_council_member(review_round: ReviewRound, user) -> bool:
    return CouncilMember.objects.filter(round=review_round, user_id=getattr(user, "pk", None)).exists()


def has_voted(review_round: ReviewRound, user) -> bool:
    return BallotCast.objects.filter(round=review_round, voter_id=getattr(user, "pk", None)).exists()


def candidates_of(review_round: ReviewRound) -> QuerySet[ReviewCandidate]:
    return (
        ReviewCandidate.objects.filter(round=review_round)
        .select_related("staff", "staff__department", "vote_count")
        .order_by(*by_person("staff__full_name", nulls_last=True), "pk")  # the collective last
    )


def results_visible(review_round: ReviewRound) -> bool:
    """Counts entered by the secretary are known in the room; a secret ballot's tally is not shown
    before the round closes, so that no one votes knowing how the others voted."""
    return review_round.is_closed or review_round.method == ReviewRound.Method.COUNTS


@dataclass(frozen=True)
class CandidateResult:
    candidate: ReviewCandidate
    agree: int | None
    disagree: int | None
    abstain: int | None
    # How many voted: the voters the secretary counted, or the ballots cast in the app.
    total: int | None
    share: Decimal | None
    passed: bool | None
    # Rule 14 (ranked_results): why the candidate goes first among those with the same votes, and
    # whether another candidate for the same title has the same votes.
    priority_reason: str = ""
    tied: bool = False

    @property
    def share_percent(self) -> str:
        if self.share is None:
            return ""
        return f"{self.share * 100:.1f}%".replace(".", ",")


def _passes(review_round: ReviewRound, agree: int, total: int) -> bool:
    if total <= 0 or total < review_round.quorum:
        return False
    return Decimal(agree) / Decimal(total) >= review_round.min_approval_share


def _share(agree: int | None, total: int | None) -> Decimal | None:
    if agree is None or not total:
        return None
    return (Decimal(agree) / Decimal(total)).quantize(Decimal("0.0001"))


def review_results(review_round: ReviewRound) -> list[CandidateResult]:
    """Each candidate's votes and whether they pass the round's threshold. While a secret ballot is
    open the tallies are None (only the turnout is known); at most three queries."""
    candidates = list(candidates_of(review_round))
    results = []
    if review_round.method == ReviewRound.Method.COUNTS:
        for candidate in candidates:
            count = getattr(candidate, "vote_count", None)
            if count is None:
                results.append(CandidateResult(candidate, None, None, None, None, None, None))
                continue
            results.append(
                CandidateResult(
                    candidate,
                    count.agree,
                    count.disagree,
                    count.abstain,
                    count.total_voters,
                    _share(count.agree, count.total_voters),
                    _passes(review_round, count.agree, count.total_voters),
                )
            )
        return results
    total = BallotCast.objects.filter(round=review_round).count()
    if not review_round.is_closed:
        return [CandidateResult(c, None, None, None, total, None, None) for c in candidates]
    tally = Counter(
        {
            (row["candidate_id"], row["choice"]): row["n"]
            for row in BallotChoice.objects.filter(candidate__round=review_round)
            .values("candidate_id", "choice")
            .annotate(n=Count("id"))
        }
    )
    for candidate in candidates:
        agree = tally[(candidate.pk, BallotChoice.Choice.AGREE)]
        disagree = tally[(candidate.pk, BallotChoice.Choice.DISAGREE)]
        results.append(
            CandidateResult(
                candidate,
                agree,
                disagree,
                max(total - agree - disagree, 0),
                total,
                _share(agree, total),
                _passes(review_round, agree, total),
            )
        )
    return results


TITLE_RANK = {code: index for index, code in enumerate(Title.values)}


def round_day(review_round: ReviewRound) -> datetime.date:
    """The day the round speaks for: its meeting, else its closing, else today."""
    moment = review_round.meeting_at or review_round.closed_at
    return timezone.localdate(moment) if moment else timezone.localdate()


def _school_women(day: datetime.date) -> tuple[int, int]:
    counts = Staff.objects.filter(employed_on(day)).aggregate(
        members=Count("pk"), women=Count("pk", filter=Q(gender=Staff.Gender.FEMALE))
    )
    return counts["members"], counts["women"]


def ranked_results(review_round: ReviewRound, school=None) -> list[CandidateResult]:
    """The round's results with rule 14 applied (DOMAIN.md §7): each candidate's priority among the
    tied (a woman; the school as a collective with enough women), with the decree of the round's day.
    Once the tallies are known (a closed round, or counts entered for everyone) they are ranked per
    title by share and agreeing votes; candidates with the same votes go priority first, then in
    Vietnamese name order. Before that the rows keep the name order in which counts are entered.
    `school` (its authority's overrides) defaults to the national rules; a few queries more than
    review_results, whatever the number of candidates."""
    results = review_results(review_round)
    if not results:
        return results
    day = round_day(review_round)
    authority = getattr(school, "authority", None) if school is not None else None
    rules = active_rules(day, authority)
    members, women = _school_women(day) if any(r.candidate.staff_id is None for r in results) else (0, 0)

    def priority(result: CandidateResult) -> TiePriority:
        staff = result.candidate.staff
        if staff is not None:
            return tie_priority(rules, gender=staff.gender)
        return tie_priority(rules, members_count=members, female_count=women)

    priorities = {r.candidate.pk: priority(r) for r in results}
    known = results_visible(review_round) and all(r.agree is not None for r in results)
    votes = Counter((r.candidate.title, r.share, r.agree) for r in results) if known else Counter()
    results = [
        dataclasses.replace(
            r,
            priority_reason=priorities[r.candidate.pk].reason,
            tied=votes[(r.candidate.title, r.share, r.agree)] > 1,
        )
        for r in results
    ]
    if not known:
        return results
    return sorted(
        results,
        key=lambda r: (
            TITLE_RANK.get(r.candidate.title, len(TITLE_RANK)),
            -(r.share or 0),
            -(r.agree or 0),
            priorities[r.candidate.pk].rank,
            r.candidate.staff_id is None,
            person_key(r.candidate.display_name),
            r.candidate.pk,
        ),
    )


def tie_break_note(review_round: ReviewRound, school=None) -> dict | None:
    """Rule 14 as the round page states it: the share of women a collective needs, the article of the
    round's day, and that the female leaders' tenure reduction is not checked (the platform keeps no
    leadership tenure). None when no version of the rule is in force on that day."""
    authority = getattr(school, "authority", None) if school is not None else None
    rules = active_rules(round_day(review_round), authority)
    rule = rules.get(TIE_BREAK)
    if rule is None:
        return None
    share = Decimal(str(rule.param("female_collective_min_share", 0.7))) * 100
    return {
        "share": f"{share.normalize():f} %",
        "article": rule.param("short_article") or rule.article,
        "tenure": leader_tenure_answer(rules).reason,
    }


def passed_candidates(school_year: str) -> list[CandidateResult]:
    """Who the council passed in the closed rounds of a school year (the nominations start here).
    Each result carries its candidate, with `.staff` (None for the collective), `.title`, `.round`."""
    passed = []
    for review_round in ReviewRound.objects.filter(
        school_year=school_year, status=ReviewRound.Status.CLOSED
    ).order_by("closed_at", "pk"):
        passed.extend(result for result in review_results(review_round) if result.passed)
    return passed


def latest_letterhead(school) -> dict:
    """The header the school prints on its documents, taken from its latest issued plan when there
    is one (it holds the governing body and place name as the school writes them)."""
    plan = (
        Plan.objects.filter(status__in=[Plan.Status.ISSUED, Plan.Status.SUPERSEDED])
        .order_by("-year", "-version", "-pk")
        .only("parent_body", "issuing_body", "place")
        .first()
    )
    authority = getattr(school, "authority", None)
    return {
        "parent_body": (
            plan.parent_body if plan and plan.parent_body else (authority.name if authority else "")
        ),
        "issuing_body": school.name.upper(),
        "place": plan.place if plan and plan.place else "",
    }


def registration_reference(campaign) -> str:
    """What a registration campaign's list is sent to the office as: one chain of versions per campaign."""
    return f"registration:{campaign.pk}"
