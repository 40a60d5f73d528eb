"""Network behaviour beyond the maths: layout, initialisation, chunked (truncated) BPTT."""
import numpy as np
import pytest

from _cases import CELL_FORMS, FORM_IDS, UNEQUAL, make_problem
from skrnn._network import RNNNetwork
from skrnn._network._network import _ChunkedCache
from skrnn._network._parallel import CHUNK_ROWS, INFERENCE_MAX_CHUNKS, chunk_rows


def test_parameter_names_and_shapes_follow_pytorch():
    net = RNNNetwork("lstm", input_size=5, hidden_size=7, num_layers=2, bidirectional=True)
    shapes = {k: v.shape for k, v in net.views(net.init_params(0)).items()}
    assert list(shapes) == [
        "weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0",
        "weight_ih_l0_reverse", "weight_hh_l0_reverse", "bias_ih_l0_reverse",
        "bias_hh_l0_reverse",
        "weight_ih_l1", "weight_hh_l1", "bias_ih_l1", "bias_hh_l1",
        "weight_ih_l1_reverse", "weight_hh_l1_reverse", "bias_ih_l1_reverse",
        "bias_hh_l1_reverse"]
    assert shapes["weight_ih_l0"] == (28, 5)
    assert shapes["weight_ih_l1"] == (28, 14)
    assert shapes["weight_hh_l1_reverse"] == (28, 7)
    assert net.n_params == sum(int(np.prod(s)) for s in shapes.values())


def test_peephole_and_learned_state_parameters():
    net = RNNNetwork("peephole_lstm", 2, 3, learn_init_state=True)
    names = list(net.views(net.init_params(0)))
    assert names[4:] == ["w_ci_l0", "w_cf_l0", "w_co_l0", "h0_l0", "c0_l0"]


def test_views_share_memory_with_the_flat_vector():
    net = RNNNetwork("gru", 2, 3)
    params = net.init_params(0)
    net.views(params)["bias_hh_l0"][:] = 5.0
    assert np.count_nonzero(params == 5.0) == 9


def test_uniform_init_matches_pytorch_bounds_and_is_seeded():
    net = RNNNetwork("lstm", 3, 16)
    p = net.init_params(0)
    assert np.abs(p).max() <= 1 / 4 and np.abs(p).max() > 0.9 / 4
    np.testing.assert_array_equal(p, net.init_params(0))
    assert not np.array_equal(p, net.init_params(1))


def test_orthogonal_init_gives_orthogonal_recurrent_blocks():
    net = RNNNetwork("gru", 3, 8, dtype=np.float64)
    W = net.views(net.init_params(0, scheme="orthogonal"))
    for block in np.split(W["weight_hh_l0"], 3):
        np.testing.assert_allclose(block @ block.T, np.eye(8), atol=1e-12)
    assert not W["bias_ih_l0"].any()


def test_glorot_init_bounds():
    net = RNNNetwork("lstm", 4, 8, dtype=np.float64)
    W = net.views(net.init_params(0, scheme="glorot"))
    assert np.abs(W["weight_ih_l0"]).max() <= np.sqrt(6 / (8 + 4))
    assert np.abs(W["weight_hh_l0"]).max() <= np.sqrt(6 / (8 + 8))


def test_forget_bias_and_identity_recurrent():
    W = RNNNetwork("lstm", 2, 3).views(RNNNetwork("lstm", 2, 3).init_params(0, forget_bias=1.0))
    np.testing.assert_array_equal(W["bias_ih_l0"][3:6], 1.0)
    np.testing.assert_array_equal(W["bias_hh_l0"][3:6], 0.0)
    net = RNNNetwork("rnn", 2, 4, activation="relu")
    W = net.views(net.init_params(0, identity_recurrent=True))
    np.testing.assert_array_equal(W["weight_hh_l0"], np.eye(4))
    assert not W["bias_hh_l0"].any() and W["weight_ih_l0"].any()


