from __future__ import annotations

import pytest

from tests import factories


@pytest.fixture
def owner(db):
    return factories.UserFactory(role="editor")
