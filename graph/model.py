"""The data that flows between the stages: entities, relations, citations, diagnostics, the schema.

Plain frozen dataclasses, no I/O. Every record keeps the file and line it came from, so any
stage can point a contributor at the exact place to fix.
"""

from __future__ import annotations

from dataclasses import dataclass, field
import difflib
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
    severity: str = "error"  # "error" or "warn"; "ignore" never leaves validate

    def __str__(self) -> str:
        hint = f" ({self.hint})" if self.hint else ""
        return f"{self.path}:{self.line}: {self.code} {self.message}{hint}"

    def sort_key(self) -> tuple:
        return (self.path, self.line, self.code, self.message)


@dataclass(frozen=True)
class Citation:
    """`source-id#pN` or `source-id`, as written at `path:line`."""

    source: str
    paragraph: int | None
    path: str
    line: int

    @property
    def anchor(self) -> str:
        return f"p{self.paragraph}" if self.paragraph is not None else ""

    def __str__(self) -> str:
        return f"{self.source}#{self.anchor}" if self.paragraph is not None else self.source


@dataclass(frozen=True)
class Attribute:
    name: str
    value: str
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
    # for `type: source`: publisher, date, url, paragraphs

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


def closest(word: str, options: Iterable[str]) -> str:
    """The option most like `word`, for a did-you-mean hint; "" when none is close."""
    found = difflib.get_close_matches(str(word), list(options), n=1, cutoff=0.6)
    return found[0] if found else ""
