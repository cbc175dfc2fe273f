"""Write every graded source notebook from its authoring file.

    python course/authoring/build.py            # write course/source/NN_topic/NN_topic.ipynb
    python course/authoring/build.py --check    # exit 1 when a notebook is out of date

Each ``course/authoring/NN_topic.py`` defines ``CELLS``, built with
:mod:`pmo_exercises.course.authoring`. The notebooks are what nbgrader reads;
the authoring files are what people edit.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pmo_exercises.course.authoring import load, write

HERE = Path(__file__).resolve().parent
SOURCE = HERE.parent / "source"


def assignments() -> list[Path]:
    """The authoring files, in course order."""
    return sorted(HERE.glob("[0-9][0-9]_*.py"))


def cells_of(path: Path) -> list[dict]:
    """The ``CELLS`` an authoring file defines."""
    return load(path).CELLS


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if a notebook is out of date")
    args = parser.parse_args(argv)
    stale = []
    for path in assignments():
        target = SOURCE / path.stem / f"{path.stem}.ipynb"
        if args.check:
            import tempfile

            with tempfile.TemporaryDirectory() as tmp:
                fresh = Path(tmp) / target.name
                write(fresh, cells_of(path))
                if not target.exists() or fresh.read_bytes() != target.read_bytes():
                    stale.append(target)
        elif write(target, cells_of(path)):
            print(f"wrote {target.relative_to(HERE.parent.parent)}")
    if stale:
        print("out of date (run python course/authoring/build.py): " + ", ".join(map(str, stale)))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
