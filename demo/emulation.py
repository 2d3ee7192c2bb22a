"""Demo data of the emulation year: registrations, ratings and review rounds that look lived in, so a
person trying the platform finds last year's work done and this year's registration open. Loading
twice adds nothing."""

import datetime
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django_tenants.utils import schema_context

from office.core.collation import person_key
from office.core.school_years import parse_school_year, school_year_of
from office.rules.vocabulary import Rating, Title
from plans.emulation import services as emulation
from plans.emulation.models import CouncilMember, RegistrationCampaign, ReviewRound, StaffRating
from plans.staff.models import Staff

LQD_CSTDCS_COUNT = 6
LQD_LATE = 3
LQD_MISSING = 3


def _rng(seed: str) -> random.Random:
    return random.Random(seed)


def _at(day: datetime.date, hour: int = 8, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, hour, minute))


def _open_campaign_dates(today: datetime.date) -> tuple[str, datetime.date, datetime.date]:
    """This school year's campaign, still open: 15 October if that is ahead, else two weeks from now."""
    start = max(2026, parse_school_year(school_year_of(today))[0])
    opens_on = min(datetime.date(start, 10, 1), today)
    deadline = datetime.date(start, 10, 15)
    if deadline <= today + datetime.timedelta(days=2):
        deadline = today + datetime.timedelta(days=14)
    return f"{start}-{start + 1}", opens_on, deadline


def _register_as(campaign, member: Staff, *, title, forms, at, manager, late=False) -> None:
    """Staff with an account register themselves on time; the others are entered by the secretary."""
    own = member.user_id is not None and not late
    emulation.register(
        campaign,
        member,
        title=title,
        forms=forms,
        user=member.user if own else manager,
        as_manager=not own,
        at=at,
    )


def _council(users: dict, prefix: str) -> list:
    return [
        (users[f"{prefix}.hieutruong"], CouncilMember.Role.CHAIR),
        (users[f"{prefix}.thuky"], CouncilMember.Role.SECRETARY),
        (users[f"{prefix}.phohieutruong"], CouncilMember.Role.MEMBER),
        (users[f"{prefix}.giaovien"], CouncilMember.Role.MEMBER),
    ]


def _lequydon_2025_campaign(school, users, staff: list[Staff], anh: Staff) -> None:
    if RegistrationCampaign.objects.filter(school_year="2025-2026").exists():
        return
    principal, secretary = users["lqd.hieutruong"], users["lqd.thuky"]
    campaign = emulation.open_campaign(
        school_year="2025-2026",
        opens_on=datetime.date(2025, 10, 1),
        deadline=datetime.date(2025, 10, 15),
        note="Cán bộ, giáo viên, nhân viên đăng ký danh hiệu thi đua và hình thức khen thưởng năm học 2025-2026.",
        user=principal,
    )
    rng = _rng("lequydon-2025-registration")
    others = [member for member in staff if member.pk != anh.pk]
    missing = set(m.pk for m in rng.sample([m for m in others if m.user_id is None], LQD_MISSING))
    late = set(
        m.pk for m in rng.sample([m for m in others if m.user_id is None and m.pk not in missing], LQD_LATE)
    )
    teachers = [m for m in others if m.teaches and m.pk not in missing | late]
    cstdcs = {anh.pk, *(m.pk for m in rng.sample(teachers, LQD_CSTDCS_COUNT - 1))}
    for index, member in enumerate(staff):
        if member.pk in missing:
            continue
        if member.pk in cstdcs:
            title, forms = Title.CSTDCS, [Title.GIAY_KHEN]
        else:
            title, forms = Title.LDTT, []
        if member.pk in late:
            at = _at(datetime.date(2025, 10, 17 + index % 3), 15, 20)
        else:
            at = _at(datetime.date(2025, 10, 2 + index % 13), 7 + index % 9, (index * 7) % 60)
        _register_as(
            campaign, member, title=title, forms=forms, at=at, manager=secretary, late=member.pk in late
        )
    emulation.register_collective(campaign, title=Title.TTLDXS, forms=[Title.BANG_KHEN_TINH], user=secretary)
    emulation.close_campaign(campaign, user=secretary)
    emulation.approve_all(campaign.registrations.select_related("staff"), user=principal)
    emulation.submit_registrations(campaign, school=school, user=principal)


def _ratings(user, staff: list[Staff], anh: Staff, seed: str, years) -> None:
    for school_year in years:
        if StaffRating.objects.filter(school_year=school_year).exists():
            continue
        rng = _rng(f"{seed}-{school_year}")
        ratings = {}
        for member in staff:
            roll = rng.random()
            if roll < 0.16:
                rating = Rating.EXCELLENT
            elif roll < 0.95:
                rating = Rating.GOOD
            else:
                rating = Rating.COMPLETED
            ratings[member.pk] = rating.value
        if anh is not None:
            ratings[anh.pk] = (Rating.EXCELLENT if school_year != "2023-2024" else Rating.GOOD).value
        emulation.set_ratings(school_year=school_year, ratings=ratings, user=user)


