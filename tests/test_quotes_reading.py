"""Which attributions a reader sees as quotes, and who they name: the rules behind issue 20's
who-said-what defects, each on made-up sentences."""

from __future__ import annotations

import pytest
from test_attribution import _attributions_of

from storyline.attribution.quotes import names_a_record, reads_as_quote, reports_speech, states_something
from storyline.attribution.speakers import name_runs, names_someone, speaker_and_role, unglued


@pytest.mark.parametrize(
    ("text", "source", "cue", "content"),
    [
        ("The skipper could see the worry on her face.", "The skipper", "could see", "the worry on her face"),
        ("The council wants the harbour to be dredged.", "The council", "wants", "the harbour to be dredged"),
        ("The port will invite bids to rebuild the jetty.", "The port", "will invite", "bids to rebuild the jetty"),
    ],
)
def test_perception_wishes_and_plans_are_not_words_of_saying(text: str, source: str, cue: str, content: str) -> None:
    (att,), _ = _attributions_of(text, [(source, cue, content)])
    assert not reports_speech(att) and not reads_as_quote(att)


def test_a_withheld_or_negated_cue_says_nothing() -> None:
    text = "The harbour master declined to say when the pier opens. The navy did not say who fired."
    triples = [
        ("The harbour master", "declined to say", "when the pier opens"),
        ("The navy", "did not say", "who fired"),
    ]
    declined, negated = _attributions_of(text, triples)[0]
    assert not reports_speech(declined) and not reports_speech(negated)
    quoted = '"It is not over," the keeper admitted.'
    (att,), _ = _attributions_of(quoted, [("the keeper", "admitted", '"It is not over,"')])
    assert reports_speech(att)  # the quoted words' own "not" is no negation of the cue


def test_a_topic_is_not_a_statement_but_a_clause_or_a_quotation_is() -> None:
    text = (
        "The ferryman joked about his habit of whistling. The mayor expressed confidence in the crew. "
        "The warden told reporters at a briefing that the tide had turned. The pilot admitted to steering badly. "
        'The diver called the wreck "a maze".'
    )
    joked, expressed, told, admitted, called = _attributions_of(
        text,
        [
            ("The ferryman", "joked about", "his habit of whistling"),
            ("The mayor", "expressed", "confidence in the crew"),
            ("The warden", "told", "that the tide had turned"),
            ("The pilot", "admitted", "to steering badly"),
            ("The diver", "called", 'the wreck "a maze"'),
        ],
    )[0]
    assert not states_something(joked) and not states_something(expressed)
    assert states_something(told) and states_something(admitted) and states_something(called)


def test_a_record_is_no_speaker_and_a_denial_of_this_is_a_quote() -> None:
    text = "According to evidence shown in court, the skipper fled. The crew said it sank, but the owner denied this."
    evidence, _, denial = _attributions_of(
        text,
        [
            ("evidence shown in court", "According to", "the skipper fled"),
            ("The crew", "said", "it sank"),
            ("the owner", "denied", "this"),
        ],
    )[0]
    assert names_a_record(evidence) and not reads_as_quote(evidence)
    assert reads_as_quote(denial)


def test_titles_and_acronyms_run_into_a_name_are_cut_off() -> None:
    text = "Interim Harbour Police Chief Tomas Lind and FC Eastmouth striker Jon Bale met Lena Marsh."
    (att,), names = _attributions_of(text, [(None, "met", "Lena Marsh")])
    runs = [r.text for r in name_runs(att.paragraph.doc)]
    assert "Tomas Lind" in runs and "Lena Marsh" in runs


def test_the_speaker_is_the_name_the_source_hangs_on_not_a_place_or_employer_in_it() -> None:
    text = (
        "Maria Ostrova, an analyst at the Eastmouth Maritime Research Institute, said the pier was safe. "
        "North Sea pilots say the channel is silting up."
    )
    (ostrova, pilots), names = _attributions_of(
        text,
        [
            ("Maria Ostrova, an analyst at the Eastmouth Maritime Research Institute", "said", "the pier was safe"),
            ("North Sea pilots", "say", "the channel is silting up"),
        ],
    )
    assert speaker_and_role(ostrova, names)[0] == "Maria Ostrova"
    assert speaker_and_role(pilots, names)[0] == "North Sea pilots"


def test_a_surname_seen_with_its_full_name_is_that_person_and_loses_its_clause() -> None:
    text = "Harbour master Tomas Lind opened the pier. Lind, who has run the port since May, said it was safe."
    (att,), names = _attributions_of(text, [("Lind, who has run the port since May", "said", "it was safe")])
    assert speaker_and_role(att, names)[0] == "Tomas Lind"


