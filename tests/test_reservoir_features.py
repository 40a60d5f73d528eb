"""EchoStateEncoder's segment pooling: each sequence's states averaged over
``n_segments`` equal segments of its own steps, and the default "segments+max", the same
segments followed by each unit's maximum over the sequence. Checked against segments and
maxima written out by hand on unequal lengths, in both precisions, through every X
format."""
import warnings

import numpy as np
import pandas as pd
import pytest

from skrnn import EchoStateEncoder
from skrnn._network import init_reservoir, run_reservoir


def states_of(encoder, u):
    """All states x_1 .. x_T of one sequence u (T, D), float64, from the formula."""
    W_in, W, bias = (np.asarray(a, dtype=np.float64)
                     for a in (encoder.W_in_, encoder.W_, encoder.bias_))
    x = np.zeros(W.shape[0])
    out = []
    for u_t in np.asarray(u, dtype=np.float64):
        x = (1 - encoder.leak_rate) * x + encoder.leak_rate * np.tanh(
            W_in @ u_t + W @ x + bias)
        out.append(x)
    return np.array(out)


# The segments of 4, written out (0-based steps, stop exclusive), for the lengths below:
# 10 steps -> [0, 2) [2, 5) [5, 7) [7, 10); 8 -> two steps each; 6 -> [0, 1) [1, 3)
# [3, 4) [4, 6); 5 -> [0, 1) [1, 2) [2, 3) [3, 5); 3 (shorter than 4) -> steps 0, 0, 1,
# 2; 1 -> step 0 four times.
HAND_SEGMENTS = {10: [(0, 2), (2, 5), (5, 7), (7, 10)], 8: [(0, 2), (2, 4), (4, 6), (6, 8)],
                 6: [(0, 1), (1, 3), (3, 4), (4, 6)], 5: [(0, 1), (1, 2), (2, 3), (3, 5)],
                 3: [(0, 1), (0, 1), (1, 2), (2, 3)], 1: [(0, 1)] * 4}


@pytest.fixture
def sequences():
    rng = np.random.default_rng(7)
    return [rng.normal(size=(length, 2)) for length in (10, 3, 8, 1, 5)]


@pytest.mark.parametrize("dtype, tol", [("float64", 1e-12), ("float32", 2e-5)])
def test_segments_equal_the_hand_written_segment_means(sequences, dtype, tol):
    encoder = EchoStateEncoder(n_reservoir=7, pooling="segments", n_segments=4,
                               leak_rate=0.6, spectral_radius=1.1, random_state=0,
                               dtype=dtype)
    Z = encoder.fit_transform([s.astype(dtype) for s in sequences])
    assert encoder.n_components_ == 28
    assert Z.shape == (5, 28) and Z.dtype == np.dtype(dtype)
    for z, seq in zip(Z, sequences):
        states = states_of(encoder, seq)
        expected = np.concatenate([states[a:b].mean(axis=0)
                                   for a, b in HAND_SEGMENTS[len(seq)]])
        np.testing.assert_allclose(z, expected, rtol=tol, atol=tol)
    # the 1-step sequence repeats its only state, the 3-step one its first
    np.testing.assert_allclose(Z[3], np.tile(states_of(encoder, sequences[3])[0], 4),
                               rtol=tol, atol=tol)
    np.testing.assert_array_equal(Z[1, :7], Z[1, 7:14])


def test_washout_is_left_out_of_the_segments(sequences):
    encoder = EchoStateEncoder(n_reservoir=6, pooling="segments", n_segments=4, washout=2,
                               random_state=1, dtype="float64").fit(sequences)
    Z = encoder.transform(sequences)
    for z, seq in zip(Z, sequences):
        skip = min(2, len(seq) - 1)
        counted = states_of(encoder, seq)[skip:]  # 10 -> 8 counted, 8 -> 6, 3 -> 1
        expected = np.concatenate([counted[a:b].mean(axis=0)
                                   for a, b in HAND_SEGMENTS[len(counted)]])
        np.testing.assert_allclose(z, expected, rtol=1e-12, atol=1e-14)


def test_one_segment_is_the_mean_pooling(sequences):
    segments = EchoStateEncoder(n_reservoir=9, pooling="segments", n_segments=1,
                                random_state=0, dtype="float64").fit_transform(sequences)
    mean = EchoStateEncoder(n_reservoir=9, pooling="mean", random_state=0,
                            dtype="float64").fit_transform(sequences)
    np.testing.assert_array_equal(segments, mean)


