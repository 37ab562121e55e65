"""A streaming XLSX writer: sheets of rows written as XML text, zipped once at the end.

Why not openpyxl or XlsxWriter: both write a cell at a time through Python
objects, about 8 µs a cell here, so a province's explanation sheet (712 000
rows of 14 cells) takes over a minute (benchmarks/README.md). Here a row is
one piece of text made from per-rule-set constants and the few values of the
record, so it can be made anywhere (in a worker process too) and written as it
comes; nothing per row is kept in memory.

The file holds what Excel, LibreOffice and openpyxl read: the workbook, one
part per sheet, a style sheet of the number formats below, and a table of the
strings that repeat (labels, citations). Rows and cells carry no ``r``
reference: ECMA-376 makes it optional, the position is the order, which is
what lets a row be made before its number is known; an empty value is written
as an empty cell so that the columns stay in place.

Numbers are written as the exact decimal text of their value, which Excel
reads to the nearest double: exact for what it can show, 15 significant
digits. A value with more digits is written as text (exact, but not summed
by Excel); so is an infinite or not-a-number value.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
import zipfile
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import IO, Any, Literal

import attrs

__all__ = [
    "EMPTY",
    "MAX_ROWS",
    "Book",
    "Column",
    "Family",
    "Number",
    "Sheet",
    "Strings",
    "cells",
    "escape",
    "number",
    "shared",
    "style_of",
    "text",
]

#: How a number is shown: VND amounts, points, percentages (0-100 in coopeval,
#: stored as the fraction Excel's ``%`` expects), a share shown with one decimal,
#: or a plain number (counts, years, rows).
Family = Literal["vnd", "points", "percent", "share", "plain"]

#: Rows of one Excel sheet (the header included); more rows go on to a next sheet.
MAX_ROWS = 1_048_576
#: Characters of one Excel cell; longer text is cut (and marked).
MAX_CHARS = 32_767
#: The most decimals a number format shows; more are still stored, shown rounded.
MAX_PLACES = 6
#: Excel's limit on a sheet's name, and the characters it refuses in one.
MAX_NAME = 31
_BAD_NAME = re.compile(r"[\[\]:*?/\\]")

EMPTY = "<c/>"

_NUMBER_FORMATS: dict[Family, tuple[str, str]] = {
    # (whole, fraction): the fraction's zeros are repeated per decimal place.
    "vnd": ("#,##0", "#,##0."),
    "points": ("0.00", "0."),
    "percent": ("0.0%", "0."),
    "share": ("0.0%", "0.0%"),
    "plain": ("General", "General"),
}

# Cell styles (xf indices): 0 default, 1 header, 2 code-column header, 3 wrapped text,
# then per family one style per number of decimal places (0..MAX_PLACES).
HEADER, CODE_HEADER, WRAP = 1, 2, 3
_FIRST_NUMBER = 4
_FAMILIES: tuple[Family, ...] = ("vnd", "points", "percent", "share", "plain")


def _format_code(family: Family, places: int) -> str:
    whole, fraction = _NUMBER_FORMATS[family]
    if family == "points":  # 0.00 always: a half point must never look like a whole one
        return "0." + "0" * max(places, 2)
    if family == "share" or family == "plain" or places == 0:
        return whole
    if family == "percent":
        return "0." + "0" * places + "%"
    return fraction + "0" * places


def style_of(family: Family, places: int) -> int:
    """The cell style of a number of ``family`` shown with ``places`` decimals."""
    return _FIRST_NUMBER + _FAMILIES.index(family) * (MAX_PLACES + 1) + min(places, MAX_PLACES)


# XML 1.0 refuses most control characters: they are written as Excel's _xHHHH_ escapes.
_ESCAPES = {ord("&"): "&amp;", ord("<"): "&lt;", ord(">"): "&gt;"}
_ESCAPES.update({c: f"_x{c:04X}_" for c in range(32) if c not in (9, 10, 13)})
_ESCAPES.update({c: f"_x{c:04X}_" for c in (0xFFFE, 0xFFFF)})
_SURROGATE = re.compile("[\ud800-\udfff]")


def escape(value: str) -> str:
    """``value`` as XML text of a cell: markup and control characters escaped."""
    found = value.translate(_ESCAPES)
    if len(found) > MAX_CHARS:
        found = found[: MAX_CHARS - 1] + "…"
    return _SURROGATE.sub("\ufffd", found)


def text(value: str | None) -> str:
    """A cell holding ``value`` as text (an inline string); ``None`` or ``""``: empty."""
    if not value:
        return EMPTY
    space = ' xml:space="preserve"' if value[0].isspace() or value[-1].isspace() else ""
    return f'<c t="inlineStr"><is><t{space}>{escape(value)}</t></is></c>'


def shared(index: int, style: int = 0) -> str:
    """A cell holding string number ``index`` of the workbook's `Strings`."""
    return f'<c t="s"{_s(style)}><v>{index}</v></c>'


