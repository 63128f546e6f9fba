"""Release: the fulfil step, and the delivery it sets off. Once the records are marked
sent with files attached, a third party the requester named with an e-mail address gets
its link (`links`); a requester who chose ordinary e-mail gets the files attached when they
fit (`attached_email`); the requester downloads from the status page."""

from records_app import lifecycle
from records_app.models import RecordsRequest, StaffUser
from records_app.releases import attached_email, links
from records_app.releases.settings import current


def release(
    records_request: RecordsRequest, actor: StaffUser, expected_version: int, **fulfilment
) -> None:
    """`lifecycle.fulfil` with the same arguments, then the third party's link or the
    requester's attachments."""
    lifecycle.fulfil(records_request, actor, expected_version, **fulfilment)
    settings = current()
    if links.goes_by_link(records_request):
        links.send_link(records_request, actor, settings)
    elif attached_email.goes_attached(records_request, settings):
        attached_email.send_attached(records_request, actor)
