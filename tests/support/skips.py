"""Why a test is skipped, said one way, so that the end of a run can say in one line per
reason how many tests it skipped and what would run them (`summary_lines`, called from the
`pytest_terminal_summary` hook in tests/conftest.py).

A skip reason starts with what the test needs, as a key of NEEDS, then ": " and the detail:
`pytest.skip(needs(POSTGRESQL, "row locks; SQLite ignores FOR UPDATE"))`."""

from collections import Counter

POSTGRESQL = "PostgreSQL"
SQLITE = "SQLite"
REDIS = "Redis"
CHROMIUM = "Chromium"

# What the tests skipped for each need are, and what runs them.
NEEDS = {
    POSTGRESQL: (
        "PostgreSQL-only tests",
        "run with DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/records_desk_test "
        "make test",
    ),
    SQLITE: ("SQLite-only tests", "run without DATABASE_URL (make test)"),
    REDIS: (
        "tests of rate limits shared through Redis",
        "start Redis on 127.0.0.1:6379 (apt-get install redis-server)",
    ),
    CHROMIUM: (
        "browser tests",
        "install Chromium at /usr/bin/chromium (apt-get install chromium) or set CHROMIUM_PATH",
    ),
}


def needs(need: str, detail: str) -> str:
    """The reason to skip a test that cannot run without `need` here."""
    assert need in NEEDS, need
    return f"{need}: {detail}"


def summary_lines(skip_reasons: list[str]) -> list[str]:
    """One line per need: how many tests were skipped for it and what would run them; a
    skip for any other reason is counted under its own words."""
    counted = Counter(_need_of(reason) or reason for reason in skip_reasons)
    lines = []
    for need, count in counted.items():
        if need in NEEDS:
            what, how = NEEDS[need]
            lines.append(f"skipped {count}: {what} — {how}")
        else:
            lines.append(f"skipped {count}: {need}")
    return lines


def _need_of(reason: str) -> str | None:
    need = reason.split(": ", 1)[0]
    return need if need in NEEDS else None
