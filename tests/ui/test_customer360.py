"""The 360° view loads each tab from the seeded database: loading state first, then content."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from desktop.tasks import TaskManager
from desktop.ui.customer360 import TABS, Customer360View

# The offscreen platform cannot pass window size hints on and says so whenever a shown top-level
# widget's layout changes its minimum size; that is the test platform, not the application.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def view(qtbot, tasks: TaskManager, c360_service: Any) -> Customer360View:
    widget = Customer360View(tasks, c360_service, timeline_page_size=10)
    qtbot.addWidget(widget)
    widget.resize(900, 640)
    widget.show()
    return widget


def test_empty_state_before_a_customer_is_opened(view: Customer360View, translations, qtbot) -> None:
    assert view.stack.currentWidget() is view.empty
    qtbot.waitUntil(lambda: view.empty.title.text() == "尚未打开客户")


def test_header_and_every_tab_load(view: Customer360View, showcase, qtbot, translations) -> None:
    view.open_customer(showcase["full"])
    assert view.header_pane.state == "loading"
    assert view.tab_state("overview") == "loading"
    with qtbot.waitSignal(view.header_loaded, timeout=10_000) as blocker:
        pass
    header = blocker.args[0]
    assert header.id == showcase["full"]
    assert view.header_pane.state == "content"
    assert view.header_card.name.fullText() == showcase["full_name"]
    assert view.header_card.chip_texts()
    for name in TABS:
        if name != "overview":
            assert view.tab_state(name) == "empty"  # nothing requested yet
        view.show_tab(name)
        if view.tab_state(name) != "content":
            assert view.tab_state(name) == "loading"
            qtbot.waitUntil(lambda name=name: view.tab_state(name) != "loading", timeout=10_000)
        assert view.tab_state(name) == "content", name
    assert view.products_model.rowCount() > 0
    assert view.tickets_model.rowCount() > 0
    assert view.reminders_model.rowCount() > 0
    assert view.timeline_model.rowCount() > 0
    assert view.overview.overview is not None


def test_alert_chips(view: Customer360View, showcase, qtbot, translations) -> None:
    view.open_customer(showcase["rich"])  # the demo's pick: an open complaint if the data has one
    with qtbot.waitSignal(view.header_loaded, timeout=10_000) as blocker:
        pass
    header = blocker.args[0]
    chips = view.header_card.chip_texts()
    assert header.open_complaints > 0
    assert f"未结投诉 {header.open_complaints} 件" in chips
    if header.reminders_due:
        assert f"待办提醒 {header.reminders_due} 条" in chips
    if header.maturing_30d_count:
        assert any(c.startswith(f"30天内到期存款 {header.maturing_30d_count} 笔 · ¥") for c in chips)
    if header.consents:
        assert any(c.startswith("营销许可：") for c in chips)


def test_money_and_dates_in_chinese_format(view: Customer360View, showcase, qtbot, translations) -> None:
    view.open_customer(showcase["rich"])
    qtbot.waitUntil(lambda: view.header_pane.state == "content", timeout=10_000)
    assert view.header_card.aum.text().startswith("¥")
    assert "," in view.header_card.aum.text() or len(view.header_card.aum.text()) < 10
    view.show_tab("products")
    qtbot.waitUntil(lambda: view.tab_state("products") == "content", timeout=10_000)
    opened = view.products_model.index(0, 5).data()
    assert "年" in opened and "月" in opened and opened.endswith("日")


def test_timeline_fetch_more_loads_next_page(view: Customer360View, showcase, qtbot) -> None:
    assert showcase["busiest_count"] > 10
    view.show_tab("timeline")
    view.open_customer(showcase["busiest"])
    model = view.timeline_model
    qtbot.waitUntil(lambda: model.pages_loaded >= 1 and not model.loading, timeout=10_000)
    assert view.tab_state("timeline") == "content"
    while model.canFetchMore():
        pages, rows = model.pages_loaded, model.rowCount()
        model.fetchMore()
        assert model.loading and not model.canFetchMore()  # one page at a time
        qtbot.waitUntil(lambda pages=pages: model.pages_loaded > pages and not model.loading, timeout=10_000)
        assert model.rowCount() > rows
    assert model.at_end
    assert model.rowCount() == showcase["busiest_count"]
    times = [model.record(r).occurred_at for r in range(model.rowCount())]
    assert times == sorted(times, reverse=True)  # newest first, across pages
    ids = [model.record(r).id for r in range(model.rowCount())]
    assert len(ids) == len(set(ids))


def test_timeline_scrolling_to_the_end_fetches_more(view: Customer360View, showcase, qtbot) -> None:
    view.resize(900, 420)  # a few rows fill the viewport: further pages only when scrolled
    view.show_tab("timeline")
    view.open_customer(showcase["busiest"])
    model = view.timeline_model
    qtbot.waitUntil(lambda: model.pages_loaded >= 1 and not model.loading, timeout=10_000)
    qtbot.wait(50)
    qtbot.waitUntil(lambda: not model.loading, timeout=10_000)
    loaded = model.rowCount()
    assert model.canFetchMore()
    view.timeline.table.scrollToBottom()
    qtbot.waitUntil(lambda: model.rowCount() > loaded, timeout=10_000)


def test_channel_filter(view: Customer360View, showcase, seeded_engine, qtbot, translations) -> None:
    from db.models import Interaction

    with seeded_engine.connect() as conn:
        channels = set(
            conn.execute(select(Interaction.channel).where(Interaction.customer_id == showcase["busiest"])).scalars()
        )
    channel = sorted(channels)[0]
    view.show_tab("timeline")
    view.open_customer(showcase["busiest"])
    qtbot.waitUntil(lambda: view.tab_state("timeline") == "content", timeout=10_000)
    qtbot.waitUntil(lambda: view.timeline.channel.count() > 1)
    assert view.timeline.channel.itemText(0) == "全部渠道"
    view.timeline.set_channel(channel)
    model = view.timeline_model
    qtbot.waitUntil(lambda: model.channel == channel and not model.loading and model.rowCount() > 0, timeout=10_000)
    assert {model.record(r).channel for r in range(model.rowCount())} == {channel}
    view.timeline.set_channel(None)
    qtbot.waitUntil(lambda: model.channel is None and not model.loading and model.rowCount() > 0, timeout=10_000)


def test_unknown_customer_shows_inline_error_with_retry(view: Customer360View, qtbot, translations) -> None:
    view.open_customer(10**9)
    qtbot.waitUntil(lambda: view.header_pane.state == "error", timeout=10_000)
    assert view.header_pane.error_label.text() == "该客户已不存在。"
    assert view.header_pane.retry_button.text() == "重试"
    view.header_pane.retry_button.click()
    assert view.header_pane.state == "loading"
    qtbot.waitUntil(lambda: view.header_pane.state == "error", timeout=10_000)


def test_opening_another_customer_supersedes_loads(view: Customer360View, showcase, qtbot) -> None:
    headers: list[Any] = []
    view.header_loaded.connect(headers.append)
    view.open_customer(showcase["busiest"])
    view.open_customer(showcase["rich"])
    qtbot.waitUntil(lambda: view.header_pane.state == "content", timeout=10_000)
    qtbot.waitUntil(lambda: view._tasks.pending == 0, timeout=10_000)
    assert [h.id for h in headers] == [showcase["rich"]]


def test_long_name_elides_with_tooltip(view: Customer360View, showcase, qtbot) -> None:
    cid = showcase.get("long") or showcase["rich"]
    full = showcase.get("long_name") or showcase["rich_name"]
    view.resize(560, 640)
    view.open_customer(cid)
    qtbot.waitUntil(lambda: view.header_pane.state == "content", timeout=10_000)
    name = view.header_card.name
    name.resize(name.fontMetrics().horizontalAdvance(full[0]) + 2, name.height())
    assert name.isElided()
    assert name.text() != full
    assert full in name.toolTip()


def test_a_narrow_card_puts_two_fields_to_a_row_instead_of_eliding_them(
    view: Customer360View, showcase, qtbot, translations
) -> None:
    view.resize(620, 700)  # the 360° view beside the ticket pane and the call panel at 1366 px
    view.show()
    view.open_customer(showcase["rich"])
    qtbot.waitUntil(lambda: view.header_pane.state == "content", timeout=10_000)
    card = view.header_card
    qtbot.waitUntil(lambda: card.columns == 2, timeout=5_000)
    for key in ("cif", "id", "since"):
        value = card._fields[key][1]
        assert value.fullText() and not value.isElided(), key
    view.resize(1300, 700)
    qtbot.waitUntil(lambda: card.columns == 4, timeout=5_000)
    assert not card._fields["cif"][1].isElided()
    # The reflow takes effect within the resize itself: no frame shows the old columns squeezed, checked
    # here before the event loop runs again.
    card.resize(600, card.height())
    assert card.columns == 2
    for key in ("cif", "id", "since"):
        assert not card._fields[key][1].isElided(), key
