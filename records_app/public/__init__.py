from flask import Blueprint

bp = Blueprint("public", __name__)

from records_app.public import closure_views, copy_views, views  # noqa: E402,F401  (registers the routes on bp)
