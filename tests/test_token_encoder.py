"""RNNEncoder on token ids (``embedding_dim``): the objective's gradient against finite
differences and torch (embedding + LSTM encoder + LSTM decoder + Linear, cross-entropy),
codes that decode back to the tokens, raw strings through Tokenizer, and the errors."""
import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.pipeline import make_pipeline

from _fd import assert_objective_gradient
from skrnn import RNNEncoder, load, save
from skrnn.text import Tokenizer

pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")

LENGTHS = (5, 3, 7, 1, 6, 4)


def _tokens(seed=0, vocabulary=9, lengths=LENGTHS):
    rng = np.random.RandomState(seed)
    return [rng.randint(0, vocabulary, size=L) for L in lengths]


@pytest.mark.parametrize("settings", [dict(cell="gru", bidirectional=True),
                                      dict(cell="lstm", num_layers=2)],
                         ids=["gru-bi", "lstm-2layers"])
def test_token_objective_gradient_matches_finite_differences(settings):
    X = _tokens()
    est = RNNEncoder(embedding_dim=3, hidden_size=3, max_iter=1, alpha=0.1,
                     dtype="float64", random_state=0, **settings).fit(X)
    assert est.vocabulary_size_ == max(int(x.max()) for x in X) + 1
    assert est.get_weights()["embedding.weight"].shape == (est.vocabulary_size_, 3)
    assert est.get_weights()["head.weight"].shape == (est.vocabulary_size_,
                                                      est.n_components_)
    data = est._training_data(X, None, None, fresh=False)[0]
    assert_objective_gradient(est, data, n_picks=80)


def test_codes_decode_back_to_their_tokens():
    rng = np.random.RandomState(0)
    X = [rng.randint(0, 6, size=rng.randint(3, 6)) for _ in range(80)]
    enc = RNNEncoder(cell="gru", embedding_dim=8, hidden_size=32, max_iter=150,
                     learning_rate_init=0.01, batch_size=16, random_state=0).fit(X)
    assert enc.loss_curve_[-1] < 0.1 * enc.loss_curve_[0]
    codes = enc.transform(X)
    decoded = [enc.inverse_transform(c[None], n_timesteps=len(x))[0]
               for x, c in zip(X, codes)]
    assert decoded[0].dtype == np.int64
    exact = np.mean([np.array_equal(d, x) for d, x in zip(decoded, X)])
    assert exact >= 0.95, exact
    assert enc.score(X) > -0.1  # minus the cross-entropy per token


def test_raw_strings_through_a_tokenizer_and_back():
    words = ["abc", "bca", "cab", "aab", "bba", "ccb"] * 6
    tok = Tokenizer(level="char")
    pipe = make_pipeline(tok, RNNEncoder(cell="gru", embedding_dim=6, hidden_size=24,
                                         max_iter=150, learning_rate_init=0.01,
                                         batch_size=8, random_state=0)).fit(words)
    codes = pipe.transform(words[:6])
    assert codes.shape == (6, 24)
    enc = pipe[-1]
    assert enc.vocabulary_size_ == len(tok.vocabulary_)
    ids = enc.inverse_transform(codes, n_timesteps=3)
    assert tok.inverse_transform(ids) == words[:6]


def test_round_trips_and_errors(tmp_path):
    X = _tokens(1, vocabulary=5)
    enc = RNNEncoder(embedding_dim=2, hidden_size=3, max_iter=2, random_state=0).fit(X)
    save(enc, tmp_path / "e.skrnn")
    again = load(tmp_path / "e.skrnn")
    assert_array_equal(again.transform(X), enc.transform(X))
    assert again.score(X) == enc.score(X)
    codes = enc.transform(X[:2])
    assert_array_equal(again.inverse_transform(codes, n_timesteps=2),
                       enc.inverse_transform(codes, n_timesteps=2))
    with pytest.raises(ValueError, match=r"X\[1\] holds token id 7, outside the "
                                         r"vocabulary of 5 tokens \(ids 0\.\.4\)"):
        enc.transform([np.array([1, 2]), np.array([7])])
    with pytest.raises(ValueError, match=r"X\[0\] must be a 1-D array of integer token "
                                         r"ids"):
        enc.score([np.array([0.5, 1.0])])
    with pytest.raises(ValueError, match=r"outside the vocabulary of 3 tokens"):
        RNNEncoder(embedding_dim=2, vocabulary_size=3, max_iter=1).fit(X)
    with pytest.raises(ValueError, match=r"The 'embedding_dim' parameter of RNNEncoder "
                                         r"must be None or an int in the range \[1, inf\)\. "
                                         r"Got 0"):
        RNNEncoder(embedding_dim=0).fit(X)


torch = pytest.importorskip("torch")


def test_token_autoencoder_matches_torch():
    X = _tokens(2)
    est = RNNEncoder(cell="lstm", embedding_dim=3, hidden_size=4, max_iter=2,
                     dtype="float64", random_state=0).fit(X)
    data = est._training_data(X, None, None, fresh=False)[0]
    views = est._model.named_views(est.params_)
    params = {k: torch.tensor(np.array(v), requires_grad=True) for k, v in views.items()}
    encoder = torch.nn.LSTM(3, 4, batch_first=True).double()
    decoder = torch.nn.LSTM(3, 4, batch_first=True).double()
    enc_state = {k: params[k] for k in encoder.state_dict()}
    dec_state = {k: params[f"decoder.{k}"] for k in decoder.state_dict()}
    table, W, b = params["embedding.weight"], params["head.weight"], params["head.bias"]
    losses, codes = [], []
    for x in X:  # one sequence at a time: no padding to get wrong
        ids = torch.as_tensor(x)[None]
        _, (h_n, _) = torch.func.functional_call(encoder, enc_state, (table[ids],))
        codes.append(h_n[-1, 0])
        reverse = ids.flip(1)
        inputs = torch.cat([torch.zeros(1, 1, 3, dtype=torch.float64),
                            table[reverse[:, :-1]]], dim=1)
        out, _ = torch.func.functional_call(
            decoder, dec_state, (inputs, (h_n, torch.zeros_like(h_n))))
        losses.append(torch.nn.functional.cross_entropy(out[0] @ W.T + b, reverse[0],
                                                        reduction="sum"))
    loss = torch.stack(losses).sum() / sum(LENGTHS)
    loss.backward()
    assert_allclose(est.transform(X), torch.stack(codes).detach().numpy(), rtol=1e-10)
    assert_allclose(-est.score(X), loss.item(), rtol=1e-10)
    ours, grad = est._model.loss_grad(est.params_, data, np.arange(len(X)))
    assert_allclose(ours, loss.item(), rtol=1e-10)
    grad = est._model.named_views(grad)
    for name, p in params.items():
        assert_allclose(grad[name], p.grad.numpy(), rtol=1e-8, atol=1e-12, err_msg=name)
