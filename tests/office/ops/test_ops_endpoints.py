"""/livez, /readyz and /tls-ask: answered on any host, before the host is routed or checked."""

from django.test import Client


def test_liveness_answers_on_any_host_without_touching_a_service(db, django_assert_num_queries, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens: liveness must not care
    with django_assert_num_queries(0):
        response = Client(HTTP_HOST="10.1.2.3:8000").get("/livez")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readiness_reports_every_service_and_503_when_one_is_down(world, settings):
    client = Client(HTTP_HOST="web-7f9c:8000")  # a pod's name: not an allowed host
    response = client.get("/readyz")
    assert response.status_code == 200
    assert set(response.json()["services"]) == {"postgresql", "redis", "object_storage"}
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["down"] == ["redis"]


def test_the_tls_question_is_yes_only_for_the_office_and_existing_schools(world):
    client = Client(HTTP_HOST="127.0.0.1:8000")

    def ask(domain):
        return client.get("/tls-ask", {"domain": domain}).status_code

    assert ask(world.school_a.host) == 200
    assert ask(world.school_a.host.upper() + ".") == 200  # as a resolver may write it
    assert ask("localhost") == 200
    assert ask("khongco.localhost") == 404
    assert ask("evil.example.com") == 404
    assert ask("") == 404
    assert client.get("/tls-ask").status_code == 404


def test_the_tls_question_is_yes_for_the_object_storage_host_browsers_upload_to(world, settings):
    client = Client(HTTP_HOST="127.0.0.1:8000")
    assert client.get("/tls-ask", {"domain": "files.localhost"}).status_code == 404
    settings.S3_ENDPOINT_URL = "https://files.localhost"
    assert client.get("/tls-ask", {"domain": "files.localhost"}).status_code == 200


def test_ops_paths_answer_only_get(world):
    assert Client().post("/livez").status_code == 405


def test_the_request_id_of_the_proxy_is_kept_and_a_bad_one_replaced(world):
    client = Client(HTTP_HOST="localhost")
    response = client.get("/livez", HTTP_X_REQUEST_ID="5762633c-4328-45b2-8fcb-92f12ca07abd")
    assert response["X-Request-ID"] == "5762633c-4328-45b2-8fcb-92f12ca07abd"
    forged = client.get("/livez", HTTP_X_REQUEST_ID='x" level=ERROR\nfake')
    assert forged["X-Request-ID"] != 'x" level=ERROR\nfake'
    assert len(forged["X-Request-ID"]) == 32
