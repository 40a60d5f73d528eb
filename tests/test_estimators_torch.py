"""Weights exchanged with PyTorch: a torch model's state_dict loaded with set_weights
predicts what the torch model predicts (runs with the ``parity`` extra)."""
import numpy as np
import pytest

from _torch_reference import assert_regressor_matches_torch
from skrnn import RNNClassifier, RNNRegressor

torch = pytest.importorskip("torch")

MODULES = {"lstm": torch.nn.LSTM, "gru": torch.nn.GRU, "rnn": torch.nn.RNN}


def _masked_max(packed_output, total_length):
    """Each feature's maximum over a packed sequence's real steps (padding never wins)."""
    out, _ = torch.nn.utils.rnn.pad_packed_sequence(
        packed_output, batch_first=True, total_length=total_length,
        padding_value=-float("inf"))
    return out.max(dim=1).values


@pytest.mark.parametrize("bidirectional", [False, True])
@pytest.mark.parametrize("cell", sorted(MODULES))
def test_torch_state_dict_loaded_with_set_weights_gives_torch_predictions(cell,
                                                                          bidirectional):
    torch.manual_seed(0)
    rng = np.random.RandomState(0)
    lengths = rng.randint(2, 9, size=12)
    X = [rng.normal(size=(L, 3)).astype(np.float32) for L in lengths]
    y = np.arange(12) % 3
    clf = RNNClassifier(cell=cell, hidden_size=5, num_layers=2, bidirectional=bidirectional,
                        max_iter=1, random_state=0).fit(X, y)
    rnn = MODULES[cell](3, 5, num_layers=2, bidirectional=bidirectional, batch_first=True)
    # the default head reads the final states and each output's maximum over real steps
    head = torch.nn.Linear(2 * 5 * (2 if bidirectional else 1), 3)
    clf.set_weights({**rnn.state_dict(), "head.weight": head.weight, "head.bias": head.bias})

    padded = torch.zeros(12, 8, 3)
    for i, x in enumerate(X):
        padded[i, :len(x)] = torch.from_numpy(x)
    packed = torch.nn.utils.rnn.pack_padded_sequence(padded, torch.as_tensor(lengths),
                                                     batch_first=True, enforce_sorted=False)
    with torch.no_grad():
        output, state = rnn(packed)
        h_n = state[0] if cell == "lstm" else state
        last = torch.cat([h_n[-2], h_n[-1]], dim=1) if bidirectional else h_n[-1]
        expected = torch.softmax(head(torch.cat([last, _masked_max(output, 8)], dim=1)),
                                 dim=1).numpy()
    np.testing.assert_allclose(clf.predict_proba(X), expected, atol=1e-5)


def test_default_pooling_matches_torch_in_outputs_and_gradients():
    """The default head (final states and maxima over the real steps) of a ragged
    bidirectional LSTM: predictions and the loss gradient of every weight as torch's."""
    rng = np.random.RandomState(3)
    lengths = np.array([5, 2, 7, 1, 4, 7])
    X = [rng.normal(size=(L, 2)) for L in lengths]
    y = rng.normal(size=(6, 2))
    est = RNNRegressor(cell="lstm", hidden_size=3, bidirectional=True, max_iter=2,
                       n_models=1, patch_size=1, dtype="float64", random_state=0).fit(X, y)
    assert est.pooling == ("last", "max")
    data = est._training_data(X, y, None, fresh=False)[0]
    views = est._model.named_views(est.params_)
    params = {k: torch.tensor(np.array(v), requires_grad=True) for k, v in views.items()}
    lstm = torch.nn.LSTM(2, 3, bidirectional=True, batch_first=True).double()
    packed = torch.nn.utils.rnn.pack_padded_sequence(
        torch.tensor(np.array(data.X)), torch.as_tensor(data.lengths), batch_first=True,
        enforce_sorted=False)
    state = {k: params[k] for k in lstm.state_dict()}
    output, (h_n, _) = torch.func.functional_call(lstm, state, (packed,))
    pooled = torch.cat([h_n[-2], h_n[-1], _masked_max(output, data.X.shape[1])], dim=1)
    Z = pooled @ params["head.weight"].T + params["head.bias"]
    assert_regressor_matches_torch(est, X, data, params, Z)


def test_get_weights_round_trip_and_errors():
    rng = np.random.RandomState(0)
    X = rng.normal(size=(10, 4, 2))
    reg = RNNRegressor(hidden_size=3, max_iter=2, random_state=0, n_models=1).fit(
        X, X[:, 0, 0])
    weights = reg.get_weights()
    assert list(weights)[:4] == ["weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0"]
    before = reg.predict(X)
    reg.set_weights({k: v * 0 for k, v in weights.items()})
    np.testing.assert_allclose(reg.predict(X), 0, atol=1e-6)  # head in y's units
    reg.set_weights(weights)
    np.testing.assert_array_equal(reg.predict(X), before)
    with pytest.raises(ValueError, match=r"missing \['head.bias'\]"):
        reg.set_weights({k: v for k, v in weights.items() if k != "head.bias"})
    with pytest.raises(ValueError, match="expected"):
        reg.set_weights({**weights, "head.bias": np.zeros(5)})


