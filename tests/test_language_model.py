"""RNNLanguageModel: the score against the next-token probabilities, perplexity,
reproducible generation that stops at <eos>, both samplings, the objective's gradient,
model selection by score, persistence, and errors."""
import numpy as np
import pytest
from sklearn.model_selection import GridSearchCV

from _fd import assert_objective_gradient
from skrnn import RNNLanguageModel, load, save
from skrnn.text import Tokenizer

pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")

TEXTS = ["abcabcabc", "abcab", "cabcabcabca", "bcabc"] * 6
FAST = dict(hidden_size=8, embedding_dim=4, sequence_length=6, max_iter=40,
            learning_rate_init=0.02, random_state=0)


@pytest.fixture(scope="module")
def lm():
    return RNNLanguageModel(**FAST).fit(TEXTS)


def test_score_is_the_mean_log_probability_of_every_next_token(lm):
    text = "abca"
    prefixes = [text[:i] for i in range(len(text) + 1)]  # "", "a", ... "abca"
    proba = lm.predict_proba(prefixes)
    ids = list(lm.tokenizer_.transform([text])[0]) + [3]  # then <eos>
    expected = np.mean(np.log(proba[np.arange(len(ids)), ids]))
    assert lm.score([text]) == pytest.approx(expected, rel=1e-5)
    assert lm.perplexity([text]) == pytest.approx(np.exp(-expected), rel=1e-5)
    assert proba.shape == (5, lm.vocabulary_size_)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, rtol=1e-6)


def test_the_model_learns_the_cycle_far_below_a_uniform_guess(lm):
    assert lm.perplexity(["abcabcabcabc"]) < 1.6  # uniform over a, b, c would be 3
    assert lm.generate("ab", max_length=6, temperature=0.05, random_state=0) == \
        "abcabcab"


def test_generation_is_reproducible_and_stops_at_eos(lm):
    a = lm.generate("c", max_length=50, random_state=3)
    assert a == lm.generate("c", max_length=50, random_state=3)
    assert a.startswith("c") and set(a) <= set("abc<unk>")
    # training texts end after at most 11 characters, so <eos> comes long before 200
    lengths = [len(lm.generate("", max_length=200, random_state=s)) for s in range(5)]
    assert max(lengths) < 40
    greedy = lm.generate("abcab", max_length=1, temperature=1e-3, random_state=0)
    proba = lm.predict_proba(["abcab"])[0]
    assert greedy == "abcab" + lm.tokenizer_.tokens_[int(np.argmax(proba))]
    top1 = {lm.generate("a", max_length=3, top_k=1, random_state=s) for s in range(4)}
    assert len(top1) == 1  # top_k=1 is greedy, whatever the seed


@pytest.mark.parametrize("sampling", ["random", "sequential"])
def test_language_model_objective_gradient_matches_finite_differences(sampling):
    lm = RNNLanguageModel(hidden_size=3, embedding_dim=2, sequence_length=4,
                          sampling=sampling, max_iter=1, dtype="float64", alpha=0.01,
                          random_state=0).fit(["abca", "bcab"])
    data = lm._training_data(["abca", "bcab"], None, None, fresh=False)[0]
    if sampling == "sequential":
        assert data.previous.tolist() == list(range(-1, data.n_samples - 1))
    assert_objective_gradient(lm, data)


