"""Form pieces every blueprint shares."""

from flask_wtf import FlaskForm
from wtforms import SelectMultipleField
from wtforms.widgets import CheckboxInput, ListWidget


class EmptyForm(FlaskForm):
    """The CSRF token alone, for POST-only buttons such as sign out."""


class MultiCheckboxField(SelectMultipleField):
    """Several boxes that can be ticked at once; the `field` macro renders it as a fieldset."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()
