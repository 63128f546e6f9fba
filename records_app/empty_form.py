from flask_wtf import FlaskForm


class EmptyForm(FlaskForm):
    """The CSRF token alone, for POST-only buttons such as sign out."""
