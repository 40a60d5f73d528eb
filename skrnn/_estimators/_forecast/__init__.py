"""The forecaster: time-indexed input (`_panel`), its data model (`_setup`), training
windows (`_windows`), forecasts (`_running`), scorers (`_scoring`) and the estimator
(`_forecaster`)."""
from ._forecaster import RNNForecaster
from ._scoring import ForecastScorer, forecast_scorers, make_forecast_scorer

__all__ = ["ForecastScorer", "RNNForecaster", "forecast_scorers", "make_forecast_scorer"]
