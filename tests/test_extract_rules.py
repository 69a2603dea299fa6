"""The rules of extraction, one sentence at a time: actors, voice, factuality, tallies, dates, drafts."""

from __future__ import annotations

import pytest

from tracker.domain.dates import PartialDate
from tracker.domain.positions import stances_from
from tracker.extract.actors import find_actors
from tracker.extract.dates import find_dates
from tracker.extract.extractor import Extractor
from tracker.extract.reader import Article
from tracker.extract.votes import find_tally


def read(text: str, published: str | None = "2016-10-08", extractor: Extractor | None = None):
    article = Article(path="test.txt", text=text, published=PartialDate.parse(published) if published else None)
    return (extractor or Extractor()).extract(article)


def events(text: str, **kwargs):
    return [(f.type, f.members, f.factuality) for f in read(text, **kwargs) if f.type != "position"]


def stances(text: str, **kwargs):
    return sorted((f.members[0], f.stance) for f in read(text, **kwargs) if f.type == "position")


# --- actors -------------------------------------------------------------------------------

@pytest.mark.parametrize("name, code", [
    ("Russia", "RUS"), ("the Russian Federation", "RUS"), ("Moscow", "RUS"), ("the Kremlin", "RUS"),
    ("Britain", "GBR"), ("UK", "GBR"), ("London", "GBR"), ("Washington", "USA"), ("the White House", "USA"),
    ("U.S.", "USA"), ("Beijing", "CHN"), ("Paris", "FRA"), ("French", "FRA"),
])
def test_states_by_name_demonym_and_capital(name, code):
    [mention] = find_actors(f"Yesterday {name} spoke.", None)
    assert mention.member == code


def test_lowercase_us_is_not_the_united_states():
    assert find_actors("Let us vote.", None) == []


@pytest.mark.parametrize("name, day, code", [
    ("Churkin", "2015-11-18", "RUS"), ("Churkin", "2019-01-01", None),
    ("Nebenzia", "2018-05-01", "RUS"), ("Haley", "2017-06-01", "USA"), ("Lavrov", "2015-09-30", "RUS"),
    ("Delattre", "2015-11-18", "FRA"), ("Rycroft", "2016-10-08", "GBR"),
])
def test_people_stand_for_a_state_only_within_their_term(name, day, code):
    found = find_actors(f"Ambassador {name} spoke.", PartialDate.parse(day).earliest())
    assert [m.member for m in found] == ([code] if code else [])


# --- events, voice, coordination ----------------------------------------------------------

def test_active_and_passive_voice_name_the_same_actors():
    active = events("Russia and China vetoed a draft resolution drafted by France.")
    passive = events("A draft resolution drafted by France was vetoed by Russia and China.")
    assert active == passive == [("vetoed", ("RUS", "CHN"), "asserted")]


def test_a_veto_noun_names_its_member():
    assert events("The text was blocked by a Russian veto.") == [("vetoed", ("RUS",), "asserted")]


def test_coordinated_rejecters_and_their_positions():
    found = read("The Russian draft was rejected by the United States, Britain and France.")
    [rejected] = [f for f in found if f.type == "rejected"]
    assert rejected.members == ("USA", "GBR", "FRA") and rejected.draft.sponsors == ("RUS",)
    # The step gives their stances (the domain's one rule, applied by the fold): no position finding restates them.
    assert sorted(stances_from(rejected.to_event())) == [("FRA", "opposes"), ("GBR", "opposes"), ("USA", "opposes")]
    assert [f for f in found if f.type == "position"] == []


def test_a_stance_stated_apart_from_the_step_is_a_position_finding():
    found = read("Russia circulated a draft resolution. Britain said it opposes the Russian draft.")
    assert [(f.members, f.stance) for f in found if f.type == "position"] == [(("GBR",), "opposes")]


def test_only_a_permanent_member_vetoes():
    assert events("Bolivia vetoed the draft resolution.") == []


def test_negation_is_not_an_event():
    assert events("China did not veto the draft resolution.") == []
    assert events("Russia has yet to circulate its draft resolution.") == []


def test_conditions_and_hypotheticals_are_not_events():
    assert events("If Russia vetoed the draft resolution, France would table another.") == []
    assert events("Agreement on a single draft resolution would mark a significant step.") == []


def test_a_call_on_others_is_a_position_not_an_adoption():
    found = read("France called on the Security Council to adopt its draft resolution quickly.")
    assert [f.type for f in found] == ["position"] and found[0].stance == "supports"


