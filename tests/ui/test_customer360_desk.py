"""The 360° view as an agent works it all day: keyboard only, at 1366×768 beside the call panel, both languages.

The layout tests run the signed-in desktop (:class:`desktop.app.Desktop`, agent01, call bar and call panel)
with the application's own font and style sheet, as ``contactdesk app`` shows it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QFontMetrics, QKeySequence
from PySide6.QtWidgets import QApplication, QFrame, QLabel, QTabBar, QToolButton
from sqlalchemy import Engine, insert, select

from db.engine import make_engine
from db.models import Customer, CustomerPhone
from desktop.tasks import TaskManager
from desktop.ui.customer360 import TABS, Customer360View
from desktop.ui.widgets import ElidedLabel

from .test_access import Desktop, db_url, signed_in, start  # noqa: F401 - fixtures of the signed-in desktop

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

ACTIONS = ("edit", "complaint", "message", "call")
KEYS = {"edit": "Ctrl+E", "complaint": "Ctrl+Shift+C", "message": "Ctrl+Shift+M", "call": "Ctrl+Shift+P"}
CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
PRESS = {
    "edit": (Qt.Key.Key_E, CTRL),
    "complaint": (Qt.Key.Key_C, CTRL_SHIFT),
    "message": (Qt.Key.Key_M, CTRL_SHIFT),
    "call": (Qt.Key.Key_P, CTRL_SHIFT),
}


def action_buttons(card: Any) -> dict[str, QToolButton]:
    """The header's action buttons by action."""
    return {
        "edit": card.edit_button,
        "complaint": card.complaint_button,
        "message": card.message_button,
        "call": card.call_button,
    }


@pytest.fixture
def styled(qapp: QApplication) -> Iterator[None]:
    """The application's font and style sheet (as ``contactdesk app`` sets them), put back afterwards."""
    from desktop.app import apply_style

    font, sheet, style = qapp.font(), qapp.styleSheet(), qapp.style().name()
    apply_style(qapp)
    yield
    qapp.setStyleSheet(sheet)
    qapp.setFont(font)
    qapp.setStyle(style)


@pytest.fixture
def view(qtbot: Any, tasks: TaskManager, c360_service: Any) -> Customer360View:
    """A 360° view on its own, every action offered (as for a role that has them all)."""
    widget = Customer360View(tasks, c360_service, timeline_page_size=10)
    qtbot.addWidget(widget)
    for button in action_buttons(widget.header_card).values():
        button.setVisible(True)
    widget.resize(900, 700)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)
    return widget


def settle() -> None:
    """Let posted layout requests run (a language change lays out again in several passes)."""
    for _ in range(5):
        QApplication.sendPostedEvents()
        QApplication.processEvents()


def opened(qtbot: Any, view: Customer360View, customer_id: int) -> None:
    view.open_customer(customer_id)
    qtbot.waitUntil(lambda: view.header_pane.state == "content", timeout=10_000)
    qtbot.waitUntil(lambda: view.tab_state(view.current_tab()) == "content", timeout=10_000)


def agent_desk(qtbot: Any, desktop: Desktop, customer_id: int) -> Any:
    """agent01 signed in at 1366×768 (call bar and call panel), the customer open, the window active."""
    window = signed_in(qtbot, desktop, "agent01")
    window.resize(1366, 768)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    opened(qtbot, window.customer_view, customer_id)
    # The header's buttons get their size once the posted layout requests have run (a click on a 0×0 button
    # hits nothing).
    qtbot.waitUntil(lambda: not window.customer_view.header_card.edit_button.rect().isEmpty(), timeout=5_000)
    return window


# -- 1. cancelling the edit ------------------------------------------------------------------------


