// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
#include "mapper/state.h"

#include <bit>
#include <cmath>
#include <cstring>
#include <limits>
#include <type_traits>

#include "core/checked_math.h"
#include "core/context_path.h"

namespace modelseal::mapper {

Node Node::Bool(bool v) {
  Node n;
  n.kind_ = Kind::kBool;
  n.int_ = v ? 1 : 0;
  return n;
}
Node Node::Int(int64_t v) {
  Node n;
  n.kind_ = Kind::kInt;
  n.int_ = v;
  return n;
}
Node Node::Float(double v) {
  Node n;
  n.kind_ = Kind::kFloat;
  n.float_ = v;
  return n;
}
Node Node::Str(std::string v) {
  Node n;
  n.kind_ = Kind::kStr;
  n.text_ = std::move(v);
  return n;
}
Node Node::Bytes(std::string v) {
  Node n;
  n.kind_ = Kind::kBytes;
  n.text_ = std::move(v);
  return n;
}
Node Node::List(std::vector<Node> items) {
  Node n;
  n.kind_ = Kind::kList;
  n.items_ = std::move(items);
  return n;
}
Node Node::Tuple(std::vector<Node> items) {
  Node n;
  n.kind_ = Kind::kTuple;
  n.items_ = std::move(items);
  return n;
}
Node Node::Dict(std::vector<Node> keys_and_values) {
  Node n;
  n.kind_ = Kind::kDict;
  n.items_ = std::move(keys_and_values);
  return n;
}
Node Node::Array(ArrayData array) {
  Node n;
  n.kind_ = Kind::kArray;
  n.array_ = std::make_shared<const ArrayData>(std::move(array));
  return n;
}
Node Node::Object(ObjectData object) {
  Node n;
  n.kind_ = Kind::kObject;
  n.object_ = std::make_shared<const ObjectData>(std::move(object));
  return n;
}
Node Node::Global(std::string module, std::string qualname) {
  Node n;
  n.kind_ = Kind::kGlobal;
  n.text_ = std::move(module);
  n.text2_ = std::move(qualname);
  return n;
}

Node Node::BigInt(std::string bytes) {
  Node n;
  n.kind_ = Kind::kBigInt;
  n.text_ = std::move(bytes);
  return n;
}

const char* NodeKindName(Node::Kind kind) {
  switch (kind) {
    case Node::Kind::kNone:
      return "None";
    case Node::Kind::kBool:
      return "bool";
    case Node::Kind::kInt:
      return "int";
    case Node::Kind::kFloat:
      return "float";
    case Node::Kind::kStr:
      return "str";
    case Node::Kind::kBytes:
      return "bytes";
    case Node::Kind::kList:
      return "list";
    case Node::Kind::kTuple:
      return "tuple";
    case Node::Kind::kDict:
      return "dict";
    case Node::Kind::kArray:
      return "ndarray";
    case Node::Kind::kObject:
      return "object";
    case Node::Kind::kGlobal:
      return "global";
    case Node::Kind::kBigInt:
      return "bigint";
  }
  return "invalid";
}

Status StateBudget::Add(uint32_t depth, uint64_t bytes, std::string_view path) {
  if (depth > limits_.max_depth) {
    return Status(ErrorCode::kStateTooDeep, std::string(path),
                  "deeper than " + std::to_string(limits_.max_depth));
  }
  if (++nodes_ > limits_.max_nodes) {
    return Status(ErrorCode::kStateTooLarge, std::string(path),
                  "more than " + std::to_string(limits_.max_nodes) + " nodes");
  }
  auto total = CheckedAdd(bytes_, bytes);
  if (!total || *total > limits_.max_bytes) {
    return Status(ErrorCode::kStateTooLarge, std::string(path),
                  "more than " + std::to_string(limits_.max_bytes) + " bytes");
  }
  bytes_ = *total;
  return Status();
}

std::optional<TypeStr> ParseTypeStr(std::string_view s) {
  if (s == "|O") return TypeStr{'|', 'O', 8};  // numpy writes no size
  if (s.size() < 2 || s.size() > 16) return std::nullopt;
  TypeStr t;
  t.order = s[0];
  t.kind = s[1];
  if (t.order != '<' && t.order != '>' && t.order != '|') return std::nullopt;
  uint64_t size = 0;
  if (s.size() == 2) return std::nullopt;
  for (char c : s.substr(2)) {
    if (c < '0' || c > '9') return std::nullopt;
    size = size * 10 + static_cast<uint64_t>(c - '0');
  }
  t.size = size;
  switch (t.kind) {
    case 'b':
      if (size != 1) return std::nullopt;
      break;
    case 'i':
    case 'u':
      if (size != 1 && size != 2 && size != 4 && size != 8) return std::nullopt;
      break;
    case 'f':
      if (size != 4 && size != 8) return std::nullopt;
      break;
    case 'O':
      return std::nullopt;  // only "|O"
    case 'U':               // the count is of UCS-4 characters
      if (size > (uint64_t{1} << 40)) return std::nullopt;
      t.size = size * 4;
      break;
    case 'S':
    case 'V':
      break;
    default:
      return std::nullopt;
  }
  // One-byte and unordered kinds are '|'; the others carry an order.
  bool unordered = t.kind == 'S' || t.kind == 'V' || t.kind == 'O' ||
                   t.kind == 'b' || size == 1;
  if (unordered != (t.order == '|') && t.kind != 'U') return std::nullopt;
  if (t.kind == 'U' && t.order == '|') return std::nullopt;
  return t;
}

std::string NumpyDTypeName(std::string_view typestr) {
  auto t = ParseTypeStr(typestr);
  if (!t) return std::string(typestr);
  switch (t->kind) {
    case 'b':
      return "bool";
    case 'i':
      return "int" + std::to_string(t->size * 8);
    case 'u':
      return "uint" + std::to_string(t->size * 8);
    case 'f':
      return "float" + std::to_string(t->size * 8);
    case 'O':
      return "object";
    case 'S':  // numpy's dtype.name: bytes8 for S1, str32 for U1
      return "bytes" + std::to_string(t->size * 8);
    case 'U':
      return "str" + std::to_string(t->size * 8);
    default:
      return std::string(typestr);
  }
}

Status CheckArray(const ArrayData& a, std::string_view path) {
  auto fail = [&](std::string detail) {
    return Status(ErrorCode::kStateBadArray, std::string(path),
                  std::move(detail));
  };
  auto t = ParseTypeStr(a.typestr);
  if (!t) return fail("unknown dtype '" + a.typestr + "'");
  if (t->kind == 'V') {
    if (a.fields.empty()) return fail("void dtype without fields");
    for (const ArrayField& f : a.fields) {
      auto ft = ParseTypeStr(f.typestr);
      if (!ft || ft->kind == 'V' || ft->kind == 'O') {
        return fail("field '" + f.name + "' has unsupported dtype '" +
                    f.typestr + "'");
      }
      auto end = CheckedAdd(f.offset, ft->size);
      if (!end || *end > a.itemsize) {
        return fail("field '" + f.name + "' extends past the itemsize");
      }
    }
  } else if (!a.fields.empty()) {
    return fail("fields on a non-record dtype");
  }
  if (t->size != a.itemsize) {
    return fail("itemsize " + std::to_string(a.itemsize) + " disagrees with " +
                a.typestr);
  }
  if (a.shape.size() > 32) return fail("more than 32 dimensions");
  uint64_t count = 1;
  for (uint64_t d : a.shape) {
    auto c = CheckedMul(count, d);
    if (!c) return fail("element count overflows");
    count = *c;
  }
  if (t->kind == 'O') {
    if (!a.bytes.empty()) return fail("object array with bytes");
    if (a.objects.size() != count) {
      return fail(std::to_string(a.objects.size()) +
                  " objects for an element count of " + std::to_string(count));
    }
    return Status();
  }
  if (!a.objects.empty()) return fail("objects in a non-object array");
  auto n = CheckedMul(count, a.itemsize);
  if (!n || *n != a.bytes.size()) {
    return fail(std::to_string(a.bytes.size()) +
                " bytes for shape and itemsize needing " +
                (n ? std::to_string(*n) : std::string("more")));
  }
  return Status();
}

namespace {

Status CheckNode(const Node& n, uint32_t depth, StateBudget& budget,
                 const std::string& path) {
  uint64_t bytes = n.text().size() + n.qualname().size();
  if (n.kind() == Node::Kind::kArray) bytes += n.array()->bytes.size();
  MODELSEAL_RETURN_IF_ERROR(budget.Add(depth, bytes, path));
  switch (n.kind()) {
    case Node::Kind::kList:
    case Node::Kind::kTuple:
    case Node::Kind::kDict: {
      if (n.kind() == Node::Kind::kDict && n.items().size() % 2 != 0) {
        return Status(ErrorCode::kStateUnrepresentable, path,
                      "dict with an odd number of keys and values");
      }
      bool dict = n.kind() == Node::Kind::kDict;
      for (size_t i = 0; i < n.items().size(); ++i) {
        // A dict's value is named by its str key (as Value::Get does).
        const Node* key = dict && i % 2 == 1 ? &n.items()[i - 1] : nullptr;
        std::string sub = key && key->kind() == Node::Kind::kStr
                              ? JoinContext(path, key->text())
                              : IndexContext(path, dict ? i / 2 : i);
        MODELSEAL_RETURN_IF_ERROR(
            CheckNode(n.items()[i], depth + 1, budget, sub));
      }
      return Status();
    }
    case Node::Kind::kArray: {
      MODELSEAL_RETURN_IF_ERROR(CheckArray(*n.array(), path));
      for (size_t i = 0; i < n.array()->objects.size(); ++i) {
        MODELSEAL_RETURN_IF_ERROR(CheckNode(n.array()->objects[i], depth + 1,
                                            budget, IndexContext(path, i)));
      }
      return Status();
    }
    case Node::Kind::kObject: {
      const ObjectData& o = *n.object();
      if (o.state.size() > 1 || o.dictitems.size() % 2 != 0) {
        return Status(ErrorCode::kStateUnrepresentable, path,
                      "object with more than one state or odd dict items");
      }
      for (const auto* list : {&o.args, &o.state, &o.listitems, &o.dictitems}) {
        for (const Node& c : *list) {
          MODELSEAL_RETURN_IF_ERROR(CheckNode(c, depth + 1, budget, path));
        }
      }
      return Status();
    }
    default:
      return Status();
  }
}

}  // namespace

Status CheckState(const Node& root, const StateLimits& limits,
                  std::string_view path) {
  StateBudget budget(limits);
  return CheckNode(root, 0, budget, std::string(path));
}

Value Value::WithPath(std::string path) const {
  Value v = *this;
  v.path_ = std::move(path);
  return v;
}

Status Value::Fail(ErrorCode code, std::string detail) const {
  return Status(code, path_, std::move(detail));
}

Result<const Node*> Value::StateDict() const {
  if (!ok()) return status_;
  const Node* d = node_;
  if (d->kind() == Node::Kind::kObject) {
    if (d->object()->state.empty()) {
      return Fail(ErrorCode::kStateType, "object has no state");
    }
    d = &d->object()->state[0];
  }
  if (d->kind() != Node::Kind::kDict) {
    return Fail(ErrorCode::kStateType,
                std::string("expected a dict, got ") + NodeKindName(d->kind()));
  }
  return d;
}

Value Value::Get(std::string_view key) const {
  auto d = StateDict();
  if (!d.ok()) return Value(d.status());
  const auto& items = (*d)->items();
  for (size_t i = 0; i + 1 < items.size(); i += 2) {
    if (items[i].kind() == Node::Kind::kStr && items[i].text() == key) {
      return Value(items[i + 1], JoinContext(path_, key));
    }
  }
  return Value(
      Status(ErrorCode::kStateMissing, JoinContext(path_, key), "missing"));
}

bool Value::Has(std::string_view key) const { return Get(key).ok(); }

std::optional<Value> Value::Find(std::string_view key) const {
  Value v = Get(key);
  if (!v.ok() || v.kind() == Node::Kind::kNone) return std::nullopt;
  return v;
}

Value Value::At(size_t i) const {
  if (!ok()) return *this;
  std::string sub = IndexContext(path_, i);
  const std::vector<Node>* items = nullptr;
  if (kind() == Node::Kind::kList || kind() == Node::Kind::kTuple) {
    items = &node_->items();
  } else if (kind() == Node::Kind::kArray && node_->array()->typestr == "|O") {
    const ArrayData& a = *node_->array();
    if (i >= a.objects.size()) {
      return Value(Status(ErrorCode::kStateShape, sub,
                          "index out of range (length " +
                              std::to_string(a.objects.size()) + ")"));
    }
    if (a.fortran_order && a.shape.size() > 1) {
      // Map the C-order index to the stored Fortran-order position.
      size_t rest = i, pos = 0, stride = 1;
      std::vector<size_t> idx(a.shape.size());
      for (size_t d = a.shape.size(); d-- > 0;) {
        idx[d] = rest % a.shape[d];
        rest /= a.shape[d];
      }
      for (size_t d = 0; d < a.shape.size(); ++d) {
        pos += idx[d] * stride;
        stride *= a.shape[d];
      }
      return Value(a.objects[pos], sub);
    }
    items = &a.objects;
  } else {
    return Value(Fail(ErrorCode::kStateType,
                      std::string("expected a list, tuple or object array, "
                                  "got ") +
                          NodeKindName(kind())));
  }
  if (i >= items->size()) {
    return Value(Status(
        ErrorCode::kStateShape, sub,
        "index out of range (length " + std::to_string(items->size()) + ")"));
  }
  return Value((*items)[i], sub);
}

Result<size_t> Value::Size() const {
  if (!ok()) return status_;
  if (kind() == Node::Kind::kList || kind() == Node::Kind::kTuple) {
    return node_->items().size();
  }
  if (kind() == Node::Kind::kArray && node_->array()->typestr == "|O") {
    return node_->array()->objects.size();
  }
  return Fail(ErrorCode::kStateType,
              std::string("expected a list, tuple or object array, got ") +
                  NodeKindName(kind()));
}

Result<std::vector<std::string>> Value::Keys() const {
  MODELSEAL_ASSIGN_OR_RETURN(const Node* d, StateDict());
  std::vector<std::string> out;
  for (size_t i = 0; i + 1 < d->items().size(); i += 2) {
    if (d->items()[i].kind() == Node::Kind::kStr) {
      out.push_back(d->items()[i].text());
    }
  }
  return out;
}

Result<bool> Value::AsBool() const {
  if (!ok()) return status_;
  if (kind() != Node::Kind::kBool) {
    return Fail(ErrorCode::kStateType,
                std::string("expected bool, got ") + NodeKindName(kind()));
  }
  return node_->boolean();
}

Result<int64_t> Value::AsInt() const {
  if (!ok()) return status_;
  if (kind() == Node::Kind::kBigInt) {
    return Fail(ErrorCode::kStateValue, "integer does not fit int64");
  }
  if (kind() != Node::Kind::kInt) {
    return Fail(ErrorCode::kStateType,
                std::string("expected int, got ") + NodeKindName(kind()));
  }
  return node_->integer();
}

Result<double> Value::AsFloat() const {
  if (!ok()) return status_;
  if (kind() == Node::Kind::kFloat) return node_->floating();
  if (kind() == Node::Kind::kInt) {
    return static_cast<double>(node_->integer());
  }
  return Fail(ErrorCode::kStateType,
              std::string("expected float, got ") + NodeKindName(kind()));
}

Result<std::string> Value::AsStr() const {
  if (!ok()) return status_;
  if (kind() != Node::Kind::kStr) {
    return Fail(ErrorCode::kStateType,
                std::string("expected str, got ") + NodeKindName(kind()));
  }
  return node_->text();
}

Result<std::pair<std::string, std::string>> Value::ClassName() const {
  if (!ok()) return status_;
  if (kind() != Node::Kind::kObject) {
    return Fail(ErrorCode::kStateType,
                std::string("expected an object, got ") + NodeKindName(kind()));
  }
  return std::make_pair(node_->object()->module, node_->object()->qualname);
}

Result<const ArrayData*> Value::AsArray() const {
  if (!ok()) return status_;
  if (kind() != Node::Kind::kArray) {
    return Fail(ErrorCode::kStateType,
                std::string("expected ndarray, got ") + NodeKindName(kind()));
  }
  return node_->array();
}

namespace {

template <typename U>
U Load(const std::byte* p, bool swap) {
  U v;
  std::memcpy(&v, p, sizeof(U));
  if (swap) {
    unsigned char b[sizeof(U)];
    std::memcpy(b, &v, sizeof(U));
    for (size_t i = 0; i < sizeof(U) / 2; ++i) {
      std::swap(b[i], b[sizeof(U) - 1 - i]);
    }
    std::memcpy(&v, b, sizeof(U));
  }
  return v;
}

// One element as either an exact integer or a double.
struct Scalar {
  bool is_float = false;
  int64_t i = 0;
  uint64_t u = 0;
  double f = 0;
};

Scalar ReadScalar(const TypeStr& t, const std::byte* p) {
  bool swap = t.order == '>';
  Scalar s;
  switch (t.kind) {
    case 'b':
      s.u = static_cast<uint8_t>(p[0]) != 0 ? 1 : 0;
      s.i = static_cast<int64_t>(s.u);
      return s;
    case 'i': {
      int64_t v = 0;
      if (t.size == 1) v = Load<int8_t>(p, false);
      if (t.size == 2) v = Load<int16_t>(p, swap);
      if (t.size == 4) v = Load<int32_t>(p, swap);
      if (t.size == 8) v = Load<int64_t>(p, swap);
      s.i = v;
      s.u = static_cast<uint64_t>(v);
      return s;
    }
    case 'u': {
      uint64_t v = 0;
      if (t.size == 1) v = Load<uint8_t>(p, false);
      if (t.size == 2) v = Load<uint16_t>(p, swap);
      if (t.size == 4) v = Load<uint32_t>(p, swap);
      if (t.size == 8) v = Load<uint64_t>(p, swap);
      s.u = v;
      s.i = static_cast<int64_t>(v);
      return s;
    }
    default:  // 'f'
      s.is_float = true;
      s.f = t.size == 4 ? static_cast<double>(Load<float>(p, swap))
                        : Load<double>(p, swap);
      return s;
  }
}

template <typename T>
bool Convert(const Scalar& s, char kind, T* out) {
  if constexpr (std::is_same_v<T, double>) {
    if (s.is_float) {
      *out = s.f;
    } else if (kind == 'u') {
      *out = static_cast<double>(s.u);
    } else {
      *out = static_cast<double>(s.i);
    }
    return true;
  } else {
    using L = std::numeric_limits<T>;
    if (s.is_float) {
      // numpy's astype then array_equal: the value must be integral and
      // in range.
      if (!(s.f >= static_cast<double>(L::min()) &&
            s.f <= static_cast<double>(L::max())) ||
          std::trunc(s.f) != s.f) {
        return false;
      }
      // Doubles at the top of int64's range round up: refuse them.
      if (s.f >= 9223372036854775808.0) return false;
      *out = static_cast<T>(s.f);
      return true;
    }
    if (kind == 'u') {
      if (s.u > static_cast<uint64_t>(L::max())) return false;
      *out = static_cast<T>(s.u);
      return true;
    }
    if (s.i < static_cast<int64_t>(L::min()) ||
        (s.i > 0 &&
         static_cast<uint64_t>(s.i) > static_cast<uint64_t>(L::max()))) {
      return false;
    }
    *out = static_cast<T>(s.i);
    return true;
  }
}

}  // namespace

template <typename T>
Result<Elements<T>> Value::Numeric(std::string_view field) const {
  MODELSEAL_ASSIGN_OR_RETURN(const ArrayData* a, AsArray());
  MODELSEAL_RETURN_IF_ERROR(CheckArray(*a, path_));
  std::string where =
      field.empty() ? path_ : path_ + "['" + std::string(field) + "']";
  std::string typestr = a->typestr;
  uint64_t offset = 0;
  if (!field.empty()) {
    const ArrayField* found = nullptr;
    for (const ArrayField& f : a->fields) {
      if (f.name == field) found = &f;
    }
    if (found == nullptr) {
      return Status(ErrorCode::kStateDType, where,
                    "record dtype has no field '" + std::string(field) + "'");
    }
    typestr = found->typestr;
    offset = found->offset;
  } else if (!a->fields.empty()) {
    return Status(ErrorCode::kStateDType, where,
                  "expected a numeric array, got a record array");
  }
  auto t = ParseTypeStr(typestr);
  if (!t ||
      (t->kind != 'b' && t->kind != 'i' && t->kind != 'u' && t->kind != 'f')) {
    return Status(ErrorCode::kStateDType, where,
                  "expected a numeric dtype, got " + NumpyDTypeName(typestr));
  }
  Elements<T> out;
  out.shape = a->shape;
  size_t count = a->itemsize == 0 ? 0 : a->bytes.size() / a->itemsize;
  out.values.resize(count);
  // Strides of the stored order, to read elements in C order.
  std::vector<uint64_t> stride(a->shape.size(), 1);
  if (a->fortran_order) {
    for (size_t d = 1; d < a->shape.size(); ++d) {
      stride[d] = stride[d - 1] * a->shape[d - 1];
    }
  } else {
    for (size_t d = a->shape.size(); d-- > 1;) {
      stride[d - 1] = stride[d] * a->shape[d];
    }
  }
  std::vector<uint64_t> idx(a->shape.size(), 0);
  for (size_t i = 0; i < count; ++i) {
    uint64_t pos = 0;
    for (size_t d = 0; d < idx.size(); ++d) pos += idx[d] * stride[d];
    Scalar s = ReadScalar(*t, a->bytes.data() + pos * a->itemsize + offset);
    if (!Convert<T>(s, t->kind, &out.values[i])) {
      return Status(ErrorCode::kStateValue, IndexContext(where, i),
                    "value does not fit the target type");
    }
    for (size_t d = idx.size(); d-- > 0;) {
      if (++idx[d] < a->shape[d]) break;
      idx[d] = 0;
    }
  }
  return out;
}

template Result<Elements<double>> Value::Numeric<double>(
    std::string_view) const;
template Result<Elements<int64_t>> Value::Numeric<int64_t>(
    std::string_view) const;
template Result<Elements<int32_t>> Value::Numeric<int32_t>(
    std::string_view) const;
template Result<Elements<uint32_t>> Value::Numeric<uint32_t>(
    std::string_view) const;
template Result<Elements<uint8_t>> Value::Numeric<uint8_t>(
    std::string_view) const;

}  // namespace modelseal::mapper
