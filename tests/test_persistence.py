"""skrnn.save / skrnn.load: bitwise round trips without pickle, and what load refuses."""
import datetime
import io
import json
import warnings
import zipfile

import numpy as np
import pandas as pd
import pytest
from sklearn.pipeline import make_pipeline, make_union
from sklearn.preprocessing import (FunctionTransformer, MaxAbsScaler, MinMaxScaler,
                                   StandardScaler)

import skrnn
from skrnn import (EchoStateEncoder, RNNClassifier, RNNEncoder, RNNForecaster,
                   RNNRegressor)
from skrnn.preprocessing import SequenceDifferencer, SequenceScaler, WindowAggregator

SMALL = dict(hidden_size=4, max_iter=2, random_state=0)
FORECAST = dict(SMALL, n_models=2, lookback=6)


@pytest.fixture(autouse=True)
def _quiet():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # 2 epochs do not converge: not what is tested
        yield


def _data():
    rng = np.random.RandomState(0)
    X = rng.randn(20, 6, 3)
    return X, np.array(["a", "b"] * 10), rng.randn(20, 2)


def _series(index):
    rng = np.random.RandomState(1)
    t = np.arange(len(index))
    return 10 + np.sin(t / 2) + 0.1 * rng.randn(len(index))


def _round_trip(obj, tmp_path, name="model.skrnn"):
    path = tmp_path / name
    skrnn.save(obj, path)
    return skrnn.load(path)


def _same(a, b):
    """Equal values of the same types, arrays bitwise (NaN equal to NaN)."""
    assert type(a) is type(b), (type(a), type(b))
    if isinstance(a, np.ndarray):
        assert a.dtype == b.dtype and a.shape == b.shape
        if a.dtype == object:
            for x, y in zip(a.ravel(), b.ravel()):
                _same(x, y)
        else:
            np.testing.assert_array_equal(a, b, strict=True)
    elif isinstance(a, (list, tuple)):
        assert len(a) == len(b)
        for x, y in zip(a, b):
            _same(x, y)
    elif isinstance(a, dict):
        assert list(a) == list(b)
        for key in a:
            _same(a[key], b[key])
    elif isinstance(a, np.random.RandomState):
        _same(a.get_state(legacy=False), b.get_state(legacy=False))
    elif isinstance(a, np.random.Generator):
        _same(a.bit_generator.state, b.bit_generator.state)
    elif isinstance(a, np.random.BitGenerator):
        _same(a.state, b.state)
    elif isinstance(a, pd.Index):
        pd.testing.assert_index_equal(a, b, exact=True)
        assert getattr(a, "freq", None) == getattr(b, "freq", None)
    elif a is pd.NaT:
        assert b is pd.NaT
    elif isinstance(a, pd.Timestamp):
        assert a == b and a.unit == b.unit and str(a.tz) == str(b.tz)
    elif hasattr(a, "get_params"):
        _check_params(a, b)
    elif isinstance(a, (float, np.floating)) and np.isnan(a):
        assert np.isnan(b)
    elif isinstance(a, (float, np.floating)):
        assert a == b and np.signbit(a) == np.signbit(b)
    else:
        assert a == b


def _same_output(a, b):
    if isinstance(a, pd.DataFrame):
        pd.testing.assert_frame_equal(a, b, check_exact=True)
    elif isinstance(a, pd.Series):
        pd.testing.assert_series_equal(a, b, check_exact=True)
    else:
        np.testing.assert_array_equal(a, b, strict=True)


def _check_params(a, b):
    pa, pb = a.get_params(deep=False), b.get_params(deep=False)
    assert list(pa) == list(pb)
    for key in pa:
        _same(pa[key], pb[key])


# ------------------------------------------------------------------- estimators
def _supervised_cases():
    X, yc, yr = _data()
    return [
        ("classifier", lambda: RNNClassifier(**SMALL), X, yc),
        ("classifier-bi-attention", lambda: RNNClassifier(
            **SMALL, cell="gru", bidirectional=True, pooling=("last", "attention"),
            class_weight={"a": 1.0, "b": 2.0}, early_stopping=True), X, yc),
        ("regressor", lambda: RNNRegressor(**SMALL, solver="sgd", cell="rnn"), X, yr),
        ("regressor-peephole", lambda: RNNRegressor(
            **SMALL, solver="rmsprop", cell="peephole_lstm", num_layers=2, dropout=0.2),
         X, yr[:, 0]),
        ("classifier-ensemble", lambda: RNNClassifier(**SMALL, n_models=2), X, yc),
        ("regressor-ensemble", lambda: RNNRegressor(**SMALL, n_models=3), X, yr),
    ]


