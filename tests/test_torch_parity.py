"""Parity of skrnn's recurrent engine with PyTorch's ``nn.RNN`` / ``nn.LSTM`` / ``nn.GRU``.

PyTorch is only a test-time reference here (the ``parity`` extra); the whole module is
skipped when it is not installed.

For every cell with a PyTorch counterpart (RNN with tanh, RNN with relu, LSTM, GRU in its
PyTorch form), one or two layers, one or two directions, equal or unequal (unsorted)
lengths and both output modes, the test:

1. builds an ``RNNNetwork`` and the matching float32, ``batch_first`` torch module, and
   loads skrnn's named parameter views into the torch module with a strict
   ``load_state_dict`` (so the names, shapes and gate order must coincide);
2. feeds both the same ``X`` (with random garbage in the padding, which both must ignore),
   non-zero random ``h0`` (and ``c0``); unequal lengths go to torch through
   ``pack_padded_sequence(..., enforce_sorted=False)`` and come back through
   ``pad_packed_sequence(..., total_length=T)``;
3. compares the output, ``h_n`` and ``c_n``;
4. drives ``torch.autograd.backward`` with the same random upstream gradients of the
   output, ``h_n`` and ``c_n`` as ``RNNNetwork.backward`` and compares every parameter
   gradient by name, ``d_X`` on the valid steps (and checks that skrnn's ``d_X`` is exactly
   zero in the padding), ``d_h0`` and ``d_c0``.

Agreement means ``max |skrnn - torch| <= 1e-5 * max(1, max |torch|)`` per array. skrnn's
float32 kernels use a rational tanh approximation (relative error < 3.2e-7), so they cannot
match torch bit for bit; a float64 test checks that the remaining gap is only that
approximation (float64 kernels use the exact tanh and agree to 1e-12).
"""
import numpy as np
import pytest

torch = pytest.importorskip("torch")
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence  # noqa: E402

from skrnn._network import RNNNetwork  # noqa: E402

N, T, D, H = 5, 7, 3, 4
UNEQUAL_LENGTHS = np.array([7, 3, 5, 1, 6])  # unsorted on purpose, includes length 1
RTOL_F32 = 1e-5
RTOL_F64 = 1e-12

# name -> (skrnn cell, activation); gru is skrnn's gru_variant="pytorch"
CELLS = {
    "rnn_tanh": ("rnn", "tanh"),
    "rnn_relu": ("rnn", "relu"),
    "lstm": ("lstm", "tanh"),
    "gru": ("gru", "tanh"),
}
TORCH_DTYPES = {np.float32: torch.float32, np.float64: torch.float64}


# ---------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------

def relative_error(actual, expected):
    """``max |actual - expected| / max(1, max |expected|)`` (inf on a shape mismatch)."""
    actual = np.asarray(actual, dtype=np.float64)
    expected = np.asarray(expected, dtype=np.float64)
    if actual.shape != expected.shape:
        return np.inf
    if expected.size == 0:
        return 0.0
    scale = max(1.0, float(np.abs(expected).max()))
    err = float(np.abs(actual - expected).max())
    return err / scale if np.isfinite(err) else np.inf


def assert_close(actual, expected, what, rtol):
    actual, expected = np.asarray(actual), np.asarray(expected)
    assert actual.shape == expected.shape, f"{what}: shape {actual.shape} != {expected.shape}"
    rel = relative_error(actual, expected)
    assert rel <= rtol, f"{what}: relative error {rel:.3g} > {rtol:g}"


def make_torch_module(cell, activation, num_layers, bidirectional, dtype):
    kwargs = dict(input_size=D, hidden_size=H, num_layers=num_layers,
                  bidirectional=bidirectional, batch_first=True, dtype=TORCH_DTYPES[dtype])
    if cell == "rnn":
        return torch.nn.RNN(nonlinearity=activation, **kwargs)
    if cell == "lstm":
        return torch.nn.LSTM(**kwargs)
    if cell == "gru":
        return torch.nn.GRU(**kwargs)
    raise ValueError(cell)


def make_pair(cell_name, num_layers, bidirectional, dtype=np.float32, seed=0):
    """An RNNNetwork, its initial flat parameters, and a torch module holding the same."""
    cell, activation = CELLS[cell_name]
    net = RNNNetwork(cell, D, H, num_layers=num_layers, bidirectional=bidirectional,
                     activation=activation, gru_variant="pytorch", dtype=dtype)
    params = net.init_params(random_state=seed)
    assert params.dtype == np.dtype(dtype)
    torch.manual_seed(seed)
    module = make_torch_module(cell, activation, num_layers, bidirectional, dtype)
    state = {name: torch.from_numpy(np.array(view)) for name, view in net.views(params).items()}
    module.load_state_dict(state, strict=True)  # same names and shapes, nothing left over
    return net, params, module


