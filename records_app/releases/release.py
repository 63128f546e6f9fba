"""Release: the fulfil step, and the delivery it sets off. Once the records are marked
sent with files attached, a third party the requester named with an e-mail address gets
its link (`links`); the requester downloads from the status page."""

from records_app import lifecycle
from records_app.models import RecordsRequest, StaffUser
from records_app.releases import links
from records_app.releases.settings import current


def release(
    records_request: RecordsRequest, actor: StaffUser, expected_version: int, **fulfilment
) -> None:
    """`lifecycle.fulfil` with the same arguments, then the third party's link."""
    lifecycle.fulfil(records_request, actor, expected_version, **fulfilment)
    if links.goes_by_link(records_request):
        links.send_link(records_request, actor, current())
