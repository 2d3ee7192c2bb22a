"""The office's re-check of a received dossier (issue 15, item 4): the checker again on the facts stored
in the snapshot, as of the snapshot's day, with the rules and authority of that day. A May dossier
re-checked in August gives the May answer; overrides made after that day and what the school changed
after sending change nothing; a rule corrected for that day shows as a highlighted difference."""

import datetime

from django.utils import timezone
from django_tenants.utils import schema_context

from office.rules.facts import facts_to_json
from office.rules.services import override_rule_parameters
from office.rules.vocabulary import Rating, Title
from office.submissions.models import Submission
from office.submissions.recheck import NO_FACTS, dossier_recheck
from plans.emulation.models import StaffRating
from plans.nominations import services
from plans.nominations.facts import individual_facts
from plans.nominations.models import Nomination
from plans.staff.models import StaffStatusPeriod
from tests.factories.nominations import SCHOOL_YEAR, closed_round, rate, submitted_dossier, teacher
from tests.office.submissions.conftest import dossier_payload

MAY_REVIEW = datetime.date(2026, 5, 20)
AUGUST_NOON = datetime.datetime(2026, 8, 20, 12, 0)


def _in_august(monkeypatch):
    """The office's clock on 20/08/2026: whatever reads today reads August."""
    monkeypatch.setattr(timezone, "now", lambda: timezone.make_aware(AUGUST_NOON))
    assert timezone.localdate() == datetime.date(2026, 8, 20)


def _may_dossier(world, school_year_data):
    round_ = school_year_data["round"]
    round_.meeting_at = timezone.make_aware(datetime.datetime(2026, 5, 20, 14, 0))
    round_.save(update_fields=["meeting_at"])
    return submitted_dossier(world, school_year_data)


def _rule(nominee, code):
    return next(r for r in nominee.rules if r.code == code)


def test_a_may_dossier_rechecked_in_august_gives_the_may_answer(world, school_year_data, monkeypatch):
    with schema_context(world.school_a.schema_name):
        # A complaint about her opens on 1 July, after the review: recorded before the dossier is sent,
        # so it is among the facts sent; in May it did not yet weigh.
        StaffStatusPeriod.objects.create(
            staff=school_year_data["anh"],
            kind=StaffStatusPeriod.Kind.COMPLAINT,
            starts_on=datetime.date(2026, 7, 1),
        )
        _, submission, _ = _may_dossier(world, school_year_data)
    assert submission.payload["as_of"] == "2026-05-20"
    assert all(n["facts"]["kind"] == "individual" for n in submission.payload["nominees"])
    school_verdicts = {n["title"]: n["verdict"] for n in submission.payload["nominees"]}
    assert school_verdicts == {"ldtt": "met", "cstdcs": "met"}

    _in_august(monkeypatch)
    recheck = dossier_recheck(Submission.objects.get(pk=submission.pk))
    assert recheck.as_of == MAY_REVIEW and recheck.as_of_label == "Xét tại ngày 20/05/2026"
    assert {n.title_label: n.verdict for n in recheck.nominees} == {
        "Lao động tiên tiến": "met",
        "Chiến sĩ thi đua cơ sở": "met",
    }
    assert recheck.differences == 0
    assert not any(r.differs for n in recheck.nominees for r in n.rules)


def test_overrides_made_after_the_day_and_later_school_changes_do_not_change_the_answer(
    world, school_year_data, monkeypatch
):
    with schema_context(world.school_a.schema_name):
        _, submission, _ = _may_dossier(world, school_year_data)
        # After sending, the school records a discipline and lowers her rating: its tables change, the
        # snapshot does not, and the office reads only the snapshot.
        anh = school_year_data["anh"]
        StaffStatusPeriod.objects.create(
            staff=anh,
            kind=StaffStatusPeriod.Kind.DISCIPLINE,
            starts_on=datetime.date(2026, 3, 1),
            discipline_level="khien_trach",
        )
        StaffRating.objects.filter(staff=anh).update(rating=Rating.COMPLETED)
    # From 1 June the office asks 30 years of work for LĐTT: after the dossier's day.
    override_rule_parameters(
        code="ldtt.employment",
        authority=world.school_a.authority,
        effective_from=datetime.date(2026, 6, 1),
        parameters={"min_months_employed": 360},
    )
    _in_august(monkeypatch)
    recheck = dossier_recheck(submission)
    assert [n.verdict for n in recheck.nominees] == [n["verdict"] for n in submission.payload["nominees"]]
    assert recheck.differences == 0