@pytest.mark.parametrize("how", ["escape", "cancel button"])
def test_cancelling_the_edit_raises_nothing_and_leaves_nothing_in_the_journal(
    qtbot: Any,
    start: Callable[..., Desktop],  # noqa: F811 - the fixture imported above
    showcase: dict[str, Any],
    how: str,
) -> None:
    window = agent_desk(qtbot, start(), showcase["rich"])
    view = window.customer_view
    journal = window.live.journal
    assert len(journal) == 0
    qtbot.mouseClick(view.header_card.edit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.edit_dialog is not None and view.edit_dialog.original is not None, timeout=10_000)
    dialog = view.edit_dialog
    occupation = dialog.inputs["occupation"]
    occupation.setFocus()
    qtbot.keyClicks(occupation, " CPA")
    assert len(journal) == 1, "what is typed is kept in the local journal at once"
    if how == "escape":
        qtbot.keyClick(occupation, Qt.Key.Key_Escape)
    else:
        qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Cancel), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5_000)
    assert len(journal) == 0, "a cancelled edit keeps nothing to replay"
    assert journal.get("record_edit", f"customer:{showcase['rich']}") is None


def test_the_edit_form_shows_identifiers_masked_and_writes_only_a_typed_one(
    qtbot: Any,
    start: Callable[..., Desktop],  # noqa: F811 - the fixture imported above
    showcase: dict[str, Any],
    db_url: str,  # noqa: F811 - the fixture imported above
) -> None:
    cid = showcase["rich"]
    window = agent_desk(qtbot, start(), cid)
    view = window.customer_view
    header = view.header_card.header
    qtbot.mouseClick(view.header_card.edit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.edit_dialog is not None and view.edit_dialog.original is not None, timeout=10_000)
    dialog = view.edit_dialog
    id_input, phone_input = dialog.inputs["id_number"], dialog.inputs["phone"]
    assert id_input.text() == "" and id_input.placeholderText() == header.masked_id
    assert phone_input.text() == "" and phone_input.placeholderText() == header.masked_phones[0]
    assert dialog.changed_fields() == [] and not dialog.save_button.isEnabled()
    engine = make_engine(db_url)
    try:
        with engine.connect() as conn:
            raw_id = conn.execute(select(Customer.id_number).where(Customer.id == cid)).scalar_one()
        phone_input.setFocus()
        qtbot.keyClicks(phone_input, "139 0000 1234")
        assert dialog.changed_fields() == ["phone"] and dialog.save_button.isEnabled()
        dialog.save()
        qtbot.waitUntil(lambda: dialog.saved_version is not None, timeout=10_000)
        with engine.connect() as conn:
            phone = conn.execute(
                select(CustomerPhone.e164, CustomerPhone.e164_masked)
                .where(CustomerPhone.customer_id == cid)
                .order_by(CustomerPhone.is_primary.desc(), CustomerPhone.id)
                .limit(1)
            ).one()
            assert tuple(phone) == ("+8613900001234", "139****1234")
            assert conn.execute(select(Customer.id_number).where(Customer.id == cid)).scalar_one() == raw_id
    finally:
        engine.dispose()


# -- 2. the header's links ---------------------------------------------------------------------------


def test_header_links_are_focusable_buttons_naming_their_shortcuts(
    view: Customer360View, showcase: dict[str, Any], qtbot: Any, translations: Any, styled: None
) -> None:
    card = view.header_card
    card.complaints_clickable = True  # as beside the ticket pane: the "open complaints" chip is a link too
    opened(qtbot, view, showcase["rich"])
    buttons = action_buttons(card)
    for action in ACTIONS:
        button = buttons[action]
        assert isinstance(button, QToolButton) and button.property("link") is True
        assert button.focusPolicy() == Qt.FocusPolicy.StrongFocus
        assert button.shortcut() == QKeySequence(KEYS[action])
        shown = QKeySequence(KEYS[action]).toString(QKeySequence.SequenceFormat.NativeText)
        assert button.toolTip().endswith(f"({shown})"), button.toolTip()
    assert card.edit_button.text() == "编辑" and card.complaint_button.text() == "登记投诉"
    assert card.call_button.text() == "外呼" and card.message_button.text() == "发送消息"
    assert card.edit_button.toolTip() == "更正该客户的资料 (Ctrl+E)"

    # The focus shows: the focused link is drawn with a ring it does not have unfocused.
    edit = card.edit_button
    view.tabs.tabBar().setFocus()
    qtbot.waitUntil(view.tabs.tabBar().hasFocus)
    plain = edit.grab().toImage()
    edit.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(edit.hasFocus)
    edit.repaint()
    assert edit.grab().toImage() != plain, "the focused link looks different"
    chip = card.findChild(QFrame, "complaintsChip")
    assert chip is not None
    plain = chip.grab().toImage()
    qtbot.keyClick(edit, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)  # the chip comes before the links
    qtbot.waitUntil(chip.hasFocus)
    chip.repaint()
    assert chip.grab().toImage() != plain, "and shows its focus too"


