"""The Charter rule (Article 27(3)) for a substantive vote, from its tally."""

from __future__ import annotations

import datetime as dt

import pytest

from tracker.domain import council, votes
from tracker.domain.votes import Tally

DAY_2015 = dt.date(2015, 6, 1)
DAY_1950 = dt.date(1950, 7, 7)

P5_NOW = {"CHN", "FRA", "GBR", "RUS", "USA"}
P5_1950 = {"TWN", "FRA", "GBR", "SUN", "USA"}


def outcome(tally: Tally, day: dt.date) -> str | None:
    return votes.outcome(tally, council.permanent_on(day), day)


def test_permanent_members_of_the_day():
    assert council.permanent_on(DAY_2015) == P5_NOW
    assert council.permanent_on(DAY_1950) == P5_1950


# --- votes needed ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "needed"),
    [
        (dt.date(1946, 1, 17), 7),
        (dt.date(1950, 6, 27), 7),
        (dt.date(1965, 12, 31), 7),
        (dt.date(1966, 1, 1), 9),
        (dt.date(2015, 6, 1), 9),
    ],
)
def test_votes_needed(day, needed):
    assert votes.votes_needed(day) == needed


# --- outcomes ----------------------------------------------------------------------


def test_unanimous_is_adopted():
    assert outcome(Tally(15, 0, 0), DAY_2015) == "adopted"


def test_nine_in_favour_with_abstentions_is_adopted():
    assert outcome(Tally(9, 0, 6), DAY_2015) == "adopted"


def test_eight_in_favour_is_failed():
    assert outcome(Tally(8, 0, 7), DAY_2015) == "failed"


def test_named_permanent_member_against_is_vetoed():
    tally = Tally(13, 2, 0, {"RUS": "N", "VEN": "N"})
    assert outcome(tally, DAY_2015) == "vetoed"


def test_only_elected_member_against_is_adopted():
    tally = Tally(13, 1, 1, {"VEN": "N", "RUS": "A"})
    assert outcome(tally, DAY_2015) == "adopted"


def test_votes_against_with_nobody_named_cannot_tell():
    assert outcome(Tally(13, 2, 0), DAY_2015) is None


def test_votes_against_partly_named_elected_cannot_tell():
    # One of the two members against is named, and is elected: the other may be permanent.
    assert outcome(Tally(13, 2, 0, {"VEN": "N"}), DAY_2015) is None


def test_1950_seven_in_favour_is_adopted():
    assert outcome(Tally(7, 0, 4), DAY_1950) == "adopted"


def test_1950_six_in_favour_is_failed():
    assert outcome(Tally(6, 0, 5), DAY_1950) == "failed"


def test_eight_in_favour_was_enough_in_1965_but_not_in_1966():
    assert outcome(Tally(8, 0, 3), dt.date(1965, 12, 31)) == "adopted"
    assert outcome(Tally(8, 0, 7), dt.date(1966, 1, 1)) == "failed"


def test_permanent_member_abstaining_is_not_a_veto():
    tally = Tally(14, 0, 1, {"CHN": "A"})
    assert outcome(tally, DAY_2015) == "adopted"


def test_permanent_member_abstaining_with_elected_against_is_adopted():
    tally = Tally(12, 1, 2, {"CHN": "A", "RUS": "A", "VEN": "N"})
    assert outcome(tally, DAY_2015) == "adopted"


def test_permanent_member_not_voting_is_not_a_veto():
    tally = Tally(14, 0, 0, {"RUS": "NV"})
    assert outcome(tally, DAY_2015) == "adopted"


def test_too_few_votes_is_failed_even_with_a_permanent_member_against():
    tally = Tally(4, 1, 10, {"USA": "N"})
    assert outcome(tally, DAY_2015) == "failed"


def test_permanent_member_of_another_era_is_not_permanent_now():
    # The Soviet Union sat until 1991-12-23; in 2015 a ballot under its code is no veto.
    tally = Tally(14, 1, 0, {"SUN": "N"})
    assert outcome(tally, DAY_2015) == "adopted"
    assert outcome(tally, dt.date(1985, 6, 1)) == "vetoed"


# --- real votes --------------------------------------------------------------------


def test_2017_10_24_russia_vetoes_the_syria_jim_extension():
    # S/2017/884: 11-2-2, Russia and Bolivia against, China and Kazakhstan abstaining.
    day = dt.date(2017, 10, 24)
    in_favour = ("USA", "GBR", "FRA", "ETH", "ITA", "SWE", "EGY", "JPN", "SEN", "UKR", "URY")
    ballots = {code: "Y" for code in in_favour}
    ballots.update({"RUS": "N", "BOL": "N", "CHN": "A", "KAZ": "A"})
    assert set(ballots) == {m.code for m in council.members_on(day)}
    tally = Tally(11, 2, 2, ballots)
    assert votes.consistency_problem(tally) is None
    assert outcome(tally, day) == "vetoed"
    # Only Bolivia named against would not be enough to tell: the other N is unknown.
    assert outcome(Tally(11, 2, 2, {"BOL": "N"}), day) is None


