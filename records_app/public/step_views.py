"""The public request form, a few questions at a time (records_app/request_form/steps.py):
each step is its own page (GET shows it, POST checks it and redirects to the next), then
"Check your answers", then the signing step, which sends the request through intake.

Between the steps the answers are kept server-side, sealed, under a token in the visitor's
session (records_app/request_drafts.py); nothing is a request before the signing step. Each
step's answers are checked by the whole form, so every rule that spans questions is the
form's own; only the errors of the step's own fields are shown on it."""

from flask import (
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext
from werkzeug.datastructures import MultiDict

from records_app import intake, request_drafts, spam
from records_app.extensions import csrf, db, limiter
from records_app.lifecycle import find_by_submission_token
from records_app.public import bp
from records_app.public.spam_forms import PublicRequestForm
from records_app.public.step_forms import SIGNING_PAGE_FIELDS, form_showing
from records_app.public.views import CONFIRMATION_VISIBLE_FOR, RECEIVED_SESSION_KEY
from records_app.request_form import steps
from records_app.request_form.conditions import is_representative
from records_app.request_form.validators import keep_or_renew_submission_token
from records_app.web.access import acting_requester
from records_app.web.remembered import remember

DRAFT_SESSION_KEY = "request_draft"
# The answers page's "Change" links come back to it once the changed step is answered.
BACK_TO_CHECK = "check"


def _draft_contents() -> dict | None:
    draft = request_drafts.find(session.get(DRAFT_SESSION_KEY))
    return draft.contents if draft is not None else None


def _new_contents() -> dict:
    """A draft's contents before any answer: the marks the signing step needs are set when
    the form is started, so that the fill time counts from the first step."""
    return {
        "answers": {},
        "answered": [],
        "started": spam.start_token(),
        "submission_token": keep_or_renew_submission_token(None),
    }


def _keep(contents: dict) -> None:
    """The answers kept under the session's token (request_drafts.keep finds its draft, or
    starts one when it has gone); a session without one gets a new token."""
    token = session.get(DRAFT_SESSION_KEY)
    if not request_drafts.is_token(token):
        token = request_drafts.new_token()
        session[DRAFT_SESSION_KEY] = token
    request_drafts.keep(token, contents)


def _whole_form(contents: dict, **sent) -> PublicRequestForm:
    """The whole public form holding the kept answers, with what this page sent (its CSRF
    token, its files) and the draft's own marks."""
    formdata = MultiDict(
        {
            **contents["answers"],
            "form_started": [contents["started"]],
            "submission_token": [contents["submission_token"]],
            "csrf_token": request.form.getlist("csrf_token"),
            **sent,
        }
    )
    return PublicRequestForm(formdata=formdata, files=request.files)


def _only_errors_of(form, field_names) -> bool:
    """Forgets the errors of fields not on this page; True when none is left."""
    shown = set(field_names) | {"csrf_token"}
    for field in form:
        if field.name not in shown:
            field.errors = []
    form.form_errors = []
    return not form.errors


def _answers_gone():
    """A step reached without kept answers: none yet (a page opened out of order, a made-up
    token) or none any more (expired). Nothing was sent; the form starts again."""
    return _start_again(
        gettext(
            "We do not have your answers to the form: they are kept for a short while "
            "between its pages. Nothing was sent. Please start here."
        )
    )


def _start_again(message: str):
    flash(message, "info")
    return redirect(url_for("public.request_form"), code=303)


def _step_url(step: steps.Step, **args) -> str:
    if step is steps.START:
        return url_for("public.request_form", **args)
    return url_for("public.request_step", slug=step.slug, **args)


def _page(step: steps.Step, form, status: int = 200):
    return render_template(
        "public/request_step.html",
        step=step,
        form=form,
        action=_step_url(step, then=request.args.get("then")),
    ), status


@bp.route("/request", methods=["GET", "POST"])
@csrf.exempt
def request_form():
    return _step(steps.START)


# Exempt from the global CSRF check, which answers a stale token with an error page: each
# step checks its own token and comes back as typed with a plain message (DESIGN.md).
@bp.route("/request/<slug>", methods=["GET", "POST"])
@csrf.exempt
def request_step(slug: str):
    step = steps.step_named(slug)
    if step is None or step is steps.START:
        abort(404)
    return _step(step)


def _step(step: steps.Step):
    contents = _draft_contents()
    if request.method == "POST":
        return _answer(step, contents or _new_contents())
    if step is steps.START:
        answers = MultiDict(contents["answers"]) if contents else None
        return _page(step, form_showing(step.fields)(formdata=answers))
    if contents is None:
        return _answers_gone()
    form = form_showing(step.fields + steps.DECIDING_FIELDS)(
        formdata=MultiDict(contents["answers"])
    )
    if not step.applies_to(form):
        return redirect(_where_next(form, contents), code=303)
    return _page(step, form)


def _answer(step: steps.Step, contents: dict):
    sent = {name: request.form.getlist(name) for name in step.fields}
    form = _whole_form(contents, **sent)
    form.validate()
    if not _only_errors_of(form, step.fields):
        return _page(step, form, 422)
    # New contents rather than the loaded ones changed in place, which the ORM would not see.
    contents = {
        **contents,
        "answers": {**contents["answers"], **sent},
        "answered": [*(slug for slug in contents["answered"] if slug != step.slug), step.slug],
    }
    _keep(contents)
    db.session.commit()
    if steps.START.slug not in contents["answered"]:
        return _start_again(
            gettext(
                "We kept the answers you just gave. Please answer this first question, "
                "then carry on."
            )
        )
    if request.args.get("then") == BACK_TO_CHECK:
        return redirect(_where_next(form, contents), code=303)
    following = steps.next_step(form, step)
    return redirect(_step_url(following) if following else _where_next(form, contents), code=303)


def _where_next(form, contents: dict) -> str:
    """The first step still to answer, or the answers page when none is left."""
    unanswered = steps.first_unanswered(form, set(contents["answered"]))
    if unanswered is not None:
        return _step_url(unanswered, then=BACK_TO_CHECK)
    return url_for("public.check_answers")


@bp.get("/request/check")
def check_answers():
    contents = _draft_contents()
    if contents is None:
        return _answers_gone()
    form = _whole_form(contents)
    unanswered = steps.first_unanswered(form, set(contents["answered"]))
    if unanswered is not None:
        return redirect(_step_url(unanswered, then=BACK_TO_CHECK), code=303)
    return render_template(
        "public/request_check.html",
        form=form,
        steps_taken=steps.steps_for(form),
        shown_answers=steps.shown_answers,
        step_url=lambda step: _step_url(step, then=BACK_TO_CHECK),
    )


@bp.route("/request/sign", methods=["GET", "POST"])
@csrf.exempt
@limiter.limit(
    lambda: current_app.config["REQUEST_SUBMISSIONS_PER_CLIENT"],
    scope="request-submissions",
    methods=["POST"],
    deduct_when=lambda response: response.status_code == 303,
    on_breach=lambda _limit: make_response(render_template("public/too_many_requests.html"), 429),
)
def sign_request():
    contents = _draft_contents()
    if contents is None:
        return _sent_already() or _answers_gone()
    form = form_showing(SIGNING_PAGE_FIELDS + steps.DECIDING_FIELDS)(
        formdata=MultiDict(contents["answers"]), submission_token=contents["submission_token"]
    )
    if steps.first_unanswered(form, set(contents["answered"])) is not None:
        return redirect(_where_next(form, contents), code=303)
    if request.method == "GET":
        return _signing_page(form)
    return _send(contents)


def _signing_page(form, status: int = 200, **shown):
    return render_template(
        "public/request_sign.html", form=form, asks_for_proof=is_representative(form), **shown
    ), status


def _sent_already():
    """A second press of "Send" whose first already made the request: that request."""
    sent_before = find_by_submission_token(request.form.get("submission_token"))
    if request.method != "POST" or sent_before is None:
        return None
    remember(RECEIVED_SESSION_KEY, sent_before, CONFIRMATION_VISIBLE_FOR)
    return redirect(url_for("public.received"), code=303)


def _send(contents: dict):
    signing = {name: request.form.getlist(name) for name in SIGNING_PAGE_FIELDS}
    signing["submission_token"] = [contents["submission_token"]]
    form = _whole_form(contents, **signing)
    if not form.validate():
        wrong = steps.step_holding(form.errors, form)
        if wrong is not None:
            _only_errors_of(form, wrong.fields)
            return _page(wrong, form, 422)
        return _signing_page(form, 422)
    if form.looks_automated():
        return _signing_page(form.to_send_again(), 422, held_back=True)
    receipt = intake.receive_online(form, by=acting_requester())
    request_drafts.discard(session.pop(DRAFT_SESSION_KEY, None))
    # Before the commit, which would expire the row and cost a reload for its id.
    remember(RECEIVED_SESSION_KEY, receipt.request, CONFIRMATION_VISIBLE_FOR)
    db.session.commit()
    return redirect(url_for("public.received"), code=303)
