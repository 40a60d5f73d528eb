"""`RNNForecaster`: time-series forecasting as a scikit-learn estimator on the shared base.

The forecaster turns the series it is given into training windows (`_windows`), as a
`TrainingData` for the shared training loop, and forecasts with the fitted
`SequenceModel` (`_running`). Its data model is in `_setup`: the roles of X's columns,
the settings a fit fixes, and the context forecasts start from.
"""
import copy
import warnings
from numbers import Integral

import numpy as np
import pandas as pd
from sklearn.utils import check_random_state
from sklearn.utils.validation import check_is_fitted

from ..._compat import Interval, StrOptions, check_feature_names, fit_context
from ..._data import feature_names_of, step_mask
from ..._training import TrainingConfig, TrainingData
from .._base import BaseRNN, member_generator, store_parameters
from .._callbacks import FitInputs
from .._docs import RECIPE, shared_parameters
from ._intervals import (BacktestErrors, backtest_errors, out_of_sample_ratio,
                         series_scale, truncated)
from ._panel import (assert_no_missing, check_panel, drop_columns, fill_missing_targets,
                     future_times, split_static)
from ._scoring import forecast_scorers
from ._running import (all_requests, ensemble_paths, future_features, requests_of,
                       steps_needed)
from ._seasonality import differencing_lags, period_of
from ._setup import ColumnRoles, ForecastSetup, check_lags, column_stats
from ._windows import (difference_mask, direct_windows, recursive_chunks,
                       recursive_windows, step_days)

#: Longest horizon the backtest behind the intervals forecasts (see `_intervals`).
MAX_CALIBRATED_STEPS = 60


