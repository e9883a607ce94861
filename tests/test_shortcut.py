"""The build's shortcut past click (`toolkit.shortcut`): it reads a command line as click does, or leaves it to click.

The property test stands a recorder in for `console.build`, the one call
both paths make, so that hundreds of command lines can be read by both;
the tests after it run real builds through the real `toolkit` command.
"""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toolkit import console, shortcut
from toolkit.cli import cli
from toolkit.editions.render import FORMATS

from .conftest import REPO, copy_project

LANGS = ["es", "en", "all", "es_MX", "xx", "a=b", "", "-q"]
FORMAT_NAMES = ["pdf", "epub", "docx", "html", "odt", "Pdf", ""]
ROOTS = ["ROOT", "ROOT", "MISSING", "FILE", "UNREADABLE", "", "--strict"]
OUTS = ["OUT", "MISSING", "FILE", "-"]
"""Values of options, mostly good; the capitals stand for paths (`_paths`)."""

NOISE = ["build", "check", "--", "-", "", "-x", "--json", "--debug", "--help", "--version", "-qq", "-q=1", "--strict=1"]


def _option(names: list[str], values: list[str]) -> st.SearchStrategy[list[str]]:
    """An option of NAMES with one of VALUES, as two words or, for a long name, as one with `=`."""
    pairs = st.tuples(st.sampled_from(names), st.sampled_from(values))
    return st.one_of(pairs.map(list), pairs.map(lambda pair: ["=".join(pair) if pair[0][1] == "-" else "".join(pair)]))


NOISY = st.sampled_from([[word] for word in NOISE])
FLAGS = st.sampled_from([["--strict"], ["--quiet"], ["-q"]])
GROUP = st.lists(st.one_of(*[_option(["-C", "--project"], ROOTS)] * 4, NOISY), max_size=3)
BUILD = st.lists(
    st.one_of(
        *[_option(["--lang"], LANGS), _option(["--format"], FORMAT_NAMES), _option(["--out"], OUTS), FLAGS] * 3,
        NOISY,
    ),
    max_size=6,
)
"""A build's command line in parts, before and after the verb: mostly options, a few other words."""


def _paths(tmp: Path) -> dict[str, str]:
    (tmp / "ROOT" / "seeds").mkdir(parents=True, exist_ok=True)
    (tmp / "OUT").mkdir(exist_ok=True)
    (tmp / "FILE").write_text("a file\n")
    (tmp / "UNREADABLE").mkdir(exist_ok=True)
    (tmp / "UNREADABLE").chmod(0)
    return {name: str(tmp / name) for name in ("ROOT", "OUT", "FILE", "MISSING", "UNREADABLE")}


def _spelled(words: list[str], paths: dict[str, str]) -> list[str]:
    spelled = []
    for word in words:
        for name, path in paths.items():
            word = word.replace(name, path)
        spelled.append(word)
    return spelled


def _both(args: list[str]) -> tuple[Any, Any]:
    """What the shortcut and click do with ARGS: (exit status, stdout, stderr, the build's arguments) each.

    The shortcut's is None when it leaves ARGS to click.
    """
    calls: list[tuple[Any, ...]] = []

    def record(*arguments: Any) -> None:
        calls.append(arguments[:-1])  # all but the echo function
        arguments[-1]("built")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(console, "build", record)
        patch.setattr(shortcut, "build", record)
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            status = shortcut.run(args)
        taken = None if status is None else (status, out.getvalue(), err.getvalue(), calls[:])
        calls.clear()
        result = CliRunner().invoke(cli, args, prog_name="toolkit")
        by_click = (result.exit_code, result.stdout, result.stderr, calls[:])
    return taken, by_click


@pytest.fixture(scope="module")
def paths(tmp_path_factory: pytest.TempPathFactory):
    tmp = tmp_path_factory.mktemp("lines")
    yield _paths(tmp)
    (tmp / "UNREADABLE").chmod(0o755)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(group=GROUP, options=BUILD)
def test_a_command_line_the_shortcut_takes_is_one_click_reads_alike(paths, group, options):
    words = [*(word for option in group for word in option), "build", *(word for option in options for word in option)]
    taken, by_click = _both(_spelled(words, paths))
    if taken is not None:
        assert taken == by_click, words


@pytest.mark.parametrize(
    "words",
    [
        ["build"],
        ["build", "--lang", "es"],
        ["build", "--lang", "all"],
        ["-C", "ROOT", "build", "--lang", "es", "--lang", "en", "--quiet"],
        ["--project=ROOT", "build", "--lang=es", "--format", "pdf", "--format=epub", "--out", "OUT", "--strict", "-q"],
        ["-C", "MISSING", "build", "--lang", "es"],
        ["-C", "FILE", "build"],
        ["build", "--out", "MISSING"],
    ],
)
def test_the_build_lines_users_type_are_taken_and_read_as_click_reads_them(paths, words: list[str]):
    taken, by_click = _both(_spelled(words, paths))
    assert taken is not None
    assert taken == by_click


