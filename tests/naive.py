"""Naive plain-numpy reference for recurrent network forward and backward passes.

This module is the slow, deliberately simple reference that the numba kernels
of skrnn are tested against.  Everything is written as explicit Python loops:
over the rows of the batch, then over layers and directions, then over time
steps, with per-step vector arithmetic.  Speed is irrelevant here; each piece
should be easy to check by eye against the equations below.

Cells (PyTorch gate order, sigma = logistic sigmoid)::

    Wx = weight_ih @ x + bias_ih        Wh = weight_hh @ h_prev + bias_hh

    rnn            h = act(Wx + Wh)                         act = tanh | relu
    lstm           i, f, g, o = sigma, sigma, tanh, sigma of blocks of Wx + Wh
                   c = f * c_prev + i * g;  h = o * tanh(c)
    peephole_lstm  as lstm, but i and f also get w_ci * c_prev, w_cf * c_prev
                   and o gets w_co * c (the NEW cell state)
    gru (pytorch)  r, z = sigma(Wx_r + Wh_r), sigma(Wx_z + Wh_z)
                   n = tanh(Wx_n + r * Wh_n);  h = (1 - z) * n + z * h_prev
    gru (cho)      r, z as above
                   n = tanh(Wx_n + weight_hh_n @ (r * h_prev) + bias_hh_n)
                   h = (1 - z) * n + z * h_prev

Network conventions follow PyTorch with packed (variable length) sequences:
``X`` is padded batch-major (N, T, D) and only ``X[n, :lengths[n]]`` is used.
The reverse direction of row n starts at that row's own last valid step.
Layer k > 0 reads the concatenated outputs of layer k - 1, multiplied by
``dropout_masks[k - 1]`` when masks are given.  Initial / final states are
indexed ``k * num_dirs + d`` (d = 0 forward, d = 1 reverse).

Public functions: :func:`forward` and :func:`backward`.  ``backward`` returns
the gradient of ``sum(d_output * output) + sum(d_h_n * h_n) + sum(d_c_n * c_n)``.
"""

import numpy as np

__all__ = ["forward", "backward"]

GATES = {"rnn": 1, "lstm": 4, "peephole_lstm": 4, "gru": 3}
LSTM_KINDS = ("lstm", "peephole_lstm")


# ---------------------------------------------------------------------------
# small maths helpers
# ---------------------------------------------------------------------------

def sigmoid(a):
    return 1.0 / (1.0 + np.exp(-a))


def relu(a):
    return np.maximum(a, 0.0)


def act_forward(a, activation):
    if activation == "tanh":
        return np.tanh(a)
    if activation == "relu":
        return relu(a)
    raise ValueError(f"unknown activation {activation!r}")


def act_derivative(a, activation):
    """Derivative of the activation with respect to its pre-activation ``a``."""
    if activation == "tanh":
        t = np.tanh(a)
        return 1.0 - t * t
    if activation == "relu":
        return (a > 0).astype(np.float64)  # derivative at exactly 0 is taken as 0
    raise ValueError(f"unknown activation {activation!r}")


# ---------------------------------------------------------------------------
# parameter bookkeeping
# ---------------------------------------------------------------------------

def param_names(cell, layer, direction):
    """Map short local names to the PyTorch-style weight keys of one layer/direction."""
    s = "_reverse" if direction == 1 else ""
    names = {
        "W_ih": f"weight_ih_l{layer}{s}",
        "W_hh": f"weight_hh_l{layer}{s}",
        "b_ih": f"bias_ih_l{layer}{s}",
        "b_hh": f"bias_hh_l{layer}{s}",
    }
    if cell == "peephole_lstm":
        names["w_ci"] = f"w_ci_l{layer}{s}"
        names["w_cf"] = f"w_cf_l{layer}{s}"
        names["w_co"] = f"w_co_l{layer}{s}"
    return names


def get_params(weights, cell, layer, direction):
    names = param_names(cell, layer, direction)
    return {short: np.asarray(weights[key], dtype=np.float64) for short, key in names.items()}


def zero_grads(params):
    return {short: np.zeros_like(value) for short, value in params.items()}


def split_blocks(v, G):
    """Split a vector of length G*H into a list of G blocks of length H."""
    H = v.shape[0] // G
    return [v[j * H:(j + 1) * H] for j in range(G)]


