"""A trainee's answers as data: what crosses from the sandboxed kernel to the verdict.

``pmo course grade`` runs a trainee's cells in a sandboxed kernel and the
hidden tests in a clean interpreter that never ran trainee code
(:mod:`pmo_exercises.course.coach.verdict`). What crosses between them is
**data**, in JSON, and nothing that can carry code: no pickle, no class
chosen by the sender beyond a short list of the kit's own types.

:func:`encode` turns an answer into JSON-ready data and :func:`decode` turns
it back. What an assignment asks for comes through unchanged:

============================  ==========================================================
answer                        on the wire
============================  ==========================================================
None, bool, int, float, str   as JSON (NaN and the infinities tagged)
list, tuple, set, dict        tagged containers, items encoded in turn
numpy scalar, ndarray         dtype and values (numbers, text, dates)
pandas Series, DataFrame      dtype, index and values, column by column
pandas Index, Timestamp       the same
Portfolio                     its digest: the clean shell uses the answer key's copy
                              when the digests match (a portfolio is no answer)
Game                          its saved form (seed, weeks, decisions): replayed
a kit dataclass (Policy...)   its fields, rebuilt only for classes of ``pmo_exercises``
a function                    a name: the clean shell calls it through the sandbox
                              (:class:`Remote`), arguments and result as data
anything else                 its type name: the test that reads it fails and says so
============================  ==========================================================

In the sandboxed kernel the grader runs :func:`publish` (the answers a test
needs) and, from the kernel's start, :func:`serve_calls` (calls of a trainee
function): :mod:`.serving`. In the clean interpreter it runs :func:`connect`
and, before each test, :func:`inject`: :mod:`.channel`. The wire format is
:mod:`.codec`. Both sides parse what they receive with :mod:`json` and this
package only.
"""

from __future__ import annotations

from .channel import Remote, connect, inject, names
from .codec import MAX_BYTES, Opaque, decode, encode
from .serving import MIME, publish, serve_calls

__all__ = [
    "MAX_BYTES",
    "MIME",
    "Opaque",
    "Remote",
    "connect",
    "decode",
    "encode",
    "inject",
    "names",
    "publish",
    "serve_calls",
]
