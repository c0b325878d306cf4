"""Cleaning and splitting: the real scraped seeds, datelines, length filters."""
import re

import pytest

from summarizer.read.clean import clean_paragraphs, clean_text, strip_dateline, wire_typography, without_rights_notice
from summarizer.read.ingest import read_path
from summarizer.read.split import SentenceSplitter
from summarizer.records import Article

BOILERPLATE = re.compile(
    r"share this|comments|log in|sign in|image copyright|image caption|media caption|media playback|"
    r"read more on|leave a (reply|comment)|your email address|create profile|username|location settings|"
    r"you might also like|file photo|getty images|reuters/|facebook|published in|close button|"
    r"join the conversation|comments policy|photo:",
    re.IGNORECASE,
)
DATELINE = re.compile(r"^[A-Z][A-Z .'-]{3,}(,\s*[A-Z]\w+)?\s*(\([^)]*\))?\s*[-–—:]\s|^\((Reuters|AP|AFP)\)")


@pytest.fixture(scope="module")
def seed_sentences(seeds_dir):
    splitter = SentenceSplitter()
    files = sorted(seeds_dir.glob("*.txt"))
    assert len(files) == 5
    return {f.name: [s.text for s in splitter(read_path(f)[0])] for f in files}


def test_seed_sentences_carry_no_boilerplate(seed_sentences):
    for name, sentences in seed_sentences.items():
        assert len(sentences) >= 8, name
        for sentence in sentences:
            assert not BOILERPLATE.search(sentence), (name, sentence)
            assert not DATELINE.search(sentence), (name, sentence)


def test_photo_caption_before_a_credit_line_is_dropped():
    text = ("Storm hits coast\n\nVolunteers carry sandbags past the harbour wall in the rain on Monday.\n\n"
            "Reuters/ Harbour Town\n\nThe storm reached the coast on Monday night, flooding 300 homes.\n\n"
            "Officials said the water would recede by Thursday, according to the weather service.")
    paragraphs = clean_paragraphs(text)
    assert paragraphs[0].startswith("The storm reached")
    assert not any("sandbags" in p for p in paragraphs)


def test_tail_after_related_stories_is_cut():
    body = "\n\n".join(f"Paragraph {n} of the report says the council met on Monday to vote." for n in range(3))
    text = body + "\n\nYou might also like\n\nTen things to do this weekend in the city centre with kids."
    assert len(clean_paragraphs(text)) == 3


def test_a_note_to_editors_keeps_no_sentences_but_a_story_about_editors_does():
    for note in ("ATTENTION EDITORS: The following photos are part of tonight's photo package, moving on Monday. "
                 "Photo clients will receive these photos automatically through the usual service.",
                 "The Harbour Post plans to move the following stories for use by clients of the news service on "
                 "Tuesday. The school board voted to close two schools in the north of the city.",
                 # news budgets: a day's list of other stories, each summed up in a line
                 "These columns for release on Friday are moving today to clients of the Harbour news service.\n\n"
                 "SCHOOLS-COLUMN _ The school board voted to close two schools in the north of the city.",
                 "Photo details and the desk editors' names can be found at the end of this budget.\n\n"
                 "BOARD-VOTE _ HARBOUR CITY _ The school board voted on Monday to close two schools.",
                 "SCHOOLS (Harbour City) _ The board will vote today on closing two schools. By JANE DOE. "
                 "Story will move in the ``A'' category."):
        assert SentenceSplitter()(Article(id="note", text=note)) == []
    story = ("The editors of the Harbour Post said on Monday that the paper would print on Sundays again. "
             "Sales rose by a fifth after the paper moved its office to the old harbour station.")
    assert len(SentenceSplitter()(Article(id="story", text=story))) == 2


