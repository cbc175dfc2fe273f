"""In the sandboxed kernel: send the answers out, and answer calls of trainee functions.

From the kernel's start, the grader runs :func:`serve_calls`: a thread that
answers on a Unix socket, one JSON line per request. Between two trainee
cells, the grader asks it for the answers the next tests read
(:func:`publication`); the clean shell later calls a trainee's function
through it (:class:`.channel.Remote`), arguments and result as data. Where that
line fails (a trainee's code may have broken it), the grader runs
:func:`publish` in the kernel instead: the answers leave as display data of
the type :data:`MIME`.
"""

from __future__ import annotations

import dataclasses
import json
import sys
from typing import Any

from .codec import decode, encode, type_name

__all__ = ["MIME", "publication", "publish", "serve_calls"]

#: The display-data type that carries answers out of the sandboxed kernel.
MIME = "application/vnd.pmo.answers+json"

#: Functions published per test (test index -> name -> the object), for serve_calls.
_published: dict[int, dict[str, Any]] = {}


def _show(payload: dict) -> None:
    from IPython.display import publish_display_data

    publish_display_data({MIME: payload})


def _answers_of(namespace: dict, names: list[str], test: int) -> dict:
    answers, missing = {}, []
    for name in names:
        if name not in namespace:
            missing.append(name)
            continue
        value = namespace[name]
        if callable(value) and not isinstance(value, type) and not dataclasses.is_dataclass(value):
            _published.setdefault(test, {})[name] = value
        try:
            answers[name] = encode(value)
        except Exception as error:  # an answer that breaks encoding is not data
            answers[name] = {
                "$": "opaque",
                "type": type_name(value),
                "why": f"{type(error).__name__}",
            }
    return {"answers": answers, "missing": missing}


def publish(namespace: dict, wanted: dict[int, list[str]]) -> None:
    """Send the answers some tests need as display data (in the sandboxed kernel).

    Parameters
    ----------
    namespace : dict
        The notebook's globals.
    wanted : dict
        Test cell index -> the names it reads. A name the notebook never
        defined is sent as missing, so that the test meets a ``NameError`` as
        it would have in one kernel.
    """
    _show(publication(namespace, wanted))


def publication(namespace: dict, wanted: dict) -> dict:
    """The answers the tests of ``wanted`` read, and the trainee id the notebook declared.

    What :func:`publish` shows and what a ``publish`` request on the call
    socket answers: ``{"tests": {index: {"answers", "missing"}}, "trainee"}``.
    """
    work = sys.modules.get("pmo_exercises.course.work")  # start() imported it, or nobody did
    trainee = work.declared_trainee() if work is not None else None
    tests = {
        str(test): _answers_of(namespace, [str(n) for n in names], int(test))
        for test, names in wanted.items()
    }
    return {"tests": tests, "trainee": trainee}


def _user_namespace() -> dict:
    from IPython import get_ipython

    shell = get_ipython()
    if shell is None:
        raise RuntimeError("no IPython shell")
    return shell.user_ns


def _call(request: dict) -> dict:
    """One call of a published trainee function, arguments and result as data."""
    if "publish" in request:  # the grader, between two trainee cells (the kernel is idle)
        try:
            return {"ok": True, "value": publication(_user_namespace(), dict(request["publish"]))}
        except Exception as error:  # the grader then asks through the kernel
            return {"ok": False, "ename": type(error).__name__, "evalue": str(error)[:2000]}
    try:
        fn = _published.get(int(request["test"]), {}).get(str(request["name"]))
        if fn is None:
            raise NameError(f"name {request['name']!r} is not defined")
        args = [decode(a) for a in request["args"]]
        kwargs = {str(k): decode(v) for k, v in request["kwargs"].items()}
        return {"ok": True, "value": encode(fn(*args, **kwargs))}
    except Exception as error:  # the trainee's function raised: the test sees the same
        return {"ok": False, "ename": type(error).__name__, "evalue": str(error)[:2000]}


_servers: list = []


def serve_calls(path: str) -> None:
    """Answer calls of published functions on a Unix socket (in the sandboxed kernel).

    The grader's start-up of the kernel binds it before any trainee code runs,
    in the sandbox's socket folder, which is locked once the kernel is up. A
    thread answers one JSON line per request, a connection at a time: the
    grader's requests for answers, then the clean shell's calls. That is much
    cheaper than a kernel message (7 ms each), and a test calls ``eac`` once
    per project.
    """
    import socket
    import threading

    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(path)
    server.listen(1)
    _servers.append(server)  # it lives as long as the kernel

    def answer() -> None:
        while True:
            conn, _ = server.accept()
            try:
                with conn, conn.makefile("rwb") as stream:
                    for line in stream:
                        try:
                            reply = _call(json.loads(line))
                        except (ValueError, KeyError, TypeError):
                            reply = {"ok": False, "ename": "ValueError", "evalue": "bad request"}
                        stream.write(json.dumps(reply).encode() + b"\n")
                        stream.flush()
            except OSError:  # the verdict gave up on a call and hung up: wait for the next
                continue

    threading.Thread(target=answer, name="pmo-answers", daemon=True).start()