@pytest.mark.parametrize("action", ACTIONS)
def test_each_action_has_its_shortcut_while_it_is_offered(
    view: Customer360View, showcase: dict[str, Any], qtbot: Any, action: str
) -> None:
    opened(qtbot, view, showcase["rich"])
    card = view.header_card
    signal = {
        "edit": card.edit_requested,
        "complaint": card.complaint_requested,
        "message": card.message_requested,
        "call": card.call_requested,
    }[action]
    key, modifiers = PRESS[action]
    fired: list[bool] = []
    signal.connect(lambda: fired.append(True))
    button = action_buttons(card)[action]
    # A role without the action has it hidden: its key does nothing behind the agent's back.
    button.setVisible(False)
    qtbot.keyClick(view.tabs.tabBar(), key, modifiers)
    button.setVisible(True)
    with qtbot.waitSignal(signal, timeout=2_000):
        qtbot.keyClick(view.tabs.tabBar(), key, modifiers)
    assert fired == [True]


def test_space_on_the_focused_edit_link_opens_the_editor(
    qtbot: Any,
    start: Callable[..., Desktop],  # noqa: F811 - the fixture imported above
    showcase: dict[str, Any],
) -> None:
    window = agent_desk(qtbot, start(), showcase["rich"])
    view = window.customer_view
    edit = view.header_card.edit_button
    edit.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(edit.hasFocus)
    qtbot.keyClick(edit, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: view.edit_dialog is not None and view.edit_dialog.original is not None, timeout=10_000)
    dialog = view.edit_dialog
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5_000)
    assert len(window.live.journal) == 0
    # Ctrl+E opens it too.
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    view.tabs.tabBar().setFocus()
    qtbot.keyClick(view.tabs.tabBar(), Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: view.edit_dialog is not None and view.edit_dialog is not dialog, timeout=5_000)
    again = view.edit_dialog
    qtbot.waitUntil(lambda: again.original is not None, timeout=10_000)
    qtbot.keyClick(again, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not again.isVisible(), timeout=5_000)


# -- 3. the tab bar in the Tab order; Ctrl+1…Ctrl+5 ---------------------------------------------------


