#!/usr/bin/env python3
# Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
"""modelseal side by side with pickle, joblib, skops.io and ONNX Runtime.

One run fits every model once and measures, for each system on the same
fitted model: save time and file size; load time in a fresh process and in
a warm one (modelseal split into read+hash, verify, sandbox, decode,
predictor build); peak RSS growth during the fresh load; single-row predict
latency (median, p99) and batch throughput with 1 and 2 threads; and whether
the predictions equal scikit-learn's.

    python bench/compare.py --out DIR [--smoke] [--cpp-bench PATH]

writes DIR/RESULTS.md, DIR/results.json and DIR/load_vs_size.png. bench/run.sh
is the one command (it builds the C++ program and installs the packages).
--smoke uses tiny models and few repetitions (seconds) and still runs every
code path. The run fails (exit 1) when a system that must reproduce
scikit-learn's labels does not (pickle, joblib, skops, modelseal), when
modelseal's probabilities differ beyond the fidelity contract, or when ONNX
Runtime disagrees on more than 1% of the rows.

Internal: `compare.py --child-load SYSTEM PATH [--public-key P]
[--trusted T.json]` is the fresh process: it imports what SYSTEM needs,
loads PATH once and prints {import_ms, load_ms, maxrss_*} as JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time

SYSTEMS = ["sklearn", "pickle", "joblib", "skops", "onnx", "modelseal-py",
           "modelseal-cpp"]
LABEL = {
    "sklearn": "scikit-learn (in memory)",
    "pickle": "pickle",
    "joblib": "joblib",
    "skops": "skops.io",
    "onnx": "ONNX Runtime (skl2onnx)",
    "modelseal-py": "modelseal (Python)",
    "modelseal-cpp": "modelseal (C++)",
}
EXT = {"pickle": ".pkl", "joblib": ".joblib", "skops": ".skops",
       "onnx": ".onnx", "modelseal-py": ".seal"}
# Systems whose loaded object is the scikit-learn estimator itself: their
# predict is scikit-learn's predict (measured once, on "sklearn").
SKLEARN_OBJECTS = ("pickle", "joblib", "skops")
MAX_ONNX_MISMATCH = 0.01


# --------------------------------------------------------------------------
# The fresh process (kept free of heavy imports at module level).

def _maxrss_kb(who=resource.RUSAGE_SELF) -> int:
    return resource.getrusage(who).ru_maxrss


def _status_kb(field: str) -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise OSError(f"/proc/self/status has no {field}")


def _reset_peak_rss() -> bool:
    """Resets VmHWM to the current RSS (Linux clear_refs "5"), so that the
    peak measured next is the load's and not the imports'."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


def child_load(system: str, path: str, public_key: str | None,
               trusted_file: str | None) -> dict:
    t0 = time.perf_counter()
    import numpy  # noqa: F401  every system needs it
    if system in ("pickle", "joblib", "skops"):
        # The estimators' modules, so that the load measures the model and
        # not the import of scikit-learn (reported as import_ms).
        import sklearn.ensemble  # noqa: F401
        import sklearn.linear_model  # noqa: F401
        import sklearn.pipeline  # noqa: F401
        import sklearn.preprocessing  # noqa: F401
    if system == "pickle":
        import pickle
        load = lambda: pickle.loads(open(path, "rb").read())  # noqa: E731
    elif system == "joblib":
        import joblib
        load = lambda: joblib.load(path)  # noqa: E731
    elif system == "skops":
        import skops.io as sio
        with open(trusted_file) as f:
            trusted = json.load(f)
        load = lambda: sio.load(path, trusted=trusted)  # noqa: E731
    elif system == "onnx":
        import onnxruntime as ort

        def load():
            so = ort.SessionOptions()
            so.intra_op_num_threads = 1
            so.inter_op_num_threads = 1
            return ort.InferenceSession(path, so,
                                        providers=["CPUExecutionProvider"])
    elif system == "modelseal-py":
        import modelseal
        load = lambda: modelseal.load(path, trusted_keys=[public_key])  # noqa
    else:
        raise SystemExit(f"child-load: unknown system {system}")
    reset = _reset_peak_rss()
    before = _status_kb("VmRSS") if reset else _maxrss_kb()
    t1 = time.perf_counter()
    obj = load()
    t2 = time.perf_counter()
    after = _status_kb("VmHWM") if reset else _maxrss_kb()
    del obj
    return {"import_ms": (t1 - t0) * 1e3, "load_ms": (t2 - t1) * 1e3,
            "rss_kb_before_load": before, "peak_rss_kb_after_load": after,
            "children_maxrss_kb": _maxrss_kb(resource.RUSAGE_CHILDREN)}


# --------------------------------------------------------------------------
# Helpers.

def die(msg: str) -> None:
    print(f"compare.py: FAILED: {msg}", file=sys.stderr)
    raise SystemExit(1)


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)


def median(v):
    import numpy as np
    return float(np.median(v)) if len(v) else float("nan")


def p99(v):
    """Nearest-rank 99th percentile."""
    import math
    s = sorted(v)
    if not s:
        return float("nan")
    return float(s[max(1, math.ceil(0.99 * len(s))) - 1])


def timed(fn):
    t = time.perf_counter()
    out = fn()
    return out, (time.perf_counter() - t) * 1e3


def repeat_ms(fn, reps: int, budget_s: float):
    """Runs fn() at least once and up to `reps` times within `budget_s`
    seconds; returns the list of wall times in ms and the last result."""
    times, out = [], None
    start = time.perf_counter()
    for _ in range(reps):
        out, ms = timed(fn)
        times.append(ms)
        if time.perf_counter() - start > budget_s:
            break
    return times, out


# --------------------------------------------------------------------------
# Models.

