"""In the clean verdict: the answers of each test put in place, and the line to the sandbox.

The clean verdict's shell (:mod:`pmo_exercises.course.coach.clean_shell`)
runs :func:`connect` (the answers and the call socket), then :func:`inject`
before each test cell; each test then finds the trainee's answers as
variables, decoded by :mod:`.codec`. A trainee's function is a :class:`Remote`:
calling it sends the call to the sandboxed kernel (:mod:`.serving`) over a
:class:`Channel`.
"""

from __future__ import annotations

import json
from typing import Any

from .codec import MAX_BYTES, decode, encode

__all__ = ["Channel", "Remote", "connect", "inject", "names"]


class Channel:
    """The clean shell's line to the trainee's functions: a request, data back."""

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


def connect(calls: str, timeout: float, tests: dict) -> None:
    """In the clean verdict: where to call the trainee's functions, and the answers per test.

    Parameters
    ----------
    calls : str
        The sandboxed kernel's call socket (:func:`serve_calls`); empty for none.
    timeout : float
        Seconds a trainee function may take per call.
    tests : dict
        Test cell index (as text or number) -> that test's payload: ``answers``
        (name -> encoded value) and ``missing`` (names the trainee left undefined).
    """
    global _channel
    _channel = Channel(calls, timeout) if calls else None
    _state["payloads"] = {int(k): v for k, v in tests.items()}


def names(test: int) -> list[str]:
    """The names test ``test`` reads from the trainee, answered or missing."""
    payload = _state.get("payloads", {}).get(test)
    if not isinstance(payload, dict):
        return []
    answered = payload.get("answers") if isinstance(payload.get("answers"), dict) else {}
    missing = payload.get("missing") if isinstance(payload.get("missing"), list) else []
    return [str(n) for n in [*answered, *missing]]


def inject(namespace: dict, test: int) -> None:
    """Put the answers test ``test`` reads into ``namespace`` (the clean shell's globals)."""
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
