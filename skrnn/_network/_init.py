"""Weight initialisation schemes, drawn from a caller's ``numpy.random.RandomState``.

- "uniform": every parameter ~ U(-1/sqrt(H), 1/sqrt(H)), as PyTorch's recurrent modules.
- "glorot": each gate block of ``weight_ih`` and ``weight_hh`` Glorot-uniform on its own
  fan-in/fan-out; biases and peepholes zero.
- "orthogonal": as "glorot", with every gate block of ``weight_hh`` a random orthogonal
  matrix (Saxe et al. 2014).
Options applied after the scheme: ``forget_bias`` sets the LSTM forget-gate bias
(``bias_ih`` block f; ``bias_hh`` block f to zero) as Jozefowicz et al. (2015) recommend;
``identity_recurrent`` sets ``weight_hh`` to the identity and the biases to zero (the IRNN
of Le et al. 2015, for relu RNNs). Learned initial states always start at zero.
"""
import numpy as np

INIT_SCHEMES = ("uniform", "glorot", "orthogonal")


def _glorot(rng, shape, n_gates):
    rows, cols = shape
    H = rows // n_gates
    bound = np.sqrt(6.0 / (H + cols))
    return rng.uniform(-bound, bound, size=shape)


def _orthogonal(rng, shape, n_gates):
    rows, H = shape
    blocks = []
    for _ in range(rows // H):
        q, r = np.linalg.qr(rng.standard_normal((H, H)))
        blocks.append(q * np.sign(np.diag(r)))  # sign fix makes q Haar-distributed
    return np.concatenate(blocks)


def initialize(views, rng, n_gates, hidden_size, scheme="uniform", forget_bias=None,
               identity_recurrent=False, is_lstm=False):
    """Fill the named parameter views in place."""
    H = hidden_size
    for name, view in views.items():
        kind = name.split("_l")[0]
        if kind in ("h0", "c0"):
            view[...] = 0.0
        elif scheme == "uniform":
            bound = 1.0 / np.sqrt(H)
            view[...] = rng.uniform(-bound, bound, size=view.shape)
        elif kind == "weight_ih":
            view[...] = _glorot(rng, view.shape, n_gates)
        elif kind == "weight_hh":
            init = _orthogonal if scheme == "orthogonal" else _glorot
            view[...] = init(rng, view.shape, n_gates)
        else:
            view[...] = 0.0
    for name, view in views.items():
        kind = name.split("_l")[0]
        if forget_bias is not None and is_lstm and kind in ("bias_ih", "bias_hh"):
            view[H:2 * H] = forget_bias if kind == "bias_ih" else 0.0
        if identity_recurrent:
            if kind == "weight_hh":
                view[...] = np.tile(np.eye(H), (n_gates, 1))
            elif kind in ("bias_ih", "bias_hh"):
                view[...] = 0.0
