// Result types shared by every stage: a value, or an error with a code from a small
// taxonomy and a one-line message meant for the user.
#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace trawl {

// What went wrong, coarse enough for a caller to decide what to do next. A per-document
// error of any code but kFatal is recorded on the document and the run goes on; kFatal
// means the run itself cannot continue (for example the index cannot be written).
enum class ErrorCode {
  kNotFound,     // the file, URL or record does not exist
  kUnsupported,  // a format or feature we do not handle
  kCorrupt,      // malformed input: truncated, bad structure, undecodable
  kEncrypted,    // needs a password we do not have
  kTooLarge,     // over a configured size, page or ratio limit
  kTimeout,      // over a configured time limit
  kIo,           // the operating system refused or failed (permission, read error)
  kEmpty,        // nothing to process (a 0-byte file)
  kInvalid,      // a configuration value or an argument that cannot be used
  kRefused,      // not fetched by policy: robots.txt, out of scope, a private address
  kFatal,        // the run cannot go on
};

// Stable lower-case name of a code, used in reports and JSON ("corrupt", "too-large"...).
std::string_view error_code_name(ErrorCode code);
// The code of a name as error_code_name() writes it; nullopt for anything else.
std::optional<ErrorCode> error_code_from_name(std::string_view name);

struct Error {
  ErrorCode code;
  std::string message;  // one line, names what was wrong; the caller adds file/URL
};

// Value or Error. Cheap to move; ignoring one is a compile warning.
//
// Usage:
//   Result<Extracted> r = extractor.extract(blob);
//   if (!r) return r.error();
//   use(*r);
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}      // NOLINT: implicit by design
  Result(Error error) : v_(std::move(error)) {}  // NOLINT: implicit by design

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  // REQUIRES: ok().
  T& value() & {
    assert(ok());
    return std::get<0>(v_);
  }
  const T& value() const& {
    assert(ok());
    return std::get<0>(v_);
  }
  T&& value() && {
    assert(ok());
    return std::get<0>(std::move(v_));
  }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  // REQUIRES: !ok().
  const Error& error() const {
    assert(!ok());
    return std::get<1>(v_);
  }

 private:
  std::variant<T, Error> v_;
};

// Success or Error, for operations with no value.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT: implicit by design

  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  // REQUIRES: !ok().
  const Error& error() const {
    assert(!ok_);
    return error_;
  }

 private:
  Error error_{ErrorCode::kFatal, {}};
  bool ok_ = true;
};

inline Error make_error(ErrorCode code, std::string message) {
  return Error{code, std::move(message)};
}

}  // namespace trawl
