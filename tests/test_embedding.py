"""Token input through a learned embedding (``embedding_dim``): the objective's gradient
against finite differences, outputs and gradients against torch.nn.Embedding + LSTM on
the same weights, raw strings through Tokenizer in a Pipeline, and the errors."""
import numpy as np
import pytest
from sklearn.pipeline import make_pipeline

from _fd import assert_objective_gradient
from _torch_reference import assert_regressor_matches_torch
from skrnn import RNNClassifier, RNNRegressor, load, save
from skrnn.text import Tokenizer

LENGTHS = (5, 3, 7, 2, 6, 4)


def _tokens(seed=0, vocabulary=9):
    rng = np.random.RandomState(seed)
    return [rng.randint(0, vocabulary, size=L) for L in LENGTHS], rng


@pytest.mark.parametrize("settings", [dict(cell="gru", bidirectional=True, patch_size=2),
                                      dict(cell="lstm", pooling="mean", num_layers=2)],
                         ids=["gru-bi-patch2", "lstm-mean-2layers"])
def test_embedding_objective_gradient_matches_finite_differences(settings):
    X, rng = _tokens()
    y = np.array([0, 1, 2, 1, 0, 2])
    est = RNNClassifier(embedding_dim=3, hidden_size=3, max_iter=1, n_models=1,
                        alpha=0.1, dtype="float64", random_state=0,
                        **{"patch_size": 1, **settings}).fit(X, y)
    data = est._training_data(X, y, None, fresh=False)[0]
    assert est.vocabulary_size_ == max(int(x.max()) for x in X) + 1
    assert_objective_gradient(est, data, n_picks=80)


def test_embedding_per_step_gradient_matches_finite_differences():
    X, rng = _tokens(1)
    y = [rng.normal(size=len(x)) for x in X]
    est = RNNRegressor(embedding_dim=2, hidden_size=3, max_iter=1, n_models=1,
                       vocabulary_size=12, dtype="float64", random_state=0).fit(X, y)
    assert est.get_weights()["embedding.weight"].shape == (12, 2)
    assert_objective_gradient(est, est._training_data(X, y, None, fresh=False)[0])


def test_raw_strings_are_classified_through_a_tokenizer():
    rng = np.random.RandomState(0)
    good, bad, neutral = ["good", "great", "fine"], ["bad", "awful", "poor"], \
        ["the", "film", "plot", "was", "and", "a"]

    def texts(n):
        out, labels = [], []
        for _ in range(n):
            label = rng.randint(2)
            words = list(rng.choice(neutral, size=rng.randint(3, 7)))
            words.insert(rng.randint(len(words) + 1), rng.choice(good if label else bad))
            out.append(" ".join(words))
            labels.append("pos" if label else "neg")
        return out, labels

    X, y = texts(120)
    X_test, y_test = texts(60)
    pipe = make_pipeline(Tokenizer(level="word"),
                         RNNClassifier(embedding_dim=8, hidden_size=8, n_models=1,
                                       max_iter=40, random_state=0))
    assert pipe.fit(X, y).score(X_test, y_test) > 0.9


def test_token_matrix_and_token_list_are_the_same_input(tmp_path):
    rng = np.random.RandomState(2)
    M = rng.randint(0, 7, size=(8, 5))
    y = np.arange(8) % 2
    a = RNNClassifier(embedding_dim=3, hidden_size=3, max_iter=3, n_models=2,
                      random_state=0).fit(M, y)
    b = RNNClassifier(embedding_dim=3, hidden_size=3, max_iter=3, n_models=2,
                      random_state=0).fit(list(M), y)
    np.testing.assert_array_equal(a.predict_proba(M), b.predict_proba(list(M)))
    save(a, tmp_path / "m.skrnn")
    np.testing.assert_array_equal(load(tmp_path / "m.skrnn").predict_proba(M),
                                  a.predict_proba(M))


