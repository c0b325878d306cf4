"""Named and dated sources: outlet and date from metadata, URL, credits and page text."""
import json

import pytest

from summarizer import Summarizer
from summarizer.read.ingest import articles_from_text, read_path, read_paths, record_metadata
from summarizer.read.sources import (
    dateline_place,
    domain_name,
    here_places,
    iso_date,
    outlet,
    page_date,
    wire_credit,
)
from summarizer.render.formats import render
from summarizer.select.headline import clean_title


def test_seed_pages_get_an_outlet_and_only_the_dates_they_publish(seeds_dir):
    articles = read_paths(sorted(seeds_dir.glob("*.txt")))
    assert len(articles) == 5
    named_and_dated = [a for a in articles if a.source and a.date]
    # Three pages print a date line; the Reuters page only dates a file photo in its caption,
    # which is not when the story was published, so it has no date.
    assert len(named_and_dated) == 3, [(a.id, a.source, a.date) for a in articles]
    assert articles[0].date is None and articles[1].date == "2019-02-20 00:21"
    for article in named_and_dated:
        assert len(article.date) in (10, 16) and article.date[4] == "-"  # YYYY-MM-DD[ HH:MM]
    outlets = {a.source for a in articles}
    assert {"Dawn", "BBC"} <= outlets and any("Reuters" in o for o in outlets if o)


@pytest.mark.parametrize("value, expected", [
    ("February 20 2019 12:21 AM", "2019-02-20 00:21"),
    ("2019-02-17 17:34", "2019-02-17 17:34"),
    ("Updated February 11, 2019", "2019-02-11"),
    ("Published in Dawn, March 3rd, 2021", "2021-03-03"),
    ("2018-07-04T09:15:00+00:00", "2018-07-04 09:15"),
    ("4 July 2018", "2018-07-04"),
    ("1998-23-06 12:01:00", "1998-06-23 12:01"),  # year, day, month: some wire feeds
    ("Monday", None),
    ("not a date", None),
])
def test_dates_are_iso(value, expected):
    assert iso_date(value) == expected


def test_json_record_titles_are_single_spaced_and_dates_read_year_day_month():
    meta = record_metadata({"title": "IBM NEGOTIATOR'S TESTIMONY \n (DW)", "date": "1998-23-06"})
    assert meta == {"title": "IBM NEGOTIATOR'S TESTIMONY (DW)", "date": "1998-06-23"}
    assert "title" not in record_metadata({"title": "  \n "})
    assert record_metadata({"title": "(ATTN: Harlow, Kell) \n HARBOUR TO REOPEN IN MAY"})["title"] == \
        "HARBOUR TO REOPEN IN MAY"


def test_an_agency_named_in_the_dateline_is_the_outlet():
    assert outlet("Bridge closed\n\nVARN, Norland (Meridian Wire) - The Varn Bridge was closed on Monday.") == "Meridian Wire"
    assert outlet("KESTERBY (Updated) - The river burst its banks on Tuesday after two days of rain.") is None
    assert outlet("The mayor said (Harbour News) would print the list of closed roads on Monday.") is None
    assert outlet("WASHINGTON (The Washington Post Service) - The Senate voted on Friday to pass the bill.",
                  sitename="The Washington Post") == "The Washington Post"


def test_page_date_reads_date_lines_not_body_dates():
    page = ("Harbour reopens after storm\n\nPosted: March 9, 2021 08:05 AM\n\n"
            "The harbour closed on February 2, 2021 and reopened on Monday, the port authority said.")
    assert page_date(page) == "2021-03-09 08:05"
    assert page_date("The storm of 1998 was the worst in memory, the fishermen of the harbour said.") is None


@pytest.mark.parametrize("text, expected", [
    ("PORTVILLE, Examplia (Reuters) - The harbour reopened on Monday after the storm.", "Reuters"),
    ("By AFP\n\nThe harbour reopened on Monday after the storm, officials said.", "AFP"),
    ("AP/ Portville\n\nThe harbour reopened on Monday after the storm.", "AP"),
    ("The harbour reopened on Monday, an AFP reporter at the port saw.", "AFP"),
    ("The harbour reopened on Monday, the mayor told the AP news agency.", None),
])
def test_wire_credits(text, expected):
    assert wire_credit(text) == expected


