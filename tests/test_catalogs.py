"""Tests for toolkit.catalogs.store, on real files with real polib, msgcat and msgfmt."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from msgspec.structs import replace

from toolkit.catalogs import pofile as poformat
from toolkit.catalogs import store as catalogs
from toolkit.document.model import NoteRef, Segment, word_count
from toolkit.errors import ToolkitError

from .catalog_files import update_catalog, write_template
from .conftest import REPO

LONG = (
    "Las organizaciones reiteran su oposición al plan. Lamentamos profundamente la "
    "decisión del gobierno mexicano de colaborar con la agenda xenófoba y antiinmigrante "
    "de la administración de Trump, como “Tercer País Seguro” o “Quédate en México”, "
    "que se negocian entre ambos gobiernos; ¿qué dirá el Instituto Nacional de Migración?"
)


def seg(key: str, text: str, line: int = 1, comment: str = "Body paragraph.") -> Segment:
    return Segment(key=key, content=(text,), line=line, comment=comment, source="seeds/letter.txt")


def gnu(*args: str | Path) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([str(arg) for arg in args], capture_output=True, check=False)


def assert_gnu_clean(path: Path) -> None:
    """The file is what msgcat would write, and msgfmt --check accepts it."""
    assert gnu("msgcat", path).stdout == path.read_bytes()
    check = gnu("msgfmt", "--check", "-o", "/dev/null", path)
    assert check.returncode == 0, check.stderr.decode()


@pytest.fixture
def fixed_date(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1545264000")  # 2018-12-20 00:00 UTC
    return "2018-12-20 00:00+0000"


@pytest.fixture
def project(tmp_path: Path, fixed_date: str) -> Path:
    segments = [
        seg("title", "Open Letter to the Mexican Government", 1, "Title of the letter."),
        seg("body:p1", "We profoundly lament the decision.", 5),
        seg("body:p2", "Mexico has the sovereign right to define its own migration policy.", 7),
        seg("body:p3", "Currently there is confusion among the declarations.", 9),
    ]
    write_template(segments, tmp_path / "locale" / "letter.pot", "letter")
    return tmp_path


def translate(path: Path, values: dict[str, str], fuzzy: tuple[str, ...] = ()) -> None:
    catalog = catalogs.read_catalog(path)
    entries = []
    for entry in catalog:
        if entry.msgctxt in values:
            entry = replace(entry, msgstr=values[entry.msgctxt])
        if entry.msgctxt in fuzzy:
            entry = replace(entry, flags=(*entry.flags, "fuzzy"))
        entries.append(entry)
    path.write_bytes(poformat.format_catalog(catalog.with_entries(entries)))


def obsolete(catalog: poformat.Catalog) -> list[poformat.Entry]:
    return [entry for entry in catalog if entry.obsolete]


def find(catalog: poformat.Catalog, msgid: str, msgctxt: str) -> poformat.Entry | None:
    return next((e for e in catalog if (e.msgctxt, e.msgid) == (msgctxt, msgid) and not e.obsolete), None)


def retemplate(root: Path, segments: list[Segment]) -> Path:
    template = root / "locale" / "letter.pot"
    write_template(segments, template, "letter")
    return template


# -- The template ---------------------------------------------------------------


def test_template_header_and_entries(project: Path, fixed_date: str) -> None:
    text = (project / "locale" / "letter.pot").read_text(encoding="utf-8")
    assert text.startswith("# SOME DESCRIPTIVE TITLE.\n")
    assert '#, fuzzy\nmsgid ""\nmsgstr ""\n"Project-Id-Version: letter\\n"\n' in text
    for field in (
        f"POT-Creation-Date: {fixed_date}",
        "PO-Revision-Date: YEAR-MO-DA HO:MI+ZONE",
        "Language: ",
        "Content-Type: text/plain; charset=UTF-8",
        "Content-Transfer-Encoding: 8bit",
        "Report-Msgid-Bugs-To: ",
        "MIME-Version: 1.0",
    ):
        assert f'"{field}\\n"\n' in text
    assert (
        "#. Body paragraph.\n#: seeds/letter.txt:5\n"
        'msgctxt "body:p1"\nmsgid "We profoundly lament the decision."\nmsgstr ""\n'
    ) in text
    assert text.index('"title"') < text.index('"body:p1"') < text.index('"body:p3"')
    assert_gnu_clean(project / "locale" / "letter.pot")


def test_template_keeps_note_tokens(tmp_path: Path, fixed_date: str) -> None:
    segment = Segment("body:p4", ("dollars", NoteRef(8), " for"), 3, "Body.", "seeds/x.txt")
    write_template([segment], tmp_path / "x.pot", "x")
    assert 'msgid "dollars[^8] for"' in (tmp_path / "x.pot").read_text(encoding="utf-8")


def test_template_is_idempotent_without_epoch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    path = tmp_path / "letter.pot"
    segments = [seg("body:p1", LONG)]
    assert write_template(segments, path, "letter") is True
    first, mtime = path.read_bytes(), path.stat().st_mtime_ns
    time.sleep(0.01)
    assert write_template(segments, path, "letter") is False
    assert path.read_bytes() == first and path.stat().st_mtime_ns == mtime
    assert write_template([*segments, seg("body:p2", "More.")], path, "letter") is True


def test_template_date_from_source_date_epoch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "letter.pot"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    write_template([seg("title", "Hello")], path, "letter")
    assert '"POT-Creation-Date: 1970-01-01 00:00+0000\\n"' in path.read_text(encoding="utf-8")
    assert write_template([seg("title", "Hello")], path, "letter") is False
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "86400")
    assert write_template([seg("title", "Hello")], path, "letter") is True
    assert "1970-01-02 00:00+0000" in path.read_text(encoding="utf-8")


# -- GNU-identical output -------------------------------------------------------

AWKWARD = [
    LONG,
    LONG.replace("; ", ";\n"),
    "Line one\nLine two\n",
    'She said “no” and \\ wrote "yes" in a path C:\\temp\\new — twice.\n' * 3,
    "A short one ending in a newline\n",
    "self-evident, anti-immigrant asylum-seekers (U.S.) e.g. http://example.org/a/b?x=1 " * 3,
    "Exactly " + "x" * 70,
    "日本語のテキストはとても長い行になることがあります。" * 3,
    "",
]


def test_output_is_byte_identical_to_msgcat(project: Path) -> None:
    template = retemplate(project, [seg(f"body:p{n}", text, n) for n, text in enumerate(AWKWARD)])
    assert_gnu_clean(template)
    catalog = project / "locale" / "es" / "LC_MESSAGES" / "letter.po"
    catalogs.init_catalog(template, "es", catalog)
    translate(catalog, {f"body:p{n}": text[::-1] for n, text in enumerate(AWKWARD)}, fuzzy=("body:p2",))
    retemplate(project, [seg(f"body:p{n}", text + " Añadido.", n) for n, text in enumerate(AWKWARD[:4])])
    update_catalog(template, catalog)
    text = catalog.read_text(encoding="utf-8")
    assert "#| msgid" in text and "#~ msgid" in text
    assert_gnu_clean(catalog)


def test_wrap_matches_gnu_for_many_strings(tmp_path: Path) -> None:
    words = [
        "organizations",
        "López",
        "“Remain",
        "Mexico”",
        "—",
        "–",
        "1,000",
        "U.S.",
        "[^7]",
        "¿qué?",
        "a/b",
        '"quoted"',
        "back\\slash",
        "end.",
        "self-evident",
        "\n",
        "…",
        "50%",
    ]
    entries = []
    for n in range(300):
        text = " ".join(words[(n * 7 + i * i) % len(words)] for i in range(n % 45 + 1))
        entries.append(poformat.Entry(msgctxt=f"k{n}", msgid=text, msgstr=text.upper()))
    catalog = poformat.Catalog(tuple(entries), {"Content-Type": "text/plain; charset=UTF-8"})
    path = tmp_path / "many.po"
    path.write_bytes(poformat.format_catalog(catalog))
    assert gnu("msgcat", path).stdout == path.read_bytes()


# -- init -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "team", "plural"),
    [
        # Babel 2.19 follows CLDR 46: Spanish and Portuguese have a third
        # form for millions ("1 millón de …"); German keeps the classic two.
        ("es", "Spanish", "nplurals=3; plural=(n == 1 ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2);"),
        (
            "pt_BR",
            "Portuguese (Brazil)",
            "nplurals=3; plural=(n == 0 || n == 1) ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2;",
        ),
        ("de", "German", "nplurals=2; plural=(n != 1);"),
        ("ja", "Japanese", "nplurals=1; plural=0;"),
    ],
)
def test_init_header(project: Path, fixed_date: str, lang: str, team: str, plural: str) -> None:
    catalog = project / "locale" / lang / "LC_MESSAGES" / "letter.po"
    catalogs.init_catalog(project / "locale" / "letter.pot", lang, catalog)
    po = catalogs.read_catalog(catalog)
    assert po.metadata["Language"] == lang
    assert po.metadata["Language-Team"] == team
    assert po.metadata["Plural-Forms"] == plural
    assert po.metadata["Content-Type"] == "text/plain; charset=UTF-8"
    assert po.metadata["PO-Revision-Date"] == po.metadata["POT-Creation-Date"] == fixed_date
    assert not po.header_flags
    assert [entry.msgctxt for entry in po] == ["title", "body:p1", "body:p2", "body:p3"]
    assert_gnu_clean(catalog)


def test_init_refuses_to_overwrite(project: Path) -> None:
    catalog = project / "locale" / "es" / "LC_MESSAGES" / "letter.po"
    catalogs.init_catalog(project / "locale" / "letter.pot", "es", catalog)
    translate(catalog, {"title": "Carta abierta"})
    before = catalog.read_bytes()
    with pytest.raises(ToolkitError, match="exists"):
        catalogs.init_catalog(project / "locale" / "letter.pot", "es", catalog)
    assert catalog.read_bytes() == before


@pytest.mark.parametrize("lang", ["zz_QQ", "es_ZZ"])
def test_init_rejects_unknown_language(project: Path, lang: str) -> None:
    """As every verb does (`locales.parse_lang`): Babel's guess of a region it does not know is refused too."""
    with pytest.raises(ToolkitError, match=f"unknown language '{lang}'; use a locale code Babel knows"):
        catalogs.init_catalog(project / "locale" / "letter.pot", lang, project / "zz.po")
    assert not (project / "zz.po").exists()


