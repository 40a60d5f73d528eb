"""skrnn.preprocessing.SequenceScaler: scikit-learn's checks, statistics over the real
steps only, the container round trip of every X format, and the errors."""
import pickle
import re
import warnings

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.linear_model import Ridge
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer, StandardScaler
from sklearn.utils import estimator_checks
from sklearn.utils._param_validation import InvalidParameterError
from sklearn.utils.estimator_checks import parametrize_with_checks

from skrnn._data import SequenceBatch, check_sequences
from skrnn.preprocessing import SequenceScaler


@pytest.fixture
def rng():
    return np.random.default_rng(0)


def ragged(rng, lengths=(5, 2, 7, 1), n_features=3, dtype=np.float64):
    """Sequences of unequal lengths whose channels have distinct means and scales."""
    loc, scale = np.array([5.0, -3.0, 0.5])[:n_features], np.array([2.0, 0.1, 7.0])[
        :n_features]
    return [(loc + scale * rng.normal(size=(length, n_features))).astype(dtype)
            for length in lengths]


def long_frame(sequences, ids=None, shuffle_rng=None, named=True):
    """The (sequence id, time) DataFrame holding ``sequences``, rows optionally shuffled.

    Its columns are "c0", "c1", ... if ``named``, else integers (no feature names)."""
    ids = [f"s{i}" for i in range(len(sequences))] if ids is None else ids
    index = pd.MultiIndex.from_tuples(
        [(seq_id, t) for seq_id, seq in zip(ids, sequences) for t in range(len(seq))],
        names=["id", "time"])
    n_features = sequences[0].shape[1]
    columns = [f"c{j}" for j in range(n_features)] if named else list(range(n_features))
    frame = pd.DataFrame(np.concatenate(sequences), index=index, columns=columns)
    if shuffle_rng is not None:
        frame = frame.iloc[shuffle_rng.permutation(len(frame))]
    return frame


# --- scikit-learn's estimator checks -------------------------------------------------

@parametrize_with_checks([SequenceScaler(), SequenceScaler(with_mean=False),
                          SequenceScaler(with_std=False)])
def test_sklearn_estimator_checks(estimator, check):
    check(estimator)


# Checks scikit-learn runs on its own estimators but parametrize_with_checks does not
# yield (1.9): parameter validation, feature names, set_output, read-only input.
EXTRA_CHECKS = ["check_param_validation", "check_dataframe_column_names_consistency",
                "check_transformer_get_feature_names_out",
                "check_transformer_get_feature_names_out_pandas",
                "check_set_output_transform", "check_set_output_transform_pandas",
                "check_global_output_transform_pandas",
                "check_set_output_transform_polars",
                "check_global_set_output_transform_polars",
                "check_inplace_ensure_writeable"]


@pytest.mark.parametrize("check", EXTRA_CHECKS)
@pytest.mark.parametrize("params", [{}, {"copy": False}])
def test_sklearn_checks_not_yielded_by_default(check, params):
    check = getattr(estimator_checks, check, None)
    if check is None:
        pytest.skip("this scikit-learn version has no such check")
    with warnings.catch_warnings():
        # These checks fit on a DataFrame and transform an array on purpose.
        warnings.filterwarnings("ignore", message=".*feature names", category=UserWarning)
        check("SequenceScaler", SequenceScaler(**params))


# --- statistics ----------------------------------------------------------------------

def test_statistics_are_over_the_real_steps_only(rng):
    X = ragged(rng)
    steps = np.concatenate(X)
    scaler = SequenceScaler().fit(X)
    np.testing.assert_allclose(scaler.mean_, steps.mean(axis=0), rtol=1e-13)
    np.testing.assert_allclose(scaler.var_, steps.var(axis=0), rtol=1e-12)
    np.testing.assert_allclose(scaler.scale_, steps.std(axis=0), rtol=1e-12)
    assert scaler.n_samples_seen_ == len(steps) == 15
    assert scaler.n_features_in_ == 3 and not hasattr(scaler, "n_timesteps_in_")
    assert scaler.mean_.dtype == scaler.var_.dtype == np.float64
    # The zero-padded rectangle would give other statistics: padding is not counted.
    padded = check_sequences(X, dtype=np.float64).X.reshape(-1, 3)
    assert not np.allclose(scaler.mean_, padded.mean(axis=0))
    # A long DataFrame of the same steps, rows shuffled, gives the same statistics.
    frame_scaler = SequenceScaler().fit(long_frame(X, shuffle_rng=rng))
    np.testing.assert_allclose(frame_scaler.mean_, scaler.mean_, rtol=1e-13)
    np.testing.assert_allclose(frame_scaler.var_, scaler.var_, rtol=1e-12)


