#include "importer/yaml_reader.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <utility>

#include "core/text.h"

namespace sentinella {

namespace {

std::string describe(const YAML::Node& n) {
  switch (n.Type()) {
    case YAML::NodeType::Sequence: return "a list";
    case YAML::NodeType::Map: return "a mapping";
    case YAML::NodeType::Null: return "empty";
    default: return "'" + n.Scalar() + "'";
  }
}

std::string nearest(const std::string& key, const std::vector<std::string>& known) {
  std::string best;
  size_t best_distance = 3;  // suggest only close matches
  for (const auto& k : known) {
    size_t d = edit_distance(key, k);
    if (d < best_distance) { best_distance = d; best = k; }
  }
  return best;
}

// yaml-cpp quotes a single byte in some messages ("unknown escape character: " and the first byte
// of "\è"); every byte that is not part of a UTF-8 character becomes U+FFFD, so the diagnostic
// stays text.
std::string as_utf8(std::string s) {
  for (size_t from = 0;;) {
    const size_t bad = find_invalid_utf8(std::string_view(s).substr(from));
    if (bad == std::string_view::npos) return s;
    s.replace(from + bad, 1, "\xEF\xBF\xBD");
    from += bad + 3;
  }
}

}  // namespace

std::optional<YAML::Node> parse_yaml(const std::string& yaml, const YamlSource& src) {
  // yaml-cpp guesses the encoding from NUL bytes at the start ("\0\0\0x" is UTF-32BE, "x\0" is
  // UTF-16LE) and would turn a UTF-8 file into text that is not UTF-8; no YAML we read has one.
  if (size_t nul = yaml.find('\0'); nul != std::string::npos) {
    const TextPosition pos = position_of(yaml, nul);
    src.out->error(src.path, pos.line - 1 + src.first_line, pos.column,
                   "the file holds a NUL byte (a character of code 0); save it as UTF-8 text");
    return std::nullopt;
  }
  try {
    return YAML::Load(yaml);
  } catch (const YAML::ParserException& e) {
    src.out->error(src.path, e.mark.line + src.first_line, e.mark.column + 1,
                   "YAML syntax error: " + as_utf8(e.msg));
  } catch (const YAML::Exception& e) {
    src.out->error(src.path, src.first_line, 1, "YAML error: " + as_utf8(e.what()));
  }
  return std::nullopt;
}

MappingReader::MappingReader(YAML::Node node, const YamlSource& src, std::vector<std::string> known,
                             std::string context, UnknownKeys unknown)
    : node_(std::move(node)), src_(src), context_(std::move(context)) {
  if (!node_.IsMap()) {
    if (context_.empty() && (!node_.IsDefined() || node_.IsNull())) {
      src_.out->error(src_.path, src_.first_line, 1, "the front matter is empty");
    } else {
      report(node_.Mark(), (context_.empty() ? std::string("the YAML") : "'" + context_ + "'") +
                               " must be a mapping of 'key: value' lines, not " + describe(node_));
    }
    return;
  }
  is_map_ = true;
  std::set<std::string> seen;
  for (auto it = node_.begin(); it != node_.end(); ++it) {
    const std::string key = it->first.as<std::string>("");
    if (!seen.insert(key).second) {
      report(it->first.Mark(), "duplicate key '" + name(key) + "'");
      continue;
    }
    if (std::find(known.begin(), known.end(), key) != known.end()) continue;
    std::string suggestion = nearest(key, known);
    report(it->first.Mark(),
           "unknown key '" + name(key) + "'" +
               (suggestion.empty() ? "" : "; did you mean '" + suggestion + "'?"),
           /*warning=*/unknown == UnknownKeys::warn);
  }
}

std::string MappingReader::name(const std::string& key) const {
  return context_.empty() ? key : context_ + "." + key;
}

void MappingReader::report(const YAML::Mark& mark, const std::string& message, bool warning) {
  int line = mark.line < 0 ? src_.first_line : mark.line + src_.first_line;
  int column = mark.column < 0 ? 1 : mark.column + 1;
  if (warning) src_.out->warning(src_.path, line, column, message);
  else src_.out->error(src_.path, line, column, message);
}

void MappingReader::error_at(const std::string& key, const std::string& message) {
  YAML::Node v = is_map_ ? std::as_const(node_)[key] : YAML::Node();
  report(v.IsDefined() ? v.Mark() : node_.Mark(), message);
}

void MappingReader::warning_at(const std::string& key, const std::string& message) {
  YAML::Node v = is_map_ ? std::as_const(node_)[key] : YAML::Node();
  report(v.IsDefined() ? v.Mark() : node_.Mark(), message, /*warning=*/true);
}

void MappingReader::error_at_item(const std::string& key, size_t index, const std::string& message) {
  YAML::Node v = std::as_const(node_)[key];
  report(v.IsSequence() && index < v.size() ? v[index].Mark() : v.Mark(), message);
}

std::optional<YAML::Node> MappingReader::find(const std::string& key, Need need) {
  if (!is_map_) return std::nullopt;
  YAML::Node v = std::as_const(node_)[key];
  if (!v.IsDefined() || v.IsNull()) {
    if (need == Need::required) {
      if (v.IsDefined()) report(v.Mark(), "'" + name(key) + "' must not be empty");
      else if (context_.empty()) src_.out->error(src_.path, src_.first_line, 1, "missing required key '" + key + "'");
      else report(node_.Mark(), "missing required key '" + name(key) + "'");
    }
    return std::nullopt;
  }
  return v;
}

std::optional<YAML::Node> MappingReader::find_list(const std::string& key, Need need) {
  auto v = find(key, need);
  if (!v) return std::nullopt;
  if (!v->IsSequence()) {
    report(v->Mark(), "'" + name(key) + "' must be a list (lines starting with '- '), not " +
                          describe(*v));
    return std::nullopt;
  }
  if (v->size() == 0 && need == Need::required) {
    report(v->Mark(), "'" + name(key) + "' must not be empty");
    return std::nullopt;
  }
  return v;
}

std::optional<std::string> MappingReader::text(const std::string& key, Need need) {
  auto v = find(key, need);
  if (!v) return std::nullopt;
  if (!v->IsScalar()) {
    report(v->Mark(), "'" + name(key) + "' must be text, not " + describe(*v));
    return std::nullopt;
  }
  std::string s = v->Scalar();
  if (s.find_first_not_of(" \t\r\n") == std::string::npos) {
    if (need == Need::required) report(v->Mark(), "'" + name(key) + "' must not be empty");
    return std::nullopt;
  }
  return s;
}

std::optional<long long> MappingReader::integer(const std::string& key, Need need, long long min,
                                                long long max) {
  auto v = find(key, need);
  if (!v) return std::nullopt;
  long long n = 0;
  if (!v->IsScalar() || !YAML::convert<long long>::decode(*v, n)) {
    report(v->Mark(), "'" + name(key) + "' must be a whole number, not " + describe(*v));
    return std::nullopt;
  }
  if (n < min || n > max) {
    report(v->Mark(), "'" + name(key) + "' must be between " + std::to_string(min) + " and " +
                          std::to_string(max) + ", not " + std::to_string(n));
    return std::nullopt;
  }
  return n;
}

std::optional<double> MappingReader::number(const std::string& key, Need need, double greater_than) {
  auto v = find(key, need);
  if (!v) return std::nullopt;
  double n = 0;
  if (!v->IsScalar() || !YAML::convert<double>::decode(*v, n) || !std::isfinite(n)) {
    report(v->Mark(), "'" + name(key) + "' must be a number, not " + describe(*v));
    return std::nullopt;
  }
  if (!(n > greater_than)) {
    report(v->Mark(), "'" + name(key) + "' must be more than " +
                          std::to_string(static_cast<long long>(greater_than)) + ", not " + v->Scalar());
    return std::nullopt;
  }
  return n;
}

std::optional<bool> MappingReader::boolean(const std::string& key, Need need) {
  auto v = find(key, need);
  if (!v) return std::nullopt;
  bool b = false;
  if (!v->IsScalar() || !YAML::convert<bool>::decode(*v, b)) {
    report(v->Mark(), "'" + name(key) + "' must be true or false, not " + describe(*v));
    return std::nullopt;
  }
  return b;
}

std::optional<std::vector<std::string>> MappingReader::text_list(const std::string& key, Need need) {
  auto v = find_list(key, need);
  if (!v) return std::nullopt;
  std::vector<std::string> out;
  bool all_ok = true;
  for (const auto& item : *v) {
    if (!item.IsScalar() || item.Scalar().find_first_not_of(" \t") == std::string::npos) {
      report(item.Mark(), "each item of '" + name(key) + "' must be non-empty text, not " +
                              describe(item));
      all_ok = false;
      continue;
    }
    out.push_back(item.Scalar());
  }
  if (!all_ok) return std::nullopt;
  return out;
}

std::optional<std::string> MappingReader::choice(const std::string& key, Need need,
                                                 const std::vector<std::string>& choices) {
  auto s = text(key, need);
  if (!s) return std::nullopt;
  if (std::find(choices.begin(), choices.end(), *s) != choices.end()) return s;
  std::string list;
  for (const auto& c : choices) list += (list.empty() ? "'" : ", '") + c + "'";
  error_at(key, "'" + name(key) + "' must be one of " + list + ", not '" + *s + "'");
  return std::nullopt;
}

bool MappingReader::holds_list(const std::string& key) const {
  if (!is_map_) return false;
  const YAML::Node v = std::as_const(node_)[key];
  return v.IsDefined() && v.IsSequence();
}

std::optional<MappingReader> MappingReader::mapping(const std::string& key, Need need,
                                                    std::vector<std::string> known, UnknownKeys unknown) {
  auto v = find(key, need);
  if (!v) return std::nullopt;
  MappingReader r(*v, src_, std::move(known), name(key), unknown);
  if (!r.ok()) return std::nullopt;
  return r;
}

std::optional<std::vector<MappingReader>> MappingReader::mapping_list(const std::string& key, Need need,
                                                                      std::vector<std::string> known) {
  auto v = find_list(key, need);
  if (!v) return std::nullopt;
  std::vector<MappingReader> out;
  for (size_t i = 0; i < v->size(); ++i) {
    MappingReader r((*v)[i], src_, known, name(key) + "[" + std::to_string(i + 1) + "]");
    if (r.ok()) out.push_back(std::move(r));
  }
  return out;
}

}  // namespace sentinella
