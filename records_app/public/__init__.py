from flask import Blueprint

bp = Blueprint("public", __name__)

from records_app.public import (  # noqa: E402,F401  (registers the routes on bp)
    closure_views,
    copy_views,
    download_views,
    forgotten_code_views,
    language_views,
    link_views,
    receipt_views,
    step_views,
    views,
)
