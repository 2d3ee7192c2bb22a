"""One rule for the client's address (office.ops.client_address): the peer, or what the trusted proxy
wrote in X-Forwarded-For; never what a client wrote there itself."""

from django.test import RequestFactory

from office.ops.client_address import client_address


def request_from(peer, forwarded=None):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=peer, **headers)


def test_without_a_trusted_proxy_the_peer_is_the_client(settings):
    settings.TRUSTED_PROXIES = []
    assert client_address(request_from("203.0.113.5", "1.2.3.4")) == "203.0.113.5"


def test_behind_a_trusted_proxy_the_address_it_appended_is_the_client(settings):
    settings.TRUSTED_PROXIES = ["172.16.0.0/12", "127.0.0.1/32"]
    assert client_address(request_from("172.18.0.5", "198.51.100.20")) == "198.51.100.20"
    # Whatever the client put before the proxy's entry is left aside; a chain of our proxies is walked.
    assert client_address(request_from("172.18.0.5", "6.6.6.6, 198.51.100.20")) == "198.51.100.20"
    assert client_address(request_from("127.0.0.1", "198.51.100.20, 172.18.0.9")) == "198.51.100.20"
    assert client_address(request_from("172.18.0.5", "ipv6-or-junk")) == "172.18.0.5"
    assert client_address(request_from("172.18.0.5")) == "172.18.0.5"
    assert client_address(request_from("203.0.113.5", "198.51.100.20")) == "203.0.113.5"


def test_production_trusts_loopback_and_private_networks_only_with_the_proxy_headers():
    import subprocess
    import sys

    code = "from django.conf import settings; print(','.join(settings.TRUSTED_PROXIES))"
    env = {"DJANGO_SETTINGS_MODULE": "office.settings", "PYTHONPATH": ".:platform", "PATH": "/usr/bin:/bin"}
    off = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); " + code],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    on = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); " + code],
        env={**env, "DJANGO_TRUST_PROXY_HEADERS": "1"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert off.stdout.strip() == ""
    assert "127.0.0.0/8" in on.stdout and "172.16.0.0/12" in on.stdout and "0.0.0.0/0" not in on.stdout
