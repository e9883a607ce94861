"""Time the toolkit on book-length seeds against what Pandoc, Typst and GNU gettext take by hand.

    python benchmarks/run.py [--sizes 1 50 500] [--runs 3] [--large-runs 1]

For each size N it makes a project of N copies of the letter's body (see
`book.py`) with a filled Spanish catalog, then times each task as whole
processes, several runs each, every run in a fresh helper process so that
the peak memory is that run's own (`getrusage(RUSAGE_CHILDREN)` keeps the
largest process ever waited for: a helper per run resets it). Peak memory
is the largest single process of the run (the Python process with Typst in
it, or one Pandoc), not the sum of processes running side by side. CPU is
the user and system time of every process of the run, added up: unlike
the wall time, it hardly moves with the machine's load, and it tells work
done from work waited for.

It prints one table and writes it, with the machine's description, between
the markers of `benchmarks/RESULTS.md` (the analysis around them is kept).
This is a measurement, not a test: nothing fails on a slow result.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import itertools
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypedDict

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "RESULTS.md"
BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"
EPOCH = "1544140800"
"""SOURCE_DATE_EPOCH for every run: 2018-12-07, the letter's date."""
PDF_STANDARDS = ["a-2b", "ua-1"]
"""What the toolkit's PDF declares; the baseline's Typst compile is asked for the same."""


# -- One measurement, in its own helper process ---------------------------------


class Spec(TypedDict):
    """What a helper process measures, as JSON on its command line."""

    chains: list[list[list[str]]]
    """Run side by side, each a list of commands run in turn."""
    env: dict[str, str]
    """Added to the helper's environment."""
    ok: list[int]
    """The exit codes that are not a failure."""


class Measurement(TypedDict):
    """What a helper process measured, as JSON on its output."""

    wall: float
    peak_mb: float
    cpu: float
    failures: list[str]


def _measure(spec: Spec) -> Measurement:
    """Run SPEC's chains side by side (each a list of commands run in turn); time them."""
    chains = spec["chains"]
    env = {**os.environ, **spec["env"]}
    ok = set(spec["ok"])
    failures: list[str] = []

    def run_chain(chain: list[list[str]]) -> None:
        for command in chain:
            done = subprocess.run(command, env=env, capture_output=True)
            if done.returncode not in ok:
                tail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-3:]
                failures.append(f"{' '.join(command[:6])} ... exited {done.returncode}: {' | '.join(tail)}")
                return

    start = time.perf_counter()
    threads = [threading.Thread(target=run_chain, args=(chain,)) for chain in chains]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "wall": wall,
        "peak_mb": usage.ru_maxrss / 1024,
        "cpu": usage.ru_utime + usage.ru_stime,
        "failures": failures,
    }


def measure(chains: list[list[list[str]]], env: dict[str, str], ok: tuple[int, ...] = (0,)) -> Measurement:
    """Measure CHAINS in a fresh helper process."""
    spec: Spec = {"chains": chains, "env": env, "ok": list(ok)}
    done = subprocess.run(
        [sys.executable, __file__, "--measure", json.dumps(spec)], capture_output=True, text=True, check=True
    )
    result: Measurement = json.loads(done.stdout)
    if result["failures"]:
        raise RuntimeError("; ".join(result["failures"]))
    return result


# -- Tasks ----------------------------------------------------------------------


@dataclass
class Row:
    """A line of the table: one task at one size, and its runs."""

    task: str
    size: int
    walls: list[float] = field(default_factory=list)
    peaks: list[float] = field(default_factory=list)
    cpus: list[float] = field(default_factory=list)
    baseline: str | None = None
    """The task of the same size whose median this row is divided by."""
    target: str = ""
    note: str = ""

    @property
    def median(self) -> float | None:
        return statistics.median(self.walls) if self.walls else None


def _toolkit(project: Path, *args: str) -> list[str]:
    # The long form of -C: click tries a short option first as a long one,
    # and its guess at what was meant imports difflib (2 ms of the letter's
    # build), which a run in the project's folder, as the README has it, does not pay.
    return [sys.executable, "-m", "toolkit", "--project", str(project), *args]


def _has_command(name: str, env: dict[str, str]) -> bool:
    done = subprocess.run([sys.executable, "-m", "toolkit", name, "--help"], env=env, capture_output=True)
    return done.returncode == 0


