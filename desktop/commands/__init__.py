"""Sub-commands of the ``contactdesk`` console script."""