def test_outlet_from_metadata_url_and_page_furniture():
    body = "The harbour reopened on Monday after the storm, officials said on the quay."
    assert outlet(body, url="https://www.theguardian.com/world/2021/harbour") == "The Guardian"
    assert outlet(body, sitename="news24.com") == "News24"
    assert outlet(body, url="https://news.example.org/a/1") == "news.example.org"
    page = f"Join the News24 Community\n\n{body}\n\nInside News24\n\nPORTVILLE (AFP) - {body}"
    assert outlet(page) == "News24 with AFP"
    # An outlet named in the story itself is not the page's own.
    assert outlet("The mayor told CNN on Monday that the harbour would reopen soon after repairs.") is None
    assert domain_name("http://edition.cnn.com/2021/x") == "CNN"
    # A reference list naming another body is not the page's own name; a syndicate's credit line is.
    assert outlet(f"{body}\n\nThe National Education Association: http://www.nea.org") is None
    assert outlet(f"{body}\n\nStory Filed By Cox Newspapers\n\nFor Use By Clients of the Wire") == "Cox Newspapers"
    # a short line that opens on a site's name is no credit: "Time to panic." (a feature's aside)
    assert outlet(f"She turned thirty last week.\n\nTime to panic.\n\n{body}") is None
    assert outlet(f"Home | World | Time\n\n{body}") == "Time"


@pytest.mark.parametrize("header, name, day", [
    ("By Erin Kowalski | Front Range Gazette\nApril 3, 2024", "Front Range Gazette", "2024-04-03"),
    ("Source: The Sporting Post", "The Sporting Post", None),
    ("**Harlow Herald** · Published April 3, 2024", "Harlow Herald", "2024-04-03"),
    ("*Harlow Public Radio* — April 3, 2024", "Harlow Public Radio", "2024-04-03"),
    ("Reuters - April 3, 2024", "Reuters", "2024-04-03"),
])
def test_header_lines_that_name_the_outlet_and_date(header, name, day):
    text = f"{header}\n\nThe council voted on the library budget on Tuesday night after a long debate."
    assert outlet(text) == name and page_date(text) == day
    # a sentence with a dash is no header
    assert outlet("The mayor — who took office in 2019 — said the plan would work for the town.") is None


def test_source_lists_show_headlines_not_wire_slugs_or_photo_credits(summarizer):
    body = ("Heavy rain flooded the lower town of Marlow on Sunday, closing the main bridge for hours. "
            "Firefighters pumped water from forty homes near the river until late in the evening.")
    titles = ["AP Photo NY303-304", "$ADV21 BEAT ARTHRITIS NATURALLY", "Flood"]
    articles = [{"id": f"a{n}", "title": title, "text": body.replace("Marlow", town)}
                for n, (title, town) in enumerate(zip(titles, ["Marlow", "Henley", "Goring"]))]
    [story] = summarizer.summarize(articles, one_story=True)["stories"]
    assert [a["title"] for a in story["articles"]] == [None, None, "Flood"]  # a one-word headline is one
    sources = render({"stories": [story]}, "md").split("**Sources**")[1]
    assert "AP Photo" not in sources and "ADV21" not in sources and "“Heavy rain flooded the lower town of Henley…”" in sources
    quoted = summarizer.summarize([{"text": "“We lost everything,” said a shopkeeper in Marlow. " + body}])
    assert "1. “We lost everything,” said a shopkeeper in Marlow.” — undated" in render(quoted, "md")  # not "““We"


def test_json_records_keep_given_fields_and_dates_become_iso(tmp_path):
    path = tmp_path / "news.jsonl"
    records = [
        {"text": "The harbour reopened on Monday after the storm, officials said. Boats left at dawn.",
         "title": "Harbour reopens", "source": "Portville Post", "date": "March 9, 2021"},
        {"text": "PORTVILLE (Reuters) - The harbour reopened on Monday after a week of storms and repairs.",
         "url": "https://www.reuters.com/world/harbour"},
    ]
    path.write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    first, second = read_path(path)
    assert (first.source, first.date) == ("Portville Post", "2021-03-09")
    assert second.source == "Reuters" and second.date is None


