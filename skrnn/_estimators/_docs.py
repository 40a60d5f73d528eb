"""The parameters every estimator on `BaseRNN` shares, documented once.

The classifier, the regressor, the forecaster and the encoder default to the training
recipe chosen on the accuracy and forecasting panels (`shared_parameters(RECIPE)`); the
language model documents its own defaults the same way.
"""
from string import Template

_SHARED = Template("""\
    cell : {"lstm", "gru", "rnn", "peephole_lstm"}, default="lstm"
        The recurrent cell. LSTM is the default because its gating learns long
        dependencies that a plain (Elman) cell forgets.
    hidden_size : int, default=$hidden_size
        Units per layer and direction.
    num_layers : int, default=1
        Stacked layers.
    bidirectional : bool, default=False
        Also read each sequence backwards (from its own last step).
    activation : {"tanh", "relu"}, default="tanh"
        Of the Elman cell (``cell="rnn"``) only: "relu" with another cell is an error.
    dropout : float in [0, 1), default=0.0
        Between stacked layers, drawn from ``random_state``; with ``num_layers=1``
        there is nothing to drop, and a value above 0 warns.
    solver : {"adam", "sgd", "rmsprop", "lbfgs"}, default="adam"
        "lbfgs" is full-batch L-BFGS (scipy), deterministic, without dropout or early
        stopping, as in MLPClassifier.
    learning_rate_init : float, default=0.001
        Initial step size (Adam's usual one).
    learning_rate : {"constant", "invscaling", "adaptive"}, default=$learning_rate
        Step-size schedule, with MLPClassifier's meanings, except that "adaptive"
        applies to every stochastic solver: when the loss (or validation score) has not
        improved by ``tol`` for ``n_iter_no_change`` epochs, the step size is divided
        by 5 instead of stopping, until it is at most 1e-6. "invscaling" is SGD's only.
    power_t : float, default=0.5
        Exponent of "invscaling".
    momentum : float, default=0.9
        Of the "sgd" solver only, as in MLPClassifier.
    nesterovs_momentum : bool, default=True
        Of the "sgd" solver.
    beta_1, beta_2, epsilon : float, defaults 0.9, 0.999, 1e-8
        Of the "adam" solver (``epsilon`` also of "rmsprop"); Kingma & Ba's values.
    alpha : float, default=0.0001
        L2 penalty on the weights (not the biases), scaled like MLP's.
    batch_size : int or "auto", default=$batch_size
        Sequences per minibatch (at most the number of training sequences). "auto" is
        8 up to 256 sequences and ``n // 32`` up to 32 beyond: at least 32 optimizer
        steps per epoch on small sets. Minibatches group sequences of similar length,
        so little padding is computed.
    max_iter : int, default=$max_iter
        Epochs (iterations of L-BFGS).
    shuffle : bool, default=True
        Shuffle the minibatches every epoch.
    clip_norm : float or None, default=$clip_norm
        Clip the gradient by its global norm: recurrent networks' gradients can explode
        on long sequences, and one bad step undoes many good ones.
    clip_value : float or None, default=None
        Clip the gradient element-wise.
    early_stopping : bool, default=False
        Hold out ``validation_fraction`` of the sequences, and at least 10 (stratified
        for the classifier, the most recent windows for the forecaster), stop when the
        validation score stops improving and restore the best weights. With fewer
        than 20 sequences it warns and trains on all of them instead.
    validation_fraction : float, default=0.1
    n_iter_no_change : int, default=10
        Epochs without an improvement of ``tol`` before training stops.
    tol : float, default=1e-4
        Least improvement that counts; 0 asks for the whole ``max_iter`` budget (no
        ConvergenceWarning when it is spent).
    warm_start : bool, default=False
        Continue from the fitted weights on the next ``fit``.
    random_state : int, RandomState or None, default=None
        Governs initialisation, shuffling, dropout and the validation split.
    verbose : bool, default=False
        One line per epoch: loss, validation score, time.
    dtype : {"float32", "float64"}, default="float32"
        float32 is the fast path; float64 is for gradient checks.
    n_jobs : int or None, default=None
        Threads for the recurrent passes; None means 1 (leaving the cores to an outer
        parallel loop such as ``GridSearchCV(n_jobs=...)``), -1 every core. Batches of
        at least 128 sequences are cut into fixed chunks that the threads share, so
        results are bitwise the same for every ``n_jobs``.
    init : {"uniform", "glorot", "orthogonal", "identity"}, default=$init
        Initial weights: PyTorch's uniform; Glorot-uniform per gate; Glorot input
        weights with orthogonal recurrent blocks (Saxe et al. 2014); or the identity
        recurrence of the IRNN (Le et al. 2015, for ``activation="relu"``). Biases
        start at zero except under "uniform".
    forget_bias : float or None, default=$forget_bias
        Initial bias of the LSTM forget gate (1.0 is Jozefowicz et al.'s advice); None
        keeps the init scheme's.
    learn_initial_state : bool, default=False
        Learn the state every sequence starts from (``h0``, and the LSTMs' ``c0``, one
        vector of ``hidden_size`` per layer and direction) by BPTT, as Hinton's lecture
        advises, instead of starting from zeros. Off by default: zeros are what
        PyTorch does and cost no parameters. `get_weights` names them ``h0_l0``,
        ``c0_l0``, ``h0_l0_reverse``, ...
    gru_variant : {"pytorch", "cho"}, default="pytorch"
        Where the GRU applies its reset gate: to the recurrent product, as PyTorch and
        cuDNN do (so its weights exchange with ``torch.nn.GRU``), or to the state
        before it, as Cho et al. (2014) wrote it. Of ``cell="gru"`` only.
""")

