"""The request page's form for attaching the files of records to release."""

from flask_wtf.file import MultipleFileField
from wtforms import ValidationError

from records_app.web.forms import Form

ACCEPTED = ".pdf,.jpg,.jpeg,.png,.tif,.tiff,.txt,.xml,application/pdf,image/*,text/plain"


class AttachFilesForm(Form):
    files = MultipleFileField(
        "Files of records",
        description=(
            "PDF, JPEG, PNG or TIFF scans, plain text or an XML export (C-CDA). Each PDF's "
            "pages are counted; where the release stamp is on, each page gets a footer with "
            "the tracking code, the recipient, the date and its page number."
        ),
        render_kw={"accept": ACCEPTED},
    )

    def validate_files(self, field):
        if not [upload for upload in field.data or [] if upload.filename]:
            raise ValidationError("Choose at least one file to attach.")
