// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
#include "format/model_reply.h"

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>

#include "core/checked_math.h"
#include "core/little_endian.h"
#include "modelseal/format.h"
#include "modelseal/limits.h"

namespace modelseal {

namespace {

// A struct is visitable when it has a template Visit(V&) member; checking
// that needs a concrete visitor type, so each visitor tests against itself.
template <class T, class V>
concept VisitableBy = requires(T& t, V& v) {
  t.Visit(v);
};

// ---------------------------------------------------------------------------
// The fewest bytes one list item of type T occupies in a reply: what a
// list count is checked against. Derived from the Visit() methods, so a new
// field or kind is accounted for without touching this code. (An estimator
// kind holds other estimators only through a list, whose smallest form is
// empty, so the computation terminates.)

template <class T>
uint64_t MinItemBytes();

class MinSize {
 public:
  uint64_t total = 0;

  void Field(uint16_t, const char*, std::string&) { total += 2 + 4; }
  void Field(uint16_t, const char*, uint16_t&) { total += 2 + 2; }
  void Field(uint16_t, const char*, uint64_t&) { total += 2 + 8; }
  void Field(uint16_t, const char*, double&) { total += 2 + 8; }
  template <class E>
  requires std::is_enum_v<E>
  void Field(uint16_t, const char*, E&) { total += 2 + 1; }
  void Field(uint16_t, const char*, Tensor&) { total += 2 + 1; }  // absent
  template <class T>
  void Field(uint16_t, const char*, std::vector<T>&) {
    total += 2 + 4;  // an empty list
  }
  template <class T>
  requires VisitableBy<T, MinSize>
  void Field(uint16_t, const char*, T&) { total += 2 + MinItemBytes<T>(); }
  void Field(uint16_t, const char*, Estimator&) {
    total += 2 + MinItemBytes<Estimator>();
  }
};

template <size_t... I>
uint64_t MinEstimatorBytes(std::index_sequence<I...>) {
  uint64_t least = UINT64_MAX;
  ((least = std::min(
        least,
        MinItemBytes<std::variant_alternative_t<I, EstimatorVariant>>())),
   ...);
  return 1 + least;  // the kind byte, then the smallest alternative
}

template <class T>
uint64_t MinItemBytes() {
  if constexpr (std::is_same_v<T, std::string>) {
    return 4;  // length
  } else if constexpr (std::is_same_v<T, uint64_t>) {
    return 8;
  } else if constexpr (std::is_same_v<T, Estimator>) {
    static const uint64_t bytes = MinEstimatorBytes(
        std::make_index_sequence<std::variant_size_v<EstimatorVariant>>());
    return bytes;
  } else {
    static const uint64_t bytes = [] {
      MinSize size;
      T item;
      item.Visit(size);
      return size.total;
    }();
    return bytes;
  }
}

// ---------------------------------------------------------------------------
// Encoder (runs in the helper).

class Encoder {
 public:
  explicit Encoder(std::span<const std::byte> input) : input_(input) {}

  Status status() const { return status_; }
  std::vector<std::byte> Take() { return std::move(out_); }

  void Header() {
    PutU32(kModelReplyMagic);
    PutU16(kModelReplyVersion);
  }