def test_2022_02_25_russia_vetoes_the_ukraine_draft():
    # S/2022/155: 11-1-3, Russia against, China, India and the UAE abstaining.
    day = dt.date(2022, 2, 25)
    in_favour = ("USA", "GBR", "FRA", "ALB", "BRA", "GAB", "GHA", "IRL", "KEN", "MEX", "NOR")
    ballots = {code: "Y" for code in in_favour}
    ballots.update({"RUS": "N", "CHN": "A", "IND": "A", "ARE": "A"})
    assert set(ballots) == {m.code for m in council.members_on(day)}
    tally = Tally(11, 1, 3, ballots)
    assert votes.consistency_problem(tally) is None
    assert outcome(tally, day) == "vetoed"
    assert outcome(Tally(11, 1, 3, {"RUS": "N"}), day) == "vetoed"
    assert outcome(Tally(11, 1, 3), day) is None


def test_2010_06_09_resolution_1929_adopted_over_two_elected_noes():
    # Resolution 1929 (Iran): 12-2-1, Brazil and Turkey against, Lebanon abstaining.
    day = dt.date(2010, 6, 9)
    tally = Tally(12, 2, 1, {"BRA": "N", "TUR": "N", "LBN": "A"})
    assert {"BRA", "TUR", "LBN"} <= {m.code for m in council.members_on(day)}
    assert outcome(tally, day) == "adopted"


def test_1950_07_07_resolution_84_adopted_with_the_soviet_union_absent():
    # Resolution 84 (Korea): 7-0-3, Egypt, India and Yugoslavia abstaining, the USSR absent.
    day = dt.date(1950, 7, 7)
    tally = Tally(7, 0, 3, {"EGY": "A", "IND": "A", "YUG": "A", "SUN": "NV"})
    assert votes.consistency_problem(tally) is None
    assert outcome(tally, day) == "adopted"


# --- consistency ---------------------------------------------------------------------


def test_consistent_or_unnamed_tally_has_no_problem():
    assert votes.consistency_problem(Tally(13, 2, 0)) is None
    assert votes.consistency_problem(Tally(13, 2, 0, {"RUS": "N", "CHN": "N", "USA": "Y"})) is None


def test_more_members_named_against_than_counted():
    problem = votes.consistency_problem(Tally(13, 1, 1, {"RUS": "N", "CHN": "N"}))
    assert problem == "2 members named against but the tally says 1"


def test_more_members_named_in_favour_than_counted():
    problem = votes.consistency_problem(Tally(1, 0, 14, {"USA": "Y", "GBR": "Y"}))
    assert problem == "2 members named in favour but the tally says 1"


def test_more_members_named_abstaining_than_counted():
    problem = votes.consistency_problem(Tally(15, 0, 0, {"CHN": "A"}))
    assert problem == "1 members named abstaining but the tally says 0"


def test_not_voting_is_never_counted_against_the_tally():
    assert votes.consistency_problem(Tally(14, 0, 0, {"RUS": "NV"})) is None


# --- complete ballots ------------------------------------------------------------------


def test_unanimous_vote_gives_every_sitting_member_yes():
    sitting = [m.code for m in council.members_on(DAY_2015)]
    assert len(sitting) == 15
    ballots = votes.complete_ballots(Tally(15, 0, 0), sitting)
    assert ballots == {code: "Y" for code in sitting}


def test_unanimous_vote_keeps_named_ballots():
    sitting = [m.code for m in council.members_on(DAY_2015)]
    ballots = votes.complete_ballots(Tally(15, 0, 0, {"USA": "Y"}), sitting)
    assert ballots == {code: "Y" for code in sitting}


def test_non_unanimous_vote_gives_nothing_new():
    sitting = [m.code for m in council.members_on(DAY_2015)]
    assert votes.complete_ballots(Tally(14, 0, 1), sitting) == {}
    assert votes.complete_ballots(Tally(14, 0, 1, {"CHN": "A"}), sitting) == {"CHN": "A"}


def test_unanimous_vote_of_the_eleven_in_1950():
    sitting = [m.code for m in council.members_on(DAY_1950)]
    assert len(sitting) == 11
    assert votes.complete_ballots(Tally(11, 0, 0), sitting) == {code: "Y" for code in sitting}


def test_no_council_gives_nothing_new():
    assert votes.complete_ballots(Tally(15, 0, 0), []) == {}


# --- the tally itself -----------------------------------------------------------------


def test_tally_round_trips_through_a_dict():
    tally = Tally(11, 2, 2, {"RUS": "N", "BOL": "N"})
    data = tally.as_dict()
    assert data == {"for": 11, "against": 2, "abstain": 2, "members": {"BOL": "N", "RUS": "N"}}
    assert Tally.from_dict(data) == tally
    assert Tally(15, 0, 0).as_dict() == {"for": 15, "against": 0, "abstain": 0}
    assert str(tally) == "11-2-2"
