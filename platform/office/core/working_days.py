"""Working days (ngày làm việc) in Vietnam: the one place that counts them.

A period "of N working days" (the public posting of a proposed list, NĐ 98/2023 Art. 46.2 for state
honours, the school's own quy chế below that) skips Saturdays, Sundays and the public holidays of the
Labour Code 2019 Art. 112: 1/1, Tết Nguyên đán, Giỗ Tổ Hùng Vương (10/3 lunar), 30/4, 1/5, 2/9 and
the day next to it. Tết and Giỗ Tổ follow the lunar calendar and the government fixes the exact Tết
break and any swapped days (a Saturday worked in exchange for a Friday off) every year, so the
calendar comes from the `holidays` package (its Vietnam calendar: lunar dates computed, each year's
Tết break, observed days and swapped working Saturdays as announced), not from a table kept here."""

import datetime
from functools import lru_cache

import holidays


@lru_cache(maxsize=32)
def _calendar(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("VN", years=year)


def holiday_name(day: datetime.date) -> str | None:
    """The public holiday falling on `day`, by the package's (English) name; None on other days."""
    return _calendar(day.year).get(day)


def is_working_day(day: datetime.date) -> bool:
    """Monday to Friday except public holidays, plus a Saturday the government made a working day."""
    return _calendar(day.year).is_working_day(day)


def add_working_days(start: datetime.date, count: int) -> datetime.date:
    """The last day of a period of `count` working days that begins on `start`: `start` itself
    counts when it is a working day (a list posted on Monday morning for 5 working days is up until
    Friday evening); otherwise the period begins on the next working day."""
    if count < 1:
        raise ValueError("a period has at least one working day")
    day = start
    while not is_working_day(day):
        day += datetime.timedelta(days=1)
    counted = 1
    while counted < count:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            counted += 1
    return day


def working_days_between(first: datetime.date, last: datetime.date) -> int:
    """How many working days lie from `first` to `last`, both included (0 when last < first)."""
    count, day = 0, first
    while day <= last:
        count += is_working_day(day)
        day += datetime.timedelta(days=1)
    return count
