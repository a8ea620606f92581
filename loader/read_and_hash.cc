// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
#include "loader/read_and_hash.h"

#include <sys/mman.h>

#include <algorithm>
#include <atomic>
#include <system_error>
#include <thread>
#include <utility>

namespace modelseal {

namespace {

Result<SealedAndHashed> Sequential(int fd, uint64_t size,
                                   const std::string& context,
                                   CopyMethod copy) {
  MODELSEAL_ASSIGN_OR_RETURN(SealedBufferBuilder builder,
                             SealedBufferBuilder::CreateUnmapped(size));
  MODELSEAL_RETURN_IF_ERROR(
      CopyFdExactly(fd, builder.fd(), size, context, copy));
  SealedAndHashed out;
  MODELSEAL_ASSIGN_OR_RETURN(out.sealed, builder.Seal());
  signing::Blake2b512 hasher;
  hasher.Update(out.sealed.bytes());
  MODELSEAL_ASSIGN_OR_RETURN(out.hash, hasher.Final());
  return out;
}

// What the copying thread tells the hashing one. The hashing thread polls
// (yielding) rather than sleeping on a condition variable: a thread that
// sleeps is woken on the waker's CPU, and the copy and the hash then share
// one core (measured: no gain at all after an idle period). The hash is
// slower than the copy, so it waits only for the first piece.
class Progress {
 public:
  // Bytes [0, copied) are in the memfd.
  void Publish(uint64_t copied) {
    copied_.store(copied, std::memory_order_release);
  }
  // Called once, last.
  void Finish(Status status) {
    status_ = std::move(status);
    done_.store(true, std::memory_order_release);
  }
  // Waits until more than `have` bytes are copied or the copy has ended;
  // returns how many are copied.
  uint64_t WaitBeyond(uint64_t have) {
    for (;;) {
      // Read `done_` first: a copy that ended published its last count
      // before it.
      bool done = done_.load(std::memory_order_acquire);
      uint64_t copied = copied_.load(std::memory_order_acquire);
      if (copied > have || done) return copied;
      std::this_thread::yield();
    }
  }
  // After the thread was joined.
  const Status& status() const { return status_; }

 private:
  std::atomic<uint64_t> copied_{0};
  std::atomic<bool> done_{false};
  Status status_;
};

// Joins the thread on every path out of Pipelined.
class Joiner {
 public:
  explicit Joiner(std::thread& t) : t_(t) {}
  ~Joiner() {
    if (t_.joinable()) t_.join();
  }
  Joiner(const Joiner&) = delete;
  Joiner& operator=(const Joiner&) = delete;

 private:
  std::thread& t_;
};

Result<SealedAndHashed> Pipelined(int fd, uint64_t size,
                                  const std::string& context, CopyMethod copy,
                                  bool* not_started) {
  MODELSEAL_ASSIGN_OR_RETURN(SealedBufferBuilder builder,
                             SealedBufferBuilder::CreateUnmapped(size));
  MODELSEAL_ASSIGN_OR_RETURN(std::span<const std::byte> view,
                             builder.MapReadOnly());
  const int memfd = builder.fd();
  Progress progress;
  auto copy_all = [&]() {
    Status st;
    uint64_t copied = 0;
    while (st.ok() && copied < size) {
      uint64_t n = std::min(kPipelinePieceBytes, size - copied);
      st = CopyFdBytes(fd, memfd, n, context, copy);
      if (!st.ok()) break;
      // Map the piece's pages here rather than in the hashing thread
      // (MADV_POPULATE_READ, Linux 5.14; without it the hash faults them).
      ::madvise(const_cast<std::byte*>(view.data()) + copied,
                static_cast<size_t>(n), MADV_POPULATE_READ);
      copied += n;
      progress.Publish(copied);
    }
    if (st.ok()) st = ExpectEndOfFile(fd, context);
    progress.Finish(std::move(st));
  };
  std::thread worker;
  try {
    worker = std::thread(copy_all);
  } catch (const std::system_error&) {
    *not_started = true;
    return Status(ErrorCode::kInternal, context, "cannot start a thread");
  }
  Joiner joiner(worker);

  signing::Blake2b512 hasher;
  uint64_t hashed = 0;
  while (hashed < size) {
    uint64_t copied = progress.WaitBeyond(hashed);
    if (copied <= hashed) break;  // the copy ended early (an error)
    hasher.Update(view.subspan(static_cast<size_t>(hashed),
                               static_cast<size_t>(copied - hashed)));
    hashed = copied;
  }
  worker.join();
  MODELSEAL_RETURN_IF_ERROR(progress.status());
  if (hashed != size) {
    return Status(ErrorCode::kInternal, context, "copy ended early");
  }
  SealedAndHashed out;
  MODELSEAL_ASSIGN_OR_RETURN(out.sealed, builder.Seal());
  MODELSEAL_ASSIGN_OR_RETURN(out.hash, hasher.Final());
  return out;
}

}  // namespace

Result<SealedAndHashed> ReadSealAndHash(int fd, uint64_t size,
                                        const std::string& context,
                                        ReadMode mode, CopyMethod copy) {
  if (mode == ReadMode::kAuto) {
    mode = size >= kPipelineMinBytes ? ReadMode::kPipelined
                                     : ReadMode::kSequential;
  }
  if (mode == ReadMode::kPipelined) {
    bool not_started = false;
    auto result = Pipelined(fd, size, context, copy, &not_started);
    // Nothing was read yet when the thread could not start.
    if (!not_started) return result;
  }
  return Sequential(fd, size, context, copy);
}

}  // namespace modelseal
