"""The word lists of extraction, one test each: what each list is for, shown on a sentence."""

from __future__ import annotations

import pytest

from tracker.extract import patterns
from tracker.extract.counts import BALLOT_AFTER
from tracker.extract.mentions import find_draft_mentions
from tracker.extract.patterns import find_triggers
from tracker.extract.steps import StepReading
from tracker.extract.votes import find_tally


@pytest.mark.parametrize("text, kind", [
    ("Russia vetoed the draft.", "vetoed"), ("The text was adopted.", "adopted"), ("France withdrew its text.", "withdrawn"),
    ("Britain circulated a draft.", "proposed"), ("The draft failed to pass.", "failed"),
    ("Russia revised its text.", "revised"), ("The US rejected the draft.", "rejected"),
    ("China abstained.", "abstain"), ("France supports the text.", "support"),
])
def test_trigger_verbs_name_their_event_or_stance(text, kind):
    assert [t.type for t in find_triggers(text)] == [kind]


@pytest.mark.parametrize("text, counts", [
    ("The vote was 13-1-1.", (13, 1, 1)), ("11 in favour, 2 against and 2 abstentions", (11, 2, 2)),
    ("It received only four votes.", (4, None, None)), ("by a vote of 12-1-2", (12, 1, 2)),
])
def test_tally_forms_give_their_counts(text, counts):
    tally = find_tally(text)
    assert (tally.in_favour, tally.against, tally.abstaining) == counts


@pytest.mark.parametrize("text, reports", [("Russia used its veto.", True), ("They voted on it.", True),
                                           ("Talks went on in Geneva.", False)])
def test_may_report_cues_say_when_a_sentence_without_a_draft_is_read(text, reports):
    assert bool(patterns.MAY_REPORT.search(text)) == reports


@pytest.mark.parametrize("text, intends", [("Russia plans to table", True), ("France is set to present", True),
                                           ("Diplomats said Russia", False)])
def test_intention_cues_make_a_hedged_step_a_member_s_own_plan(text, intends):
    assert bool(patterns.INTENTION.search(text)) == intends


def test_asides_are_relative_clauses_and_brackets():
    assert [m.group(0) for m in patterns.ASIDE.finditer("The text, which was tabled in May, (a draft) failed.")] \
        == [", which was tabled in May", "(a draft)"]


@pytest.mark.parametrize("text, flag", [("a revised draft", "revised"), ("a rival draft", "rival"),
                                        ("a new draft", "new"), ("its own draft", "own")])
def test_draft_modifiers_say_what_kind_of_draft(text, flag):
    [mention] = find_draft_mentions(text, [], set())
    assert getattr(mention, flag)


@pytest.mark.parametrize("after, by_council", [(" by the Security Council", True), (" by 13 votes", True),
                                               (" by the OPCW's executive council", False)])
def test_outcome_phrases_tell_the_council_s_adoption(after, by_council):
    assert bool(StepReading._BY_COUNCIL.match(after)) == by_council


@pytest.mark.parametrize("after, ballot", [(" voted against", "N"), (" abstained", "A"), (" said", None),
                                          (" -- voted in favour", "Y"), (" also cast negative votes against", "N"),
                                          (" likewise voted no", "N"), (" abstaining", "A"),
                                          (" was among the members voting in favour", "Y"),
                                          (" were among the four who abstained", "A"), (" was among the sponsors", None)])
def test_ballot_phrases_after_a_member(after, ballot):
    match = BALLOT_AFTER.match(after)
    assert (match is not None and (ballot is None or match.group(ballot) is not None)) == (ballot is not None)
