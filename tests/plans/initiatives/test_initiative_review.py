"""The council's procedure for initiatives: who may review, scoring within the rubric, the third
reviewer when two disagree, the decision that locks, and the single use of a recognised initiative."""

import datetime
import unicodedata
from decimal import Decimal

import pytest
from guardian.shortcuts import get_objects_for_user

from office.audit.models import AuditEvent
from office.core.errors import Refused
from office.rules.vocabulary import Scope
from plans.initiatives import services
from plans.initiatives.models import (
    Initiative,
    InitiativeUserObjectPermission,
    Review,
    Rubric,
)
from plans.initiatives.scoring import review_state
from plans.initiatives.selectors import initiative_facts, recognized_initiatives
from plans.initiatives.services import InitiativeError
from tests.factories.initiatives import (
    FAIR,
    GOOD,
    POOR,
    SCHOOL_YEAR,
    WEAK,
    document_for,
    reviewed_initiative,
    score,
    submitted_initiative,
)

pytestmark = pytest.mark.usefixtures("in_school_a")
DECISION_DAY = datetime.date(2026, 4, 20)


def assign(world, initiative, reviewer):
    return services.assign_reviewer(initiative, reviewer, school=world.school_a, user=world.principal_a)


def decide(world, initiative, recognized=True, scope=Scope.SCHOOL):
    return services.decide_initiative(
        initiative,
        recognized=recognized,
        scope=scope,
        decision_number="45/QĐ-THA",
        decision_date=DECISION_DAY,
        user=world.principal_a,
    )


