"""Central finite differences in float64 against BPTT, for every cell form.

Covers {1, 2 layers} x {uni-, bidirectional} x {equal, unequal lengths in one batch}, the
gradients of every weight, bias and peephole, of ``h0``/``c0`` and of the inputs; plus the
learned initial state and the last-state output mode.
"""
import numpy as np
import pytest

from _cases import CELL_FORMS, EQUAL, FORM_IDS, UNEQUAL, make_problem
from _fd import numeric_gradient

TOL = 1e-6


def _loss_fn(p, return_sequences):
    net, rng = p["net"], np.random.default_rng(1)
    out, (h_n, c_n), _ = net.forward(p["params"], p["X"], p["lengths"], p["h0"], p["c0"],
                                     p["masks"], return_sequences)
    R_out = rng.normal(size=out.shape)
    R_h = rng.normal(size=h_n.shape)
    R_c = None if c_n is None else rng.normal(size=c_n.shape)

    def loss(params, X, h0, c0):
        out, (h_n, c_n), _ = net.forward(params, X, p["lengths"], h0, c0, p["masks"],
                                         return_sequences)
        value = np.sum(R_out * out) + np.sum(R_h * h_n)
        return value if c_n is None else value + np.sum(R_c * c_n)

    return loss, R_out, R_h, R_c


def _rel_err(analytic, numeric):
    scale = max(np.abs(numeric).max(), 1e-8)
    return np.abs(analytic - numeric).max() / scale


def _check(p, return_sequences=True):
    net, params = p["net"], p["params"]
    loss, R_out, R_h, R_c = _loss_fn(p, return_sequences)
    _, _, cache = net.forward(params, p["X"], p["lengths"], p["h0"], p["c0"], p["masks"],
                              return_sequences)
    grad, d_X, d_h0, d_c0 = net.backward(params, cache, R_out, R_h, R_c)
    args = dict(params=params, X=p["X"], h0=p["h0"], c0=p["c0"])

    def f():
        return loss(**args)

    errors = {}
    num_params = numeric_gradient(f, params)
    for name, g in net.views(grad).items():
        errors[name] = _rel_err(g, net.views(num_params)[name])
    for name, analytic in (("X", d_X), ("h0", d_h0), ("c0", d_c0)):
        if args[name] is not None:
            errors[name] = _rel_err(analytic, numeric_gradient(f, args[name]))
    worst = max(errors, key=errors.get)
    assert errors[worst] < TOL, f"{worst}: relative error {errors[worst]:.2e}"
    return errors


@pytest.mark.parametrize("lengths", [EQUAL, UNEQUAL], ids=["equal", "unequal"])
@pytest.mark.parametrize("bidirectional", [False, True], ids=["uni", "bi"])
@pytest.mark.parametrize("num_layers", [1, 2])
@pytest.mark.parametrize("form", CELL_FORMS, ids=FORM_IDS)
def test_gradients_match_finite_differences(form, num_layers, bidirectional, lengths):
    p = make_problem(form, num_layers, bidirectional, lengths, dropout=True)
    errors = _check(p)
    assert "X" in errors and "h0" in errors


@pytest.mark.parametrize("form", CELL_FORMS, ids=FORM_IDS)
def test_last_state_output_and_learned_initial_state(form):
    p = make_problem(form, 2, True, UNEQUAL, learn_init_state=True)
    p["h0"] = p["c0"] = None  # the learned states are used, and get gradients
    errors = _check(p, return_sequences=False)
    assert any(name.startswith("h0_l") for name in errors)


@pytest.mark.parametrize("lengths", [EQUAL, UNEQUAL], ids=["equal", "unequal"])
@pytest.mark.parametrize("bidirectional", [False, True], ids=["uni", "bi"])
@pytest.mark.parametrize("form", [f for f in CELL_FORMS if "lstm" in f[0]],
                         ids=["lstm", "peephole"])
def test_lstm_operand_modes_match_finite_differences(form, bidirectional, lengths, lstm_mode):
    p = make_problem(form, 2, bidirectional, lengths, dropout=True)
    _check(p)
