"""Who sits on the Council on a given day, and what states are called."""

from __future__ import annotations

import csv
import datetime as dt
from importlib import resources

import pytest

from tracker.domain import council

P5_AFTER_1991 = {"CHN", "FRA", "GBR", "RUS", "USA"}
P5_1946_TO_1971 = {"TWN", "FRA", "GBR", "SUN", "USA"}
P5_1971_TO_1991 = {"CHN", "FRA", "GBR", "SUN", "USA"}


def codes_on(day: dt.date) -> set[str]:
    return {m.code for m in council.members_on(day)}


def permanent_codes_on(day: dt.date) -> set[str]:
    return {m.code for m in council.members_on(day) if m.permanent}


def elected_codes_on(day: dt.date) -> set[str]:
    return {m.code for m in council.members_on(day) if not m.permanent}


# --- size of the Council on every sample day ----------------------------------------


def _sample_days() -> list[dt.date]:
    days = []
    for year in range(1946, 2027):
        days += [dt.date(year, 1, 1), dt.date(year, 7, 1), dt.date(year, 12, 31)]
    return days


@pytest.mark.parametrize("day", _sample_days(), ids=str)
def test_council_size_on_sample_days(day):
    members = council.members_on(day)
    expected = 11 if day < dt.date(1966, 1, 1) else 15
    assert len(members) == expected, sorted(m.code for m in members)
    assert len({m.code for m in members}) == expected  # nobody sits twice
    assert sum(m.permanent for m in members) == 5
    assert council.council_size(day) == expected


@pytest.mark.parametrize(
    "day",
    [
        dt.date(1971, 10, 24),
        dt.date(1971, 10, 25),
        dt.date(1984, 8, 3),
        dt.date(1984, 8, 4),
        dt.date(1990, 5, 21),
        dt.date(1990, 5, 22),
        dt.date(1991, 12, 23),
        dt.date(1991, 12, 24),
        dt.date(1965, 12, 31),
        dt.date(1966, 1, 1),
    ],
    ids=str,
)
def test_council_size_around_changes_of_code(day):
    expected = 11 if day < dt.date(1966, 1, 1) else 15
    assert len(council.members_on(day)) == expected
    assert len(permanent_codes_on(day)) == 5


def test_permanent_members_come_first_then_by_code():
    members = council.members_on(dt.date(2015, 7, 1))
    assert [m.code for m in members] == [
        "CHN", "FRA", "GBR", "RUS", "USA",
        "AGO", "CHL", "ESP", "JOR", "LTU", "MYS", "NGA", "NZL", "TCD", "VEN",
    ]  # fmt: skip
    assert members[0].name == "China"
    assert [m.permanent for m in members] == [True] * 5 + [False] * 10


# --- spot checks with full member lists ----------------------------------------------


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (
            dt.date(1950, 6, 27),  # Korea: resolution 83
            P5_1946_TO_1971 | {"CUB", "ECU", "EGY", "IND", "NOR", "YUG"},
        ),
        (
            dt.date(1956, 11, 1),  # Suez and Hungary
            P5_1946_TO_1971 | {"AUS", "BEL", "CUB", "IRN", "PER", "YUG"},
        ),
        (
            dt.date(1985, 7, 1),
            P5_1971_TO_1991 | {"AUS", "BFA", "DNK", "EGY", "IND", "MDG", "PER", "THA", "TTO", "UKR"},
        ),
        (
            dt.date(1987, 7, 20),  # resolution 598 (Iran-Iraq)
            P5_1971_TO_1991 | {"ARE", "ARG", "BGR", "COG", "DEU", "GHA", "ITA", "JPN", "VEN", "ZMB"},
        ),
        (
            dt.date(1990, 11, 29),  # resolution 678 (Iraq)
            P5_1971_TO_1991 | {"CAN", "CIV", "COL", "CUB", "ETH", "FIN", "MYS", "ROU", "YEM", "ZAR"},
        ),
        (
            dt.date(2003, 3, 1),  # the Iraq debate
            P5_AFTER_1991 | {"AGO", "CMR", "CHL", "DEU", "GIN", "MEX", "PAK", "ESP", "SYR", "BGR"},
        ),
        (
            dt.date(2015, 7, 1),
            P5_AFTER_1991 | {"AGO", "MYS", "NZL", "ESP", "VEN", "TCD", "CHL", "JOR", "LTU", "NGA"},
        ),
        (
            dt.date(2022, 2, 25),
            P5_AFTER_1991 | {"ALB", "BRA", "GAB", "GHA", "IND", "IRL", "KEN", "MEX", "NOR", "ARE"},
        ),
        (
            dt.date(2026, 7, 1),
            P5_AFTER_1991 | {"BHR", "COL", "COD", "LVA", "LBR", "DNK", "GRC", "PAK", "PAN", "SOM"},
        ),
    ],
    ids=str,
)
def test_spot_check_full_council(day, expected):
    assert codes_on(day) == expected


