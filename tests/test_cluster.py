"""Story clustering and near-duplicate detection with the real embedding model."""
import gzip
import json
import random

import numpy as np
import pytest
from sklearn.metrics import adjusted_rand_score

from summarizer import Article
from summarizer.read.ingest import read_path
from summarizer.stories.grouping import StoryClusterer


def test_small_multinews_mix_recovers_its_stories(summarizer, multinews_val):
    with gzip.open(multinews_val, "rt", encoding="utf-8") as handle:
        clusters = [json.loads(next(handle)) for _ in range(60)]
    rng = random.Random(7)
    chosen = rng.sample(range(len(clusters)), 5)
    items = [(Article(id=f"c{c}-d{d}", text=doc), c)
             for c in chosen for d, doc in enumerate(clusters[c]["documents"])]
    rng.shuffle(items)
    stories = summarizer.stories([a for a, _ in items])
    predicted = {a: n for n, s in enumerate(stories) for a in s.article_ids}
    truth = {a.id: label for a, label in items}
    kept = sorted(predicted)
    ari = adjusted_rand_score([truth[a] for a in kept], [predicted[a] for a in kept])
    assert ari >= 0.6, ari  # looser floor than the benchmark's mean (eval/cluster_benchmark.py)


def test_seed_wire_copies_are_near_duplicates_in_one_story(summarizer, seeds_dir):
    articles = [read_path(p)[0] for p in sorted(seeds_dir.glob("*.txt"))]
    stories = summarizer.stories(articles)
    assert len(stories) == 1
    duplicates = {frozenset(pair) for pair in stories[0].duplicates}
    assert frozenset((articles[0].id, articles[1].id)) in duplicates
    assert len(duplicates) == 1


def test_shared_wire_sentences_count_once(summarizer, seeds_dir):
    articles = [read_path(p)[0] for p in sorted(seeds_dir.glob("*.txt"))]
    result = summarizer.summarize(articles, one_story=True)
    texts = [s["text"].lower() for s in result["stories"][0]["summary"]]
    words = [set(t.split()) for t in texts]
    for i in range(len(words)):
        for j in range(i):
            overlap = len(words[i] & words[j]) / len(words[i] | words[j])
            assert overlap < 0.6, (texts[i], texts[j])


def test_examples_form_two_stories(summarizer):
    from summarizer.interfaces.cli import read_inputs
    from tests.conftest import EXAMPLES

    stories = summarizer.stories(read_inputs([str(EXAMPLES / "mixed")]))
    assert len(stories) == 2
    assert sorted(len(s.article_ids) for s in stories) == [3, 3]


