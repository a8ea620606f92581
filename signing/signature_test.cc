// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Signature files, signing, and the attack tests of issue 3: each tampering
// is rejected with its specific error code.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <string>
#include <vector>

#include "modelseal/signing.h"
#include "signing/test_util.h"
#include "signing/text.h"

namespace modelseal::signing {
namespace {

constexpr int64_t kNow = 1800000000;

class SignatureTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto k = SecretKey::Generate();
    ASSERT_TRUE(k.ok());
    key_ = std::make_unique<SecretKey>(std::move(*k));
    data_.resize(4097);
    for (size_t i = 0; i < data_.size(); ++i) {
      data_[i] = static_cast<uint8_t>(i * 131 + 7);
    }
    auto p = TrustPolicy::FromPublicKeys({key_->public_key()});
    ASSERT_TRUE(p.ok());
    policy_ = std::move(*p);
  }

  static Hash HashOf(const std::vector<uint8_t>& d) {
    Blake2b512 h;
    h.Update(d);
    auto hash = h.Final();
    EXPECT_TRUE(hash.ok()) << hash.status().ToString();
    return hash.ok() ? *hash : Hash{};
  }

  std::string Statement(uint64_t size, std::string name = "iris",
                        uint64_t version = 5,
                        std::optional<int64_t> expires = std::nullopt) {
    SignedStatement st{std::move(name), version, size, kNow - 100, expires};
    auto t = FormatStatement(st);
    EXPECT_TRUE(t.ok());
    return *t;
  }

  std::string SignText(const std::string& trusted) {
    auto sig = SignPrehashed(*key_, HashOf(data_), trusted, "untrusted");
    EXPECT_TRUE(sig.ok()) << sig.status().ToString();
    return FormatSignatureFile(*sig);
  }

  std::string GoodSig() { return SignText(Statement(data_.size())); }

  Status Verify(const std::vector<uint8_t>& data, const std::string& sig,
                const TrustPolicy& policy) {
    return VerifyPrehashed(HashOf(data), data.size(), sig, policy, kNow)
        .status();
  }
  ErrorCode VerifyCode(const std::vector<uint8_t>& data,
                       const std::string& sig) {
    return Verify(data, sig, policy_).code();
  }
  ErrorCode VerifyCode(const std::string& sig) {
    return VerifyCode(data_, sig);
  }

  // Replaces line `n` (0-based) of a signature file.
  static std::string ReplaceLine(const std::string& sig, size_t n,
                                 const std::string& line) {
    std::vector<std::string> lines;
    size_t start = 0;
    for (size_t i = 0; i < sig.size(); ++i) {
      if (sig[i] == '\n') {
        lines.push_back(sig.substr(start, i - start));
        start = i + 1;
      }
    }
    lines[n] = line;
    std::string out;
    for (const auto& l : lines) out += l + "\n";
    return out;
  }
  static std::string Line(const std::string& sig, size_t n) {
    size_t start = 0;
    for (size_t k = 0; k < n; ++k) start = sig.find('\n', start) + 1;
    return sig.substr(start, sig.find('\n', start) - start);
  }
  // Edits the decoded 74-byte signature line.
  template <typename Edit>
  static std::string EditSigStruct(const std::string& sig, Edit edit) {
    uint8_t raw[74];
    EXPECT_TRUE(internal::Base64DecodeExact(Line(sig, 1), raw, 74, "t").ok());
    edit(raw);
    return ReplaceLine(sig, 1, internal::Base64Encode(raw, 74));
  }

  std::unique_ptr<SecretKey> key_;
  std::vector<uint8_t> data_;
  TrustPolicy policy_;
};

