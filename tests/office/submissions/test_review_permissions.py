"""Who may review what a school sends (office.submissions.permissions), over the office's specialist
and head, another office's specialist and a school principal; and the review services refusing a
person without the right before they change anything."""

import pytest

from office.audit.models import AuditEvent
from office.core.errors import Refused
from office.submissions.models import Submission
from office.submissions.permissions import can_review_submission, can_unapprove_submission
from office.submissions.services import (
    ACCEPT,
    UNAPPROVE,
    accept_submission,
    batch_preview,
    batch_review,
    refusal_reason,
    return_submission,
    unapprove_submission,
    update_checklist,
)


def _people(world, head):
    return {
        "specialist": world.specialist,
        "head": head,
        "other_specialist": world.other_specialist,
        "principal_a": world.principal_a,
    }


@pytest.mark.parametrize(
    ("predicate", "allowed"),
    [(can_review_submission, {"specialist", "head"}), (can_unapprove_submission, {"head"})],
    ids=["review", "unapprove"],
)
def test_truth_table(world, send, head, predicate, allowed):
    submission = send()
    people = _people(world, head)
    assert {role for role, person in people.items() if predicate(person, submission)} == allowed


def test_the_services_refuse_who_does_not_review_the_school(world, send, head):
    submission = send()
    events = AuditEvent.objects.count()
    for person in (world.other_specialist, world.principal_a):
        for act in (
            lambda p=person: accept_submission(submission, user=p),
            lambda p=person: return_submission(submission, comments=[{"text": "Thiếu"}], user=p),
            lambda p=person: update_checklist(submission, ticked=["cover_letter"], user=p),
        ):
            with pytest.raises(Refused, match="không phụ trách"):
                act()
    submission.refresh_from_db()
    assert submission.status == Submission.Status.SUBMITTED and submission.checklist == {}
    assert AuditEvent.objects.count() == events


def test_only_the_head_unapproves_and_the_preview_says_the_same(world, send, head):
    accepted = accept_submission(send(), user=world.specialist)
    with pytest.raises(Refused, match="Chỉ lãnh đạo"):
        unapprove_submission(accepted, reason="Sai sót", user=world.specialist)
    accepted.refresh_from_db()
    assert accepted.status == Submission.Status.ACCEPTED and accepted.unapproved_count == 0
    # The batch preview and the page's buttons ask the same rule as the service.
    assert "Chỉ lãnh đạo" in refusal_reason(accepted, UNAPPROVE, world.specialist)
    assert refusal_reason(accepted, UNAPPROVE, head) == ""


def test_a_batch_lists_a_refused_person_item_by_item_and_changes_nothing(world, send):
    submission = send()
    preview = batch_preview([submission], ACCEPT, user=world.other_specialist)
    assert preview.changed == [] and "không phụ trách" in preview.refused[0][1]
    done = batch_review([submission], ACCEPT, user=world.other_specialist)
    assert done.changed == [] and "không phụ trách" in done.refused[0][1]
    submission.refresh_from_db()
    assert submission.status == Submission.Status.SUBMITTED