  void Field(uint16_t tag, const char*, std::string& s) {
    PutU16(tag);
    PutU32(static_cast<uint32_t>(s.size()));
    PutBytes(s.data(), s.size());
  }
  void Field(uint16_t tag, const char*, uint16_t& v) {
    PutU16(tag);
    PutU16(v);
  }
  void Field(uint16_t tag, const char*, uint64_t& v) {
    PutU16(tag);
    PutU64(v);
  }
  void Field(uint16_t tag, const char*, double& v) {
    PutU16(tag);
    AppendLeF64(&out_, v);
  }
  template <class E>
  requires std::is_enum_v<E>
  void Field(uint16_t tag, const char*, E& e) {
    PutU16(tag);
    out_.push_back(static_cast<std::byte>(static_cast<uint8_t>(e)));
  }
  void Field(uint16_t tag, const char* name, Tensor& t) {
    PutU16(tag);
    out_.push_back(static_cast<std::byte>(t.present() ? 1 : 0));
    if (!t.present()) return;
    out_.push_back(static_cast<std::byte>(t.dtype()));
    out_.push_back(static_cast<std::byte>(t.rank()));
    for (uint64_t d : t.shape()) PutU64(d);
    const std::byte* base = input_.data();
    const std::byte* end = base + input_.size();
    bool inside = t.data() >= base && t.data() <= end &&
                  t.nbytes() <= static_cast<size_t>(end - t.data());
    if (!inside) {
      if (status_.ok()) {
        status_ = Status(ErrorCode::kInternal, name,
                         "tensor does not point into the input buffer");
      }
      PutU64(0);
    } else {
      PutU64(static_cast<uint64_t>(t.data() - base));
    }
    PutU64(t.nbytes());
  }
  void Field(uint16_t tag, const char*, std::vector<std::string>& v) {
    PutU16(tag);
    PutU32(static_cast<uint32_t>(v.size()));
    for (auto& s : v) {
      PutU32(static_cast<uint32_t>(s.size()));
      PutBytes(s.data(), s.size());
    }
  }
  void Field(uint16_t tag, const char*, std::vector<uint64_t>& v) {
    PutU16(tag);
    PutU32(static_cast<uint32_t>(v.size()));
    for (uint64_t x : v) PutU64(x);
  }
  template <class T>
  requires VisitableBy<T, Encoder>
  void Field(uint16_t tag, const char*, T& s) {
    PutU16(tag);
    s.Visit(*this);
  }
  template <class T>
  requires VisitableBy<T, Encoder>
  void Field(uint16_t tag, const char*, std::vector<T>& v) {
    PutU16(tag);
    PutU32(static_cast<uint32_t>(v.size()));
    for (auto& item : v) item.Visit(*this);
  }
  void Field(uint16_t tag, const char*, Estimator& e) {
    PutU16(tag);
    EncodeEstimator(e);
  }
  void Field(uint16_t tag, const char*, std::vector<Estimator>& v) {
    PutU16(tag);
    PutU32(static_cast<uint32_t>(v.size()));
    for (auto& e : v) EncodeEstimator(e);
  }

 private:
  void EncodeEstimator(Estimator& e) {
    out_.push_back(static_cast<std::byte>(e.kind.index()));
    std::visit([this](auto& alt) { alt.Visit(*this); }, e.kind);
  }
  void PutBytes(const void* p, size_t n) {
    const auto* b = static_cast<const std::byte*>(p);
    out_.insert(out_.end(), b, b + n);
  }
  void PutU16(uint16_t v) { AppendLe16(&out_, v); }
  void PutU32(uint32_t v) { AppendLe32(&out_, v); }
  void PutU64(uint64_t v) { AppendLe64(&out_, v); }

  std::span<const std::byte> input_;
  std::vector<std::byte> out_;
  Status status_;
};

// ---------------------------------------------------------------------------
// Decoder (runs in the host, on untrusted bytes).

class Decoder {
 public:
  Decoder(std::span<const std::byte> payload, std::span<const std::byte> input,
          std::shared_ptr<const void> keepalive)
      : p_(payload), input_(input), keepalive_(std::move(keepalive)) {}

  const Status& status() const { return status_; }
  bool AtEnd() const { return pos_ == p_.size(); }
  size_t pos() const { return pos_; }

  void Header() {
    uint32_t magic = 0;
    uint16_t version = 0;
    if (!GetU32(&magic)) return;
    if (magic != kModelReplyMagic) {
      Fail(ErrorCode::kModelReplyMagic, "", "got 0x" + Hex(magic));
      return;
    }
    if (!GetU16(&version)) return;
    if (version != kModelReplyVersion) {
      Fail(ErrorCode::kModelReplyVersion, "",
           "version " + std::to_string(version));
    }
  }