def test_a_members_own_plan_is_hedged_and_a_forecast_is_nothing():
    assert events("Russia said it would put forward its own draft resolution.") == \
        [("proposed", ("RUS",), "hedged")]
    assert events("Russia plans to circulate a rival draft resolution.") == [("proposed", ("RUS",), "hedged")]
    assert events("The draft resolution is expected to be presented to the council soon.") == []
    assert events("Several diplomats said Russia could veto the draft resolution.") == []


def test_a_hedged_merge_proposal_names_both_drafts():
    found = read("Russia circulated a draft resolution. France said it could be included in its own measure.")
    [merge] = [f for f in found if f.type == "merge_proposed"]
    assert merge.factuality == "hedged" and merge.members == ("FRA",)
    assert merge.draft.sponsors == ("RUS",) and merge.into.sponsors == ("FRA",)
    assert ("FRA", "conditional") in stances("Russia circulated a draft resolution. "
                                             "France said it could be included in its own measure.")


def test_a_revised_text_keeps_its_draft():
    extractor = Extractor()
    [first] = [f for f in read("Russia circulated a draft resolution.", "2015-09-30", extractor)
               if f.type == "proposed"]
    [revised] = [f for f in read("Russia submitted a revised draft resolution on Wednesday.", "2015-11-18",
                                 extractor) if f.type == "revised"]
    assert revised.draft is first.draft and str(revised.date) == "2015-11-18"


def test_a_closed_draft_does_not_take_a_new_proposal():
    extractor = Extractor()
    [vetoed] = [f for f in read("Russia vetoed a draft resolution drafted by France.", "2016-10-08", extractor)
                if f.type == "vetoed"]
    [proposed] = [f for f in read("France circulated a new draft resolution.", "2016-11-20", extractor)
                  if f.type == "proposed"]
    assert proposed.draft is not vetoed.draft


def test_symbols_and_resolution_numbers_identify_drafts():
    extractor = Extractor()
    [a] = [f for f in read("Russia vetoed draft S/2017/970 on Friday.", "2017-11-17", extractor) if f.type == "vetoed"]
    [b] = [f for f in read("The council adopted resolution 2249 unanimously.", "2015-11-20", extractor)
           if f.type == "adopted"]
    assert a.draft.symbol == "S/2017/970" and b.draft.resolution == "2249"


# --- stated positions ----------------------------------------------------------------------

TWO_DRAFTS = ("France circulated a draft resolution on Syria on Monday. "
              "Russia put forward a rival draft on Tuesday. ")
FRENCH_DRAFT = "Russia put forward a draft on Syria on Tuesday. France circulated a rival draft on Monday. "


def stated(text: str, opening: str = FRENCH_DRAFT, **kwargs):
    """(member, stance, the draft's sponsors) of each position stated after the opening sentences."""
    return sorted((f.members[0], f.stance, f.draft.sponsors) for f in read(opening + text, **kwargs)
                  if f.type == "position" and f.start >= len(opening))


@pytest.mark.parametrize("sentence", [
    "China will not support the draft, its ambassador said.",
    "China does not back the text.",
    "China said it would vote against the French draft.",
    "China said that it would vote against.",
    "China signalled it would veto.",
    "China has signalled that it would veto the text.",
    "China threatened to veto the French draft.",
    "China has threatened to veto.",
    "China was firmly against it.",
])
def test_a_stated_intent_to_oppose_is_a_position(sentence):
    assert stated(sentence) == [("CHN", "opposes", ("FRA",))]


def test_a_veto_threat_is_no_veto_and_a_members_own_would_veto_is_only_hedged():
    assert [e for e in events(FRENCH_DRAFT + "China threatened to veto.") if e[0] == "vetoed"] == []
    assert [e for e in events(FRENCH_DRAFT + "China said it would veto the French draft.") if e[0] == "vetoed"] \
        == [("vetoed", ("CHN",), "hedged")]


def test_a_member_does_not_threaten_to_veto_its_own_draft():
    assert stated("France has threatened to veto.") == []


@pytest.mark.parametrize("sentence", [
    "China could support a modified text.",
    "China is ready to back it if the sanctions clause is dropped.",
    "China said it would support the draft only if the sanctions clause was dropped.",
])
def test_support_that_hangs_on_changes_is_conditional(sentence):
    assert stated(sentence) == [("CHN", "conditional", ("FRA",))]


@pytest.mark.parametrize("sentence", [
    "China backs the draft.", "China supports the French text.", "China welcomed the draft.",
    "China co-sponsored the draft.", "China said it would vote for the French draft.",
    "China's ambassador said he was satisfied with the text.",
])
def test_stated_support(sentence):
    assert stated(sentence) == [("CHN", "supports", ("FRA",))]


def test_reservations_alone_are_no_stance():
    assert stated("China has reservations about the text.") == []