def test_padding_values_never_count(rng):
    """A SequenceBatch says its padding may hold anything: it must be ignored."""
    X = ragged(rng, n_features=2)
    batch = check_sequences(X, dtype=np.float64)
    garbage = np.array(batch.X)
    garbage[~(np.arange(batch.max_length) < batch.lengths[:, None])] = 1e6
    scaler = SequenceScaler().fit(SequenceBatch(garbage, batch.lengths, input_kind="list"))
    np.testing.assert_allclose(scaler.mean_, np.concatenate(X).mean(axis=0), rtol=1e-13)
    np.testing.assert_allclose(scaler.var_, np.concatenate(X).var(axis=0), rtol=1e-12)
    assert scaler.n_samples_seen_ == batch.lengths.sum()


def test_each_channel_has_mean_0_and_std_1_over_all_steps(rng):
    Xt = np.concatenate(SequenceScaler().fit_transform(ragged(rng)))
    np.testing.assert_allclose(Xt.mean(axis=0), 0.0, atol=1e-14)
    np.testing.assert_allclose(Xt.std(axis=0), 1.0, rtol=1e-13)


def test_partial_fit_in_chunks_equals_fit_on_all(rng):
    X = ragged(rng, lengths=(5, 2, 7, 1, 3, 4, 6))
    whole = SequenceScaler().fit(X)
    # Chunks in three formats; statistics pool over steps, whatever the container.
    chunked = (SequenceScaler().partial_fit(X[:2]).partial_fit(X[2:3])
               .partial_fit(long_frame(X[3:6], named=False))
               .partial_fit(np.stack([X[6]])))
    np.testing.assert_allclose(chunked.mean_, whole.mean_, rtol=1e-13)
    np.testing.assert_allclose(chunked.var_, whole.var_, rtol=1e-12)
    np.testing.assert_allclose(chunked.scale_, whole.scale_, rtol=1e-12)
    assert chunked.n_samples_seen_ == whole.n_samples_seen_ == 28


def test_partial_fit_with_a_large_offset_keeps_precision(rng):
    """Pooling means and squared deviations does not lose the variance to cancellation."""
    X = [1e8 + rng.normal(size=(50, 2)) for _ in range(6)]
    scaler = SequenceScaler()
    for sequence in X:
        scaler.partial_fit([sequence])
    np.testing.assert_allclose(scaler.var_, np.concatenate(X).var(axis=0), rtol=1e-6)


def test_fit_on_2d_is_one_channel_over_all_values(rng):
    X = rng.normal(2.0, 3.0, size=(6, 4))
    scaler = SequenceScaler().fit(X)
    assert scaler.n_features_in_ == scaler.n_timesteps_in_ == 4
    assert scaler.mean_.shape == scaler.var_.shape == scaler.scale_.shape == (1,)
    np.testing.assert_allclose(scaler.mean_, [X.mean()], rtol=1e-13)
    np.testing.assert_allclose(scaler.var_, [X.var()], rtol=1e-12)
    assert scaler.n_samples_seen_ == X.size
    np.testing.assert_allclose(scaler.transform(X), (X - X.mean()) / X.std(), rtol=1e-12)
    # Unlike StandardScaler, which scales each column (time step) on its own.
    assert not np.allclose(scaler.transform(X), StandardScaler().fit_transform(X))
    # Univariate sequences of any length are accepted afterwards.
    sequences = [rng.normal(size=7), rng.normal(size=(2, 1))]
    out = scaler.transform(sequences)
    np.testing.assert_allclose(out[0], (sequences[0] - X.mean()) / X.std(), rtol=1e-12)
    assert out[0].shape == (7,) and out[1].shape == (2, 1)


def test_refit_forgets_the_previous_fit(rng):
    scaler = SequenceScaler().fit(rng.normal(size=(3, 4)))
    scaler.fit(rng.normal(size=(3, 4, 2)))
    assert not hasattr(scaler, "n_timesteps_in_") and scaler.n_features_in_ == 2
    assert scaler.n_samples_seen_ == 12


