"""Numba kernels: one module per cell, each with ``forward`` and ``backward``.

Kernels are pure array functions over a packed, length-sorted batch (see ``_common``):
outputs are preallocated by the caller, nothing is validated or drawn at random here.
"""
from . import _gru, _gru_cho, _lstm, _peephole_lstm, _rnn

__all__ = ["_gru", "_gru_cho", "_lstm", "_peephole_lstm", "_rnn"]
