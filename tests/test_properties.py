"""Property tests (hypothesis) of every public estimator on any input, valid or garbage.

The property of every call (fit, partial_fit, predict, predict_proba, transform,
inverse_transform, score, the forecaster's predict / predict_quantiles /
predict_interval):

* it succeeds, and its output is finite and of the documented shape and container; or
* it raises ValueError or TypeError (scikit-learn's InvalidParameterError and
  NotFittedError are ValueErrors) with a short message (under `MAX_MESSAGE`
  characters, no array repr), and, when the estimator was fitted before the call,
  leaves it as it was: the same pickle bytes, and bitwise the same outputs on a fixed
  probe input. Any other exception type is a failure.

Three stricter rules where the answer is known in advance:

* valid input with valid hyperparameters (no garbage drawn) must fit: a refusal is a
  failure. Huge values (1e30) may make training diverge: then fit may raise a
  ValueError, which must mention ``learning_rate_init`` (the advice to follow);
* garbage input (NaN, infinity, no sequences or steps, wrong ndim, strings, objects,
  complex numbers, mismatched y, ...) must be refused, by every call;
* hyperparameters outside their documented range must be refused by fit.

Shapes are tiny (n <= 12 sequences, T <= 8 steps, F <= 3 features, hidden_size 2-4,
max_iter 1-2; the forecaster's series have at most 12 steps) and each test fixes one
cell, so that numba compiles few kernel variants (one per cell and dtype; cached on
disk). ``derandomize=True`` makes the examples the same at every run; no example
database is written.
"""
import math
import pickle
import re
import warnings
from typing import NamedTuple

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from hypothesis import HealthCheck, Phase, event, given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from skrnn import EchoStateEncoder, RNNClassifier, RNNEncoder, RNNForecaster, RNNRegressor
from skrnn.preprocessing import SequenceDifferencer, SequenceScaler, WindowAggregator

MAX_MESSAGE = 600
ALLOWED = (ValueError, TypeError)


def examples(n):
    """The settings of one property test: ``n`` examples, deterministic, no database."""
    return settings(max_examples=n, deadline=None, derandomize=True, database=None,
                    suppress_health_check=list(HealthCheck),
                    phases=[Phase.explicit, Phase.generate, Phase.shrink])


# --------------------------------------------------------------------- the property
_FAILURE_TYPES = {}


def fail(kind, message):
    """Raise a failure of type ``kind`` (an AssertionError subclass made once per kind).

    Hypothesis tells distinct bugs apart by exception type, location and chained
    context: one type per kind, raised outside any ``except`` block, reports each kind
    of failure once (shrunk on its own) instead of once per message that caused it.
    """
    if kind not in _FAILURE_TYPES:
        _FAILURE_TYPES[kind] = type(kind, (AssertionError,), {})
    raise _FAILURE_TYPES[kind](message)


def expect(condition, kind, message):
    if not condition:
        fail(kind, message)


def verify(kind, check, *args):
    """Run ``check(*args)``; an AssertionError in it becomes a failure of ``kind``."""
    try:
        check(*args)
        return
    except AssertionError as exc:
        message = str(exc)
    fail(kind, message)


class Snapshot:
    """A fitted estimator as it was: its outputs on a probe input, then its pickle.

    The outputs come first, so that a predict that legitimately caches something is
    not mistaken for a change made by the failed call that follows.
    """

    def __init__(self, est, probe):
        self.probe = probe
        self.outputs = _quiet(probe, est)
        self.blob = pickle.dumps(est)

    def check(self, est, what):
        expect(pickle.dumps(est) == self.blob, f"ChangedByFailed[{what}]",
               f"{what} raised, but changed the fitted estimator (its pickle differs): "
               f"{_changed_attributes(self.blob, est)}")
        after = _quiet(self.probe, est)
        verify(f"OutputsChangedByFailed[{what}]", _all_bitwise_equal, self.outputs, after,
               f"{what} raised, but changed the outputs")


def _changed_attributes(blob, est):
    """The names of the attributes that differ from the pickled estimator's."""
    before, now = pickle.loads(blob).__dict__, est.__dict__
    names = sorted(set(before) ^ set(now))
    for name in set(before) & set(now):
        try:
            if pickle.dumps(before[name]) != pickle.dumps(now[name]):
                names.append(name)
        except Exception:  # noqa: BLE001 (only for the message)
            names.append(name)
    return sorted(names) or "attribute order"


def _quiet(function, *args):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return function(*args)


def _all_bitwise_equal(before, after, what):
    assert len(before) == len(after), what
    for a, b in zip(before, after):
        assert_bitwise_equal(a, b, what)


def assert_bitwise_equal(a, b, what):
    if isinstance(a, str) or isinstance(b, str):  # a probe that raised: its type
        assert isinstance(a, str) and isinstance(b, str) and a == b, (
            f"{what}: {a if isinstance(a, str) else 'a result'} then "
            f"{b if isinstance(b, str) else 'a result'}")
        return
    if isinstance(a, (pd.Series, pd.DataFrame)):
        assert isinstance(b, type(a)) and a.index.equals(b.index), what
        a, b = a.to_numpy(), b.to_numpy()
    if isinstance(a, list):
        assert isinstance(b, list) and len(a) == len(b), what
        for x, y in zip(a, b):
            assert_bitwise_equal(x, y, what)
        return
    a, b = np.asarray(a), np.asarray(b)
    assert a.dtype == b.dtype and a.shape == b.shape, what
    if a.dtype.kind in "fc":
        assert a.tobytes() == b.tobytes(), what
    else:
        assert np.array_equal(a, b), what


def check_message(exc, what):
    message = str(exc)
    expect(len(message) < MAX_MESSAGE, f"LongMessage[{what}]",
           f"{what} raised {type(exc).__name__} with a {len(message)}-character message: "
           f"{message[:300]!r}...")
    expect(not re.search(r"array\(\[|\[\[|\n\s*\[", message), f"DataInMessage[{what}]",
           f"{what}: the message dumps an array: {message!r}")


def attempt(what, call, est=None, snapshot=None):
    """Run ``call()`` under the property: ``(True, result)``, or ``(False, exception)``
    for an allowed exception whose message is short and which left ``est`` as its
    ``snapshot`` (when given) says it was. Any other exception propagates unchanged,
    so that hypothesis tells the distinct bugs apart by where they are raised."""
    try:
        result = _quiet(call)
    except ALLOWED as exc:
        error = exc
    else:
        _event(f"{what}: ok")
        return True, result
    _event(f"{what}: {type(error).__name__}")  # outside the except: no chained context
    check_message(error, what)
    if snapshot is not None:
        snapshot.check(est, what)
    return False, error


def _event(text):
    """Count outcomes in hypothesis' statistics (--hypothesis-show-statistics)."""
    try:
        event(text)
    except InvalidArgument:  # outside a hypothesis test (the parametrized one)
        pass


def refused_properly(what, exc, *, valid, huge):
    """A fit that raised on input without garbage breaks the stricter rule, unless
    huge values made training diverge and the message says what to do."""
    if not valid:
        return
    if huge:
        expect(isinstance(exc, ValueError) and "learning_rate_init" in str(exc),
               f"HugeRefusedWithoutAdvice[{what}]",
               f"{what} on huge but valid input raised {type(exc).__name__}: {exc}")
        return
    fail(f"RefusedValidInput[{what}]",
         f"{what} refused valid input: {type(exc).__name__}: {exc}")


def must_refuse(what, ok, invalid, params):
    expect(not (ok and invalid is not None), f"AcceptedInvalid[{invalid}]",
           f"{what} accepted the invalid hyperparameter "
           f"{invalid}={params.get(invalid)!r}")


def must_refuse_garbage(what, ok, garbage):
    """``garbage``: what is wrong with the input ("" or None when nothing is)."""
    expect(not (ok and garbage), f"AcceptedGarbage[{what}]",
           f"{what} accepted garbage input: {garbage}")


def must_succeed(what, ok, result):
    expect(ok, f"Failed[{what}]", f"{what} failed: {result!r}")


def assert_finite(values, what):
    values = np.asarray(values)
    assert values.dtype.kind in "fiu", f"{what}: output of dtype {values.dtype}"
    assert np.all(np.isfinite(values)), f"{what}: non-finite output {values!r}"


def assert_score(value, what):
    assert np.ndim(value) == 0, f"{what}: score of shape {np.shape(value)}"
    assert isinstance(float(value), float) and math.isfinite(float(value)), (
        f"{what}: score {value!r}")


# ------------------------------------------------------------------------ sequences
CONTAINERS = ("3d", "2d", "list", "frame", "wide")
# Inputs that are valid, though unusual: they must be accepted (huge values may make
# training diverge).
VALID_DEFECTS = ("", "", "", "huge", "constant", "bool", "int", "shuffled_rows")
# Garbage: each must be refused.
GARBAGE = ("nan", "inf", "empty_sequence", "zero_samples", "ndim", "scalar", "strings",
           "object", "complex", "ragged_features", "none", "sparse")


def draw_defect(draw, valid, garbage, rate):
    """A defect: garbage with probability ``rate`` (shrinking towards valid input)."""
    if draw(st.integers(0, 99)) >= 100 - 100 * rate:
        return draw(st.sampled_from(garbage))
    return draw(st.sampled_from(valid))