def test_old_default_is_mean_pooling_of_all_states(sequences):
    """pooling="mean" keeps the behaviour the encoder had by default before segments."""
    encoder = EchoStateEncoder(n_reservoir=100, pooling="mean", random_state=0,
                               dtype="float64").fit(sequences)
    Z = encoder.transform(sequences)
    assert Z.shape == (5, 100) and encoder.n_components_ == 100
    for z, seq in zip(Z, sequences):
        np.testing.assert_allclose(z, states_of(encoder, seq).mean(axis=0), rtol=1e-12,
                                   atol=1e-14)


def test_more_segments_than_steps_in_the_whole_batch():
    X = np.arange(6.0).reshape(2, 3, 1)  # 3 steps, 7 segments
    encoder = EchoStateEncoder(n_reservoir=4, pooling="segments", n_segments=7,
                               random_state=0, dtype="float64").fit(X)
    Z = encoder.transform(X).reshape(2, 7, 4)
    for z, seq in zip(Z, X):
        states = states_of(encoder, seq)
        # segment k takes step floor(3 k / 7): 0 0 0 1 1 2 2
        np.testing.assert_allclose(z, states[[0, 0, 0, 1, 1, 2, 2]], rtol=1e-12)


def test_segments_of_a_ragged_dataframe_match_the_list(sequences):
    index = pd.MultiIndex.from_tuples(
        [(f"s{i}", t) for i, seq in enumerate(sequences) for t in range(len(seq))],
        names=["id", "time"])
    frame = pd.DataFrame(np.concatenate(sequences), index=index, columns=["a", "b"])
    frame = frame.iloc[np.random.default_rng(0).permutation(len(frame))]
    encoder = EchoStateEncoder(n_reservoir=5, random_state=3, dtype="float64")
    out = encoder.set_output(transform="pandas").fit_transform(frame)
    ids = list(pd.unique(frame.index.get_level_values(0)))
    assert list(out.index) == ids and out.shape == (5, 25)
    np.testing.assert_array_equal(out.columns, encoder.get_feature_names_out())
    assert len(encoder.get_feature_names_out()) == encoder.n_components_ == 25
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*feature names", category=UserWarning)
        listed = encoder.set_output(transform="default").transform(sequences)
    np.testing.assert_allclose(out.to_numpy(), listed[[int(i[1:]) for i in ids]],
                               rtol=1e-12, atol=1e-14)


def test_segments_are_deterministic_by_random_state(sequences):
    a = EchoStateEncoder(n_reservoir=8, random_state=5).fit_transform(sequences)
    b = EchoStateEncoder(n_reservoir=8, random_state=5).fit_transform(sequences)
    c = EchoStateEncoder(n_reservoir=8, random_state=6).fit_transform(sequences)
    np.testing.assert_array_equal(a, b)
    assert not np.allclose(a, c)


def test_runner_segments_block_order_and_errors():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(3, 9, 2))
    lengths = np.array([9, 4, 6], dtype=np.int64)
    W_in, W, bias = init_reservoir(2, 5, spectral_radius=0.9, sparsity=0.5,
                                   input_scaling=1.0, bias_scaling=0.5, random_state=0)
    both = run_reservoir(X, lengths, W_in, W, bias, leak_rate=1.0,
                         statistics=("last", "segments"), n_segments=3)
    assert both.shape == (3, 5 + 15)
    last = run_reservoir(X, lengths, W_in, W, bias, leak_rate=1.0, statistics=("last",))
    np.testing.assert_array_equal(both[:, :5], last)
    # the last segment of a 9-step sequence is steps 6..8; the 4-step one's, steps 2..3
    seg = both[:, 5:].reshape(3, 3, 5)
    one = run_reservoir(X[:1], lengths[:1], W_in, W, bias, leak_rate=1.0,
                        statistics=("segments",), n_segments=3)
    np.testing.assert_allclose(seg[0], one.reshape(3, 5), rtol=1e-13)
    with pytest.raises(ValueError, match="n_segments must be an integer >= 1"):
        run_reservoir(X, lengths, W_in, W, bias, leak_rate=1.0, statistics=("segments",),
                      n_segments=0)


@pytest.mark.parametrize("random_state", [0, 1, 2])
def test_default_reservoir_forgets_its_start(random_state):
    """spectral_radius=1 with the default input drive keeps the echo state property:
    three sequences that differ only in their first 50 of 250 steps end in one state."""
    rng = np.random.default_rng(random_state)
    tail = rng.normal(size=(200, 2))
    X = np.stack([np.concatenate([rng.normal(scale=3, size=(50, 2)), tail])
                  for _ in range(3)])
    encoder = EchoStateEncoder(pooling="last", random_state=random_state, dtype="float64")
    Z = encoder.fit_transform(X)
    assert encoder.spectral_radius == 1.0 and encoder.input_scaling == 2.0
    assert np.max(np.abs(Z - Z[0])) < 1e-8
    # cut before the shared tail, they are far apart
    cut = encoder.transform(X[:, :50])
    assert np.max(np.abs(cut - cut[0])) > 0.1


