"""The EPUB's page template and the DOCX's reference document: the toolkit's own, made quicker for Pandoc.

Pandoc spends 5 ms of an EPUB reading its page template's unused branches,
and most of a DOCX's run on its reference's styles
(`toolkit/editions/render.py`, `toolkit/editions/word.py`). These tests
hold the toolkit's own to giving the very EPUB and DOCX Pandoc makes with
its own, and the shipped reference to what `tools/make_docx_reference.py`
derives from the Pandoc the project ships. All run the real Pandoc.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from toolkit.editions.render import EPUB_PAGE, REFERENCE_DOCX
from toolkit.editions.word import STYLES_XML, finish_docx, restore_styles
from toolkit.programs import pandoc_path

from .conftest import REPO

MANUSCRIPT = """\
---
title: "Un título: *con* énfasis"
author: [Ana Pérez, Grupo de Trabajo]
date: 2024-03-01
---

# Primera parte

Un párrafo con una nota[^1], un [enlace](https://example.org) y `código`.

## Sección

> Una cita en bloque,
> de dos líneas.

1. uno
2. dos
   - anidado

Término
:   Su definición.

| Columna | Otra |
|---------|-----:|
| a       | 1    |

: Una tabla con leyenda

```python
def f(x):
    return x + 1
```

### Subsección

#### Cuarto nivel

##### Quinto nivel

###### Sexto nivel

Texto final.

[^1]: La nota, con *cursiva*.
"""


def _written(markdown: str, lang: str, options: list[str], output: Path) -> bytes:
    """What the real Pandoc writes to OUTPUT of MARKDOWN in LANG with OPTIONS, at a fixed date."""
    command = [pandoc_path(), "--from=markdown", f"--metadata=lang:{lang}", *options, f"--output={output}"]
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1709251200"}
    subprocess.run(command, input=markdown.encode(), env=env, check=True)
    return output.read_bytes()


def _docx(markdown: str, lang: str, reference: Path | None, tmp_path: Path) -> bytes:
    """The DOCX the real Pandoc writes of MARKDOWN in LANG, from REFERENCE or from its own reference."""
    options = ["--to=docx", *(["--metadata=dir:rtl"] if lang in ("ar", "he") else [])]
    options += [f"--reference-doc={reference}"] if reference is not None else []
    return _written(markdown, lang, options, tmp_path / f"{lang}-{'own' if reference is None else 'shipped'}.docx")


def _entries(package: bytes) -> list[tuple[zipfile.ZipInfo, bytes]]:
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        return [(info, archive.read(info)) for info in archive.infolist()]


def _epub(markdown: str, lang: str, template: Path, tmp_path: Path) -> bytes:
    """The EPUB the real Pandoc writes of MARKDOWN in LANG with TEMPLATE and the options of a build."""
    css = tmp_path / "edition.css"
    css.write_text("p { margin: 0; }\n", "utf-8")
    options = [
        "--to=epub3",
        "--metadata=identifier:urn:uuid:5b3f6bd3-3b8a-5f55-9c1d-2f6a0d8e8b01",
        "--epub-title-page=false",
        "--toc-depth=3",
        f"--template={template}",
        f"--css={css}",
        *(["--variable=dir:rtl"] if lang in ("ar", "he") else []),
    ]
    return _written(markdown, lang, options, tmp_path / f"{lang}-{template.name}.epub")


@pytest.mark.parametrize("lang", ["es", "ar"])
def test_the_epub_pages_are_those_pandocs_own_template_makes(tmp_path: Path, lang: str) -> None:
    # Pandoc's own, with the text's direction on each page's <html>, as Pandoc does not write it.
    own = subprocess.run([pandoc_path(), "-D", "epub3"], capture_output=True, check=True, text=True).stdout
    anchor = '$if(lang)$ lang="$lang$" xml:lang="$lang$"$endif$'
    assert anchor in own
    template = tmp_path / "own.epub3"
    template.write_text(own.replace(anchor, anchor + '$if(dir)$ dir="$dir$"$endif$', 1), "utf-8")
    made = _entries(_epub(MANUSCRIPT, lang, EPUB_PAGE, tmp_path))
    assert [(i.filename, data) for i, data in made] == [
        (i.filename, data) for i, data in _entries(_epub(MANUSCRIPT, lang, template, tmp_path))
    ]
    page = next(data.decode("utf-8") for i, data in made if i.filename.endswith("ch001.xhtml"))
    assert "CSS for syntax highlighting" in page  # the manuscript's code block is coloured
    assert ('dir="rtl"' in page) == (lang == "ar")


@pytest.mark.parametrize("lang", ["es", "ar", "zh"])
def test_the_docx_is_the_one_pandoc_makes_with_its_own_reference(tmp_path: Path, lang: str) -> None:
    own = _entries(_docx(MANUSCRIPT, lang, None, tmp_path))
    shipped = _entries(_docx(MANUSCRIPT, lang, REFERENCE_DOCX, tmp_path))
    assert [info.filename for info, _ in shipped] == [info.filename for info, _ in own]
    for (info, data), (_, own_data) in zip(shipped, own, strict=True):
        if info.filename == "word/styles.xml":
            assert restore_styles(data.decode("utf-8")) == own_data.decode("utf-8")
        else:
            assert data == own_data, info.filename

    # Finished, what Pandoc copied from the shipped reference is dated and owned as what it writes itself.
    def stamps(docx: bytes) -> set[tuple[object, ...]]:
        finished = _entries(finish_docx(docx, "a4"))
        return {(i.date_time, i.external_attr, i.create_system, i.create_version) for i, _ in finished}

    assert stamps(_docx(MANUSCRIPT, lang, REFERENCE_DOCX, tmp_path)) == stamps(_docx(MANUSCRIPT, lang, None, tmp_path))


def test_the_shipped_reference_is_what_the_shipped_pandoc_gives(tmp_path: Path) -> None:
    tool = REPO / "tools" / "make_docx_reference.py"
    subprocess.run([sys.executable, str(tool), "--out", str(tmp_path)], check=True, cwd=tmp_path)
    assert (tmp_path / STYLES_XML.name).read_bytes() == STYLES_XML.read_bytes()
    made = [(info.filename, data) for info, data in _entries((tmp_path / REFERENCE_DOCX.name).read_bytes())]
    assert made == [(info.filename, data) for info, data in _entries(REFERENCE_DOCX.read_bytes())]
    # Pandoc's styles are all out of the reference, and every one is put back.
    reference = dict(made)
    assert b"<w:style " not in reference["word/styles.xml"]
    assert STYLES_XML.read_text("utf-8").count("<w:style ") == 49
