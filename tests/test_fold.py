"""A draft is the fold of its events: verdicts, states, stances, links, order."""

from __future__ import annotations

from tracker.domain import council, drafts, events
from tracker.domain.dates import PartialDate
from tracker.domain.events import Event, Source
from tracker.domain.votes import Tally

SOURCE = Source("script", "scripts/syria-2015.yaml", line=1)
OTHER_SOURCE = Source("article", "articles/2015-10-01-reuters.txt", quote="Russia circulated a draft")


def day(text: str) -> PartialDate:
    return PartialDate.parse(text)


def statuses(verdicts: list[drafts.Verdict]) -> list[str]:
    return [v.status for v in verdicts]


def stances(draft: drafts.Draft) -> dict[str, str]:
    return {member: change.stance for member, change in draft.current_stances().items()}


def proposed(draft: str = "A", when: str = "2015-09-29", **fields) -> Event:
    return Event("proposed", draft, date=day(when), source=SOURCE, sponsors=("RUS",), **fields)


def proposed_with(when: str = "2015-09-29", **fields) -> Event:
    """A proposal with the caller's own sponsors."""
    return Event("proposed", "A", date=day(when), source=SOURCE, **fields)


# --- the 2015 story -------------------------------------------------------------------


def test_2015_story_ends_revised():
    log = [
        proposed(label="Russian draft on countering terrorism in Syria"),
        Event("rejected", "A", date=day("2015-09-30"), source=SOURCE, members=("USA", "GBR", "FRA")),
        Event("revised", "A", date=day("2015-10"), source=SOURCE, sponsors=("RUS",)),
    ]
    draft, verdicts = drafts.fold("A", log)
    assert statuses(verdicts) == ["applied", "applied", "applied"]
    assert all(v.reason is None for v in verdicts)
    assert draft.state == "revised"
    assert draft.version == 3
    assert draft.sponsors == ["RUS"]
    assert draft.label == "Russian draft on countering terrorism in Syria"
    assert draft.last_event is log[-1]
    assert stances(draft) == {"RUS": "supports", "USA": "opposes", "GBR": "opposes", "FRA": "opposes"}


def test_fold_of_nothing_is_a_new_draft():
    draft, verdicts = drafts.fold("A", [])
    assert draft.state == "new"
    assert draft.version == 0
    assert verdicts == []


# --- factuality --------------------------------------------------------------------------


def test_hedged_move_is_noted_and_moves_nothing():
    hedged = Event("in_blue", "A", date=day("2015-10-05"), source=SOURCE, factuality="hedged")
    draft, verdicts = drafts.fold("A", [proposed(), hedged])
    assert statuses(verdicts) == ["applied", "noted"]
    assert verdicts[1].reason == "hedged: recorded, moves nothing"
    assert draft.state == "proposed"
    assert draft.version == 1
    assert draft.last_event is not hedged


def test_negated_internal_event_is_noted():
    negated = Event(
        "merge_proposed", "A", date=day("2015-10-05"), source=SOURCE, factuality="negated", into="B"
    )
    draft, verdicts = drafts.fold("A", [proposed(), negated])
    assert statuses(verdicts) == ["applied", "noted"]
    assert verdicts[1].reason == "negated: recorded, moves nothing"
    assert draft.links == []


def test_hedged_merge_proposal_is_a_pending_hedged_merge():
    hedged = Event(
        "merge_proposed", "A", date=day("2015-10-05"), source=SOURCE, factuality="hedged", into="B"
    )
    draft, verdicts = drafts.fold("A", [proposed(), hedged])
    assert statuses(verdicts) == ["applied", "applied"]
    assert draft.state == "proposed"
    [link] = draft.pending_merges()
    assert (link.relation, link.other, link.status) == ("merged_into", "B", "pending")
    assert link.factuality == "hedged"
    assert link.event is hedged


