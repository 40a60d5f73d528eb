"""The engine's cell options as estimator parameters: ``learn_initial_state`` and
``gru_variant``, checked against the naive reference and finite differences; and the
hyperparameters that would do nothing with the others, rejected (or warned) by name."""
import numpy as np
import pytest

import naive
from _fd import assert_objective_gradient
from skrnn import RNNClassifier, RNNEncoder, RNNForecaster, RNNRegressor, load, save

RAGGED = (5, 3, 6, 2)


def _sequences(seed=0, lengths=RAGGED, n_features=2):
    rng = np.random.RandomState(seed)
    return [rng.normal(size=(L, n_features)) for L in lengths], rng


def _naive_predict(est, X, **naive_options):
    """The regressor's predictions recomputed by the naive reference from
    `get_weights`: the network started from the learned states, the head on its last
    states."""
    weights = est.get_weights()
    T = max(len(x) for x in X)
    padded = np.zeros((len(X), T, X[0].shape[1]))
    for i, x in enumerate(X):
        padded[i, :len(x)] = x
    dirs = 2 if est.bidirectional else 1
    names = [f"l{k}{s}" for k in range(est.num_layers)
             for s in (("", "_reverse") if est.bidirectional else ("",))]
    states = {}
    for key in ("h0", "c0"):
        if f"{key}_l0" in weights:
            states[key] = np.stack([np.broadcast_to(weights[f"{key}_{n}"],
                                                    (len(X), est.hidden_size))
                                    for n in names])
    out = naive.forward(est.cell, weights, padded, [len(x) for x in X],
                        num_layers=est.num_layers, bidirectional=est.bidirectional,
                        **states, **naive_options)
    top = (est.num_layers - 1) * dirs
    last = np.concatenate([out["h_n"][top + d] for d in range(dirs)], axis=1)
    return (last @ weights["head.weight"].T + weights["head.bias"]).ravel()


@pytest.mark.parametrize("cell,bidirectional,num_layers",
                         [("lstm", True, 1), ("gru", False, 2), ("peephole_lstm", False, 1),
                          ("rnn", True, 2)])
def test_learned_initial_state_is_named_trained_and_used(cell, bidirectional, num_layers):
    X, rng = _sequences()
    y = rng.normal(size=len(X))
    est = RNNRegressor(cell=cell, hidden_size=3, bidirectional=bidirectional,
                       num_layers=num_layers, learn_initial_state=True, n_models=1,
                       patch_size=1, pooling="last", max_iter=20, learning_rate_init=0.05,
                       dtype="float64", random_state=0).fit(X, y)
    weights = est.get_weights()
    suffixes = ("", "_reverse") if bidirectional else ("",)
    expected = {f"{key}_l{k}{s}" for k in range(num_layers) for s in suffixes
                for key in (("h0", "c0") if "lstm" in cell else ("h0",))}
    assert {name for name in weights if name[:2] in ("h0", "c0")} == expected
    for name in expected:
        assert weights[name].shape == (3,)
        assert np.abs(weights[name]).max() > 1e-3, f"{name} was not trained"
    np.testing.assert_allclose(est.predict(X), _naive_predict(est, X), rtol=1e-10,
                               atol=1e-12)


def test_without_learned_initial_state_there_are_no_state_weights():
    X, rng = _sequences()
    est = RNNRegressor(hidden_size=3, n_models=1, max_iter=1, random_state=0).fit(
        X, rng.normal(size=len(X)))
    assert not [name for name in est.get_weights() if name[:2] in ("h0", "c0")]


@pytest.mark.parametrize("Estimator", [RNNClassifier, RNNRegressor])
def test_learned_initial_state_gradient_matches_finite_differences(Estimator):
    X, rng = _sequences(1)
    y = np.array([0, 1, 2, 1]) if Estimator is RNNClassifier else rng.normal(size=4)
    est = Estimator(cell="lstm", hidden_size=3, bidirectional=True, num_layers=2,
                    learn_initial_state=True, alpha=0.1, max_iter=1, n_models=1,
                    patch_size=1, dtype="float64", random_state=0).fit(X, y)
    data = est._training_data(X, y, None, fresh=False)[0]
    assert_objective_gradient(est, data)


def test_cho_gru_predicts_as_the_reference_and_differs_from_pytorch_form():
    X, rng = _sequences(2)
    y = rng.normal(size=len(X))
    options = dict(cell="gru", hidden_size=4, n_models=1, patch_size=1, pooling="last",
                   max_iter=15, learning_rate_init=0.05, dtype="float64", random_state=0)
    cho = RNNRegressor(gru_variant="cho", **options).fit(X, y)
    np.testing.assert_allclose(cho.predict(X), _naive_predict(cho, X, gru_variant="cho"),
                               rtol=1e-10, atol=1e-12)
    pytorch = RNNRegressor(**options).set_weights(cho.get_weights())
    assert np.abs(pytorch.predict(X) - cho.predict(X)).max() > 1e-6


