// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// Typed input through the predictor: column tables (strings, booleans,
// integers, missing values), the encoders, the imputer and
// ColumnTransformer, hand-checked; one test per input error code of the
// table path and per compile rule of the typed steps.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "modelseal/predictor.h"
#include "modelseal/table.h"

namespace modelseal {
namespace {

constexpr double kNan = std::numeric_limits<double>::quiet_NaN();

// A column table that owns its buffers.
class Table {
 public:
  // A string column; nullopt is a missing value.
  Table& Strings(const std::string& name,
                 const std::vector<std::optional<std::string>>& v) {
    auto& c = Add(name, v.size());
    c.offsets32.push_back(0);
    for (const auto& s : v) {
      if (s) c.bytes += *s;
      c.offsets32.push_back(static_cast<int32_t>(c.bytes.size()));
      c.valid.push_back(s.has_value());
    }
    c.view.type = ArrayType::kString;
    return *this;
  }
  // A float64 column; nullopt is a missing value (validity bit unset).
  Table& Numbers(const std::string& name,
                 const std::vector<std::optional<double>>& v) {
    auto& c = Add(name, v.size());
    for (const auto& x : v) {
      c.f64.push_back(x.value_or(0.0));
      c.valid.push_back(x.has_value());
    }
    c.view.type = ArrayType::kFloat64;
    return *this;
  }
  Table& Ints(const std::string& name, const std::vector<int64_t>& v) {
    auto& c = Add(name, v.size());
    c.i64 = v;
    c.valid.assign(v.size(), true);
    c.view.type = ArrayType::kInt64;
    return *this;
  }
  Table& Bools(const std::string& name, const std::vector<bool>& v) {
    auto& c = Add(name, v.size());
    c.bits.assign((v.size() + 7) / 8, 0);
    for (size_t i = 0; i < v.size(); ++i) {
      if (v[i]) c.bits[i / 8] |= static_cast<uint8_t>(1u << (i % 8));
    }
    c.valid.assign(v.size(), true);
    c.view.type = ArrayType::kBool;
    return *this;
  }

  const TableView& view() {
    view_.rows = rows_;
    view_.columns.clear();
    for (auto& c : cols_) {
      c->validity.assign((c->valid.size() + 7) / 8, 0);
      bool any_null = false;
      for (size_t i = 0; i < c->valid.size(); ++i) {
        if (c->valid[i]) {
          c->validity[i / 8] |= static_cast<uint8_t>(1u << (i % 8));
        } else {
          any_null = true;
        }
      }
      c->view.validity = any_null ? c->validity.data() : nullptr;
      switch (c->view.type) {
        case ArrayType::kString:
          c->view.values = c->offsets32.data();
          c->view.data = c->bytes.data();
          c->view.data_size = c->bytes.size();
          break;
        case ArrayType::kInt64:
          c->view.values = c->i64.data();
          break;
        case ArrayType::kBool:
          c->view.values = c->bits.data();
          break;
        default:
          c->view.values = c->f64.data();
      }
      view_.columns.push_back(c->view);
    }
    return view_;
  }

