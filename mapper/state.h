// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// The neutral state tree: what Python's reduce protocol yields for a fitted
// scikit-learn estimator, as plain data. Python's save() builds it from a
// live estimator (python/modelseal/_state.py); the pickle importer builds the
// same tree from a pickle's bytes. The mappers (mapper/mapper.h) turn it
// into a Model. Nothing here runs or resolves anything: classes are names.
//
// Node kinds and what produces each (the importer MUST produce the same):
//   None, bool, int (int64), bigint (an int outside int64, as the
//   little-endian two's-complement bytes pickle's LONG1 carries; reading
//   one as an int is E1114 StateValue), float (double), str (UTF-8),
//   bytes,
//   list, tuple, dict (ordered; keys are nodes, usually str),
//   array     a numpy.ndarray: typestr (numpy's dtype.str, e.g. "<f8",
//             "|u1", "|b1", "<U7", "|O"; a record dtype is "|V<itemsize>"
//             with its named fields, each with typestr and byte offset),
//             shape, C or Fortran order, the raw element bytes; an
//             object-dtype array ("|O") holds its elements as nodes in
//             its own order instead of bytes,
//   object    an object reduced by __reduce_ex__(4): its class as
//             (module, qualname) — for copyreg.__newobj__ and
//             copyreg._reconstructor the class itself, otherwise the
//             reduce callable (e.g. a Cython `__pyx_unpickle_*` function or
//             the Cython class `sklearn.tree._tree.Tree`) — its arguments
//             (a tuple, without the class for __newobj__), its state (a
//             node, None when absent) and its list and dict items,
//   global    a class or function used as a value (e.g. OrdinalEncoder's
//             dtype=numpy.float64): (module, qualname).
// Normalisation: numpy scalars become int/float/bool nodes (a float32
// scalar is widened exactly to double); a numpy dtype object becomes a str
// node holding its dtype.str ("<f8").
//
// Limits (StateLimits): nesting depth, node count and total bytes of
// strings, bytes and array data, checked by the builder (StateBudget) and
// again by CheckState before mapping.
//
// Reading: Value is a view of one node with its path
// ("estimator.steps[1].estimators_[3].tree_.nodes"). Accessors return a
// Value that carries the first error, so reads chain:
//   Value coef = est.Get("coef_");
//   MODELSEAL_ASSIGN_OR_RETURN(auto a, coef.AsArray());
// and every error names the path of the field that is missing or mistyped.
#ifndef MODELSEAL_MAPPER_STATE_H_
#define MODELSEAL_MAPPER_STATE_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "modelseal/error.h"

namespace modelseal::mapper {

struct StateLimits {
  uint32_t max_depth = 128;         // E1100 StateTooDeep
  uint64_t max_nodes = 1ull << 24;  // E1101 StateTooLarge
  uint64_t max_bytes = 1ull << 36;  // E1101 (strings, bytes, array data)
};

class Node;

// One field of a record dtype.
struct ArrayField {
  std::string name;
  std::string typestr;  // a plain numeric typestr ("<i8", "|u1", ...)
  uint64_t offset = 0;
  bool operator==(const ArrayField&) const = default;
};

struct ArrayData {
  std::string typestr;
  std::vector<ArrayField> fields;  // record dtypes only
  uint64_t itemsize = 0;
  std::vector<uint64_t> shape;
  bool fortran_order = false;
  std::vector<std::byte> bytes;  // not for "|O"
  std::vector<Node> objects;     // "|O" only, in the array's own order
};

struct ObjectData {
  std::string module;
  std::string qualname;
  std::vector<Node> args;
  std::vector<Node> state;  // empty, or exactly one node
  std::vector<Node> listitems;
  std::vector<Node> dictitems;  // key, value, key, value, ...
};

class Node {
 public:
  enum class Kind : uint8_t {
    kNone,
    kBool,
    kInt,
    kFloat,
    kStr,
    kBytes,
    kList,
    kTuple,
    kDict,
    kArray,
    kObject,
    kGlobal,
    kBigInt,
  };

  Node() = default;  // None
  static Node None() { return Node(); }
  static Node Bool(bool v);
  static Node Int(int64_t v);
  static Node Float(double v);
  static Node Str(std::string v);
  static Node Bytes(std::string v);
  static Node List(std::vector<Node> items);
  static Node Tuple(std::vector<Node> items);
  // Keys and values interleaved: k0, v0, k1, v1, ... (an even count).
  static Node Dict(std::vector<Node> keys_and_values);
  static Node Array(ArrayData array);
  static Node Object(ObjectData object);
  static Node Global(std::string module, std::string qualname);
  // An int outside int64: its little-endian two's-complement bytes.
  static Node BigInt(std::string bytes);

  Kind kind() const { return kind_; }
  bool boolean() const { return int_ != 0; }
  int64_t integer() const { return int_; }
  double floating() const { return float_; }
  // str, bytes, bigint bytes; the module of a global.
  const std::string& text() const { return text_; }
  const std::string& qualname() const { return text2_; }
  // list, tuple, dict (keys and values interleaved).
  const std::vector<Node>& items() const { return items_; }
  const ArrayData* array() const { return array_.get(); }
  const ObjectData* object() const { return object_.get(); }