class RNNForecaster(BaseRNN):
    __doc__ = """Recurrent-network forecaster of one or many time series.

    A scikit-learn estimator whose ``X`` is the time series itself, so that
    ``GridSearchCV(..., cv=TimeSeriesSplit(n_splits, test_size=h))`` and
    ``cross_validate`` (a backtest) work directly on a pandas object: each split fits on
    the past and scores the forecast of the following block. ``y`` is never used.

    **Input.** A pandas Series (one target) or DataFrame (targets and covariates)
    indexed by a DatetimeIndex, a PeriodIndex or integers at a constant step; a
    2-level MultiIndex ``(series id, time)`` for many series (of any lengths and start
    dates; one global model); or an array ``(n_timesteps,)`` / ``(n_timesteps,
    n_columns)``. The frequency is inferred and continued on output. Missing target
    values are an error naming them. For a `TimeSeriesSplit` over many series, sort the
    rows by time first (``X.sort_index(level=1)``) so that each split's test block
    follows its training rows in time.

    **Columns.** Every column is a target unless named in ``future_covariates`` (known
    ahead: calendar effects, planned prices; their values at the forecast steps come
    from the rows passed to `predict`) or ``past_covariates`` (observed only up to now;
    the recursive strategy forecasts them alongside the targets, the direct one reads
    them over the lookback only). At predict time X has the same columns; the values of
    its targets and past covariates are not read.

    **Strategies.** ``"recursive"``: a one-step model trained with teacher forcing (the
    input at step t is what was observed at t-1, plus the future-known features of t),
    then run freely at prediction, fed its own outputs. ``"direct"``: a many-to-one
    model whose head forecasts ``horizon`` steps at once (the network also reads the
    future-known features of those steps); longer forecasts repeat it block by block.

    **Context.** Training samples are windows of ``lookback`` steps. With
    ``stateful=True`` (recursive only) the series are cut into contiguous chunks of
    ``lookback`` steps instead, each starting from the state its series reached at the
    end of the previous chunk (recomputed every epoch with the current weights; the
    gradient stops at chunk boundaries: truncated BPTT), and forecasts read the whole
    history.

    **Scaling.** ``scaling="series"`` standardises each series' targets by the mean and
    standard deviation of its own history (the training data, or ``history`` at
    predict), and covariates by their overall mean and deviation; forecasts are scaled
    back.

    Parameters
    ----------
""" + shared_parameters(RECIPE) + """\
    strategy : {"recursive", "direct"}, default="recursive"
        See "Strategies" above. Recursive is the default because one model serves any
        horizon.
    horizon : int, default=1
        Steps forecast by ``predict()`` without X, and the width of the direct head.
    lookback : int or "auto", default="auto"
        Steps of history per training window and read at forecast time (the chunk
        length when stateful). "auto": ``max(24, 2 * seasonal_period_)``, two full
        cycles (two years of monthly, two days of hourly data) and at least 24 steps,
        enough for a recurrent state to settle; `lookback_` holds the value used.
    stateful : bool, default=False
        See "Context" above.
    future_covariates, past_covariates : list of column labels, default=None
        See "Columns" above; None: every column is a target.
    calendar_features : bool, default=False
        Add sine/cosine features of the calendar cycles the frequency can see (time of
        day, day of week, day of year, month or quarter), derived from the index; they
        count as future-known.
    differences : "auto", tuple of int or None, default="auto"
        Lags at which the targets are differenced, in turn, before scaling; forecasts
        are integrated back. ``(1,)`` models changes, ``(12, 1)`` on monthly data the
        changes of the year-over-year changes (ARIMA's D=1 and d=1): a trend is then
        continued additively, as ARIMA does, instead of being bounded by the range seen
        in training. "auto" decides by tests, as ``auto.arima`` does: a seasonal
        difference when the seasonal strength at ``seasonal_period_`` is at least
        0.64, then one ordinary difference if the KPSS test rejects stationarity at
        5% (auto.arima allows two; a second difference makes the network extrapolate
        the latest change of slope, which cost accuracy on validation holdouts); over
        many series, the choice of the majority.
        `differences_` holds the lags used. None: no differencing.
    seasonal_period : int or "auto", default="auto"
        Steps per seasonal cycle, for ``differences="auto"`` and ``lookback="auto"``;
        1 means no seasonality. "auto" reads it from the frequency of the index: 4 for
        quarterly, 12 for monthly, 52 for weekly, 7 for daily data, the steps of a day
        for sub-daily data, and 1 for yearly data or an integer index.
    scaling : {"series", "window"} or None, default="series"
        "window" standardises, in addition, the targets of each window (and of the
        context a forecast starts from) by that window's own mean and deviation, undone
        on its forecasts (reversible instance normalisation, Kim et al. 2022): for
        series whose level and swing drift, such as trending demand.
    n_models : int, default=5
        Networks trained on the same windows, each from its own initial weights and
        minibatch order (seeds drawn from ``random_state``); forecasts are their median
        step by step, as N-BEATS ensembles do. 5 by default: a single small network's
        forecast of a short series depends on its seed by tens of percent, and the
        median of five cuts that spread by about half, at five times the cost (set 1
        for one network, e.g. inside a large grid search).
    missing : {"mask", "error"}, default="mask"
        What a missing (NaN) target value in the history means. "mask": the value is
        unknown; no training window is asked to predict it (nor, after differencing,
        a difference it enters), and where the network must read it, in training
        windows and in the history a forecast starts from, it reads the linear
        interpolation between its neighbours (the nearest observation before the
        first or after the last). A month missing from a series then costs nothing but
        that month. "error": raise, naming where. Missing covariates are always an
        error.
    static_features : list or None, default=None
        Columns of X that are static covariates of each series (a shop's size, a
        product's category code): constant within every series (an error names the
        first that is not), standardised over the series, and read as
        ``static_mode`` says; a global model over a panel can then tell its series
        apart. `predict`'s ``history`` must carry them too (X's rows to forecast may
        leave them at any value).
    static_mode : {"par", "init", "pre", "merge"}, default="par"
        How static covariates enter, as in `RNNClassifier`: concatenated to every
        step ("par"), as the initial state ("init"), as a first step ("pre"), or
        joined to the head's input ("merge"). ``stateful=True`` takes "par" or
        "merge" (its chunks start from the previous chunk's state).

    Attributes
    ----------
    freq_ : pandas offset or int
        The frequency of the series (the step of an integer index).
    seasonal_period_ : int
        The seasonal period used (``seasonal_period``, or read from ``freq_``).
    differences_ : tuple of int
        The lags the targets were differenced at (empty: none).
    lookback_ : int
        The lookback used.
    n_features_in_ : int
        Columns of X.
    feature_names_in_ : ndarray of str
        When fitted on a DataFrame with string column names.
    loss_curve_, validation_scores_, best_loss_, best_validation_score_, n_iter_, t_
        As in `RNNRegressor` (``t_`` counts training windows; the validation score is
        the R^2 of the scaled windows).
    params_ : ndarray of shape (n_params,)
        The parameters of the first network (see ``n_models``); `get_weights` and
        `set_weights` read and write these.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from skrnn import RNNForecaster
    >>> t = np.arange(96)
    >>> y = pd.Series(10 + np.sin(2 * np.pi * t / 12),
    ...               index=pd.period_range("2000-01", periods=96, freq="M"), name="y")
    >>> f = RNNForecaster(cell="gru", hidden_size=16, lookback=24, horizon=12,
    ...                   batch_size=16, learning_rate_init=0.01, max_iter=60,
    ...                   random_state=0).fit(y)
    >>> forecast = f.predict()
    >>> forecast.index[0], len(forecast)
    (Period('2008-01', 'M'), 12)
    >>> bool(np.abs(forecast.to_numpy() - (10 + np.sin(2 * np.pi * t[:12] / 12))).mean() < 0.2)
    True
    """
    _loss = "squared_error"
    _parameter_constraints: dict = {
        **BaseRNN._parameter_constraints,
        "strategy": [StrOptions({"recursive", "direct"})],
        "horizon": [Interval(Integral, 1, None, closed="left")],
        "lookback": [StrOptions({"auto"}), Interval(Integral, 1, None, closed="left")],
        "stateful": ["boolean"],
        "future_covariates": [list, tuple, None],
        "past_covariates": [list, tuple, None],
        "calendar_features": ["boolean"],
        "scaling": [StrOptions({"series", "window"}), None],
        "differences": [StrOptions({"auto"}), tuple, list, None],
        "seasonal_period": [StrOptions({"auto"}), Interval(Integral, 1, None,
                                                           closed="left")],
        "n_models": [Interval(Integral, 1, None, closed="left")],
        "missing": [StrOptions({"mask", "error"})],
        "static_features": [list, tuple, None],
        "static_mode": [StrOptions({"par", "init", "pre", "merge"})],
    }

    def __init__(self, *, cell="lstm", hidden_size=32, num_layers=1, bidirectional=False,
                 activation="tanh", dropout=0.0, solver="adam", learning_rate_init=0.001,
                 learning_rate="adaptive", power_t=0.5, momentum=0.9,
                 nesterovs_momentum=True, beta_1=0.9, beta_2=0.999, epsilon=1e-8,
                 alpha=0.0001, batch_size="auto", max_iter=200, shuffle=True,
                 clip_norm=1.0, clip_value=None, early_stopping=False,
                 validation_fraction=0.1, n_iter_no_change=10, tol=1e-4, warm_start=False,
                 random_state=None, verbose=False, dtype="float32", n_jobs=None,
                 init="orthogonal", forget_bias=1.0, learn_initial_state=False,
                 gru_variant="pytorch",
                 strategy="recursive", horizon=1, lookback="auto", stateful=False,
                 future_covariates=None, past_covariates=None, calendar_features=False,
                 scaling="series", differences="auto", seasonal_period="auto",
                 n_models=5, missing="mask", static_features=None, static_mode="par"):
        store_parameters(self, locals())

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.target_tags.required = False
        return tags

    # ------------------------------------------------------------------------ fit
    @fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None):
        """Fit one model to the series in ``X``.

        All or nothing: a call that raises, or is interrupted (``KeyboardInterrupt``),
        leaves the estimator exactly as it was before it. Training that diverges keeps
        the last weights whose loss was sound, with a ``ConvergenceWarning``, or raises
        ValueError when no epoch had been completed.

        Parameters
        ----------
        X : pandas Series or DataFrame indexed by time, or with a (series id, time)
            MultiIndex; or an array (n_timesteps,) or (n_timesteps, n_columns)
            The history: target columns and covariate columns (see the class docstring).
        y : None
            Ignored; present for the scikit-learn API (everything travels in ``X``, so
            splitters such as `TimeSeriesSplit` cut targets and covariates together).

        Returns
        -------
        self : object
        """
        if y is not None:
            warnings.warn("RNNForecaster.fit ignores y: the targets are the columns of "
                          "X (name covariates in future_covariates / past_covariates).",
                          UserWarning, stacklevel=2)
        return self._fit(X, None)

    def _calibrate(self, panel, setup, model, members, config, period):
        """Backtest the fitted ensemble on its own history ``panel``: the errors behind
        `predict_quantiles` and `predict_interval` (None when the series are too
        short for any backtest)."""
        n_steps = min(MAX_CALIBRATED_STEPS, max(self.horizon, period))
        if self.strategy == "direct" and setup.roles.past.size:
            n_steps = self.horizon  # a direct run cannot go further (past covariates)
        errors = backtest_errors(setup, model, members, panel, n_steps)
        if errors is None:
            return None
        ratio = self._out_of_sample_ratio(panel, setup, model, config, n_steps)
        return BacktestErrors(errors.errors * ratio)

    def _out_of_sample_ratio(self, panel, setup, model, config, n_steps):
        """The backtest's errors are in-sample (the networks trained on those windows),
        so intervals drawn from them are too narrow. One more network, trained the same
        way on the series without their last ``n_steps``, measures by how much: the
        ratio of its errors on those unseen steps to its errors from the same number of
        last origins of its own training series (`out_of_sample_ratio`): alike but
        for being seen, both from long histories (all origins would mix in short
        histories' larger errors, and so understate the ratio). The ensemble's errors
        are scaled by it."""
        cut = truncated(panel, n_steps, sum(setup.lags) + min(setup.lookback, 8) + 2)
        if cut is None:
            return 1.0
        rng = member_generator(self.random_state, self.n_models)  # after the members
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # a side fit: its warnings are not the user's
            params = [self._train(model, _training_windows(setup, cut), config, None,
                                  rng).params]
        inside = backtest_errors(setup, model, params, cut, n_steps, last=n_steps)
        outside = backtest_errors(setup, model, params, panel, n_steps, last=n_steps)
        return out_of_sample_ratio(inside, outside)

    def _check_settings(self):
        super()._check_settings()
        if self.stateful and self.static_features is not None and \
                self.static_mode in ("init", "pre"):
            raise ValueError(f"static_mode={self.static_mode!r} puts the static "
                             f"covariates at the start of a sequence, but with "
                             f"stateful=True chunks continue the previous chunk's state; "
                             f"use static_mode='par' or 'merge'.")
        if self.stateful and self.learn_initial_state:
            raise ValueError("learn_initial_state=True learns the state each window "
                             "starts from, but with stateful=True every chunk starts "
                             "from the previous chunk's final state; use one or the "
                             "other.")
        if self.bidirectional and self.strategy == "recursive":
            raise ValueError("bidirectional=True needs strategy='direct': a recursive "
                             "forecast runs forward one step at a time, so it cannot "
                             "read a sequence backwards.")
        if self.stateful and (self.strategy != "recursive" or self.early_stopping):
            raise ValueError("stateful=True trains the recursive strategy on contiguous "
                             "chunks whose states depend on each other; it needs "
                             "strategy='recursive' and early_stopping=False (validate "
                             "with TimeSeriesSplit instead).")
        if self.stateful and self.scaling == "window":
            raise ValueError("stateful=True carries states across chunks, which "
                             "scaling='window' would scale each its own way; use "
                             "scaling='series'.")

    def _training_data(self, X, y, sample_weight, fresh):
        _, data, fitted = self._prepare(X, fresh)
        return data, fitted

    def _prepare(self, X, fresh):
        """The validated panel of X, its training windows and the fitted attributes
        they define."""
        self._check_settings()
        panel = check_panel(X, "X", type(self).__name__)
        if panel.lengths.max() < 2:
            raise ValueError("X has only 1 sample (time step) per series; a forecaster "
                             "needs at least 2 to learn from.")
        if not fresh and (panel.columns.size != self.n_features_in_):
            raise ValueError(f"X has {panel.columns.size} columns; the forecaster was "
                             f"fitted with {self.n_features_in_}.")
        n_columns = panel.columns.size
        panel = self._without_static(panel, "X")
        roles = ColumnRoles.of(panel.columns, self.past_covariates, self.future_covariates)
        assert_no_missing(panel, roles.covariates, "X", "covariate")
        panel, observed = self._missing_targets(panel, roles, "X")
        frame = X if isinstance(X, pd.DataFrame) else None
        if not fresh:
            check_feature_names(self, frame, reset=False)
        if fresh:
            if self.calendar_features and isinstance(panel.freq, int):
                raise ValueError("calendar_features=True needs a DatetimeIndex or a "
                                 "PeriodIndex; X is indexed by integers.")
            period, lags, lookback = self._resolve_auto(panel, roles)
            fitted = {"feature_names_in_": feature_names_of(frame),
                      "n_features_in_": n_columns, "_kind": panel.kind,
                      "n_static_in_": 0 if panel.static is None else panel.static.shape[1],
                      "_columns": panel.columns, "_index_names": panel.index_names,
                      "freq_": panel.freq, "_time_dtype": panel.times[0].dtype,
                      "seasonal_period_": period, "differences_": lags,
                      "lookback_": lookback}
            cov_stats = column_stats([v[:, roles.covariates] for v in panel.values],
                                     self.scaling)
            static_stats = None if panel.static is None else \
                column_stats([panel.static], "series")
        else:
            fitted, cov_stats = {}, self._setup.cov_stats
            static_stats = self._setup.static_stats
            lags, lookback = self.differences_, self.lookback_
        setup = ForecastSetup(
            roles=roles, strategy=self.strategy, horizon=self.horizon,
            lookback=lookback, stateful=self.stateful, scaling=self.scaling,
            lags=lags, calendar=self.calendar_features,
            freq=fitted.get("freq_", getattr(self, "freq_", None)), cov_stats=cov_stats,
            dtype=self.dtype, static_stats=static_stats)
        data = _training_windows(setup, panel, observed)
        return panel, data, dict(fitted, _setup=setup, _context=setup.context(panel))

    def _without_static(self, panel, name):
        """The panel with its ``static_features`` columns moved to ``panel.static``."""
        if self.static_features is None:
            return panel
        return split_static(panel, list(self.static_features), name)

    def _missing_targets(self, panel, roles, name):
        """The panel with missing targets filled (``missing="mask"``) and which steps
        were observed (None when all were), or an error (``missing="error"``)."""
        if self.missing == "error":
            assert_no_missing(panel, roles.target, name, "target")
            return panel, None
        panel, observed = fill_missing_targets(panel, roles.target, name)
        return panel, None if all(m.all() for m in observed) else observed

    def _fit(self, X, y, sample_weight=None, incremental=False):
        """Train ``n_models`` networks on the same windows, each from its own initial
        weights and minibatch order; the first is the one `get_weights` shows."""
        fresh = not (self.warm_start and hasattr(self, "params_"))
        if not fresh:  # the ensemble's size, before any work
            self._check_member_count()
        panel, data, fitted = self._prepare(X, fresh)
        config = TrainingConfig.from_params(self.get_params())
        model, previous = self._start(data, fresh)
        members = self._train_members(model, data, config, previous,
                                      inputs=FitInputs(X, None, None, fitted))
        period = fitted.get("seasonal_period_", getattr(self, "seasonal_period_", 1))
        errors = self._calibrate(panel, fitted["_setup"], model,
                                 [m.params for m in members], config, period)
        self._set_members(model, members)
        self._errors = errors
        self._set_fitted(fitted)
        return self

    def _resolve_auto(self, panel, roles):
        """``seasonal_period``, ``differences`` and ``lookback`` with "auto" decided
        on the training ``panel``."""
        period = self.seasonal_period
        if period == "auto":
            period = 1 if isinstance(panel.freq, int) else period_of(
                step_days(panel.times[0], panel.freq))
        if self.differences == "auto":
            lags = differencing_lags(
                [v[:, j] for v in panel.values for j in roles.target], period)
        else:
            lags = check_lags(self.differences)
        lookback = max(24, 2 * period) if self.lookback == "auto" else self.lookback
        return period, lags, lookback

    # ---------------------------------------------------------------- forecasting
    def predict(self, X=None, history=None):
        """Forecast.

        Parameters
        ----------
        X : same kind of object as at fit, int, or None, default=None
            The future rows to forecast: their time index says which steps (after the
            end of each series' history), their future-known covariate columns give
            those covariates; target and past-covariate values in X are ignored (they
            may be NaN). For arrays, row i is step i + 1. An int ``n`` forecasts the
            next ``n`` steps of every series, and None the next ``horizon`` steps (both
            possible only without future covariates); an int works where X must be
            passed, as in ``GridSearchCV(...).predict(12)``. With ``strategy="direct"``
            the head reads a whole block of ``horizon`` steps: future covariates of
            steps beyond the last row asked for repeat that row.
        history : same kind of object as at fit, or None, default=None
            Forecast from these observations instead of the training data, without
            refitting (series ids of a MultiIndex may be new). Cheap backtests: fit once,
            then predict from each origin's history.

        Returns
        -------
        forecast : pandas Series or DataFrame (the target columns) with the future index
            (X's index when X is given), or an ndarray (n_steps,) / (n_steps,
            n_targets) for array input
        """
        context, panel, paths, requests = self._forecast_for(X, history)
        return self._as_output(context, panel, paths, requests)

    def predict_quantiles(self, X=None, quantiles=(0.1, 0.5, 0.9), history=None):
        """Quantiles of the forecast distribution, from backtest errors.

        At fit, the model forecasts from the latest origins of its own history (up to
        60 per series) and keeps its errors at each step ahead, divided by each series'
        scale (its mean absolute one-step change). A quantile ``q`` of a forecast is
        the point forecast plus the ``q``-quantile of those errors at that step, times
        the series' scale: no assumption on the errors' distribution (empirical
        conformal prediction), and intervals widen as the errors of longer forecasts
        do. Beyond the steps the backtest covered (``max(horizon,
        seasonal_period_)``, at most 60), the last step's spread grows with the square
        root of the step. Those errors are in-sample (the networks trained on those
        windows), so they are scaled up by how much larger one more network's errors
        are on steps it never saw: it is trained the same way without the last steps
        of each series, and its errors from as many origins before and after that cut
        are compared (about one network's fit more at `fit`); `docs/results.md`
        reports the coverage on held-out data.

        Parameters
        ----------
        X, history : as in `predict`
        quantiles : sequence of float in (0, 1), default=(0.1, 0.5, 0.9)

        Returns
        -------
        quantiles : pandas DataFrame with the forecast's index and one column per
            quantile (a column MultiIndex ``(target, quantile)`` for several targets),
            or an ndarray (n_steps, n_quantiles) / (n_steps, n_targets, n_quantiles)
            for array input
        """
        q = _check_quantiles(quantiles)
        context, panel, paths, requests = self._forecast_for(X, history)
        return self._as_output(context, panel, self._quantile_paths(context, paths, q),
                               requests, labels=list(q))

    def predict_interval(self, X=None, coverage=0.8, history=None):
        """Prediction intervals: the ``(1 - coverage) / 2`` and ``(1 + coverage) / 2``
        quantiles of `predict_quantiles`.

        Parameters
        ----------
        X, history : as in `predict`
        coverage : float in (0, 1), default=0.8
            The probability that a future value falls inside its interval.

        Returns
        -------
        interval : pandas DataFrame with the forecast's index and columns ``lower`` and
            ``upper`` (under a column MultiIndex ``(target, "lower"/"upper")`` for
            several targets), or an ndarray (n_steps, 2) / (n_steps, n_targets, 2) for
            array input
        """
        if not (isinstance(coverage, float | int) and 0 < coverage < 1):
            raise ValueError(f"coverage must be a probability in (0, 1), got "
                             f"{coverage!r}.")
        q = np.array([(1 - coverage) / 2, (1 + coverage) / 2])
        context, panel, paths, requests = self._forecast_for(X, history)
        return self._as_output(context, panel, self._quantile_paths(context, paths, q),
                               requests, labels=["lower", "upper"])

    def _quantile_paths(self, context, paths, quantiles):
        """Each series' quantile paths (n_steps, n_targets, n_quantiles)."""
        if getattr(self, "_errors", None) is None:
            raise ValueError("The series were too short for a backtest at fit, so this "
                             "forecaster has no errors to draw intervals from; fit on "
                             "longer series (at least sum(differences_) + 3 steps).")
        out = []
        for k, path in enumerate(paths):
            if path is None:
                out.append(None)
                continue
            offsets = self._errors.offsets(quantiles, len(path))
            scale = series_scale(context.targets[k])
            out.append(path[:, :, None] + offsets * scale[None, :, None])
        return out

    def score(self, X, y=None):
        """Negative mean absolute scaled error (MASE) of the forecast of X's rows.

        Scale-free, defined with zeros, comparable across series: each series' absolute
        errors are divided by the mean absolute one-step change of its history (the
        in-sample error of the naive forecast, Hyndman & Koehler 2006). Greater is
        better, as scikit-learn's scorers expect; `skrnn.metrics` has other scorers.

        Parameters
        ----------
        X : same kind of object as at fit
            Rows after the end of the training data, with the true target values.
        y : None
            Ignored.

        Returns
        -------
        score : float
        """
        return forecast_scorers["neg_mean_absolute_scaled_error"](self, X)

    def _forecast_for(self, X, history):
        """The context, X's panel (None without X), the forecast paths of every series
        asked about, and the requests."""
        check_is_fitted(self, "params_")
        setup, context = self._setup, self._context
        if history is not None:
            context = setup.context(self._check_like_fit(history, "history"))
        if X is None or _is_steps(X):
            if setup.roles.future.size:
                raise ValueError("This forecaster uses future covariates: pass the future "
                                 "rows, with their covariate values, as X.")
            n_steps = setup.horizon if X is None else int(X)
            if n_steps < 1:
                raise ValueError(f"X as a number of steps to forecast must be at least "
                                 f"1, got {X}.")
            panel, requests = None, all_requests(context, n_steps)
        else:
            panel = self._check_like_fit(X, "X")
            requests = requests_of(setup, context, panel,
                                   by_position=self._kind in ("array1d", "array2d"))
        needed = steps_needed(context, requests)
        ahead = future_features(setup, context, panel, requests, needed)
        paths = ensemble_paths(setup, self._model, self._member_params(), context, ahead,
                               needed)
        return context, panel, paths, requests

    def _check_like_fit(self, X, name):
        panel = check_panel(X, name, type(self).__name__,
                            freq=self.freq_ if name == "X" else None)
        if panel.kind != self._kind and "array" in panel.kind + self._kind:
            raise ValueError(
                f"{name} is a {panel.kind.replace('array', '')} array, but the forecaster "
                f"was fitted on a {self._kind.replace('array', '')} one. Reshape your "
                f"data: give {name} the same shape of columns as at fit.")
        if panel.columns.size != self.n_features_in_:
            raise ValueError(f"{name} has {panel.columns.size} features, but "
                             f"{type(self).__name__} is expecting {self.n_features_in_} "
                             f"features as input: give the same columns as at fit "
                             f"(target values at predict may be NaN).")
        check_feature_names(self, X if isinstance(X, pd.DataFrame) else None, reset=False)
        if name == "history":
            panel = self._without_static(panel, name)
        elif self.static_features is not None:  # rows to forecast: their values unused
            panel = drop_columns(panel, list(self.static_features))
        if panel.times[0].dtype != self._time_dtype or str(panel.freq) != str(self.freq_):
            raise ValueError(f"{name} is indexed by {panel.times[0].dtype} at frequency "
                             f"{panel.freq}; the forecaster was fitted on "
                             f"{self._time_dtype} at frequency {self.freq_}.")
        roles = self._setup.roles
        assert_no_missing(panel, roles.covariates if name == "history" else roles.future,
                          name, "covariate")
        if name == "history":
            panel = self._missing_targets(panel, roles, name)[0]
        return panel

    # ----------------------------------------------------------------- output
    def _as_output(self, context, panel, paths, requests, labels=None):
        """The forecasts ``paths`` (per series (n_steps, n_targets), or (n_steps,
        n_targets, len(labels)) for quantiles) in the container of the training data."""
        target = self._setup.roles.target
        columns = self._columns[target]
        if panel is None:  # the next steps of every series
            times = [future_times(context.times[k][-1], self.freq_, len(paths[k]))
                     for k in range(len(paths))]
            values = paths
            ids = context.ids
        else:
            times = [panel.times[j] for j in range(len(requests))]
            values = [paths[k][steps - 1] for k, steps in requests]
            ids = panel.ids
        if self._kind == "array1d":
            return values[0][:, 0]
        if self._kind == "array2d":
            return values[0]
        stacked = np.concatenate(values)
        if ids is None:
            index = times[0].rename(self._index_names[0])
        else:
            index = pd.MultiIndex.from_arrays(
                [np.repeat(np.asarray(ids, dtype=object), [len(t) for t in times]),
                 times[0].append(times[1:])], names=self._index_names)
        if labels is not None:
            if len(columns) == 1:
                return pd.DataFrame(stacked[:, 0], index=index, columns=labels)
            return pd.DataFrame(stacked.reshape(len(stacked), -1), index=index,
                                columns=pd.MultiIndex.from_product([columns, labels]))
        if self._kind == "series":
            return pd.Series(stacked[:, 0], index=index, name=columns[0])
        return pd.DataFrame(stacked, index=index, columns=columns)


