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


def test_readyz_refuses_when_the_schema_is_behind_the_migrations(app, client):
    (applied,) = db.session.scalars(sa.text("SELECT version_num FROM alembic_version"))
    db.session.execute(sa.text("UPDATE alembic_version SET version_num = 'a28ce79936bc'"))
    db.session.commit()
    try:
        response = client.get("/readyz")
    finally:
        db.session.execute(
            sa.text("UPDATE alembic_version SET version_num = :applied"), {"applied": applied}
        )
        db.session.commit()
    assert response.status_code == 503
    assert response.text == "not ready: database schema is not at the migrations' head\n"
    assert response.headers["Retry-After"]
