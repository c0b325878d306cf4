"""Wire copy pasted as plain text: dates, datelines, by-lines, wire quotes, headlines and the
freshest near-copy. All text is written for these tests (and examples/wire2001)."""
from pathlib import Path

import numpy as np
import pytest

from summarizer import Summarizer
from summarizer.read.clean import clean_paragraphs, strip_dateline
from summarizer.read.ingest import articles_from_text, read_path, read_paths
from summarizer.read.quotes import quotes_balanced, typographic_quotes
from summarizer.read.sources import is_press_digest, outlet, page_date, wire_credit
from summarizer.read.split import SentenceSplitter
from summarizer.records import Article, Selected, Sentence
from summarizer.render.formats import render
from summarizer.run.pipeline import _article_rank
from summarizer.select.headline import clean_title, is_cut_off, sentence_headline, story_title
from summarizer.select.readability import needs_antecedent, speaker_words
from summarizer.stories.near_copies import freshest_first, later_take

WIRE = Path(__file__).resolve().parent.parent / "examples" / "wire2001"
LEAD = "the ferry to Kell Island sank in a storm on Monday night with forty people aboard."


@pytest.mark.parametrize("dateline", [
    "PORTVILLE (AP) _ ", "NORTH PORTVILLE _ ", "PORTVILLE, Examplia (Reuters) - ", "(AFP) — ",
    "PORTVILLE, Examplia (AP) -- ", "PORTVILLE, Oct. 12 (Xinhua) -- ", "KELL ISLAND, Examplia _ ",
    "By JANE DOE, Associated Press Writer PORTVILLE (AP) _ ", "By Jane Doe, AP Science Writer PORTVILLE _ ",
    "(Undated) ", "PORTVILLE (Undated) _ ",
])
def test_every_wire_dateline_and_byline_is_stripped(dateline):
    assert strip_dateline(dateline + LEAD[0].upper() + LEAD[1:]) == LEAD[0].upper() + LEAD[1:]


def test_a_sentence_that_opens_in_capitals_keeps_them():
    for text in ("US officials said the ferry sank on Monday night.", "I said no to the captain that night."):
        assert strip_dateline(text) == text


def test_datelines_go_from_sentences_and_titles_and_the_agency_is_the_source():
    text = ("By JANE DOE, Associated Press Writer\n\nPORTVILLE (AP) _ The ferry to Kell Island sank in a storm on "
            "Monday night with forty people aboard, the coast guard said.\n\nRescue boats found thirty survivors by "
            "dawn and were still searching on Tuesday, officials said.\n\nKELL ISLAND _ Relatives waited on the "
            "quay all night for news of the missing passengers and crew.")
    [article] = articles_from_text(text)
    assert article.source == "AP" and article.title is None and article.date is None
    sentences = SentenceSplitter().split_text(article.text)
    assert sentences[0].startswith("The ferry") and sentences[-1].startswith("Relatives waited")
    assert not any(s.startswith(("By ", "PORTVILLE", "KELL")) for s in sentences)
    assert wire_credit("PORTVILLE, Examplia (Reuters) - The ferry sank.") == "Reuters"
    assert wire_credit("(AFP) — The ferry sank on Monday night.") == "AFP"
    assert clean_title("PORTVILLE _ Ferry sinks in storm") == "Ferry sinks in storm"


def test_dates_come_from_date_lines_datelines_and_bylines_never_from_sentences():
    body = ("The ferry line was founded on May 2, 1961, and last lost a boat on Sept. 11, 1973, between "
            "Portville and Kell Island, the company said.")
    assert page_date(f"PORTVILLE (AP) _ {body}") is None
    assert page_date(f"{body}\n\n{body}") is None
    assert page_date(f"PORTVILLE, Oct. 12, 2001 (AP) - {body}") == "2001-10-12"
    assert page_date(f"By Jane Doe | October 12, 2001\n\n{body}") == "2001-10-12"
    assert page_date(f"Ferry sinks\n\nUpdated: 2001-10-12 09:40\n\n{body}") == "2001-10-12 09:40"
    dates = {p.name: read_path(p)[0].date for p in sorted(WIRE.glob("*.txt"))}
    assert dates == {"carrow-ap.txt": None, "carrow-reaction.txt": None, "carrow-times.txt": None,
                     "carrow-wire-early.txt": "2001-04-10 07:15", "carrow-wire-update.txt": "2001-04-11 09:40"}


