"""Active content out of PDFs before they are stored: JavaScript, actions run on opening a
document or a page, embedded files, forms that submit or run scripts. Staff open what
requesters send (identity documents) and requesters open what the practice releases, so a
PDF that ran something in a viewer would run it on a desk that holds patient records.

The PDF is rebuilt from its pages alone (an allow-list): everything the document catalogue
held (/OpenAction, /AA, the /JavaScript and /EmbeddedFiles name trees, /AcroForm with XFA,
bookmarks that can carry actions) is left behind. On each page, its own /AA goes; an
annotation that plays, launches or carries a file goes; the others keep their look (a
filled-in form still shows what was typed) but lose every action except going to a page of
the document or a web or mail address. Objects no longer reached are not written.

For identity documents (documents.identity) and released records (releases.attaching): the
caller keeps the SHA-256 of what is written, which is what is stored.
"""

import io
from typing import BinaryIO

from flask_babel import gettext
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, PdfObject

# Annotations that play media, launch something or carry a file, rather than mark the page.
ACTIVE_ANNOTATIONS = frozenset(
    {"/FileAttachment", "/Sound", "/Movie", "/Screen", "/RichMedia", "/3D"}
)
# The only actions kept: to a place in this document, or to an address shown to the reader.
PASSIVE_ACTIONS = frozenset({"/GoTo", "/URI"})
SAFE_URI_SCHEMES = ("http://", "https://", "mailto:")


class PdfRefused(ValueError):
    """The message says what was wrong, in words for the person who sent the file."""


def remove_active_content(content: bytes) -> bytes:
    """The PDF rebuilt without active content; PdfRefused for one that cannot be read or is
    locked with a password (its content cannot be checked)."""
    output = io.BytesIO()
    write_without_active_content(io.BytesIO(content), output)
    return output.getvalue()


def write_without_active_content(source: BinaryIO, target: BinaryIO) -> None:
    """Writes the PDF read from `source`, rebuilt without active content, to `target`, so
    that a large file is read from its stream rather than from bytes held in memory."""
    try:
        reader = PdfReader(source)
        if reader.is_encrypted:
            raise PdfRefused(gettext("A PDF is protected by a password. Send it without one."))
        writer = PdfWriter()
        for page in reader.pages:
            _keep_passive_annotations(writer.add_page(page, excluded_keys=("/AA",)))
        writer.compress_identical_objects(remove_duplicates=False, remove_unreferenced=True)
        writer.write(target)
    except PdfRefused:
        raise
    # A hostile or damaged file can make a PDF parser raise almost anything (its own
    # errors, KeyError, TypeError, RecursionError, zlib's); all of them mean "unreadable".
    except Exception as error:
        raise PdfRefused(gettext("A PDF could not be read: it may be damaged.")) from error


def _keep_passive_annotations(page: DictionaryObject) -> None:
    annotations = page.get("/Annots")
    if annotations is None:
        return
    kept = ArrayObject()
    for reference in annotations.get_object():
        annotation = reference.get_object()
        if annotation.get("/Subtype") in ACTIVE_ANNOTATIONS:
            continue
        _drop_actions(annotation)
        kept.append(reference)
    page[NameObject("/Annots")] = kept


def _drop_actions(annotation: DictionaryObject) -> None:
    """Removes the annotation's triggered actions (/AA), and those of the form fields it
    belongs to, and its action (/A) unless that is passive; a kept action loses any action
    chained after it (/Next)."""
    field: PdfObject | None = annotation
    while isinstance(field, DictionaryObject):
        field.pop("/AA", None)
        parent = field.get("/Parent")
        field = parent.get_object() if parent is not None else None
    action = annotation.get("/A")
    if action is None:
        return
    action = action.get_object()
    if not _is_passive(action):
        del annotation["/A"]
        return
    action.pop("/Next", None)


def _is_passive(action: PdfObject) -> bool:
    if not isinstance(action, DictionaryObject):
        return False
    kind = action.get("/S")
    if kind not in PASSIVE_ACTIONS:
        return False
    if kind == "/URI":
        address = str(action.get("/URI", "")).strip().lower()
        return address.startswith(SAFE_URI_SCHEMES)
    return True
