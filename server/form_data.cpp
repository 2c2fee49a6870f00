#include "server/form_data.h"

#include "core/text.h"

namespace sentinella {

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// At most `max` bytes of the UTF-8 text `s`, ending at a whole character (the message quoting a
// name is shown on the error page).
std::string utf8_prefix(const std::string& s, size_t max) {
  if (s.size() <= max) return s;
  size_t n = max;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return s.substr(0, n);
}

}  // namespace

bool url_decode(std::string_view in, std::string& out) {
  out.clear();
  out.reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '+') {
      out += ' ';
    } else if (c == '%') {
      if (i + 2 >= in.size()) return false;
      int hi = hex_value(in[i + 1]), lo = hex_value(in[i + 2]);
      if (hi < 0 || lo < 0) return false;
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else {
      out += c;
    }
  }
  return true;
}

Result<FormData> FormData::parse(std::string_view body) {
  if (body.size() > kMaxFormBodyBytes)
    return Status::Invalid("the form is larger than " + std::to_string(kMaxFormBodyBytes) + " bytes");
  FormData form;
  std::string name, value;
  while (!body.empty()) {
    size_t amp = body.find('&');
    std::string_view pair = body.substr(0, amp);
    body = amp == std::string_view::npos ? std::string_view() : body.substr(amp + 1);
    if (pair.empty()) continue;
    size_t eq = pair.find('=');
    if (!url_decode(pair.substr(0, eq), name) ||
        !url_decode(eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1), value))
      return Status::Invalid("the form has a malformed %-escape");
    if (Status st = form.add(name, value); !st.ok()) return st;
  }
  return form;
}

Result<FormData> FormData::from_fields(const std::vector<std::pair<std::string, std::string>>& fields) {
  FormData form;
  for (const auto& [name, value] : fields)
    if (Status st = form.add(name, value); !st.ok()) return st;
  return form;
}

Status FormData::add(const std::string& name, const std::string& value) {
  if (name.empty()) return Status::Invalid("the form has a field without a name");
  if (find_invalid_utf8(name) != std::string::npos || find_invalid_utf8(value) != std::string::npos ||
      name.find('\0') != std::string::npos || value.find('\0') != std::string::npos)
    return Status::Invalid("the form has text that is not valid UTF-8");
  if (value.size() > kMaxFormValueBytes)
    return Status::Invalid("the field '" + utf8_prefix(name, 40) + "' is longer than " +
                           std::to_string(kMaxFormValueBytes) + " bytes");
  if (fields_.size() >= kMaxFormFields)
    return Status::Invalid("the form has more than " + std::to_string(kMaxFormFields) + " fields");
  fields_.emplace(name, value);
  return Status::Ok();
}

std::string FormData::get(const std::string& name) const {
  auto it = fields_.find(name);
  return it == fields_.end() ? std::string() : it->second;
}

std::vector<std::string> FormData::all(const std::string& name) const {
  std::vector<std::string> out;
  auto [from, to] = fields_.equal_range(name);
  for (auto it = from; it != to; ++it) out.push_back(it->second);
  return out;
}

}  // namespace sentinella