@pytest.mark.parametrize("case", _supervised_cases(), ids=lambda c: c[0])
def test_supervised_round_trip_and_continued_training(case, tmp_path):
    _, make, X, y = case
    est = make().fit(X, y)
    assert est.params_ is est._state.params
    loaded = _round_trip(est, tmp_path)
    assert type(loaded) is type(est)
    _check_params(est, loaded)
    _same_output(est.predict(X), loaded.predict(X))
    if hasattr(est, "predict_proba"):
        _same_output(est.predict_proba(X), loaded.predict_proba(X))
    assert loaded.params_ is loaded._state.params
    assert loaded._state.optimizer.params is loaded._state.params
    # partial_fit goes on from the saved random stream and optimizer state
    est.partial_fit(X, y)
    loaded.partial_fit(X, y)
    np.testing.assert_array_equal(est.params_, loaded.params_, strict=True)
    # warm_start refits from the saved weights
    est.set_params(warm_start=True).fit(X, y)
    loaded.set_params(warm_start=True).fit(X, y)
    np.testing.assert_array_equal(est.params_, loaded.params_, strict=True)
    assert len(loaded._members) == est.n_models and loaded._members[0] is loaded._state
    for a, b in zip(est._members, loaded._members, strict=True):
        np.testing.assert_array_equal(a.params, b.params, strict=True)
    _same_output(est.predict(X), loaded.predict(X))
    assert est.loss_curve_ == loaded.loss_curve_


def test_lbfgs_regressor_round_trip(tmp_path):
    X, _, yr = _data()
    est = RNNRegressor(**SMALL, solver="lbfgs").fit(X, yr)
    loaded = _round_trip(est, tmp_path)
    _same_output(est.predict(X), loaded.predict(X))
    est.set_params(warm_start=True).fit(X, yr)
    loaded.set_params(warm_start=True).fit(X, yr)
    np.testing.assert_array_equal(est.params_, loaded.params_, strict=True)


def test_encoder_round_trip(tmp_path):
    X, _, _ = _data()
    est = RNNEncoder(**SMALL).fit(X)
    loaded = _round_trip(est, tmp_path)
    _check_params(est, loaded)
    _same_output(est.transform(X), loaded.transform(X))
    _same_output(est.inverse_transform(est.transform(X)),
                 loaded.inverse_transform(loaded.transform(X)))
    assert loaded.params_ is loaded._state.params
    est.set_params(warm_start=True).fit(X)
    loaded.set_params(warm_start=True).fit(X)
    np.testing.assert_array_equal(est.params_, loaded.params_, strict=True)


def test_echo_state_round_trip(tmp_path):
    X, _, _ = _data()
    est = EchoStateEncoder(n_reservoir=8, random_state=0).fit(X)
    loaded = _round_trip(est, tmp_path)
    _check_params(est, loaded)
    _same_output(est.transform(X), loaded.transform(X))


@pytest.mark.parametrize("make", [SequenceScaler, WindowAggregator, SequenceDifferencer,
                                  lambda: SequenceScaler().set_output(transform="pandas")])
def test_preprocessing_round_trip(make, tmp_path):
    X, _, _ = _data()
    est = make().fit(X)
    loaded = _round_trip(est, tmp_path)
    _check_params(est, loaded)
    _same_output(est.transform(X), loaded.transform(X))
    frame = pd.DataFrame(X[:, :, 0], columns=[f"t{i}" for i in range(6)])
    est, loaded = make().fit(frame), _round_trip(make().fit(frame), tmp_path)
    _same_output(est.transform(frame), loaded.transform(frame))