  void Field(uint16_t tag, const char* name, std::string& s) {
    if (!Tag(tag, name)) return;
    GetString(name, &s);
  }
  void Field(uint16_t tag, const char* name, uint16_t& v) {
    if (!Tag(tag, name)) return;
    GetU16(&v);
  }
  void Field(uint16_t tag, const char* name, uint64_t& v) {
    if (!Tag(tag, name)) return;
    GetU64(&v);
  }
  void Field(uint16_t tag, const char* name, double& v) {
    if (!Tag(tag, name)) return;
    uint64_t bits = 0;
    if (GetU64(&bits)) v = std::bit_cast<double>(bits);
  }
  template <class E>
  requires std::is_enum_v<E>
  void Field(uint16_t tag, const char* name, E& e) {
    if (!Tag(tag, name)) return;
    uint8_t raw = 0;
    // Range checks of enum values are ValidateModel's job (it runs next);
    // holding any byte in an enum with a fixed underlying type is defined.
    if (GetU8(&raw)) e = static_cast<E>(raw);
  }
  void Field(uint16_t tag, const char* name, Tensor& t) {
    if (!Tag(tag, name)) return;
    uint8_t present = 0;
    if (!GetU8(&present)) return;
    if (present > 1) {
      Fail(ErrorCode::kModelReplyEnum, name,
           "presence flag " + std::to_string(present));
      return;
    }
    if (present == 0) {
      t = Tensor();
      return;
    }
    uint8_t dtype_raw = 0, rank = 0;
    if (!GetU8(&dtype_raw) || !GetU8(&rank)) return;
    if (!DTypeIsValid(dtype_raw)) {
      Fail(ErrorCode::kModelReplyEnum, name,
           "dtype " + std::to_string(dtype_raw));
      return;
    }
    if (rank > limits::kMaxRank) {
      Fail(ErrorCode::kModelReplyLimit, name, "rank " + std::to_string(rank));
      return;
    }
    DType dtype = static_cast<DType>(dtype_raw);
    std::vector<uint64_t> shape(rank);
    uint64_t elements = 1;
    for (auto& d : shape) {
      if (!GetU64(&d)) return;
      auto e = CheckedMul(elements, d);
      if (!e || *e > limits::kMaxTensorElements) {
        Fail(ErrorCode::kModelReplyTensorLength, name,
             "element count overflows");
        return;
      }
      elements = *e;
    }
    uint64_t offset = 0, nbytes = 0;
    if (!GetU64(&offset) || !GetU64(&nbytes)) return;
    auto expected = CheckedMul(elements, DTypeSize(dtype));
    if (!expected || *expected != nbytes) {
      Fail(ErrorCode::kModelReplyTensorLength, name,
           std::to_string(nbytes) + " bytes for " + std::to_string(elements) +
               " elements of " + DTypeName(dtype));
      return;
    }
    auto end = CheckedAdd(offset, nbytes);
    if (!end || *end > input_.size()) {
      Fail(ErrorCode::kModelReplyTensorBounds, name,
           "[" + std::to_string(offset) + ", +" + std::to_string(nbytes) +
               ") outside an input of " + std::to_string(input_.size()) +
               " bytes");
      return;
    }
    if (offset % limits::kTensorAlignment != 0) {
      Fail(ErrorCode::kModelReplyTensorAlignment, name,
           "offset " + std::to_string(offset));
      return;
    }
    t = Tensor::Borrow(dtype, std::move(shape), input_.data() + offset,
                       static_cast<size_t>(nbytes), keepalive_);
  }
  void Field(uint16_t tag, const char* name, std::vector<std::string>& v) {
    if (!Tag(tag, name)) return;
    DecodeList(name, v, [&](std::string& s) { GetString(name, &s); });
  }
  void Field(uint16_t tag, const char* name, std::vector<uint64_t>& v) {
    if (!Tag(tag, name)) return;
    DecodeList(name, v, [&](uint64_t& x) { GetU64(&x); });
  }
  template <class T>
  requires VisitableBy<T, Decoder>
  void Field(uint16_t tag, const char* name, T& s) {
    if (!Tag(tag, name)) return;
    s.Visit(*this);
  }
  template <class T>
  requires VisitableBy<T, Decoder>
  void Field(uint16_t tag, const char* name, std::vector<T>& v) {
    if (!Tag(tag, name)) return;
    DecodeList(name, v, [&](T& item) { item.Visit(*this); });
  }
  void Field(uint16_t tag, const char* name, Estimator& e) {
    if (!Tag(tag, name)) return;
    DecodeEstimator(name, &e);
  }
  void Field(uint16_t tag, const char* name, std::vector<Estimator>& v) {
    if (!Tag(tag, name)) return;
    DecodeList(name, v, [&](Estimator& e) { DecodeEstimator(name, &e); });
  }

