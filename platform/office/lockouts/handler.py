"""How django-axes counts failed sign-ins here: two limits instead of its one.

Axes compares the largest failure count among its lockout parameters (AXES_LOCKOUT_PARAMETERS:
the user name from this address, then the user name from anywhere) with a single AXES_FAILURE_LIMIT.
With one limit the second parameter would decide alone, and anybody could lock a person out from
anywhere with as few failures as the person would be allowed. So the user name from one address is
held to AXES_FAILURE_LIMIT and the user name from all addresses together to the larger
TDKT_USERNAME_FAILURE_LIMIT."""

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Sum

EXPECTED_PARAMETERS = [["username", "ip_address"], "username"]


def _failures(attempts) -> int:
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


class LockoutHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials=None) -> int:
        if settings.AXES_LOCKOUT_PARAMETERS != EXPECTED_PARAMETERS:
            raise ImproperlyConfigured(
                f"LockoutHandler counts by AXES_LOCKOUT_PARAMETERS = {EXPECTED_PARAMETERS}."
            )
        from_this_address, from_anywhere = (
            _failures(attempts) for attempts in self.get_user_attempts(request, credentials)
        )
        if from_anywhere >= settings.TDKT_USERNAME_FAILURE_LIMIT:
            # Locked everywhere: answer with at least the limit axes compares with.
            return max(from_this_address, get_failure_limit(request, credentials))
        return from_this_address
