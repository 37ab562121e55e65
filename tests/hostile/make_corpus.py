"""Write the hostile-input corpus: one small file per way an officer's file goes wrong.

Run once, from anywhere, and commit the files it writes beside it::

    python tests/hostile/make_corpus.py

The output is deterministic (XLSX files get fixed timestamps), so running it again
changes nothing. `tests/test_hostile.py` holds, for each file, the result
expected by hand. Every record uses the input names of the bundled ``tt01-2020``
rule set; a base record (cooperative HTX-01 of ``examples/pilots.csv``) scores
``ok``, and each file changes only what its case is about.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import json
import re
import unicodedata
import zipfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent

#: A complete tt01-2020 record that scores ``ok``, in plain (English) notation.
BASE: dict[str, str] = {
    "year": "2023",
    "founded_on": "2016-05-12",
    "months_suspended": "0",
    "kind": "htx",
    "service_type": "san_xuat",
    "sector": "A",
    "members": "46",
    "total_capital_open": "1450000000",
    "total_capital_close": "1710000000",
    "total_capital_prev_close": "1450000000",
    "indivisible_assets_open": "420000000",
    "indivisible_assets_close": "455000000",
    "indivisible_assets_prev_close": "420000000",
    "revenue": "1860000000",
    "member_needs_met_pct": "60",
    "profit_before_tax": "145000000",
    "dev_fund_pct": "20",
    "reserve_fund_pct": "5",
    "other_funds_pct": "0",
    "legal_violations": "0",
    "complaints": "2",
    "complaints_resolved": "2",
    "managers": "5",
    "managers_higher_ed": "1",
    "managers_vocational": "2",
    "managers_young": "1",
    "workers_insured_pct": "50",
    "tech_applied": "true",
    "has_brand": "false",
    "in_value_chain": "false",
    "members_using_services_pct": "85",
    "member_benefit_growth_pct": "6.5",
    "internal_revenue_share_pct": "45",
    "trainings_held": "3",
    "community_projects": "3",
    "award_level": "district",
}

#: Columns of the plain files: identity first, then every tt01-2020 input.
COLUMNS: list[str] = ["id", "name", "district", *BASE]

#: The Vietnamese headers officers write: aliases for identity, rule-set labels for inputs.
VIETNAMESE: dict[str, str] = {
    "id": "Mã HTX",
    "name": "Tên HTX",
    "district": "Huyện",
    "year": "Năm",
    "founded_on": "Ngày đăng ký thành lập",
    "months_suspended": "Số tháng ngừng hoạt động trong năm",
    "kind": "Loại hình",
    "service_type": "Loại hình cung ứng cho thành viên",
    "sector": "Ngành kinh tế cấp 1",
    "members": "Số thành viên",
    "total_capital_open": "Tổng nguồn vốn đầu năm (VND)",
    "total_capital_close": "Tổng nguồn vốn cuối năm (VND)",
    "total_capital_prev_close": "Tổng nguồn vốn cuối năm trước (VND)",
    "indivisible_assets_open": "Tài sản không chia đầu năm (VND)",
    "indivisible_assets_close": "Tài sản không chia cuối năm (VND)",
    "indivisible_assets_prev_close": "Tài sản không chia cuối năm trước (VND)",
    "revenue": "Doanh thu bán hàng và cung cấp dịch vụ (VND)",
    "member_needs_met_pct": "Tỷ lệ loại sản phẩm, dịch vụ đáp ứng nhu cầu thành viên (%)",
    "profit_before_tax": "Lợi nhuận trước thuế (VND)",
    "dev_fund_pct": "Tỷ lệ trích quỹ đầu tư phát triển (%)",
    "reserve_fund_pct": "Tỷ lệ trích quỹ dự phòng tài chính (%)",
    "other_funds_pct": "Tỷ lệ trích các quỹ khác (%)",
    "legal_violations": "Số vi phạm pháp luật trong năm",
    "complaints": "Số tranh chấp, khiếu nại nhận được",
    "complaints_resolved": "Số tranh chấp, khiếu nại đã giải quyết",
    "managers": "Số cán bộ quản lý, điều hành",
    "managers_higher_ed": "Cán bộ quản lý có trình độ cao đẳng, đại học trở lên",
    "managers_vocational": "Cán bộ quản lý qua đào tạo sơ cấp, trung cấp",
    "managers_young": "Cán bộ quản lý trẻ",
    "workers_insured_pct": "Tỷ lệ thành viên, người lao động có bảo hiểm xã hội (%)",
    "tech_applied": "Có áp dụng tiến bộ khoa học kỹ thuật",
    "has_brand": "Có thương hiệu",
    "in_value_chain": "Tham gia chuỗi giá trị",
    "members_using_services_pct": "Tỷ lệ thành viên sử dụng dịch vụ của hợp tác xã (%)",
    "member_benefit_growth_pct": "Mức tăng lợi ích bình quân một thành viên (%)",
    "internal_revenue_share_pct": "Tỷ trọng doanh thu cung ứng cho thành viên (%)",
    "trainings_held": "Số lớp đào tạo, truyền thông cho thành viên",
    "community_projects": "Số hoạt động cộng đồng được hỗ trợ",
    "award_level": "Cấp khen thưởng cao nhất trong năm",
}

#: Fixed timestamps, so the XLSX files are the same bytes on every run.
_FIXED_ZIP_TIME = (2024, 1, 1, 0, 0, 0)
_FIXED_W3CDTF = "2024-01-01T00:00:00Z"


def record(rid: str, name: str = "", **changes: str) -> dict[str, str]:
    """The base record with an id, a name and some values changed."""
    values = {"id": rid, "name": name or f"HTX {rid}", "district": "Huyện Đông", **BASE}
    values.update(changes)
    return values


def rows_of(
    records: Sequence[Mapping[str, str]], columns: Sequence[str] = COLUMNS
) -> list[list[str]]:
    """Records as rows of cells in the order of ``columns`` (absent: empty)."""
    return [[r.get(c, "") for c in columns] for r in records]


def csv_text(rows: Sequence[Sequence[Any]], *, delimiter: str = ",", newline: str = "\n") -> str:
    """Rows as CSV text, quoted only where needed."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator=newline)
    writer.writerows(rows)
    return buffer.getvalue()