def _s(style: int) -> str:
    return f' s="{style}"' if style else ""


#: The ``s`` attribute of each family's number styles, by decimal places.
_STYLES: dict[Family, list[str]] = {
    family: [_s(style_of(family, places)) for places in range(MAX_PLACES + 1)]
    for family in _FAMILIES
}
#: The same by the places a value has (up to 15, the most a plain decimal of 15
#: characters has): capped at `MAX_PLACES`, and points shown with 2 when not whole.
_SHOWN: dict[Family, tuple[str, ...]] = {
    family: tuple(
        _STYLES[family][
            min(max(places, 2) if places and family == "points" else places, MAX_PLACES)
        ]
        for places in range(16)
    )
    for family in _FAMILIES
}


#: The smallest and largest decimal exponents a double holds.
_EXPONENTS = range(-307, 308)


def number(value: Decimal | int | None, family: Family = "plain") -> str:
    """A cell holding ``value`` as a number shown in ``family``'s format, exactly.

    The stored text is the value's own decimal text (a percentage divided by
    100), so nothing is rounded on the way; up to 15 significant digits, which a
    double holds exactly as shown. More digits, infinities and NaN: text.
    """
    if value.__class__ is Decimal:
        shown = str(value)
        # This runs for every number of a province's sheets: the decimal's text says
        # its places and digits without building its digit tuple. At most 15
        # characters, no exponent, ending in a digit: at most 15 digits, finite.
        if len(shown) <= 15 and shown[-1].isdigit() and "E" not in shown:
            dot = shown.find(".")
            style = _SHOWN[family][0 if dot < 0 else len(shown) - dot - 1]
            if family == "percent" or family == "share":
                shown = str(value.scaleb(-2))
            return f"<c{style}><v>{shown}</v></c>"
        if "E" in shown or not shown[-1].isdigit():
            return _unusual(value, family)
        if len(shown.replace(".", "").lstrip("-0")) > 15:
            return text(shown)
        dot = shown.find(".")
        style = _SHOWN[family][min(0 if dot < 0 else len(shown) - dot - 1, 15)]
        if family == "percent" or family == "share":
            shown = str(value.scaleb(-2))
        return f"<c{style}><v>{shown}</v></c>"
    if value is None:
        return EMPTY
    if isinstance(value, bool):
        return text(str(value).lower())
    if isinstance(value, int):
        if -(10**15) < value < 10**15:
            return f"<c{_STYLES[family][0]}><v>{value}</v></c>"
        return text(str(value))
    return text(str(value))


def _unusual(value: Decimal, family: Family) -> str:
    """A decimal written with an exponent (``1E+3``), or not finite."""
    _, digits, exponent = value.as_tuple()
    if not isinstance(exponent, int) or len(digits) > 15 or value.adjusted() not in _EXPONENTS:
        return text(str(value))
    places = -exponent if exponent < 0 else 0
    if family == "percent" or family == "share":
        value = value.scaleb(-2)
    elif family == "points" and places:
        places = max(places, 2)
    return f"<c{_STYLES[family][min(places, MAX_PLACES)]}><v>{value}</v></c>"


@attrs.frozen
class Number:
    """A number with the family it is shown in, for `cells`."""

    value: Decimal | int | None
    family: Family = "plain"


