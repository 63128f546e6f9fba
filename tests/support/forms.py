"""Forms as a browser sends them: the CSRF token (left on in every test) and the
submission token read from the page, then sent back with the answers."""

import re
from html import unescape

_CSRF_INPUT = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
_SUBMISSION_TOKEN_INPUT = re.compile(r'name="submission_token" type="hidden" value="([^"]+)"')


def csrf_token_from(html: str) -> str:
    match = _CSRF_INPUT.search(html)
    assert match, "the page has no CSRF token"
    return match.group(1)


def submission_token_from(html: str) -> str:
    match = _SUBMISSION_TOKEN_INPUT.search(html)
    assert match, "the page has no submission token"
    return match.group(1)


def post_form(client, url: str, data: dict, *, form_page: str | None = None, **kwargs):
    """POST like a browser: load the page holding the form, then send its CSRF token."""
    page = client.get(form_page or url)
    return client.post(url, data={"csrf_token": csrf_token_from(page.text), **data}, **kwargs)


def error_links(html: str) -> dict[str, str]:
    """The error summary's links: field id -> message. A choice group's link goes to its
    first option (`<id>-0`); the group's own id is given."""
    found = re.findall(r'<li><a href="#([\w-]+)">([^<]+)</a></li>', html)
    return {re.sub(r"-0$", "", field_id): unescape(message) for field_id, message in found}