def test_brief_order_needs_only_the_dates_that_are_known():
    members = [Article("late", "x", date="2001-04-11"), Article("undated", "x"), Article("early", "x", date="2001-04-10")]
    rank = _article_rank(members)
    assert sorted(rank, key=rank.get) == ["early", "late", "undated"]
    story = {"title": "Ferry sinks", "summary": [], "duplicates": [],
             "articles": [{"id": "a", "number": 1, "title": "Ferry sinks", "source": "AP", "date": None},
                          {"id": "b", "number": 2, "title": "Ferry found", "source": "AFP", "date": "2001-04-10"}]}
    assert "Ferry sinks — AP — undated" in render({"stories": [story]}, "md")


@pytest.mark.parametrize("paragraphs", [
    ["The captain was praised for his calm, the owner said.", "''We owe him forty lives,'' she said."],
    ["The captain was praised for his calm, the owner said.", "``We owe him forty lives,'' she said."],
    ["The captain was praised for his calm, the owner said.", '"We owe him forty lives," she said.'],
    ["The captain was praised for his calm, the owner said.", "“We owe him forty lives,” she said."],
    ["The captain was praised for his calm.  ''We owe him forty lives,'' the owner said on the quay."],
])
def test_wire_quotes_are_kept_balanced_and_never_glue_sentences(paragraphs):
    sentences = SentenceSplitter().split_text("\n\n".join(paragraphs))
    assert any(s.startswith("“We owe him forty lives,”") for s in sentences), sentences
    for s in sentences:
        assert quotes_balanced(s) and "''" not in s and "``" not in s
        assert "calm.“" not in s and "calm.We" not in s and not ("praised" in s and "forty" in s)


def test_a_lost_closing_mark_keeps_the_sentence_space():
    assert typographic_quotes("the ferry sank.” Rescue boats left.") == "the ferry sank. Rescue boats left."


@pytest.mark.parametrize("sentence", [
    "Seconds later, an explosion shook the quay.", "Two days later the ferry line stopped its boats.",
    "The captain is wanted by the port police for those failures.", "There they found the lifeboat.",
])
def test_openers_that_point_back_are_dangling(sentence):
    assert needs_antecedent(sentence)


@pytest.mark.parametrize("sentence", [
    "Those who survived were taken to Portville.", "The port police said those killed were crew members.",
    "There were forty people aboard the ferry.", "The ferry sank in a storm on Monday night.",
])
def test_self_contained_sentences_are_not(sentence):
    if sentence.startswith("Those"):  # a sentence that opens on "Those" is still held back (old rule)
        assert needs_antecedent(sentence)
    else:
        assert not needs_antecedent(sentence)


def test_headlines_are_whole_keep_attribution_and_drop_junk():
    assert sentence_headline("The ferry sank in a storm on Monday night, the coast guard said.") == \
        "The ferry sank in a storm, the coast guard said"  # a title carries no weekday
    headline = sentence_headline("Responding to a distress call from the ferry, three rescue boats left Portville "
                                 "before midnight and searched the strait between the mainland and Kell Island "
                                 "until dawn on Tuesday.")
    assert headline.startswith("Three rescue boats left Portville") and not is_cut_off(headline)
    assert speaker_words(sentence_headline("Forty people were aboard, officials said.")) == {"said"}
    # an opening phrase that runs on past its first comma is kept whole, or the sentence is no title
    assert sentence_headline("As harbour leaders from the north, as well as from the worst-hit towns, gathered on "
                             "Saturday for talks in Portville, the ministry faced growing criticism of its flood plan.") is None
    # so does one that goes on into a list: the crews were not the ones short of fuel
    assert sentence_headline("With pumps broken down, stranded or short of fuel, two harbour crews in Portville "
                             "will try to drain the flooded quay by hand before the next spring tide arrives.") is None
    assert clean_title("FERRY SINKS OFF KELL ISLAND WITH FORTY ABOARD", shouted=False) is None
    assert clean_title("FERRY SINKS OFF KELL ISLAND WITH FORTY ABOARD") == "Ferry Sinks Off Kell Island with Forty Aboard"
    assert clean_title("Ferry sinks off Kell Island = (PICTURES) =") == "Ferry sinks off Kell Island"
    assert clean_title("BC-Ferry-Sinks,640") is None  # a slug and its word count
    assert clean_title("Ferry Death Toll Passes 1,000") == "Ferry Death Toll Passes 1,000"
    assert clean_title("`KELL ISLAND': A FERRY TALE\nOF TWO PORTS") == "‘Kell Island’: A Ferry Tale of Two Ports"