@pytest.mark.parametrize("X,match", [
    ([np.array([1.5, 2.0])], r"X\[0\] must be a 1-D array of integer token ids, got "
                             r"float64"),
    ([np.array([1, -2])], r"X\[0\] holds the negative token id -2"),
    (np.zeros((3, 4, 1), dtype=int), r"a list of 1-D integer arrays .* or a 2-D integer "
                                     r"array; got ndarray of shape \(3, 4, 1\)"),
    ("a string", r"With embedding_dim set, X holds token ids"),
])
def test_token_input_errors_say_what_is_wrong(X, match):
    with pytest.raises(ValueError, match=match):
        RNNClassifier(embedding_dim=2, max_iter=1).fit(X, [0] * len(X))


def test_ids_outside_the_vocabulary_are_errors():
    X, _ = _tokens(3, vocabulary=5)
    y = np.arange(6) % 2
    clf = RNNClassifier(embedding_dim=2, hidden_size=2, max_iter=1, n_models=1).fit(X, y)
    with pytest.raises(ValueError, match=r"X\[1\] holds token id 9, outside the "
                                         r"vocabulary of 5 tokens \(ids 0\.\.4\)"):
        clf.predict([np.array([1, 2]), np.array([9])])
    with pytest.raises(ValueError, match=r"outside the vocabulary of 3 tokens"):
        RNNClassifier(embedding_dim=2, vocabulary_size=3, max_iter=1).fit(X, y)
    with pytest.raises(ValueError, match=r"token ids, which have no gradient"):
        clf.input_gradients(X)


torch = pytest.importorskip("torch")


def test_embedding_matches_torch_in_outputs_gradients_and_set_weights():
    X, rng = _tokens(4)
    y = rng.normal(size=(6, 2))
    est = RNNRegressor(cell="lstm", embedding_dim=3, hidden_size=4, max_iter=2,
                       n_models=1, patch_size=1, pooling="last", dtype="float64",
                       random_state=0).fit(X, y)
    data = est._training_data(X, y, None, fresh=False)[0]
    views = est._model.named_views(est.params_)
    params = {k: torch.tensor(np.array(v, dtype=np.float64), requires_grad=True)
              for k, v in views.items()}
    lstm = torch.nn.LSTM(3, 4, batch_first=True).double()
    ids = torch.zeros(6, max(LENGTHS), dtype=torch.long)
    for i, x in enumerate(X):
        ids[i, :len(x)] = torch.as_tensor(x)
    embedded = torch.nn.functional.embedding(ids, params["embedding.weight"])
    packed = torch.nn.utils.rnn.pack_padded_sequence(
        embedded, torch.as_tensor(LENGTHS), batch_first=True, enforce_sorted=False)
    state = {k: params[k] for k in lstm.state_dict()}
    _, (h_n, _) = torch.func.functional_call(lstm, state, (packed,))
    Z = h_n[-1] @ params["head.weight"].T + params["head.bias"]
    assert_regressor_matches_torch(est, X, data, params, Z)
    # an unfitted estimator built from a torch embedding + LSTM + Linear predicts as it
    emb, head = torch.nn.Embedding(11, 3).double(), torch.nn.Linear(4, 1).double()
    built = RNNRegressor(cell="lstm", embedding_dim=3, hidden_size=4, pooling="last",
                         dtype="float64")
    built.set_weights({"embedding.weight": emb.weight, **lstm.state_dict(),
                       "head.weight": head.weight, "head.bias": head.bias})
    with torch.no_grad():
        packed = torch.nn.utils.rnn.pack_padded_sequence(
            emb(ids), torch.as_tensor(LENGTHS), batch_first=True, enforce_sorted=False)
        expected = head(lstm(packed)[1][0][-1])[:, 0].numpy()
    assert built.vocabulary_size_ == 11
    np.testing.assert_allclose(built.predict(X), expected, rtol=1e-10)
