"""The staff queue and a request's page.

Every action is a POST that goes through one view: parse the form, call the lifecycle verb,
commit once, flash, redirect (POST/redirect/GET). A refusal from the lifecycle is flashed and
nothing is kept; a form with a missing answer comes back with the message beside the field.
"""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from werkzeug.datastructures import MultiDict

from records_app import audit, fees, lifecycle, patient_index, practice, releases
from records_app.extensions import db
from records_app.lifecycle import FEE_ACTIONS, Action, LifecycleError
from records_app.mail import outbox
from records_app.models import OPEN_STATUSES, RecordsRequest, StaffNote, Status
from records_app.staff import bp
from records_app.staff.actions import ACTIONS, build_form, page_forms
from records_app.staff.attach_forms import AttachFilesForm
from records_app.staff.forms import ActionForm, NoteForm
from records_app.staff.queue_forms import QueueFilterForm, SearchForm
from records_app.web.access import acting_staff
from records_app.web.forms import EmptyForm
from records_app.worklist import Cursor, overdue_count, queue_page, search_page, status_counts

CURSOR_ARGUMENTS = ("after", "before")


# ---- the queue --------------------------------------------------------------------------


@bp.get("/")
@login_required
def queue():
    """Filters and page cursor come from the query string, so a view can be bookmarked."""
    filter_form = QueueFilterForm(formdata=_filter_arguments() or None)
    status = 200 if filter_form.validate() else 422
    after, before = _cursors(request.args)
    page = queue_page(filter_form.filters(current_user.id), after=after, before=before)
    search_form = SearchForm(formdata=None, prefix="search")
    return _render_queue(filter_form, search_form, page), status


@bp.post("/search")
@login_required
def search():
    """A search by patient identifiers is a POST and its results are rendered, not
    redirected to, so the terms never reach a URL; further pages are POSTs too."""
    search_form = SearchForm(prefix="search")
    filter_form = QueueFilterForm(formdata=None)
    if not search_form.validate_on_submit():
        page = queue_page(filter_form.filters(current_user.id))
        return _render_queue(filter_form, search_form, page), 422
    after, before = _cursors(request.form)
    page = search_page(search_form.search(), after=after, before=before)
    # A lookup by patient identifiers is audited like the disclosure search: that it
    # happened and how many rows it showed, never the terms.
    audit.record_by(acting_staff(), "queue.searched", details={"results": len(page.rows)})
    html = _render_queue(filter_form, search_form, page, searched=True)
    db.session.commit()
    return html


def _render_queue(filter_form, search_form, page, *, searched=False):
    return render_template(
        "staff/queue.html",
        filter_form=filter_form,
        search_form=search_form,
        page=page,
        searched=searched,
        filter_arguments=_filter_arguments(),
        # Open statuses only, the ones staff work on; closed ones are links to their lists.
        counts=status_counts(OPEN_STATUSES),
        closed_statuses=[status for status in Status if not status.is_open],
        overdue=overdue_count(),
        fee_waits=fees.waiting_by_request(page.rows, fees.current()),
    )


def _filter_arguments() -> MultiDict:
    """The query string without the page cursor, to build links that keep the filters."""
    arguments = request.args.copy()
    for name in CURSOR_ARGUMENTS:
        arguments.poplist(name)
    return arguments


def _cursors(source: MultiDict) -> tuple[Cursor | None, Cursor | None]:
    return tuple(Cursor.decode(source.get(name)) for name in CURSOR_ARGUMENTS)


# ---- a request's page -------------------------------------------------------------------


@bp.get("/requests/<id:request_id>")
@login_required
def request_page(request_id: int):
    """Opening a request shows its PHI, so each opening is audited (45 CFR 164.312(b))."""
    records_request = db.get_or_404(RecordsRequest, request_id)
    _audit("request.viewed", records_request)
    db.session.commit()
    return render_request_page(records_request)


@bp.post("/requests/<id:request_id>/actions/<action_name>")
@login_required
def act(request_id: int, action_name: str):
    action = _action_or_404(action_name)
    records_request = db.get_or_404(RecordsRequest, request_id)
    form = build_form(action, records_request, formdata=request.form)
    try:
        if not form.validate():
            _refuse_if_out_of_date(action, form, records_request)
            return render_request_page(records_request, submitted={action: form}), 422
        from_status = records_request.status
        ACTIONS[action].verb(
            records_request,
            current_user._get_current_object(),
            form.seen_version(),
            **form.verb_arguments(),
        )
        _audit(
            f"request.{action}",
            records_request,
            {"from": from_status.value, "to": records_request.status.value},
        )
        db.session.commit()
    except fees.FeeRefused as refusal:
        db.session.rollback()
        if refusal.field in form:
            form[refusal.field].errors.append(str(refusal))
            return render_request_page(records_request, submitted={action: form}), 422
        flash(str(refusal), "warning")
    except LifecycleError as refusal:
        db.session.rollback()
        flash(str(refusal), "warning")
    else:
        flash(ACTIONS[action].done, "success")
    return redirect(url_for(".request_page", request_id=request_id))


