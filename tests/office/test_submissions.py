import pytest

from office.audit.models import AuditEvent
from office.submissions.models import Submission
from office.submissions.services import SubmissionReviewError, accept_submission, return_submission, submit


def send(world, school=None, payload=None):
    return submit(
        school=school or world.school_a,
        kind=Submission.Kind.DOSSIER,
        reference="dossier:1",
        year=2026,
        title="Hồ sơ đề nghị",
        payload=payload or {"v": 1},
        user=world.principal_a,
    )


def test_a_returned_version_keeps_the_comments_and_the_next_version_supersedes_it(world):
    first = send(world)
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
    second = send(world, payload={"v": 2})
    first.refresh_from_db()
    assert (second.version, first.status) == (2, Submission.Status.SUPERSEDED)
    assert first.payload == {"v": 1} and first.review_comments  # the old snapshot and its comments stay
    accepted = accept_submission(second, user=world.specialist)
    assert accepted.status == Submission.Status.ACCEPTED
    actions = list(
        AuditEvent.objects.filter(object_type="submissions.submission").values_list("action", flat=True)
    )
    assert {"dossier.returned", "dossier.accepted"} <= set(actions)


def test_review_actions_refuse_what_is_not_waiting_for_review(world):
    submission = accept_submission(send(world), user=world.specialist)
    with pytest.raises(SubmissionReviewError, match="đang chờ thẩm định"):
        return_submission(submission, comments=[{"text": "Muộn"}], user=world.specialist)
    with pytest.raises(SubmissionReviewError, match="Hãy ghi ý kiến"):
        return_submission(send(world, school=world.school_b), comments=[], user=world.specialist)


def test_submissions_are_read_per_school_through_one_selector(world):
    send(world)
    send(world, school=world.school_b)
    assert {s.school_id for s in Submission.objects.for_school(world.school_a)} == {world.school_a.pk}