@pytest.mark.parametrize("cell", ["lstm", "gru"])
def test_an_unfitted_classifier_is_built_from_a_torch_state_dict(cell):
    torch.manual_seed(1)
    rnn = MODULES[cell](3, 5, batch_first=True)
    head = torch.nn.Linear(10, 4)  # the default pooling: last state and maximum
    clf = RNNClassifier(cell=cell, hidden_size=5).set_weights(
        {**rnn.state_dict(), "head.weight": head.weight, "head.bias": head.bias})
    X = np.random.RandomState(0).normal(size=(6, 7, 3)).astype(np.float32)
    with torch.no_grad():
        output, state = rnn(torch.from_numpy(X))
        h_n = state[0] if cell == "lstm" else state
        pooled = torch.cat([h_n[-1], output.max(dim=1).values], dim=1)
        expected = torch.softmax(head(pooled), dim=1).numpy()
    assert clf.n_features_in_ == 3 and clf.classes_.tolist() == [0, 1, 2, 3]
    np.testing.assert_allclose(clf.predict_proba(X), expected, atol=1e-5)


def _torch_static_model(mode, est, S_std):
    """The torch equivalent of a fitted one-layer bidirectional LSTM regressor with
    static inputs in ``mode``, on skrnn's weights (float64): a function of the padded
    sequences and lengths to the head's outputs, and the torch parameters by skrnn's
    names."""
    views = est._model.named_views(est.params_)  # the head in the model's own units
    params = {name: torch.tensor(np.array(v, dtype=np.float64), requires_grad=True)
              for name, v in views.items()}
    H = est.hidden_size
    n_in = params["weight_ih_l0"].shape[1]
    rnn = torch.nn.LSTM(n_in, H, bidirectional=True, batch_first=True).double()
    S = torch.tensor(S_std, dtype=torch.float64)

    def run(padded, lengths):
        state = {k: params[k] for k in rnn.state_dict()}
        x, lens = padded, torch.as_tensor(lengths)
        if mode == "par":
            x = torch.cat([x, S[:, None, :].expand(-1, x.shape[1], -1)], dim=2)
        elif mode == "pre":
            first = torch.cat([torch.zeros(len(x), 1, x.shape[2], dtype=x.dtype),
                               S[:, None, :]], dim=2)
            rest = torch.cat([x, torch.zeros(len(x), x.shape[1], S.shape[1],
                                             dtype=x.dtype)], dim=2)
            x, lens = torch.cat([first, rest], dim=1), lens + 1
        h0 = None
        if mode == "init":
            a = torch.tanh(S @ params["static_init.weight"].T + params["static_init.bias"])
            h0 = (a.reshape(len(S), 2, H).transpose(0, 1).contiguous(),
                  torch.zeros(2, len(S), H, dtype=torch.float64))
        packed = torch.nn.utils.rnn.pack_padded_sequence(x, lens, batch_first=True,
                                                         enforce_sorted=False)
        _, (h_n, _) = torch.func.functional_call(rnn, state, (packed, h0))
        last = torch.cat([h_n[-2], h_n[-1]], dim=1)
        if mode == "merge":
            last = torch.cat([last, S], dim=1)
        return last @ params["head.weight"].T + params["head.bias"]

    return run, params


@pytest.mark.parametrize("mode", ["par", "init", "pre", "merge"])
def test_static_modes_match_their_torch_equivalents_in_outputs_and_gradients(mode):
    rng = np.random.RandomState(0)
    lengths = rng.randint(2, 8, size=7)
    X = [rng.normal(size=(L, 2)) for L in lengths]
    S = rng.normal(size=(7, 3)) * 4 + 1
    y = rng.normal(size=(7, 2))
    est = RNNRegressor(cell="lstm", hidden_size=4, bidirectional=True, static_mode=mode,
                       pooling="last", max_iter=2, n_models=1, patch_size=1, dtype="float64",
                       random_state=0).fit(X, y, static=S)
    data = est._training_data(X, y, None, fresh=False, static=S)[0]
    run, params = _torch_static_model(mode, est, data.static)
    padded = torch.tensor(data.X, dtype=torch.float64)
    Z = run(padded, data.lengths)
    scale, mean = est._y_scale, est._y_mean
    np.testing.assert_allclose(Z.detach().numpy() * scale + mean, est.predict(X, static=S),
                               rtol=1e-10, atol=1e-12)
    Y = torch.tensor(data.targets, dtype=torch.float64)
    loss = 0.5 * ((Z - Y) ** 2).sum(dim=1).mean()
    loss.backward()
    ours, grad = est._model.loss_grad(est.params_, data, np.arange(7))
    assert ours == pytest.approx(loss.item(), rel=1e-12)
    named = est._model.named_views(grad)
    for name, p in params.items():
        np.testing.assert_allclose(named[name], p.grad.numpy(), rtol=1e-8, atol=1e-12,
                                   err_msg=name)