def cells(values: Iterable[Any]) -> str:
    """One row's cells from plain values: text, numbers (plain), `Number`, dates, ``None``."""
    found = []
    for value in values:
        if value is None or isinstance(value, str):
            found.append(text(value))
        elif isinstance(value, Number):
            found.append(number(value.value, value.family))
        elif isinstance(value, int | Decimal):
            found.append(number(value))
        elif isinstance(value, dt.date):
            found.append(text(value.isoformat()))
        else:
            found.append(text(str(value)))
    return "".join(found)


class Strings:
    """The workbook's table of repeated strings: the same index for the same text."""

    def __init__(self) -> None:
        self.texts: list[str] = []
        self.index: dict[str, int] = {}

    def cell(self, value: str | None, style: int = 0) -> str:
        """A cell of ``value`` from the table (added if new); ``None`` or ``""``: empty."""
        if not value:
            return EMPTY
        found = self.index.get(value)
        if found is None:
            found = self.index[value] = len(self.texts)
            self.texts.append(value)
        return shared(found, style)


@attrs.frozen
class Column:
    """A column of a sheet: its header, width in characters, and whether it holds codes."""

    header: str
    width: float = 12
    code: bool = False
    hidden: bool = False


class Sheet:
    """Rows of one sheet as XML text, kept in a temporary file until the book is saved.

    When a sheet is full (`MAX_ROWS`), rows go on to a new sheet of the same
    columns, named ``Name (2)``.
    """

    def __init__(
        self,
        book: Book,
        name: str,
        columns: Sequence[Column],
        *,
        filter_rows: bool,
        base: str = "",
    ) -> None:
        self.book = book
        self.name = name
        #: The name it was asked for: a continuation is named after it.
        self.base = base or name
        self.columns = tuple(columns)
        self.filter_rows = filter_rows
        self.rows = 0
        # Closed by the book (close or discard), not here: it outlives this call.
        self.file: IO[bytes] = tempfile.TemporaryFile(dir=book.folder)  # noqa: SIM115
        self.buffer: list[str] = []
        self.size = 0
        self.next: Sheet | None = None
        self.filter_end: int | None = None
        header = "".join(
            text(c.header).replace("<c ", f'<c s="{CODE_HEADER if c.code else HEADER}" ', 1)
            if c.header
            else EMPTY
            for c in self.columns
        )
        self.write(f"<row>{header}</row>", 1)

    def write(self, xml: str, rows: int) -> None:
        """Append ``rows`` rows, given as their XML text (``<row>…</row>`` each)."""
        if self.next is not None:
            self.next.write(xml, rows)
            return
        if self.rows + rows > MAX_ROWS and self.rows > 1:
            self.next = self.book.continued(self)
            self.next.write(xml, rows)
            return
        self.rows += rows
        self.buffer.append(xml)
        self.size += len(xml)
        if self.size > 1 << 20:
            self.flush()

    def append(self, values: Iterable[Any]) -> None:
        """Append one row of plain values (see `cells`)."""
        self.write(f"<row>{cells(values)}</row>", 1)

    def end_filter(self) -> None:
        """The filter covers the rows written so far (a table above other content)."""
        self.filter_end = self.rows

    def flush(self) -> None:
        self.file.write("".join(self.buffer).encode("utf-8"))
        self.buffer.clear()
        self.size = 0

    def head(self, selected: bool) -> str:
        tab = ' tabSelected="1"' if selected else ""
        cols = "".join(
            f'<col min="{n}" max="{n}" width="{c.width:g}" customWidth="1"'
            + (' hidden="1"' if c.hidden else "")
            + "/>"
            for n, c in enumerate(self.columns, 1)
        )
        return (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}">'
            f'<sheetViews><sheetView workbookViewId="0"{tab}>'
            '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
            '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/>'
            "</sheetView></sheetViews>"
            '<sheetFormatPr defaultRowHeight="15"/>'
            + (f"<cols>{cols}</cols>" if cols else "")
            + "<sheetData>"
        )

    def filter_ref(self) -> str | None:
        """The range of the header's filter, ``A1:K712001``; ``None``: no filter."""
        if not self.filter_rows or not self.columns:
            return None
        last = self.filter_end or self.rows
        return f"A1:{column_letter(len(self.columns))}{last}"

    def tail(self) -> str:
        ref = self.filter_ref()
        return "</sheetData>" + (f'<autoFilter ref="{ref}"/>' if ref else "") + "</worksheet>"


