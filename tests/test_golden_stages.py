"""Each stage of an edition, for the letter and the second test seed, against its golden file.

The translated document, the Pandoc AST and the Typst source are compared
as text; a change to any of them is a diff in `tests/golden/<case>/`, made
only on purpose (`nox -s golden`) and reviewed like code.
"""

from __future__ import annotations

import json
from pathlib import Path

import msgspec
import pytest

from toolkit.catalogs import store
from toolkit.commands.catalog import Project
from toolkit.editions.pandoc import for_format, to_pandoc_ast
from toolkit.editions.render import edition_identifier
from toolkit.editions.translate import apply_translations
from toolkit.editions.typst_source import typst_document
from toolkit.locales import lang_tag, long_date

GOLDEN = Path(__file__).resolve().parent / "golden"
CASES = {
    "letter-es": ("letter_project", "es"),
    # The second seed has no catalogs: its English edition is the source itself.
    "appeal-en": ("appeal_project", "en"),
}


def _stages(root: Path, lang: str) -> dict[str, str]:
    project = Project(root)
    [seed] = project.seeds()
    document = project.read(seed)
    if project.catalog(lang, document.name).exists():
        translations = store.translations(project.catalog(lang, document.name))
    else:
        translations = {segment.key: (segment.text, False) for segment in document.segments()}
    translated, _ = apply_translations(document, translations, lang)
    tag = lang_tag(lang, dict(document.metadata.regions).get(lang))
    date = long_date(document.metadata.date, lang)
    ast, _ = to_pandoc_ast(translated, tag, date, edition_identifier(document.name, lang))
    return {
        "document.json": json.dumps(msgspec.to_builtins(translated), ensure_ascii=False, indent=1) + "\n",
        "ast.json": json.dumps(ast, ensure_ascii=False, indent=1) + "\n",
        "source.typ": typst_document(for_format(ast, "pdf")),
    }


@pytest.mark.parametrize("case", CASES)
def test_each_stage_is_its_golden_file(request: pytest.FixtureRequest, case: str, update_golden: bool):
    fixture, lang = CASES[case]
    stages = _stages(request.getfixturevalue(fixture), lang)
    folder = GOLDEN / case
    if update_golden:
        folder.mkdir(parents=True, exist_ok=True)
        for name, text in stages.items():
            (folder / name).write_text(text, encoding="utf-8")
    for name, text in stages.items():
        expected = (folder / name).read_text(encoding="utf-8")
        assert text == expected, f"tests/golden/{case}/{name} differs; if on purpose, rewrite it with `nox -s golden`"
