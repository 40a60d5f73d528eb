"""Safe persistence without pickle: `save` and `load`.

A saved file is a zip archive of two kinds of members:

- ``skrnn.json``: the object tree, ``{"format": "skrnn", "version": 1, "root": ...}``.
  Every value is a JSON scalar (None, bool, int, str, finite float) or a tagged node
  ``{"$": tag, ...}``: containers (``list``, ``tuple``, ``dict`` with keys of any
  supported type, ``set``, ``frozenset``), objects (``"object"``: a class by dotted name
  and its ``__dict__`` / ``__slots__``; ``"namedtuple"``: a class and its fields), numpy
  values (``ndarray``, ``objarray``, ``npscalar``, ``dtype``, ``RandomState``,
  ``Generator``), pandas values (indexes, ``Timestamp``, ``Period``, ``Timedelta``,
  offsets, dtypes) and a few others (``slice``, ``range``, ``complex``, ``bytes``,
  ``timedelta``, non-finite ``float``). A value reachable twice is written once with an
  ``"id"`` and then referred to as ``{"$": "ref", "id": n}``, so shared references
  (``params_`` is the training state's vector, which the optimizer updates in place)
  stay shared after loading.
- ``arrays/<n>.npy``: each numpy array of a non-object dtype, written by `numpy.save`
  with ``allow_pickle=False``; its node records the dtype and shape, checked on loading.
  Arrays of dtype object are written element by element into the JSON instead.

Loading builds nothing but: Python built-ins, numpy and pandas values made by explicit
code (``_values``), classes defined in a module of skrnn (checked by resolving the
dotted name with `importlib` to a class whose ``__module__`` and ``__qualname__`` are
that name) and the allow-listed scikit-learn classes of ``SKLEARN_CLASSES``
(``_allowed``). Objects are created with ``cls.__new__(cls)`` and their attributes set
directly (no ``__init__`` or ``__setstate__`` runs); the only classes called are skrnn's
named tuples (with their fields), pandas offset classes and numpy bit generators, each
checked to be one. Every fitted skrnn estimator loaded is then checked to be
consistent (``skrnn._estimators._consistency``): the numba kernels trust its sizes.

``_writer`` turns the tree into nodes, ``_reader`` turns nodes back into objects.
"""
import io
import json
import os
import warnings
import zipfile

import numpy as np
import pandas as pd

from .._estimators import check_consistency
from ._allowed import SKLEARN_CLASSES
from ._reader import Reader
from ._writer import Writer

__all__ = ["FORMAT", "SKLEARN_CLASSES", "VERSION", "load", "save"]

FORMAT = "skrnn"
VERSION = 1
DOCUMENT = "skrnn.json"


def save(obj, file):
    """Save an estimator (or any supported value) to one file, without pickle.

    Parameters
    ----------
    obj : object
        A skrnn estimator, fitted or not, a `sklearn.pipeline.Pipeline` of them (also
        with scikit-learn's `FeatureUnion`, `StandardScaler`, `MinMaxScaler`,
        `MaxAbsScaler`, and the linear readouts `Ridge`, `RidgeClassifier` and
        `LogisticRegression`), or any tree of the values they hold: Python scalars, strings,
        lists, tuples, dicts, sets, numpy arrays (any dtype), scalars, dtypes and random
        generators, pandas indexes, timestamps, periods, timedeltas, offsets and dtypes,
        and instances of classes defined in skrnn (their ``__dict__`` and
        ``__slots__``).
    file : str, os.PathLike or binary file object
        Where to write; a path is written as given (no suffix is added).

    Raises
    ------
    TypeError
        When a value of another type is reachable, naming its attribute path (e.g.
        ``RNNForecaster._setup.roles``) and type. Nothing is written then.

    Notes
    -----
    Callbacks set with ``set_callbacks`` are not saved: they are hooks of the running
    process (progress bars, monitors); set them again on the loaded estimator.
    The file is a zip archive: ``skrnn.json`` describes the object tree (with
    ``"format": "skrnn"`` and ``"version": 1``) and every array is an ``.npy`` member
    written with ``allow_pickle=False``. Shared references are kept. See `load`.
    """
    from .. import __version__
    writer = Writer()
    root = writer.encode(obj, type(obj).__name__)
    document = {"format": FORMAT, "version": VERSION, "skrnn_version": __version__,
                "numpy_version": np.__version__, "pandas_version": pd.__version__,
                "root": root}
    text = json.dumps(document, allow_nan=False, separators=(",", ":"))
    if isinstance(file, (str, os.PathLike)):
        with open(os.fspath(file), "wb") as stream:
            _write_zip(stream, text, writer.arrays)
    else:
        _write_zip(file, text, writer.arrays)


