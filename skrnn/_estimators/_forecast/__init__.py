"""The forecaster: time-indexed input (`_panel`), training windows (`_windows`) and the
estimator (`_forecaster`)."""
from ._forecaster import RNNForecaster

__all__ = ["RNNForecaster"]
