"""Reading seeds: the real letter, the second seed, and bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from toolkit.document.model import Block, BlockKind, NoteRef
from toolkit.document.readers.plaintext import read_seed
from toolkit.errors import ToolkitError

from .conftest import APPEAL, REPO


@pytest.fixture(scope="module")
def letter():
    return read_seed(REPO / "seeds" / "letter.txt", REPO)


def test_every_part_of_the_letter_is_found(letter):
    assert letter.name == "letter"
    assert letter.credit.text == "REUTERS/ Jorge Cabrera"
    assert len(letter.editor_note) == 2
    assert letter.editor_note[0].text.startswith("Ed. Note: On Dec. 7,")
    assert letter.editor_note[1].text.endswith("Americas Program.")
    assert [a.name.text for a in letter.addressees] == [
        "Andrés Manuel López Obrador",
        "Olga Sánchez Cordero",
        "Marcelo Ebrard Casaubón",
        "Alejandro Encinas",
    ]
    assert letter.addressees[1].role.text == "Secretary of the Interior"
    items = [b for b in letter.body if b.kind is BlockKind.LIST_ITEM]
    assert [b.number for b in items] == [1, 2, 3, 4, 5]
    assert items[4].segment.text.startswith("The agreement could jeopardize")  # written "5:"
    assert len([b for b in letter.body if b.kind is BlockKind.PARAGRAPH]) == 8
    assert [b.segment.text[:20] for b in letter.closing] == [
        "Mexico cannot be an ",
        "Together we can buil",
        "We hope that in this",
    ]
    mexico, guatemala = letter.signatories
    assert len(mexico.organisations) == 21 and len(guatemala.organisations) == 17
    assert (
        mexico.organisations[0].text == "Red de Documentación de las Organizaciones Defensoras de Migrantes (REDODEM)"
    )
    assert guatemala.organisations[-1].text == "Sociedad Civil"
    assert guatemala.heading.text == "Signatory organizations in Guatemala"


def test_notes_continue_and_are_anchored(letter):
    notes = {n.number: n for n in letter.notes}
    assert sorted(notes) == [1, 2, 3, 4, 6, 7, 8, 9]
    assert notes[4].paragraphs[1].text.startswith("Ver también: María Dolores Paris Pombo")
    assert notes[6].paragraphs[1].text.startswith("Meissner D., Hipsman")
    referenced = [n for s in letter.segments() for n in s.note_refs]
    assert referenced == [1, 2, 3, 4, 6, 7, 8, 9]


def test_markers_become_references_without_the_space_before(letter):
    paragraph = next(b.segment for b in letter.body if 7 in b.segment.note_refs)
    assert "Guatemala.[^7] Now" in paragraph.text
    assert "$20 million dollars[^8] for Mexico" in paragraph.text
    assert paragraph.text.endswith("its territory.[^9]")
    assert NoteRef(8) in paragraph.content


def test_spaces_are_normalised_and_quotes_kept(letter):
    texts = [s.text for s in letter.segments()]
    assert not any("\u00a0" in t or "  " in t for t in texts)
    assert any("“Third Safe Country”" in t for t in texts)
    assert any("migrants’ rights" in t for t in texts)


def test_with_the_sidecar_nothing_is_left_to_warn_about(letter):
    # Notes 1-6 are anchored there, and the gap at 5 is acknowledged.
    assert letter.warnings == ()


def test_without_the_sidecar_the_lost_anchors_are_reported(tmp_path):
    (tmp_path / "seeds").mkdir()
    seed = tmp_path / "seeds" / "letter.txt"
    seed.write_bytes((REPO / "seeds" / "letter.txt").read_bytes())
    document = read_seed(seed, tmp_path)
    unanchored = [w for w in document.warnings if "has no anchor" in w]
    assert [w.split(":")[1] for w in unanchored] == ["57", "59", "61", "63", "68"]
    assert [w.split("note ")[1].split()[0] for w in unanchored] == ["1", "2", "3", "4", "6"]
    assert any("note 5 is missing" in w for w in document.warnings)
    assert document.title is not None and document.title.text == "Letter" and len(document.closing) == 1


def test_keys_are_unique_and_survive_an_inserted_paragraph(tmp_path, letter):
    keys = [s.key for s in letter.segments()]
    assert len(keys) == len(set(keys))
    assert "org:mexico:medicos-del-mundo-francia-espana" in keys
    assert "org:guatemala:medicos-del-mundo-francia-espana" in keys
    (tmp_path / "seeds").mkdir()
    text = (REPO / "seeds" / "letter.txt").read_text(encoding="utf-8")
    edited = text.replace("In particular, we demand", "A new paragraph from the editor.\n\nIn particular, we demand")
    (tmp_path / "seeds" / "letter.txt").write_text(edited, encoding="utf-8")
    (tmp_path / "seeds" / "letter.toml").write_bytes((REPO / "seeds" / "letter.toml").read_bytes())
    after = [s.key for s in read_seed(tmp_path / "seeds" / "letter.txt", tmp_path).segments()]
    assert [k for k in after if k not in keys] == ["paragraph:a-new-paragraph-from-the-editor"]
    assert [k for k in keys if k not in after] == []


def test_segments_carry_references_and_comments(letter):
    segments = {s.key: s for s in letter.segments()}
    note = segments["note:7"]
    assert (note.source, note.line) == ("seeds/letter.txt", 72)
    assert note.comment.startswith("Footnote 7: keep a cited title in its original language")
    assert segments["title"].source == "seeds/letter.toml"
    assert "[^7], [^8], [^9]" in segments["paragraph:this-type-of-agreement-also-supports"].comment


def test_a_seed_of_another_shape_is_read_by_the_same_code():
    document = read_seed(APPEAL / "seeds" / "appeal.txt", APPEAL)
    assert document.warnings == ()
    assert document.credit is None and document.editor_note == ()
    assert [a.role.text for a in document.addressees] == ["Minister of Education", "Minister for Rural Development"]
    assert [b.number for b in document.body if isinstance(b, Block) and b.kind is BlockKind.LIST_ITEM] == [1, 2, 3]
    assert [o.text for o in document.signatories[0].organisations] == [
        "Highland Teachers’ Association",
        "Union of Rural Educators",
        "Network of Community Schools",
    ]
    assert [n.number for n in document.notes] == [1, 2, 3, 4]
    assert document.closing[0].segment.note_refs == (4,)


def test_a_list_ending_the_letter_is_its_signatories_only_when_it_lists_names(tmp_path):
    """A bulleted list at the end is a list of demands when its items begin in lower case, else signatories."""
    letter = "Dear Minister,\n\nWe write to ask for three things.\n\n"
    demands = write(tmp_path, "ask.txt", (letter + "- reopen the shelter\n- fund the volunteers\n- meet us\n").encode())
    document = read_seed(demands, tmp_path)
    assert document.signatories == ()
    assert [segment.text for segment in document.segments() if segment.key.startswith("item:")] == [
        "reopen the shelter",
        "fund the volunteers",
        "meet us",
    ]
    names = "\u2022 Amnesty International\n\u2022 Human Rights Watch\n\u2022 Red Cross\n"
    signed = read_seed(write(tmp_path, "signed.txt", (letter + names).encode()), tmp_path)
    assert [o.text for o in signed.signatories[0].organisations] == [
        "Amnesty International",
        "Human Rights Watch",
        "Red Cross",
    ]


def write(root: Path, name: str, data: bytes) -> Path:
    path = root / "seeds" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        ({}, "seeds/x.txt: no such seed"),
        ({"x.txt": b"Hello\n\nCaf\xe9 bad\n"}, "seeds/x.txt:3: not UTF-8 text"),
        ({"x.txt": b"Hello\n", "x.toml": b"[document]\ntitle = 'a\n"}, "seeds/x.toml:2: not valid TOML"),
        (
            {"x.txt": b"Hello\n", "x.toml": b"[document]\ntitel = 'A'\n"},
            "seeds/x.toml:2: unknown key 'titel' in [document]",
        ),
        (
            {"x.txt": b"Hello.\n\n[1] A note.\n", "x.toml": b"[notes.1]\nafter = 'Goodbye.'\n"},
            "seeds/x.toml:1: [notes.1] after = 'Goodbye.' is not in the text of seeds/x.txt",
        ),
        (
            {"x.txt": b"Hello.\n\n[1] A note.\n", "x.toml": b"\n[document]\nclosing = 'Farewell'\n"},
            "seeds/x.toml:3: closing: no body paragraph of seeds/x.txt starts with 'Farewell'",
        ),
    ],
    ids=["missing", "not-utf8", "bad-toml", "unknown-key", "anchor-not-found", "closing-not-found"],
)
def test_bad_input_is_one_clear_error(tmp_path, files, expected):
    for name, data in files.items():
        write(tmp_path, name, data)
    with pytest.raises(ToolkitError) as caught:
        read_seed(tmp_path / "seeds" / "x.txt", tmp_path)
    assert str(caught.value).startswith(expected)
    assert "\n" not in str(caught.value)


def test_a_note_is_either_anchored_or_known_lost(tmp_path):
    write(tmp_path, "x.txt", b"Hello.\n\n[1] A note.\n\n[3] Another.\n")
    sidecar = b"[document]\ntitle = 'X'\n[notes.1]\nafter = 'Hello.'\n[notes.2]\nlost = 'never received'\n"
    write(tmp_path, "x.toml", sidecar)
    assert read_seed(tmp_path / "seeds" / "x.txt", tmp_path).warnings == (
        "seeds/x.txt:5: warning: note 3 has no anchor in the text; anchor it in seeds/x.toml "
        'with [notes.3] after = "..."',
    )
    write(tmp_path, "x.toml", b"[notes.1]\nafter = 'Hello.'\nlost = 'both?'\n")
    with pytest.raises(ToolkitError, match=r"seeds/x.toml:1: \[notes.1\] takes one of after"):
        read_seed(tmp_path / "seeds" / "x.txt", tmp_path)


@pytest.mark.parametrize(
    ("sidecar", "expected"),
    [
        (b"[addressees]\nend = 'PRESENTES'\n", "seeds/x.toml:2: [addressees.end] must be a table of a line per"),
        (b"[addressees.end]\nes = ''\n", "seeds/x.toml:2: [addressees.end] es is empty"),
        (b'[addressees.end]\nes = "A\\nB"\n', "seeds/x.toml:2: [addressees.end] es holds more than one line"),
        (b"[addressees]\nbegin.es = 'A'\n", "seeds/x.toml:2: unknown key 'begin' in [addressees]"),
        (b"addressees = 5\n", "seeds/x.toml:1: addressees must be a table: [addressees]"),
    ],
    ids=["not-a-table", "empty", "two-lines", "unknown-key", "addressees-not-a-table"],
)
def test_a_line_closing_the_addressees_is_one_line_per_language(tmp_path, sidecar, expected):
    write(tmp_path, "x.txt", b"Ana Ruiz\nMinister\n\nHello.\n")
    write(tmp_path, "x.toml", sidecar)
    with pytest.raises(ToolkitError) as caught:
        read_seed(tmp_path / "seeds" / "x.txt", tmp_path)
    assert str(caught.value).startswith(expected)
    write(tmp_path, "x.toml", b"[document]\nsource_lang = 'es'\n\n[addressees.end]\nes = ' PRESENTES '\nen = 'x'\n")
    assert read_seed(tmp_path / "seeds" / "x.txt", tmp_path).addressees_end == "PRESENTES"


def test_an_omitted_credit_tells_its_translators_it_is_not_printed(letter):
    # The letter's sidecar leaves the photo credit out of the editions; the catalogs still carry it.
    assert letter.credit is not None
    assert letter.credit.comment.endswith(
        "Not printed for now ([credit] omit in the sidecar): the editions do not carry the photo it credits."
    )


def test_a_letter_in_arabic_script_is_parted_by_its_own_punctuation(tmp_path):
    """Arabic separates organisations with ؛ and asks with ؟, as English does with ; and ?."""
    seed = write(
        tmp_path,
        "rasala.txt",
        "\n\n".join(
            [
                "وزيرة العدل\nوزارة العدل",
                "هل يبقى هذا النظام قائماً في عام 2024؟\nإلى متى؟",
                "وتفضلوا بقبول فائق الاحترام.",
                "حركة مناهضة العنصرية (ARM)؛ المفكرة القانونية؛ Anti-Slavery International",
            ]
        ).encode(),
    )
    (tmp_path / "seeds" / "rasala.toml").write_text('[document]\nsource_lang = "ar"\n')
    document = read_seed(seed, tmp_path)
    assert [a.role.text for a in document.addressees] == ["وزارة العدل"]
    assert [b.segment.text for b in document.body if isinstance(b, Block)] == [
        "هل يبقى هذا النظام قائماً في عام 2024؟ إلى متى؟"
    ]
    assert [o.text for o in document.signatories[0].organisations] == [
        "حركة مناهضة العنصرية (ARM)",
        "المفكرة القانونية",
        "Anti-Slavery International",
    ]
