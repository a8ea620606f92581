"""The main job, end to end (run by scripts/demo.sh).

Trains a real scikit-learn model, saves it as a .seal file with provenance,
makes a signing key, signs and verifies the model with the `modelseal`
command, loads it in the sandbox from Python and predicts, predicts again
with the command line from a CSV file, and checks every prediction against
scikit-learn's. Shows that a tampered copy is refused. Then runs the example
of scikit-learn's model persistence page (svm.SVC fitted on iris) the same
way: saved, signed, verified, loaded in the sandbox, predicting X[0:1].

Usage: python scripts/demo.py WORKDIR PATH_TO_MODELSEAL_BINARY
"""
import os
import subprocess
import sys

import numpy as np
from sklearn import datasets, svm
from sklearn.datasets import load_breast_cancer
from sklearn.ensemble import RandomForestClassifier
from sklearn.model_selection import train_test_split

import modelseal


def run(*args):
    print("$", " ".join(str(a) for a in args), flush=True)
    subprocess.run([str(a) for a in args], check=True)


def main():
    work, ms = sys.argv[1], sys.argv[2]
    model_path = os.path.join(work, "breast-cancer.seal")
    key, pub = os.path.join(work, "release.key"), os.path.join(work, "release.pub")

    print("== train a RandomForestClassifier on breast_cancer")
    X, y = load_breast_cancer(return_X_y=True)
    X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)
    clf = RandomForestClassifier(n_estimators=100, max_depth=10, random_state=0)
    clf.fit(X_train, y_train)
    cv = modelseal.cross_val(
        RandomForestClassifier(n_estimators=100, max_depth=10, random_state=0),
        X_train, y_train, cv=5, scoring="accuracy")

    print("== save it as a .seal file (schema-only, never pickled)")
    modelseal.save(clf, model_path, name="breast-cancer-rf", version=3,
                   description="demo model",
                   training_data=modelseal.training_data(
                       X_train, uri="sklearn.datasets.load_breast_cancer"),
                   cv_scores=[cv])
    print(f"   {model_path}: {os.path.getsize(model_path)} bytes")

    print("== make a key, sign and verify with the modelseal command")
    run(ms, "keygen", "-W", "-s", key, "-p", pub)
    run(ms, "sign", "-s", key, "-m", model_path)
    run(ms, "verify", "-p", pub, "-m", model_path)
    run(ms, "inspect", "-p", pub, model_path)

    print("== load in the sandbox (signature checked first) and predict")
    model = modelseal.load(model_path, trusted_keys=[pub])
    labels = model.predict(X_test)
    proba = model.predict_proba(X_test)
    assert np.array_equal(labels, clf.predict(X_test)), "labels differ"
    assert np.array_equal(proba, clf.predict_proba(X_test)), "proba differ"
    print(f"   {len(labels)} rows: labels and probabilities bit-identical to "
          f"scikit-learn; test accuracy {np.mean(labels == y_test):.4f}")

    print("== predict from a CSV file with the command line")
    csv_in = os.path.join(work, "test.csv")
    csv_out = os.path.join(work, "pred.csv")
    np.savetxt(csv_in, X_test, delimiter=",", fmt="%.17g")
    run(ms, "predict", "-p", pub, model_path, csv_in, "-o", csv_out)
    cli_labels = np.loadtxt(csv_out, delimiter=",", dtype=np.int64)
    assert np.array_equal(cli_labels, clf.predict(X_test)), "CLI labels differ"
    print(f"   {len(cli_labels)} CLI predictions identical to scikit-learn")

    print("== a tampered copy is refused before it is parsed")
    bad = os.path.join(work, "tampered.seal")
    data = bytearray(open(model_path, "rb").read())
    data[len(data) // 2] ^= 1
    open(bad, "wb").write(data)
    os.link(model_path + ".minisig", bad + ".minisig")
    try:
        modelseal.load(bad, trusted_keys=[pub])
    except modelseal.SignatureError as e:
        print(f"   refused: {type(e).__name__}: {e}")
    else:
        raise AssertionError("tampered model was loaded")

    persistence_example(work, ms, key, pub)


def persistence_example(work, ms, key, pub):
    """The example of scikit-learn's model persistence page
    (https://scikit-learn.org/stable/model_persistence.html), kept as a
    .seal file instead of a pickle, signed with the key made above."""
    print("== scikit-learn's persistence example: svm.SVC fitted on iris")
    clf = svm.SVC()
    X, y = datasets.load_iris(return_X_y=True)
    clf.fit(X, y)
    model_path = os.path.join(work, "iris-svc.seal")
    modelseal.save(clf, model_path, name="iris-svc", version=1,
                   description="scikit-learn's model persistence example")
    print(f"   {model_path}: {os.path.getsize(model_path)} bytes, "
          f"{len(clf.support_)} support vectors")
    run(ms, "sign", "-s", key, "-m", model_path)
    run(ms, "verify", "-p", pub, "-m", model_path)

    print("== load it in the sandbox and predict X[0:1]")
    model = modelseal.load(model_path, trusted_keys=[pub])
    got = model.predict(X[0:1])
    want = clf.predict(X[0:1])
    assert np.array_equal(got, want), "label differs"
    assert got[0] == y[0], "not the example's answer"
    print(f"   model.predict(X[0:1]) = {got}, as clf.predict(X[0:1]) "
          f"(y[0] = {y[0]})")


if __name__ == "__main__":
    main()
