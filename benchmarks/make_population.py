"""Write a synthetic population of N tt01-2020 records as CSV, seeded and streamed.

    python benchmarks/make_population.py N OUT.csv [--seed S]

Every row carries an id (unique: ``HTX-0000001`` …), a cooperative name, a real
province and district (the 63 provinces and some of their districts as they
were before the 2025 merger), and every input the bundled rule set declares
under ``[inputs.*]`` in ``rules/tt01-2020/ruleset.toml``. The script reads that
file and refuses to run if the rule set declares an input it does not write,
so the population keeps up with the rule set.

Values are spread so that every band of every item, every class of every
classification axis, every rating and every exclusion is hit many times in
31 000 rows: each cooperative has a hidden "quality" between 0 and 1 that pulls
its inputs up or down together (so totals run from yếu to tốt, as in a real
population), plus noise wide enough to reach every band. About 8 % of rows are
not rated (a credit fund or the Cooperative Bank, founded less than 12 months
before the end of the year, or suspended for more than 3 months). Every row is
valid: the benchmark measures the scoring path, not the error path.

Numbers are in plain notation (``1450000000``, ``12.5``, at most two decimals,
so none is ambiguous to the Vietnamese-notation reader). Rows are written one
at a time, so memory does not depend on N. The same N and seed always give the
same file, byte for byte.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import math
import random
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path

RULESET = Path(__file__).resolve().parent.parent / "rules" / "tt01-2020" / "ruleset.toml"

#: Province → some of its districts (huyện, thị xã), names as of 2020–2024.
PROVINCES: dict[str, tuple[str, ...]] = {
    "Hà Nội": ("Huyện Ba Vì", "Huyện Đông Anh", "Huyện Sóc Sơn", "Huyện Chương Mỹ"),
    "Thành phố Hồ Chí Minh": ("Huyện Củ Chi", "Huyện Hóc Môn", "Huyện Bình Chánh", "Huyện Cần Giờ"),
    "Hải Phòng": ("Huyện An Lão", "Huyện Kiến Thụy", "Huyện Tiên Lãng", "Huyện Vĩnh Bảo"),
    "Đà Nẵng": ("Huyện Hòa Vang",),
    "Cần Thơ": ("Huyện Phong Điền", "Huyện Thới Lai", "Huyện Cờ Đỏ", "Huyện Vĩnh Thạnh"),
    "Hà Giang": ("Huyện Đồng Văn", "Huyện Mèo Vạc", "Huyện Yên Minh", "Huyện Bắc Quang"),
    "Cao Bằng": ("Huyện Bảo Lạc", "Huyện Trùng Khánh", "Huyện Hà Quảng", "Huyện Quảng Hòa"),
    "Bắc Kạn": ("Huyện Ba Bể", "Huyện Chợ Đồn", "Huyện Na Rì", "Huyện Ngân Sơn"),
    "Tuyên Quang": ("Huyện Chiêm Hóa", "Huyện Hàm Yên", "Huyện Sơn Dương", "Huyện Yên Sơn"),
    "Lào Cai": ("Huyện Bát Xát", "Thị xã Sa Pa", "Huyện Bắc Hà", "Huyện Văn Bàn"),
    "Điện Biên": ("Huyện Mường Chà", "Huyện Tủa Chùa", "Huyện Điện Biên Đông", "Huyện Mường Nhé"),
    "Lai Châu": ("Huyện Tam Đường", "Huyện Sìn Hồ", "Huyện Phong Thổ", "Huyện Than Uyên"),
    "Sơn La": ("Huyện Mộc Châu", "Huyện Mai Sơn", "Huyện Thuận Châu", "Huyện Yên Châu"),
    "Yên Bái": ("Huyện Văn Chấn", "Huyện Trấn Yên", "Huyện Lục Yên", "Huyện Mù Cang Chải"),
    "Hòa Bình": ("Huyện Mai Châu", "Huyện Lạc Sơn", "Huyện Kim Bôi", "Huyện Tân Lạc"),
    "Thái Nguyên": ("Huyện Đại Từ", "Huyện Định Hóa", "Huyện Phú Lương", "Huyện Đồng Hỷ"),
    "Lạng Sơn": ("Huyện Cao Lộc", "Huyện Lộc Bình", "Huyện Bắc Sơn", "Huyện Hữu Lũng"),
    "Quảng Ninh": ("Huyện Tiên Yên", "Huyện Đầm Hà", "Huyện Hải Hà", "Huyện Vân Đồn"),
    "Bắc Giang": ("Huyện Lục Ngạn", "Huyện Lục Nam", "Huyện Yên Thế", "Huyện Tân Yên"),
    "Phú Thọ": ("Huyện Thanh Sơn", "Huyện Tân Sơn", "Huyện Cẩm Khê", "Huyện Đoan Hùng"),
    "Vĩnh Phúc": ("Huyện Tam Đảo", "Huyện Lập Thạch", "Huyện Vĩnh Tường", "Huyện Yên Lạc"),
    "Bắc Ninh": ("Huyện Gia Bình", "Huyện Lương Tài", "Huyện Yên Phong", "Huyện Tiên Du"),
    "Hải Dương": ("Huyện Thanh Hà", "Thị xã Kinh Môn", "Huyện Ninh Giang", "Huyện Gia Lộc"),
    "Hưng Yên": ("Huyện Khoái Châu", "Huyện Văn Giang", "Huyện Kim Động", "Huyện Tiên Lữ"),
    "Thái Bình": ("Huyện Đông Hưng", "Huyện Hưng Hà", "Huyện Kiến Xương", "Huyện Tiền Hải"),
    "Hà Nam": ("Huyện Bình Lục", "Huyện Lý Nhân", "Huyện Thanh Liêm", "Thị xã Duy Tiên"),
    "Nam Định": ("Huyện Hải Hậu", "Huyện Giao Thủy", "Huyện Nghĩa Hưng", "Huyện Ý Yên"),
    "Ninh Bình": ("Huyện Gia Viễn", "Huyện Hoa Lư", "Huyện Kim Sơn", "Huyện Nho Quan"),
    "Thanh Hóa": ("Huyện Thọ Xuân", "Huyện Triệu Sơn", "Huyện Nông Cống", "Huyện Hậu Lộc"),
    "Nghệ An": ("Huyện Diễn Châu", "Huyện Yên Thành", "Huyện Nghi Lộc", "Huyện Nam Đàn"),
    "Hà Tĩnh": ("Huyện Can Lộc", "Huyện Đức Thọ", "Huyện Hương Sơn", "Huyện Cẩm Xuyên"),
    "Quảng Bình": ("Huyện Bố Trạch", "Huyện Lệ Thủy", "Huyện Quảng Ninh", "Huyện Tuyên Hóa"),
    "Quảng Trị": ("Huyện Hải Lăng", "Huyện Triệu Phong", "Huyện Gio Linh", "Huyện Vĩnh Linh"),
    "Thừa Thiên Huế": ("Huyện Phong Điền", "Huyện Quảng Điền", "Huyện Phú Vang", "Huyện A Lưới"),
    "Quảng Nam": ("Huyện Duy Xuyên", "Thị xã Điện Bàn", "Huyện Thăng Bình", "Huyện Đại Lộc"),
    "Quảng Ngãi": ("Huyện Bình Sơn", "Huyện Sơn Tịnh", "Huyện Tư Nghĩa", "Huyện Mộ Đức"),
    "Bình Định": ("Huyện Phù Cát", "Huyện Phù Mỹ", "Huyện Tuy Phước", "Huyện Tây Sơn"),
    "Phú Yên": ("Huyện Tuy An", "Huyện Đồng Xuân", "Huyện Sơn Hòa", "Huyện Phú Hòa"),
    "Khánh Hòa": ("Huyện Diên Khánh", "Huyện Cam Lâm", "Huyện Khánh Vĩnh", "Huyện Vạn Ninh"),
    "Ninh Thuận": ("Huyện Ninh Phước", "Huyện Ninh Sơn", "Huyện Ninh Hải", "Huyện Thuận Bắc"),
    "Bình Thuận": ("Huyện Hàm Thuận Bắc", "Huyện Hàm Thuận Nam", "Huyện Bắc Bình"),
    "Kon Tum": ("Huyện Đắk Hà", "Huyện Đắk Tô", "Huyện Sa Thầy", "Huyện Kon Plông"),
    "Gia Lai": ("Huyện Chư Păh", "Huyện Chư Sê", "Huyện Đak Đoa", "Huyện Ia Grai"),
    "Đắk Lắk": ("Huyện Cư M'gar", "Huyện Krông Pắc", "Huyện Ea Kar", "Huyện Krông Năng"),
    "Đắk Nông": ("Huyện Cư Jút", "Huyện Đắk Mil", "Huyện Đắk Song", "Huyện Krông Nô"),
    "Lâm Đồng": ("Huyện Đơn Dương", "Huyện Đức Trọng", "Huyện Lâm Hà", "Huyện Di Linh"),
    "Bình Phước": ("Huyện Bù Đăng", "Huyện Bù Đốp", "Huyện Lộc Ninh", "Huyện Đồng Phú"),
    "Tây Ninh": ("Huyện Tân Biên", "Huyện Tân Châu", "Huyện Dương Minh Châu", "Huyện Bến Cầu"),
    "Bình Dương": ("Huyện Bàu Bàng", "Huyện Dầu Tiếng", "Huyện Phú Giáo", "Huyện Bắc Tân Uyên"),
    "Đồng Nai": ("Huyện Định Quán", "Huyện Tân Phú", "Huyện Xuân Lộc", "Huyện Cẩm Mỹ"),
    "Bà Rịa - Vũng Tàu": ("Huyện Châu Đức", "Huyện Xuyên Mộc", "Huyện Long Điền", "Huyện Đất Đỏ"),
    "Long An": ("Huyện Đức Hòa", "Huyện Cần Giuộc", "Huyện Thạnh Hóa", "Huyện Tân Thạnh"),
    "Tiền Giang": ("Huyện Cái Bè", "Huyện Cai Lậy", "Huyện Chợ Gạo", "Huyện Gò Công Tây"),
    "Bến Tre": ("Huyện Ba Tri", "Huyện Bình Đại", "Huyện Giồng Trôm", "Huyện Chợ Lách"),
    "Trà Vinh": ("Huyện Càng Long", "Huyện Cầu Kè", "Huyện Tiểu Cần", "Huyện Trà Cú"),
    "Vĩnh Long": ("Huyện Long Hồ", "Huyện Mang Thít", "Huyện Tam Bình", "Huyện Vũng Liêm"),
    "Đồng Tháp": ("Huyện Cao Lãnh", "Huyện Tháp Mười", "Huyện Tam Nông", "Huyện Lai Vung"),
    "An Giang": ("Huyện Chợ Mới", "Huyện Phú Tân", "Huyện Thoại Sơn", "Huyện Tri Tôn"),
    "Kiên Giang": ("Huyện Giồng Riềng", "Huyện Gò Quao", "Huyện Tân Hiệp", "Huyện Hòn Đất"),
    "Hậu Giang": ("Huyện Phụng Hiệp", "Huyện Châu Thành A", "Huyện Long Mỹ", "Huyện Vị Thủy"),
    "Sóc Trăng": ("Huyện Mỹ Tú", "Huyện Kế Sách", "Huyện Long Phú", "Huyện Trần Đề"),
    "Bạc Liêu": ("Huyện Hồng Dân", "Huyện Phước Long", "Huyện Vĩnh Lợi", "Huyện Đông Hải"),
    "Cà Mau": ("Huyện Thới Bình", "Huyện U Minh", "Huyện Trần Văn Thời", "Huyện Đầm Dơi"),
}
PLACES = tuple((p, d) for p, ds in PROVINCES.items() for d in ds)

#: What cooperatives call themselves, by sector (level-1 section of VSIC 2018).
TRADES = {
    "A": ("Nông nghiệp", "Dịch vụ nông nghiệp", "Rau an toàn", "Chè", "Thủy sản", "Cây ăn quả"),
    "C": ("Chế biến nông sản", "Mây tre đan", "Dệt thổ cẩm", "Gốm"),
    "E": ("Nước sạch", "Môi trường"),
    "F": ("Xây dựng",),
    "G": ("Thương mại dịch vụ", "Tiêu dùng"),
    "H": ("Vận tải",),
    "I": ("Du lịch cộng đồng",),
}
GENERIC_TRADE = ("Dịch vụ tổng hợp", "Sản xuất kinh doanh dịch vụ")
PLACE_WORDS = (
    "Tân Tiến", "Thành Công", "Hòa Bình", "Đồng Tâm", "Thắng Lợi", "Quyết Tiến", "Hợp Nhất",
    "Phú Thịnh", "An Phú", "Tân Lập", "Đông Hòa", "Xuân Phong", "Bình Minh", "Hưng Thịnh",
    "Phúc Lộc", "Tiến Thành", "Hồng Phong", "Minh Khai", "Quang Trung", "Trung Hậu",
)  # fmt: skip

#: Level-1 sectors, weighted as cooperatives are: mostly agriculture, every one present.
SECTORS = tuple("ABCDEFGHIJKLMNOPQRSTU")
SECTOR_WEIGHTS = (60, 1, 9, 1, 4, 3, 8, 4, 2, *(0.5,) * 4, 1, *(0.5,) * 4, 3, 0.5, 0.5)
KINDS = ("htx", "lien_hiep", "quy_tin_dung", "ngan_hang_htx", "to_hop_tac")
KIND_WEIGHTS = (91, 2, 3.5, 0.5, 3)
SERVICE_TYPES = ("san_xuat", "tieu_dung", "tao_viec_lam", "hon_hop")
SERVICE_WEIGHTS = (45, 10, 10, 35)
PREFIXES = {
    "lien_hiep": "Liên hiệp HTX",
    "quy_tin_dung": "Quỹ tín dụng nhân dân",
    "ngan_hang_htx": "Ngân hàng Hợp tác xã",
    "to_hop_tac": "Tổ hợp tác",
}
AWARDS = ("none", "district", "province", "national")

META = ("id", "name", "province", "district")


def inputs() -> tuple[str, ...]:
    """The inputs the rule set declares, in file order; not those taken from another rule set."""
    with RULESET.open("rb") as handle:
        declared = tomllib.load(handle)["inputs"]
    return tuple(name for name, spec in declared.items() if "source" not in spec)


def header() -> tuple[str, ...]:
    """The CSV header: identity and place, then every declared input.

    Raises:
        SystemExit: the rule set declares an input this generator does not write.
    """
    declared = inputs()
    unknown = [name for name in declared if name not in _WRITTEN]
    if unknown:
        sys.exit(f"make_population: {RULESET} declares inputs not generated: {unknown}")
    extra = sorted(_WRITTEN - set(declared) - set(META))
    if extra:
        sys.exit(f"make_population: generated columns the rule set does not declare: {extra}")
    return (*META, *declared)


def _clamp(value: float, low: float = 0.0, high: float = 1.0) -> float:
    return low if value < low else high if value > high else value


def _pct(rng: random.Random, quality: float) -> str:
    """A percentage 0-100 with up to two decimals, pulled towards the quality."""
    spread = rng.random() < 0.3  # some anywhere, most near the quality
    return _plain(rng.uniform(0, 100) if spread else _clamp(rng.gauss(quality, 0.22)) * 100)


def _plain(value: float) -> str:
    """A number in plain notation with at most two decimals: 12.5, 40, -3.25."""
    text = f"{round(value, 2):.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _money(rng: random.Random, quality: float, low: float, high: float) -> int:
    """Whole đồng, log-spread between 10**low and 10**high, pulled towards the quality."""
    position = _clamp(rng.gauss(quality, 0.3))
    return int(10 ** (low + (high - low) * position))


def _count(rng: random.Random, quality: float, top: int) -> int:
    """A whole number 0..top, more likely high for a good cooperative."""
    return min(top, int(_clamp(rng.gauss(quality, 0.35)) * (top + 1)))


def record(rng: random.Random, number: int) -> dict[str, object]:
    """One cooperative, as CSV cell text keyed by column."""
    quality = rng.betavariate(2.2, 2.0)
    province, district = rng.choice(PLACES)
    sector = rng.choices(SECTORS, SECTOR_WEIGHTS)[0]
    kind = rng.choices(KINDS, KIND_WEIGHTS)[0]
    year = rng.randint(2020, 2024)
    roll = rng.random()
    if roll < 0.025:  # founded less than 12 months before the end of the year
        founded = dt.date(year, 1, 1) + dt.timedelta(days=rng.randint(5, 360))
    else:
        founded = dt.date(1997, 1, 1) + dt.timedelta(days=rng.randint(0, (year - 1998) * 365))
    suspended = rng.randint(4, 12) if rng.random() < 0.02 else rng.choice((0, 0, 0, 0, 1, 2, 3))
    trade = rng.choice(TRADES.get(sector, GENERIC_TRADE))
    name = f"{PREFIXES.get(kind, 'HTX')} {trade} {rng.choice(PLACE_WORDS)}"

    capital_close = _money(rng, quality, 7.3, 11.0)  # 20 million .. 100 tỷ
    capital_open = int(capital_close * rng.uniform(0.75, 1.2))
    capital_prev = capital_open if rng.random() < 0.8 else int(capital_open * rng.uniform(0.9, 1.1))
    assets_close = int(capital_close * rng.uniform(0.01, 0.6))
    assets_open = int(assets_close * rng.uniform(0.85, 1.15))
    assets_prev = assets_open if rng.random() < 0.8 else int(assets_open * rng.uniform(0.9, 1.1))
    revenue = int(capital_close * math.exp(rng.gauss(0.0, 0.8)))
    margin = rng.gauss(quality * 0.12 - 0.02, 0.08)
    profit = 0 if rng.random() < 0.05 else int(revenue * margin)
    managers = 0 if rng.random() < 0.03 else rng.randint(1, 15)
    higher_ed = _count(rng, quality, managers)
    vocational = rng.randint(0, managers - higher_ed)
    complaints = 0 if rng.random() < 0.45 else rng.randint(1, 20)
    resolved = complaints if rng.random() < quality else rng.randint(0, complaints)
    violations = rng.choices((0, 1, 2, 3, 4, 6), (70 + 25 * quality, 14, 8, 4, 2, 1))[0]
    award = rng.choices(AWARDS, (65 - 30 * quality, 20, 10 + 10 * quality, 2 + 6 * quality))[0]
    members_low, members_high = math.log10(7), math.log10(5000)
    members = int(10 ** rng.uniform(members_low, members_high))

    return {
        "id": f"HTX-{number:07d}",
        "name": name,
        "province": province,
        "district": district,
        "year": year,
        "founded_on": founded.isoformat(),
        "months_suspended": suspended,
        "kind": kind,
        "service_type": rng.choices(SERVICE_TYPES, SERVICE_WEIGHTS)[0],
        "sector": sector,
        "members": members,
        "total_capital_open": capital_open,
        "total_capital_close": capital_close,
        "total_capital_prev_close": capital_prev,
        "indivisible_assets_open": assets_open,
        "indivisible_assets_close": assets_close,
        "indivisible_assets_prev_close": assets_prev,
        "revenue": revenue,
        "member_needs_met_pct": _pct(rng, quality),
        "profit_before_tax": profit,
        "dev_fund_pct": _plain(_clamp(rng.gauss(quality, 0.3)) * 40),
        "reserve_fund_pct": _plain(_clamp(rng.gauss(quality, 0.3)) * 10),
        "other_funds_pct": _plain(_clamp(rng.gauss(quality - 0.2, 0.3)) * 15),
        "legal_violations": violations,
        "complaints": complaints,
        "complaints_resolved": resolved,
        "managers": managers,
        "managers_higher_ed": higher_ed,
        "managers_vocational": vocational,
        "managers_young": rng.randint(0, managers),
        "workers_insured_pct": _pct(rng, quality),
        "tech_applied": _flag(rng, quality),
        "has_brand": _flag(rng, quality - 0.15),
        "in_value_chain": _flag(rng, quality - 0.1),
        "members_using_services_pct": _pct(rng, quality),
        "member_benefit_growth_pct": _plain(rng.gauss(quality * 30 - 5, 12)),
        "internal_revenue_share_pct": _pct(rng, quality),
        "trainings_held": _count(rng, quality, 5),
        "community_projects": _count(rng, quality, 4),
        "award_level": award,
    }


def _flag(rng: random.Random, chance: float) -> str:
    return "true" if rng.random() < chance else "false"


#: Every column `record` writes; checked against the rule set's inputs.
_WRITTEN = frozenset(record(random.Random(0), 1))


def rows(count: int, seed: int) -> Iterator[dict[str, object]]:
    """``count`` records, the same ones for the same seed."""
    rng = random.Random(seed)
    for number in range(1, count + 1):
        yield record(rng, number)


def write(count: int, path: Path, seed: int) -> None:
    """Stream ``count`` records to ``path`` as UTF-8 CSV, one row at a time."""
    columns = header()
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows(count, seed))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("count", type=int, metavar="N", help="number of records")
    parser.add_argument("output", type=Path, metavar="OUT.csv", help="where to write")
    parser.add_argument("--seed", type=int, default=2020, help="random seed (default: 2020)")
    args = parser.parse_args(argv)
    if args.count < 0:
        parser.error("N must be 0 or more")
    write(args.count, args.output, args.seed)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
