from django.conf import settings

from tenants.models import Domain, School


def school_url(school: School, request, path: str = "/") -> str:
    """The address of `school` as seen from the current request: same scheme and port, school's host."""
    host = request.get_host()
    port = f":{host.rsplit(':', 1)[1]}" if ":" in host else ""
    return f"{request.scheme}://{school.host}{port}{path}"


def office_url(request, path: str = "/") -> str:
    """The address of the office's host as seen from the current request (a school's host)."""
    host = request.get_host()
    port = f":{host.rsplit(':', 1)[1]}" if ":" in host else ""
    return f"{request.scheme}://{settings.OFFICE_HOSTS[0]}{port}{path}"


def school_by_id(pk: int) -> School:
    return School.objects.get(pk=pk)


def school_by_code(code: str) -> School | None:
    return School.objects.filter(code=(code or "").strip().lower()).first()


def is_school_host(hostname: str) -> bool:
    """Whether `hostname` (no port) is the domain of an existing school."""
    return Domain.objects.filter(domain=hostname).exists()
