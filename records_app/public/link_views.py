"""The download page of a third party's link (records_app/releases/links.py). The token
arrives in the query string (never logged: records_app/web/request_log.py), is looked up
once, and the link is kept in the visitor's session; the page redirects to its plain
address at once, so the token stays out of the address bar and of any Referer. The
patient's date of birth opens it; then the files download as they do for the requester."""

from datetime import timedelta

from flask import abort, redirect, render_template, request, session, url_for
from flask_babel import lazy_gettext

from records_app import audit, releases
from records_app.extensions import csrf, db, limiter
from records_app.models import ThirdPartyLink, utcnow
from records_app.public import bp
from records_app.public.download_views import (
    THIRD_PARTY,
    file_of,
    send_all_files,
    send_released_file,
)
from records_app.public.forms import LinkBirthDateForm
from records_app.releases.links import LinkState

LINK_SESSION_KEY = "records_link"
LINK_GOOD_FOR = timedelta(minutes=30)
BIRTH_DATE_LIMIT = "20 per hour"
WRONG_BIRTH_DATE = lazy_gettext(
    "That date of birth does not match our records. Check it and try again."
)
# What the page says when a link no longer works, and the status it is sent with.
ENDED = {
    LinkState.EXPIRED: (lazy_gettext("This link has expired"), 410),
    LinkState.REVOKED: (lazy_gettext("This link was withdrawn"), 410),
    LinkState.LOCKED: (lazy_gettext("This link is locked"), 403),
    None: (lazy_gettext("This link does not work"), 404),
}


@bp.route("/records/link", methods=["GET", "POST"])
@csrf.exempt
@limiter.limit(BIRTH_DATE_LIMIT, methods=["POST"])
def records_link():
    if token := request.args.get("t"):
        return _open(token)
    link = _link_of_session()
    if link is None or releases.state_of(link) is not LinkState.OPEN:
        return _ended(link)
    if _session_verified():
        offer = releases.offer_for(link.request, releases.current())
        return render_template("public/link_files.html", link=link, offer=offer)
    form = LinkBirthDateForm()
    if not form.validate_on_submit():
        status = 422 if form.is_submitted() else 200
        return render_template("public/link_birth_date.html", form=form, link=link), status
    matches = releases.check_birth_date(link, form.date_of_birth.data, request.remote_addr)
    audit.record_by(
        _third_party(),
        "release.link_opened" if matches else "release.link_birth_date_wrong",
        request_id=link.request_id,
    )
    db.session.commit()
    if not matches:
        if releases.state_of(link) is not LinkState.OPEN:
            return _ended(link)
        form.date_of_birth.errors.append(WRONG_BIRTH_DATE)
        return render_template("public/link_birth_date.html", form=form, link=link), 422
    session[LINK_SESSION_KEY] = {**session[LINK_SESSION_KEY], "verified": True}
    return redirect(url_for("public.records_link"), code=303)


@bp.get("/records/link/files/<id:file_id>")
def link_file(file_id: int):
    link = _verified_link()
    return send_released_file(link.request, file_of(link.request, file_id), THIRD_PARTY)


@bp.get("/records/link/all.zip")
def link_all_files():
    link = _verified_link()
    return send_all_files(link.request, THIRD_PARTY)


def _open(token: str):
    link = releases.find_link(token)
    if link is None or releases.state_of(link) is not LinkState.OPEN:
        return _ended(link)
    releases.record_opening(link, request.remote_addr)
    audit.record_by(_third_party(), "release.link_visited", request_id=link.request_id)
    db.session.commit()
    session[LINK_SESSION_KEY] = {
        "id": link.id,
        "until": (utcnow() + LINK_GOOD_FOR).timestamp(),
        "verified": False,
    }
    return redirect(url_for("public.records_link"), code=303)


def _link_of_session() -> ThirdPartyLink | None:
    kept = session.get(LINK_SESSION_KEY)
    if not kept or kept["until"] < utcnow().timestamp():
        return None
    return db.session.get(ThirdPartyLink, kept["id"])


def _session_verified() -> bool:
    return session.get(LINK_SESSION_KEY, {}).get("verified", False)


def _verified_link() -> ThirdPartyLink:
    link = _link_of_session()
    if link is None or releases.state_of(link) is not LinkState.OPEN:
        abort(_ended(link))
    if not _session_verified() or releases.offer_for(link.request, releases.current()) is None:
        abort(redirect(url_for("public.records_link"), code=303))
    return link


def _ended(link: ThirdPartyLink | None):
    state = releases.state_of(link) if link is not None else None
    if state is LinkState.OPEN:  # open, but its files were removed under the retention rule
        state = LinkState.EXPIRED
    title, status = ENDED[state]
    return render_template("public/link_ended.html", title=title, state=state), status


def _third_party() -> audit.Actor:
    return audit.Actor(label=THIRD_PARTY, ip_address=request.remote_addr)
