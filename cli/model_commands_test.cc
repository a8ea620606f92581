// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// End-to-end tests of `modelseal inspect|predict|check`: the built binary
// runs on example models signed with `modelseal keygen` + `sign`; outputs
// are compared with the Predictor's results, and every exit code the
// commands can produce is triggered at least once.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/exit_codes.h"
#include "cli/input/npy.h"
#include "cli/input/text_util.h"
#include "cli/input/typed_csv.h"
#include "modelseal/format.h"
#include "modelseal/predictor.h"
#include "signing/test_util.h"
#include "tests/testing/example_models.h"

namespace modelseal::cli {
namespace {

using signing::testing::ReadText;
using signing::testing::TempDir;
using signing::testing::WriteText;

struct CliRun {
  int rc = -1;
  std::string out;
  std::string err;
};

class ModelCommandsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ::setenv("MODELSEAL_SANDBOX_HELPER", MODELSEAL_SANDBOX_HELPER_PATH, 1);
    ASSERT_EQ(Cli("keygen -W -p " + P("k.pub") + " -s " + P("k.key")).rc,
              kExitOk);
  }

  std::string P(const std::string& name) { return dir_ / name; }

  // `timeout`: a command that used to hang (a FIFO input) is killed after
  // a generous minute and fails the test instead of hanging the suite.
  CliRun Cli(const std::string& args) {
    const std::string cmd = "timeout -s KILL 60 " +
                            std::string(MODELSEAL_CLI_PATH) + " " + args +
                            " >" + P("stdout") + " 2>" + P("stderr");
    CliRun r;
    const int status = std::system(cmd.c_str());
    r.rc = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = ReadText(P("stdout"));
    r.err = ReadText(P("stderr"));
    return r;
  }

  // Writes `model` to NAME.seal, signed for its own name and version
  // unless `sign` is false. Returns the path.
  std::string WriteModel(const std::string& name, const Model& model,
                         bool sign = true) {
    auto bytes = SerializeModel(model);
    EXPECT_TRUE(bytes.ok()) << bytes.status().ToString();
    std::string path = P(name + ".seal");
    WriteText(path, std::string(reinterpret_cast<const char*>(bytes->data()),
                                bytes->size()));
    if (sign) {
      EXPECT_EQ(Cli("sign -m " + path + " -s " + P("k.key") + " --name " +
                    model.metadata.name + " --model-version " +
                    std::to_string(model.metadata.version))
                    .rc,
                kExitOk);
    }
    return path;
  }

  std::string Trust() { return " -p " + P("k.pub"); }

