"""Who may do what with initiatives (plans.initiatives.permissions): the predicates over the school's
roles and the year's council, and the services refusing a person without the right when called
directly, before anything is written."""

from decimal import Decimal

import pytest

from office.core.errors import Refused
from plans.initiatives import permissions, services
from plans.initiatives.models import Initiative, InitiativeCouncil, Review, Rubric
from plans.initiatives.selectors import initiative_list, staff_ids_of
from tests.factories.initiatives import SCHOOL_YEAR, document_for, submitted_initiative

pytestmark = pytest.mark.usefixtures("in_school_a")

ROLES = ("principal", "vice", "secretary", "teacher", "other_principal", "nobody")


@pytest.fixture
def roles(world, people) -> dict:
    return {
        "principal": world.principal_a,
        "vice": people.vice,
        "secretary": people.third,
        "teacher": people.other_user,
        "other_principal": world.principal_b,
        "nobody": None,
    }


@pytest.fixture
def council(world, people) -> InitiativeCouncil:
    """The year's council, chaired by a teacher (people.colleague_user) so the chair's rights show."""
    return services.save_council(
        school=world.school_a,
        school_year=SCHOOL_YEAR,
        chair=people.colleague_user,
        members=[people.vice],
        gap_threshold=10,
        user=world.principal_a,
    )


def holders(roles, allowed) -> set[str]:
    return {role for role in ROLES if allowed(roles[role])}


def test_the_managers_set_up_the_year(world, roles):
    assert holders(roles, lambda u: permissions.can_manage(u, world.school_a)) == {
        "principal",
        "vice",
        "secretary",
    }
    assert permissions.can_manage(world.principal_b, world.school_b)


def test_reviewers_are_assigned_by_the_managers_and_the_councils_chair(world, people, roles, council):
    allowed = holders(roles, lambda u: permissions.can_assign_reviewers(u, world.school_a, council))
    assert allowed == {"principal", "vice", "secretary"}
    assert permissions.can_assign_reviewers(people.colleague_user, world.school_a, council)
    assert not permissions.can_assign_reviewers(people.colleague_user, world.school_a, None)


def test_the_decision_is_recorded_by_the_principal_or_the_chair(world, people, roles, council):
    assert holders(roles, lambda u: permissions.can_decide(u, world.school_a, council)) == {"principal"}
    assert permissions.can_decide(people.colleague_user, world.school_a, council)


def test_a_teacher_registers_their_own_topic_and_a_manager_anyones(world, people, roles):
    allowed = holders(roles, lambda u: permissions.can_register_for(u, world.school_a, people.other))
    assert allowed == {"principal", "vice", "secretary", "teacher"}  # people.other is the teacher's record
    assert not permissions.can_register_for(people.other_user, world.school_a, people.teacher)


def test_the_author_and_the_managers_edit_until_the_review_starts(world, people, roles):
    initiative = submitted_initiative(people.other)

    def edit(user):
        return permissions.can_edit(user, world.school_a, initiative, staff_ids_of(user))

    assert holders(roles, edit) == {"principal", "vice", "secretary", "teacher"}
    assert not edit(people.colleague_user)
    services.assign_reviewer(initiative, people.vice, school=world.school_a, user=world.principal_a)
    initiative.refresh_from_db()
    assert holders(roles, edit) == set()


def test_only_the_assigned_reviewer_scores(world, people, roles):
    initiative = submitted_initiative(people.teacher)
    review = services.assign_reviewer(initiative, people.vice, school=world.school_a, user=world.principal_a)
    assert holders(roles, lambda u: permissions.can_score(u, review, initiative)) == {"vice"}
    services.remove_reviewer(review, user=world.principal_a)
    assert not permissions.can_score(people.vice, review, initiative)  # the grant went with the review


# --- The services refuse a person without the right, and write nothing ------------------------------


