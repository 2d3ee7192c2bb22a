"""Who may do what in the emulation year (plans.emulation.permissions): the predicates over the
school's roles, and the services refusing a person without the right when called directly, before
anything is written."""

import datetime

import pytest
from django.utils import timezone

from office.accounts.models import Role
from office.accounts.services import ensure_user, grant_school_role
from office.core.errors import Refused
from office.rules.vocabulary import Rating, Title
from office.submissions.models import Submission
from plans.emulation import permissions
from plans.emulation import services as emulation
from plans.emulation.models import (
    CollectiveRegistration,
    Registration,
    RegistrationCampaign,
    ReviewCandidate,
    ReviewRound,
    StaffRating,
    VoteCount,
)


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


ROLES = ("principal", "vice", "secretary", "teacher", "other_principal", "nobody")


@pytest.fixture
def people(world, staff_a):
    vice = ensure_user(username="phohieutruong.a", full_name="Đỗ Thị Phó")
    grant_school_role(vice, world.school_a, Role.VICE_PRINCIPAL)
    return {
        "principal": world.principal_a,
        "vice": vice,
        "secretary": staff_a.secretary_user,
        "teacher": world.teacher_a,
        "other_principal": world.principal_b,
        "nobody": None,
    }


# Each school-wide predicate and who holds it in school A (the others hold it in no school but theirs).
TRUTH = {
    permissions.can_manage_registration: {"principal", "vice", "secretary"},
    permissions.can_approve_registrations: {"principal", "vice"},
    permissions.can_rate_staff: {"principal", "vice", "secretary"},
    permissions.can_run_review: {"principal", "vice", "secretary"},
}


@pytest.mark.parametrize("predicate", list(TRUTH), ids=lambda p: p.__name__)
def test_school_wide_rights_follow_the_roles(world, people, predicate):
    held = {role for role in ROLES if predicate(people[role], world.school_a)}
    assert held == TRUTH[predicate]
    # Another school's principal holds every right there, none here; and nobody's roles are nobody's.
    assert predicate(world.principal_b, world.school_b)
    assert not predicate(world.principal_a, world.school_b)


def test_a_person_registers_as_staff_only_their_own_record(world, people, staff_a):
    assert permissions.can_register_as_staff(world.teacher_a, staff_a.teacher)
    assert not permissions.can_register_as_staff(world.teacher_a, staff_a.other)
    assert not permissions.can_register_as_staff(world.principal_a, staff_a.teacher)
    assert not permissions.can_register_as_staff(None, staff_a.clerk)  # no account, no one's own


def test_only_the_rounds_council_votes(world, people, school_a):
    with school_a():
        review_round = emulation.open_review_round(
            school_year="2025-2026",
            method=ReviewRound.Method.BALLOT,
            council=[(world.teacher_a, "member")],
            user=world.principal_a,
        )
        assert {role for role in ROLES if permissions.can_vote(people[role], review_round)} == {"teacher"}


# --- The services refuse a person without the right, and write nothing ------------------------------


@pytest.mark.parametrize("role", ["teacher", "other_principal", "nobody"])
def test_opening_a_campaign_is_the_managers(world, people, school_a, role):
    with school_a():
        with pytest.raises(Refused, match="Ban giám hiệu"):
            emulation.open_campaign(
                school_year="2025-2026", opens_on=days(-1), deadline=days(5), user=people[role]
            )
        assert not RegistrationCampaign.objects.exists()


def test_registering_for_someone_else_or_as_manager_is_refused_to_a_teacher(
    world, people, staff_a, school_a, make_campaign
):
    campaign = make_campaign()
    with school_a():
        with pytest.raises(Refused, match="Ban giám hiệu"):
            emulation.register(
                campaign, staff_a.other, title=Title.LDTT, user=world.teacher_a, as_manager=True
            )
        with pytest.raises(Refused, match="chính mình"):
            emulation.register(campaign, staff_a.other, title=Title.LDTT, user=world.teacher_a)
        assert not Registration.objects.exists()