@pytest.mark.parametrize("cell", ["lstm", "gru", "rnn", "peephole_lstm"])
def test_chunked_forward_with_carried_state_equals_full_forward(cell):
    net = RNNNetwork(cell, 2, 4, num_layers=2, dtype=np.float64)
    params = net.init_params(0)
    X = np.random.default_rng(0).normal(size=(3, 10, 2))
    full, (h_full, c_full), _ = net.forward(params, X, return_sequences=True)
    first, (h, c), _ = net.forward(params, X[:, :6], return_sequences=True)
    second, (h2, c2), _ = net.forward(params, X[:, 6:], h0=h, c0=c, return_sequences=True)
    np.testing.assert_allclose(np.concatenate([first, second], axis=1), full, atol=1e-14)
    np.testing.assert_allclose(h2, h_full, atol=1e-14)


@pytest.mark.parametrize("cell", ["lstm", "gru"])
def test_backward_composes_exactly_across_a_chunk_boundary(cell):
    """Full BPTT = BPTT of chunk 2 + BPTT of chunk 1 fed chunk 2's d_h0/d_c0. Truncated
    BPTT is the first term alone: stopping at the boundary drops only the second."""
    net = RNNNetwork(cell, 2, 4, dtype=np.float64)
    params = net.init_params(0)
    rng = np.random.default_rng(1)
    X = rng.normal(size=(3, 9, 2))
    d_out = rng.normal(size=(3, 9, 4))
    _, _, cache = net.forward(params, X, return_sequences=True)
    g_full, dX_full, _, _ = net.backward(params, cache, d_out)

    _, (h, c), cache1 = net.forward(params, X[:, :5], return_sequences=True)
    _, _, cache2 = net.forward(params, X[:, 5:], h0=h, c0=c, return_sequences=True)
    g2, dX2, dh0, dc0 = net.backward(params, cache2, d_out[:, 5:])
    g1, dX1, _, _ = net.backward(params, cache1, d_out[:, :5], d_h_n=dh0, d_c_n=dc0)
    np.testing.assert_allclose(g1 + g2, g_full, atol=1e-12)
    np.testing.assert_allclose(np.concatenate([dX1, dX2], axis=1), dX_full, atol=1e-12)
    assert np.abs(g2 - g_full).max() > 1e-3  # truncation really drops something here


def test_float32_and_float64_paths_agree():
    p = make_problem(("lstm", "tanh", "pytorch"), 2, True, UNEQUAL, dtype=np.float64)
    net64, params = p["net"], p["params"]
    net32 = RNNNetwork("lstm", 2, 3, 2, True, dtype=np.float32)
    out64, _, _ = net64.forward(params, p["X"], p["lengths"], return_sequences=True)
    out32, _, _ = net32.forward(params.astype(np.float32), p["X"], p["lengths"],
                                return_sequences=True)
    assert out32.dtype == np.float32
    np.testing.assert_allclose(out32, out64, atol=2e-6)


def test_last_state_output_equals_last_valid_step_and_reverse_first_step():
    net = RNNNetwork("gru", 2, 3, bidirectional=True, dtype=np.float64)
    params = net.init_params(0)
    X = np.random.default_rng(0).normal(size=(3, 5, 2))
    lengths = np.array([2, 5, 4])
    seq, _, _ = net.forward(params, X, lengths, return_sequences=True)
    last, _, _ = net.forward(params, X, lengths)
    for n, L in enumerate(lengths):
        np.testing.assert_array_equal(last[n, :3], seq[n, L - 1, :3])
        np.testing.assert_array_equal(last[n, 3:], seq[n, 0, 3:])


