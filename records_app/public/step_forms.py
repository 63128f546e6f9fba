"""The request form as one step shows it: the public form without the fields of the other
steps, so that showing a step builds only what it shows. Answers are checked by the whole
form (records_app/public/step_views.py): the rules span the steps."""

from functools import cache

from wtforms.fields.core import UnboundField

from records_app.public.spam_forms import PublicRequestForm
from records_app.request_form import steps

# The last step's fields besides the documents and the signature: the token that makes a
# repeated submission return its request, and what tells a person from a program.
SIGNING_PAGE_FIELDS = (*steps.SIGNING_FIELDS, "submission_token", "website")


def _field_names() -> list[str]:
    return [
        name
        for name in dir(PublicRequestForm)
        if isinstance(getattr(PublicRequestForm, name), UnboundField)
    ]


@cache
def form_showing(fields: tuple[str, ...]) -> type[PublicRequestForm]:
    """The public form with only these fields (WTForms drops a field set to None)."""
    left_out = {name: None for name in _field_names() if name not in fields}
    return type("StepForm", (PublicRequestForm,), left_out)
