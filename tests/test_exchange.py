"""XLIFF and TMX exchange: real catalogs and real files on disk, checked with GNU gettext."""

from __future__ import annotations

import subprocess
from importlib.metadata import version
from pathlib import Path

import polib
import pytest
from lxml import etree
from msgspec.structs import replace
from translate.convert import xliff2po
from translate.storage import po, xliff

from toolkit.catalogs import store as catalogs
from toolkit.catalogs.exchange import export_catalog, import_exchange
from toolkit.catalogs.pofile import Entry
from toolkit.commands.catalog import Project, extract
from toolkit.errors import ToolkitError

from .conftest import Run, assert_valid_exchange


def fresh_catalog(root: Path, name: str) -> Path:
    """Create an untranslated Spanish catalog of the letter at ROOT/NAME."""
    extract(Project(root))
    path = root / name
    catalogs.init_catalog(root / "locale" / "letter.pot", "es", path)
    return path


def entries(path: Path) -> dict[str, Entry]:
    return {e.msgctxt: e for e in catalogs.read_catalog(path) if not e.obsolete and e.msgctxt}


def assert_gnu_clean(path: Path) -> None:
    """The catalog passes `msgfmt --check` and `msgcat` leaves it byte for byte."""
    subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], check=True, capture_output=True)
    written = subprocess.run(["msgcat", str(path)], check=True, capture_output=True).stdout
    assert written == path.read_bytes()


@pytest.fixture
def spanish(letter_project: Path) -> Path:
    return letter_project / "locale" / "es" / "LC_MESSAGES" / "letter.po"


@pytest.mark.parametrize("fmt", ["xliff", "tmx"])
def test_round_trip_gives_back_every_translation(letter_project: Path, spanish: Path, fmt: str) -> None:
    out = letter_project / f"letter.es.{fmt}"
    exported = export_catalog(spanish, fmt, out, "en", "es")  # type: ignore[arg-type]
    assert exported.units == len(entries(spanish)) and exported.changed
    assert_valid_exchange(out)
    fresh = fresh_catalog(letter_project, "fresh.po")

    report = import_exchange(out, fresh)

    original = {key: e.msgstr for key, e in entries(spanish).items()}
    assert {key: e.msgstr for key, e in entries(fresh).items()} == original
    assert (report.translated, report.fuzzy, report.conflicts, report.unknown) == (len(original), 0, (), ())
    assert any("[^" in text for text in original.values())
    assert_gnu_clean(fresh)
    # Importing again changes nothing, and exporting again writes the same bytes.
    before = fresh.read_bytes()
    again = import_exchange(out, fresh)
    assert not again.changed and again.unchanged == len(original) and fresh.read_bytes() == before
    assert not export_catalog(spanish, fmt, out, "en", "es").changed  # type: ignore[arg-type]


def mark(path: Path, fuzzy: dict[str, str | None], untranslated: tuple[str, ...] = ()) -> None:
    """Make the entries keyed in FUZZY fuzzy, each with its previous msgid, and empty those in UNTRANSLATED."""
    catalog = polib.pofile(str(path))
    for entry in catalog:
        if entry.msgctxt in fuzzy:
            entry.flags.append("fuzzy")
            entry.previous_msgid = fuzzy[entry.msgctxt]
        if entry.msgctxt in untranslated:
            entry.msgstr = ""
    catalog.save(str(path))


def test_xliff_carries_state_notes_and_original(letter_project: Path, spanish: Path) -> None:
    mark(spanish, {"title": None, "label:notes": "Footnotes"}, untranslated=("creator",))
    out = letter_project / "letter.xliff"
    export_catalog(spanish, "xliff", out, "en", "es")
    text = out.read_text("utf-8")

    assert_valid_exchange(out)
    assert '<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2">' in text
    assert 'original="seeds/letter.txt" source-language="en"' in text and 'target-language="es"' in text
    assert text.count('<target state="needs-translation" state-qualifier="fuzzy-match">') == 2
    assert '<target state="new"></target>' in text
    assert text.count('<target state="translated">') == text.count('approved="yes"') == len(entries(spanish)) - 3
    assert '<note from="translator">Photo credit kept as in the source.</note>' in text
    assert '<note from="developer">Title of the document, from the sidecar.</note>' in text
    # A fuzzy entry's previous source, as the Translate Toolkit's po2xliff writes `#| msgid`, and said in a note.
    assert '<alt-trans xml:space="preserve" origin="previous" xml:lang="es"><source>Footnotes</source>' in text
    assert '<note from="toolkit">The source text changed; the translation was made for: Footnotes</note>' in text
    assert "xliff:document:1.1" not in text


