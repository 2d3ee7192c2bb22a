"""The security suite's counts (probes sent, bad files tried) are printed in the run's summary,
whatever the reporting options: `suite_count("isolation matrix probes", 3727)`."""

import pytest

COUNTS: dict[str, int] = {}


@pytest.fixture
def suite_count():
    def record(label: str, value: int) -> None:
        COUNTS[label] = COUNTS.get(label, 0) + value

    return record


def pytest_terminal_summary(terminalreporter):
    if COUNTS:
        terminalreporter.section("security suite")
        for label, value in COUNTS.items():
            terminalreporter.write_line(f"{label}: {value:,}".replace(",", "."))
