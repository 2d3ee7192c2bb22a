"""Access in the demo office: a sign-in lockout to lift on the office's "Khóa đăng nhập" page and an
API token on a principal's "Khóa truy cập API" page."""

from datetime import timedelta

from axes.models import AccessAttempt
from django.conf import settings
from django.utils import timezone

from office.tokens.models import ApiToken
from office.tokens.services import create_token

# Somebody guessed Yên Hoà's teacher's password from one address: that address is locked, the teacher
# still signs in from her own (below the user name's own limit). Never lqd.giaovien: the check
# types 35 wrong passwords for that account after `make run` and expects the right one to work first.
LOCKED_USERNAME = "yh.giaovien"
GUESSER_ADDRESS = "113.185.42.17"
TOKEN_OWNER = "lqd.hieutruong"
TOKEN_LABEL = "Bảng tính tổng hợp thi đua của trường"


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