@dataclass
class Task:
    """A row to fill: what to run, and how to set the project up before each run."""

    row: Row
    chains: list[list[list[str]]] = field(default_factory=list)
    setup: Callable[[], None] | None = None
    ok: tuple[int, ...] = (0,)


def _time_all(tasks: list[Task], runs: int, env: dict[str, str]) -> list[Row]:
    """Run the tasks round-robin, RUNS rounds, so a task and its baseline see the same machine load."""
    failed: set[int] = set()
    for run in range(runs):
        for index, task in enumerate(tasks):
            row = task.row
            if not task.chains or index in failed:
                continue
            if task.setup is not None:
                task.setup()
            try:
                result = measure(task.chains, env, task.ok)
            except RuntimeError as error:
                # One broken task (a toolkit mid-edit, a missing tool) must not lose the others.
                row.note = f"failed: {str(error)[-160:]}"
                print(f"  {row.task:<28} N={row.size:<4} run {run + 1}/{runs}: FAILED {error}", flush=True)
                row.walls.clear()
                row.peaks.clear()
                row.cpus.clear()
                failed.add(index)
                continue
            row.walls.append(result["wall"])
            row.peaks.append(result["peak_mb"])
            row.cpus.append(result["cpu"])
            print(
                f"  {row.task:<28} N={row.size:<4} run {run + 1}/{runs}: {row.walls[-1]:.2f} s, "
                f"{row.peaks[-1]:.0f} MB, CPU {row.cpus[-1]:.2f} s",
                flush=True,
            )
    return [task.row for task in tasks]


def bench_size(size: int, runs: int, work: Path, env: dict[str, str], have_check: bool) -> list[Row]:
    """Make the project of SIZE copies and time every task and baseline on it."""
    import book  # sits next to this script
    import pypandoc

    print(f"N={size}: making the project", flush=True)
    made = book.make_project(work, size, sys.executable, env)
    project, pristine, catalog = made.project, made.pristine, made.catalog
    seed = project / "seeds" / "book.txt"
    template = project / "locale" / "book.pot"
    outputs = project / "outputs"
    pandoc = pypandoc.get_pandoc_path()
    load = os.getloadavg()[0]
    if load > 0.5:
        print(
            f"N={size}: warning: load average {load:.1f} before timing; other work on the machine skews the results",
            flush=True,
        )
    print(f"N={size}: {made.entries} catalog entries, seed {made.seed_bytes / 1024:.0f} KB", flush=True)

    def restore() -> None:
        shutil.copyfile(pristine / "book.txt", seed)
        shutil.copyfile(pristine / "book.pot", template)
        shutil.copyfile(pristine / "book.po", catalog)

    def fresh_extract() -> None:
        restore()
        template.unlink()

    def edited() -> None:
        restore()
        shutil.copyfile(pristine / "book.edited.txt", seed)

    def cold() -> None:
        restore()
        shutil.rmtree(outputs, ignore_errors=True)

    def one_msgstr() -> None:
        # Runs right after the no-op build of the pristine catalog.
        shutil.copyfile(pristine / "book.changed.po", catalog)

    # Catalog side. msgmerge is the yardstick for extract and update alike.
    tasks: list[Task] = []
    gettext = shutil.which("msgmerge") is not None
    merge, fmt = "baseline: msgmerge --previous", "baseline: msgfmt -c"
    if gettext:
        tasks.append(
            Task(
                Row(merge, size),
                [
                    [
                        [
                            "msgmerge",
                            "--quiet",
                            "--previous",
                            "-o",
                            str(work / f"msgmerge-{size}.po"),
                            str(pristine / "book.po"),
                            str(pristine / "book.edited.pot"),
                        ]
                    ]
                ],
            )
        )
        tasks.append(Task(Row(fmt, size), [[["msgfmt", "-c", "-o", os.devnull, str(pristine / "book.po")]]]))
    tasks.append(
        Task(
            Row("extract", size, baseline=merge, target="<= 2x msgmerge"),
            [[_toolkit(project, "extract")]],
            fresh_extract,
        )
    )
    tasks.append(
        Task(
            Row("update (one-word edit)", size, baseline=merge, target="<= 2x msgmerge; <= 1.5x at N=50"),
            [[_toolkit(project, "update")]],
            edited,
        )
    )
    if have_check:
        tasks.append(
            Task(
                Row("check", size, baseline=fmt, target="< 1 s at N=500"),
                [[_toolkit(project, "check", "--lang", "es")]],
                restore,
                ok=(0, 1),
            )
        )
    else:
        tasks.append(Task(Row("check", size, target="< 1 s at N=500", note="n/a: no `toolkit check` yet")))

    # Editions. The baseline: Pandoc Markdown to EPUB, DOCX and Typst, and
    # Typst to PDF, the three chains side by side, as a user would script it.
    markdown = pristine / "book.md"
    out = work / f"baseline-{size}"
    out.mkdir(exist_ok=True)
    compile_pdf = (
        "import sys, typst; typst.compile(sys.argv[1], output=sys.argv[2], "
        f"pdf_standards={PDF_STANDARDS!r}, timestamp={EPOCH}, ignore_system_fonts=True)"
    )
    base = "baseline: pandoc+typst"
    tasks.append(
        Task(
            Row(base, size),
            [
                [[pandoc, str(markdown), "--to=epub3", f"--output={out / 'book.epub'}"]],
                [[pandoc, str(markdown), "--to=docx", f"--output={out / 'book.docx'}"]],
                [
                    [pandoc, str(markdown), "--standalone", "--to=typst", f"--output={out / 'book.typ'}"],
                    [sys.executable, "-c", compile_pdf, str(out / "book.typ"), str(out / "book.pdf")],
                ],
            ],
        )
    )
    build = [[_toolkit(project, "build", "--lang", "es", "--quiet")]]
    tasks.append(Task(Row("build --lang es (cold)", size, baseline=base, target="<= 1.0x"), build, cold))
    tasks.append(Task(Row("build (no-op)", size, target="< 0.3 s at N=500"), build))
    tasks.append(
        Task(Row("build (one msgstr changed)", size, baseline=base, target="es editions only"), build, one_msgstr)
    )
    rows = _time_all(tasks, runs, env)
    restore()
    return rows