def test_he_said_carries_on_the_last_person_who_spoke_not_the_last_person_named() -> None:
    text = "Tomas Lind told the reporter Lena Marsh that the pier was safe. He said the ferries would run."
    (told, he), names = _attributions_of(
        text, [("Tomas Lind", "told", "that the pier was safe"), ("He", "said", "the ferries would run")]
    )
    assert speaker_and_role(he, names)[0] == "Lena Marsh"  # the nearest name, when no one has spoken
    names.heard(told.cue.start, speaker_and_role(told, names)[0])
    assert speaker_and_role(he, names)[0] == "Tomas Lind"


def test_a_described_speaker_drops_its_relative_clause() -> None:
    text = "Some passengers who waited for hours said the ferry was late."
    (att,), names = _attributions_of(text, [("Some passengers who waited for hours", "said", "the ferry was late")])
    assert speaker_and_role(att, names)[0] == "Some passengers"


def test_a_figure_or_what_an_accusation_says_is_a_statement() -> None:
    text = "The clinic reported 14 deaths. The mayor repeated his accusation that the firm had lied."
    reported, repeated = _attributions_of(
        text,
        [("The clinic", "reported", "14 deaths"), ("The mayor", "repeated", "his accusation that the firm had lied")],
    )[0]
    assert reads_as_quote(reported) and reads_as_quote(repeated)


def test_a_title_with_its_full_stop_is_cut_off_the_name() -> None:
    text = "Capt. Jon Bale, a pilot for the ferry line, said the channel was clear."
    (att,), names = _attributions_of(text, [("Capt. Jon Bale, a pilot for the ferry line", "said", "the channel")])
    assert speaker_and_role(att, names)[0] == "Jon Bale"


def test_a_title_cut_off_as_a_sentence_of_its_own_leaves_the_name() -> None:
    text = "Cmdr. Jon Bale, a spokesman for the harbour patrol, told reporters that the channel was clear."
    source = "Cmdr. Jon Bale, a spokesman for the harbour patrol"
    (att,), names = _attributions_of(text, [(source, "told", "that the channel was clear")])
    assert speaker_and_role(att, names)[0] == "Jon Bale"


def test_an_age_is_no_role_and_a_name_glued_to_its_repeat_is_cut() -> None:
    aged, names = _attributions_of("Jon Bale, 26, said the pier was safe.", [("Jon Bale, 26,", "said", "the pier")])
    assert speaker_and_role(aged[0], names) == ("Jon Bale", None)
    aged, names = _attributions_of("The 26-year-old Jon Bale said it.", [("The 26-year-old Jon Bale", "said", "it")])
    assert speaker_and_role(aged[0], names) == ("Jon Bale", None)
    glued_source = "Lena MarshLena Ann MarshEastmouth mayor"
    glued, names = _attributions_of(f"{glued_source} said the pier was safe.", [(glued_source, "said", "the pier")])
    assert speaker_and_role(glued[0], names)[0] == "Lena Marsh"
    assert unglued("PlayStation said") == "PlayStation said"  # a capital inside a name repeats nothing


def test_a_party_letter_names_no_one() -> None:
    (att,), _ = _attributions_of("(R) said the pier was safe.", [("(R)", "said", "the pier was safe")])
    assert not names_someone(att)


def test_a_name_suffix_is_no_surname() -> None:
    text = "Tomas Lind Jr. was charged. Jon Bale Jr., the prosecutor, said the case was strong."
    (att,), names = _attributions_of(text, [("Jon Bale Jr., the prosecutor", "said", "the case was strong")])
    assert speaker_and_role(att, names)[0] == "Jon Bale Jr."


def test_it_said_carries_on_the_group_that_spoke_not_the_place_named_last() -> None:
    text = "The Harbour Gazette reported the pier had closed. Storms hit Eastmouth. It said repairs would take weeks."
    (gazette, it), names = _attributions_of(
        text, [("The Harbour Gazette", "reported", "the pier had closed"), ("It", "said", "repairs would take weeks")]
    )
    names.heard(gazette.cue.start, speaker_and_role(gazette, names)[0])
    assert speaker_and_role(it, names)[0] == "The Harbour Gazette"


def test_a_day_named_before_it_said_is_no_group() -> None:
    text = "The Harbour Board met the ferry line on Wednesday. It said the pier would reopen."
    (it,), names = _attributions_of(text, [("It", "said", "the pier would reopen")])
    assert speaker_and_role(it, names)[0] != "Wednesday"


def test_an_organisation_is_not_cut_to_the_tail_of_its_name() -> None:
    text = "The state Department of Harbour Services said the pier was safe."
    source = "The state Department of Harbour Services"
    (att,), names = _attributions_of(text, [(source, "said", "the pier was safe")])
    assert speaker_and_role(att, names)[0] == source
