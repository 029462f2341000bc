import pytest


@pytest.mark.django_db
def test_healthz_touches_nothing(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_readyz_reports_each_dependency(client, settings):
    settings.SLUICE_EXECUTOR = "celery"
    body = client.get("/readyz").json()
    assert body["status"] == "ok", body
    assert set(body["checks"]) == {"database", "channel_layer", "broker"}
    assert body["checks"]["channel_layer"]["backend"] == "RedisChannelLayer"


@pytest.mark.django_db
def test_readyz_is_503_when_the_broker_is_down(client, settings):
    from config.celery import app

    settings.SLUICE_EXECUTOR = "celery"
    previous = app.conf.broker_url
    app.conf.broker_url = "redis://127.0.0.1:1/0"
    try:
        response = client.get("/readyz")
    finally:
        app.conf.broker_url = previous
    assert response.status_code == 503
    assert response.json()["checks"]["broker"]["ok"] is False
    assert response.json()["checks"]["database"]["ok"] is True