def test_a_captured_archive_notice_keeps_no_sentences():
    """A page captured as a web archive's note on its crawl leaves nothing to cluster, even the
    plain sentences in it; a news story that mentions web archives keeps its sentences."""
    notice = ("Crawl of news sites begun in May 2019 for the regional library. About this collection. "
              "It took a while to get this one going again. For this collection, the seed list came from "
              "three partner libraries. Duplicate pages were not removed this time. The earlier runs covered "
              "only the national papers. The crawler software obeyed robots.txt files.")
    assert SentenceSplitter()(Article(id="notice", text=notice)) == []
    story = ("The national library said on Monday it would double its budget for web archiving. "
             "Librarians have saved news sites since 2005, and the new money pays for storage. "
             "The minister said the archive was part of the country's memory. Critics said the plan came late.")
    assert len(SentenceSplitter()(Article(id="story", text=story))) == 4


@pytest.mark.parametrize("line", [
    "Dow Jones Reprints: this copy is for your own reading and no one else's.",
    "Add local weather as an interest to stay up to date on the forecast and the warnings.",
    "Get push notifications for every goal of the season on your phone.",
    "This material may not be published, broadcast or shared without our written consent.",
    "Please select a newsletter before you press the button below.",
    "Open the email we sent you to activate your reader account today.",
])
def test_paywall_and_sign_up_prompts_are_not_sentences(line):
    body = ["The town council voted on Monday evening to close the old river bridge to all traffic.",
            "Engineers found cracks in two of its supports during an inspection last month.",
            "A temporary crossing for walkers and cyclists is due to open downstream in the spring.",
            "Shop owners on both banks said they feared losing customers while the work goes on.",
            "The council said the repairs would cost about four million pounds and take two years."]
    # on a line of its own, or run into the story's paragraph: only the prompt goes
    for text in (f"{line}\n\n" + " ".join(body), " ".join([body[0], line, *body[1:]])):
        assert [s.text for s in SentenceSplitter()(Article(id="x", text=text))] == body


@pytest.mark.parametrize("line, expected", [
    ("NEAR BAGHOUZ, Syria (Reuters) - U.S.-backed fighters moved closer on Tuesday to the town.",
     "U.S.-backed fighters moved closer on Tuesday to the town."),
    ("WASHINGTON (AP) — The Senate voted on Friday to pass the spending bill.",
     "The Senate voted on Friday to pass the spending bill."),
    ("OMAR OIL FIELD (Syria): Forces were locked in fierce fighting on Sunday.",
     "Forces were locked in fierce fighting on Sunday."),
    ("(CNN) -- A new study finds that sleep matters more than diet for most adults.",
     "A new study finds that sleep matters more than diet for most adults."),
    ("NATO allies met in Brussels on Monday to discuss the plan.", "NATO allies met in Brussels on Monday to discuss the plan."),
    ("CARACAS, Venezuela (AP) _Venezuelan and Saudi oil delegations met on Friday.",
     "Venezuelan and Saudi oil delegations met on Friday."),
    ("Washington _ Despite a robust economy, the number of poor households rose.",
     "Despite a robust economy, the number of poor households rose."),
    ("CUBA-ELIAN _ MIAMI _ As both sides await a ruling, the boy stays with relatives.",
     "As both sides await a ruling, the boy stays with relatives."),
    ("Clinton _ who had denied it for months _ said he was sorry.", "Clinton _ who had denied it for months _ said he was sorry."),
    ("President Clinton _ Despite his troubles _ remains popular in the polls.",
     "President Clinton _ Despite his troubles _ remains popular in the polls."),
    ("In Washington _ Despite everything, the vote passed by a wide margin.",
     "In Washington _ Despite everything, the vote passed by a wide margin."),
])
def test_strip_dateline(line, expected):
    assert strip_dateline(line) == expected


def test_splitter_handles_abbreviations_and_filters_lengths():
    splitter = SentenceSplitter(min_words=5, max_words=20)
    article = Article(id="a", text=(
        "Dr. Smith of the U.S. Army arrived at 5 p.m. on Jan. 5 with the team. "
        "Too short here. " + "This sentence keeps going " * 8 + "until it ends. "
        "The last full sentence has enough words to count. and then a fragment without end"))
    kept = [s.text for s in splitter(article)]
    assert kept[0] == "Dr. Smith of the U.S. Army arrived at 5 p.m. on Jan. 5 with the team."
    assert "Too short here." not in kept
    assert all(len(s.split()) <= 20 for s in kept)
    assert kept[-1] == "The last full sentence has enough words to count."