def column_letter(number: int) -> str:
    """``1`` → ``A``, ``27`` → ``AA``."""
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def sheet_name(name: str, taken: Iterable[str]) -> str:
    """A name Excel accepts (31 characters, none of ``[]:*?/\\``), unlike any taken."""
    base = _BAD_NAME.sub("_", name).strip("'")[:MAX_NAME] or "Sheet"
    taken = {t.casefold() for t in taken}
    found, number = base, 2
    while found.casefold() in taken:
        suffix = f" ({number})"
        found, number = base[: MAX_NAME - len(suffix)] + suffix, number + 1
    return found


class Book:
    """A workbook written to ``path`` when closed; its sheets' rows wait in temporary files.

    The temporary files are in the folder of ``path`` (unnamed, removed when
    closed), so a large book needs free space there, not in the system's
    temporary folder.
    """

    def __init__(self, path: str | os.PathLike[str], strings: Strings | None = None) -> None:
        self.path = os.fspath(path)
        self.folder = os.path.dirname(os.path.abspath(self.path))
        self.strings = strings or Strings()
        self.sheets: list[Sheet] = []

    def sheet(self, name: str, columns: Sequence[Column], *, filter_rows: bool = True) -> Sheet:
        """A new sheet, after the others, with a bold frozen header row and a filter."""
        found = Sheet(
            self, sheet_name(name, (s.name for s in self.sheets)), columns, filter_rows=filter_rows
        )
        self.sheets.append(found)
        return found

    def continued(self, full: Sheet) -> Sheet:
        """The sheet that takes the rows of ``full`` once it holds `MAX_ROWS`."""
        found = Sheet(
            self,
            sheet_name(full.base, (s.name for s in self.sheets)),
            full.columns,
            filter_rows=full.filter_rows,
            base=full.base,
        )
        self.sheets.insert(self.sheets.index(full) + 1, found)
        return found

    def close(self) -> None:
        """Write the workbook to its path, and remove the temporary files."""
        try:
            with zipfile.ZipFile(self.path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
                self._write(zf)
        finally:
            for sheet in self.sheets:
                sheet.file.close()

    def discard(self) -> None:
        """Remove the temporary files without writing the workbook."""
        for sheet in self.sheets:
            sheet.file.close()

    def _write(self, zf: zipfile.ZipFile) -> None:
        count = len(self.sheets)
        zf.writestr("[Content_Types].xml", _content_types(count))
        zf.writestr("_rels/.rels", _ROOT_RELS)
        zf.writestr("xl/workbook.xml", self._workbook())
        zf.writestr("xl/_rels/workbook.xml.rels", _workbook_rels(count))
        zf.writestr("xl/styles.xml", _styles())
        zf.writestr("xl/sharedStrings.xml", _shared_strings(self.strings.texts))
        for number, sheet in enumerate(self.sheets, 1):
            sheet.flush()
            size = sheet.file.tell()
            sheet.file.seek(0)
            name = f"xl/worksheets/sheet{number}.xml"
            with zf.open(name, "w", force_zip64=size > 1 << 31) as part:
                part.write(sheet.head(number == 1).encode("utf-8"))
                while chunk := sheet.file.read(1 << 20):
                    part.write(chunk)
                part.write(sheet.tail().encode("utf-8"))

    def _workbook(self) -> str:
        sheets = "".join(
            f'<sheet name="{escape(s.name)}" sheetId="{n}" r:id="rId{n}"/>'
            for n, s in enumerate(self.sheets, 1)
        )
        names = "".join(
            f'<definedName name="_xlnm._FilterDatabase" localSheetId="{n}" hidden="1">'
            f"{escape(_quoted(s.name))}!{_absolute(ref)}</definedName>"
            for n, s in enumerate(self.sheets)
            if (ref := s.filter_ref()) is not None
        )
        return (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}">'
            '<bookViews><workbookView activeTab="0"/></bookViews>'
            f"<sheets>{sheets}</sheets>"
            + (f"<definedNames>{names}</definedNames>" if names else "")
            + "</workbook>"
        )


