from flask import Blueprint

bp = Blueprint("staff", __name__, url_prefix="/staff")

from . import document_views, letter_views, paper_views, reports_views, views  # noqa: E402,F401  (registers the routes on bp)