def test_constant_channel_is_centred_not_divided_by_zero(rng):
    X = rng.normal(size=(4, 6, 2))
    X[..., 1] = 0.1  # not exactly representable: its computed variance may be ~1e-34
    scaler = SequenceScaler().fit(X)
    assert scaler.scale_[1] == 1.0 and scaler.scale_[0] != 1.0
    Xt = scaler.transform(X)
    assert np.all(np.isfinite(Xt)) and np.abs(Xt[..., 1]).max() < 1e-15


@pytest.mark.parametrize("with_mean, with_std", [(False, True), (True, False),
                                                 (False, False)])
def test_with_mean_and_with_std(rng, with_mean, with_std):
    X = ragged(rng)
    steps = np.concatenate(X)
    scaler = SequenceScaler(with_mean=with_mean, with_std=with_std).fit(X)
    expected = steps
    if with_mean:
        expected = expected - steps.mean(axis=0)
    if with_std:
        expected = expected / steps.std(axis=0)
        np.testing.assert_allclose(scaler.var_, steps.var(axis=0), rtol=1e-12)
    else:
        assert scaler.var_ is None and scaler.scale_ is None
    if with_mean or with_std:
        np.testing.assert_allclose(scaler.mean_, steps.mean(axis=0), rtol=1e-13)
    else:
        assert scaler.mean_ is None
    assert scaler.n_samples_seen_ == len(steps)
    np.testing.assert_allclose(np.concatenate(scaler.transform(X)), expected, rtol=1e-12)
    back = np.concatenate(scaler.inverse_transform(scaler.transform(X)))
    np.testing.assert_allclose(back, steps, rtol=1e-12, atol=1e-12)


# --- containers ----------------------------------------------------------------------

def assert_round_trip(scaler, X, Xt):
    back = scaler.inverse_transform(Xt)
    assert type(back) is type(Xt) is type(X)
    if isinstance(X, (pd.DataFrame, pd.Series)):
        pd.testing.assert_index_equal(Xt.index, X.index)
        pd.testing.assert_index_equal(back.index, X.index)
        if isinstance(X, pd.DataFrame):
            pd.testing.assert_index_equal(Xt.columns, X.columns)
            pd.testing.assert_index_equal(back.columns, X.columns)
        np.testing.assert_allclose(back.to_numpy(), X.to_numpy(), rtol=1e-12, atol=1e-12)
    elif isinstance(X, np.ndarray) and X.dtype != object:
        assert Xt.shape == back.shape == X.shape
        np.testing.assert_allclose(back, X, rtol=1e-12, atol=1e-12)
    else:
        assert len(Xt) == len(back) == len(X)
        for original, transformed, restored in zip(X, Xt, back):
            assert transformed.shape == restored.shape == np.shape(original)
            np.testing.assert_allclose(restored, original, rtol=1e-12, atol=1e-12)


def test_round_trip_3d(rng):
    X = 4.0 + 3.0 * rng.normal(size=(5, 6, 3))
    scaler = SequenceScaler().fit(X)
    Xt = scaler.transform(X)
    assert Xt.dtype == np.float64
    steps = X.reshape(-1, 3)
    np.testing.assert_allclose(Xt, (X - steps.mean(axis=0)) / steps.std(axis=0),
                               rtol=1e-12)
    assert_round_trip(scaler, X, Xt)


def test_round_trip_2d(rng):
    X = 4.0 + 3.0 * rng.normal(size=(5, 6))
    scaler = SequenceScaler().fit(X)
    assert_round_trip(scaler, X, scaler.transform(X))


@pytest.mark.parametrize("container", [list, tuple, "object array"])
def test_round_trip_list_keeps_lengths_and_shapes(rng, container):
    X = ragged(rng) + [rng.normal(size=(3, 3))]
    if container == "object array":
        X_in = np.empty(len(X), dtype=object)
        for i, sequence in enumerate(X):
            X_in[i] = sequence
    else:
        X_in = container(X)
    scaler = SequenceScaler().fit(X_in)
    Xt = scaler.transform(X_in)
    assert [len(s) for s in Xt] == [5, 2, 7, 1, 3]
    assert_round_trip(scaler, X_in, Xt)
    for original, transformed in zip(X, Xt):  # the input is not modified
        assert not np.allclose(original, transformed)


