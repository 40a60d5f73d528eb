"""The network layer: parameter layout, initialisation and stacked/bidirectional passes."""
from ._network import RNNNetwork

__all__ = ["RNNNetwork"]
