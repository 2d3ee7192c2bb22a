"""An S3 service of one test's own that the test can take down and bring back: moto's server on a free
port whose HTTP listener is stopped and started again on the same port. moto keeps buckets and objects
in the test process's memory, not in the listener, so what was stored before the outage is there
after it, as with a real S3 service restarting; while it is down, every call is refused at the TCP
level like a storage host that went away."""

import socket
import uuid

import pytest

from tests.conftest import free_port, wait_for_port


class PrivateS3:
    def __init__(self):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.server = None

    def start(self) -> None:
        from moto.server import ThreadedMotoServer

        self.server = ThreadedMotoServer(ip_address="127.0.0.1", port=self.port, verbose=False)
        self.server.start()
        wait_for_port(self.port)

    def stop(self) -> None:
        self.server.stop()
        self.server = None
        with socket.socket() as sock:  # really down: nothing answers on the port
            assert sock.connect_ex(("127.0.0.1", self.port)) != 0


@pytest.fixture
def private_s3(settings):
    """Object storage switched to a private S3 server with a fresh bucket; yields (server, storage).
    Storage gives up after two quick attempts, so a test of the outage takes seconds."""
    from office.core.object_storage import get_object_storage

    server = PrivateS3()
    server.start()
    settings.OBJECT_STORAGE_BACKEND = "s3"
    settings.S3_ENDPOINT_URL = server.url
    settings.S3_BUCKET = f"test-{uuid.uuid4().hex[:12]}"
    settings.S3_ACCESS_KEY_ID = "testing"
    settings.S3_SECRET_ACCESS_KEY = "testing"
    settings.S3_MAX_ATTEMPTS = 2
    settings.S3_CONNECT_TIMEOUT_SECONDS = 1
    get_object_storage.cache_clear()
    storage = get_object_storage()
    storage.ensure_bucket()
    yield server, storage
    if server.server is not None:
        server.stop()
    get_object_storage.cache_clear()
