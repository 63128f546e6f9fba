"""The requester's released records, on the status page of the request they have just
looked up: the e-mailed code where the request has an address, then each file, or all of
them as a ZIP, streamed (records_app/web/streamed_files.py). Every download, code sent and
wrong code is a history line and an audit row with the client's address."""

from flask import (
    abort,
    flash,
    g,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask_babel import gettext, lazy_gettext

from records_app import audit, releases
from records_app.documents import storage
from records_app.extensions import db, limiter
from records_app.models import RecordsRequest, ReleasedFile
from records_app.public import bp
from records_app.public.forms import DownloadCodeForm, SendDocumentsForm
from records_app.public.views import (
    DOWNLOAD_CONFIRMED_SESSION_KEY,
    LOOKED_UP_SESSION_KEY,
    LOOKUP_GOOD_FOR,
    may_download,
    status_result,
)
from records_app.web.access import acting_requester
from records_app.web.remembered import recall, remember
from records_app.web.streamed_files import content_disposition, stored_file_response

SEND_CODE_LIMIT = "5 per hour"
CONFIRM_CODE_LIMIT = "20 per hour"
# Who downloads, as the history and the audit trail name them.
REQUESTER = "requester"
THIRD_PARTY = "third party"
WRONG_CODE = lazy_gettext(
    "That code did not work. Type the 6 digits from the latest e-mail we sent, or ask for "
    "a new code."
)


@bp.post("/status/download-code")
@limiter.limit(SEND_CODE_LIMIT)
def send_download_code():
    looked_up = _offering_request()
    if not releases.needs_code(looked_up):
        return redirect(url_for("public.looked_up", _anchor="records"), code=303)
    releases.send_code(looked_up, request.remote_addr)
    audit.record_by(acting_requester(), "release.code_sent", request_id=looked_up.id)
    db.session.commit()
    flash(
        gettext(
            "We have e-mailed a code to the address you gave us. It can take a minute or two to "
            "arrive."
        ),
        "success",
    )
    return redirect(url_for("public.looked_up", _anchor="records"), code=303)


@bp.post("/status/download-code/confirm")
@limiter.limit(CONFIRM_CODE_LIMIT)
def confirm_download_code():
    looked_up = _offering_request()
    form = DownloadCodeForm()
    if not form.validate_on_submit():
        return status_result(looked_up, SendDocumentsForm(formdata=None), code_form=form), 422
    outcome = releases.check_code(looked_up, form.code.data, request.remote_addr)
    audit.record_by(acting_requester(), f"release.code_{outcome}", request_id=looked_up.id)
    db.session.commit()
    if outcome is not releases.CodeCheck.CONFIRMED:
        form.code.errors.append(WRONG_CODE)
        return status_result(looked_up, SendDocumentsForm(formdata=None), code_form=form), 422
    remember(DOWNLOAD_CONFIRMED_SESSION_KEY, looked_up, LOOKUP_GOOD_FOR)
    flash(gettext("Thank you. You can download your records now."), "success")
    return redirect(url_for("public.looked_up", _anchor="records"), code=303)


@bp.get("/status/records/<id:file_id>")
def download_file(file_id: int):
    looked_up = _downloading_request()
    return send_released_file(looked_up, file_of(looked_up, file_id), REQUESTER)


@bp.get("/status/records/all.zip")
def download_all():
    looked_up = _downloading_request()
    return send_all_files(looked_up, REQUESTER)


def send_released_file(records_request: RecordsRequest, released: ReleasedFile, by: str):
    """One file, checked whole, then streamed; a download from the first byte is counted
    (a resumed one is the same download). `by` says who downloads, for the history."""
    try:
        storage.verify(released.stored_file)
    except storage.StoredFileDamaged:
        return _damaged(records_request, released)
    range_header = request.headers.get("Range")
    if _starts_at_the_beginning(range_header):
        _record(records_request, released.filename, by, {"released_file_id": released.id})
    return stored_file_response(
        released.stored_file, released.content_type, released.filename, range_header
    )


def send_all_files(records_request: RecordsRequest, by: str):
    files = releases.offer_for(records_request, releases.current()).files
    for released in files:
        try:
            storage.verify(released.stored_file)
        except storage.StoredFileDamaged:
            return _damaged(records_request, released)
    file_ids = [released.id for released in files]
    _record(records_request, "All files as a ZIP", by, {"released_file_ids": file_ids})
    filename = f"records-{records_request.tracking_code}.zip"
    return (
        stream_with_context(releases.zip_chunks(file_ids)),
        200,
        {
            "Content-Type": "application/zip",
            "Content-Disposition": content_disposition(filename),
            "Cache-Control": "no-store",
            "X-Content-Type-Options": "nosniff",
        },
    )


def _offering_request() -> RecordsRequest:
    looked_up = recall(LOOKED_UP_SESSION_KEY)
    if looked_up is None or releases.offer_for(looked_up, releases.current()) is None:
        abort(_look_up_again())
    return looked_up


def _downloading_request() -> RecordsRequest:
    looked_up = _offering_request()
    if not may_download(looked_up):
        flash("Type the code we e-mailed you before downloading.", "info")
        abort(redirect(url_for("public.looked_up", _anchor="records"), code=303))
    return looked_up


def file_of(records_request: RecordsRequest, file_id: int) -> ReleasedFile:
    """A file still held of this request's release; another request's id finds nothing."""
    released = db.session.get(ReleasedFile, file_id)
    if released is None or released.request_id != records_request.id or released.purged_at:
        abort(404)
    return released


def _starts_at_the_beginning(range_header: str | None) -> bool:
    """A resumed download is the same download: only one from the first byte is counted."""
    return not range_header or range_header.replace(" ", "").startswith("bytes=0-")


def _record(records_request: RecordsRequest, what: str, by: str, details: dict) -> None:
    releases.record_download(records_request, what, by, request.remote_addr)
    audit.record_by(
        audit.Actor(label=by, ip_address=request.remote_addr),
        "release.downloaded",
        request_id=records_request.id,
        details=details,
    )
    db.session.commit()


def _damaged(records_request: RecordsRequest, released: ReleasedFile):
    audit.record_by(
        audit.Actor(label="public", ip_address=request.remote_addr),
        "release.integrity_failed",
        request_id=records_request.id,
        details={"released_file_id": released.id},
    )
    db.session.commit()
    page = render_template(
        "errors/error.html",
        status=500,
        title=gettext("This file cannot be sent"),
        advice=(
            gettext(
                "The stored copy of this file no longer matches the one we released, so we have "
                "not sent it. Please call or e-mail us, give your tracking code, and we will send "
                "it again."
            )
        ),
        request_id=g.get("request_id", "-"),
    )
    return page, 500


def _look_up_again():
    flash(
        gettext(
            "To download your records, look up your request again with its tracking code and "
            "the patient's date of birth."
        ),
        "info",
    )
    return redirect(url_for("public.status"), code=303)