def add_linear_grads(g, p, da_ih, x, da_hh, h_prev):
    """Backprop through  a_ih = W_ih @ x + b_ih  and  a_hh = W_hh @ h_prev + b_hh.

    Accumulates the parameter gradients into ``g`` and returns (dx, dh_prev).
    """
    g["W_ih"] += np.outer(da_ih, x)
    g["b_ih"] += da_ih
    g["W_hh"] += np.outer(da_hh, h_prev)
    g["b_hh"] += da_hh
    dx = p["W_ih"].T @ da_ih
    dh_prev = p["W_hh"].T @ da_hh
    return dx, dh_prev


# ---------------------------------------------------------------------------
# single-step cells: forward returns (h, c, cache); backward returns
# (dx, dh_prev, dc_prev) and accumulates parameter gradients into ``g``.
# ``c`` / ``dc`` are None for cells without a cell state.
# ---------------------------------------------------------------------------

def rnn_step_forward(p, x, h_prev, activation):
    a = p["W_ih"] @ x + p["b_ih"] + p["W_hh"] @ h_prev + p["b_hh"]
    h = act_forward(a, activation)
    cache = dict(x=x, h_prev=h_prev, a=a)
    return h, None, cache


def rnn_step_backward(p, g, cache, dh, activation):
    da = dh * act_derivative(cache["a"], activation)
    dx, dh_prev = add_linear_grads(g, p, da, cache["x"], da, cache["h_prev"])
    return dx, dh_prev


def lstm_step_forward(p, x, h_prev, c_prev, peephole):
    pre = p["W_ih"] @ x + p["b_ih"] + p["W_hh"] @ h_prev + p["b_hh"]
    a_i, a_f, a_g, a_o = split_blocks(pre, 4)
    if peephole:
        a_i = a_i + p["w_ci"] * c_prev
        a_f = a_f + p["w_cf"] * c_prev
    i = sigmoid(a_i)
    f = sigmoid(a_f)
    gg = np.tanh(a_g)
    c = f * c_prev + i * gg
    if peephole:
        a_o = a_o + p["w_co"] * c  # output gate peeks at the NEW cell state
    o = sigmoid(a_o)
    tc = np.tanh(c)
    h = o * tc
    cache = dict(x=x, h_prev=h_prev, c_prev=c_prev, i=i, f=f, g=gg, o=o, c=c, tc=tc)
    return h, c, cache


def lstm_step_backward(p, g, cache, dh, dc, peephole):
    i, f, gg, o = cache["i"], cache["f"], cache["g"], cache["o"]
    c, tc, c_prev = cache["c"], cache["tc"], cache["c_prev"]

    # h = o * tanh(c)
    do = dh * tc
    da_o = do * o * (1.0 - o)
    dc_total = dc + dh * o * (1.0 - tc * tc)
    if peephole:
        # a_o contains w_co * c
        dc_total = dc_total + da_o * p["w_co"]
        g["w_co"] += da_o * c

    # c = f * c_prev + i * g
    di = dc_total * gg
    df = dc_total * c_prev
    dg = dc_total * i
    dc_prev = dc_total * f

    da_i = di * i * (1.0 - i)
    da_f = df * f * (1.0 - f)
    da_g = dg * (1.0 - gg * gg)

    if peephole:
        # a_i contains w_ci * c_prev, a_f contains w_cf * c_prev
        dc_prev = dc_prev + da_i * p["w_ci"] + da_f * p["w_cf"]
        g["w_ci"] += da_i * c_prev
        g["w_cf"] += da_f * c_prev

    da = np.concatenate([da_i, da_f, da_g, da_o])
    dx, dh_prev = add_linear_grads(g, p, da, cache["x"], da, cache["h_prev"])
    return dx, dh_prev, dc_prev


