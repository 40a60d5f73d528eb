"""One-off maintainer script: convert the original ``.ts`` files into ``data/*.npz``.

Run from a checkout, in an environment where ``sktime`` is installed only to supply the
original files (skrnn itself never imports sktime)::

    pip install sktime
    python -m skrnn.datasets._convert              # finds sktime's data folder
    python -m skrnn.datasets._convert --source DIR # or: DIR/<Name>/<Name>_TRAIN.ts, ...

It rewrites ``skrnn/datasets/data/<Name>.npz`` for every bundled set and
``skrnn/datasets/data/SOURCES.md``. The output is byte-for-byte reproducible (fixed zip
timestamps), so rerunning it on the same input leaves the work tree unchanged.

The ``.ts`` format (sktime / timeseriesclassification.com): ``#`` comment lines and
``@key value`` header lines, then ``@data`` and one case per line; a case's channels are
separated by ``:``, the values of a channel by ``,``, and the class label (or regression
target) follows the last ``:``. Missing values (``?``) and time-stamped series are
rejected: none of the bundled sets has them.
"""
import argparse
import hashlib
import importlib.metadata
import importlib.util
import io
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from . import _SPECS
from ._base import DATA_DIR, describe_archive

_BOOL = {"true": True, "false": False}


@dataclass
class TsFile:
    """The parsed content of one ``.ts`` file.

    Attributes
    ----------
    problem_name : str
        The ``@problemName`` header value.
    comments : list of str
        The ``#`` comment lines of the header, without the leading ``#``.
    series : list of ndarray of shape (T_i, n_channels), float64
        One array per case, time along the first axis.
    labels : list of str or None
        The label field of every case, as written; None when the file has no labels.
    class_labels : tuple of str or None
        The labels declared by ``@classLabel true ...``; None for regression or no labels.
    """

    problem_name: str
    comments: list
    series: list
    labels: list
    class_labels: tuple

    @property
    def task(self):
        """``"classification"``, ``"regression"`` or ``"unlabelled"``."""
        if self.labels is None:
            return "unlabelled"
        return "classification" if self.class_labels is not None else "regression"

    @property
    def n_channels(self):
        """Number of channels of every case."""
        return self.series[0].shape[1]


def _flag(value, key, where):
    word = value.split()[0].lower() if value.split() else ""
    if word not in _BOOL:
        raise ValueError(f"{where}: @{key} must be true or false, got {value!r}")
    return _BOOL[word]


def _parse_channel(text, where):
    tokens = text.split(",")
    if any(tok.strip() == "?" for tok in tokens):
        raise ValueError(f"{where}: missing value '?' is not supported")
    if any(tok.strip().startswith("(") for tok in tokens):
        raise ValueError(f"{where}: time-stamped values are not supported")
    try:
        values = np.array([float(tok) for tok in tokens], dtype=np.float64)
    except ValueError as exc:
        raise ValueError(f"{where}: {exc}") from None
    if not np.all(np.isfinite(values)):
        raise ValueError(f"{where}: non-finite value")
    return values


