"""Every cell form, through the network, against the plain numpy reference ``naive.py``."""
import numpy as np
import pytest

import naive
from _cases import CELL_FORMS, EQUAL, FORM_IDS, UNEQUAL, make_problem


@pytest.mark.parametrize("lengths", [EQUAL, UNEQUAL], ids=["equal", "unequal"])
@pytest.mark.parametrize("bidirectional", [False, True], ids=["uni", "bi"])
@pytest.mark.parametrize("num_layers", [1, 2])
@pytest.mark.parametrize("form", CELL_FORMS, ids=FORM_IDS)
def test_forward_and_backward_match_naive(form, num_layers, bidirectional, lengths):
    cell, activation, variant = form
    p = make_problem(form, num_layers, bidirectional, lengths, dropout=True)
    net, params, rng = p["net"], p["params"], p["rng"]
    out, (h_n, c_n), cache = net.forward(params, p["X"], p["lengths"], p["h0"], p["c0"],
                                         p["masks"], return_sequences=True)
    kw = dict(num_layers=num_layers, bidirectional=bidirectional, activation=activation,
              gru_variant=variant, h0=p["h0"], c0=p["c0"], dropout_masks=p["masks"])
    weights = {k: v.copy() for k, v in net.views(params).items()}
    ref = naive.forward(cell, weights, p["X"], p["lengths"], **kw)
    np.testing.assert_allclose(out, ref["output"], rtol=0, atol=1e-12)
    np.testing.assert_allclose(h_n, ref["h_n"], rtol=0, atol=1e-12)
    if c_n is not None:
        np.testing.assert_allclose(c_n, ref["c_n"], rtol=0, atol=1e-12)

    d_out = rng.normal(size=out.shape)
    d_h = rng.normal(size=h_n.shape)
    d_c = None if c_n is None else rng.normal(size=c_n.shape)
    grad, d_X, d_h0, d_c0 = net.backward(params, cache, d_out, d_h, d_c)
    ref = naive.backward(cell, weights, p["X"], p["lengths"], d_out, d_h, d_c, **kw)
    for name, g in net.views(grad).items():
        np.testing.assert_allclose(g, ref["weights"][name], rtol=0, atol=1e-11, err_msg=name)
    np.testing.assert_allclose(d_X, ref["X"], rtol=0, atol=1e-11)
    np.testing.assert_allclose(d_h0, ref["h0"], rtol=0, atol=1e-11)
    if d_c0 is not None:
        np.testing.assert_allclose(d_c0, ref["c0"], rtol=0, atol=1e-11)


@pytest.mark.parametrize("form", CELL_FORMS, ids=FORM_IDS)
def test_padding_is_never_read(form):
    """Outputs and gradients are zero past each row's length, whatever the padding holds."""
    p = make_problem(form, 2, True, UNEQUAL)
    net, params = p["net"], p["params"]
    out, _, cache = net.forward(params, p["X"], p["lengths"], return_sequences=True)
    X2 = p["X"].copy()
    for n, L in enumerate(p["lengths"]):
        X2[n, L:] = np.nan
    out2, _, _ = net.forward(params, X2, p["lengths"], return_sequences=True)
    np.testing.assert_array_equal(out, out2)
    d_out = np.ones_like(out)
    _, d_X, _, _ = net.backward(params, cache, d_out)
    for n, L in enumerate(p["lengths"]):
        assert not out[n, L:].any() and not d_X[n, L:].any()


LSTM_FORMS = [f for f in CELL_FORMS if "lstm" in f[0]]


@pytest.mark.parametrize("lengths", [EQUAL, UNEQUAL], ids=["equal", "unequal"])
@pytest.mark.parametrize("bidirectional", [False, True], ids=["uni", "bi"])
@pytest.mark.parametrize("form", LSTM_FORMS, ids=["lstm", "peephole"])
def test_lstm_operand_modes_match_naive(form, bidirectional, lengths, lstm_mode):
    """Both the concatenated [x, h, 1] and the projected-input modes, 2 layers."""
    test_forward_and_backward_match_naive(form, 2, bidirectional, lengths)
