"""Output containers of skrnn's transformers that turn sequences into vectors.

scikit-learn's ``set_output`` wrapper reuses the input DataFrame's index, which for a
(sequence id, time) frame has one row per step, not per sequence. This mixin wraps the
output itself: one row per sequence, indexed by sequence id for such frames.
"""
import pandas as pd
from sklearn import get_config

OUTPUTS = ("default", "pandas", "polars")


class SequenceOutputMixin:
    """``set_output`` for transformers with one output row per sequence.

    Subclasses declare ``auto_wrap_output_keys=None`` (so scikit-learn does not wrap
    ``transform`` itself) and return ``self._wrap_output(values, X, batch)``.
    """

    def set_output(self, *, transform=None):
        """Set the container of `transform` and `fit_transform` output.

        Parameters
        ----------
        transform : {"default", "pandas", "polars"}, default=None
            ``"default"`` for an array; ``"pandas"`` or ``"polars"`` for a DataFrame whose
            columns are `get_feature_names_out`. A pandas result is indexed by sequence
            id when X is a DataFrame with a (sequence id, time) MultiIndex, by X's index
            when X is another DataFrame, by a RangeIndex otherwise. None leaves the
            configuration unchanged.

        Returns
        -------
        self : object
            The estimator itself.
        """
        if transform is None:
            return self
        if transform not in OUTPUTS:
            raise ValueError(f"set_output(transform=...) must be one of {OUTPUTS}, "
                             f"got {transform!r}.")
        # The attribute name scikit-learn's clone and meta-estimators know.
        if not hasattr(self, "_sklearn_output_config"):
            self._sklearn_output_config = {}
        self._sklearn_output_config["transform"] = transform
        return self

    def _wrap_output(self, values, X, batch):
        """``values`` (n_samples, n_out) in the container ``set_output`` (or the global
        configuration) asks for."""
        output = getattr(self, "_sklearn_output_config", {}).get(
            "transform", get_config()["transform_output"])
        if output == "default":
            return values
        columns = self.get_feature_names_out()
        if output == "pandas":
            if batch.ids is not None:
                index = batch.ids
            else:
                index = X.index if isinstance(X, pd.DataFrame) else None
            return pd.DataFrame(values, index=index, columns=columns, copy=False)
        if output == "polars":
            import polars as pl
            return pl.DataFrame(values, schema=[str(c) for c in columns], orient="row")
        raise ValueError(f"The transform output configuration must be one of "
                         f"{OUTPUTS}, got {output!r}.")
