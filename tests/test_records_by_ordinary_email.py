"""Records by ordinary e-mail, when the requester chose it on the form after its warning:
the files attached when they fit under the size setting, else how to download them."""

import sqlalchemy as sa

from records_app.extensions import db
from records_app.models import Delivery, RecordFormat, RequestEvent
from tests.support.answers import form_answers
from tests.support.releases import released_request
from tests.support.steps import pages_walked
from tests.support.stored import only_request

NOTES = b"Visit notes, 2019 to 2022.\n"
LABS = b"Potassium 4.1 mmol/L\n"
BY_ORDINARY_EMAIL = {
    "delivery": Delivery.UNENCRYPTED_EMAIL,
    "record_format": RecordFormat.PDF_EMAIL,
}


def test_the_form_warns_of_ordinary_e_mail_and_takes_it_once_the_risk_is_accepted(
    client, submit_request
):
    answers = form_answers(
        delivery="unencrypted_email", record_format="pdf_email", unencrypted_risk_accepted="y"
    )
    assert "Ordinary e-mail is not encrypted" in "".join(pages_walked(client, answers))
    assert submit_request(answers).status_code == 303
    assert only_request().delivery == Delivery.UNENCRYPTED_EMAIL


def test_files_that_fit_go_attached(make_request, clerk, mail_server, send_queued_mail):
    released_request(
        make_request, clerk, [(NOTES, "notes.txt"), (LABS, "labs.txt")], **BY_ORDINARY_EMAIL
    )
    send_queued_mail()
    (sent,) = [m for m in mail_server.messages if m["Subject"].startswith("Your medical records")]
    attached = {part.get_filename(): part.get_content() for part in sent.iter_attachments()}
    assert attached == {"notes.txt": NOTES.decode(), "labs.txt": LABS.decode()}
    assert sent["To"] == "margaret@example.net"
    event = db.session.scalar(sa.select(RequestEvent).where(RequestEvent.action == "email_records"))
    assert event.reason.startswith("2 files (")


def test_files_over_the_size_setting_are_offered_for_download_instead(
    app, make_request, clerk, mail_server, send_queued_mail
):
    app.config["RELEASE_EMAIL_ATTACHMENT_MB"] = 0
    released_request(make_request, clerk, [(NOTES, "notes.txt")], **BY_ORDINARY_EMAIL)
    send_queued_mail()
    subjects = [m["Subject"] for m in mail_server.messages]
    assert "Your medical records (not encrypted)" not in subjects
    (sent,) = [m for m in mail_server.messages if m["Subject"] == "Your records have been sent"]
    assert "ready to download from the status page" in " ".join(sent.get_content().split())


def test_secure_e_mail_never_attaches_the_files(make_request, clerk, mail_server, send_queued_mail):
    released_request(
        make_request,
        clerk,
        [(NOTES, "notes.txt")],
        delivery=Delivery.SECURE_EMAIL,
        record_format=RecordFormat.PDF_EMAIL,
    )
    send_queued_mail()
    assert all(not list(m.iter_attachments()) for m in mail_server.messages)
