"""The loaders' shared parameters, documented once and substituted into each docstring.

`loader_doc` fills in the placeholders of a loader's docstring: for a classification or
regression set its whole Parameters and Returns sections (``$loader_sections``: the
archive's official partition, the array shapes), for a forecasting set the
``return_X_y`` and ``as_frame`` parameters (``$loader_parameters``: one array, or a list
of them for a panel). What differs per series (a forecasting set's holdout and Bunch)
stays in the loader's own docstring.
"""
import textwrap
from string import Template

_SPLIT = """\
    split : {"all", "train", "test"}, default="all"
        The official $archive partition, or ``"all"``: the train cases followed by
        the test cases (``is_test`` marks which is which)."""

_LABELLED_FLAGS = """\
    return_X_y : bool, default=False
        If True, return ``(data, target)`` instead of a Bunch.
    as_frame : bool or "auto", default="auto"
        If True, ``data`` is a long DataFrame on an ``(id, time)`` MultiIndex (one row
        per step, the layout the estimators read), ``target`` a Series indexed by
        ``id`` and ``frame`` the two joined; "auto" and False give arrays."""

_SERIES_FLAGS = """\
    return_X_y : bool, default=False
        If True, return ``(data, None)`` instead of a Bunch (the series is what
        `RNNForecaster.fit` takes as ``X``; there is no separate target).
    as_frame : bool or "auto", default="auto"
        True and "auto": pandas, as described below; False: ``data`` is the float64
        values$arrays and ``frame`` is None."""

_LABELLED_RETURNS = """\
    data : Bunch
$bunch
    (data, target) : tuple if ``return_X_y`` is True
        The $pair described above."""

_ARRAYS = {False: " as an ndarray (n_values,)", True: ", one ndarray per series in a list,"}


def _labelled_returns(length, channels, regression):
    if length is None:
        data = f"a list of n_samples float32 ndarrays of shape (T_i, {channels})"
        lengths = "the T_i"
    else:
        data = f"float32 ndarray of shape (n_samples, {length}, {channels})"
        lengths = f"all {length}"
    if regression:
        target, names = "float64 ndarray", "ndarray holding the target's name"
    else:
        target, names = "ndarray of str", "ndarray of str, the sorted class labels"
    bunch = (f"With ``data`` {data}; ``target`` {target} of shape (n_samples,); "
             f"``lengths`` int64 ndarray of shape (n_samples,), {lengths}; ``is_test`` "
             f"bool ndarray of shape (n_samples,); ``feature_names`` list of {channels} "
             f"str; ``target_names`` {names}; ``DESCR`` str with source and citation; "
             "``filename`` str, the stored file.")
    bunch = textwrap.fill(bunch, width=88, initial_indent=" " * 8,
                          subsequent_indent=" " * 8, break_on_hyphens=False)
    pair = "two arrays" if length is not None else "list and the array"
    return Template(_LABELLED_RETURNS).substitute(bunch=bunch, pair=pair)


def loader_doc(*, archive=None, panel=False, length=None, channels=1,
               regression=False):
    """Decorate a loader: substitute its shared sections into its docstring.

    A labelled set's docstring holds ``$loader_sections`` where its Parameters and
    Returns sections go; a forecasting set's holds ``$loader_parameters`` after its own
    ``split`` (the holdout, and the Bunch, differ per series and its docstring describes
    them).

    Parameters
    ----------
    archive : {"UCR", "UEA", "TSER"} or None, default=None
        The archive of a labelled set, whose official partition ``split`` selects;
        None for a forecasting set (its docstring describes ``split`` itself, as the
        holdout differs per series, and must precede ``$loader_parameters``).
    panel : bool, default=False
        For a forecasting set: True when it holds several series.
    length : int or None, default=None
        For a labelled set: the length of every series, or None when they differ.
    channels : int, default=1
        For a labelled set: the number of channels.
    regression : bool, default=False
        For a labelled set: True when the target is a float, not a class label.
    """
    if archive is None:
        sections = {"loader_parameters": Template(_SERIES_FLAGS).substitute(
            arrays=_ARRAYS[panel])}
    else:
        sections = {"loader_sections": "\n".join((
            "Parameters", "    ----------", Template(_SPLIT).substitute(archive=archive),
            _LABELLED_FLAGS, "", "    Returns", "    -------",
            _labelled_returns(length, channels, regression)))}

    def decorate(loader):
        loader.__doc__ = Template(loader.__doc__).substitute(
            {key: text.strip() for key, text in sections.items()})
        return loader
    return decorate
