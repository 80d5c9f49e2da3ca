"""The branch lobby: check-in with recognition, queue numbers and counters, the display and the board,
referrals to customer managers, the service memo and appointments.

Modules: :mod:`.types` (what the screens get), :mod:`.setup` (service types, counters, the branch's day),
:mod:`.queue` (issue, call next, recall, no-show, transfer, serve, finish), :mod:`.counters` (open, pause,
close, hold), :mod:`.floor` (the display and the lobby manager's board), :mod:`.checkin` (find and recognise),
:mod:`.referrals`, :mod:`.memos`, :mod:`.appointments`, :mod:`.jobs` (what the gateway runs).
"""
