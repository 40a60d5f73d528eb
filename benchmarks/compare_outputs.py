"""Whether a change moved any estimator's outputs: short fits of the classifier, the
regressor (per sequence and per step), the encoder (codes and decoding) and the
forecaster (forecast and interval) on shipped data, run in a git revision and in the working tree, compared bit for bit.

Identical outputs mean the accuracy and forecasting panels need no re-run for this
change; a difference names the outputs that moved (then run the panels).

Run (from the repository root)::

    python benchmarks/compare_outputs.py --ref HEAD~3
"""
import argparse
import os
import subprocess
import sys
import tempfile
import textwrap

FITS = """
import hashlib, sys, warnings
import numpy as np
warnings.simplefilter("ignore")
import skrnn
assert skrnn.__file__.startswith(sys.argv[1]), skrnn.__file__
from skrnn import RNNClassifier, RNNEncoder, RNNForecaster, RNNRegressor
from skrnn.datasets import (load_airline, load_covid_3month, load_gunpoint,
                            load_japanese_vowels)
out = {}
X, y = load_gunpoint(split="train", return_X_y=True)
model = RNNClassifier(random_state=0, max_iter=20, n_models=2).fit(X, y)
out["classifier"] = model.predict_proba(load_gunpoint(split="test", return_X_y=True)[0])
X, y = load_japanese_vowels(split="train", return_X_y=True)
model = RNNClassifier(random_state=0, max_iter=5, n_models=1, bidirectional=True,
                      pooling=["last", "attention"]).fit(X, y)
out["classifier, ragged, attention"] = model.predict_proba(X)
X, y = load_covid_3month(split="train", return_X_y=True)
out["regressor"] = RNNRegressor(random_state=0, max_iter=10, n_models=1).fit(X, y).predict(X)
Xv = load_japanese_vowels(split="train", return_X_y=True)[0][:60]
yv = [np.cumsum(x[:, 0]) for x in Xv]
model = RNNRegressor(random_state=0, max_iter=5, n_models=1).fit(Xv, yv)
out["regressor, per step"] = np.concatenate(model.predict(Xv))
model = RNNEncoder(cell="gru", hidden_size=8, max_iter=5, random_state=0).fit(Xv)
out["encoder"] = model.transform(Xv)
out["encoder, decoding"] = model.inverse_transform(out["encoder"][:5], n_timesteps=6)
model = RNNForecaster(horizon=12, random_state=0, max_iter=20, n_models=2)
model.fit(load_airline(split="train").data)
out["forecaster"] = model.predict().to_numpy()
out["forecaster, interval"] = model.predict_interval().to_numpy()
for name, value in out.items():
    digest = hashlib.sha256(np.ascontiguousarray(value).tobytes()).hexdigest()[:16]
    print(f"{name}\t{digest}")
"""


def digests(root):
    env = {**os.environ, "PYTHONPATH": root}
    result = subprocess.run([sys.executable, "-c", textwrap.dedent(FITS), root],
                            env=env, capture_output=True, text=True,
                            cwd=tempfile.gettempdir())
    if result.returncode:  # e.g. a revision without a parameter the fits set
        last = result.stderr.strip().splitlines()[-1:] or ["(no message)"]
        sys.exit(f"the fits failed in {root}: {last[0]}")
    return dict(line.split("\t") for line in result.stdout.splitlines() if "\t" in line)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ref", required=True, help="git revision to compare with")
    args = parser.parse_args()
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    with tempfile.TemporaryDirectory() as tmp:
        tree = os.path.join(tmp, "ref")
        subprocess.run(["git", "-C", here, "worktree", "add", "-q", "--detach", tree,
                        args.ref], check=True)
        try:
            before = digests(tree)
        finally:
            subprocess.run(["git", "-C", here, "worktree", "remove", "--force", tree],
                           check=True)
    after = digests(here)
    moved = [name for name in after if before.get(name) != after[name]]
    for name in after:
        print(f"{name:<32} {'moved' if name in moved else 'identical'}")
    print(f"\n{len(after) - len(moved)} of {len(after)} outputs bitwise identical to "
          f"{args.ref}")
    sys.exit(1 if moved else 0)


if __name__ == "__main__":
    main()
