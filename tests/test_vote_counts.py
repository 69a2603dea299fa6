"""Counts and ballots of one vote as one sentence tells them, and a tally completed from the Council's size."""

from __future__ import annotations

import datetime as dt

import pytest

from tracker.extract.actors import find_actors
from tracker.extract.counts import Mention, complete_tally, read_counts


def reading(sentence: str, day: str = "2023-10-16"):
    mentions = [Mention(m.start, m.end, m.member) for m in find_actors(sentence, dt.date.fromisoformat(day))]
    return [(r.counts, r.rest, r.ballots) for r in read_counts(sentence, mentions)]


@pytest.mark.parametrize("sentence, counts", [
    ("It received 5 votes in favour to 4 against, with 6 abstentions.", {"Y": 5, "N": 4, "A": 6}),
    ("It was adopted by a vote of 3 against to 11 in favour, with 1 abstention.", {"N": 3, "Y": 11, "A": 1}),
    ("It passed by fourteen votes in favour, none against, with one abstention.", {"Y": 14, "N": 0, "A": 1}),
    ("The measure drew six votes in favour and three against, with six abstentions.", {"Y": 6, "N": 3, "A": 6}),
    ("In the end it collected two 'yes' votes, eleven 'no' votes and two abstentions.", {"Y": 2, "N": 11, "A": 2}),
    ("It passed with 12 votes in favour and three abstentions.", {"Y": 12, "A": 3}),
    ("Just four of the 15 members voted for it, seven were against and four abstained.", {"Y": 4, "N": 7, "A": 4}),
    ("Eleven members voted in favour, two against and two abstained.", {"Y": 11, "N": 2, "A": 2}),
    ("The remaining ten members voted in favour.", {"Y": 10}),
    ("The text received only four votes.", {"Y": 4}),
])
def test_counts_in_every_usual_order(sentence, counts):
    [(found, rest, _)] = reading(sentence)
    assert found == counts and rest is None


@pytest.mark.parametrize("sentence, ballots", [
    ("It received 2 votes in favour (China, Russian Federation) to 9 against (France, Japan, Malta, Switzerland, "
     "United Kingdom, United States, Albania, Ecuador, Ghana), with 4 abstentions (Brazil, Gabon, Mozambique, United "
     "Arab Emirates).", "CHN:Y RUS:Y FRA:N JPN:N MLT:N CHE:N GBR:N USA:N ALB:N ECU:N GHA:N BRA:A GAB:A MOZ:A ARE:A"),
    ("It drew 12 votes in favour and two against, with a single abstention from Guyana.", "GUY:A"),
    ("Three members -- Bolivia, China and Russia -- voted in favour of it.", "BOL:Y CHN:Y RUS:Y"),
    ("Two members (Russia and China) voted in favor of the text and 13 others abstained.", "RUS:Y CHN:Y"),
    ("Two delegations joined China in voting for the text: Gabon and Mozambique.", "CHN:Y GAB:Y MOZ:Y"),
])
def test_members_named_with_their_side(sentence, ballots):
    [(_, _, found)] = reading(sentence)
    assert found == dict(item.split(":") for item in ballots.split())


def test_the_remaining_members_without_a_number():
    assert reading("China and India abstained, and all the other members voted in favour.") == [({}, "Y", {})]


@pytest.mark.parametrize("sentence", [
    "A resolution needs at least nine votes in favour and no veto from a permanent member to pass.",
    "To be adopted, a text requires nine votes in favour.",
    "The Assembly adopted it by 93 votes in favour to 18 against, with 65 abstentions.",
])
def test_numbers_that_are_not_a_councils_vote(sentence):
    assert reading(sentence) == []


def test_a_side_told_twice_is_another_vote():
    found = reading("The first text got 11 votes in favour and 2 against; the second got 4 votes in favour and 9 "
                    "against.")
    assert [counts for counts, _, _ in found] == [{"Y": 11, "N": 2}, {"Y": 4, "N": 9}]


@pytest.mark.parametrize("counts, rest, ballots, tally", [
    ({"Y": 13, "N": 2}, None, {}, (13, 2, 0)),  # all fifteen counted: none abstained
    ({"Y": 13, "A": 2}, None, {}, (13, 0, 2)),
    ({"Y": 10}, None, {"RUS": "N", "BOL": "N", "CHN": "A", "ETH": "A", "KAZ": "A"}, (10, 2, 3)),
    ({}, "Y", {"RUS": "N", "CHN": "A", "IND": "A", "ARE": "A"}, (11, 1, 3)),
    ({"Y": 5}, None, {}, (5, None, None)),  # partial stays partial
    ({"Y": 9}, None, {"RUS": "N"}, (9, None, None)),  # 9 + 1 named is not the Council: the rest is unknown
])
def test_a_tally_is_completed_only_when_everything_adds_up(counts, rest, ballots, tally):
    assert complete_tally(counts, rest, ballots, 15) == tally


@pytest.mark.parametrize("sentence, counts, ballots", [
    ("It received only Russia's own vote in favour, with the 13 other members abstaining.",
     {"Y": 1, "A": 13}, {"RUS": "Y"}),
    ("It failed after 10 of the council's 15 members voted in favour.", {"Y": 10}, {}),
    ("Seven members, including the United States, Britain and France, voted against it.", {"N": 7},
     {"USA": "N", "GBR": "N", "FRA": "N"}),
])
def test_lone_votes_shares_of_the_council_and_lists_that_include(sentence, counts, ballots):
    [(found, _, named)] = reading(sentence)
    assert found == counts and named == ballots


@pytest.mark.parametrize("sentence, counts, ballots", [
    ("Russia cast the lone dissenting vote.", {"N": 1}, {"RUS": "N"}),
    ("The United States was the only member to vote against the text.", {"N": 1}, {"USA": "N"}),
    ("The remaining 14 members backed the text.", {"Y": 14}, {}),
])
def test_a_lone_ballot_and_members_who_backed_the_text(sentence, counts, ballots):
    [(found, _, named)] = reading(sentence)
    assert found == counts and named == ballots
