// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Writes the seed corpora of the fuzz targets at build time:
//   fuzz_make_seeds OUT_DIR
// creates OUT_DIR/<target>/<seed> for every target: every example model
// (tests/testing) as a .seal file (format, end_to_end), as a helper reply
// against its file (model_reply), reply frames (sandbox_reply), keys,
// signatures and statements made with the signing API under the fixture key
// of fuzz_signing_keys.h (public_key, secret_key, signature, statement,
// trust_policy), CSV and .npy inputs (csv, npy) and Arrow record batches
// (arrow). Files are written
// atomically.
// Exit status 0 on success, 1 on any error (printed).
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <span>
#include <string>
#include <system_error>
#include <vector>

#include "cli/input/npy.h"
#include "core/file_util.h"
#include "core/little_endian.h"
#include "format/model_reply.h"
#include "fuzz/fuzz_signing_keys.h"
#include "fuzz/fuzz_util.h"
#include "modelseal/format.h"
#include "modelseal/signing.h"
#include "sandbox/reply.h"
#include "tests/testing/example_models.h"

namespace {

using modelseal::Status;

class SeedWriter {
 public:
  explicit SeedWriter(std::filesystem::path root) : root_(std::move(root)) {}

  Status Write(const std::string& target, const std::string& name,
               std::span<const std::byte> bytes) {
    const std::filesystem::path dir = root_ / target;
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) {
      return Status(modelseal::ErrorCode::kIoWrite, dir.string(), ec.message());
    }
    ++count_;
    return modelseal::WriteFileAtomic((dir / name).string(), bytes);
  }
  Status Write(const std::string& target, const std::string& name,
               std::string_view text) {
    return Write(
        target, name,
        std::span<const std::byte>(
            reinterpret_cast<const std::byte*>(text.data()), text.size()));
  }
  int count() const { return count_; }

 private:
  std::filesystem::path root_;
  int count_ = 0;
};