 private:
  struct Col {
    ColumnView view;
    std::vector<int32_t> offsets32;
    std::string bytes;
    std::vector<double> f64;
    std::vector<int64_t> i64;
    std::vector<uint8_t> bits;
    std::vector<bool> valid;
    std::vector<uint8_t> validity;
  };
  Col& Add(const std::string& name, size_t rows) {
    rows_ = rows;
    cols_.push_back(std::make_unique<Col>());
    cols_.back()->view.name = name;
    return *cols_.back();
  }
  size_t rows_ = 0;
  std::vector<std::unique_ptr<Col>> cols_;
  TableView view_;
};

CategoryList Strs(std::vector<std::string> s, bool missing = false) {
  CategoryList c;
  c.strings = std::move(s);
  c.missing = missing ? Nullable::kYes : Nullable::kNo;
  return c;
}

CategoryList Nums(std::vector<double> v, bool missing = false) {
  CategoryList c;
  c.numbers = Tensor::FromVector(std::move(v));
  c.missing = missing ? Nullable::kYes : Nullable::kNo;
  return c;
}

OneHotColumn Hot(CategoryList c, std::vector<int64_t> slots, uint64_t width) {
  OneHotColumn h;
  h.categories = std::move(c);
  h.slots = Tensor::FromVector(std::move(slots));
  h.width = width;
  return h;
}

Estimator E(EstimatorVariant v) { return Estimator{std::move(v)}; }

ColumnGroup Group(std::vector<uint64_t> cols, EstimatorVariant t) {
  ColumnGroup g;
  g.columns = std::move(cols);
  g.transformer.push_back(E(std::move(t)));
  return g;
}

// A transformer model over columns (name, type).
Model TransformModel(std::vector<std::pair<std::string, ColumnType>> cols,
                     uint64_t n_outputs, EstimatorVariant e) {
  Model m;
  m.metadata.name = "typed";
  m.input.n_features = cols.size();
  for (auto& [name, type] : cols) {
    m.input.feature_names.push_back(name);
    m.input.columns.push_back({name, type, Nullable::kYes});
  }
  m.output.task = Task::kTransform;
  m.output.n_outputs = n_outputs;
  m.estimator.kind = std::move(e);
  return m;
}

std::unique_ptr<Predictor> Make(const Model& m) {
  auto p = Predictor::Create(m);
  EXPECT_TRUE(p.ok()) << p.status().ToString();
  return p.ok() ? std::move(p).value() : nullptr;
}

Matrix<double> MustTransform(const Predictor& p, const TableView& t,
                             unsigned threads = 1) {
  Matrix<double> out;
  Status s = p.Transform(t, &out, {threads});
  EXPECT_TRUE(s.ok()) << s.ToString();
  return out;
}

// One string column "city" one-hot encoded: a, b, c; unknown ignored.
Model CityOneHot(UnknownCategory unknown) {
  OneHotEncoder enc;
  enc.columns.push_back(Hot(Strs({"a", "b", "c"}), {0, 1, 2, -1}, 3));
  enc.unknown = unknown;
  return TransformModel({{"city", ColumnType::kString}}, 3, enc);
}

TEST(TypedInputTest, OneHotStringsIgnoreUnknown) {
  auto p = Make(CityOneHot(UnknownCategory::kSlot));
  ASSERT_TRUE(p);
  Table t;
  t.Strings("city", {"b", "zz", std::nullopt, "a", "c", ""});
  Matrix<double> out = MustTransform(*p, t.view());
  const std::vector<double> want = {0, 1, 0, 0, 0, 0, 0, 0, 0,
                                    1, 0, 0, 0, 0, 1, 0, 0, 0};
  EXPECT_EQ(out.data, want);
}

TEST(TypedInputTest, OneHotMissingCategoryAndDrop) {
  // categories a, b, missing; 'a' dropped (slot -1); unknown -> ignore.
  OneHotEncoder enc;
  enc.columns.push_back(Hot(Strs({"a", "b"}, true), {-1, 0, 1, -1}, 2));
  enc.unknown = UnknownCategory::kSlot;
  auto p = Make(TransformModel({{"c", ColumnType::kString}}, 2, enc));
  ASSERT_TRUE(p);
  Table t;
  t.Strings("c", {"a", "b", std::nullopt, "x"});
  EXPECT_EQ(MustTransform(*p, t.view()).data,
            (std::vector<double>{0, 0, 1, 0, 0, 1, 0, 0}));
}

TEST(Negative, InputUnknownCategory) {
  auto p = Make(CityOneHot(UnknownCategory::kError));
  ASSERT_TRUE(p);
  Table t;
  t.Strings("city", {"a", "it's new"});
  Matrix<double> out;
  Status s = p->Transform(t.view(), &out);
  EXPECT_EQ(s.code(), ErrorCode::kInputUnknownCategory);
  EXPECT_EQ(s.context(), "X['city'][1]");
  EXPECT_NE(s.detail().find("\"it's new\""), std::string::npos) << s.detail();
}

TEST(TypedInputTest, OneHotNumericCategories) {
  OneHotEncoder enc;
  enc.columns.push_back(Hot(Nums({1, 2.5}, true), {0, 1, 2, -1}, 3));
  enc.unknown = UnknownCategory::kSlot;
  auto p = Make(TransformModel({{"n", ColumnType::kInteger}}, 3, enc));
  ASSERT_TRUE(p);
  Table t;
  t.Numbers("n", {2.5, 1, std::nullopt, kNan, 7});
  EXPECT_EQ(MustTransform(*p, t.view()).data,
            (std::vector<double>{0, 1, 0, 1, 0, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0}));
  Table inf;
  inf.Numbers("n", {std::numeric_limits<double>::infinity()});
  Matrix<double> out;
  EXPECT_EQ(p->Transform(inf.view(), &out).code(), ErrorCode::kInputInfinite);
}

TEST(TypedInputTest, OrdinalUnknownValueAndMissingCode) {
  OrdinalEncoder enc;
  OrdinalColumn c;
  c.categories = Strs({"lo", "mid", "hi"}, true);
  enc.columns.push_back(c);
  enc.unknown = UnknownCategory::kSlot;
  enc.unknown_value = -1;
  // Not strictly increasing: refused.
  enc.columns[0].codes = Tensor::FromVector(std::vector<double>{0, 1, 2, kNan});
  auto bad =
      Predictor::Create(TransformModel({{"s", ColumnType::kString}}, 1, enc));
  EXPECT_EQ(bad.status().code(), ErrorCode::kPredictorCategories);
  enc.columns[0].categories = Strs({"hi", "lo", "mid"}, true);
  auto p = Make(TransformModel({{"s", ColumnType::kString}}, 1, enc));
  ASSERT_TRUE(p);
  Table t;
  t.Strings("s", {"mid", std::nullopt, "??", "hi"});
  Matrix<double> out = MustTransform(*p, t.view());
  ASSERT_EQ(out.data.size(), 4u);
  EXPECT_EQ(out.data[0], 2);
  EXPECT_TRUE(std::isnan(out.data[1]));
  EXPECT_EQ(out.data[2], -1);
  EXPECT_EQ(out.data[3], 0);
}

// The headline shape: ColumnTransformer([(num: SimpleImputer then
// StandardScaler), (cat: SimpleImputer(constant) then OneHotEncoder)]) and a
// linear regression after it.
Model Headline() {
  SimpleImputer num_imp;
  num_imp.fill_numbers = Tensor::FromVector(std::vector<double>{10, 20});
  num_imp.kept = {0, 1};
  num_imp.indicator = {1};
  StandardScaler sc;
  sc.mean = Tensor::FromVector(std::vector<double>{1, 2, 0});
  sc.scale = Tensor::FromVector(std::vector<double>{2, 4, 1});
  Pipeline num;
  num.steps = {E(num_imp), E(sc)};

  SimpleImputer cat_imp;
  cat_imp.fill_strings = {"missing"};
  cat_imp.kept = {0};
  OneHotEncoder hot;
  hot.columns.push_back(
      Hot(Strs({"blue", "missing", "red"}), {0, 1, 2, -1}, 3));
  hot.unknown = UnknownCategory::kSlot;
  Pipeline cat;
  cat.steps = {E(cat_imp), E(hot)};

  ColumnTransformer ct;
  ct.groups.push_back(Group({0, 2}, num));
  ct.groups.push_back(Group({1}, cat));
  // output: [x0', x2', ind(x2), blue, missing, red]
  LinearModel lin;
  lin.coef = Tensor::FromVector(
      std::vector<double>{1, 10, 100, 1000, 10000, 100000}, {1, 6});
  lin.intercept = Tensor::FromVector(std::vector<double>{0.5});
  lin.output = LinearOutput::kRegression;
  Pipeline top;
  top.steps = {E(ct), E(lin)};

  Model m;
  m.metadata.name = "headline";
  m.input.n_features = 3;
  m.input.feature_names = {"a", "colour", "b"};
  m.input.columns = {{"a", ColumnType::kFloat, Nullable::kYes},
                     {"colour", ColumnType::kString, Nullable::kYes},
                     {"b", ColumnType::kInteger, Nullable::kYes}};
  m.output.task = Task::kRegression;
  m.output.n_outputs = 1;
  m.estimator.kind = top;
  return m;
}

TEST(TypedInputTest, ColumnTransformerPipeline) {
  auto p = Make(Headline());
  ASSERT_TRUE(p);
  EXPECT_EQ(p->input_read(), (std::vector<uint8_t>{1, 1, 1}));
  Table t;  // columns in another order than the model's: matched by name
  t.Numbers("b", {6, std::nullopt, 2})
      .Strings("colour", {"red", std::nullopt, "green"})
      .Numbers("a", {5, 3, std::nullopt});
  PredictOutput out;
  Status s = p->Predict(t.view(), &out);
  ASSERT_TRUE(s.ok()) << s.ToString();
  // row 0: a=5 -> (5-1)/2=2; b=6 -> (6-2)/4=1; ind 0; red -> 100000
  // row 1: a=3 -> 1; b missing -> 20 -> 4.5; ind 1; missing -> 10000
  // row 2: a missing -> 10 -> 4.5; b=2 -> 0; ind 0; green unknown -> 0
  const double want[] = {0.5 + 2 + 10 + 100000, 0.5 + 1 + 45 + 100 + 10000,
                         0.5 + 4.5 + 0};
  ASSERT_EQ(out.values.data.size(), 3u);
  for (int i = 0; i < 3; ++i) EXPECT_DOUBLE_EQ(out.values.data[i], want[i]);
  // Same results over threads (blocks of one row each at most 64 rows).
  Table big;
  std::vector<std::optional<double>> a, b;
  std::vector<std::optional<std::string>> c;
  for (int i = 0; i < 1000; ++i) {
    a.push_back(i % 7 ? std::optional<double>(i) : std::nullopt);
    b.push_back(i % 5 ? std::optional<double>(-i) : std::nullopt);
    c.push_back(i % 3 == 0   ? std::optional<std::string>("red")
                : i % 3 == 1 ? std::optional<std::string>("blue")
                             : std::nullopt);
  }
  big.Numbers("a", a).Strings("colour", c).Numbers("b", b);
  PredictOutput one, two;
  ASSERT_TRUE(p->Predict(big.view(), &one, {1}).ok());
  ASSERT_TRUE(p->Predict(big.view(), &two, {2}).ok());
  EXPECT_EQ(one.values.data, two.values.data);
}

TEST(TypedInputTest, IntegersBooleansAndArrowOffset) {
  ColumnTransformer ct;
  ct.groups.push_back(Group({1, 0}, Passthrough{}));
  auto p = Make(TransformModel(
      {{"i", ColumnType::kInteger}, {"flag", ColumnType::kBoolean}}, 2, ct));
  ASSERT_TRUE(p);
  Table t;
  t.Ints("i", {7, -3, 1LL << 40}).Bools("flag", {true, false, true});
  TableView v = t.view();
  EXPECT_EQ(MustTransform(*p, v).data,
            (std::vector<double>{1, 7, 0, -3, 1, 1099511627776.0}));
  // An Arrow slice: offset 1, two rows.
  v.rows = 2;
  for (auto& c : v.columns) c.offset = 1;
  EXPECT_EQ(MustTransform(*p, v).data,
            (std::vector<double>{0, -3, 1, 1099511627776.0}));
}

TEST(TypedInputTest, PassthroughStepsAndImputerStrings) {
  SimpleImputer imp;
  imp.fill_strings = {"b"};
  imp.kept = {0};
  OneHotEncoder hot;
  hot.columns.push_back(Hot(Strs({"a", "b"}), {0, 1, -1}, 2));
  hot.unknown = UnknownCategory::kSlot;
  Pipeline pl;
  pl.steps = {E(Passthrough{}), E(imp), E(Passthrough{}), E(hot)};
  auto p = Make(TransformModel({{"s", ColumnType::kString}}, 2, pl));
  ASSERT_TRUE(p);
  Table t;
  t.Strings("s", {std::nullopt, "a", "q"});
  EXPECT_EQ(MustTransform(*p, t.view()).data,
            (std::vector<double>{0, 1, 1, 0, 0, 0}));
}

TEST(TypedInputTest, ColumnsNoStepReadsMayHoldAnyType) {
  // ColumnTransformer(remainder="drop") over column 1: column 0 ("id") is
  // never read, so its values may be strings although it is declared float
  // (scikit-learn never looks at it either).
  ColumnTransformer ct;
  ct.groups.push_back(Group({1}, Passthrough{}));
  auto p = Make(TransformModel(
      {{"id", ColumnType::kFloat}, {"x", ColumnType::kFloat}}, 1, ct));
  ASSERT_TRUE(p);
  EXPECT_EQ(p->input_read(), (std::vector<uint8_t>{0, 1}));
  Table t;
  t.Strings("id", {"a-1", "b-2"}).Numbers("x", {1.5, std::nullopt});
  Matrix<double> out = MustTransform(*p, t.view());
  ASSERT_EQ(out.data.size(), 2u);
  EXPECT_EQ(out.data[0], 1.5);
  EXPECT_TRUE(std::isnan(out.data[1]));
  // It must still be present (scikit-learn: "columns are missing").
  Table missing;
  missing.Numbers("x", {1});
  EXPECT_EQ(p->Transform(missing.view(), &out).code(),
            ErrorCode::kInputColumnMissing);
}

TEST(TypedInputTest, NestedColumnTransformersOverManyBlocks) {
  // Outer groups: {x, y} through an inner ColumnTransformer that scales y
  // (by 2) and x (by 4), in that order, then x passed through; the inner
  // one's scratch is carved after the outer group's. 1000 rows: many blocks.
  MaxAbsScaler half, quarter;
  half.scale = Tensor::FromVector(std::vector<double>{2});
  quarter.scale = Tensor::FromVector(std::vector<double>{4});
  ColumnTransformer inner;
  inner.groups.push_back(Group({1}, half));
  inner.groups.push_back(Group({0}, quarter));
  ColumnTransformer outer;
  outer.groups.push_back(Group({0, 1}, inner));
  outer.groups.push_back(Group({0}, Passthrough{}));
  auto p = Make(TransformModel(
      {{"x", ColumnType::kFloat}, {"y", ColumnType::kFloat}}, 3, outer));
  ASSERT_TRUE(p);
  std::vector<std::optional<double>> x, y;
  for (int i = 0; i < 1000; ++i) {
    x.push_back(i);
    y.push_back(-3.0 * i);
  }
  Table t;
  t.Numbers("x", x).Numbers("y", y);
  for (unsigned threads : {1u, 2u}) {
    Matrix<double> out = MustTransform(*p, t.view(), threads);
    ASSERT_EQ(out.rows, 1000u);
    ASSERT_EQ(out.cols, 3u);
    for (size_t i = 0; i < 1000; ++i) {
      EXPECT_EQ(out.at(i, 0), -3.0 * static_cast<double>(i) / 2) << i;
      EXPECT_EQ(out.at(i, 1), static_cast<double>(i) / 4) << i;
      EXPECT_EQ(out.at(i, 2), static_cast<double>(i)) << i;
    }
  }
}

// ---------------------------------------------------------------------------
// Input errors of the table path.

TEST(Negative, InputColumnType) {
  auto p = Make(CityOneHot(UnknownCategory::kSlot));
  ASSERT_TRUE(p);
  // A numeric matrix for a model with a string column.
  std::vector<double> x = {1};
  Matrix<double> out;
  Status s = p->Transform(MatrixView{x.data(), DType::kFloat64, 1, 1}, &out);
  EXPECT_EQ(s.code(), ErrorCode::kInputColumnType);
  EXPECT_EQ(s.context(), "X['city']");
  // Numbers in a table for a string column.
  Table t;
  t.Numbers("city", {1});
  EXPECT_EQ(p->Transform(t.view(), &out).code(), ErrorCode::kInputColumnType);
}

TEST(Negative, InputColumnMissing) {
  auto p = Make(Headline());
  ASSERT_TRUE(p);
  Table t;
  t.Numbers("a", {1}).Strings("colour", {"red"});
  PredictOutput out;
  Status s = p->Predict(t.view(), &out);
  EXPECT_EQ(s.code(), ErrorCode::kInputColumnMissing);
  EXPECT_EQ(s.context(), "X['b']");
}

TEST(Negative, InputColumnExtra) {
  auto p = Make(Headline());
  ASSERT_TRUE(p);
  Table t;
  t.Numbers("a", {1})
      .Strings("colour", {"red"})
      .Numbers("b", {1})
      .Numbers("zzz", {1});
  PredictOutput out;
  Status s = p->Predict(t.view(), &out);
  EXPECT_EQ(s.code(), ErrorCode::kInputColumnExtra);
  EXPECT_EQ(s.context(), "X['zzz']");
  Table twice;
  twice.Numbers("a", {1}).Numbers("a", {1});
  EXPECT_EQ(p->Predict(twice.view(), &out).code(),
            ErrorCode::kInputColumnExtra);
}

TEST(Negative, InputTableLayout) {
  auto p = Make(CityOneHot(UnknownCategory::kSlot));
  ASSERT_TRUE(p);
  Table t;
  t.Strings("city", {"a", "b"});
  TableView v = t.view();
  Matrix<double> out;
  // Offsets past the data.
  v.columns[0].data_size = 1;
  Status s = p->Transform(v, &out);
  EXPECT_EQ(s.code(), ErrorCode::kInputTableLayout);
  EXPECT_EQ(s.context(), "X['city'].offsets[2]");
  // Decreasing offsets.
  std::vector<int32_t> offsets = {0, 2, 1};
  v = t.view();
  v.columns[0].values = offsets.data();
  EXPECT_EQ(p->Transform(v, &out).code(), ErrorCode::kInputTableLayout);
  // No values buffer.
  v = t.view();
  v.columns[0].values = nullptr;
  EXPECT_EQ(p->Transform(v, &out).code(), ErrorCode::kInputTableLayout);
}

TEST(Negative, InputMissingValue) {
  Model m = CityOneHot(UnknownCategory::kSlot);
  m.input.columns[0].nullable = Nullable::kNo;
  auto p = Make(m);
  ASSERT_TRUE(p);
  Table t;
  t.Strings("city", {"a", std::nullopt});
  Matrix<double> out;
  Status s = p->Transform(t.view(), &out);
  EXPECT_EQ(s.code(), ErrorCode::kInputMissingValue);
  EXPECT_EQ(s.context(), "X['city'][1]");
}

TEST(Negative, PredictorColumnType) {
  // A string column into a StandardScaler.
  StandardScaler sc;
  sc.scale = Tensor::FromVector(std::vector<double>{1});
  auto a =
      Predictor::Create(TransformModel({{"s", ColumnType::kString}}, 1, sc));
  EXPECT_EQ(a.status().code(), ErrorCode::kPredictorColumnType);
  // String categories for a numeric column.
  OneHotEncoder hot;
  hot.columns.push_back(Hot(Strs({"a"}), {0, -1}, 1));
  hot.unknown = UnknownCategory::kSlot;
  auto b =
      Predictor::Create(TransformModel({{"n", ColumnType::kFloat}}, 1, hot));
  EXPECT_EQ(b.status().code(), ErrorCode::kPredictorColumnType);
  // A transform whose output is a string column.
  auto c = Predictor::Create(
      TransformModel({{"s", ColumnType::kString}}, 1, Passthrough{}));
  EXPECT_EQ(c.status().code(), ErrorCode::kPredictorColumnType);
  // An imputer with a string column and no fill strings.
  SimpleImputer imp;
  imp.fill_numbers = Tensor::FromVector(std::vector<double>{0});
  imp.kept = {0};
  auto d =
      Predictor::Create(TransformModel({{"s", ColumnType::kString}}, 1, imp));
  EXPECT_EQ(d.status().code(), ErrorCode::kPredictorColumnType);
}

TEST(TypedInputTest, OneHotSlotsChecked) {
  OneHotEncoder hot;
  hot.columns.push_back(Hot(Strs({"a"}), {1, -1}, 1));  // slot 1 >= width
  hot.unknown = UnknownCategory::kSlot;
  auto p =
      Predictor::Create(TransformModel({{"s", ColumnType::kString}}, 1, hot));
  EXPECT_EQ(p.status().code(), ErrorCode::kPredictorFeatureIndex);
}

}  // namespace
}  // namespace modelseal
