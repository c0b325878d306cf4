"""Story timelines and relative dates resolved against each article's date (never guessed)."""
from __future__ import annotations

from datetime import date

from summarizer.render.formats import render, timeline_text
from summarizer.render.page_html import cards_html
from summarizer.run.pipeline import Summarizer
from summarizer.stories.timeline import relative_dates, story_timeline, with_dates

SATURDAY_16 = date(2019, 2, 16)  # a Saturday


def resolved(text, day):
    return {r["phrase"]: r["date"] for r in relative_dates(text, day)}


def test_weekdays_resolve_to_the_last_such_day_or_the_next_one_in_future_sentences():
    wednesday = date(2019, 2, 20)
    assert resolved("The mayor spoke on Saturday about the floods.", wednesday) == {"on Saturday": "2019-02-16"}
    assert resolved("The council will vote on Friday.", wednesday) == {"on Friday": "2019-02-22"}
    assert resolved("The probe, launched on Monday, will reach orbit soon.", wednesday) == {"on Monday": "2019-02-18"}
    assert resolved("Talks resume next Monday.", wednesday) == {"next Monday": "2019-02-25"}
    assert resolved("It happened last Wednesday.", wednesday) == {"last Wednesday": "2019-02-13"}
    assert resolved("The storm hit yesterday and roads reopen tomorrow.", wednesday) == {
        "yesterday": "2019-02-19", "tomorrow": "2019-02-21"}
    assert resolved("Prices rose last month and may fall next year.", wednesday) == {
        "last month": "2019-01", "next year": "2020"}


def test_weeks_resolve_to_their_monday_and_recently_is_no_date():
    wednesday = date(2019, 2, 20)
    found = relative_dates("Talks broke down last week and resume next week; recently, prices rose.", wednesday)
    assert [(r["phrase"], r["date"], r["label"]) for r in found] == [
        ("last week", "2019-02-11", "week of Feb 11"), ("next week", "2019-02-25", "week of Feb 25")]
    assert resolved("The council meets this week.", SATURDAY_16) == {"this week": "2019-02-11"}
    assert with_dates("Talks broke down last week.", relative_dates("Talks broke down last week.", wednesday)) == (
        "Talks broke down last week (week of Feb 11).")
    assert relative_dates("It rained last week.", wednesday, years=True)[0]["label"] == "week of Feb 11, 2019"


def test_seasons_resolve_to_their_year_and_winter_is_left_alone():
    text = "Last summer the council met; this summer it rests; next spring it votes; last winter was mild."
    for day, expected in ((date(1998, 1, 15), ["summer 1997", "summer 1998", "spring 1998"]),
                          (date(1998, 7, 10), ["summer 1997", "summer 1998", "spring 1999"]),
                          (date(1998, 10, 1), ["summer 1998", "summer 1998", "spring 1999"])):
        assert [r["label"] for r in relative_dates(text, day)] == expected, day
    assert with_dates("Last summer the council met.", relative_dates("Last summer the council met.", date(1998, 1, 15))) \
        == "Last summer (summer 1997) the council met."


def test_future_wording_sends_a_weekday_ahead_and_today_is_left_alone():
    monday = date(2000, 3, 27)
    assert resolved("The boy could be handed over as early as Thursday.", monday) == {"Thursday": "2000-03-30"}
    assert resolved("The hearing is scheduled for Thursday.", monday) == {"Thursday": "2000-03-30"}
    assert resolved("The exhibition is set to open early Wednesday.", monday) == {"Wednesday": "2000-03-29"}
    # DUC 2006 D0629, written on a Saturday: the virus strikes on the Monday after
    assert resolved("A virus is poised to strike on Monday.", date(1999, 4, 24)) == {"on Monday": "1999-04-26"}
    for past in ("Flights were cancelled due to fog on Thursday.", "As expected, the bank cut rates on Thursday.",
                 "Shares fell more than expected on Thursday.", "The vote that was scheduled for Thursday took place.",
                 "The attack was planned on Thursday.", "Lawyers met prior to Thursday's hearing."):
        assert list(resolved(past, monday).values()) == ["2000-03-23"], past
    assert resolved("Membership is 3,300 today, down from 5,200.", monday) == {}


