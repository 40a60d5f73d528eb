"""What the head reads (pooling) and patches of steps: values by hand, the gradient of
every pooling against finite differences in float64, unequal lengths in one batch."""
import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

from _fd import numeric_gradient
from skrnn._models import SequenceModel
from skrnn._models._pooling import patches, pool
from skrnn._network import RNNNetwork
from skrnn._training import TrainingData

LENGTHS = np.array([5, 2, 7, 4])  # unequal and unsorted


def _data(features=2, n_out=3, seed=0, T=8):
    rng = np.random.RandomState(seed)
    X = rng.normal(size=(len(LENGTHS), T, features))
    for i, L in enumerate(LENGTHS):
        X[i, L:] = 0.0
    return TrainingData(X=X, lengths=LENGTHS, targets=rng.normal(size=(len(LENGTHS), n_out)),
                        sample_weight=rng.uniform(0.5, 2, len(LENGTHS)))


def _model(pooling, bidirectional, patch_size=1, cell="gru", features=2, seed=0):
    net = RNNNetwork(cell, features * patch_size, 3, 1, bidirectional, dtype=np.float64)
    model = SequenceModel(net, 3, "squared_error", pooling=pooling, patch_size=patch_size)
    params = model.init_params(np.random.RandomState(seed))
    params += np.random.RandomState(seed + 1).normal(0, 0.3, params.size)  # v != 0 too
    return model, params


@pytest.mark.parametrize("bidirectional", [False, True], ids=["uni", "bi"])
@pytest.mark.parametrize("pooling", [("last",), ("mean",), ("max",), ("attention",),
                                     ("last", "mean", "attention"), ("max", "last")],
                         ids=lambda p: "+".join(p))
@pytest.mark.parametrize("patch_size", [1, 3])
def test_pooled_head_gradient_matches_finite_differences(pooling, bidirectional,
                                                         patch_size):
    data = _data()
    model, params = _model(pooling, bidirectional, patch_size)
    rows = np.arange(data.n_samples)
    loss, grad = model.loss_grad(params, data, rows)
    numeric = numeric_gradient(lambda: model.loss_grad(params, data, rows)[0], params)
    assert_allclose(grad, numeric, rtol=1e-6, atol=1e-8)


def test_pooling_values_over_real_steps_only():
    rng = np.random.RandomState(0)
    out = rng.normal(size=(4, 8, 6))
    for i, L in enumerate(LENGTHS):
        out[i, L:] = 0.0
    v = rng.normal(size=6)
    pooled, _ = pool(out, LENGTHS, ("last", "mean", "max", "attention"), 2, v)
    for i, L in enumerate(LENGTHS):
        real = out[i, :L]
        assert_array_equal(pooled[i, :3], real[-1, :3])  # forward direction: last step
        assert_array_equal(pooled[i, 3:6], real[0, 3:])  # reverse direction: step 0
        assert_allclose(pooled[i, 6:12], real.mean(axis=0))
        assert_array_equal(pooled[i, 12:18], real.max(axis=0))
        a = np.exp(real @ v - (real @ v).max())
        assert_allclose(pooled[i, 18:], (a / a.sum()) @ real)
    # a zero attention vector is the mean
    assert_allclose(pool(out, LENGTHS, ("attention",), 1, np.zeros(6))[0],
                    pool(out, LENGTHS, ("mean",), 1)[0])


@pytest.mark.parametrize("bidirectional", [False, True], ids=["uni", "bi"])
def test_last_pooling_from_the_steps_equals_the_final_states(bidirectional):
    data = _data()
    model, params = _model(("last",), bidirectional)
    rnn_p = model.split(params)[0]
    seq = model.network.forward(rnn_p, data.X, data.lengths, return_sequences=True,
                                training=False)[0]
    final = model.network.forward(rnn_p, data.X, data.lengths, training=False)[0]
    assert_allclose(pool(seq, data.lengths, ("last",), model.network.n_dirs)[0], final,
                    rtol=1e-12)


def test_patches_end_at_each_row_s_last_step():
    X = np.arange(1.0, 8.0)[None, :, None].repeat(2, axis=0)  # steps 1..7
    X[1, 5:] = 0.0
    P, n = patches(X, np.array([7, 5]), 3)
    assert n.tolist() == [3, 2] and P.shape == (2, 3, 3)
    assert_array_equal(P[0], [[0, 0, 1], [2, 3, 4], [5, 6, 7]])  # zero-padded first patch
    assert_array_equal(P[1], [[0, 1, 2], [3, 4, 5], [0, 0, 0]])
    Q, m = patches(X, np.array([7, 5]), 1)
    assert Q is X and m.tolist() == [7, 5]


def test_predict_agrees_with_the_training_pass():
    data = _data()
    model, params = _model(("last", "attention"), True, patch_size=2)
    Z = model.predict(params, data.X, data.lengths, per_step=False)
    X, lengths = model.inputs(data.X, data.lengths)
    rnn_p, W, b = model.split(params)
    seq = model.network.forward(rnn_p, X, lengths, return_sequences=True)[0]
    pooled = pool(seq, lengths, model.pooling, 2, model._attention(params))[0]
    assert_allclose(Z, pooled @ W.T + b, rtol=1e-12)