@pytest.mark.parametrize("sentence", [
    "Diplomats said China was likely to abstain.", "Analysts expect China to veto the draft.",
    "China is expected to support the French text.", "Diplomats said China was likely to back the draft.",
])
def test_someone_elses_forecast_is_no_members_position(sentence):
    assert stated(sentence) == []
    assert [e for e in events(FRENCH_DRAFT + sentence) if e[0] != "proposed"] == []


@pytest.mark.parametrize("sentence, sponsors", [
    ("Britain opposes the Russian text.", ("RUS",)), ("Britain opposes the rival draft.", ("RUS",)),
    ("Britain backs the French draft.", ("FRA",)), ("Britain said it would not back it.", ("RUS",)),
])
def test_a_stance_goes_to_the_draft_named(sentence, sponsors):
    assert stated(sentence, opening=TWO_DRAFTS) == [("GBR", "supports" if "backs" in sentence else "opposes",
                                                      sponsors)]


def test_condemning_a_veto_backs_the_vetoed_draft():
    opening = FRENCH_DRAFT + "Russia vetoed the French draft on Thursday. "
    assert stated("Britain condemned the veto.", opening=opening) == [("GBR", "supports", ("FRA",))]


def test_a_member_that_joins_others_in_a_stance_shares_it():
    opening = FRENCH_DRAFT + "Russia vetoed the French draft on Thursday. "
    assert stated("Britain joined France and the United States in condemning the veto.", opening=opening) == [
        ("FRA", "supports", ("FRA",)), ("GBR", "supports", ("FRA",)), ("USA", "supports", ("FRA",))]


def test_the_compromise_is_the_draft_in_focus():
    assert stated("Britain said it would vote for the compromise.") == [("GBR", "supports", ("FRA",))]


def test_a_vote_for_something_else_is_no_stance_on_the_draft():
    assert stated("Britain's ambassador said the vote against the draft was a vote for peace talks.") \
        == [("GBR", "opposes", ("FRA",))]


@pytest.mark.parametrize("explanation, member, stance", [
    ("Russia abstained because the text was unbalanced, its envoy said.", "RUS", "abstains"),
    ("China said it had abstained because the text ignored its concerns.", "CHN", "abstains"),
    ("Britain said it had voted in favour because the text protected civilians.", "GBR", "supports"),
])
def test_an_explanation_of_vote_adds_no_second_vote(explanation, member, stance):
    opening = FRENCH_DRAFT + ("The Security Council adopted the French draft on Thursday by 13 votes to none, "
                              "with Russia and China abstaining. ")
    found = read(opening + explanation)
    assert [f.type for f in found].count("vote") == 1
    assert (member, stance) in {pair for f in found for pair in stances_from(f.to_event())}


# --- votes ------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, counts", [
    ("It received 11 votes in favour, 2 against and 2 abstentions.", (11, 2, 2)),
    ("The text was approved by a vote of 12-1-2.", (12, 1, 2)),
    ("The vote was 9-2-4.", (9, 2, 4)),
    ("It passed 13 votes to 1, with 1 abstention.", (13, 1, 1)),
    ("The Russian text received only four votes.", (4, None, None)),
    ("Ten members voted in favour; five abstained.", (10, None, None)),
])
def test_tallies(text, counts):
    tally = find_tally(text)
    assert (tally.in_favour, tally.against, tally.abstaining) == counts


def test_unanimous_means_the_whole_council_of_the_day():
    [vote] = [f for f in read("The council unanimously adopted the draft resolution.", "1965-06-01")
              if f.type == "vote"]
    assert (vote.tally.in_favour, vote.tally.against) == (11, 0)


def test_named_ballots_in_brackets_and_lists():
    found = read("The French draft received 11 votes in favour to 2 against (Russia, Venezuela), "
                 "with 2 abstentions (Angola, China).")
    [vote] = [f for f in found if f.type == "vote"]
    assert vote.tally.ballots == {"RUS": "N", "VEN": "N", "AGO": "A", "CHN": "A"}
    found = read("The vote on the British draft was 13-1-1. Russia voted against, while China abstained.")
    [vote] = [f for f in found if f.type == "vote"]
    assert vote.tally.ballots == {"RUS": "N", "CHN": "A"}


def test_a_failure_with_enough_votes_is_not_a_failure():
    found = events("The draft resolution was defeated by 9 votes to 3, with 3 abstentions.", published="2007-01-12")
    assert [kind for kind, *_ in found] == ["vote"]