TEST_F(SignatureTest, GoodSignatureVerifies) {
  const std::string sig = GoodSig();
  auto v = VerifyPrehashed(HashOf(data_), data_.size(), sig, policy_, kNow);
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_EQ(v->statement.name, "iris");
  EXPECT_EQ(v->statement.version, 5u);
  EXPECT_EQ(v->statement.size, data_.size());
  EXPECT_EQ(v->key_name, "key1");
  EXPECT_EQ(v->key_id, key_->id());
  EXPECT_EQ(v->untrusted_comment, "untrusted");
  auto parsed = ParseSignatureFile(sig);
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(FormatSignatureFile(*parsed), sig);
}

TEST_F(SignatureTest, FlippedBitInFileFirstMiddleLast) {
  const std::string sig = GoodSig();
  for (size_t pos : {size_t{0}, data_.size() / 2, data_.size() - 1}) {
    auto d = data_;
    d[pos] ^= 0x01;
    EXPECT_EQ(VerifyCode(d, sig), ErrorCode::kSigInvalid) << pos;
  }
}

TEST_F(SignatureTest, TruncatedOrAppendedFile) {
  const std::string sig = GoodSig();
  auto shorter = data_;
  shorter.pop_back();
  EXPECT_EQ(VerifyCode(shorter, sig), ErrorCode::kSigInvalid);
  auto longer = data_;
  longer.push_back(0);
  EXPECT_EQ(VerifyCode(longer, sig), ErrorCode::kSigInvalid);
}

TEST_F(SignatureTest, FlippedBitsInRAndS) {
  const std::string sig = GoodSig();
  for (size_t byte : {size_t{0}, size_t{17}, size_t{31}, size_t{32}, size_t{50},
                      size_t{63}}) {
    const std::string bad =
        EditSigStruct(sig, [byte](uint8_t* r) { r[10 + byte] ^= 0x04; });
    EXPECT_EQ(VerifyCode(bad), ErrorCode::kSigInvalid) << byte;
  }
}

TEST_F(SignatureTest, RelabelledLegacyAndUnknownAlgorithm) {
  const std::string sig = GoodSig();
  EXPECT_EQ(VerifyCode(EditSigStruct(sig, [](uint8_t* r) { r[1] = 'd'; })),
            ErrorCode::kSigLegacyAlgorithm);
  EXPECT_EQ(VerifyCode(EditSigStruct(sig, [](uint8_t* r) { r[0] = 'X'; })),
            ErrorCode::kSigUnknownAlgorithm);
}

TEST_F(SignatureTest, WrongKeyWithSameKeyId) {
  auto other = SecretKey::Generate();
  ASSERT_TRUE(other.ok());
  PublicKey impostor = other->public_key();
  impostor.id = key_->id();
  auto policy = TrustPolicy::FromPublicKeys({impostor});
  ASSERT_TRUE(policy.ok());
  EXPECT_EQ(Verify(data_, GoodSig(), *policy).code(), ErrorCode::kSigInvalid);
}

TEST_F(SignatureTest, UnknownKeyIdIsRejectedWithoutTryingOtherKeys) {
  const std::string sig = GoodSig();
  // The signer's public key is trusted, but under another id: a signature
  // naming an unknown id must not be checked against it.
  PublicKey relabelled = key_->public_key();
  relabelled.id[0] ^= 0xff;
  auto policy = TrustPolicy::FromPublicKeys({relabelled});
  ASSERT_TRUE(policy.ok());
  const Status s = Verify(data_, sig, *policy);
  EXPECT_EQ(s.code(), ErrorCode::kUnknownKeyId);
  EXPECT_EQ(s.category(), ErrorCategory::kUntrustedKey);
  EXPECT_NE(s.detail().find(FormatKeyId(key_->id())), std::string::npos);
}

TEST_F(SignatureTest, EditedTrustedCommentRejectedUntrustedAccepted) {
  const std::string sig = GoodSig();
  std::string trusted = Line(sig, 2);
  trusted.replace(trusted.find("version=5"), 9, "version=9");
  EXPECT_EQ(VerifyCode(ReplaceLine(sig, 2, trusted)),
            ErrorCode::kSigTrustedCommentInvalid);
  EXPECT_EQ(VerifyCode(ReplaceLine(sig, 0, "untrusted comment: edited!")),
            ErrorCode::kOk);
  // A flipped bit in the global signature.
  std::string global = Line(sig, 3);
  global[5] = global[5] == 'A' ? 'B' : 'A';
  EXPECT_EQ(VerifyCode(ReplaceLine(sig, 3, global)),
            ErrorCode::kSigTrustedCommentInvalid);
}