def test_an_ldc_archive_document_number_names_the_agency_when_nothing_else_does(tmp_path):
    path = tmp_path / "trec.jsonl"
    records = [
        {"docno": "NYT19990201.0337", "text": "The school board voted on Monday to close two schools."},
        {"docno": "APW_ENG_20050101.0001", "text": "The school board voted on Monday to close the schools."},
        {"docno": "XIE19990101.0001", "source": "Portville Post", "text": "The board voted to close schools."},
        {"docno": "board-minutes-3", "text": "The school board met on Monday and voted to close two schools."},
        {"docno": "NYT19991231.0101", "text": "By William Saletan | Slate\n\nThe new president has vices and "
                                              "virtues, and voters have seen few of either so far."},
    ]
    path.write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    # the outlet the text names wins: a Slate column the Times service distributed is Slate's
    assert [a.source for a in read_path(path)] == ["New York Times News Service", "AP", "Portville Post", None, "Slate"]


def test_a_records_own_id_is_the_articles_so_results_map_back_to_the_input(tmp_path):
    path = tmp_path / "feed.jsonl"
    records = [
        {"docno": "NYT19990201.0337", "text": "The school board voted on Monday to close two schools."},
        {"id": 4417, "text": "The harbour reopened on Monday after the storm, officials said."},
        {"guid": "  post 12 ", "text": "Ferries left the harbour at dawn on Tuesday for the islands."},
        {"text": "The mayor opened the new library on Wednesday with a reading for children."},
    ]
    path.write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    ids = [a.id for a in read_path(path)]
    assert ids[:3] == ["NYT19990201.0337", "4417", "post 12"]
    assert ids[3].startswith("feed-4-")  # none given: the file's name, its place and a hash of the text


def test_a_pasted_first_line_is_a_title_unless_it_is_a_note_to_editors():
    body = "Former mayor Ed Koch said on Monday that the city's budget plan was the best in a decade."
    assert articles_from_text("Ed Koch backs the mayor's budget plan\n\n" + body)[0].title == \
        "Ed Koch backs the mayor's budget plan"
    for note in ("Eds: adds quote from the mayor in graf 3", "Editor's note: this story has been updated"):
        assert articles_from_text(note + "\n\n" + body)[0].title is None


def test_a_date_written_year_day_month_is_read_as_its_archive_number_says():
    # the feed writes "1998-23-06" for June 23 and so "1998-04-06" for June 4
    assert record_metadata({"docno": "APW19980604.0011", "date": "1998-04-06 01:28"})["date"] == "1998-06-04 01:28"
    assert record_metadata({"docno": "APW19980406.0011", "date": "1998-04-06 01:28"})["date"] == "1998-04-06 01:28"
    assert record_metadata({"docno": "XIE19961201.0005", "date": "1996-11-30"})["date"] == "1996-11-30"  # a day off
    assert record_metadata({"date": "1998-03-06"})["date"] == "1998-03-06"  # no archive number: as read


def test_a_digest_names_its_paper_after_the_headline(tmp_path):
    path = tmp_path / "digest.jsonl"
    records = [
        {"docno": "APW19980611.0001", "title": "Ice shelf cracks as the south warms, THE PORTVILLE POST",
         "text": "A vast ice shelf cracked this spring, scientists said on Tuesday."},
        {"docno": "XIE19960428.0002", "title": "Fever Kills 2,000 in Kell Province, WHO",
         "text": "A fever killed 2,000 people in Kell province this year, the World Health Organization said."},
        {"docno": "NYT19990811.0003", "title": "CITY EASES RULES ON HARBOUR PARKING, REPORT SAYS",
         "text": "The city has eased its rules on harbour parking, a report said on Monday."},
    ]
    path.write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    # the paper beats the agency the archive filed it under; one capitalised word or a shouted title is no paper
    assert [a.source for a in read_path(path)] == ["The Portville Post", "Xinhua", "New York Times News Service"]


def test_a_shouted_titles_kicker_is_kept_as_read_and_a_dateline_goes(tmp_path):
    path = tmp_path / "wire.jsonl"
    records = [{"title": "NEW RUSSIAN LEADER: HIS `VICES' AND `VIRTUES'", "text": "Vladimir Putin took office as "
                "acting president on Friday after Boris Yeltsin resigned."},
               {"title": "WASHINGTON (AP) _ Senate passes budget bill", "text": "The Senate passed the budget bill "
                "on Friday after a week of debate."}]
    path.write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    shouted, plain = read_path(path)
    assert shouted.title == "NEW RUSSIAN LEADER: HIS ‘VICES’ AND ‘VIRTUES’"  # who or what the headline is about
    assert clean_title(shouted.title) == "New Russian Leader: His ‘Vices’ and ‘Virtues’"
    assert plain.title == "Senate passes budget bill"


