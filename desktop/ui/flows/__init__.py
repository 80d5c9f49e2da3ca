"""Service flows on the desktop: the editor and analytics (supervisors) and the runner beside the 360° view.

Submodules are imported where they are used (the editor's chart library is only loaded for the roles that
see the "Service flows" tab): :mod:`.workspace` (the tab), :mod:`.editor`, :mod:`.canvas`, :mod:`.step_panel`,
:mod:`.problems`, :mod:`.versions`, :mod:`.analytics`; the runner's modules are :mod:`.seat` and :mod:`.runner`.
"""