TEST_F(SignatureTest, StatementEnforcement) {
  EXPECT_EQ(VerifyCode(SignText(Statement(data_.size() + 1))),
            ErrorCode::kStatementSizeMismatch);
  EXPECT_EQ(VerifyCode(
                SignText(Statement(data_.size(), "iris", 5, /*expires=*/kNow))),
            ErrorCode::kStatementExpired);
  EXPECT_EQ(VerifyCode(SignText(
                Statement(data_.size(), "iris", 5, /*expires=*/kNow + 1))),
            ErrorCode::kOk);
  EXPECT_EQ(VerifyCode(SignText("timestamp:1\tfile:x\thashed")),
            ErrorCode::kStatementMarker);

  TrustPolicy pinned = policy_;
  pinned.SetMinVersion("iris", 6);
  EXPECT_EQ(Verify(data_, GoodSig(), pinned).code(),
            ErrorCode::kStatementRollback);
  pinned.SetMinVersion("iris", 5);
  EXPECT_EQ(Verify(data_, GoodSig(), pinned).code(), ErrorCode::kOk);
  pinned.PinName("fraud");
  EXPECT_EQ(Verify(data_, GoodSig(), pinned).code(),
            ErrorCode::kStatementNameMismatch);
  pinned.PinName("iris");
  EXPECT_EQ(Verify(data_, GoodSig(), pinned).code(), ErrorCode::kOk);
}

TEST_F(SignatureTest, MalformedSignatureFiles) {
  const std::string sig = GoodSig();
  std::string l1 = Line(sig, 1);
  std::string bad_char = l1;
  bad_char[7] = '%';
  EXPECT_EQ(VerifyCode(ReplaceLine(sig, 1, bad_char)),
            ErrorCode::kBase64Character);
  EXPECT_EQ(VerifyCode(ReplaceLine(sig, 1, l1 + "=")),
            ErrorCode::kBase64Padding);
  EXPECT_EQ(VerifyCode(ReplaceLine(sig, 1, l1.substr(0, l1.size() - 1))),
            ErrorCode::kBase64Padding);
  EXPECT_EQ(VerifyCode(ReplaceLine(sig, 1, l1.substr(0, l1.size() - 4))),
            ErrorCode::kDecodedLength);
  std::string l3 = Line(sig, 3);
  EXPECT_EQ(VerifyCode(ReplaceLine(sig, 3, l3.substr(0, 84))),
            ErrorCode::kDecodedLength);

  std::string crlf = sig;
  crlf.insert(crlf.find('\n'), "\r");
  EXPECT_EQ(VerifyCode(crlf), ErrorCode::kSignTextBadByte);
  std::string nul = sig;
  nul[3] = '\0';
  EXPECT_EQ(VerifyCode(nul), ErrorCode::kSignTextBadByte);
  EXPECT_EQ(VerifyCode(ReplaceLine(
                sig, 0, "untrusted comment: " + std::string(1025, 'a'))),
            ErrorCode::kSignTextLineTooLong);
  EXPECT_EQ(VerifyCode(ReplaceLine(
                sig, 2, "trusted comment: " + std::string(8193, 'a'))),
            ErrorCode::kSignTextLineTooLong);
  EXPECT_EQ(VerifyCode(sig + std::string(kMaxSignatureFileBytes, '\n')),
            ErrorCode::kSignTextTooLarge);
  EXPECT_EQ(VerifyCode(sig + "\n"), ErrorCode::kSignTextLineCount);
  EXPECT_EQ(VerifyCode(sig.substr(0, sig.size() - 1)),
            ErrorCode::kSignTextLineCount);
  EXPECT_EQ(VerifyCode(ReplaceLine(sig, 0, "untrusted: x")),
            ErrorCode::kSignCommentPrefix);
  EXPECT_EQ(VerifyCode(ReplaceLine(sig, 2, "trusted comment:x")),
            ErrorCode::kSignCommentPrefix);
  EXPECT_EQ(VerifyCode(""), ErrorCode::kSignTextLineCount);
}