def read_ts(path):
    """Parse one ``.ts`` file.

    Parameters
    ----------
    path : str or Path
        The file to read.

    Returns
    -------
    TsFile
        Cases as float64 arrays of shape ``(T_i, n_channels)`` and labels as strings.

    Raises
    ------
    ValueError
        On a malformed header, a missing value ``?``, time stamps, cases whose channels
        differ in length, a channel count or length that contradicts the header, or a
        label outside the declared classes.
    """
    path = Path(path)
    header, comments = {}, []
    with open(path, encoding="utf-8") as fh:
        lines = fh.read().splitlines()

    body_start = None
    for i, raw in enumerate(lines):
        line = raw.strip()
        where = f"{path.name}:{i + 1}"
        if not line:
            continue
        if line.startswith("#"):
            comments.append(line[1:].rstrip())
            continue
        if not line.startswith("@"):
            raise ValueError(f"{where}: expected a header line before @data, got {line[:40]!r}")
        key, _, value = line[1:].partition(" ")
        key = key.lower()
        if key == "data":
            body_start = i + 1
            break
        if key in header:
            raise ValueError(f"{where}: duplicate @{key}")
        header[key] = value.strip()
    if body_start is None:
        raise ValueError(f"{path.name}: no @data line")

    where = path.name
    if "timestamps" in header and _flag(header["timestamps"], "timeStamps", where):
        raise ValueError(f"{where}: time-stamped series are not supported")
    class_labels = None
    has_class = False
    if "classlabel" in header:
        has_class = _flag(header["classlabel"], "classLabel", where)
        if has_class:
            class_labels = tuple(header["classlabel"].split()[1:])
            if not class_labels or len(set(class_labels)) != len(class_labels):
                raise ValueError(f"{where}: @classLabel true needs distinct class labels")
    has_target = "targetlabel" in header and _flag(header["targetlabel"], "targetLabel", where)
    if has_class and has_target:
        raise ValueError(f"{where}: both @classLabel and @targetLabel are true")
    n_dims = None
    if "univariate" in header and _flag(header["univariate"], "univariate", where):
        n_dims = 1
    if "dimensions" in header:
        n_dims_declared = int(header["dimensions"])
        if n_dims is not None and n_dims_declared != n_dims:
            raise ValueError(f"{where}: @univariate true but @dimensions {n_dims_declared}")
        n_dims = n_dims_declared
    equal_length = "equallength" in header and _flag(header["equallength"], "equalLength", where)
    series_length = int(header["serieslength"]) if "serieslength" in header else None

    series, labels = [], ([] if (has_class or has_target) else None)
    for i in range(body_start, len(lines)):
        line = lines[i].strip()
        where = f"{path.name}:{i + 1}"
        if not line:
            continue
        fields = line.split(":")
        if labels is not None:
            if len(fields) < 2:
                raise ValueError(f"{where}: no label after the last ':'")
            label = fields.pop().strip()
            if has_class and label not in class_labels:
                raise ValueError(f"{where}: label {label!r} not in @classLabel {class_labels}")
            if has_target and not np.isfinite(float(label)):
                raise ValueError(f"{where}: non-finite target {label!r}")
            labels.append(label)
        channels = [_parse_channel(f, where) for f in fields]
        if len({c.size for c in channels}) != 1:
            raise ValueError(f"{where}: channels of one case differ in length")
        if n_dims is not None and len(channels) != n_dims:
            raise ValueError(f"{where}: {len(channels)} channels, header says {n_dims}")
        if series and len(channels) != series[0].shape[1]:
            raise ValueError(f"{where}: channel count differs from the first case")
        if series_length is not None and channels[0].size != series_length:
            raise ValueError(f"{where}: length {channels[0].size}, @seriesLength {series_length}")
        series.append(np.stack(channels, axis=1))
    if not series:
        raise ValueError(f"{path.name}: no cases after @data")
    if equal_length and len({s.shape[0] for s in series}) != 1:
        raise ValueError(f"{path.name}: @equalLength true but lengths differ")
    return TsFile(header.get("problemname", ""), comments, series, labels, class_labels)