 private:
  Kind kind_ = Kind::kNone;
  int64_t int_ = 0;
  double float_ = 0;
  std::string text_;
  std::string text2_;
  std::vector<Node> items_;
  std::shared_ptr<const ArrayData> array_;
  std::shared_ptr<const ObjectData> object_;
};

// "None", "bool", ... as in error details.
const char* NodeKindName(Node::Kind kind);

// Counts what a builder adds, against StateLimits; the first excess is an
// error naming the path.
class StateBudget {
 public:
  explicit StateBudget(StateLimits limits = {}) : limits_(limits) {}
  // A node at `depth` (root = 0) holding `bytes` bytes of payload.
  [[nodiscard]] Status Add(uint32_t depth, uint64_t bytes,
                           std::string_view path);

 private:
  StateLimits limits_;
  uint64_t nodes_ = 0;
  uint64_t bytes_ = 0;
};

// Checks an array's description: a known typestr (or record fields inside
// the itemsize), itemsize matching the typestr, a shape whose element count
// times itemsize (checked arithmetic) equals the byte length, and objects
// only for "|O" (E1102 StateBadArray).
[[nodiscard]] Status CheckArray(const ArrayData& array, std::string_view path);

// Checks a whole tree against `limits` and every array in it.
[[nodiscard]] Status CheckState(const Node& root, const StateLimits& limits,
                                std::string_view path);

// A numpy typestr parsed: byte order, kind character and size.
struct TypeStr {
  char order = '|';  // '<', '>' or '|'
  char kind = 0;     // 'b', 'i', 'u', 'f', 'U', 'S', 'O', 'V'
  uint64_t size = 0;
};
std::optional<TypeStr> ParseTypeStr(std::string_view s);
// numpy's str(dtype) for a typestr: "float64", "bool", "<U5", "object".
std::string NumpyDTypeName(std::string_view typestr);

// A numeric array read from an ArrayData, elements in C order.
template <typename T>
struct Elements {
  std::vector<T> values;
  std::vector<uint64_t> shape;
};

// A view of one node and its path; carries the first error of a chain.
class Value {
 public:
  Value(const Node& node, std::string path) : node_(&node), path_(path) {}
  static Value Error(Status status) { return Value(std::move(status)); }

  bool ok() const { return status_.ok(); }
  const Status& status() const { return status_; }
  const std::string& path() const { return path_; }
  // The same node under another path (e.g. "estimator.steps[0]").
  Value WithPath(std::string path) const;
  const Node* node() const { return node_; }
  Node::Kind kind() const { return node_ ? node_->kind() : Node::Kind::kNone; }
  bool is_none() const { return ok() && kind() == Node::Kind::kNone; }
  bool is_str() const { return ok() && kind() == Node::Kind::kStr; }
  bool is_object() const { return ok() && kind() == Node::Kind::kObject; }

  // A key of a dict, or of an object's state dict. Missing: E1110.
  Value Get(std::string_view key) const;
  // Whether Get(key) would find the key.
  bool Has(std::string_view key) const;
  // The key's value, or nullopt when the key is absent or its value is None.
  std::optional<Value> Find(std::string_view key) const;
  // Element i of a list, tuple or object array (C order). E1111 / E1113.
  Value At(size_t i) const;
  // Number of elements of a list, tuple or object array.
  Result<size_t> Size() const;
  // The state dict's keys of an object (or a dict's str keys).
  Result<std::vector<std::string>> Keys() const;

  Result<bool> AsBool() const;        // bool
  Result<int64_t> AsInt() const;      // int (not bool)
  Result<double> AsFloat() const;     // float or int
  Result<std::string> AsStr() const;  // str
  // An object's class (module, qualname).
  Result<std::pair<std::string, std::string>> ClassName() const;
  Result<const ArrayData*> AsArray() const;
  // Elements of a numeric array (typestr b1, i1-i8, u1-u8, f4, f8, either
  // byte order; or `field` of a record array) converted to T. For integer
  // T every value must convert exactly (E1114 StateValue, like numpy's
  // astype refused on change); for double T integers convert as numpy's
  // astype(float64) does.
  template <typename T>
  Result<Elements<T>> Numeric(std::string_view field = {}) const;

  // Builds an error at this path (or a sub-path) with `code`.
  Status Fail(ErrorCode code, std::string detail) const;

 private:
  explicit Value(Status s) : status_(std::move(s)) {}
  Result<const Node*> StateDict() const;

  const Node* node_ = nullptr;
  std::string path_;
  Status status_;
};

extern template Result<Elements<double>> Value::Numeric<double>(
    std::string_view) const;
extern template Result<Elements<int64_t>> Value::Numeric<int64_t>(
    std::string_view) const;
extern template Result<Elements<int32_t>> Value::Numeric<int32_t>(
    std::string_view) const;
extern template Result<Elements<uint32_t>> Value::Numeric<uint32_t>(
    std::string_view) const;
extern template Result<Elements<uint8_t>> Value::Numeric<uint8_t>(
    std::string_view) const;

}  // namespace modelseal::mapper

#endif  // MODELSEAL_MAPPER_STATE_H_
