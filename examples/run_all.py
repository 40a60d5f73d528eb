"""Run every real-data example and print one markdown table of the results.

Run: ``python examples/run_all.py`` (about 30 s after numba's cache is warm, 2 threads);
``python examples/run_all.py --seeds 5`` also refits each model with random_state 0..4
and adds the mean, minimum and maximum test score over those seeds (about 2 minutes).

Each classification/regression script fits the library's defaults on its data set's
official train split (``python examples/<script> --tune`` cross-validates optional
preprocessing on the train split) and scores on the official test split; the
forecasting scripts keep the settings their searches chose. The table compares the
score with published figures and with the project's targets: beat 1-NN DTW on every
classification set, reach FCN on ItalyPowerDemand and JapaneseVowels, beat predicting
the train mean on Covid3Month. For the forecasting scripts (``forecast_*.py``, the last
18 months / 48 half-hours / 6 years of each series held out) the bar is the best
seasonal naive forecast on the holdout, computed by each script.
"""
import argparse
import datetime
import os
import platform
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import classify_basic_motions  # noqa: E402
import classify_gunpoint  # noqa: E402
import classify_italy_power_demand  # noqa: E402
import classify_japanese_vowels  # noqa: E402
import forecast_employment  # noqa: E402
import forecast_sunspots  # noqa: E402
import forecast_taylor  # noqa: E402
import regress_covid_3month  # noqa: E402

SCRIPTS = [classify_italy_power_demand, classify_gunpoint, classify_basic_motions,
           classify_japanese_vowels, regress_covid_3month, forecast_employment,
           forecast_taylor, forecast_sunspots]

# (label, figure, kind): "beat" is strictly better, "reach" is at least as good
TARGETS = {
    "ItalyPowerDemand": [("beat 1NN-DTW", 0.950, "beat"), ("reach FCN", 0.961, "reach")],
    "GunPoint": [("beat 1NN-DTW", 0.907, "beat")],
    "BasicMotions": [("beat 1NN-DTW_D", 0.975, "beat")],
    "JapaneseVowels": [("beat 1NN-DTW_D", 0.949, "beat"), ("reach FCN", 0.993, "reach")],
    "Covid3Month": [("beat train mean", 0.0447, "beat")],
    "USLeisureEmployment": [("beat seasonal naive", 1.451, "beat")],
    "Taylor": [("beat week-earlier naive", 0.0175, "beat")],
    "Sunspots": [("beat 11-years-earlier", 11.15, "beat")],
}


def verdicts(result):
    lower_is_better = result["metric"] != "accuracy"  # RMSE, MASE, MAPE, MAE
    score = result["score"]
    out = []
    for label, figure, kind in TARGETS[result["dataset"]]:
        if lower_is_better:
            ok = score < figure if kind == "beat" else score <= figure
        else:
            ok = score > figure if kind == "beat" else score >= figure
        out.append(f"{label} {figure:g}: {'yes' if ok else 'no'}")
    return "; ".join(out)


def settings(params):
    keys = ["stateful", "strategy", "differences", "scaling", "calendar_features",
            "lookback", "window", "log_std", "deltas", "cell", "bidirectional",
            "hidden_size", "num_layers",
            "learning_rate_init", "batch_size", "max_iter", "alpha"]
    short = dict(window="window", cell="", bidirectional="bi", hidden_size="h",
                 num_layers="layers", learning_rate_init="lr", batch_size="batch",
                 max_iter="epochs", alpha="alpha", lookback="lookback",
                 differences="differences", scaling="scaling", deltas="deltas")
    parts = []
    for key in keys:
        if key not in params:
            continue
        value = params[key]
        if key in ("stateful", "calendar_features", "log_std"):  # flags
            if value:
                parts.append(key)
        elif key == "strategy":
            parts.append(value)
        elif key == "differences" and value is None:
            continue
        elif key == "cell":
            parts.append(("bi" if params.get("bidirectional") else "") + value.upper())
        elif key == "bidirectional" or (key == "num_layers" and value == 1):
            continue
        elif key == "window" and value == 1:
            continue
        else:
            parts.append(f"{short[key]}={value:g}" if isinstance(value, float)
                         else f"{short[key]}={value}")
    return " ".join(parts)


def main(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", type=int, default=0, metavar="N",
                        help="also refit with random_state 0..N-1")
    args = parser.parse_args(argv)
    results = []
    for script in SCRIPTS:
        extra = ["--quiet"] + (["--seeds", str(args.seeds)] if args.seeds else [])
        results.append(script.main(extra))
    print()
    head = "| dataset | metric | skrnn (random_state=0) |"
    rule = "|---|---|---|"
    if args.seeds:
        head += f" mean [min, max] over {args.seeds} seeds |"
        rule += "---|"
    head += " fit (s) | published | targets | settings |"
    rule += "---|---|---|---|"
    print(head)
    print(rule)
    for r in results:
        row = f"| {r['dataset']} | {r['metric']} | {r['score']:.4f} |"
        if args.seeds:
            row += f" {r['seed_mean']:.4f} [{r['seed_min']:.4f}, {r['seed_max']:.4f}] |"
        row += (f" {r['fit_seconds']:.1f} | {r['published']} | {verdicts(r)} | "
                f"{settings(r['params'])} |")
        print(row)
    print()
    print(f"`python examples/run_all.py{' --seeds ' + str(args.seeds) if args.seeds else ''}`"
          f", {datetime.date.today().isoformat()}, Python {platform.python_version()}, "
          f"{os.cpu_count()} CPUs, float32")
    return results


if __name__ == "__main__":
    main()
