"""Generated input, as a scanner or a careless script sends it, to the pages anyone can reach
and the staff's filters: any text, numbers and dates out of range, several values for one
answer, a file where text goes, form and multipart encodings, raw bodies. Whatever is sent,
the answer is never a 500, and a form that is refused writes nothing (issue 20).

The suite runs a few hundred examples (the "suite" profile: the same ones every run); a long
run by hand takes another profile:

    HYPOTHESIS_PROFILE=long .venv/bin/pytest tests/test_generated_input.py -n 0 -p no:randomly
"""

import io
import os
from datetime import date
from urllib.parse import quote

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from records_app.extensions import db, limiter
from records_app.models import RecordsRequest, StaffSession
from tests.support.answers import form_answers
from tests.support.forms import csrf_token_from
from tests.support.steps import send_request

settings.register_profile(
    "suite",
    max_examples=40,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.register_profile(
    "long",
    max_examples=int(os.environ.get("HYPOTHESIS_EXAMPLES", "5000")),
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "suite"))

# Values that have broken web forms somewhere: out-of-range numbers and dates, look-alike
# digits, invisible and control characters, markup, SQL, overlong text.
AWKWARD = [
    "",
    " ",
    "9999-12-31",
    "0001-01-01",
    "0000-00-00",
    "02/30/2020",
    "2147483648",
    "9223372036854775808",
    "-1",
    "1e309",
    "NaN",
    "１９５１-０４-１７",
    "\u202eevil",
    "Hollo\u200bway\u2060\ufeff",
    "\x00\x01\x1b[31m",
    "line\r\nbreak\u2028",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "%00%0a",
    "x" * 5000,
]
_TEXT = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=60)
_DATES = st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31))
ANSWER = st.one_of(
    _TEXT,
    st.sampled_from(AWKWARD),
    st.integers().map(str),
    _DATES.map(date.isoformat),
    _DATES.map(lambda day: day.strftime("%m/%d/%Y")),
)
_MAGIC = st.sampled_from([b"", b"\x89PNG\r\n\x1a\n", b"%PDF-1.7\n", b"\xff\xd8\xff\xe0"])
FILE_PART = st.builds(
    lambda head, tail, name: (io.BytesIO(head + tail), name),
    _MAGIC,
    st.binary(max_size=300),
    st.sampled_from(["id.png", "id.pdf", "id.jpg", "x", "../../etc/passwd"]),
)
# One answer as sent: a value, several values under one name, or a file.
SENT = st.one_of(ANSWER, st.lists(ANSWER, min_size=2, max_size=3), FILE_PART)
ENCODING = st.sampled_from(["application/x-www-form-urlencoded", "multipart/form-data"])
RAW_TYPES = st.sampled_from(
    [
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=xyz",
        "multipart/form-data",
        "application/json",
        "text/plain; charset=utf-16",
    ]
)

REQUEST_FIELDS = [*form_answers(), "photo_id", "authority_documents", "representative_name"]
REQUEST_FIELDS += ["representative_authority", "service_from", "service_to", "recipient_name"]


def changes(fields: list[str]):
    """Some of the form's answers replaced by generated ones, or left out (None)."""
    return st.dictionaries(
        st.sampled_from([*fields, "csrf_token", "unexpected_field"]),
        st.one_of(st.none(), SENT),
        max_size=6,
    )


def row_counts() -> dict[str, int]:
    db.session.rollback()
    return {
        table.name: db.session.scalar(sa.select(sa.func.count()).select_from(table))
        for table in db.metadata.sorted_tables
    }


def content_type_for(answers: dict, encoding: str) -> str:
    """The drawn encoding, or multipart whatever was drawn when a file part is sent."""
    sends_a_file = any(isinstance(value, tuple) for value in answers.values()) or any(
        isinstance(item, tuple)
        for value in answers.values()
        if isinstance(value, list)
        for item in value
    )
    return "multipart/form-data" if sends_a_file else encoding


def post(client, url: str, answers: dict, encoding: str):
    return client.post(url, data=answers, content_type=content_type_for(answers, encoding))


def with_changes(answers: dict, drawn: dict) -> dict:
    merged = {**answers, **drawn}
    return {name: value for name, value in merged.items() if value is not None}


@pytest.fixture
def public_client(client):
    """A browser that has loaded the public form, holding its CSRF token."""
    client.token = csrf_token_from(client.get("/request").text)
    return client