def test_pairwise_and_sparse_near_copy_checks_agree(multinews_val):
    with gzip.open(multinews_val, "rt", encoding="utf-8") as handle:
        clusters = [json.loads(next(handle)) for _ in range(40)]
    texts = [d for c in clusters for d in c["documents"]]
    texts += [texts[3][: len(texts[3]) // 2], texts[10] + " An extra closing line was added here."]  # copies
    ids = [f"a{n}" for n in range(len(texts))]
    few, many = StoryClusterer(), StoryClusterer()
    few.PAIRWISE_MAX, many.PAIRWISE_MAX = len(texts), 0
    pairs = few.near_duplicates(ids, texts)
    assert pairs == many.near_duplicates(ids, texts)
    assert {("a3", ids[-2]), ("a10", ids[-1])} <= set(pairs)


def _multinews_articles(path, clusters: int):
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        rows = [json.loads(next(handle)) for _ in range(clusters)]
    return [(Article(id=f"c{c}-d{d}", text=doc), c)
            for c, row in enumerate(rows) for d, doc in enumerate(row["documents"]) if doc.strip()]


def test_thousands_of_articles_cluster_through_the_ann_index_without_a_square_matrix(fast_summarizer, multinews_val):
    """~2,500 real articles through the pipeline: the HNSW index is searched, the scored pairs
    grow with n x neighbours and dense blocks stay under block_max (never n x n), and the
    traced peak memory stays within a linear budget per article."""
    import tracemalloc

    from summarizer.stories.neighbors import EXACT_MAX

    items = _multinews_articles(multinews_val, 950)
    random.Random(3).shuffle(items)
    prepared = fast_summarizer.prepare([a for a, _ in items])
    n = len(prepared.ids)
    assert n > EXACT_MAX
    tracemalloc.start()
    stories = fast_summarizer.cluster(prepared)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    run = fast_summarizer.clusterer.last_run
    assert run["search"] == "hnsw"
    assert run["scored_pairs"] <= n * fast_summarizer.clusterer.neighbors
    assert run["largest_block"] <= fast_summarizer.clusterer.block_max
    assert peak < n * 150 * 1024, f"peak {peak / 2**20:.0f} MiB"  # ~75 KiB an article measured
    assert sorted(a for s in stories for a in s.article_ids) == sorted(prepared.ids)
    truth = {a.id: c for a, c in items}
    predicted = {a: k for k, s in enumerate(stories) for a in s.article_ids}
    ari = adjusted_rand_score([truth[a] for a in prepared.ids], [predicted[a] for a in prepared.ids])
    assert ari >= 0.6, ari  # the benchmark (eval/scale_benchmark.py) reports the full figures


FLOODS = [
    "Heavy rain flooded the river town of Marlow Creek, forcing forty families from their homes. The "
    "Marlow Creek fire brigade used boats to reach residents trapped on upper floors, and the county opened "
    "the school gymnasium as an emergency shelter. The river rose two metres above its banks overnight.",
    "Rescuers in boats pulled residents of Marlow Creek from upper windows after the river burst its banks. "
    "About forty families spent the night in the school gymnasium, which the county turned into a shelter. "
    "Firefighters said the water was two metres deep in the lower streets of the town.",
    "The river at Marlow Creek broke its banks again after a week of storms, and sixty families left their "
    "homes. Volunteers and the fire brigade ferried people by boat to the county shelter at the school "
    "gymnasium. Farmers lost fields and livestock as the water rose through the night.",
    "Floodwater swept through Marlow Creek for the second time this spring. The county reopened the school "
    "gymnasium as a shelter for sixty families, while fire brigade boats searched the lower streets. "
    "Residents said the river climbed faster than before and the bridge was closed.",
]


def test_look_alike_events_weeks_apart_are_separate_stories(summarizer):
    """Two floods in one town, a month apart, told in much the same words: one story without
    dates, two with them."""
    dates = ["2024-03-04", "2024-03-05", "2024-04-05", "2024-04-06"]
    undated = [Article(id=f"flood-{k}", text=t) for k, t in enumerate(FLOODS)]
    assert len(summarizer.stories(undated)) == 1
    dated = [Article(id=f"flood-{k}", text=t, date=d) for k, (t, d) in enumerate(zip(FLOODS, dates))]
    stories = summarizer.stories(dated)
    assert sorted(sorted(s.article_ids) for s in stories) == [["flood-0", "flood-1"], ["flood-2", "flood-3"]]


TRIAL = [
    "The trial of ferry captain Jonas Brell opened in Harlow Bay on Monday. Prosecutors told the court that Brell "
    "ignored storm warnings before the Harlow Bay ferry capsized last spring, killing eleven passengers.",
    "A harbour pilot told the Harlow Bay court that captain Jonas Brell had been warned twice about the storm "
    "before the ferry left port. Brell's lawyers said the warnings came too late to turn back.",
    "Survivors of the Harlow Bay ferry disaster described the night the vessel capsized as the trial of captain "
    "Jonas Brell entered its third week. One passenger said the crew never sounded the alarm.",
    "Defence lawyers for captain Jonas Brell called an engineer who told the Harlow Bay court that a failed "
    "pump, not the storm, made the ferry list before it capsized.",
    "The jury in the trial of ferry captain Jonas Brell began its deliberations in Harlow Bay after five weeks "
    "of evidence about the capsizing that killed eleven passengers.",
]


def test_a_story_reported_every_week_for_five_weeks_stays_one_story(summarizer):
    """A small pile (the hand-set score): reports a week or more apart are one story when that is
    the story's rhythm; the plain seven-day window split them."""
    dates = ["2024-05-06", "2024-05-14", "2024-05-22", "2024-05-30", "2024-06-07"]
    articles = [Article(id=f"trial-{k}", text=t, date=d) for k, (t, d) in enumerate(zip(TRIAL, dates))]
    assert len(summarizer.stories(articles)) == 1
    similarity = np.full((4, 4), 0.5)
    days = np.array([0.0, 1.0, 31.0, 32.0])  # two look-alike events, each reported over two days
    apart = StoryClusterer.time_apart(similarity, days, 7.0, 0.15, spacing=20.0)
    assert apart[0, 2] and apart[1, 3] and not apart[0, 1] and not apart[2, 3]
    weekly = np.array([0.0, 8.0, 16.0, 24.0])  # one story's weekly reports: never apart
    assert not StoryClusterer.time_apart(similarity, weekly, 7.0, 0.15, spacing=20.0).any()
    assert StoryClusterer.time_apart(similarity, weekly, 7.0, 0.15).any()  # the plain window splits them


def test_lsh_finds_planted_copies_in_a_pile(multinews_val):
    from summarizer.stories.near_copies import (
        containment,
        near_duplicate_pairs,
        shingles,
    )

    texts = [a.text for a, _ in _multinews_articles(multinews_val, 700)]
    n = len(texts)
    words = texts[5].split()
    texts += [texts[5].replace(words[10], "changed"),            # a reprint with one word changed
              " ".join(texts[20].split()[: len(texts[20].split()) * 6 // 10]),  # the first 60 %
              " ".join(texts[30].split()[:25])]                   # a short teaser: not a copy
    pairs = near_duplicate_pairs(texts, 0.5, pairwise_max=0)
    assert {(5, n), (20, n + 1)} <= set(pairs)
    assert (30, n + 2) not in pairs
    for i, j in pairs:
        assert containment(shingles(texts[i]), shingles(texts[j])) >= 0.5


def test_a_report_days_later_that_reuses_background_is_no_copy(summarizer):
    """House passage, then Senate passage nine days later with the same background paragraphs:
    two reports, not a copy counted once; a reprint days later, or an update the next day, is, and
    so is a first take (its first paragraphs) of a story more than three times as long."""
    from summarizer.stories.near_copies import shingle_hashes

    background = ("The measure would put into effect an international treaty on adoptions across borders. "
                  "It sets standards for agencies that place children with families abroad and requires "
                  "them to be accredited by the State Department. About 18,000 foreign children were "
                  "adopted by Americans last year, most of them from China, Russia and South Korea. "
                  "Supporters say the treaty will protect children and parents from fraud and baby selling.")
    house = ("The House passed the adoption treaty measure on Tuesday by voice vote, after a short debate in "
             "which no member spoke against it. Its sponsor, a Republican from Virginia, said families had waited "
             "six years for the rules. The Senate is expected to take up its own version next week. " + background)
    senate = ("The Senate passed the adoption legislation on Thursday, sending it to the president, who is "
              "expected to sign it before the end of the month. Senators added a provision that gives the adopted "
              "children visas on arrival, which the House version lacked. " + background)
    first_take = " ".join(house.split()[:70])  # the wire's first paragraphs, before the whole story moved
    whole = house + " " + senate.replace("The Senate", "Senators").replace(background, "") + (
        " Adoption agencies in Ohio and Texas said they had hired staff to meet the new rules, and lawyers for "
        "families said the cost of an adoption from abroad could rise by a fifth. The treaty was signed in The "
        "Hague in 1993 and has been ratified by more than 30 countries, including China and Brazil. Officials "
        "said the first accredited agencies would be named within two years of the law taking effect.")
    shingles = [len(shingle_hashes(t)) for t in (first_take, whole)]
    assert shingles[1] > 3 * shingles[0] >= 3 * 60
    assert summarizer.clusterer.near_duplicates(["take", "whole"], [first_take, whole]) == [("take", "whole")]
    ids, texts = ["house", "senate", "reprint"], [house, senate, house]
    clusterer = summarizer.clusterer
    assert clusterer.near_duplicates(ids, texts) == [("house", "senate"), ("house", "reprint"), ("senate", "reprint")]
    later = clusterer.near_duplicates(ids, texts, ["2000-09-19", "2000-09-28", "2000-09-24"])
    assert later == [("house", "reprint")]
    next_day = clusterer.near_duplicates(ids, texts, ["2000-09-19", "2000-09-20", None])
    assert ("house", "senate") in next_day


def test_learned_block_scores_match_the_candidate_pair_scores(fast_summarizer, multinews_val):
    """A component's dense block and the candidate list score each pair the same way (the
    neighbour ranks are read in both directions), and a pair outside the candidates ranks
    after them all."""

    from summarizer.stories.features import ArticleSpace, leading_words
    from summarizer.stories.pair_model import load_pair_model
    from summarizer.stories.similarity import LearnedSimilarity, neighbour_ranks

    items = _multinews_articles(multinews_val, 30)
    prepared = fast_summarizer.prepare([a for a, _ in items])
    clusterer = fast_summarizer.clusterer
    texts, n = prepared.article_texts(), len(prepared.ids)
    space = ArticleSpace(leading_words(texts, clusterer.max_words), clusterer.lead_vectors(texts), clusterer.lexical_weight)
    clusterer.neighbors = 8  # fewer candidates than articles, so some pairs are outside them
    try:
        rows, cols, sims = clusterer.neighbor_graph(space, np.full(n, np.nan))
    finally:
        clusterer.neighbors = type(clusterer)().neighbors
    ranks = neighbour_ranks(n, rows, cols, sims)
    background = clusterer.background(n, rows, cols, sims, ranks)
    learned = LearnedSimilarity(space, background, load_pair_model(clusterer.pair_model), rows, cols, ranks,
                                profile=clusterer.profile(n, rows, cols, sims, ranks))
    block = learned.block(np.arange(n), pairs_per_chunk=7 * n)  # 7 rows a chunk: several chunks
    assert np.allclose(block[rows, cols], learned.pairs(rows, cols, sims))
    assert np.allclose(learned.pairs(rows, cols, sims, pairs_per_chunk=50), learned.pairs(rows, cols, sims))
    assert np.allclose(block, block.T)
    inputs = learned.pair_inputs(rows, cols, sims)
    assert inputs.rank_a.max() < n - 1 and set(learned.candidates) <= set(range(n))
    assert ((block >= 0) & (block <= 1)).all()


def test_the_neighbourhood_profile_is_each_articles_nearest_and_third_nearest_similarity():
    """Article 0 has four neighbours (0.9, 0.5, 0.3, 0.1): nearest 0.9, third 0.3. Article 4 has
    one (0.1): nearest 0.1 and no third, so 0. The shipped pair model reads the profile and
    refuses a scorer made without it."""
    from summarizer.stories.grouping import StoryClusterer
    from summarizer.stories.pair_model import PROFILE_FEATURES, load_pair_model
    from summarizer.stories.similarity import LearnedSimilarity, neighbour_ranks

    rows, cols = np.array([0, 0, 0, 0, 1]), np.array([1, 2, 3, 4, 2])
    sims = np.array([0.9, 0.5, 0.3, 0.1, 0.6])
    ranks = neighbour_ranks(5, rows, cols, sims)
    top, near = StoryClusterer().profile(5, rows, cols, sims, ranks)
    assert np.allclose(top, [0.9, 0.9, 0.6, 0.3, 0.1])
    assert np.allclose(near, [0.3, 0.0, 0.0, 0.0, 0.0])
    model = load_pair_model("multinews")
    assert set(PROFILE_FEATURES) <= set(model.features)
    with pytest.raises(ValueError, match="profile"):
        LearnedSimilarity(None, np.zeros(5), model, rows, cols, ranks)


def test_learned_stories_join_on_mean_log_odds_so_a_few_unlikely_pairs_keep_two_groups_apart():
    """Two groups of three articles, cut 0.5. With every cross pair at 0.6 they are one story.
    With one cross pair all but ruled out (0.001), the mean probability of the nine cross pairs
    (0.53) still passes the cut but their mean log-odds (-0.41) does not: two stories."""
    from summarizer.stories.grouping import StoryClusterer
    from summarizer.stories.similarity import LearnedSimilarity

    class GivenProbabilities(LearnedSimilarity):  # the scores as given; the linkage under test is real
        def __init__(self, probabilities):
            self.probabilities = probabilities

        def block(self, piece, pairs_per_chunk=0):
            return self.probabilities[np.ix_(piece, piece)].copy()

    def stories(cross: np.ndarray) -> list[list[int]]:
        probabilities = np.full((6, 6), 0.99)
        probabilities[:3, 3:], probabilities[3:, :3] = cross, cross.T
        clusterer = StoryClusterer(pair_model="multinews", min_probability=0.5)
        parts = clusterer.cluster_piece(np.arange(6), GivenProbabilities(probabilities), 1.0 - 0.5,
                                        np.full(6, np.nan), np.zeros((0, 2), dtype=np.int64))
        return sorted(part.tolist() for part in parts)

    likely = np.full((3, 3), 0.6)
    assert stories(likely) == [[0, 1, 2, 3, 4, 5]]
    one_unlikely = likely.copy()
    one_unlikely[0, 0] = 0.001
    assert one_unlikely.mean() >= 0.5
    assert stories(one_unlikely) == [[0, 1, 2], [3, 4, 5]]


def test_a_missing_pair_model_names_the_fix(tmp_path):

    from summarizer.errors import ConfigError
    from summarizer.stories.pair_model import load_pair_model

    with pytest.raises(ConfigError, match="eval.train_pair_model"):
        load_pair_model(str(tmp_path / "absent.npz"))


def test_articles_are_compared_by_lead_vectors_unless_no_lead_model_is_set(summarizer, multinews_val):
    clusterer = summarizer.clusterer
    assert clusterer.lead_model == "minilm"
    items = _multinews_articles(multinews_val, 12)
    for articles in (items, items[:5]):  # a pile for the learned score, and a few articles
        summarizer.stories([a for a, _ in articles])
        assert clusterer.last_run["vectors"] == "minilm"
    clusterer.lead_model, clusterer.pair_model = "", "multinews-sentences"
    try:
        summarizer.stories([a for a, _ in items])
        assert clusterer.last_run["vectors"] == "sentences"
    finally:
        clusterer.lead_model, clusterer.pair_model = "minilm", "multinews"
    vectors = clusterer.lead_vectors([a.text for a, _ in items[:3]])
    assert vectors.shape == (3, 384) and np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_a_pile_over_fast_leads_above_compares_wordllama_leads(summarizer, fast_summarizer, multinews_val):
    """Past `cluster.fast_leads_above` articles the default clusterer reads WordLlama leads with
    their own pair model, and groups them as the fast preset (which always does) groups them."""
    from dataclasses import replace

    from summarizer.stories.grouping import StoryClusterer

    items = _multinews_articles(multinews_val, 12)
    prepared = summarizer.prepare([a for a, _ in items])
    ids, texts = prepared.ids, prepared.article_texts()
    assert fast_summarizer.clusterer.lead_model == "wordllama"
    fast = fast_summarizer.clusterer(ids, texts, None)
    assert fast_summarizer.clusterer.last_run["vectors"] == "wordllama"
    config = summarizer.config
    for above, vectors in ((len(ids), "minilm"), (len(ids) - 1, "wordllama")):
        clusterer = StoryClusterer.from_config(replace(config, cluster=replace(config.cluster, fast_leads_above=above)))
        stories = clusterer(ids, texts, None)
        assert clusterer.last_run["vectors"] == vectors
        assert (clusterer.lead_model, clusterer.pair_model) == ("minilm", "multinews")  # a copy switched, not it
        if vectors == "wordllama":
            assert stories == fast


def test_leads_are_embedded_in_chunks_with_progress_as_in_one_call(summarizer, multinews_val):
    """Chunks of the length-sorted leads form the embedder's own batches, so the vectors are
    the same bits as one call's, and progress reaches the total."""
    from summarizer.embed.embedders import embedder_named
    from summarizer.stories.features import leading_words

    clusterer = summarizer.clusterer
    texts = [a.text for a, _ in _multinews_articles(multinews_val, 260)][:600]
    assert len(texts) > clusterer.LEAD_CHUNK
    calls = []
    chunked = clusterer.lead_vectors(texts, lambda done, total: calls.append((done, total)))
    whole = embedder_named(clusterer.lead_model).encode(leading_words(texts, clusterer.lead_words))
    assert np.array_equal(chunked, whole.astype(np.float64))
    assert calls == [(clusterer.LEAD_CHUNK, len(texts)), (len(texts), len(texts))]

    # An engine's encoder may return the chunks in any order; one that loses a chunk is an error.
    from summarizer.stories.features import encode_here

    def backwards(model, chunks):
        return reversed(list(encode_here(model, chunks)))

    assert np.array_equal(clusterer.lead_vectors(texts, encode_leads=backwards), chunked)
    with pytest.raises(RuntimeError, match="returned 512 of 600 vectors"):
        clusterer.lead_vectors(texts, encode_leads=lambda model, chunks: list(encode_here(model, chunks))[:1])


def test_a_pair_model_trained_on_other_vectors_names_the_fix(multinews_val):

    from summarizer.errors import ConfigError
    from summarizer.stories.grouping import StoryClusterer

    texts = [a.text for a, _ in _multinews_articles(multinews_val, 8)][:12]
    ids = [f"a{k}" for k in range(len(texts))]
    vectors = np.eye(len(texts))
    with pytest.raises(ConfigError, match="cluster.lead_model=''"):
        StoryClusterer(pair_model="multinews-sentences", lead_model="minilm")(ids, texts, vectors)
    with pytest.raises(ConfigError, match="cluster.lead_model=minilm"):
        StoryClusterer(pair_model="multinews", lead_model="")(ids, texts, vectors)
    assert len(StoryClusterer(pair_model="multinews-sentences")(ids, texts, vectors)) >= 1


def test_in_a_pile_a_longer_gap_between_dates_lowers_the_same_story_probability(summarizer, multinews_val):
    """In a pile big enough for the learned score (more than background_k articles), the
    probability that two look-alike flood reports are one story falls as their dates move
    apart (the pair model weighs the gap; there is no hard window), and undated the four
    reports form one story."""
    others = [a for a, _ in _multinews_articles(multinews_val, 6)][:10]
    assert len(others) + len(FLOODS) > summarizer.clusterer.background_k
    probabilities = []
    for second in ("2024-03-05", "2024-04-05", "2025-03-04"):
        dates = ["2024-03-04", "2024-03-05", second, "2024-03-06"]
        floods = [Article(id=f"flood-{k}", text=t, date=d) for k, (t, d) in enumerate(zip(FLOODS, dates))]
        dated_others = [Article(id=a.id, text=a.text, date="2024-03-20") for a in others]
        probabilities.append(_pair_scores(summarizer, floods + dated_others, "flood-0", "flood-2")[0])
    assert probabilities[0] > probabilities[1] > probabilities[2], probabilities
    undated = [Article(id=f"flood-{k}", text=t) for k, t in enumerate(FLOODS)] + others
    story_of = {a: s.id for s in summarizer.stories(undated) for a in s.article_ids}
    assert len({story_of[f"flood-{k}"] for k in range(4)}) == 1


FLOOD_DETAIL = [
    "Crews from three counties worked through the night to clear mud from {street} Street, where {n} houses "
    "stood in water up to the windowsills.",
    "The mayor said {n} volunteers had signed up at the town hall by noon, and the bakery on {street} Street "
    "handed out bread to anyone who came by.",
    "Engineers inspected the old stone bridge near {street} Street and found {n} cracks that they said needed "
    "repair before heavy trucks could cross.",
    "A school bus ferried {n} elderly residents from {street} Street to the shelter, where nurses checked "
    "their medicines and blood pressure.",
]
FLOOD_AFTERMATH = [
    "Insurance assessors arrived on {street} Road and estimated that {n} cars had been written off by the water.",
    "The county council voted to spend money on a new levee, and {n} people signed a petition on {street} Road "
    "asking for it to be built before winter.",
    "A farmer near {street} Road said he had moved {n} cows to higher ground and lost most of his hay.",
    "Teachers said the school would stay closed for {n} days while the gymnasium on {street} Road served as a shelter.",
]
STREETS = ["Mill", "Church", "Orchard", "Station", "Harbour", "Willow", "Quarry", "Market", "Chapel", "Bridge"]


def _flood_report(lead: str, words: int, detail: list[str] = FLOOD_DETAIL) -> str:
    """A flood report that opens with `lead` and runs on with `detail` paragraphs to about `words` words."""
    sentences, count = [], len(lead.split())
    while count < words:
        k = len(sentences)
        sentences.append(detail[k % len(detail)].format(street=STREETS[k % len(STREETS)], n=12 + k))
        count += len(sentences[-1].split())
    paragraphs = [" ".join(sentences[k:k + 4]) for k in range(0, len(sentences), 4)]
    return "\n\n".join([lead] + paragraphs)


def _pair_scores(summarizer, articles, a: str, b: str) -> tuple[float, float]:
    """The learned same-story probability and the similarity of articles a and b within the pile
    `articles` (dated where the articles are)."""
    from summarizer.stories.features import ArticleSpace, day_number, leading_words
    from summarizer.stories.similarity import LearnedSimilarity, neighbour_ranks
    from summarizer.stories.pair_model import load_pair_model

    clusterer = summarizer.clusterer
    prepared = summarizer.prepare(articles)
    texts, n = prepared.article_texts(), len(prepared.ids)
    days = np.array([day_number(a.date) for a in prepared.articles])
    space = ArticleSpace(leading_words(texts, clusterer.max_words), clusterer.lead_vectors(texts),
                         clusterer.lexical_weight)
    rows, cols, sims = clusterer.neighbor_graph(space, days)
    ranks = neighbour_ranks(n, rows, cols, sims)
    background = clusterer.background(n, rows, cols, sims, ranks)
    learned = LearnedSimilarity(space, background, load_pair_model(clusterer.pair_model), rows, cols, ranks, days,
                                clusterer.profile(n, rows, cols, sims, ranks))
    i, j = sorted((prepared.ids.index(a), prepared.ids.index(b)))
    similarity = space.pairs(np.array([i]), np.array([j]))
    return float(learned.pairs(np.array([i]), np.array([j]), similarity)[0]), float(similarity[0])


def test_length_does_not_change_the_same_story_probability(summarizer, multinews_val):
    """The same two flood reports, 150 or 1,500 words long each, in the same pile of other news:
    their same-story probability differs by at most 0.05 ("nearly the same"), the similarity it
    reads by at most 0.02, and both lengths put them in one story."""
    others = [a for a, _ in _multinews_articles(multinews_val, 6)][:14]
    probabilities, similarities, together = [], [], []
    for words in (150, 1500):
        floods = [Article(id=f"flood-{k}", text=_flood_report(FLOODS[k], words, detail))
                  for k, detail in ((0, FLOOD_DETAIL), (2, FLOOD_AFTERMATH))]
        assert all(words <= len(f.text.split()) < words + 30 for f in floods)
        pile = floods + others
        assert len(pile) > summarizer.clusterer.background_k  # the learned score, not the hand-set one
        probability, similarity = _pair_scores(summarizer, pile, "flood-0", "flood-2")
        probabilities.append(probability)
        similarities.append(similarity)
        story_of = {a: s.id for s in summarizer.stories(pile) for a in s.article_ids}
        together.append(story_of["flood-0"] == story_of["flood-2"])
    assert abs(probabilities[0] - probabilities[1]) <= 0.05, probabilities
    assert abs(similarities[0] - similarities[1]) <= 0.02, similarities
    assert together == [True, True]


def test_a_small_pile_of_unrelated_local_reports_is_not_melted_into_one_story(summarizer):
    """Eleven reports of six unrelated events (examples/local-news: a budget fight, a battery
    recall, a jobs report, a museum, a transfer, a wildfire), two or three each: more than
    background_k, so the learned score groups them; with no crowd of neighbours to read, it had
    put nine of them in one story. Pairs that share almost nothing (cluster.min_similarity) are
    never one story now. What is left: the museum's nearest report is the budget's (similarity
    0.11), and the two still share a story (docs/stories.md)."""
    from pathlib import Path

    from summarizer.read.ingest import read_paths

    folder = Path(__file__).resolve().parent.parent / "examples" / "local-news"
    articles = read_paths(sorted(folder.iterdir()))
    assert len(articles) > summarizer.clusterer.background_k
    event = {a.id: Path(a.path).name.split("-")[0] for a in articles}
    stories = [{event[i] for i in s.article_ids} for s in summarizer.stories(articles)]
    for name in ("ebike", "jobs", "transfer", "wildfire"):  # each in a story of its own, whole
        assert [s for s in stories if name in s] == [{name}], stories
    assert len(stories) >= 5


def test_in_a_pile_look_alike_events_a_month_apart_part_and_a_weekly_story_stays_whole(summarizer, multinews_val):
    """More than background_k articles (the learned score): two floods in one town a month apart,
    each reported twice in two days, are two stories (a silence between two bursts of reports);
    the trial reported weekly for five weeks stays one."""
    others = [Article(id=a.id, text=a.text, date="2024-03-20") for a, _ in _multinews_articles(multinews_val, 6)][:10]
    dates = ["2024-03-04", "2024-03-05", "2024-04-05", "2024-04-06"]
    floods = [Article(id=f"flood-{k}", text=t, date=d) for k, (t, d) in enumerate(zip(FLOODS, dates))]
    trial_dates = ["2024-05-06", "2024-05-14", "2024-05-22", "2024-05-30", "2024-06-07"]
    trial = [Article(id=f"trial-{k}", text=t, date=d) for k, (t, d) in enumerate(zip(TRIAL, trial_dates))]
    pile = floods + trial + others
    assert len(pile) > summarizer.clusterer.background_k
    story_of = {a: s.id for s in summarizer.stories(pile) for a in s.article_ids}
    assert story_of["flood-0"] == story_of["flood-1"] != story_of["flood-2"] == story_of["flood-3"]
    assert len({story_of[f"trial-{k}"] for k in range(5)}) == 1
    parted = StoryClusterer.from_config(summarizer.config)  # the rule alone: bursts part, a steady rhythm does not
    from summarizer.stories.grouping import split_bursts
    assert list(split_bursts(np.ones(4, int), np.full((4, 4), 0.5), np.array([0.0, 1.0, 31.0, 32.0]),
                             parted.window_days, parted.burst_ratio)) == [1, 1, 2, 2]
    assert list(split_bursts(np.ones(5, int), np.full((5, 5), 0.5), np.array([0.0, 8.0, 16.0, 24.0, 32.0]),
                             parted.window_days, parted.burst_ratio)) == [1] * 5


GARDEN = ("Spring is the season to divide crowded perennials, and few reward the effort like hostas. Lift the "
          "clump with a fork after the first leaves unfurl, shake off the soil and pull the crowns apart by hand. "
          "Replant the pieces at the depth they grew, water them twice a week until June and mulch against slugs.")
CHESS = ("The rook endgame is where most club players throw away half points, and the cure is a handful of "
         "positions. Learn the Lucena position first: the stronger side builds a bridge with the rook on the "
         "fourth rank. Then learn the Philidor defence, in which the defending rook waits on the sixth rank.")


def test_two_outliers_that_share_little_are_never_one_story(summarizer, multinews_val):
    """To the pair model, two articles with no close neighbour can look like each other's best
    match (a TV column and an earthquake feature five months apart had 0.92 in a dev pile). A pair
    alike less than cluster.outlier_similarity, with leads less alike than OUTLIER_SEMANTIC, whose
    articles' nearest neighbours are both under it, gets the floor probability; other pairs keep
    the model's."""
    from summarizer.stories.features import ArticleSpace, leading_words
    from summarizer.stories.pair_model import load_pair_model
    from summarizer.stories.similarity import LearnedSimilarity, neighbour_ranks

    articles = [a for a, _ in _multinews_articles(multinews_val, 20)]
    articles += [Article(id="garden", text=GARDEN), Article(id="chess", text=CHESS)]
    prepared = summarizer.prepare(articles)
    clusterer = summarizer.clusterer
    assert clusterer.outlier_similarity == 0.1
    texts, n = prepared.article_texts(), len(prepared.ids)
    space = ArticleSpace(leading_words(texts, clusterer.max_words), clusterer.lead_vectors(texts), clusterer.lexical_weight)
    rows, cols, sims = clusterer.neighbor_graph(space, np.full(n, np.nan))
    ranks = neighbour_ranks(n, rows, cols, sims)
    background = clusterer.background(n, rows, cols, sims, ranks)
    profile = clusterer.profile(n, rows, cols, sims, ranks)
    model = load_pair_model(clusterer.pair_model)
    plain = LearnedSimilarity(space, background, model, rows, cols, ranks, profile=profile).block(np.arange(n))
    floored = LearnedSimilarity(space, background, model, rows, cols, ranks, profile=profile,
                                outlier_similarity=0.1).block(np.arange(n))
    similarity, semantic = space.block(np.arange(n)), space.vectors @ space.vectors.T
    top = profile[0]
    outliers = (np.maximum(top[:, None], top[None, :]) < 0.1) & (similarity < 0.1) & (semantic < LearnedSimilarity.OUTLIER_SEMANTIC)
    garden, chess = prepared.ids.index("garden"), prepared.ids.index("chess")
    assert outliers[garden, chess] and floored[garden, chess] <= LearnedSimilarity.FLOORED
    assert (floored[outliers] <= LearnedSimilarity.FLOORED).all()
    assert np.allclose(floored[~outliers], plain[~outliers])
    assert (~outliers).sum() > n  # the rule leaves most pairs to the model