def _chosen(article_id, text, relevance):
    return Selected(Sentence(text, article_id, 0, 0.0), relevance, relevance, 0.0)


def test_the_most_central_title_wins_and_a_reaction_does_not_rename_the_story():
    event = "The ferry to Kell Island sank in a storm on Monday night with forty people aboard."
    members = [Article("a", f"{event} Rescue boats found thirty survivors.", title="Ferry sinks off Kell Island"),
               Article("b", f"{event} The ferry line stopped its boats.", title="Kell Island ferry sinks in storm"),
               Article("c", f"{event} Divers reached the wreck.", title="Ferry sinks with forty aboard off Kell Island")]
    reaction = Article("r", "The transport minister said she was angry about the ferry and ordered a review.",
                       title="Minister orders review after ferry disaster")
    chosen = [_chosen("a", event, 0.9), _chosen("b", event, 0.8)]
    before = story_title(members, chosen)
    after = story_title(members + [reaction], chosen + [_chosen("r", reaction.text, 0.95)])
    assert before == after and "Minister" not in after


def test_the_title_comes_from_an_article_the_brief_cites():
    event = "The ferry to Kell Island sank in a storm on Monday night with forty people aboard."
    uncited = Article("x", f"{event} Divers reached the wreck.", title="Ferry sinks off Kell Island")
    cited = Article("a", "Thirty survivors of the Kell Island ferry reached Portville on Tuesday.",
                    title="Kell Island ferry survivors reach Portville")
    untitled = Article("u", event)
    assert story_title([uncited, cited], [_chosen("a", cited.text, 0.9)]) == cited.title
    # no cited article has a title: the most central title of the story
    assert story_title([uncited, untitled], [_chosen("u", event, 0.9)]) == uncited.title
    # a cited article's all-caps headline, in title case; an uncited one's is passed over
    shouted = Article("s", cited.text, title="KELL ISLAND FERRY SURVIVORS REACH PORTVILLE")
    assert story_title([uncited, shouted], [_chosen("s", cited.text, 0.9)]) == "Kell Island Ferry Survivors Reach Portville"
    sidebar = Article("f", cited.text, title="Facts About the Kell Island Ferry")
    assert story_title([sidebar, cited], [_chosen("f", cited.text, 0.9), _chosen("a", cited.text, 0.8)]) == cited.title
    # a returning reader's story is titled by an article its "What's new" cites
    follow_up = Article("n", "Salvage crews lifted the wreck on Friday.", title="Salvage crews lift wreck")
    brief = [_chosen("a", cited.text, 0.9), _chosen("n", follow_up.text, 0.5)]
    assert story_title([cited, follow_up], brief) == cited.title
    assert story_title([cited, follow_up], brief, whats_new=brief[1:]) == follow_up.title
    # an uncited stray's title names another story: the brief's own words title it
    stray = Article("z", "A Portville man was sentenced to a year for lying to a grand jury.",
                    title="Man sentenced for lying to jury")
    assert story_title([stray, untitled], [_chosen("u", event, 0.9)]) != stray.title
    loud_uncited = Article("y", uncited.text, title="FERRY SINKS OFF KELL ISLAND")
    assert story_title([loud_uncited, untitled], [_chosen("u", event, 0.9)]) != "Ferry Sinks Off Kell Island"
    # a press digest's title names none of its stories, even when it is the only title there is
    digest = Article("d", "The following are major news items in leading Portland newspapers today:\n\nThe Herald"
                          f"\n\n-- {event}", title="Major News Items In Leading Portland Newspapers")
    assert story_title([digest, untitled], [_chosen("d", event, 0.9)]) != digest.title


