"""The records to release, on a request's page: attach files (while the request is
approved), remove one before release, open one; send a third party a new link, or revoke
one. Attaching takes uploads up to the release
limit (RELEASE_MAX_MB_PER_REQUEST), so this route sets its own request size limit before the
body is read, and checks its CSRF token itself; every other route keeps the app's small
limit."""

from flask import flash, redirect, request, url_for
from flask_login import current_user, login_required

from records_app import audit, lifecycle, releases
from records_app.documents import storage
from records_app.extensions import csrf, db
from records_app.models import RecordsRequest, ReleasedFile, ThirdPartyLink
from records_app.staff import bp
from records_app.staff.attach_forms import AttachFilesForm
from records_app.staff.views import render_request_page
from records_app.web.access import acting_staff
from records_app.web.files import damaged_page, on_request_or_404
from records_app.web.forms import EmptyForm
from records_app.web.streamed_files import stored_file_response

# Room for the form's other fields and the multipart framing around the files.
FORM_OVERHEAD_BYTES = 1024 * 1024


@bp.post("/requests/<id:request_id>/released-files")
@csrf.exempt
@login_required
def attach_released_files(request_id: int):
    request.max_content_length = releases.current().max_bytes_per_request + FORM_OVERHEAD_BYTES
    records_request = db.get_or_404(RecordsRequest, request_id)
    if not lifecycle.accepts_released_files(records_request):
        flash("Files can be attached only while the request is approved.", "warning")
        return redirect(url_for(".request_page", request_id=request_id))
    form = AttachFilesForm(prefix="release")
    if form.validate_on_submit():
        uploads = [upload for upload in form.files.data if upload.filename]
        try:
            attached = [
                releases.attach(
                    records_request,
                    upload.filename,
                    upload.stream,
                    releases.current(),
                    by=current_user._get_current_object(),
                )
                for upload in uploads
            ]
        except releases.FileRefused as refusal:
            db.session.rollback()
            form.files.errors.append(f"{refusal} Nothing was attached.")
        else:
            for released in attached:
                _audit("release.file_attached", released)
            db.session.commit()
            flash(f"Attached {len(attached)} {_files(len(attached))}.", "success")
            return redirect(url_for(".request_page", request_id=request_id, _anchor="release"))
    return render_request_page(records_request, release_form=form), 422


@bp.post("/requests/<id:request_id>/released-files/<id:file_id>/remove")
@login_required
def remove_released_file(request_id: int, file_id: int):
    records_request = db.get_or_404(RecordsRequest, request_id)
    released = on_request_or_404(ReleasedFile, file_id, request_id)
    if not EmptyForm().validate_on_submit():
        flash("The page was out of date; nothing was removed. Try again.", "warning")
    else:
        details = _details(released)
        try:
            releases.remove(records_request, released, by=current_user._get_current_object())
        except releases.FileRefused as refusal:
            db.session.rollback()
            flash(str(refusal), "warning")
        else:
            audit.record_by(
                acting_staff(), "release.file_removed", request_id=request_id, details=details
            )
            db.session.commit()
            flash("File removed.", "success")
    return redirect(url_for(".request_page", request_id=request_id, _anchor="release"))


@bp.post("/requests/<id:request_id>/link")
@login_required
def send_link(request_id: int):
    """A new link to the third party; one still open is revoked with it."""
    records_request = db.get_or_404(RecordsRequest, request_id)
    return _link_action(
        records_request,
        lambda by: releases.send_link(records_request, by, releases.current()),
        "release.link_sent",
        "A new link was e-mailed to the third party; any earlier one no longer works.",
    )


@bp.post("/requests/<id:request_id>/link/<id:link_id>/revoke")
@login_required
def revoke_link(request_id: int, link_id: int):
    records_request = db.get_or_404(RecordsRequest, request_id)
    link = on_request_or_404(ThirdPartyLink, link_id, request_id)
    return _link_action(
        records_request,
        lambda by: releases.revoke_link(records_request, link, by),
        "release.link_revoked",
        "Link revoked: it no longer opens.",
    )


def _link_action(records_request: RecordsRequest, step, audit_action: str, done: str):
    if not EmptyForm().validate_on_submit():
        flash("The page was out of date; nothing was done. Try again.", "warning")
    else:
        try:
            step(current_user._get_current_object())
        except releases.FileRefused as refusal:
            db.session.rollback()
            flash(str(refusal), "warning")
        else:
            audit.record_by(acting_staff(), audit_action, request_id=records_request.id)
            db.session.commit()
            flash(done, "success")
    return redirect(url_for(".request_page", request_id=records_request.id, _anchor="release"))


@bp.get("/requests/<id:request_id>/released-files/<id:file_id>")
@login_required
def released_file(request_id: int, file_id: int):
    """Staff open a file to check it; audited like any opening of a stored file."""
    released = on_request_or_404(ReleasedFile, file_id, request_id)
    try:
        storage.verify(released.stored_file)
    except storage.StoredFileDamaged:
        _audit("release.integrity_failed", released)
        db.session.commit()
        return damaged_page("file", "attached")
    _audit("release.file_viewed", released)
    db.session.commit()
    return stored_file_response(
        released.stored_file,
        released.content_type,
        released.filename,
        request.headers.get("Range"),
    )


def _audit(action: str, released: ReleasedFile) -> None:
    audit.record_by(
        acting_staff(), action, request_id=released.request_id, details=_details(released)
    )


def _details(released: ReleasedFile) -> dict:
    """Ids and sizes only: a file's name may name the patient."""
    return {"released_file_id": released.id, "byte_size": released.byte_size}


def _files(count: int) -> str:
    return "file" if count == 1 else "files"
