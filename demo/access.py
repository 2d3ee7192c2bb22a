"""Access in the demo office: a sign-in lockout to lift on the office's "Khóa đăng nhập" page, an
API token on a principal's "Khóa truy cập API" page, and a teacher's calendar address (Lịch công tác)
on Lê Quý Đôn's home page, read by her phone's calendar a few hours ago."""

from datetime import timedelta

from axes.models import AccessAttempt
from django.conf import settings
from django.utils import timezone
from django_tenants.utils import schema_context

from office.tokens.models import ApiToken
from office.tokens.services import create_token
from plans.planning.models import CalendarFeed
from plans.planning.services import issue_calendar_feed

# Somebody guessed Yên Hoà's teacher's password from one address: that address is locked, the teacher
# still signs in from her own (below the user name's own limit). Never lqd.giaovien: the issue's check
# types 35 wrong passwords for that account after `make run` and expects the right one to work first.
LOCKED_USERNAME = "yh.giaovien"
GUESSER_ADDRESS = "113.185.42.17"
TOKEN_OWNER = "lqd.hieutruong"
TOKEN_LABEL = "Bảng tính tổng hợp thi đua của trường"
FEED_SCHOOL, FEED_OWNER = "lequydon", "lqd.giaovien"


def load_demo(users) -> None:
    now = timezone.now()
    # A lockout lasts AXES_COOLOFF_TIME from the last failure: written afresh at every load (make run
    # loads the demo when it starts), so it is there to see and lift for that long.
    AccessAttempt.objects.update_or_create(
        username=LOCKED_USERNAME,
        ip_address=GUESSER_ADDRESS,
        user_agent="Mozilla/5.0 (Windows NT 10.0; Win64; x64)",
        defaults={
            "failures_since_start": settings.AXES_FAILURE_LIMIT + 2,
            "attempt_time": now - timedelta(minutes=2),
            "get_data": "",
            "post_data": "username=********************\npassword=********************",
            "http_accept": "text/html",
            "path_info": "/tai-khoan/dang-nhap/",
        },
    )
    owner = users[TOKEN_OWNER]
    if not ApiToken.objects.filter(user=owner, label=TOKEN_LABEL).exists():
        # The secret is not kept anywhere: the page shows only the token's first characters.
        token, _secret = create_token(owner, label=TOKEN_LABEL, valid_days=365)
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now - timedelta(hours=3))


def load_calendar_feed(school, user) -> None:
    """The teacher has subscribed her phone to her calendar address; the page shows when it was made
    and last read, and offers a new one or revoking it (the address itself is not kept, as in life)."""
    with schema_context(school.schema_name):
        if CalendarFeed.objects.filter(user_id=user.pk).exists():
            return
        feed, _secret = issue_calendar_feed(user, school=school)
        now = timezone.now()
        CalendarFeed.objects.filter(pk=feed.pk).update(
            created_at=now - timedelta(days=40), last_used_at=now - timedelta(hours=2)
        )
