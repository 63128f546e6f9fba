from flask import Blueprint

bp = Blueprint("auth", __name__, url_prefix="/staff")

from records_app.auth import views  # noqa: E402,F401  (registers the routes on bp)
