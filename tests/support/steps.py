"""The public request form filled in step by step as a browser does it: each page's questions
answered from one dict of answers named like the form's fields, "Continue" pressed, the
answers page passed, then the signing page sent. Every test that sends the public form goes
through `send_request`, so that the tests say what is answered, not which page asks it."""

import re
from urllib.parse import urlsplit

from tests.support.forms import csrf_token_from

START_URL = "/request"
CHECK_URL = "/request/check"
SIGN_URL = "/request/sign"
_REQUEST_FORM = re.compile(r'<form[^>]*class="request-form"[^>]*>(.*?)</form>', re.S)
_NAME = re.compile(r'name="([\w-]+)"')


def questions_on(html: str) -> set[str]:
    """The names of the inputs in the page's request form."""
    form = _REQUEST_FORM.search(html)
    assert form, "the page has no request form"
    return set(_NAME.findall(form.group(1))) - {"csrf_token"}


def _path(url: str) -> str:
    return urlsplit(url).path


def answer_page(client, url: str, answers: dict, **kwargs):
    """Loads one page of the form and sends the answers to its questions, as typed."""
    page = client.get(url, **kwargs)
    assert page.status_code == 200, f"{url} answered {page.status_code}"
    asked = {name: value for name, value in answers.items() if name in questions_on(page.text)}
    return client.post(url, data={"csrf_token": csrf_token_from(page.text), **asked}, **kwargs)


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


def send_request(client, answers: dict, **kwargs):
    """Fills in and sends the whole form; the first response that does not move on (a step
    or the signing page with a problem, the limit's page), or the redirect to the
    confirmation."""
    checked = walk_to_check(client, answers, **kwargs)
    if checked.status_code != 200 or _path(checked.request.path) != CHECK_URL:
        return checked
    return answer_page(client, SIGN_URL, answers, **kwargs)