def test_round_trip_list_of_univariate_1d_sequences(rng):
    X = [rng.normal(size=length) for length in (4, 1, 6)]
    scaler = SequenceScaler().fit(X)
    Xt = scaler.transform(X)
    assert [s.shape for s in Xt] == [(4,), (1,), (6,)]
    assert_round_trip(scaler, X, Xt)


def test_round_trip_long_dataframe_keeps_index_order_and_columns(rng):
    X = ragged(rng)
    frame = long_frame(X, ids=["d", "a", "c", "b"], shuffle_rng=rng)
    scaler = SequenceScaler().fit(frame)
    Xt = scaler.transform(frame)
    assert list(scaler.get_feature_names_out()) == ["c0", "c1", "c2"]
    steps = np.concatenate(X)
    expected = (frame.to_numpy() - steps.mean(axis=0)) / steps.std(axis=0)
    np.testing.assert_allclose(Xt.to_numpy(), expected, rtol=1e-12)  # row by row
    assert all(dtype == np.float64 for dtype in Xt.dtypes)
    assert_round_trip(scaler, frame, Xt)


def test_round_trip_series_with_multiindex(rng):
    series = long_frame(ragged(rng, n_features=1), shuffle_rng=rng)["c0"]
    scaler = SequenceScaler().fit(series)
    Xt = scaler.transform(series)
    assert Xt.name == "c0"
    assert_round_trip(scaler, series, Xt)


def test_sequence_batch_in_gives_sequence_batch_out(rng):
    X = ragged(rng)
    batch = check_sequences(X, dtype=np.float64)
    scaler = SequenceScaler().fit(X)
    out = scaler.transform(batch)
    assert isinstance(out, SequenceBatch) and out.input_kind == "list"
    np.testing.assert_array_equal(out.lengths, batch.lengths)
    for row, sequence, length in zip(out.X, scaler.transform(X), batch.lengths):
        np.testing.assert_array_equal(row[:length], sequence)
        assert not row[length:].any()


@pytest.mark.parametrize("make", [
    lambda X: X,
    lambda X: list(X),
    lambda X: X[:, :, 0],
    lambda X: long_frame(list(X)),
])
def test_float32_is_preserved_and_other_input_gives_float64(rng, make):
    X = rng.normal(size=(3, 4, 1))
    for dtype, expected in [(np.float32, np.float32), (np.float64, np.float64),
                            (np.int64, np.float64)]:
        X_in = make((10 * X).astype(dtype))
        scaler = SequenceScaler().fit(X_in)
        assert scaler.mean_.dtype == np.float64
        for out in (scaler.transform(X_in),
                    scaler.inverse_transform(scaler.transform(X_in))):
            dtypes = (out.dtypes if isinstance(out, pd.DataFrame)
                      else [s.dtype for s in out] if isinstance(out, list)
                      else [out.dtype])
            assert all(d == expected for d in dtypes)


def test_float32_input_is_computed_in_float64(rng):
    X = rng.normal(1000.0, 0.01, size=(50, 20, 1)).astype(np.float32)
    scaler = SequenceScaler().fit(X)
    exact = (X.astype(np.float64) - scaler.mean_) / scaler.scale_
    np.testing.assert_array_equal(scaler.transform(X), exact.astype(np.float32))


def test_copy_false_works_in_place_on_float_arrays_only(rng):
    X = rng.normal(size=(3, 4, 2))
    scaler = SequenceScaler(copy=False).fit(X)
    expected = SequenceScaler().fit(X).transform(X)
    Xt = scaler.transform(X)
    assert Xt is X
    np.testing.assert_allclose(X, expected, rtol=1e-14)
    assert scaler.inverse_transform(Xt, copy=True) is not Xt
    # float32, 2-D: in place too.
    X32 = rng.normal(size=(3, 4)).astype(np.float32)
    assert SequenceScaler(copy=False).fit(X32).transform(X32) is X32
    # Read-only, integer and list input are copied, never modified.
    readonly = rng.normal(size=(3, 4, 2))
    readonly.setflags(write=False)
    kept = readonly.copy()
    assert scaler.transform(readonly) is not readonly
    np.testing.assert_array_equal(readonly, kept)
    ints = np.arange(24).reshape(3, 4, 2)
    assert scaler.transform(ints).dtype == np.float64
    np.testing.assert_array_equal(ints, np.arange(24).reshape(3, 4, 2))
    sequences = ragged(rng, n_features=2)
    kept = [s.copy() for s in sequences]
    scaler.transform(sequences)
    for sequence, original in zip(sequences, kept):
        np.testing.assert_array_equal(sequence, original)
    # copy=True in the call overrides copy=False.
    X = rng.normal(size=(3, 4, 2))
    assert scaler.transform(X, copy=True) is not X


