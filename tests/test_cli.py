"""The catalog commands end to end, as editors and translators run them."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

from .conftest import REPO, Run, assert_valid_exchange, by_key, one_error_line, snapshot

GOLDEN = Path(__file__).resolve().parent / "golden"


def catalog(root: Path, lang: str, domain: str = "letter") -> Path:
    return root / "locale" / lang / "LC_MESSAGES" / f"{domain}.po"


@pytest.mark.parametrize("project", ["letter_project", "appeal_project"])
def test_extract_writes_the_golden_template(request, run: Run, monkeypatch, project, update_golden):
    root = request.getfixturevalue(project)
    domain = "letter" if project == "letter_project" else "appeal"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1544140800")
    result = run(root, "extract")
    assert result.exit_code == 0, result.output
    written = (root / "locale" / f"{domain}.pot").read_text(encoding="utf-8")
    golden = GOLDEN / f"{domain}.pot"
    if update_golden:
        golden.write_text(written, encoding="utf-8")
    assert written == golden.read_text(encoding="utf-8")


def test_the_template_is_what_gnu_gettext_writes(letter_project, run: Run):
    run(letter_project, "extract")
    pot = letter_project / "locale" / "letter.pot"
    rewritten = subprocess.run(["msgcat", str(pot)], capture_output=True, check=True).stdout
    assert rewritten == pot.read_bytes()


def test_extract_reports_the_gap_in_the_notes_until_the_sidecar_acknowledges_it(letter_project, run: Run):
    result = run(letter_project, "extract")
    assert result.stderr == "" and "locale/letter.pot: 85 segments" in result.stdout
    sidecar = letter_project / "seeds" / "letter.toml"
    text = sidecar.read_text(encoding="utf-8")
    start = text.index("[notes.5]")
    sidecar.write_text(text[:start] + text[text.index("[notes.6]") :], encoding="utf-8")
    result = run(letter_project, "extract")
    assert result.stderr == "seeds/letter.txt:68: warning: note 5 is missing from the sequence of notes\n"


def test_init_creates_a_catalog_with_a_correct_header_and_never_overwrites(appeal_project, run: Run):
    result = run(appeal_project, "init", "--lang", "pt-BR")
    assert result.exit_code == 0, result.output
    po = polib.pofile(str(catalog(appeal_project, "pt_BR", "appeal")))
    assert po.metadata["Language"] == "pt_BR"
    assert po.metadata["Language-Team"].startswith("Portuguese (Brazil)")
    assert po.metadata["Plural-Forms"].startswith("nplurals=")
    assert po.metadata["Content-Type"] == "text/plain; charset=UTF-8"
    path = catalog(appeal_project, "pt_BR", "appeal")
    path.write_text(path.read_text(encoding="utf-8") + "\n# my notes\n", encoding="utf-8")
    before = path.read_bytes()
    again = run(appeal_project, "init", "--lang", "pt_BR")
    assert again.exit_code == 0 and "exists, left as it is" in again.output
    assert path.read_bytes() == before


def test_a_new_seed_gets_a_catalog_in_every_language(letter_project, appeal_project, run: Run):
    shutil.copy(appeal_project / "seeds" / "appeal.txt", letter_project / "seeds")
    shutil.copy(appeal_project / "seeds" / "appeal.toml", letter_project / "seeds")
    result = run(letter_project, "update")
    assert result.exit_code == 0, result.output
    for lang in ("en", "es"):
        assert catalog(letter_project, lang, "appeal").exists()
        assert f"locale/{lang}/LC_MESSAGES/appeal.po: created for the new seed seeds/appeal.txt" in result.output


def test_update_names_the_catalogs_of_a_renamed_seed(letter_project, run: Run):
    """Renamed, a seed is a new domain whose catalog starts empty: update says where its translations are."""
    seeds = letter_project / "seeds"
    (seeds / "letter.txt").rename(seeds / "open-letter.txt")
    (seeds / "letter.toml").rename(seeds / "open-letter.toml")
    result = run(letter_project, "update")
    assert result.exit_code == 0, result.output
    for lang in ("en", "es"):
        assert (
            f"locale/{lang}/LC_MESSAGES/letter.po: warning: no seed is named 'letter', so no edition uses its "
            f"translations; if that seed was renamed, move it over locale/{lang}/LC_MESSAGES/open-letter.po "
            "and run `toolkit update` again, else delete it"
        ) in result.output
    # Done as it says, the translations are back, and nothing is left to warn about.
    for lang in ("en", "es"):
        catalog(letter_project, lang, "letter").replace(catalog(letter_project, lang, "open-letter"))
    again = run(letter_project, "update")
    assert again.exit_code == 0 and "warning" not in again.output, again.output
    stats = run(letter_project, "stats", "--lang", "es")
    assert "open-letter.po: 100% translated" in stats.output, stats.output


def test_update_merges_the_four_cases(appeal_project, run: Run):
    run(appeal_project, "init", "--lang", "es")
    path = catalog(appeal_project, "es", "appeal")
    po = polib.pofile(str(path))
    for entry in po:
        entry.msgstr = f"ES {entry.msgid}"
    by_key(po, "paragraph:the-plan-would-close-214-schools").tcomment = "checked by the editor"
    po.save(str(path))

    seed = appeal_project / "seeds" / "appeal.txt"
    text = seed.read_text(encoding="utf-8")
    text = text.replace("9,600 pupils", "9,700 pupils")  # changed
    text = text.replace("We ask the ministries to:\n\n", "")  # removed
    text = text.replace("Education is a right", "We thank you for your attention.\n\nEducation is a right")  # added
    seed.write_text(text, encoding="utf-8")
    result = run(appeal_project, "update")
    assert result.exit_code == 0, result.output

    po = polib.pofile(str(path))
    unchanged = by_key(po, "addressee-role:ana-ruiz-pena")
    assert unchanged.msgstr == "ES Minister of Education" and "fuzzy" not in unchanged.flags
    changed = by_key(po, "paragraph:the-plan-would-close-214-schools")
    assert "fuzzy" in changed.flags and "9,600" in (changed.previous_msgid or "") and "9,700" in changed.msgid
    assert changed.msgstr.startswith("ES The plan would close 214 schools serving about 9,600")
    assert changed.tcomment == "checked by the editor"
    removed = [e for e in po.obsolete_entries() if e.msgctxt == "paragraph:we-ask-the-ministries-to"]
    assert removed and removed[0].msgstr == "ES We ask the ministries to:"
    added = by_key(po, "paragraph:we-thank-you-for-your-attention")
    assert added.msgstr == "" and not added.obsolete
    assert "#| msgid" in path.read_text(encoding="utf-8") and "#~ msgctxt" in path.read_text(encoding="utf-8")


def test_extract_and_update_leave_the_checkout_unchanged(letter_project, run: Run):
    before = snapshot(letter_project)
    for command in ("extract", "update", "update"):
        assert run(letter_project, command).exit_code == 0
    assert snapshot(letter_project) == before


@pytest.mark.parametrize(
    "po", sorted((REPO / "locale").rglob("*.po")) + sorted((REPO / "locale").glob("*.pot")), ids=str
)
def test_every_catalog_passes_msgfmt_check(po: Path):
    checked = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(po)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr


def test_the_repository_has_catalogs_for_es_and_en():
    assert catalog(REPO, "es").exists() and catalog(REPO, "en").exists()


def test_stats_in_text_and_json(letter_project, run: Run):
    text = run(letter_project, "stats", "--lang", "es")
    assert text.exit_code == 0
    assert text.output.startswith("locale/es/LC_MESSAGES/letter.po: ")
    data = json.loads(run(letter_project, "stats", "--json").output)
    assert [row["lang"] for row in data] == ["en", "es"]
    row = data[1]
    assert row["translated"] + row["fuzzy"] + row["untranslated"] == 85
    assert row["translated_words"] + row["fuzzy_words"] + row["untranslated_words"] > 1500


@pytest.mark.parametrize("lang", ["zz", "es_ZZ", "klingon", "", "ca@valencia", "he@x"])
def test_an_unknown_language_is_refused(appeal_project, run: Run, lang):
    before = snapshot(appeal_project)
    line = one_error_line(run(appeal_project, "init", "--lang", lang))
    assert f"unknown language '{lang}'" in line
    assert snapshot(appeal_project) == before


def _replace_by_folder(path: Path) -> None:
    """Make PATH unreadable as a file, even for root: a folder in its place."""
    path.unlink()
    path.mkdir()


def _empty_seed(seeds: Path, suffix: str) -> None:
    """Leave an empty seed of SUFFIX alone in SEEDS (the appeal's sidecar quotes its text)."""
    for old in seeds.iterdir():
        old.unlink()
    (seeds / f"appeal{suffix}").write_text(" \n\n", "utf-8")


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda root: (root / "seeds" / "appeal.txt").write_bytes(b"Caf\xe9\n"), "seeds/appeal.txt:1: not UTF-8 text"),
        (
            lambda root: (root / "seeds" / "appeal.toml").write_text("[document\n"),
            "seeds/appeal.toml:1: not valid TOML",
        ),
        (
            lambda root: (root / "seeds" / "appeal.toml").write_bytes(b'[document]\ntitle = "Caf\xe9"\n'),
            "seeds/appeal.toml:2: the sidecar is not UTF-8 text",
        ),
        (lambda root: _replace_by_folder(root / "seeds" / "appeal.txt"), "seeds/appeal.txt: cannot read the seed"),
        (
            lambda root: _replace_by_folder(root / "seeds" / "appeal.toml"),
            "seeds/appeal.toml: cannot read the sidecar",
        ),
        (lambda root: shutil.rmtree(root / "seeds"), "no seeds found"),
        (lambda root: _empty_seed(root / "seeds", ".txt"), "seeds/appeal.txt: the seed has no text"),
        (lambda root: _empty_seed(root / "seeds", ".md"), "seeds/appeal.md: the seed has no text"),
    ],
    ids=[
        "not-utf8",
        "broken-sidecar",
        "sidecar-not-utf8",
        "unreadable",
        "unreadable-sidecar",
        "no-seeds",
        "empty",
        "empty-manuscript",
    ],
)
def test_bad_input_is_one_line_and_writes_nothing(appeal_project, run: Run, change, expected):
    run(appeal_project, "init", "--lang", "es")
    change(appeal_project)
    before = snapshot(appeal_project)
    for command in (["extract"], ["update"], ["init", "--lang", "fr"]):
        line = one_error_line(run(appeal_project, *command))
        assert expected in line
    assert snapshot(appeal_project) == before


