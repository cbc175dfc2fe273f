"""The clean verdict's interpreter: an IPython shell, forked fresh per notebook, no kernel.

The hidden tests of a notebook run here, on the trainee's answers as data
(:mod:`.verdict`). It is an IPython :class:`InteractiveShell` (the same
executor a kernel wraps, so magics, ``display`` and tracebacks behave as in
Jupyter), without a kernel around it: no ZeroMQ sockets, heartbeat or
message threads to start for six to eight test cells, and none of nbclient's
messages to exchange with it. Measured on the 2-core reference machine, that
is 23 ms of CPU per notebook instead of the 100 ms a kernel's start, cells and
shutdown cost.

The worker listens on a Unix socket in the notebook's clean folder; this
process connects to it and receives one job, one JSON line:

``setup``
    the source notebook's set-up cell (the coach's, with the trainee id the
    notebook declared);
``calls``, ``timeout``
    the sandboxed kernel's call socket and the seconds a trainee function may
    take (:func:`pmo_exercises.course.answers.connect`);
``answers``
    each test's answers, by cell index (:func:`pmo_exercises.course.answers.inject`);
``cells``
    ``[index, source]`` of each test cell, in order.

It answers one JSON line per cell: ``index``, ``execution_count``,
``status`` (``ok`` or ``error``) and ``outputs``, nbformat's outputs as
nbclient would have recorded them from a kernel (streams, ``display_data``,
``execute_result``, ``error``). It runs in a child forked from the worker's
trusted zygote (:func:`.zygote_process.serve`), which never runs trainee
code, or as ``python -m pmo_exercises.course.coach.clean_shell SOCKET`` where
no zygote can run.
"""

from __future__ import annotations

import json
import signal
import socket
import sys

__all__ = ["SOCKET_NAME", "main", "run"]

#: The worker's listening socket, in the notebook's clean folder.
SOCKET_NAME = "verdict.sock"


class _Outputs:
    """The outputs of the cell running now, in nbformat's form and in ipykernel's order.

    ipykernel buffers each stream and sends it before any other output and at
    the end of the cell, stdout first: text printed to both streams in between
    comes out as one stdout output, then one stderr output. So it does here.
    """

    def __init__(self) -> None:
        self.items: list[dict] = []
        self._pending = {"stdout": "", "stderr": ""}
        self._clear_on_next = False

    def _flush(self) -> None:
        for name, text in self._pending.items():
            if not text:
                continue
            self._pending[name] = ""
            self._clear_if_asked()
            last = self.items[-1] if self.items else None
            if last is not None and last["output_type"] == "stream" and last["name"] == name:
                last["text"] += text  # as nbclient joins a stream's consecutive messages
            else:
                self.items.append({"output_type": "stream", "name": name, "text": text})

    def _clear_if_asked(self) -> None:
        if self._clear_on_next:
            self.items.clear()
            self._clear_on_next = False

    def add(self, output: dict) -> None:
        self._flush()
        self._clear_if_asked()
        self.items.append(output)

    def stream(self, name: str, text: str) -> None:
        self._pending[name] += text

    def clear(self, wait: bool = False) -> None:
        self._flush()
        if wait:  # IPython's clear_output(wait=True): at the next output
            self._clear_on_next = True
        else:
            self.items.clear()

    def take(self) -> list[dict]:
        self._flush()
        items, self.items, self._clear_on_next = self.items, [], False
        return items


class _Stream:
    """``sys.stdout`` or ``sys.stderr`` of a cell: text recorded as a stream output."""

    encoding = "utf-8"
    errors = "replace"

    def __init__(self, outputs: _Outputs, name: str) -> None:
        self._outputs, self.name = outputs, name

    def write(self, text) -> int:
        text = str(text)
        self._outputs.stream(self.name, text)
        return len(text)

    def writelines(self, lines) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False

    def fileno(self) -> int:  # what writes to the descriptor itself goes to the log
        return 2


