"""What the tests read from the staff pages."""

import re

_CODE_IN_ROW = re.compile(r'class="code">(RR-[0-9A-Z]{4}-[0-9A-Z]{4})</a>')


def codes_on(html: str) -> list[str]:
    """The tracking codes in a table of requests (the queue, the disclosure history), top
    to bottom."""
    return _CODE_IN_ROW.findall(html)


def codes_of(requests) -> list[str]:
    return [records_request.tracking_code for records_request in requests]


def count_shown(html: str, label: str) -> int:
    """A count shown as "<label>: <strong>n</strong>" (the queue and the dashboard)."""
    found = re.search(rf"{label}: <strong>(\d+)</strong>", html)
    assert found, f"no count for {label}"
    return int(found.group(1))


def input_value(html: str, name: str) -> str:
    """The value an input of the page is filled in with."""
    found = re.search(rf'<input [^>]*name="{name}"[^>]* value="([^"]*)"', html)
    assert found, f"no input named {name}"
    return found.group(1)
