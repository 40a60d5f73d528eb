"""skrnn.preprocessing.WindowAggregator and SequenceDifferencer: the numbers against a
hand computation on sequences of unequal lengths, every X format, the containers they
come back in, names, set_output, pipelines, and the errors."""
import pickle
import re
import warnings

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.pipeline import make_pipeline
from sklearn.utils import estimator_checks
from sklearn.utils._param_validation import InvalidParameterError

from skrnn import RNNClassifier
from skrnn._data import SequenceBatch, check_sequences
from skrnn.preprocessing import SequenceDifferencer, SequenceScaler, WindowAggregator

ALL = ("mean", "std", "log_std", "min", "max", "last")
LENGTHS = (5, 2, 7, 1)


@pytest.fixture
def rng():
    return np.random.default_rng(0)


def ragged(rng, lengths=LENGTHS, n_features=2, dtype=np.float64):
    return [rng.normal(size=(length, n_features)).astype(dtype) for length in lengths]


def long_frame(sequences, ids=None, shuffle_rng=None, columns=None):
    ids = [f"s{i}" for i in range(len(sequences))] if ids is None else ids
    index = pd.MultiIndex.from_tuples(
        [(seq_id, 10 * t) for seq_id, seq in zip(ids, sequences) for t in range(len(seq))],
        names=["id", "time"])
    n_features = sequences[0].shape[1]
    columns = [f"c{j}" for j in range(n_features)] if columns is None else columns
    frame = pd.DataFrame(np.concatenate(sequences), index=index, columns=columns)
    if shuffle_rng is not None:
        frame = frame.iloc[shuffle_rng.permutation(len(frame))]
    return frame


def by_hand_windows(sequence, window, statistics):
    """Each window's statistics, one window and one feature at a time, with plain
    Python over the real steps of one (T, F) sequence."""
    rows = []
    for start in range(0, len(sequence), window):
        block = sequence[start:start + window]
        row = []
        for statistic in statistics:
            for f in range(sequence.shape[1]):
                values = [float(v) for v in block[:, f]]
                mean = sum(values) / len(values)
                std = (sum((v - mean) ** 2 for v in values) / len(values)) ** 0.5
                row.append({"mean": mean, "std": std, "log_std": np.log(std + 1e-3),
                            "min": min(values), "max": max(values),
                            "last": values[-1]}[statistic])
        rows.append(row)
    return np.array(rows)


def by_hand_differences(sequence, order, keep_original):
    """Differences of orders 1..order of one (T, F) sequence, zero where undefined."""
    T = len(sequence)
    parts = [sequence.copy()] if keep_original else []
    previous = sequence
    for k in range(1, order + 1):
        change = np.zeros_like(sequence)
        for t in range(k, T):
            change[t] = previous[t] - previous[t - 1]
        parts.append(change)
        previous = change
    return np.concatenate(parts, axis=1)


# --- the numbers ---------------------------------------------------------------------

def test_a_small_batch_by_hand():
    X = [np.array([[1.0, 0.0], [3.0, 0.0], [2.0, 5.0], [2.0, 5.0], [7.0, 1.0]]),
         np.array([[4.0, 2.0]])]
    out = WindowAggregator(window=2, statistics=ALL).fit(X).transform(X)
    # sequence 0: windows {1, 3}, {2, 2}, {7} of feature 0; {0, 0}, {5, 5}, {1} of 1
    flat = np.log(1e-3)
    expected_0 = [
        #  mean       std        log_std              min        max        last
        [2.0, 0.0, 1.0, 0.0, np.log(1.001), flat, 1.0, 0.0, 3.0, 0.0, 3.0, 0.0],
        [2.0, 5.0, 0.0, 0.0, flat, flat, 2.0, 5.0, 2.0, 5.0, 2.0, 5.0],
        [7.0, 1.0, 0.0, 0.0, flat, flat, 7.0, 1.0, 7.0, 1.0, 7.0, 1.0],
    ]
    np.testing.assert_allclose(out[0], expected_0, rtol=1e-15)
    np.testing.assert_allclose(out[1], [[4.0, 2.0, 0, 0, flat, flat, 4.0, 2.0, 4.0, 2.0,
                                         4.0, 2.0]], rtol=1e-15)
    assert [s.shape for s in out] == [(3, 12), (1, 12)]


