"""Each cleaning rule, on small texts written for the purpose."""

from storyline.clean import clean_text, should_join, strip_image_credits, unwrap


def paragraphs(raw: str) -> list[str]:
    return clean_text(raw).paragraphs


def test_image_credit_line_is_dropped():
    assert paragraphs("Boats reached the town.\n\nImage copyright Reuters\n\nWater fell.") == [
        "Boats reached the town.",
        "Water fell.",
    ]


def test_image_credit_with_handle_is_dropped():
    assert paragraphs("Image copyright @river_watch\n\nThe bridge held.") == ["The bridge held."]


def test_trailing_credit_is_cut_but_caption_sentence_kept():
    assert paragraphs("A rescuer carries a child across the square Image copyright AFP") == [
        "A rescuer carries a child across the square"
    ]


def test_glued_credit_and_caption_keep_the_caption_as_its_own_paragraph():
    raw = (
        "It was over, said a guard. Image copyrightEPAImage caption\nVolunteers came from the capital\nThe mayor spoke."
    )
    assert paragraphs(raw) == ["It was over, said a guard.", "Volunteers came from the capital", "The mayor spoke."]


def test_caption_label_is_stripped():
    assert strip_image_credits("Image caption Crowds gathered at dawn") == ("Crowds gathered at dawn", True)


def test_related_topics_heading_is_dropped():
    assert paragraphs("The vote was delayed.\n\nRelated Topics") == ["The vote was delayed."]


def test_share_and_subscribe_prompts_are_dropped():
    assert paragraphs("Rain stopped.\n\nShare this story\n\nSubscribe to our newsletter") == ["Rain stopped."]


def test_reader_callouts_are_dropped():
    raw = (
        "The road reopened.\n\n"
        "Are you in Brenholt? Have you been affected? Email haveyoursay@example.org with your stories.\n\n"
        "Please include a contact number if you are willing to speak to a journalist. "
        "You can also contact us in the following ways:"
    )
    assert paragraphs(raw) == ["The road reopened."]


def test_glued_byline_is_cut_and_the_sentence_before_it_kept():
    raw = "Troops entered the city. Analysis: Jane Roe, South Asia correspondent\nIf\nconfirmed it is a turning point."
    assert paragraphs(raw) == ["Troops entered the city.", "If confirmed it is a turning point."]


def test_liveblog_furniture_is_dropped():
    raw = "LONDON -- The latest developments. All times local:\n---\n10:15 a.m.\nPolice said it was calm."
    assert paragraphs(raw) == ["LONDON -- The latest developments.", "Police said it was calm."]


def test_read_more_heading_and_its_teaser_line_are_dropped():
    raw = "The talks ended.\nRead more on the talks\nWhy did it fail? The sticking points\nA deal is unlikely."
    assert paragraphs(raw) == ["The talks ended.", "A deal is unlikely."]


def test_link_teaser_is_dropped():
    assert paragraphs("Who are the rebels? A guide to the groups\n\nThe rebels withdrew.") == ["The rebels withdrew."]


def test_hard_wrap_is_repaired():
    raw = "An\noperation launched overnight saw forces recapture landmarks\nand inflict heavy losses, officials said."
    assert paragraphs(raw) == [
        "An operation launched overnight saw forces recapture landmarks and inflict heavy losses, officials said."
    ]


def test_real_paragraphs_and_headings_are_not_merged():
    raw = "The city fell on Monday.\nForeign forces\nThe army said advisers were present."
    assert paragraphs(raw) == ["The city fell on Monday.", "Foreign forces", "The army said advisers were present."]


def test_wrap_before_a_name_is_joined():
    assert should_join("Sayed", "Sarwar Hussaini told reporters")
    assert should_join(
        "The minister said in a televised address that progress was being made in retaking", "Brenholt, but"
    )


def test_colon_then_quote_is_one_paragraph():
    assert unwrap(["A spokesman told Reuters:", '"We hold the city."']) == [
        'A spokesman told Reuters: "We hold the city."'
    ]


def test_blank_line_always_ends_a_paragraph():
    assert unwrap(["the end of the", "", "Next part."]) == ["the end of the", "Next part."]


def test_removed_text_is_recorded_by_rule():
    result = clean_text("Rain fell.\n\nRelated Topics")
    assert result.removed == {"related_heading": ["Related Topics"]}


def test_news_that_asks_readers_to_get_in_touch_is_kept():
    text = "Police urged anyone who saw the lorry to get in touch with detectives."
    assert paragraphs(text) == [text]


