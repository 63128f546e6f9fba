"""Every word a requester reads has its Spanish: each string marked for translation has a
finished translation in the catalog, and no public template holds words left unmarked."""

import re
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po
from jinja2 import nodes

ROOT = Path(__file__).resolve().parents[1]
CATALOG = ROOT / "records_app" / "translations" / "es" / "LC_MESSAGES" / "messages.po"

# Words not yet translated, by file or folder: none. A part of the app whose words are
# translated later is listed here, with why, until it is done.
NOT_YET_TRANSLATED: list[str] = []

# Templates only staff read: they stay in English.
STAFF_ONLY = [
    "templates/mail/digest.txt",
    "templates/mail/desk_picture.txt",
    "templates/macros/patients.html",
]
# Macros of a public template that only staff pages use: the paper request's one page.
STAFF_ONLY_MACROS = {"request_sections"}
# Blocks that hold no words: the page's CSS classes.
NOT_TEXT_BLOCKS = {"body_class"}

PUBLIC_TEMPLATES = sorted(
    path.relative_to(ROOT).as_posix()
    for folder in ("public", "errors", "mail", "macros")
    for path in (ROOT / "templates" / folder).iterdir()
    if path.suffix in (".html", ".txt")
) + ["templates/base.html"]

# Text in a template that is not words: punctuation and numbers only.
NOT_WORDS = re.compile(r"[^\W\d_]")
TAG = re.compile(r"<!--.*?-->|<[^>]*>", re.S)
ENTITY = re.compile(r"&\w+;|&#\d+;")
# Attributes whose values a reader hears or sees as words.
WORDED_ATTRIBUTE = re.compile(r'\b(?:alt|title|aria-label|placeholder)="([^"\x00]*)"')


def _not_yet_translated(path: str) -> bool:
    return any(path.startswith(prefix) for prefix in NOT_YET_TRANSLATED)


def _extracted_messages() -> dict[str, list[str]]:
    """Each string marked for translation in the code and templates, as `make
    translations` finds it (babel.cfg), with the files it is in."""
    with open(ROOT / "babel.cfg") as mapping:
        method_map, options_map = parse_mapping_cfg(mapping)
    keywords = {**DEFAULT_KEYWORDS, "lazy_gettext": None}

    def only_the_app(dirpath: str) -> bool:
        relative = Path(dirpath).relative_to(ROOT).as_posix()
        return relative == "." or relative.split("/")[0] in ("records_app", "templates")

    found: dict[str, list[str]] = {}
    for filename, _line, message, _comments, _context in extract_from_dir(
        ROOT, method_map, options_map, keywords=keywords, directory_filter=only_the_app
    ):
        msgid = message[0] if isinstance(message, tuple) else message
        found.setdefault(msgid, []).append(filename)
    return found


def _translated() -> set[str]:
    with open(CATALOG, "rb") as catalog:
        spanish = read_po(catalog)
    done = set()
    for message in spanish:
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.id and not message.fuzzy and all(strings):
            msgid = message.id[0] if isinstance(message.id, tuple) else message.id
            done.add(msgid)
    return done


def test_every_string_marked_for_translation_has_its_spanish():
    translated = _translated()
    missing = [
        msgid
        for msgid, files in _extracted_messages().items()
        if msgid not in translated and not all(_not_yet_translated(f) for f in files)
    ]
    assert missing == [], "run `make translations` and translate these in es/messages.po"


# What stands for an expression's output ({{ ... }}, a trans block) in a template's text.
EXPRESSION = "\x00"


def _text_of(node: nodes.Node):
    """The template's literal text in document order, each output expression replaced by
    EXPRESSION, so that a tag split by an expression (<a href="{{ url }}">) stays whole."""
    if isinstance(node, nodes.Output):
        for child in node.nodes:
            yield child.data if isinstance(child, nodes.TemplateData) else EXPRESSION
        return
    if isinstance(node, nodes.Macro) and node.name in STAFF_ONLY_MACROS:
        return
    if isinstance(node, nodes.Block) and node.name in NOT_TEXT_BLOCKS:
        return
    for child in node.iter_child_nodes():
        yield from _text_of(child)


def _untranslated_text(app, source: str) -> list[str]:
    """Literal text of a template, outside {% trans %} and _(): words nobody marked."""
    text = ENTITY.sub(" ", "".join(_text_of(app.jinja_env.parse(source))))
    words = [value for value in WORDED_ATTRIBUTE.findall(text) if NOT_WORDS.search(value)]
    for piece in TAG.sub(EXPRESSION, text).split(EXPRESSION):
        if NOT_WORDS.search(piece):
            words.append(" ".join(piece.split()))
    return words


@pytest.mark.parametrize(
    "template",
    [
        template
        for template in PUBLIC_TEMPLATES
        if not _not_yet_translated(template) and template not in STAFF_ONLY
    ],
)
def test_a_public_template_has_no_words_left_unmarked(app, template):
    assert _untranslated_text(app, (ROOT / template).read_text()) == []


def test_a_word_left_unmarked_in_a_template_is_found(app):
    sample = '<p title="Hello">{{ _("Marked") }} Not marked, 10.</p>{% trans %}Marked{% endtrans %}'
    assert _untranslated_text(app, sample) == ["Hello", "Not marked, 10."]
