"""The one way the tracker reads YAML it is given (replay scripts, article manifests).

PyYAML's safe loader, stricter:

- no aliases (``*name``): a few hundred bytes of nested aliases ("billion
  laughs") expand to more values than memory holds, and no script or manifest
  needs them;
- no repeated keys (YAML forbids them; PyYAML would keep the last value and
  hide a typo);
- dates kept as the text written, so that the tracker's own date rules check
  them and errors keep their line;
- numbers too long to convert are an error, not a crash;
- the values of the keys named ``as_written`` (ids, symbols, resolution
  numbers) stay the text as written: ``draft: 010`` is "010", not 8, and
  ``12:30`` is "12:30", not 750.
"""

from __future__ import annotations

import functools

import yaml

_STR = "tag:yaml.org,2002:str"
# What YAML 1.1 turns plain text into that an id must not become.
_RETYPED = frozenset({"tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:bool",
                      "tag:yaml.org,2002:timestamp"})


@functools.cache
def strict_loader(as_written: frozenset[str] = frozenset()) -> type:
    """A loader class (use ``Loader(text)``) with the rules above; ``as_written`` names keys kept as text."""

    class StrictLoader(yaml.SafeLoader):
        def compose_node(self, parent, index):
            if self.check_event(yaml.AliasEvent):
                event = self.peek_event()
                raise yaml.composer.ComposerError(None, None, f"an alias (*{event.anchor}): aliases are not allowed",
                                                  event.start_mark)
            return super().compose_node(parent, index)

        def construct_mapping(self, node, deep=False):
            if isinstance(node, yaml.MappingNode):
                seen = set()
                for key_node, value_node in node.value:
                    if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                        continue
                    if key_node.value in seen:
                        raise yaml.constructor.ConstructorError(
                            None, None, f"the key {key_node.value!r} appears twice in one mapping",
                            key_node.start_mark)
                    seen.add(key_node.value)
                    if (key_node.value in as_written and isinstance(value_node, yaml.ScalarNode)
                            and value_node.tag in _RETYPED):
                        value_node.tag = _STR
            return super().construct_mapping(node, deep)

    def number(loader, node):
        try:
            return yaml.SafeLoader.construct_yaml_int(loader, node)
        except ValueError:  # more digits than Python converts
            raise yaml.constructor.ConstructorError(None, None, "a number too long to read", node.start_mark) from None

    StrictLoader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))
    StrictLoader.add_constructor("tag:yaml.org,2002:int", number)
    return StrictLoader


def error_line(error: yaml.YAMLError) -> int | None:
    """The line (from 1) a YAML error points at, when it points at one."""
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    return mark.line + 1 if mark else None


def error_text(error: yaml.YAMLError) -> str:
    """What a YAML error says, in one line."""
    if isinstance(error, yaml.MarkedYAMLError):
        return str(error.problem or error.context)
    return str(error).splitlines()[0]