def test_sentence_indices_are_provenance(seeds_dir):
    article = read_path(sorted(seeds_dir.glob("*.txt"))[0])[0]
    sentences = SentenceSplitter()(article)
    assert all(s.article_id == article.id for s in sentences)
    assert [s.index for s in sentences] == sorted({s.index for s in sentences})
    assert all(0 <= s.position < 1 for s in sentences)


def test_a_paragraph_that_is_one_aside_loses_its_brackets():
    text = ("The storm is expected to peak on Tuesday night over the eastern coast.\n\n"
            "(Forecasters call a storm of this size a bomb cyclone in their reports. "
            "When the pressure falls fast enough, the name is used by the weather office.)\n\n"
            "Schools in the county will stay closed (the council said so on Monday) until Thursday.")
    sentences = SentenceSplitter().split_text(text)
    assert "Forecasters call a storm of this size a bomb cyclone in their reports." in sentences
    assert "When the pressure falls fast enough, the name is used by the weather office." in sentences
    assert sentences[-1].count("(") == sentences[-1].count(")") == 1  # an aside inside a sentence stays
    assert all(s in clean_text(text) for s in sentences)  # verbatim cleaned text


def test_list_marks_of_wire_copy_and_web_lists_leave_the_sentence():
    text = ("The film opens on Friday in cinemas across the country and abroad.\n\n"
            "_ For months, fans have been analyzing every second of the trailer.\n\n"
            "• Shops have ordered toys by the thousands for the opening week.\n\n"
            "-- Critics in the capital gave the film four stars on Monday night.\n\n"
            "--Built-in screens in the lobby will show the trailer all week long.")
    assert SentenceSplitter().split_text(text)[1:] == [
        "For months, fans have been analyzing every second of the trailer.",
        "Shops have ordered toys by the thousands for the opening week.",
        "Critics in the capital gave the film four stars on Monday night.",
        "Built-in screens in the lobby will show the trailer all week long."]


def test_a_fact_sheets_entries_are_not_sentences_but_a_lone_label_line_keeps_its_paragraph():
    sheet = ("The earthquake struck before dawn on Tuesday and flattened towns along the coast.\n\n"
             "*DESTRUCTION:\n\nMore than 1,000 homes and other buildings destroyed across the region.\n\n"
             "*RESCUE OPERATION:\n\n5,000 soldiers and more than 200 foreign rescue workers.\n\n"
             "Rescuers worked through the night to reach people trapped under the rubble.")
    assert SentenceSplitter().split_text(sheet) == [
        "The earthquake struck before dawn on Tuesday and flattened towns along the coast.",
        "Rescuers worked through the night to reach people trapped under the rubble."]
    one_label = "UPDATE:\n\nThe bridge reopened to traffic on Friday after three days of repairs."
    assert SentenceSplitter().split_text(one_label) == ["The bridge reopened to traffic on Friday after three days of repairs."]


def test_a_wire_pick_up_note_goes_and_the_paragraph_before_it_stays():
    text = ("HARLOW, England (AP) _ The ferry to Kell Island was cancelled on Friday for the third time this week. "
            "The ferry, 2nd graf, pvs\n\n"
            "Earlier Friday, the harbour master said repairs to the pier would take a month. Repairs began, 5th graf\n\n"
            "The council, graf 4 pvs\n\n"
            "Residents said the drive-by shootings and graffiti had stopped since the new lights went up.")
    assert SentenceSplitter().split_text(text) == [
        "The ferry to Kell Island was cancelled on Friday for the third time this week.",
        "Earlier Friday, the harbour master said repairs to the pier would take a month.",
        "Residents said the drive-by shootings and graffiti had stopped since the new lights went up."]