def test_as_early_as_after_a_past_verb_reports_a_day_gone_by_and_today_of_the_news_is_the_article_day():
    saturday = date(1999, 6, 26)
    assert resolved("Fans began lining up as early as Thursday for tickets.", saturday) == {"Thursday": "1999-06-24"}
    assert resolved("A decision is expected as early as Thursday.", saturday) == {"Thursday": "1999-07-01"}
    assert resolved("The minister said today that talks would resume.", saturday) == {"said today": "1999-06-26"}
    assert resolved("Young people today read less news.", saturday) == {}
    # wire copy: "today" beside a verb of what happened is the article's day too
    for day_of_news in ("The regional government today ordered a review of the harbour rules.",
                        "A former clerk was named by his employer today as the author of the leaked memo.",
                        "The trade minister met here today with his Kellish counterpart.",
                        "The fair on wind power opened in Portville today with a call for village grids."):
        assert resolved(day_of_news, saturday) == {"today": "1999-06-26"}, day_of_news
    for nowadays in ("Young people today need less sleep.", "Prices that once soared are modest today.",
                     "Rail travel is far more popular in the United Kingdom today than elsewhere.",
                     "The plant, which opened in 1950, employs 300 people today.",
                     "Its share fell to about 12 percent today from 30 percent in 1990.",
                     "Today, most families own two cars.", "Today's teenagers read less news."):
        assert resolved(nowadays, saturday) == {}, nowadays


def test_a_weekday_ahead_may_be_the_article_day_and_a_kind_of_day_is_no_date():
    thursday = date(2024, 4, 4)
    assert resolved("The striker is expected to travel to England on Thursday evening.", thursday) == {
        "on Thursday": "2024-04-04"}
    assert resolved("Talks resume next Thursday.", thursday) == {"next Thursday": "2024-04-11"}
    wednesday = date(2024, 4, 3)
    assert resolved("A red flag warning will stay in effect through Thursday evening.", wednesday) == {
        "through Thursday": "2024-04-04"}
    assert resolved("Her office would count the mail ballots, about 4,000 of them, by Friday.", wednesday) == {
        "by Friday": "2024-04-05"}
    assert resolved("Crews had contained the fire by Friday.", wednesday) == {"by Friday": "2024-03-29"}
    assert resolved("The plan would cut Sunday and evening hours at five branches.", wednesday) == {}
    assert resolved("The Sunday Times reported the deal.", wednesday) == {}
    assert resolved("Tuesday's Senate vote was close.", wednesday) == {"Tuesday": "2024-04-02"}


def test_a_timetable_in_the_present_looks_ahead_and_a_past_one_does_not():
    tuesday = date(2024, 4, 2)
    assert resolved("The spring sales end Wednesday night, so shops are busy.", tuesday) == {"Wednesday": "2024-04-03"}
    assert resolved("The harbour festival, which opens Friday, runs for a week.", tuesday) == {"Friday": "2024-04-05"}
    assert resolved("The trial resumes Monday.", tuesday) == {"Monday": "2024-04-08"}
    assert resolved("The drills were scheduled to end on Sunday.", tuesday) == {"on Sunday": "2024-03-31"}


def test_a_plan_told_in_the_past_tense_is_a_day_or_two_ahead_rather_than_most_of_a_week_back():
    sunday, tuesday = date(2024, 3, 31), date(2024, 4, 2)
    assert resolved("The envoy was expected to visit the islands on Monday.", sunday) == {"on Monday": "2024-04-01"}
    assert resolved("The envoy was expected to visit the islands on Monday.", tuesday) == {"on Monday": "2024-04-01"}
    assert resolved("The vote that was scheduled for Friday took place.", tuesday) == {"Friday": "2024-03-29"}
    # on a Sunday, "this week" is the one ahead and "last week" the one ending
    assert resolved("The council meets this week.", sunday) == {"this week": "2024-04-01"}
    assert resolved("The council met last week.", sunday) == {"last week": "2024-03-25"}


def test_a_quotations_own_words_get_no_date():
    tuesday = date(2024, 4, 2)
    assert resolved("The ban starts on “Smokeless Wednesday,” the minister said on Monday.", tuesday) == {
        "on Monday": "2024-04-01"}
    assert resolved("“We meet again on Friday,” she said.", tuesday) == {}


