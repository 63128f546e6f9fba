"""Records by ordinary e-mail, when the requester chose it on the form after a warning of
the risk (HHS guidance on 45 CFR 164.524(c)(2)-(3): an individual may ask for unencrypted
e-mail once told of it). At release the files go attached when together they fit under
RELEASE_EMAIL_ATTACHMENT_MB (20); otherwise the records-sent e-mail says how to download
them from the status page, as for everyone else."""

from records_app import lifecycle
from records_app.lifecycle import Action
from records_app.mail import outbox
from records_app.models import Delivery, MessageKind, RecordsRequest, StaffUser
from records_app.releases.settings import ReleaseSettings, readable_size


def goes_attached(records_request: RecordsRequest, settings: ReleaseSettings) -> bool:
    files = records_request.released_files_held
    return (
        records_request.delivery == Delivery.UNENCRYPTED_EMAIL
        and bool(records_request.email)
        and bool(files)
        and sum(released.byte_size for released in files) <= settings.email_attachment_bytes
    )


def send_attached(records_request: RecordsRequest, by: StaffUser | None) -> None:
    """Queues the e-mail carrying the files; `flask mail send` attaches them, checked."""
    files = records_request.released_files_held
    total = readable_size(sum(released.byte_size for released in files))
    lifecycle.note_release(
        records_request,
        Action.EMAIL_RECORDS,
        by,
        f"{len(files)} {'file' if len(files) == 1 else 'files'} ({total}) to be e-mailed as "
        "attachments, unencrypted, as the requester chose",
    )
    outbox.queue(records_request, MessageKind.RECORDS_ATTACHED)