# -- update ---------------------------------------------------------------------


@pytest.fixture
def spanish(project: Path) -> Path:
    catalog = project / "locale" / "es" / "LC_MESSAGES" / "letter.po"
    catalogs.init_catalog(project / "locale" / "letter.pot", "es", catalog)
    translate(
        catalog,
        {
            "title": "Carta abierta al gobierno mexicano",
            "body:p1": "Lamentamos profundamente la decisión.",
            "body:p2": "México tiene el derecho soberano de definir su propia política migratoria.",
            "body:p3": "Actualmente hay confusión entre las declaraciones.",
        },
    )
    catalog_po = catalogs.read_catalog(catalog)
    first = replace(catalog_po[0], tcomment="Keep it short.")
    catalog.write_bytes(poformat.format_catalog(catalog_po.with_entries([first, *catalog_po.entries[1:]])))
    return catalog


def test_update_without_changes_keeps_the_file(project: Path, spanish: Path) -> None:
    before = spanish.read_bytes()
    report = update_catalog(project / "locale" / "letter.pot", spanish)
    assert (report.kept, report.fuzzied, report.added, report.obsoleted, report.revived) == (4, 0, 0, 0, 0)
    assert report.changed is False and spanish.read_bytes() == before
    assert "4 kept" in report.summary()


