"""The public request form as the benchmarks send it: a patient asking for all their own
records on paper, by post. The form asks a few questions a page (records_app/request_form/
steps.py); every benchmark that sends it walks the pages here, so that a change of pages is
made in one place."""

from urllib.parse import urlsplit

START_PATH = "/request"
CHECK_PATH = "/request/check"
SIGN_PATH = "/request/sign"
FORM = {
    "requester_kind": "patient",
    "patient_first_name": "Bench",
    "patient_last_name": "Marker",
    "date_of_birth": "1951-04-17",
    "phone": "503.555.0142",
    "email": "bench@example.net",
    "address_street": "1 Bench St",
    "address_city": "Portland",
    "address_state": "OR",
    "address_zip": "97214",
    "records_scope": "all",
    "recipient_kind": "patient",
    "record_format": "paper",
    "delivery": "mail",
    "signature_name": "Bench Marker",
    "confirms_truth": "y",
}
# The pages that patient sees, each measured against a hello-world route (`serving_bench.py
# form`): the steps, the answers page and the signing page.
FORM_PAGES = (START_PATH, "/request/patient", "/request/contact", CHECK_PATH, SIGN_PATH)


def answer_steps(post, csrf_token: str, answers: dict = FORM) -> None:
    """Answers every step the answers lead to, up to the answers page. `post(path, fields)`
    sends one page and returns its status and the Location it redirected to."""
    path = START_PATH
    while path not in (CHECK_PATH, SIGN_PATH):
        status, location = post(path, {"csrf_token": csrf_token, **answers})
        if status != 303 or not location:
            raise RuntimeError(f"{path} answered {status}, not 303: the answers were refused")
        path = urlsplit(location).path


def session_post(session):
    """`answer_steps`'s `post` for a bench/load.py Session."""

    def post(path: str, fields: dict) -> tuple[int, str | None]:
        status, _page = session.request("POST", path, fields)
        return status, session.location

    return post


def client_post(client):
    """`answer_steps`'s `post` for a Flask test client."""

    def post(path: str, fields: dict) -> tuple[int, str | None]:
        response = client.post(path, data=fields)
        return response.status_code, response.location

    return post
