"""The public request form filled in step by step as a browser does it: each page's questions
answered from one dict of answers named like the form's fields, "Continue" pressed, the
answers page passed, then the signing page sent. Every test that sends the public form goes
through `send_request`, so that the tests say what is answered, not which page asks it."""

import re
from html import unescape
from urllib.parse import urlsplit

from tests.support.answers import third_party_answers
from tests.support.forms import csrf_token_from

START_URL = "/request"
CHECK_URL = "/request/check"
SIGN_URL = "/request/sign"
_REQUEST_FORM = re.compile(
    r'<form method="post" action="([^"]*)"[^>]*class="request-form"[^>]*>(.*?)</form>', re.S
)
_NAME = re.compile(r'name="([\w-]+)"')


def filled_in(html: str, answers: dict) -> tuple[str, dict] | None:
    """The page's request form as a person sends it: where it goes, and its CSRF token with
    the answers to the questions it asks; None on a page without one (the answers page)."""
    form = _REQUEST_FORM.search(html)
    if form is None:
        return None
    asked = set(_NAME.findall(form.group(2)))
    fields = {name: value for name, value in answers.items() if name in asked}
    return unescape(form.group(1)), {"csrf_token": csrf_token_from(html), **fields}


def _path(url: str) -> str:
    return urlsplit(url).path


def answer_page(client, url: str, answers: dict, follow_redirects=False, **kwargs):
    """Loads one page of the form and sends the answers to its questions, as typed."""
    page = client.get(url, **kwargs)
    assert page.status_code == 200, f"{url} answered {page.status_code}"
    action, fields = filled_in(page.text, answers)
    return client.post(action, data=fields, follow_redirects=follow_redirects, **kwargs)


def walk_to_check(client, answers: dict, **kwargs):
    """Answers every step the answers lead to; the answers page's response, or the step
    that came back with a problem."""
    url = START_URL
    while _path(url) not in (CHECK_URL, SIGN_URL):
        sent = answer_page(client, url, answers, **kwargs)
        if sent.status_code != 303:
            return sent
        url = sent.location
    return client.get(CHECK_URL, **kwargs)


def send_request(client, answers: dict, follow_redirects=False, **kwargs):
    """Fills in and sends the whole form; the first response that does not move on (a step
    or the signing page with a problem, the limit's page), or the redirect to the
    confirmation (followed, if asked)."""
    checked = walk_to_check(client, answers, **kwargs)
    if checked.status_code != 200 or _path(checked.request.path) != CHECK_URL:
        return checked
    return answer_page(client, SIGN_URL, answers, follow_redirects, **kwargs)


def pages_walked(client, answers: dict) -> list[str]:
    """The HTML of every page the answers lead through, the answers page and the signing
    page included, nothing sent."""
    pages, url = [], START_URL
    while _path(url) not in (CHECK_URL, SIGN_URL):
        sent = answer_page(client, url, answers)
        assert sent.status_code == 303, f"{url} refused the answers"
        pages.append(client.get(url).text)
        url = sent.location
    return [*pages, client.get(CHECK_URL).text, client.get(SIGN_URL).text]


# A representative sending some of the records to a third party: the answers that bring in
# the most steps.
MOST_STEPS_ANSWERS = third_party_answers(
    requester_kind="representative",
    representative_name="Daniel Holloway",
    representative_authority="estate_executor",
    records_scope="selected",
    record_categories=["other"],
    other_records_description="Ultrasound",
)


def every_step_page(client) -> str:
    """Every page of the form as MOST_STEPS_ANSWERS lead through it, as one text."""
    return "\n".join(pages_walked(client, MOST_STEPS_ANSWERS))
