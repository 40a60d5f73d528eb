"""skrnn.EchoStateEncoder, its runner in the network layer and its kernel: the recurrence
against a plain numpy loop, the random weights, chunks and threads, every X format,
scikit-learn integration and the errors."""
import io
import pickle
import re
import time
import warnings

import joblib
import numpy as np
import pandas as pd
import pytest
from sklearn import config_context
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.linear_model import LogisticRegression, RidgeClassifier
from sklearn.model_selection import GridSearchCV, StratifiedKFold
from sklearn.pipeline import make_pipeline
from sklearn.utils import estimator_checks
from sklearn.utils._param_validation import InvalidParameterError

import skrnn._network._reservoir
from skrnn import EchoStateEncoder
from skrnn._kernels import _reservoir
from skrnn._network import init_reservoir, run_reservoir
from skrnn._network._parallel import deal_by_length
from skrnn.datasets import load_italy_power_demand, load_japanese_vowels
from skrnn.preprocessing import SequenceScaler

POOLINGS = ["last", "mean", "max", "concat", "segments", "segments+max"]


# --- the reference: one sequence at a time, straight from the formula ----------------

def naive_states(u, W_in, W, bias, leak_rate):
    """States x_1 .. x_T of one sequence u of shape (T, D): (T, H), float64."""
    x = np.zeros(W.shape[0])
    states = []
    for u_t in u:
        x = (1 - leak_rate) * x + leak_rate * np.tanh(W_in @ u_t + W @ x + bias)
        states.append(x)
    return np.array(states)