 private:
  template <size_t... I>
  static bool EmplaceByIndex(EstimatorVariant& v, size_t index,
                             std::index_sequence<I...>) {
    bool done = false;
    ((index == I ? (v.emplace<I>(), done = true) : false), ...);
    return done;
  }

  void DecodeEstimator(const char* name, Estimator* e) {
    uint8_t kind = 0;
    if (!GetU8(&kind)) return;
    if (!EmplaceByIndex(e->kind, kind,
                        std::make_index_sequence<
                            std::variant_size_v<EstimatorVariant>>())) {
      Fail(ErrorCode::kModelReplyKind, name, "kind " + std::to_string(kind));
      return;
    }
    if (++depth_ > kModelReplyMaxDepth) {
      Fail(ErrorCode::kModelReplyDepth, name,
           "deeper than " + std::to_string(kModelReplyMaxDepth));
      return;
    }
    std::visit([this](auto& alt) { alt.Visit(*this); }, e->kind);
    --depth_;
  }

  bool Tag(uint16_t expected, const char* name) {
    if (!status_.ok()) return false;
    uint16_t got = 0;
    if (!GetU16(&got)) return false;
    if (got != expected) {
      Fail(ErrorCode::kModelReplyTag, name,
           "expected field tag " + std::to_string(expected) + ", got " +
               std::to_string(got) + " at byte " + std::to_string(pos_ - 2));
      return false;
    }
    return true;
  }

  // Every list is decoded here, so that the host's memory stays
  // proportional to the payload whatever the counts say (format/REPLY.md,
  // "Lists"): the count must fit in the bytes left that no enclosing list
  // has claimed for its items still to come (each item needs at least
  // MinItemBytes<T>()), and the items of all lists together may not take
  // more than kModelReplyMaxItemBytesPerByte bytes per payload byte (plus
  // kModelReplyItemBytesAllowance); only
  // then is room reserved for the items, and each one is constructed just
  // before it is decoded.
  template <class T, class DecodeItem>
  void DecodeList(const char* name, std::vector<T>& v, DecodeItem decode) {
    const uint64_t min_bytes = MinItemBytes<T>();
    uint32_t n = 0;
    if (!GetCount(name, min_bytes, &n)) return;
    item_bytes_ += static_cast<uint64_t>(n) * sizeof(T);
    if (item_bytes_ > kModelReplyMaxItemBytesPerByte * p_.size() +
                          kModelReplyItemBytesAllowance) {
      Fail(ErrorCode::kModelReplyLimit, name,
           "list items would take " + std::to_string(item_bytes_) +
               " bytes of memory for a reply of " + std::to_string(p_.size()));
      return;
    }
    v.clear();
    v.reserve(n);
    claimed_ += n * min_bytes;  // <= the bytes left: GetCount checked it
    for (uint32_t i = 0; i < n; ++i) {
      claimed_ -= min_bytes;  // this item's bytes are its own from here
      decode(v.emplace_back());
      if (!status_.ok()) {
        claimed_ -= (n - 1 - i) * min_bytes;
        return;
      }
    }
  }

  // Reads a list count and checks it against the hard cap and against the
  // unclaimed bytes left, before anything is allocated for the items.
  bool GetCount(const char* name, uint64_t min_item_bytes, uint32_t* n) {
    if (!GetU32(n)) return false;
    const uint64_t left = p_.size() - pos_;
    const uint64_t unclaimed = left > claimed_ ? left - claimed_ : 0;
    if (*n > kModelReplyMaxListItems ||
        static_cast<uint64_t>(*n) * min_item_bytes > unclaimed) {
      Fail(ErrorCode::kModelReplyLimit, name,
           "list of " + std::to_string(*n) + " items of at least " +
               std::to_string(min_item_bytes) + " bytes with " +
               std::to_string(unclaimed) + " unclaimed bytes left");
      return false;
    }
    return true;
  }

