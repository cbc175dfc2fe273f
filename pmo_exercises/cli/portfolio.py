"""``pmo portfolio generate|validate|summary``: write, check and summarise a portfolio."""

from __future__ import annotations

import argparse
import sys

from ..core import formatting
from ..core.schema import RAG
from ._args import natural, positive, teaching_note
from .progress import Steps
from .read_options import add_read_options, add_validate_options, read, validate

__all__ = ["add_parser", "counts", "generate", "read", "render_summary", "summary", "validate"]


def add_parser(commands) -> None:
    """Add ``portfolio`` and its three actions to the ``pmo`` subcommands ``commands``."""
    portfolio = commands.add_parser("portfolio", help="generate, validate or summarise a portfolio")
    actions = portfolio.add_subparsers(
        dest="action", required=True, metavar="{generate,validate,summary}"
    )

    make = actions.add_parser(
        "generate",
        help="write a portfolio to a folder of CSV files or a .xlsx workbook",
        description="Without options, write the teaching portfolio; with --variant, a "
        "trainee's variant of it; with --seed/--projects/--tasks/--weeks, a new "
        "portfolio generated and simulated from the seed.",
    )
    make.add_argument("--seed", type=natural, help="seed of a new portfolio (default 0)")
    make.add_argument("--projects", type=positive, help="number of projects (default 12)")
    make.add_argument("--tasks", type=positive, help="tasks per project (default: 10 to 40, drawn)")
    make.add_argument(
        "--weeks",
        type=natural,
        help="weeks of status history to simulate (default 26; 0 for the plan alone)",
    )
    make.add_argument("--variant", help="a trainee id: that trainee's teaching portfolio")
    make.add_argument(
        "--out", required=True, metavar="DIR|FILE.xlsx", help="where to write the portfolio"
    )
    make.set_defaults(func=generate)

    check = actions.add_parser(
        "validate",
        help="check a portfolio; print OK and its warnings, or every problem",
        description="Check a portfolio folder or workbook: print OK, what was assumed to read "
        "it and its consistency warnings (exit 0, or 1 under --strict), or every problem "
        "grouped by table, each with its file line or sheet cell (exit 1).",
    )
    check.add_argument("path", metavar="PATH", help="a portfolio folder or .xlsx workbook")
    add_validate_options(check)
    add_read_options(check)
    check.set_defaults(func=validate)

    table = actions.add_parser("summary", help="one line per project at the status date")
    table.add_argument(
        "path",
        metavar="PATH",
        nargs="?",
        help="a portfolio folder or .xlsx workbook (default: the teaching portfolio, said so)",
    )
    table.add_argument(
        "--week", type=positive, help="the figures as reported that week (default: the last)"
    )
    add_read_options(table)
    table.set_defaults(func=summary)


# -- generate -------------------------------------------------------------------------
def _progress_bar(description: str):
    """A tqdm bar on stderr, silent when stderr is not a terminal."""
    from tqdm import tqdm

    return tqdm(
        desc=description,
        unit="week",
        file=sys.stderr,
        disable=not sys.stderr.isatty(),
        leave=False,
    )


def generate(args: argparse.Namespace) -> int:
    """Run ``pmo portfolio generate``: return the exit status."""
    import pmo_exercises as pmo

    sized = [args.seed, args.projects, args.tasks, args.weeks]
    if args.variant is not None and any(v is not None for v in sized):
        print(
            "error: --variant cannot be combined with --seed, --projects, --tasks or --weeks",
            file=sys.stderr,
        )
        return 2
    if any(v is not None for v in sized):
        options = {"seed": 0 if args.seed is None else args.seed}
        if args.projects is not None:
            options["n_projects"] = args.projects
        if args.tasks is not None:
            options["tasks_per_project"] = args.tasks
        portfolio = pmo.generate_portfolio(**options)
        weeks = 26 if args.weeks is None else args.weeks
        if weeks:
            with _progress_bar("simulating") as bar:

                def progress(done: int, total: int) -> None:
                    bar.total = total
                    bar.update(done - bar.n)

                portfolio = pmo.simulate(
                    portfolio, weeks=weeks, seed=options["seed"], progress=progress
                )
    elif args.variant is not None:
        if not args.variant.strip():
            print("error: --variant needs a trainee id", file=sys.stderr)
            return 2
        portfolio = pmo.load_portfolio(variant=args.variant)
    else:
        portfolio = pmo.load_portfolio()
    with Steps("pmo portfolio generate", 1) as steps, steps.step(f"writing {args.out}"):
        path = pmo.save_portfolio(portfolio, args.out)
    print(f"wrote {path}: {counts(portfolio)}")
    print(f"digest {portfolio.digest()}")
    return 0