def test_python_dash_m_runs_the_same_command(appeal_project):
    result = subprocess.run(
        [sys.executable, "-m", "toolkit", "-C", str(appeal_project), "extract"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert "locale/appeal.pot: 27 segments" in result.stdout


def test_a_command_leaves_with_its_status_and_all_its_output(letter_project: Path, run: Run):
    """`python -m toolkit` leaves without Python's teardown (`cli.main`): all it printed is out first."""
    po = polib.pofile(str(catalog(letter_project, "es")))
    for entry in po:  # a finding per entry, more output than one write; a lost note call fails the check
        entry.msgstr = entry.msgstr.replace("[^", "[^9") + " 1234"
    po.save()
    command = [sys.executable, "-m", "toolkit", "-C", str(letter_project)]
    checked = subprocess.run([*command, "check", "--lang", "es", "--json"], capture_output=True, text=True)
    assert checked.returncode == 1 and len(checked.stdout) > 8192, checked.stderr
    assert checked.stdout == run(letter_project, "check", "--lang", "es", "--json").stdout
    refused = subprocess.run([*command, "build", "--lang", "xx"], capture_output=True, text=True)
    assert refused.returncode == 2 and refused.stdout == ""
    assert refused.stderr.startswith("Error: unknown language 'xx'") and refused.stderr.count("\n") == 1


def test_export_and_import_round_trip_through_the_command_line(letter_project: Path, run: Run):
    po = catalog(letter_project, "es")
    shipped = po.read_bytes()
    assert run(letter_project, "export", "--lang", "es").output == "outputs/es/letter.xlf: 85 units\n"
    tmx = run(letter_project, "export", "--lang", "es", "--format", "tmx", "--out", str(letter_project / "memory.tmx"))
    assert tmx.exit_code == 0 and (letter_project / "memory.tmx").exists()
    assert_valid_exchange(letter_project / "outputs/es/letter.xlf")
    assert_valid_exchange(letter_project / "memory.tmx")
    po.unlink()
    run(letter_project, "init", "--lang", "es")
    result = run(letter_project, "import", "--lang", "es", str(letter_project / "outputs/es/letter.xlf"))
    assert result.exit_code == 0, result.output
    assert result.stdout == "locale/es/LC_MESSAGES/letter.po: 85 translated, 0 fuzzy, 0 unchanged\n"
    restored = {e.msgctxt: e.msgstr for e in polib.pofile(str(po))}
    assert restored == {e.msgctxt: e.msgstr for e in polib.pofile(shipped.decode("utf-8"))}


def test_import_of_a_plain_text_translation_reports_what_it_could_not_align(appeal_project: Path, run: Run):
    run(appeal_project, "init", "--lang", "es")
    existing = appeal_project / "existing.txt"
    text = (REPO / "tests/data/appeal/existing-es.txt").read_text(encoding="utf-8")
    existing.write_text(text.replace("[4] Esta carta", "[5] Esta carta"), encoding="utf-8")
    result = run(appeal_project, "import", "--lang", "es", str(existing))
    assert result.exit_code == 0
    assert "existing.txt: note 4 of the source (seeds/appeal.txt:35) is not in the translation" in result.stderr
    assert "existing.txt:35: note 5 is not in the source" in result.stderr
    assert result.stdout.startswith("locale/es/LC_MESSAGES/appeal.po: 0 translated, 18 fuzzy")


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["import", "--lang", "es", "missing.xlf"], "missing.xlf: no such file to import"),
        (["export", "--lang", "zz"], "unknown language 'zz'"),
        (["export", "--lang", "es", "--seed", "nope"], "no seed named 'nope'"),
    ],
    ids=["missing-file", "unknown-lang", "unknown-seed"],
)
def test_bad_exchange_requests_are_one_line(letter_project: Path, run: Run, args, expected):
    before = snapshot(letter_project)
    assert expected in one_error_line(run(letter_project, *args))
    assert snapshot(letter_project) == before


@pytest.mark.parametrize(("name", "expected"), [("nowhere", "no such project folder"), ("a-file", "not a folder")])
def test_a_project_folder_that_is_not_one_is_one_line(tmp_path: Path, run: Run, name, expected):
    (tmp_path / "a-file").write_text("", "utf-8")
    for command in (["build"], ["extract"], ["check"]):
        assert one_error_line(run(tmp_path / name, *command)) == f"Error: {tmp_path / name}: {expected}"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file"]