def _is_steps(X):
    """Whether X is a number of steps to forecast (an int, not a bool)."""
    return isinstance(X, Integral | np.integer) and not isinstance(X, bool | np.bool_)


def _check_quantiles(quantiles):
    q = np.asarray(quantiles, dtype=np.float64).ravel()
    if q.size == 0 or not np.all((q > 0) & (q < 1)):
        raise ValueError(f"quantiles must be probabilities in (0, 1), got "
                         f"{quantiles!r}.")
    return q


def _training_windows(setup, panel, observed=None):
    """The `TrainingData` of a validated ``panel``: differenced, scaled, windowed;
    ``observed`` (per series (T_k,) bool, or None) marks the steps whose targets are
    known (the others were filled)."""
    context = setup.context(panel)
    modelled = setup.differenced(panel)
    series = [setup.scaled(v, t, st)
              for v, t, st in zip(modelled.values, modelled.times, context.stats)]
    known = None
    if observed is not None:  # a difference is known when every value in it is
        known = [(difference_mask(m, setup.lags)[:, None].astype(np.float64),
                  np.zeros((len(m) - sum(setup.lags), 0)),
                  np.zeros((len(m) - sum(setup.lags), 0))) for m in observed]
    return _windows(setup, series, known, setup.standardised_static(panel))