def test_update_the_four_cases(project: Path, spanish: Path) -> None:
    template = retemplate(
        project,
        [
            seg("title", "Open Letter to the Mexican Government", 1, "Title of the letter."),
            seg("body:p1", "We deeply lament the decision.", 5),
            seg("body:p3", "Currently there is confusion among the declarations.", 12),
            seg("body:p9", "A wholly new paragraph about something else.", 14),
        ],
    )
    report = update_catalog(template, spanish)
    assert (report.kept, report.fuzzied, report.added, report.obsoleted, report.revived) == (2, 1, 1, 1, 0)
    po = catalogs.read_catalog(spanish)
    by_key = {entry.msgctxt: entry for entry in po if not entry.obsolete}
    assert by_key["title"].tcomment == "Keep it short."
    assert by_key["body:p1"].flags == ("fuzzy",)
    assert by_key["body:p1"].previous_msgid == "We profoundly lament the decision."
    assert by_key["body:p1"].msgstr == "Lamentamos profundamente la decisión."
    assert by_key["body:p3"].occurrences == (("seeds/letter.txt", "12"),)
    assert by_key["body:p9"].msgstr == "" and not by_key["body:p9"].flags
    assert [entry.msgctxt for entry in obsolete(po)] == ["body:p2"]
    assert list(by_key) == ["title", "body:p1", "body:p3", "body:p9"]
    text = spanish.read_text(encoding="utf-8")
    assert '#, fuzzy\n#| msgctxt "body:p1"\n#| msgid "We profoundly lament the decision."\nmsgctxt "body:p1"\n' in text
    assert text.rstrip().endswith(
        '#~ msgstr ""\n#~ "México tiene el derecho soberano de definir su propia política migratoria."'
    )
    assert_gnu_clean(spanish)


