"""The presence banners speak the interface's language: the 360° view's and the ticket panel's wording."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from desktop.ui.sync import PresenceBanner
from desktop.ui.tickets.presence import TicketPresenceBanner
from services.sync.presence import Present

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
AT = dt.datetime(2026, 11, 22, tzinfo=dt.UTC)
PEOPLE = [Present(1, "张伟", "WS-A", "editing", AT), Present(2, "李娜", "WS-B", "viewing", AT)]


def test_ticket_and_record_banners_in_chinese(qtbot: Any, translations: Any) -> None:
    ticket, record = TicketPresenceBanner(), PresenceBanner()
    for banner in (ticket, record):
        qtbot.addWidget(banner)
        banner.set_people(PEOPLE)
    assert ticket.text == "张伟 正在编辑此工单；李娜 正在查看此工单；您的备注或决定可能与对方冲突"
    assert record.text.startswith("张伟 正在编辑此记录；李娜 正在查看；")
    ticket.set_people([Present(1, "张伟", "WS-A", "viewing", AT), Present(3, "王芳", "WS-C", "viewing", AT)])
    assert ticket.text == "张伟、王芳 正在查看此工单"
    translations.switch("en")
    qtbot.waitUntil(lambda: ticket.text == "张伟, 王芳 are viewing this ticket", timeout=5_000)
