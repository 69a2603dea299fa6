"""Rows of text cells in aligned columns: the tables the CLI prints.

The layout is tabulate's "plain" format (cells stripped, left-aligned,
two spaces between columns). Most tables hold only characters one column
wide, and those are laid out here; a table with anything else (wide East
Asian characters, combining marks, control characters, line breaks) goes to
tabulate, whose width rules know them. Importing tabulate costs a report
more than reading a small database does, so it is loaded only then.
"""

from __future__ import annotations

import re
import unicodedata

GAP = "  "
# Characters one column wide whatever the terminal: narrow, half-width or ambiguous East
# Asian width, and not a mark, a format or control character or a separator but the space.
_NARROW_WIDTHS = frozenset({"N", "Na", "H", "A"})
_ZERO_OR_ODD = frozenset({"Mn", "Me", "Mc", "Cf", "Cc", "Cs", "Co", "Cn", "Zl", "Zp"})


def lines(rows: list[list[str]]) -> list[str]:
    """The table's lines, trailing spaces removed; ``rows[0]`` is usually the headings."""
    return column_lines([list(column) for column in zip(*rows)])


def column_lines(columns: list[list[str]]) -> list[str]:
    """The lines of the table whose columns these are (each a list of cells, heading first).

    A few C-level passes per column and one ``str.format`` per line: a whole-database
    report lays out millions of cells.
    """
    # Width is a property of each character, so the table is narrow when all its text is.
    if not _narrow("".join(map("".join, columns))):
        from tabulate import tabulate

        text = tabulate(list(zip(*columns)), tablefmt="plain", disable_numparse=True)
        return [line.rstrip() for line in text.splitlines()]
    stripped = [list(map(str.strip, column)) for column in columns]
    line = GAP.join(f"{{:<{max(map(len, column))}}}" for column in stripped).format
    return [line(*cells).rstrip() for cells in zip(*stripped)]


def _narrow(cell: str) -> bool:
    """Every character of the cell is one column wide and the cell is one line."""
    if cell.isascii():
        return cell.isprintable()
    for char in set(_NOT_PRINTABLE_ASCII.findall(cell)):  # each other character once: few, in most text
        narrow = _NARROW_CHARACTERS.get(char)
        if narrow is None:
            narrow = _NARROW_CHARACTERS[char] = char.isprintable() and (char.isascii() or (
                unicodedata.east_asian_width(char) in _NARROW_WIDTHS and unicodedata.category(char) not in _ZERO_OR_ODD))
        if not narrow:
            return False
    return True


_NARROW_CHARACTERS: dict[str, bool] = {}
_NOT_PRINTABLE_ASCII = re.compile("[^\x20-\x7e]")