@pytest.mark.parametrize(
    "words",
    [
        ["build", "--help"],
        ["--version"],
        ["--debug", "build"],
        ["build", "--lang"],
        ["build", "--lang", "--quiet"],
        ["build", "--format", "odt"],
        ["build", "--out", "FILE"],
        ["-C", "UNREADABLE", "build"],
        ["check", "--lang", "es"],
    ],
)
def test_what_the_shortcut_does_not_read_goes_to_click(paths, words: list[str]):
    if os.geteuid() == 0 and "UNREADABLE" in words:
        pytest.skip("root reads every folder")
    assert shortcut.read_build(_spelled(words, paths)) is None


def test_shell_completion_is_left_to_click(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("_TOOLKIT_COMPLETE", "bash_complete")
    assert shortcut.read_build(["build"]) is None


def test_the_shortcut_offers_the_formats_the_build_makes():
    assert console.FORMATS == FORMATS


# -- Real builds through the `toolkit` command -----------------------------------


def _env(**extra: str) -> dict[str, str]:
    """The environment of a `python` that imports this checkout's toolkit, with EXTRA."""
    return {**os.environ, "PYTHONPATH": str(REPO), **extra}


def _toolkit(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "toolkit", *args]
    return subprocess.run(command, capture_output=True, text=True, env=_env(**(env or {})))


def test_a_build_through_the_shortcut_imports_no_click_and_makes_what_click_makes(tmp_path: Path):
    fast, slow = copy_project(REPO, tmp_path / "fast"), copy_project(REPO, tmp_path / "slow")
    probe = (
        "import sys; from toolkit import shortcut; "
        "status = shortcut.run(sys.argv[1:]); print(status, 'click' in sys.modules)"
    )
    line = ["build", "--lang", "es", "--format", "docx", "--format", "epub"]
    probed = subprocess.run(
        [sys.executable, "-c", probe, "-C", str(fast), *line], capture_output=True, text=True, env=_env()
    )
    assert probed.returncode == 0, probed.stderr
    assert probed.stdout.splitlines()[-1] == "0 False"
    # `--debug` is left to click; it changes nothing in a build that succeeds.
    (fast / "outputs").rename(fast / "probed")
    fast_run, slow_run = _toolkit("-C", str(fast), *line), _toolkit("--debug", "-C", str(slow), *line)
    assert fast_run.returncode == slow_run.returncode == 0, (fast_run.stderr, slow_run.stderr)
    assert fast_run.stdout == slow_run.stdout and fast_run.stderr == slow_run.stderr
    assert fast_run.stdout.splitlines()[-1] == "2 of 2 editions built"
    for name in ("letter.docx", "letter.epub"):
        made = (fast / "outputs/es" / name).read_bytes()
        assert made == (slow / "outputs/es" / name).read_bytes() == (fast / "probed/es" / name).read_bytes()


@pytest.mark.parametrize(
    ("change", "args", "env"),
    [
        (None, ["build", "--lang", "xx"], {}),
        (None, ["build", "--lang", "es\nfr"], {}),
        (None, ["build", "--lang", "es"], {"SOURCE_DATE_EPOCH": "abc"}),
        ("unclosed", ["build", "--lang", "es"], {}),
        ("unclosed", ["build", "--lang", "es", "--strict", "--quiet"], {}),
        ("missing", ["build", "--lang", "es"], {}),
    ],
)
def test_a_bad_build_is_the_same_one_line_through_the_shortcut(tmp_path: Path, change, args, env):
    root = copy_project(REPO, tmp_path / "letter")
    catalog = root / "locale/es/LC_MESSAGES/letter.po"
    if change == "unclosed":
        catalog.write_text(catalog.read_text(encoding="utf-8") + '\nmsgid "unclosed\n', encoding="utf-8")
    where = str(root / "nowhere") if change == "missing" else str(root)
    fast = _toolkit("-C", where, *args, env=env)
    by_click = CliRunner(env=env).invoke(cli, ["-C", where, *args], prog_name="toolkit")
    assert (fast.returncode, fast.stdout, fast.stderr) == (by_click.exit_code, by_click.stdout, by_click.stderr)
    assert fast.returncode == 2 and fast.stderr.startswith("Error: ") and fast.stderr.count("\n") == 1
    assert not (root / "outputs").exists()


def test_a_reader_that_has_gone_ends_the_build_as_click_ends_it(tmp_path: Path):
    ended = []
    for first in ([], ["--debug"]):  # the shortcut, then click
        root = copy_project(REPO, tmp_path / f"letter{len(first)}")
        command = [
            sys.executable,
            "-m",
            "toolkit",
            *first,
            "-C",
            str(root),
            "build",
            "--lang",
            "es",
            "--format",
            "docx",
        ]
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_env())
        assert process.stdout is not None and process.stderr is not None
        process.stdout.close()  # `| head -0`
        ended.append((process.wait(timeout=120), process.stderr.read()))
        process.stderr.close()
    assert ended[0] == ended[1] == (1, b"")
