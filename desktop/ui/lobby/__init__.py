"""The branch lobby's screens: check-in, the counter, the board, the lobby display, referrals, appointments."""