def make_models(cfg, only=()):
    """[(key, description, estimator, X_train, y_train)], fitted."""
    import numpy as np
    from sklearn.datasets import make_classification
    from sklearn.ensemble import (GradientBoostingClassifier,
                                  HistGradientBoostingClassifier,
                                  RandomForestClassifier)
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    n, nf = cfg["n_train"], cfg["n_features"]
    X, y = make_classification(n_samples=n, n_features=nf, n_informative=20
                               if nf >= 40 else max(2, nf // 2),
                               n_redundant=2, flip_y=0.05, random_state=0)
    # Shift some columns so that the StandardScaler has work to do (mild:
    # badly scaled data makes LogisticRegression's lbfgs crawl).
    X[:, 1::5] += 3.0
    T = cfg["trees"]
    specs = [
        ("logreg", f"LogisticRegression, {nf} features",
         LogisticRegression(max_iter=2000)),
        ("rf", f"RandomForestClassifier, {T['rf']} trees (full depth)",
         RandomForestClassifier(n_estimators=T["rf"], n_jobs=2,
                                random_state=0)),
        ("rf_d10", f"RandomForestClassifier, {T['rf_d10']} trees, depth <= 10",
         RandomForestClassifier(n_estimators=T["rf_d10"], max_depth=10,
                                n_jobs=2, random_state=0)),
        ("gb", f"GradientBoostingClassifier, {T['gb']} stages (depth 3)",
         GradientBoostingClassifier(n_estimators=T["gb"], random_state=0)),
        ("hgb", f"HistGradientBoostingClassifier, {T['hgb']} iterations",
         HistGradientBoostingClassifier(max_iter=T["hgb"],
                                        early_stopping=False,
                                        random_state=0)),
        ("pipeline", f"Pipeline(StandardScaler, LogisticRegression), {nf} "
         "features", make_pipeline(StandardScaler(),
                                   LogisticRegression(max_iter=2000))),
    ]
    if only:
        specs = [sp for sp in specs if sp[0] in only]
    out = []
    from threadpoolctl import threadpool_limits
    for key, desc, est in specs:
        with threadpool_limits(limits=cfg["fit_threads"]):
            _, ms = timed(lambda: est.fit(X, y))
        log(f"fitted {key} in {ms / 1e3:.1f} s")
        if hasattr(est, "n_jobs"):
            est.set_params(n_jobs=1)
        out.append((key, desc, est, X, y))
    # A tiny model: the fixed cost of a load (sandbox spawn) dominates.
    if not only or "tiny" in only:
        Xt, yt = np.ascontiguousarray(X[:, :4]), y
        tiny = LogisticRegression().fit(Xt, yt)
        out.append(("tiny", "LogisticRegression, 4 features (fixed costs)",
                    tiny, Xt, yt))
    return out


def size_sweep_models(cfg, X, y):
    from sklearn.ensemble import RandomForestClassifier
    out = []
    for n_trees in cfg["sweep_trees"]:
        est = RandomForestClassifier(n_estimators=n_trees, max_depth=12,
                                     n_jobs=2, random_state=1).fit(X, y)
        est.set_params(n_jobs=1)
        out.append((f"sweep_rf{n_trees}", f"RandomForest {n_trees} trees",
                    est))
    return out


# --------------------------------------------------------------------------
# Per-system save / warm load / predict.

class Ctx:
    def __init__(self, args, cfg, workdir):
        self.args, self.cfg, self.workdir = args, cfg, workdir
        self.secret = os.path.join(workdir, "bench.key")
        self.public = os.path.join(workdir, "bench.pub")


class _bool_attributes_as_ints:
    """skl2onnx 1.20 passes numpy booleans in integer-list node attributes
    for scikit-learn 1.9's HistGradientBoosting (missing-value flags), which
    onnx 1.23 rejects ("Expected an int, got a boolean"). While converting,
    booleans in list attributes are given to onnx as the integers 0/1 they
    mean. Nothing else changes."""

    def __enter__(self):
        import numpy as np
        import onnx.helper
        self._helper, self._orig = onnx.helper, onnx.helper.make_attribute
        orig = self._orig

        def make_attribute(key, value, *args, **kwargs):
            if isinstance(value, (list, tuple)) and any(
                    isinstance(v, (bool, np.bool_)) for v in value):
                value = [int(v) if isinstance(v, (bool, np.bool_)) else v
                         for v in value]
            return orig(key, value, *args, **kwargs)
        onnx.helper.make_attribute = make_attribute
        return self

    def __exit__(self, *exc):
        self._helper.make_attribute = self._orig
        return False


def save(system, est, path, ctx, X_train):
    """Writes `est` to `path` as `system` does; returns (extra files, info)."""
    import numpy as np
    info = {}
    if system == "pickle":
        import pickle
        with open(path, "wb") as f:
            f.write(pickle.dumps(est, protocol=pickle.HIGHEST_PROTOCOL))
    elif system == "joblib":
        import joblib
        joblib.dump(est, path)
    elif system == "skops":
        import skops.io as sio
        sio.dump(est, path)
    elif system == "onnx":
        from skl2onnx import to_onnx
        with _bool_attributes_as_ints():
            onx = to_onnx(est, X_train[:1].astype(np.float32),
                          options={id(est): {"zipmap": False}}
                          if hasattr(est, "predict_proba") else None,
                          target_opset={"": 17, "ai.onnx.ml": 3})
        with open(path, "wb") as f:
            f.write(onx.SerializeToString())
    elif system == "modelseal-py":
        import modelseal
        t0 = time.perf_counter()
        modelseal.save(est, path, name="bench", version=1,
                       training_data=ctx.training_data, source=None)
        t1 = time.perf_counter()
        modelseal.sign(path, ctx.secret, name="bench", version=1)
        t2 = time.perf_counter()
        info = {"write_ms": (t1 - t0) * 1e3, "sign_ms": (t2 - t1) * 1e3}
    return info


def warm_loader(system, path, ctx, trusted):
    if system == "pickle":
        import pickle
        return lambda: pickle.loads(open(path, "rb").read())
    if system == "joblib":
        import joblib
        return lambda: joblib.load(path)
    if system == "skops":
        import skops.io as sio
        return lambda: sio.load(path, trusted=trusted)
    if system == "onnx":
        return lambda: onnx_session(path, 1)
    if system == "modelseal-py":
        import modelseal
        return lambda: modelseal.load(path, trusted_keys=[ctx.public])
    raise ValueError(system)


def onnx_session(path, threads):
    import onnxruntime as ort
    so = ort.SessionOptions()
    so.intra_op_num_threads = threads
    so.inter_op_num_threads = 1
    return ort.InferenceSession(path, so, providers=["CPUExecutionProvider"])


def predictors(system, obj, path, ctx, est):
    """{threads: predict(X) -> labels} for 1 and 2 threads."""
    import numpy as np
    if system == "sklearn":
        # The caller holds threadpool_limits(t) around the timed loop (its
        # context costs milliseconds, so not per call).
        def make(t):
            def run(X):
                if hasattr(est, "n_jobs") and est.n_jobs != t:
                    est.set_params(n_jobs=t)
                return est.predict(X)
            return run
        return {1: make(1), 2: make(2)}
    if system == "onnx":
        out = {}
        for t in (1, 2):
            sess = obj if t == 1 else onnx_session(path, 2)
            name = sess.get_inputs()[0].name

            def run(X, sess=sess, name=name):
                return sess.run(None, {name: X.astype(np.float32)})[0]
            out[t] = run
        return out
    if system == "modelseal-py":
        import modelseal
        p2 = modelseal.load(path, trusted_keys=[ctx.public], n_threads=2)
        return {1: obj.predict, 2: p2.predict}
    raise ValueError(system)


def single_row_us(predict, rows, calls):
    """Per-call wall times (µs) of predict on one row at a time."""
    import numpy as np
    perf = time.perf_counter_ns
    out = []
    n = rows.shape[0]
    for i in range(calls):
        r = rows[i % n: i % n + 1]
        t = perf()
        predict(r)
        out.append((perf() - t) / 1e3)
    del np
    return out


def batch_ms(predict, X, reps):
    best, labels = float("inf"), None
    for _ in range(reps):
        labels, ms = timed(lambda: predict(X))
        best = min(best, ms)
    return best, labels


def fresh_load(system, path, ctx, trusted_file, reps):
    import subprocess
    cmd = [sys.executable, os.path.abspath(__file__), "--child-load", system,
           path, "--public-key", ctx.public]
    if trusted_file:
        cmd += ["--trusted", trusted_file]
    runs = []
    for _ in range(reps):
        r = subprocess.run(cmd, capture_output=True, text=True)
        if r.returncode != 0:
            die(f"fresh load of {path} with {system} failed:\n{r.stderr}")
        runs.append(json.loads(r.stdout))
    res = {k: median([r[k] for r in runs]) for k in runs[0]}
    res["rss_growth_kb"] = median([r["peak_rss_kb_after_load"] -
                                   r["rss_kb_before_load"] for r in runs])
    return res


def run_cpp(ctx, path, X, single, loads, repeat):
    import subprocess

    import numpy as np
    xfile = os.path.join(ctx.workdir, "X.f64")
    pfile = os.path.join(ctx.workdir, "cpp_predictions.bin")
    if not (os.path.exists(xfile) and os.path.getsize(xfile) == X.nbytes
            and getattr(ctx, "xfile_id", None) == id(X)):
        np.ascontiguousarray(X, dtype=np.float64).tofile(xfile)
        ctx.xfile_id = id(X)
    cmd = [ctx.args.cpp_bench, "--model", path, "--public-key", ctx.public,
           "--x", xfile, "--rows", str(X.shape[0]), "--cols",
           str(X.shape[1]), "--single", str(single), "--loads", str(loads),
           "--repeat", str(repeat), "--threads", "1,2", "--predictions",
           pfile]
    env = dict(os.environ)
    if ctx.args.sandbox_helper:
        env["MODELSEAL_SANDBOX_HELPER"] = ctx.args.sandbox_helper
    r = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if r.returncode != 0:
        die(f"{' '.join(cmd)} failed ({r.returncode}):\n{r.stderr}")
    res = json.loads(r.stdout)
    res["predictions"] = np.fromfile(pfile, dtype=np.int64)
    return res


# --------------------------------------------------------------------------
# The benchmark of one model.

def bench_model(ctx, key, desc, est, X_train, X_batch, rows_single):
    import numpy as np
    from threadpoolctl import threadpool_limits
    cfg = ctx.cfg
    systems = [s for s in SYSTEMS if s not in ctx.args.skip]
    res = {"key": key, "description": desc, "systems": {}}
    ref, ms = timed(lambda: est.predict(X_batch))
    ref_proba = est.predict_proba(X_batch)
    classes = est.classes_
    for system in systems:
        r = res["systems"].setdefault(system, {})
        if system == "sklearn":
            continue
        if system == "modelseal-cpp":
            continue  # uses modelseal-py's file, below
        path = os.path.join(ctx.workdir, key + EXT[system])
        try:
            info, ms = timed(lambda: save(system, est, path, ctx, X_train))
        except Exception as e:  # noqa: BLE001
            if system != "onnx":
                raise
            # skl2onnx does not convert every estimator of every
            # scikit-learn version: recorded, not fatal.
            r["error"] = f"skl2onnx: {e.__class__.__name__}: " + \
                str(e).splitlines()[0][:160]
            log(f"{key}: ONNX conversion failed: {r['error']}")
            continue
        r.update(save_ms=ms, file_size=os.path.getsize(path), path=path,
                 **info)
        if system == "modelseal-py":
            # Floors for the read + hash stage: BLAKE2b-512 of the bytes
            # (hashlib, the same algorithm) and a plain copy of them.
            import hashlib
            data = open(path, "rb").read()
            r["blake2b_ms"] = min(timed(
                lambda: hashlib.blake2b(data).digest())[1] for _ in range(3))
            r["copy_ms"] = min(timed(lambda: bytearray(data))[1]
                               for _ in range(3))

    # Loads, warm then fresh.
    trusted = None
    for system in systems:
        if system in ("sklearn", "modelseal-cpp"):
            continue
        r = res["systems"][system]
        if "error" in r:
            continue
        trusted_file = None
        if system == "skops":
            import skops.io as sio
            trusted = sio.get_untrusted_types(file=r["path"])
            trusted_file = os.path.join(ctx.workdir, key + ".trusted.json")
            with open(trusted_file, "w") as f:
                json.dump(trusted, f)
        loader = warm_loader(system, r["path"], ctx, trusted)
        loader()  # warm-up
        times, obj = repeat_ms(loader, cfg["warm_loads"], cfg["load_budget_s"])
        r["load_warm_ms"] = median(times)
        r["load_warm_runs"] = len(times)
        if cfg["fresh_models"] is None or key in cfg["fresh_models"]:
            r["fresh"] = fresh_load(system, r["path"], ctx, trusted_file,
                                    cfg["fresh_loads"])
        r["obj"] = obj

    # Predictions and parity.
    for system in systems:
        r = res["systems"][system]
        if "error" in r:
            continue
        if system in SKLEARN_OBJECTS:
            got = r["obj"].predict(X_batch)
            if not np.array_equal(got, ref):
                die(f"{key}: {system}-loaded model predicts differently")
            r["mismatches"] = 0
            continue
        if system == "modelseal-cpp":
            if "modelseal-py" not in res["systems"]:
                die("modelseal-cpp needs modelseal-py (the .seal file)")
            c = run_cpp(ctx, res["systems"]["modelseal-py"]["path"], X_batch,
                        min(cfg["single_calls"], X_batch.shape[0]),
                        cfg["cpp_warm_loads"], cfg["batch_reps"])
            labels = classes[c.pop("predictions")]
            if ctx.args.inject_fault == system:
                labels[0] = classes[1] if labels[0] == classes[0] else \
                    classes[0]
            r.update(c)
            r["mismatches"] = int(np.sum(labels != ref))
            if r["mismatches"]:
                die(f"{key}: modelseal C++ labels differ from scikit-learn's "
                    f"on {r['mismatches']} rows")
            r["single_median_us"] = c["single_row"]["median_us"]
            r["single_p99_us"] = c["single_row"]["p99_us"]
            for b in c["batch"]:
                r[f"batch_ms_{b['threads']}t"] = b["best_ms"]
            r["file_size"] = c["file_size"]
            r["load_warm_ms"] = c["warm_load_median"]["total_ms"]
            r["fresh"] = {"load_ms": c["first_load"]["total_ms"],
                          "rss_growth_kb": c["peak_rss_kb_after_load"] -
                          c["rss_kb_before_load"],
                          "children_maxrss_kb": c["helper_maxrss_kb"]}
            continue
        preds = predictors(system, r.get("obj"), r.get("path"), ctx, est)
        with threadpool_limits(limits=1):
            single = single_row_us(preds[1], rows_single,
                                   cfg["single_calls"])
        r["single_median_us"] = median(single)
        r["single_p99_us"] = p99(single)
        for t in (1, 2):
            with threadpool_limits(limits=t):
                best, labels = batch_ms(preds[t], X_batch, cfg["batch_reps"])
            r[f"batch_ms_{t}t"] = best
            if system == "onnx":
                labels = np.asarray(labels).ravel()
            if ctx.args.inject_fault == system:
                labels = labels.copy()
                labels[0] = classes[1] if labels[0] == classes[0] else \
                    classes[0]
            mism = int(np.sum(labels != ref))
            r["mismatches"] = max(r.get("mismatches", 0), mism)
        if system == "modelseal-py":
            if r["mismatches"]:
                die(f"{key}: modelseal labels differ from scikit-learn's on "
                    f"{r['mismatches']} rows")
            proba = r["obj"].predict_proba(X_batch)
            linear = key in ("logreg", "pipeline", "tiny")
            ok = (np.allclose(proba, ref_proba, rtol=1e-12, atol=1e-15)
                  if linear else np.array_equal(proba, ref_proba))
            if not ok:
                err = float(np.max(np.abs(proba - ref_proba)))
                die(f"{key}: modelseal predict_proba differs from "
                    f"scikit-learn's (max abs diff {err:.3g})")
        if system == "onnx" and r["mismatches"] > MAX_ONNX_MISMATCH * len(ref):
            die(f"{key}: ONNX Runtime disagrees on {r['mismatches']} of "
                f"{len(ref)} rows")
    for system in systems:
        res["systems"][system].pop("obj", None)
    return res


def bench_sklearn_predict(ctx, res, est, X_batch, rows_single):
    from threadpoolctl import threadpool_limits
    cfg = ctx.cfg
    r = res["systems"]["sklearn"]
    preds = predictors("sklearn", None, None, ctx, est)
    with threadpool_limits(limits=1):
        single = single_row_us(preds[1], rows_single,
                               cfg["sklearn_single_calls"])
    r["single_median_us"] = median(single)
    r["single_p99_us"] = p99(single)
    r["single_calls"] = len(single)
    for t in (1, 2):
        with threadpool_limits(limits=t):
            r[f"batch_ms_{t}t"], _ = batch_ms(preds[t], X_batch,
                                              cfg["batch_reps"])
    preds[1](X_batch[:1])  # back to n_jobs=1
    r["mismatches"] = 0


def sweep_point(ctx, key, est, X_small):
    """Warm load time per system (and C++) for the size plot."""
    out = {}
    for system in ("pickle", "joblib", "skops", "onnx", "modelseal-py"):
        if system in ctx.args.skip:
            continue
        path = os.path.join(ctx.workdir, key + EXT[system])
        save(system, est, path, ctx, X_small)
        trusted = None
        if system == "skops":
            import skops.io as sio
            trusted = sio.get_untrusted_types(file=path)
        loader = warm_loader(system, path, ctx, trusted)
        loader()
        times, _ = repeat_ms(loader, ctx.cfg["warm_loads"],
                             ctx.cfg["load_budget_s"])
        out[system] = {"file_size": os.path.getsize(path),
                       "load_warm_ms": median(times)}
    if "modelseal-cpp" not in ctx.args.skip:
        c = run_cpp(ctx, os.path.join(ctx.workdir, key + ".seal"), X_small, 1,
                    ctx.cfg["cpp_warm_loads"], 1)
        out["modelseal-cpp"] = {"file_size": c["file_size"],
                                "load_warm_ms":
                                    c["warm_load_median"]["total_ms"]}
    return out


# --------------------------------------------------------------------------
# Machine description.

def machine_info():
    import platform
    import numpy as np
    import sklearn
    from threadpoolctl import threadpool_info
    cpu = ""
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = ""
    try:
        with open("/proc/meminfo") as f:
            mem = f.readline().split(":", 1)[1].strip()
    except OSError:
        pass
    versions = {"python": platform.python_version(), "numpy": np.__version__,
                "scikit-learn": sklearn.__version__}
    for mod in ("joblib", "skops", "onnxruntime", "skl2onnx", "onnx",
                "modelseal"):
        try:
            versions[mod] = __import__(mod).__version__
        except Exception as e:  # noqa: BLE001  (recorded, not fatal)
            versions[mod] = f"unavailable ({e.__class__.__name__})"
    import subprocess
    here = os.path.dirname(os.path.abspath(__file__))
    try:
        commit = subprocess.run(["git", "-C", here, "rev-parse", "--short",
                                 "HEAD"], capture_output=True, text=True,
                                check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        commit = "unknown"
    return {
        "commit": commit,
        "platform": platform.platform(), "cpu": cpu,
        "cpus": os.cpu_count(), "memory": mem,
        "loadavg": os.getloadavg(),
        "env": {k: os.environ.get(k) for k in
                ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "OMP_NUM_THREADS")},
        "versions": versions,
        "threadpools": [{k: v for k, v in p.items()
                         if k in ("user_api", "internal_api", "version",
                                  "num_threads", "architecture",
                                  "threading_layer")}
                        for p in threadpool_info()],
    }


# --------------------------------------------------------------------------
# Report.

def fmt_ms(v):
    if v is None or v != v:
        return "–"
    if v >= 100:
        return f"{v:.0f} ms"
    if v >= 1:
        return f"{v:.2f} ms"
    return f"{v * 1e3:.0f} µs"


def fmt_us(v):
    if v is None or v != v:
        return "–"
    if v >= 1000:
        return f"{v / 1e3:.2f} ms"
    if v >= 10:
        return f"{v:.0f} µs"
    return f"{v:.2f} µs"


def fmt_size(b):
    if b is None:
        return "–"
    if b >= 1 << 20:
        return f"{b / (1 << 20):.2f} MiB"
    if b >= 1024:
        return f"{b / 1024:.1f} KiB"
    return f"{b} B"


def fmt_x(v):
    if v is None or v != v or v == float("inf"):
        return "–"
    if v >= 100:
        return f"{v:.0f}x"
    if v >= 10:
        return f"{v:.1f}x"
    return f"{v:.2f}x"


def rate(rows, ms):
    if not ms:
        return "–"
    r = rows / (ms / 1e3)
    return f"{r / 1e6:.2f} M/s" if r >= 1e6 else f"{r / 1e3:.0f} k/s"


def model_table(m, n_rows):
    S = m["systems"]
    sk = S.get("sklearn", {})
    pk = S.get("pickle", {})
    lines = [
        "| system | file | save | load fresh | load warm | warm load ÷ pickle"
        " | peak RSS growth (÷ file) | 1-row median | 1-row p99 | 1-row ×"
        " faster than sklearn | batch 1 thread | batch 2 threads | batch ×"
        " sklearn (1T) | labels ≠ sklearn |",
        "|---" * 14 + "|",
    ]
    for s in SYSTEMS:
        if s not in S:
            continue
        r = S[s]
        if "error" in r:
            lines.append(f"| {LABEL[s]} | not available: {r['error']} |" +
                         " |" * 12)
            continue
        same = s in SKLEARN_OBJECTS
        src = sk if same else r
        fresh = r.get("fresh", {})
        rss = fresh.get("rss_growth_kb")
        rss_s = "–"
        if rss is not None and r.get("file_size"):
            rss_s = (f"{fmt_size(rss * 1024)} "
                     f"({rss * 1024 / r['file_size']:.2f})")
        if s == "modelseal-py" and S.get("modelseal-cpp", {}).get(
                "fresh", {}).get("children_maxrss_kb"):
            pass
        lw = r.get("load_warm_ms")
        ratio_pickle = (lw / pk["load_warm_ms"]) if lw and pk.get(
            "load_warm_ms") else None
        sm = src.get("single_median_us")
        b1, b2 = src.get("batch_ms_1t"), src.get("batch_ms_2t")
        lines.append(
            f"| {LABEL[s]} | {fmt_size(r.get('file_size'))} | "
            f"{fmt_ms(r.get('save_ms'))} | "
            f"{fmt_ms(fresh.get('load_ms'))} | {fmt_ms(lw)} | "
            f"{fmt_x(ratio_pickle)} | {rss_s} | "
            f"{fmt_us(sm)}{' (=)' if same else ''} | "
            f"{fmt_us(src.get('single_p99_us'))} | "
            f"{fmt_x(sk['single_median_us'] / sm) if sm else '–'} | "
            f"{rate(n_rows, b1)} | {rate(n_rows, b2)} | "
            f"{fmt_x(sk['batch_ms_1t'] / b1) if b1 else '–'} | "
            f"{r.get('mismatches', '–')} |")
    return "\n".join(lines)


def stage_table(results):
    lines = [
        "| model | file | read + hash | verify | sandbox | decode |"
        " predictor build | total (warm) | first load in a fresh process |"
        " helper peak RSS (upper bound) |",
        "|---" * 10 + "|",
    ]
    for m in results:
        c = m["systems"].get("modelseal-cpp")
        if not c:
            continue
        w = c["warm_load_median"]
        lines.append(
            f"| {m['key']} | {fmt_size(c['file_size'])} | "
            f"{fmt_ms(w['read_and_hash_ms'])} | {fmt_ms(w['verify_ms'])} | "
            f"{fmt_ms(w['sandbox_ms'])} | {fmt_ms(w['decode_ms'])} | "
            f"{fmt_ms(w['predictor_ms'])} | {fmt_ms(w['total_ms'])} | "
            f"{fmt_ms(c['first_load']['total_ms'])} | "
            f"{fmt_size(c['helper_maxrss_kb'] * 1024)} |")
    return "\n".join(lines)


def targets(results):
    """[(target, measured, met)] for the issue's targets."""
    by = {m["key"]: m["systems"] for m in results}
    out = []

    def sp(key, system, field="single_median_us"):
        S = by.get(key, {})
        a, b = S.get("sklearn", {}).get(field), S.get(system, {}).get(field)
        return a / b if a and b else None

    def add(name, value, ok, text):
        out.append((name, text if value is not None else "not measured",
                    bool(ok) if value is not None else None))

    for key, need in (("rf", 100), ("rf_d10", 100), ("hgb", 100),
                      ("logreg", 5), ("pipeline", 5)):
        v = sp(key, "modelseal-py")
        add(f"1-row predict via Python ≥ {need}x scikit-learn ({key})", v,
            v is not None and v >= need, f"{fmt_x(v)}")
    c = by.get("rf_d10", {}).get("modelseal-cpp", {})
    v = c.get("single_median_us")
    add("1-row predict via C++ ≤ 3 µs (100-tree forest, depth ≤ 10)", v,
        v is not None and v <= 3, f"{fmt_us(v)} median, "
        f"{fmt_us(c.get('single_p99_us'))} p99")
    for key in ("rf", "rf_d10", "gb", "hgb"):
        S = by.get(key, {})
        for system in ("modelseal-py", "modelseal-cpp"):
            b = S.get(system, {}).get("batch_ms_1t")
            a = S.get("sklearn", {}).get("batch_ms_1t")
            o = S.get("onnx", {}).get("batch_ms_1t")
            v = a / b if a and b else None
            add(f"batch ≥ 2x scikit-learn n_jobs=1 ({key}, {system}, 1 thread)",
                v, v is not None and v >= 2, fmt_x(v))
            v2 = o / b if o and b else None
            add(f"batch ≥ ONNX Runtime ({key}, {system}, 1 thread)", v2,
                v2 is not None and v2 >= 1, fmt_x(v2))
    for key in ("logreg", "pipeline"):
        S = by.get(key, {})
        for system in ("modelseal-py", "modelseal-cpp"):
            a = S.get("sklearn", {}).get("batch_ms_1t")
            b = S.get(system, {}).get("batch_ms_1t")
            v = a / b if a and b else None
            add(f"batch not slower than scikit-learn ({key}, {system})", v,
                v is not None and v >= 1, fmt_x(v))
    S = by.get("rf", {})
    ms = S.get("modelseal-py", {}).get("load_warm_ms")
    pk = S.get("pickle", {}).get("load_warm_ms")
    sk = S.get("skops", {}).get("load_warm_ms")
    v = pk / ms if ms and pk else None
    add("load (verify + sandbox + decode) no slower than pickle.loads "
        "(rf, Python)", v, v is not None and v >= 1,
        f"{fmt_ms(ms)} vs {fmt_ms(pk)} ({fmt_x(v)})")
    v = sk / ms if ms and sk else None
    add("load ≥ 10x faster than skops.io.load (rf, Python)", v,
        v is not None and v >= 10, f"{fmt_ms(ms)} vs {fmt_ms(sk)} "
        f"({fmt_x(v)})")
    c = by.get("tiny", {}).get("modelseal-cpp", {})
    v = c.get("warm_load_median", {}).get("sandbox_ms")
    add("fixed sandbox overhead ≤ 2 ms (sandbox stage, tiny model)", v,
        v is not None and v <= 2, fmt_ms(v))
    for key in ("rf", "gb", "hgb"):
        r = by.get(key, {}).get("modelseal-cpp", {})
        g = r.get("fresh", {}).get("rss_growth_kb")
        v = g * 1024 / r["file_size"] if g is not None and r.get(
            "file_size") else None
        add(f"peak RSS growth during load ≤ 1.3x file size ({key}, C++)", v,
            v is not None and v <= 1.3, f"{v:.2f}x" if v else "–")
    return out


def analysis(results):
    """Facts that explain the load and latency figures, from this run."""
    by = {m["key"]: m["systems"] for m in results}
    out = []
    rf = by.get("rf", {})
    c, py = rf.get("modelseal-cpp"), rf.get("modelseal-py")
    pk = rf.get("pickle", {})
    if c and py and pk.get("load_warm_ms"):
        w = c["warm_load_median"]
        mb = c["file_size"] / (1 << 20)
        out.append(
            f"- rf load ({mb:.2f} MiB .seal, {pk['file_size'] / (1 << 20):.2f}"
            f" MiB pickle): read + hash {fmt_ms(w['read_and_hash_ms'])} "
            f"({mb / (w['read_and_hash_ms'] / 1e3):.0f} MiB/s), sandbox "
            f"{fmt_ms(w['sandbox_ms'])}, decode {fmt_ms(w['decode_ms'])}, "
            f"predictor build {fmt_ms(w['predictor_ms'])}; total "
            f"{fmt_ms(w['total_ms'])} against pickle.loads "
            f"{fmt_ms(pk['load_warm_ms'])}. BLAKE2b-512 of the same bytes "
            f"alone (hashlib) takes {fmt_ms(py.get('blake2b_ms'))} and a plain "
            f"copy of them {fmt_ms(py.get('copy_ms'))}: hash + copy, which "
            f"the design requires before any parsing, are "
            f"{(py.get('blake2b_ms', 0) + py.get('copy_ms', 0)) / pk['load_warm_ms']:.2f}"
            f"x pickle's whole load by themselves.")
    t = by.get("tiny", {})
    tc, tp = t.get("modelseal-cpp"), t.get("modelseal-py")
    if tc and tp:
        out.append(
            f"- Fixed costs (tiny model): sandbox stage "
            f"{fmt_ms(tc['warm_load_median']['sandbox_ms'])} (spawn, seccomp, "
            f"reply), whole load {fmt_ms(tc['warm_load_median']['total_ms'])} "
            f"in C++ and {fmt_ms(tp.get('load_warm_ms'))} through Python; "
            f"single-row predict {fmt_us(tc['single_median_us'])} in C++ and "
            f"{fmt_us(tp.get('single_median_us'))} through Python (the "
            f"difference is the Python call, input checks and label "
            f"mapping).")
        g = tc.get("fresh", {}).get("rss_growth_kb")
        if g is not None:
            out.append(
                f"- Peak RSS growth has a fixed part of about "
                f"{fmt_size(g * 1024)} (tiny model, C++), so the 1.3x-of-file "
                f"target can only be judged on large models.")
    if c and c.get("fresh", {}).get("rss_growth_kb") is not None:
        g = c["fresh"]["rss_growth_kb"] * 1024
        parts = c.get("rss_growth_parts_kb")
        split = ""
        if parts:
            split = (
                f" After the load, the RSS has grown by "
                f"{fmt_size(parts['shmem'] * 1024)} of shared memory (the "
                f"sealed copy), {fmt_size(parts['anon'] * 1024)} of anonymous "
                f"memory (the predictor's node arrays, 16 bytes per tree node, "
                f"and the decoded model) and {fmt_size(parts['file'] * 1024)} "
                f"of file-backed pages (code run for the first time: shared "
                f"page cache, not model data); without those, the growth "
                f"would be {(g - parts['file'] * 1024) / c['file_size']:.2f}x "
                f"the file.")
        out.append(
            f"- rf peak RSS growth {fmt_size(g)} = the sealed copy of the file "
            f"({fmt_size(c['file_size'])}, needed so that nothing is re-read "
            f"after hashing) + {fmt_size(g - c['file_size'])} (the "
            f"predictor's compact node arrays, decode and fixed costs); the "
            f"helper's peak is at most "
            f"{fmt_size(c['helper_maxrss_kb'] * 1024)} in its "
            f"own process.{split}")
    return out


def plot(sweep, path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots(figsize=(7.5, 5))
    for system in SYSTEMS:
        pts = [(p[system]["file_size"], p[system]["load_warm_ms"])
               for p in sweep if system in p]
        if not pts:
            continue
        xs, ys = zip(*sorted(pts))
        ax.plot([x / (1 << 20) for x in xs], ys, marker="o",
                label=LABEL[system])
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("model file size (MiB, each system's own file)")
    ax.set_ylabel("load time, warm process (ms, median)")
    ax.set_title("Load time against model size (RandomForest, depth 12)")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    tmp = path + ".tmp.png"
    fig.savefig(tmp, dpi=110)
    os.replace(tmp, path)


def write_report(out_dir, meta, results, sweep, cfg, smoke):
    md = []
    md.append("# modelseal benchmark results\n")
    if smoke:
        md.append("**SMOKE RUN** (tiny models, few repetitions): the figures "
                  "only show that every code path works.\n")
    md.append(f"Run {meta['started']} – {meta['finished']} UTC with "
              "`bash bench/run.sh` (bench/compare.py). Every system works on "
              "the same fitted estimator; the data is "
              f"`make_classification` with {cfg['n_features']} features, "
              f"{cfg['n_train']} training rows, binary labels.\n")
    mi = meta["machine"]
    md.append("## Machine\n")
    md.append(f"- {mi['cpu']}, {mi['cpus']} CPUs, {mi['memory']} RAM; "
              f"{mi['platform']}")
    md.append(f"- load average before the run {meta['loadavg_before']}, "
              f"after {meta['loadavg_after']} (1, 5, 15 min): "
              f"{meta['load_note']}")
    md.append(f"- modelseal at commit {mi['commit']} (C++ program built "
              "from the working tree, Release; the Python package as "
              "installed in .venv)")
    md.append("- versions: " + ", ".join(f"{k} {v}" for k, v in
                                         mi["versions"].items()))
    md.append(f"- environment: {mi['env']}")
    md.append("- numpy/scikit-learn thread pools (threadpoolctl): " +
              "; ".join(", ".join(f"{k}={v}" for k, v in p.items())
                        for p in mi["threadpools"]))
    md.append("")
    md.append("## How each figure is measured\n")
    md.append(
        f"- **save**: writing the file (modelseal: export + write + sign; "
        f"ONNX: skl2onnx conversion + serialisation). **file**: its size "
        f"(modelseal: the .seal; the .minisig adds ~300 B).\n"
        f"- **load warm**: median of up to {cfg['warm_loads']} loads in this "
        f"process after one warm-up (pickle: `pickle.loads(read())`; "
        f"skops: `skops.io.load(path, trusted=get_untrusted_types(...))`, the "
        f"list computed beforehand; ONNX: `InferenceSession`; modelseal: "
        f"`modelseal.load(path, trusted_keys=[pub])` = read + hash + verify + "
        f"sandboxed parse + decode + predictor build).\n"
        f"- **load fresh**: a new Python process that has imported numpy, "
        f"the system's package and (pickle/joblib/skops) scikit-learn's "
        f"estimator modules; the first load there, median of "
        f"{cfg['fresh_loads']} processes. modelseal (C++): the first load in "
        f"`load_predict_bench`.\n"
        f"- **peak RSS growth**: in the fresh process, the peak RSS (VmHWM, "
        f"reset with /proc/self/clear_refs just before the load) minus the "
        f"RSS before the load; it includes modelseal's sealed copy of the "
        f"file. modelseal's sandbox helper is a separate process: its peak is "
        f"in the stage table, as getrusage(RUSAGE_CHILDREN) reports it, an "
        f"upper bound: posix_spawn starts the helper vfork-style, sharing "
        f"the loading process's memory until exec, and Linux counts that "
        f"shared memory in the child's peak (so it is at least the loader's "
        f"RSS at spawn time, which includes the sealed copy).\n"
        f"- **1-row**: {cfg['single_calls']} calls of `predict` on one row "
        f"each (scikit-learn: {cfg['sklearn_single_calls']} calls), median "
        f"and p99 (nearest rank). pickle, joblib and skops load the same "
        f"scikit-learn object, so their predict figures are scikit-learn's "
        f"(marked (=)); their labels were still checked on the batch.\n"
        f"- **batch**: `predict` on {cfg['batch_rows']} rows, best of "
        f"{cfg['batch_reps']}; 2 threads: scikit-learn `n_jobs=2` where the "
        f"estimator has it plus threadpoolctl limits (OpenMP for "
        f"HistGradientBoosting, BLAS for linear models; GradientBoosting "
        f"predicts on one thread whatever is set), ONNX Runtime "
        f"`intra_op_num_threads=2`, modelseal `n_threads=2`. ONNX needs float32 "
        f"input: the cast is inside the timed call, as a user does it.\n"
        f"- **labels ≠ sklearn**: rows of the batch whose predicted label "
        f"differs from scikit-learn's (any difference fails the run except "
        f"for ONNX Runtime, which computes in float32; more than "
        f"{MAX_ONNX_MISMATCH:.0%} fails too). modelseal's predict_proba is "
        f"also checked: bit-exact for trees, 1e-12 relative for linear "
        f"models.\n")
    md.append("## Targets (issue 8)\n")
    md.append("| target | measured | met |")
    md.append("|---|---|---|")
    for name, text, ok in targets(results):
        md.append(f"| {name} | {text} | "
                  f"{'–' if ok is None else ('yes' if ok else '**no**')} |")
    md.append("")
    facts = analysis(results)
    if facts:
        md.append("## Where modelseal's time and memory go\n")
        md.extend(facts)
        md.append("")
    md.append("## modelseal load stages (C++ loader, warm median)\n")
    md.append(stage_table(results))
    md.append("")
    md.append("## Per model\n")
    for m in results:
        md.append(f"### {m['key']}: {m['description']}\n")
        md.append(model_table(m, cfg["batch_rows"]))
        md.append("")
    md.append("## Load time against model size\n")
    md.append("![load time against model size](load_vs_size.png)\n")
    md.append("| model | " + " | ".join(
        LABEL[s] for s in SYSTEMS if s != "sklearn") + " |")
    md.append("|---" * (len(SYSTEMS)) + "|")
    for key, p in sweep:
        cells = []
        for s in SYSTEMS:
            if s == "sklearn":
                continue
            c = p.get(s)
            cells.append(f"{fmt_ms(c['load_warm_ms'])} "
                         f"({fmt_size(c['file_size'])})" if c else "–")
        md.append(f"| {key} | " + " | ".join(cells) + " |")
    md.append("")
    text = "\n".join(md) + "\n"
    path = os.path.join(out_dir, "RESULTS.md")
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write(text)
    os.replace(tmp, path)


# --------------------------------------------------------------------------

FULL = {
    "n_train": 5000, "n_features": 100, "batch_rows": 100_000,
    "single_calls": 2000, "sklearn_single_calls": 1000, "batch_reps": 2,
    "warm_loads": 10, "cpp_warm_loads": 20, "fresh_loads": 3,
    "load_budget_s": 8.0, "fresh_models": None,
    "fit_threads": 1,
    "trees": {"rf": 200, "rf_d10": 100, "gb": 200, "hgb": 200},
    "sweep_trees": [10, 30, 100, 300],
}
SMOKE = {
    "n_train": 600, "n_features": 12, "batch_rows": 2000,
    "single_calls": 100, "sklearn_single_calls": 50, "batch_reps": 1,
    "warm_loads": 2, "cpp_warm_loads": 2, "fresh_loads": 1,
    "load_budget_s": 1.0, "fresh_models": ["rf"],
    "fit_threads": 1,
    "trees": {"rf": 6, "rf_d10": 5, "gb": 5, "hgb": 5},
    "sweep_trees": [1, 2, 4, 8],
}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", help="directory for RESULTS.md, results.json "
                    "and load_vs_size.png")
    ap.add_argument("--smoke", action="store_true")
    ap.add_argument("--cpp-bench", help="path of load_predict_bench")
    ap.add_argument("--sandbox-helper", help="modelseal-sandbox for the C++ "
                    "program (the Python package uses its own)")
    ap.add_argument("--skip", default="", help="comma-separated systems to "
                    "leave out (local iteration only)")
    ap.add_argument("--only", default="", help="comma-separated model keys")
    ap.add_argument("--inject-fault", default="", help="flips one label of "
                    "this system (checks that a mismatch fails the run)")
    ap.add_argument("--no-sweep", action="store_true")
    ap.add_argument("--child-load", nargs=2, metavar=("SYSTEM", "PATH"))
    ap.add_argument("--public-key")
    ap.add_argument("--trusted")
    args = ap.parse_args(argv)
    if args.child_load:
        print(json.dumps(child_load(args.child_load[0], args.child_load[1],
                                    args.public_key, args.trusted)))
        return 0
    if not args.out:
        ap.error("--out is required")
    args.skip = [s for s in args.skip.split(",") if s]
    if "modelseal-cpp" not in args.skip and not args.cpp_bench:
        ap.error("--cpp-bench is required (or --skip modelseal-cpp)")
    return run(args)


def run(args):
    import tempfile

    import numpy as np
    cfg = SMOKE if args.smoke else FULL
    os.makedirs(args.out, exist_ok=True)
    started = time.strftime("%Y-%m-%d %H:%M", time.gmtime())
    load_before = os.getloadavg()
    meta = {"started": started, "loadavg_before": load_before,
            "machine": machine_info(), "config": cfg}
    with tempfile.TemporaryDirectory(prefix="modelseal-bench-") as workdir:
        ctx = Ctx(args, cfg, workdir)
        if "modelseal-py" not in args.skip:
            import modelseal
            modelseal.keygen(ctx.secret, ctx.public)
        models = make_models(cfg, [k for k in args.only.split(",") if k])
        rng = np.random.default_rng(7)
        results = []
        for key, desc, est, X, y in models:
            import modelseal
            ctx.training_data = modelseal.training_data(X)
            # Batch rows: resampled training rows plus noise (so that trees
            # see realistic paths), and fresh rows for the single-row loop.
            idx = rng.integers(0, X.shape[0], cfg["batch_rows"])
            X_batch = np.ascontiguousarray(
                X[idx] + rng.normal(0, 0.1, (cfg["batch_rows"], X.shape[1])))
            rows_single = np.ascontiguousarray(X_batch[:cfg["single_calls"]])
            log(f"{key}: {desc}")
            res = bench_model(ctx, key, desc, est, X, X_batch, rows_single)
            if "sklearn" not in args.skip:
                bench_sklearn_predict(ctx, res, est, X_batch, rows_single)
            results.append(res)
            log(f"{key}: done")
        sweep = []
        X0, y0 = models[0][3], models[0][4]
        for key, desc, est in ([] if args.no_sweep else
                               size_sweep_models(cfg, X0, y0)):
            log(f"size sweep: {desc}")
            sweep.append((key, sweep_point(ctx, key, est, X0[:64])))
    meta["finished"] = time.strftime("%H:%M", time.gmtime())
    meta["loadavg_after"] = os.getloadavg()
    peak = max(load_before[0], meta["loadavg_after"][0])
    cpus = os.cpu_count() or 1
    meta["load_note"] = (
        f"{'busy' if peak > 0.5 * cpus else 'quiet'} machine (1-min load up "
        f"to {peak:.1f} on {cpus} CPUs); figures taken on a busy machine are "
        f"noisy, ratios within one run are the meaningful part")
    for m in results:
        for r in m["systems"].values():
            r.pop("path", None)
    with open(os.path.join(args.out, "results.json.tmp"), "w") as f:
        json.dump({"meta": meta, "results": results, "sweep": sweep}, f,
                  indent=1, default=float)
    os.replace(os.path.join(args.out, "results.json.tmp"),
               os.path.join(args.out, "results.json"))
    plot([p for _, p in sweep], os.path.join(args.out, "load_vs_size.png"))
    write_report(args.out, meta, results, sweep, cfg, args.smoke)
    log(f"wrote {args.out}/RESULTS.md, results.json, load_vs_size.png")
    missed = [t for t in targets(results) if t[2] is False]
    if missed and not args.smoke:
        log(f"{len(missed)} targets missed (see RESULTS.md)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
