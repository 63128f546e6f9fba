"""The letters the law and the requester expect, as PDFs written by the app when a request
reaches the step that calls for one and kept with the request: acknowledgement and the signed
request on receipt, extension notice, request for information, denial, the cover letter
that goes with the records, and the fee's quote, invoice and receipt. `lifecycle` decides
when; this package what they say (`compose`, `authorization`, `fee_letters`), how they
look (`page`) and how they are kept (`storage`)."""

from records_app.letters.storage import (
    WRITTEN_AFTER_THE_RESPONSE,
    LetterDamaged,
    issue,
    pending_count,
    read_verified,
    write_pending,
)

__all__ = [
    "WRITTEN_AFTER_THE_RESPONSE",
    "LetterDamaged",
    "issue",
    "pending_count",
    "read_verified",
    "write_pending",
]
