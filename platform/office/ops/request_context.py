"""The request being served by this thread, for log records made while serving it."""

import contextvars
import re
import uuid

current_request = contextvars.ContextVar("tdkt_current_request", default=None)

# What a proxy may hand us as a request id: a UUID or a similar token, nothing that could forge a log line.
_REQUEST_ID_RE = re.compile(r"^[A-Za-z0-9._:-]{8,128}$")


def request_id_from(header_value: str | None) -> str:
    """The proxy's X-Request-ID when it is a plausible id, else a new one."""
    if header_value and _REQUEST_ID_RE.match(header_value):
        return header_value
    return uuid.uuid4().hex


def request_fields(request) -> dict:
    """request_id, school and user_id of a request, as far as they are known yet.

    The user is read only if authentication has already loaded it: a log line must not query the
    database on its own."""
    if request is None:
        return {}
    fields = {"request_id": getattr(request, "request_id", None)}
    school = getattr(request, "school", None)
    fields["school"] = school.code if school is not None else None
    user = request.__dict__.get("_cached_user")
    fields["user_id"] = user.pk if user is not None and user.is_authenticated else None
    return fields