  // Runs the command with stdout on a pseudo-terminal (stderr to the
  // "stderr" file); returns what it wrote there.
  CliRun CliOnTerminal(const std::string& args) {
    CliRun r;
    const int master = ::posix_openpt(O_RDWR | O_NOCTTY);
    EXPECT_GE(master, 0);
    if (master < 0 || ::grantpt(master) != 0 || ::unlockpt(master) != 0) {
      return r;
    }
    const std::string slave_name = ::ptsname(master);
    const std::string cmd =
        std::string(MODELSEAL_CLI_PATH) + " " + args + " 2>" + P("stderr");
    const pid_t pid = ::fork();
    if (pid == 0) {
      const int slave = ::open(slave_name.c_str(), O_RDWR | O_NOCTTY);
      if (slave < 0 || ::dup2(slave, STDOUT_FILENO) < 0) ::_exit(126);
      ::close(slave);
      ::close(master);
      ::execl("/bin/sh", "sh", "-c", cmd.c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
    char buf[4096];
    for (;;) {  // until EIO: the child's side of the terminal is closed
      const ssize_t n = ::read(master, buf, sizeof buf);
      if (n > 0) {
        r.out.append(buf, static_cast<size_t>(n));
      } else if (n < 0 && errno == EINTR) {
        continue;
      } else {
        break;
      }
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    ::close(master);
    r.rc = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.err = ReadText(P("stderr"));
    return r;
  }

  TempDir dir_;
};

// Rows of X for a model with `cols` features, deterministic.
std::vector<double> MakeX(size_t rows, size_t cols) {
  std::vector<double> x;
  for (size_t i = 0; i < rows * cols; ++i) {
    x.push_back(std::round(std::sin(static_cast<double>(i) * 1.3) * 300) / 100);
  }
  return x;
}

std::string ToCsv(const std::vector<double>& x, size_t cols,
                  const std::vector<std::string>& extra = {}) {
  std::string s;
  size_t rows = x.size() / cols;
  for (size_t r = 0; r < rows; ++r) {
    for (size_t c = 0; c < cols; ++c) {
      if (c) s += ",";
      s += FormatDouble(x[r * cols + c]);
    }
    if (!extra.empty()) s += "," + extra[r];
    s += "\n";
  }
  return s;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

std::unique_ptr<Predictor> MakePredictor(const Model& m) {
  auto p = Predictor::Create(m);
  EXPECT_TRUE(p.ok()) << p.status().ToString();
  return std::move(p).value();
}

// ---- inspect ----------------------------------------------------------------

TEST_F(ModelCommandsTest, InspectHumanReadable) {
  std::string m = WriteModel("forest", testing::MakeForestMultiOutput());
  CliRun r = Cli("inspect " + m + Trust());
  ASSERT_EQ(r.rc, kExitOk) << r.err;
  EXPECT_NE(r.out.find("signature:   verified, key \"key1\""),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("Forest: 2 trees,"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("classes[1]: 3 labels: x, y, z"), std::string::npos);
  EXPECT_EQ(r.out.find('\r'), std::string::npos);
  EXPECT_EQ(r.err.find('\r'), std::string::npos);  // no progress off a TTY
}

TEST_F(ModelCommandsTest, InspectJson) {
  Model model = testing::MakeLinearRegression();
  std::string m = WriteModel("linreg", model);
  CliRun r = Cli("inspect --json " + m + Trust());
  ASSERT_EQ(r.rc, kExitOk) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["signature"]["status"], "verified");
  EXPECT_EQ(j["signature"]["statement"]["name"], model.metadata.name);
  EXPECT_EQ(j["signature"]["key_id"].get<std::string>().size(), 16u);
  EXPECT_EQ(j["file"]["size"].get<uint64_t>(), SerializeModel(model)->size());
  EXPECT_EQ(j["metadata"]["cv_scores"][0]["scorer"], "r2");
  EXPECT_EQ(j["input"]["feature_names"][1], "age");
  EXPECT_EQ(j["output"]["task"], "regression");
  EXPECT_EQ(j["estimator"]["kind"], "LinearModel");
  EXPECT_EQ(j["estimator"]["n_features"], 3);
  EXPECT_EQ(j["estimator"]["tensor_bytes"], 4 * 8);  // coef 1x3 + intercept
}

TEST_F(ModelCommandsTest, InspectNestedPipelineJson) {
  std::string m = WriteModel("nested", testing::MakeNestedPipeline());
  CliRun r = Cli("inspect --json " + m + Trust());
  ASSERT_EQ(r.rc, kExitOk) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["estimator"]["kind"], "Pipeline");
  EXPECT_EQ(j["estimator"]["steps"][0]["kind"], "Pipeline");
  EXPECT_EQ(j["estimator"]["steps"][1]["kind"], "DecisionTree");
  EXPECT_EQ(j["estimator"]["steps"][1]["n_nodes"], 5);
}

TEST_F(ModelCommandsTest, InspectCategoryEncoderPipeline) {
  std::string m = WriteModel("cat", testing::MakePipelineCategoryEncoderHgb());
  CliRun r = Cli("inspect --json " + m + Trust());
  ASSERT_EQ(r.rc, kExitOk) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["estimator"]["steps"][0]["kind"], "CategoryEncoder");
  EXPECT_GE(j["estimator"]["steps"][0]["n_columns"].get<int>(), 1);
  EXPECT_EQ(j["estimator"]["steps"][1]["kind"], "HistGradientBoosting");
  r = Cli("inspect " + m + Trust());
  ASSERT_EQ(r.rc, kExitOk) << r.err;
  EXPECT_NE(r.out.find("CategoryEncoder:"), std::string::npos) << r.out;
}

// Format 1.1: typed input columns and the ColumnTransformer's groups, in
// the JSON and in the human-readable output.
TEST_F(ModelCommandsTest, InspectColumnTransformerPipeline) {
  std::string m = WriteModel("ct", testing::MakeColumnTransformerPipeline());
  CliRun r = Cli("inspect --json " + m + Trust());
  ASSERT_EQ(r.rc, kExitOk) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["format_version"], "1.1");
  const auto& columns = j["input"]["columns"];
  ASSERT_EQ(columns.size(), 4u);
  EXPECT_EQ(columns[0]["name"], "city");
  EXPECT_EQ(columns[0]["type"], "string");
  EXPECT_EQ(columns[0]["nullable"], true);
  EXPECT_EQ(columns[3]["type"], "boolean");
  EXPECT_EQ(columns[3]["nullable"], false);
  const auto& ct = j["estimator"]["steps"][0];
  EXPECT_EQ(ct["kind"], "ColumnTransformer");
  ASSERT_EQ(ct["groups"].size(), 3u);
  EXPECT_EQ(ct["groups"][1]["columns"], nlohmann::json({1, 2}));
  const auto& city = ct["groups"][0]["transformer"];
  EXPECT_EQ(city["kind"], "Pipeline");
  EXPECT_EQ(city["steps"][0]["kind"], "SimpleImputer");
  EXPECT_EQ(city["steps"][0]["fill_strings"], true);
  const auto& onehot = city["steps"][1];
  EXPECT_EQ(onehot["kind"], "OneHotEncoder");
  EXPECT_EQ(onehot["n_outputs"], 3);
  EXPECT_EQ(onehot["handle_unknown"], "slot");
  EXPECT_EQ(onehot["columns"][0]["categories"], "strings");
  EXPECT_EQ(onehot["columns"][0]["n_categories"], 3);
  EXPECT_EQ(ct["groups"][2]["transformer"]["kind"], "Passthrough");
  r = Cli("inspect " + m + Trust());
  ASSERT_EQ(r.rc, kExitOk) << r.err;
  EXPECT_NE(r.out.find("format 1.1"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("columns:     city string nullable, age float "
                       "nullable, income float, member boolean"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("ColumnTransformer: 3 column groups,"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("columns [1, 2]:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("OneHotEncoder: 1 features,"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("Passthrough:"), std::string::npos) << r.out;
}

TEST_F(ModelCommandsTest, InspectEncoders) {
  std::string m = WriteModel("ord", testing::MakeOrdinalEncoder());
  CliRun r = Cli("inspect --json " + m + Trust());
  ASSERT_EQ(r.rc, kExitOk) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["input"]["columns"][0]["name"], "");
  EXPECT_EQ(j["estimator"]["kind"], "OrdinalEncoder");
  EXPECT_EQ(j["estimator"]["unknown_value"], -1.0);
  EXPECT_EQ(j["estimator"]["columns"][1]["missing_category"], true);
  EXPECT_EQ(j["estimator"]["columns"][1]["n_categories"], 3);
  m = WriteModel("imp", testing::MakeSimpleImputer());
  r = Cli("inspect --json " + m + Trust());
  ASSERT_EQ(r.rc, kExitOk) << r.err;
  j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["input"]["columns"], nlohmann::json::array());
  EXPECT_EQ(j["estimator"]["n_kept"], 2);
  EXPECT_EQ(j["estimator"]["n_indicators"], 1);
  r = Cli("inspect " + m + Trust());
  ASSERT_EQ(r.rc, kExitOk) << r.err;
  EXPECT_NE(r.out.find("SimpleImputer: 3 features,"), std::string::npos)
      << r.out;
  EXPECT_EQ(r.out.find("columns:"), std::string::npos) << r.out;
}

TEST_F(ModelCommandsTest, InspectUnsignedNeedsTheInsecureFlag) {
  std::string m = WriteModel("u", testing::MakeLogisticBinary(), false);
  CliRun r = Cli("inspect " + m + " --insecure-unsigned");
  ASSERT_EQ(r.rc, kExitOk) << r.err;
  EXPECT_NE(r.out.find("UNSIGNED (insecure)"), std::string::npos);
  EXPECT_NE(r.err.find("WARNING"), std::string::npos);
  // No trust option at all: usage error.
  EXPECT_EQ(Cli("inspect " + m).rc, kExitUsage);
  // A trusted key but no signature file.
  EXPECT_EQ(Cli("inspect " + m + Trust()).rc, kExitIo);
}

TEST_F(ModelCommandsTest, EscapesModelStringsOnTheTerminal) {
  Model model = testing::MakeLogisticBinary();
  model.metadata.description = "evil \x1b[2J\x1b]0;title\x07 text";
  std::string m = WriteModel("evil", model);
  CliRun r = Cli("inspect " + m + Trust());
  ASSERT_EQ(r.rc, kExitOk) << r.err;
  EXPECT_EQ(r.out.find('\x1b'), std::string::npos);
  EXPECT_NE(r.out.find("evil \\x1b[2J"), std::string::npos) << r.out;
}

// Error messages quote the model (and the helper's reply): the CLI escapes
// them, so a control sequence in a model cannot reach the terminal.
void ExpectEscaped(const std::string& err, const std::string& shown) {
  EXPECT_EQ(err.find('\x1b'), std::string::npos) << err;
  EXPECT_EQ(err.find('\x07'), std::string::npos) << err;
  EXPECT_EQ(err.find("\xc2\x9b"), std::string::npos) << err;
  EXPECT_NE(err.find(shown), std::string::npos) << err;
}

TEST_F(ModelCommandsTest, EscapesTheModelInErrorMessages) {
  // E144: a timestamp that is not one, quoted in the detail.
  Model model = testing::MakeLogisticBinary();
  model.metadata.created = "2024-01-01T00:00:00Z";
  auto bytes = SerializeModel(model);
  ASSERT_TRUE(bytes.ok());
  std::string text(reinterpret_cast<const char*>(bytes->data()), bytes->size());
  size_t at = text.find(model.metadata.created);
  ASSERT_NE(at, std::string::npos);
  std::string evil = "\x1b]0;pwned\x07\x1b[2J\xc2\x9b";
  evil.resize(model.metadata.created.size(), 'x');
  text.replace(at, evil.size(), evil);
  WriteText(P("time.seal"), text);
  CliRun r = Cli("inspect " + P("time.seal") + " --insecure-unsigned");
  EXPECT_EQ(r.rc, kExitFormat);
  EXPECT_NE(r.err.find("E144"), std::string::npos) << r.err;
  ExpectEscaped(r.err, "'\\x1b]0;pwned\\x07\\x1b[2J\\u009bxx");

  // E822: signed for another name; the detail quotes the model's name.
  Model named = testing::MakeLogisticBinary();
  named.metadata.name = "evil\x1b]0;pwned\x07\xc2\x9b";
  std::string m = WriteModel("named", named, /*sign=*/false);
  ASSERT_EQ(Cli("sign -m " + m + " -s " + P("k.key") +
                " --name other --model-version 1")
                .rc,
            kExitOk);
  r = Cli("inspect " + m + Trust());
  EXPECT_EQ(r.rc, kExitStatement);
  EXPECT_NE(r.err.find("E822"), std::string::npos) << r.err;
  ExpectEscaped(r.err, "\"evil\\x1b]0;pwned\\x07\\u009b\"");
}

// A sandbox reply with code 106 and control characters in its context and
// detail, as a lying helper could send it.
std::string FakeHelperReply() {
  auto le = [](uint64_t v, int n) {
    std::string s;
    for (int i = 0; i < n; ++i) s.push_back(static_cast<char>(v >> (8 * i)));
    return s;
  };
  auto record = [&](int tag, const std::string& value) {
    return le(tag, 2) + le(0, 2) + le(value.size(), 4) + value;
  };
  std::string body = record(1, le(106, 4)) +
                     record(2, "manifest\x1b[2J\xc2\x9b") +
                     record(3,
                            "\x07"
                            "bell");
  return "MSRP" + le(1, 2) + le(0, 2) + le(body.size(), 8) + body;
}

TEST_F(ModelCommandsTest, EscapesTheHelpersContextInErrorMessages) {
  std::string m = WriteModel("lr", testing::MakeLogisticBinary());
  // The fake helper: a shell script printing the reply on fd 4 (printf is
  // a builtin: the helper may not be allowed to start processes).
  std::string script = "#!/bin/sh\nprintf '";
  for (char c : FakeHelperReply()) {
    char oct[8];
    std::snprintf(oct, sizeof oct, "\\%03o", static_cast<unsigned char>(c));
    script += oct;
  }
  script += "' >&4\n";
  WriteText(P("fake-helper"), script);
  ASSERT_EQ(::chmod(P("fake-helper").c_str(), 0755), 0);
  ::setenv("MODELSEAL_SANDBOX_HELPER", P("fake-helper").c_str(), 1);
  CliRun r = Cli("inspect " + m + Trust());
  EXPECT_EQ(r.rc, kExitFormat) << r.err;
  EXPECT_NE(r.err.find("E106"), std::string::npos) << r.err;
  ExpectEscaped(r.err, "manifest\\x1b[2J\\u009b: ");
  EXPECT_NE(r.err.find("\\x07bell"), std::string::npos) << r.err;
}

// ---- exit codes of loading
// ---------------------------------------------------

TEST_F(ModelCommandsTest, LoadErrorsMapToExitCodes) {
  std::string m = WriteModel("lr", testing::MakeLogisticBinary());
  // Missing model file.
  EXPECT_EQ(Cli("inspect " + P("nope.seal") + Trust()).rc, kExitIo);
  // Another key.
  ASSERT_EQ(Cli("keygen -W -p " + P("other.pub") + " -s " + P("other.key")).rc,
            kExitOk);
  EXPECT_EQ(Cli("inspect " + m + " -p " + P("other.pub")).rc,
            kExitUntrustedKey);
  // A public key file that is not one.
  WriteText(P("bad.pub"), "not a key\n");
  EXPECT_EQ(Cli("inspect " + m + " -p " + P("bad.pub")).rc, kExitSignature);
  // A byte changed after signing.
  std::string bytes = ReadText(m);
  bytes[bytes.size() - 1] ^= 1;
  WriteText(m, bytes);
  EXPECT_EQ(Cli("inspect " + m + Trust()).rc, kExitSignature);
  // Signed for another name: the statement disagrees with the metadata.
  std::string renamed = WriteModel("renamed", testing::MakeLogisticBinary());
  ASSERT_EQ(Cli("sign -m " + renamed + " -s " + P("k.key") +
                " --name other --model-version 1")
                .rc,
            kExitOk);
  EXPECT_EQ(Cli("inspect " + renamed + Trust()).rc, kExitStatement);
}

TEST_F(ModelCommandsTest, FifoInputsRefusedWithoutBlocking) {
  std::string m = WriteModel("lr", testing::MakeLinearRegression());
  const std::string fifo = P("fifo");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  WriteText(P("x.csv"), "1,2,3\n");
  const std::string refused = fifo + ": not a regular file: a fifo (E5";
  // The model, unsigned and signed.
  CliRun r = Cli("inspect --insecure-unsigned " + fifo);
  EXPECT_EQ(r.rc, kExitIo);
  EXPECT_NE(r.err.find(refused), std::string::npos) << r.err;
  r = Cli("inspect " + fifo + Trust() + " -x " + m + ".minisig");
  EXPECT_EQ(r.rc, kExitIo);
  EXPECT_NE(r.err.find(refused), std::string::npos) << r.err;
  // The signature, the public key, the policy.
  r = Cli("inspect " + m + Trust() + " -x " + fifo);
  EXPECT_EQ(r.rc, kExitIo);
  EXPECT_NE(r.err.find(refused), std::string::npos) << r.err;
  r = Cli("inspect " + m + " -p " + fifo);
  EXPECT_EQ(r.rc, kExitIo);
  EXPECT_NE(r.err.find(refused), std::string::npos) << r.err;
  r = Cli("inspect " + m + " --policy " + fifo);
  EXPECT_EQ(r.rc, kExitIo);
  EXPECT_NE(r.err.find(refused), std::string::npos) << r.err;
  // The rows, CSV and .npy.
  r = Cli("predict " + m + " " + fifo + Trust());
  EXPECT_EQ(r.rc, kExitIo);
  EXPECT_NE(r.err.find(refused), std::string::npos) << r.err;
  const std::string npy = P("fifo.npy");
  ASSERT_EQ(::mkfifo(npy.c_str(), 0600), 0);
  r = Cli("predict " + m + " " + npy + Trust());
  EXPECT_EQ(r.rc, kExitIo);
  EXPECT_NE(r.err.find("not a regular file: a fifo (E5"), std::string::npos)
      << r.err;
  r = Cli("check " + m + " " + fifo + Trust());
  EXPECT_EQ(r.rc, kExitIo);
}

TEST_F(ModelCommandsTest, SignedSizeCheckedBeforeReading) {
  std::string m = WriteModel("lr", testing::MakeLinearRegression());
  // Grown to a sparse 256 MiB: refused from the signed statement (E450,
  // exit 12); the signature over the bytes (E412) is never reached.
  ASSERT_EQ(::truncate(m.c_str(), 256 << 20), 0);
  CliRun r = Cli("inspect " + m + Trust());
  EXPECT_EQ(r.rc, kExitStatement);
  EXPECT_NE(r.err.find("E450"), std::string::npos) << r.err;
}

TEST_F(ModelCommandsTest, UnsignedLoadSizeLimit) {
  std::string m = WriteModel("lr", testing::MakeLinearRegression(), false);
  CliRun r = Cli("inspect --insecure-unsigned --max-unsigned-size 100 " + m);
  EXPECT_EQ(r.rc, kExitIo);
  EXPECT_NE(r.err.find("E823"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("the limit of an unsigned load is 100 (raise it: "
                       "CLI --max-unsigned-size BYTES"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(
      Cli("inspect --insecure-unsigned --max-unsigned-size 100000 " + m).rc,
      kExitOk);
  // Only with --insecure-unsigned.
  EXPECT_EQ(Cli("inspect --max-unsigned-size 100 " + m + Trust()).rc,
            kExitUsage);
  // The default (256 MiB) refuses a sparse file one byte larger.
  ASSERT_EQ(::truncate(m.c_str(), (256 << 20) + 1), 0);
  r = Cli("inspect --insecure-unsigned " + m);
  EXPECT_EQ(r.rc, kExitIo);
  EXPECT_NE(r.err.find("E823"), std::string::npos) << r.err;
}

TEST_F(ModelCommandsTest, OversizedKeyOrSignatureIsASignatureError) {
  std::string m = WriteModel("lr", testing::MakeLinearRegression());
  WriteText(P("big"), std::string(16 * 1024 + 1, 'a'));
  CliRun r = Cli("inspect " + m + Trust() + " -x " + P("big"));
  EXPECT_EQ(r.rc, kExitSignature);
  EXPECT_NE(r.err.find("E400"), std::string::npos) << r.err;
  r = Cli("inspect " + m + " -p " + P("big"));
  EXPECT_EQ(r.rc, kExitSignature);
  EXPECT_NE(r.err.find("E400"), std::string::npos) << r.err;
}

TEST_F(ModelCommandsTest, PredictOutputKeepsModeAndRefusesNonRegular) {
  std::string m = WriteModel("lr", testing::MakeLinearRegression());
  WriteText(P("x.csv"), "1,2,3\n");
  WriteText(P("out.csv"), "old\n");
  ASSERT_EQ(::chmod(P("out.csv").c_str(), 0640), 0);
  CliRun r =
      Cli("predict " + m + " " + P("x.csv") + Trust() + " -o " + P("out.csv"));
  ASSERT_EQ(r.rc, kExitOk) << r.err;
  struct stat st;
  ASSERT_EQ(::stat(P("out.csv").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0640u);
  EXPECT_NE(ReadText(P("out.csv")), "old\n");
  // A FIFO (and, where we may create one, a device node) stays as it is.
  const std::string fifo = P("out.fifo");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  r = Cli("predict " + m + " " + P("x.csv") + Trust() + " -o " + fifo);
  EXPECT_EQ(r.rc, kExitIo);
  EXPECT_NE(r.err.find(fifo + ": not a regular file: exists as a fifo; "
                              "refusing to replace it (E5"),
            std::string::npos)
      << r.err;
  ASSERT_EQ(::lstat(fifo.c_str(), &st), 0);
  EXPECT_TRUE(S_ISFIFO(st.st_mode));
  const std::string dev = P("out.dev");
  if (::mknod(dev.c_str(), S_IFCHR | 0666, ::makedev(1, 3)) == 0) {
    r = Cli("predict " + m + " " + P("x.csv") + Trust() + " -o " + dev);
    EXPECT_EQ(r.rc, kExitIo);
    ASSERT_EQ(::lstat(dev.c_str(), &st), 0);
    EXPECT_TRUE(S_ISCHR(st.st_mode));
  }
}

TEST_F(ModelCommandsTest, InvalidAndUnsupportedModels) {
  WriteText(P("junk.seal"), std::string(4096, 'j'));
  EXPECT_EQ(Cli("inspect " + P("junk.seal") + " --insecure-unsigned").rc,
            kExitFormat);
  // format_major (u16 at offset 8) = 2.
  auto bytes = SerializeModel(testing::MakeLogisticBinary());
  ASSERT_TRUE(bytes.ok());
  std::string text(reinterpret_cast<const char*>(bytes->data()), bytes->size());
  text[8] = 2;
  WriteText(P("v2.seal"), text);
  EXPECT_EQ(Cli("inspect " + P("v2.seal") + " --insecure-unsigned").rc,
            kExitUnsupported);
}

TEST_F(ModelCommandsTest, SandboxHelperMissing) {
  std::string m = WriteModel("lr", testing::MakeLogisticBinary());
  ::setenv("MODELSEAL_SANDBOX_HELPER", P("no-helper").c_str(), 1);
  EXPECT_EQ(Cli("inspect " + m + Trust()).rc, kExitSandbox);
}

// ---- predict
// ------------------------------------------------------------------

TEST_F(ModelCommandsTest, PredictLabelsFromCsv) {
  Model model = testing::MakeLogisticMulticlassStrings();
  std::string m = WriteModel("strings", model);
  std::vector<double> x = MakeX(25, 4);
  WriteText(P("x.csv"), ToCsv(x, 4));
  CliRun r =
      Cli("predict " + m + " " + P("x.csv") + Trust() + " -o " + P("y.csv"));
  ASSERT_EQ(r.rc, kExitOk) << r.err;
  EXPECT_EQ(r.out, "");
  auto predictor = MakePredictor(model);
  PredictOutput out;
  ASSERT_TRUE(
      predictor->Predict({x.data(), DType::kFloat64, 25, 4}, &out).ok());
  std::vector<std::string> lines = Lines(ReadText(P("y.csv")));
  ASSERT_EQ(lines.size(), 25u);
  for (size_t i = 0; i < 25; ++i) {
    EXPECT_EQ(lines[i],
              model.output.classes[0].str_labels[out.classes.data[i]]);
  }
}

// String labels: exact CSV (RFC 4180 quoting) in a file or a pipe; escaped
// on a terminal.
TEST_F(ModelCommandsTest, PredictEscapesLabelsOnlyOnATerminal) {
  Model model = testing::MakeLogisticMulticlassStrings();
  model.output.classes[0] =
      ClassLabels{Tensor(), {"\x1b[31mbird", "cat,\"x\"", "dog\nz"}};
  std::string m = WriteModel("labels", model);
  WriteText(P("x.csv"), ToCsv(MakeX(5, 4), 4));
  const std::string exact = "\x1b[31mbird,\"cat,\"\"x\"\"\",\"dog\nz\"\n";
  CliRun r = Cli("predict --proba " + m + " " + P("x.csv") + Trust() + " -o " +
                 P("y.csv"));
  ASSERT_EQ(r.rc, kExitOk) << r.err;
  EXPECT_EQ(ReadText(P("y.csv")).substr(0, exact.size()), exact);
  r = Cli("predict --proba " + m + " " + P("x.csv") + Trust());
  ASSERT_EQ(r.rc, kExitOk) << r.err;
  EXPECT_EQ(r.out.substr(0, exact.size()), exact);

  r = CliOnTerminal("predict --proba " + m + " " + P("x.csv") + Trust());
  ASSERT_EQ(r.rc, kExitOk) << r.err;
  EXPECT_EQ(r.out.find('\x1b'), std::string::npos) << r.out;
  // (The terminal turns \n into \r\n.)
  EXPECT_EQ(r.out.substr(0, r.out.find('\r')),
            "\\x1b[31mbird,\"cat,\"\"x\"\"\",dog\\x0az")
      << r.out;
  // Labels of predict itself, one per row.
  r = CliOnTerminal("predict " + m + " " + P("x.csv") + Trust());
  ASSERT_EQ(r.rc, kExitOk) << r.err;
  EXPECT_EQ(r.out.find('\x1b'), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("\n\n"), std::string::npos) << r.out;
}

TEST_F(ModelCommandsTest, TrustedKeyOptionTakesOneValueEachTime) {
  // -p before the positionals must not swallow them.
  std::string m = WriteModel("order", testing::MakeLinearRegression());
  WriteText(P("x.csv"), ToCsv(MakeX(3, 3), 3));
  CliRun r = Cli("predict" + Trust() + " " + m + " " + P("x.csv"));
  ASSERT_EQ(r.rc, kExitOk) << r.err;
  EXPECT_EQ(Lines(r.out).size(), 3u);
}

TEST_F(ModelCommandsTest, SignDefaultsToTheModelsOwnNameAndVersion) {
  Model model = testing::MakeLinearRegression();
  std::string m = WriteModel("unnamed", model, /*sign=*/false);
  CliRun signed_run = Cli("sign -m " + m + " -s " + P("k.key"));
  ASSERT_EQ(signed_run.rc, kExitOk) << signed_run.err;
  EXPECT_NE(signed_run.out.find("name=" + model.metadata.name + " version=" +
                                std::to_string(model.metadata.version)),
            std::string::npos)
      << signed_run.out;
  EXPECT_EQ(Cli("inspect " + m + Trust()).rc, kExitOk);
  // Not a model: without --name/--model-version there is nothing to sign
  // for, and the sandboxed parser says why.
  WriteText(P("junk.seal"), std::string(100, 'j'));
  EXPECT_EQ(Cli("sign -m " + P("junk.seal") + " -s " + P("k.key")).rc,
            kExitFormat);
}

TEST_F(ModelCommandsTest, PredictProbaHasHeaderAndExactValues) {
  Model model = testing::MakeLogisticBinary();
  std::string m = WriteModel("lb", model);
  std::vector<double> x = MakeX(10, 4);
  WriteText(P("x.csv"), "a,b,c,d\n" + ToCsv(x, 4));
  CliRun r = Cli("predict --proba --header --threads 2 " + m + " " +
                 P("x.csv") + Trust());
  ASSERT_EQ(r.rc, kExitOk) << r.err;
  std::vector<std::string> lines = Lines(r.out);
  ASSERT_EQ(lines.size(), 11u);
  EXPECT_EQ(lines[0], "0,1");
  auto predictor = MakePredictor(model);
  std::vector<Matrix<double>> proba;
  ASSERT_TRUE(
      predictor->PredictProba({x.data(), DType::kFloat64, 10, 4}, &proba).ok());
  for (size_t i = 0; i < 10; ++i) {
    EXPECT_EQ(lines[i + 1], FormatDouble(proba[0].at(i, 0)) + "," +
                                FormatDouble(proba[0].at(i, 1)));
  }
}

TEST_F(ModelCommandsTest, PredictRegressionFromNpyRoundTrips) {
  Model model = testing::MakeForestRegressor();
  std::string m = WriteModel("fr", model);
  std::vector<double> x = MakeX(40, 2);
  auto npy = FormatNpyFloat64(x, 40, 2);
  ASSERT_TRUE(npy.ok());
  WriteText(P("x.npy"), std::string(reinterpret_cast<const char*>(npy->data()),
                                    npy->size()));
  CliRun r = Cli("predict " + m + " " + P("x.npy") + Trust());
  ASSERT_EQ(r.rc, kExitOk) << r.err;
  auto predictor = MakePredictor(model);
  PredictOutput out;
  ASSERT_TRUE(
      predictor->Predict({x.data(), DType::kFloat64, 40, 2}, &out).ok());
  std::vector<std::string> lines = Lines(r.out);
  ASSERT_EQ(lines.size(), 40u);
  for (size_t i = 0; i < 40; ++i) {
    EXPECT_EQ(*ParseCsvNumber(lines[i]), out.values.data[i]) << i;
  }
}

TEST_F(ModelCommandsTest, PredictDecisionAndTransform) {
  std::string svc = WriteModel("svc", testing::MakeLinearSvcBinary());
  WriteText(P("x2.csv"), "1,2\n-3,0.5\n");
  CliRun r = Cli("predict --decision " + svc + " " + P("x2.csv") + Trust());
  ASSERT_EQ(r.rc, kExitOk) << r.err;
  // 1.5 x0 - 2.5 x1 + 0.25
  EXPECT_EQ(r.out, "-3.25\n-5.5\n");
  std::string sc = WriteModel("sc", testing::MakeStandardScaler());
  WriteText(P("x3.csv"), "1,-2,3.5\n");
  r = Cli("predict --transform " + sc + " " + P("x3.csv") + Trust());
  ASSERT_EQ(r.rc, kExitOk) << r.err;
  EXPECT_EQ(r.out, "0,0,0\n");
  // A method the model lacks is a usage error.
  EXPECT_EQ(Cli("predict --proba " + svc + " " + P("x2.csv") + Trust()).rc,
            kExitUsage);
}

TEST_F(ModelCommandsTest, PredictInputErrors) {
  std::string m = WriteModel("linreg", testing::MakeLinearRegression());
  // Not a number: exit 6 and the output file is not created.
  WriteText(P("bad.csv"), "1,2,3\n4,x,6\n");
  CliRun r = Cli("predict " + m + " " + P("bad.csv") + Trust() + " -o " +
                 P("out.csv"));
  EXPECT_EQ(r.rc, kExitInput);
  EXPECT_NE(r.err.find("bad.csv:2:2"), std::string::npos) << r.err;
  struct stat st;
  EXPECT_NE(::stat(P("out.csv").c_str(), &st), 0);
  // Wrong number of columns.
  WriteText(P("narrow.csv"), "1,2\n");
  EXPECT_EQ(Cli("predict " + m + " " + P("narrow.csv") + Trust()).rc,
            kExitInput);
  // Header names differ from the model's feature names.
  WriteText(P("named.csv"), "area,rooms,age\n1,2,3\n");
  r = Cli("predict --header " + m + " " + P("named.csv") + Trust());
  EXPECT_EQ(r.rc, kExitInput);
  EXPECT_NE(r.err.find("CsvHeaderMismatch"), std::string::npos) << r.err;
  WriteText(P("named.csv"), "area,age,rooms\n1,2,3\n");
  EXPECT_EQ(Cli("predict --header " + m + " " + P("named.csv") + Trust()).rc,
            kExitOk);
  // A broken .npy file.
  WriteText(P("bad.npy"), "\x93NUMPY\x09\x00");
  EXPECT_EQ(Cli("predict " + m + " " + P("bad.npy") + Trust()).rc, kExitInput);
  // NaN for a linear model: the context is the file's line and column.
  WriteText(P("nan.csv"), "area,age,rooms\n1,2,3\n4,nan,6\n");
  r = Cli("predict --header " + m + " " + P("nan.csv") + Trust());
  EXPECT_EQ(r.rc, kExitInput);
  EXPECT_NE(r.err.find("nan.csv:3:2"), std::string::npos) << r.err;
  // An .npy file with 0 rows: an input error (E907), as scikit-learn's
  // "Found array with 0 sample(s)", and no output file.
  auto empty = FormatNpyFloat64({}, 0, 3);
  ASSERT_TRUE(empty.ok());
  WriteText(
      P("empty.npy"),
      std::string(reinterpret_cast<const char*>(empty->data()), empty->size()));
  r = Cli("predict " + m + " " + P("empty.npy") + Trust() + " -o " +
          P("empty-out.csv"));
  EXPECT_EQ(r.rc, kExitInput);
  EXPECT_NE(r.err.find("InputNoRows"), std::string::npos) << r.err;
  EXPECT_NE(::stat(P("empty-out.csv").c_str(), &st), 0);
  // Missing input file.
  EXPECT_EQ(Cli("predict " + m + " " + P("none.csv") + Trust()).rc, kExitIo);
  // Unknown option.
  EXPECT_EQ(Cli("predict --bogus " + m + " " + P("named.csv") + Trust()).rc,
            kExitUsage);
}

TEST_F(ModelCommandsTest, PredictMultiOutput) {
  Model model = testing::MakeForestMultiOutput();
  std::string m = WriteModel("mo", model);
  std::vector<double> x = MakeX(6, 2);
  WriteText(P("x.csv"), ToCsv(x, 2));
  CliRun r = Cli("predict " + m + " " + P("x.csv") + Trust());
  ASSERT_EQ(r.rc, kExitOk) << r.err;
  auto predictor = MakePredictor(model);
  PredictOutput out;
  ASSERT_TRUE(predictor->Predict({x.data(), DType::kFloat64, 6, 2}, &out).ok());
  std::vector<std::string> lines = Lines(r.out);
  ASSERT_EQ(lines.size(), 6u);
  for (size_t i = 0; i < 6; ++i) {
    EXPECT_EQ(
        lines[i],
        std::to_string(model.output.classes[0]
                           .int_labels.span<int64_t>()[out.classes.at(i, 0)]) +
            "," + model.output.classes[1].str_labels[out.classes.at(i, 1)]);
  }
  r = Cli("predict --proba " + m + " " + P("x.csv") + Trust());
  ASSERT_EQ(r.rc, kExitOk) << r.err;
  EXPECT_EQ(Lines(r.out)[0], "0:0,0:1,1:x,1:y,1:z");
}

// ---- check ------------------------------------------------------------------

TEST_F(ModelCommandsTest, CheckPassesAndFails) {
  Model model = testing::MakeLogisticBinary();
  model.metadata.cv_scores = {{"accuracy", 0.9, 0.05, 5}};
  std::string m = WriteModel("acc", model);
  std::vector<double> x = MakeX(20, 4);
  auto predictor = MakePredictor(model);
  PredictOutput out;
  ASSERT_TRUE(
      predictor->Predict({x.data(), DType::kFloat64, 20, 4}, &out).ok());
  // Two wrong labels of 20: accuracy 0.9, inside 0.9 +/- 0.05.
  std::vector<std::string> y;
  for (size_t i = 0; i < 20; ++i) {
    int64_t label = out.classes.data[i];
    if (i < 2) label = 1 - label;
    y.push_back(std::to_string(label));
  }
  WriteText(P("d.csv"), ToCsv(x, 4, y));
  CliRun r = Cli("check " + m + " " + P("d.csv") + Trust());
  ASSERT_EQ(r.rc, kExitOk) << r.err << r.out;
  EXPECT_NE(r.out.find("score:    0.9 (20 rows)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("PASS"), std::string::npos);
  // Six wrong: 0.7, outside.
  for (size_t i = 2; i < 6; ++i) {
    y[i] = std::to_string(1 - out.classes.data[i]);
  }
  WriteText(P("d.csv"), ToCsv(x, 4, y));
  r = Cli("check " + m + " " + P("d.csv") + Trust());
  EXPECT_EQ(r.rc, kExitCheckFailed) << r.err << r.out;
  EXPECT_NE(r.out.find("FAIL"), std::string::npos);
  // Within 5 sigmas it passes.
  EXPECT_EQ(Cli("check --sigmas 5 " + m + " " + P("d.csv") + Trust()).rc,
            kExitOk);
  // The label in the first column instead, by index.
  std::string first;
  for (const std::string& line : Lines(ReadText(P("d.csv")))) {
    size_t comma = line.rfind(',');
    first += line.substr(comma + 1) + "," + line.substr(0, comma) + "\n";
  }
  WriteText(P("first.csv"), first);
  EXPECT_EQ(
      Cli("check --target-column 0 " + m + " " + P("first.csv") + Trust()).rc,
      kExitCheckFailed);
}

TEST_F(ModelCommandsTest, CheckRegressionWithSeparateNpyTarget) {
  Model model = testing::MakeLinearRegression();
  model.metadata.cv_scores = {{"r2", 0.91, 0.02, 5},
                              {"neg_mean_squared_error", -0.25, 0.01, 5}};
  std::string m = WriteModel("reg", model);
  std::vector<double> x = MakeX(30, 3);
  auto predictor = MakePredictor(model);
  PredictOutput out;
  ASSERT_TRUE(
      predictor->Predict({x.data(), DType::kFloat64, 30, 3}, &out).ok());
  std::vector<double> y;
  for (size_t i = 0; i < 30; ++i) {
    y.push_back(out.values.data[i] + (i % 2 ? 0.5 : -0.5));
  }
  auto xn = FormatNpyFloat64(x, 30, 3);
  auto yn = FormatNpyFloat64(y, 30, 1);
  ASSERT_TRUE(xn.ok() && yn.ok());
  WriteText(P("x.npy"),
            std::string(reinterpret_cast<const char*>(xn->data()), xn->size()));
  WriteText(P("y.npy"),
            std::string(reinterpret_cast<const char*>(yn->data()), yn->size()));
  CliRun r = Cli("check --scorer neg_mean_squared_error --y " + P("y.npy") +
                 " " + m + " " + P("x.npy") + Trust());
  ASSERT_EQ(r.rc, kExitOk) << r.err << r.out;
  EXPECT_NE(r.out.find("scorer:   neg_mean_squared_error"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("PASS"), std::string::npos) << r.out;
  // A scorer the model did not record.
  r = Cli("check --scorer accuracy --y " + P("y.npy") + " " + m + " " +
          P("x.npy") + Trust());
  EXPECT_EQ(r.rc, kExitInput);
  EXPECT_NE(r.err.find("NoRecordedScore"), std::string::npos) << r.err;
  // Target and data lengths differ.
  auto short_y = FormatNpyFloat64(std::vector<double>(29, 1.0), 29, 1);
  WriteText(P("short.npy"),
            std::string(reinterpret_cast<const char*>(short_y->data()),
                        short_y->size()));
  r = Cli("check --y " + P("short.npy") + " " + m + " " + P("x.npy") + Trust());
  EXPECT_EQ(r.rc, kExitInput);
  EXPECT_NE(r.err.find("TargetLength"), std::string::npos) << r.err;
}

TEST_F(ModelCommandsTest, CheckStringLabelsByColumnName) {
  Model model = testing::MakeLogisticMulticlassStrings();
  model.metadata.cv_scores = {{"balanced_accuracy", 1.0, 0.0, 3}};
  std::string m = WriteModel("species", model);
  std::vector<double> x = MakeX(15, 4);
  auto predictor = MakePredictor(model);
  PredictOutput out;
  ASSERT_TRUE(
      predictor->Predict({x.data(), DType::kFloat64, 15, 4}, &out).ok());
  // The label column in the middle, named in the header.
  std::string csv = "f0,f1,species,f2,f3\n";
  for (size_t r = 0; r < 15; ++r) {
    csv += FormatDouble(x[r * 4]) + "," + FormatDouble(x[r * 4 + 1]) + "," +
           model.output.classes[0].str_labels[out.classes.data[r]] + "," +
           FormatDouble(x[r * 4 + 2]) + "," + FormatDouble(x[r * 4 + 3]) + "\n";
  }
  WriteText(P("s.csv"), csv);
  CliRun r = Cli("check --header --target-column species " + m + " " +
                 P("s.csv") + Trust());
  ASSERT_EQ(r.rc, kExitOk) << r.err << r.out;
  EXPECT_NE(r.out.find("score:    1 (15 rows)"), std::string::npos) << r.out;
  // Without --header a column name cannot be found.
  EXPECT_EQ(
      Cli("check --target-column species " + m + " " + P("s.csv") + Trust()).rc,
      kExitInput);
}

TEST_F(ModelCommandsTest, CheckErrors) {
  Model model = testing::MakeLogisticBinary();  // no cv_scores
  std::string m = WriteModel("none", model);
  WriteText(P("d.csv"), "1,2,3,4,0\n");
  CliRun r = Cli("check " + m + " " + P("d.csv") + Trust());
  EXPECT_EQ(r.rc, kExitInput);
  EXPECT_NE(r.err.find("NoRecordedScore"), std::string::npos) << r.err;
  model.metadata.cv_scores = {{"neg_log_loss", 0.9, 0.01, 5}};
  m = WriteModel("logloss", model);
  r = Cli("check " + m + " " + P("d.csv") + Trust());
  EXPECT_EQ(r.rc, kExitInput);
  EXPECT_NE(r.err.find("ScorerUnknown"), std::string::npos) << r.err;
  EXPECT_EQ(Cli("check --sigmas -1 " + m + " " + P("d.csv") + Trust()).rc,
            kExitUsage);
}

// ---- typed CSV (models with input columns)
// -----------------------------------

// A class label as the CLI writes it.
std::string ClassText(const ClassLabels& classes, int64_t index) {
  if (classes.int_labels.present()) {
    return std::to_string(classes.int_labels.span<int64_t>()[index]);
  }
  return classes.str_labels[index];
}

// city (string, nullable), age (float, nullable), income (float), member
// (boolean), in another order than the model's, with quoting, line ends in
// CRLF and missing values.
const char kTypedCsv[] =
    "member,income,\"city\",age\r\n"
    "true,52000,oslo,31\r\n"
    "0,48000.5,\"paris\",\n"
    "False,61000,,45\n"
    "1,39000,\"rome\",NA\n"
    "True,70000,\"oslo\",22\n";

TEST_F(ModelCommandsTest, TypedCsvPredictMatchesTheTablePredictor) {
  Model model = testing::MakeColumnTransformerPipeline();
  std::string m = WriteModel("typed", model);
  WriteText(P("t.csv"), kTypedCsv);
  auto predictor = MakePredictor(model);
  CsvOptions o;
  auto table = ParseTypedCsv(kTypedCsv, predictor->input_columns(), o);
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  std::vector<Matrix<double>> proba;
  ASSERT_TRUE(predictor->PredictProba(table->View(0, 5), &proba).ok());
  PredictOutput out;
  ASSERT_TRUE(predictor->Predict(table->View(0, 5), &out).ok());

  CliRun r = Cli("predict " + m + " " + P("t.csv") + Trust());
  ASSERT_EQ(r.rc, kExitOk) << r.err;
  std::vector<std::string> lines = Lines(r.out);
  ASSERT_EQ(lines.size(), 5u);
  for (size_t i = 0; i < 5; ++i) {
    EXPECT_EQ(lines[i],
              ClassText(model.output.classes[0], out.classes.at(i, 0)))
        << i;
  }
  r = Cli("predict --proba " + m + " " + P("t.csv") + Trust());
  ASSERT_EQ(r.rc, kExitOk) << r.err;
  lines = Lines(r.out);
  ASSERT_EQ(lines.size(), 6u);  // the header of class labels first
  for (size_t i = 0; i < 5; ++i) {
    EXPECT_EQ(lines[i + 1], FormatDouble(proba[0].at(i, 0)) + "," +
                                FormatDouble(proba[0].at(i, 1)))
        << i;
  }
}

TEST_F(ModelCommandsTest, TypedCsvErrorsNameLineAndColumn) {
  Model model = testing::MakeColumnTransformerPipeline();
  std::string m = WriteModel("typed", model);
  // income is not nullable: the empty field on line 3, column 2.
  WriteText(P("t.csv"),
            "member,income,city,age\ntrue,1,oslo,3\nfalse,,rome,4\n");
  CliRun r = Cli("predict " + m + " " + P("t.csv") + Trust());
  EXPECT_EQ(r.rc, kExitInput);
  EXPECT_NE(r.err.find("t.csv:3:2"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("E913"), std::string::npos) << r.err;
  // A column of the model missing from the header.
  WriteText(P("t.csv"), "member,income,age\ntrue,1,3\n");
  r = Cli("predict " + m + " " + P("t.csv") + Trust());
  EXPECT_EQ(r.rc, kExitInput);
  EXPECT_NE(r.err.find("E1013"), std::string::npos) << r.err;
  // Not a boolean.
  WriteText(P("t.csv"), "member,income,city,age\nyes,1,oslo,3\n");
  r = Cli("predict " + m + " " + P("t.csv") + Trust());
  EXPECT_EQ(r.rc, kExitInput);
  EXPECT_NE(r.err.find("t.csv:2:1"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("E1016"), std::string::npos) << r.err;
}

TEST_F(ModelCommandsTest, TypedCsvCheck) {
  Model model = testing::MakeColumnTransformerPipeline();
  model.metadata.cv_scores = {{"accuracy", 1.0, 0.0, 3}};
  std::string m = WriteModel("typed", model);
  auto predictor = MakePredictor(model);
  CsvOptions o;
  auto table = ParseTypedCsv(kTypedCsv, predictor->input_columns(), o);
  ASSERT_TRUE(table.ok());
  PredictOutput out;
  ASSERT_TRUE(predictor->Predict(table->View(0, 5), &out).ok());
  // The target column "y" first; the predicted labels: accuracy 1.
  std::string text = "y," + Lines(kTypedCsv)[0] + "\n";
  for (size_t i = 0; i < 5; ++i) {
    text += CsvField(ClassText(model.output.classes[0], out.classes.at(i, 0))) +
            "," + Lines(kTypedCsv)[i + 1] + "\n";
  }
  WriteText(P("d.csv"), text);
  CliRun r = Cli("check --target-column y " + m + " " + P("d.csv") + Trust());
  ASSERT_EQ(r.rc, kExitOk) << r.err << r.out;
  EXPECT_NE(r.out.find("score:    1 (5 rows)"), std::string::npos) << r.out;
  // One label flipped: 0.8, outside 1 +/- 0.
  const std::string flipped =
      ClassText(model.output.classes[0], 1 - out.classes.at(0, 0));
  size_t comma = text.find(',', text.find('\n') + 1);
  text = text.substr(0, text.find('\n') + 1) + CsvField(flipped) +
         text.substr(comma);
  WriteText(P("d.csv"), text);
  r = Cli("check --target-column y " + m + " " + P("d.csv") + Trust());
  EXPECT_EQ(r.rc, kExitCheckFailed) << r.err << r.out;
  EXPECT_NE(r.out.find("score:    0.8 (5 rows)"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace modelseal::cli
