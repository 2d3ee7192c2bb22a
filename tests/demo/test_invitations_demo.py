"""The demo office shows invitations in every state, and loading it again adds none."""

import pytest
from django.core.management import call_command
from django_tenants.utils import schema_context

from office.accounts.models import Membership, Role
from office.invitations.models import Invitation
from plans.staff.models import Staff
from tests.demo.test_demo import demo_office  # noqa: F401 - the module's loaded demo

pytestmark = pytest.mark.usefixtures("demo_office")


def test_the_demo_has_waiting_accepted_and_expired_invitations(demo_office, db):  # noqa: F811
    lequydon = demo_office.schools["lequydon"]
    states = [invitation.state for invitation in Invitation.objects.filter(school=lequydon)]
    assert states.count("accepted") == 1 and states.count("expired") == 1 and states.count("pending") >= 3
    accepted = Invitation.objects.get(school=lequydon, accepted_at__isnull=False)
    assert Membership.objects.filter(user=accepted.accepted_by, school=lequydon, role=Role.STAFF).exists()
    with schema_context(lequydon.schema_name):
        assert Staff.objects.get(pk=accepted.staff_id).user_id == accepted.accepted_by_id
    office = Invitation.objects.filter(authority__isnull=False).get()
    assert office.state == "accepted" and office.accepted_by.username == "phong.chuyenvien2"
    assert Invitation.objects.get(school__code="hoasen").state == "pending"
    count = Invitation.objects.count()
    call_command("load_demo", "--quiet")
    assert Invitation.objects.count() == count
