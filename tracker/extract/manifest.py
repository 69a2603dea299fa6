"""A folder's manifest of articles (``articles.yaml``): each file's publication date and more.

Either a list of ``{file, published, source, title}`` entries (under
``articles:`` or alone) or a mapping of file names to entries or dates. Each
entry keeps the line of its date, so that a bad date is refused by
``file:line``. A manifest that cannot be read at all is one error for its
whole folder (kept, so that it is reported once).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import yaml

from tracker.errors import InputError

MANIFEST = "articles.yaml"


class ManifestRefused(InputError):
    """A folder's manifest that cannot be read: every article of the folder is refused with this one error."""


@dataclass(frozen=True)
class ManifestEntry:
    values: dict  # published, source, title, ...
    line: int  # of its published value (or of the entry)


@functools.lru_cache(maxsize=256)
def manifest(folder: Path) -> dict[str, ManifestEntry] | ManifestRefused:
    """The folder's manifest by file name, or why it cannot be read (kept, so it is reported once)."""
    path = folder / MANIFEST
    try:
        if not path.is_file():
            return {}
        return _manifest_entries(path)
    except ManifestRefused as refused:
        return refused


def _manifest_entries(path: Path) -> dict[str, ManifestEntry]:
    from tracker.yaml_input import error_line, error_text, strict_loader

    try:
        raw = path.read_bytes()
    except OSError as error:
        raise ManifestRefused(f"cannot read ({error.strerror or error})", str(path)) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[:error.start].count(b"\n") + 1
        raise ManifestRefused("not UTF-8 text", str(path), line) from None
    loader = strict_loader(frozenset({"file", "published"}))(text)
    try:
        root = loader.get_single_node()
        data = loader.construct_document(root) if root is not None else None
    except yaml.YAMLError as error:
        raise ManifestRefused(f"not valid YAML: {error_text(error)}", str(path), error_line(error)) from None
    except RecursionError:
        raise ManifestRefused("not valid YAML: nested too deeply", str(path), loader.get_mark().line + 1) from None
    finally:
        loader.dispose()
    if data is None:
        return {}
    entries, node = (data.get("articles", data), _mapping_value(root, "articles") or root) \
        if isinstance(data, dict) else (data, root)
    if isinstance(entries, dict):  # name: {published: ...} or name: date
        found = {}
        for (name_node, value_node), (name, value) in zip(node.value, entries.items()):
            date = _mapping_value(value_node, "published") if isinstance(value_node, yaml.MappingNode) else None
            found[str(name)] = ManifestEntry(value if isinstance(value, dict) else {"published": value},
                                              (date or value_node or name_node).start_mark.line + 1)
        return found
    if isinstance(entries, list):  # - {file: name, published: ...}
        found = {}
        for entry_node, entry in zip(node.value, entries):
            if isinstance(entry, dict) and "file" in entry:
                date = _mapping_value(entry_node, "published")
                found[str(entry["file"])] = ManifestEntry(entry, (date or entry_node).start_mark.line + 1)
        return found
    raise ManifestRefused("expected a list of {file, published} entries under `articles:`", str(path),
                          node.start_mark.line + 1)


def _mapping_value(node, key: str):
    """The value node under ``key`` in a YAML mapping node, else None."""
    if not isinstance(node, yaml.MappingNode):
        return None
    return next((value for name, value in node.value if getattr(name, "value", None) == key), None)