def test_set_output_pandas_wraps_2d_output_only(rng):
    X2 = pd.DataFrame(rng.normal(size=(4, 3)), columns=["t0", "t1", "t2"],
                      index=list("wxyz"))
    scaler = SequenceScaler().set_output(transform="pandas").fit(X2)
    out = scaler.transform(X2)
    assert isinstance(out, pd.DataFrame) and list(out.columns) == ["t0", "t1", "t2"]
    pd.testing.assert_index_equal(out.index, X2.index)
    assert isinstance(scaler.inverse_transform(out.to_numpy()), np.ndarray)
    # Fitted on sequences: 3-D and list output keep their containers.
    X = ragged(rng)
    scaler = SequenceScaler().set_output(transform="pandas").fit(X)
    assert isinstance(scaler.transform(X), list)
    assert isinstance(scaler.transform(np.stack([s[:1] for s in X])), np.ndarray)
    frame = long_frame(X, named=False)
    pd.testing.assert_index_equal(scaler.transform(frame).columns, frame.columns)
    with pytest.raises(ValueError, match="must be one of"):
        SequenceScaler().set_output(transform="arrow")


def test_get_feature_names_out(rng):
    assert list(SequenceScaler().fit(rng.normal(size=(2, 3, 2)))
                .get_feature_names_out()) == ["x0", "x1"]
    # After a 2-D fit the names are the columns (time steps of the one channel).
    assert list(SequenceScaler().fit(rng.normal(size=(2, 3)))
                .get_feature_names_out()) == ["x0", "x1", "x2"]
    assert list(SequenceScaler().fit(long_frame(ragged(rng)))
                .get_feature_names_out(["c0", "c1", "c2"])) == ["c0", "c1", "c2"]


# --- composition -------------------------------------------------------------------

def flatten(X):
    return np.asarray(X).reshape(len(X), -1)


def test_pipeline_before_function_transformer_and_estimator(rng):
    X = 5.0 + 2.0 * rng.normal(size=(30, 4, 2))
    y = X[:, -1, 0] - X[:, 0, 1]
    pipe = make_pipeline(SequenceScaler(), FunctionTransformer(flatten), Ridge(alpha=1e-3))
    pipe.fit(X, y)
    scaler = SequenceScaler().fit(X)
    ridge = Ridge(alpha=1e-3).fit(flatten(scaler.transform(X)), y)
    np.testing.assert_allclose(pipe.predict(X), ridge.predict(flatten(scaler.transform(X))),
                               rtol=1e-12)
    # On 2-D data, directly before a scikit-learn estimator.
    X2 = X[:, :, 0]
    pipe2 = make_pipeline(SequenceScaler(), Ridge(alpha=1e-3)).fit(X2, y)
    Xs = (X2 - X2.mean()) / X2.std()
    np.testing.assert_allclose(pipe2.predict(X2), Ridge(alpha=1e-3).fit(Xs, y).predict(Xs),
                               rtol=1e-12)
    pipe2.set_output(transform="pandas")  # every step needs set_output for this
    assert isinstance(pipe2[:-1].transform(X2), pd.DataFrame)


def test_clone_keeps_parameters_and_output_config_not_the_fit(rng):
    scaler = SequenceScaler(with_mean=False, copy=False).set_output(transform="pandas")
    scaler.fit(rng.normal(size=(2, 3, 2)))
    copy = clone(scaler)
    assert copy.get_params() == scaler.get_params()
    assert not hasattr(copy, "mean_")
    assert isinstance(copy.fit_transform(rng.normal(size=(3, 2))), pd.DataFrame)


