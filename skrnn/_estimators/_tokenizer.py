"""`Tokenizer`: strings to integer token sequences and back, with a vocabulary.

A scikit-learn transformer in the manner of `CountVectorizer`, but keeping the order of
the tokens: ``transform`` gives one int64 array per string, the input a recurrent
network with an embedding (``embedding_dim``) reads.
"""
import re
from collections import Counter
from numbers import Integral

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted

from .._compat import Interval, StrOptions, fit_context

__all__ = ["SPECIAL_TOKENS", "Tokenizer"]

#: The special tokens, at ids 0..3 of every vocabulary: padding, out of vocabulary,
#: beginning and end of a sequence.
SPECIAL_TOKENS = ("<pad>", "<unk>", "<bos>", "<eos>")
PAD, UNK, BOS, EOS = range(4)

_WORD = re.compile(r"\w+|[^\w\s]")


class Tokenizer(TransformerMixin, BaseEstimator):
    """Split strings into characters or words, and number them by a vocabulary.

    ``fit`` counts the tokens of the training strings; the vocabulary is the special
    tokens ``<pad>`` (0), ``<unk>`` (1), ``<bos>`` (2) and ``<eos>`` (3), then every token
    seen at least ``min_freq`` times, most frequent first (ties: first appearance
    first), so ids are deterministic. ``transform`` maps each string to an int64 array
    of ids (tokens outside the vocabulary become ``<unk>``); ``inverse_transform`` maps
    ids back to strings.

    Parameters
    ----------
    level : {"char", "word"}, default="char"
        Tokens are characters (every character, spaces included, so that
        ``inverse_transform(transform(texts))`` gives the texts back), or words: runs
        of letters, digits and underscores, and each punctuation mark on its own
        (whitespace is dropped, and ``inverse_transform`` joins words by a space).
        Characters by default: the lectures' language models read characters.
    lowercase : bool, default=True
        Lowercase the strings first (fewer, more frequent tokens), as CountVectorizer.
    min_freq : int, default=1
        Tokens seen fewer times in the training strings become ``<unk>``.
    max_tokens : int or None, default=None
        The largest vocabulary, the 4 special tokens included: the most frequent
        tokens are kept. None keeps all of them.

    Attributes
    ----------
    vocabulary_ : dict of str to int
        Each token's id.
    tokens_ : list of str
        The tokens by id (``tokens_[vocabulary_[t]] == t``).
    counts_ : dict of str to int
        How often each token (in the vocabulary or not) appeared in the training
        strings.

    Examples
    --------
    >>> from skrnn.text import Tokenizer
    >>> tok = Tokenizer().fit(["hello world", "help"])
    >>> tok.tokens_[:8]
    ['<pad>', '<unk>', '<bos>', '<eos>', 'l', 'h', 'e', 'o']
    >>> ids = tok.transform(["hello!"])
    >>> ids[0].tolist()
    [5, 6, 4, 4, 7, 1]
    >>> tok.inverse_transform(ids)
    ['hello<unk>']
    """

    _parameter_constraints: dict = {
        "level": [StrOptions({"char", "word"})],
        "lowercase": ["boolean"],
        "min_freq": [Interval(Integral, 1, None, closed="left")],
        "max_tokens": [None, Interval(Integral, len(SPECIAL_TOKENS) + 1, None,
                                      closed="left")],
    }

    def __init__(self, *, level="char", lowercase=True, min_freq=1, max_tokens=None):
        self.level = level
        self.lowercase = lowercase
        self.min_freq = min_freq
        self.max_tokens = max_tokens

    def _split(self, text):
        if self.lowercase:
            text = text.lower()
        return list(text) if self.level == "char" else _WORD.findall(text)

    @fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None):
        """Build the vocabulary of the strings ``X``.

        Parameters
        ----------
        X : iterable of str
        y : None
            Ignored.

        Returns
        -------
        self : Tokenizer
        """
        counts, first = Counter(), {}
        for text in _check_texts(X):
            for token in self._split(text):
                counts[token] += 1
                first.setdefault(token, len(first))
        kept = sorted((t for t, c in counts.items() if c >= self.min_freq),
                      key=lambda t: (-counts[t], first[t]))
        if self.max_tokens is not None:
            kept = kept[:self.max_tokens - len(SPECIAL_TOKENS)]
        tokens = list(SPECIAL_TOKENS) + [t for t in kept if t not in SPECIAL_TOKENS]
        self.tokens_ = tokens
        self.vocabulary_ = {t: i for i, t in enumerate(tokens)}
        self.counts_ = dict(counts)
        return self

    def transform(self, X):
        """The token ids of each string.

        Parameters
        ----------
        X : iterable of str

        Returns
        -------
        ids : list of int64 ndarrays of shape (n_tokens_i,)
        """
        check_is_fitted(self, "vocabulary_")
        vocabulary = self.vocabulary_
        return [np.array([vocabulary.get(t, UNK) for t in self._split(text)],
                         dtype=np.int64) for text in _check_texts(X)]

    def inverse_transform(self, X):
        """The strings of token ids: ``<pad>``, ``<bos>`` and ``<eos>`` are left out,
        ``<unk>`` is written as itself.

        Parameters
        ----------
        X : iterable of 1-D arrays of int

        Returns
        -------
        texts : list of str
        """
        check_is_fitted(self, "vocabulary_")
        tokens, n = self.tokens_, len(self.tokens_)
        joiner = "" if self.level == "char" else " "
        texts = []
        for i, ids in enumerate(X):
            ids = np.asarray(ids)
            if ids.ndim != 1 or (ids.size and ids.dtype.kind not in "iu"):
                raise ValueError(f"X[{i}] must be a 1-D array of token ids (integers), "
                                 f"got {ids.dtype} of shape {ids.shape}.")
            outside = ids[(ids < 0) | (ids >= n)]
            if outside.size:
                raise ValueError(f"X[{i}] holds token id {int(outside[0])}, outside the "
                                 f"vocabulary's 0..{n - 1}.")
            texts.append(joiner.join(tokens[k] for k in ids if k not in (PAD, BOS, EOS)))
        return texts

    def get_feature_names_out(self, input_features=None):
        """The tokens by id, as an object array (n_tokens,)."""
        check_is_fitted(self, "vocabulary_")
        return np.asarray(self.tokens_, dtype=object)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.two_d_array = False
        tags.input_tags.string = True
        tags.requires_fit = True
        return tags


def _check_texts(X):
    """``X`` as a list of str, with an error naming the first item that is not."""
    if isinstance(X, (str, bytes)):
        raise ValueError("X must be an iterable of strings, one per document; got a "
                         "single string. Wrap it in a list: [text].")
    try:
        texts = list(X)
    except TypeError:
        raise TypeError(f"X must be an iterable of strings, got "
                        f"{type(X).__name__}.") from None
    for i, text in enumerate(texts):
        if not isinstance(text, str):
            raise TypeError(f"X[{i}] is a {type(text).__name__}, not a str: a Tokenizer "
                            f"reads text.")
    return texts