@pytest.mark.parametrize("year", [2015, 2022, 2026])
def test_spot_check_whole_year(year):
    first = codes_on(dt.date(year, 1, 1))
    assert codes_on(dt.date(year, 12, 31)) == first
    assert codes_on(dt.date(year, 6, 15)) == first


def test_china_seat_changes_hands_on_1971_10_25():
    before, after = dt.date(1971, 10, 24), dt.date(1971, 10, 25)
    elected_1971 = {"ARG", "BEL", "ITA", "JPN", "SOM", "BDI", "NIC", "POL", "SLE", "SYR"}
    assert codes_on(before) == {"TWN", "FRA", "GBR", "SUN", "USA"} | elected_1971
    assert codes_on(after) == {"CHN", "FRA", "GBR", "SUN", "USA"} | elected_1971
    assert council.permanent_on(before) == frozenset(P5_1946_TO_1971)
    assert council.permanent_on(after) == frozenset(P5_1971_TO_1991)


def test_soviet_seat_passes_to_russia_on_1991_12_24():
    before, after = dt.date(1991, 12, 23), dt.date(1991, 12, 24)
    elected_1991 = {"AUT", "BEL", "ECU", "IND", "ZWE", "CIV", "CUB", "ROU", "YEM", "ZAR"}
    assert codes_on(before) == P5_1971_TO_1991 | elected_1991
    assert codes_on(after) == P5_AFTER_1991 | elected_1991
    assert council.permanent_on(before) == frozenset(P5_1971_TO_1991)
    assert council.permanent_on(after) == frozenset(P5_AFTER_1991)


def test_upper_volta_becomes_burkina_faso_on_1984_08_04():
    assert "HVO" in elected_codes_on(dt.date(1984, 8, 3))
    assert "BFA" not in elected_codes_on(dt.date(1984, 8, 3))
    assert "BFA" in elected_codes_on(dt.date(1984, 8, 4))
    assert "HVO" not in elected_codes_on(dt.date(1984, 8, 4))


def test_enlargement_on_1966_01_01():
    assert codes_on(dt.date(1965, 12, 31)) == P5_1946_TO_1971 | {"BOL", "CIV", "MYS", "JOR", "NLD", "URY"}
    assert codes_on(dt.date(1966, 1, 1)) == P5_1946_TO_1971 | {
        "JOR", "NLD", "URY", "ARG", "BGR", "JPN", "MLI", "NGA", "NZL", "UGA",
    }  # fmt: skip


def test_member_names_come_from_the_countries_file():
    members = {m.code: m for m in council.members_on(dt.date(1985, 7, 1))}
    assert members["SUN"].name == "Soviet Union"
    assert members["SUN"].permanent
    assert members["GBR"].name == "United Kingdom"
    assert not members["UKR"].permanent