TEST_F(SignatureTest, VerifyWithKeyChecksKeyId) {
  auto parsed = ParseSignatureFile(GoodSig());
  ASSERT_TRUE(parsed.ok());
  PublicKey pk = key_->public_key();
  EXPECT_TRUE(VerifyWithKey(pk, HashOf(data_), *parsed).ok());
  pk.id[7] ^= 1;
  EXPECT_EQ(VerifyWithKey(pk, HashOf(data_), *parsed).code(),
            ErrorCode::kSigKeyIdMismatch);
}

TEST_F(SignatureTest, SignRejectsMultiLineComments) {
  EXPECT_EQ(SignPrehashed(*key_, HashOf(data_), "a\nb", "u").status().code(),
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(SignPrehashed(*key_, HashOf(data_), "a", "u\n").status().code(),
            ErrorCode::kInvalidArgument);
}

TEST_F(SignatureTest, SignFileAndVerifyFile) {
  testing::TempDir dir;
  testing::WriteText(dir / "m.seal", std::string(data_.begin(), data_.end()));
  SignOptions opt;
  opt.name = "iris";
  opt.version = 3;
  opt.created = 1700000000;
  auto sig = SignFile(dir / "m.seal", *key_, opt);
  ASSERT_TRUE(sig.ok()) << sig.status().ToString();
  testing::WriteText(DefaultSignaturePath(dir / "m.seal"),
                     FormatSignatureFile(*sig));
  EXPECT_EQ(DefaultSignaturePath(dir / "m.seal"), dir / "m.seal.minisig");
  auto v = VerifyFile(dir / "m.seal", dir / "m.seal.minisig", policy_);
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_EQ(v->statement.size, data_.size());
  EXPECT_EQ(v->statement.version, 3u);
  // Same size, other bytes: the signature over the hash fails.
  std::string changed(data_.begin(), data_.end());
  changed[7] ^= 1;
  testing::WriteText(dir / "m.seal", changed);
  EXPECT_EQ(VerifyFile(dir / "m.seal", dir / "m.seal.minisig", policy_)
                .status()
                .code(),
            ErrorCode::kSigInvalid);
  // Another size: refused from the signed size before the file is hashed.
  testing::WriteText(dir / "m.seal", "changed");
  EXPECT_EQ(VerifyFile(dir / "m.seal", dir / "m.seal.minisig", policy_)
                .status()
                .code(),
            ErrorCode::kStatementSizeMismatch);
  EXPECT_EQ(
      VerifyFile(dir / "m.seal", dir / "none.minisig", policy_).status().code(),
      ErrorCode::kIoOpen);
  opt.name = "bad name";
  EXPECT_EQ(SignFile(dir / "m.seal", *key_, opt).status().code(),
            ErrorCode::kInvalidArgument);
}

TEST_F(SignatureTest, PrecheckNeedsOnlyTheSignatureFile) {
  const std::string sig = GoodSig();
  auto st = PrecheckSignature(sig, policy_, data_.size());
  ASSERT_TRUE(st.ok()) << st.status().ToString();
  EXPECT_EQ(st->size, data_.size());
  EXPECT_EQ(st->name, "iris");
  EXPECT_EQ(PrecheckSignature(sig, policy_, data_.size() + 1).status().code(),
            ErrorCode::kStatementSizeMismatch);
  EXPECT_EQ(PrecheckSignature(sig, policy_, 1ull << 40).status().code(),
            ErrorCode::kStatementSizeMismatch);
  // The size is trusted only once the global signature verified it.
  const std::string forged = ReplaceLine(
      sig, 3, Line(sig, 3).substr(0, 10) + "AAAA" + Line(sig, 3).substr(14));
  EXPECT_EQ(PrecheckSignature(forged, policy_, data_.size()).status().code(),
            ErrorCode::kSigTrustedCommentInvalid);
  const std::string resized =
      ReplaceLine(sig, 2, "trusted comment: " + Statement(data_.size() + 1));
  EXPECT_EQ(
      PrecheckSignature(resized, policy_, data_.size() + 1).status().code(),
      ErrorCode::kSigTrustedCommentInvalid);
  auto other = SecretKey::Generate();
  ASSERT_TRUE(other.ok());
  auto other_policy = TrustPolicy::FromPublicKeys({other->public_key()});
  ASSERT_TRUE(other_policy.ok());
  EXPECT_EQ(PrecheckSignature(sig, *other_policy, data_.size()).status().code(),
            ErrorCode::kUnknownKeyId);
  EXPECT_EQ(PrecheckSignature("x\n", policy_, 1).status().code(),
            ErrorCode::kSignTextLineCount);
}

// Alarm-guarded: before OpenRegularFile a FIFO blocked open() forever.
TEST_F(SignatureTest, FileReadersRefuseFifosAndOversizedFiles) {
  ::alarm(120);
  testing::TempDir dir;
  const std::string fifo = dir / "fifo";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  for (SigningFile kind :
       {SigningFile::kSignature, SigningFile::kKey, SigningFile::kPolicy}) {
    EXPECT_EQ(ReadSigningFile(fifo, kind).status().code(),
              ErrorCode::kIoNotRegularFile);
  }
  EXPECT_EQ(TrustPolicy::Load(fifo).status().code(),
            ErrorCode::kIoNotRegularFile);
  EXPECT_EQ(HashFile(fifo).status().code(), ErrorCode::kIoNotRegularFile);
  testing::WriteText(dir / "m.seal", std::string(data_.begin(), data_.end()));
  testing::WriteText(dir / "m.seal.minisig", GoodSig());
  EXPECT_EQ(VerifyFile(fifo, dir / "m.seal.minisig", policy_).status().code(),
            ErrorCode::kIoNotRegularFile);
  EXPECT_EQ(VerifyFile(dir / "m.seal", fifo, policy_).status().code(),
            ErrorCode::kIoNotRegularFile);
  ::alarm(0);

  // FORMAT.md §1: over the limit is E400 (signature, key), E471 (policy),
  // refused before reading; at the limit the parser sees the text.
  testing::WriteText(dir / "big", std::string(kMaxSignatureFileBytes + 1, 'a'));
  auto big = ReadSigningFile(dir / "big", SigningFile::kSignature);
  EXPECT_EQ(big.status().code(), ErrorCode::kSignTextTooLarge);
  EXPECT_EQ(big.status().context(), dir / "big");
  EXPECT_EQ(big.status().detail(), "16385 bytes, limit 16384");
  EXPECT_EQ(VerifyFile(dir / "m.seal", dir / "big", policy_).status().code(),
            ErrorCode::kSignTextTooLarge);
  testing::WriteText(dir / "key", std::string(kMaxKeyFileBytes + 1, 'a'));
  EXPECT_EQ(ReadSigningFile(dir / "key", SigningFile::kKey).status().code(),
            ErrorCode::kSignTextTooLarge);
  testing::WriteText(dir / "key", std::string(kMaxKeyFileBytes, 'a'));
  EXPECT_TRUE(ReadSigningFile(dir / "key", SigningFile::kKey).ok());
  testing::WriteText(dir / "pol", std::string(kMaxPolicyFileBytes + 1, 'a'));
  EXPECT_EQ(TrustPolicy::Load(dir / "pol").status().code(),
            ErrorCode::kPolicySyntax);
}

}  // namespace
}  // namespace modelseal::signing
