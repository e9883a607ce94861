"""`toolkit check`, and every bad input answered with one clear line and nothing changed on disk."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import polib
import pytest

from toolkit.catalogs import checks
from toolkit.catalogs import store as catalogs
from toolkit.catalogs.store import CatalogEntry
from toolkit.document.model import UNSAFE_CHARS
from toolkit.document.readers.plaintext import read_seed

from .conftest import Run, by_key, snapshot, write_catalog

PO = "locale/es/LC_MESSAGES/letter.po"
IN_MAY = "paragraph:in-may-2018-dhs-made-a"
"""A paragraph holding [^1] and [^2], the year 2018, quotes and a final stop."""


def _entry_line(path: Path, key: str) -> int:
    return next(e.line for e in _entries(path) if e.key == key)


def _entries(path: Path) -> list[CatalogEntry]:
    return catalogs.read_entries(path)[1]


def _spanish_with(key: str, change):
    """A catalog that copies the source, with CHANGE applied to the translation of KEY."""
    return lambda k, text: change(text) if k == key else text


@pytest.mark.parametrize(
    ("change", "severity", "check", "message"),
    [
        (lambda t: t.replace("[^2]", ""), "error", "footnote-token", "note token lost: [^2]"),
        (lambda t: t + "[^2]", "error", "footnote-token", "note token doubled: [^2]"),
        (lambda t: t + "[^9]", "error", "footnote-token", "note token invented: [^9]"),
        (lambda t: t.replace("[^2]", "[^ 2]"), "error", "footnote-token", "note token lost: [^2]"),
        (
            lambda t: t.replace("[^1]", "@").replace("[^2]", "[^1]").replace("@", "[^2]"),
            "error",
            "footnote-token",
            "note tokens reordered: [^1] [^2] became [^2] [^1]",
        ),
        (lambda t: t.replace("In May", "\u202eIn May"), "error", "control-char", "U+202E RIGHT-TO-LEFT OVERRIDE"),
        (lambda t: t.replace("In May", "In\x07May"), "error", "control-char", "U+0007"),
        (
            lambda t: t.replace("2018", "two thousand eighteen"),
            "warning",
            "number",
            "translation lacks the number 2018",
        ),
        (lambda t: t.replace("“The Third", "The Third"), "warning", "quotes", "unbalanced quotation marks: “”„‟"),
        (lambda t: t + " (sic", "warning", "brackets", "unbalanced brackets: '(' is never closed"),
        (lambda t: " " + t, "warning", "whitespace", "leading whitespace differs from the source"),
        (
            lambda t: t.replace("In May ", "In May\n"),
            "warning",
            "line-break",
            "line breaks differ: 0 in the source, 1 in the translation",
        ),
        (lambda t: t + "!", "warning", "end-punctuation", 'the translation with "!"'),
        (
            lambda t: t.replace("States.[^1]", "Unidos.[^1]"),
            "warning",
            "note-call",
            'note call [^1] after "."; Spanish sets it before the punctuation: "Unidos[^1]."',
        ),
        (lambda t: t + " [aquí](http://evil.example)", "warning", "markup", "Markdown link or image"),
        (lambda t: t + " <script>alert(1)</script>", "warning", "markup", "HTML tag <script>"),
        (lambda t: t + ' #read("/etc/hostname")', "warning", "markup", "Typst code #read("),
        (lambda t: t + r" \input{/etc/hostname}", "warning", "markup", r"LaTeX command \input{"),
        (lambda t: t + " `x`{=html}", "warning", "markup", "Pandoc raw attribute {=html}"),
    ],
    ids=[
        "token-lost",
        "token-doubled",
        "token-invented",
        "token-altered",
        "token-reordered",
        "bidi",
        "control",
        "number",
        "quotes",
        "brackets",
        "whitespace",
        "line-break",
        "end-punctuation",
        "note-call",
        "md-link",
        "html",
        "typst",
        "latex",
        "raw",
    ],
)
def test_check_names_each_problem_at_its_line(letter_project: Path, run: Run, change, severity, check, message):
    path = write_catalog(letter_project, "es", _spanish_with(IN_MAY, change))
    before = snapshot(letter_project)
    result = run(letter_project, "check", "--lang", "es")
    line = _entry_line(path, IN_MAY)
    findings = [f for f in result.stdout.splitlines() if f.startswith(f"{PO}:{line}: ")]
    assert any(f.startswith(f"{PO}:{line}: {severity}: [{check}] ") and message in f for f in findings), result.stdout
    assert result.exit_code == (1 if severity == "error" else 0)
    assert snapshot(letter_project) == before


def test_a_clean_catalog_passes_and_json_holds_the_same(letter_project: Path, run: Run):
    write_catalog(letter_project, "es", _spanish_with(IN_MAY, lambda t: t.replace("[^2]", "")))
    text = run(letter_project, "check", "--lang", "es")
    data = run(letter_project, "check", "--lang", "es", "--json")
    assert data.exit_code == text.exit_code == 1
    report = json.loads(data.stdout)
    assert report["failed"] is True and report["catalogs"][0]["errors"] == 1
    shown = [f"{f['path']}:{f['line']}: {f['severity']}: [{f['check']}] {f['message']}" for f in report["findings"]]
    assert shown == text.stdout.splitlines()[:-1]
    # The shipped English catalog has warnings at most.
    shipped = run(letter_project, "check", "--lang", "en")
    assert shipped.exit_code == 0, shipped.stdout
    assert "0 errors" in shipped.stdout.splitlines()[-1]


def test_the_shipped_catalogs_have_no_finding(letter_project: Path, run: Run):
    result = run(letter_project, "check")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        f"locale/{lang}/LC_MESSAGES/letter.po: 85 entries checked, 0 errors, 0 warnings; 0 fuzzy, 0 untranslated"
        for lang in ("en", "es")
    ]


def test_a_comment_waives_a_warning_but_not_an_error(letter_project: Path, run: Run):
    path = write_catalog(letter_project, "es", _spanish_with(IN_MAY, lambda t: t.replace("2018", "dos mil dieciocho")))
    catalog = polib.pofile(str(path))
    by_key(catalog, IN_MAY).tcomment = "The year in words.\nskip-check: number"
    catalog.save(str(path))
    assert "[number]" not in run(letter_project, "check", "--lang", "es").stdout
    write_catalog(letter_project, "es", _spanish_with(IN_MAY, lambda t: t.replace("[^2]", "")))
    catalog = polib.pofile(str(path))
    by_key(catalog, IN_MAY).tcomment = "skip-check: footnote-token"
    catalog.save(str(path))
    result = run(letter_project, "check", "--lang", "es")
    assert result.exit_code == 1 and "[footnote-token] note token lost: [^2]" in result.stdout


def test_strict_counts_fuzzy_and_untranslated_as_errors(letter_project: Path, run: Run):
    write_catalog(letter_project, "es", lambda k, t: "" if k == "title" else t, fuzzy=frozenset({IN_MAY}))
    plain = run(letter_project, "check", "--lang", "es")
    assert plain.exit_code == 0
    assert plain.stdout.splitlines()[-1].endswith("1 fuzzy, 1 untranslated")
    strict = run(letter_project, "check", "--lang", "es", "--strict")
    assert strict.exit_code == 1
    assert "error: [fuzzy] marked fuzzy" in strict.stdout and "error: [untranslated] no translation" in strict.stdout


def _set_header(path: Path, **fields: str | None) -> None:
    catalog = polib.pofile(str(path))
    for name, value in fields.items():
        name = name.replace("_", "-")
        if value is None:
            catalog.metadata.pop(name, None)
        else:
            catalog.metadata[name] = value
    catalog.save(str(path))


@pytest.mark.parametrize(
    ("fields", "expected", "status"),
    [
        (
            {"Language": "fr"},
            f"{PO}:1: error: [header-language] the header says Language: fr, but the catalog is in the folder of es",
            1,
        ),
        ({"Language": None}, f"{PO}:1: error: [header-language] the header has no Language", 1),
        (
            {"Language": "es_MX"},
            f"{PO}:1: warning: [header-region] the header says Language: es_MX, the folder es",
            0,
        ),
        (
            {"Content_Type": "text/plain; charset=ISO-8859-1"},
            f"{PO}:1: error: [header-charset] the header declares charset ISO-8859-1",
            1,
        ),
        ({"Plural_Forms": None}, f"{PO}:1: warning: [header-plural-forms] the header has no Plural-Forms", 0),
        (
            {"Plural_Forms": "nplurals=2; plural=n == 1 ? 0 : n == 2 ? 1 : 2 +;"},
            f"{PO}:1: error: [header-plural-expression] the header's Plural-Forms has a broken expression",
            1,
        ),
        (
            {"Plural_Forms": "nplurals=2; plural=n==1 ? 0 : n==2 ? 1 : 2;"},
            f"{PO}:1: error: [header-plural-expression] the header's Plural-Forms chooses form 2 (for n = 0)",
            1,
        ),
    ],
    ids=[
        "other-language",
        "no-language",
        "other-region",
        "charset",
        "no-plural-forms",
        "broken-plural",
        "plural-beyond",
    ],
)
def test_header_problems(letter_project: Path, run: Run, fields, expected, status):
    _set_header(letter_project / PO, **fields)
    before = snapshot(letter_project)
    result = run(letter_project, "check", "--lang", "es")
    assert any(line.startswith(expected) for line in result.stdout.splitlines()), result.stdout
    assert result.exit_code == status
    if "plural-expression" in expected:  # GNU msgfmt refuses such a catalog as well
        done = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(letter_project / PO)], capture_output=True)
        assert done.returncode != 0, done.stderr
    assert snapshot(letter_project) == before


def test_build_strict_refuses_a_catalog_that_fails_check(letter_project: Path, run: Run):
    run(letter_project, "build", "--lang", "es", "--format", "docx")
    write_catalog(letter_project, "es", _spanish_with(IN_MAY, lambda t: "\u202e" + t))
    _set_header(letter_project / PO, Plural_Forms="nplurals=2; plural=(n != 1);")
    before = snapshot(letter_project)
    result = run(letter_project, "build", "--lang", "es", "--format", "docx", "--strict")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert f"{PO}: --strict: es fails `toolkit check` with 1 error; first: {PO}:" in result.stderr
    assert "[control-char]" in result.stderr
    assert snapshot(letter_project) == before
    # Without --strict the edition is made, the invisible character stripped, with a warning.
    loose = run(letter_project, "build", "--lang", "es", "--format", "docx")
    assert loose.exit_code == 0
    assert f"{PO}: warning: {IN_MAY}: removed invisible control or bidi characters U+202E" in loose.stderr


def test_the_readme_table_of_checks_is_the_registry():
    """The README's table lists every check of the registry, in its order, word for word."""
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("| id | severity | finds |") :].split("\n\n")[0].splitlines()[2:]
    assert table == [check.row() for check in checks.CHECKS.values()]


