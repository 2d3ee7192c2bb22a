def test_healthz_reports_every_service_up(world, client):
    response = client.get("/healthz", HTTP_HOST="localhost")
    assert response.status_code == 200
    assert response.json()["services"] == {
        "postgresql": {"ok": True},
        "redis": {"ok": True},
        "object_storage": {"ok": True},
    }


def test_healthz_answers_503_and_names_the_service_that_is_down(world, client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get("/healthz", HTTP_HOST="localhost")
    assert response.status_code == 503
    assert response.json()["down"] == ["redis"]


def test_healthz_checks_s3_when_it_is_configured(world, client, s3_storage, settings):
    assert client.get("/healthz", HTTP_HOST="localhost").status_code == 200
    settings.S3_BUCKET = "no-such-bucket"
    from office.core.object_storage import get_object_storage

    get_object_storage.cache_clear()
    response = client.get("/healthz", HTTP_HOST="localhost")
    assert response.status_code == 503
    assert response.json()["down"] == ["object_storage"]
