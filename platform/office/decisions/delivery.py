"""A recorded decision's way into each school, as the office sees it: two crossings, no more.

1. The office hands the school-side task everything the school needs, as plain data
   (`delivery_instructions`: the decision's number, date, issuer and school year, and the lines of
   that school still to write). The task is sent by name (DELIVERY_TASK) from inside the school's
   schema, so tenant-schemas-celery runs it there; the office never imports the school side.
2. The school writes the awards (each line once: an award carries its line's reference) and
   answers once, with the outcome of every line or the error that stopped it
   (`record_delivery_outcome`).

A delivery counts one attempt each time it is sent. A worker that dies before answering leaves the
school's written batches in place and the delivery running; sending it again (the office's "resume")
writes only what is missing.

A task is sent once the office's transaction commits; if the broker is down at that moment the
delivery stays open with no message to carry it. Beat's sweep (`resend_stalled_deliveries`, every few
minutes) sends again every delivery not answered for STALLED_AFTER, so nobody has to press "resume".
A broker that refuses the message at commit does not undo what was committed nor fail the person's
request: the delivery goes back to "waiting" with a note, for the sweep. After MAX_ATTEMPTS sends with
no answer the sweep stops and marks the delivery failed, with an entry in the decision's history,
for a person to look at and resume."""

import datetime
import logging
from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone

from office.audit.services import record_office_event
from office.decisions.models import Decision, DecisionDelivery, DecisionLine
from tenants.schemas import in_public, in_school

logger = logging.getLogger(__name__)
DELIVERY_TASK = "plans.staff.tasks.deliver_decision"
# A delivery whose school has not answered for this long is taken as lost and sent again. Longer than
# a delivery takes (a school's lines are written in seconds) and than a message waits behind the other
# tasks; a message that was only slow is harmless: each line is written once and the school answers once.
STALLED_AFTER = datetime.timedelta(minutes=10)
# Sends with no answer after which the sweep gives up (about an hour at STALLED_AFTER): a school
# whose task keeps vanishing needs a person, not more messages.
MAX_ATTEMPTS = 6
QUEUE_DOWN_NOTE = (
    "Chưa gửi được việc chuyển về trường vì hàng đợi xử lý tạm thời không kết nối được; "
    "hệ thống sẽ tự gửi lại sau ít phút."
)
Outcome = DecisionLine.Outcome


@dataclass(frozen=True)
class DeliveryAnswer:
    """How the delivery stands after the school's answer; `finished` when this answer finished it."""

    finished: bool
    lines_written: int
    lines_existing: int
    lines_failed: int


def _line_data(line: DecisionLine) -> dict:
    return {
        "line": line.pk,
        "external_ref": line.external_ref,
        "nomination_ref": line.nomination_ref,
        "staff_ref": line.staff_ref,
        "collective": line.collective,
        "full_name": line.full_name,
        "title": line.title,
        "achievement": line.achievement,
    }


def _instructions(delivery: DecisionDelivery, lines: list[DecisionLine]) -> dict:
    decision = delivery.decision
    return {
        "delivery": delivery.pk,
        "school": delivery.school_id,
        "decision": {
            "number": decision.number,
            "signed_on": decision.signed_on.isoformat(),
            "issuer_name": decision.issuer_name,
            "issuer_level": decision.issuer_level,
            "school_year": decision.school_year,
        },
        "lines": [_line_data(line) for line in lines],
    }


def instructions_for(deliveries: list[DecisionDelivery]) -> list[dict]:
    """Everything each school needs to write its part of the decision, as plain JSON-ready data: the
    pending lines of all the deliveries read in one query, whatever the number of schools."""
    pending = defaultdict(list)
    lines = DecisionLine.objects.filter(
        decision_id__in={d.decision_id for d in deliveries},
        school_id__in={d.school_id for d in deliveries},
        outcome=Outcome.PENDING,
    ).order_by("pk")
    for line in lines:
        pending[(line.decision_id, line.school_id)].append(line)
    return [_instructions(d, pending[(d.decision_id, d.school_id)]) for d in deliveries]


def delivery_instructions(delivery: DecisionDelivery) -> dict:
    """What one school needs (the demo and a resumed delivery's tests read it for one school)."""
    return instructions_for([delivery])[0]


