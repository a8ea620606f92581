// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// A program built against an installed modelseal (README "Using the C++
// library"; built by tests/install/run.sh with CMake and with pkg-config).
// It writes a small linear model, makes a key, signs the model, loads it
// back through the full path (hash, signature, sandboxed parse, host
// checks) and predicts, checking each result.
//
//   consumer DIR     work in DIR (writes model.seal, model.seal.minisig,
//                    public.key)
//
// Exit status 0 when every step succeeded and the predictions are the
// expected ones, 1 otherwise (with the error on stderr).
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "modelseal/format.h"
#include "modelseal/loader.h"
#include "modelseal/predictor.h"
#include "modelseal/signing.h"
#include "modelseal/version.h"

namespace {

int Fail(const std::string& step, const modelseal::Status& status) {
  std::fprintf(stderr, "consumer: %s: %s\n", step.c_str(),
               status.ToString().c_str());
  return 1;
}

bool WriteText(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  return static_cast<bool>(out);
}

// y = 2 x0 - 3 x1 + 0.5
modelseal::Model LinearModel() {
  modelseal::Model model;
  model.metadata.name = "consumer-demo";
  model.metadata.version = 1;
  model.input.n_features = 2;
  model.output.task = modelseal::Task::kRegression;
  model.output.n_outputs = 1;
  modelseal::LinearModel linear;
  linear.coef = modelseal::Tensor::FromVector<double>({2.0, -3.0}, {1, 2});
  linear.intercept = modelseal::Tensor::FromVector<double>({0.5});
  linear.output = modelseal::LinearOutput::kRegression;
  model.estimator.kind = linear;
  return model;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: consumer DIR\n");
    return 2;
  }
  const std::string dir = argv[1];
  const std::string path = dir + "/model.seal";

  if (auto st = modelseal::WriteModelFile(LinearModel(), path); !st.ok()) {
    return Fail("write", st);
  }
  auto key = modelseal::signing::SecretKey::Generate();
  if (!key.ok()) return Fail("keygen", key.status());
  modelseal::signing::SignOptions sign;
  sign.name = "consumer-demo";
  sign.version = 1;
  auto sig = modelseal::signing::SignFile(path, *key, sign);
  if (!sig.ok()) return Fail("sign", sig.status());
  if (!WriteText(modelseal::signing::DefaultSignaturePath(path),
                 modelseal::signing::FormatSignatureFile(*sig)) ||
      !WriteText(dir + "/public.key",
                 modelseal::signing::FormatPublicKeyFile(key->public_key()))) {
    std::fprintf(stderr, "consumer: cannot write the signature or key\n");
    return 1;
  }

  auto policy =
      modelseal::signing::TrustPolicy::FromPublicKeys({key->public_key()});
  if (!policy.ok()) return Fail("policy", policy.status());
  modelseal::LoadOptions options;
  options.policy = *policy;
  options.build_predictor = true;
  auto loaded = modelseal::LoadModelFile(path, options);
  if (!loaded.ok()) return Fail("load", loaded.status());

  const std::vector<double> rows = {1.0, 2.0, 0.0, 0.0, -1.5, 4.0};
  modelseal::MatrixView x{rows.data(), modelseal::DType::kFloat64, 3, 2};
  modelseal::PredictOutput out;
  if (auto st = loaded->predictor->Predict(x, &out); !st.ok()) {
    return Fail("predict", st);
  }
  const double expected[] = {-3.5, 0.5, -14.5};
  for (size_t r = 0; r < 3; ++r) {
    if (out.values.at(r, 0) != expected[r]) {
      std::fprintf(stderr, "consumer: row %zu: got %.17g, expected %.17g\n", r,
                   out.values.at(r, 0), expected[r]);
      return 1;
    }
  }
  std::printf(
      "consumer: modelseal %s: signed by %s, loaded in the sandbox, 3 rows "
      "ok\n",
      modelseal::LibraryVersion(), loaded->signature->key_name.c_str());
  return 0;
}