def test_pipeline_round_trip(tmp_path):
    X, yc, _ = _data()
    pipe = make_pipeline(SequenceScaler(), RNNClassifier(**SMALL)).fit(X, yc)
    loaded = _round_trip(pipe, tmp_path)
    assert [name for name, _ in loaded.steps] == [name for name, _ in pipe.steps]
    _same_output(pipe.predict_proba(X), loaded.predict_proba(X))
    _same_output(pipe.predict(X), loaded.predict(X))
    assert pipe.get_params().keys() == loaded.get_params().keys()
    pipe.set_params(rnnclassifier__warm_start=True).fit(X, yc)
    loaded.set_params(rnnclassifier__warm_start=True).fit(X, yc)
    np.testing.assert_array_equal(pipe[-1].params_, loaded[-1].params_, strict=True)


def test_sklearn_scaler_in_pipeline(tmp_path):
    X, _, yr = _data()
    X2 = X[:, :, 0]  # 2-D: one feature per step
    pipe = make_pipeline(StandardScaler(), RNNRegressor(**SMALL)).fit(X2, yr[:, 0])
    loaded = _round_trip(pipe, tmp_path)
    assert isinstance(loaded[0], StandardScaler)
    _same_output(pipe.predict(X2), loaded.predict(X2))


def test_allow_listed_sklearn_transformers(tmp_path):
    X, _, _ = _data()
    X2 = X[:, :, 0]
    union = make_union(StandardScaler(), MinMaxScaler(), MaxAbsScaler()).fit(X2)
    loaded = _round_trip(union, tmp_path)
    _same_output(union.transform(X2), loaded.transform(X2))
    _check_params(union, loaded)


@pytest.mark.parametrize("head", ["RidgeClassifier", "LogisticRegression", "Ridge"])
def test_linear_readouts_after_an_encoder(head, tmp_path):
    from sklearn import linear_model

    X, yc, yr = _data()
    model = getattr(linear_model, head)()
    pipe = make_pipeline(EchoStateEncoder(n_reservoir=6, random_state=0), model)
    pipe.fit(X, yr[:, 0] if head == "Ridge" else yc)
    loaded = _round_trip(pipe, tmp_path)
    assert type(loaded[-1]) is type(model)
    _same_output(pipe.predict(X), loaded.predict(X))
    if head != "Ridge":
        _same_output(pipe.decision_function(X), loaded.decision_function(X))
    _check_params(pipe, loaded)


def _forecast_inputs():
    monthly = pd.date_range("2000-01", periods=48, freq="MS")
    periods = pd.period_range("2000-01", periods=48, freq="M")
    panel = pd.MultiIndex.from_product(
        [["a", "b"], pd.date_range("2000-01", periods=30, freq="MS")], names=["id", "t"])
    daily = pd.date_range("2000-01-01", periods=53, freq="D", tz="Europe/Paris")
    hourly = pd.date_range("2000-01-01", periods=48, freq="h")
    rng = np.random.RandomState(2)
    covariates = pd.DataFrame({"y": _series(daily), "f": rng.randn(53)}, index=daily)
    return [
        ("datetime", {}, pd.Series(_series(monthly), index=monthly, name="y"), None),
        ("period", {}, pd.Series(_series(periods), index=periods, name="y"), None),
        ("integer", {}, pd.Series(_series(range(48)), index=pd.RangeIndex(0, 96, 2)),
         None),
        ("panel", {}, pd.DataFrame({"y": _series(panel)}, index=panel), None),
        ("direct-future-calendar", dict(strategy="direct", horizon=3,
                                        calendar_features=True, future_covariates=["f"]),
         covariates.iloc[:48], covariates.iloc[48:]),
        ("past-covariates", dict(past_covariates=["p"]),
         pd.DataFrame({"y": _series(hourly), "p": rng.randn(48)}, index=hourly), None),
        ("array-stateful", dict(stateful=True), _series(range(48)), None),
    ]


