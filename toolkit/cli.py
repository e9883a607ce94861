"""The `toolkit` command: a thin click layer over `pipeline`.

Exit status: 0 done; 1 ran fine and found problems (`check`); 2 the input
was wrong (a `ToolkitError`, printed as one line) or the command was misused.
"""

from __future__ import annotations

import gc
import json
from pathlib import Path
from typing import Any

import click
import msgspec

from toolkit import console
from toolkit.commands import catalog as pipeline
from toolkit.commands.report import Report
from toolkit.errors import ToolkitError


class _Group(click.Group):
    """Print a ToolkitError, or a bad option of a command, as one `Error:` line, with exit status 2."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ToolkitError as error:
            if ctx.params.get("debug"):
                raise
            click.echo(console.error_line(error, ctx.obj["root"] if ctx.obj else None), err=True)
            ctx.exit(2)
        except click.UsageError as error:
            # One line, as for every other bad input; `--help` shows the usage.
            where = f"{error.ctx.command_path}: " if error.ctx is not None else ""
            click.echo(f"Error: {where}{' '.join(error.format_message().split())}", err=True)
            ctx.exit(2)


option_langs = click.option(
    "--lang",
    "langs",
    multiple=True,
    metavar="LANG",
    help="A locale code Babel knows (es, en, es_MX, pt_BR), or `all`; repeatable.",
)


def _project(ctx: click.Context) -> pipeline.Project:
    return pipeline.Project(ctx.obj["root"])


def _echo_warnings(warnings: tuple[str, ...]) -> None:
    for warning in warnings:
        click.echo(warning, err=True)


def _echo_report(report: Report) -> None:
    """A verb's warnings on stderr, then its lines on stdout."""
    _echo_warnings(report.warnings)
    click.echo(report.summary())


@click.group(cls=_Group)
@click.option(
    "-C",
    "--project",
    "root",
    default=".",
    show_default=True,
    type=click.Path(path_type=Path),
    help="The project folder (with seeds/ and locale/).",
)
@click.option("--debug", is_flag=True, help="Show a traceback for errors.")
@click.version_option(package_name="toolkit")
@click.pass_context
def cli(ctx: click.Context, root: Path, debug: bool) -> None:
    """Publish a document in several languages from gettext catalogs."""
    console.check_root(root)
    ctx.obj = {"root": root}


@cli.command()
@click.pass_context
def extract(ctx: click.Context) -> None:
    """Write the catalog template locale/<domain>.pot of every seed."""
    report = pipeline.extract(_project(ctx))
    _echo_report(report)


@cli.command()
@option_langs
@click.pass_context
def init(ctx: click.Context, langs: tuple[str, ...]) -> None:
    """Create the catalogs of a new language (never overwrites one)."""
    if not langs or "all" in langs:
        raise click.UsageError("name the language to create: --lang xx")
    report = pipeline.init(_project(ctx), list(langs))
    _echo_report(report)


@cli.command()
@click.pass_context
def update(ctx: click.Context) -> None:
    """Merge the seeds' segments into every catalog, keeping all translations."""
    report = pipeline.update(_project(ctx))
    _echo_report(report)


@cli.command()
@option_langs
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.pass_context
def stats(ctx: click.Context, langs: tuple[str, ...], as_json: bool) -> None:
    """Show translated, fuzzy and untranslated entries and words per language."""
    rows = pipeline.stats(_project(ctx), list(langs))
    if as_json:
        data = [
            {"lang": r.lang, "domain": r.domain, "catalog": r.path, **msgspec.structs.asdict(r.stats)} for r in rows
        ]
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    for row in rows:
        s = row.stats
        click.echo(
            f"{row.path}: {s.percent_translated:.0f}% translated; entries {s.translated} translated, "
            f"{s.fuzzy} fuzzy, {s.untranslated} untranslated; words {s.translated_words} translated, "
            f"{s.fuzzy_words} fuzzy, {s.untranslated_words} untranslated"
        )


