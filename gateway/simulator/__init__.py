"""A Twilio stand-in on loopback: signed voice webhooks for realistic traffic, and the REST endpoints the
gateway calls, each request checked against Twilio's published OpenAPI description."""
