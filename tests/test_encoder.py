"""RNNEncoder: the autoencoder's gradient, codes, decoding, and sklearn integration."""
import pickle

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import make_pipeline
from sklearn.utils.estimator_checks import parametrize_with_checks

from _fd import assert_objective_gradient
from skrnn import RNNEncoder
from skrnn._models._autoencoder import reverse_steps, teacher_inputs
from skrnn.datasets import load_italy_power_demand
from skrnn.preprocessing import SequenceScaler

pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")


def ragged(n=12, seed=0, F=2):
    rng = np.random.RandomState(seed)
    return [np.sin(np.arange(L)[:, None] / 2 + rng.uniform(0, 6, F))
            for L in rng.randint(3, 9, size=n)]


def test_reverse_steps_reverses_each_row_within_its_length():
    X = np.arange(12.0).reshape(2, 3, 2)
    out = reverse_steps(X, np.array([3, 2]))
    assert_array_equal(out[0], X[0, ::-1])
    assert_array_equal(out[1, :2], X[1, 1::-1])
    assert_array_equal(out[1, 2], 0)
    assert_array_equal(teacher_inputs(out)[:, 1:], out[:, :-1])


@pytest.mark.parametrize("cell, bidirectional, num_layers",
                         [("lstm", True, 1), ("gru", False, 2), ("rnn", True, 2),
                          ("peephole_lstm", False, 1)])
def test_objective_gradient_matches_finite_differences(cell, bidirectional, num_layers):
    X = ragged(5)
    w = np.random.RandomState(2).uniform(0.5, 2, size=5)
    est = RNNEncoder(cell=cell, hidden_size=3, bidirectional=bidirectional,
                     num_layers=num_layers, alpha=0.2, max_iter=1, dtype="float64",
                     random_state=0).fit(X, sample_weight=w)
    data = est._training_data(X, None, w, fresh=False)[0]
    assert_objective_gradient(est, data, n_picks=60)


def test_codes_do_not_depend_on_format_or_batch_company():
    X = ragged(10)
    enc = RNNEncoder(hidden_size=5, max_iter=3, random_state=0, dtype="float64").fit(X)
    codes = enc.transform(X)
    assert codes.shape == (10, 5) and enc.n_components_ == 5
    assert_allclose(enc.transform(X[3:4]), codes[3:4], rtol=1e-12)
    frame = pd.concat([pd.DataFrame(x, columns=["a", "b"]) for x in X],
                      keys=range(10), names=["id", "t"])
    enc_pd = RNNEncoder(hidden_size=5, max_iter=3, random_state=0, dtype="float64").fit(frame)
    assert_allclose(enc_pd.transform(frame), codes, rtol=1e-10)
    assert list(enc_pd.feature_names_in_) == ["a", "b"]


def test_free_decoding_feeds_back_its_own_outputs():
    X = ragged(8)
    enc = RNNEncoder(cell="gru", hidden_size=4, max_iter=3, random_state=0,
                     dtype="float64").fit(X)
    codes = enc.transform(X[:3])
    decoded = enc.inverse_transform(codes, n_timesteps=6)
    assert decoded.shape == (3, 6, 2)
    # teacher forcing with the decoded sequence itself reproduces it
    _, dec_p, W, b = enc._model.split(enc.params_)
    backwards = decoded[:, ::-1]
    out = enc._model.decoder.forward(dec_p, teacher_inputs(backwards), None, h0=codes[None],
                               return_sequences=True, training=False)[0]
    assert_allclose(out @ W.T + b, backwards, rtol=1e-10, atol=1e-12)
    assert enc.inverse_transform(codes).shape[1] == max(len(x) for x in X)
    with pytest.raises(ValueError, match=r"codes of shape \(n_samples, 4\)"):
        enc.inverse_transform(codes[:, :2])


def test_training_reduces_the_reconstruction_error():
    X = ragged(40, F=1)
    short = RNNEncoder(hidden_size=8, max_iter=1, random_state=0).fit(X)
    long = RNNEncoder(hidden_size=8, max_iter=150, learning_rate_init=0.01,
                      random_state=0).fit(X)
    assert long.score(X) > 0.1 * short.score(X)  # scores are negative errors
    assert long.score(X) > -0.05


def test_set_output_pandas_and_feature_names():
    X = np.random.RandomState(0).normal(size=(6, 5, 2))
    enc = RNNEncoder(hidden_size=3, bidirectional=True, max_iter=2, random_state=0).fit(X)
    names = enc.get_feature_names_out()
    assert list(names) == [f"rnnencoder{i}" for i in range(6)]
    out = enc.set_output(transform="pandas").transform(X)
    assert isinstance(out, pd.DataFrame) and list(out.columns) == list(names)


def test_weights_name_the_decoder():
    enc = RNNEncoder(cell="lstm", hidden_size=3, max_iter=1, random_state=0).fit(ragged(4))
    weights = enc.get_weights()
    assert weights["weight_hh_l0"].shape == (12, 3)
    assert weights["decoder.weight_hh_l0"].shape == (12, 3)
    assert weights["head.weight"].shape == (2, 3)
    enc.set_weights(dict(weights, **{"head.bias": np.ones(2)}))
    assert_array_equal(enc.get_weights()["head.bias"], 1)


def test_pipeline_grid_search_and_pickle_on_real_data():
    X, y = load_italy_power_demand(split="train", return_X_y=True)
    X_test, y_test = load_italy_power_demand(split="test", return_X_y=True)
    encoder = RNNEncoder(cell="gru", hidden_size=8, max_iter=60, learning_rate_init=0.01,
                         batch_size=16, random_state=0)
    model = make_pipeline(SequenceScaler(), encoder, LogisticRegression()).fit(X, y)
    assert model.score(X_test[:300], y_test[:300]) > 0.8  # 2 classes, about balanced
    search = GridSearchCV(make_pipeline(SequenceScaler(), encoder),
                          {"rnnencoder__hidden_size": [2, 8]}, cv=2).fit(X)
    assert search.best_params_ == {"rnnencoder__hidden_size": 8}  # unsupervised score
    again = pickle.loads(pickle.dumps(model))
    assert_array_equal(again.predict_proba(X_test[:50]), model.predict_proba(X_test[:50]))


# Full batch (batch_size=1000), as the regressor's instance: with minibatches a weight of 2
# and a repeated row give different minibatches, so check_sample_weight_equivalence
# cannot hold (tests/test_sklearn_checks.py's MINIBATCH_REASON).
@parametrize_with_checks([RNNEncoder(hidden_size=4, max_iter=20, batch_size=1000,
                                     random_state=0, dtype="float64")])
def test_sklearn_compatible_encoder(estimator, check):
    check(estimator)


def test_pandas_output_is_indexed_by_sequence_id_for_long_frames():
    X = ragged(5)
    frame = pd.concat([pd.DataFrame(x, columns=["a", "b"]) for x in X],
                      keys=list("vwxyz"), names=["id", "t"])
    enc = RNNEncoder(hidden_size=3, max_iter=2, random_state=0).set_output(transform="pandas")
    out = enc.fit_transform(frame)
    assert list(out.index) == list("vwxyz") and out.shape == (5, 3)