def send_deliveries(deliveries: list[DecisionDelivery]) -> None:
    """Count an attempt for each delivery and send its task once the caller's transaction commits, so
    the task finds what it is to write; each from inside its school's schema."""
    if not deliveries:
        return
    now = timezone.now()
    ids = [delivery.pk for delivery in deliveries]
    sent = DecisionDelivery.objects.filter(pk__in=ids).exclude(state=DecisionDelivery.State.DONE)
    sent.filter(started_at__isnull=True).update(started_at=now)
    sent.filter(last_error=QUEUE_DOWN_NOTE).update(last_error="")
    sent.update(state=DecisionDelivery.State.RUNNING, attempts=F("attempts") + 1, updated_at=now)

    def send():
        from office.celery import app

        deliveries = list(DecisionDelivery.objects.filter(pk__in=ids).select_related("decision", "school"))
        for index, (delivery, instructions) in enumerate(
            zip(deliveries, instructions_for(deliveries), strict=True)
        ):
            try:
                with in_school(delivery.school):
                    # No result to keep: the school answers through record_delivery_outcome. Without
                    # this, a send also subscribes to the result store, which with Redis down retries
                    # for some twenty seconds before failing (the broker alone fails in under one).
                    app.send_task(DELIVERY_TASK, args=[instructions], ignore_result=True)
            except Exception as exc:  # the broker (or its result store) is down: any error of theirs
                logger.warning("decision deliveries not sent, left for the sweep: %s", exc)
                _not_sent([d.pk for d in deliveries[index:]])
                return

    transaction.on_commit(send)


def _not_sent(ids: list[int]) -> None:
    """What was committed stays; the deliveries wait again, with a note the office page shows."""
    DecisionDelivery.objects.filter(pk__in=ids, state=DecisionDelivery.State.RUNNING).update(
        state=DecisionDelivery.State.PENDING, last_error=QUEUE_DOWN_NOTE, updated_at=timezone.now()
    )


def resend_stalled_deliveries(*, older_than: datetime.timedelta = STALLED_AFTER, now=None) -> int:
    """Send again every delivery left waiting (never sent, or sent with no answer) for `older_than`,
    with an entry in each decision's history; returns how many. A delivery the school answered with an
    error is not swept: the task retries it, and after its retries only a person who read the error
    resumes it. Sending counts an attempt and refreshes `updated_at`, so a second sweep within the
    threshold sends nothing again; rows locked by another sweep or a resume are skipped."""
    cutoff = (now or timezone.now()) - older_than
    with in_public(), transaction.atomic():
        stalled = list(
            DecisionDelivery.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(
                state__in=[DecisionDelivery.State.PENDING, DecisionDelivery.State.RUNNING],
                updated_at__lt=cutoff,
                decision__state__in=[Decision.State.RECORDED, Decision.State.DELIVERING],
            )
            .select_related("decision", "school")
            .order_by("pk")
        )
        exhausted = [d for d in stalled if d.attempts >= MAX_ATTEMPTS]
        stalled = [d for d in stalled if d.attempts < MAX_ATTEMPTS]
        _give_up(exhausted)
        by_decision = defaultdict(list)
        for delivery in stalled:
            by_decision[delivery.decision].append(delivery)
        for decision, deliveries in by_decision.items():
            record_office_event(
                "decision.delivery_requeued",
                decision,
                summary=f"{decision}: tự động gửi lại {len(deliveries)} trường chưa trả lời",
                after={"schools": [d.school.code for d in deliveries], "by": "sweep"},
            )
        send_deliveries(stalled)
    return len(stalled)


def _give_up(deliveries: list[DecisionDelivery]) -> None:
    """Failed, with why, on the office's page (its "resume" sends them again) and in the history."""
    by_decision = defaultdict(list)
    for delivery in deliveries:
        delivery.state = DecisionDelivery.State.FAILED
        delivery.last_error = (
            f"Đã gửi {delivery.attempts} lần mà trường chưa trả lời; hệ thống ngừng tự gửi lại. "
            "Hãy kiểm tra hàng đợi xử lý rồi bấm “Tiếp tục chuyển về trường”."
        )
        delivery.save(update_fields=["state", "last_error", "updated_at"])
        by_decision[delivery.decision].append(delivery)
    for decision, failed in by_decision.items():
        record_office_event(
            "decision.delivery_gave_up",
            decision,
            summary=f"{decision}: ngừng tự gửi lại {len(failed)} trường sau {MAX_ATTEMPTS} lần không trả lời",
            after={"schools": [d.school.code for d in failed], "attempts": [d.attempts for d in failed]},
        )