def test_update_takes_the_same_words_in_another_role(project: Path, spanish: Path) -> None:
    """A paragraph made a list item (another key prefix) keeps its translation, fuzzy for the new role."""
    template = retemplate(
        project,
        [
            seg("title", "Open Letter to the Mexican Government"),
            seg("body:p1", "We profoundly lament the decision.", 5),
            seg("item:p2", "Mexico has the sovereign right to define its own migration policy.", 7),
            seg("body:p3", "Currently there is confusion among the declarations.", 9),
        ],
    )
    report = update_catalog(template, spanish)
    assert (report.fuzzied, report.obsoleted, report.added) == (1, 0, 0)
    item = find(
        catalogs.read_catalog(spanish), "Mexico has the sovereign right to define its own migration policy.", "item:p2"
    )
    assert item is not None and item.msgctxt == "item:p2" and item.fuzzy
    assert item.msgstr.startswith("México tiene") and item.previous_msgctxt == "body:p2"
    assert_gnu_clean(spanish)


def test_update_keeps_oldest_previous_msgid(project: Path, spanish: Path) -> None:
    base = [seg("title", "Open Letter to the Mexican Government")]
    update_catalog(retemplate(project, [*base, seg("body:p1", "We lament the decision.")]), spanish)
    update_catalog(retemplate(project, [*base, seg("body:p1", "We lament that decision.")]), spanish)
    entry = find(catalogs.read_catalog(spanish), "We lament that decision.", msgctxt="body:p1")
    assert entry is not None and entry.previous_msgid == "We profoundly lament the decision."


@pytest.mark.parametrize("previous", [True, False], ids=["naming-its-source", "naming-none"])
def test_update_keeps_the_previous_msgid_of_a_fuzzy_entry_as_msgmerge(
    project: Path, spanish: Path, tmp_path: Path, previous: bool
) -> None:
    """An entry fuzzy already passes on the source it names (or none), under its key or a new one."""
    base = [seg("title", "Open Letter to the Mexican Government")]
    # A typo in a paragraph's first words gives it a new key, which takes the translation as fuzzy.
    typo = [
        *base,
        seg("body:we-profundly", "We profundly lament the decision."),
        seg("body:p3", "There is confusion among the declarations."),
    ]
    update_catalog(retemplate(project, typo), spanish)
    if not previous:  # as a translator's "needs work" marks it: fuzzy, with no #| lines
        catalog = catalogs.read_catalog(spanish)
        spanish.write_bytes(
            poformat.format_catalog(
                catalog.with_entries(replace(e, previous_msgctxt=None, previous_msgid=None) for e in catalog)
            )
        )
    before = tmp_path / "before.po"
    before.write_bytes(spanish.read_bytes())
    # The typo fixed: the old key comes back; p3 is edited again.
    fixed = [*base, seg("body:p1", "We profoundly lament the decision."), seg("body:p3", "There is confusion.")]
    template = retemplate(project, fixed)
    update_catalog(template, spanish)
    assert gnu("msgmerge", "--previous", "--quiet", "-o", "-", before, template).stdout == spanish.read_bytes()
    entry = find(catalogs.read_catalog(spanish), "We profoundly lament the decision.", msgctxt="body:p1")
    assert entry is not None and entry.fuzzy
    assert entry.previous_msgid == ("We profoundly lament the decision." if previous else None)


