"""In the clean kernel: the answers of each test put in place, and the line to the sandbox.

The grader runs :func:`connect` (the payload file and the call socket) and
:func:`inject_before_each_cell`; each test then finds the trainee's answers as
variables, decoded by :mod:`.codec`. A trainee's function is a :class:`Remote`:
calling it sends the call to the sandboxed kernel (:mod:`.serving`) over a
:class:`Channel`.
"""

from __future__ import annotations

import json
from typing import Any

from .codec import MAX_BYTES, decode, encode

__all__ = ["Channel", "Remote", "connect", "inject", "inject_before_each_cell"]


class Channel:
    """The clean kernel's line to the trainee's functions: a request, data back."""

    def __init__(self, path: str, timeout: float) -> None:
        self.path, self.timeout = path, timeout
        self._stream = None
        self.broken: str | None = None

    def call(self, request: dict) -> dict | None:
        """Send one call; its reply, or None when the sandbox answers nothing readable."""
        import socket

        if self.broken:
            raise TimeoutError(self.broken)
        if self._stream is None:
            self._socket = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            self._socket.settimeout(self.timeout)
            self._socket.connect(self.path)
            self._stream = self._socket.makefile("rwb")
        try:
            self._stream.write(json.dumps(request).encode() + b"\n")
            self._stream.flush()
            line = self._stream.readline(MAX_BYTES)
        except TimeoutError:
            # the function still runs there: its answer would come as the next one's
            self.broken = f"no answer within {self.timeout:g} s"
            self.close()
            raise TimeoutError(self.broken) from None
        except OSError:
            return None
        try:
            reply = json.loads(line)
        except ValueError:
            return None
        return reply if isinstance(reply, dict) else None

    def close(self) -> None:
        """Hang up (again: nothing)."""
        if self._stream is not None:
            self._stream.close()
            self._socket.close()
            self._stream = None


_channel: Channel | None = None
_state: dict[str, Any] = {}


def connect(calls: str, timeout: float, payloads: str) -> None:
    """In the clean kernel: where to call the trainee's functions, and the answers per test.

    Parameters
    ----------
    calls : str
        The sandboxed kernel's call socket (:func:`serve_calls`).
    timeout : float
        Seconds a trainee function may take per call.
    payloads : str
        The path of the JSON file the grader wrote: ``tests`` (test index ->
        payload) and ``order`` (``[index, source]`` of each test cell, in order).
    """
    global _channel
    _channel = Channel(calls, timeout) if calls else None
    with open(payloads, encoding="utf-8") as handle:
        data = json.load(handle)
    _state["payloads"] = {int(k): v for k, v in data["tests"].items()}
    _state["order"] = data["order"]


def inject_before_each_cell(namespace: dict) -> None:
    """Inject each test's answers just before its cell runs (in the clean kernel).

    The grader runs the test cells one after the other; an IPython
    ``pre_run_cell`` hook recognises each by its source, in the order the
    grader wrote them (``"order"`` in the payload file), and puts that test's
    answers in place first. That spares a round trip to the kernel per test,
    and a cell nbclient skips (an empty one) cannot shift the others.
    """
    from IPython import get_ipython

    queue = [(int(i), str(src)) for i, src in _state.get("order", [])]

    def before(info) -> None:
        while queue:
            index, source = queue.pop(0)
            if source == info.raw_cell:
                inject(namespace, index)
                return

    get_ipython().events.register("pre_run_cell", before)


def inject(namespace: dict, test: int) -> None:
    """Put the answers test ``test`` reads into ``namespace`` (the clean kernel's globals)."""
    from ..grading import untouched_portfolio
    from ..work import declared_trainee

    payload = _state.get("payloads", {}).get(test)
    if not isinstance(payload, dict):
        payload = {"answers": {}, "missing": []}
    trainee = declared_trainee()
    key = untouched_portfolio(trainee) if trainee else None
    for name in payload.get("missing", []) or []:
        namespace.pop(str(name), None)
    for name, data in (payload.get("answers") or {}).items():
        namespace[str(name)] = decode(
            data, portfolio=key, what=str(name), remote=_channel, test=test
        )


class Remote:
    """A trainee function, called in the sandboxed kernel; arguments and result as data."""

    def __init__(self, channel: Channel, test: int | None, name: str) -> None:
        self._channel, self._test, self.__name__ = channel, test, name

    def __call__(self, *args, **kwargs):
        """Call the trainee's function in the sandbox; its result back as data."""
        import builtins

        request = {
            "test": self._test,
            "name": self.__name__,
            "args": [encode(a) for a in args],
            "kwargs": {k: encode(v) for k, v in kwargs.items()},
        }
        try:
            reply = self._channel.call(request)
        except TimeoutError:
            raise TimeoutError(
                f"{self.__name__}(...) did not return within {self._channel.timeout:g} s"
            ) from None
        if reply is None:
            raise AssertionError(f"{self.__name__}(...) gave no answer the grader could read")
        if reply.get("ok"):
            return decode(reply.get("value"), what=f"{self.__name__}(...)")
        ename, evalue = str(reply.get("ename", "Exception")), str(reply.get("evalue", ""))
        kind = getattr(builtins, ename, None)
        try:  # the same builtin exception, when it is one and can be made from a message
            error = kind(evalue) if isinstance(kind, type) and issubclass(kind, Exception) else None
        except TypeError:
            error = None
        raise error if error is not None else RuntimeError(f"{ename}: {evalue}")

    def __repr__(self) -> str:
        return f"<function {self.__name__}, run in the trainee's sandbox>"