@given(drawn=changes(REQUEST_FIELDS), encoding=ENCODING)
def test_the_request_form_never_fails_and_a_refusal_writes_nothing(public_client, drawn, encoding):
    """Every step of the form is sent with the drawn answers; only the answers kept
    between the steps may be written before the request is sent."""
    before = row_counts()
    answers = with_changes(form_answers(), drawn)

    response = send_request(
        public_client, answers, content_type=content_type_for(answers, encoding)
    )

    assert response.status_code < 500
    after = row_counts()
    sent = 1 if response.status_code == 303 else 0
    assert after["records_request"] == before["records_request"] + sent
    if not sent:
        assert {**after, "request_draft": 0} == {**before, "request_draft": 0}


@given(drawn=changes(["tracking_code", "date_of_birth"]), encoding=ENCODING)
def test_the_status_lookup_never_fails_and_writes_nothing(public_client, drawn, encoding):
    limiter.reset()
    before = row_counts()
    answers = with_changes(
        {"csrf_token": public_client.token, "tracking_code": "RR-7KQ4-M2XD"}, drawn
    )

    response = post(public_client, "/status", answers, encoding)

    assert response.status_code < 500
    assert row_counts() == before


@given(drawn=changes(["email", "password"]), encoding=ENCODING)
def test_the_sign_in_never_fails_and_opens_no_session(clerk, client, drawn, encoding):
    limiter.reset()
    token = csrf_token_from(client.get("/staff/sign-in").text)
    answers = with_changes({"csrf_token": token, "email": clerk.email}, drawn)

    response = post(client, "/staff/sign-in", answers, encoding)

    assert response.status_code < 500
    assert db.session.scalar(sa.select(sa.func.count()).select_from(StaffSession)) == 0


@given(raw=st.binary(max_size=400), content_type=RAW_TYPES)
@pytest.mark.parametrize("url", ["/request", "/status", "/staff/sign-in"])
def test_a_raw_body_never_fails_and_writes_no_request(public_client, url, raw, content_type):
    limiter.reset()
    before = db.session.scalar(sa.select(sa.func.count()).select_from(RecordsRequest))

    response = public_client.post(url, data=raw, content_type=content_type)

    assert response.status_code < 500
    assert db.session.scalar(sa.select(sa.func.count()).select_from(RecordsRequest)) == before


QUEUE_FILTERS = ["status", "overdue", "received_from", "received_to", "assigned", "after", "before"]
AUDIT_FILTERS = ["staff", "request_id", "action", "start", "end", "older_than"]
FILTER_VALUE = st.one_of(ANSWER, st.lists(ANSWER, min_size=2, max_size=3))


@given(
    arguments=st.dictionaries(st.sampled_from(QUEUE_FILTERS), FILTER_VALUE, max_size=5),
    page=st.sampled_from(["/staff/", "/staff/requests/{}", "/staff/requests/{}/letters/1"]),
    request_id=st.one_of(st.integers(min_value=-5, max_value=2**70).map(str), ANSWER),
)
def test_the_staff_filters_and_ids_never_fail(desk, client, arguments, page, request_id):
    response = client.get(page.format(quote(request_id, safe="")), query_string=arguments)
    assert response.status_code < 500


EXPORT_FIELDS = ["kind", "file_format", "date_from", "date_to", "delivery_method"]
EXPORT_FIELDS += ["requester_kind"]


@given(drawn=changes(EXPORT_FIELDS), encoding=ENCODING)
def test_the_export_form_never_fails(desk, client, drawn, encoding):
    token = csrf_token_from(client.get("/staff/export").text)
    answers = with_changes({"csrf_token": token, "kind": "fulfilled", "file_format": "csv"}, drawn)

    response = post(client, "/staff/export", answers, encoding)
    response.get_data()

    assert response.status_code < 500


@given(
    arguments=st.dictionaries(st.sampled_from(AUDIT_FILTERS), FILTER_VALUE, max_size=5),
    page=st.sampled_from(["/admin/audit", "/admin/audit/export.csv"]),
)
def test_the_audit_filters_never_fail(client, signed_in_admin, arguments, page):
    response = client.get(page, query_string=arguments)
    response.get_data()  # an export streams: its failures come while it is read
    assert response.status_code < 500
