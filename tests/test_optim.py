"""skrnn._training._optim: agreement with scikit-learn's MLP optimizers and hand-written loops,
in-place float32 updates, state round trips, convergence, and make_optimizer."""
import pickle
import tracemalloc

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.neural_network._stochastic_optimizers import AdamOptimizer, SGDOptimizer

from skrnn._training._optim import SGD, Adam, RMSprop, make_optimizer

N_PARAMS = 7
TOL = dict(rtol=1e-12, atol=1e-12)

# (class, hyperparameters) covering every code path; the ids name them in reports.
CONFIGS = {
    "sgd-plain": (SGD, dict(learning_rate_init=0.05, momentum=0.0)),
    "sgd-momentum": (SGD, dict(learning_rate_init=0.05, momentum=0.9, nesterov=False)),
    "sgd-nesterov": (SGD, dict(learning_rate_init=0.05, momentum=0.9, nesterov=True)),
    "sgd-invscaling": (SGD, dict(learning_rate_init=0.3, learning_rate="invscaling",
                                 power_t=0.4)),
    "sgd-adaptive": (SGD, dict(learning_rate_init=0.05, learning_rate="adaptive")),
    "adam": (Adam, dict(learning_rate_init=0.01, beta_1=0.8, beta_2=0.99)),
    "rmsprop": (RMSprop, dict(learning_rate_init=0.01, rho=0.8)),
    "rmsprop-momentum": (RMSprop, dict(learning_rate_init=0.01, momentum=0.5)),
}


def gradients(n_steps, dtype=np.float64, seed=0):
    rng = np.random.default_rng(seed)
    return [rng.standard_normal(N_PARAMS).astype(dtype) for _ in range(n_steps)]


def start(dtype=np.float64):
    return np.random.default_rng(1).standard_normal(N_PARAMS).astype(dtype)


def run(opt, grads, first=1, epoch=4, batch=10, stop_at=()):
    """Feed ``grads`` (numbered from ``first``), calling iteration_ends every ``epoch``
    updates as MLP's loop does, and trigger_stopping at the numbers in ``stop_at``."""
    for i, g in enumerate(grads, first):
        opt.update(g)
        if i % epoch == 0:
            opt.iteration_ends(i * batch)
        if i in stop_at:
            opt.trigger_stopping("no improvement.", False)


# ---------------------------------------------------------------- against scikit-learn

@pytest.mark.parametrize("momentum, nesterov", [(0.0, True), (0.9, False), (0.9, True),
                                                (0.5, True)])
@pytest.mark.parametrize("schedule", ["constant", "invscaling", "adaptive"])
def test_sgd_matches_sklearn(momentum, nesterov, schedule):
    hyper = dict(learning_rate_init=0.07, momentum=momentum, nesterov=nesterov,
                 power_t=0.3)
    ours = SGD(start(), learning_rate=schedule, **hyper)
    ref_params = [start()]
    theirs = SGDOptimizer(ref_params, lr_schedule=schedule, **hyper)
    for i, g in enumerate(gradients(12), 1):
        ours.update(g)
        theirs.update_params(ref_params, [g.copy()])
        if i % 3 == 0:
            ours.iteration_ends(i * 16)
            theirs.iteration_ends(i * 16)
        if i in (5, 9):
            stop = ours.trigger_stopping("msg", False)
            assert stop == theirs.trigger_stopping("msg", False)
            assert stop == (schedule != "adaptive")
        assert ours.learning_rate == theirs.learning_rate
        assert_allclose(ours.params, ref_params[0], **TOL)
    if schedule == "invscaling":
        assert ours.learning_rate == 0.07 / (12 * 16 + 1) ** 0.3