def naive_segments(states, n_segments):
    """Mean of each of n_segments equal segments of states (m, H), concatenated: the
    first n_segments * m // n_segments boundaries, one step each when m < n_segments."""
    m = len(states)
    means = []
    for k in range(n_segments):
        start = min(k * m // n_segments, m - 1)
        stop = max(start + 1, (k + 1) * m // n_segments)
        means.append(states[start:stop].mean(axis=0))
    return np.concatenate(means)


def naive_pool(states, pooling, washout, n_segments=4):
    skip = min(washout, len(states) - 1)
    parts = {"last": states[-1], "mean": states[skip:].mean(axis=0),
             "max": states[skip:].max(axis=0),
             "segments": naive_segments(states[skip:], n_segments)}
    if pooling == "concat":
        return np.concatenate([parts["last"], parts["mean"]])
    if pooling == "segments+max":
        return np.concatenate([parts["segments"], parts["max"]])
    return parts[pooling]


def naive_encode(encoder, sequences):
    W_in, W, bias = (np.asarray(a, dtype=np.float64)
                     for a in (encoder.W_in_, encoder.W_, encoder.bias_))
    return np.array([naive_pool(naive_states(np.asarray(u, dtype=np.float64).reshape(
        len(u), -1), W_in, W, bias, encoder.leak_rate), encoder.pooling, encoder.washout,
        encoder.n_segments) for u in sequences])


@pytest.fixture
def rng():
    return np.random.default_rng(0)


def ragged(rng, lengths=(7, 1, 12, 3, 12, 5), n_features=3):
    return [rng.normal(size=(length, n_features)) for length in lengths]


def long_frame(sequences, shuffle_rng=None):
    """The (sequence id, time) DataFrame of ``sequences``, rows optionally shuffled."""
    index = pd.MultiIndex.from_tuples(
        [(f"s{i}", t) for i, seq in enumerate(sequences) for t in range(len(seq))],
        names=["id", "time"])
    columns = [f"c{j}" for j in range(sequences[0].shape[1])]
    frame = pd.DataFrame(np.concatenate(sequences), index=index, columns=columns)
    if shuffle_rng is not None:
        frame = frame.iloc[shuffle_rng.permutation(len(frame))]
    return frame


def encoder64(**params):
    return EchoStateEncoder(**{"n_reservoir": 9, "random_state": 0, "dtype": "float64",
                               **params})


# --- the kernel ----------------------------------------------------------------------

@pytest.mark.parametrize("leak_rate", [1.0, 0.3])
def test_kernel_matches_the_naive_loop_with_unequal_lengths(rng, leak_rate):
    sequences = ragged(rng)
    N, T, D, H = len(sequences), 12, 3, 9
    X = np.full((N, T, D), 1e3)  # padding must never be read
    for i, seq in enumerate(sequences):
        X[i, :len(seq)] = seq
    lengths = np.array([len(s) for s in sequences], dtype=np.int64)
    W_in, W, bias = rng.normal(size=(H, D)), rng.normal(size=(H, H)) / 3, rng.normal(size=H)
    washout = 2
    last, mean, peak = (np.empty((N, H)) for _ in range(3))
    segments = np.empty((N, 5, H))
    _reservoir.forward(X, lengths, W_in, W, bias, leak_rate, washout, last, mean, peak,
                       segments)
    for i, seq in enumerate(sequences):
        states = naive_states(seq, W_in, W, bias, leak_rate)
        np.testing.assert_allclose(last[i], naive_pool(states, "last", washout),
                                   rtol=1e-13, atol=1e-15)
        np.testing.assert_allclose(mean[i], naive_pool(states, "mean", washout),
                                   rtol=1e-13, atol=1e-15)
        np.testing.assert_allclose(peak[i], naive_pool(states, "max", washout),
                                   rtol=1e-13, atol=1e-15)
        np.testing.assert_allclose(segments[i].ravel(),
                                   naive_pool(states, "segments", washout, 5),
                                   rtol=1e-13, atol=1e-15)


def test_kernel_skips_statistics_given_no_rows(rng):
    sequences = ragged(rng)
    X = np.zeros((len(sequences), 12, 3))
    for i, seq in enumerate(sequences):
        X[i, :len(seq)] = seq
    lengths = np.array([len(s) for s in sequences], dtype=np.int64)
    W_in, W, bias = rng.normal(size=(4, 3)), rng.normal(size=(4, 4)) / 3, np.zeros(4)
    full, mean, peak = (np.empty((len(sequences), 4)) for _ in range(3))
    _reservoir.forward(X, lengths, W_in, W, bias, 0.5, 0, full, mean, peak,
                       np.empty((len(sequences), 3, 4)))
    last_only = np.empty_like(full)
    _reservoir.forward(X, lengths, W_in, W, bias, 0.5, 0, last_only, np.empty((0, 4)),
                       np.empty((0, 4)), np.empty((0, 3, 4)))
    np.testing.assert_array_equal(last_only, full)


@pytest.mark.parametrize("pooling", POOLINGS)
@pytest.mark.parametrize("washout", [0, 4])
def test_encoder_matches_the_naive_loop_for_each_pooling(rng, pooling, washout):
    sequences = ragged(rng)
    encoder = encoder64(pooling=pooling, washout=washout, leak_rate=0.6,
                        spectral_radius=1.1).fit(sequences)
    Z = encoder.transform(sequences)
    assert Z.shape == (len(sequences), encoder.n_components_)
    assert encoder.n_components_ == {"concat": 18, "segments": 36,
                                     "segments+max": 45}.get(pooling, 9)
    np.testing.assert_allclose(Z, naive_encode(encoder, sequences), rtol=1e-12,
                               atol=1e-14)


def test_washout_longer_than_a_sequence_keeps_its_last_step(rng):
    sequences = ragged(rng, lengths=(3, 1, 6))
    last = encoder64(pooling="last").fit_transform(sequences)
    mean = encoder64(pooling="mean", washout=10).fit_transform(sequences)
    peak = encoder64(pooling="max", washout=10).fit_transform(sequences)
    segments = encoder64(pooling="segments", washout=10).fit_transform(sequences)
    np.testing.assert_array_equal(mean, last)
    np.testing.assert_array_equal(peak, last)
    np.testing.assert_array_equal(segments, np.tile(last, 4))
    # below the length, the washout changes the mean
    assert not np.allclose(encoder64(pooling="mean", washout=2).fit_transform(
        sequences)[2], mean[2])


def test_leak_rate_one_is_the_plain_tanh_reservoir(rng):
    sequences = ragged(rng)
    encoder = encoder64(leak_rate=1.0, pooling="last").fit(sequences)
    for seq, z in zip(sequences, encoder.transform(sequences)):
        x = np.zeros(9)
        for u_t in seq:
            x = np.tanh(encoder.W_in_ @ u_t + encoder.W_ @ x + encoder.bias_)
        np.testing.assert_allclose(z, x, rtol=1e-13, atol=1e-15)


def test_states_stay_in_the_unit_box_even_when_unstable(rng):
    X = 50 * rng.normal(size=(4, 300, 2))
    for leak_rate in (1.0, 0.1):
        Z = encoder64(spectral_radius=3.0, input_scaling=5.0, leak_rate=leak_rate,
                      pooling="concat").fit_transform(X)
        assert np.all(np.isfinite(Z)) and np.all(np.abs(Z) <= 1.0)


def test_echo_state_property_the_start_of_a_long_sequence_is_forgotten(rng):
    tail = rng.normal(size=(200, 2))
    X = np.stack([np.concatenate([rng.normal(scale=3, size=(50, 2)), tail])
                  for _ in range(3)])
    for leak_rate in (1.0, 0.5):
        Z = encoder64(n_reservoir=50, spectral_radius=0.9, leak_rate=leak_rate,
                      pooling="last").fit_transform(X)
        assert np.max(np.abs(Z - Z[0])) < 1e-8
    # the same three sequences cut before the shared tail are far apart
    Z = encoder64(n_reservoir=50, pooling="last").fit_transform(X[:, :50])
    assert np.max(np.abs(Z - Z[0])) > 0.1


def test_float32_is_close_to_float64(rng):
    sequences = ragged(rng)
    Z32 = EchoStateEncoder(n_reservoir=30, random_state=0, pooling="concat").fit_transform(
        [s.astype(np.float32) for s in sequences])
    Z64 = EchoStateEncoder(n_reservoir=30, random_state=0, pooling="concat",
                           dtype="float64").fit_transform(sequences)
    assert Z32.dtype == np.float32 and Z64.dtype == np.float64
    np.testing.assert_allclose(Z32, Z64, atol=2e-5)


# --- the weights ---------------------------------------------------------------------

@pytest.mark.parametrize("n_reservoir, sparsity", [(50, 0.9), (100, 0.0), (20, 0.5),
                                                   (1, 0.9), (3, 0.99), (40, 0.99)])
@pytest.mark.parametrize("spectral_radius", [0.9, 1.25])
def test_spectral_radius_and_sparsity_are_as_requested(rng, n_reservoir, sparsity,
                                                       spectral_radius):
    encoder = encoder64(n_reservoir=n_reservoir, sparsity=sparsity,
                        spectral_radius=spectral_radius).fit(rng.normal(size=(3, 5, 2)))
    W = encoder.W_
    assert W.shape == (n_reservoir, n_reservoir)
    assert np.abs(np.linalg.eigvals(W)).max() == pytest.approx(spectral_radius, rel=1e-10)
    # exactly k nonzeros in every row, at least one
    k = max(1, round((1 - sparsity) * n_reservoir))
    np.testing.assert_array_equal(np.count_nonzero(W, axis=1), k)
    assert np.mean(W == 0) == pytest.approx(1 - k / n_reservoir)
    if k > 1 or (1 - sparsity) * n_reservoir >= 0.5:  # not raised to the 1 per row
        assert np.mean(W == 0) == pytest.approx(sparsity, abs=0.5 / n_reservoir + 1e-12)


def test_input_weights_and_biases_are_uniform_in_their_scale(rng):
    encoder = encoder64(n_reservoir=400, input_scaling=0.3, bias_scaling=2.0).fit(
        rng.normal(size=(3, 5, 4)))
    assert encoder.W_in_.shape == (400, 4) and encoder.bias_.shape == (400,)
    assert np.abs(encoder.W_in_).max() <= 0.3 and np.abs(encoder.W_in_).max() > 0.29
    assert np.abs(encoder.bias_).max() <= 2.0 and np.abs(encoder.bias_).max() > 1.9
    assert abs(encoder.W_in_.mean()) < 0.02 and abs(encoder.bias_.mean()) < 0.2
    no_bias = encoder64(bias_scaling=0.0).fit(rng.normal(size=(3, 5, 4)))
    np.testing.assert_array_equal(no_bias.bias_, 0.0)


def test_spectral_radius_zero_gives_a_memoryless_reservoir(rng):
    seqs = ragged(rng)
    encoder = encoder64(spectral_radius=0.0, pooling="last").fit(seqs)
    np.testing.assert_array_equal(encoder.W_, 0.0)
    Z = encoder.transform(seqs)
    expected = np.tanh(np.array([s[-1] for s in seqs]) @ encoder.W_in_.T + encoder.bias_)
    np.testing.assert_allclose(Z, expected, rtol=1e-13)


def test_same_seed_same_reservoir_other_seed_other_reservoir(rng):
    X = ragged(rng)
    a, b = encoder64(random_state=3).fit(X), encoder64(random_state=3).fit(X)
    for name in ("W_in_", "W_", "bias_"):
        np.testing.assert_array_equal(getattr(a, name), getattr(b, name))
    np.testing.assert_array_equal(a.transform(X), b.transform(X))
    c = encoder64(random_state=4).fit(X)
    assert not np.allclose(a.W_, c.W_) and not np.allclose(a.W_in_, c.W_in_)
    assert not np.allclose(a.transform(X), c.transform(X))
    # a RandomState instance is consumed: two fits draw two reservoirs
    shared = np.random.RandomState(0)
    encoder = encoder64(random_state=shared)
    first = encoder.fit(X).W_.copy()
    assert not np.array_equal(first, encoder.fit(X).W_)


def test_seed_fixes_the_reservoir_across_scalings_and_feature_counts(rng):
    base = encoder64(random_state=5, spectral_radius=0.9, input_scaling=1.0,
                     bias_scaling=0.5).fit(rng.normal(size=(2, 4, 3)))
    other = encoder64(random_state=5, spectral_radius=0.5, input_scaling=2.0,
                      bias_scaling=1.0).fit(rng.normal(size=(2, 4, 7)))
    np.testing.assert_allclose(other.W_, base.W_ * (0.5 / 0.9), rtol=1e-12)
    np.testing.assert_allclose(other.bias_, base.bias_ * (1.0 / 0.5), rtol=1e-12)
    np.testing.assert_allclose(other.W_in_[:, :3] / 2.0, base.W_in_, rtol=1e-12)


# --- X formats and batch composition -------------------------------------------------

def test_3d_list_and_dataframe_give_the_same_embeddings(rng):
    X3 = rng.normal(size=(5, 8, 2))
    encoder = encoder64(pooling="concat").fit(X3)
    Z = encoder.transform(X3)
    np.testing.assert_array_equal(encoder.transform(list(X3)), Z)
    frame = long_frame(list(X3), shuffle_rng=rng)
    encoder_df = encoder64(pooling="concat").fit(frame)
    np.testing.assert_array_equal(encoder_df.W_in_, encoder.W_in_)
    np.testing.assert_array_equal(encoder_df.transform(frame), Z[first_seen(frame)])


def first_seen(frame):
    """Positions of a long frame's sequences ("s0", "s1", ...) in the order skrnn
    reads them: first appearance of each id in the (shuffled) rows."""
    return [int(i[1:]) for i in pd.unique(frame.index.get_level_values(0))]


def test_ragged_list_dataframe_and_object_array_agree(rng):
    sequences = ragged(rng)
    encoder = encoder64(pooling="concat").fit(sequences)
    Z = encoder.transform(sequences)
    object_array = np.empty(len(sequences), dtype=object)
    for i, seq in enumerate(sequences):
        object_array[i] = seq
    np.testing.assert_array_equal(encoder.transform(object_array), Z)
    frame = long_frame(sequences, shuffle_rng=rng)
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*feature names", category=UserWarning)
        np.testing.assert_array_equal(encoder.transform(frame), Z[first_seen(frame)])


def test_each_row_is_independent_of_the_rest_of_the_batch(rng):
    sequences = ragged(rng, lengths=(9, 2, 30, 1, 17, 30, 4))
    encoder = encoder64(n_reservoir=20, pooling="concat").fit(sequences)
    Z = encoder.transform(sequences)
    for i, seq in enumerate(sequences):
        np.testing.assert_allclose(encoder.transform([seq])[0], Z[i], rtol=1e-12,
                                   atol=1e-14)
    order = rng.permutation(len(sequences))
    np.testing.assert_allclose(encoder.transform([sequences[i] for i in order]), Z[order],
                               rtol=1e-12, atol=1e-14)


def test_chunks_and_threads_give_the_same_result(rng, monkeypatch):
    sequences = ragged(rng, lengths=rng.integers(1, 40, size=150))
    encoder = encoder64(n_reservoir=16, pooling="concat").fit(sequences)
    Z = encoder.transform(sequences)
    np.testing.assert_allclose(encoder.set_params(n_jobs=2).transform(sequences), Z,
                               rtol=1e-12, atol=1e-14)
    monkeypatch.setattr(skrnn._network._reservoir, "CHUNK_ROWS", 7)
    np.testing.assert_allclose(encoder.transform(sequences), Z, rtol=1e-12, atol=1e-14)
    shards = skrnn._network._reservoir.shard_chunks(np.array([len(s) for s in sequences]),
                                                    2)
    rows = np.concatenate([rows for shard in shards for rows in shard])
    assert len(shards) == 2 and sorted(rows) == list(range(150))
    assert all(len(chunk) <= 7 for shard in shards for chunk in shard)


def padded(sequences, dtype):
    lengths = np.array([len(s) for s in sequences], dtype=np.int64)
    X = np.zeros((len(sequences), lengths.max(), sequences[0].shape[1]), dtype=dtype)
    for i, seq in enumerate(sequences):
        X[i, :len(seq)] = seq
    return X, lengths


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("statistics", [("last",), ("mean",), ("max",), ("last", "mean"),
                                        ("max", "mean", "last"), ("segments",),
                                        ("mean", "segments", "last")])
def test_runner_with_two_threads_equals_one_thread(rng, dtype, statistics):
    X, lengths = padded(ragged(rng, lengths=rng.integers(1, 40, size=150)), dtype)
    W_in, W, bias = (a.astype(dtype) for a in init_reservoir(
        3, 20, spectral_radius=0.9, sparsity=0.5, input_scaling=1.0, bias_scaling=0.5,
        random_state=0))
    kwargs = dict(leak_rate=0.5, washout=3, statistics=statistics, n_segments=3)
    one = run_reservoir(X, lengths, W_in, W, bias, n_threads=1, **kwargs)
    two = run_reservoir(X, lengths, W_in, W, bias, n_threads=2, **kwargs)
    widths = [60 if part == "segments" else 20 for part in statistics]
    assert one.shape == two.shape == (150, sum(widths))
    assert one.dtype == two.dtype == dtype
    # Not bit-equal in general: BLAS rounds a row of a GEMM differently with the number
    # of rows in the call, and two threads split the rows into smaller calls. Within a
    # few ulp, though:
    np.testing.assert_allclose(two, one, rtol=0, atol=8 * np.finfo(dtype).eps)
    # The threads themselves change nothing: two threads are bit-equal to the same two
    # shards run one after the other on one thread, and to themselves on a rerun.
    for rows in deal_by_length(lengths, 2):
        np.testing.assert_array_equal(
            run_reservoir(X[rows], lengths[rows], W_in, W, bias, n_threads=1, **kwargs),
            two[rows])
    np.testing.assert_array_equal(
        run_reservoir(X, lengths, W_in, W, bias, n_threads=2, **kwargs), two)
    # and one statistic's columns do not depend on which others were asked for
    starts = np.cumsum([0] + widths)
    for j, part in enumerate(statistics):
        alone = run_reservoir(X, lengths, W_in, W, bias, n_threads=1, leak_rate=0.5,
                              washout=3, statistics=(part,), n_segments=3)
        np.testing.assert_array_equal(one[:, starts[j]:starts[j + 1]], alone)


def test_runner_rejects_unknown_statistics_and_mixed_dtypes(rng):
    X, lengths = padded(ragged(rng), np.float64)
    W_in, W, bias = init_reservoir(3, 5, spectral_radius=0.9, sparsity=0.5,
                                   input_scaling=1.0, bias_scaling=0.5, random_state=0)
    with pytest.raises(ValueError, match="statistics must be"):
        run_reservoir(X, lengths, W_in, W, bias, leak_rate=1.0, statistics=("sum",))
    with pytest.raises(ValueError, match="statistics must be"):
        run_reservoir(X, lengths, W_in, W, bias, leak_rate=1.0, statistics=())
    with pytest.raises(ValueError, match="must have X's dtype float64"):
        run_reservoir(X, lengths, W_in.astype(np.float32), W, bias, leak_rate=1.0)


def test_encoder_weights_are_the_runners_draw_cast_to_dtype(rng):
    encoder = EchoStateEncoder(n_reservoir=12, sparsity=0.7, spectral_radius=1.1,
                               input_scaling=0.4, bias_scaling=2.0,
                               random_state=3).fit(ragged(rng))
    drawn = init_reservoir(3, 12, spectral_radius=1.1, sparsity=0.7, input_scaling=0.4,
                           bias_scaling=2.0, random_state=3)
    for name, array in zip(("W_in_", "W_", "bias_"), drawn):
        assert array.dtype == np.float64
        np.testing.assert_array_equal(getattr(encoder, name), array.astype(np.float32))


def test_fit_on_2d_is_fixed_length_univariate(rng):
    X2 = rng.normal(size=(6, 10))
    encoder = encoder64().fit(X2)
    assert encoder.n_features_in_ == 10 and encoder.n_timesteps_in_ == 10
    assert encoder.W_in_.shape == (9, 1)
    Z = encoder.transform(X2)
    np.testing.assert_array_equal(encoder.transform(X2[:, :, None]), Z)
    # univariate sequences of other lengths are accepted as sequences
    assert encoder.transform([rng.normal(size=4), rng.normal(size=13)]).shape == (2, 45)
    with pytest.raises(ValueError, match="X has 11 features, but EchoStateEncoder is "
                                         "expecting 10 features as input"):
        encoder.transform(rng.normal(size=(6, 11)))
    # a refit on sequences forgets the 2-D fit
    assert not hasattr(encoder.fit(rng.normal(size=(6, 10, 2))), "n_timesteps_in_")
    assert encoder.n_features_in_ == 2


# --- scikit-learn integration --------------------------------------------------------

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
@pytest.mark.parametrize("pooling", ["mean", "concat"])
def test_sklearn_checks_not_yielded_by_default(check, pooling):
    check = getattr(estimator_checks, check, None)
    if check is None:
        pytest.skip("this scikit-learn version has no such check")
    with warnings.catch_warnings():
        # These checks fit on a DataFrame and transform an array on purpose.
        warnings.filterwarnings("ignore", message=".*feature names", category=UserWarning)
        check("EchoStateEncoder", EchoStateEncoder(n_reservoir=8, pooling=pooling))


def test_set_output_pandas_columns_and_index(rng):
    sequences = ragged(rng)
    frame = long_frame(sequences)
    encoder = EchoStateEncoder(n_reservoir=5, pooling="concat", random_state=0)
    encoder.set_output(transform="pandas")
    out = encoder.fit_transform(frame)
    assert isinstance(out, pd.DataFrame)
    np.testing.assert_array_equal(out.columns, encoder.get_feature_names_out())
    assert list(out.columns[:2]) == ["echostateencoder0", "echostateencoder1"]
    assert len(out.columns) == 10
    # one row per sequence, indexed by sequence id
    assert list(out.index) == [f"s{i}" for i in range(len(sequences))]
    assert out.index.name == "id"
    np.testing.assert_array_equal(out.to_numpy(),
                                  encoder.set_output(transform="default").transform(frame))
    wide = pd.DataFrame(rng.normal(size=(4, 6)), index=list("abcd"))
    with config_context(transform_output="pandas"):
        out = EchoStateEncoder(n_reservoir=3, random_state=0).fit(wide).transform(wide)
    assert list(out.index) == list("abcd") and out.shape == (4, 15)
    assert isinstance(EchoStateEncoder(n_reservoir=3).fit_transform(list(sequences)),
                      np.ndarray)


def test_pipeline_set_output_pandas_indexes_by_sequence_id(rng):
    frame = long_frame(ragged(rng), shuffle_rng=rng)
    pipe = make_pipeline(SequenceScaler(), EchoStateEncoder(n_reservoir=4, random_state=0))
    out = pipe.set_output(transform="pandas").fit_transform(frame)
    assert isinstance(out, pd.DataFrame) and out.shape == (6, 20)
    assert list(out.index) == list(pd.unique(frame.index.get_level_values(0)))
    np.testing.assert_array_equal(out.columns, pipe.get_feature_names_out())


def test_get_feature_names_out_checks_input_features(rng):
    frame = long_frame(ragged(rng))
    encoder = EchoStateEncoder(n_reservoir=4, random_state=0).fit(frame)
    np.testing.assert_array_equal(encoder.feature_names_in_, ["c0", "c1", "c2"])
    assert list(encoder.get_feature_names_out(["c0", "c1", "c2"])) == [
        f"echostateencoder{i}" for i in range(20)]
    with pytest.raises(ValueError, match="input_features is not equal to"):
        encoder.get_feature_names_out(["a", "b", "c"])


def _split(load):
    X_train, y_train = load(split="train", return_X_y=True)
    X_test, y_test = load(split="test", return_X_y=True)
    return X_train, y_train, X_test, y_test


def test_pipeline_with_ridge_on_italy_power_demand():
    X_train, y_train, X_test, y_test = _split(load_italy_power_demand)
    esn = make_pipeline(SequenceScaler(), EchoStateEncoder(pooling="concat", random_state=0),
                        RidgeClassifier())
    # two classes: chance is .5, 1-NN DTW scores .950 on this split
    assert esn.fit(X_train, y_train).score(X_test, y_test) > 0.93


def test_pipeline_with_logistic_regression_on_ragged_japanese_vowels():
    X_train, y_train, X_test, y_test = _split(load_japanese_vowels)
    assert isinstance(X_train, list)  # unequal lengths
    esn = make_pipeline(SequenceScaler(), EchoStateEncoder(random_state=0),
                        LogisticRegression(max_iter=1000))
    # nine speakers: chance is .11, 1-NN DTW scores .949 on this split
    assert esn.fit(X_train, y_train).score(X_test, y_test) > 0.95


def test_grid_search_over_spectral_radius_and_leak_rate():
    X, y = load_japanese_vowels(split="train", return_X_y=True)
    X, y = X[::3], y[::3]  # 90 ragged sequences, 10 per speaker
    esn = make_pipeline(SequenceScaler(), EchoStateEncoder(n_reservoir=30, random_state=0),
                        RidgeClassifier())
    grid = {"echostateencoder__spectral_radius": [0.5, 1.0],
            "echostateencoder__leak_rate": [0.3, 1.0]}
    search = GridSearchCV(esn, grid, cv=StratifiedKFold(3, shuffle=True, random_state=0),
                          n_jobs=2).fit(X, y)
    assert len(search.cv_results_["params"]) == 4
    assert np.all(np.isfinite(search.cv_results_["mean_test_score"]))
    assert search.best_score_ > 0.6  # nine speakers (chance .11), 60 sequences per fit
    # the refitted best model is the pipeline with the best parameters, fitted on all X
    manual = clone(esn).set_params(**search.best_params_).fit(X, y)
    np.testing.assert_array_equal(search.predict(X), manual.predict(X))
    best = search.best_estimator_.named_steps["echostateencoder"]
    assert best.spectral_radius == search.best_params_["echostateencoder__spectral_radius"]
    assert np.abs(np.linalg.eigvals(best.W_.astype(np.float64))).max() == pytest.approx(
        best.spectral_radius, rel=1e-5)


def test_pickle_and_joblib_round_trips_are_bit_exact(rng):
    sequences = ragged(rng)
    for dtype in ("float32", "float64"):
        encoder = EchoStateEncoder(n_reservoir=12, pooling="concat", dtype=dtype,
                                   random_state=0).fit(sequences)
        Z = encoder.transform(sequences)
        restored = pickle.loads(pickle.dumps(encoder))
        np.testing.assert_array_equal(restored.transform(sequences), Z)
        buffer = io.BytesIO()
        joblib.dump(encoder, buffer)
        buffer.seek(0)
        np.testing.assert_array_equal(joblib.load(buffer).transform(sequences), Z)


def test_clone_keeps_parameters_and_output_config_not_the_fit(rng):
    encoder = EchoStateEncoder(n_reservoir=7, leak_rate=0.2, random_state=1)
    encoder.set_output(transform="pandas").fit(ragged(rng))
    copy = clone(encoder)
    assert copy.get_params() == encoder.get_params()
    assert not hasattr(copy, "W_")
    assert isinstance(copy.fit_transform(ragged(rng)), pd.DataFrame)


def test_fit_is_fast():
    X, _ = load_italy_power_demand(split="test", return_X_y=True)
    encoder = EchoStateEncoder(random_state=0)
    encoder.fit(X)  # warm numba's cache and BLAS
    start = time.perf_counter()
    encoder.fit(X)
    assert time.perf_counter() - start < 0.5


# --- errors --------------------------------------------------------------------------

@pytest.mark.parametrize("params, match", [
    ({"n_reservoir": 0}, "'n_reservoir' parameter of EchoStateEncoder must be an int in "
                         "the range [1, inf)"),
    ({"spectral_radius": -0.1}, "'spectral_radius' parameter"),
    ({"leak_rate": 0.0}, "'leak_rate' parameter of EchoStateEncoder must be a float in "
                         "the range (0.0, 1.0]"),
    ({"leak_rate": 1.5}, "'leak_rate' parameter"),
    ({"input_scaling": 0.0}, "'input_scaling' parameter"),
    ({"bias_scaling": -1.0}, "'bias_scaling' parameter"),
    ({"sparsity": 1.0}, "'sparsity' parameter of EchoStateEncoder must be a float in the "
                        "range [0.0, 1.0)"),
    ({"pooling": "sum"}, "'pooling' parameter of EchoStateEncoder must be a str among"),
    ({"n_segments": 0}, "'n_segments' parameter of EchoStateEncoder must be an int in "
                        "the range [1, inf)"),
    ({"n_segments": 2.5}, "'n_segments' parameter"),
    ({"washout": -1}, "'washout' parameter"),
    ({"dtype": "float16"}, "'dtype' parameter"),
    ({"n_jobs": 0}, "'n_jobs' parameter"),
])
def test_invalid_parameters_are_rejected_at_fit(rng, params, match):
    with pytest.raises(InvalidParameterError, match=re.escape(match)):
        EchoStateEncoder(**params).fit(ragged(rng))


def test_nan_is_an_error_naming_where_it_is(rng):
    sequences = ragged(rng)
    sequences[2][4, 1] = np.nan
    with pytest.raises(ValueError, match=re.escape("X[2][4, 1] (sequence 2, time step 4, "
                                                   "feature 1)")):
        EchoStateEncoder().fit(sequences)
    encoder = EchoStateEncoder(n_reservoir=4).fit(ragged(rng))
    with pytest.raises(ValueError, match="NaN"):
        encoder.transform(sequences)


@pytest.mark.parametrize("X, match", [
    (np.zeros(5), "Expected a 2-D or 3-D array of sequences, got a 1-D array"),
    (np.zeros((2, 3, 4, 5)), "Expected a 2-D or 3-D array of sequences, got a 4-D"),
    ([np.zeros((3, 2)), np.zeros((0, 2))], "X\\[1\\] has 0 time steps"),
])
def test_wrong_shapes(X, match):
    with pytest.raises(ValueError, match=match):
        EchoStateEncoder().fit(X)


def test_feature_count_and_names_must_match_the_fit(rng):
    encoder = EchoStateEncoder(n_reservoir=4).fit(ragged(rng, n_features=3))
    with pytest.raises(ValueError, match="X has 2 features, but EchoStateEncoder is "
                                         "expecting 3 features as input"):
        encoder.transform(ragged(rng, n_features=2))
    frame = long_frame(ragged(rng))
    encoder.fit(frame)
    with pytest.raises(ValueError, match="The feature names should match"):
        encoder.transform(frame.rename(columns={"c0": "other"}))


def test_unfitted():
    with pytest.raises(NotFittedError):
        EchoStateEncoder().transform(np.zeros((2, 3)))
    with pytest.raises(NotFittedError):
        EchoStateEncoder().get_feature_names_out()


def test_parameters_are_keyword_only():
    with pytest.raises(TypeError, match="positional"):
        EchoStateEncoder(50)
    assert EchoStateEncoder(n_reservoir=50).n_reservoir == 50
