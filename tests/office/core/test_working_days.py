"""Working days in Vietnam: weekends and public holidays skipped, across Tết, 30/4–1/5 and 2/9, and a
Saturday the government made a working day in exchange counts."""

import datetime

import pytest

from office.core.working_days import add_working_days, is_working_day, working_days_between

D = datetime.date


@pytest.mark.parametrize(
    ("start", "days", "last"),
    [
        # An ordinary week: Monday + 5 working days ends on Friday.
        (D(2025, 10, 6), 5, D(2025, 10, 10)),
        # Posted on a Saturday: the period starts on Monday.
        (D(2025, 10, 4), 1, D(2025, 10, 6)),
        # Tết 2025: Mon 27/1 – Fri 31/1 are off (the government's break), so Thu 23/1 + 5 → Wed 5/2.
        (D(2025, 1, 23), 5, D(2025, 2, 5)),
        # Tết 2026: Mon 16/2 – Fri 20/2 off; Thu 12/2 + 5 → Wed 25/2.
        (D(2026, 2, 12), 5, D(2026, 2, 25)),
        # 30/4 (Thu) and 1/5 (Fri) 2026 off: Tue 28/4 + 5 → Wed 6/5.
        (D(2026, 4, 28), 5, D(2026, 5, 6)),
        # 2/9 and the day before it, 2025 (Mon 1/9, Tue 2/9): Thu 28/8 + 5 → Fri 5/9.
        (D(2025, 8, 28), 5, D(2025, 9, 5)),
        # Giỗ Tổ Hùng Vương 2025 (10/3 lunar = Mon 7/4): Fri 4/4 + 2 → Tue 8/4.
        (D(2025, 4, 4), 2, D(2025, 4, 8)),
        # 2025 swapped Sat 26/4 (worked) for Fri 2/5 (off): Thu 24/4 + 3 → Sat 26/4.
        (D(2025, 4, 24), 3, D(2025, 4, 26)),
        # New Year 2026 (Thu 1/1): Wed 31/12/2025 + 2 → Fri 2/1/2026.
        (D(2025, 12, 31), 2, D(2026, 1, 2)),
    ],
)
def test_a_period_of_working_days_skips_weekends_and_public_holidays(start, days, last):
    assert add_working_days(start, days) == last
    assert working_days_between(start, last) == days


def test_tet_and_reunification_days_are_not_working_days():
    assert not is_working_day(D(2026, 2, 17))  # mùng 1 Tết Bính Ngọ
    assert not is_working_day(D(2025, 4, 30))
    assert not is_working_day(D(2025, 5, 1))
    assert not is_working_day(D(2025, 5, 2))  # swapped with Sat 26/4/2025
    assert is_working_day(D(2025, 4, 26))
    assert not is_working_day(D(2025, 9, 2))
    assert is_working_day(D(2025, 9, 3))


def test_a_period_has_at_least_one_day():
    with pytest.raises(ValueError):
        add_working_days(D(2025, 10, 6), 0)
