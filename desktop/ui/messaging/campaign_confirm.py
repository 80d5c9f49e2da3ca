"""The campaign page's two questions, each a non-modal message box the page keeps as ``confirm_box``:

* a segment with no filter at all would reach every customer: before counting them one by one for a preview,
  the page asks whether that is meant, naming how many they are ("all 20,000 customers");
* starting a campaign names how many customers will get the message (and how many are skipped) first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from services.messaging import CampaignPreview

from .. import fmt


def count(n: int) -> str:
    """A number of customers with thousands separators (20,000)."""
    return f"{n:,}"


def _box(parent: QWidget, name: str, title: str, text: str, yes: str, no: str) -> QMessageBox:
    box = QMessageBox(parent)
    box.setObjectName(name)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(title)
    box.setText(text)
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)  # Enter does not send to thousands by accident
    box.button(QMessageBox.StandardButton.Yes).setText(yes)
    box.button(QMessageBox.StandardButton.Cancel).setText(no)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    return box


def ask_everyone(parent: QWidget, total: int, answered: Callable[[bool], None]) -> QMessageBox:
    """Ask whether a campaign with no filter is meant for all ``total`` customers.

    ``answered(True)``: go on with everyone; ``answered(False)``: the supervisor will choose a filter.
    """
    n = count(total)
    box = _box(
        parent,
        "confirmEveryone",
        QCoreApplication.translate("CampaignConfirm", "No filter set"),
        "\n\n".join(
            (
                QCoreApplication.translate(
                    "CampaignConfirm", "No filter is set, so this campaign would go to all {n} customers."
                ).format(n=n),
                QCoreApplication.translate("CampaignConfirm", "Go on with all {n} customers?").format(n=n),
            )
        ),
        QCoreApplication.translate("CampaignConfirm", "All {n} customers").format(n=n),
        QCoreApplication.translate("CampaignConfirm", "Choose a filter"),
    )
    box.finished.connect(lambda button: answered(button == QMessageBox.StandardButton.Yes))
    box.open()
    return box


def ask_start(
    parent: QWidget,
    name: str,
    preview: CampaignPreview,
    *,
    everyone: bool,
    when: dt.datetime | None,
    answered: Callable[[bool], None],
) -> QMessageBox:
    """Ask before starting, naming how many customers get the message (and the skipped, a missing filter and
    the scheduled time, if any); ``answered(True)`` starts."""
    n = count(preview.sendable)
    parts = [
        QCoreApplication.translate(
            "CampaignConfirm", "Start the campaign “{name}”? The message will be sent to {n} customers."
        ).format(name=name, n=n)
    ]
    skipped = preview.matched - preview.sendable
    if skipped:
        parts.append(
            QCoreApplication.translate(
                "CampaignConfirm",
                "{k} of the {m} customers in the segment are skipped (opted out, no consent or no address).",
            ).format(k=count(skipped), m=count(preview.matched))
        )
    if everyone:
        parts.append(
            QCoreApplication.translate(
                "CampaignConfirm", "No filter is set: these are all the customers you can reach."
            )
        )
    if when is not None:
        parts.append(
            QCoreApplication.translate("CampaignConfirm", "Sending starts at {time}.").format(time=fmt.datetime(when))
        )
    box = _box(
        parent,
        "confirmStart",
        QCoreApplication.translate("CampaignConfirm", "Start the campaign"),
        "\n\n".join(parts),
        QCoreApplication.translate("CampaignConfirm", "Send to {n} customers").format(n=n),
        QCoreApplication.translate("CampaignConfirm", "Not now"),
    )
    box.finished.connect(lambda button: answered(button == QMessageBox.StandardButton.Yes))
    box.open()
    return box