class Seqs(NamedTuple):
    """A drawn X: the object passed, and what it holds when it is valid."""

    X: object
    container: str
    lengths: tuple  # per sequence
    n_features: int  # per step (1 for 2-D input)
    defect: str  # "" for plain valid input, else one of VALID_DEFECTS or GARBAGE

    @property
    def valid(self):
        return self.defect in VALID_DEFECTS

    @property
    def garbage(self):
        return "" if self.valid else f"X {self.defect}"

    @property
    def n(self):
        return len(self.lengths)


@st.composite
def sequences(draw, like=None, rate=0.3, containers=CONTAINERS):
    """X in one of the containers, with at most one defect (garbage with probability
    ``rate``).

    ``like``: a `Seqs` to resemble (same container and features; the same number of
    steps for 2-D input) with probability 1/2, so that queries after a fit are
    often valid.
    """
    if like is not None and like.valid and draw(st.booleans()):
        container, F = like.container, like.n_features
        n = draw(st.integers(1, 12))
        if container in ("2d", "wide", "3d"):
            T = like.lengths[0] if container != "3d" else draw(st.integers(1, 8))
            lengths = [T] * n
        else:
            lengths = draw(st.lists(st.integers(1, 8), min_size=n, max_size=n))
    else:
        container = draw(st.sampled_from(containers))
        n = draw(st.integers(1, 12))
        F = 1 if container in ("2d", "wide") else draw(st.integers(1, 3))
        if container in ("list", "frame"):
            lengths = draw(st.lists(st.integers(1, 8), min_size=n, max_size=n))
        else:
            lengths = [draw(st.integers(1, 8))] * n
    dtype = draw(st.sampled_from([np.float64, np.float32]))
    defect = draw_defect(draw, VALID_DEFECTS, GARBAGE, rate)
    rng = np.random.RandomState(draw(st.integers(0, 2 ** 16 - 1)))
    arrays = [rng.normal(size=(T, F)) for T in lengths]
    position = _position(draw, lengths, F)

    if defect == "ragged_features":
        container = "list"
    if defect in ("empty_sequence", "zero_samples") and container in ("frame", "wide"):
        defect = "zero_samples"
    if defect == "empty_sequence":
        if container == "list":
            arrays[position[0]] = np.zeros((0, F))
        else:
            arrays = [np.zeros((0, F)) for _ in arrays]
    elif defect == "zero_samples":
        arrays = []
    elif defect == "nan":
        arrays[position[0]][position[1:]] = np.nan
    elif defect == "inf":
        arrays[position[0]][position[1:]] = draw(st.sampled_from([np.inf, -np.inf]))
    elif defect == "huge":
        if draw(st.booleans()):
            arrays = [a * 1e30 for a in arrays]
        else:
            arrays[position[0]][position[1:]] = draw(st.sampled_from([1e30, -1e30]))
    elif defect == "constant":
        value = draw(st.sampled_from([0.0, 1.0, -3.5]))
        arrays = [np.full_like(a, value) for a in arrays]
    elif defect == "bool":
        arrays = [a > 0 for a in arrays]
    elif defect == "int":
        arrays = [np.round(3 * a).astype(np.int64) for a in arrays]
    elif defect == "strings":  # not numbers written as strings: words
        arrays = [np.char.add("v", a.astype(str)) for a in arrays]
    elif defect == "object":
        arrays = [a.astype(object) for a in arrays]
        arrays[position[0]][position[1:]] = draw(st.sampled_from(["a", None, {}]))
    elif defect == "complex":
        arrays = [a + 1j for a in arrays]
    elif defect == "ragged_features":
        i = position[0] if n > 1 else 0
        arrays[i] = np.hstack([arrays[i], arrays[i][:, :1]])
        if n == 1:
            arrays.append(rng.normal(size=(2, F)))
            lengths = list(lengths) + [2]
    arrays = [a.astype(dtype) if a.dtype.kind == "f" else a for a in arrays]

    if defect == "none":
        X = None
    elif defect == "scalar":
        X = draw(st.sampled_from([1.0, "abc", np.float64(2.0)]))
    elif defect == "sparse":
        X = sp.csr_matrix(np.vstack([a[:, 0] for a in arrays]) if container == "2d"
                          else np.vstack(arrays))
    else:
        X = _contain(draw, arrays, container, F, lengths, defect, dtype)
        if defect == "ndim":
            X = _wrong_ndim(draw, X, container, arrays)
        elif container == "frame" and len(X):  # lengths in batch order (first appearance)
            lengths = list(X.groupby(level=0, sort=False).size())
    return Seqs(X, container, tuple(lengths), F, defect)


def _position(draw, lengths, F):
    i = draw(st.integers(0, len(lengths) - 1))
    return (i, draw(st.integers(0, lengths[i] - 1)), draw(st.integers(0, F - 1)))


def _contain(draw, arrays, container, F, lengths, defect, dtype):
    if container == "3d":
        if not arrays:
            return np.zeros((0, lengths[0], F), dtype=dtype)
        return np.stack(arrays)
    if container == "2d":
        if not arrays:
            return np.zeros((0, lengths[0]), dtype=dtype)
        return np.stack([a[:, 0] for a in arrays])
    if container == "list":
        if F == 1 and defect != "ragged_features" and draw(st.booleans()):
            arrays = [a[:, 0] for a in arrays]  # (T_i,) sequences
        return arrays
    if container == "wide":
        table = (np.stack([a[:, 0] for a in arrays]) if arrays
                 else np.zeros((0, lengths[0]), dtype=dtype))
        return pd.DataFrame(table, columns=[f"t{j}" for j in range(table.shape[1])])
    # frame: one row per step, (sequence id, time) MultiIndex
    string_ids = draw(st.booleans())
    ids = [f"s{i}" if string_ids else i
           for i, a in enumerate(arrays) for _ in range(len(a))]
    times = [t for a in arrays for t in range(len(a))]
    rows = np.concatenate(arrays) if arrays else np.zeros((0, F), dtype=dtype)
    columns = (["a", "b", "c"][:F] if draw(st.booleans()) else list(range(F)))
    frame = pd.DataFrame(rows, columns=columns,
                         index=pd.MultiIndex.from_arrays([ids, times], names=["id", "t"]))
    if defect == "shuffled_rows" and len(frame) > 1:
        frame = frame.iloc[np.random.RandomState(len(frame)).permutation(len(frame))]
    return frame


def _wrong_ndim(draw, X, container, arrays):
    if container == "3d":
        return X[..., None]  # 4-D
    if container in ("2d", "wide"):
        return np.asarray(X)[0]  # 1-D
    if container == "list":
        return [a.reshape(a.shape[0], -1)[:, :, None] for a in arrays]  # 3-D sequences
    return X.set_index(pd.Index(np.zeros(len(X), dtype=int), name="extra"), append=True)


# -------------------------------------------------------------------------- targets
class Targets(NamedTuple):
    """Drawn targets: ``valid`` when a fit must accept them (with valid X), ``kind``
    what they are (a garbage kind, or a valid one)."""

    y: object
    valid: bool
    per_step: bool = False
    n_outputs: int = 0  # 0: 1-D per-sequence y
    kind: str = ""
    bad: bool = False  # a garbage kind

    def garbage(self, fitting):
        """What is wrong with y for a fresh fit (``fitting``) or for score, partial_fit
        and warm starts after one (where a single class is fine); "" when nothing
        is."""
        bad = self.bad and not (self.kind == "one_class" and not fitting)
        return f"y {self.kind}" if bad else ""


NO_TARGETS = Targets(np.zeros(3), False)  # for garbage X (never used with it)


LABEL_KINDS = ("int", "str", "bool", "per_step")
BAD_LABEL_KINDS = ("one_class", "float", "nan", "mismatch", "2d", "none", "mixed")
TARGET_KINDS = ("float", "int", "multi", "per_step", "constant", "huge")
BAD_TARGET_KINDS = ("strings", "nan", "inf", "mismatch", "none", "3d", "complex")


@st.composite
def labels(draw, seqs):
    """Classification targets for ``seqs``."""
    kind = draw_defect(draw, LABEL_KINDS, BAD_LABEL_KINDS, 0.3)
    return _labels(draw, seqs, kind)._replace(kind=kind, bad=kind in BAD_LABEL_KINDS)


def _labels(draw, seqs, kind):
    n, lengths = seqs.n, seqs.lengths
    rng = np.random.RandomState(draw(st.integers(0, 255)))
    k = draw(st.integers(2, 3))
    codes = rng.randint(0, k, size=n)
    codes[: min(n, 2)] = [0, 1][: min(n, 2)]  # two classes whenever n >= 2
    two = n >= 2
    if kind == "int":
        return Targets(codes, two)
    if kind == "str":
        return Targets(np.array(["ant", "bee", "cat"])[codes], two)
    if kind == "bool":
        return Targets(codes % 2 == 1, two)
    if kind == "per_step":
        y = [rng.randint(0, 2, size=T) for T in lengths]
        y[0][:2] = [0, 1][: len(y[0][:2])]
        return Targets(y, sum(lengths) >= 2 and len(np.unique(np.concatenate(y))) > 1,
                       per_step=True)
    if kind == "one_class":
        return Targets(np.zeros(n, dtype=int), False)
    if kind == "float":
        return Targets(rng.normal(size=n), False)
    if kind == "nan":
        y = codes.astype(float)
        y[draw(st.integers(0, n - 1))] = np.nan
        return Targets(y, False)
    if kind == "mismatch":
        return Targets(np.resize(codes, draw(st.sampled_from([0, n + 1, max(n - 1, 0)]))),
                       False)
    if kind == "2d":
        return Targets(np.stack([codes, codes], axis=1), False)
    if kind == "none":
        return Targets(None, False)
    y = codes.astype(object)  # mixed
    y[0] = "ant"
    return Targets(y, False)


