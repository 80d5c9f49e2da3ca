"""The compose dialog's two status lines, worded in the interface language (translation context
``ComposeDialog``):

* at the top, as soon as the recipient is read: what the customer agreed to on the channel shown (service and
  marketing, service only, opted out, or no address there — then which other channel can be used);
* after sending: where the message is (in the outbox, sent, delivered, failed).

Each comes with a level (``ok``, ``warning``, ``blocked``) that colours the line.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel

from services.messaging import MessageRow, Queued, Recipient

from .. import fmt
from ..translate import QT_TRANSLATE_NOOP

CONTEXT = "ComposeDialog"
CHANNELS = ("sms", "email")
CONSENT = {
    "all": QT_TRANSLATE_NOOP("ComposeDialog", "The customer accepts service and marketing messages by {channel}."),
    "service_only": QT_TRANSLATE_NOOP(
        "ComposeDialog", "The customer accepts service messages by {channel}, but not marketing messages."
    ),
    "opt_out": QT_TRANSLATE_NOOP(
        "ComposeDialog", "The customer opted out of {channel}: no message can be sent by {channel}."
    ),
    "no_address": QT_TRANSLATE_NOOP(
        "ComposeDialog", "The customer has no address for {channel}: nothing can be sent by {channel}."
    ),
}
LEVEL = {"all": "ok", "service_only": "warning", "opt_out": "blocked", "no_address": "blocked"}
STYLE = {
    "ok": "background: #e8f5e9; border: 1px solid #81c784; color: #1b5e20; padding: 6px;",
    "warning": "background: #fff6e0; border: 1px solid #e9c46a; color: #7a5a00; padding: 6px;",
    "blocked": "background: #fdecea; border: 1px solid #e57373; color: #8e1b1b; padding: 6px;",
}


def template_key(code: str) -> str:
    """A template's code without its channel suffix: ``card_loss_sms`` and ``card_loss_email`` share a key."""
    for channel in CHANNELS:
        if code.endswith(f"_{channel}"):
            return code[: -len(channel) - 1]
    return code


def channel_name(channel: str) -> str:
    if channel == "sms":
        return QCoreApplication.translate("ComposeDialog", "SMS")
    return QCoreApplication.translate("ComposeDialog", "E-mail")


def channel_item(recipient: Recipient | None, channel: str) -> str:
    """The channel's name in the channel list, marked when the customer cannot be sent anything on it."""
    name = channel_name(channel)
    state = recipient.channels[channel].state if recipient is not None else None
    if state == "opt_out":
        return QCoreApplication.translate("ComposeDialog", "{channel} (opted out)").format(channel=name)
    if state == "no_address":
        return QCoreApplication.translate("ComposeDialog", "{channel} (no address)").format(channel=name)
    return name


def consent_line(recipient: Recipient, channel: str) -> tuple[str, str]:
    """(text, level) of the line at the top for ``channel``."""
    state = recipient.channels[channel].state
    text = QCoreApplication.translate(CONTEXT, CONSENT[state]).format(channel=channel_name(channel))
    others = [c for c in CHANNELS if c != channel and recipient.channels[c].usable]
    if LEVEL[state] == "blocked" and others:
        instead = QCoreApplication.translate("ComposeDialog", "Use {channel} instead.")
        text = QCoreApplication.translate("ComposeDialog", "{state} {alternative}").format(
            state=text, alternative=instead.format(channel=channel_name(others[0]))
        )
    return text, LEVEL[state]


def confirmation_line(queued: Queued, message: MessageRow | None, to: str) -> tuple[str, str]:
    """(text, level) of the line shown once the message is queued, from its state as last read."""
    status = message.status if message is not None else "pending"
    when = fmt.datetime(queued.not_before) if queued.not_before is not None else ""
    code = message.error_code if message is not None and message.error_code else "—"
    level = "ok"
    if status in ("pending", "held", "paused"):
        if queued.not_before is not None:
            text = QCoreApplication.translate(
                "ComposeDialog", "Queued in the outbox: it will be sent to {to} when the quiet hours end ({time})."
            )
        else:
            text = QCoreApplication.translate("ComposeDialog", "Queued in the outbox: it is being sent to {to} now.")
    elif status in ("sending", "unknown"):
        text = QCoreApplication.translate("ComposeDialog", "Sending to {to}…")
    elif status in ("queued", "sent"):
        text = QCoreApplication.translate("ComposeDialog", "Sent to {to}.")
    elif status == "delivered":
        text = QCoreApplication.translate("ComposeDialog", "Delivered to {to}.")
    elif status == "cancelled":
        text = QCoreApplication.translate("ComposeDialog", "The message was withdrawn before it went out.")
        level = "warning"
    else:
        text = QCoreApplication.translate("ComposeDialog", "Could not be delivered to {to} (error {code}).")
        level = "blocked"
    return text.format(to=to, time=when, code=code), level


def show_line(label: QLabel, text: str, level: str) -> None:
    """Put a status line on ``label``, coloured by its level."""
    label.setText(text)
    label.setProperty("level", level)
    label.setStyleSheet(f"QLabel#{label.objectName()} {{ {STYLE[level]} }}")
    label.show()