def load(file):
    """Load what `save` wrote, building only allow-listed types.

    Parameters
    ----------
    file : str, os.PathLike or binary file object

    Returns
    -------
    obj : object
        An equal object: a loaded estimator predicts bitwise as the saved one did and
        can continue training (``warm_start``, ``partial_fit``) exactly as it would have.

    Raises
    ------
    ValueError
        When the file is not a skrnn file, has a format version other than 1, names a
        type or class outside the allow-list (only classes defined in skrnn, the
        scikit-learn classes listed in `save` and the numpy and pandas types handled
        explicitly), holds an array whose dtype or shape differs from what the document
        says, or is inconsistent: a fitted estimator whose parameters, optimizer state,
        network layouts, input width or reservoir weights do not match its
        hyperparameters as a fit would have made them.

    Notes
    -----
    Arrays are read with ``allow_pickle=False``. Objects are made by
    ``cls.__new__(cls)`` and their attributes set directly, so no ``__init__``,
    ``__setstate__`` or other method runs; the only classes called are skrnn's named
    tuples (with their fields), pandas offsets and numpy bit generators. A file written
    by another skrnn version loads with a warning, since the estimators' internal
    attributes may differ between versions.
    """
    if isinstance(file, (str, os.PathLike)):
        with open(os.fspath(file), "rb") as stream:
            return _load_stream(stream)
    if not (hasattr(file, "seekable") and file.seekable()):
        file = io.BytesIO(file.read())
    return _load_stream(file)


def _write_zip(stream, text, arrays):
    with zipfile.ZipFile(stream, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(DOCUMENT, text)
        for member, array in arrays:
            with archive.open(member, "w", force_zip64=True) as out:
                np.save(out, array, allow_pickle=False)


def _load_stream(stream):
    from .. import __version__
    try:
        archive = zipfile.ZipFile(stream)
    except zipfile.BadZipFile:
        raise ValueError("Not a skrnn file: not a zip archive.") from None
    with archive:
        try:
            document = json.loads(archive.read(DOCUMENT).decode("utf-8"))
        except KeyError:
            raise ValueError(f"Not a skrnn file: no {DOCUMENT} member.") from None
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise ValueError(f"Not a skrnn file: {DOCUMENT} is not JSON ({error}).") \
                from None
        if not isinstance(document, dict) or document.get("format") != FORMAT:
            raise ValueError(f'Not a skrnn file: {DOCUMENT} lacks "format": "skrnn".')
        version = document.get("version")
        if type(version) is not int or version != VERSION:
            raise ValueError(f"Unsupported skrnn file format version {version!r}: this "
                             f"skrnn reads version {VERSION}.")
        saved = document.get("skrnn_version")
        if saved != __version__:
            warnings.warn(f"This file was saved by skrnn {saved}, not {__version__} (this "
                          f"version); the estimators' internals may differ.", UserWarning,
                          stacklevel=3)
        if "root" not in document:
            raise ValueError(f"Not a skrnn file: {DOCUMENT} has no root.")
        reader = Reader(archive)
        root = reader.decode(document["root"], "<root>")
    check_consistency(reader.objects)
    return root