@st.composite
def real_targets(draw, seqs):
    """Regression targets for ``seqs``."""
    kind = draw_defect(draw, TARGET_KINDS, BAD_TARGET_KINDS, 0.3)
    return _real_targets(draw, seqs, kind)._replace(kind=kind,
                                                    bad=kind in BAD_TARGET_KINDS)


def _real_targets(draw, seqs, kind):
    n, lengths = seqs.n, seqs.lengths
    rng = np.random.RandomState(draw(st.integers(0, 255)))
    y = rng.normal(size=n)
    if kind == "float":
        return Targets(y, True)
    if kind == "int":
        return Targets(np.round(3 * y).astype(int), True)
    if kind == "multi":
        k = draw(st.integers(1, 3))
        return Targets(rng.normal(size=(n, k)), True, n_outputs=k)
    if kind == "per_step":
        return Targets([rng.normal(size=T) for T in lengths], True, per_step=True)
    if kind == "constant":
        return Targets(np.full(n, 2.5), True)
    if kind == "huge":
        return Targets(y * 1e30, True)
    if kind == "strings":
        return Targets(np.array(["a", "b", "c"])[rng.randint(0, 3, size=n)], False)
    if kind in ("nan", "inf"):
        y[draw(st.integers(0, n - 1))] = np.nan if kind == "nan" else np.inf
        return Targets(y, False)
    if kind == "mismatch":
        return Targets(np.resize(y, draw(st.sampled_from([0, n + 1, max(n - 1, 0)]))),
                       False)
    if kind == "none":
        return Targets(None, False)
    if kind == "3d":
        return Targets(y.reshape(n, 1, 1), False)
    return Targets(y + 1j, False)  # complex


# ------------------------------------------------------------------ hyperparameters
# Values outside each parameter's documented range: fit must refuse every one.
INVALID_COMMON = {
    "hidden_size": [0, -1, True, 2.5, "4", None],
    "num_layers": [0, True, 1.0],
    "max_iter": [0, -1, True, 1.5],
    "batch_size": [0, -3, True, "big"],
    "learning_rate_init": [0, -0.1, np.nan, "fast"],
    "cell": ["LSTM", "transformer", None, 3],
    "dtype": ["float16", "int32", None],
    "dropout": [1.0, -0.1, np.nan],
    "solver": ["newton", None],
    "alpha": [-1.0, np.nan],
    "clip_norm": [0, -1.0],
    "clip_value": [0.0, -2],
    "validation_fraction": [0, 1, 1.5],
    "n_iter_no_change": [0, True],
    "tol": [-1.0],
    "init": ["he", None],
    "activation": ["sigmoid", None],
    "bidirectional": [1, "yes", None],
    "random_state": ["seed", -1, 1.5],
    "n_jobs": [0, True, 1.5],
    "momentum": [1.5, -0.5],
    "beta_1": [1.0, -0.1],
    "beta_2": [1.0],
    "epsilon": [0.0, -1e-8],
    "power_t": [-1.0],
    "learning_rate": ["cyclic"],
    "early_stopping": [1, "no"],
    "forget_bias": [np.nan, "one"],
}
INVALID_SUPERVISED = {
    "pooling": ["min", [], ["last", "bogus"], None],
    "patch_size": [0, -1, True, "big", 1.5],
}
INVALID_CLASSIFIER = {"class_weight": ["auto", [1, 2], 3]}


@st.composite
def rnn_params(draw, cell, supervised=False, classifier=False):
    """Valid hyperparameters of a trained estimator, then maybe one invalid value.

    Returns ``(params, invalid, huge)``: ``invalid`` names the invalid parameter (or
    is None), ``huge`` says learning_rate_init or forget_bias is 1e30 (training may
    diverge).
    """
    params = dict(
        cell=cell, hidden_size=draw(st.integers(2, 4)), max_iter=draw(st.integers(1, 2)),
        dtype=draw(st.sampled_from(["float32", "float64"])),
        random_state=draw(st.integers(0, 3)),
        solver=draw(st.sampled_from(["adam", "sgd", "rmsprop", "lbfgs"])),
        num_layers=draw(st.integers(1, 2)), bidirectional=draw(st.booleans()),
        batch_size=draw(st.sampled_from(["auto", 1, 3])),
        learning_rate_init=draw(st.sampled_from([1e-3, 0.05, 1e30])),
        learning_rate=draw(st.sampled_from(["constant", "invscaling", "adaptive"])),
        early_stopping=draw(st.booleans()), warm_start=draw(st.booleans()),
        dropout=draw(st.sampled_from([0.0, 0.3])),
        clip_norm=draw(st.sampled_from([None, 1.0])),
        clip_value=draw(st.sampled_from([None, 0.5])),
        alpha=draw(st.sampled_from([0.0, 1e-3])),
        init=draw(st.sampled_from(["uniform", "glorot", "orthogonal", "identity"])),
        forget_bias=draw(st.sampled_from([None, 1.0, 1e30])),
        n_iter_no_change=draw(st.sampled_from([1, 10])),
        validation_fraction=draw(st.sampled_from([0.1, 0.5])),
    )
    if supervised:
        params["pooling"] = draw(st.sampled_from(
            ["last", "mean", "max", "attention", ("last", "mean")]))
        params["patch_size"] = draw(st.sampled_from(["auto", 1, 2, 3]))
    if classifier:
        params["class_weight"] = draw(st.sampled_from([None, "balanced"]))
    huge = params["learning_rate_init"] == 1e30 or params["forget_bias"] == 1e30
    table = dict(INVALID_COMMON, **(INVALID_SUPERVISED if supervised else {}),
                 **(INVALID_CLASSIFIER if classifier else {}))
    invalid = None
    if draw(st.integers(0, 4)) == 4:
        invalid = draw(st.sampled_from(sorted(table)))
        params[invalid] = draw(st.sampled_from(table[invalid]))
    return params, invalid, huge


# ------------------------------------------------------------- output descriptions
def check_predictions(pred, seqs, per_step, n_outputs, what, classes=None):
    """``predict``'s output for X ``seqs``: (n,) or (n, k), or per step a list of
    (T_i,) / (T_i, k) arrays; finite numbers, or labels among ``classes``."""
    if per_step:
        assert isinstance(pred, list) and len(pred) == seqs.n, f"{what}: {type(pred)}"
        for p, T in zip(pred, seqs.lengths):
            shape = (T,) if n_outputs == 0 else (T, n_outputs)
            assert np.shape(p) == shape, f"{what}: shape {np.shape(p)}, expected {shape}"
            _check_values(p, what, classes)
        return
    shape = (seqs.n,) if n_outputs == 0 else (seqs.n, n_outputs)
    if seqs.container == "frame":  # pandas indexed by the ids, in their order in X
        kind = pd.Series if n_outputs == 0 else pd.DataFrame
        assert isinstance(pred, kind), f"{what}: {type(pred).__name__} for a frame"
        ids = seqs.X.index.get_level_values(0).unique()
        assert pred.index.equals(ids), f"{what}: index {pred.index!r}, expected {ids!r}"
        pred = pred.to_numpy()
    assert isinstance(pred, np.ndarray) and pred.shape == shape, (
        f"{what}: shape {np.shape(pred)}, expected {shape}")
    _check_values(pred, what, classes)


def _check_values(values, what, classes):
    if classes is None:
        assert_finite(values, what)
    else:
        assert np.all(np.isin(values, classes)), f"{what}: labels outside classes_"


def check_proba(proba, seqs, per_step, n_classes, what):
    pieces = proba if per_step else [proba]
    shapes = ([(T, n_classes) for T in seqs.lengths] if per_step
              else [(seqs.n, n_classes)])
    assert len(pieces) == len(shapes), what
    for p, shape in zip(pieces, shapes):
        assert np.shape(p) == shape, f"{what}: shape {np.shape(p)}, expected {shape}"
        assert_finite(p, what)
        assert np.all((p >= 0) & (p <= 1)), f"{what}: probabilities outside [0, 1]"
        np.testing.assert_allclose(np.sum(p, axis=1), 1.0, rtol=1e-4, err_msg=what)


def as_steps(output, seqs, what):
    """The per-sequence (T_i, C) arrays of a transformer's output, after checking that
    it comes in X's container (a 2-D array of univariate output for 2-D input)."""
    if seqs.container in ("3d", "2d", "wide"):
        if seqs.container == "wide" and isinstance(output, pd.DataFrame):
            output = output.to_numpy()
        assert isinstance(output, np.ndarray) and output.ndim in (2, 3), (
            f"{what}: {type(output).__name__} for {seqs.container} input")
        if seqs.container == "3d":
            assert output.ndim == 3, f"{what}: a {output.ndim}-D array for 3-D input"
        out = output if output.ndim == 3 else output[:, :, None]
        return [row for row in out]
    if seqs.container == "list":
        assert isinstance(output, list) and len(output) == seqs.n, (
            f"{what}: {type(output).__name__} for a list")
        return [np.asarray(o).reshape(len(o), -1) for o in output]
    assert isinstance(output, (pd.DataFrame, pd.Series)), f"{what}: {type(output)}"
    frame = output.to_frame() if isinstance(output, pd.Series) else output
    ids = seqs.X.index.get_level_values(0).unique()  # batch order: first appearance
    level = frame.index.get_level_values(0)
    return [frame[level == i].sort_index().to_numpy() for i in ids]