def test_a_weekdays_event_whose_own_verb_looks_ahead_is_the_next_such_day():
    thursday = date(2024, 4, 4)
    assert resolved("Saturday's gala dinner will be held in the harbour hall.", thursday) == {"Saturday": "2024-04-06"}
    # the future is the consequences': the event has happened
    assert resolved("Monday's storm would not delay the vote, the mayor said.", thursday) == {"Monday": "2024-04-01"}
    assert resolved("Monday's storm will not stop the harbour works.", thursday) == {"Monday": "2024-04-01"}
    assert resolved("Critics attacked Monday's upcoming hearing of the harbour master.", thursday) == {
        "Monday": "2024-04-08"}
    assert resolved("Monday's hearing was brief.", thursday) == {"Monday": "2024-04-01"}
    # the verb is the results', and the vote is gone by
    assert resolved("The results of Monday's vote will shape the budget.", thursday) == {"Monday": "2024-04-01"}
    assert resolved("Monday's vote, which was close, will be reviewed.", thursday) == {"Monday": "2024-04-01"}


def test_days_carry_their_year_in_a_story_told_over_years():
    text = "The council voted on Wednesday."
    assert with_dates(text, relative_dates(text, date(1998, 8, 14), years=True)) == \
        "The council voted on Wednesday (Aug 12, 1998)."
    assert with_dates(text, relative_dates(text, date(1998, 8, 14))) == "The council voted on Wednesday (Aug 12)."


def test_nothing_is_invented_without_a_date_and_explicit_dates_are_left_alone():
    assert relative_dates("The mayor spoke on Saturday.", None) == []
    assert relative_dates("The mayor spoke on Saturday, February 16, at noon.", SATURDAY_16) == []


def test_with_dates_puts_the_day_after_the_phrase():
    text = "Crews arrived on Saturday and left on Sunday."
    assert with_dates(text, relative_dates(text, date(2019, 2, 18))) == \
        "Crews arrived on Saturday (Feb 16) and left on Sunday (Feb 17)."
    text = "Wednesday's plan drew on last year's strikes."
    assert with_dates(text, relative_dates(text, date(1998, 8, 6))) == \
        "Wednesday's (Aug 5) plan drew on last year's (1997) strikes."


def test_timeline_lines_name_years_across_years_count_articles_and_name_their_outlets():
    story = {"articles": [{"number": 1, "date": "1998-10-10", "source": None},
                          {"number": 2, "date": "1998-10-10", "source": "AP"},
                          {"number": 3, "date": "1999-04-21", "source": "AP"},
                          {"number": 4, "date": "1999-04-21", "source": "AP"},
                          {"number": 5, "date": "1999-04-22", "source": "AP"},
                          {"number": 6, "date": "1999-04-22", "source": "Reuters"},
                          {"number": 7, "date": "1999-04-22", "source": "BBC"}]}
    story["timeline"] = story_timeline(story["articles"])
    assert timeline_text(story) == ("Oct 10, 1998 – Apr 22, 1999: Oct 10, 1998, 2 articles [1, 2]; "
                                    "Apr 21, 1999, 2 articles (AP) [3, 4]; Apr 22, 1999, 3 articles from 3 outlets [5, 6, 7]")


def test_story_timeline_counts_outlets_per_day_in_order():
    timeline = story_timeline([
        {"number": 1, "date": "2019-02-18 10:00", "source": "Wire"},
        {"number": 2, "date": "2019-02-16", "source": "Herald"},
        {"number": 3, "date": "2019-02-18", "source": "Gazette"},
        {"number": 4, "date": None, "source": "Blog"},
    ])
    assert timeline["first"] == "2019-02-16" and timeline["latest"] == "2019-02-18" and timeline["undated"] == 1
    assert timeline["days"] == [{"date": "2019-02-16", "sources": 1, "articles": [2]},
                                {"date": "2019-02-18", "sources": 2, "articles": [1, 3]}]
    assert story_timeline([{"number": 1, "date": None}]) is None


DATED = {"id": "quay", "date": "2019-02-18", "source": "Harbour Post", "title": "Quay wall repaired after storm",
         "text": "Workers finished repairing the damaged quay wall in Porthallow on Monday after a storm on "
                 "Saturday broke part of it. The harbour master said ferries would use the quay again from "
                 "Wednesday. Engineers found that waves had washed out the fill behind a forty metre section."}
UNDATED = {"id": "quay-blog", "title": "Porthallow quay open again",
           "text": "The quay wall in Porthallow was repaired after a storm on Saturday broke part of it, workers "
                   "said. Ferries will use the quay again from Wednesday, the harbour master said. Waves had "
                   "washed out the fill behind a forty metre section of the wall."}


