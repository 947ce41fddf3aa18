"""JSON output: the report's ``to_dict`` form; the shape is documented in docs/output.md."""

from __future__ import annotations

import json

from ..model import StoryReport


def render_json(report: StoryReport) -> str:
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n"
