"""The site's schema file: entity types and relation types, and questions about them."""

from __future__ import annotations

import re

from .load import Mapping, Sequence, YamlError, parse_yaml
from .model import Diagnostic, EntityType, RelationType, Schema, closest

COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
SHAPES = {"dot", "square", "diamond", "triangle", "triangleDown", "star", "hexagon", "box", "ellipse", "circle"}
TYPE_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
FALLBACK_COLOUR = "#888888"


def parse_schema(text: str, path: str) -> tuple[Schema, list[Diagnostic]]:
    """Read the schema file's text. Problems become G100 diagnostics; what is valid is kept."""
    diags: list[Diagnostic] = []

    def diag(line: int, message: str, hint: str = "") -> None:
        diags.append(Diagnostic(path, line, "G100", message, hint))

    try:
        data, duplicates = parse_yaml(text, first_line=1)
    except YamlError as exc:
        return Schema(path, {}, {}), [Diagnostic(path, exc.line, "G100", exc.message, exc.hint)]
    for line, key in duplicates:
        diag(line, f"key {key!r} is given twice")
    if not isinstance(data, Mapping):
        diag(1, "the schema must be a mapping with 'entity_types' and 'relation_types'")
        return Schema(path, {}, {}), diags
    entity_types = _entity_types(data, diag)
    relation_types = _relation_types(data, entity_types, diag)
    return Schema(path, entity_types, relation_types), diags


def _section(data: Mapping, key: str, diag, non_empty: bool) -> Mapping:
    section = data.get(key)
    if isinstance(section, Mapping) and (section or not non_empty):
        return section
    diag(data.lines.get(key, 1), f"{key!r} must be a mapping of type ids")
    return Mapping()


def _entity_types(data: Mapping, diag) -> dict[str, EntityType]:
    section = _section(data, "entity_types", diag, non_empty=True)
    out: dict[str, EntityType] = {}
    for tid, spec in section.items():
        line = section.lines[tid]
        if not TYPE_ID.match(tid):
            diag(line, f"entity type id {tid!r} is not a slug")
            continue
        out[tid] = _entity_type(tid, spec if isinstance(spec, Mapping) else Mapping(), line, diag)
    if "source" not in out:
        diag(1, "the schema must declare the entity type 'source', for the pages that facts cite")
    return out


def _entity_type(tid: str, spec: Mapping, line: int, diag) -> EntityType:
    colour = str(spec.get("colour", FALLBACK_COLOUR))
    if not COLOUR.match(colour):
        diag(spec.lines.get("colour", line), f"colour {colour!r} of {tid!r} is not '#rrggbb'")
        colour = FALLBACK_COLOUR
    shape = str(spec.get("shape", "dot"))
    if shape not in SHAPES:
        diag(spec.lines.get("shape", line), f"shape {shape!r} of {tid!r} is not known",
             f"use one of {', '.join(sorted(SHAPES))}")
        shape = "dot"
    label = str(spec.get("label") or tid.replace("-", " ").capitalize())
    return EntityType(id=tid, label=label, plural=str(spec.get("plural") or label + "s"), colour=colour,
                      shape=shape, description=str(spec.get("description") or ""),
                      start=_attribute_names(tid, spec, "start", line, diag),
                      end=_attribute_names(tid, spec, "end", line, diag),
                      timeless=_timeless(tid, spec, line, diag))


def _timeless(tid: str, spec: Mapping, line: int, diag) -> bool:
    """`timeless: true` marks a type of ideas, which may go undated (a type without `start` is one too)."""
    value = spec.get("timeless", False)
    if not isinstance(value, bool):
        diag(spec.lines.get("timeless", line), f"'timeless' of {tid!r} must be true or false", "e.g. 'timeless: true'")
        return False
    return value


def _attribute_names(tid: str, spec: Mapping, key: str, line: int, diag) -> tuple[str, ...]:
    """The attributes that mark the start (or end) of a life: a name or a list of names."""
    value = spec.get(key)
    if value is None:
        return ()
    names = [value] if isinstance(value, str) else value
    if not isinstance(names, list) or not all(isinstance(n, str) and TYPE_ID.match(n) for n in names):
        diag(spec.lines.get(key, line), f"{key!r} of {tid!r} must be an attribute name or a list of them",
             f"e.g. '{key}: [released, announced]'")
        return ()
    return tuple(names)


def _relation_types(data: Mapping, entity_types: dict[str, EntityType], diag) -> dict[str, RelationType]:
    section = _section(data, "relation_types", diag, non_empty=False)
    out: dict[str, RelationType] = {}
    for rid, spec in section.items():
        line = section.lines[rid]
        if not TYPE_ID.match(rid):
            diag(line, f"relation type id {rid!r} is not a slug")
            continue
        spec = spec if isinstance(spec, Mapping) else Mapping()
        label = str(spec.get("label") or rid.replace("-", " "))
        out[rid] = RelationType(
            id=rid, label=label, inverse=str(spec.get("inverse") or f"{label} (inverse)"),
            sources=_end(rid, spec, "from", line, entity_types, diag),
            targets=_end(rid, spec, "to", line, entity_types, diag),
            description=str(spec.get("description") or ""), allow_self=bool(spec.get("allow_self", False)))
    return out


def _end(rid: str, spec: Mapping, key: str, line: int, entity_types: dict[str, EntityType],
         diag) -> tuple[str, ...] | None:
    """The entity types allowed at one end of a relation type (`from` or `to`); None for any."""
    value = spec.get(key, "*")
    if value == "*" or value is None:
        return None
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        diag(spec.lines.get(key, line), f"{key!r} of {rid!r} must be '*' or a list of entity types")
        return None
    good = []
    for i, t in enumerate(value):
        if t in entity_types:
            good.append(t)
            continue
        near = closest(str(t), entity_types)
        at = value.lines[i] if isinstance(value, Sequence) else spec.lines.get(key, line)
        diag(at, f"{key!r} of {rid!r} names unknown entity type {t!r}", f"did you mean {near!r}?" if near else "")
    return tuple(sorted(good))


def allows(rtype: RelationType, subject_type: str, target_type: str) -> bool:
    """Whether the schema lets `rtype` link an entity of `subject_type` to one of `target_type`."""
    return (rtype.sources is None or subject_type in rtype.sources) and \
        (rtype.targets is None or target_type in rtype.targets)
