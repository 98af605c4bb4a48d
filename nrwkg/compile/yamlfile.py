"""Read a curated YAML file, keeping the line of every mapping and value for error messages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from nrwkg.compile.controls import CONTROL, describe, escape_line, message, refuse_in_text
from nrwkg.errors import InputError

__all__ = ["Entry", "load_yaml", "require"]


class Entry(dict):
    """A YAML mapping that remembers its file, its line and the line where each value starts."""

    path: Path
    line: int
    value_lines: dict[str, int]
    block_keys: set[str]

    def line_of(self, key: str) -> int:
        return self.value_lines.get(key, self.line)

    def error(self, message: str, key: str | None = None) -> InputError:
        return InputError(self.path, self.line_of(key) if key else self.line, message)


def load_yaml(path: Path) -> Any:
    """Parse `path`; malformed YAML, duplicate keys and control characters (nrwkg.compile.controls,
    written as such or as an escape) raise InputError with the line; a file above the input size
    limit (nrwkg.compile.limits) is refused before it is read."""
    from nrwkg.compile.limits import check_input_size

    check_input_size(path)

    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(path, None, f"not UTF-8: {exc}") from None
    try:
        return yaml.load(text, Loader=_loader(path, _FAST))  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError:
        pass  # libyaml words some problems differently: the pure-Python parser gives the message
    except yaml.reader.ReaderError as exc:
        raise _unacceptable(path, text, exc) from None
    try:
        return yaml.load(text, Loader=_loader(path, yaml.SafeLoader))  # noqa: S506 - a SafeLoader subclass
    except yaml.reader.ReaderError as exc:
        raise _unacceptable(path, text, exc) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise InputError(path, line, f"malformed YAML: {exc.problem or exc.context}") from None


def _unacceptable(path: Path, text: str, exc: yaml.reader.ReaderError) -> InputError:
    """A character YAML does not allow in a file: a control character, or another one it refuses
    (U+0080 to U+009F but U+0085, U+FFFE …), at its line."""
    refuse_in_text(path, text)
    ch = chr(exc.character) if isinstance(exc.character, int) else str(exc.character)
    at = text.find(ch)
    return InputError(path, text.count("\n", 0, at) + 1 if at >= 0 else None,
                      f"character {describe(ch)} is not allowed in YAML ({exc.reason})")


def _escaped(path: Path, node: yaml.ScalarNode, value: str) -> InputError:
    """A double-quoted scalar whose escape writes a control character, at the line of the escape."""
    found = CONTROL.search(value)
    assert found is not None
    lines = path.read_text(encoding="utf-8").split("\n")
    index = escape_line(lines, node.start_mark.line, node.end_mark.line)
    return InputError(path, (node.start_mark.line if index is None else index) + 1, message(found.group()))


# libyaml's parser (C) when PyYAML was built with it: the same nodes and marks, ten times faster
_FAST = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _loader(path: Path, base: type) -> type:
    """`base` constructing every mapping as an Entry of `path` (duplicate keys raise InputError)."""

    class Loader(base):
        pass

    def construct_mapping(loader, node: yaml.MappingNode) -> Entry:
        entry = Entry()
        entry.path, entry.line, entry.value_lines, entry.block_keys = path, node.start_mark.line + 1, {}, set()
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if key in entry:
                raise InputError(path, key_node.start_mark.line + 1, f"duplicate key {key!r}")
            entry[key] = loader.construct_object(value_node, deep=True)
            block = isinstance(value_node, yaml.ScalarNode) and value_node.style in ("|", ">")
            entry.value_lines[key] = value_node.start_mark.line + 1 + (1 if block else 0)
            if block:
                entry.block_keys.add(key)
        return entry

    def construct_str(loader, node: yaml.ScalarNode) -> str:
        value = loader.construct_scalar(node)
        # only a double-quoted scalar has escapes: a control character written as such is refused
        # by YAML's reader before any node is made
        if node.style == '"' and CONTROL.search(value):
            raise _escaped(path, node, value)
        return value

    Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, construct_mapping)
    Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SCALAR_TAG, construct_str)
    return Loader


def require(entry: Any, key: str, kind: type = str, where: Entry | None = None) -> Any:
    """Return entry[key] if present and of `kind`; otherwise raise InputError at the entry's line."""
    if not isinstance(entry, Entry):
        raise (where.error("expected a mapping") if where else ValueError("expected a mapping"))
    if key not in entry or entry[key] is None:
        raise entry.error(f"missing field {key!r}")
    value = entry[key]
    if not isinstance(value, kind):
        raise entry.error(f"field {key!r} must be a {kind.__name__}, got {type(value).__name__}", key)
    return value
