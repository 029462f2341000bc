from __future__ import annotations

import pytest

from tests import factories
from tests.quality.seeding import quality_pipeline


@pytest.fixture
def owner(db):
    return factories.UserFactory(role="editor")


@pytest.fixture
def pipeline(owner):
    return quality_pipeline(owner)
