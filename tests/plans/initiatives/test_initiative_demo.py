"""The demo initiatives load into Lê Quý Đôn and Yên Hoà once, with real documents in storage."""

from django_tenants.utils import schema_context

from office.accounts.models import User
from office.rules.vocabulary import Scope
from plans.evidence.models import Evidence
from plans.initiatives.demo import load_demo
from plans.initiatives.models import Initiative, InitiativeCouncil, Review
from plans.initiatives.selectors import initiative_facts, recognized_initiatives
from plans.models import Staff
from tenants.demo import DEMO_ACCOUNTS, load_demo_office


def test_the_demo_loads_once_with_decided_scored_and_waiting_initiatives(db, local_storage):
    schools = load_demo_office()["schools"]
    users = {u.username: u for u in User.objects.filter(username__in=[a[0] for a in DEMO_ACCOUNTS])}
    load_demo(schools, users)
    with schema_context("lequydon"):
        counts = (Initiative.objects.count(), Review.objects.count(), Evidence.objects.count())
        lan_anh = Staff.objects.get(user=users["lqd.giaovien"])
        recognized = recognized_initiatives(lan_anh)
        assert [(i.school_year, i.scope) for i in recognized] == [
            ("2024-2025", Scope.SCHOOL),
            ("2025-2026", Scope.SCHOOL),
        ]
        assert [fact.year for fact in initiative_facts(lan_anh)] == [2025, 2026]
        this_year = Initiative.objects.filter(school_year="2025-2026")
        assert this_year.filter(status=Initiative.Status.DECIDED, recognized=True).count() == 2
        assert this_year.count() >= 6
        council = InitiativeCouncil.objects.get(school_year="2025-2026")
        assert council.chair == users["lqd.hieutruong"]
        assert {m.user_id for m in council.memberships.all()} == {
            users[name].pk for name in ("lqd.hieutruong", "lqd.phohieutruong", "lqd.thuky")
        }
        assert Review.objects.filter(same_department=True).exists()  # the secretary teaches in Tổ khối 1
        for evidence in Evidence.objects.all():
            assert evidence.status == Evidence.Status.VERIFIED
            stored = local_storage.stat(evidence.key)
            assert stored is not None and stored.size == evidence.size
        assert {e.content_type.rsplit("/", 1)[-1][:3] for e in Evidence.objects.all()} >= {"pdf", "vnd"}
    with schema_context("yenhoa"):
        assert Initiative.objects.count() == 2
    load_demo(schools, users)
    with schema_context("lequydon"):
        assert (Initiative.objects.count(), Review.objects.count(), Evidence.objects.count()) == counts
    with schema_context("yenhoa"):
        assert Initiative.objects.count() == 2
