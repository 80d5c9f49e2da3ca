"""Server commands of the console script: the gateway and the Twilio simulator."""