def write(name: str, data: str | bytes) -> None:
    """Write one corpus file (text as UTF-8, with no newline translation)."""
    path = HERE / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)


def write_xlsx(name: str, fill: Callable[[Any], None]) -> None:
    """An XLSX workbook filled by ``fill(sheet)``, saved with fixed timestamps."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "HTX"
    fill(sheet)
    raw = io.BytesIO()
    book.save(raw)
    write(name, _deterministic(raw.getvalue()))


#: The five Vietnamese tone marks, as combining characters (Windows-1258 has each).
_TONES = "\u0300\u0301\u0303\u0309\u0323"


def windows_1258(text: str) -> bytes:
    """Text as Windows-1258 writes Vietnamese: a base letter, then a combining tone mark."""
    out = bytearray()
    for char in text:
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            split = unicodedata.normalize("NFD", char)
            tones = "".join(c for c in split if c in _TONES)
            letter = unicodedata.normalize("NFC", "".join(c for c in split if c not in _TONES))
            out += (letter + tones).encode("cp1258")
    return bytes(out)


def _deterministic(data: bytes) -> bytes:
    """The same workbook with fixed zip entry times and document dates."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(
                    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(<)",
                    rb"\g<1>" + _FIXED_W3CDTF.encode() + rb"\g<2>",
                    content,
                )
            fixed = zipfile.ZipInfo(info.filename, date_time=_FIXED_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, content)
    return out.getvalue()


def _json_value(text: str) -> Any:
    """A JSON value: numbers and booleans typed, dates as ISO text."""
    value = _typed(text)
    return value.isoformat() if isinstance(value, dt.date) else value


def _typed(text: str) -> Any:
    """A cell value as a real number, date or boolean where the text is one, else text."""
    if text in ("true", "false"):
        return text == "true"
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return dt.date.fromisoformat(text)
    if re.fullmatch(r"-?\d+", text):
        return int(text)
    if re.fullmatch(r"-?\d+\.\d+", text):
        return float(text)
    return text


# --- the corpus -----------------------------------------------------------------------