def test_every_check_of_the_registry_runs_or_is_a_state():
    for check in checks.CHECKS.values():
        assert [check.entry, check.header, check.strict_only or None].count(None) == 2, check.id


def test_every_invisible_character_is_one_a_printable_text_lacks():
    """The control-char check passes a printable text without a look: that holds for every code point."""
    found = [chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF and UNSAFE_CHARS.match(chr(c))]
    assert len(found) > 100
    assert [f"U+{ord(c):04X}" for c in found if c.isprintable()] == []


def test_a_seed_without_problems_has_none(tmp_path: Path):
    """Every check passes a catalog that copies the source: no false alarm on the letter."""
    root = Path(__file__).resolve().parent.parent
    document = read_seed(root / "seeds" / "letter.txt", root)
    for segment in document.segments():
        for check in checks.CHECKS.values():
            if check.entry is not None:
                # English sets a note call after the stop, Spanish before: English copied into Spanish is a finding.
                lang = "en" if check.id == "note-call" else "es"
                assert check.entry(segment.text, segment.text, lang) == [], (check.id, segment.key)


@pytest.mark.parametrize(("lang", "stop"), [("hi", "।"), ("mr", "।"), ("ne", "।"), ("bn", "।"), ("bo", "།")])
def test_a_sentence_may_end_with_its_scripts_own_full_stop(letter_project: Path, run: Run, lang: str, stop: str):
    """The danda and the Tibetan shad stand for the source's ".": no warning on every sentence; "!" still warns."""
    final_stop = re.compile(r"\.(?=[”’\"»)]*(?:\[\^\d+\])*$)")  # before any closing quote or note call
    exclaimed: list[str] = []

    def translate(key: str, text: str) -> str:
        if final_stop.search(text) and not exclaimed:
            exclaimed.append(key)
            return final_stop.sub("!", text)
        return final_stop.sub(stop, text)

    path = write_catalog(letter_project, lang, translate)
    result = run(letter_project, "check", "--lang", lang, "--json")
    findings = [f for f in json.loads(result.stdout)["findings"] if f["check"] == "end-punctuation"]
    message = 'final punctuation differs: the source ends with ".", the translation with "!"'
    assert [(f["line"], f["message"]) for f in findings] == [(_entry_line(path, exclaimed[0]), message)]
    assert checks.check_end_punctuation("किया।", "Done.", "en") == []


