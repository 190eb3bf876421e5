"""`python -m toc` runs the command line."""

from toc.cli import main

raise SystemExit(main())
