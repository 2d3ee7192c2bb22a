"""The checks a production process makes of its own settings before it serves anything.

Imported by office.settings, so it imports nothing from Django's apps."""

from django.core.exceptions import ImproperlyConfigured

# Secrets that were ever written in this repository, or are too easy to guess: a production process
# that finds one of them has been started with a development configuration.
DEVELOPMENT_SECRET_KEY = "dev-only-insecure-key-change-me-in-production-0123456789"  # noqa: S105 - known, refused
KNOWN_SECRET_KEYS = {
    DEVELOPMENT_SECRET_KEY,
    "",
    "changeme",
    "change-me",
    "secret",
    "django-insecure",
}
MIN_SECRET_KEY_LENGTH = 50
MIN_SECRET_KEY_CHARACTERS = 5


def production_problems(*, debug: bool, secret_key: str, allowed_hosts_from_env: str | None) -> list[str]:
    """What stops this configuration from serving the public, in Vietnamese (empty when nothing does)."""
    problems = []
    if debug:
        problems.append("DJANGO_DEBUG đang bật: ở chế độ vận hành thực tế phải tắt (DJANGO_DEBUG=0).")
    key = (secret_key or "").strip()
    if key in KNOWN_SECRET_KEYS or key.startswith("django-insecure") or key.startswith("dev-only"):
        problems.append(
            "DJANGO_SECRET_KEY chưa đặt hoặc là khoá dùng cho máy phát triển: hãy đặt một khoá ngẫu nhiên "
            "riêng, ví dụ tạo bằng `python -c 'import secrets; print(secrets.token_urlsafe(50))'`."
        )
    elif len(key) < MIN_SECRET_KEY_LENGTH or len(set(key)) < MIN_SECRET_KEY_CHARACTERS:
        problems.append(
            f"DJANGO_SECRET_KEY quá ngắn hoặc quá đơn giản: cần ít nhất {MIN_SECRET_KEY_LENGTH} ký tự "
            f"ngẫu nhiên ({MIN_SECRET_KEY_CHARACTERS} ký tự khác nhau trở lên)."
        )
    if not (allowed_hosts_from_env or "").strip():
        problems.append(
            "DJANGO_ALLOWED_HOSTS chưa đặt: hãy liệt kê tên miền của cơ quan và của các trường, "
            "ví dụ `thiduakhenthuong.vn,.thiduakhenthuong.vn`."
        )
    return problems


def refuse_unsafe_production_settings(**settings) -> None:
    problems = production_problems(**settings)
    if problems:
        lines = "\n".join(f"  - {problem}" for problem in problems)
        raise ImproperlyConfigured(
            f"Không khởi động ở chế độ vận hành thực tế (TDKT_ENV=production) vì cấu hình chưa an toàn:\n{lines}"
        )