@pytest.mark.parametrize("role", ["teacher", "other_principal", "nobody"])
def test_registering_for_someone_else_is_the_managers(world, people, roles, role):
    with pytest.raises(Refused, match="hộ người khác"):
        services.register_initiative(
            school_year=SCHOOL_YEAR, author=people.teacher, title="Đề tài hộ", user=roles[role]
        )
    assert not Initiative.objects.exists()


def test_a_colleague_cannot_edit_attach_or_submit_someone_elses_initiative(world, people):
    initiative = services.register_initiative(
        school_year=SCHOOL_YEAR, author=people.teacher, title="Đề tài", user=world.teacher_a
    )
    colleague = people.colleague_user
    for attempt in (
        lambda: services.update_initiative(initiative, title="Đổi tên", user=colleague),
        lambda: services.attach_document(initiative, document_for(colleague), user=colleague),
        lambda: services.submit_initiative(initiative, user=colleague),
    ):
        with pytest.raises(Refused, match="Chỉ tác giả hoặc Ban giám hiệu"):
            attempt()
    initiative.refresh_from_db()
    assert (initiative.title, initiative.document_id, initiative.status) == (
        "Đề tài",
        None,
        Initiative.Status.REGISTERED,
    )


def test_a_teacher_cannot_assign_or_withdraw_reviewers(world, people):
    initiative = submitted_initiative(people.teacher)
    teacher = people.other_user
    with pytest.raises(Refused, match="phân công chấm"):
        services.assign_reviewer(initiative, people.vice, school=world.school_a, user=teacher)
    with pytest.raises(Refused, match="phân công chấm"):
        services.assign_reviewer_to_all(initiative_list(), people.vice, school=world.school_a, user=teacher)
    assert not Review.objects.exists()
    assert Initiative.objects.get().status == Initiative.Status.SUBMITTED
    review = services.assign_reviewer(initiative, people.vice, school=world.school_a, user=world.principal_a)
    with pytest.raises(Refused, match="phân công chấm"):
        services.remove_reviewer(review, user=teacher)
    assert list(Review.objects.all()) == [review]


def test_the_chair_assigns_but_a_vice_principal_does_not_decide(world, people, council):
    initiative = submitted_initiative(people.teacher)
    for reviewer in (people.vice, people.other_user):
        review = services.assign_reviewer(
            initiative, reviewer, school=world.school_a, user=people.colleague_user
        )
        criteria = list(services.ensure_rubric(SCHOOL_YEAR).criteria.all())
        services.save_review(review, points={c.pk: Decimal(10) for c in criteria}, submit=True, user=reviewer)
    with pytest.raises(Refused, match="ghi quyết định"):
        services.decide_initiative(
            initiative, recognized=False, decision_number="1/QĐ", decision_date=None, user=people.vice
        )
    assert Initiative.objects.get().status == Initiative.Status.UNDER_REVIEW


def test_someone_elses_review_cannot_be_scored(world, people):
    initiative = submitted_initiative(people.teacher)
    review = services.assign_reviewer(initiative, people.vice, school=world.school_a, user=world.principal_a)
    with pytest.raises(Refused, match="không được phân công"):
        services.save_review(review, points={}, submit=False, user=people.third)
    review.refresh_from_db()
    assert (review.status, review.total) == (Review.Status.ASSIGNED, None)


@pytest.mark.parametrize("role", ["teacher", "other_principal", "nobody"])
def test_the_rubric_and_the_council_are_the_managers(world, people, roles, role):
    with pytest.raises(Refused, match="tiêu chí chấm"):
        services.save_rubric(
            SCHOOL_YEAR, criteria=[("A", "100")], bands=[("Đạt", "0", True)], user=roles[role]
        )
    with pytest.raises(Refused, match="hội đồng sáng kiến"):
        services.save_council(
            school=world.school_a,
            school_year=SCHOOL_YEAR,
            chair=people.vice,
            members=[],
            gap_threshold=10,
            user=roles[role],
        )
    assert not Rubric.objects.exists() and not InitiativeCouncil.objects.exists()