# -- Report ---------------------------------------------------------------------


def _version(command: list[str]) -> str:
    try:
        return subprocess.run(command, capture_output=True, text=True).stdout.splitlines()[0].strip()
    except (OSError, IndexError):
        return "absent"


def machine() -> str:
    """The machine and tool versions, one line each."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        memory = f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GB"
    except (ValueError, OSError):
        memory = "?"
    import pypandoc

    return "\n".join(
        [
            f"- {platform.system()} {platform.release()}, {cpu}, {os.cpu_count()} cores, {memory} RAM",
            f"- Python {platform.python_version()}; Pandoc {pypandoc.get_pandoc_version()} (pypandoc-binary); "
            f"typst {importlib.metadata.version('typst')} (PyPI); {_version(['msgmerge', '--version'])}",
        ]
    )


def table(rows: list[Row]) -> str:
    """One Markdown table: task, N, median, min–max, peak memory, median CPU, ratio to its baseline."""
    medians = {(r.task, r.size): r.median for r in rows}
    lines = [
        "| task | N | median s | min–max s | peak MB | CPU s | ratio | target |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for row in rows:
        if row.median is None:
            shown = row.note.replace("|", "/") or "n/a"
            lines.append(f"| {row.task} | {row.size} | n/a | | | | | {row.target}; {shown} |")
            continue
        base = medians.get((row.baseline, row.size)) if row.baseline else None
        ratio = f"{row.median / base:.2f}x" if base else ""
        spread = f"{min(row.walls):.2f}–{max(row.walls):.2f}" if len(row.walls) > 1 else f"{row.walls[0]:.2f}"
        cpu = statistics.median(row.cpus)
        lines.append(
            f"| {row.task} | {row.size} | {row.median:.2f} | {spread} | {max(row.peaks):.0f} | {cpu:.2f} "
            f"| {ratio} | {row.target} |"
        )
    return "\n".join(lines)


def growth(rows: list[Row]) -> str:
    """Median at each size over the median at the size before it (linear is the size ratio)."""
    sizes = sorted({r.size for r in rows})
    if len(sizes) < 2:
        return ""
    lines = [
        "| task | " + " | ".join(f"N={b} / N={a}" for a, b in itertools.pairwise(sizes)) + " |",
        "|---|" + "---:|" * (len(sizes) - 1),
    ]
    for task in dict.fromkeys(r.task for r in rows):
        medians = {r.size: r.median for r in rows if r.task == task and r.median is not None}
        cells = [
            f"{medians[b] / medians[a]:.1f}x" if medians.get(a) and medians.get(b) else ""
            for a, b in itertools.pairwise(sizes)
        ]
        lines.append(f"| {task} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def write_results(text: str) -> None:
    """Put TEXT between the markers of RESULTS.md, keeping what is around them."""
    current = RESULTS.read_text("utf-8") if RESULTS.exists() else f"# Benchmark results\n\n{BEGIN}\n{END}\n"
    if BEGIN not in current or END not in current:
        current = current.rstrip() + f"\n\n{BEGIN}\n{END}\n"
    head, rest = current.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    RESULTS.write_text(f"{head}{BEGIN}\n{text}\n{END}{tail}", "utf-8")


def _editable_install() -> bool:
    """Whether this Python has the toolkit installed editable (a `__editable__` path file in its site folders)."""
    import site

    folders = [*site.getsitepackages(), site.getusersitepackages()]
    return any(any(Path(folder).glob("__editable__*toolkit*.pth")) for folder in folders)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes", type=int, nargs="+", default=[1, 50, 500], help="copies of the letter's body (default 1 50 500)"
    )
    parser.add_argument("--runs", type=int, default=3, help="runs per task (default 3)")
    parser.add_argument("--large-runs", type=int, default=1, help="runs per task from N=500 up (default 1)")
    parser.add_argument("--work", type=Path, default=HERE / ".work", help="where the generated projects go")
    parser.add_argument("--rev", help="time the toolkit as committed at this git revision (default: the working tree)")
    parser.add_argument("--no-write", action="store_true", help="print the table without writing RESULTS.md")
    args = parser.parse_args(argv)

    args.work = args.work.resolve()
    args.work.mkdir(parents=True, exist_ok=True)
    # `python -m` puts the current folder first on sys.path: run from the
    # work folder, so the toolkit timed is the one PYTHONPATH names.
    os.chdir(args.work)
    source = ROOT
    if args.rev:
        # A snapshot, so edits in progress in the working tree do not reach the runs.
        source = args.work / f"src-{args.rev}"
        shutil.rmtree(source, ignore_errors=True)
        source.mkdir()
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", args.rev, "toolkit"], capture_output=True, check=True
        )
        subprocess.run(["tar", "-x", "-C", str(source)], input=archive.stdout, check=True)
    # Byte-compiled first, as an installed package is: the runs measure the
    # toolkit, not compiling its source (which PYTHONDONTWRITEBYTECODE, if
    # set, would otherwise repeat on every run).
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(source / "toolkit")], check=True)
    env = {"SOURCE_DATE_EPOCH": EPOCH, "PYTHONPATH": str(source) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    full_env = {**os.environ, **env}
    if _editable_install():
        print(
            "warning: the toolkit is installed editable here: every Python start imports its finder, which the"
            " baseline's Typst compile pays (about 20 ms) and the toolkit, needing those modules anyway, hardly"
            " does; install it as the README does (`pip install .`) for a fair N=1 ratio",
            flush=True,
        )
    have_check = _has_command("check", full_env)
    rows: list[Row] = []
    started = time.strftime("%Y-%m-%d %H:%M", time.localtime())
    for size in args.sizes:
        rows += bench_size(size, args.large_runs if size >= 500 else args.runs, args.work, full_env, have_check)
    result = "\n\n".join(
        filter(
            None,
            [
                f"Measured {started} with `python benchmarks/run.py --sizes {' '.join(map(str, args.sizes))}"
                + (f" --rev {args.rev}" if args.rev else "")
                + "` "
                f"({args.runs} runs per task, {args.large_runs} from N=500):",
                machine(),
                table(rows),
                growth(rows) and "Growth (median over the median at the size before):\n\n" + growth(rows),
            ],
        )
    )
    print()
    print(result)
    (args.work / "results.json").write_text(json.dumps([r.__dict__ for r in rows], indent=1), "utf-8")
    if not args.no_write:
        write_results(result)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--measure":
        print(json.dumps(_measure(json.loads(sys.argv[2]))))
    else:
        main()
