// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// The whole load path with the real sandbox helper: sign -> load -> model.
#include "modelseal/loader.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <string>
#include <vector>

#include "core/file_util.h"
#include "modelseal/format.h"
#include "modelseal/predictor.h"
#include "tests/testing/example_models.h"

namespace modelseal {
namespace {

namespace fs = std::filesystem;
using signing::SecretKey;
using signing::SignedStatement;

class LoaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char templ[] = "/tmp/modelseal-loader-XXXXXX";
    ASSERT_NE(::mkdtemp(templ), nullptr);
    dir_ = templ;
    auto key = SecretKey::Generate();
    ASSERT_TRUE(key.ok()) << key.status().ToString();
    key_.emplace(std::move(*key));
    auto policy = signing::TrustPolicy::FromPublicKeys({key_->public_key()});
    ASSERT_TRUE(policy.ok()) << policy.status().ToString();
    options_.policy = *policy;
    options_.sandbox.helper_path = MODELSEAL_TEST_SANDBOX_HELPER;
    model_ = testing::MakePipelineScalerLogistic();
    auto bytes = SerializeModel(model_);
    ASSERT_TRUE(bytes.ok()) << bytes.status().ToString();
    bytes_ = *bytes;
  }
  void TearDown() override { fs::remove_all(dir_); }

  // A detached signature over `bytes` for `name`/`version`.
  std::string Sign(const std::vector<std::byte>& bytes, const std::string& name,
                   uint64_t version, std::optional<int64_t> expires = {},
                   int64_t created = std::time(nullptr)) {
    signing::Blake2b512 h;
    h.Update(std::span<const std::byte>(bytes));
    auto hash = h.Final();
    EXPECT_TRUE(hash.ok()) << hash.status().ToString();
    SignedStatement st;
    st.name = name;
    st.version = version;
    st.size = bytes.size();
    st.created = created;
    st.expires = expires;
    auto text = signing::FormatStatement(st);
    EXPECT_TRUE(text.ok()) << text.status().ToString();
    auto sig = signing::SignPrehashed(*key_, *hash, *text, "test signature");
    EXPECT_TRUE(sig.ok()) << sig.status().ToString();
    return signing::FormatSignatureFile(*sig);
  }
  std::string SignModel() {
    return Sign(bytes_, model_.metadata.name, model_.metadata.version);
  }
  std::string WriteFiles(const std::string& sig) {
    std::string path = dir_ + "/model.seal";
    EXPECT_TRUE(WriteFileAtomic(path, std::span<const std::byte>(bytes_)).ok());
    EXPECT_TRUE(WriteFileAtomic(path + ".minisig", sig).ok());
    return path;
  }

  std::string dir_;
  std::optional<SecretKey> key_;
  LoadOptions options_;
  Model model_;
  std::vector<std::byte> bytes_;
};

TEST_F(LoaderTest, SignedFileLoadsThroughTheSandbox) {
  std::string path = WriteFiles(SignModel());
  auto loaded = LoadModelFile(path, options_);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_TRUE(loaded->model == model_);
  ASSERT_TRUE(loaded->signature.has_value());
  EXPECT_EQ(loaded->signature->statement.name, model_.metadata.name);
  EXPECT_EQ(loaded->file_size, bytes_.size());
  auto predictor = Predictor::Create(loaded->model);
  ASSERT_TRUE(predictor.ok()) << predictor.status().ToString();
}

TEST_F(LoaderTest, EveryExampleModelLoadsFromBytes) {
  for (auto& [name, model] : testing::AllExampleModels()) {
    SCOPED_TRACE(name);
    auto bytes = SerializeModel(model);
    ASSERT_TRUE(bytes.ok());
    auto loaded = LoadModelBytes(
        *bytes, Sign(*bytes, model.metadata.name, model.metadata.version),
        options_);
    ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
    EXPECT_TRUE(loaded->model == model);
  }
}

bool HasStringColumn(const Model& m) {
  for (const InputColumn& c : m.input.columns) {
    if (c.type == ColumnType::kString) return true;
  }
  return false;
}