def test_outlet_and_date_appear_in_every_output_format(seeds_dir):
    result = Summarizer.from_config("fast").summarize(read_paths(sorted(seeds_dir.glob("*.txt"))))
    articles = [a for story in result["stories"] for a in story["articles"]]
    dated = [a for a in articles if a["source"] and a["date"]]
    assert len(dated) >= 3
    markdown, text, data = render(result, "md"), render(result, "txt"), json.loads(render(result, "json"))
    for article in dated:
        assert article["source"] in markdown and article["date"] in markdown
        assert article["source"] in text and article["date"] in text
    listed = {(a["source"], a["date"]) for s in data["stories"] for a in s["articles"]}
    assert {(a["source"], a["date"]) for a in dated} <= listed


def test_sentences_follow_the_dates_when_every_source_has_one(summarizer):
    later = {"text": "PORTVILLE (Reuters) - Fishermen protested outside the town hall on Tuesday evening over the harbour "
                     "closure. They demanded payment for the weeks without work.",
             "date": "June 16, 1998 18:30"}
    earlier = {"text": "PORTVILLE (AP) - The regional government closed the harbour at Portville to fishing boats on "
                       "Tuesday morning after tests found a toxic algae bloom in the bay.",
               "date": "1998-06-16 09:00"}
    story = summarizer.summarize([later, earlier], one_story=True)["stories"][0]
    dates = {a["id"]: a["date"] for a in story["articles"]}
    assert sorted(dates.values()) == ["1998-06-16 09:00", "1998-06-16 18:30"]
    order = [dates[s["article_id"]] for s in story["summary"]]
    assert len(set(order)) == 2 and order == sorted(order)


def test_html_metadata_gives_outlet_and_date(tmp_path):
    body = " ".join(["The harbour at Portville reopened to fishing boats on Monday after six weeks of tests."] * 4)
    page = f"""<html><head><title>Harbour reopens | Portville Post</title>
<meta property="og:site_name" content="Portville Post">
<meta property="article:published_time" content="2021-03-09T08:05:00+00:00">
<link rel="canonical" href="https://www.portvillepost.example/harbour"></head>
<body><article><h1>Harbour reopens</h1><p>{body}</p><p>{body}</p></article></body></html>"""
    path = tmp_path / "harbour.html"
    path.write_text(page, encoding="utf-8")
    [article] = read_path(path)
    assert article.source == "Portville Post"
    assert article.date.startswith("2021-03-09")


def test_an_untitled_source_is_named_by_its_first_words(summarizer):
    pasted = ("Heavy rain flooded the lower town of Marlow on Sunday, closing the main bridge for hours. "
              "Firefighters pumped water from forty homes near the river until late in the evening.\n---\n"
              "The river at Marlow rose two metres overnight after a weekend of heavy rain in the hills. "
              "Residents near the bridge were told to move their cars to higher ground by the council.")
    result = summarizer.summarize([pasted], one_story=True)
    [story] = result["stories"]
    assert [a["opening"] for a in story["articles"]] == [
        "Heavy rain flooded the lower town of Marlow…", "The river at Marlow rose two metres overnight…"]
    sources = render(result, "md").split("**Sources**")[1]
    assert "1. “Heavy rain flooded the lower town of Marlow…”" in sources
    assert "pasted-" not in sources


