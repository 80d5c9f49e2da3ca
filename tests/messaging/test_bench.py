"""``contactdesk bench outbox --quick --json`` prints every figure the issue names."""

from __future__ import annotations

import json

import pytest

from desktop.cli import main


def test_outbox_bench_quick_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bench", "outbox", "--quick", "--json", "--customers", "400", "--messages", "40"]) == 0
    figures = json.loads(capsys.readouterr().out)
    for name in ("campaign_queue_seconds", "template_render_p99_ms", "sender_msgs_per_s"):
        assert isinstance(figures[name], float) and figures[name] > 0, name
    assert figures["campaign_rows"] == 400 and 0 < figures["campaign_queued"] <= 400
    assert figures["sender_messages"] == 40 and figures["sender_outcomes"] == {"queued": 40}
    assert figures["sender_rest_rejected"] == 0