// A column table over the model's input columns: column j holds x[r * n +
// j] for each row r, as a number, or as its decimal text for a string
// column.
struct TableInput {
  TableInput(const Model& m, const std::vector<double>& x, size_t rows) {
    const size_t n = m.input.n_features;
    numbers.resize(n);
    offsets.resize(n);
    bytes.resize(n);
    view.rows = rows;
    for (size_t j = 0; j < n; ++j) {
      ColumnView c;
      if (j < m.input.feature_names.size()) c.name = m.input.feature_names[j];
      if (m.input.columns[j].type == ColumnType::kString) {
        offsets[j].push_back(0);
        for (size_t r = 0; r < rows; ++r) {
          bytes[j] += std::to_string(static_cast<int>(x[r * n + j]));
          offsets[j].push_back(static_cast<int32_t>(bytes[j].size()));
        }
        c.type = ArrayType::kString;
        c.values = offsets[j].data();
        c.data = bytes[j].data();
        c.data_size = bytes[j].size();
      } else {
        for (size_t r = 0; r < rows; ++r) numbers[j].push_back(x[r * n + j]);
        c.type = ArrayType::kFloat64;
        c.values = numbers[j].data();
      }
      view.columns.push_back(c);
    }
  }
  std::vector<std::vector<double>> numbers;
  std::vector<std::vector<int32_t>> offsets;
  std::vector<std::string> bytes;
  TableView view;
};

// build_predictor: the predictor built alongside the host's validation
// predicts what one built afterwards does; without the option there is none.
TEST_F(LoaderTest, BuildPredictorMatchesCreateAfterwards) {
  for (auto& [name, model] : testing::AllExampleModels()) {
    SCOPED_TRACE(name);
    auto bytes = SerializeModel(model);
    ASSERT_TRUE(bytes.ok());
    const std::string sig =
        Sign(*bytes, model.metadata.name, model.metadata.version);
    auto plain = LoadModelBytes(*bytes, sig, options_);
    ASSERT_TRUE(plain.ok()) << plain.status().ToString();
    EXPECT_EQ(plain->predictor, nullptr);
    LoadOptions with = options_;
    with.build_predictor = true;
    auto loaded = LoadModelBytes(*bytes, sig, with);
    ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
    ASSERT_NE(loaded->predictor, nullptr);
    EXPECT_TRUE(loaded->predictor->model() == model);
    EXPECT_GT(loaded->timings.predictor_ms, 0.0);
    auto reference = Predictor::Create(plain->model);
    ASSERT_TRUE(reference.ok()) << reference.status().ToString();
    // Rows of small non-negative integers (valid input for every example,
    // categorical columns included).
    const uint64_t cols = model.input.n_features;
    std::vector<double> x(5 * cols);
    for (size_t i = 0; i < x.size(); ++i) x[i] = static_cast<double>(i % 3);
    const MatrixView view{x.data(), DType::kFloat64, 5, cols};
    if (HasStringColumn(model)) {
      // A table: numbers as above, strings "0", "1", "2" (unknown to most
      // encoders): both predictors give the same outputs or the same error.
      TableInput t(model, x, 5);
      if (model.output.task == Task::kTransform) {
        Matrix<double> got, want;
        Status a = loaded->predictor->Transform(t.view, &got);
        Status b = (*reference)->Transform(t.view, &want);
        EXPECT_EQ(a.ToString(), b.ToString());
        EXPECT_EQ(got.data.size(), want.data.size());
        if (got.data.size() == want.data.size() && !got.data.empty()) {
          EXPECT_EQ(std::memcmp(got.data.data(), want.data.data(),
                                got.data.size() * sizeof(double)),
                    0);
        }
      } else {
        PredictOutput got, want;
        Status a = loaded->predictor->Predict(t.view, &got);
        Status b = (*reference)->Predict(t.view, &want);
        EXPECT_EQ(a.ToString(), b.ToString());
        EXPECT_EQ(got.classes.data, want.classes.data);
        EXPECT_EQ(got.values.data, want.values.data);
      }
      continue;
    }
    if (model.output.task == Task::kTransform) {
      Matrix<double> got, want;
      ASSERT_TRUE(loaded->predictor->Transform(view, &got).ok());
      ASSERT_TRUE((*reference)->Transform(view, &want).ok());
      // Bit for bit (an encoder's unknown category is nan).
      ASSERT_EQ(got.data.size(), want.data.size());
      EXPECT_EQ(std::memcmp(got.data.data(), want.data.data(),
                            got.data.size() * sizeof(double)),
                0);
      continue;
    }
    PredictOutput got, want;
    Status s = loaded->predictor->Predict(view, &got);
    ASSERT_TRUE(s.ok()) << s.ToString();
    ASSERT_TRUE((*reference)->Predict(view, &want).ok());
    EXPECT_EQ(got.classes.data, want.classes.data);
    EXPECT_EQ(got.values.data, want.values.data);
  }
}