def test_cho_gru_gradient_matches_finite_differences():
    X, rng = _sequences(3)
    est = RNNClassifier(cell="gru", gru_variant="cho", hidden_size=3, bidirectional=True,
                        max_iter=1, n_models=1, patch_size=1, dtype="float64",
                        random_state=0).fit(X, np.array([0, 1, 0, 1]))
    assert_objective_gradient(est, est._training_data(X, np.array([0, 1, 0, 1]), None,
                                                      fresh=False)[0])


def test_learned_initial_state_round_trips_through_a_file(tmp_path):
    X, rng = _sequences(4)
    y = np.array(["a", "b", "a", "b"])
    est = RNNClassifier(cell="gru", gru_variant="cho", learn_initial_state=True,
                        hidden_size=4, max_iter=5, n_models=2, random_state=0).fit(X, y)
    save(est, tmp_path / "m.skrnn")
    loaded = load(tmp_path / "m.skrnn")
    assert loaded.get_params() == est.get_params()
    np.testing.assert_array_equal(loaded.predict_proba(X), est.predict_proba(X))


def test_encoder_learns_the_encoders_initial_state_only():
    X, _ = _sequences(5)
    enc = RNNEncoder(cell="lstm", hidden_size=3, learn_initial_state=True, max_iter=2,
                     random_state=0).fit(X)
    assert enc._model.encoder.learn_init_state
    assert not enc._model.decoder.learn_init_state  # it starts from the code
    assert enc.transform(X).shape == (len(X), 3)


def test_forecaster_learns_an_initial_state():
    t = np.arange(80.0)
    f = RNNForecaster(hidden_size=4, learn_initial_state=True, n_models=1, max_iter=3,
                      lookback=8, differences=None, horizon=3,
                      random_state=0).fit(np.sin(t / 3))
    assert "h0_l0" in f.get_weights() and "c0_l0" in f.get_weights()
    assert np.isfinite(f.predict()).all() and len(f.predict()) == 3


# ------------------------------------------------- options that would do nothing
@pytest.mark.parametrize("Estimator", [RNNClassifier, RNNRegressor, RNNEncoder,
                                       RNNForecaster])
@pytest.mark.parametrize("params,match", [
    (dict(cell="lstm", activation="relu"),
     r"activation='relu' applies to cell='rnn' only: the 'lstm' cell's gates use "
     r"sigmoid and tanh\. Set cell='rnn', or leave activation='tanh'\."),
    (dict(cell="peephole_lstm", gru_variant="cho"),
     r"gru_variant='cho' applies to cell='gru' only; the 'peephole_lstm' cell has no "
     r"reset gate\. Set cell='gru', or leave gru_variant='pytorch'\."),
])
def test_an_option_of_another_cell_is_an_error_naming_it(Estimator, params, match):
    X, _ = _sequences(6)
    est = Estimator(hidden_size=2, max_iter=1, **params)
    with pytest.raises(ValueError, match=match):
        if Estimator is RNNForecaster:
            est.fit(np.arange(40.0))
        elif Estimator is RNNEncoder:
            est.fit(X)
        else:
            est.fit(X, np.array([0, 1, 0, 1]))


def test_a_failed_fit_with_another_cells_option_leaves_the_fitted_model_as_it_was():
    X, _ = _sequences(7)
    y = np.array([0, 1, 0, 1])
    est = RNNClassifier(hidden_size=2, max_iter=2, n_models=1, random_state=0).fit(X, y)
    before = est.predict_proba(X)
    attributes = set(vars(est))
    est.set_params(activation="relu")
    with pytest.raises(ValueError, match="activation='relu'"):
        est.fit(X, y)
    with pytest.raises(ValueError, match="activation='relu'"):
        est.partial_fit(X, y)
    assert set(vars(est)) == attributes
    np.testing.assert_array_equal(est.predict_proba(X), before)


def test_dropout_with_one_layer_warns_and_trains_as_without_it():
    X, _ = _sequences(8)
    y = np.array([0, 1, 0, 1])
    options = dict(hidden_size=3, max_iter=3, n_models=1, random_state=0)
    with pytest.warns(UserWarning, match=r"dropout=0\.3 does nothing with num_layers=1: "
                                         r"dropout acts between stacked layers"):
        dropped = RNNClassifier(dropout=0.3, **options).fit(X, y)
    plain = RNNClassifier(**options).fit(X, y)
    np.testing.assert_array_equal(dropped.predict_proba(X), plain.predict_proba(X))


def test_dropout_between_layers_and_relu_elman_do_not_warn(recwarn):
    X, _ = _sequences(9)
    y = np.array([0, 1, 0, 1])
    RNNClassifier(dropout=0.3, num_layers=2, hidden_size=3, max_iter=2, tol=0,
                  n_models=1, random_state=0).fit(X, y)
    RNNClassifier(cell="rnn", activation="relu", hidden_size=3, max_iter=2, tol=0,
                  n_models=1, random_state=0).fit(X, y)
    assert not [w for w in recwarn if issubclass(w.category, UserWarning)]


def test_stateful_forecaster_rejects_a_learned_initial_state():
    f = RNNForecaster(stateful=True, learn_initial_state=True, max_iter=1)
    with pytest.raises(ValueError, match=r"learn_initial_state=True learns the state "
                                         r"each window starts from, but with "
                                         r"stateful=True"):
        f.fit(np.arange(60.0))
