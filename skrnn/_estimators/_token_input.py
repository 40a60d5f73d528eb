"""`TokenInputMixin`: ``embedding_dim`` and ``vocabulary_size``, token ids as input.

With ``embedding_dim`` set, X is a list of 1-D integer token arrays (or a 2-D integer
array); they become univariate sequences of ids (`tokens_as_sequences`), which every
format check accepts, and the model's first layer looks them up in a learned table.
"""
from numbers import Integral

import numpy as np
from sklearn.utils.validation import check_is_fitted

from .._compat import Interval
from .._data import tokens_as_sequences


class TokenInputMixin:
    """Token input for an estimator on `BaseRNN` (the classifier, the regressor, the
    encoder)."""

    _token_constraints: dict = {
        "embedding_dim": [None, Interval(Integral, 1, None, closed="left")],
        "vocabulary_size": [None, Interval(Integral, 1, None, closed="left")],
    }

    def _embedding(self, data):
        """``(vocabulary size, embedding_dim)`` of token input, or None: the size is
        ``vocabulary_size``, or the largest id of the training data plus one."""
        if self.embedding_dim is None:
            return None
        size = self.vocabulary_size or int(np.rint(data.X[:, :, 0].max())) + 1
        return size, self.embedding_dim

    def _token_sequences(self, X, fresh):
        """Token input as univariate sequences of ids (X unchanged without
        ``embedding_dim``), and the fitted attributes it defines."""
        if self.embedding_dim is None:
            return X, {}
        if fresh:
            sequences, top = tokens_as_sequences(X, self.vocabulary_size)
            return sequences, {"vocabulary_size_": self.vocabulary_size or top}
        return tokens_as_sequences(X, self.vocabulary_size_)[0], {}

    def _fitted_token_input(self, X):
        """X to predict from, as the fitted model reads it (token ids checked against
        the fitted vocabulary)."""
        if self.embedding_dim is None:
            return X
        check_is_fitted(self, "params_")
        return self._token_sequences(X, fresh=False)[0]
