"""The Records Release Desk: the app a closed medical practice runs so that its former
patients can still get copies of their records."""

import logging

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from records_app.audit import keys as audit_keys
from records_app.config import engine_options, load_config
from records_app.crypto import keyring
from records_app.database import render_migration_type
from records_app.extensions import csrf, db, limiter, login_manager, migrate
from records_app.web.errors import log_exception_without_values


class RecordsDeskApp(Flask):
    def log_exception(self, exc_info) -> None:
        log_exception_without_values(exc_info)


def create_app(test_config: dict | None = None) -> Flask:
    app = RecordsDeskApp(
        __name__,
        instance_relative_config=True,
        template_folder="../templates",
        static_folder="../static",
    )
    app.config.from_mapping(load_config(app.instance_path))
    if test_config:
        app.config.from_mapping(test_config)
    app.config.setdefault(
        "SQLALCHEMY_ENGINE_OPTIONS", engine_options(app.config["SQLALCHEMY_DATABASE_URI"])
    )

    if app.config["TRUSTED_PROXIES"]:
        # Only as many X-Forwarded-* hops as there are proxies we run are believed; otherwise
        # a client could pick its own address and escape the rate limits.
        hops = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)

    keyring.init_app(app)
    audit_keys.init_app(app)
    db.init_app(app)
    migrate.init_app(
        app, db, render_as_batch=True, compare_type=True, render_item=render_migration_type
    )
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.session_protection = "strong"

    from records_app import database
    from records_app.web import (
        errors,
        ids,
        language_choice,
        request_log,
        security_headers,
        template_helpers,
    )

    database.enable_sqlite_pragmas(app)
    errors.register(app)
    language_choice.register(app)
    ids.register(app)
    request_log.register(app)
    security_headers.register(app)
    template_helpers.register(app)

    from records_app.admin import bp as admin_bp
    from records_app.auth import bp as auth_bp
    from records_app.public import bp as public_bp
    from records_app.staff import bp as staff_bp
    from records_app.web.health import bp as health_bp

    app.register_blueprint(public_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(staff_bp)
    app.register_blueprint(admin_bp)
    app.register_blueprint(health_bp)

    from records_app import cli

    cli.register(app)
    logging.getLogger("records_app").setLevel(logging.INFO)
    return app