def test_a_syndicates_sales_note_and_a_contributors_note_are_no_sentences():
    column = Article("c", "The harbour plan is a folly, and the council knows it. A surge of protests may finally "
                          "change its mind. (Lena Ortiz is a Harlow-based free-lance writer.) (To publish this article, "
                          "it must be purchased from the Harlow Syndicate: call JANE DOE at "
                          "1-800-555-0100.)")
    assert [s.text for s in SentenceSplitter()(column)] == [
        "The harbour plan is a folly, and the council knows it.", "A surge of protests may finally change its mind."]
    only_notes = Article("n", "HARLOW NEWS SERVICE (Distributed by Harlow Features) To purchase this material contact "
                              "Harlow Syndicate Sales Executive JANE DOE at 1-800-555-0100.)\n\n(Lena Ortiz is a "
                              "contributing writer for The Harlow Magazine.)")
    assert SentenceSplitter()(only_notes) == []
    table = ("HARLOW, May 3 -- Following are the harbour's cargo figures on Friday:\n\nGrain 1,204 1,198 +6\n\n"
             "The data above are from the Harlow Port Authority, which compiles the harbour's figures.")
    assert clean_text(table) == ""
    pitch = Article("p", "_ Fans have waited years for the sequel.\n\nAre you prepared to give your readers the "
                         "harbour stories they want? The Harlow Syndicate can help.")
    assert SentenceSplitter()(pitch) == []
    contacts = ("The harbour reopened on Friday after two years of repairs, the council said.\n\n(FOR PURCHASE "
                "INFORMATION, SEE BELOW.)\n\nU.S. and Canada: JANE DOE in Harlow at 1-800-555-0100; fax, "
                "800-555-0101.\n\nCall 800-555-0102 to connect to a Harlow Syndicate sales executive near you.")
    assert clean_text(contacts) == "The harbour reopened on Friday after two years of repairs, the council said."
    # news that only uses the words
    news = ["The museum raised $2 million to purchase this material from the estate of the painter, its director said.",
            "Police said a crime syndicate sales network moved heroin through the harbour for a decade.",
            "Lena Ortiz is a free-lance writer whose articles on the harbour won a prize last year, the jury said.",
            "“We want to give your readers the facts,” the mayor told the Harlow Herald on Friday."]
    for sentence in news:
        assert [s.text for s in SentenceSplitter()(Article("n", sentence + " The council will meet again."))] == [
            sentence, "The council will meet again."]


def test_news_archive_headers_indexes_captions_and_result_tables_are_no_sentences():
    ap = "AP-NR-05-03-91 1425EDT The ferry to Kell Island was cancelled on Friday for the third time this week."
    assert clean_text(ap) == "The ferry to Kell Island was cancelled on Friday for the third time this week."
    fbis = ("Language: English Article Type:BFN [\"Harbour notes\" column by Lena Ortiz] [Text] The harbour council "
            "voted on Friday to rebuild the pier before the summer.")
    assert clean_text(fbis) == "The harbour council voted on Friday to rebuild the pier before the summer."
    ft = ("The council said the pier would cost Pounds 3m . It expects to borrow . . . the whole sum, the mayor said . "
          "Countries:- GBZ United Kingdom, EC . Industries:- P4491 Harbours . Types:- NEWS General News . The "
          "Financial Times London Page 8")
    assert clean_text(ft) == ("The council said the pier would cost £3m. It expects to borrow . . . the whole "
                              "sum, the mayor said.")
    caption = ("Divers searched the harbour on Friday for the missing ferry's cargo, the coast guard said . Photo, "
               "COLOR, Divers prepare to enter the water at Kell Island. Harlow Herald; Photo, The ferry at its "
               "berth. HARBOURS; KELL ISLAND; SHIPPING ACCIDENTS")
    assert clean_text(caption) == "Divers searched the harbour on Friday for the missing ferry's cargo, the coast guard said."
    results = Article("r", "Lena Ortiz won the harbour board's chair on Friday after two rounds of voting. Lena Ortiz: "
                           "14 Paul Kent: 9 Dana Brook: 3 Fourteen votes needed to win. Here is a transcript of her "
                           "speech to the board on Friday night. The harbour is our future, and the pier comes first.")
    assert [s.text for s in SentenceSplitter()(results)] == [
        "Lena Ortiz won the harbour board's chair on Friday after two rounds of voting.",
        "The harbour is our future, and the pier comes first."]
    # a caption word inside news, and one row of figures, stay; so does what follows a note before a statement
    news = "Ortiz said: 14 boats were lost. Photo, film and radio crews filled the pier on Friday, the council said."
    assert clean_text(news) == news
    maps = "Rescuers reached the village on Friday. Maps, radios and food were handed out to the teams."
    assert clean_text(maps) == maps
    statement = Article("s", "Here is the text of the statement the mayor read on Monday: We will rebuild the pier "
                             "by the summer. The harbour council met again on Tuesday to approve the plan.")
    assert [s.text for s in SentenceSplitter()(statement)][-1] == "The harbour council met again on Tuesday to " \
                                                                  "approve the plan."