def _record_outcomes(delivery: DecisionDelivery, outcomes: dict[int, tuple[str, str]]) -> None:
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for pk, (outcome, note) in outcomes.items():
        if outcome in (Outcome.WRITTEN, Outcome.EXISTING, Outcome.FAILED):
            groups[(outcome, note[:500])].append(int(pk))
    for (outcome, note), pks in groups.items():
        # Only lines of this decision for this school: the answer cannot touch another school's.
        DecisionLine.objects.filter(
            pk__in=pks, decision_id=delivery.decision_id, school_id=delivery.school_id
        ).update(outcome=outcome, outcome_note=note)
    counts = DecisionLine.objects.filter(
        decision_id=delivery.decision_id, school_id=delivery.school_id
    ).aggregate(
        written=Count("pk", filter=Q(outcome=Outcome.WRITTEN)),
        existing=Count("pk", filter=Q(outcome=Outcome.EXISTING)),
        failed=Count("pk", filter=Q(outcome=Outcome.FAILED)),
        left=Count("pk", filter=Q(outcome=Outcome.PENDING)),
    )
    delivery.lines_written = counts["written"]
    delivery.lines_existing = counts["existing"]
    delivery.lines_failed = counts["failed"]
    if counts["left"] == 0:
        delivery.state = DecisionDelivery.State.DONE
        delivery.finished_at = timezone.now()
        delivery.last_error = ""
    delivery.save(
        update_fields=[
            "lines_written",
            "lines_existing",
            "lines_failed",
            "state",
            "finished_at",
            "last_error",
            "updated_at",
        ]
    )


def _advance_decision(decision_id: int) -> None:
    """A school's answer moves the decision on: delivered once its last school is, on its way before."""
    decision = Decision.objects.select_for_update().get(pk=decision_id)
    if decision.state == Decision.State.DELIVERED:
        return
    if decision.deliveries.exclude(state=DecisionDelivery.State.DONE).exists():
        if decision.state == Decision.State.RECORDED:
            decision.state = Decision.State.DELIVERING
            decision.save(update_fields=["state"])
        return
    before = {"state": decision.state}
    decision.state = Decision.State.DELIVERED
    decision.save(update_fields=["state"])
    record_office_event(
        "decision.delivered", decision, summary=str(decision), before=before, after={"state": decision.state}
    )


def _answer(delivery: DecisionDelivery, *, finished: bool) -> DeliveryAnswer:
    return DeliveryAnswer(finished, delivery.lines_written, delivery.lines_existing, delivery.lines_failed)


def record_delivery_outcome(
    delivery_id: int, *, school, outcomes: dict[int, tuple[str, str]] | None = None, error: str = ""
) -> DeliveryAnswer | None:
    """The school's one answer: the outcome of each line it wrote, or the error that stopped it.
    None when the delivery is not this school's (nothing is touched). Written in the public schema
    whatever schema the school's task runs on."""
    with in_public(), transaction.atomic():
        delivery = (
            DecisionDelivery.objects.select_for_update()
            .filter(pk=delivery_id, school_id=school.pk)
            .select_related("decision")
            .first()
        )
        if delivery is None:
            return None
        if delivery.state == DecisionDelivery.State.DONE:
            return _answer(delivery, finished=False)
        if error:
            delivery.state = DecisionDelivery.State.FAILED
            delivery.last_error = error[:2000]
            delivery.save(update_fields=["state", "last_error", "updated_at"])
            return _answer(delivery, finished=False)
        _record_outcomes(delivery, outcomes or {})
        finished = delivery.state == DecisionDelivery.State.DONE
        _advance_decision(delivery.decision_id)
        return _answer(delivery, finished=finished)