def make_inputs(net, lengths, dtype, seed):
    """X (random garbage in the padding), h0, c0 (None for cells without a cell state)."""
    rng = np.random.default_rng(seed)
    n_states = net.num_layers * net.n_dirs
    X = rng.standard_normal((N, T, D)).astype(dtype)
    h0 = (0.5 * rng.standard_normal((n_states, N, H))).astype(dtype)
    c0 = (0.5 * rng.standard_normal((n_states, N, H))).astype(dtype) \
        if net.cell == "lstm" else None
    return X, h0, c0


def make_upstream(net, return_sequences, dtype, seed):
    """Random d_output, d_h_n, d_c_n."""
    rng = np.random.default_rng(seed + 1000)
    n_states = net.num_layers * net.n_dirs
    out_shape = (N, T, net.output_size) if return_sequences else (N, net.output_size)
    d_output = rng.standard_normal(out_shape).astype(dtype)
    d_h_n = rng.standard_normal((n_states, N, H)).astype(dtype)
    d_c_n = rng.standard_normal((n_states, N, H)).astype(dtype) if net.cell == "lstm" else None
    return d_output, d_h_n, d_c_n


def torch_forward(module, X, lengths, h0, c0, return_sequences):
    """Torch's output (same convention as skrnn's), h_n, c_n and the leaf inputs."""
    n_dirs = 2 if module.bidirectional else 1
    x = torch.tensor(X, requires_grad=True)
    h0_t = torch.tensor(h0, requires_grad=True)
    c0_t = None if c0 is None else torch.tensor(c0, requires_grad=True)
    hx = h0_t if c0_t is None else (h0_t, c0_t)
    if lengths is None:
        out, states = module(x, hx)
    else:
        packed = pack_padded_sequence(x, torch.as_tensor(lengths), batch_first=True,
                                      enforce_sorted=False)
        out_packed, states = module(packed, hx)
        out, _ = pad_packed_sequence(out_packed, batch_first=True, total_length=T)
    h_n, c_n = states if c0_t is not None else (states, None)
    if not return_sequences:
        # top layer's final states, [forward, reverse] concatenated per row
        out = torch.cat([h_n[h_n.shape[0] - n_dirs + d] for d in range(n_dirs)], dim=1)
    return out, h_n, c_n, (x, h0_t, c0_t)


def valid_steps(lengths):
    """(N, T) bool mask of the steps inside each row's length."""
    lengths = np.full(N, T) if lengths is None else np.asarray(lengths)
    return np.arange(T)[None, :] < lengths[:, None]


def parity_errors(cell_name, num_layers, bidirectional, lengths, return_sequences,
                  dtype=np.float32, seed=0, backward=True):
    """Run skrnn and torch on the same problem; relative error of every compared array.

    Also asserts shapes/dtypes and that skrnn's d_X is exactly zero in the padding.
    """
    net, params, module = make_pair(cell_name, num_layers, bidirectional, dtype, seed)
    X, h0, c0 = make_inputs(net, lengths, dtype, seed)

    output, (h_n, c_n), cache = net.forward(params, X, lengths=lengths, h0=h0, c0=c0,
                                            return_sequences=return_sequences)
    t_out, t_h_n, t_c_n, (x_t, h0_t, c0_t) = torch_forward(module, X, lengths, h0, c0,
                                                           return_sequences)
    assert output.dtype == np.dtype(dtype)
    errors = {"output": relative_error(output, t_out.detach().numpy()),
              "h_n": relative_error(h_n, t_h_n.detach().numpy())}
    if net.cell == "lstm":
        errors["c_n"] = relative_error(c_n, t_c_n.detach().numpy())
    else:
        assert c_n is None
    if return_sequences:
        # skrnn promises exact zeros past each row's length, like pad_packed_sequence
        assert np.all(output[~valid_steps(lengths)] == 0)
    if not backward:
        return errors

    d_output, d_h_n, d_c_n = make_upstream(net, return_sequences, dtype, seed)
    grad, d_X, d_h0, d_c0 = net.backward(params, cache, d_output, d_h_n=d_h_n, d_c_n=d_c_n)

    tensors, grads = [t_out, t_h_n], [torch.from_numpy(d_output), torch.from_numpy(d_h_n)]
    if t_c_n is not None:
        tensors.append(t_c_n)
        grads.append(torch.from_numpy(d_c_n))
    torch.autograd.backward(tensors, grads)

    G = net.views(grad)
    torch_params = dict(module.named_parameters())
    assert set(G) == set(torch_params)
    for name, p in torch_params.items():
        errors[f"grad {name}"] = relative_error(G[name], p.grad.numpy())

    valid = valid_steps(lengths)
    assert d_X.shape == (N, T, D)
    assert np.all(d_X[~valid] == 0), "skrnn's d_X is not exactly zero in the padding"
    errors["d_X"] = relative_error(d_X[valid], x_t.grad.numpy()[valid])
    errors["d_h0"] = relative_error(d_h0, h0_t.grad.numpy())
    if net.cell == "lstm":
        errors["d_c0"] = relative_error(d_c0, c0_t.grad.numpy())
    else:
        assert d_c0 is None
    return errors


