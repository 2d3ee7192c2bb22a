"""What the dashboard's query string asks for, read the same way by the page, the export and the API,
so that the export is exactly what is shown."""

from dataclasses import dataclass

from django.http import QueryDict

from office.core.school_years import current_school_year, parse_school_year
from office.core.search import search_words
from reporting.dashboard.selectors import SORT_KEYS, STATE_FILTERS
from tenants.models import School


@dataclass(frozen=True)
class DashboardParams:
    school_year: str
    level: str = ""
    cluster: int | None = None
    state: str = ""
    sort: str = "name"
    ward: int | None = None  # the managing office (a ward, or the Sở for the schools it runs)
    page: int = 1  # of the city's list of schools
    q: str = ""  # a school's name or code, accents and case ignored

    def as_kwargs(self) -> dict:
        return {
            "level": self.level,
            "cluster": self.cluster,
            "state": self.state,
            "sort": self.sort,
            "ward": self.ward,
            "q": self.q,
        }

    def query(self, **changes) -> str:
        """The query string of these parameters with `changes`, for links that keep the filters."""
        values = {
            "nam_hoc": self.school_year,
            "cap": self.level,
            "cum": self.cluster or "",
            "tinh_trang": self.state,
            "sap_xep": self.sort,
            "phuong": self.ward or "",
            "q": self.q,
            **changes,
        }
        query = QueryDict(mutable=True)
        for name, value in values.items():
            if value not in ("", None):
                query[name] = str(value)
        return query.urlencode()


def read_params(get: QueryDict) -> DashboardParams:
    """Unknown or malformed values fall back to "everything" rather than failing the page."""
    school_year = get.get("nam_hoc", "") or get.get("school_year", "")
    try:
        start, end = parse_school_year(school_year)
        school_year = f"{start}-{end}"
    except ValueError:
        school_year = current_school_year()
    level = get.get("cap", "")
    cluster = get.get("cum", "")
    state = get.get("tinh_trang", "")
    sort = get.get("sap_xep", "name")
    ward = get.get("phuong", "")
    page = get.get("trang", "")
    return DashboardParams(
        school_year=school_year,
        level=level if level in School.Level.values else "",
        cluster=int(cluster) if cluster.isdigit() else None,
        state=state if state in STATE_FILTERS else "",
        sort=sort if sort.lstrip("-") in SORT_KEYS else "name",
        ward=int(ward) if ward.isdigit() and len(ward) < 10 else None,
        page=int(page) if page.isdigit() and len(page) < 7 else 1,
        q=search_words(get.get("q")),
    )
