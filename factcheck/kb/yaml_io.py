"""YAML for the knowledge-base files: a deterministic dumper and a loader that keeps line numbers.

The loader builds plain data straight from the parser's events (libyaml's C parser when PyYAML has
it), so every mapping knows the line it starts on and the line of each key. That is how a finding
names ``claims/<slug>.yaml:LINE``. It accepts what ``yaml.safe_load`` accepts, except that a
duplicate key is an error here (``safe_load`` silently keeps the last one, which hides hand edits)
and so is an alias (``*name``: nested aliases expand to billions of values).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

try:  # libyaml's parser is several times faster; fall back to the pure-Python one without it
    from yaml._yaml import CParser as _Parser
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Parser  # type: ignore[assignment]

_STANDARD_COLLECTION_TAGS = {None, "!", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}


class YamlError(Exception):
    """A file is not usable YAML; ``line`` is 1-based (None when unknown)."""

    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


class Mapping(dict[Any, Any]):
    """A dict that remembers where it was in its file: ``line`` and the line of each key."""

    __slots__ = ("line", "key_lines")

    def __init__(self, line: int = 0) -> None:
        super().__init__()
        self.line = line
        self.key_lines: dict[Any, int] = {}

    def line_of(self, key: str) -> int:
        """The line of ``key`` when present, else the line the mapping starts on."""
        return self.key_lines.get(key, self.line)


class Sequence(list[Any]):
    """A list that remembers the line it starts on."""

    __slots__ = ("line",)

    def __init__(self, line: int = 0) -> None:
        super().__init__()
        self.line = line


class _Builder:
    """Turns a parser's event stream into Mapping/Sequence/scalars, resolving as safe_load does."""

    def __init__(self, text: str) -> None:
        self.next_event: Callable[[], Any] = _Parser(text).get_event
        self.resolver = Resolver()
        self.constructor = SafeConstructor()
        self.anchors: dict[str, Any] = {}
        self.plain_cache: dict[str, Any] = {}

    def document(self) -> Any:
        self._expect(yaml.StreamStartEvent)
        event = self.next_event()
        if isinstance(event, yaml.StreamEndEvent):
            return None
        value = self.node(self.next_event())
        self._expect(yaml.DocumentEndEvent)
        end = self.next_event()
        if not isinstance(end, yaml.StreamEndEvent):
            raise YamlError("expected one YAML document, found several", _line(end))
        return value

    def _expect(self, kind: type) -> None:
        event = self.next_event()
        if not isinstance(event, kind):  # pragma: no cover - the parser guarantees the order
            raise YamlError(f"unexpected {type(event).__name__}", _line(event))

    def node(self, event: Any) -> Any:
        kind = type(event)
        if kind is yaml.ScalarEvent:
            value = self.scalar(event)
        elif kind is yaml.MappingStartEvent:
            value = self.mapping(event)
        elif kind is yaml.SequenceStartEvent:
            value = self.sequence(event)
        elif kind is yaml.AliasEvent:
            if event.anchor not in self.anchors:
                raise YamlError(f"unknown alias *{event.anchor}", _line(event))
            # Nine aliases of nine aliases ... are a billion values to whoever walks the data
            # (validation, the JSON of an article's meta): the files never need them.
            raise YamlError(
                f"alias *{event.anchor}: YAML aliases are not allowed in knowledge-base files",
                _line(event),
            )
        else:  # pragma: no cover - the parser guarantees the order
            raise YamlError(f"unexpected {kind.__name__}", _line(event))
        if event.anchor is not None:
            self.anchors[event.anchor] = value
        return value

    def mapping(self, start: Any) -> Mapping:
        self._check_collection_tag(start)
        mapping = Mapping(_line(start) or 0)
        if start.anchor is not None:  # so that an alias inside refers to this very mapping
            self.anchors[start.anchor] = mapping
        while True:
            event = self.next_event()
            if type(event) is yaml.MappingEndEvent:
                return mapping
            if type(event) is yaml.ScalarEvent and event.anchor is None and event.tag is None:
                key = self.scalar(event)  # the common case, without the generic dispatch
            else:
                key = self.node(event)
            try:
                duplicate = key in mapping
            except TypeError:
                raise YamlError("a mapping key must be a plain value", _line(event)) from None
            if duplicate:
                raise YamlError(f"duplicate key {key!r}", _line(event))
            mapping.key_lines[key] = event.start_mark.line + 1
            value_event = self.next_event()
            if type(value_event) is yaml.ScalarEvent and value_event.anchor is None:
                mapping[key] = self.scalar(value_event)
            else:
                mapping[key] = self.node(value_event)

    def sequence(self, start: Any) -> Sequence:
        self._check_collection_tag(start)
        sequence = Sequence(_line(start) or 0)
        if start.anchor is not None:
            self.anchors[start.anchor] = sequence
        while True:
            event = self.next_event()
            if type(event) is yaml.SequenceEndEvent:
                return sequence
            sequence.append(self.node(event))

    def _check_collection_tag(self, event: Any) -> None:
        if event.tag not in _STANDARD_COLLECTION_TAGS:
            raise YamlError(f"unsupported tag {event.tag}", _line(event))

    def scalar(self, event: Any) -> Any:
        value = event.value
        if event.tag is not None and event.tag != "!":
            return self._construct(event.tag, event)
        if not event.implicit[0] or (value and value[0] not in _IMPLICIT_FIRST):
            return value  # quoted, a block, or plain text no implicit type can start with
        if value.isdigit() and value.isascii() and (value[0] != "0" or value == "0"):
            return int(value)  # offsets and counts; a leading 0 would be YAML 1.1 octal
        cached = self.plain_cache.get(value, _MISSING)
        if cached is _MISSING:
            tag = self.resolver.resolve(ScalarNode, value, (True, False))
            cached = self.plain_cache[value] = self._construct(tag, event)
        return cached

    def _construct(self, tag: str, event: Any) -> Any:
        if tag == "tag:yaml.org,2002:str":
            return event.value
        node = ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        try:
            return self.constructor.construct_object(node, deep=True)
        except yaml.YAMLError as exc:
            raise YamlError(getattr(exc, "problem", None) or str(exc), _line(event)) from None
        except (ValueError, OverflowError) as exc:  # a date such as 2026-13-45
            raise YamlError(
                f"{event.value!r} is not a valid {tag.rsplit(':', 1)[-1]}: {exc}", _line(event)
            ) from None
        finally:
            self.constructor.constructed_objects.clear()


