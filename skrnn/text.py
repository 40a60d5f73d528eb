"""Text for recurrent networks: token sequences from strings.

- `Tokenizer` splits strings into characters or words and numbers them by a vocabulary
  with the special tokens of `SPECIAL_TOKENS` (``<pad>``, ``<unk>``, ``<bos>``,
  ``<eos>`` at ids 0 to 3): one int64 array per string, and back.
"""
from ._estimators import SPECIAL_TOKENS, Tokenizer

__all__ = ["SPECIAL_TOKENS", "Tokenizer"]