@pytest.mark.parametrize("case", _forecast_inputs(), ids=lambda c: c[0])
def test_forecaster_round_trip(case, tmp_path):
    _, params, X, future = case
    est = RNNForecaster(**FORECAST, **params).fit(X)
    loaded = _round_trip(est, tmp_path)
    _check_params(est, loaded)
    for attr in ("freq_", "seasonal_period_", "differences_", "lookback_"):
        _same(getattr(est, attr), getattr(loaded, attr))
    asked = [future] if future is not None else [None, 5]
    for X_future in asked:
        _same_output(est.predict(X_future), loaded.predict(X_future))
        _same_output(est.predict_quantiles(X_future), loaded.predict_quantiles(X_future))
        _same_output(est.predict_interval(X_future), loaded.predict_interval(X_future))
    assert loaded.params_ is loaded._state.params
    assert loaded._members[0] is loaded._state
    est.set_params(warm_start=True).fit(X)
    loaded.set_params(warm_start=True).fit(X)
    for a, b in zip(est._members, loaded._members):
        np.testing.assert_array_equal(a.params, b.params, strict=True)
    _same_output(est.predict_quantiles(asked[0]), loaded.predict_quantiles(asked[0]))


@pytest.mark.parametrize("make", [
    lambda: RNNClassifier(hidden_size=3, class_weight={0: 2.0}),
    lambda: RNNRegressor(pooling=("mean", "max")), lambda: RNNEncoder(),
    lambda: RNNForecaster(differences=(12, 1), future_covariates=["x"]),
    lambda: EchoStateEncoder(), SequenceScaler, WindowAggregator, SequenceDifferencer,
    lambda: make_pipeline(SequenceScaler(), RNNClassifier()),
    lambda: RNNClassifier(random_state=np.random.RandomState(3))])
def test_unfitted_round_trip(make, tmp_path):
    est = make()
    loaded = _round_trip(est, tmp_path)
    assert type(loaded) is type(est)
    assert vars(loaded).keys() == vars(est).keys()
    _check_params(est, loaded)


def test_random_state_instance_continues_identically(tmp_path):
    X, yc, _ = _data()
    est = RNNClassifier(**dict(SMALL, random_state=np.random.RandomState(5))).fit(X, yc)
    loaded = _round_trip(est, tmp_path)
    _same(est.random_state, loaded.random_state)
    est.fit(X, yc)  # a fresh fit draws from the (shared) RandomState instance
    loaded.fit(X, yc)
    np.testing.assert_array_equal(est.params_, loaded.params_, strict=True)


# ------------------------------------------------------------- the format itself
def test_file_objects_and_shared_references():
    X, yc, _ = _data()
    est = RNNClassifier(**SMALL).fit(X, yc)
    shared = np.arange(3.0)
    obj = {"a": est, "b": est, "x": [shared, shared], "y": shared[1:]}
    buffer = io.BytesIO()
    skrnn.save(obj, buffer)
    buffer.seek(0)
    loaded = skrnn.load(buffer)
    assert loaded["a"] is loaded["b"]
    assert loaded["x"][0] is loaded["x"][1]
    assert loaded["a"].params_ is loaded["a"]._state.params
    _same_output(est.predict_proba(X), loaded["a"].predict_proba(X))

    class Stream(io.RawIOBase):  # a pipe: readable, not seekable
        def __init__(self, data):
            self.data = io.BytesIO(data)

        def readable(self):
            return True

        def readinto(self, out):
            chunk = self.data.read(len(out))
            out[:len(chunk)] = chunk
            return len(chunk)

    again = skrnn.load(Stream(buffer.getvalue()))
    _same_output(est.predict_proba(X), again["a"].predict_proba(X))


def test_the_file_holds_no_pickle(tmp_path):
    X, yc, _ = _data()
    est = make_pipeline(SequenceScaler(), RNNClassifier(**SMALL)).fit(X, yc)
    path = tmp_path / "pipe.skrnn"
    skrnn.save(est, str(path))
    with zipfile.ZipFile(path) as archive:
        document = json.loads(archive.read("skrnn.json"))
        assert document["format"] == "skrnn" and document["version"] == 1
        members = [m for m in archive.namelist() if m.endswith(".npy")]
        assert members and set(archive.namelist()) == {"skrnn.json", *members}
        for member in members:
            np.load(io.BytesIO(archive.read(member)), allow_pickle=False)