def test_pickle_round_trip_is_bit_exact(rng):
    X = ragged(rng)
    frame = long_frame(X)
    scaler = SequenceScaler().fit(frame)
    restored = pickle.loads(pickle.dumps(scaler))
    for name in ("mean_", "var_", "scale_", "feature_names_in_"):
        np.testing.assert_array_equal(getattr(restored, name), getattr(scaler, name))
    assert restored.n_samples_seen_ == scaler.n_samples_seen_
    assert (restored.transform(frame).to_numpy().tobytes()
            == scaler.transform(frame).to_numpy().tobytes())
    # A 2-D fit too.
    X2 = rng.normal(size=(4, 5))
    scaler = SequenceScaler().fit(X2)
    restored = pickle.loads(pickle.dumps(scaler))
    assert restored.n_timesteps_in_ == 5
    assert restored.transform(X2).tobytes() == scaler.transform(X2).tobytes()


# --- errors --------------------------------------------------------------------------

def test_feature_count_mismatch_at_transform(rng):
    scaler = SequenceScaler().fit(rng.normal(size=(3, 4, 2)))
    with pytest.raises(ValueError, match=re.escape(
            "X has 3 features, but SequenceScaler is expecting 2 features as input")):
        scaler.transform(rng.normal(size=(3, 4, 3)))
    with pytest.raises(ValueError, match="X has 1 features, but SequenceScaler is "
                                         "expecting 2 features"):
        scaler.inverse_transform([rng.normal(size=5)])
    with pytest.raises(ValueError, match="X is 2-D, which is read as univariate"):
        scaler.transform(rng.normal(size=(3, 4)))
    with pytest.raises(ValueError, match="X has 3 features, but SequenceScaler is "
                                         "expecting 2 features"):
        scaler.partial_fit(rng.normal(size=(3, 4, 3)))


def test_feature_count_mismatch_after_2d_fit(rng):
    scaler = SequenceScaler().fit(rng.normal(size=(3, 4)))
    with pytest.raises(ValueError, match="X has 5 features, but SequenceScaler is "
                                         "expecting 4 features as input"):
        scaler.transform(rng.normal(size=(3, 5)))
    with pytest.raises(ValueError, match="each time step of X must hold 1 feature"):
        scaler.transform(rng.normal(size=(3, 4, 2)))


def test_feature_names_must_match(rng):
    frame = long_frame(ragged(rng))
    scaler = SequenceScaler().fit(frame)
    with pytest.raises(ValueError, match="feature names should match"):
        scaler.transform(frame.rename(columns={"c0": "other"}))


@pytest.mark.parametrize("value, what", [(np.nan, "NaN"), (np.inf, "infinity")])
def test_nan_and_infinity_are_errors(rng, value, what):
    X = ragged(rng)
    X[1][1, 2] = value
    message = re.escape(f"Input X contains {what} at X[1][1, 2]")
    with pytest.raises(ValueError, match=message):
        SequenceScaler().fit(X)
    scaler = SequenceScaler().fit(ragged(rng))
    with pytest.raises(ValueError, match=message):
        scaler.transform(X)
    with pytest.raises(ValueError, match=message):
        scaler.inverse_transform(X)


@pytest.mark.parametrize("X, match", [
    (np.ones(5), "Expected a 2-D or 3-D array of sequences, got a 1-D array"),
    (np.ones((2, 3, 4, 5)), "Expected a 2-D or 3-D array of sequences, got a 4-D"),
    (np.ones((0, 3, 2)), "0 sample"),
])
def test_wrong_shapes(X, match):
    with pytest.raises(ValueError, match=match):
        SequenceScaler().fit(X)
    scaler = SequenceScaler().fit(np.ones((2, 3, 2)))
    with pytest.raises(ValueError, match=match):
        scaler.transform(X)


def test_invalid_parameters_are_rejected_at_fit(rng):
    with pytest.raises(InvalidParameterError, match="'with_mean' parameter"):
        SequenceScaler(with_mean="yes").fit(rng.normal(size=(2, 3, 1)))


def test_unfitted():
    for method in ("transform", "inverse_transform", "get_feature_names_out"):
        with pytest.raises(NotFittedError, match="not fitted"):
            getattr(SequenceScaler(), method)(np.ones((2, 3)))


def test_the_public_module_exports_the_sequence_transformers():
    import skrnn.preprocessing as preprocessing
    from skrnn.preprocessing import SequenceDifferencer, WindowAggregator
    assert sorted(preprocessing.__all__) == ["SequenceDifferencer", "SequenceScaler",
                                             "WindowAggregator"]
    assert WindowAggregator.__module__.startswith("skrnn.")
    assert SequenceDifferencer.__module__.startswith("skrnn.")
