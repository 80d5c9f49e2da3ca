"""The supervisor's satisfaction-survey settings (:mod:`.settings_dialog`); the CSAT report's texts are listed
with the other reports' in :mod:`desktop.report_texts`."""