def test_values_round_trip(tmp_path):
    tz_index = pd.date_range("2001-03-25", periods=4, freq="h", tz="Europe/Paris")
    value = {
        "floats": [0.1, -0.0, float("nan"), float("inf"), -float("inf"), 1e-310],
        "ints": [0, -1, 2 ** 70, True, None, "text", b"\x00\xff", 1 + 2j],
        "scalars": [np.float32(0.1), np.float16(-0.0), np.int8(-3), np.uint64(2 ** 63),
                    np.bool_(True), np.float64("nan"), np.complex64(1 - 2j),
                    np.datetime64("2000-01-01T10", "h"), np.timedelta64(3, "D"),
                    np.str_("abc"), np.longdouble(1) / 3],
        "arrays": [np.arange(6, dtype=np.float32).reshape(2, 3),
                   np.asfortranarray(np.arange(6.0).reshape(2, 3)),
                   np.array(["2000-01-01", "NaT"], dtype="datetime64[ns]"),
                   np.array(["a", "bcd"]), np.array([b"x"]), np.zeros((0, 2), np.int64),
                   np.array([["a", 1], [None, 2.5]], dtype=object),
                   np.zeros(2, dtype=[("a", "<i4"), ("b", "<f8", (2,))]),
                   np.array(3.5)],
        (1, "tuple key"): {frozenset({1, 2}), (3, (4,))},
        2: slice(1, None, 2), 3.5: range(0, 10, 3),
        "types": [np.dtype("<M8[us]"), np.dtype(">i2"), np.float32, int, np.dtype("O")],
        "random": [np.random.RandomState(7), np.random.default_rng(7),
                   np.random.Generator(np.random.Philox(3)), np.random.MT19937(1)],
        "pandas": [pd.Timestamp("2000-01-01 10:00:00.123456789"),
                   pd.Timestamp("2000-06-01", tz="Europe/Paris"), pd.NaT,
                   pd.Timestamp("2000-01-01", tz=datetime.timezone.utc),
                   pd.Timedelta("1 days 00:00:01"), pd.Period("2000Q2", freq="Q-MAR"),
                   pd.offsets.MonthBegin(2), pd.offsets.Week(weekday=6),
                   pd.offsets.BusinessDay(), pd.offsets.Hour(3),
                   pd.date_range("2000-01", periods=3, freq="MS", name="t"), tz_index,
                   pd.period_range("2000-01", periods=3, freq="M"),
                   pd.RangeIndex(3, 30, 3, name="r"), pd.Index([3, 1, 2]),
                   pd.Index(["x", "y"], name=("a", 1)), pd.Index([0.5, np.nan]),
                   pd.Index(["x", 1], dtype=object), pd.Index(["s"], dtype="string"),
                   pd.timedelta_range("1D", periods=3, freq="D"),
                   pd.MultiIndex.from_product([[1, 2], pd.period_range(
                       "2000", periods=2, freq="Y")], names=["id", None]),
                   tz_index.dtype, pd.PeriodDtype("M"), pd.Index(["x"]).dtype],
        "datetime": datetime.timedelta(days=1, seconds=2, microseconds=3),
    }
    loaded = _round_trip(value, tmp_path)
    assert list(loaded) == list(value)
    for key in value:
        if isinstance(value[key], list):
            assert len(value[key]) == len(loaded[key])
            for a, b in zip(value[key], loaded[key]):
                _same(a, b)
        elif isinstance(value[key], set):
            assert loaded[key] == value[key]
        else:
            _same(value[key], loaded[key])
    assert loaded["arrays"][1].flags.f_contiguous
    readonly = np.arange(3)
    readonly.flags.writeable = False
    assert not _round_trip(readonly, tmp_path).flags.writeable


def test_shared_types_and_generators(tmp_path):
    value = [int, int, np.float32, np.float32, np.random.MT19937(1)]
    value.append(value[-1])
    loaded = _round_trip(value, tmp_path)
    assert loaded[:4] == [int, int, np.float32, np.float32]
    assert loaded[4] is loaded[5]
    _same(loaded[4], value[4])


def test_cycles_through_lists_and_objects(tmp_path):
    cyclic = [1]
    cyclic.append(cyclic)
    loaded = _round_trip(cyclic, tmp_path)
    assert loaded[1] is loaded
    est = SequenceScaler()
    est.me = est
    assert _round_trip(est, tmp_path).me.me.with_mean is True