def csv_files() -> None:
    """Every CSV case."""
    header = [COLUMNS]
    write(
        "bom.csv",
        "\ufeff" + csv_text(header + rows_of([record("B-1"), record("B-2")]), newline="\r\n"),
    )
    write(
        "semicolon.csv",
        csv_text(
            header
            + rows_of(
                [
                    record("S-1", member_benefit_growth_pct="6,5", workers_insured_pct="50,25"),
                    record("S-2", name="HTX Sơn, Lâm"),
                ]
            ),
            delimiter=";",
        ),
    )
    lines = csv_text(header + rows_of([record("L-1"), record("L-2"), record("L-3")])).splitlines()
    empty_cells = "," * (len(COLUMNS) - 1)
    write(
        "blank_lines.csv",
        "\n".join([lines[0], lines[1], "", lines[2], empty_cells, "", lines[3]]) + "\n",
    )
    title = ["BÁO CÁO KẾT QUẢ ĐÁNH GIÁ HỢP TÁC XÃ NĂM 2023", *[""] * (len(COLUMNS) - 1)]
    groups = ["Thông tin chung", "", "", "Nhóm I: Kết quả hoạt động", *[""] * (len(COLUMNS) - 4)]
    write(
        "title_row.csv",
        csv_text(
            [title, [""] * len(COLUMNS), groups, COLUMNS, *rows_of([record("T-1"), record("T-2")])]
        ),
    )
    write(
        "title_line.csv",
        "Báo cáo đánh giá hợp tác xã năm 2023\n"
        + csv_text(header + rows_of([record("U-1"), record("U-2")])),
    )
    write(
        "formula.csv",
        csv_text(header + rows_of([record("F-1"), record("F-2", revenue="=SUM(A1:A2)")])),
    )
    write(
        "text_in_number.csv",
        csv_text(header + rows_of([record("N-1", members="mười hai"), record("N-2")])),
    )
    write(
        "negative_money.csv",
        csv_text(
            header
            + rows_of(
                [record("M-1", revenue="-5"), record("M-2", profit_before_tax="-250.000.000")]
            )
        ),
    )
    write(
        "nan_inf.csv",
        csv_text(
            header
            + rows_of(
                [
                    record("X-1", revenue="NaN"),
                    record("X-2", total_capital_open="inf"),
                    record("X-3", profit_before_tax="-Infinity"),
                    record("X-4"),
                ]
            )
        ),
    )
    write(
        "huge_number.csv",
        csv_text(header + rows_of([record("H-1", revenue="9" * 10_000), record("H-2")])),
    )
    write(
        "duplicate_ids.csv",
        csv_text(header + rows_of([record("D-1"), record("D-2"), record("D-1", name="Bản sao")])),
    )
    no_year = [c for c in COLUMNS if c != "year"]
    write(
        "missing_year.csv",
        csv_text([no_year, *rows_of([record("Y-1"), record("Y-2")], no_year)]),
    )
    no_id = [c for c in COLUMNS if c != "id"]
    write(
        "missing_id.csv",
        csv_text([no_id, *rows_of([record("I-1"), record("I-2")], no_id)]),
    )
    write(
        "duplicate_columns.csv",
        csv_text([[*COLUMNS, "Năm"], [*rows_of([record("G-1")])[0], "2023"]]),
    )
    extra = ["STT", *COLUMNS, "Ghi chú", "Người lập biểu"]
    write(
        "extra_columns.csv",
        csv_text(
            [
                extra,
                ["1", *rows_of([record("E-1")])[0], "đã kiểm tra", "Nguyễn Văn A"],
                ["2", *rows_of([record("E-2")])[0], "", "Trần Thị B"],
            ]
        ),
    )
    write(
        "vietnamese_headers.csv",
        csv_text(
            [
                [VIETNAMESE[c] for c in COLUMNS],
                *rows_of(
                    [
                        record(
                            "V-1",
                            name="HTX Nông nghiệp Đông Sơn",
                            tech_applied="có",
                            has_brand="không",
                        ),
                        record(
                            "V-2", name="HTX Dịch vụ Tân Lập", members="120", in_value_chain="x"
                        ),
                    ]
                ),
            ]
        ),
    )
    write(
        "vn_notation.csv",
        csv_text(
            header
            + rows_of(
                [
                    record(
                        "VN-1",
                        total_capital_open="1.234.567",
                        total_capital_close="2.500.000.000",
                        revenue="1,2 tỷ",
                        profit_before_tax="350 triệu đồng",
                        member_needs_met_pct="12,5",
                        workers_insured_pct="12,5%",
                        member_benefit_growth_pct="6,5 %",
                    ),
                    record(
                        "VN-2",
                        total_capital_prev_close="1.450.000.000,5",
                        revenue="1.860.000.000 đ",
                    ),
                ]
            )
        ),
    )
    write(
        "ambiguous.csv",
        csv_text(
            header + rows_of([record("A-1", revenue="1.234"), record("A-2", revenue="1.234.000")])
        ),
    )
    write(
        "quoted.csv",
        csv_text(
            header
            + rows_of(
                [
                    record("Q-1", name="HTX Hòa Bình, thôn 3\nxã Tân Lập, huyện Đông"),
                    record("Q-2", name='HTX "Hợp Lực", đội 5'),
                ]
            )
        ),
    )
    long_row = [*rows_of([record("C-2")])[0], "thừa", "cột"]
    trailing = [*rows_of([record("C-3")])[0], "", ""]
    write(
        "too_many_cells.csv",
        csv_text([COLUMNS, rows_of([record("C-1")])[0], long_row, trailing]),
    )
    write("empty.csv", b"")
    write("header_only.csv", csv_text(header))
    write(
        "utf16.csv",
        codecs.BOM_UTF16_LE
        + csv_text(header + rows_of([record("W-1", name="HTX Hợp Tiến")])).encode("utf-16-le"),
    )
    write(
        "windows1258.csv",
        windows_1258(csv_text(header + rows_of([record("W-2", name="HTX Hợp Tác Hòa Bình")]))),
    )
    whole = csv_text(header + rows_of([record("K-1"), record("K-2", name="HTX Kim, Sơn")]))
    write("truncated.csv", whole[: whole.index("HTX Kim") + len("HTX Kim")])
    write(
        "not_rated.csv",
        csv_text(
            header
            + rows_of(
                [
                    record("R-1", months_suspended="6"),
                    record("R-2", founded_on="2023-06-01"),
                    record("R-3"),
                ]
            )
        ),
    )


