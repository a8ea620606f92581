// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Blake2b512 when OpenSSL fails: no provider offers BLAKE2b, and the digest
// context cannot be allocated. Both are provoked for real in this process
// (its own test binary: OpenSSL's provider and allocator set-up is global
// and must happen before libcrypto's first use), and each must end in
// kCrypto from Final(), with Update() harmless in between and no error left
// in the thread's OpenSSL error queue.
#include <gtest/gtest.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/provider.h>
#include <sodium.h>

#include <atomic>
#include <cstdlib>
#include <vector>

#include "modelseal/signing.h"

namespace modelseal::signing {
namespace {

// OpenSSL's allocator, failing every allocation while `g_fail` is set.
std::atomic<bool> g_fail{false};
void* Malloc(size_t n, const char*, int) {
  return g_fail.load() ? nullptr : std::malloc(n);
}
void* Realloc(void* p, size_t n, const char*, int) {
  return g_fail.load() ? nullptr : std::realloc(p, n);
}
void Free(void* p, const char*, int) { std::free(p); }

// Runs before main, so before anything in libcrypto allocated (OpenSSL
// refuses a new allocator after its first allocation).
const bool kAllocatorInstalled =
    CRYPTO_set_mem_functions(Malloc, Realloc, Free) == 1;

std::vector<uint8_t> Message() {
  std::vector<uint8_t> m(777);
  for (size_t i = 0; i < m.size(); ++i) m[i] = static_cast<uint8_t>(i * 7);
  return m;
}

Hash Sodium(const std::vector<uint8_t>& msg) {
  EXPECT_GE(sodium_init(), 0);
  Hash out;
  crypto_generichash(out.data(), out.size(), msg.data(), msg.size(), nullptr,
                     0);
  return out;
}

// One test, in order: each step depends on the process state the previous
// one left.
TEST(Blake2b512Failure, MissingProviderThenOutOfMemory) {
  ASSERT_TRUE(kAllocatorInstalled);
  const std::vector<uint8_t> msg = Message();

  // 1. No configuration file, and only the "null" provider (which offers no
  //    algorithm): loading a provider explicitly stops OpenSSL from loading
  //    its default provider, so BLAKE2b-512 cannot be fetched.
  ASSERT_EQ(OPENSSL_init_crypto(OPENSSL_INIT_NO_LOAD_CONFIG, nullptr), 1);
  OSSL_PROVIDER* null_provider = OSSL_PROVIDER_load(nullptr, "null");
  ASSERT_NE(null_provider, nullptr);
  {
    Blake2b512 h;
    h.Update(msg);  // harmless after the failure
    Result<Hash> r = h.Final();
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), ErrorCode::kCrypto);
    EXPECT_EQ(r.status().context(), "blake2b-512");
    EXPECT_EQ(r.status().detail().rfind("EVP_DigestInit_ex failed", 0), 0u)
        << r.status().detail();
    EXPECT_EQ(ERR_peek_error(), 0u);
  }

  // 2. With the default provider loaded, the same code hashes correctly.
  OSSL_PROVIDER* default_provider = OSSL_PROVIDER_load(nullptr, "default");
  ASSERT_NE(default_provider, nullptr);
  {
    Blake2b512 h;
    h.Update(msg);
    Result<Hash> r = h.Final();
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    EXPECT_EQ(*r, Sodium(msg));
  }

  // 3. Out of memory: the context cannot be allocated.
  g_fail = true;
  Blake2b512 h;
  g_fail = false;
  h.Update(msg);
  Result<Hash> r = h.Final();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kCrypto);
  EXPECT_EQ(r.status().detail().rfind("EVP_MD_CTX_new failed", 0), 0u)
      << r.status().detail();
  EXPECT_EQ(ERR_peek_error(), 0u);

  // 4. An error someone else left in the queue stays there.
  ERR_raise(ERR_LIB_EVP, ERR_R_PASSED_NULL_PARAMETER);
  const unsigned long theirs = ERR_peek_last_error();
  {
    g_fail = true;
    Blake2b512 failing;
    g_fail = false;
    EXPECT_FALSE(failing.Final().ok());
  }
  EXPECT_EQ(ERR_peek_last_error(), theirs);
  ERR_clear_error();

  EXPECT_EQ(OSSL_PROVIDER_unload(default_provider), 1);
  EXPECT_EQ(OSSL_PROVIDER_unload(null_provider), 1);
}

}  // namespace
}  // namespace modelseal::signing
