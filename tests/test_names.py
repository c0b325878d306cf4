"""A brief's first bare surname gets the full name its story gave ("led by Marta Hollis").

The articles are written for these tests; the last one runs the whole pipeline with the real
embedder."""
from summarizer import Summarizer
from summarizer.records import Selected, Sentence
from summarizer.select.names import introduce_names


def _brief(articles: dict[str, list[str]], picks: list[tuple[str, int]]) -> list[str]:
    chosen = [Selected(Sentence(articles[a][i], a, i, i / len(articles[a])), 1.0, 1.0, 0.0) for a, i in picks]
    return [c.sentence.text for c in introduce_names(chosen, [s for texts in articles.values() for s in texts])]


KANSAS = {
    "a": ["The Kansas board of education voted 6-4 on Wednesday to drop evolution from state tests.",
          "The board's chairwoman, Marta Hollis, said the standards left the choice to local districts.",
          "Scientists said the vote would embarrass the state.",
          "The board, led by Hollis, also dropped the big-bang theory from the standards."],
    "b": ["Critics in Topeka said the new standards ignored a century of science.",
          "Hollis said the board had listened to parents across Kansas."],
}


def test_a_bare_surname_gets_the_full_name_once():
    brief = _brief(KANSAS, [("a", 3), ("b", 1)])
    assert brief == ["The board, led by Marta Hollis, also dropped the big-bang theory from the standards.",
                     "Hollis said the board had listened to parents across Kansas."]


def test_a_name_the_brief_already_gave_is_left_alone():
    brief = _brief(KANSAS, [("a", 1), ("a", 3)])
    assert brief == [KANSAS["a"][1], KANSAS["a"][3]]


def test_two_people_of_one_surname_are_left_alone():
    articles = {"a": ["Tomas Ibarra, 6, was found clinging to an inner tube off Florida in November.",
                      "His father, Rafael Ibarra, said in Havana that he wanted the boy home.",
                      "As Ibarra was speaking, protesters gathered outside the house in Miami."]}
    assert _brief(articles, [("a", 2)]) == [articles["a"][2]]


def test_a_full_name_that_opens_its_sentence_counts_when_it_names_a_person():
    articles = {"a": ["Dana Merrow, a 61-year-old baker in Tulsa, has sold rye bread on Elm Street since 1990.",
                      "In an interview on Sunday, Merrow said the bakery would close in June.",
                      "Twelve Ostranders signed the letter.",
                      "Later the Ostranders said the rent had doubled."],
                "b": ["Eleven Halversons, a family of farmers, sold the land.",
                      "The sale closed after Halversons agreed on the price, lawyers said."]}
    assert _brief(articles, [("a", 1)]) == ["In an interview on Sunday, Dana Merrow said the bakery would close in June."]
    assert _brief(articles, [("a", 3)]) == [articles["a"][3]]
    assert _brief(articles, [("b", 1)]) == [articles["b"][1]]


def test_places_companies_modifiers_and_quotes_are_left_alone():
    articles = {"a": ["The strike hit a plant in Sudan, officials said, and William Clay Ford said nothing.",
                      "Chairman William Clay Ford said Ford Motor Co. would recall 40,000 trucks.",
                      "Ford said the recall would cost $30 million.",
                      "The aid mattered: Struggling Sudan got economic help from Iraq.",
                      "Sudan said the plant made medicine, and analyst Mary Tuck said so too.",
                      "“Tuck is wrong,” the minister said of the report.",
                      "The Tuck report, published in May, drew on ten years of data."]}
    assert _brief(articles, [("a", 2), ("a", 4)]) == [articles["a"][2], articles["a"][4]]
    assert _brief(articles, [("a", 5), ("a", 6)]) == [articles["a"][5], articles["a"][6]]


def test_a_surname_used_as_a_modifier_still_names_a_person_but_a_group_does_not():
    articles = {"a": ["The allegation was made last month by Gary Norwood, a manager at IBM.",
                      "In a deposition in May, Norwood testified that the company had paid more.",
                      "The Norwood testimony is expected on Monday, lawyers said.",
                      "The cross-examination of Norwood will focus on the licence fees.",
                      "The Clinton administration said Bill Clinton would not comment.",
                      "Senate Republicans said the bill would pass, and one Republican senator, Tom Hale, agreed.",
                      "The measure would cut taxes, Republicans said."]}
    assert _brief(articles, [("a", 3), ("a", 2)]) == ["The cross-examination of Gary Norwood will focus on the licence fees.",
                                                      articles["a"][2]]
    assert _brief(articles, [("a", 4), ("a", 6)]) == [articles["a"][4], articles["a"][6]]


def test_the_pipeline_introduces_a_name_its_brief_opens_on():
    # the introduction is too short (under select.min_sentence_words) to be picked itself
    intro = "Chairwoman Marta Hollis declined to comment on Friday."
    later = ("Hollis said the Kansas board of education had listened to thousands of parents before "
             "it voted to remove evolution from the state science tests.")
    filler = ["Teachers in Wichita said they would keep evolution in their biology lessons this year.",
              "The governor said he disagreed with the board's evolution decision but had no power to overturn it.",
              "University presidents warned the evolution vote could hurt the state's efforts to attract scientists."]
    articles = [{"title": "Kansas board drops evolution", "text": " ".join([later] + filler)},
                {"title": "Board under fire", "text": " ".join(filler[1:2] + [intro] + filler[2:])}]
    story = Summarizer.from_config("default", **{"select.budget": 60}).summarize(articles, one_story=True)["stories"][0]
    brief = [item["text"] for item in story["summary"]]
    assert intro not in brief
    assert "Marta Hollis said the Kansas board of education" in " ".join(brief)