TEST_F(LoaderTest, UnsignedNeedsTheExplicitFlag) {
  LoadOptions unsigned_options;
  unsigned_options.sandbox = options_.sandbox;
  auto refused = LoadModelBytes(bytes_, "", unsigned_options);
  EXPECT_EQ(refused.status().code(), ErrorCode::kUnsignedNotAllowed);
  unsigned_options.insecure_allow_unsigned = true;
  auto loaded = LoadModelBytes(bytes_, "", unsigned_options);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_FALSE(loaded->signature.has_value());
}

TEST_F(LoaderTest, MissingSignatureFile) {
  std::string path = WriteFiles(SignModel());
  fs::remove(path + ".minisig");
  EXPECT_EQ(LoadModelFile(path, options_).status().code(),
            ErrorCode::kSignatureFileMissing);
}

TEST_F(LoaderTest, FlippedBitFailsBeforeParsing) {
  std::string sig = SignModel();
  bytes_[bytes_.size() / 2] ^= std::byte{1};
  auto r = LoadModelBytes(bytes_, sig, options_);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().category(), ErrorCategory::kSignature);
}

TEST_F(LoaderTest, SignedButInvalidModelReportsTheHelpersReason) {
  // Corrupt the magic, then sign: the signature is fine, the sandboxed
  // parser must reject the file and the host must report its exact rule.
  bytes_[1] = std::byte{'X'};
  auto r = LoadModelBytes(bytes_, SignModel(), options_);
  EXPECT_EQ(r.status().code(), ErrorCode::kBadMagic) << r.status().ToString();
}

TEST_F(LoaderTest, StatementMustMatchTheModelMetadata) {
  auto r = LoadModelBytes(bytes_, Sign(bytes_, "other-name", 1), options_);
  EXPECT_EQ(r.status().code(), ErrorCode::kStatementMismatch)
      << r.status().ToString();
  auto v = LoadModelBytes(
      bytes_, Sign(bytes_, model_.metadata.name, model_.metadata.version + 1),
      options_);
  EXPECT_EQ(v.status().code(), ErrorCode::kStatementMismatch);
}

TEST_F(LoaderTest, ExpiredStatementRejected) {
  auto r =
      LoadModelBytes(bytes_,
                     Sign(bytes_, model_.metadata.name, model_.metadata.version,
                          std::time(nullptr) - 10, std::time(nullptr) - 100),
                     options_);
  EXPECT_EQ(r.status().category(), ErrorCategory::kStatement)
      << r.status().ToString();
}

TEST_F(LoaderTest, SymlinkRefused) {
  std::string path = WriteFiles(SignModel());
  std::string link = dir_ + "/link.seal";
  ASSERT_EQ(::symlink(path.c_str(), link.c_str()), 0);
  options_.signature_path = path + ".minisig";
  EXPECT_EQ(LoadModelFile(link, options_).status().code(),
            ErrorCode::kIoNotRegularFile);
}

// Kills the test binary (SIGALRM's default action) if a load that used to
// hang still does, so the suite fails instead of hanging.
class HangGuard {
 public:
  HangGuard() { ::alarm(120); }
  ~HangGuard() { ::alarm(0); }
};

TEST_F(LoaderTest, FifoAtModelOrSignaturePathRefusedWithoutBlocking) {
  HangGuard guard;
  std::string path = WriteFiles(SignModel());
  std::string fifo = dir_ + "/fifo.seal";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  LoadOptions unsigned_options;
  unsigned_options.sandbox = options_.sandbox;
  unsigned_options.insecure_allow_unsigned = true;
  auto r = LoadModelFile(fifo, unsigned_options);
  EXPECT_EQ(r.status().code(), ErrorCode::kIoNotRegularFile);
  EXPECT_EQ(r.status().context(), fifo);
  options_.signature_path = path + ".minisig";
  EXPECT_EQ(LoadModelFile(fifo, options_).status().code(),
            ErrorCode::kIoNotRegularFile);
  options_.signature_path = fifo;
  EXPECT_EQ(LoadModelFile(path, options_).status().code(),
            ErrorCode::kIoNotRegularFile);
}