def check_steps(output, seqs, lengths, n_channels, what):
    pieces = as_steps(output, seqs, what)
    assert len(pieces) == len(lengths), f"{what}: {len(pieces)} sequences"
    for piece, T in zip(pieces, lengths):
        assert piece.shape == (T, n_channels), (
            f"{what}: a sequence of shape {piece.shape}, expected {(T, n_channels)}")
        assert_finite(piece, what)


def probe_outputs(*methods):
    """A probe that collects the outputs of ``methods`` (callables of the estimator)
    which succeed; each failure is recorded by its type only."""
    def probe(est):
        out = []
        for method in methods:
            try:
                out.append(method(est))
            except ALLOWED as exc:
                out.append(type(exc).__name__)
        return out
    return probe


# ---------------------------------------------------------------- supervised tests
CLEAN_X = np.random.RandomState(7).normal(size=(6, 5, 2))
CLEAN_Y = np.array([0, 1, 0, 1, 1, 0])
CLEAN_X.flags.writeable = False  # shared: no call may change it in place
CLEAN_Y.flags.writeable = False


def _clean_fit(Est, params, cell):
    """The same kind of estimator with valid hyperparameters, fitted on clean data, so
    that the calls after a refused fit still meet a fitted estimator."""
    safe = dict(cell=cell, hidden_size=params.get("hidden_size"),
                dtype=params.get("dtype"), random_state=params.get("random_state"),
                max_iter=1)
    if type(safe["hidden_size"]) is not int or safe["hidden_size"] < 1:
        safe["hidden_size"] = 3
    if safe["dtype"] not in ("float32", "float64"):
        safe["dtype"] = "float64"
    if type(safe["random_state"]) is not int or safe["random_state"] < 0:
        safe["random_state"] = 0
    est = Est(**safe)
    y = CLEAN_Y if Est is RNNClassifier else CLEAN_Y * 1.5
    ok, exc = attempt("clean fit", lambda: est.fit(CLEAN_X, y))
    must_succeed(f"clean fit {safe}", ok, exc)
    return est, Seqs(CLEAN_X, "3d", (5,) * 6, 2, ""), Targets(y, True)


def _run_supervised(Est, data, cell):
    classifier = Est is RNNClassifier
    target = labels if classifier else real_targets
    params, invalid, huge = data.draw(
        rnn_params(cell, supervised=True, classifier=classifier), label="params")
    fit_X = data.draw(sequences(), label="fit X")
    fit_y = data.draw(target(fit_X), label="fit y") if fit_X.valid else NO_TARGETS
    est = Est(**params)
    per_step_bad = fit_y.per_step and params.get("patch_size") not in (1, "auto")
    valid = invalid is None and fit_X.valid and fit_y.valid and not per_step_bad
    ok, exc = attempt("fit", lambda: est.fit(fit_X.X, fit_y.y))
    must_refuse("fit", ok, invalid, params)
    must_refuse_garbage("fit", ok, fit_X.garbage or fit_y.garbage(True))
    if not ok:
        huge = huge or fit_X.defect == "huge" or (not classifier and _huge_y(fit_y))
        refused_properly("fit", exc, valid=valid, huge=huge)
        est, fit_X, fit_y = _clean_fit(Est, params, cell)
    n_outputs = fit_y.n_outputs
    classes = est.classes_ if classifier else None

    # the fitted estimator's outputs on its own training X
    ok, pred = attempt("predict(training X)", lambda: est.predict(fit_X.X))
    must_succeed("predict(training X)", ok, pred)
    verify("BadOutput[predict(training X)]", check_predictions, pred, fit_X,
           est.per_step_, n_outputs, "predict(training X)", classes)
    probes = [lambda e: e.predict(fit_X.X)]
    if classifier:
        ok, proba = attempt("predict_proba(training X)",
                            lambda: est.predict_proba(fit_X.X))
        must_succeed("predict_proba(training X)", ok, proba)
        verify("BadOutput[predict_proba(training X)]", check_proba, proba, fit_X,
               est.per_step_, len(classes), "predict_proba(training X)")
        probes.append(lambda e: e.predict_proba(fit_X.X))
    probe = probe_outputs(*probes)

    # predict-time calls on the query; a failed one leaves the estimator unchanged
    query_X = data.draw(sequences(like=fit_X, rate=0.5), label="query X")
    query_y = (data.draw(target(query_X), label="query y") if query_X.valid
               else NO_TARGETS)
    snapshot = Snapshot(est, probe)
    garbage = query_X.garbage or query_y.garbage(False)
    ok, pred = attempt("predict", lambda: est.predict(query_X.X), est, snapshot)
    must_refuse_garbage("predict", ok, query_X.garbage)
    if ok:
        verify("BadOutput[predict]", check_predictions, pred, query_X, est.per_step_,
               n_outputs, "predict", classes)
    if classifier:
        ok, proba = attempt("predict_proba", lambda: est.predict_proba(query_X.X), est,
                            snapshot)
        must_refuse_garbage("predict_proba", ok, query_X.garbage)
        if ok:
            verify("BadOutput[predict_proba]", check_proba, proba, query_X, est.per_step_,
                   len(classes), "predict_proba")
    ok, score = attempt("score", lambda: est.score(query_X.X, query_y.y), est, snapshot)
    must_refuse_garbage("score", ok, garbage)
    if ok and (classifier or _n_scored(query_X, query_y) >= 2):
        # (scikit-learn's R^2 of fewer than two values is NaN, with a warning)
        verify("BadOutput[score]", assert_score, score, "score")

    # continued training: partial_fit, then a refit (warm when warm_start=True)
    if hasattr(est, "partial_fit"):
        ok, _ = attempt("partial_fit", lambda: est.partial_fit(query_X.X, query_y.y), est,
                        snapshot)
        must_refuse_garbage("partial_fit", ok, garbage)
        if ok:
            ok, pred = attempt("predict after partial_fit", lambda: est.predict(fit_X.X))
            must_succeed("predict after partial_fit", ok, pred)
            verify("BadOutput[predict after partial_fit]", check_predictions, pred, fit_X,
                   est.per_step_, n_outputs, "predict after partial_fit", classes)
            snapshot = Snapshot(est, probe)
    ok, _ = attempt("refit", lambda: est.fit(query_X.X, query_y.y), est, snapshot)
    must_refuse_garbage("refit", ok, query_X.garbage or query_y.garbage(
        fitting=not est.warm_start))


def _huge_y(targets):
    try:
        values = np.concatenate(targets.y) if targets.per_step else targets.y
        return bool(np.max(np.abs(_quiet(np.asarray, values, float))) > 1e20)
    except (TypeError, ValueError):
        return False


def _n_scored(seqs, targets):
    return sum(seqs.lengths) if targets.per_step else seqs.n


@given(st.data())
@examples(300)
def test_classifier_property(data):
    _run_supervised(RNNClassifier, data, "gru")


@given(st.data())
@examples(300)
def test_regressor_property(data):
    _run_supervised(RNNRegressor, data, "lstm")


@given(st.data())
@examples(80)
def test_classifier_first_partial_fit(data):
    """The first partial_fit (``classes`` given, or not) on any X and y: the property,
    and a first call that fails leaves the estimator as it was (unfitted, nothing
    remembered for a later fit)."""
    params, invalid, huge = data.draw(rnn_params("gru", supervised=True, classifier=True))
    params["solver"] = data.draw(st.sampled_from(["adam", "sgd"]))
    X = data.draw(sequences())
    y = data.draw(labels(X)) if X.valid else NO_TARGETS
    how = data.draw(st.sampled_from(["from_y", "fewer", "more", "none"]))
    classes = None
    if how != "none" and y.valid:
        seen = np.unique(np.concatenate(y.y) if y.per_step else y.y)
        classes = {"from_y": seen, "fewer": seen[:1],
                   "more": np.concatenate([seen, seen[:1]])}[how]
    est = RNNClassifier(**params)
    blob = pickle.dumps(est)
    ok, _ = attempt("first partial_fit",
                    lambda: est.partial_fit(X.X, y.y, classes=classes))
    must_refuse("first partial_fit", ok, invalid, params)
    must_refuse_garbage("first partial_fit", ok, X.garbage or y.garbage(True))
    if not ok:
        expect(pickle.dumps(est) == blob, "ChangedByFailed[first partial_fit]",
               f"a failed first partial_fit left state behind: "
               f"{_changed_attributes(blob, est)}")
        return
    ok, pred = attempt("predict after the first partial_fit", lambda: est.predict(X.X))
    must_succeed("predict after the first partial_fit", ok, pred)
    verify("BadOutput[predict after the first partial_fit]", check_predictions, pred, X,
           est.per_step_, 0, "predict after the first partial_fit", est.classes_)


# ----------------------------------------------------------------------- encoders
@st.composite
def encoder_cases(draw):
    params, invalid, huge = draw(rnn_params("lstm"))
    return params, invalid, huge, draw(sequences()), draw(st.data())


def _check_table(values, n_rows, width, what):
    if isinstance(values, pd.DataFrame):
        values = values.to_numpy()
    assert isinstance(values, np.ndarray) and values.shape == (n_rows, width), (
        f"{what}: shape {np.shape(values)}, expected {(n_rows, width)}")
    assert_finite(values, what)