def actions(initiative) -> list[str]:
    return list(
        AuditEvent.objects.filter(object_type="initiatives.initiative", object_id=str(initiative.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )


def test_registering_normalises_vietnamese_and_audits(world, people):
    decomposed = unicodedata.normalize("NFD", "Ứng dụng trò chơi học tập trong dạy Toán lớp 4")
    initiative = services.register_initiative(
        school_year=SCHOOL_YEAR,
        author=people.teacher,
        title=decomposed,
        co_authors=[people.colleague],
        user=world.teacher_a,
    )
    assert initiative.title == unicodedata.normalize("NFC", decomposed)
    assert initiative.status == Initiative.Status.REGISTERED
    assert actions(initiative) == ["initiative.registered"]
    with pytest.raises(InitiativeError, match="không hợp lệ"):
        services.register_initiative(
            school_year="2025-2027", author=people.teacher, title="X", user=world.teacher_a
        )
    with pytest.raises(InitiativeError, match="đồng thời là đồng tác giả"):
        services.register_initiative(
            school_year=SCHOOL_YEAR,
            author=people.teacher,
            title="X",
            co_authors=[people.teacher],
            user=world.teacher_a,
        )


def test_submitting_needs_the_document(world, people):
    initiative = services.register_initiative(
        school_year=SCHOOL_YEAR, author=people.teacher, title="Đề tài", user=world.teacher_a
    )
    with pytest.raises(InitiativeError, match="tải lên tài liệu"):
        services.submit_initiative(initiative, user=world.teacher_a)
    with pytest.raises(InitiativeError, match="chưa nộp tài liệu"):
        assign(world, initiative, people.vice)
    with pytest.raises(InitiativeError, match="do chính bạn tải lên"):
        services.attach_document(initiative, document_for(world.principal_a), user=world.teacher_a)
    services.attach_document(initiative, document_for(world.teacher_a), user=world.teacher_a)
    initiative = services.submit_initiative(initiative, user=world.teacher_a)
    assert initiative.status == Initiative.Status.SUBMITTED
    assert actions(initiative) == [
        "initiative.registered",
        "initiative.document_attached",
        "initiative.submitted",
    ]


def test_a_reviewer_is_granted_the_guardian_permission_on_that_initiative_only(world, people):
    first = submitted_initiative(people.teacher)
    second = submitted_initiative(people.colleague, title="Rèn chữ viết đẹp cho học sinh lớp 1")
    assign(world, first, people.vice)
    assert people.vice.has_perm("initiatives.review_initiative", first)
    assert not people.vice.has_perm("initiatives.review_initiative", second)
    assert list(get_objects_for_user(people.vice, "initiatives.review_initiative", klass=Initiative)) == [
        first
    ]
    # The grant is a row of the school's own direct-foreign-key table, not guardian's generic one.
    assert InitiativeUserObjectPermission.objects.filter(user=people.vice, content_object=first).count() == 1
    assert Initiative.objects.get(pk=first.pk).status == Initiative.Status.UNDER_REVIEW


def test_the_author_and_a_co_author_are_never_reviewers(world, people):
    initiative = submitted_initiative(people.teacher, co_authors=[people.other])
    with pytest.raises(InitiativeError, match="tác giả hoặc đồng tác giả"):
        assign(world, initiative, world.teacher_a)
    with pytest.raises(InitiativeError, match="tác giả hoặc đồng tác giả"):
        assign(world, initiative, people.other_user)
    assert not Review.objects.exists()
    assert not world.teacher_a.has_perm("initiatives.review_initiative", initiative)


def test_a_reviewer_of_the_authors_department_is_allowed_and_flagged(world, people):
    initiative = submitted_initiative(people.teacher)
    same = assign(world, initiative, people.colleague_user)
    other = assign(world, initiative, people.other_user)
    assert same.same_department and not other.same_department
    event = AuditEvent.objects.filter(action="initiative.reviewer_assigned").order_by("pk").first()
    assert event.after["same_department"] is True and "cùng tổ" in event.summary


def test_a_reviewer_must_belong_to_the_school_and_is_assigned_once(world, people):
    initiative = submitted_initiative(people.teacher)
    with pytest.raises(InitiativeError, match="không thuộc trường"):
        assign(world, initiative, world.principal_b)
    assign(world, initiative, people.vice)
    with pytest.raises(InitiativeError, match="đã được phân công"):
        assign(world, initiative, people.vice)


def test_points_above_a_criterions_maximum_are_refused(world, people):
    initiative = submitted_initiative(people.teacher)
    review = assign(world, initiative, people.vice)
    criteria = list(Rubric.objects.get(school_year=SCHOOL_YEAR).criteria.all())
    with pytest.raises(InitiativeError, match="“Tính mới” tối đa 30 điểm; bạn nhập 31"):
        services.save_review(review, points={criteria[0].pk: "31"}, user=people.vice)
    with pytest.raises(InitiativeError, match="không được âm"):
        services.save_review(review, points={criteria[0].pk: "-1"}, user=people.vice)
    with pytest.raises(InitiativeError, match="không phải là một số"):
        services.save_review(review, points={criteria[0].pk: "ba mươi"}, user=people.vice)
    assert not review.scores.exists()
    # A draft may be partial and uses a comma as Vietnamese users type it; submitting needs every criterion.
    draft = services.save_review(review, points={criteria[0].pk: "27,5"}, user=people.vice)
    assert draft.status == Review.Status.DRAFT and draft.total == Decimal("27.5")
    with pytest.raises(InitiativeError, match="còn thiếu: Tính khoa học"):
        services.save_review(review, points={criteria[0].pk: "27,5"}, submit=True, user=people.vice)


def test_only_the_assigned_reviewer_scores_and_a_submitted_review_is_final(world, people):
    initiative = submitted_initiative(people.teacher)
    review = assign(world, initiative, people.vice)
    with pytest.raises(Refused, match="không được phân công"):
        services.save_review(review, points={}, user=world.principal_a)
    score(review, GOOD)
    review.refresh_from_db()
    assert review.total == Decimal(90) and review.is_submitted
    with pytest.raises(InitiativeError, match="đã nộp"):
        score(review, FAIR)
    assert "initiative.scored" in actions(initiative)


def test_two_totals_further_apart_than_the_gap_call_for_a_third_reviewer(world, people):
    services.save_council(
        school=world.school_a,
        school_year=SCHOOL_YEAR,
        chair=world.principal_a,
        members=[people.vice, people.third],
        gap_threshold="10",
        user=world.principal_a,
    )
    initiative = reviewed_initiative(world, people, first=GOOD, second=WEAK)  # 90 against 50
    state = review_state(list(initiative.reviews.all()), Decimal(10))
    assert state.needs_third and not state.ready
    with pytest.raises(InitiativeError, match="cần người chấm thứ ba"):
        decide(world, initiative)
    third = assign(world, initiative, people.third)
    assert third.position == 3
    with pytest.raises(InitiativeError, match=r"[12]/3 phiếu"):
        decide(world, initiative)
    score(third, FAIR)  # 74: nearer to 90 (16 points) than to 50 (24), so 90 and 74 count
    initiative = decide(world, initiative)
    assert initiative.average_points == Decimal("82.00")  # (90 + 74) / 2
    assert initiative.grade == "Khá"
    with pytest.raises(InitiativeError):
        assign(world, initiative, world.principal_a)


def test_no_third_reviewer_without_a_disagreement(world, people):
    initiative = reviewed_initiative(world, people, first=GOOD, second=FAIR)  # 90 and 74: gap 16 > 10
    assert review_state(list(initiative.reviews.all()), Decimal(20)).ready
    services.save_council(
        school=world.school_a,
        school_year=SCHOOL_YEAR,
        chair=world.principal_a,
        members=[],
        gap_threshold="20",
        user=world.principal_a,
    )
    with pytest.raises(InitiativeError, match="đã có hai người chấm"):
        assign(world, initiative, people.third)


def test_the_decision_grades_from_the_bands_and_locks_everything(world, people):
    initiative = reviewed_initiative(world, people, first=GOOD, second=GOOD)
    initiative = decide(world, initiative)
    assert (initiative.status, initiative.grade, initiative.recognized, initiative.scope) == (
        Initiative.Status.DECIDED,
        "Tốt",
        True,
        Scope.SCHOOL,
    )
    assert initiative.decision_number == "45/QĐ-THA" and initiative.decided_by_id == world.principal_a.pk
    assert actions(initiative)[-1] == "initiative.decided"
    review = initiative.reviews.first()
    for attempt in (
        lambda: decide(world, initiative),
        lambda: services.save_review(review, points={}, user=review.reviewer),
        lambda: services.update_initiative(initiative, title="Khác", user=world.teacher_a),
        lambda: services.attach_document(initiative, document_for(world.teacher_a), user=world.teacher_a),
        lambda: services.remove_reviewer(review, user=world.principal_a),
    ):
        with pytest.raises(InitiativeError, match="đã có kết quả"):
            attempt()


def test_a_failing_grade_cannot_be_recognised(world, people):
    initiative = reviewed_initiative(world, people, first=POOR, second=POOR)
    with pytest.raises(InitiativeError, match="“Không đạt” nên không được công nhận"):
        decide(world, initiative)
    initiative = decide(world, initiative, recognized=False)
    assert initiative.grade == "Không đạt" and not initiative.recognized and initiative.scope == ""


def test_a_recognised_initiative_needs_a_scope_and_a_decision_number(world, people):
    initiative = reviewed_initiative(world, people)
    with pytest.raises(InitiativeError, match="phạm vi ảnh hưởng"):
        decide(world, initiative, scope="")
    with pytest.raises(InitiativeError, match="số và ngày"):
        services.decide_initiative(
            initiative,
            recognized=True,
            scope=Scope.SCHOOL,
            decision_number=" ",
            decision_date=None,
            user=world.principal_a,
        )


def test_an_initiative_is_used_for_one_award_only(world, people):
    initiative = decide(world, reviewed_initiative(world, people))
    services.mark_initiative_used(
        initiative, used_for="Chiến sĩ thi đua cơ sở năm học 2025-2026", user=world.principal_a
    )
    # The same use again changes nothing; any other use is refused.
    services.mark_initiative_used(
        initiative, used_for="Chiến sĩ thi đua cơ sở năm học 2025-2026", user=world.principal_a
    )
    with pytest.raises(InitiativeError, match="đã được dùng cho Chiến sĩ thi đua cơ sở"):
        services.mark_initiative_used(initiative, used_for="Bằng khen của Chủ tịch UBND thành phố", user=None)
    assert actions(initiative).count("initiative.used") == 1
    with pytest.raises(InitiativeError, match="không phải"):
        services.release_initiative_use(initiative, used_for="Bằng khen", user=None)
    services.release_initiative_use(
        initiative, used_for="Chiến sĩ thi đua cơ sở năm học 2025-2026", user=None
    )
    services.mark_initiative_used(initiative, used_for="Bằng khen của Chủ tịch UBND thành phố", user=None)
    assert Initiative.objects.get(pk=initiative.pk).used_for == "Bằng khen của Chủ tịch UBND thành phố"


def test_an_unrecognised_initiative_cannot_be_used(world, people):
    initiative = submitted_initiative(people.teacher)
    with pytest.raises(InitiativeError, match="chưa được công nhận"):
        services.mark_initiative_used(initiative, used_for="Chiến sĩ thi đua cơ sở", user=None)


def test_selectors_for_the_rules_checker(world, people):
    mine = decide(world, reviewed_initiative(world, people))
    co_written = submitted_initiative(
        people.colleague,
        title="Rèn chữ viết đẹp cho học sinh lớp 1",
        school_year="2024-2025",
        co_authors=[people.teacher],
    )
    for reviewer in (people.vice, people.other_user):
        score(assign(world, co_written, reviewer), FAIR)
    co_written = decide(world, co_written)
    failed = reviewed_initiative(world, people, first=POOR, second=POOR, title="Đề tài chưa đạt")
    decide(world, failed, recognized=False)
    submitted_initiative(people.teacher, title="Đề tài đang chấm")
    services.mark_initiative_used(mine, used_for="Chiến sĩ thi đua cơ sở", user=None)
    assert recognized_initiatives(people.teacher) == [co_written, mine]
    assert initiative_facts(people.teacher) == [
        (co_written.pk, 2025, True, Scope.SCHOOL, ""),
        (mine.pk, 2026, True, Scope.SCHOOL, "Chiến sĩ thi đua cơ sở"),
        (failed.pk, 2026, False, "", ""),
    ]
    assert initiative_facts(people.colleague)[0].id == co_written.pk


def test_the_rubric_is_the_schools_and_freezes_once_scoring_began(world, people):
    rubric = services.save_rubric(
        SCHOOL_YEAR,
        criteria=[("Tính mới", "40"), ("Tính khoa học", "30"), ("Hiệu quả", "30")],
        bands=[("Xuất sắc", "90", True), ("Đạt", "60", True), ("Chưa đạt", "0", False)],
        user=world.principal_a,
    )
    assert [c.name for c in rubric.criteria.all()] == ["Tính mới", "Tính khoa học", "Hiệu quả"]
    for criteria, bands, message in (
        ([], [("Đạt", "0", True)], "ít nhất một tiêu chí"),
        ([("A", "0")], [("Đạt", "0", True)], "lớn hơn 0"),
        ([("A", "10"), ("a", "10")], [("Đạt", "0", True)], "trùng tên"),
        ([("A", "10")], [("Tốt", "50", True)], "cao hơn tổng điểm"),
        ([("A", "10")], [("Tốt", "5", True)], "bắt đầu từ 0"),
        ([("A", "10")], [("Tốt", "0", True), ("Đạt", "0", True)], "cùng điểm bắt đầu"),
    ):
        with pytest.raises(InitiativeError, match=message):
            services.save_rubric(SCHOOL_YEAR, criteria=criteria, bands=bands, user=world.principal_a)
    initiative = submitted_initiative(people.teacher)
    review = assign(world, initiative, people.vice)
    services.save_review(review, points={rubric.criteria.first().pk: 35}, user=people.vice)
    with pytest.raises(InitiativeError, match="Đã có phiếu chấm"):
        services.save_rubric(
            SCHOOL_YEAR, criteria=[("A", "100")], bands=[("Đạt", "0", True)], user=world.principal_a
        )
    assert "initiative_rubric.saved" in AuditEvent.objects.values_list("action", flat=True)


def test_a_year_without_its_own_rubric_gets_the_default_one(world, people):
    rubric = services.ensure_rubric("2030-2031")
    assert [(c.name, c.max_points) for c in rubric.criteria.all()] == [
        ("Tính mới", 30),
        ("Tính khoa học", 20),
        ("Khả năng áp dụng", 20),
        ("Hiệu quả", 20),
        ("Hình thức trình bày", 10),
    ]
    assert [(b.name, b.min_points) for b in rubric.bands.all()] == [
        ("Tốt", 85),
        ("Khá", 70),
        ("Đạt", 50),
        ("Không đạt", 0),
    ]


def test_the_council_has_members_of_the_school_only(world, people):
    with pytest.raises(InitiativeError, match="không thuộc trường"):
        services.save_council(
            school=world.school_a,
            school_year=SCHOOL_YEAR,
            chair=world.principal_a,
            members=[world.principal_b],
            gap_threshold=10,
            user=world.principal_a,
        )
    council = services.save_council(
        school=world.school_a,
        school_year=SCHOOL_YEAR,
        chair=world.principal_a,
        members=[people.vice],
        gap_threshold="7,5",
        decision_basis="Quyết định số 15/QĐ-THA",
        user=world.principal_a,
    )
    assert {m.user_id for m in council.memberships.all()} == {world.principal_a.pk, people.vice.pk}
    assert council.gap_threshold == Decimal("7.5")


def test_batch_assignment_acts_on_the_whole_filter_and_reports_what_it_skipped(world, people):
    from plans.initiatives.selectors import initiative_list

    mine = [submitted_initiative(people.teacher, title=f"Đề tài khối 1 số {n}") for n in range(3)]
    registered_only = services.register_initiative(
        school_year=SCHOOL_YEAR, author=people.colleague, title="Đề tài chưa nộp", user=people.colleague_user
    )
    already = submitted_initiative(people.colleague, title="Đề tài đã có người chấm")
    assign(world, already, people.vice)
    elsewhere = submitted_initiative(people.other, title="Đề tài khối 2")
    khoi1 = people.teacher.department_id
    result = services.assign_reviewer_to_all(
        initiative_list(school_year=SCHOOL_YEAR, department_id=khoi1),
        world.teacher_a,
        school=world.school_a,
        user=world.principal_a,
    )
    # The teacher's own three are skipped; the colleague's unsubmitted one too; the one with a reviewer
    # is not a target; the other department's is outside the filter.
    assert result.assigned == []
    assert sorted(i.pk for i, _ in result.skipped) == sorted([*(i.pk for i in mine), registered_only.pk])
    reasons = dict((i.pk, reason) for i, reason in result.skipped)
    assert "tác giả" in reasons[mine[0].pk] and "chưa nộp" in reasons[registered_only.pk]
    result = services.assign_reviewer_to_all(
        initiative_list(school_year=SCHOOL_YEAR, department_id=khoi1),
        people.other_user,
        school=world.school_a,
        user=world.principal_a,
    )
    assert sorted(i.pk for i in result.assigned) == sorted(i.pk for i in mine)
    assert not Review.objects.filter(initiative=elsewhere).exists()