def test_a_rights_notice_is_no_sentence_and_no_lead_but_what_precedes_it_stays():
    text = ("WASHINGTON, D.C. 20003 Tel: 202-547-4512 Fax: 202-546-4194 COPYRIGHT 1998 BY WORLDSOURCES, INC., A "
            "JOINT VENTURE OF FDCH, INC. AND WORLD TIMES, INC. NO PORTION OF THE MATERIALS CONTAINED HEREIN MAY BE "
            "USED IN ANY MEDIA WITHOUT ATTRIBUTION TO WORLDSOURCES, INC.\n\nGreenhouse gas emissions may cause the "
            "collapse of the West Antarctic Ice Sheet, a new scientific study predicted.")
    assert clean_text(text) == ("Greenhouse gas emissions may cause the collapse of the West Antarctic Ice Sheet, "
                                "a new scientific study predicted.")
    flash = ("French president says there are likely 'no survivors' in alps crash of passenger plane. Article "
             "continues below copyright 2015 the associated press. All rights reserved. This material may not be "
             "published, broadcast, rewritten or redistributed.")
    assert clean_text(flash) == ("French president says there are likely ‘no survivors’ in alps crash of passenger "
                                 "plane.")
    inside = ("Copyright 2018 nexstar broadcasting, inc. All rights reserved. This material may not be published, "
              "broadcast, rewritten, or redistributed. Van horn, texas - a border patrol agent died sunday morning "
              "while on patrol near van horn.")
    assert clean_text(inside) == "Van horn, texas - a border patrol agent died sunday morning while on patrol near van horn."
    # an archive's copyright line with no notice after it is left to the other checks
    line = "He died in 1991 at his home. 00311092,SJ1 Copyright 1991, San Jose Mercury News 1 ENG FRONT"
    assert without_rights_notice(line) == line


def test_a_title_before_a_name_ends_no_sentence():
    text = ("Venezuelans elected a new president on Sunday. Former Lt. Col. Hugo Chavez, who staged a coup attempt "
            "six years ago, won easily. Sgt. Maj. John Smith agreed with the result.")
    assert SentenceSplitter().split_text(text) == [
        "Venezuelans elected a new president on Sunday.",
        "Former Lt. Col. Hugo Chavez, who staged a coup attempt six years ago, won easily.",
        "Sgt. Maj. John Smith agreed with the result."]
    # "U.S." and "U.N." before an office or a body modify it; before another word a sentence may end there
    text = ("The islands will widen their trade with Harlow, visiting U.S. Secretary of State Lena Ortiz said on "
            "Friday. The U.N. Security Council met on Monday. The ferry crew flew back to the U.S. Then they rested.")
    assert SentenceSplitter().split_text(text) == [
        "The islands will widen their trade with Harlow, visiting U.S. Secretary of State Lena Ortiz said on Friday.",
        "The U.N. Security Council met on Monday.", "The ferry crew flew back to the U.S.", "Then they rested."]


