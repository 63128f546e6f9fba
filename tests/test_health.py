"""/healthz and /readyz: what the load balancer and the process supervisor ask."""

import sqlalchemy as sa

from records_app.extensions import db


def test_healthz_answers_without_setting_a_cookie(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.text == "ok\n"
    assert "Set-Cookie" not in response.headers


def test_readyz_is_ready_when_the_schema_is_at_the_migrations_head(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.text == "ready\n"
    assert "Set-Cookie" not in response.headers


def _readyz_with_schema_at(client, revision: str):
    (applied,) = db.session.scalars(sa.text("SELECT version_num FROM alembic_version"))
    db.session.execute(
        sa.text("UPDATE alembic_version SET version_num = :revision"), {"revision": revision}
    )
    db.session.commit()
    try:
        return client.get("/readyz")
    finally:
        db.session.execute(
            sa.text("UPDATE alembic_version SET version_num = :applied"), {"applied": applied}
        )
        db.session.commit()


def test_readyz_refuses_when_the_schema_is_behind_the_migrations(app, client):
    response = _readyz_with_schema_at(client, "a28ce79936bc")  # the first migration
    assert response.status_code == 503
    assert response.text == "not ready: database schema is behind the migrations' head\n"
    assert response.headers["Retry-After"]


def test_readyz_stays_ready_when_a_newer_release_has_migrated_the_schema(app, client):
    assert _readyz_with_schema_at(client, "feedc0ffee00").status_code == 200
