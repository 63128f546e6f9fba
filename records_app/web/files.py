"""How a stored file (an identity document, a letter) leaves the app: never cached, its type
not guessed by the browser, named by ids alone; and what staff see when a file no longer
matches the SHA-256 taken when it was stored."""

from flask import abort, g, render_template

from records_app.extensions import db


def on_request_or_404(model, item_id: int, request_id: int):
    """The stored file, only under the request it belongs to: another request's id in the
    URL finds nothing."""
    found = db.session.get(model, item_id)
    if found is None or found.request_id != request_id:
        abort(404)
    return found


def file_response(content: bytes, content_type: str, filename: str, *, inline: bool):
    disposition = "inline" if inline else "attachment"
    return (
        content,
        200,
        {
            "Content-Type": content_type,
            "Content-Disposition": f'{disposition}; filename="{filename}"',
            "Cache-Control": "no-store",
            "X-Content-Type-Options": "nosniff",
        },
    )


def damaged_page(what: str, when_stored: str):
    """`what` is "document" or "letter"; `when_stored` says when its fingerprint was taken."""
    page = render_template(
        "errors/error.html",
        status=500,
        title=f"This {what} cannot be shown",
        advice=(
            f"The stored {what} no longer matches the fingerprint taken when it was "
            f"{when_stored}, so it has not been sent. Tell the practice's administrator; the "
            "rest of the request is unaffected."
        ),
        request_id=g.get("request_id", "-"),
    )
    return page, 500