def test_other_tools_read_the_states_as_the_catalog_has_them(letter_project: Path, spanish: Path) -> None:
    fuzzy = {key for key in entries(spanish) if key.startswith("paragraph")}
    mark(spanish, dict.fromkeys(fuzzy, "An older text."), untranslated=("creator",))
    out = letter_project / "letter.xlf"
    export_catalog(spanish, "xliff", out, "en", "es")

    # The Translate Toolkit's reader (Weblate's too): finished is approved, fuzzy is not.
    store = xliff.xlifffile.parsefile(str(out))
    units = {unit.xmlelement.get("id"): unit for unit in store.units}
    assert {key for key, unit in units.items() if unit.isfuzzy()} == fuzzy
    assert all(unit.isapproved() for key, unit in units.items() if key not in fuzzy | {"creator"})
    assert [alt.source for alt in units[min(fuzzy)].getalttrans(origin="previous")] == ["An older text."]
    # Weblate takes these target states, and no others, as needing edit.
    weblate_needs_edit = {"new", "needs-translation", "needs-adaptation", "needs-l10n"}
    states = {key: unit.xmlelement.find(unit.namespaced("target")).get("state") for key, unit in units.items()}
    assert {key for key, state in states.items() if state in weblate_needs_edit} == fuzzy | {"creator"}
    # xliff2po gives back as many fuzzy entries as the catalog has.
    converted = letter_project / "converted.po"
    with out.open("rb") as source, converted.open("wb") as target:
        xliff2po.convertxliff(source, target, None)
    back = po.pofile.parsefile(str(converted))
    assert sum(unit.isfuzzy() for unit in back.units if not unit.isheader()) == len(fuzzy)
    # Our own import reads them back as they were: nothing changes.
    assert not import_exchange(out, spanish).changed


def test_tmx_holds_only_finished_translations(letter_project: Path, spanish: Path) -> None:
    catalog = catalogs.read_catalog(spanish)
    fuzzy = replace(catalog[0], flags=(*catalog[0].flags, "fuzzy"))
    catalogs.write_catalog(catalog.with_entries([fuzzy, *catalog.entries[1:]]), spanish)
    out = letter_project / "letter.tmx"
    report = export_catalog(spanish, "tmx", out, "en", "es_MX")
    text = out.read_text("utf-8")
    assert_valid_exchange(out)
    assert (report.units, report.skipped) == (len(catalog) - 1, 1)
    assert f'tuid="{catalog[0].msgctxt}"' not in text and f'tuid="{catalog[1].msgctxt}"' in text
    assert '<tmx version="1.4">' in text and '<tuv xml:lang="es-MX">' in text and 'srclang="en"' in text


MEMOQ_XLIFF = """\
<?xml version="1.0" encoding="utf-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2" xmlns:mq="MQXliff">
  <file original="seeds/letter.txt" source-language="en-US" target-language="es-MX"
        datatype="plaintext" mq:docid="8a1f" tool-id="memoQ">
    <header>
      <tool tool-id="memoQ" tool-name="memoQ" tool-version="10.2"/>
      <note>Delivered by the agency.</note>
    </header>
    <body>
      <group id="g1" restype="x-paragraph">
        <trans-unit id="label:notes" resname="label:notes" mq:status="ManuallyConfirmed" xml:space="preserve">
          <source>Notes</source>
          <target state="needs-review-translation">Notas al pie</target>
          <note from="translator">unsure</note>
        </trans-unit>
        <trans-unit id="{note_key}" xml:space="preserve" mq:segmentguid="c0ffee">
          <source>{note_source}</source>
          <target state="translated">{note_target}</target>
          <alt-trans match-quality="75"><target>Not this one</target></alt-trans>
        </trans-unit>
        <trans-unit id="42" resname="{credit_key}" translate="yes">
          <source>{credit_source}</source>
          <target state="signed-off">{credit_target}</target>
        </trans-unit>
        <trans-unit id="nowhere:in-the-catalog">
          <source>Gone</source>
          <target>Ido</target>
        </trans-unit>
        <trans-unit id="{lost_key}">
          <source>{lost_source}</source>
          <target state="translated">Texto<x id="1"/></target>
        </trans-unit>
      </group>
    </body>
  </file>
</xliff>
"""


