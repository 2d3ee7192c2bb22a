"""The answer to an uncaught error during an outage: a Vietnamese 503 (a page, or JSON on the API) with
Retry-After, and the usual 500 for anything else. The outage is real: a Redis client talking to a port
where nothing listens."""

import json

import pytest
import redis
from django.test import RequestFactory

from office.core.outages import OUTAGE_MESSAGE, is_outage
from office.core.views import server_error
from tests.conftest import free_port


def _answer_during(error: Exception, path: str):
    try:
        raise error
    except Exception:  # handler500 runs inside Django's except block, as here
        return server_error(RequestFactory().get(path))


@pytest.fixture
def refused() -> Exception:
    client = redis.Redis(port=free_port(), socket_connect_timeout=1)
    with pytest.raises(redis.exceptions.ConnectionError) as caught:
        client.get("x")
    return caught.value


def test_an_outage_is_a_vietnamese_503_page_or_json_on_the_api(refused):
    page = _answer_during(refused, "/ke-hoach/")
    assert page.status_code == 503 and page["Retry-After"] == "30"
    assert "Hệ thống tạm thời gián đoạn" in page.content.decode()
    api = _answer_during(refused, "/api/v1/plans/")
    assert api.status_code == 503 and json.loads(api.content) == {"detail": OUTAGE_MESSAGE}


def test_an_outage_wrapped_in_another_error_is_still_one_and_a_bug_is_a_500(refused):
    try:
        try:
            raise refused
        except redis.exceptions.ConnectionError as exc:
            raise RuntimeError("while reading the cache") from exc
    except RuntimeError as wrapped:
        assert is_outage(wrapped)
    bug = _answer_during(KeyError("x"), "/ke-hoach/")
    assert bug.status_code == 500 and "Đã có lỗi xảy ra" in bug.content.decode()
    assert _answer_during(KeyError("x"), "/api/v1/plans/").status_code == 500