def test_briefs_show_resolved_dates_and_the_story_timeline():
    result = Summarizer.from_config("default").summarize([DATED, UNDATED], one_story=True)
    story = result["stories"][0]
    assert story["timeline"]["first"] == "2019-02-18" and story["timeline"]["undated"] == 1
    for item in story["summary"]:
        if item["article_id"] == "quay-blog":
            assert "dates" not in item  # its article has no date: nothing is resolved
    dated = [i for i in story["summary"] if i["article_id"] == "quay" and "Saturday" in i["text"]]
    markdown = render(result, "md")
    assert "**Timeline** Feb 18, 2019" in markdown
    assert dated, "the dated lead sentence is in the brief"
    assert {d["phrase"]: d["date"] for d in dated[0]["dates"]} == {"on Monday": "2019-02-18", "on Saturday": "2019-02-16"}
    assert "on Saturday (Feb 16)" in markdown
    page = cards_html(result)
    assert 'class="story-dates">Feb 18, 2019<' in page


def test_a_brief_over_two_years_dates_its_days_in_full():
    later = {**UNDATED, "id": "quay-later", "date": "2020-03-02"}
    story = Summarizer.from_config("default").summarize([DATED, later], one_story=True)["stories"][0]
    labels = [d["label"] for item in story["summary"] for d in item.get("dates", [])]
    assert labels and all(label.endswith((", 2019", ", 2020")) for label in labels), labels


def test_a_long_timeline_keeps_its_ends_and_one_shared_file_is_named_once(tmp_path):
    from summarizer.read.ingest import is_summarizer_output

    articles = [{"number": n, "date": f"1999-03-{n:02d}", "source": "AP", "file": "/data/pile.jsonl",
                 "id": f"a{n}", "title": f"Report {n}"} for n in range(1, 13)]
    story = {"id": "s", "title": "Twelve days of reports", "articles": articles,
             "timeline": story_timeline(articles), "summary": [
                 {"text": "The river rose on Monday.", "citation": 1, "article_id": "a1"}]}
    text = timeline_text(story)
    assert text.count("article (AP)") == 6 and "… 6 more days …" in text and "Mar 12, 1 article (AP) [12]" in text
    markdown, plain = render({"stories": [story]}, "md"), render({"stories": [story]}, "txt")
    assert "**Sources** (all from file pile.jsonl)" in markdown and "Sources (all from file pile.jsonl):" in plain
    assert "— file pile.jsonl" not in markdown + plain
    for name, output in (("out.md", markdown), ("out.txt", plain)):  # still known as this tool's output
        (tmp_path / name).write_text(output, encoding="utf-8")
        assert is_summarizer_output(tmp_path / name)


def test_a_wire_dateline_within_a_day_of_the_record_gives_today_its_day():
    from summarizer.read.sources import dateline_day

    assert dateline_day("LIMA, March 4 (Andes News) -- The port reopened today.", "2003-03-05") == "2003-03-04"
    assert dateline_day("OSLO, Dec. 31 -- Ferries ran late.", "2004-01-01 02:10") == "2003-12-31"
    assert dateline_day("LIMA, March 2 (Andes News) -- The port reopened.", "2003-03-05") is None  # a slip
    # stamped late the evening before, in another time zone
    assert dateline_day("PERTH, March 27 (Andes News) -- Ferries ran late.", "2003-03-26 23:38") == "2003-03-27"
    assert dateline_day("PERTH, March 27 (Andes News) -- Ferries ran late.", "2003-03-26 00:10") is None
    assert dateline_day("LIMA, March 4 (Andes News) -- The port reopened.", None) is None
    article = {"id": "port", "date": "2003-03-05",
               "text": "LIMA, March 4 (Andes News) -- Peru's main container port reopened today after a "
                       "three-day strike by dock workers over pay ended with a deal. The port authority said "
                       "ships waiting offshore would be unloaded within a week of the deal being signed."}
    story = Summarizer.from_config("default").summarize([article], one_story=True)["stories"][0]
    dated = [d for item in story["summary"] for d in item.get("dates", [])]
    assert [(d["phrase"], d["date"]) for d in dated] == [("today", "2003-03-04")]
    assert story["articles"][0]["date"] == "2003-03-05"  # the source keeps its own date