def test_import_xliff_written_by_a_cat_tool(letter_project: Path) -> None:
    fresh = fresh_catalog(letter_project, "fresh.po")
    current = entries(fresh)
    note_key = next(key for key, e in current.items() if "[^" in e.msgid)
    note_source = current[note_key].msgid
    token = note_source[note_source.index("[^") : note_source.index("]", note_source.index("[^")) + 1]
    credit_key = next(key for key in current if key.startswith("credit:"))
    lost_key = next(key for key in current if key not in (note_key, credit_key, "label:notes"))
    xml = MEMOQ_XLIFF.format(
        note_key=note_key,
        # The tool protected the token as a placeholder: its text is the token.
        note_source=note_source.replace(token, f'<ph id="1">{token}</ph>'),
        note_target=f'Traducción<ph id="1">{token}</ph> del texto',
        credit_key=credit_key,
        credit_source=current[credit_key].msgid,
        credit_target="REUTERS / J. Cabrera",
        lost_key=lost_key,
        lost_source=current[lost_key].msgid,
    )
    path = letter_project / "from-memoq.xlf"
    path.write_text(xml, encoding="utf-8")

    report = import_exchange(path, fresh)

    after = entries(fresh)
    assert after["label:notes"].msgstr == "Notas al pie" and "fuzzy" in after["label:notes"].flags
    assert after[note_key].msgstr == f"Traducción{token} del texto" and "fuzzy" not in after[note_key].flags
    # A renumbered id still matches by resname.
    assert after[credit_key].msgstr == "REUTERS / J. Cabrera"
    assert after[lost_key].msgstr == ""
    assert (report.translated, report.fuzzy, report.unknown) == (2, 1, ("nowhere:in-the-catalog",))
    assert len(report.skipped) == 1 and lost_key in report.skipped[0] and "<x/>" in report.skipped[0]
    assert_gnu_clean(fresh)


TMX = """\
<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tmx SYSTEM "tmx14.dtd">
<tmx version="1.4">
  <header creationtool="OmegaT" creationtoolversion="6.0.0" segtype="sentence" o-tmf="OmegaT TMX"
          adminlang="EN-US" srclang="EN-US" datatype="plaintext"/>
  <body>
    <tu tuid="label:notes">
      <prop type="file">letter.txt</prop>
      <tuv xml:lang="EN-US"><seg>Notes</seg></tuv>
      <tuv xml:lang="es-MX" creationid="ana" changedate="20240102T101010Z"><seg>Notas</seg></tuv>
    </tu>
    <tu>
      <prop type="x-context">{key}</prop>
      <tuv xml:lang="en-us"><seg>{source}</seg></tuv>
      <tuv xml:lang="fr-FR"><seg>Texte français</seg></tuv>
      <tuv xml:lang="ES-mx"><seg>Texto en español</seg></tuv>
    </tu>
  </body>
</tmx>
"""


def test_import_tmx_from_another_tool(letter_project: Path) -> None:
    fresh = fresh_catalog(letter_project, "fresh.po")
    key, entry = next((k, e) for k, e in entries(fresh).items() if k.startswith("paragraph"))
    path = letter_project / "memory.tmx"
    path.write_text(TMX.format(key=key, source=entry.msgid), encoding="utf-8")

    report = import_exchange(path, fresh)

    after = entries(fresh)
    assert after["label:notes"].msgstr == "Notas" and after[key].msgstr == "Texto en español"
    assert not after[key].flags and (report.translated, report.fuzzy) == (2, 0)
    assert_gnu_clean(fresh)


def test_tmx_for_another_language_is_refused(letter_project: Path) -> None:
    fresh = fresh_catalog(letter_project, "fresh.po")
    before = fresh.read_bytes()
    path = letter_project / "memory.tmx"
    path.write_text(TMX.format(key="x", source="y").replace("es-MX", "de").replace("ES-mx", "de"), encoding="utf-8")
    with pytest.raises(ToolkitError, match=r"no translation into es \(languages found: EN-US, de, en-us, fr-FR\)"):
        import_exchange(path, fresh)
    assert fresh.read_bytes() == before