def test_tab_goes_from_the_header_links_to_the_tab_bar(
    qtbot: Any,
    start: Callable[..., Desktop],  # noqa: F811 - the fixture imported above
    showcase: dict[str, Any],
) -> None:
    window = agent_desk(qtbot, start(), showcase["rich"])
    view = window.customer_view
    card = view.header_card
    shown = [button for button in action_buttons(card).values() if button.isVisible()]
    assert [b.text() for b in shown] == ["编辑", "登记投诉", "发送消息", "外呼"]
    assert card.flow_button.isVisible(), "an agent starts service flows (Ctrl+G)"
    shown.append(card.flow_button)
    # Then what the lobby gives an agent on the phone: book a branch visit (they refer from the wrap-up).
    assert card.book_button.isVisible() and not card.refer_button.isVisible()
    shown.append(card.book_button)
    shown[0].setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(shown[0].hasFocus)
    for button in shown[1:]:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is button
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    bar = view.tabs.tabBar()
    assert QApplication.focusWidget() is bar, QApplication.focusWidget()
    qtbot.keyClick(bar, Qt.Key.Key_Right)
    assert view.current_tab() == "products"
    qtbot.keyClick(bar, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    assert QApplication.focusWidget() is shown[-1], "and Shift+Tab goes back to the last link"

    # Help › Keyboard shortcuts lists the 360° keys with the rest of the window's.
    from desktop.ui.shortcuts_dialog import window_shortcuts

    listed = {(entry.what, entry.keys) for entry in window_shortcuts(window)}
    assert {("编辑", "Ctrl+E"), ("登记投诉", "Ctrl+Shift+C"), ("客户360°视图：往来记录", "Ctrl+3")} <= listed


def test_ctrl_digits_switch_the_tabs_named_in_their_tooltips(
    view: Customer360View, showcase: dict[str, Any], qtbot: Any, translations: Any
) -> None:
    opened(qtbot, view, showcase["full"])
    bar = view.tabs.tabBar()
    for index in range(len(TABS)):
        shown = QKeySequence(f"Ctrl+{index + 1}").toString(QKeySequence.SequenceFormat.NativeText)
        assert view.tabs.tabToolTip(index) == f"{view.tabs.tabText(index)} ({shown})"
    view.header_card.edit_button.setFocus()
    digits = (Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_3, Qt.Key.Key_4, Qt.Key.Key_5)
    for index in (2, 4, 1, 3, 0):
        qtbot.keyClick(QApplication.focusWidget(), digits[index], Qt.KeyboardModifier.ControlModifier)
        assert view.current_tab() == TABS[index]
        qtbot.waitUntil(lambda index=index: view.tab_state(TABS[index]) == "content", timeout=10_000)
    # From inside a page the focus goes to the tab bar, not to whatever comes next in the window.
    view.show_tab("products")
    view.products_table.setFocus()
    qtbot.waitUntil(view.products_table.hasFocus)
    qtbot.keyClick(view.products_table, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert view.current_tab() == "timeline" and bar.hasFocus()
    translations.switch("en")
    qtbot.waitUntil(lambda: view.tabs.tabToolTip(2) == "Timeline (Ctrl+3)")


# -- 4. everything fits at 1366×768, in both languages ------------------------------------------------


def _cut(label: QLabel) -> bool:
    """Whether ``label`` shows less than its whole text."""
    if isinstance(label, ElidedLabel):
        return label.isElided()
    if label.wordWrap():
        return label.heightForWidth(label.width()) > label.height()
    return QFontMetrics(label.font()).horizontalAdvance(label.text()) > label.contentsRect().width()


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_name_tabs_and_overview_fit_beside_the_call_panel_at_1366(
    qtbot: Any,
    start: Callable[..., Desktop],  # noqa: F811 - the fixture imported above
    showcase: dict[str, Any],
    translations: Any,
    styled: None,
    language: str,
) -> None:
    window = agent_desk(qtbot, start(), showcase["full"])
    assert window.call_center.dock.isVisible()
    view = window.customer_view
    translations.switch(language)
    first_tab = "概览" if language == "zh_CN" else "Overview"
    qtbot.waitUntil(lambda: view.tabs.tabText(0) == first_tab)
    settle()
    assert view.width() < 700, "beside the search and the call panel"
    card = view.header_card

    # The whole name, in its full size.
    name = card.name
    full = showcase["full_name"]
    assert name.text() == full and not name.isElided()
    assert name.fontMetrics().horizontalAdvance(full) <= name.contentsRect().width()
    assert name.fontMetrics().height() > QFontMetrics(QApplication.font()).height(), "the style's large name"
    for label in (card.pinyin, card.gender_age, card.tier_badge, card.lifecycle_badge):
        assert not _cut(label), label.text()
        assert label.geometry().right() <= card.contentsRect().right()
    for button in action_buttons(card).values():
        if button.isVisible():
            assert button.width() >= button.sizeHint().width(), button.text()
            assert card.rect().contains(button.geometry().translated(button.mapTo(card, QPoint(0, 0)) - button.pos()))

    # All five tabs, no scroll arrows.
    bar: QTabBar = view.tabs.tabBar()
    assert bar.count() == len(TABS)
    for index in range(bar.count()):
        rect = bar.tabRect(index)
        assert bar.rect().contains(rect), (bar.tabText(index), rect, bar.rect())
    assert bar.geometry().right() <= view.tabs.rect().right()
    assert not any(b.isVisible() for b in bar.findChildren(QToolButton)), "no scroll arrows"

    # Products in one line each; the contact and maturing texts whole (wrapped where narrow); whatever is
    # elided has its whole text in the tooltip; nothing falls off the bottom of a card.
    overview = view.overview
    for card_widget in (overview.mix_card, overview.contact_card, overview.maturing_card, overview.reminders_card):
        for row in overview.rows(card_widget):
            if row.text.wordWrap() or (language == "zh_CN" and card_widget is overview.mix_card):
                assert not _cut(row.text), row.full_text()
            elif _cut(row.text):
                assert row.full_text() in row.text.toolTip(), row.full_text()
            if row.value is not None:
                assert not _cut(row.value), row.value.text()
            bottom = row.mapTo(card_widget, QPoint(0, row.height())).y()
            assert bottom <= card_widget.contentsRect().bottom() + 1, (row.full_text(), bottom)
    contact = overview.rows(overview.contact_card)
    assert len(contact) >= 2 and not _cut(contact[0].text) and not _cut(contact[1].text), "the last contact, whole"


def test_a_name_too_long_for_the_card_elides_with_the_whole_name_in_its_tooltip(
    view: Customer360View, showcase: dict[str, Any], qtbot: Any
) -> None:
    import dataclasses

    opened(qtbot, view, showcase["rich"])
    card = view.header_card
    long_name = "阿卜杜热合曼·买买提艾力·司马义·阿不都热西提·买合木提·艾合买提江·吐尔逊"
    card.set_header(dataclasses.replace(card.header, name=long_name))
    view.resize(620, 700)
    qtbot.waitUntil(lambda: card.name.isElided())
    assert long_name in card.name.toolTip()
    assert card.name.width() >= 200, "the name still gets most of its row"


# -- 5. timeline results in the interface's language ---------------------------------------------------


def test_timeline_results_are_translated(
    qtbot: Any,
    qapp: QApplication,
    db_url: str,  # noqa: F811 - the fixture imported above
    showcase: dict[str, Any],
    translations: Any,
) -> None:
    from db.engine import make_engine
    from db.models import Interaction
    from db.write import write_txn
    from services.customer360 import Customer360Service

    engine: Engine = make_engine(db_url)
    cid = showcase["rich"]
    at = dt.datetime(2031, 1, 1, 9, 0, tzinfo=dt.UTC)  # newer than anything seeded: the first rows
    results = ("delivered", "undelivered:30003", "transferred", "reply", "inquiry.balance", "mystery")
    with write_txn(engine) as conn:
        for minutes, code in enumerate(results):
            conn.execute(
                insert(Interaction).values(
                    customer_id=cid,
                    channel="sms",
                    direction="out",
                    occurred_at=at - dt.timedelta(minutes=minutes),
                    subject=f"测试 {code}",
                    disposition=code,
                )
            )
    tasks = TaskManager(engine)
    try:
        view = Customer360View(tasks, Customer360Service(engine), timeline_page_size=20)
        qtbot.addWidget(view)
        view.resize(1000, 700)
        view.show()
        view.show_tab("timeline")
        opened(qtbot, view, cid)
        table = view.timeline.table
        column = [view.timeline_model.headerData(c, Qt.Orientation.Horizontal) for c in range(6)].index("处理结果")
        shown = [table.model().index(r, column).data() for r in range(len(results))]
        assert shown == ["已送达", "未送达（错误码 30003）", "已转接", "客户回复", "账户余额查询", "mystery"]
        translations.switch("en")
        qtbot.waitUntil(lambda: table.model().index(0, column).data() == "Delivered")
        assert table.model().index(1, column).data() == "Not delivered (error 30003)"
        view.close()
    finally:
        assert tasks.shutdown()
        engine.dispose()
