"""The 403 and 404 pages are the site's own (with its navigation), not Django's bare defaults."""

import pytest

pytestmark = pytest.mark.django_db


def test_404_page_has_the_site_layout(client, editor):
    client.force_login(editor)
    response = client.get("/pipelines/999999/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Not found" in body and 'id="live-status"' in body


def test_403_page_explains_the_role(client, viewer):
    from tests import factories

    pipeline = factories.PipelineFactory(owner=viewer)
    client.force_login(viewer)
    response = client.post(f"/pipelines/{pipeline.pk}/delete/")
    assert response.status_code == 403
    assert "Not allowed" in response.content.decode()