@cli.command()
@option_langs
@click.option("--strict", is_flag=True, help="Count fuzzy and untranslated entries as errors.")
@click.option("--json", "as_json", is_flag=True, help="Print the findings as JSON.")
@click.pass_context
def check(ctx: click.Context, langs: tuple[str, ...], strict: bool, as_json: bool) -> None:
    """Check the translations: note tokens, numbers, quotes, punctuation, headers.

    Exit status 1 when any catalog has an error, 0 otherwise.
    """
    report = pipeline.check(_project(ctx), list(langs), strict)
    if as_json:
        click.echo(json.dumps(report.as_dict(), indent=2, ensure_ascii=False))
    else:
        for finding in report.findings:
            click.echo(str(finding))
        for catalog in report.catalogs:
            click.echo(catalog.summary())
    ctx.exit(1 if report.failed else 0)


@cli.command()
@option_langs
@click.option(
    "--format",
    "formats",
    multiple=True,
    type=click.Choice(console.FORMATS),
    help="Make only this format; repeatable (default: pdf, epub and docx; html only when named).",
)
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), help="Output root (default: outputs/).")
@click.option(
    "--strict", is_flag=True, help="Refuse a language whose catalog is incomplete, fuzzy or fails `toolkit check`."
)
@click.option("--quiet", "-q", is_flag=True, help="Print only warnings and errors.")
@click.pass_context
def build(
    ctx: click.Context, langs: tuple[str, ...], formats: tuple[str, ...], out: Path | None, strict: bool, quiet: bool
) -> None:
    """Make the PDF, EPUB and DOCX editions of every seed in each language."""
    console.build(ctx.obj["root"], langs, formats, out, strict, quiet, click.echo)


option_lang = click.option("--lang", required=True, metavar="LANG", help="The catalog's language (es, pt_BR, ...).")
option_seed = click.option("--seed", metavar="NAME", help="Which document, when seeds/ holds several.")


@cli.command()
@option_lang
@click.option("--format", "fmt", type=click.Choice(["xliff", "tmx"]), default="xliff", show_default=True)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write (default: outputs/<lang>/<domain>.xlf or .tmx).",
)
@option_seed
@click.pass_context
def export(ctx: click.Context, lang: str, fmt: str, out: Path | None, seed: str | None) -> None:
    """Write a catalog as XLIFF 1.2 (CAT tools) or TMX 1.4 (translation memories)."""
    from toolkit.commands.transfer import export_translations

    _echo_report(export_translations(_project(ctx), lang, "tmx" if fmt == "tmx" else "xliff", out, seed))


@cli.command(name="import")
@option_lang
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--overwrite", is_flag=True, help="Replace finished translations that differ (they are kept otherwise).")
@option_seed
@click.pass_context
def import_(ctx: click.Context, lang: str, file: Path, overwrite: bool, seed: str | None) -> None:
    """Bring translations into a catalog: XLIFF, TMX, or an existing plain-text translation (.txt).

    A plain-text translation is aligned with the seed block by block; what
    it gives is marked fuzzy for review, and each block it could not align
    is reported with its line. A finished translation is never overwritten
    unless --overwrite is given.
    """
    from toolkit.commands.transfer import import_translations

    report = import_translations(_project(ctx), lang, file, seed, overwrite)
    _echo_report(report)


@cli.command()
@click.option(
    "--out", type=click.Path(file_okay=False, path_type=Path), help="Where bundles go (default: outputs/dist/)."
)
@click.pass_context
def dist(ctx: click.Context, out: Path | None) -> None:
    """Build every language strictly, validate every edition, and bundle them for release.

    Writes outputs/dist/<domain>-<version>/ (editions, SHA256SUMS,
    manifest.json) and its zip; nothing when a catalog or an edition fails.
    """
    from toolkit.commands.dist import dist as make_bundles

    report = make_bundles(_project(ctx), out)
    _echo_report(report)


def main() -> None:
    """Run the command line, and leave as soon as its output is out (`console.leave`)."""
    status = 0
    try:
        cli(prog_name="toolkit")
    except SystemExit as done:
        if done.code is not None and not isinstance(done.code, int):
            raise
        status = done.code or 0
    finally:
        # Frozen also when an error the command did not expect leaves through Python's exit (`console.leave`).
        gc.freeze()
    console.leave(status)


if __name__ == "__main__":
    main()
