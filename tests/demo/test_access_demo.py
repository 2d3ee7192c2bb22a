"""The demo's access part (demo.access): a lockout to lift that never stops the demo's own sign-ins,
and a labelled API token; loading it again adds nothing."""

from django.conf import settings
from django_tenants.utils import schema_context

from demo.access import (
    GUESSER_ADDRESS,
    LOCKED_USERNAME,
    TOKEN_LABEL,
    TOKEN_OWNER,
    load_calendar_feed,
    load_demo,
)
from office.accounts.services import ensure_user
from office.lockouts.selectors import locked_until, lockouts
from office.tokens.models import ApiToken
from plans.planning.models import CalendarFeed


def test_the_demo_shows_a_lockout_and_a_token_and_loads_once(db):
    users = {
        name: ensure_user(username=name, full_name=name, password=None)
        for name in (LOCKED_USERNAME, TOKEN_OWNER, "lqd.giaovien")
    }
    load_demo(users)
    load_demo(users)
    (lockout,) = lockouts([LOCKED_USERNAME, "lqd.giaovien"])
    assert lockout.username == LOCKED_USERNAME and lockout.address == GUESSER_ADDRESS
    assert lockout.failures >= settings.AXES_FAILURE_LIMIT
    # Only the guesser's address: the teacher signs in from her own, and lqd.giaovien is free.
    assert locked_until(LOCKED_USERNAME, "127.0.0.1") is None
    assert locked_until("lqd.giaovien", "127.0.0.1") is None
    (token,) = ApiToken.objects.filter(user=users[TOKEN_OWNER])
    assert token.label == TOKEN_LABEL and token.last_used_at is not None


def test_the_demo_teacher_has_a_calendar_address_used_recently_and_it_is_made_once(world, client_for):
    load_calendar_feed(world.school_a, world.teacher_a)
    load_calendar_feed(world.school_a, world.teacher_a)
    with schema_context(world.school_a.schema_name):
        (feed,) = CalendarFeed.objects.filter(user_id=world.teacher_a.pk)
    assert feed.last_used_at is not None
    html = client_for(world.teacher_a, world.school_a).get("/").content.decode()
    assert "ứng dụng lịch đọc lần cuối lúc" in html and 'data-testid="calendar-feed-revoke"' in html
