# Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
"""What the per-family benchmarks (svm_bench.py, naive_bayes_bench.py)
share: timing, formatting, the machine line and the results file."""

from __future__ import annotations

import os
import statistics
import time


def median_time(fn, repeat: int) -> float:
    """The median wall time of `repeat` calls of fn(), in seconds."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def fmt(seconds: float) -> str:
    """1.5 µs, 12.3 ms or 1.25 s."""
    if seconds < 1e-3:
        return f"{seconds * 1e6:.1f} µs"
    return f"{seconds * 1e3:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


def cpu_name() -> str:
    """/proc/cpuinfo's first model name."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            return next(line.split(":", 1)[1].strip() for line in f
                        if line.startswith("model name"))
    except (OSError, StopIteration):
        return "unknown CPU"


def batch_and_single(sk_fn, ms_fn, Xb, n_single: int, repeat: int):
    """(scikit-learn batch, modelseal batch, scikit-learn one row,
    modelseal one row) median seconds: sk_fn and ms_fn (the same method of
    the estimator and of the loaded model) on all of Xb, `repeat` times,
    and on single rows of it, `n_single` calls each, after a warm-up."""
    rows = [Xb[j:j + 1] for j in range(min(n_single, len(Xb)))]
    it = iter(range(10**9))

    def one(fn):
        return lambda: fn(rows[next(it) % len(rows)])

    for r in rows[:20]:
        sk_fn(r)
        ms_fn(r)
    return (median_time(lambda: sk_fn(Xb), repeat),
            median_time(lambda: ms_fn(Xb), repeat),
            median_time(one(sk_fn), n_single),
            median_time(one(ms_fn), n_single))


def write_results(text: str, out: str | None) -> None:
    """Prints `text`; writes it to `out` (through a temporary file and a
    rename) when given."""
    print(text)
    if out:
        tmp = out + ".tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, out)


# The speed targets: 1-row predict through Python, and batch on one
# thread, each as times scikit-learn.
SINGLE_TARGET = 20.0
BATCH_TARGET = 1.0


def add_targets(targets: list, name: str, method: str, sk_b: float,
                ms_b: float, sk_1: float, ms_1: float) -> None:
    """Appends (what, measured speed-up, goal): the 1-row target for
    predict, the batch target for every method."""
    if method == "predict":
        targets.append((f"1-row predict via Python ≥ {SINGLE_TARGET:.0f}x "
                        f"scikit-learn ({name})", sk_1 / ms_1, SINGLE_TARGET))
    targets.append((f"batch {method} ≥ scikit-learn, 1 thread ({name})",
                    sk_b / ms_b, BATCH_TARGET))


def targets_table(targets: list) -> list[str]:
    """The Markdown rows of a targets table (header included)."""
    return ["| target | measured | met |", "|---|---|---|",
            *(f"| {what} | {value:.2f}x | {'yes' if value >= goal else 'no'} |"
              for what, value, goal in targets)]


def results_tables(rows: list[str], targets: list) -> list[str]:
    """The Markdown of a family's results page after its preamble: the
    table of batch and 1-row times (rows from the script, in its column
    order) and the targets table."""
    return ["| model | method | batch rows | batch scikit-learn | "
            "batch modelseal | speed-up | 1 row scikit-learn | "
            "1 row modelseal | speed-up | outputs |",
            "|---|---|---|---|---|---|---|---|---|---|",
            *rows, "", "## Targets", "", *targets_table(targets), ""]


def blas_libraries() -> str:
    """The BLAS libraries loaded in this process, with their versions."""
    import threadpoolctl
    return ", ".join(sorted({
        f"{os.path.basename(p['filepath'])} {p['version']}"
        for p in threadpoolctl.threadpool_info()
        if p["user_api"] == "blas"}))
