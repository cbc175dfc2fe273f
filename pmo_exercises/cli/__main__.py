"""``python -m pmo_exercises.cli``: the ``pmo`` command."""

from .app import main

raise SystemExit(main())