def gru_step_forward(p, x, h_prev, variant):
    H = h_prev.shape[0]
    wx = p["W_ih"] @ x + p["b_ih"]
    wx_r, wx_z, wx_n = split_blocks(wx, 3)
    W_hh, b_hh = p["W_hh"], p["b_hh"]
    # the r and z blocks are the same for both variants
    wh_r = W_hh[0:H] @ h_prev + b_hh[0:H]
    wh_z = W_hh[H:2 * H] @ h_prev + b_hh[H:2 * H]
    r = sigmoid(wx_r + wh_r)
    z = sigmoid(wx_z + wh_z)
    if variant == "pytorch":
        wh_n = W_hh[2 * H:3 * H] @ h_prev + b_hh[2 * H:3 * H]
        n = np.tanh(wx_n + r * wh_n)
    elif variant == "cho":
        wh_n = W_hh[2 * H:3 * H] @ (r * h_prev) + b_hh[2 * H:3 * H]
        n = np.tanh(wx_n + wh_n)
    else:
        raise ValueError(f"unknown gru_variant {variant!r}")
    h = (1.0 - z) * n + z * h_prev
    cache = dict(x=x, h_prev=h_prev, r=r, z=z, n=n, wh_n=wh_n)
    return h, None, cache


def gru_step_backward(p, g, cache, dh, variant):
    x, h_prev = cache["x"], cache["h_prev"]
    r, z, n, wh_n = cache["r"], cache["z"], cache["n"], cache["wh_n"]
    H = h_prev.shape[0]
    W_hh = p["W_hh"]

    # h = (1 - z) * n + z * h_prev
    dn = dh * (1.0 - z)
    dz = dh * (h_prev - n)
    dh_prev = dh * z

    da_n = dn * (1.0 - n * n)  # gradient w.r.t. the argument of tanh
    da_z = dz * z * (1.0 - z)

    if variant == "pytorch":
        # n = tanh(wx_n + r * wh_n), wh_n = W_hn @ h_prev + b_hn
        dr = da_n * wh_n
        da_r = dr * r * (1.0 - r)
        da_ih = np.concatenate([da_r, da_z, da_n])
        da_hh = np.concatenate([da_r, da_z, da_n * r])
        dx, dh_lin = add_linear_grads(g, p, da_ih, x, da_hh, h_prev)
        dh_prev = dh_prev + dh_lin
    else:
        # n = tanh(wx_n + W_hn @ (r * h_prev) + b_hn)
        rh = r * h_prev
        d_rh = W_hh[2 * H:3 * H].T @ da_n
        dr = d_rh * h_prev
        dh_prev = dh_prev + d_rh * r
        da_r = dr * r * (1.0 - r)

        da_ih = np.concatenate([da_r, da_z, da_n])
        g["W_ih"] += np.outer(da_ih, x)
        g["b_ih"] += da_ih
        dx = p["W_ih"].T @ da_ih

        g["W_hh"][0:H] += np.outer(da_r, h_prev)
        g["W_hh"][H:2 * H] += np.outer(da_z, h_prev)
        g["W_hh"][2 * H:3 * H] += np.outer(da_n, rh)
        g["b_hh"] += np.concatenate([da_r, da_z, da_n])
        dh_prev = dh_prev + W_hh[0:H].T @ da_r + W_hh[H:2 * H].T @ da_z
    return dx, dh_prev


class Cell:
    """Dispatches one time step of the chosen cell, forward and backward."""

    def __init__(self, cell, activation="tanh", gru_variant="pytorch"):
        if cell not in GATES:
            raise ValueError(f"unknown cell {cell!r}")
        if cell == "rnn" and activation not in ("tanh", "relu"):
            raise ValueError(f"unknown activation {activation!r}")
        if cell == "gru" and gru_variant not in ("pytorch", "cho"):
            raise ValueError(f"unknown gru_variant {gru_variant!r}")
        self.cell = cell
        self.activation = activation
        self.gru_variant = gru_variant
        self.has_c = cell in LSTM_KINDS

    def step_forward(self, p, x, h_prev, c_prev):
        if self.cell == "rnn":
            return rnn_step_forward(p, x, h_prev, self.activation)
        if self.has_c:
            return lstm_step_forward(p, x, h_prev, c_prev, self.cell == "peephole_lstm")
        return gru_step_forward(p, x, h_prev, self.gru_variant)

    def step_backward(self, p, g, cache, dh, dc):
        if self.cell == "rnn":
            dx, dh_prev = rnn_step_backward(p, g, cache, dh, self.activation)
            return dx, dh_prev, None
        if self.has_c:
            return lstm_step_backward(p, g, cache, dh, dc, self.cell == "peephole_lstm")
        dx, dh_prev = gru_step_backward(p, g, cache, dh, self.gru_variant)
        return dx, dh_prev, None