def test_a_press_digest_is_the_agencys_not_one_of_the_papers_it_quotes():
    digest = ("PORTLAND, March 27 (Xinhua) -- Following are major news items in leading Portland newspapers "
              "today:\n\nThe Portland Herald\n\n-- The ferry to Kell Island sank in a storm on Monday night.\n\n"
              "The Daily Courier\n\n-- The city council voted to close two schools in the north of the city.")
    assert is_press_digest(digest) and outlet(digest) == "Xinhua"
    assert not is_press_digest("The ferry sank. The following are the names of the crew, the coast guard said:")


@pytest.mark.parametrize("raw, title", [
    ("THE ROAD TO LARAMIE (JT)", "The Road to Laramie"),  # an all-caps headline in title case
    ("GIFTS FOR THE GEN-X GRAD (FOR IMMEDIATE RELEASE)", "Gifts for the Gen-X Grad"),  # a note to editors goes
    ("$ADV21 BEAT ARTHRITIS NATURALLY", None),  # a wire slug
    ("COUNCIL UNVEILS $40 MILLION HARBOUR PLAN", "Council Unveils $40 Million Harbour Plan"),  # a sum, no slug
    ("800-555-0100.) Harbour Families Teach Their Children at Home", "Harbour Families Teach Their Children at Home"),
    ("NEW AIDS DRUGS FROM U.S. LABS", "New AIDS Drugs from U.S. Labs"),
    ("10TH ANNIVERSARY OF KELL FLOOD PASSES QUIETLY", "10th Anniversary of Kell Flood Passes Quietly"),
    # the words after an all-caps headline's last comma are its own; after a lower-case one, a paper's
    ("HARBOUR FEUD SPLITS YOUNGER, OLDER FISHERMEN", "Harbour Feud Splits Younger, Older Fishermen"),
    ("FERRY FARES TO RISE, REPORT SAYS", "Ferry Fares to Rise, Report Says"),
    ("Police arrest three in harbour raid, PORTVILLE STANDARD", "Police arrest three in harbour raid"),
    ("Beijing Bans Smoking in Public Places (1)", "Beijing Bans Smoking in Public Places"),
    ("Cathedral fire reaches the roof (AP)", "Cathedral fire reaches the roof"),
    ("West Nile Virus Found in R.I.", "West Nile Virus Found in R.I."),
    ("Ferry service resumes.", "Ferry service resumes"),
    ("Jordan, Israel Have Serious Differences on", None),  # cut off in the feed
    ("Commuters face detours as bridge closure drags on", "Commuters face detours as bridge closure drags on"),
    ("Giants Hold On", "Giants Hold On"),
    ("What Are They Fighting For", "What Are They Fighting For"),
    # who says it stays; acronyms, "Mc" names and abbreviations keep their capitals (DUC 2006 titles)
    ("BUSH AIDE: GAY GOP GROUP TOO CRITICAL OF CANDIDATE", "Bush Aide: Gay GOP Group Too Critical of Candidate"),
    ("NTSB SAYS MCCAIN AIDE ERRED IN Q&A", "NTSB Says McCain Aide Erred in Q&A"),
    ("SCIENCE VS. THE BIBLE.", "Science vs. the Bible"),
    ("CREATION-VS.-EVOLUTION DEBATE HEATS UP", "Creation-vs.-Evolution Debate Heats Up"),
    ("O'NEILL NAMED TREASURY CHIEF", "O'Neill Named Treasury Chief"),
    ("BUSH DELAYS AN EXECUTION FOR THE 1ST TIME IN 5 YEARS", "Bush Delays an Execution for the 1st Time in 5 Years"),
    ("WHO ARE OUR CRIMINALS?", "Who Are Our Criminals?"),
    ("WHO WARNS OF FLU OUTBREAK IN ASIA", "WHO Warns of Flu Outbreak in Asia"),
    ("AS NYC GROWS SAFER, HARBOUR CRIME FALLS", "As NYC Grows Safer, Harbour Crime Falls"),
    # wire furniture: a slug or an editors' note is no title; a flag, desk code, part or paper goes
    ("BC-NJ--Evolution & Schools,730", None),
    ("EDS: ADDS background, details on bill, quotes throughout; ADDS", None),
    ("EDS-more details added Premier Li Peng Holds Talks with Mongolian President", None),
    ("ED KOCH SAYS CITY MUST CUT SPENDING", "Ed Koch Says City Must Cut Spending"),
    ("URGENT Canada's Quebec to vote on sovereignty", "Canada's Quebec to vote on sovereignty"),
    ("hke- China Backs Macau Crime Fight", "China Backs Macau Crime Fight"),
    ("Macau Crime Wave Disturbing-2", "Macau Crime Wave Disturbing"),
    ("Police arrest three alleged 14K members, HONGKONG STANDARD", "Police arrest three alleged 14K members"),
])
def test_titles_lose_desk_codes_keep_initials_and_cut_off_ones_are_skipped(raw, title):
    assert clean_title(raw) == title