def _shell(outputs: _Outputs):
    """An InteractiveShell whose outputs, results and errors land in ``outputs``."""
    from IPython.core.displayhook import DisplayHook
    from IPython.core.displaypub import DisplayPublisher
    from IPython.core.interactiveshell import InteractiveShell
    from traitlets.config import Config

    class Results(DisplayHook):
        """The value of a cell's last line, as an ``execute_result``."""

        def start_displayhook(self) -> None:
            self._data: dict = {}

        def write_output_prompt(self) -> None:
            pass

        def write_format_data(self, format_dict, md_dict=None) -> None:
            self._data = {"data": format_dict, "metadata": md_dict or {}}

        def finish_displayhook(self) -> None:
            if self._data:
                outputs.add(
                    {"output_type": "execute_result", "execution_count": self.prompt_count,
                     **self._data}
                )  # fmt: skip
            self._data = {}

    class Displays(DisplayPublisher):
        """What ``display()`` shows, as ``display_data``."""

        def publish(self, data, metadata=None, source=None, *, transient=None, update=False,
                    **kwargs) -> None:  # fmt: skip
            outputs.add({"output_type": "display_data", "data": data, "metadata": metadata or {}})

        def clear_output(self, wait: bool = False) -> None:
            outputs.clear(wait)

    class CleanShell(InteractiveShell):
        def _format_exception_for_storage(self, exception, *args, **kwargs) -> dict:
            # IPython formats every error a second time, for a history this shell has not
            return {"ename": type(exception).__name__, "evalue": str(exception), "traceback": []}

        def _showtraceback(self, etype, evalue, stb) -> None:
            # as ipykernel sends it: the name, the message and the formatted frames
            outputs.add(
                {"output_type": "error", "ename": str(etype.__name__), "evalue": str(evalue),
                 "traceback": list(stb)}
            )  # fmt: skip

    config = Config()
    config.HistoryManager.enabled = False  # nothing to keep, and no sqlite file or thread
    # Python's own traceback, plain: the verbose one highlights each frame's code with
    # pygments, whose lexers a fresh process compiles again (0.08 s a failed test)
    config.InteractiveShell.xmode = "Plain"
    config.InteractiveShell.colors = "NoColor"
    shell = CleanShell.instance(
        config=config, displayhook_class=Results, display_pub_class=Displays
    )
    return shell


def _json_safe(value):
    """What a cell displayed, made JSON (a library may put bytes or numbers there)."""
    return json.loads(json.dumps(value, default=str))


def _inject(answers, namespace: dict, index: int, log) -> None:
    """Put test ``index``'s answers in place; on data that cannot be read, none of them."""
    try:
        answers.inject(namespace, index)
    except Exception as error:  # the test then fails on the missing name, which it names
        for name in answers.names(index):
            namespace.pop(name, None)
        log.write(f"the answers of cell {index} could not be read: {error!r}\n")


def run(path: str) -> None:
    """Connect to the worker at ``path``, run the job it sends, answer cell by cell."""
    # The worker interrupts a cell past its time limit with SIGINT, as Jupyter does.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    link = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    link.connect(path)
    outputs = _Outputs()
    shell = _shell(outputs)  # while the trainee's cells still run in the sandbox
    job = json.loads(link.makefile("rb").readline())
    real = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _Stream(outputs, "stdout"), _Stream(outputs, "stderr")
    try:
        setup = shell.run_cell(job.get("setup", ""), store_history=False, silent=True)
        if not setup.success:  # the tests will say what is missing; the coach's log says why
            real[1].write(f"the clean verdict's set-up failed: {setup.error_in_exec!r}\n")
        from pmo_exercises.course import answers

        answers.connect(job.get("calls", ""), float(job.get("timeout", 60)), job.get("answers", {}))
        outputs.take()
        for index, source in job.get("cells", []):
            _inject(answers, shell.user_ns, int(index), real[1])
            outputs.take()  # what decoding printed is not the test's output
            result = shell.run_cell(source, store_history=True)
            reply = {
                "index": index,
                "execution_count": shell.execution_count - 1,
                "status": "ok" if result.success else "error",
                "outputs": _json_safe(outputs.take()),
            }
            link.sendall(json.dumps(reply).encode() + b"\n")
    finally:
        sys.stdout, sys.stderr = real
        link.close()


def main(argv: list[str] | None = None) -> int:
    """``python -m pmo_exercises.course.coach.clean_shell SOCKET``: where no zygote forks."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m pmo_exercises.course.coach.clean_shell SOCKET", file=sys.stderr)
        return 2
    run(args[0])
    return 0


if __name__ == "__main__":
    sys.exit(main())
