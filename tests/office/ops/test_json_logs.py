"""JSON log lines carry the request id, the host's school and the user id (office.ops.log_format)."""

import io
import json
import logging
import sys

import pytest

from office.ops.log_format import JsonFormatter, RequestContextFilter


@pytest.fixture
def log_lines():
    """What the platform's console handler would write, as the settings configure it."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestContextFilter())
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("office.requests")
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    logger.removeHandler(handler)
    logger.setLevel(level)


def test_a_request_line_names_the_request_the_school_and_the_user(world, client_for, log_lines):
    client = client_for(world.principal_a, world.school_a)
    response = client.get("/can-bo/", HTTP_X_REQUEST_ID="9f0c2a7e-1b2c-4d5e-8f90-123456789abc")
    assert response.status_code == 200
    (entry,) = [line for line in log_lines() if line["path"] == "/can-bo/"]
    assert entry["request_id"] == "9f0c2a7e-1b2c-4d5e-8f90-123456789abc"
    assert entry["school"] == world.school_a.code
    assert entry["user_id"] == world.principal_a.pk
    assert entry["status"] == 200 and entry["view"] == "staff-page" and entry["level"] == "INFO"
    assert entry["db_queries"] > 0


def test_an_anonymous_request_to_the_office_has_no_school_nor_user(world, client, log_lines):
    client.get("/tai-khoan/dang-nhap/", HTTP_HOST="localhost")
    (entry,) = [line for line in log_lines() if line["path"] == "/tai-khoan/dang-nhap/"]
    assert entry["school"] is None and entry["user_id"] is None
    assert entry["client"] == "127.0.0.1"  # the address failed sign-ins count against (client_address)
    assert len(entry["request_id"]) == 32


def test_django_own_request_warnings_carry_the_request_id(world, client_for):
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestContextFilter())
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    try:
        client_for(world.principal_a, world.school_a).get(
            "/khong-co-trang-nay/", HTTP_X_REQUEST_ID="aaaaaaaa-1111-2222-3333-444444444444"
        )
    finally:
        logger.removeHandler(handler)
    (entry,) = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert entry["message"].startswith("Not Found")
    assert entry["request_id"] == "aaaaaaaa-1111-2222-3333-444444444444"
    assert entry["school"] == world.school_a.code
    assert "request" not in entry  # the request object itself is not dumped into the log


def test_outside_a_request_the_fields_are_empty_and_exceptions_are_kept():
    record = logging.LogRecord("tdkt", logging.ERROR, __file__, 1, "Lỗi %s", ("nhập",), None)
    try:
        raise ValueError("sai")
    except ValueError:
        record.exc_info = sys.exc_info()
    RequestContextFilter().filter(record)
    entry = json.loads(JsonFormatter().format(record))
    assert entry["message"] == "Lỗi nhập"
    assert entry["request_id"] is None and entry["school"] is None and entry["user_id"] is None
    assert "ValueError: sai" in entry["exception"]
