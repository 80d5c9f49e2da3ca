"""Data only: translations, style sheets, message templates, the complaint taxonomy, the Twilio API facts.

This file holds no code; it makes the folder an installable package so its files ship beside the code.
:mod:`services.resource_files` finds them.
"""
