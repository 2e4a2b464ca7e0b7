"""The data that flows between the stages: entities, relations, citations, diagnostics, the schema.

Plain frozen dataclasses, no I/O. Every record keeps the file and line it came from, so any
stage can point a contributor at the exact place to fix.
"""

from __future__ import annotations

from dataclasses import dataclass, field
import difflib
import re
from collections.abc import Iterable
from typing import Any


@dataclass(frozen=True)
class Diagnostic:
    """A problem a contributor can fix, printed compiler-style."""

    path: str  # relative to docs/
    line: int  # 1-based
    code: str  # e.g. "G201", documented on the checks reference page
    message: str
    hint: str = ""
    severity: str = "error"  # "error", "warn" or "info" (a note); "ignore" never leaves validate

    def __str__(self) -> str:
        hint = f" ({self.hint})" if self.hint else ""
        return f"{self.path}:{self.line}: {self.code} {self.message}{hint}"

    def sort_key(self) -> tuple:
        return (self.path, self.line, self.code, self.message)


@dataclass(frozen=True)
class Citation:
    """`source-id#locator` or `source-id`, as written at `path:line`. A locator is a numbered
    paragraph (`p16`) or a named section (`version-compatibility`) that the source page declares."""

    source: str
    locator: str  # "" when the source is cited as a whole
    path: str
    line: int

    @property
    def paragraph(self) -> int | None:
        """The paragraph's number when the locator is one (`p16`), else None."""
        return paragraph_number(self.locator)

    @property
    def anchor(self) -> str:
        """The id of the locator's entry on the source page."""
        return locator_anchor(self.locator)

    def __str__(self) -> str:
        return f"{self.source}#{self.locator}" if self.locator else self.source


PARAGRAPH = re.compile(r"^p([1-9][0-9]*)$")


def paragraph_number(locator: str) -> int | None:
    m = PARAGRAPH.match(locator)
    return int(m.group(1)) if m else None


def locator_anchor(locator: str) -> str:
    """Paragraphs keep their own id (`p16`); a section's id is prefixed, so that it can never meet
    an id the page has for another reason (its headings, the relations)."""
    if not locator or paragraph_number(locator) is not None:
        return locator
    return f"s-{locator}"


@dataclass(frozen=True)
class Locator:
    """A place in a source that facts can cite: a numbered paragraph, or a named section."""

    id: str  # `p16` or a slug
    title: str  # "Paragraph 16", or the section's heading as the document shows it
    url: str = ""  # where the place is on the web, when the document has an anchor for it


Scalar = str | int | float | bool  # an attribute's value as written: `232`, `yes`, `'2016-10'`


@dataclass(frozen=True)
class Attribute:
    name: str
    value: Scalar
    unit: str
    note: str
    citations: tuple[Citation, ...]
    path: str
    line: int


@dataclass(frozen=True)
class Relation:
    """A typed, cited edge as declared on the page of `subject`."""

    subject: str
    type: str
    target: str
    citations: tuple[Citation, ...]
    note: str
    since: str
    until: str
    path: str
    line: int

    def diagnostic(self, code: str, message: str, hint: str = "") -> Diagnostic:
        return Diagnostic(self.path, self.line, code, message, hint)


@dataclass(frozen=True)
class Entity:
    """One page of the knowledge base."""

    id: str
    title: str
    type: str
    summary: str
    path: str  # relative to docs/, posix
    line: int  # line of the front matter's `type` key, or 1
    lines: dict[str, int] = field(default_factory=dict, compare=False, hash=False)  # key -> line
    aliases: tuple[str, ...] = ()
    attributes: tuple[Attribute, ...] = ()
    relations: tuple[Relation, ...] = ()
    body: str = ""  # the markdown after the front matter
    body_line: int = 1  # the file line where the body starts
    source_info: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    # for `type: source`: publisher, published, updated, url, paragraphs, locators (id -> Locator)

    def line_of(self, key: str) -> int:
        return self.lines.get(key, self.line)

    def diagnostic(self, key: str, code: str, message: str, hint: str = "") -> Diagnostic:
        return Diagnostic(self.path, self.line_of(key), code, message, hint)


@dataclass(frozen=True)
class EntityType:
    id: str
    label: str
    plural: str
    colour: str
    shape: str
    description: str
    start: tuple[str, ...] = ()  # attributes that date the start of an entity's life, first found wins
    end: tuple[str, ...] = ()  # attributes that date its end
    timeless: bool = False  # an idea with no life of its own (a concept): it may go undated

    @property
    def dated(self) -> bool:
        """Whether every entity of this type should have a start (G213 names those without)."""
        return bool(self.start) and not self.timeless


@dataclass(frozen=True)
class RelationType:
    id: str
    label: str
    inverse: str
    sources: tuple[str, ...] | None  # entity types allowed at the subject end; None: any
    targets: tuple[str, ...] | None  # entity types allowed at the target end; None: any
    description: str
    allow_self: bool = False


@dataclass(frozen=True)
class Schema:
    path: str
    entity_types: dict[str, EntityType]
    relation_types: dict[str, RelationType]

    SOURCE_TYPE = "source"

    def is_dated(self, type_id: str) -> bool:
        """Whether an entity of `type_id` should have a start: its type names one and is not timeless
        (a source is dated by its own 'published', which G209 asks for)."""
        t = self.entity_types.get(type_id)
        return t is not None and t.dated and type_id != self.SOURCE_TYPE

    def relation_label(self, type_id: str, inverse: bool = False) -> str:
        """How a relation of `type_id` reads from its subject (or, `inverse`, from its target); a
        type the schema does not know reads as its id."""
        rtype = self.relation_types.get(type_id)
        if rtype is None:
            return f"{type_id} (inverse)" if inverse else type_id
        return rtype.inverse if inverse else rtype.label


def closest(word: str, options: Iterable[str]) -> str:
    """The option most like `word`, for a did-you-mean hint; "" when none is close."""
    found = difflib.get_close_matches(str(word), list(options), n=1, cutoff=0.6)
    return found[0] if found else ""