@given(encoder_cases())
@examples(200)
def test_encoder_property(case):
    params, invalid, huge, fit_X, data = case
    est = RNNEncoder(**params)
    ok, exc = attempt("fit", lambda: est.fit(fit_X.X))
    must_refuse("fit", ok, invalid, params)
    must_refuse_garbage("fit", ok, fit_X.garbage)
    if not ok:
        refused_properly("fit", exc, valid=invalid is None and fit_X.valid,
                         huge=huge or fit_X.defect == "huge")
        est, fit_X, _ = _clean_fit(RNNEncoder, params, "lstm")
    width = est.hidden_size * (2 if est.bidirectional else 1)
    expect(est.n_components_ == width, "BadOutput[n_components_]",
           f"n_components_={est.n_components_}, expected {width}")
    fitted_2d = fit_X.container in ("2d", "wide")
    n_features = 1 if fitted_2d else fit_X.n_features

    ok, codes = attempt("transform(training X)", lambda: est.transform(fit_X.X))
    must_succeed("transform(training X)", ok, codes)
    verify("BadOutput[transform(training X)]", _check_table, codes, fit_X.n, width,
           "transform(training X)")
    ok, score = attempt("score(training X)", lambda: est.score(fit_X.X))
    must_succeed("score(training X)", ok, score)
    verify("BadOutput[score(training X)]", assert_score, score, "score(training X)")
    T = data.draw(st.sampled_from([None, 1, 3]), label="n_timesteps")
    ok, decoded = attempt("inverse_transform", lambda: est.inverse_transform(
        np.asarray(codes), n_timesteps=T))
    must_succeed("inverse_transform", ok, decoded)
    steps = max(fit_X.lengths) if T is None else T
    shape = (fit_X.n, steps) if fitted_2d else (fit_X.n, steps, n_features)
    expect(np.shape(decoded) == shape, "BadOutput[inverse_transform]",
           f"inverse_transform: shape {np.shape(decoded)}, expected {shape}")
    verify("BadOutput[inverse_transform]", assert_finite, decoded, "inverse_transform")

    snapshot = Snapshot(est, probe_outputs(lambda e: e.transform(fit_X.X),
                                           lambda e: e.score(fit_X.X)))
    query = data.draw(sequences(like=fit_X, rate=0.5), label="query")
    ok, codes = attempt("transform", lambda: est.transform(query.X), est, snapshot)
    must_refuse_garbage("transform", ok, query.garbage)
    if ok:
        verify("BadOutput[transform]", _check_table, codes, query.n, width, "transform")
    ok, score = attempt("score", lambda: est.score(query.X), est, snapshot)
    must_refuse_garbage("score", ok, query.garbage)
    if ok:
        verify("BadOutput[score]", assert_score, score, "score")
    bad_codes = data.draw(st.sampled_from(
        [np.zeros((2, width + 1)), np.zeros(width), np.full((1, width), np.nan),
         np.array([["a"] * width]), np.zeros((0, width)), np.full((1, width), 1e30)]),
        label="codes")
    bad_T = data.draw(st.sampled_from([None, 0, -1, 2, 2.5, "3"]), label="n_timesteps 2")
    ok, decoded = attempt("inverse_transform(garbage)", lambda: est.inverse_transform(
        bad_codes, n_timesteps=bad_T), est, snapshot)
    if ok:
        verify("BadOutput[inverse_transform(garbage)]", assert_finite, decoded,
               "inverse_transform(garbage)")
    ok, _ = attempt("refit", lambda: est.fit(query.X), est, snapshot)
    must_refuse_garbage("refit", ok, query.garbage)


ESN_INVALID = {
    "n_reservoir": [0, -1, True, 2.5, None],
    "spectral_radius": [-1.0, np.nan, "1"],
    "leak_rate": [0.0, 1.5, np.nan],
    "input_scaling": [0.0, -1.0],
    "bias_scaling": [-1.0],
    "sparsity": [1.0, -0.1],
    "pooling": ["min", None],
    "n_segments": [0, True, 1.5],
    "washout": [-1, True],
    "dtype": ["float16", None],
    "n_jobs": [0, True],
    "random_state": ["seed"],
}


@st.composite
def echo_state_cases(draw):
    params = dict(
        n_reservoir=draw(st.integers(1, 6)),
        spectral_radius=draw(st.sampled_from([0.9, 0.0, 1e30])),
        leak_rate=draw(st.sampled_from([1.0, 0.3])),
        input_scaling=draw(st.sampled_from([2.0, 1e-30, 1e30])),
        bias_scaling=draw(st.sampled_from([1.0, 0.0])),
        sparsity=draw(st.sampled_from([0.9, 0.0, 0.999])),
        pooling=draw(st.sampled_from(["segments+max", "segments", "mean", "last", "max",
                                       "concat"])),
        n_segments=draw(st.integers(1, 4)), washout=draw(st.integers(0, 3)),
        random_state=draw(st.integers(0, 3)),
        dtype=draw(st.sampled_from(["float32", "float64"])),
        n_jobs=draw(st.sampled_from([None, 1, 2, -1])),
    )
    invalid = None
    if draw(st.integers(0, 4)) == 4:
        invalid = draw(st.sampled_from(sorted(ESN_INVALID)))
        params[invalid] = draw(st.sampled_from(ESN_INVALID[invalid]))
    return params, invalid, draw(sequences()), draw(st.data())


@given(echo_state_cases())
@examples(200)
def test_echo_state_property(case):
    params, invalid, fit_X, data = case
    est = EchoStateEncoder(**params)
    use_fit_transform = data.draw(st.booleans(), label="fit_transform")
    ok, out = attempt("fit", (lambda: est.fit_transform(fit_X.X)) if use_fit_transform
                      else (lambda: est.fit(fit_X.X)))
    must_refuse("fit", ok, invalid, params)
    must_refuse_garbage("fit", ok, fit_X.garbage)
    if not ok:
        refused_properly("fit", out, valid=invalid is None and fit_X.valid, huge=False)
        est = EchoStateEncoder(n_reservoir=3, random_state=0)
        use_fit_transform, fit_X = False, Seqs(CLEAN_X, "3d", (5,) * 6, 2, "")
        ok, out = attempt("clean fit", lambda: est.fit(fit_X.X))
        must_succeed("clean fit", ok, out)
    blocks = {"segments": est.n_segments, "segments+max": est.n_segments + 1,
              "concat": 2}.get(est.pooling, 1)
    width = est.n_reservoir * blocks
    expect(est.n_components_ == width, "BadOutput[n_components_]",
           f"n_components_={est.n_components_}, expected {width}")
    if use_fit_transform:
        verify("BadOutput[fit_transform]", _check_table, out, fit_X.n, width,
               "fit_transform")
    ok, states = attempt("transform(training X)", lambda: est.transform(fit_X.X))
    must_succeed("transform(training X)", ok, states)
    verify("BadOutput[transform(training X)]", _check_table, states, fit_X.n, width,
           "transform(training X)")
    snapshot = Snapshot(est, probe_outputs(lambda e: e.transform(fit_X.X)))
    query = data.draw(sequences(like=fit_X, rate=0.5), label="query")
    ok, states = attempt("transform", lambda: est.transform(query.X), est, snapshot)
    must_refuse_garbage("transform", ok, query.garbage)
    if ok:
        verify("BadOutput[transform]", _check_table, states, query.n, width, "transform")
    ok, _ = attempt("refit", lambda: est.fit(query.X), est, snapshot)
    must_refuse_garbage("refit", ok, query.garbage)


# ------------------------------------------------------------------ preprocessing
TRANSFORMERS = {
    "scaler": (SequenceScaler, lambda d: dict(with_mean=d(st.booleans()),
                                              with_std=d(st.booleans())),
               {"with_mean": [1, "yes", None], "with_std": [0, None],
                "copy": ["no", None]}),
    "aggregator": (WindowAggregator, lambda d: dict(
        window=d(st.integers(1, 4)),
        statistics=d(st.sampled_from(["mean", ("mean",), ("std", "last"),
                                      ("min", "max", "log_std")]))),
        {"window": [0, -1, True, 2.5, None],
         "statistics": ["median", (), ("mean", "mean"), ("mean", 3), None]}),
    "differencer": (SequenceDifferencer, lambda d: dict(
        order=d(st.integers(1, 3)), keep_original=d(st.booleans())),
        {"order": [0, -1, True, 1.5, None], "keep_original": [1, "yes", None]}),
}