def test_undated_reports_open_on_the_one_with_the_most_relevant_sentence():
    """Undated articles: input order says nothing about which report came first, so the brief
    opens on the article behind its most relevant sentence (file names sort the aftermath first)."""
    folder = WIRE.parent / "mixed"
    articles = read_paths(sorted(folder.glob("harbor-flood-*")))
    assert [Path(a.path).name for a in articles][0] == "harbor-flood-local.md" and not any(a.date for a in articles)
    story = Summarizer.from_config("default").summarize(articles, one_story=True)["stories"][0]
    summary = story["summary"]
    best = max(summary, key=lambda item: item["relevance"])
    assert summary[0]["article_id"] == best["article_id"]
    assert summary[0]["text"].startswith("The River Alder burst its banks")
    for a, b in zip(summary, summary[1:]):  # an article's sentences stay in their order, together
        assert a["article_id"] != b["article_id"] or a["sentence_index"] < b["sentence_index"]


def test_untitled_wire_headline_stays_or_becomes_a_cited_reactions_own_headline():
    ap, times, reaction = (read_path(WIRE / name)[0] for name in ("carrow-ap.txt", "carrow-times.txt",
                                                                  "carrow-reaction.txt"))
    summarizer = Summarizer.from_config("default")
    before = summarizer.summarize([ap, times], one_story=True)["stories"][0]["title"]
    story = summarizer.summarize([ap, times, reaction], one_story=True)["stories"][0]
    after, cited = story["title"], {item["article_id"] for item in story["summary"]}
    # the reaction's headline names the story once the brief cites it; its lead sentence never does
    assert after.lower() == (reaction.title if reaction.id in cited else before).lower(), (before, after)
    assert "Morten" not in after and not is_cut_off(after) and "PICTURES" not in after
    assert not after.startswith(("CARROW", "By ")) and not after.isupper()


def test_the_freshest_copy_is_read_and_cited():
    order, pairs = freshest_first(["old", "x", "new"], [("old", "new")],
                                  {"old": (True, "2001-04-10"), "x": (False, ""), "new": (True, "2001-04-11")}.get)
    assert order == ["new", "old", "x"] and pairs == [("new", "old")]
    articles = read_paths(sorted(WIRE.glob("*.txt")))
    result = Summarizer.from_config("default", **{"select.budget": 140}).summarize(articles, one_story=True)
    [story] = result["stories"]
    by_id = {a["id"]: a for a in story["articles"]}
    cited = {by_id[s["article_id"]]["date"] for s in story["summary"]}
    assert "2001-04-10 07:15" not in cited and "2001-04-11 09:40" in cited  # the update, not the early copy
    for item in story["summary"]:
        assert not item["text"].startswith(("CARROW", "By ", "(AFP)")) and quotes_balanced(item["text"])
    assert clean_paragraphs((WIRE / "carrow-reaction.txt").read_text())[0].startswith("Examplia's prime minister")