def test_moved_source_conflict_and_overwrite(letter_project: Path, spanish: Path) -> None:
    out = letter_project / "letter.xliff"
    export_catalog(spanish, "xliff", out, "en", "es")
    assert_valid_exchange(out)
    before = entries(spanish)
    moved_key, kept_key = "label:notes", "title"
    text = out.read_text("utf-8")
    text = text.replace("<source>Notes</source>", "<source>Footnotes</source>")
    text = text.replace('<target state="translated">Notas</target>', '<target state="translated">Notas al pie</target>')
    text = text.replace(f">{before[kept_key].msgstr}</target>", ">Otra carta abierta</target>")
    out.write_text(text, encoding="utf-8")
    catalog = catalogs.read_catalog(spanish)
    changed = []
    for entry in catalog:
        if entry.msgctxt == moved_key:
            entry = replace(entry, msgstr="")
        if entry.msgctxt == "creator":
            entry = replace(entry, flags=(*entry.flags, "fuzzy"))
        changed.append(entry)
    catalogs.write_catalog(catalog.with_entries(changed), spanish)
    catalog_text = spanish.read_text("utf-8").split("\n")

    report = import_exchange(out, spanish)

    after = entries(spanish)
    # The translation was made for an older source text: fuzzy, with that text as previous.
    assert after[moved_key].msgstr == "Notas al pie" and "fuzzy" in after[moved_key].flags
    assert after[moved_key].previous_msgid == "Footnotes" and after[moved_key].msgid == "Notes"
    # A fuzzy entry whose translation comes back finished (reviewed in the tool) is fuzzy no more.
    assert after["creator"].msgstr == before["creator"].msgstr and "fuzzy" not in after["creator"].flags
    assert {c.key for c in report.conflicts} == {kept_key}
    conflict = report.conflicts[0]
    assert after[kept_key].msgstr == before[kept_key].msgstr
    assert catalog_text[conflict.line - 1].startswith("msgstr") and conflict.incoming == "Otra carta abierta"
    assert f"letter.po:{conflict.line}: 'title'" in report.warnings()[0]
    assert_gnu_clean(spanish)

    forced = import_exchange(out, spanish, overwrite=True)
    assert entries(spanish)[kept_key].msgstr == "Otra carta abierta" and forced.changed
    assert_gnu_clean(spanish)


def test_malformed_xml_names_file_and_line(letter_project: Path, spanish: Path) -> None:
    before = spanish.read_bytes()
    path = letter_project / "broken.xlf"
    path.write_text('<?xml version="1.0"?>\n<xliff version="1.2">\n<file>\n<body>\n</file>\n</xliff>\n')
    with pytest.raises(ToolkitError) as caught:
        import_exchange(path, spanish)
    assert caught.value.path == str(path) and caught.value.line == 5
    assert str(caught.value).startswith(f"{path}:5: not well-formed XML")
    assert spanish.read_bytes() == before


def test_wrong_language_and_unknown_format_are_refused(letter_project: Path, spanish: Path) -> None:
    before = spanish.read_bytes()
    french = letter_project / "fr.xlf"
    french.write_text(
        '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'
        '<file original="x" source-language="en" target-language="fr" datatype="plaintext">'
        "<body/></file></xliff>"
    )
    with pytest.raises(ToolkitError, match="translation into fr, the catalog into es"):
        import_exchange(french, spanish)
    other = letter_project / "other.xml"
    other.write_text("<html/>")
    with pytest.raises(ToolkitError, match="neither <xliff> nor <tmx>"):
        import_exchange(other, spanish)
    assert spanish.read_bytes() == before


def test_external_entities_are_not_read(letter_project: Path, spanish: Path) -> None:
    before = spanish.read_bytes()
    secret = letter_project / "secret.txt"
    secret.write_text("contents of a private file")
    path = letter_project / "entity.xlf"
    path.write_text(f"""<?xml version="1.0"?>
<!DOCTYPE xliff [<!ENTITY x SYSTEM "{secret.as_uri()}">]>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
<file original="x" source-language="en" target-language="es" datatype="plaintext"><body>
<trans-unit id="label:notes"><source>Notes</source><target>&x;</target></trans-unit>
</body></file></xliff>
""")
    report = import_exchange(path, spanish, overwrite=True)
    assert not report.changed and "line 5: 'label:notes'" in report.skipped[0]
    assert spanish.read_bytes() == before


