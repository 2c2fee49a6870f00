// Errors as values: a Status says whether an operation worked and why not;
// a Result<T> carries either a value or the Status that explains its absence.
// Nothing here throws except std::bad_alloc (StatusError, in store.h, is thrown only inside
// Store::write).
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace sentinella {

class Status {
public:
  enum class Code { ok, not_found, invalid, io_error, conflict, internal };

  Status() = default;
  static Status Ok() { return {}; }
  static Status NotFound(std::string msg) { return {Code::not_found, std::move(msg)}; }
  static Status Invalid(std::string msg) { return {Code::invalid, std::move(msg)}; }
  static Status IOError(std::string msg) { return {Code::io_error, std::move(msg)}; }
  static Status Conflict(std::string msg) { return {Code::conflict, std::move(msg)}; }
  static Status Internal(std::string msg) { return {Code::internal, std::move(msg)}; }

  bool ok() const { return code_ == Code::ok; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }

private:
  Status(Code code, std::string msg) : code_(code), message_(std::move(msg)) {}
  Code code_ = Code::ok;
  std::string message_;
};

template <typename T>
class Result {
public:
  Result(T value) : value_(std::move(value)) {}         // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) {} // NOLINT: implicit by design

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }
  T& value() & { return *value_; }
  const T& value() const& { return *value_; }
  T&& value() && { return std::move(*value_); }
  T value_or(T fallback) const { return value_ ? *value_ : std::move(fallback); }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }

private:
  std::optional<T> value_;
  Status status_ = Status::Internal("result has no value");
};

}  // namespace sentinella