def test_update_fuzzy_match_across_key_change(project: Path, spanish: Path) -> None:
    template = retemplate(
        project,
        [
            seg("title", "Open Letter to the Mexican Government"),
            seg("body:p1", "We profoundly lament the decision.", 5),
            seg("body:p3", "Currently there is confusion among the declarations.", 9),
            seg("body:p7", "Mexico has the sovereign right to define its migration policy.", 7),
            seg("closing:p1", "Currently there is confusion among declarations.", 20),
        ],
    )
    report = update_catalog(template, spanish)
    assert (report.fuzzied, report.obsoleted, report.added) == (1, 0, 1)
    po = catalogs.read_catalog(spanish)
    moved = find(po, "Mexico has the sovereign right to define its migration policy.", msgctxt="body:p7")
    assert moved is not None and moved.fuzzy
    assert moved.msgstr.startswith("México tiene")
    assert (moved.previous_msgctxt, moved.previous_msgid) == (
        "body:p2",
        "Mexico has the sovereign right to define its own migration policy.",
    )
    other = find(po, "Currently there is confusion among declarations.", msgctxt="closing:p1")
    assert other is not None and other.msgstr == ""  # other key prefix: no match
    assert not obsolete(po)
    assert '#| msgctxt "body:p2"\n' in spanish.read_text(encoding="utf-8")
    assert_gnu_clean(spanish)


def test_update_revives_obsolete_entry(project: Path, spanish: Path) -> None:
    full = [(e.msgctxt, e.msgid) for e in catalogs.read_catalog(project / "locale" / "letter.pot") if e.msgctxt]
    retemplate(project, [seg(key, text) for key, text in full if key != "body:p2"])
    update_catalog(project / "locale" / "letter.pot", spanish)
    assert [e.msgctxt for e in obsolete(catalogs.read_catalog(spanish))] == ["body:p2"]
    report = update_catalog(retemplate(project, [seg(k, t) for k, t in full]), spanish)
    assert (report.revived, report.obsoleted, report.kept) == (1, 0, 3)
    po = catalogs.read_catalog(spanish)
    assert not obsolete(po)
    revived = find(po, full[2][1], msgctxt="body:p2")
    assert revived is not None and revived.msgstr.startswith("México")
    assert_gnu_clean(spanish)


def test_update_drops_untranslated_and_keeps_flags(project: Path, spanish: Path) -> None:
    translate(spanish, {"body:p3": ""}, fuzzy=("body:p1",))
    template = retemplate(
        project,
        [seg("title", "Open Letter to the Mexican Government"), seg("body:p1", "We profoundly lament the decision.")],
    )
    report = update_catalog(template, spanish)
    po = catalogs.read_catalog(spanish)
    assert [e.msgctxt for e in obsolete(po)] == ["body:p2"]  # p3 was untranslated
    assert po[1].fuzzy and report.obsoleted == 1
    assert catalogs.translations(spanish) == {
        "title": ("Carta abierta al gobierno mexicano", False),
        "body:p1": ("Lamentamos profundamente la decisión.", True),
    }


