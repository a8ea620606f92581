// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// The predicates beside the enums of include/modelseal/model.h: IsKnown for
// every enum with EnumNames, the loss predicates for GbLoss and HgbLoss, and
// DTypeIsValid.
#include <gtest/gtest.h>

#include <cstdint>
#include <iterator>
#include <vector>

#include "modelseal/model.h"

namespace modelseal {
namespace {

// IsKnown at compile time.
static_assert(IsKnown(GbLoss::kExponential));
static_assert(!IsKnown<GbLoss>(uint8_t{8}));
static_assert(IsClassifierLoss(HgbLoss::kLogLossBinary));

// Every value of E's underlying byte that IsKnown accepts.
template <typename E>
std::vector<int> KnownValues() {
  std::vector<int> known;
  for (int raw = 0; raw < 256; ++raw) {
    if (IsKnown<E>(static_cast<uint8_t>(raw))) known.push_back(raw);
    EXPECT_EQ(IsKnown(static_cast<E>(raw)),
              IsKnown<E>(static_cast<uint8_t>(raw)));
  }
  return known;
}

TEST(ModelEnums, IsKnownAcceptsEveryEnumeratorAndNothingElse) {
  // The enumerators are 1..N; 0 and N + 1 are the first unknown values on
  // each side, and everything above N is unknown too.
  EXPECT_EQ(KnownValues<Task>(), (std::vector<int>{1, 2, 3}));
  EXPECT_EQ(KnownValues<LinearOutput>(),
            (std::vector<int>{1, 2, 3, 4, 5, 6, 7}));
  EXPECT_EQ(KnownValues<GbLoss>(), (std::vector<int>{1, 2, 3, 4, 5, 6, 7}));
  EXPECT_EQ(KnownValues<HgbLoss>(), (std::vector<int>{1, 2, 3, 4, 5, 6, 7}));
  EXPECT_TRUE(IsKnown(Task::kRegression));
  EXPECT_TRUE(IsKnown(Task::kTransform));
  EXPECT_FALSE(IsKnown<Task>(uint8_t{0}));
  EXPECT_FALSE(IsKnown<Task>(uint8_t{4}));
  EXPECT_TRUE(IsKnown(LinearOutput::kSoftmax));
  EXPECT_FALSE(IsKnown<LinearOutput>(uint8_t{8}));
}

TEST(ModelEnums, DTypeIsValidAcceptsEveryDTypeAndNothingElse) {
  std::vector<int> valid;
  for (int raw = 0; raw < 256; ++raw) {
    if (DTypeIsValid(static_cast<uint8_t>(raw))) valid.push_back(raw);
  }
  EXPECT_EQ(valid, (std::vector<int>{1, 2, 3, 4, 5, 6}));
  for (DType d : {DType::kFloat64, DType::kFloat32, DType::kInt64,
                  DType::kInt32, DType::kUInt32, DType::kUInt8}) {
    EXPECT_TRUE(DTypeIsValid(static_cast<uint8_t>(d)));
  }
}

TEST(ModelEnums, GbLossPredicates) {
  struct Case {
    GbLoss loss;
    bool classifier;
    bool multiclass;
  };
  const Case cases[] = {
      {GbLoss::kSquaredError, false, false},
      {GbLoss::kAbsoluteError, false, false},
      {GbLoss::kHuber, false, false},
      {GbLoss::kQuantile, false, false},
      {GbLoss::kLogLossBinary, true, false},
      {GbLoss::kLogLossMulticlass, true, true},
      {GbLoss::kExponential, true, false},
  };
  static_assert(std::size(cases) == std::size(EnumNames<GbLoss>::kNames));
  for (const Case& c : cases) {
    SCOPED_TRACE(EnumName(c.loss));
    EXPECT_TRUE(IsKnown(c.loss));
    EXPECT_EQ(IsClassifierLoss(c.loss), c.classifier);
    EXPECT_EQ(IsMulticlassLoss(c.loss), c.multiclass);
  }
  // Unknown values on each side are neither.
  for (uint8_t raw : {uint8_t{0}, uint8_t{8}, uint8_t{255}}) {
    EXPECT_FALSE(IsClassifierLoss(static_cast<GbLoss>(raw)));
    EXPECT_FALSE(IsMulticlassLoss(static_cast<GbLoss>(raw)));
  }
}

TEST(ModelEnums, HgbLossPredicates) {
  struct Case {
    HgbLoss loss;
    bool classifier;
    bool multiclass;
  };
  const Case cases[] = {
      {HgbLoss::kSquaredError, false, false},
      {HgbLoss::kAbsoluteError, false, false},
      {HgbLoss::kGamma, false, false},
      {HgbLoss::kPoisson, false, false},
      {HgbLoss::kQuantile, false, false},
      {HgbLoss::kLogLossBinary, true, false},
      {HgbLoss::kLogLossMulticlass, true, true},
  };
  static_assert(std::size(cases) == std::size(EnumNames<HgbLoss>::kNames));
  for (const Case& c : cases) {
    SCOPED_TRACE(EnumName(c.loss));
    EXPECT_TRUE(IsKnown(c.loss));
    EXPECT_EQ(IsClassifierLoss(c.loss), c.classifier);
    EXPECT_EQ(IsMulticlassLoss(c.loss), c.multiclass);
  }
  for (uint8_t raw : {uint8_t{0}, uint8_t{8}, uint8_t{255}}) {
    EXPECT_FALSE(IsClassifierLoss(static_cast<HgbLoss>(raw)));
    EXPECT_FALSE(IsMulticlassLoss(static_cast<HgbLoss>(raw)));
  }
}

}  // namespace
}  // namespace modelseal
