"""Text for recurrent networks: token sequences from strings.

- `Tokenizer` splits strings into characters or words and numbers them by a vocabulary
  whose ids 0 to 3 are the special tokens ``<pad>``, ``<unk>``, ``<bos>`` and ``<eos>``
  (``SPECIAL_TOKENS``): one int64 array per string, and back.
"""
from ._estimators import SPECIAL_TOKENS, Tokenizer

__all__ = ["Tokenizer"]
