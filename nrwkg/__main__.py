"""`python -m nrwkg` runs the command-line interface."""

from nrwkg.cli import main

raise SystemExit(main())