def test_sgd_by_hand():
    p, g1, g2 = np.array([1.0, -2.0]), np.array([0.5, 1.0]), np.array([-1.0, 2.0])
    lr, mu = 0.1, 0.9
    plain = SGD(p.copy(), lr, momentum=0.0)
    plain.update(g1)
    assert_array_equal(plain.params, p - lr * g1)
    for nesterov in (False, True):
        opt = SGD(p.copy(), lr, momentum=mu, nesterov=nesterov)
        opt.update(g1)
        opt.update(g2)
        v1 = -lr * g1
        v2 = mu * v1 - lr * g2
        if nesterov:
            expected = p + (mu * v1 - lr * g1) + (mu * v2 - lr * g2)
        else:
            expected = p + v1 + v2
        assert_allclose(opt.params, expected, **TOL)
        assert_allclose(opt.velocity, v2, **TOL)


def test_adaptive_trigger_stopping(capsys):
    opt = SGD(np.zeros(3), learning_rate_init=0.1, learning_rate="adaptive")
    ref = SGDOptimizer([np.zeros(3)], learning_rate_init=0.1, lr_schedule="adaptive")
    opt.iteration_ends(1000)  # adaptive ignores epochs
    assert opt.learning_rate == 0.1
    n_continued = 0
    while not opt.trigger_stopping("Loss stalled.", True):
        assert not ref.trigger_stopping("", False)
        n_continued += 1
        assert opt.learning_rate == ref.learning_rate
        assert opt.learning_rate == pytest.approx(0.1 / 5**n_continued)
    assert ref.trigger_stopping("", False)
    assert opt.learning_rate <= 1e-6 < opt.learning_rate * 5
    assert n_continued == 8  # 0.1 / 5**8 = 2.56e-7
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "Loss stalled. Setting learning rate to 0.020000"
    assert out[-1] == "Loss stalled. Learning rate too small. Stopping."


@pytest.mark.parametrize("cls, hyper", [(SGD, {}), (SGD, {"learning_rate": "invscaling"}),
                                        (Adam, {}), (RMSprop, {})])
def test_other_optimizers_stop_at_once(cls, hyper, capsys):
    opt = cls(np.zeros(2), **hyper)
    assert opt.trigger_stopping("Done.", True)
    assert capsys.readouterr().out == "Done. Stopping.\n"


def test_adam_matches_sklearn():
    hyper = dict(learning_rate_init=0.02, beta_1=0.8, beta_2=0.95, epsilon=1e-7)
    ours = Adam(start(), **hyper)
    ref_params = [start()]
    theirs = AdamOptimizer(ref_params, **hyper)
    assert ours.learning_rate == theirs.learning_rate == 0.02
    for i, g in enumerate(gradients(15), 1):
        ours.update(g)
        theirs.update_params(ref_params, [g.copy()])
        ours.iteration_ends(i)
        theirs.iteration_ends(i)
        assert ours.t == theirs.t == i
        assert ours.learning_rate == pytest.approx(theirs.learning_rate, rel=1e-15)
        assert_allclose(ours.params, ref_params[0], **TOL)
        assert_allclose(ours.m, theirs.ms[0], **TOL)
        assert_allclose(ours.v, theirs.vs[0], **TOL)


@pytest.mark.parametrize("momentum", [0.0, 0.7])
def test_rmsprop_matches_numpy_loop(momentum):
    lr, rho, eps = 0.01, 0.85, 1e-6
    opt = RMSprop(start(), learning_rate_init=lr, rho=rho, epsilon=eps,
                  momentum=momentum)
    p, s, v = start(), np.zeros(N_PARAMS), np.zeros(N_PARAMS)
    for g in gradients(20):
        opt.update(g)
        s = rho * s + (1 - rho) * g**2
        step = lr * g / (np.sqrt(s) + eps)
        if momentum:
            v = momentum * v - step
            p = p + v
        else:
            p = p - step
        assert_allclose(opt.params, p, **TOL)
        assert_allclose(opt.square_avg, s, **TOL)
    assert (opt.velocity is None) == (momentum == 0)


# ---------------------------------------------------------------- in place, dtype, memory

