"""Replies in the providers' documented shapes, for the loopback server. Test fixtures, not data:
the numbers are made up and never leave the tests."""

from __future__ import annotations

import json

from kzrd.reference.regions import default_registry

WB_HEADER = {"sourceid": "2", "lastupdated": "2026-07-01"}


def worldbank_pages(
    indicator: str, years: list[int], per_page: int, nulls: frozenset[int] = frozenset()
) -> list[bytes]:
    """World Bank API v2 pages: [header, records], newest year first, as the API returns them."""
    records = [
        {"indicator": {"id": indicator, "value": indicator}, "country": {"id": "KZ", "value": "Kazakhstan"},
         "countryiso3code": "KAZ", "date": str(y), "value": None if y in nulls else round(0.1 + (y - 2000) / 1000, 3),
         "unit": "", "obs_status": "", "decimal": 1}
        for y in sorted(years, reverse=True)
    ]  # fmt: skip
    chunks = [records[i : i + per_page] for i in range(0, len(records), per_page)]
    return [
        json.dumps(
            [
                {
                    "page": n,
                    "pages": len(chunks),
                    "per_page": per_page,
                    "total": len(records),
                    **WB_HEADER,
                },
                chunk,
            ]
        ).encode()
        for n, chunk in enumerate(chunks, start=1)
    ]


TECHNICAL = {
    "C": "Обрабатывающая промышленность",
    "J": "Информация и связь",
    "M": "Профессиональная, научная и техническая деятельность",
}
OTHER = "Сельское, лесное и рыбное хозяйство"


def taldau_employment(year: int = 2022, suppressed: tuple[str, str] | None = None) -> bytes:
    """Taldau slices: every region x (total, the three technical sections, one other activity).

    Region r (0..19) has total 100 + r and technical sections 1, 2 and r (so the share is
    (3 + r) / (100 + r) x 100); ``suppressed`` = (KATO, section letter) is printed as "x".
    """
    reg = default_registry().regions
    units = reg[(reg["status"] == "current")].sort_values("kato").reset_index(drop=True)
    out = []
    for r, unit in units.iterrows():
        name = unit["name_ru"].upper()
        values = {
            "Всего": 100 + r,
            TECHNICAL["C"]: 1,
            TECHNICAL["J"]: 2,
            TECHNICAL["M"]: r,
            OTHER: 50,
        }
        for activity, value in values.items():
            if (
                suppressed
                and unit["kato"] == suppressed[0]
                and activity == TECHNICAL[suppressed[1]]
            ):
                value = "x"
            out.append({"terms": [r, hash(activity) % 1000], "termNames": [name, activity],
                        "periods": [{"name": f"{year} год", "date": f"31.12.{year}", "value": value}]})  # fmt: skip
    return json.dumps(out, ensure_ascii=False).encode()


def taldau_grp(year: int = 2022) -> bytes:
    reg = default_registry().regions
    units = reg[(reg["status"] == "current")].sort_values("kato")
    return json.dumps(
        [{"terms": [i], "termNames": [n.upper()], "periods": [{"name": f"{year} год", "date": f"31.12.{year}", "value": 1000.0 + i}]}
         for i, n in enumerate(units["name_ru"])],
        ensure_ascii=False,
    ).encode()  # fmt: skip