@pytest.mark.parametrize("return_sequences", [False, True])
@pytest.mark.parametrize("cell", ["lstm", "gru"])
def test_chunked_passes_are_bitwise_the_same_for_every_thread_count(cell,
                                                                    return_sequences):
    """A batch is cut into chunks by its lengths alone, so 1, 2 and 3 threads give the
    same outputs and gradients bitwise; and the chunks agree with one serial pass
    (up to the order the gradient is summed in)."""
    rng = np.random.default_rng(0)
    N = 2 * CHUNK_ROWS + 5
    lengths = rng.integers(1, 9, size=N)
    X = rng.normal(size=(N, 8, 3))
    h0 = rng.normal(size=(4, N, 5))
    c0 = rng.normal(size=(4, N, 5)) if cell == "lstm" else None
    results = []
    for n_threads in (1, 2, 3):
        net = RNNNetwork(cell, 3, 5, num_layers=2, bidirectional=True, dtype=np.float64,
                         n_threads=n_threads)
        params = net.init_params(0)
        out, (h_n, c_n), cache = net.forward(params, X, lengths, h0, c0,
                                             return_sequences=return_sequences)
        assert isinstance(cache, _ChunkedCache) and len(cache.chunks) == 2
        d_out = np.random.default_rng(1).normal(size=out.shape)
        d_h = np.random.default_rng(2).normal(size=h_n.shape)
        results.append((out, h_n, c_n) + net.backward(params, cache, d_out, d_h))
    for one, two, three in zip(*results):
        if one is None:
            assert two is None and three is None
        else:
            np.testing.assert_array_equal(two, one)
            np.testing.assert_array_equal(three, one)
    serial_net = RNNNetwork(cell, 3, 5, num_layers=2, bidirectional=True, dtype=np.float64)
    params = serial_net.init_params(0)
    out, (h_n, c_n), cache = serial_net._forward(params, X, lengths, h0, c0, None,
                                                 return_sequences, True)
    d_out = np.random.default_rng(1).normal(size=out.shape)
    d_h = np.random.default_rng(2).normal(size=h_n.shape)
    serial = (out, h_n, c_n) + serial_net._backward(params, cache, d_out, d_h, None, True)
    for expected, chunked in zip(serial, results[0]):
        if expected is not None:
            np.testing.assert_allclose(chunked, expected, rtol=0, atol=1e-12)


@pytest.mark.parametrize("n_threads", [1, 2])
@pytest.mark.parametrize("form", CELL_FORMS, ids=FORM_IDS)
def test_inference_mode_gives_the_training_outputs(form, n_threads):
    """``training=False`` skips the caches but computes exactly the same thing."""
    cell, activation, variant = form
    net = RNNNetwork(cell, 3, 5, num_layers=2, bidirectional=True, activation=activation,
                     gru_variant=variant, n_threads=n_threads)
    params = net.init_params(0)
    rng = np.random.default_rng(0)
    N = 2 * CHUNK_ROWS + 3  # large enough to be cut into chunks
    X = rng.normal(size=(N, 6, 3))
    lengths = rng.integers(1, 7, size=N)
    for return_sequences in (False, True):
        train = net.forward(params, X, lengths, return_sequences=return_sequences)
        infer = net.forward(params, X, lengths, return_sequences=return_sequences,
                            training=False)
        assert infer[2] is None
        np.testing.assert_array_equal(infer[0], train[0])
        np.testing.assert_array_equal(infer[1][0], train[1][0])


def test_backward_without_input_gradient_gives_the_same_parameter_gradient():
    net = RNNNetwork("lstm", 3, 4, num_layers=2, dtype=np.float64)
    params = net.init_params(0)
    X = np.random.default_rng(0).normal(size=(5, 6, 3))
    out, _, cache = net.forward(params, X)
    full = net.backward(params, cache, np.ones_like(out))
    lean = net.backward(params, cache, np.ones_like(out), input_grad=False)
    assert lean[1] is None
    np.testing.assert_array_equal(lean[0], full[0])
    np.testing.assert_array_equal(lean[2], full[2])


def test_chunks_depend_on_lengths_only_and_balance_work():
    assert chunk_rows(np.full(2 * CHUNK_ROWS - 1, 5)) is None  # one chunk: no split
    assert len(chunk_rows(np.full(2 * CHUNK_ROWS, 5))) == 2
    assert len(chunk_rows(np.full(7 * CHUNK_ROWS, 5))) == 4  # a power of two
    assert chunk_rows(np.full(2 * CHUNK_ROWS - 1, 5), training=False) is None
    assert len(chunk_rows(np.full(8 * CHUNK_ROWS, 5), training=False)) == INFERENCE_MAX_CHUNKS
    lengths = np.random.default_rng(0).integers(1, 100, size=4 * CHUNK_ROWS)
    chunks = chunk_rows(lengths)
    assert sorted(np.concatenate(chunks)) == list(range(len(lengths)))
    assert all(np.all(np.diff(rows) > 0) for rows in chunks)  # ascending
    work = [lengths[rows].sum() for rows in chunks]
    assert max(work) - min(work) <= lengths.max()