def test_web_pages_with_titles_keep_a_central_title_when_a_reaction_joins(seeds_dir):
    pages = read_paths(sorted(seeds_dir.glob("*.txt")))
    reaction = Article("reaction", "A European minister said on Monday that her country would not take back fighters "
                       "who had joined the militants, and called for trials in the region instead.",
                       title="Minister rejects return of foreign fighters")
    summarizer = Summarizer.from_config("default")
    before = summarizer.summarize(pages, one_story=True)["stories"][0]["title"]
    after = summarizer.summarize(pages + [reaction], one_story=True)["stories"][0]["title"]
    assert before == after and before in {clean_title(p.title) for p in pages}
    assert not is_cut_off(before)


def test_a_later_take_of_the_days_wire_story_replaces_the_sentences_it_rewords(summarizer):
    body = ("The count went on through the night in the harbour towns, where turnout was high. Officials said the "
            "final tally would be known on Tuesday. Voters queued for hours outside schools and churches. The "
            "mayor's party had spent heavily on radio advertising in the last week of the campaign. Several "
            "polling stations opened late because ballot boxes arrived from the capital after dawn.")
    early = {"id": "take-1", "date": "2004-05-03 20:58", "source": "AP",
             "text": "Early returns showed Mayor Lena Ortiz winning re-election with 56 percent of the vote, more "
                     "than her campaign had hoped for. " + body}
    late = {"id": "take-2", "date": "2004-05-03 22:00", "source": "AP",
            "text": "With a fifth of the vote counted, Mayor Lena Ortiz was winning re-election with 51 percent of "
                    "the vote, a closer race than early returns had shown. " + body}

    def brief(summarizer):
        story = summarizer.summarize([early, late], one_story=True)["stories"][0]
        return " ".join(i["text"] for i in story["summary"])

    assert "51 percent" in brief(summarizer) and "56 percent" not in brief(summarizer)
    unchecked = Summarizer.from_config("default", **{"cluster.later_take_similarity": 2.0})
    assert "56 percent" in brief(unchecked)  # without the rule the early take's figure leads
    # another day's report, or another outlet's, is no later take of the same story
    take = Article("take-2", late["text"], date=late["date"], source="AP")
    assert later_take(Article("take-1", early["text"], date=early["date"], source="AP"), take) == ("take-2", "take-1")
    assert later_take(Article("x", early["text"], date="2004-05-02 20:58", source="AP"), take) is None
    assert later_take(Article("x", early["text"], date=early["date"], source="Reuters"), take) is None
    assert later_take(Article("x", early["text"], date=early["date"]), take) == ("take-2", "x")  # outlet unknown
    assert later_take(Article("x", early["text"], date="2004-05-03"), take) is None  # no time of day


def test_a_press_digests_items_are_articles_of_their_papers_and_join_their_own_stories(summarizer):
    digest = ("PORTLAND, March 27 (Xinhua) -- Following are major news items in leading Portland newspapers "
              "today:\n\nThe Portland Herald\n\n-- Divers reached the wreck of the Kell Island ferry yesterday and "
              "found the ship's bell, the harbour master said.\n\n-- The city's orchestra named a new conductor "
              "after a search that lasted two years.\n\nThe Daily Courier\n\n-- The city council voted to close two "
              "schools in the north of the city to save money.")
    digest_record = {"id": "digest", "date": "1996-03-26 23:38", "text": digest}
    ferry = [{"id": f"ferry-{n}", "date": "1996-03-25", "source": "AP",
              "text": f"The Kell Island ferry sank in a storm on Sunday night with forty people aboard. {extra}"}
             for n, extra in enumerate(["Rescue boats found thirty survivors in the cold water before dawn.",
                                        "The ferry line stopped its boats while the coast guard searched.",
                                        "Divers began searching the wreck of the Kell Island ferry for the missing."])]
    stories = summarizer.summarize(ferry + [digest_record])["stories"]
    article_of = {a["id"]: (s["id"], a) for s in stories for a in s["articles"]}
    assert "digest" not in article_of and {"digest#1", "digest#2", "digest#3"} <= set(article_of)
    ferry_story = article_of["ferry-0"][0]
    assert article_of["digest#1"][0] == ferry_story
    assert article_of["digest#2"][0] != ferry_story and article_of["digest#3"][0] != ferry_story
    assert article_of["digest#2"][0] != article_of["digest#3"][0]  # two items of a round-up are two stories
    item = article_of["digest#1"][1]
    assert item["source"] == "The Portland Herald via Xinhua" and article_of["digest#3"][1]["source"] == \
        "The Daily Courier via Xinhua"
    assert item["date"].startswith("1996-03-27")  # the dateline's day: its "yesterday" is the paper's
    # read before: its items count as read, and the ferry story's new article gets a "What's new"
    later = {"id": "ferry-new", "date": "1996-03-28", "source": "AP",
             "text": "Divers raised the bell of the Kell Island ferry on Thursday and found the wreck broken in two."}
    update = summarizer.summarize([later], previous=ferry + [digest_record])["stories"]
    assert [[a["id"] for a in s["articles"] if a["id"] == "ferry-new"] for s in update] == [["ferry-new"]]
    assert "whats_new" in update[0] and not update[0].get("new_story")
    # the page names an item's paper and shows its text beside the brief
    from summarizer.interfaces.page import PageRunner

    _, cards, _ = PageRunner().run("\n---\n".join(a["text"] for a in ferry) + "\n---\n" + digest, None, 100, 0.9,
                                   "default")
    assert "The Portland Herald via Xinhua" in cards
    assert cards.count('<details class="source-text">') == 6  # three reports and three items, each readable


