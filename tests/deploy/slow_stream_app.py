"""A WSGI application that streams its body slowly, for test_gunicorn_streaming.py: gunicorn serves it
with deploy/gunicorn.conf.py, as it serves the platform's long downloads (the evidence ZIP, big Excel
exports), which stream for as long as object storage and the client take."""

import os
import time

CHUNKS = int(os.environ.get("SLOW_STREAM_CHUNKS", "12"))
PAUSE = float(os.environ.get("SLOW_STREAM_PAUSE", "0.5"))
CHUNK = b"x" * 1024


def application(environ, start_response):
    start_response(
        "200 OK",
        [("Content-Type", "application/octet-stream"), ("Content-Length", str(CHUNKS * len(CHUNK)))],
    )

    def body():
        for _ in range(CHUNKS):
            time.sleep(PAUSE)
            yield CHUNK

    return body()
