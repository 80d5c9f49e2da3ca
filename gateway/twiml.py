"""The TwiML documents the gateway answers with, built with the twilio library's VoiceResponse.

Every URL in them is absolute on the public base URL, so Twilio reaches the gateway the way it signs.
"""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import urlencode

from twilio.twiml.voice_response import Dial, Gather, VoiceResponse

LANG = "zh-CN"
MENU_TEXT = "您好，欢迎致电。个人业务请按1，信用卡业务请按2，投诉与建议请按3。"
APOLOGY_TEXT = "系统正在维护，请稍候，我们会尽快为您接通。"
HOLD_TEXT = "请稍候，坐席正在为您处理。"
GOODBYE_TEXT = "感谢您的来电，再见。"
EMPTY = '<?xml version="1.0" encoding="UTF-8"?><Response/>'


class TwimlBuilder:
    """Builds (and caches, where they never change) the gateway's TwiML for one public base URL."""

    def __init__(self, public_url: str) -> None:
        self.base = public_url.rstrip("/")
        self.menu = self._menu()

    def url(self, path: str, **query: str | int) -> str:
        """An absolute public URL for ``path``."""
        return f"{self.base}{path}?{urlencode(query)}" if query else f"{self.base}{path}"

    def _menu(self) -> str:
        response = VoiceResponse()
        gather = Gather(num_digits=1, timeout=5, action=self.url("/twilio/voice/menu"), method="POST")
        gather.say(MENU_TEXT, language=LANG)
        response.append(gather)
        response.redirect(self.url("/twilio/voice/menu"), method="POST")
        return str(response.to_xml())

    @lru_cache(maxsize=64)  # noqa: B019 - one builder per gateway, a handful of queues
    def enqueue(self, queue: str, apology: bool = False) -> str:
        """Put the caller into ``queue``; they hear the wait TwiML until an agent takes the call."""
        response = VoiceResponse()
        if apology:
            response.say(APOLOGY_TEXT, language=LANG)
        response.enqueue(queue, wait_url=self.url("/twilio/voice/wait"), wait_url_method="POST")
        response.say(GOODBYE_TEXT, language=LANG)
        response.hangup()
        return str(response.to_xml())

    @lru_cache(maxsize=32)  # noqa: B019
    def wait(self, position: int) -> str:
        """Hold TwiML played in a loop while the caller waits in a queue."""
        response = VoiceResponse()
        if 0 < position <= 20:
            response.say(f"您前面还有{position - 1}位客户，请耐心等候。", language=LANG)
        else:
            response.say("坐席忙，请耐心等候。", language=LANG)
        response.pause(length=10)
        return str(response.to_xml())

    def connect(self, endpoint: str) -> str:
        """Dial an agent: ``client:<identity>`` for the softphone, or a desk phone number."""
        response = VoiceResponse()
        dial = Dial(timeout=20, action=self.url("/twilio/voice/dial-done"), method="POST")
        if endpoint.startswith("client:"):
            dial.client(endpoint.removeprefix("client:"))
        else:
            dial.number(endpoint)
        response.append(dial)
        return str(response.to_xml())

    def outbound(self, customer_e164: str, caller_id: str) -> str:
        """Second leg of click-to-call: the agent has answered; dial the customer."""
        response = VoiceResponse()
        dial = Dial(caller_id=caller_id, timeout=30, action=self.url("/twilio/voice/dial-done"), method="POST")
        dial.number(customer_e164)
        response.append(dial)
        return str(response.to_xml())

    @lru_cache(maxsize=1)  # noqa: B019
    def hold(self) -> str:
        """Hold: a message and silence, then the same again."""
        response = VoiceResponse()
        response.say(HOLD_TEXT, language=LANG)
        response.pause(length=20)
        response.redirect(self.url("/twilio/voice/hold"), method="POST")
        return str(response.to_xml())

    @lru_cache(maxsize=1)  # noqa: B019
    def hangup(self) -> str:
        """End the call politely."""
        response = VoiceResponse()
        response.say(GOODBYE_TEXT, language=LANG)
        response.hangup()
        return str(response.to_xml())