def counts(portfolio) -> str:
    """Describe ``portfolio`` in one line: company, table sizes and status history."""
    history = (
        f"{portfolio.status_week} weeks of status to {portfolio.status_date:%Y-%m-%d}"
        if portfolio.status_week
        else "no status history"
    )
    return (
        f"{portfolio.meta.get('company', 'portfolio')}, {len(portfolio.projects):,} projects, "
        f"{len(portfolio.tasks):,} tasks, {len(portfolio.dependencies):,} links, "
        f"{len(portfolio.risks):,} risks, {len(portfolio.task_status):,} task status rows, "
        f"{history}"
    )


# -- validate / summary -----------------------------------------------------------------
# read() and validate() are in .read_options, with the options that say how a file is read
def summary(args: argparse.Namespace) -> int:
    """Run ``pmo portfolio summary``: return the exit status."""
    teaching = args.path is None
    with Steps("pmo portfolio summary", 2) as steps:
        with steps.step("reading the teaching portfolio" if teaching else "reading the portfolio"):
            portfolio = _summarised(args.path, args)
        with steps.step("summarising"):
            note = teaching_note(portfolio, "pass PATH to summarise yours") if teaching else None
            return _summary(portfolio, args.week, note)


def _summarised(path: str | None, args: argparse.Namespace | None = None):
    if path is not None:
        return read(path, args)
    from ..simulation.loading import load_portfolio

    return load_portfolio()


def _summary(portfolio, asked: int | None, note: str | None) -> int:
    week = portfolio.status_week if asked is None else asked
    if asked is not None and not 1 <= week <= portfolio.status_week:
        last = portfolio.status_week
        print(
            f"error: there is no week {week}: the status history runs "
            + (f"from week 1 to week {last}" if last else "nowhere yet (no status history)"),
            file=sys.stderr,
        )
        return 1
    table = portfolio.replace(meta={"status_week": week}).summary()
    if week and week != portfolio.status_week:
        reported = portfolio.project_status[portfolio.project_status["week"] == week]
        rag = reported.set_index("project_id")["reported_rag"]
        table["reported_rag"] = table["project_id"].map(rag).fillna(table["reported_rag"])
    print("\n".join([*([note] if note else []), render_summary(portfolio, table, week)]))
    return 0


def render_summary(portfolio, table, week: int) -> str:
    """Lay out ``table`` (from ``Portfolio.summary``) as the text ``pmo portfolio summary`` prints.

    Parameters
    ----------
    portfolio : Portfolio
        The portfolio summarised (its meta gives the company, currency and start date).
    table : pandas.DataFrame
        One row per project, as returned by ``Portfolio.summary``.
    week : int
        The status week shown, 0 for the plan alone.

    Returns
    -------
    str
        A title, the table and a footer of totals, without a final newline.
    """
    import pandas as pd

    meta = portfolio.meta
    currency = meta.get("currency", "")

    def money(values):
        return [formatting.money(v) for v in values]

    def percent(values):
        return [("" if pd.isna(v) else f"{v:.1f}%") for v in values]

    def day(values):
        return [("" if pd.isna(v) else f"{pd.Timestamp(v):%Y-%m-%d}") for v in values]

    names = table["name"].astype(object)
    shown = pd.DataFrame(
        {
            "project": table["project_id"].astype(object),
            "name": [n if len(n) <= 30 else n[:29] + "…" for n in names],
            "manager": table["manager"].astype(object),
            "stage": table["stage"].astype(object),
            "state": table["state"].astype(object),
            "tasks": table["tasks"],
            f"BAC {currency}".strip(): money(table["bac"]),
            "finish": day(table["planned_finish"]),
            "reported %": percent(table["pct_complete_reported"]),
            "actual %": percent(table["pct_complete_actual"]),
            f"AC {currency}".strip(): money(table["actual_cost"]),
            "RAG": table["reported_rag"].astype(object).fillna(""),
            "last update": day(table["last_update"]),
        }
    )
    if week:
        date = pd.Timestamp(meta["start_date"]) + pd.Timedelta(days=7 * (week - 1) + 4)
        title = f"{meta.get('company', '')}: status week {week} ({date:%Y-%m-%d})"
    else:
        title = f"{meta.get('company', '')}: no status history yet (the plan)"
    rag = table["reported_rag"].value_counts()
    tally = ", ".join(f"{int(rag.get(c, 0))} {c}" for c in RAG)
    footer = (
        f"{len(table)} projects ({tally}); BAC {table['bac'].sum():,.0f} {currency}, "
        f"actual cost {table['actual_cost'].fillna(0).sum():,.0f} {currency}. "
        "Percent complete: reported by the managers, and actual (what an audit would find)."
    )
    return "\n".join([title, "", shown.to_string(index=False), "", footer])