def test_update_header_takes_template_date(project: Path, spanish: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1600000000")
    template = retemplate(project, [seg("title", "Open Letter")])
    update_catalog(template, spanish)
    meta = catalogs.read_catalog(spanish).metadata
    assert meta["POT-Creation-Date"] == "2020-09-13 12:26+0000"
    assert meta["PO-Revision-Date"] == "2018-12-20 00:00+0000" and meta["Language"] == "es"


def test_update_merges_a_large_catalog_by_key(tmp_path: Path, fixed_date: str) -> None:
    # Speed is measured by the benchmarks; this proves the merge at scale.
    words = "the of and to in that it is was for on are as with his they at be this from".split()
    texts = [" ".join(words[(i * k) % len(words)] for k in range(1, 12)) + f" {i}." for i in range(3000)]
    template = tmp_path / "big.pot"
    write_template([seg(f"body:p{i}", text, i) for i, text in enumerate(texts)], template, "big")
    catalog = tmp_path / "es.po"
    catalogs.init_catalog(template, "es", catalog)
    translate(catalog, {f"body:p{i}": text.upper() for i, text in enumerate(texts)})
    changed = [seg(f"body:p{i}", text + (" More." if i % 10 == 0 else ""), i) for i, text in enumerate(texts)]
    changed[100:200] = [seg(f"body:q{i}", texts[i], i) for i in range(100, 200)]
    write_template(changed, template, "big")
    report = update_catalog(template, catalog)
    assert report.fuzzied == 300 - 10 + 100 and report.obsoleted == 0


# -- Reading malformed input ----------------------------------------------------


GOOD = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

msgctxt "title"
msgid "Open Letter"
msgstr "Carta abierta"

msgctxt "body:p1"
msgid "We lament."
msgstr "Lamentamos."
"""


@pytest.mark.parametrize(
    ("bad", "line", "message"),
    [
        (GOOD.replace('"Carta abierta"', '"Carta abierta'), 7, "unterminated"),
        (GOOD.replace('msgstr "Lamentamos."', 'msgstr "Lamentamos."\nstray words'), 12, "unexpected line"),
        (GOOD.replace('"body:p1"\nmsgid "We lament."', '"title"\nmsgid "Open Letter"'), 9, "duplicate"),
        (GOOD.replace('msgid "We lament."', 'msgid "We lament."\nmsgid "Again."'), 11, "syntax error"),
    ],
    ids=["unterminated", "stray", "duplicate", "polib-syntax"],
)
def test_malformed_catalog_is_refused(project: Path, tmp_path: Path, bad: str, line: int, message: str) -> None:
    path = tmp_path / "bad.po"
    path.write_text(bad, encoding="utf-8")
    before = path.read_bytes()
    with pytest.raises(ToolkitError, match=message) as caught:
        update_catalog(project / "locale" / "letter.pot", path)
    assert (caught.value.path, caught.value.line) == (str(path), line)
    assert str(caught.value).startswith(f"{path}:{line}: ")
    assert path.read_bytes() == before


def test_invalid_utf8_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.po"
    path.write_bytes(GOOD.replace("Lamentamos.", "Lamentamos \xe9.").encode("latin-1"))
    with pytest.raises(ToolkitError, match="not UTF-8") as caught:
        catalogs.read_catalog(path)
    assert caught.value.line == 11


def test_missing_catalog(tmp_path: Path) -> None:
    with pytest.raises(ToolkitError, match=r"no such catalog; run `toolkit init --lang pt_BR`"):
        catalogs.read_catalog(tmp_path / "locale" / "pt_BR" / "LC_MESSAGES" / "letter.po")


def test_good_catalog_reads(tmp_path: Path) -> None:
    path = tmp_path / "good.po"
    path.write_text(GOOD + '\n#~ msgctxt "old"\n#~ msgid "Old"\n#~ msgstr "Viejo"\n', encoding="utf-8")
    assert catalogs.translations(path) == {"title": ("Carta abierta", False), "body:p1": ("Lamentamos.", False)}


# -- Statistics -----------------------------------------------------------------


def test_stats(project: Path, spanish: Path) -> None:
    translate(spanish, {"body:p3": ""}, fuzzy=("body:p1",))
    retemplate(
        project,
        [
            seg("title", "Open Letter to the Mexican Government"),
            seg("body:p1", "We profoundly lament the decision."),
            seg("body:p3", "Currently there is confusion among the declarations."),
        ],
    )
    update_catalog(project / "locale" / "letter.pot", spanish)  # p2 becomes obsolete
    stats = catalogs.catalog_stats(spanish)
    assert (stats.translated, stats.fuzzy, stats.untranslated) == (1, 1, 1)
    assert (stats.translated_words, stats.fuzzy_words, stats.untranslated_words) == (6, 5, 7)
    assert stats.percent_translated == pytest.approx(100 / 3)


@given(st.text(st.characters(codec="utf-8", max_codepoint=0x2FFF), max_size=60))
def test_a_word_is_a_run_between_spaces_with_a_letter_or_digit(text: str) -> None:
    """Below the kana and ideographs (each a word of its own), as Word and translators' tools count."""
    text = text.replace("[^", "").replace("<", "")  # no note tokens or placeholders, which are not words
    assert word_count(text) == sum(1 for run in text.split() if any(c.isalnum() for c in run))


def test_the_fast_readers_read_what_polib_reads(tmp_path: Path) -> None:
    """Our two parsers and polib's agree on every field of the shipped catalogs and template."""
    import polib

    from toolkit.catalogs.pofile import parse_catalog, parse_gnu_catalog

    fields = ("msgctxt", "msgid", "msgstr", "tcomment", "comment", "obsolete")
    for path in [*REPO.glob("locale/*/LC_MESSAGES/*.po"), *REPO.glob("locale/*.pot")]:
        text = path.read_text("utf-8")
        ours, theirs = parse_catalog(text), polib.pofile(Lines(text), check_for_duplicates=False)
        assert ours.header == theirs.header and ours.metadata == theirs.metadata
        assert [[getattr(e, f) for f in fields] for e in ours] == [[getattr(e, f) for f in fields] for e in theirs]
        assert [(list(e.occurrences), list(e.flags), e.line) for e in ours] == [
            (e.occurrences, e.flags, e.linenum) for e in theirs
        ]
        # The msgstr line it records is the one the keyword is on.
        lines = text.split("\n")
        assert all(lines[e.msgstr_line - 1].startswith("msgstr") for e in ours)
        # The files are in GNU's layout, which the quickest reader reads alike.
        quick = parse_gnu_catalog(text)
        assert quick is not None and (quick.header, quick.metadata) == (ours.header, ours.metadata)
        assert list(quick) == list(ours)


class Lines(str):
    """Catalog text that polib splits at newlines only, as GNU does (not at U+2028 and the like)."""

    def splitlines(self, keepends: bool = False) -> list[str]:
        return [line + "\n" for line in self.split("\n")] if keepends else self.split("\n")


def test_a_catalog_with_plural_entries_is_read_and_written_as_gnu_does(tmp_path: Path) -> None:
    path = tmp_path / "plural.po"
    path.write_text(
        'msgid ""\nmsgstr "Language: es\\nContent-Type: text/plain; charset=UTF-8\\n"\n'
        '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
        '#, fuzzy\n#| msgid "a note"\n#| msgid_plural "%d notes"\nmsgid "one note"\nmsgid_plural "%d notes"\n'
        'msgstr[0] "una nota"\nmsgstr[1] "%d notas"\n\n'
        '#~ msgid "one page"\n#~ msgid_plural "%d pages"\n#~ msgstr[0] "una página"\n#~ msgstr[1] "%d páginas"\n',
        encoding="utf-8",
    )
    import polib

    entry, obsolete = catalogs.read_catalog(path)
    assert entry.msgid_plural == "%d notes" and entry.msgstr_plural == ("una nota", "%d notas")
    assert entry.previous_msgid_plural == "%d notes" and obsolete.obsolete
    theirs = polib.pofile(Lines(path.read_text("utf-8")))
    fields = ("msgid", "msgid_plural", "previous_msgid", "previous_msgid_plural", "obsolete")
    assert [[getattr(e, f) for f in fields] for e in (entry, obsolete)] == [
        [getattr(e, f) for f in fields] for e in theirs
    ]
    assert [(e.msgstr_plural, list(e.flags)) for e in (entry, obsolete)] == [
        (tuple(e.msgstr_plural[i] for i in sorted(e.msgstr_plural)), e.flags) for e in theirs
    ]
    assert poformat.format_catalog(catalogs.read_catalog(path)) == gnu("msgcat", path).stdout
