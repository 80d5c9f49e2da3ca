"""``python -m contactdesk`` runs the console script."""

import sys

from contactdesk.cli import main

sys.exit(main())