def test_a_chronologys_entries_are_not_sentences():
    timeline = ("Timeline for EgyptAir Flight 990:\n\n*Friday\n\nEgyptAir Boeing 767, leaves Cairo, Egypt, bound for "
                "Kennedy International Airport in New York.\n\n*Saturday\n\n8:02 a.m. EDT -- Plane, diverted because of "
                "inclement weather, lands at Newark International Airport.\n\n10:25 a.m. EDT -- Plane leaves Newark, "
                "N.J., bound for Los Angeles International Airport.\n\nThe plane crashed into the Atlantic early on "
                "Sunday with 217 people aboard, the Coast Guard said.")
    assert SentenceSplitter().split_text(timeline) == [
        "The plane crashed into the Atlantic early on Sunday with 217 people aboard, the Coast Guard said."]
    milestones = ("Here are the milestones in the harbour dispute:\n\n1996:\n\nMay 30 _ The council opens an inquiry "
                  "into the harbour board's accounts.\n\n1997:\n\nFeb. 5 _ The board delays the repairs by a "
                  "year.\n\nThe harbour reopened on Friday after two years of repairs, the council said.")
    assert SentenceSplitter().split_text(milestones) == [
        "The harbour reopened on Friday after two years of repairs, the council said."]
    one_day = "Friday:\n\nThe council voted to close the bridge for three weeks of repairs."
    assert SentenceSplitter().split_text(one_day) == ["The council voted to close the bridge for three weeks of repairs."]


def test_words_broken_at_a_line_end_are_joined_and_suspended_hyphens_stay():
    text = ("The group made strong anti- society remarks in an out-of- competition test\n"
            "held from mid- to late summer among middle- and upper-level staff, a low- but not zero-risk step.")
    assert clean_text(text) == ("The group made strong anti-society remarks in an out-of-competition test "
                                "held from mid- to late summer among middle- and upper-level staff, "
                                "a low- but not zero-risk step.")


def test_initials_do_not_end_a_sentence_that_goes_on_in_lower_case():
    text = ("Guests walked past the honour guard into the V.I.P. lounge to meet the mayor. "
            "The report blames the former president, F.W. de Klerk, for the raids. "
            "The delegation flew back to the U.S. It landed late on Sunday night.")
    assert SentenceSplitter().split_text(text) == [
        "Guests walked past the honour guard into the V.I.P. lounge to meet the mayor.",
        "The report blames the former president, F.W. de Klerk, for the raids.",
        "The delegation flew back to the U.S.",
        "It landed late on Sunday night."]


def test_wire_typewriter_dashes_and_dollars_read_as_a_reader_expects():
    assert wire_typography("Some 3,000 left St. Kitts _ a tenth of its people _ by boat.") == \
        "Some 3,000 left St. Kitts — a tenth of its people — by boat."
    assert wire_typography("Reserves fell from dlrs 70 billion to 40 dlrs a share, or 1.5 million dlrs.") == \
        "Reserves fell from $70 billion to $40 a share, or $1.5 million."
    assert wire_typography("See file_name and a_b.") == "See file_name and a_b."
    assert wire_typography("The pier belongs to Harlow Docks Ltd.. It opened in 1990... or so. Wait..") == \
        "The pier belongs to Harlow Docks Ltd. It opened in 1990... or so. Wait."
    assert wire_typography("“I don't know.. maybe,” she said of the #1 billionaire.") == \
        "“I don't know.. maybe,” she said of the #1 billionaire."
    # archives' currency words: the FT's "Pounds 55m", the WSJ's "#440 million"; "#1" and "20 pounds" stay
    assert wire_typography("It sold the unit for #440 million and paid Pounds 55m, or Dollars 44bn, for the #1 "
                           "seed of 20 pounds.") == "It sold the unit for £440 million and paid £55m, or $44bn, " \
                                                    "for the #1 seed of 20 pounds."
    # the dateline's " _ " goes first: the dash stands only inside the sentence
    assert clean_paragraphs("WASHINGTON _ The Senate voted _ narrowly _ to pass the spending bill on Friday.") == [
        "The Senate voted — narrowly — to pass the spending bill on Friday."]
