// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
#include "format/model_reply.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <memory>
#include <vector>

#include "modelseal/format.h"
#include "tests/testing/example_models.h"

namespace modelseal {
namespace {

// A 64-byte aligned copy of some bytes, as the sealed mapping would be.
struct AlignedBuffer {
  explicit AlignedBuffer(size_t n) : size(n) {
    void* p = nullptr;
    if (posix_memalign(&p, 64, n == 0 ? 64 : n) != 0) std::abort();
    std::memset(p, 0, n == 0 ? 64 : n);
    data.reset(static_cast<std::byte*>(p));
  }
  std::span<const std::byte> span() const { return {data.get(), size}; }
  struct Free {
    void operator()(std::byte* p) const { std::free(p); }
  };
  std::unique_ptr<std::byte, Free> data;
  size_t size;
};

AlignedBuffer Copy(const std::vector<std::byte>& bytes) {
  AlignedBuffer b(bytes.size());
  if (!bytes.empty()) std::memcpy(b.data.get(), bytes.data(), bytes.size());
  return b;
}

TEST(ModelReplyTest, EveryExampleModelRoundTrips) {
  for (auto& [name, model] : testing::AllExampleModels()) {
    SCOPED_TRACE(name);
    auto bytes = SerializeModel(model);
    ASSERT_TRUE(bytes.ok()) << bytes.status().ToString();
    AlignedBuffer input = Copy(*bytes);
    std::vector<std::byte> payload;
    Status st = ValidateModelRequest(input.span(), &payload);
    ASSERT_TRUE(st.ok()) << st.ToString();
    auto decoded = DecodeModelReply(payload, input.span(), nullptr);
    ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
    EXPECT_TRUE(ValidateModel(*decoded).ok());
    EXPECT_TRUE(*decoded == model);
    // Tensors are views into the input, not copies.
    auto parsed = ParseModel(input.span(), nullptr);
    ASSERT_TRUE(parsed.ok());
    EXPECT_TRUE(*decoded == *parsed);
  }
}

TEST(ModelReplyTest, InvalidModelReportsTheFormatError) {
  auto bytes = SerializeModel(testing::AllExampleModels().front().second);
  ASSERT_TRUE(bytes.ok());
  (*bytes)[0] = std::byte{0};  // break the magic
  AlignedBuffer input = Copy(*bytes);
  std::vector<std::byte> payload;
  Status st = ValidateModelRequest(input.span(), &payload);
  EXPECT_EQ(st.code(), ErrorCode::kBadMagic);
}

// A model whose only tensors are two scaler vectors placed in `input` by
// hand, so tests control every byte of the reply.
class CraftedReplyTest : public ::testing::Test {
 protected:
  CraftedReplyTest() : input_(256) {}