@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("name", sorted(CONFIGS))
def test_updates_callers_array_in_place(name, dtype):
    cls, hyper = CONFIGS[name]
    params = start(dtype)
    before = params.copy()
    opt = cls(params, **hyper)
    run(opt, gradients(5, dtype))
    assert opt.params is params
    assert params.dtype == dtype
    assert not np.array_equal(params, before)
    for key, value in opt.state_dict().items():
        if isinstance(value, np.ndarray):
            assert value.dtype == dtype, key
        else:
            assert type(value) in (int, float), key
    # float32 state evolves in float32: the float64 result to float32 accuracy
    ref = cls(start(np.float64), **hyper)
    run(ref, [g.astype(np.float64) for g in gradients(5, dtype)])
    assert_allclose(params, ref.params, rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("name", sorted(CONFIGS))
def test_update_allocates_nothing_sizeable(name):
    cls, hyper = CONFIGS[name]
    n = 200_000  # 1.6 MB per float64 vector
    opt = cls(np.ones(n), **hyper)
    grad = np.full(n, 0.5)
    opt.update(grad)
    tracemalloc.start()
    try:
        for _ in range(3):
            opt.update(grad)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 8 * n / 10


def test_rejects_bad_input():
    with pytest.raises(TypeError, match="floating-point"):
        SGD(np.zeros(3, dtype=np.int64))
    with pytest.raises(TypeError, match="floating-point"):
        Adam([0.0, 1.0])
    with pytest.raises(ValueError, match="grad has shape"):
        Adam(np.zeros(3)).update(np.zeros(4))
    with pytest.raises(ValueError, match="learning_rate must be one of"):
        SGD(np.zeros(3), learning_rate="optimal")
    with pytest.raises(ValueError, match="momentum must be >= 0"):
        RMSprop(np.zeros(3), momentum=-0.1)


# ---------------------------------------------------------------- state round trip

@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("name", sorted(CONFIGS))
def test_state_dict_round_trip_is_bit_identical(name, dtype):
    cls, hyper = CONFIGS[name]
    grads = gradients(24, dtype)
    stop_at = (6, 15)  # adaptive: one learning-rate cut before and one after the break

    whole = cls(start(dtype), **hyper)
    run(whole, grads, stop_at=stop_at)

    interrupted = cls(start(dtype), **hyper)
    run(interrupted, grads[:10], stop_at=stop_at)
    params, state = interrupted.params.copy(), interrupted.state_dict()
    run(interrupted, grads[10:12])  # the snapshot must not follow later updates
    params, state = pickle.loads(pickle.dumps((params, state)))

    resumed = cls(params, **hyper)  # a fresh optimizer, as after unpickling an estimator
    resumed.load_state_dict(state)
    run(resumed, grads[10:], first=11, stop_at=stop_at)
    assert_array_equal(resumed.params, whole.params)
    assert resumed.learning_rate == whole.learning_rate
    for key, value in whole.state_dict().items():
        assert_array_equal(resumed.state_dict()[key], value)


def test_load_state_dict_validates():
    opt = SGD(np.zeros(3), momentum=0.9)
    with pytest.raises(ValueError, match="expected"):
        opt.load_state_dict(SGD(np.zeros(3), momentum=0.0).state_dict())
    with pytest.raises(ValueError, match="has shape"):
        opt.load_state_dict(SGD(np.zeros(4), momentum=0.9).state_dict())
    with pytest.raises(ValueError, match="expected"):
        opt.load_state_dict(Adam(np.zeros(3)).state_dict())


# ---------------------------------------------------------------- convergence

# Step sizes suited to the quadratic below (RMSprop hovers at a distance ~ lr).
CONVERGENCE_LR = {"sgd-plain": 0.1, "sgd-momentum": 0.03, "sgd-nesterov": 0.03,
                  "sgd-invscaling": 0.1, "sgd-adaptive": 0.03, "adam": 0.05,
                  "rmsprop": 0.01, "rmsprop-momentum": 0.01}


@pytest.mark.parametrize("name", sorted(CONFIGS))
def test_minimises_convex_quadratic(name):
    cls, hyper = CONFIGS[name]
    rng = np.random.default_rng(3)
    q, _ = np.linalg.qr(rng.standard_normal((10, 10)))
    a = q @ np.diag(np.linspace(0.5, 5.0, 10)) @ q.T  # condition number 10
    b = rng.standard_normal(10)
    x_star = np.linalg.solve(a, b)

    def gap(x):  # f(x) - f(x*) for f = x'Ax/2 - b'x
        return 0.5 * (x - x_star) @ a @ (x - x_star)

    x = np.zeros(10)
    opt = cls(x, **dict(hyper, learning_rate_init=CONVERGENCE_LR[name]))
    initial = gap(x)
    for i in range(1, 301):
        opt.update(a @ x - b)
        if i % 10 == 0:
            opt.iteration_ends(i)
    assert gap(x) < initial / 100


# ---------------------------------------------------------------- make_optimizer

MLP_HYPER = dict(learning_rate="invscaling", learning_rate_init=0.02, momentum=0.5,
                 nesterovs_momentum=False, power_t=0.25, beta_1=0.85, beta_2=0.99,
                 epsilon=1e-7, rho=0.95, batch_size=32, alpha=1e-4, max_iter=200)


def test_make_optimizer_passes_relevant_and_ignores_the_rest():
    sgd = make_optimizer("sgd", np.zeros(3), **MLP_HYPER)
    assert type(sgd) is SGD
    assert (sgd.schedule, sgd.learning_rate, sgd.momentum, sgd.nesterov, sgd.power_t) == (
        "invscaling", 0.02, 0.5, False, 0.25)
    adam = make_optimizer("adam", np.zeros(3), **MLP_HYPER)
    assert type(adam) is Adam
    assert (adam.learning_rate, adam.beta_1, adam.beta_2, adam.epsilon) == (
        0.02, 0.85, 0.99, 1e-7)
    params = np.zeros(3)
    rms = make_optimizer("rmsprop", params, **MLP_HYPER)
    assert type(rms) is RMSprop and rms.params is params
    assert (rms.learning_rate, rms.rho, rms.epsilon, rms.momentum) == (
        0.02, 0.95, 1e-7, 0.5)
    assert make_optimizer("sgd", np.zeros(3), nesterov=True,
                          nesterovs_momentum=False).nesterov  # explicit name wins
    assert type(make_optimizer("adam", np.zeros(3))) is Adam  # all defaults


@pytest.mark.parametrize("solver", ["lbfgs", "Adam", "", None, ["sgd"]])
def test_make_optimizer_rejects_unknown_solver(solver):
    with pytest.raises(ValueError, match=r"Unknown solver .*, expected one of \['adam', "
                                         r"'rmsprop', 'sgd'\]"):
        make_optimizer(solver, np.zeros(3))


@pytest.mark.parametrize("cls", [Adam, RMSprop])
def test_adaptive_schedule_reduces_every_stochastic_solver(cls):
    params = np.zeros(2)
    opt = cls(params, learning_rate_init=1e-3, learning_rate="adaptive")
    steps = []
    while not opt.trigger_stopping("flat.", False):
        steps.append(opt.step_size)
    np.testing.assert_allclose(steps, [2e-4, 4e-5, 8e-6, 1.6e-6, 3.2e-7])
    state = opt.state_dict()
    fresh = cls(np.zeros(2), learning_rate_init=1e-3, learning_rate="adaptive")
    fresh.load_state_dict(state)
    assert fresh.step_size == opt.step_size
    opt.update(np.ones(2))  # Adam's bias-corrected rate follows the reduced step
    assert np.all(params < 0) and np.all(params > -1e-5)