def test_a_wires_news_round_up_is_one_article_per_headline_and_each_joins_its_story(summarizer):
    roundup = ("Ferry Line Halts Boats After Sinking\n\nPORTLAND (AP) -- The Kell Island ferry line stopped its boats on "
               "Monday while divers searched the wreck of the ferry that sank on Sunday night with forty aboard.\n\n"
               "Council Votes to Close Schools\n\nHARLOW (AP) -- The Harlow council voted on Monday to close two "
               "schools in the north of the city to save money.\n\nOrchestra Names Conductor\n\nVIENNA (AP) -- The "
               "city orchestra named a new conductor after a search that lasted two years.")
    assert is_press_digest(roundup) and not is_press_digest(roundup.split("\n\nOrchestra")[0])  # three headlines
    ferry = [{"id": f"ferry-{n}", "date": "1996-03-25", "source": "AP",
              "text": f"The Kell Island ferry sank in a storm on Sunday night with forty people aboard. {extra}"}
             for n, extra in enumerate(["Rescue boats found thirty survivors in the cold water before dawn.",
                                        "Divers began searching the wreck of the Kell Island ferry for the missing."])]
    stories = summarizer.summarize(ferry + [{"id": "top", "date": "1996-03-26 02:00", "title": "AP Top News at 2 "
                                             "a.m. EST", "text": roundup}])["stories"]
    article_of = {a["id"]: (s["id"], a) for s in stories for a in s["articles"]}
    assert "top" not in article_of and {"top#1", "top#2", "top#3"} <= set(article_of)
    assert article_of["top#1"][0] == article_of["ferry-0"][0] != article_of["top#2"][0]
    assert article_of["top#1"][1]["title"] == "Ferry Line Halts Boats After Sinking"
    assert article_of["top#1"][1]["source"] == "AP"


def test_press_digest_items_alike_only_by_region_and_style_are_apart():
    from summarizer.records import Story
    from summarizer.stories.grouping import digest_items_apart

    items = {i: Article(i, "text", digest_id="d") for i in ("a", "b", "c")}
    vectors = {"a": np.array([1.0, 0.0]), "b": np.array([0.8, 0.6]), "c": np.array([-0.6, 0.8])}  # a~b 0.8, b~c 0
    parts = digest_items_apart([Story("s", ("a", "b", "c"), ())], items, vectors.__getitem__)
    assert sorted(p.article_ids for p in parts) == [("a", "b"), ("c",)]
    article = {"a": Article("a", "text"), **{i: items[i] for i in "bc"}}  # a full article holds the story
    assert digest_items_apart([Story("s", ("a", "b", "c"), ())], article, vectors.__getitem__)[0].id == "s"