# --- dates ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("phrase, expected", [
    ("on Wednesday", "2015-11-18"), ("on Thursday", "2015-11-12"), ("next Monday", "2015-11-23"),
    ("last Wednesday", "2015-11-11"), ("yesterday", "2015-11-17"), ("today", "2015-11-18"),
    ("on Nov. 26", "2015-11-26"), ("on November 26", "2015-11-26"), ("in late September", "2015-09"),
    ("on 13 November 2015", "2015-11-13"), ("in December", "2014-12"),
])
def test_relative_dates_resolve_against_publication(phrase, expected):
    [mention] = find_dates(f"It happened {phrase}.", PartialDate(2015, 11, 18))
    assert str(mention.date) == expected


@pytest.mark.parametrize("sentence, expected", [
    # Published Wednesday 2023-10-18: a weekday is the latest such day on or before it.
    ("Russia vetoed the text on Monday.", "2023-10-16"),
    ("The vote came on Wednesday.", "2023-10-18"),
    ("Moscow circulated its draft last Monday.", "2023-10-16"),
    ("The penholders put it in blue on Monday night.", "2023-10-16"),
    ("The draft was put in blue late on Monday.", "2023-10-16"),
    ("Brazil circulated a revised text late Tuesday.", "2023-10-17"),
    ("Members met this morning to discuss it.", "2023-10-18"),
    ("The council met in emergency session last night.", "2023-10-17"),
    ("Members broke silence two days ago.", "2023-10-16"),
    ("The first draft went round a week ago.", "2023-10-11"),
    ("Brazil circulated the first text earlier this month.", "2023-10"),
    ("Russia tabled its own draft last week.", "2023-10"),
    ("Talks this week went nowhere.", "2023-10"),
    ("Moscow's text, circulated earlier in the week, fell short.", "2023-10"),
    ("Russia circulated its text over the weekend.", "2023-10"),
    ("The council will vote on Oct. 25, diplomats said.", "2023-10-25"),
    ("Russia tabled the amendment on 25 Oct and lost.", "2023-10-25"),
    ("A vote is scheduled for October 25th.", "2023-10-25"),
    ("Members will vote on the 25th, the presidency said.", "2023-10-25"),
    ("The first draft went round on the 2nd.", "2023-10-02"),
    ("The mission's mandate runs until the 30th.", "2023-10-30"),
])
def test_dates_as_news_writes_them_resolve_against_a_wednesday(sentence, expected):
    [mention] = find_dates(sentence, PartialDate(2023, 10, 18))
    assert str(mention.date) == expected


@pytest.mark.parametrize("sentence", [
    "Members marked the 25th anniversary of the tribunal.",
    "It was the council's 25th meeting on Syria this year.",
    "The vote came on the 25th anniversary of the accords.",
])
def test_an_ordinal_that_is_not_a_day_is_no_date(sentence):
    assert find_dates(sentence, PartialDate(2023, 10, 18)) == []


def test_a_day_of_the_month_the_publication_month_lacks_stays_unresolved():
    [mention] = find_dates("The mandate runs until the 31st.", PartialDate(2023, 11, 2))
    assert mention.date is None


def test_a_weekend_or_week_across_two_months_gives_no_month():
    [weekend] = find_dates("Russia circulated its text over the weekend.", PartialDate(2023, 10, 1))
    [week] = find_dates("Russia circulated its text earlier in the week.", PartialDate(2023, 10, 1))
    assert weekend.date is None and week.date is None
    [last] = find_dates("Russia circulated its text last weekend.", PartialDate(2023, 10, 1))
    assert str(last.date) == "2023-09"


def test_without_a_publication_date_relative_dates_stay_unresolved():
    [mention] = find_dates("on Wednesday", None)
    assert mention.date is None
    [finding] = [f for f in read("Russia vetoed the French draft resolution on Wednesday.", None)
                 if f.type == "vetoed"]
    assert finding.date is None


def test_an_undated_clause_in_a_sentence_about_the_past_stays_undated():
    found = read("The Russian draft was first presented in late September but was rejected by the United States.",
                 "2015-11-18")
    dates = {f.type: str(f.date) if f.date else None for f in found if f.type != "position"}
    assert dates == {"proposed": "2015-09", "rejected": None}


@pytest.mark.parametrize("text, in_favour", [
    ("The measure was blocked after 10 of the council's 15 members voted in favour.", 10),
    ("They would have preferred more time to reach a unanimous text.", None),
])
def test_the_council_size_and_a_unanimous_text_are_no_tally(text, in_favour):
    tally = find_tally(text)
    assert (tally.in_favour if tally else None) == in_favour


def test_a_tally_told_of_every_resolution_is_no_vote_on_the_draft_in_focus():
    found = read("Russia circulated a draft resolution on Monday. "
                 "Every sanctions resolution the council has adopted since 2006 was passed unanimously.")
    assert [f for f in found if f.type == "vote"] == []
