"""The "Reports" tab (``report.view``): a report list, filters, a chart, the table under it and exports."""
