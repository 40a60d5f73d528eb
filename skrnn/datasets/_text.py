"""The bundled text: The Devil's Dictionary, one string per entry."""
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.utils import Bunch

from ._base import SPLITS, check_loader_flags

TEXT_DIR = Path(__file__).resolve().parent / "data" / "text"

_DESCR = """The Devil's Dictionary
======================

Ambrose Bierce's satirical dictionary (written 1881-1906, published 1911), public
domain: {n} entries, {chars:,} characters, each entry's text (its headword line, then
the definition, with the original line breaks) as Debian's dict-devil package
(1.0-13.1, the Internet Wiretap edition of 1993) has it. For character and word
language models.

Split: ``"test"`` is every tenth entry (entries 9, 19, 29, ...), ``"train"`` the others.

Source: Debian package dict-devil 1.0-13.1 (bookworm),
https://packages.debian.org/bookworm/dict-devil; see
skrnn/datasets/data/text/SOURCES.md.
Cite: A. Bierce, "The Devil's Dictionary", Albert and Charles Boni, New York, 1911.
"""


def load_devils_dictionary(*, split="all", return_X_y=False, as_frame="auto"):
    """Load The Devil's Dictionary (Ambrose Bierce, 1911): 1003 entries of English text.

    Parameters
    ----------
    split : {"all", "train", "test"}, default="all"
        ``"test"`` is every tenth entry (entries 9, 19, 29, ...), spread over the whole
        alphabet; ``"train"`` is the others.
    return_X_y : bool, default=False
        If True, return ``(data, None)`` instead of a Bunch: the texts are what a
        language model's ``fit`` takes, there is no target.
    as_frame : bool or "auto", default="auto"
        True: ``data`` is a pandas Series of str named ``"text"``, indexed by the
        entries' numbers in the whole dictionary; "auto" and False: a list of str.

    Returns
    -------
    data : Bunch
        With ``data`` a list of str, one per entry, in the dictionary's order;
        ``headwords`` a list of str, each entry's headword with its part of speech (its
        first line up to the first double space); ``is_test`` bool ndarray of
        shape (n_entries,) for ``split="all"``; ``DESCR`` str; ``filename`` str.

    Examples
    --------
    >>> from skrnn.datasets import load_devils_dictionary
    >>> texts = load_devils_dictionary().data
    >>> len(texts), texts[0].splitlines()[0]
    (1003, 'ABASEMENT, n.  A decent and customary mental attitude in the presence')
    >>> load_devils_dictionary().headwords[:2]
    ['ABASEMENT, n.', 'ABATIS, n.']
    """
    check_loader_flags(return_X_y, as_frame)
    if split not in SPLITS:
        raise ValueError(f"split must be one of {SPLITS}, got {split!r}")
    path = TEXT_DIR / "DevilsDictionary.npz"
    with np.load(path, allow_pickle=False) as stored:
        raw, ends = stored["text"].tobytes(), stored["ends"]
    starts = np.concatenate([[0], ends[:-1]])
    texts = [raw[a:b].decode("utf-8") for a, b in zip(starts, ends)]
    descr = _DESCR.format(n=len(texts), chars=sum(len(t) for t in texts))
    is_test = np.arange(len(texts)) % 10 == 9
    keep = {"all": np.ones(len(texts), bool), "train": ~is_test, "test": is_test}[split]
    texts = [t for t, k in zip(texts, keep) if k]
    headwords = [t.splitlines()[0].split("  ")[0].strip() for t in texts]
    if as_frame is True:
        texts = pd.Series(texts, index=pd.Index(np.flatnonzero(keep), name="entry"),
                          name="text", dtype=object)
    if return_X_y:
        return texts, None
    return Bunch(data=texts, headwords=headwords,
                 is_test=is_test[keep], DESCR=descr, filename=str(path))


_FORTUNE_TOPICS = ("art", "computers", "food", "law", "politics", "science")


def load_fortunes(*, split="all", return_X_y=False, as_frame="auto"):
    """Load quotations of the BSD ``fortune`` database, labelled by topic: 3248 texts.

    Text classification into six topics (``'art'``, ``'computers'``, ``'food'``,
    ``'law'``, ``'politics'``, ``'science'``: the fortune file each quotation is in),
    from Debian's fortunes package (BSD licence). Quotations are short (about 200
    characters), some are jokes, dialogues or verse.

    Parameters
    ----------
    split : {"all", "train", "test"}, default="all"
        ``"test"`` is every fourth quotation of each topic (809 of them); ``"train"``
        is the others (2439).
    return_X_y : bool, default=False
        If True, return ``(data, target)`` instead of a Bunch.
    as_frame : bool or "auto", default="auto"
        True: ``data`` is a pandas Series of str named ``"text"`` and ``target`` a
        Series named ``"topic"``, both indexed by the quotations' numbers; "auto" and
        False: a list of str and an ndarray of str.

    Returns
    -------
    data : Bunch
        With ``data`` the texts, ``target`` their topics, ``target_names`` the six
        topics, ``is_test`` bool ndarray, ``DESCR`` str and ``filename`` str.
    (data, target) : tuple if ``return_X_y`` is True

    Examples
    --------
    >>> from skrnn.datasets import load_fortunes
    >>> X, y = load_fortunes(split="train", return_X_y=True)
    >>> len(X), sorted(set(y.tolist()))[:3]
    (2439, ['art', 'computers', 'food'])
    """
    check_loader_flags(return_X_y, as_frame)
    if split not in SPLITS:
        raise ValueError(f"split must be one of {SPLITS}, got {split!r}")
    path = TEXT_DIR / "Fortunes.npz"
    with np.load(path, allow_pickle=False) as stored:
        raw, ends, topic = stored["text"].tobytes(), stored["ends"], stored["topic"]
    starts = np.concatenate([[0], ends[:-1]])
    texts = [raw[a:b].decode("utf-8") for a, b in zip(starts, ends)]
    labels = np.asarray(_FORTUNE_TOPICS)[topic]
    position = np.zeros(len(texts), dtype=np.int64)  # rank within its topic
    for k in range(len(_FORTUNE_TOPICS)):
        rows = np.flatnonzero(topic == k)
        position[rows] = np.arange(len(rows))
    is_test = position % 4 == 3
    keep = {"all": np.ones(len(texts), bool), "train": ~is_test, "test": is_test}[split]
    data, target = [t for t, k in zip(texts, keep) if k], labels[keep]
    if as_frame is True:
        index = pd.Index(np.flatnonzero(keep), name="quotation")
        data = pd.Series(data, index=index, name="text", dtype=object)
        target = pd.Series(target, index=index, name="topic")
    if return_X_y:
        return data, target
    descr = ("Fortunes\n========\n\n3248 quotations of six topic files of the BSD "
             "fortune database (art 465, computers 1051, food 198, law 206, politics "
             "703, science 625) as Debian's fortunes 1:1.99.1-7.3 ships them; the topic "
             "is the label. Split: every fourth quotation of each topic is the test "
             "split. BSD licence, Copyright (c) 1991 The Regents of the University of "
             "California; see skrnn/datasets/data/text/SOURCES.md.\n")
    return Bunch(data=data, target=target, target_names=np.asarray(_FORTUNE_TOPICS),
                 is_test=is_test[keep], DESCR=descr, filename=str(path))
