"""nbgrader's feedback exporter, with its templates compiled once per worker.

nbgrader makes a new HTML exporter for every feedback page, and nbconvert a new
Jinja environment for every exporter, so the same templates were compiled again
for every trainee (about a third of the feedback's time). This exporter keeps
the compiled templates in memory, keyed by their source's checksum (Jinja's own
bytecode cache), so a changed template is compiled again.
"""

from __future__ import annotations

from jinja2 import BytecodeCache
from nbconvert.exporters import HTMLExporter

__all__ = ["CachedHTMLExporter"]


class _InMemory(BytecodeCache):
    def __init__(self) -> None:
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        code = self.store.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


_CACHE = _InMemory()


class CachedHTMLExporter(HTMLExporter):
    """The HTML exporter nbgrader uses for feedback, sharing compiled templates."""

    def _create_environment(self):
        environment = super()._create_environment()
        environment.bytecode_cache = _CACHE
        return environment