def test_approving_and_sending_are_the_signers_not_the_secretarys(
    world, people, staff_a, school_a, make_campaign
):
    campaign = make_campaign()
    secretary = people["secretary"]
    with school_a():
        registration = emulation.register(campaign, staff_a.teacher, title=Title.LDTT, user=world.teacher_a)
        for attempt in (
            lambda: emulation.review_registration(registration, approve=True, user=secretary),
            lambda: emulation.approve_all(Registration.objects.all(), user=secretary),
            lambda: emulation.submit_registrations(campaign, school=world.school_a, user=secretary),
        ):
            with pytest.raises(Refused, match="Hiệu trưởng hoặc Phó Hiệu trưởng"):
                attempt()
        assert Registration.objects.get().status == Registration.Status.REGISTERED
        assert RegistrationCampaign.objects.get().status == RegistrationCampaign.Status.OPEN
    assert not Submission.objects.for_school(world.school_a).exists()


def test_closing_reopening_inviting_and_the_collective_are_the_managers(
    world, people, staff_a, school_a, make_campaign
):
    campaign = make_campaign()
    teacher = world.teacher_a
    with school_a():
        for attempt in (
            lambda: emulation.close_campaign(campaign, user=teacher),
            lambda: emulation.reopen_campaign(campaign, deadline=days(20), user=teacher),
            lambda: emulation.open_registration_for_staff(campaign, [staff_a.other], user=teacher),
            lambda: emulation.register_collective(campaign, title=Title.TTLDTT, user=teacher),
        ):
            with pytest.raises(Refused):
                attempt()
        campaign = RegistrationCampaign.objects.get()
        assert (campaign.status, campaign.deadline) == (RegistrationCampaign.Status.OPEN, days(5))
        assert not Registration.objects.exists() and not CollectiveRegistration.objects.exists()


def test_ratings_are_entered_by_the_managers_only(world, people, staff_a, school_a):
    with school_a():
        for role in ("teacher", "other_principal", "nobody"):
            with pytest.raises(Refused):
                emulation.set_ratings(
                    school_year="2025-2026", ratings={staff_a.teacher.pk: Rating.EXCELLENT}, user=people[role]
                )
        assert not StaffRating.objects.exists()


def test_a_teacher_cannot_run_a_review_round(world, people, staff_a, school_a):
    teacher = world.teacher_a
    with school_a():
        with pytest.raises(Refused):
            emulation.open_review_round(
                school_year="2025-2026", method=ReviewRound.Method.COUNTS, user=teacher
            )
        review_round = emulation.open_review_round(
            school_year="2025-2026", method=ReviewRound.Method.COUNTS, user=world.principal_a
        )
        candidate = emulation.add_candidate(
            review_round, staff=staff_a.teacher, title=Title.LDTT, user=world.principal_a
        )
        for attempt in (
            lambda: emulation.update_round(
                review_round, name="Khác", min_approval_share="0.9", quorum=3, user=teacher
            ),
            lambda: emulation.set_council(review_round, [(teacher, "chair")], user=teacher),
            lambda: emulation.add_candidate(
                review_round, staff=staff_a.other, title=Title.LDTT, user=teacher
            ),
            lambda: emulation.remove_candidate(candidate, user=teacher),
            lambda: emulation.candidates_from_registrations(review_round, user=teacher),
            lambda: emulation.record_vote_count(candidate, agree=9, disagree=0, total_voters=9, user=teacher),
            lambda: emulation.close_round(review_round, school=world.school_a, user=teacher),
        ):
            with pytest.raises(Refused, match="Ban giám hiệu"):
                attempt()
        review_round = ReviewRound.objects.get()
        assert (review_round.name, review_round.status) == (
            "Bình xét thi đua năm học 2025-2026",
            ReviewRound.Status.OPEN,
        )
        assert list(ReviewCandidate.objects.all()) == [candidate]
        assert not review_round.council.exists() and not VoteCount.objects.exists()
