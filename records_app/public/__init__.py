from flask import Blueprint

bp = Blueprint("public", __name__)

from records_app.public import (  # noqa: E402,F401  (registers the routes on bp)
    copy_views,
    download_views,
    link_views,
    views,
)