def test_later_merge_completes_the_pending_merge():
    hedged = Event(
        "merge_proposed", "A", date=day("2015-10-05"), source=SOURCE, factuality="hedged", into="B"
    )
    merged = Event("merged", "A", date=day("2015-10-08"), source=SOURCE, into="B")
    draft, verdicts = drafts.fold("A", [proposed(), hedged, merged])
    assert statuses(verdicts) == ["applied", "applied", "applied"]
    assert draft.state == "merged"
    assert draft.pending_merges() == []
    [link] = draft.links
    assert (link.relation, link.other, link.status) == ("merged_into", "B", "done")
    assert link.event is merged
    assert link.factuality == "asserted"  # the merge itself is asserted


def test_adopting_a_draft_lapses_its_pending_merges():
    merge_talk = Event("merge_proposed", "A", date=day("2015-10-05"), source=SOURCE, into="B")
    adopted = Event("adopted", "A", date=day("2015-12-18"), source=SOURCE, votes=Tally(15, 0, 0))
    draft, verdicts = drafts.fold("A", [proposed(), merge_talk, adopted])
    assert statuses(verdicts) == ["applied", "applied", "applied"]
    assert draft.state == "adopted"
    assert draft.pending_merges() == []
    [link] = draft.links
    assert (link.relation, link.other, link.status) == ("merged_into", "B", "lapsed")


# --- conflicts -----------------------------------------------------------------------------


def test_a_vote_first_heard_of_while_drafting_still_counts():
    # News is sparse: a reported vote says the text was circulated, even unreported.
    log = [
        Event("drafting", "A", date=day("2015-09-20"), source=SOURCE, sponsors=("RUS",)),
        Event("vote", "A", date=day("2015-09-30"), source=SOURCE, votes=Tally(15, 0, 0)),
    ]
    draft, verdicts = drafts.fold("A", log)
    assert statuses(verdicts) == ["applied", "applied"]
    assert draft.state == "adopted"


def test_a_second_vote_on_an_adopted_draft_is_a_conflict():
    log = [
        Event("proposed", "A", date=day("2015-09-20"), source=SOURCE, sponsors=("RUS",)),
        Event("vote", "A", date=day("2015-09-30"), source=SOURCE, votes=Tally(15, 0, 0)),
        Event("vote", "A", date=day("2015-10-30"), source=SOURCE, votes=Tally(4, 0, 11)),
    ]
    draft, verdicts = drafts.fold("A", log)
    assert statuses(verdicts) == ["applied", "applied", "conflict"]
    assert verdicts[2].reason == "vote not allowed when the draft is adopted"
    assert draft.state == "adopted"
    assert draft.version == 2


def test_stated_adoption_with_a_vetoing_tally_is_a_conflict():
    adopted = Event(
        "adopted",
        "A",
        date=day("2015-10-08"),
        source=SOURCE,
        votes=Tally(13, 2, 0, {"RUS": "N", "VEN": "N"}),
    )
    draft, verdicts = drafts.fold("A", [proposed(), adopted])
    assert statuses(verdicts) == ["applied", "conflict"]
    assert verdicts[1].reason == "stated outcome adopted contradicts the tally 13-2-0 (vetoed)"
    assert draft.state == "proposed"


def test_vote_whose_tally_cannot_tell_is_a_conflict():
    vote = Event("vote", "A", date=day("2015-10-08"), source=SOURCE, votes=Tally(13, 2, 0))
    draft, verdicts = drafts.fold("A", [proposed(), vote])
    assert statuses(verdicts) == ["applied", "conflict"]
    assert "cannot decide the outcome" in verdicts[1].reason
    assert draft.state == "proposed"


def test_vote_without_a_tally_is_a_conflict():
    vote = Event("vote", "A", date=day("2015-10-08"), source=SOURCE)
    draft, verdicts = drafts.fold("A", [proposed(), vote])
    assert statuses(verdicts) == ["applied", "conflict"]
    assert verdicts[1].reason == "a vote needs a tally"


def test_inconsistent_tally_is_a_conflict():
    tally = Tally(13, 1, 1, {"RUS": "N", "CHN": "N"})
    vote = Event("vote", "A", date=day("2015-10-08"), source=SOURCE, votes=tally)
    draft, verdicts = drafts.fold("A", [proposed(), vote])
    assert statuses(verdicts) == ["applied", "conflict"]
    assert verdicts[1].reason == "2 members named against but the tally says 1"
    assert draft.state == "proposed"