def _lequydon_rounds(school, users, staff: list[Staff], anh: Staff) -> None:
    principal, secretary = users["lqd.hieutruong"], users["lqd.thuky"]
    if not ReviewRound.objects.filter(school_year="2024-2025").exists():
        review_round = emulation.open_review_round(
            school_year="2024-2025",
            method=ReviewRound.Method.COUNTS,
            name="Bình xét thi đua cuối năm học 2024-2025",
            quorum=30,
            council=_council(users, "lqd"),
            meeting_at=_at(datetime.date(2025, 5, 22), 14, 0),
            meeting_place="Phòng họp Hội đồng sư phạm, Trường Tiểu học Lê Quý Đôn",
            locality="Hà Đông",
            user=principal,
        )
        rng = _rng("lequydon-2024-review")
        cstdcs = {anh.pk, *(m.pk for m in rng.sample([m for m in staff if m.teaches and m.pk != anh.pk], 4))}
        for member in staff[:-2]:  # two newcomers were not yet eligible
            emulation.add_candidate(
                review_round,
                staff=member,
                title=Title.CSTDCS if member.pk in cstdcs else Title.LDTT,
                user=secretary,
            )
        emulation.add_candidate(review_round, staff=None, title=Title.TTLDXS, user=secretary)
        failing = next((m.pk for m in staff[:-2] if m.pk in cstdcs and m.pk != anh.pk), None)
        for candidate in review_round.candidates.all():
            total = 38
            agree = 17 if candidate.staff_id == failing else rng.randint(32, 38)
            disagree = rng.randint(0, total - agree)
            emulation.record_vote_count(
                candidate,
                agree=agree,
                disagree=disagree,
                abstain=total - agree - disagree,
                total_voters=total,
                user=secretary,
            )
        _tie_settled_by_rule_14(review_round, secretary)
        emulation.close_round(
            review_round, school=school, user=principal, at=_at(datetime.date(2025, 5, 22), 16, 30)
        )
    if not ReviewRound.objects.filter(school_year="2025-2026").exists():
        review_round = emulation.open_review_round(
            school_year="2025-2026",
            method=ReviewRound.Method.BALLOT,
            name="Bình xét thi đua cuối năm học 2025-2026",
            min_approval_share=Decimal("0.5"),
            quorum=3,
            council=_council(users, "lqd"),
            meeting_place="Phòng họp Hội đồng sư phạm, Trường Tiểu học Lê Quý Đôn",
            locality="Hà Đông",
            user=principal,
        )
        emulation.candidates_from_registrations(review_round, user=secretary)
        # The vice principal has voted already; the others can try the secret ballot.
        emulation.cast_ballot(
            review_round,
            voter=users["lqd.phohieutruong"],
            choices={c.pk: "agree" for c in review_round.candidates.all()},
        )


def _tie_settled_by_rule_14(review_round: ReviewRound, secretary) -> None:
    """A man and a woman proposed for LĐTT with the same votes, his given name before hers in Vietnamese
    order: rule 14 (NĐ 98/2023 Art. 4 on the round's day, 22/05/2025) lists her first, and says why."""
    ldtt = sorted(
        (c for c in review_round.candidates.select_related("staff") if c.title == Title.LDTT and c.staff_id),
        key=lambda c: person_key(c.staff.full_name),
    )
    man = next((c for c in ldtt if c.staff.gender == Staff.Gender.MALE), None)
    if man is None:
        return
    woman = next(
        (c for c in ldtt[ldtt.index(man) + 1 :] if c.staff.gender == Staff.Gender.FEMALE),
        None,
    )
    if woman is None:
        return
    for candidate in (man, woman):
        emulation.record_vote_count(
            candidate, agree=36, disagree=1, abstain=1, total_voters=38, user=secretary
        )


def _open_campaign(
    school, users, staff: list[Staff], prefix: str, registered_share: float, leave_out=()
) -> None:
    """This year's campaign, open: everyone invited, some already registered, the rest still to do."""
    today = timezone.localdate()
    school_year, opens_on, deadline = _open_campaign_dates(today)
    if RegistrationCampaign.objects.filter(school_year=school_year).exists():
        return
    principal, secretary = (
        users[f"{prefix}.hieutruong"],
        users.get(f"{prefix}.thuky") or users[f"{prefix}.hieutruong"],
    )
    campaign = emulation.open_campaign(
        school_year=school_year,
        opens_on=opens_on,
        deadline=deadline,
        note=f"Hạn đăng ký: hết ngày {deadline:%d/%m/%Y}.",
        user=principal,
    )
    emulation.open_registration_for_staff(campaign, staff, user=secretary)
    rng = _rng(f"{prefix}-{school_year}")
    for member in staff:
        if member.pk in leave_out or rng.random() > registered_share:
            continue
        title = Title.CSTDCS if member.teaches and rng.random() < 0.15 else Title.LDTT
        at = min(
            timezone.now(), _at(opens_on + datetime.timedelta(days=rng.randint(0, 5)), 8 + rng.randint(0, 8))
        )
        _register_as(campaign, member, title=title, forms=[], at=at, manager=secretary)
    emulation.register_collective(campaign, title=Title.TTLDTT, user=principal)


@transaction.atomic
def load_demo(schools: dict, users: dict) -> None:
    lequydon, yenhoa = schools["lequydon"], schools["yenhoa"]
    with schema_context(lequydon.schema_name):
        staff = list(Staff.objects.order_by("pk"))
        anh = next((m for m in staff if m.user_id == users["lqd.giaovien"].pk), None)
        if staff and anh is not None:
            _lequydon_2025_campaign(lequydon, users, staff, anh)
            _ratings(users["lqd.thuky"], staff, anh, "lequydon", ("2023-2024", "2024-2025", "2025-2026"))
            _lequydon_rounds(lequydon, users, staff, anh)
            # Lê Minh Anh is left to register this year herself.
            _open_campaign(lequydon, users, staff, "lqd", registered_share=0.3, leave_out={anh.pk})
    with schema_context(yenhoa.schema_name):
        staff = list(Staff.objects.order_by("pk"))
        if staff:
            _open_campaign(yenhoa, users, staff, "yh", registered_share=0.75)