@pytest.mark.parametrize("window", [1, 2, 3, 7])
@pytest.mark.parametrize("statistics", [("mean",), ALL, ("last", "min")])
def test_window_statistics_against_a_hand_computation(rng, window, statistics):
    X = ragged(rng)  # lengths 5, 2, 7, 1 in one batch
    out = WindowAggregator(window=window, statistics=statistics).fit(X).transform(X)
    assert [len(s) for s in out] == [-(-length // window) for length in LENGTHS]
    for sequence, result in zip(X, out):
        np.testing.assert_allclose(result, by_hand_windows(sequence, window, statistics),
                                   rtol=1e-12, atol=1e-14)


def test_window_one_is_the_identity_for_the_mean_and_last(rng):
    X = ragged(rng)
    for statistic in ("mean", "last", "min", "max"):
        out = WindowAggregator(window=1, statistics=(statistic,)).fit_transform(X)
        for sequence, result in zip(X, out):
            np.testing.assert_array_equal(result, sequence)


def test_a_single_statistic_may_be_a_string(rng):
    X = ragged(rng)
    a = WindowAggregator(window=3, statistics="max").fit_transform(X)
    b = WindowAggregator(window=3, statistics=["max"]).fit_transform(X)
    for x, y in zip(a, b):
        np.testing.assert_array_equal(x, y)


@pytest.mark.parametrize("order", [1, 2, 3])
@pytest.mark.parametrize("keep_original", [True, False])
def test_differences_against_a_hand_computation(rng, order, keep_original):
    X = ragged(rng)
    out = SequenceDifferencer(order=order, keep_original=keep_original).fit(X).transform(X)
    for sequence, result in zip(X, out):
        assert result.shape == (len(sequence), 2 * (order + keep_original))
        np.testing.assert_allclose(
            result, by_hand_differences(sequence, order, keep_original), rtol=1e-12,
            atol=1e-14)
    # the length-1 sequence has no change at all; nothing crossed from its neighbours
    np.testing.assert_array_equal(out[3][:, 2 * keep_original:], 0.0)


def test_differences_of_a_polynomial():
    x = np.arange(6.0) ** 2  # 0 1 4 9 16 25
    (out,) = SequenceDifferencer(order=3, keep_original=False).fit_transform([x])
    np.testing.assert_array_equal(out, [[0, 0, 0], [1, 0, 0], [3, 2, 0], [5, 2, 0],
                                        [7, 2, 0], [9, 2, 0]])


def test_fit_learns_nothing_from_the_values(rng):
    X, other = ragged(rng), ragged(rng)
    for transformer in (WindowAggregator(window=2, statistics=ALL),
                        SequenceDifferencer(order=2)):
        a = transformer.fit(X).transform(other)
        b = clone(transformer).fit(other).transform(other)
        for x, y in zip(a, b):
            np.testing.assert_array_equal(x, y)


# --- every input format --------------------------------------------------------------

def object_array(sequences):
    out = np.empty(len(sequences), dtype=object)
    for i, sequence in enumerate(sequences):
        out[i] = sequence
    return out


TRANSFORMERS = [WindowAggregator(window=3, statistics=("mean", "log_std", "last")),
                WindowAggregator(window=2), SequenceDifferencer(),
                SequenceDifferencer(order=2, keep_original=False)]


@pytest.mark.parametrize("transformer", TRANSFORMERS, ids=repr)
@pytest.mark.parametrize("container", [list, tuple, object_array])
def test_lists_give_their_container_with_each_sequence_own_length(rng, transformer,
                                                                  container):
    X = ragged(rng)
    reference = clone(transformer).fit_transform(X)
    out = clone(transformer).fit_transform(container(X))
    assert type(out) is type(container(X))
    assert len(out) == len(X)
    for result, expected in zip(out, reference):
        np.testing.assert_array_equal(result, expected)


@pytest.mark.parametrize("transformer", TRANSFORMERS, ids=repr)
def test_3d_and_2d_arrays_give_the_same_numbers_as_a_list(rng, transformer):
    X = rng.normal(size=(4, 7, 2))
    out = clone(transformer).fit_transform(X)
    reference = clone(transformer).fit_transform(list(X))
    assert isinstance(out, np.ndarray) and out.ndim == 3
    np.testing.assert_array_equal(out, np.stack(reference))
    # 2-D: univariate sequences; 2-D out with one channel, else 3-D
    X2 = X[:, :, 0]
    out = clone(transformer).fit_transform(X2)
    reference = np.stack(clone(transformer).fit_transform(list(X2[:, :, None])))
    if reference.shape[2] == 1:
        assert out.ndim == 2
        np.testing.assert_array_equal(out, reference[:, :, 0])
    else:
        assert out.ndim == 3
        np.testing.assert_array_equal(out, reference)


def test_univariate_1d_sequences_stay_1d_with_one_channel(rng):
    X = [rng.normal(size=length) for length in LENGTHS]
    out = WindowAggregator(window=2).fit_transform(X)
    assert [s.shape for s in out] == [(3,), (1,), (4,), (1,)]
    np.testing.assert_allclose(out[0], [X[0][:2].mean(), X[0][2:4].mean(), X[0][4]],
                               rtol=1e-15)
    out = WindowAggregator(window=2, statistics=("mean", "max")).fit_transform(X)
    assert [s.shape for s in out] == [(3, 2), (1, 2), (4, 2), (1, 2)]
    out = SequenceDifferencer(keep_original=False).fit_transform(X)
    assert [s.shape for s in out] == [(5,), (2,), (7,), (1,)]
    np.testing.assert_allclose(out[2][1:], np.diff(X[2]), rtol=1e-15)
    assert out[2][0] == 0.0


def test_window_frame_rows_are_windows_indexed_by_their_first_step(rng):
    X = ragged(rng)
    frame = long_frame(X, ids=["d", "a", "c", "b"], shuffle_rng=rng)
    agg = WindowAggregator(window=3, statistics=("mean", "max"))
    out = agg.fit(frame).transform(frame)
    assert isinstance(out, pd.DataFrame)
    assert list(out.columns) == ["c0_mean", "c1_mean", "c0_max", "c1_max"]
    assert list(out.columns) == list(agg.get_feature_names_out())
    # sequences in the order their ids first appear in the shuffled frame; each window
    # labelled by the time of its first step (times are 0, 10, 20, ...)
    first_seen = list(pd.unique(frame.index.get_level_values(0)))
    expected_index = [(seq_id, 10 * start) for seq_id in first_seen
                      for start in range(0, LENGTHS["dacb".index(seq_id)], 3)]
    assert list(out.index) == expected_index
    assert out.index.names == ["id", "time"]
    for seq_id, sequence in zip("dacb", X):
        np.testing.assert_allclose(out.loc[seq_id].to_numpy(),
                                   by_hand_windows(sequence, 3, ("mean", "max")),
                                   rtol=1e-12)


def test_difference_frame_keeps_the_rows_and_their_order(rng):
    X = ragged(rng)
    frame = long_frame(X, shuffle_rng=rng)
    out = SequenceDifferencer().fit(frame).transform(frame)
    pd.testing.assert_index_equal(out.index, frame.index)
    assert list(out.columns) == ["c0", "c1", "c0_diff1", "c1_diff1"]
    pd.testing.assert_frame_equal(out[["c0", "c1"]], frame)
    for i, sequence in enumerate(X):
        np.testing.assert_allclose(out.loc[f"s{i}"].sort_index().to_numpy(),
                                   by_hand_differences(sequence, 1, True), rtol=1e-12)


def test_frames_with_unnamed_columns_and_series(rng):
    X = ragged(rng, n_features=1)
    frame = long_frame(X, columns=[0])
    out = WindowAggregator(window=2, statistics=("mean", "std")).fit_transform(frame)
    assert list(out.columns) == ["0_mean", "0_std"]
    series = long_frame(X, columns=["load"])["load"]
    out = WindowAggregator(window=2).fit_transform(series)
    assert isinstance(out, pd.Series) and out.name == "load_mean"
    out = SequenceDifferencer(keep_original=False).fit_transform(series)
    assert isinstance(out, pd.Series) and out.name == "load_diff1"
    pd.testing.assert_index_equal(out.index, series.index)
    out = SequenceDifferencer().fit_transform(series)
    assert isinstance(out, pd.DataFrame) and list(out.columns) == ["load", "load_diff1"]


def test_sequence_batch_in_gives_sequence_batch_out(rng):
    X = ragged(rng)
    for transformer in (WindowAggregator(window=3, statistics=ALL),
                        SequenceDifferencer(order=2)):
        batch = check_sequences(X, dtype=np.float64)
        out = transformer.fit(X).transform(batch)
        assert isinstance(out, SequenceBatch) and out.input_kind == "list"
        for row, sequence, length in zip(out.X, transformer.transform(X), out.lengths):
            np.testing.assert_array_equal(row[:length], sequence)
            assert not row[length:].any()
    frame_batch = check_sequences(long_frame(X), dtype=np.float64)
    agg = WindowAggregator(window=3).fit(long_frame(X))
    with warnings.catch_warnings():  # a SequenceBatch has no columns to check
        warnings.filterwarnings("ignore", message=".*feature names", category=UserWarning)
        out = agg.transform(frame_batch)
    assert list(out.feature_names) == ["c0_mean", "c1_mean"]
    assert list(out.row_index[:3]) == [("s0", 0), ("s0", 30), ("s1", 0)]


@pytest.mark.parametrize("transformer", TRANSFORMERS, ids=repr)
@pytest.mark.parametrize("make", [lambda X: X, list, lambda X: long_frame(list(X))],
                         ids=["3d", "list", "frame"])
def test_float32_stays_float32_and_other_input_gives_float64(rng, transformer, make):
    X = rng.normal(size=(3, 6, 2))
    for dtype, expected in [(np.float32, np.float32), (np.float64, np.float64),
                            (np.int64, np.float64)]:
        out = clone(transformer).fit_transform(make((10 * X).astype(dtype)))
        dtypes = (list(out.dtypes) if isinstance(out, pd.DataFrame)
                  else [s.dtype for s in out] if isinstance(out, list) else [out.dtype])
        assert all(d == expected for d in dtypes)


# --- names and set_output ------------------------------------------------------------

def test_get_feature_names_out(rng):
    agg = WindowAggregator(window=2, statistics=("mean", "log_std"))
    assert list(agg.fit(rng.normal(size=(2, 5, 2))).get_feature_names_out()) == [
        "x0_mean", "x1_mean", "x0_log_std", "x1_log_std"]
    assert list(agg.get_feature_names_out(["a", "b"])) == [
        "a_mean", "b_mean", "a_log_std", "b_log_std"]
    # after a 2-D fit (columns are steps): per output step, named after its first column
    agg = WindowAggregator(window=2).fit(rng.normal(size=(2, 5)))
    assert list(agg.get_feature_names_out()) == ["x0_mean", "x2_mean", "x4_mean"]
    agg = WindowAggregator(window=2, statistics=("min", "max")).fit(rng.normal(size=(2, 3)))
    assert list(agg.get_feature_names_out()) == ["x0_min", "x0_max", "x2_min", "x2_max"]
    diff = SequenceDifferencer(order=2).fit(long_frame(ragged(rng)))
    assert list(diff.get_feature_names_out()) == ["c0", "c1", "c0_diff1", "c1_diff1",
                                                  "c0_diff2", "c1_diff2"]
    diff = SequenceDifferencer(keep_original=False).fit(rng.normal(size=(2, 3)))
    assert list(diff.get_feature_names_out()) == ["x0_diff1", "x1_diff1", "x2_diff1"]
    with pytest.raises(ValueError, match="input_features"):
        diff.get_feature_names_out(["a"])


def test_set_output_pandas_wraps_2d_output_only(rng):
    X2 = pd.DataFrame(rng.normal(size=(4, 5)), columns=[f"t{j}" for j in range(5)],
                      index=list("wxyz"))
    agg = WindowAggregator(window=2).set_output(transform="pandas")
    out = agg.fit_transform(X2)
    assert isinstance(out, pd.DataFrame)
    assert list(out.columns) == ["t0_mean", "t2_mean", "t4_mean"]
    pd.testing.assert_index_equal(out.index, X2.index)
    np.testing.assert_allclose(out["t2_mean"], X2[["t2", "t3"]].mean(axis=1), rtol=1e-15)
    diff = SequenceDifferencer(keep_original=False).set_output(transform="pandas")
    out = diff.fit_transform(X2)
    assert list(out.columns) == [f"t{j}_diff1" for j in range(5)]
    np.testing.assert_allclose(out["t3_diff1"], X2["t3"] - X2["t2"], rtol=1e-15)
    # multi-channel output of 2-D input is 3-D; sequence output keeps its container
    agg = WindowAggregator(window=2, statistics=("mean", "max")).set_output(
        transform="pandas")
    assert agg.fit_transform(X2).shape == (4, 3, 2)
    X = ragged(rng)
    assert isinstance(SequenceDifferencer().set_output(transform="pandas")
                      .fit_transform(X), list)
    # fitted on univariate sequences, a 2-D array's columns are named x0, x1, ...
    agg = WindowAggregator(window=2).set_output(transform="pandas")
    agg.fit([rng.normal(size=4)])
    assert list(agg.transform(rng.normal(size=(2, 3))).columns) == ["x0_mean", "x2_mean"]
    with pytest.raises(ValueError, match="must be one of"):
        WindowAggregator().set_output(transform="arrow")


# Checks scikit-learn runs on its own estimators but parametrize_with_checks does not
# yield: on the instances whose output of 2-D input is 2-D (one channel). With several
# channels the output of 2-D input is 3-D, which those checks cannot read.
EXTRA_CHECKS = ["check_param_validation", "check_dataframe_column_names_consistency",
                "check_transformer_get_feature_names_out",
                "check_transformer_get_feature_names_out_pandas",
                "check_set_output_transform", "check_set_output_transform_pandas",
                "check_global_output_transform_pandas", "check_inplace_ensure_writeable"]


@pytest.mark.parametrize("check", EXTRA_CHECKS)
@pytest.mark.parametrize("transformer", [WindowAggregator(window=2),
                                         SequenceDifferencer(keep_original=False)],
                         ids=repr)
def test_sklearn_checks_not_yielded_by_default(check, transformer):
    check = getattr(estimator_checks, check, None)
    if check is None:
        pytest.skip("this scikit-learn version has no such check")
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*feature names", category=UserWarning)
        check(type(transformer).__name__, transformer)


# --- composition ---------------------------------------------------------------------

@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
def test_pipeline_before_rnn_classifier(rng):
    X = [rng.normal(size=(length, 2)) + (i % 2) for i, length in
         enumerate(rng.integers(6, 15, size=20))]
    y = np.array(["a", "b"] * 10)
    small = dict(hidden_size=4, max_iter=3, random_state=0)
    pipe = make_pipeline(SequenceScaler(), SequenceDifferencer(),
                         WindowAggregator(window=3, statistics=("mean", "log_std")),
                         SequenceScaler(), RNNClassifier(**small))
    pipe.fit(X, y)
    assert pipe[-1].n_features_in_ == 8
    assert pipe.predict(X).shape == (20,)
    # the classifier reads the transformed sequences, each of its own length
    Xt = pipe[:-1].transform(X)
    assert [len(s) for s in Xt] == [-(-len(s) // 3) for s in X]
    np.testing.assert_array_equal(pipe.predict(X), pipe[-1].predict(Xt))
    # a (sequence id, time) frame with y indexed by id
    frame = long_frame(X)
    y_by_id = pd.Series(y, index=[f"s{i}" for i in range(20)])
    pipe = make_pipeline(WindowAggregator(window=3), RNNClassifier(**small))
    pipe.fit(frame, y_by_id)
    np.testing.assert_array_equal(pipe.predict(frame),
                                  pipe[-1].predict(pipe[0].transform(frame)))
    # 2-D input with pandas output: the classifier reads the table as 2-D
    X2 = pd.DataFrame(rng.normal(size=(20, 9)), columns=[f"t{j}" for j in range(9)])
    pipe = make_pipeline(SequenceScaler(), WindowAggregator(window=3),
                         RNNClassifier(**small)).set_output(transform="pandas")
    pipe.fit(X2, y)
    table = pipe[:-1].transform(X2)
    assert isinstance(table, pd.DataFrame)
    assert list(table.columns) == ["t0_mean", "t3_mean", "t6_mean"]
    assert pipe[-1].n_features_in_ == 3  # a 2-D fit: 3 columns, read as 3 steps
    assert pipe.predict(X2).shape == (20,)


def test_clone_and_pickle(rng):
    X = long_frame(ragged(rng))
    for transformer in (WindowAggregator(window=2, statistics=ALL).fit(X),
                        SequenceDifferencer(order=2).fit(X)):
        restored = pickle.loads(pickle.dumps(transformer))
        assert list(restored.feature_names_in_) == ["c0", "c1"]
        pd.testing.assert_frame_equal(restored.transform(X), transformer.transform(X))
        copy = clone(transformer)
        assert copy.get_params() == transformer.get_params()
        assert not hasattr(copy, "n_features_in_")


# --- errors --------------------------------------------------------------------------

def test_window_larger_than_every_sequence(rng):
    X = ragged(rng)  # longest 7
    with pytest.raises(ValueError, match=re.escape(
            "window=8 is larger than every sequence: the longest sequence of X has 7 "
            "step(s)")):
        WindowAggregator(window=8).fit(X)
    with pytest.raises(ValueError, match=re.escape(
            "window=4 is larger than every sequence: X has 3 feature(s): a 2-D X holds "
            "univariate sequences")):
        WindowAggregator(window=4).fit(rng.normal(size=(5, 3)))
    # as long as the longest is fine, and shorter sequences at transform are one window
    agg = WindowAggregator(window=7).fit(X)
    assert [len(s) for s in agg.transform(X)] == [1, 1, 1, 1]


@pytest.mark.parametrize("params, match", [
    (dict(window=0), "The 'window' parameter of WindowAggregator must be an int in the "
                     "range [1, inf)"),
    (dict(window="auto"), "The 'window' parameter of WindowAggregator must be"),
    (dict(window=2.0), "The 'window' parameter of WindowAggregator must be"),
    (dict(statistics="median"), "The 'statistics' parameter of WindowAggregator must be"),
    (dict(statistics=3), "The 'statistics' parameter of WindowAggregator must be"),
])
def test_invalid_window_parameters(rng, params, match):
    with pytest.raises(InvalidParameterError, match=re.escape(match)):
        WindowAggregator(**params).fit(ragged(rng))


@pytest.mark.parametrize("statistics, match", [
    ((), "must be a non-empty list or tuple of names among ['mean', 'std', 'log_std', "
         "'min', 'max', 'last']; got ()."),
    (["mean", "median", 2], "got ['mean', 'median', 2], where ['median', 2] are not "
                            "among them."),
    (("max", "mean", "max"), "names ['max'] more than once"),
])
def test_invalid_statistics(rng, statistics, match):
    with pytest.raises(ValueError, match=re.escape(match)):
        WindowAggregator(window=2, statistics=statistics).fit(ragged(rng))
    # also when set after the fit
    agg = WindowAggregator(window=2).fit(ragged(rng)).set_params(statistics=statistics)
    with pytest.raises(ValueError, match=re.escape(match)):
        agg.transform(ragged(rng))


@pytest.mark.parametrize("params, match", [
    (dict(order=0), "The 'order' parameter of SequenceDifferencer must be an int in the "
                    "range [1, inf)"),
    (dict(order=1.5), "The 'order' parameter of SequenceDifferencer must be"),
    (dict(keep_original="yes"), "The 'keep_original' parameter of SequenceDifferencer "
                                "must be an instance of 'bool'"),
])
def test_invalid_differencer_parameters(rng, params, match):
    with pytest.raises(InvalidParameterError, match=re.escape(match)):
        SequenceDifferencer(**params).fit(ragged(rng))


@pytest.mark.parametrize("transformer", TRANSFORMERS, ids=repr)
def test_input_errors(rng, transformer):
    transformer = clone(transformer)
    with pytest.raises(NotFittedError, match="not fitted"):
        transformer.transform(ragged(rng))
    transformer.fit(ragged(rng))
    name = type(transformer).__name__
    with pytest.raises(ValueError, match=re.escape(
            f"X has 3 features, but {name} is expecting 2 features as input")):
        transformer.transform(ragged(rng, n_features=3))
    X = ragged(rng)
    X[2][4, 1] = np.nan
    with pytest.raises(ValueError, match=re.escape("Input X contains NaN at X[2][4, 1]")):
        transformer.transform(X)
    frame = long_frame(ragged(rng))
    transformer.fit(frame)
    with pytest.raises(ValueError, match="feature names should match"):
        transformer.transform(frame.rename(columns={"c0": "other"}))
    with pytest.raises(ValueError, match="Expected a 2-D or 3-D array of sequences"):
        transformer.fit(np.ones(5))