def officer_files() -> None:
    """The shapes of a provincial office's own sheets: units, two header rows, totals, words."""
    vi = [VIETNAMESE[c] for c in COLUMNS]

    def headed(**units: str) -> list[str]:
        """The Vietnamese headers with the unit of some columns changed."""
        return [
            re.sub(r"\s*\([^)]*\)$", "", VIETNAMESE[c]) + f" ({units[c]})" if c in units else h
            for c, h in zip(COLUMNS, vi, strict=True)
        ]

    # 145 (triệu đồng) is 145 000 000 VND; 1,86 (tỷ đồng) is 1 860 000 000.
    units = headed(
        profit_before_tax="triệu đồng", revenue="tỷ đồng", total_capital_open="nghìn đồng"
    )
    write(
        "units.csv",
        csv_text(
            [
                units,
                *rows_of(
                    [
                        record(
                            "N-1",
                            profit_before_tax="145",
                            revenue="1,86",
                            total_capital_open="1450000",
                        )
                    ]
                ),
            ]
        ),
    )
    write(
        "unit_mismatch.csv",
        csv_text([headed(members="triệu đồng"), *rows_of([record("N-2")])]),
    )
    write("unknown_unit.csv", csv_text([headed(revenue="USD"), *rows_of([record("N-3")])]))
    # A merged group heading above the items: the group's cell, then empty cells.
    top = [
        "Mã HTX",
        "Tên HTX",
        "Huyện",
        *["Thông tin và kết quả hoạt động"],
        *[""] * (len(COLUMNS) - 4),
    ]
    below = ["", "", "", *vi[3:]]
    write(
        "two_row_header.csv",
        csv_text([top, below, *rows_of([record("H-1"), record("H-2")])]),
    )
    money = [c for c in COLUMNS if VIETNAMESE[c].endswith("(VND)")] + ["members"]
    sums = {c: str(2 * int(BASE[c])) for c in money}
    total = ["", "Tổng cộng", *["" for _ in COLUMNS[2:]]]
    total_by_numbers = [sums.get(c, "") for c in COLUMNS]
    write(
        "totals_row.csv",
        csv_text([vi, *rows_of([record("O-1"), record("O-2")]), total]),
    )
    write(
        "totals_sums.csv",
        csv_text([vi, *rows_of([record("P-1"), record("P-2")]), total_by_numbers]),
    )
    write(
        "choice_words.csv",
        csv_text(
            [
                vi,
                *rows_of(
                    [
                        record(
                            "V-1",
                            kind="Hợp tác xã",
                            service_type="Sản xuất",
                            award_level="Cấp huyện",
                            sector="Nông nghiệp, lâm nghiệp và thủy sản",
                            tech_applied="Có",
                        ),
                        record("V-2", kind="HTX", award_level="cap tinh"),
                        record("V-3", award_level="Cấp xã"),
                    ]
                ),
            ]
        ),
    )
    write(
        "self_score_words.csv",
        csv_text(
            [
                [*vi, "Tự chấm tiêu chí 8", "Tự chấm c04b"],
                [*rows_of([record("Z-1")])[0], "1,5", "1,5"],
            ]
        ),
    )