_MISSING = object()
# The first characters of every implicit (non-string) plain scalar PyYAML's safe resolver knows:
# bool (yes/no/true/false/on/off), int, float, null (~, null, and the empty string), timestamp,
# merge (<<), value (=) and the reserved ! & *. Plain text starting with anything else is a string.
_IMPLICIT_FIRST = frozenset("yYnNtTfFoO-+0123456789.<~=!&*")


def _line(event: Any) -> int | None:
    mark = getattr(event, "start_mark", None)
    return None if mark is None else mark.line + 1


def load_yaml(text: str) -> Any:
    """Parse one YAML document into Mapping/Sequence/scalars; YamlError names the line."""
    try:
        return _Builder(text).document()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        raise YamlError(exc.problem or exc.context or "malformed YAML", line) from None
    except yaml.YAMLError as exc:
        raise YamlError(str(exc) or "malformed YAML", None) from None
    except RecursionError:
        raise YamlError("nested too deeply", None) from None


# --- dumping ------------------------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    """Block style, with multi-line strings as literal blocks so article text diffs by line."""

    def ignore_aliases(self, data: Any) -> bool:
        # Never &anchors: whether two values are one object in memory must not change the file.
        return True


def _str_representer(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style: str | None = None
    if not _printable(value):
        # PyYAML may write NEL or a line separator raw in a plain or single-quoted scalar, where
        # a reader folds it into a space; double quotes escape them.
        style = '"'
    elif "\n" in value and not any(line != line.rstrip(" \t") for line in value.split("\n")):
        style = "|"  # literal blocks cannot carry trailing spaces faithfully
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _printable(value: str) -> bool:
    return value.isprintable() or all(ch in "\n\t" or ch.isprintable() for ch in value)


def _list_representer(dumper: yaml.SafeDumper, value: list[Any]) -> yaml.SequenceNode:
    # Offsets such as [[0, 65], [67, 117]] stay on one line instead of four lines per pair.
    flow = bool(value) and all(_is_int(v) or _is_int_list(v) for v in value)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=flow or None)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_int_list(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(_is_int(v) for v in value)


_Dumper.add_representer(str, _str_representer)
_Dumper.add_representer(list, _list_representer)
_Dumper.add_representer(Mapping, yaml.SafeDumper.represent_dict)
_Dumper.add_representer(Sequence, _list_representer)


def dump_yaml(data: Any) -> str:
    """The one way knowledge-base files are written: sorted keys, block style, 100 columns."""
    return yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=True,
        allow_unicode=True,
        default_flow_style=False,
        width=100,
    )
