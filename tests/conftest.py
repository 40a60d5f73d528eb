"""Shared pytest fixtures."""
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))  # naive.py and _cases.py import as modules

from skrnn._network import _cells  # noqa: E402

# The LSTM kernels have two operand modes chosen by input width (see _cells): force each.
LSTM_MODES = {"concat": float("inf"), "project": -1.0}


@pytest.fixture(params=sorted(LSTM_MODES))
def lstm_mode(request, monkeypatch):
    monkeypatch.setattr(_cells, "CONCAT_MAX_INPUT_RATIO", LSTM_MODES[request.param])
    return request.param
