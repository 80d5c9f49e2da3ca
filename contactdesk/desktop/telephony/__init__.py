"""Telephony: the Twilio gateway (webhooks, routing, offers), the Twilio REST adapter and the simulator.

No widgets here; the Qt call bar talks to :mod:`contactdesk.desktop.services.calls`.
"""
