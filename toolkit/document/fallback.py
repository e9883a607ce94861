"""What an edition needs that a seed may not say: a title, made from the file's name, its language, its labels'.

Every reader asks its sidecar first, then the source's own metadata; only
what neither gives is made here, with a warning that says where to set it.
The other fields the editions declare (language, identifier, date of
making) come from the catalog's language and the build, never from the seed.
"""

from __future__ import annotations

import re

from toolkit.document.model import Segment
from toolkit.document.sidecar import DEFAULT_LABELS, Sidecar
from toolkit.locales import same_language


def title_from_name(name: str) -> str:
    """A readable title from a seed's stem.

    >>> title_from_name("annual_report-2024")
    'Annual report 2024'
    """
    words = " ".join(re.split(r"[-_.\s]+", name)).strip() or name
    return words[:1].upper() + words[1:]


FILE_NAME_TITLE = "Title of the document, made from its file name: neither the sidecar nor the source gives one."
"""The translator's comment on a title made from the file name, by which the build knows one."""


def fallback_title(name: str, source: str, sidecar: str) -> tuple[Segment, str]:
    """The title segment of a document NAME (seed SOURCE) that has none, and the warning to give.

    The segment is translatable like any title: a translator sees it until
    an editor sets the real one, which then reaches the catalogs as a change.
    """
    title = title_from_name(name)
    segment = Segment(
        "title",
        (title,),
        1,
        FILE_NAME_TITLE,
        source,
    )
    warning = (
        f"{source}:1: warning: no title; the editions use '{title}', made from the file name; "
        f'set one in {sidecar} as [document] title = "..."'
    )
    return segment, warning


_ENGLISH_WORDS = frozenset(
    "the of and to is that for with this are be by we our have from not it which was were will has they their".split()
)
"""Words a fifth of English prose is made of, and next to none of any other language's (under 0.5% of French,
Spanish, German, Portuguese, Italian or Dutch prose; 23-27% of the letter and the test seeds)."""


def reads_as_english(text: str) -> bool:
    """Whether TEXT could be English: in Latin letters, with English's commonest words; True when too short to tell.

    >>> reads_as_english("We ask the council to reopen the shelter that was closed in December, and to fund it.")
    True
    >>> reads_as_english("Nous demandons la réouverture immédiate du centre et un dialogue avec les habitants.")
    False
    >>> reads_as_english("Мы просим совет вновь открыть приют"), reads_as_english("Merci.")
    (False, True)
    """
    letters = [char for char in text if char.isalpha()]
    if sum(char < "\u0250" for char in letters) < len(letters) / 2:
        return False
    words = re.findall(r"[^\W\d_]+", text.lower())
    return len(words) < 12 or sum(word in _ENGLISH_WORDS for word in words) >= len(words) / 20


def undeclared_language_warning(text: str, source: str, sidecar: str) -> str | None:
    """The warning for a seed SOURCE that declares no language and whose TEXT does not read as English, or None.

    Such a seed is taken to be English: its editions and catalogs would
    say that its words are English, and its own language would get no edition.
    """
    if reads_as_english(text):
        return None
    return (
        f"{source}:1: warning: the seed declares no language and does not read as English, which it is then "
        f'taken to be; declare its language in {sidecar} as [document] source_lang = "..." (fr, es, pt_BR...)'
    )


def english_labels_warning(sidecar: Sidecar, source_lang: str, source: str) -> str | None:
    """The warning for a seed SOURCE not in English whose sidecar leaves the editions' words in English, or None.

    Its own edition prints them as they are: a Japanese report's notes
    would be headed "Notes".
    """
    if same_language(source_lang, "en"):
        return None
    english = [name for name, text in sidecar.labels if text.text == DEFAULT_LABELS[name]]
    if not english:
        return None
    return (
        f"{source}:1: warning: the words the editions add ({', '.join(english)}) are in English, "
        f"the seed in '{source_lang}'; write them in {sidecar.path} under [labels] ({english[0]} = \"...\")"
    )
