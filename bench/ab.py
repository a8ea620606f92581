# Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
"""A/B comparison of two builds of the C++ benchmark program.

Answers "is this change slower?" on a machine that is never quiet: both
builds of the load_predict_bench program (bench/load_predict_bench.cc) run on
the same signed models and the same rows, alternately (A, B, B, A, ...), so
that background load falls on both alike; per model and figure it prints the median of each side over the rounds
and the median of the per-round ratios B/A with their range.

    .venv/bin/python bench/ab.py \\
        --a OLD/build-release/bench/load_predict_bench \\
        --a-helper OLD/build-release/sandbox/modelseal-sandbox \\
        --b build-release/bench/load_predict_bench \\
        --b-helper build-release/sandbox/modelseal-sandbox [--rounds 7]

The models are bench/compare.py's full set (its FULL configuration), saved
and signed with the modelseal package installed in this interpreter; both
builds must read that file format. Exit status: 0 printed, 1 a run failed or
the two builds predicted differently, 2 usage.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import compare  # noqa: E402  (bench/compare.py: the models and the config)

FIGURES = [  # (name, how to take it from load_predict_bench's JSON)
    ("warm load ms", lambda r: r["warm_load_median"]["total_ms"]),
    ("1-row median us", lambda r: r["single_row"]["median_us"]),
    ("batch 1 thread ms", lambda r: _batch(r, 1)),
    ("batch 2 threads ms", lambda r: _batch(r, 2)),
]


def _batch(r, threads):
    return next(b["best_ms"] for b in r["batch"] if b["threads"] == threads)


def run_side(exe, helper, model, public, xfile, X, cfg, pfile):
    cmd = [exe, "--model", model, "--public-key", public, "--x", xfile,
           "--rows", str(X.shape[0]), "--cols", str(X.shape[1]),
           "--single", str(cfg["single_calls"]),
           "--loads", str(cfg["cpp_warm_loads"]),
           "--repeat", str(cfg["batch_reps"]), "--threads", "1,2",
           "--predictions", pfile]
    env = dict(os.environ, MODELSEAL_SANDBOX_HELPER=helper)
    r = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if r.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({r.returncode}):\n"
                           f"{r.stderr}")
    return json.loads(r.stdout), np.fromfile(pfile, dtype=np.int64)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    for side in ("a", "b"):
        ap.add_argument(f"--{side}", required=True,
                        help=f"load_predict_bench of build {side.upper()}")
        ap.add_argument(f"--{side}-helper", required=True,
                        help=f"modelseal-sandbox of build {side.upper()}")
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--only", default="", help="comma-separated model keys "
                    "of bench/compare.py (default: all but tiny)")
    args = ap.parse_args(argv)
    if args.rounds < 1:
        ap.error("--rounds must be at least 1")

    import modelseal
    cfg = compare.FULL
    only = [k for k in args.only.split(",") if k] or [
        "logreg", "rf", "rf_d10", "gb", "hgb", "pipeline"]
    rng = np.random.default_rng(7)
    rows = []
    with tempfile.TemporaryDirectory(prefix="modelseal-ab-") as work:
        secret = os.path.join(work, "ab.key")
        public = os.path.join(work, "ab.pub")
        modelseal.keygen(secret, public)
        for key, desc, est, X, _ in compare.make_models(cfg, only):
            if key not in only:
                continue
            path = os.path.join(work, f"{key}.seal")
            modelseal.save(est, path, name="ab", version=1)
            modelseal.sign(path, secret, name="ab", version=1)
            idx = rng.integers(0, X.shape[0], cfg["batch_rows"])
            Xb = np.ascontiguousarray(
                X[idx] + rng.normal(0, 0.1, (cfg["batch_rows"], X.shape[1])))
            xfile = os.path.join(work, "X.f64")
            Xb.tofile(xfile)
            got = {"a": [], "b": []}
            preds = {}
            for i in range(args.rounds):
                for side in (("a", "b") if i % 2 == 0 else ("b", "a")):
                    res, p = run_side(getattr(args, side),
                                      getattr(args, f"{side}_helper"), path,
                                      public, xfile, Xb, cfg,
                                      os.path.join(work, f"{side}.bin"))
                    got[side].append(res)
                    preds[side] = p
            if not np.array_equal(preds["a"], preds["b"]):
                print(f"{key}: the two builds predict differently",
                      file=sys.stderr)
                return 1
            for name, take in FIGURES:
                a = [take(r) for r in got["a"]]
                b = [take(r) for r in got["b"]]
                ratios = [y / x for x, y in zip(a, b)]
                rows.append((key, name, statistics.median(a),
                             statistics.median(b), statistics.median(ratios),
                             min(ratios), max(ratios)))
            compare.log(f"{key}: {args.rounds} rounds done")
    load = os.getloadavg()
    print(f"\n{args.rounds} alternating rounds per model; load average after "
          f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} "
          "CPUs\n")
    print("| model | figure | A (median) | B (median) | B/A (median of "
          "rounds) | B/A range |")
    print("|---|---|---|---|---|---|")
    for key, name, a, b, r, lo, hi in rows:
        print(f"| {key} | {name} | {a:.4g} | {b:.4g} | {r:.3f} | "
              f"{lo:.3f} - {hi:.3f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