@bp.post("/requests/<id:request_id>/fee/work-out")
@login_required
def work_out_fee(request_id: int):
    """The quote form's "Work out the fee": the working line by line beside the form as
    typed, so that staff see what would be sent. Nothing is written."""
    records_request = db.get_or_404(RecordsRequest, request_id)
    form = build_form(Action.SEND_QUOTE, records_request, formdata=request.form)
    if form.validate():
        try:
            form.working = fees.work_out(
                records_request, form.terms(), practice.today(), fees.current()
            )
        except fees.FeeRefused as refusal:
            form[refusal.field].errors.append(str(refusal))
    status = 422 if form.errors else 200
    return render_request_page(records_request, submitted={Action.SEND_QUOTE: form}), status


@bp.post("/requests/<id:request_id>/notes")
@login_required
def add_note(request_id: int):
    """Notes are internal and change nothing the lifecycle guards, so they carry no version."""
    records_request = db.get_or_404(RecordsRequest, request_id)
    note_form = NoteForm(prefix="note")
    if not note_form.validate_on_submit():
        return render_request_page(records_request, note_form=note_form), 422
    note = StaffNote(
        request_id=records_request.id, author_id=current_user.id, body=note_form.body.data
    )
    db.session.add(note)
    db.session.flush()
    _audit("request.note_added", records_request, {"note_id": note.id})
    db.session.commit()
    flash("Note added.", "success")
    return redirect(url_for(".request_page", request_id=request_id, _anchor="notes"))


def _audit(action: str, records_request: RecordsRequest, details: dict | None = None) -> None:
    """The audit row for something done to one request (45 CFR 164.312(b)): ids and
    statuses only, never the request's contents. Written last, just before the commit."""
    audit.record_by(acting_staff(), action, request_id=records_request.id, details=details)


def render_request_page(
    records_request: RecordsRequest,
    *,
    submitted: dict[Action, ActionForm] | None = None,
    note_form: NoteForm | None = None,
    release_form: AttachFilesForm | None = None,
):
    """The request's forms: its next steps under Actions, the files to release under
    Records to release, its fee's under Fee, and who works on it under Assignment."""
    forms = page_forms(records_request, submitted)
    assignment = {Action.ASSIGN: forms.pop(Action.ASSIGN)} if Action.ASSIGN in forms else {}
    fee_forms = {action: forms.pop(action) for action in FEE_ACTIONS if action in forms}
    schedule = fees.current()
    return render_template(
        "staff/request.html",
        records_request=records_request,
        forms=forms,
        assignment=assignment,
        fee_forms=fee_forms,
        ledger=fees.ledger_of(records_request),
        fee_waiting=fees.waiting_for(records_request, schedule),
        release_rule=fees.release_rule(records_request, schedule),
        messages=outbox.messages_for(records_request),
        note_form=note_form or NoteForm(formdata=None, prefix="note"),
        release_form=release_form or AttachFilesForm(formdata=None, prefix="release"),
        remove_form=EmptyForm(formdata=None),
        release_allowed=lifecycle.accepts_released_files(records_request),
        downloads=releases.download_count(records_request),
        links=[(link, releases.state_of(link)) for link in releases.links_of(records_request)],
        link_possible=releases.goes_by_link(records_request),
        chart=patient_index.confirmed_match(records_request),
        matches=patient_index.matches_for(records_request),
        button_form=EmptyForm(),
    )


def _action_or_404(action_name: str) -> Action:
    if action_name not in {action.value for action in ACTIONS}:
        abort(404)
    return Action(action_name)


def _refuse_if_out_of_date(
    action: Action, form: ActionForm, records_request: RecordsRequest
) -> None:
    """An incomplete form sent from a page that is out of date gets the answer a complete
    one would: the request changed, or the action is no longer possible."""
    if (seen_version := form.seen_version()) is not None:
        lifecycle.ensure_current(records_request, seen_version)
    if not lifecycle.is_allowed(records_request, action):
        raise lifecycle.TransitionNotAllowed(records_request.status, action)
