"""TDKT_ENV=production, checked in processes of their own as a server would start them."""

import secrets
import subprocess
import sys

import pytest

from tests.conftest import REPO_DIR, process_env

GOOD = {
    "TDKT_ENV": "production",
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
    "DJANGO_ALLOWED_HOSTS": "thiduakhenthuong.vn,.thiduakhenthuong.vn",
    "TDKT_BASE_DOMAIN": "thiduakhenthuong.vn",
}


def manage(*args, **env):
    base = process_env(**env)
    # Browser tests' conftest allows async-unsafe calls in the test process; a server never does.
    for name in ("DJANGO_DEBUG", "DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE"):
        if name not in env:
            base.pop(name, None)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=REPO_DIR, env=base, capture_output=True, text=True
    )


def test_check_deploy_finds_nothing_to_warn_about_in_production_mode():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **GOOD)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNING" not in result.stderr


def test_development_mode_fails_the_deploy_check_so_the_check_can_tell():
    result = manage("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode != 0
    assert "security.W" in result.stderr


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"DJANGO_SECRET_KEY": None}, "DJANGO_SECRET_KEY chưa đặt hoặc là khoá dùng cho máy phát triển"),
        (
            {"DJANGO_SECRET_KEY": "dev-only-insecure-key-change-me-in-production-0123456789"},
            "khoá dùng cho máy phát triển",
        ),
        ({"DJANGO_SECRET_KEY": "ngan-qua"}, "DJANGO_SECRET_KEY quá ngắn hoặc quá đơn giản"),
        ({"DJANGO_SECRET_KEY": "a" * 60}, "DJANGO_SECRET_KEY quá ngắn hoặc quá đơn giản"),
        ({"DJANGO_DEBUG": "1"}, "DJANGO_DEBUG đang bật"),
        ({"DJANGO_ALLOWED_HOSTS": None}, "DJANGO_ALLOWED_HOSTS chưa đặt"),
        ({"DJANGO_ALLOWED_HOSTS": " "}, "DJANGO_ALLOWED_HOSTS chưa đặt"),
    ],
)
def test_production_mode_refuses_to_start_with_an_unsafe_setting(change, message):
    env = {**GOOD, **change}
    env = {name: value for name, value in env.items() if value is not None}
    result = manage("check", **env)
    assert result.returncode != 0
    assert "Không khởi động ở chế độ vận hành thực tế" in result.stderr
    assert message in result.stderr


def test_an_unknown_mode_is_refused():
    result = manage("check", TDKT_ENV="prod")
    assert result.returncode != 0
    assert "TDKT_ENV “prod” không hợp lệ" in result.stderr


PROBE = """
from django.conf import settings
print(settings.STORAGES["staticfiles"]["BACKEND"], settings.WHITENOISE_USE_FINDERS, settings.SESSION_COOKIE_SECURE,
      settings.SECURE_SSL_REDIRECT, settings.SECURE_HSTS_SECONDS, getattr(settings, "SECURE_PROXY_SSL_HEADER", None))
"""


def test_development_needs_no_variable_and_production_turns_on_https_and_hashed_static_files():
    dev = manage("shell", "--no-imports", "-c", PROBE)
    assert dev.returncode == 0, dev.stderr
    assert dev.stdout.split()[:5] == [
        "django.contrib.staticfiles.storage.StaticFilesStorage",
        "True",
        "False",
        "False",
        "0",
    ]
    prod = manage("shell", "--no-imports", "-c", PROBE, **GOOD)
    assert prod.returncode == 0, prod.stderr
    assert prod.stdout.split() == [
        "office.core.static_files.StaticFilesStorage",
        "False",
        "True",
        "True",
        "31536000",
        "('HTTP_X_FORWARDED_PROTO',",
        "'https')",
    ]
