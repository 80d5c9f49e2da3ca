"""Customer satisfaction after a call: a short SMS survey, the customer's answer, a follow-up for low scores.

| module | what |
|---|---|
| :mod:`.rules` | a queue's survey rules, deterministic sampling, quiet hours, reading a score from a reply |
| :mod:`.settings` | reading and changing the rules per queue (``csat.configure``), the demo's defaults |
| :mod:`.sending` | the job's three steps: decide per completed call, release due surveys, expire old ones |
| :mod:`.replies` | matching an inbound SMS to a sent survey, recording the answer, the supervisor's follow-up |
"""
