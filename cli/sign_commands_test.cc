// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// End-to-end tests of `modelseal keygen|sign|verify`: files written and the
// documented exit codes (cli/exit_codes.h).
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <cstdlib>
#include <string>

#include "cli/exit_codes.h"
#include "modelseal/signing.h"
#include "signing/test_util.h"

namespace modelseal::cli {
namespace {

using signing::testing::ReadText;
using signing::testing::TempDir;
using signing::testing::WriteText;

// `timeout`: a command that used to hang (a FIFO input) is killed after a
// generous minute and fails the test instead of hanging the suite.
int RunCli(const std::string& args) {
  const std::string cmd = "timeout -s KILL 60 " +
                          std::string(MODELSEAL_CLI_PATH) + " " + args +
                          " >/dev/null 2>&1";
  const int rc = std::system(cmd.c_str());
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    WriteText(dir_ / "m.seal", std::string(5000, 'm'));
    ASSERT_EQ(
        RunCli("keygen -W -p " + dir_ / "k.pub" + " -s " + dir_ / "k.key"),
        kExitOk);
  }
  std::string Sign(const std::string& extra) {
    return "sign -m " + dir_ / "m.seal" + " -s " + dir_ / "k.key" +
           " --name iris --model-version 3 " + extra;
  }
  std::string Verify(const std::string& extra) {
    return "verify -m " + dir_ / "m.seal" + " -p " + dir_ / "k.pub" + " " +
           extra;
  }
  TempDir dir_;
};

TEST_F(CliTest, KeygenSignVerify) {
  struct stat st;
  ASSERT_EQ(::stat((dir_ / "k.key").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  auto pk = signing::ParsePublicKeyFile(ReadText(dir_ / "k.pub"));
  ASSERT_TRUE(pk.ok());
  // keygen refuses to overwrite without -f.
  EXPECT_EQ(RunCli("keygen -W -p " + dir_ / "k.pub" + " -s " + dir_ / "k.key"),
            kExitUsage);
  ASSERT_EQ(RunCli(Sign("")), kExitOk);
  EXPECT_TRUE(ReadText(dir_ / "m.seal.minisig").find("name=iris version=3") !=
              std::string::npos);
  EXPECT_EQ(RunCli(Verify("")), kExitOk);
  EXPECT_EQ(RunCli("verify -m " + dir_ / "m.seal" + " -P " +
                   signing::PublicKeyBase64(*pk)),
            kExitOk);
  WriteText(dir_ / "policy", "modelseal-trust-policy v1\nkey release " +
                                 signing::PublicKeyBase64(*pk) +
                                 "\nmodel iris min-version 3\npin-name iris\n");
  EXPECT_EQ(
      RunCli("verify -m " + dir_ / "m.seal" + " --policy " + dir_ / "policy"),
      kExitOk);
}

TEST_F(CliTest, ExitCodes) {
  ASSERT_EQ(RunCli(Sign("")), kExitOk);
  // Rolled back and name mismatch: statement.
  EXPECT_EQ(RunCli(Verify("--name iris --min-version 4")), kExitStatement);
  EXPECT_EQ(RunCli(Verify("--name fraud")), kExitStatement);
  // Untrusted key.
  ASSERT_EQ(RunCli("keygen -W -p " + dir_ / "o.pub" + " -s " + dir_ / "o.key"),
            kExitOk);
  EXPECT_EQ(RunCli("verify -m " + dir_ / "m.seal" + " -p " + dir_ / "o.pub"),
            kExitUntrustedKey);
  // Expired.
  ASSERT_EQ(RunCli(Sign("--created 1000 --expires 2000")), kExitOk);
  EXPECT_EQ(RunCli(Verify("")), kExitStatement);
  // Bad signature.
  ASSERT_EQ(RunCli(Sign("")), kExitOk);
  WriteText(dir_ / "m.seal", std::string(5000, 'n'));
  EXPECT_EQ(RunCli(Verify("")), kExitSignature);
  // Usage and I/O.
  EXPECT_EQ(RunCli("verify"), kExitUsage);
  EXPECT_EQ(RunCli("frobnicate"), kExitUsage);
  EXPECT_EQ(RunCli("sign --name a --model-version 1"), kExitUsage);
  EXPECT_EQ(RunCli("verify -m " + dir_ / "missing" + " -p " + dir_ / "k.pub" +
                   " -x " + dir_ / "m.seal.minisig"),
            kExitIo);
}

TEST_F(CliTest, EncryptedKeyWithPassphraseFromStdinAndEnv) {
  ASSERT_EQ(
      std::system(("printf 'pw one\\n' | " + std::string(MODELSEAL_CLI_PATH) +
                   " keygen --fast-kdf --passphrase-stdin -p " +
                   dir_ / "e.pub" + " -s " + dir_ / "e.key" + " >/dev/null")
                      .c_str()),
      0);
  ::setenv("MODELSEAL_CLI_TEST_PASS", "pw one", 1);
  const std::string sign = "sign -m " + dir_ / "m.seal" + " -s " +
                           dir_ / "e.key" + " --name iris --model-version 1 ";
  EXPECT_EQ(RunCli(sign + "--passphrase-env MODELSEAL_CLI_TEST_PASS"), kExitOk);
  EXPECT_EQ(RunCli("verify -m " + dir_ / "m.seal" + " -p " + dir_ / "e.pub"),
            kExitOk);
  ::setenv("MODELSEAL_CLI_TEST_PASS", "pw two", 1);
  EXPECT_EQ(RunCli(sign + "--passphrase-env MODELSEAL_CLI_TEST_PASS"),
            kExitSignature);  // wrong passphrase
  ::unsetenv("MODELSEAL_CLI_TEST_PASS");
  EXPECT_EQ(RunCli(sign + "--passphrase-env MODELSEAL_CLI_TEST_PASS"),
            kExitUsage);  // unset variable
}

TEST_F(CliTest, SecretKeyFromEnvironment) {
  ::setenv("MODELSEAL_CLI_TEST_KEY", ReadText(dir_ / "k.key").c_str(), 1);
  EXPECT_EQ(RunCli("sign -m " + dir_ / "m.seal" +
                   " --secret-key-env MODELSEAL_CLI_TEST_KEY --name iris "
                   "--model-version 2"),
            kExitOk);
  ::unsetenv("MODELSEAL_CLI_TEST_KEY");
  EXPECT_EQ(RunCli(Verify("")), kExitOk);
}

TEST_F(CliTest, FifoInputsRefusedWithoutBlocking) {
  ASSERT_EQ(RunCli(Sign("")), kExitOk);
  const std::string fifo = dir_ / "fifo";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  // Secret key, model to sign, public key, signature, policy, model.
  EXPECT_EQ(RunCli("sign -m " + dir_ / "m.seal" + " -s " + fifo +
                   " --name iris --model-version 3"),
            kExitIo);
  EXPECT_EQ(RunCli("sign -m " + fifo + " -s " + dir_ / "k.key" +
                   " --name iris --model-version 3 -x " + dir_ / "f.minisig"),
            kExitIo);
  EXPECT_EQ(RunCli("verify -m " + dir_ / "m.seal" + " -p " + fifo), kExitIo);
  EXPECT_EQ(RunCli(Verify("-x " + fifo)), kExitIo);
  EXPECT_EQ(RunCli("verify -m " + dir_ / "m.seal" + " --policy " + fifo),
            kExitIo);
  EXPECT_EQ(RunCli("verify -m " + fifo + " -p " + dir_ / "k.pub" + " -x " +
                   dir_ / "m.seal.minisig"),
            kExitIo);
}

// FORMAT.md §1: an oversized signature or key file is E400 (signature
// category, exit 10), an oversized policy E471 (usage, exit 2); they were
// E7 (I/O, exit 3).
TEST_F(CliTest, OversizedSigningFilesGiveTheFormatCodes) {
  ASSERT_EQ(RunCli(Sign("")), kExitOk);
  WriteText(dir_ / "big", std::string(16 * 1024 + 1, 'a'));
  EXPECT_EQ(RunCli(Verify("-x " + dir_ / "big")), kExitSignature);
  EXPECT_EQ(RunCli("verify -m " + dir_ / "m.seal" + " -p " + dir_ / "big"),
            kExitSignature);
  EXPECT_EQ(RunCli("sign -m " + dir_ / "m.seal" + " -s " + dir_ / "big" +
                   " --name iris --model-version 3"),
            kExitSignature);
  WriteText(dir_ / "bigpolicy", std::string(64 * 1024 + 1, 'a'));
  EXPECT_EQ(RunCli("verify -m " + dir_ / "m.seal" + " --policy " +
                   dir_ / "bigpolicy"),
            kExitUsage);
}

// A changed size is refused from the signed statement (E450) before the
// file is hashed; a same-size change still fails the signature.
TEST_F(CliTest, VerifyRefusesAnotherSizeFromTheStatement) {
  ASSERT_EQ(RunCli(Sign("")), kExitOk);
  WriteText(dir_ / "m.seal", std::string(5001, 'm'));
  EXPECT_EQ(RunCli(Verify("")), kExitStatement);
}

TEST_F(CliTest, OutputsKeepModesAndRefuseNonRegularTargets) {
  // A replaced signature keeps its mode; a replaced secret key never
  // becomes readable by others.
  ASSERT_EQ(RunCli(Sign("")), kExitOk);
  ASSERT_EQ(::chmod((dir_ / "m.seal.minisig").c_str(), 0640), 0);
  ASSERT_EQ(RunCli(Sign("")), kExitOk);
  struct stat st;
  ASSERT_EQ(::stat((dir_ / "m.seal.minisig").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0640u);
  ASSERT_EQ(::chmod((dir_ / "k.key").c_str(), 0644), 0);
  ASSERT_EQ(::chmod((dir_ / "k.pub").c_str(), 0444), 0);
  ASSERT_EQ(
      RunCli("keygen -W -f -p " + dir_ / "k.pub" + " -s " + dir_ / "k.key"),
      kExitOk);
  ASSERT_EQ(::stat((dir_ / "k.key").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  ASSERT_EQ(::stat((dir_ / "k.pub").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0444u);
  // A FIFO as the signature or key output is left alone.
  const std::string fifo = dir_ / "fifo";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  EXPECT_EQ(RunCli(Sign("-x " + fifo)), kExitIo);
  EXPECT_EQ(RunCli("keygen -W -f -p " + dir_ / "n.pub" + " -s " + fifo),
            kExitIo);
  ASSERT_EQ(::lstat(fifo.c_str(), &st), 0);
  EXPECT_TRUE(S_ISFIFO(st.st_mode));
}

}  // namespace
}  // namespace modelseal::cli
