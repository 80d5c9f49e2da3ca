"""The supervisors' reports: each a chart with its table, over aggregates kept up to date incrementally.

| module | what |
|---|---|
| :mod:`.types` | the contract: :class:`~.types.ReportFilter`, :class:`~.types.ReportResult` |
| :mod:`.catalogue` | the reports there are, and :func:`~.catalogue.run_report` |
"""