def assert_all_within(errors, rtol):
    bad = {k: v for k, v in errors.items() if not v <= rtol}
    assert not bad, "relative errors above {:g}: {}".format(
        rtol, ", ".join(f"{k}={v:.3g}" for k, v in bad.items()))


# ---------------------------------------------------------------------------
# tests
# ---------------------------------------------------------------------------

LENGTHS = {"equal_lengths": None, "unequal_lengths": UNEQUAL_LENGTHS}

parametrize_network = pytest.mark.parametrize(
    "cell_name, num_layers, bidirectional",
    [(c, k, b) for c in CELLS for k in (1, 2) for b in (False, True)],
    ids=[f"{c}-{k}layer-{'bi' if b else 'uni'}"
         for c in CELLS for k in (1, 2) for b in (False, True)])
parametrize_lengths = pytest.mark.parametrize("lengths_name", list(LENGTHS))
parametrize_output = pytest.mark.parametrize(
    "return_sequences", [True, False], ids=["sequences", "last_state"])


@parametrize_network
@parametrize_lengths
@parametrize_output
def test_forward_matches_torch_float32(cell_name, num_layers, bidirectional, lengths_name,
                                       return_sequences):
    errors = parity_errors(cell_name, num_layers, bidirectional, LENGTHS[lengths_name],
                           return_sequences, backward=False)
    assert_all_within(errors, RTOL_F32)


@parametrize_network
@parametrize_lengths
@parametrize_output
def test_gradients_match_torch_float32(cell_name, num_layers, bidirectional, lengths_name,
                                       return_sequences):
    errors = parity_errors(cell_name, num_layers, bidirectional, LENGTHS[lengths_name],
                           return_sequences, backward=True)
    grad_errors = {k: v for k, v in errors.items() if k.startswith(("grad", "d_"))}
    assert len(grad_errors) >= 4 * num_layers * (2 if bidirectional else 1) + 2
    assert_all_within(grad_errors, RTOL_F32)


@pytest.mark.parametrize("return_sequences", [True, False], ids=["sequences", "last_state"])
def test_forward_matches_torch_float64_bidirectional_lstm(return_sequences):
    """In float64 (exact tanh) the only difference left is rounding: 1e-12."""
    errors = parity_errors("lstm", 2, True, UNEQUAL_LENGTHS, return_sequences,
                           dtype=np.float64, backward=False)
    assert_all_within(errors, RTOL_F64)


def test_gradients_match_torch_float64_bidirectional_lstm():
    errors = parity_errors("lstm", 2, True, UNEQUAL_LENGTHS, True, dtype=np.float64)
    assert_all_within(errors, RTOL_F64)


def test_load_state_dict_round_trip_names_shapes_and_values():
    """skrnn's views carry torch's names, shapes and values both ways (GRU, 2 layers, bi)."""
    net, params, module = make_pair("gru", 2, True)
    torch_state = module.state_dict()
    views = net.views(params)
    assert list(views) == list(torch_state)
    for name, tensor in torch_state.items():
        assert tuple(tensor.shape) == views[name].shape
        np.testing.assert_array_equal(tensor.numpy(), views[name])
    # the other way round: torch's own initialisation copied into a flat skrnn vector
    torch.manual_seed(1)
    fresh = make_torch_module("gru", "tanh", 2, True, np.float32)
    flat = np.zeros(net.n_params, dtype=np.float32)
    for name, view in net.views(flat).items():
        view[...] = fresh.state_dict()[name].numpy()
    X, h0, _ = make_inputs(net, None, np.float32, seed=3)
    output, (h_n, _), _ = net.forward(flat, X, h0=h0, return_sequences=True)
    t_out, t_h_n, _, _ = torch_forward(fresh, X, None, h0, None, True)
    assert_close(output, t_out.detach().numpy(), "output", RTOL_F32)
    assert_close(h_n, t_h_n.detach().numpy(), "h_n", RTOL_F32)


@pytest.mark.parametrize("lengths_name", list(LENGTHS))
@pytest.mark.parametrize("bidirectional", [False, True], ids=["uni", "bi"])
def test_lstm_operand_modes_match_torch_float32(bidirectional, lengths_name, lstm_mode):
    """The LSTM's concatenated [x, h, 1] and projected-input modes, forward and gradients."""
    errors = parity_errors("lstm", 2, bidirectional, LENGTHS[lengths_name], True,
                           backward=True)
    assert_all_within(errors, RTOL_F32)
