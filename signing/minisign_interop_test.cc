// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Interoperability with Debian's minisign 0.11, both ways: minisign
// verifies modelseal's signatures and reads its keys; modelseal verifies
// minisign's signatures and reads its keys (encrypted and unencrypted), and
// rejects its legacy (-l) signatures. Skips only when /usr/bin/minisign is
// absent (scripts/setup.sh installs it).
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

#include "modelseal/signing.h"
#include "signing/test_util.h"

namespace modelseal::signing {
namespace {

constexpr const char* kMinisign = "/usr/bin/minisign";

// Runs a shell command; returns its exit status (-1 if it did not exit).
int Sh(const std::string& cmd) {
  const int rc = std::system(cmd.c_str());
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

std::string Q(const std::string& s) { return "'" + s + "'"; }

class MinisignInterop : public ::testing::Test {
 protected:
  void SetUp() override {
    if (::access(kMinisign, X_OK) != 0) {
      GTEST_SKIP() << "minisign binary not found at " << kMinisign
                   << " (apt-get install minisign, or run scripts/setup.sh)";
    }
    model_ = dir_ / "model.seal";
    std::string content;
    for (int i = 0; i < 100000; ++i) content.push_back(static_cast<char>(i));
    testing::WriteText(model_, content);
  }

  std::string M() const { return std::string(kMinisign); }

  SignedStatement Statement(uint64_t size) const {
    return SignedStatement{"iris", 4, size, 1700000000, std::nullopt};
  }

  testing::TempDir dir_;
  std::string model_;
};

TEST_F(MinisignInterop, MinisignVerifiesModelsealSignature) {
  auto key = SecretKey::Generate();
  ASSERT_TRUE(key.ok());
  testing::WriteText(dir_ / "k.pub", FormatPublicKeyFile(key->public_key()));
  SignOptions opt;
  opt.name = "iris";
  opt.version = 4;
  opt.created = 1700000000;
  auto sig = SignFile(model_, *key, opt);
  ASSERT_TRUE(sig.ok()) << sig.status().ToString();
  testing::WriteText(model_ + ".minisig", FormatSignatureFile(*sig));
  // -H: minisign must see a prehashed signature.
  const std::string out = dir_ / "out";
  ASSERT_EQ(Sh(M() + " -V -H -Q -p " + Q(dir_ / "k.pub") + " -m " + Q(model_) +
               " > " + Q(out)),
            0);
  EXPECT_EQ(testing::ReadText(out), sig->trusted_comment + "\n");
  // And rejects it once the file changes (so the check above can fail).
  testing::WriteText(model_, "tampered");
  EXPECT_NE(Sh(M() + " -V -H -q -p " + Q(dir_ / "k.pub") + " -m " + Q(model_) +
               " 2>/dev/null"),
            0);
}

TEST_F(MinisignInterop, ModelsealVerifiesMinisignSignatureUnencryptedKey) {
  const std::string pub = dir_ / "m.pub", sec = dir_ / "m.key";
  ASSERT_EQ(Sh(M() + " -G -W -p " + Q(pub) + " -s " + Q(sec) + " >/dev/null"),
            0);
  auto st = FormatStatement(Statement(100000));
  ASSERT_TRUE(st.ok());
  ASSERT_EQ(Sh(M() + " -S -s " + Q(sec) + " -m " + Q(model_) + " -t " + Q(*st) +
               " >/dev/null"),
            0);
  auto pk = ParsePublicKeyFile(testing::ReadText(pub));
  ASSERT_TRUE(pk.ok()) << pk.status().ToString();
  auto policy = TrustPolicy::FromPublicKeys({*pk});
  ASSERT_TRUE(policy.ok());
  auto v = VerifyFile(model_, model_ + ".minisig", *policy);
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_EQ(v->statement, Statement(100000));

  // minisign's own default trusted comment is not a statement.
  ASSERT_EQ(Sh(M() + " -S -s " + Q(sec) + " -m " + Q(model_) + " -x " +
               Q(dir_ / "plain.minisig") + " >/dev/null"),
            0);
  EXPECT_EQ(VerifyFile(model_, dir_ / "plain.minisig", *policy).status().code(),
            ErrorCode::kStatementMarker);

  // modelseal reads minisign's unencrypted secret key and signs with it;
  // minisign verifies the result.
  auto sk = ParseSecretKeyFile(testing::ReadText(sec), nullptr);
  ASSERT_TRUE(sk.ok()) << sk.status().ToString();
  EXPECT_EQ(sk->public_key(), *pk);
  SignOptions opt{"iris", 4, 1700000000, std::nullopt, "x"};
  auto sig = SignFile(model_, *sk, opt);
  ASSERT_TRUE(sig.ok());
  testing::WriteText(dir_ / "ours.minisig", FormatSignatureFile(*sig));
  EXPECT_EQ(Sh(M() + " -V -H -q -p " + Q(pub) + " -m " + Q(model_) + " -x " +
               Q(dir_ / "ours.minisig")),
            0);

  // minisign signs with an unencrypted key that modelseal wrote (with its
  // checksum filled in).
  auto ours = SecretKey::Generate();
  ASSERT_TRUE(ours.ok());
  auto text = FormatSecretKeyFile(*ours, nullptr);
  ASSERT_TRUE(text.ok());
  testing::WriteText(dir_ / "o.key", std::string(text->view()));
  testing::WriteText(dir_ / "o.pub", FormatPublicKeyFile(ours->public_key()));
  ASSERT_EQ(
      Sh(M() + " -S -s " + Q(dir_ / "o.key") + " -m " + Q(model_) + " -x " +
         Q(dir_ / "o.minisig") + " -t " + Q(*st) + " >/dev/null"),
      0);
  auto policy2 = TrustPolicy::FromPublicKeys({ours->public_key()});
  ASSERT_TRUE(policy2.ok());
  EXPECT_TRUE(VerifyFile(model_, dir_ / "o.minisig", *policy2).ok());
}

TEST_F(MinisignInterop, RejectsMinisignLegacySignature) {
  const std::string pub = dir_ / "m.pub", sec = dir_ / "m.key";
  ASSERT_EQ(Sh(M() + " -G -W -p " + Q(pub) + " -s " + Q(sec) + " >/dev/null"),
            0);
  auto st = FormatStatement(Statement(100000));
  ASSERT_TRUE(st.ok());
  ASSERT_EQ(Sh(M() + " -S -l -s " + Q(sec) + " -m " + Q(model_) + " -t " +
               Q(*st) + " >/dev/null"),
            0);
  auto pk = ParsePublicKeyFile(testing::ReadText(pub));
  ASSERT_TRUE(pk.ok());
  auto policy = TrustPolicy::FromPublicKeys({*pk});
  ASSERT_TRUE(policy.ok());
  EXPECT_EQ(VerifyFile(model_, model_ + ".minisig", *policy).status().code(),
            ErrorCode::kSigLegacyAlgorithm);
  // minisign itself accepts it without -H and refuses it with -H.
  EXPECT_EQ(Sh(M() + " -V -q -p " + Q(pub) + " -m " + Q(model_)), 0);
  EXPECT_NE(
      Sh(M() + " -V -H -q -p " + Q(pub) + " -m " + Q(model_) + " 2>/dev/null"),
      0);
}

// Encrypted keys both ways. minisign uses its sensitive scrypt limits (1 GiB,
// a few seconds); modelseal's key uses the interactive limits to keep the
// test short (minisign reads the limits from the file).
TEST_F(MinisignInterop, EncryptedKeysBothWays) {
  const std::string pub = dir_ / "e.pub", sec = dir_ / "e.key";
  ASSERT_EQ(Sh("printf 'pa55 word\\npa55 word\\n' | " + M() + " -G -p " +
               Q(pub) + " -s " + Q(sec) + " >/dev/null 2>&1"),
            0);
  auto pk = ParsePublicKeyFile(testing::ReadText(pub));
  ASSERT_TRUE(pk.ok());
  const std::string sec_text = testing::ReadText(sec);
  auto encrypted = SecretKeyFileIsEncrypted(sec_text);
  ASSERT_TRUE(encrypted.ok());
  EXPECT_TRUE(*encrypted);
  auto pass = PassphraseFromBytes("pa55 word");
  ASSERT_TRUE(pass.ok());
  auto sk = ParseSecretKeyFile(sec_text, &*pass);
  ASSERT_TRUE(sk.ok()) << sk.status().ToString();
  EXPECT_EQ(sk->public_key(), *pk);

  // modelseal writes an encrypted key; minisign decrypts it and signs;
  // modelseal verifies the signature.
  auto ours = SecretKey::Generate();
  ASSERT_TRUE(ours.ok());
  auto text = FormatSecretKeyFile(*ours, &*pass, kKdfInteractive);
  ASSERT_TRUE(text.ok());
  testing::WriteText(dir_ / "o.key", std::string(text->view()));
  auto st = FormatStatement(Statement(100000));
  ASSERT_TRUE(st.ok());
  ASSERT_EQ(
      Sh("printf 'pa55 word\\n' | " + M() + " -S -s " + Q(dir_ / "o.key") +
         " -m " + Q(model_) + " -t " + Q(*st) + " >/dev/null 2>&1"),
      0);
  auto policy = TrustPolicy::FromPublicKeys({ours->public_key()});
  ASSERT_TRUE(policy.ok());
  auto v = VerifyFile(model_, model_ + ".minisig", *policy);
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  // minisign refuses our key with a wrong passphrase.
  EXPECT_NE(
      Sh("printf 'nope\\n' | " + M() + " -S -s " + Q(dir_ / "o.key") + " -m " +
         Q(model_) + " -x " + Q(dir_ / "x.minisig") + " >/dev/null 2>&1"),
      0);
}

}  // namespace
}  // namespace modelseal::signing

namespace modelseal::signing {
namespace {

// Fixed vectors made by minisign 0.11 (tests/data/minisign/README.md); these
// run even where the binary is absent.
class MinisignFixtures : public ::testing::Test {
 protected:
  std::string Data(const std::string& name) const {
    const char* root = std::getenv("MODELSEAL_TEST_DATA");
    return std::string(root ? root : "tests/data") + "/minisign/" + name;
  }
};

TEST_F(MinisignFixtures, VerifiesMinisignSignatureAndReadsItsKeys) {
  auto pk = ParsePublicKeyFile(testing::ReadText(Data("unencrypted.pub")));
  ASSERT_TRUE(pk.ok()) << pk.status().ToString();
  auto policy = TrustPolicy::FromPublicKeys({*pk});
  ASSERT_TRUE(policy.ok());
  auto v = VerifyFile(Data("model.bin"), Data("model.bin.minisig"), *policy);
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_EQ(v->statement,
            (SignedStatement{"fixture", 7, 1000, 1764300000, std::nullopt}));
  EXPECT_EQ(v->untrusted_comment, "made by minisign 0.11");
  EXPECT_EQ(
      VerifyFile(Data("model.bin"), Data("model.bin.legacy.minisig"), *policy)
          .status()
          .code(),
      ErrorCode::kSigLegacyAlgorithm);

  auto sk =
      ParseSecretKeyFile(testing::ReadText(Data("unencrypted.key")), nullptr);
  ASSERT_TRUE(sk.ok()) << sk.status().ToString();
  EXPECT_EQ(sk->public_key(), *pk);
}

TEST_F(MinisignFixtures, DecryptsMinisignEncryptedKey) {
  auto pk = ParsePublicKeyFile(testing::ReadText(Data("encrypted.pub")));
  ASSERT_TRUE(pk.ok());
  auto pass = PassphraseFromBytes("modelseal test");
  ASSERT_TRUE(pass.ok());
  auto sk =
      ParseSecretKeyFile(testing::ReadText(Data("encrypted.key")), &*pass);
  ASSERT_TRUE(sk.ok()) << sk.status().ToString();
  EXPECT_EQ(sk->public_key(), *pk);
}

}  // namespace
}  // namespace modelseal::signing
