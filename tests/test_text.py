"""`skrnn.text.Tokenizer`: round trips, the vocabulary's order, min_freq and
max_tokens, and errors by message."""
import pickle

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.utils._param_validation import InvalidParameterError

from skrnn.text import SPECIAL_TOKENS, Tokenizer

TEXTS = ["The cat sat on the mat.", "A dog, a cat; the end!", "mat mat mat"]


def test_characters_round_trip_exactly():
    tok = Tokenizer(lowercase=False).fit(TEXTS)
    ids = tok.transform(TEXTS)
    assert all(a.dtype == np.int64 and a.ndim == 1 for a in ids)
    assert [len(a) for a in ids] == [len(t) for t in TEXTS]
    assert tok.inverse_transform(ids) == TEXTS
    lowered = Tokenizer().fit(TEXTS)
    assert lowered.inverse_transform(lowered.transform(TEXTS)) == [t.lower() for t in TEXTS]


def test_out_of_vocabulary_tokens_become_unk():
    tok = Tokenizer().fit(["abc"])
    ids = tok.transform(["abxc"])[0]
    assert ids.tolist() == [tok.vocabulary_["a"], tok.vocabulary_["b"], 1,
                            tok.vocabulary_["c"]]
    assert tok.inverse_transform([ids]) == ["ab<unk>c"]
    assert tok.transform([""])[0].shape == (0,)


def test_words_and_punctuation_are_tokens_joined_by_spaces():
    tok = Tokenizer(level="word").fit(TEXTS)
    assert tok.transform(["the cat."])[0].tolist() == [tok.vocabulary_["the"],
                                                       tok.vocabulary_["cat"],
                                                       tok.vocabulary_["."]]
    spaced = ["the cat sat on the mat .", "a dog , a cat ; the end !"]
    assert tok.inverse_transform(tok.transform(spaced)) == spaced


def test_vocabulary_order_is_specials_then_frequency_then_first_appearance():
    tok = Tokenizer(level="word").fit(["b a c", "c a", "d"])
    # a: 2, c: 2 (a first seen after b, c after a), b: 1, d: 1
    assert tok.tokens_ == list(SPECIAL_TOKENS) + ["a", "c", "b", "d"]
    assert all(tok.vocabulary_[t] == i for i, t in enumerate(tok.tokens_))
    assert tok.counts_ == {"b": 1, "a": 2, "c": 2, "d": 1}
    np.testing.assert_array_equal(tok.get_feature_names_out(), tok.tokens_)


def test_min_freq_and_max_tokens_keep_the_frequent_tokens():
    tok = Tokenizer(level="word", min_freq=2).fit(TEXTS)
    assert set(tok.tokens_[4:]) == {"the", "cat", "mat", "a"}
    assert tok.transform(["dog"])[0].tolist() == [1]
    assert tok.counts_["dog"] == 1  # counted, though not in the vocabulary
    capped = Tokenizer(level="word", max_tokens=6).fit(TEXTS)
    assert capped.tokens_ == list(SPECIAL_TOKENS) + ["mat", "the"]


def test_clone_pickle_and_parameter_validation():
    tok = Tokenizer(level="word", min_freq=2).fit(TEXTS)
    again = pickle.loads(pickle.dumps(tok))
    assert again.vocabulary_ == tok.vocabulary_
    assert clone(tok).get_params() == tok.get_params()
    with pytest.raises(InvalidParameterError, match="min_freq"):
        Tokenizer(min_freq=0).fit(TEXTS)
    with pytest.raises(InvalidParameterError, match="max_tokens"):
        Tokenizer(max_tokens=4).fit(TEXTS)


@pytest.mark.parametrize("call,error,match", [
    (lambda t: t.fit("one string"), ValueError,
     r"X must be an iterable of strings, one per document; got a single string\. "
     r"Wrap it in a list: \[text\]\."),
    (lambda t: t.fit(["fine", 3]), TypeError, r"X\[1\] is a int, not a str"),
    (lambda t: t.fit(TEXTS).inverse_transform([[0, 1], [999]]), ValueError,
     r"X\[1\] holds token id 999, outside the vocabulary's 0\.\.\d+\."),
    (lambda t: t.fit(TEXTS).inverse_transform([[1.5]]), ValueError,
     r"X\[0\] must be a 1-D array of token ids \(integers\), got float64"),
])
def test_errors_name_the_item(call, error, match):
    with pytest.raises(error, match=match):
        call(Tokenizer())