  Model ScalerModel(const std::byte* mean_at, size_t mean_bytes,
                    std::vector<uint64_t> shape) {
    Model m;
    m.metadata.name = "m";
    m.input.n_features = 2;
    m.output.task = Task::kTransform;
    m.output.n_outputs = 2;
    StandardScaler s;
    s.mean = Tensor::Borrow(DType::kFloat64, std::move(shape), mean_at,
                            mean_bytes, nullptr);
    m.estimator.kind = s;
    return m;
  }
  std::vector<std::byte> Encode(const Model& m) {
    auto r = EncodeModelReply(m, input_.span());
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : std::vector<std::byte>();
  }
  ErrorCode DecodeCode(const std::vector<std::byte>& payload,
                       std::span<const std::byte> input) {
    return DecodeModelReply(payload, input, nullptr).status().code();
  }
  ErrorCode DecodeCode(const std::vector<std::byte>& payload) {
    return DecodeCode(payload, input_.span());
  }
  AlignedBuffer input_;
};

TEST_F(CraftedReplyTest, ValidCraftedReplyDecodes) {
  auto payload = Encode(ScalerModel(input_.data.get() + 64, 16, {2}));
  auto m = DecodeModelReply(payload, input_.span(), nullptr);
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  auto& s = std::get<StandardScaler>(m->estimator.kind);
  EXPECT_EQ(s.mean.data(), input_.data.get() + 64);
  EXPECT_FALSE(s.scale.present());
}

TEST_F(CraftedReplyTest, BadMagic) {
  auto payload = Encode(ScalerModel(input_.data.get(), 16, {2}));
  payload[0] = std::byte{'X'};
  EXPECT_EQ(DecodeCode(payload), ErrorCode::kModelReplyMagic);
}

TEST_F(CraftedReplyTest, BadVersion) {
  auto payload = Encode(ScalerModel(input_.data.get(), 16, {2}));
  payload[4] = std::byte{9};
  EXPECT_EQ(DecodeCode(payload), ErrorCode::kModelReplyVersion);
}

TEST_F(CraftedReplyTest, EveryTruncationRejected) {
  auto payload = Encode(ScalerModel(input_.data.get(), 16, {2}));
  for (size_t n = 0; n < payload.size(); ++n) {
    std::vector<std::byte> cut(payload.begin(), payload.begin() + n);
    EXPECT_EQ(DecodeCode(cut), ErrorCode::kModelReplyTruncated)
        << "length " << n;
  }
}

TEST_F(CraftedReplyTest, FieldOutOfOrder) {
  auto payload = Encode(ScalerModel(input_.data.get(), 16, {2}));
  payload[6] = std::byte{2};  // first field tag (format_major) -> 2
  EXPECT_EQ(DecodeCode(payload), ErrorCode::kModelReplyTag);
}

TEST_F(CraftedReplyTest, TrailingBytes) {
  auto payload = Encode(ScalerModel(input_.data.get(), 16, {2}));
  payload.push_back(std::byte{0});
  EXPECT_EQ(DecodeCode(payload), ErrorCode::kModelReplyTrailing);
}

TEST_F(CraftedReplyTest, OversizedStringLength) {
  auto payload = Encode(ScalerModel(input_.data.get(), 16, {2}));
  // header(6) format_major(4) format_minor(4) metadata tag(2) name tag(2)
  size_t len_at = 18;
  for (int i = 0; i < 4; ++i) payload[len_at + i] = std::byte{0xff};
  EXPECT_EQ(DecodeCode(payload), ErrorCode::kModelReplyLimit);
}

TEST_F(CraftedReplyTest, TensorOutsideInput) {
  auto payload = Encode(ScalerModel(input_.data.get() + 192, 64, {8}));
  EXPECT_EQ(DecodeCode(payload, input_.span().first(200)),
            ErrorCode::kModelReplyTensorBounds);
}

TEST_F(CraftedReplyTest, TensorMisaligned) {
  auto payload = Encode(ScalerModel(input_.data.get() + 8, 16, {2}));
  EXPECT_EQ(DecodeCode(payload), ErrorCode::kModelReplyTensorAlignment);
}

TEST_F(CraftedReplyTest, TensorLengthDisagreesWithShape) {
  auto payload = Encode(ScalerModel(input_.data.get(), 24, {2}));
  EXPECT_EQ(DecodeCode(payload), ErrorCode::kModelReplyTensorLength);
  auto overflow =
      Encode(ScalerModel(input_.data.get(), 16, {1ull << 40, 1ull << 40}));
  EXPECT_EQ(DecodeCode(overflow), ErrorCode::kModelReplyTensorLength);
}

TEST_F(CraftedReplyTest, UnknownEstimatorKind) {
  Model m = ScalerModel(nullptr, 0, {});
  std::get<StandardScaler>(m.estimator.kind).mean = Tensor();
  auto payload = Encode(m);
  // Tail: [06 00][kind][01 00][mean flag][02 00][scale flag]
  payload[payload.size() - 7] = std::byte{200};
  EXPECT_EQ(DecodeCode(payload), ErrorCode::kModelReplyKind);
}

TEST_F(CraftedReplyTest, PresenceFlagOutOfRange) {
  Model m = ScalerModel(nullptr, 0, {});
  std::get<StandardScaler>(m.estimator.kind).mean = Tensor();
  auto payload = Encode(m);
  payload[payload.size() - 4] = std::byte{2};
  EXPECT_EQ(DecodeCode(payload), ErrorCode::kModelReplyEnum);
}

TEST_F(CraftedReplyTest, NestingTooDeep) {
  Model m = ScalerModel(input_.data.get(), 16, {2});
  for (uint64_t i = 0; i < kModelReplyMaxDepth + 1; ++i) {
    Pipeline p;
    p.steps.push_back(m.estimator);
    m.estimator.kind = std::move(p);
  }
  EXPECT_EQ(DecodeCode(Encode(m)), ErrorCode::kModelReplyDepth);
}

TEST_F(CraftedReplyTest, EncoderRefusesTensorsOutsideInput) {
  std::vector<double> elsewhere(2);
  Model m = ScalerModel(reinterpret_cast<const std::byte*>(elsewhere.data()),
                        16, {2});
  auto r = EncodeModelReply(m, input_.span());
  EXPECT_EQ(r.status().code(), ErrorCode::kInternal);
}

}  // namespace
}  // namespace modelseal
