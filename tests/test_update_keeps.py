"""`update` never drops a translation from a catalog GNU gettext accepts: it stays live, fuzzy, or obsolete."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import polib
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from toolkit.catalogs.pofile import Catalog, Entry
from toolkit.errors import ToolkitError

from .catalog_files import update_catalog
from .conftest import Run

KEYS = st.sampled_from(["paragraph:a", "paragraph:b", "heading:a", "note:1", None])
MSGIDS = st.sampled_from(["One line.", "One line, edited.", "Another", "Notes", "x"])
TEXTS = st.sampled_from(["", "", "Una línea.", "Otra", "Notas", "y"])


@st.composite
def entries(draw: st.DrawFn) -> polib.POEntry:
    plural = draw(st.booleans()) and draw(st.booleans())
    entry = polib.POEntry(msgctxt=draw(KEYS), msgid=draw(MSGIDS))
    if plural:
        entry.msgid_plural = entry.msgid + "s"
        entry.msgstr_plural = {0: draw(TEXTS), 1: draw(TEXTS)}
    else:
        entry.msgstr = draw(TEXTS)
    if draw(st.booleans()):
        entry.flags.append("fuzzy")
    entry.obsolete = draw(st.integers(0, 3)) == 0
    return entry


def _translation(entry: polib.POEntry) -> tuple[str, ...]:
    return tuple(entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural)) if entry.msgid_plural else (entry.msgstr,)


def _same_translation(new: polib.POEntry, old: polib.POEntry) -> bool:
    """The same translation, or its first form, fuzzy, where an entry became plural or singular."""
    if bool(new.msgid_plural) == bool(old.msgid_plural):
        return _translation(new) == _translation(old)
    return _translation(new)[0] == _translation(old)[0] and "fuzzy" in new.flags


def _holds(new: polib.POEntry, old: polib.POEntry, loose: bool) -> bool:
    """Whether NEW holds the translation of OLD: as the same entry, or as a fuzzy entry made from it."""
    if not _same_translation(new, old):
        return False
    if not loose:
        identity = (old.msgctxt, old.msgid)
        return identity in ((new.msgctxt, new.msgid), (new.previous_msgctxt, new.previous_msgid))
    # A fuzzy entry that names no previous msgid passes on none (as msgmerge does): its translation is traced by key,
    # or, taken by another key, by the lack of one.
    unknown = "fuzzy" in old.flags and old.previous_msgid is None and new.previous_msgid is None
    return (new.msgctxt == old.msgctxt or unknown) and not new.obsolete and "fuzzy" in new.flags


def _translated(entry: polib.POEntry) -> bool:
    # As GNU counts it: a plural entry whose first form is empty is untranslated (msgcat drops it when obsolete).
    return bool(_translation(entry)[0])


def _msgfmt_accepts(path: Path) -> bool:
    return subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True).returncode == 0


def _save(catalog: polib.POFile, path: Path) -> None:
    catalog.metadata = {
        "Language": "es",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": "nplurals=2; plural=(n != 1);",
    }
    catalog.save(str(path))


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    old=st.lists(entries(), max_size=8),
    template=st.dictionaries(KEYS.filter(lambda key: key is not None), MSGIDS, max_size=4),
)
def test_update_keeps_every_translation_of_a_catalog_gnu_accepts(old: list[polib.POEntry], template: dict[str, str]):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "es.po"
        catalog = polib.POFile(check_for_duplicates=False)
        catalog.extend(old)
        _save(catalog, path)
        assume(_msgfmt_accepts(path))
        pot = Catalog(
            tuple(Entry(msgctxt=key, msgid=msgid) for key, msgid in template.items()),
            {"Content-Type": "text/plain; charset=UTF-8"},
        )
        before = path.read_bytes()
        try:
            report = update_catalog(pot, path)
        except ToolkitError:
            assert path.read_bytes() == before  # refused, and nothing written
            return
        assert _msgfmt_accepts(path), path.read_text("utf-8")
        after = list(polib.pofile(str(path)))
        # Each translation is found once: by its own msgctxt and msgid, or as the previous ones
        # of a fuzzy entry; only then, fuzzy under its key (an entry fuzzy already keeps its older previous msgid).
        used: set[int] = set()
        translated = [entry for entry in old if _translated(entry)]
        lost = []
        for loose in (False, True):
            for entry in translated:
                found = next((i for i, new in enumerate(after) if i not in used and _holds(new, entry, loose)), None)
                if found is None:
                    lost.append(entry)
                else:
                    used.add(found)
            translated, lost = lost, []
        assert not translated, f"lost:\n{translated[0]}\nfrom:\n{before.decode()}\nto:\n{path.read_text('utf-8')}"
        # The report counts what became obsolete: what is obsolete now, less what already was.
        obsolete_now = sum(entry.obsolete for entry in after)
        obsolete_before = sum(entry.obsolete and bool(_translation(entry)[0]) for entry in old)
        assert obsolete_now - obsolete_before <= report.obsoleted <= obsolete_now


def test_update_keeps_the_translations_it_used_to_drop(letter_project: Path, run: Run):
    """A second entry of a template key with another msgid, one without msgctxt, a plural one: all stay."""
    po = letter_project / "locale" / "es" / "LC_MESSAGES" / "letter.po"
    catalog = polib.pofile(str(po))
    key, translation = catalog[0].msgctxt, catalog[0].msgstr
    forms = int(catalog.metadata["Plural-Forms"].split("nplurals=")[1].split(";")[0])
    extra = [
        polib.POEntry(msgctxt=key, msgid="An older source of this key", msgstr="Una fuente anterior"),
        polib.POEntry(msgid="No key at all", msgstr="Sin clave"),
        polib.POEntry(
            msgctxt="plural:files",
            msgid="One file",
            msgid_plural="%d files",
            msgstr_plural={form: f"archivos {form}" for form in range(forms)},
        ),
    ]
    catalog.extend(extra)
    catalog.save(str(po))
    assert _msgfmt_accepts(po)
    result = run(letter_project, "update")
    assert result.exit_code == 0, result.output
    assert "3 obsolete" in result.output
    after = polib.pofile(str(po))
    assert [(e.msgstr, e.obsolete) for e in after if e.msgctxt == key and e.msgid == catalog[0].msgid] == [
        (translation, False)
    ]
    kept = {(e.msgctxt, e.msgid): (e.msgstr or e.msgstr_plural, e.obsolete) for e in after}
    for entry in extra:
        assert kept[entry.msgctxt, entry.msgid] == (entry.msgstr or entry.msgstr_plural, True)
    assert _msgfmt_accepts(po)