def test_merge_naming_no_other_draft_is_a_conflict():
    merged = Event("merged", "A", date=day("2015-10-08"), source=SOURCE)
    draft, verdicts = drafts.fold("A", [proposed(), merged])
    assert statuses(verdicts) == ["applied", "conflict"]
    assert verdicts[1].reason == "merged needs another draft to name"
    assert draft.state == "proposed"


# --- duplicates ----------------------------------------------------------------------------


def test_same_claim_from_another_source_is_a_duplicate():
    first = proposed()
    again = Event("proposed", "A", date=day("2015-09-29"), source=OTHER_SOURCE, sponsors=("RUS",))
    assert first.fingerprint() == again.fingerprint()
    draft, verdicts = drafts.fold("A", [first, again])
    assert statuses(verdicts) == ["applied", "duplicate"]
    assert verdicts[1].reason == "the same claim is already in the log"
    assert draft.version == 1
    assert draft.last_event is first


def test_different_claim_is_not_a_duplicate():
    first = proposed()
    other_day = proposed(when="2015-09-30")
    assert first.fingerprint() != other_day.fingerprint()
    _, verdicts = drafts.fold("A", [first, other_day])
    # Not a duplicate: the machine refuses a second proposal of a proposed draft.
    assert statuses(verdicts) == ["applied", "conflict"]


# --- stances from votes -------------------------------------------------------------------


def test_unanimous_vote_gives_every_sitting_member_support():
    vote = Event("vote", "A", date=day("2015-12-18"), source=SOURCE, votes=Tally(15, 0, 0), resolution="2254")
    draft, verdicts = drafts.fold("A", [proposed(), vote])
    assert statuses(verdicts) == ["applied", "applied"]
    assert draft.state == "adopted"
    assert draft.resolution == "2254"
    permanent = {"CHN", "FRA", "GBR", "RUS", "USA"}
    sitting = permanent | {"AGO", "MYS", "NZL", "ESP", "VEN", "TCD", "CHL", "JOR", "LTU", "NGA"}
    assert {m.code for m in council.members_on(vote.date.earliest())} == sitting
    assert stances(draft) == {code: "supports" for code in sitting}


def test_member_ballots_give_stances_and_not_voting_changes_nothing():
    position = Event(
        "position", "A", date=day("2015-10-01"), source=SOURCE, members=("CHN",), stance="conditional"
    )
    vote = Event(
        "vote",
        "A",
        date=day("2015-10-08"),
        source=SOURCE,
        votes=Tally(12, 1, 1, {"USA": "Y", "VEN": "N", "GBR": "A", "CHN": "NV"}),
    )
    draft, verdicts = drafts.fold("A", [proposed(), position, vote])
    assert statuses(verdicts) == ["applied", "applied", "applied"]
    assert draft.state == "adopted"  # the only member against is elected
    assert stances(draft) == {
        "RUS": "supports",
        "CHN": "conditional",
        "USA": "supports",
        "VEN": "opposes",
        "GBR": "abstains",
    }
    # China's stance still comes from its position statement, not the vote.
    assert draft.current_stances()["CHN"].event is position
    assert draft.current_stances()["VEN"].event is vote


def test_vetoed_vote_gives_the_permanent_member_opposes():
    vote = Event(
        "vote",
        "A",
        date=day("2022-02-25"),
        source=SOURCE,
        votes=Tally(11, 1, 3, {"RUS": "N", "CHN": "A", "IND": "A", "ARE": "A"}),
    )
    draft, verdicts = drafts.fold("A", [proposed_with("2022-02-24", sponsors=("USA", "ALB")), vote])
    assert statuses(verdicts) == ["applied", "applied"]
    assert draft.state == "vetoed"
    assert stances(draft) == {
        "USA": "supports",
        "ALB": "supports",
        "RUS": "opposes",
        "CHN": "abstains",
        "IND": "abstains",
        "ARE": "abstains",
    }


def test_sponsors_accumulate_without_repeats():
    log = [
        proposed_with(sponsors=("RUS",)),
        Event("revised", "A", date=day("2015-10-02"), source=SOURCE, sponsors=("RUS", "CHN")),
    ]
    draft, _ = drafts.fold("A", log)
    assert draft.sponsors == ["RUS", "CHN"]
    assert stances(draft) == {"RUS": "supports", "CHN": "supports"}


