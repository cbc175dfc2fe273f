"""The Voila pages served to a room of strangers: a token, a Host check, a kernel cap.

``make app`` and ``pmo app`` run ``python -m pmo_exercises.app_server`` (see
:func:`pmo_exercises.launch.app_command`), which is Voila with:

- **a token**, generated and printed with the URL as JupyterLab prints it
  (Voila's own ``auto_token``); ``--no-token`` is for a kiosk on a closed
  network;
- **a Host check**: jupyter_server refuses a request whose ``Host`` header is
  neither a loopback address nor one of the allowed names (``--allow-host``),
  which stops DNS rebinding. Voila switches that check off; it is switched
  back on here;
- **a cap on live kernels** (``--max-kernels``, sized to the machine's memory
  by default): beyond it a visitor gets a page that says the pages are busy,
  with status 503, and the server stays responsive;
- **culling**: a kernel whose page went away without a word (a crashed tab, a
  phone gone to sleep) is shut down after ``--cull-gone`` seconds, and one
  idle for ``--cull-idle`` seconds goes even while its tab stays open;
- **nothing from outside**: Voila's templates link Font Awesome's stylesheets
  from a public CDN, which a training room without internet waits for, and
  which tells a third party who reads the pages. Voila's own bundle already
  carries Font Awesome, so those links are dropped from every page served.

Everything else is Voila's own configuration, passed through.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from datetime import timedelta

from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from tornado import web
from traitlets import Integer
from voila.app import Voila

__all__ = [
    "BUSY_MESSAGE",
    "KERNEL_MB",
    "CappedKernelManager",
    "ClassVoila",
    "LocalOnly",
    "default_max_kernels",
    "main",
]

#: What a visitor reads when every kernel is taken.
BUSY_MESSAGE = (
    "The pages are busy: every seat in the room is taken. Try again in a minute, "
    "or ask your trainer to raise the limit (--max-kernels)."
)

#: The memory one page's kernel takes, about, to size the cap (measured: ~150 MB).
KERNEL_MB = 200


def default_max_kernels() -> int:
    """Live kernels the machine's memory holds, keeping 1 GiB for the rest (at least 8)."""
    try:
        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        return 8
    return max(8, int((total / 2**20 - 1024) // KERNEL_MB))


class CappedKernelManager(AsyncMappingKernelManager):
    """jupyter_server's kernel manager with a cap on live kernels and two cull times."""

    max_kernels = Integer(0, config=True, help="Most live kernels (0: no cap).")
    cull_gone_timeout = Integer(
        0, config=True, help="Seconds a kernel with no page connected may stay idle (0: never)."
    )

    async def start_kernel(self, *args, **kwargs):
        """Start a kernel, unless the cap is reached (503: the pages are busy)."""
        if self.max_kernels and len(self._kernels) >= self.max_kernels:
            # the reason is what Voila's error page shows, under the status
            raise web.HTTPError(503, reason=BUSY_MESSAGE, log_message=BUSY_MESSAGE)
        return await super().start_kernel(*args, **kwargs)

    async def cull_kernel_if_idle(self, kernel_id):
        """Cull as jupyter_server does, and sooner a kernel no page is connected to."""
        kernel = self._kernels.get(kernel_id)
        gone = self.cull_gone_timeout
        if kernel is not None and gone and hasattr(kernel, "last_activity"):
            from jupyter_server._tz import utcnow

            idle = utcnow() - kernel.last_activity
            unconnected = not self._kernel_connections.get(kernel_id, 0)
            if unconnected and idle > timedelta(seconds=gone) and kernel.execution_state != "busy":
                self.log.info("Shutting down kernel %s: its page went %s ago", kernel_id, idle)
                await self.shutdown_kernel(kernel_id)
                return
        await super().cull_kernel_if_idle(kernel_id)


# a stylesheet or script fetched from another host
_FOREIGN = re.compile(
    rb"""<link\b[^>]*\bhref=["']https?://[^"']*["'][^>]*>|"""
    rb"""<script\b[^>]*\bsrc=["']https?://[^"']*["'][^>]*>\s*</script>""",
    re.I,
)


class LocalOnly(web.OutputTransform):
    """Drop from HTML pages the stylesheets and scripts that live on another host."""

    def __init__(self, request) -> None:
        self._html = False

    def transform_first_chunk(self, status_code, headers, chunk, finishing):
        """Note whether the response is HTML, and clean its first chunk."""
        self._html = headers.get("Content-Type", "").startswith("text/html")
        if self._html and "Content-Length" in headers and not finishing:
            self._html = False  # a file sent in parts, its length declared: left as it is
        if self._html:
            cleaned = _FOREIGN.sub(b"", chunk)
            if len(cleaned) != len(chunk) and "Content-Length" in headers:
                headers["Content-Length"] = str(len(cleaned))
            chunk = cleaned
        return status_code, headers, chunk

    def transform_chunk(self, chunk, finishing):
        """Clean the next chunk of an HTML page (Voila streams a page cell by cell)."""
        return _FOREIGN.sub(b"", chunk) if self._html else chunk


class ClassVoila(Voila):
    """Voila, its pages cleaned by :class:`LocalOnly`."""

    def listen(self):
        """Add the transform to the application Voila has just built, then listen."""
        self.app.add_transform(LocalOnly)
        super().listen()


def _allow_addresses(addresses: set[str]) -> None:
    """Let jupyter_server's Host check pass these IP addresses too.

    It answers loopback addresses and the names of ``local_hostnames`` only;
    a room reaching the server by its address (``http://192.168.1.5:8866``)
    needs that address allowed. A Host that is an address is no DNS
    rebinding, which needs a name.
    """
    import ipaddress

    from jupyter_server.base.handlers import JupyterHandler

    allowed = {ipaddress.ip_address(a) for a in addresses}
    original = JupyterHandler.check_host

    def check_host(self) -> bool:
        host = re.sub(r":\d+$", "", self.request.host).strip("[]")
        try:
            if ipaddress.ip_address(host) in allowed:
                return True
        except ValueError:
            pass
        return original(self)

    JupyterHandler.check_host = check_host


def _is_address(text: str) -> bool:
    import ipaddress

    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pmo-app", description="Serve the kit's Voila pages to a class."
    )
    parser.add_argument(
        "--no-token", action="store_true", help="no token (a kiosk on a closed network only)"
    )
    parser.add_argument(
        "--allow-host",
        action="append",
        default=[],
        metavar="NAME",
        help="a Host name or address the server answers besides loopback (repeatable)",
    )
    parser.add_argument("--max-kernels", type=int, default=None, metavar="N")
    parser.add_argument("--cull-idle", type=int, default=1800, metavar="SECONDS")
    parser.add_argument("--cull-gone", type=int, default=60, metavar="SECONDS")
    return parser


def main(argv: list[str] | None = None) -> None:
    """Run Voila with the class settings; arguments this module does not know go to Voila."""
    from traitlets.config import Config

    options, rest = _parser().parse_known_args(sys.argv[1:] if argv is None else argv)
    for name in ("max_kernels", "cull_idle", "cull_gone"):
        value = getattr(options, name)
        if value is not None and value < 0:
            _parser().error(f"--{name.replace('_', '-')} must be 0 or more, not {value}")
    addresses = {h for h in options.allow_host if _is_address(h)}
    if addresses:
        _allow_addresses(addresses)
    config = Config()
    config.Voila.tornado_settings = {
        # Voila sets allow_remote_access; off, jupyter_server checks the Host header
        "allow_remote_access": False,
        "local_hostnames": ["localhost", *(h for h in options.allow_host if h not in addresses)],
        # A closed page asks Voila to shut its kernel down (a beacon on "beforeunload"),
        # but the page never gets the _xsrf cookie that request needs: Voila answers 403
        # and the kernel lingers until culled (voila-dashboards/voila#1458). A cross-site
        # request would need the token and a kernel's random id.
        "disable_check_xsrf": True,
    }
    config.Voila.auto_token = not options.no_token
    if options.no_token:
        config.Voila.token = ""
    config.VoilaConfiguration.multi_kernel_manager_class = (
        "pmo_exercises.app_server.CappedKernelManager"
    )
    cap = default_max_kernels() if options.max_kernels is None else options.max_kernels
    config.CappedKernelManager.max_kernels = cap
    config.CappedKernelManager.cull_gone_timeout = options.cull_gone
    idle = options.cull_idle
    # jupyter_server culls only with a timeout: a very long one keeps the check running
    # for the pages gone when idle kernels are kept
    config.MappingKernelManager.cull_idle_timeout = idle or 10**9
    config.MappingKernelManager.cull_connected = bool(idle)
    checks = [t for t in (idle, options.cull_gone) if t]
    if checks:
        config.MappingKernelManager.cull_interval = max(1, min(60, min(checks) // 2))
    ClassVoila.launch_instance(argv=rest, config=config)


if __name__ == "__main__":
    main()
