"""Check the engine's speed targets against a ``bench_vs_torch.py --json`` file.

    python benchmarks/bench_vs_torch.py --json bench.json
    python benchmarks/check_targets.py bench.json

For each target (skrnn/PyTorch throughput ratio at 2 threads, from the foundation issue)
prints how many workloads meet it, the worst and the median ratio, and the worst
workload. The share-of-peak target reads the ``peak_share`` field.
"""
import argparse
import json
import statistics

# (cell, mode, hidden sizes, minimum ratio skrnn/torch)
RATIO_TARGETS = [
    ("gru", "train", (32, 64, 128), 3.0), ("gru", "train", (256,), 1.5),
    ("gru", "infer", (32, 64, 128), 2.0), ("gru", "infer", (256,), 1.5),
    ("rnn", "train", (32, 64, 128), 3.0), ("rnn", "train", (256,), 1.5),
    ("rnn", "infer", (32, 64, 128), 2.0), ("rnn", "infer", (256,), 1.5),
    ("lstm", "train", (32, 64), 1.5), ("lstm", "train", (128, 256), 1.0),
    ("lstm", "infer", (32, 64, 128, 256), 1.0),
]
PEAK_TARGET = ("lstm", "train", 128, 256, 0.50)  # cell, mode, batch, hidden, share


def describe(r):
    return f"N={r['batch']} T={r['seq_len']} H={r['hidden']}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("json_path")
    records = json.load(open(parser.parse_args().json_path))
    print(f"{'target':<40} {'met':>7} {'worst':>6} {'median':>7}  worst workload")
    for cell, mode, hiddens, target in RATIO_TARGETS:
        rows = [r for r in records
                if r["cell"] == cell and r["mode"] == mode and r["hidden"] in hiddens]
        if not rows:
            continue
        ratios = [r["ratio"] for r in rows]
        worst = min(rows, key=lambda r: r["ratio"])
        label = f"{cell} {mode} H in {hiddens}: >= {target}x"
        met = sum(x >= target for x in ratios)
        print(f"{label:<40} {met:>3}/{len(rows):<3} {min(ratios):>6.2f} "
              f"{statistics.median(ratios):>7.2f}  {describe(worst)}")
    cell, mode, batch, hidden, share = PEAK_TARGET
    for r in records:
        if (r["cell"], r["mode"], r["batch"], r["hidden"]) == (cell, mode, batch, hidden):
            verdict = "met" if r.get("peak_share", 0) >= share else "missed"
            print(f"{cell} {mode} {describe(r)}: {r.get('peak_share', float('nan')):.0%} "
                  f"of the sgemm peak (target {share:.0%}: {verdict})")


if __name__ == "__main__":
    main()