def test_here_in_a_brief_names_the_place_of_the_stripped_dateline():
    assert dateline_place("RIO DE JANEIRO, Brazil _ Voters went to the polls.") == "Rio de Janeiro"
    assert dateline_place("Title\n\nDAR ES SALAAM, Tanzania (AP) -- The FBI said ...") == "Dar es Salaam"
    assert dateline_place("EDITORS _ A note on the budget.") is None
    assert dateline_place("The mayor said here _ nothing.") is None
    assert dateline_place("WASHINGTON — The Senate voted on Friday.") == "Washington"
    # the month written out, as the Xinhua wire does, and its abbreviation
    assert dateline_place("LOS ANGELES, November 4 (Xinhua) -- Two schools said ...") == "Los Angeles"
    assert dateline_place("HARLOW, Essex, Sept. 9 (AP) _ The river rose.") == "Harlow"
    assert dateline_place("BREAKING NEWS - The Senate voted.") is dateline_place("NASA — The probe flew.") is None
    text = "Polls opened here on Sunday. Here is what we know. The vote is here to stay, here in Rio."
    assert [p["start"] for p in here_places(text, "Rio de Janeiro")] == [text.index("here")]
    assert here_places(text, None) == []
    insured = "Fewer than half of those here are insured, and families here were hit hardest."
    assert [p["start"] for p in here_places(insured, "San Juan")] == [insured.index("here"), insured.rindex("here")]
    capital = ("The storm moved over this capital city at dawn, and this city's mayor and this city council met. "
               "“People in this town feel a loss,” she said of this community garden in this town.")
    assert [p["phrase"] for p in here_places(capital, "Harlow")] == ["this capital city", "this town"]
    quoted = "“When I came here, the harbour was full,” the mayor said of the boats here."
    assert [p["start"] for p in here_places(quoted, "Harlow")] == [quoted.rindex("here")]
    article = ("RIO DE JANEIRO, Brazil _ Millions of Brazilians voted in the national elections here on Sunday, "
               "and President Fernando Henrique Cardoso was expected to win a second term. Turnout was high in "
               "every state, election officials said. Results were expected late on Monday, officials said.")
    story = Summarizer.from_config("default").summarize([{"text": article, "date": "1998-10-04"}])["stories"][0]
    shown = render({"stories": [story]}, "md")
    assert "elections here (Rio de Janeiro) on Sunday (Oct 4)" in shown
    assert not any(s.get("places") for s in story["summary"] if " here" not in s["text"])


def test_a_brief_that_names_no_place_opens_on_the_storys_dateline():
    bombing = ("KELLPORT (AP) _ Suicide bombers targeted a crowded open-air market on Friday, killing the two "
               "assailants and injuring 21 shoppers. The blasts went off within seconds of each other near the "
               "fruit stalls, police said. The cabinet put off its vote on the peace accord after the attack.")
    reaction = ("KELLPORT (AP) _ The cabinet delayed a vote on the peace accord on Friday after suicide bombers hit "
                "a crowded market. Ministers met for four hours, officials said, and will meet again on Sunday.")
    elsewhere = ("WASHINGTON (AP) _ The president condemned the market bombing on Friday and urged both sides to "
                 "carry out the peace accord, the White House said in a statement.")
    summarizer = Summarizer.from_config("default")
    story = summarizer.summarize([bombing, reaction, elsewhere], one_story=True)["stories"][0]
    assert story["summary"][0].get("dateline") == "Kellport"  # two of three articles: the story's place
    assert render({"stories": [story]}, "md").count("Kellport — ") == 1
    # named in the brief, or the first sentence's article filed from elsewhere: no dateline
    named = bombing.replace("a crowded open-air market", "a crowded open-air market in Kellport")
    story = summarizer.summarize([named, reaction, elsewhere], one_story=True)["stories"][0]
    assert not any(item.get("dateline") for item in story["summary"])
    story = summarizer.summarize([elsewhere], one_story=True)["stories"][0]
    assert story["summary"][0].get("dateline") == "Washington"


def test_an_editorial_is_listed_as_opinion_and_never_quoted_as_news():
    from summarizer.read.sources import is_opinion
    assert is_opinion("The New York Times said in an editorial for Wednesday, Oct. 7:\n\nBrazil's president ...")
    assert is_opinion("Text", url="https://www.example.com/opinion/2024/03/harbour")
    assert not is_opinion("The mayor said in an interview that the harbour would reopen.")
    assert not is_opinion("China's Global Times said in an editorial on Monday that the talks had failed.")  # news
    assert is_opinion("The Gazette said in an editorial board statement: the fire did not have to happen this way.")
    assert is_opinion("# Opinion: The utility owes the valley answers\n\nFor three years the utility has promised ...")
    assert is_opinion("For three years the utility has promised ...", title="Editorial | The utility owes us answers")
    assert not is_opinion("Opinion polls show the mayor ahead by six points after the debate on Tuesday.")
    column = "The harbour plan is a folly, and the council knows it. Nobody asked the dockers.\n\n"
    assert is_opinion(column + "(Lena Ortiz is a Harlow Herald columnist. Her e-mail is lena(at)herald.)")
    assert is_opinion(column + "Mr. Gray is a senior columnist for the Marlow Times.")
    assert not is_opinion(column + "The plan drew praise from columnist Lena Ortiz and others.")
    news = [{"id": f"news-{n}", "text": t, "date": "1998-10-05"} for n, t in enumerate([
        "Brazilian President Fernando Henrique Cardoso won re-election on Sunday with 53 percent of the vote, "
        "election officials said. The result spares Brazil a runoff. Markets rose on the news.",
        "Fernando Henrique Cardoso was re-elected president of Brazil on Sunday, avoiding a second round, "
        "officials said. His party also won several governorships. Investors welcomed the result."])]
    editorial = {"id": "editorial", "date": "1998-10-07", "text":
                 "The New York Times said in an editorial for Wednesday, Oct. 7:\n\nBrazilian President Fernando "
                 "Henrique Cardoso has little time to savor his re-election victory. He must cut the budget deficit "
                 "at once or face a run on the currency."}
    story = Summarizer.from_config("default").summarize(news + [editorial], one_story=True)["stories"][0]
    assert {i["article_id"] for i in story["summary"]} <= {"news-0", "news-1"}
    listed = {a["id"]: a for a in story["articles"]}
    assert listed["editorial"]["opinion"] and "opinion" not in listed["news-0"]
    assert " — opinion — " in render({"stories": [story]}, "md")


