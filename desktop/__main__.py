"""``python -m desktop`` runs the ``contactdesk`` console script."""

import sys

from desktop.cli import main

sys.exit(main())
