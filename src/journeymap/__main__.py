"""Allow ``python -m journeymap``."""

from journeymap.cli import main

main()
