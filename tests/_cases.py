"""Shared test fixtures: the cell forms and a random problem for each configuration."""
import numpy as np

from skrnn._network import RNNNetwork

# (cell, activation, gru_variant): every recurrent form the engine has.
CELL_FORMS = [
    ("rnn", "tanh", "pytorch"),
    ("rnn", "relu", "pytorch"),
    ("lstm", "tanh", "pytorch"),
    ("peephole_lstm", "tanh", "pytorch"),
    ("gru", "tanh", "pytorch"),
    ("gru", "tanh", "cho"),
]
FORM_IDS = ["rnn-tanh", "rnn-relu", "lstm", "peephole", "gru", "gru-cho"]

EQUAL, UNEQUAL = [4, 4, 4], [3, 4, 1]  # unsorted on purpose


def make_problem(form, num_layers, bidirectional, lengths, *, hidden=3, features=2,
                 learn_init_state=False, dropout=False, dtype=np.float64, seed=0):
    """A network, perturbed parameters and random inputs/upstream gradients."""
    cell, activation, variant = form
    rng = np.random.default_rng(seed)
    net = RNNNetwork(cell, features, hidden, num_layers, bidirectional, activation, variant,
                     learn_init_state=learn_init_state, dtype=dtype)
    # Away from the init's symmetric range so every gate and peephole matters.
    params = (net.init_params(seed) + rng.normal(0, 0.3, net.n_params)).astype(dtype)
    N, T = len(lengths), max(lengths) + 1  # one step of pure padding at the end
    n_states = num_layers * net.n_dirs
    X = rng.normal(size=(N, T, features))
    for n, L in enumerate(lengths):
        X[n, L:] = rng.normal(size=(T - L, features)) * 100  # padding must never leak
    h0 = rng.normal(size=(n_states, N, hidden))
    c0 = rng.normal(size=(n_states, N, hidden)) if "lstm" in cell else None
    masks = None
    if dropout and num_layers > 1:
        masks = [rng.choice([0.0, 2.0], size=(N, T, net.output_size))
                 for _ in range(num_layers - 1)]
    return dict(net=net, params=params, X=X.astype(dtype), lengths=np.array(lengths),
                h0=h0, c0=c0, masks=masks, rng=rng)
