"""Preprocessing for sequences.

scikit-learn's scalers see a 2-D table, so they cannot standardise the features of 3-D
input, and on padded sequences they would count the padding as data. `SequenceScaler`
reads every X format of skrnn, computes each feature's statistics over the real time
steps of all sequences, and returns X in the container it came in.
"""
from ._estimators import SequenceScaler

__all__ = ["SequenceScaler"]