def _expected_steps(est, seqs):
    """Output lengths and channels of ``est`` for the valid input ``seqs``."""
    lengths = list(seqs.lengths)
    channels = 1 if seqs.container in ("2d", "wide") else seqs.n_features
    if isinstance(est, WindowAggregator):
        stats = (est.statistics,) if isinstance(est.statistics, str) else est.statistics
        return [-(-T // est.window) for T in lengths], channels * len(stats)
    if isinstance(est, SequenceDifferencer):
        return lengths, channels * (est.order + bool(est.keep_original))
    return lengths, channels


@given(st.sampled_from(sorted(TRANSFORMERS)), st.data())
@examples(400)
def test_preprocessing_property(which, data):
    Est, draw_params, invalid_table = TRANSFORMERS[which]
    params = draw_params(data.draw)
    invalid = None
    if data.draw(st.integers(0, 4), label="invalid?") == 4:
        invalid = data.draw(st.sampled_from(sorted(invalid_table)), label="invalid")
        params[invalid] = data.draw(st.sampled_from(invalid_table[invalid]))
    fit_X = data.draw(sequences(), label="fit X")
    est = Est(**params)
    ok, exc = attempt("fit", lambda: est.fit(fit_X.X))
    must_refuse("fit", ok, invalid, params)
    must_refuse_garbage("fit", ok, fit_X.garbage)
    if not ok:
        too_long = (isinstance(est, WindowAggregator) and type(est.window) is int
                    and est.window > max(fit_X.lengths, default=0))
        refused_properly("fit", exc, huge=False,
                         valid=invalid is None and fit_X.valid and not too_long)
        est, fit_X = Est(), Seqs(CLEAN_X, "3d", (5,) * 6, 2, "")
        ok, exc = attempt("clean fit", lambda: est.fit(fit_X.X))
        must_succeed("clean fit", ok, exc)

    def check_output(output, seqs, what):
        if seqs.valid:
            lengths, channels = _expected_steps(est, seqs)
            verify(f"BadOutput[{what}]", check_steps, output, seqs, lengths, channels,
                   what)

    ok, out = attempt("transform(training X)", lambda: est.transform(fit_X.X))
    must_succeed("transform(training X)", ok, out)
    check_output(out, fit_X, "transform(training X)")
    if isinstance(est, SequenceScaler):
        ok, back = attempt("inverse_transform", lambda: est.inverse_transform(out))
        must_succeed("inverse_transform", ok, back)
        check_output(back, fit_X, "inverse_transform")

    probe = probe_outputs(lambda e: e.transform(fit_X.X))
    snapshot = Snapshot(est, probe)
    query = data.draw(sequences(like=fit_X, rate=0.5), label="query")
    ok, out = attempt("transform", lambda: est.transform(query.X), est, snapshot)
    must_refuse_garbage("transform", ok, query.garbage)
    if ok:
        check_output(out, query, "transform")
    if isinstance(est, SequenceScaler):
        ok, back = attempt("inverse_transform(query)",
                           lambda: est.inverse_transform(query.X), est, snapshot)
        must_refuse_garbage("inverse_transform(query)", ok, query.garbage)
        if ok:
            check_output(back, query, "inverse_transform(query)")
        ok, _ = attempt("partial_fit", lambda: est.partial_fit(query.X), est, snapshot)
        must_refuse_garbage("partial_fit", ok, query.garbage)
        if ok:
            ok, out = attempt("transform after partial_fit",
                              lambda: est.transform(fit_X.X))
            must_succeed("transform after partial_fit", ok, out)
            check_output(out, fit_X, "transform after partial_fit")
            snapshot = Snapshot(est, probe)
    ok, _ = attempt("refit", lambda: est.fit(query.X), est, snapshot)
    must_refuse_garbage("refit", ok, query.garbage)


# ---------------------------------------------------------------------- forecaster
SERIES_CONTAINERS = ("array1d", "array2d", "series", "frame", "panel", "list")
SERIES_VALID = ("", "", "", "huge", "constant", "bool", "int", "unsorted")
SERIES_GARBAGE = (
    "nan_target", "nan_covariate", "inf", "strings", "object", "complex", "empty",
    "no_columns", "ndim", "scalar", "irregular", "duplicate", "string_index",
    "float_index", "none", "short")  # (the last, "short", is not always garbage)
INDEX_DEFECTS = ("unsorted", "irregular", "duplicate", "string_index", "float_index")
INDEXES = ("period", "datetime", "int", "range")


class Series(NamedTuple):
    """A drawn history and the rows that follow it (both in the same container)."""

    X: object
    future: object  # the next rows, with their true values (None for garbage)
    container: str
    n_series: int
    n_columns: int
    n_future: int
    defect: str

    @property
    def garbage(self):
        """What is wrong with X ("" when nothing is; series of 1-2 steps may be
        fine)."""
        return f"X {self.defect}" if self.defect in SERIES_GARBAGE[:-1] else ""


def _time_index(kind, n, start=0):
    if kind == "period":
        return pd.period_range("2000-01", periods=n + start, freq="M")[start:]
    if kind == "datetime":
        # from a Saturday: daily steps with a gap never read as business days
        return pd.date_range("2000-01-01", periods=n + start, freq="D")[start:]
    if kind == "int":
        return pd.Index(10 + 2 * np.arange(start, start + n), dtype=np.int64)
    return pd.RangeIndex(start, start + n)


@st.composite
def series_data(draw, rate=0.3):
    container = draw(st.sampled_from(SERIES_CONTAINERS))
    index = draw(st.sampled_from(INDEXES))
    one_column = container in ("array1d", "series", "list")
    n_columns = 1 if one_column else draw(st.integers(1, 3))
    n_series = draw(st.integers(1, 3)) if container == "panel" else 1
    lengths = [draw(st.integers(3 if k == 0 else 1, 12)) for k in range(n_series)]
    n_future = draw(st.integers(1, 3))
    defect = draw_defect(draw, SERIES_VALID, SERIES_GARBAGE, rate)
    rng = np.random.RandomState(draw(st.integers(0, 2 ** 16 - 1)))
    shape = draw(st.sampled_from(["noise", "walk", "seasonal"]))
    full = []
    for T in lengths:
        t = np.arange(T + n_future)[:, None]
        noise = rng.normal(size=(T + n_future, n_columns))
        values = {"noise": noise, "walk": np.cumsum(noise, axis=0),
                  "seasonal": 5 + np.sin(2 * np.pi * t / 4) + 0.1 * noise}[shape]
        full.append(values)
    if defect == "short":
        lengths = [draw(st.integers(1, 2)) for _ in lengths]
    if defect == "empty":
        lengths = [0 for _ in lengths]
    k, row = draw(st.integers(0, n_series - 1)), draw(st.integers(0, 11))
    row = row % max(lengths[k], 1)
    train = [v[:T].copy() for v, T in zip(full, lengths)]
    future = [v[T:T + n_future].copy() for v, T in zip(full, lengths)]
    if defect == "nan_covariate" and n_columns == 1:  # the only column is a target
        defect = "nan_target"
    if defect == "nan_target" and lengths[k]:
        train[k][row, 0] = np.nan
        if lengths[k] > 1:  # a gap, which missing="mask" (the default) fills: valid
            defect = "gap"
    elif defect == "nan_covariate" and lengths[k]:
        train[k][row, n_columns - 1] = np.nan
    elif defect == "inf" and lengths[k]:
        train[k][row, 0] = np.inf
    elif defect == "huge":
        train = [v * 1e30 for v in train]
        future = [v * 1e30 for v in future]
    elif defect == "constant":
        train = [np.full_like(v, 4.0) for v in train]
        future = [np.full_like(v, 4.0) for v in future]
    elif defect == "bool":
        train, future = [v > 0 for v in train], [v > 0 for v in future]
    elif defect == "int":
        train = [np.round(v).astype(np.int64) for v in train]
        future = [np.round(v).astype(np.int64) for v in future]
    elif defect == "strings":
        train = [np.char.add("v", v.astype(str)) for v in train]
    elif defect == "object" and lengths[k]:
        train = [v.astype(object) for v in train]
        train[k][row, 0] = draw(st.sampled_from(["x", {}]))
    elif defect == "complex":
        train = [v + 1j for v in train]
    elif defect == "no_columns":
        train = [v[:, :0] for v in train]
    dtype = draw(st.sampled_from([np.float64, np.float32]))
    train = [v.astype(dtype) if v.dtype.kind == "f" else v for v in train]

    def contain(blocks, start_at_end):
        starts = lengths if start_at_end else [0] * n_series
        if container == "array1d":
            return blocks[0][:, 0] if blocks[0].shape[1] else blocks[0]
        if container == "list":
            return list(blocks[0][:, 0]) if blocks[0].shape[1] else []
        if container == "array2d":
            return blocks[0]
        names = (["y", "p", "q"][:blocks[0].shape[1]] if draw(st.booleans())
                 else list(range(blocks[0].shape[1])))
        if container in ("series", "frame"):
            idx = _time_index(index, len(blocks[0]), starts[0])
            if container == "series" and blocks[0].shape[1] == 1:
                return pd.Series(blocks[0][:, 0], index=idx, name=names[0])
            return pd.DataFrame(blocks[0], index=idx, columns=names)
        parts = []
        for i, (b, s) in enumerate(zip(blocks, starts)):
            idx = _time_index(index, len(b), s + i)  # series start at different times
            parts.append(pd.DataFrame(b, index=pd.MultiIndex.from_arrays(
                [[f"s{i}"] * len(b), idx], names=["id", "time"]), columns=names))
        return pd.concat(parts)

    X = contain(train, False)
    fut = contain(future, True) if defect in SERIES_VALID else None
    if defect == "none":
        X = None
    elif defect == "scalar":
        X = draw(st.sampled_from([3.0, "series"]))
    elif defect == "ndim":
        X = train[0][None] if container != "panel" else train[0][None, None]
    elif isinstance(X, (pd.Series, pd.DataFrame)) and len(X) >= (
            4 if defect == "irregular" else 3):  # 2 steps left of 3: no gap to see
        spoiled = _bad_index(draw, X, defect)
        if spoiled is None:  # no series long enough to show the defect: valid input
            defect = ""
        else:
            X = spoiled
    elif defect in INDEX_DEFECTS:  # no index to spoil: valid input
        defect = ""
    return Series(X, fut, container, n_series, n_columns, n_future, defect)


def _bad_index(draw, X, defect):
    if defect == "unsorted":
        return X.iloc[::-1]
    if defect == "irregular":
        if isinstance(X.index, pd.MultiIndex) and draw(st.booleans()):
            # the last series shortened to two steps with a gap between them
            last = X.index.get_level_values(0) == X.index[-1][0]
            rows = np.flatnonzero(last)
            if len(rows) >= 3:
                return X.drop(X.index[np.concatenate([rows[1:2], rows[3:]])])
        if isinstance(X.index, pd.MultiIndex):  # the middle of a series of 3 or more
            ids = X.index.get_level_values(0)
            for key in pd.unique(ids):
                rows = np.flatnonzero(ids == key)
                if len(rows) >= 3:
                    return X.drop(X.index[rows[len(rows) // 2]])
            return None
        return X.drop(X.index[len(X) // 2])
    if defect == "duplicate":
        return pd.concat([X, X.iloc[:1]])
    if defect == "string_index":
        if isinstance(X.index, pd.MultiIndex):
            return X.set_axis(pd.MultiIndex.from_arrays(
                [X.index.get_level_values(0), X.index.get_level_values(1).astype(str)]))
        return X.set_axis(X.index.astype(str))
    if defect == "float_index":
        if isinstance(X.index, pd.MultiIndex):
            return X.set_axis(pd.MultiIndex.from_arrays(
                [X.index.get_level_values(0), np.arange(len(X)) * 0.5]))
        return X.set_axis(np.arange(len(X)) * 0.5)
    return X


@given(st.data())
@examples(60)
def test_forecaster_refuses_gaps_in_any_series(data):
    """Series with a gap in their time index (some steps missing) are refused, whatever
    the index type, the number of series and their lengths (2 steps and a gap
    included), at fit and as ``history``."""
    index = data.draw(st.sampled_from(["period", "datetime", "int"]), label="index")
    lengths = data.draw(st.lists(st.integers(2, 8), min_size=1, max_size=3), label="T")
    k = data.draw(st.integers(0, len(lengths) - 1), label="gapped series")
    at = data.draw(st.integers(1, lengths[k] - 1), label="gap before step")
    skip = data.draw(st.integers(1, 3), label="missing steps")
    if index == "int" and lengths == [2]:
        lengths = [3]  # two integers alone set their own step: no gap to see
    rng = np.random.RandomState(0)
    parts = []
    for i, T in enumerate(lengths):
        steps = np.arange(T) + (skip * (np.arange(T) >= at) if i == k else 0)
        times = _time_index(index, int(steps[-1]) + 1)[steps]
        index_i = pd.MultiIndex.from_arrays([[f"s{i}"] * T, times], names=["id", "time"])
        parts.append(pd.DataFrame({"y": rng.normal(size=T)}, index=index_i))
    X = pd.concat(parts)
    if len(lengths) == 1 and data.draw(st.booleans(), label="plain index"):
        X = X.droplevel(0)
    est = RNNForecaster(cell="gru", hidden_size=2, max_iter=1, n_models=1, lookback=2,
                        differences=None, random_state=0)
    ok, _ = attempt("fit on a gapped series", lambda: est.fit(X))
    must_refuse_garbage("fit on a gapped series", ok, f"series {k} misses {skip} step(s)")
    ok, exc = attempt("fit", lambda: est.fit(SERIES_12))
    must_succeed("fit", ok, exc)
    snapshot = Snapshot(est, probe_outputs(lambda e: e.predict()))
    if isinstance(X.index, pd.MultiIndex) or index != "period":
        return  # SERIES_12 is one monthly series: only such a history is comparable
    ok, _ = attempt("predict(history=gapped)", lambda: est.predict(history=X), est,
                    snapshot)
    must_refuse_garbage("predict(history=gapped)", ok, f"misses {skip} step(s)")


FORECASTER_INVALID = {
    "horizon": [0, -1, True, 1.5, None],
    "lookback": [0, -2, True, "long", 2.5],
    "differences": [(0,), (-1,), ("a",), "none", (1.5,), (True,)],
    "seasonal_period": [0, -1, True, "monthly"],
    "n_models": [0, True, 1.5],
    "scaling": ["global"],
    "strategy": ["mimo", None],
    "stateful": [1, "yes"],
    "calendar_features": [1, None],
    "hidden_size": [0, True],
    "max_iter": [0],
    "dtype": ["float16"],
    "learning_rate_init": [0.0, np.nan],
}


@st.composite
def forecaster_cases(draw):
    data = draw(series_data())
    params = dict(
        cell="gru", hidden_size=draw(st.integers(2, 4)), max_iter=draw(st.integers(1, 2)),
        dtype=draw(st.sampled_from(["float32", "float64"])),
        random_state=draw(st.integers(0, 3)), n_models=draw(st.integers(1, 2)),
        strategy=draw(st.sampled_from(["recursive", "direct"])),
        horizon=draw(st.integers(1, 3)),
        lookback=draw(st.sampled_from(["auto", 1, 2, 4])),
        stateful=draw(st.integers(0, 4)) == 4,
        differences=draw(st.sampled_from([None, (1,), "auto", (2,), (1, 1)])),
        seasonal_period=draw(st.sampled_from(["auto", 1, 2, 3])),
        scaling=draw(st.sampled_from(["series", "window", None])),
        calendar_features=_dated(data.X) and draw(st.integers(0, 3)) == 3,
        solver=draw(st.sampled_from(["adam", "sgd", "lbfgs"])),
        early_stopping=draw(st.booleans()), bidirectional=draw(st.integers(0, 4)) == 4,
        warm_start=draw(st.booleans()),
        learning_rate_init=draw(st.sampled_from([1e-3, 0.05, 0.05, 1e30])),
    )
    if params["stateful"]:
        params.update(strategy="recursive", early_stopping=False, scaling="series")
    if params["bidirectional"]:
        params["strategy"] = "direct"
    columns = _columns_of(data.X)
    if data.defect == "nan_covariate" and columns is not None and len(columns) >= 2:
        params["past_covariates"] = [columns[-1]]  # the NaN is a covariate's: garbage
    elif data.n_columns >= 2 and draw(st.booleans()):
        if columns is not None and len(columns) >= 2:
            role = draw(st.sampled_from(["future_covariates", "past_covariates", "both"]))
            if role == "both":
                params["future_covariates"] = [columns[-1]]
                params["past_covariates"] = [columns[-1]]
            else:
                params[role] = [columns[-1]]
    if draw(st.integers(0, 19)) == 19:
        params["future_covariates"] = ["no such column"]
    invalid = None
    if draw(st.integers(0, 4)) == 4:
        invalid = draw(st.sampled_from(sorted(FORECASTER_INVALID)))
        params[invalid] = draw(st.sampled_from(FORECASTER_INVALID[invalid]))
    return params, invalid, data, draw(st.data())


def _dated(X):
    """Whether X is indexed by dates (which calendar features need)."""
    if not isinstance(X, (pd.Series, pd.DataFrame)):
        return False
    index = X.index
    if isinstance(index, pd.MultiIndex):
        index = index.get_level_values(-1)
    return isinstance(index, (pd.DatetimeIndex, pd.PeriodIndex))


def _columns_of(X):
    if isinstance(X, pd.DataFrame):
        return list(X.columns)
    if isinstance(X, np.ndarray) and X.ndim == 2:
        return list(range(X.shape[1]))
    return None


def _n_targets(est):
    return est._setup.roles.target.size


def check_forecast(est, data, out, n_steps, what, n_quantiles=None, n_series=None):
    """A forecast of ``n_steps`` steps of every series (``n_series``, by default those of
    the training ``data``) in the container of the training data; with
    ``n_quantiles``, that many values per target and step."""
    n_targets = _n_targets(est)
    kind = data.container
    n_series = data.n_series if n_series is None else n_series
    if kind in ("array1d", "list"):
        shape = (n_steps,) if n_quantiles is None else (n_steps, n_quantiles)
    elif kind == "array2d":
        shape = (n_steps, n_targets) if n_quantiles is None else (
            n_steps, n_targets, n_quantiles)
    else:
        rows = n_steps * n_series
        assert isinstance(out, (pd.Series, pd.DataFrame)), f"{what}: {type(out)}"
        if isinstance(out, pd.Series):
            assert n_quantiles is None and n_targets == 1 and kind == "series", (
                f"{what}: a Series")
            shape = (rows,)
        else:
            shape = (rows, n_targets * (n_quantiles or 1))
        assert out.shape == shape, f"{what}: shape {out.shape}, expected {shape}"
        assert_finite(out.to_numpy(), what)
        return
    assert isinstance(out, np.ndarray) and out.shape == shape, (
        f"{what}: shape {np.shape(out)}, expected {shape}")
    assert_finite(out, what)


@given(forecaster_cases())
@examples(300)
def test_forecaster_property(case):
    params, invalid, data, draw = case
    est = RNNForecaster(**params)
    ok, exc = attempt("fit", lambda: est.fit(data.X))
    must_refuse("fit", ok, invalid, params)
    must_refuse_garbage("fit", ok, data.garbage)
    if not ok:
        if isinstance(exc, ValueError) and "diverged" in str(exc):
            expect("learning_rate_init" in str(exc), "DivergedWithoutAdvice[fit]",
                   str(exc))
        return
    h = est.horizon
    with_future = bool(est._setup.roles.future.size)
    ok, out = attempt("predict()", lambda: est.predict())
    if with_future:
        expect(not ok, "Accepted[predict() without future covariates]",
               "predict() succeeded without the future covariates")
        probe = probe_outputs(lambda e: e.predict(data.future))
    else:
        must_succeed("predict()", ok, out)
        verify("BadOutput[predict()]", check_forecast, est, data, out, h, "predict()")
        probe = probe_outputs(lambda e: e.predict())
    snapshot = Snapshot(est, probe)

    steps = draw.draw(st.sampled_from([1, 2, np.int64(3), 0, -1, True, 2.5, "3", None]),
                      label="steps")
    ok, out = attempt("predict(steps)", lambda: est.predict(steps), est, snapshot)
    if ok:
        n = h if steps is None else int(steps)
        expect(type(steps) in (int, np.int64, type(None)) and n >= 1,
               "Accepted[predict(steps)]", f"predict({steps!r}) succeeded")
        verify("BadOutput[predict(steps)]", check_forecast, est, data, out, n,
               f"predict({steps!r})")

    if data.future is not None:
        ok, out = attempt("predict(future rows)", lambda: est.predict(data.future), est,
                          snapshot)
        if ok:
            verify("BadOutput[predict(future rows)]", check_forecast, est, data, out,
                   data.n_future, "predict(future rows)")
        ok, score = attempt("score(future rows)", lambda: est.score(data.future), est,
                            snapshot)
        if ok:
            verify("BadOutput[score(future rows)]", assert_score, score, "score")

    quantiles = draw.draw(st.sampled_from(
        [(0.1, 0.5, 0.9), [0.5], np.array([0.25, 0.75]), (0.0, 0.5), (0.5, 1.0), (),
         (np.nan,), ("a",), 0.5, [[0.1, 0.9]]]), label="quantiles")
    x_q = data.future if with_future else None
    n_q = data.n_future if with_future else h
    ok, out = attempt("predict_quantiles", lambda: est.predict_quantiles(
        x_q, quantiles=quantiles), est, snapshot)
    if ok:
        q = np.ravel(np.asarray(quantiles, dtype=float))
        expect(q.size and np.all((q > 0) & (q < 1)), "Accepted[quantiles]",
               f"quantiles={quantiles!r} accepted")
        verify("BadOutput[predict_quantiles]", check_forecast, est, data, out, n_q,
               "predict_quantiles", q.size)
    coverage = draw.draw(st.sampled_from([0.8, 0.5, 0.0, 1.0, True, np.nan, "0.8", -1]),
                         label="coverage")
    ok, out = attempt("predict_interval", lambda: est.predict_interval(
        x_q, coverage=coverage), est, snapshot)
    if ok:
        verify("BadOutput[predict_interval]", check_forecast, est, data, out, n_q,
               "predict_interval", 2)

    other = draw.draw(series_data(rate=0.5), label="other series")
    ok, out = attempt("predict(history=...)", lambda: est.predict(x_q, history=other.X),
                      est, snapshot)
    must_refuse_garbage("predict(history=...)", ok,
                        other.garbage if other.defect != "none" else "")  # None: none
    if ok and not with_future and other.defect in SERIES_VALID:
        verify("BadOutput[predict(history=...)]", check_forecast, est, data, out, h,
               "predict(history=...)", None, other.n_series)
    attempt("predict(other rows)", lambda: est.predict(other.future), est, snapshot)
    ok, _ = attempt("refit", lambda: est.fit(other.X), est, snapshot)
    must_refuse_garbage("refit", ok, other.garbage)


# ------------------------------------------------------------- huge step sizes
@given(st.data())
@examples(80)
def test_huge_learning_rate_fails_cleanly_or_predicts_finite_values(data):
    """A learning rate (or forget-gate bias) of 1e10-1e30 may make training diverge:
    fit then raises a ValueError that mentions ``learning_rate_init``, or it succeeds
    and every output of the fitted estimator is finite."""
    kind = data.draw(st.sampled_from(["classifier", "regressor", "encoder",
                                      "forecaster"]), label="estimator")
    common = dict(hidden_size=data.draw(st.integers(2, 4)),
                  max_iter=data.draw(st.integers(1, 2)),
                  dtype=data.draw(st.sampled_from(["float32", "float64"])),
                  solver=data.draw(st.sampled_from(["adam", "sgd", "rmsprop"])),
                  learning_rate_init=data.draw(st.sampled_from([1e30, 1e10, 1.0])),
                  clip_norm=data.draw(st.sampled_from([None, 1.0])), random_state=0)
    if data.draw(st.booleans(), label="huge forget_bias"):
        common["forget_bias"] = 1e30
    X = np.random.RandomState(1).normal(size=(6, 4, 2))
    if kind == "forecaster":  # a series of 3 steps: a single window, a single step
        series = data.draw(st.sampled_from([SERIES_12, SERIES_12.iloc[:3]]))
        est = RNNForecaster(
            cell="gru", n_models=1, differences=None,
            lookback=data.draw(st.sampled_from([2, "auto"])),
            horizon=data.draw(st.integers(1, 3 if len(series) > 3 else 2)),
            strategy=data.draw(st.sampled_from(["recursive", "direct"])),
            scaling=data.draw(st.sampled_from(["series", "window", None])), **common)
        args = (series,)
    elif kind == "encoder":
        est, args = RNNEncoder(cell="lstm", **common), (X,)
    else:
        Est = RNNClassifier if kind == "classifier" else RNNRegressor
        est = Est(cell="gru" if kind == "classifier" else "lstm", **common)
        args = (X, CLEAN_Y if kind == "classifier" else CLEAN_Y * 1e3)
    ok, exc = attempt("fit", lambda: est.fit(*args))
    if not ok:
        expect(isinstance(exc, ValueError) and "learning_rate_init" in str(exc),
               "HugeRefusedWithoutAdvice[fit]", f"fit raised {type(exc).__name__}: {exc}")
        return
    if kind == "forecaster":
        outputs = {"predict(3)": lambda: est.predict(3),
                   "predict_quantiles": lambda: est.predict_quantiles(3)}
    elif kind == "encoder":
        outputs = {"transform": lambda: est.transform(X), "score": lambda: est.score(X)}
    else:
        outputs = {"predict": lambda: est.predict(X), "score": lambda: est.score(*args)}
        if kind == "classifier":
            outputs["predict_proba"] = lambda: est.predict_proba(X)
    for what, call in outputs.items():
        ok, out = attempt(what, call)
        must_succeed(what, ok, out)
        if isinstance(out, (pd.Series, pd.DataFrame)):
            out = out.to_numpy()
        if kind != "classifier" or what != "predict":
            verify(f"BadOutput[{what} after a huge step]", assert_finite, out, what)


# ------------------------------------------------- every invalid value, one by one
# The hypothesis tests draw an invalid value in a fifth of their examples, among other
# garbage; this checks each value of the tables above once, on valid data, on a fresh
# estimator and on a fitted one (which a refused refit leaves as it was).
SERIES_12 = pd.Series(np.sin(np.arange(12.0)),
                      index=pd.period_range("2000-01", periods=12, freq="M"), name="y")
BASELINES = {
    "classifier": (lambda: RNNClassifier(cell="gru", hidden_size=2, max_iter=1,
                                         random_state=0), (CLEAN_X, CLEAN_Y),
                   {**INVALID_COMMON, **INVALID_SUPERVISED, **INVALID_CLASSIFIER}),
    "regressor": (lambda: RNNRegressor(cell="lstm", hidden_size=2, max_iter=1,
                                       random_state=0), (CLEAN_X, CLEAN_Y * 1.5),
                  {**INVALID_COMMON, **INVALID_SUPERVISED}),
    "encoder": (lambda: RNNEncoder(cell="lstm", hidden_size=2, max_iter=1,
                                   random_state=0), (CLEAN_X,), INVALID_COMMON),
    "echo_state": (lambda: EchoStateEncoder(n_reservoir=3, random_state=0), (CLEAN_X,),
                   ESN_INVALID),
    **{name: ((lambda Est=Est: Est()), (CLEAN_X,), table)
       for name, (Est, _, table) in TRANSFORMERS.items()},
    "forecaster": (lambda: RNNForecaster(cell="gru", hidden_size=2, max_iter=1,
                                         n_models=1, lookback=2, random_state=0),
                   (SERIES_12,),
                   {**{k: INVALID_COMMON[k] for k in ("cell", "batch_size", "dtype")},
                    **FORECASTER_INVALID}),
}
INVALID_CASES = [(name, param, value) for name, (_, _, table) in BASELINES.items()
                 for param, values in table.items() for value in values]


@pytest.mark.parametrize("name, param, value", INVALID_CASES,
                         ids=[f"{n}-{p}={v!r}" for n, p, v in INVALID_CASES])
def test_invalid_hyperparameter_is_refused(name, param, value):
    """Each invalid value: a fresh fit refuses it; on a fitted estimator
    (``set_params``, which validates nothing), a refit refuses it and changes nothing,
    and predict / transform meet the property (they may ignore the new value)."""
    make, args, _ = BASELINES[name]
    est = make().set_params(**{param: value})
    ok, _ = attempt(f"fit with {param}={value!r}", lambda: est.fit(*args))
    must_refuse("fit", ok, param, {param: value})

    fitted = make()
    ok, exc = attempt("baseline fit", lambda: fitted.fit(*args))
    must_succeed("baseline fit", ok, exc)
    if name == "forecaster":
        def output(e):
            return e.predict()
    elif hasattr(fitted, "transform"):
        def output(e):
            return e.transform(args[0])
    else:
        def output(e):
            return e.predict(args[0])
    snapshot = Snapshot(fitted, probe_outputs(output))
    original = fitted.get_params()[param]
    fitted.set_params(**{param: value})
    ok, _ = attempt(f"refit with {param}={value!r}", lambda: fitted.fit(*args))
    must_refuse("refit", ok, param, {param: value})
    attempt(f"output after set_params({param}={value!r})", lambda: output(fitted))
    fitted.set_params(**{param: original})
    snapshot.check(fitted, f"refit with {param}={value!r}")