def test_revision_of_and_competes_links_are_done():
    log = [
        proposed_with(sponsors=("RUS",), revision_of="OLD"),
        Event("competes", "A", date=day("2015-10-02"), source=SOURCE, rival="C"),
    ]
    draft, verdicts = drafts.fold("A", log)
    assert statuses(verdicts) == ["applied", "applied"]
    assert draft.state == "proposed"
    assert [(link.relation, link.other, link.status) for link in draft.links] == [
        ("revision_of", "OLD", "done"),
        ("competes_with", "C", "done"),
    ]


# --- sort keys -------------------------------------------------------------------------------


def at(when: str | None) -> Event:
    date = day(when) if when else None
    return Event("position", "A", date=date, source=SOURCE, members=("USA",), stance="supports")


def test_full_dates_are_exact():
    log = [at("2015-09-30"), at("2015-10-02"), at("2015-09-01")]
    assert events.sort_keys(log) == ["2015-09-30", "2015-10-02", "2015-09-01"]


def test_partial_and_missing_dates_keep_their_place():
    log = [
        at("2015-09-30"),
        at("2015-09"),  # padded 2015-09-00 sorts before its predecessor: takes the predecessor's key
        at(None),  # undated: stays after the previous event
        at("2015-10-02"),
        at("2015"),  # 2015-00-00: stays after 2015-10-02
        at("2016-01"),  # a partial date later than the previous key keeps its own padded key
        at(None),
        at("2015-09-01"),  # a full date is exact even if earlier than the previous key
        at("2015-08"),  # ...and a partial date after it follows the full date's key
    ]
    assert events.sort_keys(log) == [
        "2015-09-30",
        "2015-09-30",
        "2015-09-30",
        "2015-10-02",
        "2015-10-02",
        "2016-01-00",
        "2016-01-00",
        "2015-09-01",
        "2015-09-01",
    ]


def test_undated_first_event_sorts_before_everything():
    assert events.sort_keys([at(None), at("2015"), at(None), at("2015-03-04")]) == [
        "",
        "2015-00-00",
        "2015-00-00",
        "2015-03-04",
    ]


def test_sort_keys_of_no_events():
    assert events.sort_keys([]) == []


def test_fingerprints_stay_what_databases_already_hold():
    """Stored fingerprints decide what a replay skips: the formula may be made faster, never different."""
    vote = Event("vote", "FR-ISIL-2015", day("2015-11-20"), votes=Tally(15, 0, 0, {}), members=("FRA",),
                 label="Résolution")
    position = Event("position", "RU-ISIL-2015", None, members=("USA", "GBR"), stance="opposes")
    assert vote.fingerprint() == "50a944a96d3c246342dce70756c00abc"
    assert position.fingerprint() == "e5ca8fcf271aa568db18e1f8a8e72145"


def test_silence_broken_sends_the_text_back_to_negotiation_and_a_second_silence_can_pass_into_blue():
    log = [
        Event("proposed", "A", date=day("2019-04-20"), source=SOURCE, sponsors=("USA",)),
        Event("under_silence", "A", date=day("2019-04-26"), source=SOURCE, members=("USA",)),
        Event("silence_broken", "A", date=day("2019-04-29"), source=SOURCE, members=("RUS", "CHN")),
        Event("revised", "A", date=day("2019-04-29"), source=SOURCE, sponsors=("USA",)),
        Event("under_silence", "A", date=day("2019-04-30"), source=SOURCE, members=("USA",)),
        Event("in_blue", "A", date=day("2019-05-01"), source=SOURCE, members=("USA",)),
    ]
    draft, verdicts = drafts.fold("A", log)
    assert statuses(verdicts) == ["applied"] * 6
    assert [state for state in draft_states(log)] == [
        "proposed", "under_silence", "proposed", "revised", "under_silence", "in_blue"]
    # Breaking silence is an objection to the text, not yet a stated stance.
    assert stances(draft) == {"USA": "supports"}


def draft_states(log: list[Event]) -> list[str]:
    return [drafts.fold("A", log[: i + 1])[0].state for i in range(len(log))]