  bool GetString(const char* name, std::string* s) {
    uint32_t len = 0;
    if (!GetU32(&len)) return false;
    if (len > limits::kMaxSourceTextBytes) {
      Fail(ErrorCode::kModelReplyLimit, name,
           "string of " + std::to_string(len) + " bytes");
      return false;
    }
    if (!Need(len)) return false;
    s->assign(reinterpret_cast<const char*>(p_.data() + pos_), len);
    pos_ += len;
    return true;
  }

  bool Need(uint64_t n) {
    if (!status_.ok()) return false;
    if (n > p_.size() - pos_) {
      Fail(ErrorCode::kModelReplyTruncated, "",
           "needs " + std::to_string(n) + " bytes at byte " +
               std::to_string(pos_) + " of " + std::to_string(p_.size()));
      return false;
    }
    return true;
  }
  bool GetLe(uint64_t* v, size_t n) {
    if (!Need(n)) return false;
    *v = LoadLe(p_.subspan(pos_, n));
    pos_ += n;
    return true;
  }
  bool GetU8(uint8_t* v) {
    uint64_t r;
    if (!GetLe(&r, 1)) return false;
    *v = static_cast<uint8_t>(r);
    return true;
  }
  bool GetU16(uint16_t* v) {
    uint64_t r;
    if (!GetLe(&r, 2)) return false;
    *v = static_cast<uint16_t>(r);
    return true;
  }
  bool GetU32(uint32_t* v) {
    uint64_t r;
    if (!GetLe(&r, 4)) return false;
    *v = static_cast<uint32_t>(r);
    return true;
  }
  bool GetU64(uint64_t* v) { return GetLe(v, 8); }

  void Fail(ErrorCode code, const char* name, std::string detail) {
    if (status_.ok())
      status_ = Status(code, name ? name : "", std::move(detail));
  }
  static std::string Hex(uint32_t v) {
    static const char* kDigits = "0123456789abcdef";
    std::string s(8, '0');
    for (int i = 7; i >= 0; --i, v >>= 4) s[i] = kDigits[v & 0xf];
    return s;
  }

  std::span<const std::byte> p_;
  size_t pos_ = 0;
  std::span<const std::byte> input_;
  std::shared_ptr<const void> keepalive_;
  Status status_;
  uint64_t depth_ = 0;
  // Bytes at the end of the payload that enclosing lists need for their
  // items not decoded yet (see DecodeList).
  uint64_t claimed_ = 0;
  // sizeof(item) summed over the items of every list so far.
  uint64_t item_bytes_ = 0;
};

}  // namespace

Result<std::vector<std::byte>> EncodeModelReply(
    const Model& model, std::span<const std::byte> input) {
  Encoder enc(input);
  enc.Header();
  Model copy = model;  // Visit() is non-const; tensors are shared, not copied
  copy.Visit(enc);
  if (!enc.status().ok()) return enc.status();
  return enc.Take();
}

Result<Model> DecodeModelReply(std::span<const std::byte> payload,
                               std::span<const std::byte> input,
                               std::shared_ptr<const void> keepalive) {
  if (reinterpret_cast<uintptr_t>(input.data()) % limits::kTensorAlignment !=
      0) {
    return Status(ErrorCode::kInvalidArgument, "input",
                  "input buffer not 64-byte aligned");
  }
  Decoder dec(payload, input, std::move(keepalive));
  dec.Header();
  Model model;
  if (dec.status().ok()) model.Visit(dec);
  if (!dec.status().ok()) return dec.status().WithPrefix("reply");
  if (!dec.AtEnd()) {
    return Status(
        ErrorCode::kModelReplyTrailing, "reply",
        std::to_string(payload.size() - dec.pos()) + " bytes after the model");
  }
  return model;
}

Status ValidateModelRequest(std::span<const std::byte> input,
                            std::vector<std::byte>* payload) {
  MODELSEAL_ASSIGN_OR_RETURN(Model model, ParseModel(input, nullptr));
  MODELSEAL_ASSIGN_OR_RETURN(*payload, EncodeModelReply(model, input));
  return Status::Ok();
}

}  // namespace modelseal
