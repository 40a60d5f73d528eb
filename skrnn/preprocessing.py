"""Preprocessing for sequences.

scikit-learn's transformers see a 2-D table, so they cannot work on the features of
3-D input, and on padded sequences they would count the padding as data. These read
every X format of skrnn, use each sequence's real steps only, and return X in the
container it came in:

- `SequenceScaler` standardises each feature with statistics over the real time steps
  of all sequences;
- `WindowAggregator` replaces every ``window`` consecutive steps by statistics of them
  (mean, spread, extremes, last value): piecewise aggregation, shorter sequences;
- `SequenceDifferencer` adds the differences between consecutive steps (deltas) to the
  features.
"""
from ._estimators import SequenceDifferencer, SequenceScaler, WindowAggregator

__all__ = ["SequenceDifferencer", "SequenceScaler", "WindowAggregator"]
