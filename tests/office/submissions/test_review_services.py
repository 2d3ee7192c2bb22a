"""The office's review actions: return, accept (approval locks), forward upward, unapprove (head only,
with a reason), the checklist, and batches over a whole filter. Each refused action changes nothing."""

import pytest

from office.audit.models import AuditEvent
from office.core.errors import Refused
from office.submissions.models import Submission
from office.submissions.selectors import InboxFilter, inbox, nominee_changes
from office.submissions.services import (
    ACCEPT,
    FORWARD,
    RETURN,
    SubmissionLockedError,
    SubmissionReviewError,
    accept_submission,
    batch_preview,
    batch_review,
    forward_submission,
    return_submission,
    unapprove_submission,
    update_checklist,
)


def actions_of(submission) -> list[str]:
    return list(
        AuditEvent.objects.filter(object_type="submissions.submission", object_id=str(submission.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )


def test_a_returned_version_keeps_the_comments_and_the_next_version_supersedes_it(world, send):
    first = send(payload={"v": 1})
    returned = return_submission(
        first,
        comments=[
            {"document": "cover_letter", "text": "Tờ trình thiếu số"},
            {"document": "minutes", "text": "  "},
        ],
        user=world.specialist,
    )
    assert returned.status == Submission.Status.RETURNED
    assert returned.review_comments == [{"document": "cover_letter", "text": "Tờ trình thiếu số"}]
    assert returned.reviewed_by == world.specialist
    second = send(payload={"v": 2})
    first.refresh_from_db()
    assert (second.version, first.status) == (2, Submission.Status.SUPERSEDED)
    assert first.payload == {"v": 1} and first.review_comments  # the old snapshot and its comments stay
    accepted = accept_submission(second, user=world.specialist)
    assert accepted.status == Submission.Status.ACCEPTED
    assert actions_of(first) == ["dossier.returned"] and actions_of(second) == ["dossier.accepted"]


def test_review_actions_refuse_what_is_not_waiting_for_review_and_change_nothing(world, send):
    submission = accept_submission(send(), user=world.specialist)
    with pytest.raises(SubmissionReviewError, match="đang chờ thẩm định"):
        return_submission(submission, comments=[{"text": "Muộn"}], user=world.specialist)
    with pytest.raises(SubmissionReviewError, match="đang chờ thẩm định"):
        accept_submission(submission, user=world.specialist)
    waiting = send(reference="dossier:2")
    with pytest.raises(SubmissionReviewError, match="Hãy ghi ý kiến"):
        return_submission(waiting, comments=[{"document": "minutes", "text": " "}], user=world.specialist)
    waiting.refresh_from_db()
    submission.refresh_from_db()
    assert waiting.status == Submission.Status.SUBMITTED and waiting.review_comments == []
    assert submission.status == Submission.Status.ACCEPTED
    assert actions_of(waiting) == [] and actions_of(submission) == ["dossier.accepted"]


def test_an_office_cannot_review_another_offices_school(world, send):
    other = send(world.school_b)
    for act in (
        lambda: accept_submission(other, user=world.specialist),
        lambda: return_submission(other, comments=[{"text": "x"}], user=world.specialist),
        lambda: update_checklist(other, ticked=["cover_letter"], user=world.specialist),
    ):
        with pytest.raises(Refused, match="không phụ trách"):
            act()
    other.refresh_from_db()
    assert other.status == Submission.Status.SUBMITTED and other.checklist == {}


def test_approval_locks_the_version_and_the_school_cannot_send_a_new_one(world, send):
    accepted = accept_submission(send(), user=world.specialist)
    with pytest.raises(SubmissionLockedError, match="hủy duyệt"):
        send(payload={"v": "sửa sau khi duyệt"})
    with pytest.raises(SubmissionReviewError, match="đang chờ thẩm định"):
        update_checklist(accepted, ticked=["minutes"], user=world.specialist)
    assert Submission.objects.for_school(world.school_a).filter(reference="dossier:1").count() == 1
    # A plan's new version after the office accepted the earlier one is a revision, not locked.
    plan = send(kind=Submission.Kind.PLAN, reference="plan:1", payload={"v": 1})
    accept_submission(plan, user=world.specialist)
    assert send(kind=Submission.Kind.PLAN, reference="plan:1", payload={"v": 2}).version == 2


def test_forward_goes_to_the_body_above_the_reviewing_office_or_a_chosen_one_above(world, send):
    with pytest.raises(SubmissionReviewError, match="đã duyệt"):
        forward_submission(send(), user=world.specialist)
    accepted = accept_submission(send(reference="dossier:2"), user=world.specialist)
    with pytest.raises(SubmissionReviewError, match="cấp trên của cơ quan mình"):
        forward_submission(accepted, user=world.specialist, to=world.other_office)
    accepted.refresh_from_db()
    assert accepted.status == Submission.Status.ACCEPTED and accepted.forwarded_to is None
    forwarded = forward_submission(accepted, user=world.specialist)
    assert forwarded.status == Submission.Status.FORWARDED
    assert forwarded.forwarded_to.code == "t-city" and forwarded.forwarded_at and forwarded.forwarded_by
    assert actions_of(forwarded) == ["dossier.accepted", "dossier.forwarded"]
    event = AuditEvent.objects.get(action="dossier.forwarded", object_id=str(forwarded.pk))
    assert event.before == {"status": "accepted"} and event.after["forwarded_to"] == "t-city"


def test_only_the_office_head_unapproves_and_only_with_a_reason(world, send, head):
    forwarded = forward_submission(accept_submission(send(), user=world.specialist), user=world.specialist)
    with pytest.raises(Refused, match="Chỉ lãnh đạo"):
        unapprove_submission(forwarded, reason="Sai sót", user=world.specialist)
    with pytest.raises(SubmissionReviewError, match="lý do"):
        unapprove_submission(forwarded, reason="   ", user=head)
    forwarded.refresh_from_db()
    assert forwarded.status == Submission.Status.FORWARDED and forwarded.unapproved_count == 0
    reopened = unapprove_submission(forwarded, reason="Phát hiện trùng thành tích với năm trước", user=head)
    assert reopened.status == Submission.Status.SUBMITTED and reopened.forwarded_to is None
    assert (reopened.unapproved_count, reopened.unapproval_reason) == (
        1,
        "Phát hiện trùng thành tích với năm trước",
    )
    event = AuditEvent.objects.get(action="dossier.unapproved", object_id=str(reopened.pk))
    assert event.user == head and event.before["status"] == "forwarded" and event.after["count"] == 1
    with pytest.raises(SubmissionReviewError, match="đã duyệt hoặc đã trình"):
        unapprove_submission(reopened, reason="Lần nữa", user=head)
    # Unapproved, the school may send a corrected version again; a second approval is counted anew.
    second = send(payload={"v": 2})
    assert second.version == 2
    unapprove_submission(accept_submission(second, user=head), reason="Cần bổ sung biên bản", user=head)
    second.refresh_from_db()
    assert second.unapproved_count == 1 and second.unapproval_reason == "Cần bổ sung biên bản"


def test_the_checklist_is_saved_and_audited_and_refuses_unknown_items(world, send):
    submission = send()
    update_checklist(submission, ticked=["cover_letter", "minutes"], user=world.specialist)
    submission.refresh_from_db()
    assert submission.checklist["cover_letter"] and submission.checklist["minutes"]
    assert not submission.checklist["achievement_reports"]
    update_checklist(submission, ticked=["cover_letter", "minutes"], user=world.specialist)  # unchanged
    with pytest.raises(SubmissionReviewError, match="không có trong phiếu"):
        update_checklist(submission, ticked=["tuy-y"], user=world.specialist)
    assert actions_of(submission) == ["dossier.checklist_updated"]


def test_a_batch_covers_every_result_of_the_filter_and_lists_what_it_refused(world, send):
    waiting = [send(reference=f"dossier:{n}") for n in range(1, 31)]
    accept_submission(waiting[0], user=world.specialist)
    send(world.school_b, reference="dossier:99")  # another office's: never in the filter
    send(kind=Submission.Kind.PLAN, reference="plan:1", payload={"v": 1})  # another kind: filtered out
    rows = list(inbox(world.specialist, InboxFilter(kind=Submission.Kind.DOSSIER)))
    assert len(rows) == 30
    preview = batch_preview(rows, ACCEPT, user=world.specialist)
    assert (len(preview.changed), len(preview.refused)) == (29, 1)
    assert preview.refused[0][1] == "Chỉ tiếp nhận được hồ sơ đang chờ thẩm định."
    assert (
        Submission.objects.filter(status=Submission.Status.ACCEPTED).count() == 1
    )  # a preview changes nothing
    with pytest.raises(SubmissionReviewError, match="ý kiến chung"):
        batch_review(rows, RETURN, user=world.specialist, comment=" ")
    result = batch_review(rows, ACCEPT, user=world.specialist)
    assert (len(result.changed), len(result.refused)) == (29, 1)
    assert (
        Submission.objects.for_school(world.school_a).filter(status=Submission.Status.ACCEPTED).count() == 30
    )
    assert Submission.objects.for_school(world.school_b).get().status == Submission.Status.SUBMITTED
    assert AuditEvent.objects.filter(action="dossier.accepted").count() == 30
    forwarded = batch_review(
        list(inbox(world.specialist, InboxFilter(kind="dossier"))), FORWARD, user=world.specialist
    )
    assert len(forwarded.changed) == 30 and not forwarded.refused


def test_nominee_changes_between_versions(world, send):
    first = send()
    payload = first.payload | {
        "nominees": [dict(first.payload["nominees"][0], summary="Đã bổ sung quyết định")]
    }
    payload["nominees"].append(dict(first.payload["nominees"][1], nomination=7, full_name="Người Mới"))
    return_submission(first, comments=[{"text": "Bổ sung"}], user=world.specialist)
    second = send(payload=payload)
    changes = nominee_changes(first, second)
    assert [n["full_name"] for n in changes["added"]] == ["Người Mới"]
    assert [n["full_name"] for n in changes["removed"]] == ["Nguyễn Thị An"]
    assert changes["changed"][0]["fields"] == ["summary"]
