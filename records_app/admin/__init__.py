from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")

from records_app.admin import canned_text_views, patient_views, views  # noqa: E402,F401  (registers the routes on bp)