def _quoted(name: str) -> str:
    return "'" + name.replace("'", "''") + "'"


def _absolute(ref: str) -> str:
    return ":".join(re.sub(r"([A-Z]+)(\d+)", r"$\1$\2", part) for part in ref.split(":"))


_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<Relationships xmlns="{_PACKAGE_REL}">'
    f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)


def _content_types(sheets: int) -> str:
    main = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    parts = "".join(
        f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="{main}.worksheet+xml"/>'
        for n in range(1, sheets + 1)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{main}.sheet.main+xml"/>'
        f'<Override PartName="/xl/styles.xml" ContentType="{main}.styles+xml"/>'
        f'<Override PartName="/xl/sharedStrings.xml" ContentType="{main}.sharedStrings+xml"/>'
        f"{parts}</Types>"
    )


def _workbook_rels(sheets: int) -> str:
    rels = "".join(
        f'<Relationship Id="rId{n}" Type="{_REL}/worksheet" Target="worksheets/sheet{n}.xml"/>'
        for n in range(1, sheets + 1)
    )
    rels += f'<Relationship Id="rId{sheets + 1}" Type="{_REL}/styles" Target="styles.xml"/>'
    rels += (
        f'<Relationship Id="rId{sheets + 2}" Type="{_REL}/sharedStrings" '
        'Target="sharedStrings.xml"/>'
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<Relationships xmlns="{_PACKAGE_REL}">{rels}</Relationships>'
    )


def _styles() -> str:
    codes: list[str] = []
    xfs = [
        '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>',
        '<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" '
        'applyFill="1" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>',
        '<xf numFmtId="0" fontId="2" fillId="3" borderId="0" xfId="0" applyFont="1" '
        'applyFill="1" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>',
        '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1">'
        '<alignment vertical="top" wrapText="1"/></xf>',
    ]
    for family in _FAMILIES:
        for places in range(MAX_PLACES + 1):
            code = _format_code(family, places)
            if code == "General":
                ident = 0
            else:
                if code not in codes:
                    codes.append(code)
                ident = 164 + codes.index(code)
            xfs.append(
                f'<xf numFmtId="{ident}" fontId="0" fillId="0" borderId="0" xfId="0"'
                + (' applyNumberFormat="1"/>' if ident else "/>")
            )
    formats = "".join(
        f'<numFmt numFmtId="{164 + n}" formatCode="{escape(code)}"/>'
        for n, code in enumerate(codes)
    )
    font = '<sz val="11"/><name val="Calibri"/><family val="2"/>'
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<styleSheet xmlns="{_MAIN}">'
        f'<numFmts count="{len(codes)}">{formats}</numFmts>'
        f'<fonts count="3"><font>{font}</font><font><b/>{font}</font>'
        f'<font><b/><i/><color rgb="FF595959"/>{font}</font></fonts>'
        '<fills count="4"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill>'
        '<fill><patternFill patternType="solid"><fgColor rgb="FFDDEBF7"/>'
        '<bgColor indexed="64"/></patternFill></fill>'
        '<fill><patternFill patternType="solid"><fgColor rgb="FFEDEDED"/>'
        '<bgColor indexed="64"/></patternFill></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
        "</cellStyleXfs>"
        f'<cellXfs count="{len(xfs)}">{"".join(xfs)}</cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        "</styleSheet>"
    )


def _shared_strings(texts: Sequence[str]) -> str:
    items = "".join(f'<si><t xml:space="preserve">{escape(t)}</t></si>' for t in texts)
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<sst xmlns="{_MAIN}" count="{len(texts)}" uniqueCount="{len(texts)}">{items}</sst>'
    )
