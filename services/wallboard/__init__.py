"""The supervisor's wallboard: the floor's figures computed once and handed to every wallboard."""
