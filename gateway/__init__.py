"""The gateway: the ASGI service Twilio calls (webhooks, routing and offers), the outbox senders, the
change-event hub, the jobs it runs, and the Twilio simulator.  It never imports the desktop.
"""
