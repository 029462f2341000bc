# The engine's test node types and pipeline factory, shared with these tests.
from tests.executions.conftest import engine_types, make_pipeline  # noqa: F401
