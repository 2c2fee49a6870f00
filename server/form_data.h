// application/x-www-form-urlencoded bodies and query strings, parsed strictly and within bounds.
// Errors: malformed or oversized input gives nullopt/false; nothing here throws except
// std::bad_alloc.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace sentinella {

constexpr size_t kMaxFormFields = 64;
constexpr size_t kMaxFormValueBytes = 4096;
constexpr size_t kMaxFormBodyBytes = 64 * 1024;

// A file sent with a multipart/form-data form.
struct UploadedFile {
  std::string field;         // the form field's name
  std::string filename;      // as the browser named it: the client's word, escape it
  std::string content_type;  // as the browser named it
  std::string content;       // bounded by the request's size
};

class FormData {
public:
  // Parses "a=1&b=x+y&c=%C3%A8". Invalid (naming the problem) for a body over kMaxFormBodyBytes,
  // more than kMaxFormFields fields, a value over kMaxFormValueBytes, a bad %-escape or a name or
  // value that is not UTF-8 or holds a NUL. Empty pairs ("a=1&&b=2") are skipped.
  static Result<FormData> parse(std::string_view body);
  // The text fields of a multipart/form-data form, under the same bounds and checks as parse().
  static Result<FormData> from_fields(const std::vector<std::pair<std::string, std::string>>& fields);

  // The first value of `name`, or "" if absent.
  std::string get(const std::string& name) const;
  bool has(const std::string& name) const { return fields_.count(name) > 0; }
  // Every value of `name`, in order (checkboxes with one name).
  std::vector<std::string> all(const std::string& name) const;
  size_t size() const { return fields_.size(); }

private:
  // Adds a decoded field; Invalid as for parse().
  Status add(const std::string& name, const std::string& value);

  std::multimap<std::string, std::string> fields_;
};

// Decodes %XX and '+'; false for a malformed escape.
bool url_decode(std::string_view in, std::string& out);

}  // namespace sentinella
