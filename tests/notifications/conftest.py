from tests.executions.conftest import engine_types, make_pipeline  # noqa: F401
