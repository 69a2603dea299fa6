"""How real news tells a Council vote, one usual form per case.

Each case is a short article written for this test in the manner of an
outlet (a UN press release, a wire story, a regional paper) about a real
vote, with what an analyst reads out of it. The forms are general English
about drafts and votes: tallies in every usual order, ballots named in
parentheses, between dashes or after a colon, votes told over several
sentences, several drafts in one story, outcomes, proposals without a
subject in front, negotiation stages, and sentences that are not events.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from tracker.domain.dates import PartialDate
from tracker.extract import Article, Extractor


@dataclass(frozen=True)
class Expect:
    """An event the article reports; only the fields given are checked."""

    type: str
    sponsors: frozenset[str] | None = None  # of the draft it is about
    members: frozenset[str] | None = None
    tally: tuple[int | None, int | None, int | None] | None = None  # for, against, abstaining
    ballots: dict[str, str] = field(default_factory=dict)  # each named member's ballot (subset check)
    date: str | None = None


def expect(type: str, sponsors: str | None = None, members: str | None = None, tally=None, ballots: str = "",
           date: str | None = None) -> Expect:
    """``sponsors``/``members`` as "RUS CHN"; ``ballots`` as "RUS:N CHN:A"."""
    return Expect(type, frozenset(sponsors.split()) if sponsors is not None else None,
                  frozenset(members.split()) if members is not None else None, tally,
                  dict(item.split(":") for item in ballots.split()), date)


def read(text: str, published: str) -> list[dict]:
    article = Article(path="story.txt", text=text, published=PartialDate.parse(published))
    return [finding.as_json() for finding in Extractor().extract(article)]


def found_events(found: list[dict]) -> list[dict]:
    return [item for item in found if item["type"] != "position"]


def matches(item: dict, wanted: Expect) -> bool:
    if item["type"] != wanted.type:
        return False
    if wanted.sponsors is not None and frozenset(item["draft"].get("sponsors") or ()) != wanted.sponsors:
        return False
    if wanted.members is not None and frozenset(item["members"]) != wanted.members:
        return False
    if wanted.date is not None and item["date"] != wanted.date:
        return False
    if wanted.tally is not None or wanted.ballots:
        votes = item.get("votes") or {}
        if wanted.tally is not None and (votes.get("for"), votes.get("against"), votes.get("abstain")) != wanted.tally:
            return False
        named = votes.get("members") or {}
        if any(named.get(member) != ballot for member, ballot in wanted.ballots.items()):
            return False
    return True


def check(text: str, published: str, *wanted: Expect) -> list[dict]:
    found = read(text, published)
    events = found_events(found)
    for item in wanted:
        assert any(matches(event, item) for event in events), \
            f"not found: {item}\nfound: {[(e['type'], e['draft'].get('sponsors'), e['members'], e.get('votes')) for e in events]}"
    return found


def none_of(text: str, published: str, *types: str) -> None:
    events = found_events(read(text, published))
    assert not [e for e in events if e["type"] in types], [(e["type"], e["evidence"]["quote"]) for e in events]


# --- 1. tallies -------------------------------------------------------------------------------------

GAZA_RUSSIAN_OCT_2023 = (
    "The Security Council today did not adopt a draft resolution submitted by the Russian Federation on the "
    "humanitarian situation in Gaza. The text received 5 votes in favour (China, Gabon, Mozambique, Russian "
    "Federation, United Arab Emirates) to 4 against (France, Japan, United Kingdom, United States), with 6 "
    "abstentions (Albania, Brazil, Ecuador, Ghana, Malta, Switzerland).")


def test_a_press_release_tally_with_every_ballot_in_parentheses():
    check(GAZA_RUSSIAN_OCT_2023, "2023-10-16",
          expect("vote", "RUS", tally=(5, 4, 6),
                 ballots="CHN:Y GAB:Y MOZ:Y RUS:Y ARE:Y FRA:N JPN:N GBR:N USA:N ALB:A BRA:A ECU:A GHA:A MLT:A CHE:A"),
          expect("failed", "RUS"))


def test_a_recorded_vote_with_none_against_and_named_abstentions():
    check("By a recorded vote of 13 in favour to none against, with 2 abstentions (Russian Federation, United "
          "States), the Council adopted resolution 2720 (2023), tabled by the United Arab Emirates.", "2023-12-22",
          expect("vote", "ARE", tally=(13, 0, 2), ballots="RUS:A USA:A"), expect("adopted", "ARE"))


def test_a_tally_told_against_first():
    check("The draft, put forward by Egypt, New Zealand and Spain, was not adopted owing to the negative votes of "
          "two permanent members, by a vote of 3 against (China, Russian Federation, Venezuela) to 11 in favour, "
          "with 1 abstention (Angola).", "2016-12-05",
          expect("vote", "EGY NZL ESP", tally=(11, 3, 1), ballots="CHN:N RUS:N VEN:N AGO:A"))


def test_number_words_and_none_against():
    check("The Council adopted the British text by fourteen votes in favour, none against, with one abstention "
          "(Russian Federation).", "2019-10-30",
          expect("vote", tally=(14, 0, 1), ballots="RUS:A"), expect("adopted"))


def test_a_wire_tally_of_two_numbers_is_complete_on_a_full_council():
    check("UNITED NATIONS, May 26 (Reuters) - China and Russia on Thursday vetoed a U.S.-drafted resolution that "
          "would have tightened sanctions on North Korea. The vote was 13-2.", "2022-05-26",
          expect("vote", "USA", tally=(13, 2, 0), date="2022-05-26"), expect("vetoed", "USA", members="CHN RUS"))


def test_a_wire_tally_with_abstaining_members_named():
    check("The resolution passed 13-0, with Russia and China abstaining.", "2018-03-15",
          expect("vote", tally=(13, 0, 2), ballots="RUS:A CHN:A"))


def test_counts_joined_by_and():
    check("Moscow's text won seven votes in favour and five against, with three abstentions.", "2023-10-16",
          expect("vote", "RUS", tally=(7, 5, 3)))


def test_yes_and_no_votes():
    check("The Russian draft ended up with three 'yes' votes, ten 'no' votes and two abstentions.", "2016-10-08",
          expect("vote", "RUS", tally=(3, 10, 2)))


def test_approved_with_votes_and_abstentions():
    check("The text, put forward by Bahrain, was approved with 12 votes in favour and three abstentions.",
          "2025-03-11", expect("vote", "BHR", tally=(12, 0, 3)), expect("adopted", "BHR"))


def test_only_so_many_of_the_council_voted_in_favour():
    check("A Russian-drafted text on the air strikes was defeated on Saturday. Just four of the council's 15 members "
          "voted for it, seven were against and four abstained.", "2018-04-14",
          expect("vote", "RUS", tally=(4, 7, 4)), expect("failed", "RUS"))


def test_an_abstention_from_a_named_member():
    check("The U.S. draft was vetoed by Russia and China after drawing 11 votes in favour, three against and a "
          "single abstention from Guyana.", "2024-03-22",
          expect("vote", "USA", tally=(11, 3, 1), ballots="GUY:A"), expect("vetoed", "USA", members="RUS CHN"))


def test_ballots_between_dashes_and_others_abstained():
    check("UNITED NATIONS, April 10 -- The Security Council on Tuesday turned down a Russian-drafted text on "
          "chemical weapons in Syria. Five members -- Russia, Kazakhstan, Ethiopia, China and Bolivia -- supported "
          "it. Four others -- the United States, Poland, France and Britain -- opposed it, and the remaining six "
          "abstained.", "2018-04-10",
          expect("vote", "RUS", tally=(5, 4, 6),
                 ballots="BOL:Y CHN:Y ETH:Y KAZ:Y RUS:Y GBR:N FRA:N POL:N USA:N"),
          expect("failed", "RUS"))


def test_ballots_after_a_colon_and_joined_in_voting():
    check("The Russian draft failed on Monday. Four delegations joined Russia in voting for the text: the United "
          "Arab Emirates, Mozambique, Gabon and China. Japan, France, Britain and the United States cast votes "
          "against it, while the other six members abstained.", "2023-10-16",
          expect("vote", "RUS", tally=(5, 4, 6), ballots="RUS:Y CHN:Y GAB:Y MOZ:Y ARE:Y USA:N GBR:N FRA:N JPN:N"))


def test_a_tally_told_over_several_sentences():
    check("Russia on Wednesday cast its eighth veto on Syria, blocking a text drafted by Britain, France and the "
          "United States. Bolivia also voted against it. China, Ethiopia and Kazakhstan abstained. The remaining "
          "ten members voted in favour.", "2017-04-12",
          expect("vote", "GBR FRA USA", tally=(10, 2, 3), ballots="RUS:N BOL:N CHN:A ETH:A KAZ:A"),
          expect("vetoed", "GBR FRA USA", members="RUS"))


def test_the_remaining_members_complete_a_tally_from_the_council_size():
    check("Russia vetoed the U.S. and Albanian draft on Ukraine on Friday. China, India and the United Arab "
          "Emirates abstained, and all the other members voted in favour.", "2022-02-25",
          expect("vote", "USA ALB", tally=(11, 1, 3), ballots="RUS:N CHN:A IND:A ARE:A"))


@pytest.mark.parametrize("sentence", [
    "A resolution needs at least nine votes in favour and no veto from a permanent member to pass.",
    "The 15-member Council met behind closed doors on Monday.",
    "The strikes killed 12 people and wounded 40, officials said.",
    "Talks on the text ran on 12-13 May in New York.",
])
def test_numbers_that_are_not_a_vote(sentence):
    none_of(f"France circulated a draft resolution on Mali on Monday. {sentence}", "2019-05-20", "vote")


# --- 2. several drafts in one story ----------------------------------------------------------------

def test_two_rival_drafts_voted_the_same_day():
    found = check(
        "The Council voted first on the French draft, which Russia vetoed; eleven members voted in favour, two "
        "against and two abstained. It then voted on a rival Russian text, which received four votes in favour, "
        "nine against and two abstentions.", "2016-10-08",
        expect("vetoed", "FRA", members="RUS"), expect("vote", "FRA", tally=(11, 2, 2)),
        expect("vote", "RUS", tally=(4, 9, 2)))
    assert not [e for e in found_events(found) if e["type"] == "vetoed" and e["draft"]["sponsors"] == ["RUS"]]


def test_the_second_draft_is_not_the_first():
    check("Two texts on Idlib went to a vote on Thursday. The first, tabled by Belgium, Germany and Kuwait, was "
          "vetoed by Russia and China. The second draft, submitted by Russia and China, received 2 votes in "
          "favour to 9 against, with 4 abstentions.", "2019-09-19",
          expect("vetoed", "BEL DEU KWT", members="RUS CHN"), expect("vote", "RUS CHN", tally=(2, 9, 4)))


# --- 3. outcomes -------------------------------------------------------------------------------------

@pytest.mark.parametrize("outcome, kind, members", [
    ("failed to be adopted", "failed", None),
    ("failed to obtain the required number of votes", "failed", None),
    ("fell short of the nine votes it needed", "failed", None),
    ("was defeated", "failed", None),
    ("was not adopted on account of the veto cast by the Russian Federation", "vetoed", "RUS"),
    ("was not adopted owing to the negative vote of a permanent member, China", "vetoed", "CHN"),
    ("was turned down after being vetoed by permanent member Russia", "vetoed", "RUS"),
])
def test_outcomes_in_their_usual_forms(outcome, kind, members):
    check(f"A draft resolution on Yemen put forward by Britain {outcome} on Tuesday.", "2018-02-27",
          expect(kind, "GBR", members=members))


def test_a_headline_confirms_the_body_and_takes_its_date():
    found = read("Russia blocks UN resolution on Ukraine\n\nUNITED NATIONS, Feb 25 (AP) - Russia on Friday vetoed "
                 "a Security Council resolution drafted by the United States and Albania.", "2022-02-26")
    vetoes = [e for e in found_events(found) if e["type"] == "vetoed"]
    assert [(e["members"], e["date"]) for e in vetoes] == [(["RUS"], "2022-02-25")]


# --- 4. proposals without a subject in front -------------------------------------------------------

@pytest.mark.parametrize("text, sponsors", [
    ("Tabled by Sierra Leone and the United Kingdom, the text was vetoed by Russia.", "SLE GBR"),
    ("The draft, submitted by Japan and the United States, was vetoed by Russia.", "JPN USA"),
    ("France, the penholder on Mali, circulated a draft resolution to Council members on Monday.", "FRA"),
])
def test_proposals_told_without_a_subject_in_front(text, sponsors):
    check(text, "2024-11-18", expect("proposed", sponsors, members=sponsors))


# --- 5. what is not an event ---------------------------------------------------------------------

@pytest.mark.parametrize("sentence, types", [
    ("Had it passed, the text would have demanded an immediate ceasefire.", ("adopted", "vote")),
    ("The Council later adopted a presidential statement on Haiti.", ("adopted",)),
    ("An amendment proposed by Russia was rejected, with three votes in favour.", ("rejected", "vote", "failed")),
    ("A vote on the draft is expected on Friday.", ("vote", "adopted", "failed")),
])
def test_what_is_not_an_event(sentence, types):
    none_of(f"The United States circulated a draft resolution on Haiti on Monday. {sentence}", "2023-10-02", *types)


# --- 6. positions ------------------------------------------------------------------------------------

def test_a_guess_by_unnamed_diplomats_is_no_members_position():
    found = read("Britain circulated a draft on Sudan on Monday. Diplomats said China was likely to abstain.",
                 "2024-11-11")
    assert not [f for f in found if f["type"] == "position" and "CHN" in f["members"]]


def test_a_member_that_does_not_back_the_text_opposes_it():
    found = read("Britain circulated a draft on Sudan on Monday. Russia does not back the text, its envoy said.",
                 "2024-11-11")
    assert [(f["members"], f["stance"]) for f in found if f["type"] == "position" and "RUS" in f["members"]] \
        == [(["RUS"], "opposes")]


# --- 7. negotiation stages ----------------------------------------------------------------------------

def test_silence_procedure_and_broken_silence():
    check("France and Tunisia put their joint draft under silence procedure on Thursday. The United States broke "
          "silence on Friday, sending the text back to negotiation.", "2020-05-08",
          expect("under_silence", "FRA TUN"), expect("silence_broken", "FRA TUN", members="USA"))


def test_a_draft_put_in_blue():
    check("The United States put its draft on North Korea in blue on Tuesday night.", "2017-09-12",
          expect("in_blue", "USA"))


def test_a_text_put_forward_months_later_is_a_new_draft():
    extractor = Extractor()
    first = Article(path="a.txt", text="Russia circulated a draft resolution on Syria on Monday.",
                    published=PartialDate.parse("2017-11-06"))
    later = Article(path="b.txt", text="Russia put forward its own version of the text on Tuesday.",
                    published=PartialDate.parse("2018-04-10"))
    [old] = [f.draft.id for f in extractor.extract(first) if f.type == "proposed"]
    [new] = [f.draft.id for f in extractor.extract(later) if f.type == "proposed"]
    assert old != new


def test_each_vote_keeps_the_ballots_told_with_it():
    found = check(
        "The first, written by the United States, would have set up a new mechanism. It received 12 votes to 2, "
        "with one abstention, and was blocked by a Russian veto: Russia and Bolivia voted against, and China "
        "abstained. Moscow then put forward its own version. It fell well short: six in favour, seven against "
        "and two abstentions. China voted for it; the United States, Britain and France voted against.",
        "2018-04-10",
        expect("vote", "USA", tally=(12, 2, 1), ballots="RUS:N BOL:N CHN:A"), expect("vetoed", "USA", members="RUS"),
        expect("proposed", "RUS"), expect("vote", "RUS", tally=(6, 7, 2), ballots="CHN:Y USA:N GBR:N FRA:N"))
    assert len([e for e in found_events(found) if e["type"] == "vote"]) == 2


def test_the_outcome_a_full_tally_decides():
    check("The text received 13 votes in favour to 1 against (Russian Federation), with 1 abstention (China).",
          "2022-09-30", expect("vote", tally=(13, 1, 1)), expect("vetoed", members="RUS"))
    check("The text received 4 votes in favour to 2 against, with 9 abstentions.", "2023-10-16", expect("failed"))


def test_a_vote_by_a_margin_names_no_rejecter():
    found = check("Tabled by Sierra Leone and the United Kingdom, the text was rejected by a vote of 1 against "
                  "(Russian Federation) to 14 in favour, on account of the veto cast by a permanent member.",
                  "2024-11-18", expect("vote", "SLE GBR", tally=(14, 1, 0), ballots="RUS:N"),
                  expect("vetoed", "SLE GBR", members="RUS"))
    assert not [e for e in found_events(found) if e["type"] == "rejected"]


def test_only_members_of_the_council_that_day_have_a_ballot():
    check("The draft received 14 votes in favour to 1 against (Russian Federation). Sudan's envoy, who does "
          "not sit on the Council, said his country abstained from supporting it.", "2024-11-18",
          expect("vote", tally=(14, 1, 0), ballots="RUS:N"))


def test_a_title_case_headline_names_only_the_sponsor_of_its_draft():
    found = read("Vetoes by China and Russian Federation Block United States Draft\n\nThe United States text was "
                 "vetoed by China and the Russian Federation.", "2023-10-25")
    assert {tuple(e["draft"]["sponsors"]) for e in found_events(found)} == {("USA",)}


def test_ballots_on_another_resolution_are_not_this_drafts():
    found = read("The United States circulated a draft on Western Sahara on Monday. Last year Bolivia, Ethiopia and "
                 "Russia abstained on resolution 2440.", "2019-04-22")
    assert not [f for f in found if f["type"] == "position" and f["members"][0] in ("BOL", "ETH", "RUS")]


def test_a_wish_for_an_adoption_is_no_event():
    none_of("The United States circulated a draft on North Korea on Monday. Washington wanted the new measures "
            "adopted by 11 September.", "2017-09-08", "adopted")


@pytest.mark.parametrize("sentence, tally", [
    ("The text won the backing of all 15 members.", (15, 0, 0)),
    ("Council members voted 13 to 0 to adopt the text, with China and Russia abstaining.", (13, 0, 2)),
    ("The Council voted 12-0-3 to adopt the text.", (12, 0, 3)),
    ("The resolution was adopted by 13 votes to none, with 2 abstentions (China, Russian Federation).", (13, 0, 2)),
    ("It was approved in a 14-0 vote with one abstention.", (14, 0, 1)),
    ("Thirteen members voted in favour of the resolution, while Russia and China abstained.", (13, 0, 2)),
    ("The measure passed with 12 votes for, none against and three abstentions.", (12, 0, 3)),
])
def test_adoptions_with_their_tally(sentence, tally):
    check(f"France circulated a draft resolution on Mali on Monday. {sentence}", "2019-06-28",
          expect("vote", "FRA", tally=tally), expect("adopted", "FRA"))


def test_a_defeat_told_majority_first():
    check("UNITED NATIONS, March 26 (Reuters) - The Security Council on Friday rejected by a vote of 12-3 a Russian "
          "draft resolution.", "1999-03-26", expect("vote", "RUS", tally=(3, 12, 0)), expect("failed", "RUS"))
    check("The Jordanian draft was rejected by a vote of 8-2-5.", "2014-12-30", expect("vote", "JOR", tally=(8, 2, 5)))


def test_ballots_told_with_joined_so_did_and_no_member():
    found = read("The draft was put forward by Pakistan and Venezuela. The United States joined the sponsors in voting "
                 "for it. No member voted against. Britain and Russia abstained, and so did Brazil and Japan.",
                 "1993-06-29")
    stances = {(f["members"][0], f["stance"]) for f in found if f["type"] == "position"}
    assert {("USA", "supports"), ("GBR", "abstains"), ("RUS", "abstains"), ("BRA", "abstains"),
            ("JPN", "abstains")} <= stances


@pytest.mark.parametrize("sentence, types", [
    ("Adopting the text, he said, would only encourage the government.", ("adopted",)),
    ("The General Assembly, which met in emergency session, adopted a resolution on the matter.", ("adopted",)),
])
def test_amendments_gerund_subjects_and_the_assembly_are_not_the_drafts_events(sentence, types):
    none_of(f"Britain circulated a draft resolution on Kosovo on Monday. {sentence}", "1999-03-26", *types)


def test_amendments_put_forward_are_not_a_draft_of_their_own():
    found = read("Russia has put forward amendments to the British text, diplomats said.", "1999-03-26")
    assert not [e for e in found_events(found) if e["type"] == "proposed" and e["draft"]["sponsors"] == ["RUS"]]


def test_introducing_the_text_names_who_proposes_it():
    check("Introducing the text before the vote, the representative of Germany said it would save lives.",
          "2019-09-19", expect("proposed", members="DEU"))


@pytest.mark.parametrize("sentence, types", [
    ("Brazil also floated a draft presidential statement as a compromise.", ("proposed",)),
    ("Israel had dismissed the draft as a publicity stunt.", ("rejected",)),
])
def test_statements_and_outsiders_views_are_not_steps_of_the_draft(sentence, types):
    found = read(f"Jordan circulated a draft resolution on Palestine on Monday. {sentence}", "2014-12-30")
    assert not [e for e in found_events(found) if e["type"] in types and e["draft"]["sponsors"] != ["JOR"]]
    assert not [e for e in found_events(found) if e["type"] == "rejected"]


def test_explanations_of_vote_give_the_speakers_ballot():
    check("The Council adopted resolution 2720 (2023), submitted by the United Arab Emirates, by 13 votes in favour "
          "with 2 abstentions. The representative of the Russian Federation said his delegation had abstained "
          "because the text had been weakened. The representative of the United States said her delegation "
          "abstained as well.", "2023-12-22",
          expect("vote", "ARE", tally=(13, 0, 2), ballots="RUS:A USA:A"), expect("adopted", "ARE"))


def test_a_failure_by_veto_with_a_full_tally_is_a_veto():
    check("The Security Council today failed to adopt a draft resolution submitted by the United States, owing to "
          "the negative votes of two permanent members. The text received 10 votes in favour to 3 against (China, "
          "Russian Federation, United Arab Emirates), with 2 abstentions (Brazil, Mozambique).", "2023-10-25",
          expect("vetoed", "USA", members="CHN RUS"))
    found = read("The Security Council today failed to adopt a draft resolution submitted by the United States. The "
                 "text received 10 votes in favour to 3 against (China, Russian Federation, United Arab Emirates), "
                 "with 2 abstentions (Brazil, Mozambique).", "2023-10-25")
    assert not [e for e in found_events(found) if e["type"] == "failed"]


def test_the_ledes_day_dates_the_vote_told_after_it():
    check("The Security Council on Monday failed to adopt two competing resolutions on Gaza. The first, put forward "
          "by Russia, received five votes in favour, four against and six abstentions.", "2023-10-18",
          expect("vote", "RUS", tally=(5, 4, 6), date="2023-10-16"), expect("failed", "RUS", date="2023-10-16"))


def test_a_deadline_is_not_the_day_of_the_step():
    check("The Council on Monday adopted a British text that extends the sanctions until 26 February 2019.",
          "2018-02-26", expect("adopted", "GBR", date="2018-02-26"))


def test_the_draft_a_story_already_knows_is_not_proposed_afresh():
    found = check("China and Russia today vetoed a draft resolution submitted by the United States. The United States "
                  "text, which that delegation had circulated to Council members on 21 October, received 10 votes in "
                  "favour.", "2023-10-25", expect("vetoed", "USA", members="CHN RUS"))
    assert len({e["draft"]["id"] for e in found_events(found)}) == 1


def test_a_first_draft_circulated_earlier_is_the_same_text():
    found = read("China and Russia on Thursday vetoed a U.S.-drafted resolution on North Korea. Washington circulated "
                 "a first draft to the council in April.", "2022-05-26")
    assert len({e["draft"]["id"] for e in found_events(found)}) == 1


def test_a_negotiation_told_as_security_council_report_tells_it():
    check("The US, the penholder on Haiti, circulated the initial draft on 2 October. After two rounds of "
          "negotiations, the US placed a revised draft under silence on 5 October; silence was broken by China. The "
          "US then put a further revised text in blue on 6 October.", "2023-10-07",
          expect("proposed", "USA", date="2023-10-02"), expect("under_silence", "USA", date="2023-10-05"),
          expect("silence_broken", "USA", members="CHN"), expect("in_blue", "USA", date="2023-10-06"))


def test_a_ballot_told_before_the_tally_joins_the_vote():
    check("A draft resolution on Myanmar, tabled by the United Kingdom, was vetoed by China and Russia on Friday, "
          "while South Africa also voted against it. Nine members voted in favour and three abstained.",
          "2007-01-12", expect("vote", "GBR", tally=(9, 3, 3), ballots="CHN:N RUS:N ZAF:N"),
          expect("vetoed", "GBR", members="CHN RUS"))


def test_members_counted_not_named_take_no_stance_of_their_own():
    found = read("Russia on Tuesday vetoed a UN Security Council resolution drafted by Japan and the United States, "
                 "with China abstaining and the remaining 13 members voting in favour.", "2022-06-07")
    assert not [f for f in found if f["type"] == "position" and f["members"] == ["RUS"] and f["stance"] == "supports"]
    assert [e["votes"]["for"] for e in found_events(found) if e["type"] == "vote"] == [13]


def test_a_lone_ballot_told_alone_is_read():
    found = read("France circulated a draft resolution on Mali on Monday. The United States was the only member to "
                 "vote against the text.", "2011-06-28")
    assert ("USA", "opposes") in {(f["members"][0], f["stance"]) for f in found if f["type"] == "position"}


def test_the_resolution_number_told_after_the_adoption_is_the_adopted_drafts():
    found = check("The Security Council on Friday unanimously tightened sanctions on North Korea, adopting a text "
                  "drafted by the United States. Resolution 2397 was passed 15-0 and caps the country's imports of "
                  "refined petroleum.", "2017-12-22",
                  expect("adopted", "USA"), expect("vote", "USA", tally=(15, 0, 0)))
    assert len({e["draft"]["id"] for e in found_events(found)}) == 1


def test_a_resolution_number_told_once_the_story_has_moved_on_is_another_resolution():
    found = read("The Security Council on Friday unanimously tightened sanctions on North Korea, adopting a text "
                 "drafted by the United States. The measures cap imports of refined petroleum. Pyongyang called "
                 "them an act of war. China urged restraint on all sides. Diplomats expect more tests. Resolution "
                 "2375, adopted in September, had already capped crude oil.", "2017-12-22")
    adopted = [e for e in found_events(found) if e["type"] == "adopted"]
    assert adopted and all(e["draft"].get("resolution") != "2375" for e in adopted
                           if e["draft"].get("sponsors") == ["USA"])


def test_a_draft_voted_down_months_ago_is_not_the_one_voted_on_now():
    extractor = Extractor()
    # The outcome is the tally's (two permanent members against), not told in words.
    spring = Article(path="a.txt", text="A draft resolution on Libya drafted by Germany and Italy received 11 votes "
                     "in favour to 2 against (China, Russian Federation), with 2 abstentions.",
                     published=PartialDate.parse("2021-03-04"))
    summer = Article(path="b.txt", text="The text on Libya drafted by Germany and Italy won 12 votes in favour to 3 "
                     "against on Thursday.", published=PartialDate.parse("2021-07-08"))
    [first] = {f.draft.id for f in extractor.extract(spring) if f.type == "vote"}
    [second] = {f.draft.id for f in extractor.extract(summer) if f.type == "vote"}
    assert first != second


def test_a_member_that_sided_with_another_cast_the_same_ballot():
    found = read("Russia vetoed the draft on Mali drafted by France, which went down by a vote of 12-2 with one "
                 "abstention. Pakistan sided with Russia, while India abstained.", "2012-03-15")
    [vote] = [e for e in found_events(found) if e["type"] == "vote"]
    assert vote["votes"]["members"] == {"RUS": "N", "PAK": "N", "IND": "A"}


def test_a_text_of_its_own_is_the_subjects_draft():
    check("China on Tuesday blocked a French draft on Myanmar, then won unanimous backing for a shorter text of its "
          "own.", "2008-05-20", expect("vote", "CHN", tally=(15, 0, 0)), expect("adopted", "CHN"))


def test_backing_from_off_the_council_is_not_authorship():
    found = read("An Arab-backed draft resolution on the Golan failed at the Security Council on Monday. Kuwait, the "
                 "council's Arab member, had put it forward, and the draft, submitted by Kuwait as document "
                 "S/2018/1000, drew only 7 votes in favour, with 8 abstentions.", "2018-11-19")
    events = found_events(found)
    assert {e["draft"]["id"] for e in events} == {events[0]["draft"]["id"]}
    assert events[0]["draft"]["sponsors"] == ["KWT"] and events[0]["draft"]["symbol"] == "S/2018/1000"


def test_an_amended_version_told_after_the_vote_but_dated_before_it_is_the_same_draft():
    found = read("A draft on Western Sahara tabled by Sweden was rejected on Thursday by a vote of 6-2-7. An amended "
                 "version, with softer language on the referendum, had been submitted on Tuesday.", "2018-04-26")
    events = found_events(found)
    assert "revised" in {e["type"] for e in events}
    assert len({e["draft"]["id"] for e in events}) == 1


def test_its_draft_is_the_last_subjects():
    check("The United States pressed its case for weeks. Its draft, which would have renewed the arms embargo on "
          "Iran, was rejected on Friday after it received only two votes in favour, with eleven abstentions.",
          "2020-08-15", expect("vote", "USA", tally=(2, None, 11)))


def test_a_veto_told_in_a_relative_clause_is_cast_by_its_antecedent():
    check("The Brazilian text was blocked on Wednesday by the United States, which cast its veto against it.",
          "2023-10-18", expect("vetoed", "BRA", members="USA"))


def test_their_first_text_is_not_the_new_one():
    found = check("BRUSSELS, Jan 9 (Wire) - Germany and Belgium circulated a new draft resolution on Syria aid on "
                  "Thursday. Their first text was vetoed on Tuesday by Russia and China.", "2020-07-09",
                  expect("proposed", "DEU BEL"), expect("vetoed", "DEU BEL", members="RUS CHN"))
    events = {e["type"]: e["draft"]["id"] for e in found_events(found)}
    assert events["proposed"] != events["vetoed"]


def test_the_fate_of_amendments_counted_off_is_not_the_drafts():
    found = read("The Council adopted a British text on Sudan on Monday by 13 votes to none, with 2 abstentions. "
                 "Before that it voted on two amendments tabled by Russia. The first, which would have struck out "
                 "the reference to sanctions, received 4 votes in favour. The second was vetoed by the United "
                 "Kingdom.", "2024-03-11")
    assert {e["type"] for e in found_events(found)} <= {"adopted", "vote", "proposed"}


def test_a_veto_dated_weeks_before_the_storys_adoption_is_another_draft():
    found = read("The Security Council on Friday adopted a resolution drafted by Malta on children in Gaza by 12 votes "
                 "to none, with 3 abstentions. It was Malta's second attempt. On 3 November, Russia vetoed a "
                 "Malta-drafted text on the same subject.", "2023-11-17")
    drafts = {e["type"]: e["draft"]["id"] for e in found_events(found)}
    assert drafts.get("vetoed") and drafts["vetoed"] != drafts["adopted"]


def test_the_only_vote_against_was_that_of_a_member():
    check("France put forward a draft on Lebanon. On 2 May it received 14 votes in favour. The only vote against "
          "was that of the United States, and the draft fell.", "1986-05-10",
          expect("vote", "FRA", tally=(14, 1, 0), ballots="USA:N"), expect("vetoed", "FRA", members="USA"))


def test_a_text_introduced_by_its_symbol_takes_the_vote_told_next():
    check("Weeks later, Egypt came back with a shorter text (S/1997/241). This time the tally was 13 in favour, "
          "1 against and 1 abstention. The United States again voted no; Costa Rica abstained.", "1997-03-22",
          expect("vote", tally=(13, 1, 1), ballots="USA:N CRI:A"), expect("vetoed", members="USA"))


def test_in_favour_and_none_against_leaves_the_abstentions_to_the_named_members():
    # 11 and none make 11, the size of the Council before 1966: not a complete tally in 2004.
    check("The Darfur text was adopted by 11 votes in favour and none against. Algeria, China, Pakistan and Russia "
          "abstained.", "2004-09-18", expect("vote", tally=(11, 0, 4), ballots="DZA:A CHN:A PAK:A RUS:A"))


def test_a_draft_killed_when_a_member_cast_the_only_vote_against_it():
    check("A text on Nicaragua was killed in the Security Council on Friday night, when the United States cast the "
          "only vote against it. Eleven members supported it. Britain, France and Thailand abstained.", "1986-07-31",
          expect("vote", tally=(11, 1, 3), ballots="USA:N GBR:A FRA:A THA:A", date="1986-07-25"),
          expect("vetoed", members="USA", date="1986-07-25"))


def test_a_draft_that_fell_far_short_with_the_votes_of_two_members():
    check("A Chinese draft on the Red Sea fell far short in the Security Council on Monday, winning the votes of only "
          "China and Russia. No member voted against the text. The other thirteen abstained, leaving it seven votes "
          "shy of the nine any resolution needs.", "2024-01-15",
          expect("vote", "CHN", tally=(2, 0, 13), ballots="CHN:Y RUS:Y"), expect("failed", "CHN"))


def test_a_measure_that_cleared_the_council_with_so_many_votes():
    check("Brazil and Turkey voted against new sanctions on Iran on Wednesday, but the measure cleared the Security "
          "Council with 12 votes. Lebanon abstained.", "2010-06-09",
          expect("vote", tally=(12, 2, 1), ballots="BRA:N TUR:N LBN:A"), expect("adopted"))


def test_a_possessive_counterfactual_is_no_event():
    none_of("Had Moscow's text been adopted, it would have been the council's first resolution on the war.",
            "2022-03-23", "adopted", "vote")


@pytest.mark.parametrize("sentence", [
    "The text demands a ceasefire. It also rejects any attempt to starve the population.",
    "The resolution is not adopted under Chapter VII and carries no sanctions.",
])
def test_what_a_text_says_is_not_its_fate(sentence):
    none_of("Malta put its draft on Gaza in blue on Tuesday. " + sentence, "2024-11-19", "failed", "rejected")


def test_members_that_backed_the_sponsors_text_and_the_vote_day_from_the_body():
    check("Myanmar text clears Council as three abstain\n\nThe Security Council on Wednesday adopted a resolution on "
          "Myanmar. Twelve members backed the British-drafted text. China, India and Russia abstained, and no member "
          "voted against.", "2022-12-22",
          expect("vote", "GBR", tally=(12, 0, 3), ballots="CHN:A IND:A RUS:A", date="2022-12-21"))


def test_the_resolution_a_sponsors_text_was_adopted_as_is_that_text():
    found = check("Acting on a text submitted by the United Kingdom, the Council adopted resolution 502 (1982) by a "
                  "vote of 10 in favour to 1 against (Panama), with 4 abstentions (China, Poland, Spain, Union of "
                  "Soviet Socialist Republics).", "1982-04-03", expect("adopted", "GBR"),
                  expect("vote", "GBR", tally=(10, 1, 4)))
    assert len({e["draft"]["id"] for e in found_events(found)}) == 1


def test_members_that_voted_as_others_did():
    check("France put forward a draft on Lebanon, which was adopted by 13 votes to none, with 2 abstentions. Both "
          "permanent members voted in favour, as did Japan, Ireland and Guyana.", "1982-06-05",
          expect("vote", "FRA", ballots="JPN:Y IRL:Y GUY:Y"))


def test_members_that_cast_vetoes_and_a_speaker_who_talks_of_them():
    found = check("Malaysia tabled a draft on Panama. The vote was 10 in favour and 4 against, with one abstention. "
                  "The United States, Britain and France cast vetoes, and Canada also voted no. Britain's envoy said "
                  "the three vetoes would not be the last.", "1989-12-23",
                  expect("vetoed", "MYS", members="USA GBR FRA"),
                  expect("vote", "MYS", tally=(10, 4, 1), ballots="USA:N GBR:N FRA:N CAN:N"))
    assert [e["members"] for e in found_events(found) if e["type"] == "vetoed"] == [["USA", "GBR", "FRA"]]


def test_sponsors_listed_after_a_colon_and_members_that_voted_with_them():
    check("The text was introduced by the council's non-aligned members: Algeria, Colombia, Ethiopia and Malaysia. "
          "The vote was 10 in favour and 4 against, with one abstention. The Soviet Union, China and Brazil voted "
          "with the sponsors.", "1989-12-23",
          expect("proposed", "DZA COL ETH MYS"), expect("vote", tally=(10, 4, 1), ballots="SUN:Y CHN:Y BRA:Y"))


def test_silence_broken_by_unnamed_members_and_a_text_that_went_to_all_members():
    check("On Wednesday (24 April) the text went to all fifteen members. The US placed it under silence until Monday "
          "morning. Two members broke silence early on Monday (29 April).", "2019-04-29",
          expect("proposed", date="2019-04-24"), expect("under_silence", "USA"),
          expect("silence_broken", members="", date="2019-04-29"))


def test_an_earlier_resolution_adopted_in_a_year_keeps_that_year():
    found = read("Resolution 1929 was adopted on Wednesday by 12 votes to 2, with 1 abstention. Resolution 1803, "
                 "adopted in 2008, passed 14-0 with Indonesia abstaining.", "2010-06-11")
    votes = {e["votes"]["for"]: e for e in found_events(found) if e["type"] == "vote"}
    assert votes[14]["date"] == "2008" and votes[14]["votes"]["abstain"] == 1
    assert votes[14]["draft"]["id"] != votes[12]["draft"]["id"]


def test_two_texts_melded_into_one_built_on_one_of_them():
    found = check("France circulated its draft on Aleppo to Council members on Friday. Russia then circulated a text of "
                  "its own. After four hours of talks the two texts were melded into one draft, built on the French "
                  "text.", "2016-12-18", expect("proposed", "FRA"), expect("proposed", "RUS"), expect("merged", "RUS"))
    [merged] = [e for e in found_events(found) if e["type"] == "merged"]
    assert merged["into"].startswith("FRA-")


def test_two_texts_melded_with_no_base_named_become_a_new_combined_text():
    found = read("France circulated a draft on the pandemic on Monday. Tunisia circulated its own text on Tuesday. "
                 "The two drafts were merged into a single text on Friday.", "2020-04-10")
    merged = [e for e in found_events(found) if e["type"] == "merged"]
    assert len(merged) == 2 and len({e["draft"]["id"] for e in merged}) == 2


@pytest.mark.parametrize("sentence", [
    "It was the thirteenth time the Russian Federation had cast a veto on a Syria text.",
    "It was Russia's 14th veto on Syria since the war began.",
])
def test_a_count_of_past_vetoes_is_no_new_veto(sentence):
    found = read("France circulated a draft on Syria on Monday. " + sentence, "2019-09-19")
    assert not [e for e in found_events(found) if e["type"] == "vetoed"]


def test_a_text_first_presented_in_september_is_still_proposed():
    check("The Russian draft text was first presented to the Security Council in late September.", "2015-11-18",
          expect("proposed", "RUS"))


def test_members_among_those_that_backed_the_measure():
    check("China and Russia vetoed a US-drafted text on North Korea on Thursday. The vote was 13-2. Britain and "
          "France were among the 13 members that backed the measure.", "2022-05-26",
          expect("vote", "USA", tally=(13, 2, 0), ballots="GBR:Y FRA:Y"))