def json_files() -> None:
    """Every JSON and JSONL case."""

    def line(rid: str, **changes: Any) -> str:
        values: dict[str, Any] = {k: _json_value(v) for k, v in record(rid).items()}
        values.update(changes)
        return json.dumps(values, ensure_ascii=False)

    whole = "[\n" + ",\n".join([line("J-1"), line("J-2")]) + "\n]\n"
    write("truncated.json", whole[: whole.index('"J-2"') + len('"J-2", "name": "HTX')])
    bad = line("L-2")[:-25]
    write("bad_line.jsonl", "\n".join([line("JL-1"), bad, line("JL-3")]) + "\n")
    huge = line("JH-2").replace('"revenue": 1860000000', '"revenue": 1' + "0" * 9_999)
    write("huge_number.jsonl", line("JH-1") + "\n" + huge + "\n")
    nan = line("JN-1").replace('"revenue": 1860000000', '"revenue": NaN')
    write("nan_literal.jsonl", nan + "\n" + line("JN-2") + "\n")
    shapes = [
        line("JS-1", revenue={}),
        line("JS-2", members=[46, 47]),
        line("JS-3", revenue="1_860_000_000"),
        line("JS-4", members="４６"),  # full-width digits
        line("JS-5", self_score={"c01a": {"points": 3}}),
        line("JS-6"),
    ]
    write("wrong_shapes.jsonl", "\n".join(shapes) + "\n")
    deep = line("JD-2").replace('"revenue": 1860000000', '"revenue": ' + "[" * 5000 + "]" * 5000)
    write("deep_nesting.jsonl", "\n".join([line("JD-1"), deep, line("JD-3")]) + "\n")
    write("deep_nesting.json", "[\n" + ",\n".join([line("JD-1"), deep, line("JD-3")]) + "\n]\n")


def xlsx_files() -> None:
    """Every XLSX case, written with openpyxl."""

    def formula(sheet: Any) -> None:
        sheet.append(COLUMNS)
        for r in (record("XF-1"), record("XF-2")):
            sheet.append([_typed(v) for v in rows_of([r])[0]])
        from openpyxl.utils import get_column_letter

        revenue = COLUMNS.index("revenue") + 1
        letter = get_column_letter(revenue)
        # openpyxl saves a formula with no cached result, as a script (not Excel) would.
        sheet.cell(row=3, column=revenue, value=f"=SUM({letter}2:{letter}2)")

    def title_merged(sheet: Any) -> None:
        sheet.append(["BÁO CÁO KẾT QUẢ ĐÁNH GIÁ HỢP TÁC XÃ NĂM 2023"])
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(COLUMNS))
        sheet.append([VIETNAMESE[c] for c in COLUMNS])
        for r in (record("XT-1"), record("XT-2")):
            sheet.append([_typed(v) for v in rows_of([r])[0]])

    def numbers_as_text(sheet: Any) -> None:
        sheet.append(COLUMNS)
        sheet.append(
            rows_of(
                [
                    record(
                        "XN-1",
                        total_capital_open="1.450.000.000",
                        revenue="1.860.000.000",
                        members="46",
                        member_benefit_growth_pct="6,5",
                        workers_insured_pct="50%",
                    )
                ]
            )[0]
        )
        sheet.append(rows_of([record("XN-2")])[0])  # every cell is text, none a number

    def empty_sheet(sheet: Any) -> None:
        del sheet  # nothing at all on the sheet

    write_xlsx("formula_no_cache.xlsx", formula)
    write_xlsx("title_merged.xlsx", title_merged)
    write_xlsx("numbers_as_text.xlsx", numbers_as_text)
    write_xlsx("empty_sheet.xlsx", empty_sheet)


def main() -> None:
    """Write the whole corpus next to this script."""
    csv_files()
    officer_files()
    json_files()
    xlsx_files()


if __name__ == "__main__":
    main()
