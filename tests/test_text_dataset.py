"""The shipped text: The Devil's Dictionary, its entries, splits and containers."""
import numpy as np
import pandas as pd
import pytest

from skrnn.datasets import load_dataset, load_devils_dictionary


def test_the_dictionary_holds_its_entries_in_order_with_its_splits():
    bunch = load_devils_dictionary()
    assert len(bunch.data) == 1003
    assert sum(len(t) for t in bunch.data) == 382_343
    assert bunch.headwords[:3] == ["ABASEMENT, n.", "ABATIS, n.", "ABDICATION, n."]
    assert bunch.data[1].startswith("ABATIS, n.  Rubbish in front of a fort")
    initials = [h[0].upper() for h in bunch.headwords]
    assert initials == sorted(initials) and initials[-1] == "Z"  # A to Z, in order
    train = load_devils_dictionary(split="train").data
    test = load_devils_dictionary(split="test").data
    assert (len(train), len(test)) == (903, 100)
    assert test[0] == bunch.data[9] and train[9] == bunch.data[10]
    np.testing.assert_array_equal(bunch.is_test, np.arange(1003) % 10 == 9)
    assert "Ambrose" in bunch.DESCR and "dict-devil" in bunch.DESCR


def test_containers_and_loading_by_name():
    texts, none = load_devils_dictionary(split="test", return_X_y=True)
    assert none is None and isinstance(texts, list) and isinstance(texts[0], str)
    series = load_devils_dictionary(split="test", as_frame=True).data
    assert isinstance(series, pd.Series) and series.name == "text"
    assert series.index[:2].tolist() == [9, 19] and series.tolist() == texts
    assert load_dataset("devils dictionary", split="test").data == texts
    with pytest.raises(ValueError, match="split must be one of"):
        load_devils_dictionary(split="validation")


def test_fortunes_are_labelled_quotations_with_a_split_per_topic():
    from skrnn.datasets import load_fortunes
    bunch = load_fortunes()
    assert len(bunch.data) == 3248 and bunch.target.shape == (3248,)
    topics, counts = np.unique(bunch.target, return_counts=True)
    assert dict(zip(topics.tolist(), counts.tolist())) == {
        "art": 465, "computers": 1051, "food": 198, "law": 206, "politics": 703,
        "science": 625}
    assert "\x08" not in "".join(bunch.data)  # terminal overstriking removed
    X, y = load_fortunes(split="train", return_X_y=True)
    X_test, y_test = load_fortunes(split="test", return_X_y=True)
    assert (len(X), len(X_test)) == (2439, 809)
    for topic, n in zip(topics, counts):  # every fourth quotation of each topic
        assert (y_test == topic).sum() == n // 4
    frame_X, frame_y = load_fortunes(split="test", return_X_y=True, as_frame=True)
    assert frame_X.tolist() == X_test and frame_y.tolist() == y_test.tolist()
    assert frame_X.index.equals(frame_y.index)
