"""Which failures mean a service the platform depends on is away for a moment (the database restarting,
Redis stopped, the queue or object storage unreachable), as opposed to a fault of the code. The
person gets a Vietnamese 503 page saying to try again, never a traceback nor a "system error" page
that reads as if their data were lost: what they did was in a transaction that rolled back."""

import redis.exceptions
from django.db import InterfaceError, OperationalError
from kombu.exceptions import OperationalError as BrokerError

from office.core.errors import Unavailable

OUTAGES = (
    OperationalError,  # the database refused, restarted, or dropped the connection mid-request
    InterfaceError,  # a connection already closed under us
    redis.exceptions.ConnectionError,  # also redis' TimeoutError's family: the cache is Redis
    redis.exceptions.TimeoutError,
    BrokerError,
    Unavailable,
)
RETRY_AFTER_SECONDS = 30
OUTAGE_MESSAGE = (
    "Hệ thống tạm thời gián đoạn (một dịch vụ đang khởi động lại hoặc không kết nối được). "
    "Thao tác chưa hoàn tất thì không để lại dữ liệu ghi dở. Vui lòng thử lại sau ít phút."
)


def is_outage(exc: BaseException | None) -> bool:
    """The exception, or one it was raised from, is a service being away."""
    seen = 0
    while exc is not None and seen < 10:
        if isinstance(exc, OUTAGES):
            return True
        exc = exc.__cause__ or exc.__context__
        seen += 1
    return False