#: The defaults of the classifier, regressor, forecaster and encoder: the recipe chosen on
#: the panels.
RECIPE = {"hidden_size": "32", "max_iter": "200", "batch_size": '"auto"', "learning_rate": '"adaptive"', "clip_norm": "1.0", "init": '"orthogonal"',
          "forget_bias": "1.0"}


def shared_parameters(defaults):
    """The shared parameters' docstring with these defaults."""
    return _SHARED.substitute(defaults)


TOKEN_PARAMETERS = """\
    embedding_dim : int or None, default=None
        Read token ids: X is a list of 1-D integer arrays (``Tokenizer().transform``)
        or a 2-D integer array, and the first layer is a learned embedding of this
        many dimensions (``torch.nn.Embedding``'s, initialised N(0, 1), named
        ``embedding.weight`` by `get_weights`). None: X holds features.
    vocabulary_size : int or None, default=None
        Token ids the embedding has rows for (0 .. vocabulary_size - 1); None: the
        largest id of the training data plus one (``vocabulary_size_``). Ids outside
        are an error.
"""

SUPERVISED_PARAMETERS = """\
    pooling : {"last", "mean", "max", "attention"} or list of them, \
default=("last", "max")
        What the head reads of each sequence, over its real steps: the final states,
        the mean or maximum of the top layer's outputs, or an attention-weighted mean
        (a learned softmax over steps); a list concatenates them. Per-step targets read
        every step instead. By default the final states and each output's maximum over
        the steps: the last state of a long sequence keeps little of its start, while
        the maximum records a short event wherever it happens (max pooling over a
        recurrent network's states, as in Conneau et al. 2017's sentence encoders);
        cross-validated on the train splits of the accuracy panel against the last
        state alone.
    patch_size : int or "auto", default="auto"
        Steps each recurrent step reads as one input vector (aligned to each sequence's
        last step): a sequence of T steps takes ceil(T / patch_size) recurrent steps.
        "auto" picks the smallest patch that reads the longest training sequence in at
        most 64 recurrent steps (the fitted value is ``patch_size_``).
    n_models : int, default=5
        Networks trained on the same data, each from its own initial weights and
        minibatch order (seeds drawn from ``random_state``; the first trains exactly as
        a single model would); predictions average them, the classifier's their
        probabilities. Five by default because one network sometimes lands in a poor
        optimum on a small data set, and an average of a few is steadier across seeds
        and more accurate (cross-validated on the train splits of the accuracy panel);
        it costs ``n_models`` times a single fit and predict: set ``n_models=1`` for
        speed, e.g. on large data sets or inside a wide grid search.
    static_features : list of str or None, default=None
        Columns of an ``(id, time)`` DataFrame X that are static (per-sequence)
        features: constant within each sequence (an error names the first that is
        not), taken out of the per-step features. Or pass ``static=`` (n_samples,
        n_static) to `fit`, `predict` and `score`. Either way they are standardised
        with the training mean and standard deviation.
    static_mode : {"par", "init", "pre", "merge"}, default="par"
        How static features enter: concatenated to every step's input ("par"), as the
        initial state through a learned tanh projection ("init"), as an extra first
        step ("pre"), or joined to the pooled output before the head ("merge"), the
        four ways of Tanti et al. (2018). "par" by default: the network sees them at
        every step, so it can combine them with any step, as the tiled static
        covariates of darts and neuralforecast do.
""" + TOKEN_PARAMETERS

FITTED_ATTRIBUTES = """\
    loss_curve_ : list of float
        Training loss of each epoch.
    validation_scores_ : list of float or None
        Validation score of each epoch, with ``early_stopping``.
    best_loss_ : float or None
    best_validation_score_ : float or None
    n_iter_ : int
        Epochs run.
    t_ : int
        Training samples seen.
    n_features_in_ : int
        Features per time step; for a 2-D X (read as univariate sequences of fixed
        length) the number of columns, as scikit-learn expects, and a 2-D X at predict
        time must then have that many.
    feature_names_in_ : ndarray of str
        When fitted on a DataFrame with string column names.
    params_ : ndarray of shape (n_params,)
        All parameters of the (first, see ``n_models``) network in one vector (see
        `get_weights` for them by name).
"""
