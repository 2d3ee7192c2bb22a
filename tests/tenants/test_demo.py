from django.core.management import call_command
from django_tenants.utils import schema_context

from office.accounts.models import Membership, Role
from plans.models import Staff
from tenants.demo import DEMO_ACCOUNTS, DEMO_SCHOOLS
from tenants.models import School


def test_demo_office_loads_once_with_every_role(db, capsys, local_storage):
    call_command("load_demo")
    first = capsys.readouterr().out
    call_command("load_demo", "--quiet")
    codes = {spec.code for spec in DEMO_SCHOOLS}
    assert set(School.objects.filter(code__in=codes).values_list("code", flat=True)) == codes
    assert len(codes) >= 5
    assert {"mam_non", "tieu_hoc", "thcs"} <= set(
        School.objects.filter(code__in=codes).values_list("level", flat=True)
    )
    roles = set(
        Membership.objects.filter(user__username__in=[a[0] for a in DEMO_ACCOUNTS]).values_list(
            "role", flat=True
        )
    )
    assert roles == set(Role.values)
    for spec in DEMO_SCHOOLS:
        with schema_context(spec.code):
            assert Staff.objects.count() == spec.staff_count  # the second load added nobody
    # The dashboard's part: the office's timeline with passed dates, and every school's facts counted.
    from office.facts.models import OfficeDeadline, SchoolFacts
    from reporting.dashboard.selectors import office_dashboard

    office = School.objects.get(code="lequydon").authority
    assert OfficeDeadline.objects.filter(authority=office, school_year="2025-2026").count() == 4
    lequydon = SchoolFacts.objects.get(school__code="lequydon", school_year="2025-2026")
    assert lequydon.staff_total == 42 and lequydon.registration_submitted and lequydon.awards_total > 0
    specialist = Membership.objects.get(user__username="phong.chuyenvien").user
    rows = {row.code: row for row in office_dashboard(specialist, "2025-2026").rows}
    assert set(rows) == codes
    assert rows["lequydon"].plan_issued and any(row.is_late for row in rows.values())
    facts_before = list(SchoolFacts.objects.order_by("pk").values_list("pk", "staff_total", "awards_total"))
    deadlines_before = OfficeDeadline.objects.count()
    call_command("load_demo", "--quiet")
    assert (
        list(SchoolFacts.objects.order_by("pk").values_list("pk", "staff_total", "awards_total"))
        == facts_before
    )
    assert OfficeDeadline.objects.count() == deadlines_before
    assert "http://lequydon.localhost:" in first
    assert "lqd.hieutruong" in first and "tdkt2026" in first