@pytest.mark.parametrize(("lang", "native"), [("zh", "。"), ("ja", "。"), ("am", "።")])
def test_a_latin_full_stop_where_the_language_writes_its_own_is_found(
    letter_project: Path, run: Run, lang: str, native: str
):
    """A Chinese sentence ending in ".", where Chinese writes "。", is a finding; with "。" it is none."""
    final_stop = re.compile(r"\.(?=[”’\"»)]*(?:\[\^\d+\])*$)")  # before any closing quote or note call
    latin: list[str] = []

    def translate(key: str, text: str) -> str:
        if final_stop.search(text) and not latin:
            latin.append(key)
            return text
        return final_stop.sub(native, text)

    message = f'final punctuation differs: the source ends with ".", the translation with "." where {lang} writes'

    def found() -> list[int]:
        result = run(letter_project, "check", "--lang", lang, "--json")
        findings = json.loads(result.stdout)["findings"]
        return [f["line"] for f in findings if f["check"] == "end-punctuation" and f["message"].startswith(message)]

    path = write_catalog(letter_project, lang, translate)
    line = _entry_line(path, latin[0])
    assert line in found()
    write_catalog(letter_project, lang, lambda key, text: final_stop.sub(native, text))
    assert line not in found()


@pytest.mark.parametrize(("lang", "zero"), [("ar", "٠"), ("fa", "۰"), ("hi", "०"), ("ja", "０")])
def test_numbers_in_the_languages_own_digits_are_the_same_numbers(letter_project: Path, run: Run, lang: str, zero: str):
    """2018 written ٢٠١٨, ۲۰۱۸, २०१८ or ２０１８ is 2018; a number changed is still found."""
    native = str.maketrans({str(d): chr(ord(zero) + d) for d in range(10)})

    def translate(key: str, text: str) -> str:
        text = text.replace("2018", "2019") if key == IN_MAY else text
        # Every digit in the language's own, but those of the note tokens.
        return "".join(
            part if part.startswith("[^") else part.translate(native) for part in re.split(r"(\[\^\d+\])", text)
        )

    path = write_catalog(letter_project, lang, translate)
    findings = json.loads(run(letter_project, "check", "--lang", lang, "--json").stdout)["findings"]
    numbers = [(f["line"], f["message"]) for f in findings if f["check"] == "number"]
    assert numbers == [(_entry_line(path, IN_MAY), "translation lacks the number 2018")]


def test_a_translated_plural_entry_is_translated(letter_project: Path, run: Run):
    """An entry with plural forms, which a tool or a hand may add, is as translated as its forms are."""
    path = letter_project / "locale/es/LC_MESSAGES/letter.po"
    with path.open("a", encoding="utf-8") as catalog:
        catalog.write(
            '\nmsgctxt "count"\nmsgid "%d organization"\nmsgid_plural "%d organizations"\n'
            'msgstr[0] "%d organización"\nmsgstr[1] "%d organizaciones"\n'
        )
    checked = run(letter_project, "check", "--lang", "es", "--strict")
    assert checked.exit_code == 0, checked.output
    assert checked.stdout.splitlines()[-1].endswith("0 fuzzy, 0 untranslated")