def _sha256(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def write_npz(path, arrays):
    """Write arrays like ``np.savez_compressed`` but reproducibly (fixed zip timestamps).

    Parameters
    ----------
    path : Path
        The ``.npz`` file to write.
    arrays : dict of str to array_like
        Saved in insertion order; object arrays are refused (the loader reads with
        ``allow_pickle=False``).
    """
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for key, value in arrays.items():
            value = np.asanyarray(value)
            if value.dtype.hasobject:
                raise TypeError(f"{key}: object arrays cannot be stored")
            buf = io.BytesIO()
            np.lib.format.write_array(buf, value, allow_pickle=False)
            info = zipfile.ZipInfo(key + ".npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, buf.getvalue(), compresslevel=9)


def convert(spec, source_dir, out_dir, origin):
    """Convert one data set's TRAIN and TEST files into ``out_dir/<spec.filename>``.

    Parameters
    ----------
    spec : DatasetSpec
        The bundled set, as listed in ``skrnn.datasets._SPECS``.
    source_dir : Path
        Folder holding ``<Name>/<Name>_TRAIN.ts`` and ``<Name>/<Name>_TEST.ts``.
    out_dir : Path
        Folder the ``.npz`` is written to.
    origin : str
        Where the files came from (for example ``"sktime 1.2.0 wheel"``), stored in the file.

    Returns
    -------
    dict
        Counts and checksums, for SOURCES.md and the console summary.
    """
    parts = {}
    for split in ("TRAIN", "TEST"):
        src = Path(source_dir) / spec.name / f"{spec.name}_{split}.ts"
        parts[split] = (src, read_ts(src))
    (train_path, train), (test_path, test) = parts["TRAIN"], parts["TEST"]
    for ts, src in ((train, train_path), (test, test_path)):
        if ts.problem_name.lower() != spec.name.lower():
            raise ValueError(f"{src.name}: @problemName {ts.problem_name!r} is not {spec.name}")
        if ts.task != spec.task:
            raise ValueError(f"{src.name}: a {ts.task} file, expected {spec.task}")
        if ts.n_channels != len(spec.feature_names):
            raise ValueError(f"{src.name}: {ts.n_channels} channels, "
                             f"expected {len(spec.feature_names)}")
    if train.class_labels != test.class_labels:
        raise ValueError(f"{spec.name}: TRAIN and TEST declare different classes")

    cases = train.series + test.series
    lengths = np.array([c.shape[0] for c in cases], dtype=np.int32)
    values64 = np.concatenate(cases, axis=0)
    values = values64.astype(np.float32)
    labels = train.labels + test.labels
    if spec.task == "classification":
        target = np.array(labels, dtype=str)
    else:
        target = np.array([float(v) for v in labels], dtype=np.float64)
    arrays = {
        "values": values,
        "lengths": lengths,
        "n_train": np.int64(len(train.series)),
        "target": target,
        "header": np.array("\n".join(train.comments)),
        "origin": np.array(origin),
        "source_files": np.array([p.name for p in (train_path, test_path)]),
        "source_sha256": np.array([_sha256(p) for p in (train_path, test_path)]),
    }
    if spec.task == "classification":
        arrays["class_labels"] = np.array(train.class_labels, dtype=str)
    out = Path(out_dir) / spec.filename
    write_npz(out, arrays)
    return {
        "spec": spec, "out": out, "n_train": len(train.series), "n_test": len(test.series),
        "lengths": (int(lengths.min()), int(lengths.max())),
        "n_channels": values.shape[1], "classes": train.class_labels,
        "sources": [(p.name, _sha256(p)) for p in (train_path, test_path)],
        "float32_max_abs_err": float(np.max(np.abs(values.astype(np.float64) - values64))),
        "size": out.stat().st_size,
    }


def write_sources(out_dir, results, origin):
    """Write ``SOURCES.md``: one section per file, with citations and checksums."""
    lines = [
        "# Sources of the bundled data sets",
        "",
        "Generated by `python -m skrnn.datasets._convert`; edit the citations in",
        "`skrnn/datasets/__init__.py` and rerun rather than editing this file.",
        "",
        f"Every file was converted from the original `.ts` files as shipped in the {origin}",
        "(`sktime/datasets/data/<Name>/<Name>_{TRAIN,TEST}.ts`), with the official train/test",
        "split kept: the first `n_train` cases of each file are the TRAIN file, the rest the",
        "TEST file, both in file order. Values are stored as float32, concatenated over time,",
        "with a per-case `lengths` array (no padding); labels as the original strings, targets",
        "as float64. The archives ask everyone who uses the data to cite them, as listed.",
        "",
        "The forecasting sets (airline, sunspots, Taylor, US leisure employment) are in",
        "`forecasting/`, with their own `forecasting/SOURCES.md`, written by",
        "`python -m skrnn.datasets._convert_forecasting`.",
        "",
    ]
    for res in results:
        spec = res["spec"]
        lo, hi = res["lengths"]
        length = f"{lo}" if lo == hi else f"{lo}..{hi} (unequal)"
        lines += [
            f"## `{spec.filename}`: {spec.name}",
            "",
            f"- Archive: {describe_archive(spec.archive)}",
            f"- Task: {spec.task}; train {res['n_train']}, test {res['n_test']}; "
            f"length {length}; {res['n_channels']} channel(s)"
            + (f"; classes {', '.join(res['classes'])}" if res["classes"] else ""),
            f"- Dataset page: {spec.url}",
            "- Cite:",
        ]
        lines += [f"  - {c}" for c in spec.citations]
        lines += ["- Converted from:"]
        lines += [f"  - `{name}` sha256 `{digest}`" for name, digest in res["sources"]]
        lines += [f"- Stored size: {res['size']:,} bytes", ""]
    (Path(out_dir) / "SOURCES.md").write_text("\n".join(lines), encoding="utf-8")


def _sktime_data_dir():
    spec = importlib.util.find_spec("sktime")  # locates the package without importing it
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("sktime is not installed: `pip install sktime`, or pass --source DIR")
    version = importlib.metadata.version("sktime")
    return Path(list(spec.submodule_search_locations)[0]) / "datasets" / "data", version


def main(argv=None):
    """Command-line entry point: ``python -m skrnn.datasets._convert [--source DIR]``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path,
                        help="folder with <Name>/<Name>_{TRAIN,TEST}.ts (default: sktime's)")
    parser.add_argument("--origin", help="provenance text stored in the files "
                                         "(default: 'sktime <version> wheel')")
    parser.add_argument("--out", type=Path, default=DATA_DIR, help="output folder")
    args = parser.parse_args(argv)

    if args.source is None:
        args.source, version = _sktime_data_dir()
        origin = args.origin or f"sktime {version} wheel"
    else:
        origin = args.origin or f"files under {args.source}"
    args.out.mkdir(parents=True, exist_ok=True)
    results = [convert(spec, args.source, args.out, origin) for spec in _SPECS.values()]
    write_sources(args.out, results, origin)
    for res in results:
        lo, hi = res["lengths"]
        print(f"{res['spec'].name:18s} train {res['n_train']:5d}  test {res['n_test']:5d}  "
              f"length {lo}..{hi}  channels {res['n_channels']:2d}  "
              f"float32 err {res['float32_max_abs_err']:.1e}  {res['size']:,} B")
    return 0


if __name__ == "__main__":
    sys.exit(main())