def test_a_rule_corrected_for_the_dossiers_day_shows_as_a_difference_on_the_page_and_the_api(
    world, school_year_data, client_for
):
    with schema_context(world.school_a.schema_name):
        _, submission, _ = _may_dossier(world, school_year_data)
    # The office corrects the rule for a day before the review: the re-check is meant to see that.
    override_rule_parameters(
        code="ldtt.employment",
        authority=world.school_a.authority,
        effective_from=datetime.date(2026, 1, 1),
        parameters={"min_months_employed": 360},
    )
    recheck = dossier_recheck(submission)
    ldtt = next(n for n in recheck.nominees if n.title_label == "Lao động tiên tiến")
    assert ldtt.school_verdict == "met" and ldtt.verdict == "not_met" and ldtt.differs
    employment = _rule(ldtt, "ldtt.employment")
    assert (
        employment.differs
        and employment.school["status"] == "met"
        and employment.office["status"] == "not_met"
    )

    client = client_for(world.specialist)
    page = client.get(f"/tham-dinh/{submission.pk}/").content.decode()
    assert 'data-testid="recheck"' in page and 'data-testid="recheck-result"' not in page
    page = client.get(f"/tham-dinh/{submission.pk}/?kiem-tra-lai=1").content.decode()
    assert 'Kết quả kiểm tra lại · <span data-testid="recheck-as-of">Xét tại ngày 20/05/2026</span>' in page
    assert 'data-testid="recheck-differences"' in page and 'data-testid="recheck-diff"' in page

    answer = client.get(f"/api/v1/submissions/{submission.pk}/recheck/").json()
    assert answer["as_of"] == "2026-05-20" and answer["differences"] >= 1
    ldtt_json = next(n for n in answer["nominees"] if n["title_label"] == "Lao động tiên tiến")
    assert ldtt_json["school_verdict"] == "met" and ldtt_json["verdict"] == "not_met" and ldtt_json["differs"]
    # Another office's reviewer does not see it at all.
    assert (
        client_for(world.other_specialist).get(f"/api/v1/submissions/{submission.pk}/recheck/").status_code
        == 404
    )


def test_a_snapshot_sent_before_facts_were_kept_says_it_cannot_be_rechecked(world, send):
    submission = send(payload=dossier_payload(world.school_a))
    recheck = dossier_recheck(submission)
    # Its day is the one its checks were made on, else the day it was sent; never the day of reading.
    assert recheck.as_of == timezone.localdate(submission.submitted_at)
    assert {n.problem for n in recheck.nominees} == {NO_FACTS}
    assert all(n.verdict == "" and not n.differs for n in recheck.nominees)


def test_a_new_hire_short_in_may_is_still_short_when_the_office_rechecks_in_august(world, send, monkeypatch):
    """The case of the issue: recruited 10/01/2026, four months at the May review. The office's re-check
    in August, when she has seven, answers as the May review did."""
    with schema_context(world.school_a.schema_name):
        hire = teacher("Phạm Thu Hà", joined_sector_on=datetime.date(2026, 1, 10))
        rate(hire, SCHOOL_YEAR, Rating.EXCELLENT)
        review_round = closed_round([(hire, Title.LDTT, 14)])
        review_round.meeting_at = timezone.make_aware(datetime.datetime(2026, 5, 20, 14, 0))
        review_round.save(update_fields=["meeting_at"])
        nomination = Nomination.objects.create(school_year=SCHOOL_YEAR, staff=hire, title=Title.LDTT)
        services.run_check(nomination, school=world.school_a, user=world.principal_a)
        nomination.refresh_from_db()
        facts = facts_to_json(
            individual_facts(hire, year=2026, school_year=SCHOOL_YEAR, nomination=nomination)
        )
    assert nomination.checked_on == MAY_REVIEW and nomination.verdict == Nomination.Verdict.NOT_MET
    # The school could not send it (a "not met" blocks sending); the office receives it as a snapshot.
    payload = dossier_payload(
        world.school_a,
        nominees=[
            {
                "nomination": nomination.pk,
                "full_name": hire.full_name,
                "title": "ldtt",
                "title_label": "Lao động tiên tiến",
                "verdict": nomination.verdict,
                "check_report": nomination.check_report,
                "facts": facts,
            }
        ],
    )
    payload["as_of"] = MAY_REVIEW.isoformat()
    submission = send(payload=payload)
    _in_august(monkeypatch)
    (rechecked,) = dossier_recheck(submission).nominees
    assert rechecked.verdict == "not_met" and not rechecked.differs
    assert "đến 20/05/2026 mới được 4 tháng" in _rule(rechecked, "ldtt.employment").office["reason"]