Status WriteModelSeeds(SeedWriter& out) {
  for (const auto& [name, model] : modelseal::testing::AllExampleModels()) {
    MODELSEAL_ASSIGN_OR_RETURN(std::vector<std::byte> bytes,
                               modelseal::SerializeModel(model));
    MODELSEAL_RETURN_IF_ERROR(out.Write("format", name + ".seal", bytes));
    MODELSEAL_RETURN_IF_ERROR(out.Write("end_to_end", name + ".seal", bytes));
    // The reply the helper would send for this file, in the model_reply
    // target's layout: u32 payload length, payload, file bytes.
    modelseal::fuzz::AlignedBytes file = modelseal::fuzz::CopyAligned(
        reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
    MODELSEAL_ASSIGN_OR_RETURN(modelseal::Model parsed,
                               modelseal::ParseModel(file.bytes, file.owner));
    MODELSEAL_ASSIGN_OR_RETURN(std::vector<std::byte> payload,
                               modelseal::EncodeModelReply(parsed, file.bytes));
    std::vector<std::byte> seed(4);
    modelseal::StoreLe32(std::span(seed).first<4>(),
                         static_cast<uint32_t>(payload.size()));
    seed.insert(seed.end(), payload.begin(), payload.end());
    seed.insert(seed.end(), bytes.begin(), bytes.end());
    MODELSEAL_RETURN_IF_ERROR(out.Write("model_reply", name, seed));
    // A helper reply frame carrying this file as the payload.
    MODELSEAL_RETURN_IF_ERROR(
        out.Write("sandbox_reply", name,
                  modelseal::sandbox::EncodeReply(Status::Ok(), bytes)));
  }
  MODELSEAL_RETURN_IF_ERROR(
      out.Write("sandbox_reply", "error",
                modelseal::sandbox::EncodeReply(
                    Status(modelseal::ErrorCode::kTensorMisaligned,
                           "estimator.coef", "offset 65"),
                    {})));
  return Status::Ok();
}

Status WriteSigningSeeds(SeedWriter& out) {
  namespace sg = modelseal::signing;
  const modelseal::fuzz::SigningFixture& fx =
      modelseal::fuzz::GetSigningFixture();

  MODELSEAL_RETURN_IF_ERROR(
      out.Write("public_key", "file", sg::FormatPublicKeyFile(fx.public_key)));
  MODELSEAL_RETURN_IF_ERROR(
      out.Write("public_key", "base64", sg::PublicKeyBase64(fx.public_key)));

  MODELSEAL_ASSIGN_OR_RETURN(sg::SecureBuffer plain,
                             sg::FormatSecretKeyFile(fx.secret_key, nullptr));
  MODELSEAL_RETURN_IF_ERROR(
      out.Write("secret_key", "unencrypted", plain.view()));
  MODELSEAL_ASSIGN_OR_RETURN(sg::SecureBuffer pass,
                             sg::PassphraseFromBytes("fuzz passphrase"));
  MODELSEAL_ASSIGN_OR_RETURN(
      sg::SecureBuffer encrypted,
      sg::FormatSecretKeyFile(fx.secret_key, &pass, sg::kKdfInteractive));
  MODELSEAL_RETURN_IF_ERROR(
      out.Write("secret_key", "encrypted", encrypted.view()));

  MODELSEAL_RETURN_IF_ERROR(
      out.Write("trust_policy", "fixture",
                modelseal::fuzz::FixturePolicyText(fx.public_key)));

  struct Variant {
    const char* name;
    sg::SignedStatement statement;
  };
  const std::string model(modelseal::fuzz::kFixtureModelName);
  const Variant variants[] = {
      {"valid", {model, 3, fx.file_size, 1700000000, std::nullopt}},
      {"expires", {model, 3, fx.file_size, 1700000000, 1900000000}},
      {"expired", {model, 1, fx.file_size, 1700000000, 1750000000}},
      {"size_mismatch", {model, 2, fx.file_size + 1, 1700000000, {}}},
      {"rollback", {model, 1, fx.file_size, 1700000000, {}}},
      {"other_name", {"other-model", 0, fx.file_size, 0, {}}},
  };
  for (const Variant& v : variants) {
    MODELSEAL_ASSIGN_OR_RETURN(std::string statement,
                               sg::FormatStatement(v.statement));
    MODELSEAL_RETURN_IF_ERROR(out.Write("statement", v.name, statement));
    MODELSEAL_ASSIGN_OR_RETURN(
        sg::SignatureFile sig,
        sg::SignPrehashed(fx.secret_key, fx.hash, statement,
                          "signature from modelseal secret key"));
    MODELSEAL_RETURN_IF_ERROR(
        out.Write("signature", v.name, sg::FormatSignatureFile(sig)));
  }
  return Status::Ok();
}

// The csv and npy targets read one options byte before the file.
Status WriteInputSeeds(SeedWriter& out) {
  struct Text {
    const char* name;
    char flags;
    const char* text;
  };
  const Text csv[] = {
      {"plain", 0, "1,2,3\n4.5,-6e-3,inf\n"},
      {"header_label_last", 1 | 2, "a,b,label\n1,2,cat\n3,,dog\r\n"},
      {"label_name_small", 1 | 6 | 8, "x,label\n\"1.5\",\"y\"\n nan ,z"},
      {"label_index", 4, "0.5,lab,2\n1,lab2,3\n"},
      // The typed parser (bit 4): the named model, then the unnamed one.
      {"typed_named", 16,
       "n,ok,size,city\n1,true,2.5,\"a,\"\"b\"\"\n\"\n,NA,3,\n"},
      {"typed_unnamed_label", 16 | 32 | 1 | 2,
       "s,x,y\n\"\",1,spam\nNA,,eggs\n"},
  };
  for (const Text& t : csv) {
    MODELSEAL_RETURN_IF_ERROR(
        out.Write("csv", t.name, std::string(1, t.flags) + t.text));
  }
  const std::vector<double> values = {0.0, -1.5, 3.25, 1e300, -0.0, 7.0};
  MODELSEAL_ASSIGN_OR_RETURN(std::vector<std::byte> npy,
                             modelseal::cli::FormatNpyFloat64(values, 2, 3));
  for (const uint8_t flags : {0, 1, 2}) {
    std::vector<std::byte> seed(1, static_cast<std::byte>(flags));
    seed.insert(seed.end(), npy.begin(), npy.end());
    MODELSEAL_RETURN_IF_ERROR(
        out.Write("npy", "f8_2x3_flags" + std::to_string(flags), seed));
  }
  return Status::Ok();
}

// Record batches in fuzz_arrow.cc's byte layout: a float64 column, a
// string column and a dictionary-encoded one, directly (mode 0), through
// a stream (mode 1) and through a failing stream (mode 3).
Status WriteArrowSeeds(SeedWriter& out) {
  std::vector<uint8_t> g = {0, 0, 4, 0, 0, 0, 1};  // "g", 4 rows
  for (double v : {1.5, -2.0, 3.0, 4.0}) {
    uint8_t b[8];
    std::memcpy(b, &v, 8);
    g.insert(g.end(), b, b + 8);
  }
  g.push_back(0);  // no dictionary
  // "u": offsets 0,1,3,3,6 over "abbccc".
  std::vector<uint8_t> u = {5, 0, 4, 0, 0, 0, 1, 0, 0, 1, 2, 0, 3};
  for (char c : std::string("abbccc")) u.push_back(static_cast<uint8_t>(c));
  u.push_back(0);
  // "c" indices 0,1,0,1 into the dictionary {"red", "blue"}.
  std::vector<uint8_t> d = {7,   0, 4, 0, 0, 0, 1, 0, 1, 0, 1,
                            192, 2, 0, 0, 0, 1, 0, 0, 3, 4};
  for (char c : std::string("redblue")) d.push_back(static_cast<uint8_t>(c));
  for (uint8_t mode : {0, 1, 3}) {
    std::vector<uint8_t> seed = {mode, 3};
    for (const auto* col : {&g, &u, &d}) {
      seed.insert(seed.end(), col->begin(), col->end());
    }
    seed.insert(seed.end(), {4, 0, 255, 255, 255, 255, 255, 255, 255, 255, 0});
    MODELSEAL_RETURN_IF_ERROR(
        out.Write("arrow", "three_columns_mode" + std::to_string(mode),
                  std::as_bytes(std::span<const uint8_t>(seed))));
  }
  return Status::Ok();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s OUT_DIR\n", argv[0]);
    return 1;
  }
  SeedWriter out{std::filesystem::path(argv[1])};
  Status status = WriteModelSeeds(out);
  if (status.ok()) status = WriteSigningSeeds(out);
  if (status.ok()) status = WriteInputSeeds(out);
  if (status.ok()) status = WriteArrowSeeds(out);
  if (!status.ok()) {
    std::fprintf(stderr, "make_seeds: %s\n", status.ToString().c_str());
    return 1;
  }
  std::printf("make_seeds: %d seeds in %s\n", out.count(), argv[1]);
  return 0;
}