def test_related_link_lines_and_their_lists_are_dropped():
    raw = (
        "The ferry sailed at noon.\n\nRelated: Harbour Board Names New Chief\n\n"
        "YOU MAY ALSO LIKE:\n\n- Ten Lighthouses Worth a Detour\n\n- Tide Tables Explained\n\n"
        "[Related: Storm Season Ends Early]\n\nThe crossing took an hour."
    )
    assert paragraphs(raw) == ["The ferry sailed at noon.", "The crossing took an hour."]


def test_a_bare_promo_label_takes_its_teaser_but_an_inline_one_leaves_the_next_heading():
    assert paragraphs("Rain fell.\n\nDON'T MISS\n\nCity Zoo Welcomes Twin Otters\n\nRoads flooded.") == [
        "Rain fell.",
        "Roads flooded.",
    ]
    assert paragraphs("Rain fell.\n\nSee also: Flood Maps\n\nWHAT TO PACK\n\nBoots.") == [
        "Rain fell.",
        "WHAT TO PACK",
        "Boots.",
    ]


def test_most_read_headings_are_dropped():
    assert paragraphs("The vote passed.\n\nMost read in Business\n\nTrending now") == ["The vote passed."]


def test_newsletter_and_subscription_prompts_are_dropped():
    raw = (
        "The museum reopened.\n\nGet the morning briefing delivered right to your inbox. Sign up today.\n\n"
        "Never miss a story: subscribe to our weekly newsletter.\n\n"
        "Get Harbour Monthly by post. Click here for details."
    )
    assert paragraphs(raw) == ["The museum reopened."]


def test_a_news_paragraph_about_subscribers_is_kept():
    text = "The streaming service said it gained four million subscribers in the quarter, more than forecast."
    assert paragraphs(text) == [text]


def test_reader_prompts_are_dropped_but_a_closing_invitation_after_text_is_not():
    prompt = "We print letters weekly. We'd like to hear what you think about this or any of our articles."
    text = "The list was hard to make. Really hard. We surely missed some. Leave a comment with yours."
    assert paragraphs(f"The bridge opened.\n\n{prompt}\n\nTell us what you think... comments\n\n{text}") == [
        "The bridge opened.",
        text,
    ]


def test_follow_prompts_author_contacts_and_reporting_credits_are_dropped():
    raw = (
        "Prices rose again.\n\nFollow the Money Desk on Facebook, Instagram and YouTube.\n\n"
        "Email Dana Voss at dvoss@example.org.\n\n"
        "Reporting by Ana Lind; editing by Tom Reyes\n\nMira Hale contributed reporting from Lisbon."
    )
    assert paragraphs(raw) == ["Prices rose again."]


def test_page_furniture_is_dropped():
    raw = (
        "The pier reopened.\n\nSOURCE: Wire services\n\nFiled under: Coast |\n\n© Harbour Press\n\n"
        "4 min read\n\n[cta href=”/join”] Join the club[/cta]"
    )
    assert paragraphs(raw) == ["The pier reopened."]


def test_a_like_this_story_prompt_is_dropped():
    assert paragraphs("Snow closed the pass.\n\nLike this story? Share it with a friend!") == ["Snow closed the pass."]


def test_questions_in_running_text_are_not_teasers():
    intro = "Is the new line worth the wait? Here is what the first riders say:"
    text = "Why? Because fares fell. The council said so on Monday. *Cheers from the gallery*"
    assert paragraphs(f"{intro}\n\n{text}") == [intro, text]


def test_photo_captions_are_dropped():
    raw = (
        "The dam held.\n\nIn this Tuesday, May 4, 2010 file photo, engineers walk on the dam wall.\n\n"
        "FILE - Workers repair the spillway in 2012.\n\n"
        "Water rises behind the dam on Sunday. (Wire Photo/Ana Lind)\n\nPhoto: River Agency\n\n"
        "Engineers said the wall was sound."
    )
    assert paragraphs(raw) == ["The dam held.", "Engineers said the wall was sound."]


def test_a_sentence_about_photographs_is_not_a_caption():
    text = "The agency said photos taken by residents in this valley helped map the flood."
    assert paragraphs(text) == [text]


def test_a_heading_that_starts_like_a_contact_line_is_kept():
    assert paragraphs("Contact Tracing Starts on Campus\n\nThe clinic opened.") == [
        "Contact Tracing Starts on Campus",
        "The clinic opened.",
    ]
    assert paragraphs("Reach Dana Voss on 555-0142.\n\nThe clinic opened.") == ["The clinic opened."]
