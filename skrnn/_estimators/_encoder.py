"""`RNNEncoder`: a sequence autoencoder (``skrnn._models.AutoencoderModel``) as a
scikit-learn transformer: ``transform`` gives the codes."""
import numpy as np
from sklearn.base import ClassNamePrefixFeaturesOutMixin, TransformerMixin
from sklearn.utils import check_array
from sklearn.utils.validation import check_is_fitted

from .._compat import fit_context
from .._data import check_sequences, reject_complex
from .._models import AutoencoderModel, reverse_steps
from .._training import TrainingData
from ._base import BaseRNN, check_sample_weight, store_parameters
from ._docs import FITTED_ATTRIBUTES, RECIPE, TOKEN_PARAMETERS, shared_parameters
from ._output import SequenceOutputMixin
from ._token_input import TokenInputMixin


class RNNEncoder(SequenceOutputMixin, ClassNamePrefixFeaturesOutMixin, TransformerMixin,
                 TokenInputMixin, BaseRNN, auto_wrap_output_keys=None):
    __doc__ = """Sequence embeddings from a recurrent autoencoder (unsupervised).

    ``fit(X)`` trains an encoder network, whose last state is the code, together with a
    decoder network that reconstructs each sequence from its code (backwards, teacher
    forced). ``transform(X)`` returns the codes, ``(n_samples, n_components_)`` with
    ``n_components_ = hidden_size`` (twice that when bidirectional): fixed-size features
    of variable-length sequences for any scikit-learn model downstream.
    ``inverse_transform`` decodes codes into sequences of a requested length, and
    `score` is the negative reconstruction error, so `GridSearchCV` can tune it without
    labels.

    X may be any format of the other estimators (3-D array, 2-D array of univariate
    sequences, list of unequal-length sequences, (id, time)-indexed DataFrame). Scale the
    features first (`skrnn.preprocessing.SequenceScaler`): the loss is the squared error
    summed over them. With ``embedding_dim`` set, X holds token ids
    (``Tokenizer().transform(texts)``): both networks read one learned embedding, the
    decoder predicts each token with a softmax over the vocabulary, the loss is the
    per-token cross-entropy, and `inverse_transform` gives token ids.

    Parameters
    ----------
""" + shared_parameters(RECIPE) + TOKEN_PARAMETERS + """
    Attributes
    ----------
""" + FITTED_ATTRIBUTES + """    n_components_ : int
        Width of the code. The validation score of early stopping is `score`'s.
    vocabulary_size_ : int
        Tokens the embedding and the decoder's softmax cover (with ``embedding_dim``).

    Examples
    --------
    >>> import numpy as np
    >>> from skrnn import RNNEncoder
    >>> rng = np.random.RandomState(0)
    >>> X = np.sin(np.linspace(0, 3, 20)[None, :, None] + rng.uniform(0, 6, (50, 1, 1)))
    >>> enc = RNNEncoder(cell="gru", hidden_size=8, max_iter=100, learning_rate_init=0.01,
    ...                  random_state=0).fit(X)
    >>> enc.transform(X).shape
    (50, 8)
    >>> enc.inverse_transform(enc.transform(X[:2]), n_timesteps=20).shape
    (2, 20, 1)
    >>> enc.score(X) > -0.05
    True
    """

    _parameter_constraints: dict = {**BaseRNN._parameter_constraints,
                                    **TokenInputMixin._token_constraints}

    def __init__(self, *, cell="lstm", hidden_size=32, num_layers=1, bidirectional=False,
                 activation="tanh", dropout=0.0, solver="adam", learning_rate_init=0.001,
                 learning_rate="adaptive", power_t=0.5, momentum=0.9,
                 nesterovs_momentum=True, beta_1=0.9, beta_2=0.999, epsilon=1e-8,
                 alpha=0.0001, batch_size="auto", max_iter=200, shuffle=True,
                 clip_norm=1.0, clip_value=None, early_stopping=False,
                 validation_fraction=0.1, n_iter_no_change=10, tol=1e-4, warm_start=False,
                 random_state=None, verbose=False, dtype="float32", n_jobs=None,
                 init="orthogonal", forget_bias=1.0, learn_initial_state=False,
                 gru_variant="pytorch", embedding_dim=None, vocabulary_size=None):
        store_parameters(self, locals())

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.target_tags.required = False
        return tags

    @fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None, sample_weight=None):
        """Train the autoencoder on sequences ``X``.

        All or nothing: a call that raises, or is interrupted (``KeyboardInterrupt``),
        leaves the estimator exactly as it was before it. Training that diverges keeps
        the last weights whose loss was sound, with a ``ConvergenceWarning``, or raises
        ValueError when no epoch had been completed.

        Parameters
        ----------
        X : sequences, any accepted format
        y : None
            Ignored.
        sample_weight : array-like of shape (n_samples,), default=None
            Weight of each sequence's reconstruction error.

        Returns
        -------
        self : object
        """
        return self._fit(X, None, sample_weight)

    def _training_data(self, X, y, sample_weight, fresh):
        X, token_fitted = self._token_sequences(X, fresh)
        batch = check_sequences(X, dtype=self.dtype, estimator_name=type(self).__name__)
        fitted = dict(self._sequence_features(X, batch, fresh), **token_fitted)
        if fresh:
            fitted["_max_length"] = batch.max_length
        data = TrainingData(X=batch.X, lengths=batch.lengths,
                            targets=reverse_steps(np.asarray(batch.X), batch.lengths),
                            sample_weight=check_sample_weight(sample_weight,
                                                              batch.n_samples),
                            per_step=True)
        return data, fitted

    def _make_model(self, data):
        embedding = self._embedding(data)
        width = data.X.shape[2] if embedding is None else embedding[1]
        encoder = self._network(width)
        # the decoder starts from the code, so it has no initial state of its own
        decoder = self._network(width, encoder.output_size, 1, False,
                                learn_init_state=False)
        return AutoencoderModel(encoder, decoder, self.dropout, init=self._init_options(),
                                embedding=embedding)

    def _validate_for_predict(self, X):
        return super()._validate_for_predict(self._fitted_token_input(X))

    @property
    def n_components_(self):
        check_is_fitted(self, "params_")
        return self._model.code_size

    @property
    def _n_features_out(self):
        return self.n_components_

    # ---------------------------------------------------------------- transform
    def transform(self, X):
        """The codes of sequences ``X``.

        Parameters
        ----------
        X : sequences, any accepted format

        Returns
        -------
        codes : ndarray of shape (n_samples, n_components_), or a DataFrame (see
            `set_output`)
        """
        batch = self._validate_for_predict(X)
        codes = self._model.encode(self.params_, batch.X, batch.lengths)
        return self._wrap_output(codes, X, batch)

    def fit_transform(self, X, y=None, sample_weight=None):
        """Fit, then return the codes of X (see `fit` and `transform`)."""
        return self.fit(X, sample_weight=sample_weight).transform(X)

    def inverse_transform(self, X, n_timesteps=None):
        """Decode codes into sequences (the decoder runs freely, fed its own outputs).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_components_)
            Codes, e.g. from `transform`.
        n_timesteps : int, default=None
            Length of the decoded sequences; by default the longest training sequence.

        Returns
        -------
        X_decoded : ndarray (n_samples, n_timesteps, n_features_in_), or (n_samples,
            n_timesteps) when fitted on a 2-D X (univariate sequences); for token input
            the most probable token of each step, int64 (n_samples, n_timesteps)
            (``Tokenizer.inverse_transform`` turns them into text)
        """
        check_is_fitted(self, "params_")
        reject_complex(X, "X", "inverse_transform needs real codes")
        codes = check_array(X, dtype=self.params_.dtype, ensure_all_finite=False,
                            input_name="X", estimator=type(self).__name__)
        if not np.all(np.isfinite(codes)):
            raise ValueError(f"inverse_transform needs finite codes; X holds "
                             f"{int((~np.isfinite(codes)).sum())} NaN or infinite value(s).")
        if codes.shape[1] != self.n_components_:
            raise ValueError(f"inverse_transform expects codes of shape (n_samples, "
                             f"{self.n_components_}), got {codes.shape}.")
        T = self._max_length if n_timesteps is None else int(n_timesteps)
        if T < 1:
            raise ValueError(f"n_timesteps must be at least 1, got {n_timesteps}.")
        decoded = self._model.decode(self.params_, codes, T)
        if self.embedding_dim is not None:
            return decoded
        return decoded[:, :, 0] if self._fitted_on_2d else decoded

    # -------------------------------------------------------------------- score
    def score(self, X, y=None, sample_weight=None):
        """Negative mean squared reconstruction error per real step and feature (teacher
        forced, as in training), or for token input minus the mean cross-entropy per
        token; greater is better.

        Parameters
        ----------
        X : sequences, any accepted format
        y : None
            Ignored.
        sample_weight : array-like of shape (n_samples,), default=None

        Returns
        -------
        score : float
        """
        batch = self._validate_for_predict(X)
        weights = check_sample_weight(sample_weight, batch.n_samples)
        return -self._model.reconstruction_error(self.params_, batch.X, batch.lengths,
                                                 weights)