# ----------------------------------------------------------------------- refusals
def _tamper(path, change):
    """Edit a saved file's document in place by ``change(document)``, which may return
    ``{member: array}`` to overwrite array members."""
    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    document = json.loads(members["skrnn.json"])
    for member, array in (change(document) or {}).items():
        buffer = io.BytesIO()
        np.save(buffer, array, allow_pickle=False)
        members[member] = buffer.getvalue()
    members["skrnn.json"] = json.dumps(document).encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)


def _first(node, predicate):
    """The first node of a JSON tree that satisfies ``predicate``."""
    if isinstance(node, dict):
        if predicate(node):
            return node
        children = node.values()
    elif isinstance(node, list):
        children = node
    else:
        return None
    for child in children:
        found = _first(child, predicate)
        if found is not None:
            return found
    return None


@pytest.fixture
def saved(tmp_path):
    X, yc, _ = _data()
    path = tmp_path / "est.skrnn"
    skrnn.save(RNNClassifier(**SMALL).fit(X, yc), path)
    return path


def test_refuses_unknown_version(saved):
    _tamper(saved, lambda d: d.update(version=2))
    with pytest.raises(ValueError, match="format version 2"):
        skrnn.load(saved)


def test_refuses_other_files(saved, tmp_path):
    _tamper(saved, lambda d: d.update(format="other"))
    with pytest.raises(ValueError, match="Not a skrnn file"):
        skrnn.load(saved)
    (tmp_path / "plain.txt").write_text("hello")
    with pytest.raises(ValueError, match="not a zip"):
        skrnn.load(tmp_path / "plain.txt")


@pytest.mark.parametrize("name", ["os.system", "subprocess.Popen", "builtins.eval",
                                  "skrnn._estimators._base.BaseEstimator",
                                  "skrnn._estimators._base.BaseRNN",
                                  "skrnn.os.system", "skrnn._nothing.Thing"])
def test_refuses_classes_outside_the_allow_list(saved, name):
    _tamper(saved, lambda d: d["root"].update({"class": name}))
    with pytest.raises(ValueError, match="not allow|not a class defined in skrnn|cannot "
                                         "build"):
        skrnn.load(saved)


def test_refuses_named_tuple_tag_on_other_classes(saved):
    def change(document):
        document["root"] = {"$": "namedtuple",
                            "class": "skrnn._training._data.TrainingState", "items": []}
    _tamper(saved, change)
    with pytest.raises(ValueError, match="not a named tuple"):
        skrnn.load(saved)


def test_refuses_unknown_types(saved):
    _tamper(saved, lambda d: d["root"]["state"].update(cell={"$": "eval", "x": "1"}))
    with pytest.raises(ValueError, match="unknown type 'eval'"):
        skrnn.load(saved)


@pytest.mark.parametrize("field,value,match", [
    ("shape", [2, 2], "shape"), ("dtype", "<c16", "dtype"),
    ("member", "arrays/999.npy", "missing array member")])
def test_refuses_tampered_arrays(saved, field, value, match):
    _tamper(saved, lambda d: _first(d["root"], lambda n: n.get("$") == "ndarray")
            .update({field: value}))
    with pytest.raises(ValueError, match=match):
        skrnn.load(saved)


