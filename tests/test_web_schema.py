"""Property-based requests against ``/openapi.json`` (schemathesis): no server error, and every
response as the spec documents it (status, content type, schema). Bounded to a few examples per
operation so it runs in seconds; each operation is driven with hypothesis directly."""

from __future__ import annotations

import pytest
from desk_fixtures import build_desk_db
from hypothesis import HealthCheck, given, settings

from storyline.web import create_app

schemathesis = pytest.importorskip("schemathesis", reason="schemathesis is not installed")
EXAMPLES = 12


@pytest.mark.slow
def test_every_operation_keeps_its_spec(tmp_path):
    db = tmp_path / "desk.db"
    build_desk_db(db)
    schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(db))
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 10
    for operation in operations:

        @given(operation.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def check(case) -> None:
            case.call_and_validate()

        check()