# ---------------------------------------------------------------------------
# one layer, one direction, one sequence (a single batch row)
# ---------------------------------------------------------------------------

def time_order(L, reverse):
    """Time steps in processing order for a sequence of length L."""
    return list(range(L - 1, -1, -1)) if reverse else list(range(L))


def direction_forward(cell, p, xs, h0, c0, reverse):
    """Run one direction over xs (L, D).

    Returns (outs (L, H), h_last, c_last, caches) where outs[t] is the state
    after processing step t and caches[t] is the cache of step t.
    """
    L = xs.shape[0]
    H = h0.shape[0]
    outs = np.zeros((L, H))
    caches = [None] * L
    h, c = h0, c0
    for t in time_order(L, reverse):
        h, c, caches[t] = cell.step_forward(p, xs[t], h, c)
        outs[t] = h
    return outs, h, c, caches


def direction_backward(cell, p, g, caches, d_outs, dh_last, dc_last, reverse, D):
    """Backprop through one direction (walks time in the opposite order).

    d_outs (L, H) is the upstream gradient of each step's output; dh_last /
    dc_last that of the final state.  Returns (dxs (L, D), dh0, dc0).
    """
    L = d_outs.shape[0]
    dxs = np.zeros((L, D))
    dh = dh_last.copy()
    dc = None if dc_last is None else dc_last.copy()
    for t in reversed(time_order(L, reverse)):
        dh = dh + d_outs[t]  # the output at t is the state after step t
        dxs[t], dh, dc = cell.step_backward(p, g, caches[t], dh, dc)
    return dxs, dh, dc


# ---------------------------------------------------------------------------
# whole network
# ---------------------------------------------------------------------------

def _setup(cell, weights, X, lengths, num_layers, bidirectional, activation, gru_variant,
           h0, c0, dropout_masks):
    cellobj = Cell(cell, activation, gru_variant)
    X = np.asarray(X, dtype=np.float64)
    lengths = np.asarray(lengths).astype(np.int64)
    N, T, _ = X.shape
    if lengths.shape != (N,) or lengths.min() < 1 or lengths.max() > T:
        raise ValueError("lengths must be (N,) with values in 1..T")
    H = np.asarray(weights["weight_hh_l0"]).shape[1]
    dirs = 2 if bidirectional else 1
    S = num_layers * dirs
    h0 = np.zeros((S, N, H)) if h0 is None else np.asarray(h0, dtype=np.float64)
    if cellobj.has_c:
        c0 = np.zeros((S, N, H)) if c0 is None else np.asarray(c0, dtype=np.float64)
    else:
        c0 = None
    if dropout_masks is not None:
        if len(dropout_masks) != num_layers - 1:
            raise ValueError("dropout_masks must have num_layers - 1 entries")
        dropout_masks = [np.asarray(m, dtype=np.float64) for m in dropout_masks]
    params = {(k, d): get_params(weights, cell, k, d)
              for k in range(num_layers) for d in range(dirs)}
    return cellobj, X, lengths, N, T, H, dirs, S, h0, c0, dropout_masks, params


def _row_forward(cellobj, params, x_row, n, num_layers, dirs, h0, c0, dropout_masks):
    """Forward pass for a single row x_row (L, D).

    Returns a list over layers of dicts with the layer input, per-direction
    outputs, final states and caches (everything the backward pass needs).
    """
    layers = []
    layer_in = x_row
    L = x_row.shape[0]
    for k in range(num_layers):
        if k > 0:
            layer_in = np.concatenate([layers[k - 1]["outs"][d] for d in range(dirs)], axis=1)
            if dropout_masks is not None:
                layer_in = layer_in * dropout_masks[k - 1][n, :L]
        rec = dict(input=layer_in, outs=[], h_last=[], c_last=[], caches=[])
        for d in range(dirs):
            s = k * dirs + d
            c_init = None if c0 is None else c0[s, n]
            outs, h_last, c_last, caches = direction_forward(
                cellobj, params[(k, d)], layer_in, h0[s, n], c_init, reverse=(d == 1))
            rec["outs"].append(outs)
            rec["h_last"].append(h_last)
            rec["c_last"].append(c_last)
            rec["caches"].append(caches)
        layers.append(rec)
    return layers


