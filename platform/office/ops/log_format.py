"""JSON log lines, each carrying the request id, the school of the host and the user id of the
request being served (or nothing, outside a request)."""

import json
import logging
from datetime import UTC, datetime

from office.ops.request_context import current_request, request_fields

# Attributes every LogRecord has; anything else on a record was passed in `extra` and is logged too.
_STANDARD_ATTRIBUTES = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}
_CONTEXT_FIELDS = ("request_id", "school", "user_id")
# Objects some loggers attach (django.request: the request, the server's socket); their fields are
# logged instead.
_NOT_LOGGED = {"request", "server_time"}


class RequestContextFilter(logging.Filter):
    """Adds request_id, school and user_id to every record made while a request is served."""

    def filter(self, record):
        # Django logs a 4xx/5xx response after the middleware has returned; it passes the request along.
        request = getattr(record, "request", None) or current_request.get()
        fields = request_fields(request if hasattr(request, "META") else None)
        for name in _CONTEXT_FIELDS:
            if not hasattr(record, name):
                setattr(record, name, fields.get(name))
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record):
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name, value in vars(record).items():
            if name not in _STANDARD_ATTRIBUTES and name not in _NOT_LOGGED and not name.startswith("_"):
                entry[name] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)