def _cut(setup, series):
    """Windows (X, Y, lengths, ends[, chunk]) of the strategy."""
    if setup.stateful:
        return recursive_chunks(series, setup.lookback)
    if setup.strategy == "recursive":
        return recursive_windows(series, setup.lookback)
    return direct_windows(series, setup.lookback, setup.horizon, setup.with_ahead)


def _marks(series, values):
    """Series shaped as ``series`` whose one target column is ``values[k]`` (a mask,
    or the series' own number), to cut the same windows of."""
    return [(np.broadcast_to(np.asarray(v, dtype=np.float64).reshape(-1, 1),
                             (len(Z), 1)).copy(), np.zeros((len(Z), 0)),
             np.zeros((len(Z), 0))) for (Z, _, _), v in zip(series, values)]


def _windows(setup, series, known=None, static=None):
    """The training windows of the scaled ``series`` as a `TrainingData`; ``known``
    (per series (mask, no columns, no columns), as ``series``) cut the same way says
    which targets were observed: a recursive window's other steps are left out of the
    loss, a direct sample with any of them is left out. ``static`` (n_series,
    n_static) gives each window its series' static covariates."""
    previous, observed = None, None
    cut = _cut(setup, series)
    Xw, Yw, lengths, ends = cut[:4]
    which = None
    if static is not None:  # each window's series, cut as the windows are
        which = _cut(setup, _marks(series, range(len(series))))[1]
        which = np.rint(which[:, 0, 0] if which.ndim == 3 else which[:, 0]).astype(int)
    if setup.stateful:
        chunk = cut[4]
        previous = np.where(chunk > 0, np.arange(len(chunk)) - 1, -1)  # rows in order
    per_step = setup.strategy == "recursive"
    if known is not None:
        seen = _cut(setup, known)[1] > 0.5  # the targets' windows of the mask
        if per_step:
            observed = seen[:, :, 0] & step_mask(lengths, seen.shape[1])
            if not observed.any():
                raise ValueError("Every training window's targets are missing: give "
                                 "more observed values.")
        else:
            keep = seen.all(axis=1)
            if not keep.any():
                raise ValueError(f"Every training sample of horizon={setup.horizon} "
                                 f"steps has a missing target: give more observed "
                                 f"values, or a shorter horizon.")
            Xw, Yw, lengths, ends = Xw[keep], Yw[keep], lengths[keep], ends[keep]
            which = None if which is None else which[keep]
    if setup.scaling == "window":
        n_t = setup.n_targets
        Xw, mu, sd = setup.window_scaled(Xw, setup.observed_steps(lengths))
        Yw = Yw.copy()
        if per_step:
            Yw[:, :, :n_t] = (Yw[:, :, :n_t] - mu) / sd
        else:
            Yw = ((Yw.reshape(len(Yw), -1, n_t) - mu) / sd).reshape(len(Yw), -1)
    targets = Yw.astype(setup.dtype)
    if per_step:  # nothing past each window's end
        targets[~step_mask(lengths, targets.shape[1])] = 0.0
    return TrainingData(X=Xw.astype(setup.dtype), lengths=lengths, targets=targets,
                        sample_weight=np.ones(len(lengths)), per_step=per_step,
                        steps_to_end=ends, previous=previous, observed=observed,
                        static=None if which is None else static[which])