def test_permanent_on_is_a_frozenset_of_five():
    permanent = council.permanent_on(dt.date(2022, 2, 25))
    assert isinstance(permanent, frozenset)
    assert permanent == frozenset(P5_AFTER_1991)


def test_nobody_sits_before_1946():
    assert council.members_on(dt.date(1945, 12, 31)) == ()


# --- names ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "code"),
    [
        # codes, any case
        ("RUS", "RUS"),
        ("rus", "RUS"),
        ("usa", "USA"),
        ("GBR", "GBR"),
        # short names
        ("Russia", "RUS"),
        ("United States", "USA"),
        ("United Kingdom", "GBR"),
        ("China", "CHN"),
        ("France", "FRA"),
        # official names
        ("Russian Federation", "RUS"),
        ("United States of America", "USA"),
        ("United Kingdom of Great Britain and Northern Ireland", "GBR"),
        ("People's Republic of China", "CHN"),
        ("Union of Soviet Socialist Republics", "SUN"),
        # aliases, dots, "the", case and spacing
        ("U.S.", "USA"),
        ("US", "USA"),
        ("u.s.a.", "USA"),
        ("the United States", "USA"),
        ("The United Kingdom", "GBR"),
        ("the United Kingdom", "GBR"),
        ("Britain", "GBR"),
        ("Great Britain", "GBR"),
        ("U.K.", "GBR"),
        ("UK", "GBR"),
        ("russian federation", "RUS"),
        ("RUSSIAN  FEDERATION", "RUS"),
        ("  Russia ", "RUS"),
        ("the Kremlin", "RUS"),
        ("U.S.S.R.", "SUN"),
        ("USSR", "SUN"),
        ("Soviet Union", "SUN"),
        ("Taiwan", "TWN"),
        ("Republic of China", "TWN"),
        ("Ivory Coast", "CIV"),
        ("Côte d'Ivoire", "CIV"),
        ("the Netherlands", "NLD"),
        ("UAE", "ARE"),
        ("DRC", "COD"),
        ("Republic of the Congo", "COG"),
    ],
)
def test_resolve(name, code):
    assert council.resolve(name) == code


@pytest.mark.parametrize("name", ["Atlantis", "", "XYZ", "United", "the"])
def test_resolve_unknown_name(name):
    with pytest.raises(council.UnknownMember):
        council.resolve(name)


def test_unknown_member_is_an_input_error():
    from tracker.errors import InputError

    with pytest.raises(InputError) as raised:
        council.resolve("Narnia")
    assert "Narnia" in str(raised.value)
    assert raised.value.exit_code == 2


def test_name_of():
    assert council.name_of("RUS") == "Russia"
    assert council.name_of("XXX") == "XXX"


# --- the data files -----------------------------------------------------------------------


def _rows(filename: str) -> list[dict[str, str]]:
    with resources.files("tracker.data").joinpath(filename).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_every_seat_code_is_a_known_country():
    known = {row["code"] for row in _rows("countries.csv")}
    missing = sorted({row["code"] for row in _rows("council_seats.csv")} - known)
    assert missing == []


def test_country_codes_are_unique():
    codes = [row["code"] for row in _rows("countries.csv")]
    assert len(codes) == len(set(codes))


def test_seat_rows_are_well_formed():
    for row in _rows("council_seats.csv"):
        assert row["seat"] in ("permanent", "elected"), row
        start = dt.date.fromisoformat(row["start"])
        if row["end"]:
            assert dt.date.fromisoformat(row["end"]) >= start, row
        else:
            assert row["seat"] == "permanent", row  # only permanent seats are open-ended


def test_open_ended_seats_are_todays_permanent_five():
    open_ended = {row["code"] for row in _rows("council_seats.csv") if not row["end"]}
    assert open_ended == P5_AFTER_1991


def test_seats_match_the_data_file():
    rows = _rows("council_seats.csv")
    assert len(council.seats()) == len(rows)
    assert sum(seat.permanent for seat in council.seats()) == 7  # P5 + TWN + SUN
