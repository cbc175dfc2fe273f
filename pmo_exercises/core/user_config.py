"""Where the kit keeps what it remembers for one person on one machine.

``$XDG_CONFIG_HOME/pmo/`` (``~/.config/pmo/`` by default), as the XDG Base
Directory specification asks: the trainee id of ``pmo course whoami`` and the
lesson hints already seen. Nothing is ever written inside the installed
package, which is shared (and read-only) on a classroom server.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["user_config_dir"]


def user_config_dir() -> Path:
    """The kit's folder in the user's configuration (it may not exist yet).

    >>> user_config_dir().name
    'pmo'
    """
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "pmo"