def test_refuses_pickled_array_members(saved):
    with zipfile.ZipFile(saved) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    buffer = io.BytesIO()
    np.save(buffer, np.array([{"a": 1}], dtype=object), allow_pickle=True)
    members["arrays/0.npy"] = buffer.getvalue()
    with zipfile.ZipFile(saved, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    with pytest.raises(ValueError, match="without pickle"):
        skrnn.load(saved)


def test_warns_on_another_skrnn_version(saved):
    _tamper(saved, lambda d: d.update(skrnn_version="0.0.1"))
    with pytest.warns(UserWarning, match="saved by skrnn 0.0.1"):
        skrnn.load(saved)


def test_refuses_unsupported_values_naming_their_path(tmp_path):
    pipe = make_pipeline(SequenceScaler(), RNNClassifier())
    pipe.steps[0][1].hook = lambda x: x
    path = tmp_path / "never.skrnn"
    with pytest.raises(TypeError, match=r"Pipeline\.steps\[0\]\[1\]\.hook: type "
                                        r"builtins\.function"):
        skrnn.save(pipe, path)
    assert not path.exists()  # nothing is written when a value is refused
    with pytest.raises(TypeError, match=r"Pipeline\.steps\[0\]\[1\]: type "
                                        r"sklearn.*FunctionTransformer"):
        skrnn.save(make_pipeline(FunctionTransformer(), RNNClassifier()), path)

    class Local:
        pass
    est = RNNClassifier()
    est._extra = {"k": [Local()]}
    with pytest.raises(TypeError, match=r"RNNClassifier\._extra\['k'\]\[0\]"):
        skrnn.save(est, path)
    with pytest.raises(TypeError, match="pandas.*Series"):
        skrnn.save({"s": pd.Series([1.0])}, path)
    recursive = ([],)
    recursive[0].append(recursive)
    with pytest.raises(TypeError, match="refers back"):
        skrnn.save(recursive, path)


# ------------------------------------------------------ consistency of loaded estimators
NETWORK = "skrnn._network._network.RNNNetwork"


def _of_class(name):
    return lambda node: node.get("class") == name


def _resize(document, node, shape):
    """Replace the array of ``node`` (or of the node it refers to) by zeros of
    ``shape(old shape)``, with a matching shape record."""
    if node["$"] == "ref":
        node = _first(document["root"], lambda n: n.get("id") == node["id"] and
                      n.get("$") != "ref")
    node["shape"] = list(shape(node["shape"]))
    dtype = np.lib.format.descr_to_dtype(node["dtype"])
    return {node["member"]: np.zeros(node["shape"], dtype=dtype)}


def _shorter(shape):
    return [shape[0] - 1, *shape[1:]]


def _state_of(name):
    return lambda document: _first(document["root"], _of_class(name))["state"]


def _saved_as(est, tmp_path):
    path = tmp_path / "tampered.skrnn"
    skrnn.save(est, path)
    skrnn.load(path)  # consistent as saved
    return path


def _from_weights():
    X, yc, _ = _data()
    weights = RNNClassifier(**SMALL).fit(X, yc).get_weights()
    return RNNClassifier(hidden_size=4).set_weights(weights)


@pytest.mark.parametrize("make", [
    lambda: RNNClassifier(**SMALL, cell="rnn", activation="relu", dtype="float64",
                          patch_size=2).fit(_data()[0], _data()[1]),
    lambda: RNNRegressor(**SMALL, solver="sgd", momentum=0.0).fit(_data()[0][:, :, 0],
                                                                  _data()[2]),
    lambda: RNNEncoder(**SMALL, cell="gru", bidirectional=True, num_layers=2).fit(
        _data()[0]),
    _from_weights,
    lambda: EchoStateEncoder(n_reservoir=5, pooling="concat").fit(_data()[0][:, :, 0]),
], ids=["relu-float64-patches", "2d-sgd", "encoder-bi", "set_weights", "echo-state-2d"])
def test_consistency_checks_accept_what_fits_make(make, tmp_path):
    _saved_as(make(), tmp_path)


@pytest.mark.parametrize("change,match", [
    (lambda d: _state_of(NETWORK)(d).update(hidden_size=8),
     r"<root>\._model\.network\.layout\.shapes\['weight_ih_l0'\] is \(16, 3\)"),
    (lambda d: _state_of(NETWORK)(d).update(input_size=2), r"_model\.network\.layout"),
    (lambda d: _state_of(NETWORK)(d).update(num_layers=2),
     r"_model\.network\.layout\.shapes lacks 'weight_ih_l1'"),
    (lambda d: _state_of(NETWORK)(d).update(bidirectional=True),
     r"_model\.network\.n_dirs"),
    (lambda d: _state_of(NETWORK)(d).update(hidden_size=0), r"hidden_size is 0"),
    (lambda d: _first(d["root"], _of_class("skrnn._network._cells._LSTMCell")).update(
        {"class": "skrnn._network._cells._GRUCell"}), r"network\.ops is not a cell"),
    (lambda d: _resize(d, d["root"]["state"]["params_"], _shorter),
     r"<root>\.params_ is an array of shape \(\d+,\)"),
    (lambda d: _resize(d, _state_of("skrnn._training._optim.Adam")(d)["m"], _shorter),
     r"<root>\._state\.optimizer\.m is an array"),
    (lambda d: d["root"]["state"].update(n_features_in_=2), r"n_features_in_ is 2"),
    (lambda d: _state_of("skrnn._models._sequence.SequenceModel")(d).update(n_outputs=3),
     r"_model\.n_params"),
])
def test_refuses_inconsistent_classifier(change, match, tmp_path):
    X, yc, _ = _data()
    path = _saved_as(RNNClassifier(**SMALL).fit(X, yc), tmp_path)
    _tamper(path, change)
    with pytest.raises(ValueError, match=r"The file is inconsistent: .*" + match):
        skrnn.load(path)


def test_checks_estimators_anywhere_in_the_tree(tmp_path):
    X, yc, _ = _data()
    pipe = make_pipeline(SequenceScaler(), RNNClassifier(**SMALL)).fit(X, yc)
    path = _saved_as({"models": [pipe]}, tmp_path)
    _tamper(path, lambda d: _state_of(NETWORK)(d).update(hidden_size=5))
    with pytest.raises(ValueError, match=r"inconsistent: <root>\['models'\]\[0\]\.steps"
                                         r"\[1\]\[1\]\._model\.network"):
        skrnn.load(path)


def test_refuses_inconsistent_encoder(tmp_path):
    X, _, _ = _data()
    path = _saved_as(RNNEncoder(**SMALL).fit(X), tmp_path)
    decoder = lambda d: _first(d["root"], _of_class(  # noqa: E731
        "skrnn._models._autoencoder.AutoencoderModel"))["state"]["decoder"]["state"]
    _tamper(path, lambda d: decoder(d).update(hidden_size=3))
    with pytest.raises(ValueError, match=r"inconsistent: <root>\._model\.decoder"):
        skrnn.load(path)


@pytest.mark.parametrize("change,match", [
    (lambda d: _resize(d, d["root"]["state"]["_members"]["items"][1]["state"]["params"],
                       _shorter), r"<root>\._members\[1\]\.params is an array"),
    (lambda d: _state_of(NETWORK)(d).update(hidden_size=3), r"_model\.network\.layout"),
    (lambda d: _state_of("skrnn._estimators._forecast._setup.ForecastSetup")(d).update(
        calendar=True), r"<root>\._model\.network\.input_size is 1, but the "
                        r"forecaster's setup makes it 3"),
    (lambda d: _state_of("skrnn._estimators._forecast._setup.ForecastSetup")(d).update(
        strategy="direct"), r"_model\.network\.input_size is 1"),
])
def test_refuses_inconsistent_forecaster(change, match, tmp_path):
    monthly = pd.date_range("2000-01", periods=48, freq="MS")
    est = RNNForecaster(**FORECAST).fit(pd.Series(_series(monthly), index=monthly))
    path = _saved_as(est, tmp_path)
    _tamper(path, change)
    with pytest.raises(ValueError, match=r"The file is inconsistent: .*" + match):
        skrnn.load(path)


@pytest.mark.parametrize("change,match", [
    (lambda d: _resize(d, d["root"]["state"]["W_"], lambda s: [s[0] - 1, s[1] - 1]),
     r"<root>\.W_ is an array of shape \(7, 7\)"),
    (lambda d: _resize(d, d["root"]["state"]["bias_"], _shorter), r"<root>\.bias_ is"),
    (lambda d: _resize(d, d["root"]["state"]["W_in_"], lambda s: [s[0], s[1] + 1]),
     r"<root>\.W_in_ is"),
    (lambda d: d["root"]["state"].update(n_reservoir=9), r"<root>\.W_in_ is"),
    (lambda d: d["root"]["state"].update(n_components_=9), r"<root>\.n_components_ is 9"),
    (lambda d: d["root"]["state"].update(washout=-1), r"<root> has invalid "
                                                        r"hyperparameters.*'washout'"),
])
def test_refuses_inconsistent_echo_state_encoder(change, match, tmp_path):
    X, _, _ = _data()
    path = _saved_as(EchoStateEncoder(n_reservoir=8, random_state=0).fit(X), tmp_path)
    _tamper(path, change)
    with pytest.raises(ValueError, match=r"The file is inconsistent: .*" + match):
        skrnn.load(path)