def test_random_sampling_cuts_full_windows_from_a_new_offset_every_epoch(monkeypatch):
    from skrnn._estimators import _language_model

    texts = ["the quick brown fox", "jumps over", "the lazy dog", "sphinx of black quartz"]
    lm = RNNLanguageModel(**dict(FAST, max_iter=1)).fit(texts)
    data = lm._training_data(texts, None, None, fresh=False)[0]
    bos, eos = lm.tokenizer_.vocabulary_["<bos>"], lm.tokenizer_.vocabulary_["<eos>"]
    stream = np.concatenate([[bos, *ids, eos] for ids in lm.tokenizer_.transform(texts)])
    L = FAST["sequence_length"]
    assert data.n_samples == (len(stream) - L) // L and set(data.lengths) == {L}
    rng, offsets = np.random.RandomState(0), set()
    for _ in range(30):
        drawn = data.redraw(rng)
        assert drawn.X.shape == data.X.shape and drawn.redraw is None
        o = next(o for o in range(L) if np.array_equal(stream[o:o + L], drawn.X[0, :, 0]))
        offsets.add(o)
        for i in range(drawn.n_samples):  # consecutive windows, next-token targets
            np.testing.assert_array_equal(drawn.X[i, :, 0], stream[o + i * L:o + i * L + L])
            np.testing.assert_array_equal(drawn.targets[i, :, 0],
                                          stream[o + i * L + 1:o + i * L + L + 1])
    assert offsets == set(range(L))

    calls = []
    real = _language_model._windows
    monkeypatch.setattr(_language_model, "_windows",
                        lambda *a: calls.append(a[2][0]) or real(*a))
    lm = RNNLanguageModel(**dict(FAST, max_iter=4, tol=0)).fit(TEXTS)
    assert len(calls) == 4  # cut once for the first epoch, redrawn before the next three
    assert len(set(calls)) > 1
    lm.set_params(warm_start=True, max_iter=2).fit(TEXTS)
    assert len(calls) == 4 + 1 + 2  # a continued fit redraws before each of its epochs


def test_sequential_sampling_carries_the_state_across_windows():
    lm = RNNLanguageModel(sampling="sequential", **FAST).fit(TEXTS)
    assert lm.perplexity(["abcabc"]) < 2.0


def test_grid_search_tunes_it_by_its_score_and_it_round_trips(tmp_path, lm):
    search = GridSearchCV(RNNLanguageModel(**{**FAST, "max_iter": 5}),
                          {"hidden_size": [4, 8]}, cv=2).fit(TEXTS)
    assert search.best_params_["hidden_size"] in (4, 8)
    assert np.isfinite(search.cv_results_["mean_test_score"]).all()
    save(lm, tmp_path / "lm.skrnn")
    loaded = load(tmp_path / "lm.skrnn")
    assert loaded.score(TEXTS[:3]) == lm.score(TEXTS[:3])
    assert loaded.generate("a", random_state=1) == lm.generate("a", random_state=1)


def test_words_and_token_arrays():
    words = RNNLanguageModel(tokenizer=Tokenizer(level="word"), **FAST).fit(
        ["the cat sat", "the dog sat", "the cat ran"] * 5)
    assert words.generate("the", max_length=2, temperature=0.05,
                          random_state=0).split()[0] == "the"
    ids = [np.array([4, 5, 6, 4, 5, 6]), np.array([5, 6, 4])]
    passthrough = RNNLanguageModel(tokenizer="passthrough", **FAST).fit(ids * 5)
    assert passthrough.vocabulary_size_ == 7
    out = passthrough.generate(np.array([4]), max_length=4, random_state=0)
    assert out.dtype == np.int64 and np.isin(out, [0, 1, 2, 4, 5, 6]).all()


@pytest.mark.parametrize("call,match", [
    (lambda: RNNLanguageModel(bidirectional=True, max_iter=1).fit(TEXTS),
     "a language model reads forward only"),
    (lambda: RNNLanguageModel(max_iter=1).fit("one string"),
     r"got a single string\. Wrap it in a list"),
    (lambda: RNNLanguageModel(**{**FAST, "max_iter": 1}).fit(TEXTS).generate(
        "a", temperature=0), r"temperature must be a number > 0"),
    (lambda: RNNLanguageModel(tokenizer="passthrough", **{**FAST, "max_iter": 1}).fit(
        [np.array([4, 5])]).score([np.array([9])]),
     r"X\[0\] holds token id 9, outside the vocabulary of 6 tokens"),
])
def test_errors_say_what_to_change(call, match):
    with pytest.raises(ValueError, match=match):
        call()