// A file whose size is not the signed size is refused from the verified
// statement before any byte is read: the code is the pre-read check's
// (after reading, the signature over the hash would fail first, E412), and
// the sparse 256 MiB file is never copied into memory.
TEST_F(LoaderTest, SizeOtherThanSignedRefusedBeforeReading) {
  std::string path = WriteFiles(SignModel());
  ASSERT_EQ(::truncate(path.c_str(), 256 << 20), 0);
  auto r = LoadModelFile(path, options_);
  EXPECT_EQ(r.status().code(), ErrorCode::kStatementSizeMismatch)
      << r.status().ToString();
  EXPECT_EQ(r.status().detail(), "signed " + std::to_string(bytes_.size()) +
                                     ", file has " + std::to_string(256 << 20));
  // One byte short; and the same for bytes in memory.
  ASSERT_EQ(::truncate(path.c_str(), static_cast<off_t>(bytes_.size() - 1)), 0);
  EXPECT_EQ(LoadModelFile(path, options_).status().code(),
            ErrorCode::kStatementSizeMismatch);
  std::string sig = SignModel();
  bytes_.pop_back();
  EXPECT_EQ(LoadModelBytes(bytes_, sig, options_).status().code(),
            ErrorCode::kStatementSizeMismatch);
}

// A forged statement (size edited to the file's) fails the global
// signature before reading, not after.
TEST_F(LoaderTest, ForgedSignedSizeRefusedBeforeReading) {
  std::string sig = SignModel();
  std::string path = WriteFiles(sig);
  ASSERT_EQ(::truncate(path.c_str(), 256 << 20), 0);
  const std::string from = "size=" + std::to_string(bytes_.size());
  const std::string to = "size=" + std::to_string(256 << 20);
  sig.replace(sig.find(from), from.size(), to);
  ASSERT_TRUE(WriteFileAtomic(path + ".minisig", sig).ok());
  EXPECT_EQ(LoadModelFile(path, options_).status().code(),
            ErrorCode::kSigTrustedCommentInvalid);
}

TEST_F(LoaderTest, UnsignedLoadHasALowerSizeLimit) {
  EXPECT_EQ(LoadOptions().max_unsigned_file_size, 256ull << 20);
  std::string path = WriteFiles(SignModel());
  LoadOptions o;
  o.sandbox = options_.sandbox;
  o.insecure_allow_unsigned = true;
  o.max_unsigned_file_size = bytes_.size() - 1;
  auto r = LoadModelFile(path, o);
  EXPECT_EQ(r.status().code(), ErrorCode::kUnsignedTooLarge);
  EXPECT_EQ(r.status().category(), ErrorCategory::kIo);
  EXPECT_EQ(r.status().context(), path);
  EXPECT_NE(
      r.status().detail().find("the limit of an unsigned load is " +
                               std::to_string(bytes_.size() - 1) +
                               " (raise it: CLI --max-unsigned-size BYTES"),
      std::string::npos)
      << r.status().detail();
  EXPECT_EQ(LoadModelBytes(bytes_, "", o).status().code(),
            ErrorCode::kUnsignedTooLarge);
  o.max_unsigned_file_size = bytes_.size();
  EXPECT_TRUE(LoadModelFile(path, o).ok());
  // The default refuses a (sparse) file one byte over 256 MiB unread.
  ASSERT_EQ(::truncate(path.c_str(), (256 << 20) + 1), 0);
  o.max_unsigned_file_size = LoadOptions().max_unsigned_file_size;
  EXPECT_EQ(LoadModelFile(path, o).status().code(),
            ErrorCode::kUnsignedTooLarge);
  // A signed load is bounded by its statement instead.
  options_.max_unsigned_file_size = 0;
  EXPECT_EQ(LoadModelFile(path, options_).status().code(),
            ErrorCode::kStatementSizeMismatch);
}

TEST_F(LoaderTest, MissingHelperIsATypedError) {
  options_.sandbox.helper_path = dir_ + "/no-such-helper";
  auto r = LoadModelBytes(bytes_, SignModel(), options_);
  EXPECT_EQ(r.status().category(), ErrorCategory::kSandbox)
      << r.status().ToString();
}

TEST_F(LoaderTest, ModelOutlivesTheLoaderObjects) {
  Model kept;
  {
    auto loaded = LoadModelBytes(bytes_, SignModel(), options_);
    ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
    kept = loaded->model;
  }
  // The tensors still point into the live sealed mapping.
  EXPECT_TRUE(kept == model_);
}

}  // namespace
}  // namespace modelseal