def forward(cell, weights, X, lengths, *, num_layers=1, bidirectional=False, activation="tanh",
            gru_variant="pytorch", h0=None, c0=None, dropout_masks=None):
    """Returns dict(output=(N,T,dirs*H), h_n=(L*dirs,N,H), c_n=(L*dirs,N,H) or None)."""
    (cellobj, X, lengths, N, T, H, dirs, S, h0, c0, dropout_masks,
     params) = _setup(cell, weights, X, lengths, num_layers, bidirectional, activation,
                      gru_variant, h0, c0, dropout_masks)
    output = np.zeros((N, T, dirs * H))
    h_n = np.zeros((S, N, H))
    c_n = np.zeros((S, N, H)) if cellobj.has_c else None
    for n in range(N):
        L = int(lengths[n])
        layers = _row_forward(cellobj, params, X[n, :L], n, num_layers, dirs, h0, c0,
                              dropout_masks)
        for k in range(num_layers):
            for d in range(dirs):
                h_n[k * dirs + d, n] = layers[k]["h_last"][d]
                if c_n is not None:
                    c_n[k * dirs + d, n] = layers[k]["c_last"][d]
        top = layers[-1]
        for d in range(dirs):
            output[n, :L, d * H:(d + 1) * H] = top["outs"][d]
    return dict(output=output, h_n=h_n, c_n=c_n)


def backward(cell, weights, X, lengths, d_output, d_h_n=None, d_c_n=None, *, num_layers=1,
             bidirectional=False, activation="tanh", gru_variant="pytorch", h0=None, c0=None,
             dropout_masks=None):
    """Gradient of the scalar  sum(d_output*output) + sum(d_h_n*h_n) + sum(d_c_n*c_n).
    Returns dict(weights={same keys as `weights`: gradient arrays}, X=(N,T,D) (zeros in padding),
                 h0=(L*dirs,N,H), c0=(L*dirs,N,H) or None)."""
    (cellobj, X, lengths, N, T, H, dirs, S, h0, c0, dropout_masks,
     params) = _setup(cell, weights, X, lengths, num_layers, bidirectional, activation,
                      gru_variant, h0, c0, dropout_masks)
    d_output = np.asarray(d_output, dtype=np.float64)
    d_h_n = np.zeros((S, N, H)) if d_h_n is None else np.asarray(d_h_n, dtype=np.float64)
    if cellobj.has_c:
        d_c_n = np.zeros((S, N, H)) if d_c_n is None else np.asarray(d_c_n, dtype=np.float64)
    else:
        d_c_n = None

    grads = {key: zero_grads(p) for key, p in params.items()}
    dX = np.zeros_like(X)
    dh0 = np.zeros((S, N, H))
    dc0 = np.zeros((S, N, H)) if cellobj.has_c else None

    for n in range(N):
        L = int(lengths[n])
        layers = _row_forward(cellobj, params, X[n, :L], n, num_layers, dirs, h0, c0,
                              dropout_masks)
        # gradient w.r.t. the concatenated outputs of the current layer;
        # padded positions t >= L are simply never read
        d_layer_out = d_output[n, :L].copy()
        for k in range(num_layers - 1, -1, -1):
            rec = layers[k]
            D_k = rec["input"].shape[1]
            d_in = np.zeros((L, D_k))
            for d in range(dirs):
                s = k * dirs + d
                dc_last = None if d_c_n is None else d_c_n[s, n]
                dxs, dh_first, dc_first = direction_backward(
                    cellobj, params[(k, d)], grads[(k, d)], rec["caches"][d],
                    d_layer_out[:, d * H:(d + 1) * H], d_h_n[s, n], dc_last,
                    reverse=(d == 1), D=D_k)
                d_in += dxs
                dh0[s, n] = dh_first
                if dc0 is not None:
                    dc0[s, n] = dc_first
            if k > 0:
                if dropout_masks is not None:
                    d_in = d_in * dropout_masks[k - 1][n, :L]
                d_layer_out = d_in
            else:
                dX[n, :L] = d_in

    weight_grads = {}
    for (k, d), g in grads.items():
        for short, key in param_names(cell, k, d).items():
            weight_grads[key] = g[short]
    for key, value in weights.items():  # entries the network never reads
        if key not in weight_grads:
            weight_grads[key] = np.zeros(np.shape(value))
    return dict(weights=weight_grads, X=dX, h0=dh0, c0=dc0)