# --- the default: the segments, then each unit's maximum ----------------------------

@pytest.mark.parametrize("dtype, tol", [("float64", 1e-12), ("float32", 2e-5)])
def test_default_is_the_segments_then_each_units_maximum(sequences, dtype, tol):
    encoder = EchoStateEncoder(n_reservoir=7, leak_rate=0.6, spectral_radius=1.1,
                               random_state=0, dtype=dtype)
    Z = encoder.fit_transform([s.astype(dtype) for s in sequences])
    assert encoder.pooling == "segments+max" and encoder.n_segments == 4
    assert encoder.n_components_ == 35 and Z.shape == (5, 35)
    assert Z.dtype == np.dtype(dtype)
    for z, seq in zip(Z, sequences):  # lengths 10, 3, 8, 1, 5 in one batch
        states = states_of(encoder, seq)
        expected = np.concatenate([states[a:b].mean(axis=0)
                                   for a, b in HAND_SEGMENTS[len(seq)]]
                                  + [states.max(axis=0)])
        np.testing.assert_allclose(z, expected, rtol=tol, atol=tol)
    # the 1-step sequence: every block is its only state
    np.testing.assert_allclose(Z[3], np.tile(states_of(encoder, sequences[3])[0], 5),
                               rtol=tol, atol=tol)
    # the blocks are exactly those of pooling="segments" and pooling="max"
    segments = encoder.set_params(pooling="segments").transform(sequences)
    peak = encoder.set_params(pooling="max").transform(sequences)
    np.testing.assert_array_equal(Z, np.hstack([segments, peak]))


def test_washout_is_left_out_of_the_maximum_too(sequences):
    encoder = EchoStateEncoder(n_reservoir=6, washout=2, random_state=1,
                               dtype="float64").fit(sequences)
    Z = encoder.transform(sequences)
    for z, seq in zip(Z, sequences):
        counted = states_of(encoder, seq)[min(2, len(seq) - 1):]
        expected = np.concatenate([counted[a:b].mean(axis=0)
                                   for a, b in HAND_SEGMENTS[len(counted)]]
                                  + [counted.max(axis=0)])
        np.testing.assert_allclose(z, expected, rtol=1e-12, atol=1e-14)
    # a spike in the two washed-out steps does not reach the maximum
    spiked = sequences[0].copy()
    spiked[:2] = [[6.0, -6.0], [-6.0, 6.0]]
    states = states_of(encoder, spiked)
    peak = encoder.transform([spiked])[0, 24:]
    np.testing.assert_allclose(peak, states[2:].max(axis=0), rtol=1e-12, atol=1e-14)
    assert np.any(states.max(axis=0) > peak + 0.01)


def test_default_rows_do_not_depend_on_the_rest_of_the_batch(sequences):
    encoder = EchoStateEncoder(n_reservoir=8, random_state=2, dtype="float64")
    Z = encoder.fit_transform(sequences)
    for i, seq in enumerate(sequences):
        np.testing.assert_allclose(encoder.transform([seq])[0], Z[i], rtol=1e-12,
                                   atol=1e-14)


@pytest.mark.parametrize("pooling, n_segments, n_blocks", [
    ("segments+max", 4, 5), ("segments+max", 1, 2), ("segments+max", 6, 7),
    ("segments", 3, 3), ("concat", 4, 2), ("max", 4, 1)])
def test_feature_names_and_n_components_agree(sequences, pooling, n_segments, n_blocks):
    encoder = EchoStateEncoder(n_reservoir=3, pooling=pooling, n_segments=n_segments,
                               random_state=0).set_output(transform="pandas")
    out = encoder.fit_transform(sequences)
    assert encoder.n_components_ == 3 * n_blocks == out.shape[1]
    names = encoder.get_feature_names_out()
    assert list(names) == [f"echostateencoder{i}" for i in range(3 * n_blocks)]
    np.testing.assert_array_equal(out.columns, names)


def test_one_segment_and_the_maximum_is_the_mean_then_the_maximum(sequences):
    both = EchoStateEncoder(n_reservoir=9, n_segments=1, random_state=0,
                            dtype="float64").fit_transform(sequences)
    mean = EchoStateEncoder(n_reservoir=9, pooling="mean", random_state=0,
                            dtype="float64").fit_transform(sequences)
    peak = EchoStateEncoder(n_reservoir=9, pooling="max", random_state=0,
                            dtype="float64").fit_transform(sequences)
    np.testing.assert_array_equal(both, np.hstack([mean, peak]))