def test_a_reviewers_flag_comes_in_as_fuzzy(letter_project: Path, spanish: Path) -> None:
    out = letter_project / "letter.xlf"
    export_catalog(spanish, "xliff", out, "en", "es")
    text = out.read_text("utf-8")
    # A reviewer sends two units back, text untouched: as a CAT tool marks it, and as Weblate does.
    for key, state in (("title", "needs-review-translation"), ("creator", "needs-translation")):
        start = text.index(f'id="{key}" resname="{key}" approved="yes">')
        end = text.index("</trans-unit>", start)
        unit = text[start:end].replace(' approved="yes"', "").replace('state="translated"', f'state="{state}"')
        text = text[:start] + unit + text[end:]
    out.write_text(text, encoding="utf-8")
    before = entries(spanish)

    report = import_exchange(out, spanish)

    after = entries(spanish)
    for key in ("title", "creator"):
        assert after[key].msgstr == before[key].msgstr and "fuzzy" in after[key].flags
    assert sum("fuzzy" in entry.flags for entry in after.values()) == 2
    assert (report.translated, report.fuzzy, report.unchanged, report.conflicts) == (0, 2, len(before) - 2, ())
    assert report.summary().startswith("0 translated, 2 fuzzy (2 sent back for review), ")
    lines = spanish.read_text("utf-8").split("\n")
    assert [w.split(": ", 1)[1] for w in report.warnings()] == [
        f"'title' is marked for review in {out}; now fuzzy",
        f"'creator' is marked for review in {out}; now fuzzy",
    ]
    assert all(lines[r.line - 1].startswith("msgstr") for r in report.review)
    assert_gnu_clean(spanish)
    # Imported again, nothing changes: the catalog says what the file says.
    assert not import_exchange(out, spanish, overwrite=True).changed


def test_tmx_header_names_the_toolkit_and_the_units(letter_project: Path, spanish: Path) -> None:
    out = letter_project / "letter.tmx"
    export_catalog(spanish, "tmx", out, "en", "es")
    assert_valid_exchange(out)
    header = etree.parse(str(out)).getroot().find("header")
    assert header is not None
    assert {name: header.get(name) for name in ("creationtool", "segtype", "o-tmf", "datatype", "srclang")} == {
        "creationtool": "toolkit",
        "segtype": "paragraph",
        "o-tmf": "PO",
        "datatype": "plaintext",
        "srclang": "en",
    }
    assert header.get("creationtoolversion") == version("toolkit")


def test_a_memory_into_another_language_is_refused_in_one_line(letter_project: Path, run: Run) -> None:
    memory = letter_project / "memory.tmx"
    assert run(letter_project, "export", "--lang", "es", "--format", "tmx", "--out", str(memory)).exit_code == 0
    english = letter_project / "locale" / "en" / "LC_MESSAGES" / "letter.po"
    before = english.read_bytes()

    result = run(letter_project, "import", "--lang", "en", str(memory))

    assert result.exit_code == 2
    assert (
        result.output == "Error: memory.tmx: no translation into en (languages found: en, es); "
        "import it into that language's catalog\n"
    )
    assert english.read_bytes() == before


def test_a_memory_from_a_language_into_itself_gives_its_translations(letter_project: Path, run: Run) -> None:
    english = letter_project / "locale" / "en" / "LC_MESSAGES" / "letter.po"
    edited = {key: e.msgstr for key, e in entries(english).items() if e.msgstr != e.msgid}
    assert edited  # the English edition corrects some slips of the seed
    memory = letter_project / "memory.tmx"
    assert run(letter_project, "export", "--lang", "en", "--format", "tmx", "--out", str(memory)).exit_code == 0
    fresh = fresh_catalog(letter_project, "fresh.po")
    fresh.write_text(fresh.read_text("utf-8").replace('"Language: es\\n"', '"Language: en\\n"'), encoding="utf-8")

    report = import_exchange(memory, fresh)

    assert {key: entries(fresh)[key].msgstr for key in edited} == edited
    assert (report.translated, report.fuzzy) == (len(entries(fresh)), 0)


def test_a_fuzzy_unit_confirmed_in_another_tool_comes_back_finished(letter_project: Path, spanish: Path) -> None:
    mark(spanish, {"title": "An Open Letter", "creator": None})
    out = letter_project / "letter.xlf"
    export_catalog(spanish, "xliff", out, "en", "es")
    # The translator confirms one as the Translate Toolkit does for Weblate: state and approval
    # change, the fuzzy-match qualifier (where the text came from) stays.
    store = xliff.xlifffile.parsefile(str(out))
    title = next(unit for unit in store.units if unit.xmlelement.get("id") == "title")
    title.markfuzzy(False)
    out.write_bytes(bytes(store))
    assert 'state="translated" state-qualifier="fuzzy-match"' in out.read_text("utf-8")

    report = import_exchange(out, spanish)

    after = entries(spanish)
    assert "fuzzy" not in after["title"].flags and after["title"].previous_msgid is None
    assert "fuzzy" in after["creator"].flags
    assert (report.translated, report.fuzzy) == (1, 0)
