"""The getting-started list on a school's home page ticks itself from the school's data and is gone
when every step is done."""

import datetime
import re

from django_tenants.utils import schema_context

from office.core.school_years import current_school_year
from office.invitations import services as invitations
from plans.emulation.models import RegistrationCampaign
from plans.planning.models import Plan
from plans.staff.models import Staff


def _steps(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    if 'data-testid="getting-started"' not in html:
        return None
    return {
        key: done == "true" for key, done in re.findall(r'data-testid="step-(\w+)" data-done="(\w+)"', html)
    }


def test_the_steps_tick_themselves_and_the_list_goes_away(world, client_for):
    client = client_for(world.principal_a, world.school_a)
    # The world's school has staff already; nothing else is done.
    assert _steps(client) == {"staff": True, "invitations": False, "plan": False, "registration": False}
    with schema_context(world.school_a.schema_name):
        staff = Staff.objects.filter(user__isnull=True).first()
    invitations.invite_staff(
        school=world.school_a, staff_id=staff.pk, full_name=staff.full_name, user=world.principal_a
    )
    assert _steps(client)["invitations"] is True
    with schema_context(world.school_a.schema_name):
        Plan.objects.create(year=2025, title="Kế hoạch thi đua năm 2025")
        RegistrationCampaign.objects.create(
            school_year=current_school_year(), opens_on=datetime.date.today(), deadline=datetime.date.today()
        )
    assert _steps(client) is None
    # Staff members do not see the list at all.
    with schema_context(world.school_a.schema_name):
        RegistrationCampaign.objects.all().delete()
    assert _steps(client_for(world.teacher_a, world.school_a)) is None
    assert _steps(client)["registration"] is False
