"""``set_output`` for skrnn's transformers: one implementation, two kinds of rows.

scikit-learn's own ``set_output`` wrapper reuses the input DataFrame's index, which for
a (sequence id, time) frame has one row per step. skrnn's transformers therefore wrap
their output themselves, through `OutputMixin`:

- the encoders (one row per sequence) index a table by sequence id for such frames;
- `SequenceScaler` turns only its 2-D results (2-D input) into a table, indexed by X's.

`by_sequence_id` does the same for the supervised estimators' ``predict``.
"""
import pandas as pd
from sklearn import get_config

OUTPUTS = ("default", "pandas", "polars")


class OutputMixin:
    """``set_output`` and the table it asks for. Subclasses declare
    ``auto_wrap_output_keys=None`` (scikit-learn then leaves ``transform`` alone) and
    build their result with `_as_table`."""

    def set_output(self, *, transform=None):
        """Set the container of `transform` and `fit_transform` output.

        Parameters
        ----------
        transform : {"default", "pandas", "polars"}, default=None
            ``"default"`` for arrays; ``"pandas"`` or ``"polars"`` for a DataFrame (see
            the class docstring for its index and columns). None leaves the
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

    def _output(self):
        """The configured container: this estimator's, else the global one."""
        output = getattr(self, "_sklearn_output_config", {}).get(
            "transform", get_config()["transform_output"])
        if output not in OUTPUTS:
            raise ValueError(f"The transform output configuration must be one of "
                             f"{OUTPUTS}, got {output!r}.")
        return output

    def _as_table(self, values, index, columns):
        """``values`` (n_rows, n_columns) as the configured container; ``columns`` may
        be a callable, called only when a table is built."""
        output = self._output()
        if output == "default":
            return values
        columns = columns() if callable(columns) else columns
        if output == "pandas":
            return pd.DataFrame(values, index=index, columns=columns, copy=False)
        import polars as pl
        schema = None if columns is None else [str(name) for name in columns]
        return pl.DataFrame(values, schema=schema, orient="row")


class SequenceOutputMixin(OutputMixin):
    """Output with one row per sequence (the encoders): a table is indexed by sequence
    id when X is a (sequence id, time) frame, by X's index for another DataFrame, by a
    RangeIndex otherwise; its columns are `get_feature_names_out`."""

    def _wrap_output(self, values, X, batch):
        if batch.ids is not None:
            index = batch.ids
        else:
            index = X.index if isinstance(X, pd.DataFrame) else None
        return self._as_table(values, index, self.get_feature_names_out)


def by_sequence_id(predictions, batch):
    """``predict``'s result for a (sequence id, time) frame as pandas indexed by the
    sequence ids, in their order of first appearance: a Series for one target, a
    DataFrame (columns ``0..n_outputs-1``) for several. Predictions of other inputs, and
    per-step predictions (a list of arrays), are returned unchanged."""
    if batch.ids is None or isinstance(predictions, list):
        return predictions
    if predictions.ndim == 1:
        return pd.Series(predictions, index=batch.ids, copy=False)
    return pd.DataFrame(predictions, index=batch.ids, copy=False)
