"""The package's layering, read from the source: who may import numba and kernels, which
layer may import which, no private names across layers, no module over 800 lines."""
import ast
import importlib
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent / "skrnn"
MODULES = sorted(p for p in ROOT.rglob("*.py") if "__pycache__" not in p.parts)

# What each private layer may import of skrnn's other layers (besides _compat and _jit,
# which any layer may use, and its own modules). `_data` is used by every layer above it.
ALLOWED = {
    "_kernels": set(),
    "_network": {"_kernels"},
    "_models": {"_network", "_data"},
    "_training": {"_network", "_data"},
    "_data": set(),
}
NUMBA_LAYERS = {"_kernels", "_network", "_jit.py"}


def _layer(path):
    return path.relative_to(ROOT).parts[0]


def _imports(path):
    """(absolute module, imported names) of every skrnn import in ``path``."""
    tree = ast.parse(path.read_text())
    package = ["skrnn", *path.relative_to(ROOT).parent.parts]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, []) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package[:len(package) - node.level + 1] if node.level else []
            module = ".".join(base + ([node.module] if node.module else []))
            found.append((module, [alias.name for alias in node.names]))
    return found


def _skrnn_parts(module):
    parts = module.split(".")
    return parts[1:] if parts[0] == "skrnn" else None


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_only_the_engine_imports_numba_or_kernels(path):
    if _layer(path) in NUMBA_LAYERS:
        return
    for module, names in _imports(path):
        parts = _skrnn_parts(module) or []
        assert not module.startswith("numba"), f"{path.name} imports numba"
        assert parts[:1] != ["_kernels"], f"{path.name} imports a kernel"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_layers_import_only_layers_below_and_only_their_public_names(path):
    layer = _layer(path)
    for module, names in _imports(path):
        parts = _skrnn_parts(module)
        if not parts or parts[0] == layer or parts[0] in ("_compat", "_jit"):
            continue
        if layer in ALLOWED:
            assert parts[0] in ALLOWED[layer], f"{path} imports {module}"
        # another layer: only what its __init__ exports, never one of its private modules
        assert len(parts) == 1, f"{path} imports the private module {module}"
        exported = getattr(importlib.import_module(module), "__all__", None)
        if exported is None:  # a single-module layer: its public names
            unexported = [name for name in names if name.startswith("_")]
        else:
            unexported = sorted(set(names) - set(exported))
        assert not unexported, f"{path} imports {unexported}, not exported by {module}"


def test_the_training_loop_knows_no_estimator_and_no_model():
    for path in (ROOT / "_training").glob("*.py"):
        for module, _ in _imports(path):
            parts = _skrnn_parts(module) or []
            assert parts[:1] not in (["_estimators"], ["_models"]), (path, module)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_module_is_over_800_lines(path):
    assert len(path.read_text().splitlines()) <= 800
