"""The requester's receipt (records_app.letters.request_receipt), as a PDF from the
confirmation page just after sending the form. Written when asked for and not kept: it says
nothing the request does not. Only the request remembered in the visitor's session is
served, never one named in the URL."""

from flask import redirect, url_for

from records_app import lifecycle
from records_app.language import written_in
from records_app.models import utcnow
from records_app.public import bp
from records_app.public.views import RECEIVED_SESSION_KEY
from records_app.web.files import file_response
from records_app.web.remembered import recall


@bp.get("/request/received/receipt.pdf")
def receipt_after_sending():
    records_request = recall(RECEIVED_SESSION_KEY)
    if records_request is None:
        return redirect(url_for("public.status"))
    # Imported on first use, not with the blueprint: the receipt is drawn with fpdf2, about
    # 30 MiB that every worker would otherwise carry (see letters.storage.composers).
    from records_app.letters.request_receipt import request_receipt

    with written_in(records_request.language):
        content = request_receipt(records_request, lifecycle.due_date(records_request), utcnow())
    return file_response(content, "application/pdf", "request-receipt.pdf", inline=False)