def test_json_records_in_the_layouts_news_apis_write(tmp_path):
    from summarizer.read.json_records import find_records, record_fields, record_text

    body = ("The space agency launched the Europa probe on Thursday from the Sella Point spaceport, officials said. "
            "The probe will reach Jupiter's moon in six years.")
    news_api = {"status": "ok", "articles": [{"source": {"id": None, "name": "CNN"}, "title": "Probe launched",
                                              "content": body, "publishedAt": "2024-03-07T10:00:00Z"}]}
    assert find_records(news_api) == news_api["articles"]
    assert record_fields(news_api["articles"][0]) == {"title": "Probe launched", "source": "CNN",
                                                      "date": "2024-03-07T10:00:00Z"}
    nested = {"data": {"article": {"body": {"text": body}, "date": 1710000000}}}
    assert record_text(find_records(nested)[0]) == body and record_fields(find_records(nested)[0]) == {
        "date": "2024-03-09 16:00"}
    assert record_text({"paragraphs": body, "body": [body, "Second."]}) == f"{body}\n\nSecond."
    assert find_records({"foo": 1}) is None
    cut_short = {"description": "A probe lifted off for Jupiter's moon Europa.",  # NewsAPI's "content" as it comes
                 "content": "The space agency launched the Europa probe on Thursday. Engineers said the launch "
                            "went well and the cra… [+2345 chars]"}
    assert record_text(cut_short) == ("A probe lifted off for Jupiter's moon Europa.\n\n"
                                      "The space agency launched the Europa probe on Thursday.")
    cut_file = tmp_path / "newsapi.json"
    cut_file.write_text(json.dumps({"status": "ok", "articles": [dict(cut_short, source={"name": "CNN"})]}))
    assert read_path(cut_file)[0].text.startswith("A probe lifted off")  # read, not "no sentences left"
    path = tmp_path / "feed.json"
    path.write_text(json.dumps([{"headline": "Probe launched", "body": body, "published": "yesterday",
                                 "link": "https://edition.cnn.com/2024/03/09/world/probe/index.html"}]))
    article = read_path(path)[0]
    assert (article.title, article.source, article.date) == ("Probe launched", "CNN", "2024-03-09")  # date from the URL


@pytest.mark.parametrize("stamp, day, site", [
    ("Published in The Guardian on March 4, 2024", "2024-03-04", "The Guardian"),
    ("Published: 3/4/2024", "2024-03-04", None), ("Mon 04.03.2024", "2024-03-04", None),
    ("04-Mar-2024", "2024-03-04", None), ("By Jo Dee | Updated 3/4/2024", "2024-03-04", None),
    ("Published in March 2024", None, None),  # a month is no outlet
    ("First published in the Sunday Times", None, "Sunday Times"),  # a weekday in a name is
    ("Posted to Facebook on March 3, 2021, the video showed the flood reaching the square.", None, None),  # a sentence
])
def test_page_dates_in_the_forms_pages_print_them(stamp, day, site):
    page = f"Probe launched\n{stamp}\n\nThe space agency launched the Europa probe on Thursday, officials said."
    assert page_date(page) == day
    assert outlet(page) == site
