// Reads a YAML mapping field by field, reporting every problem (missing, empty, wrong type,
// duplicate or unknown key) as a Diagnostic at the key's or the value's position in the file.
// Errors: yaml-cpp's exceptions are caught here and reported as Diagnostics; nothing here throws
// except std::bad_alloc.
#pragma once

#include <yaml-cpp/yaml.h>

#include <optional>
#include <string>
#include <vector>

#include "importer/diagnostics.h"

namespace sentinella {

// Where a YAML document sits: the file it came from and the file line of its first line.
struct YamlSource {
  std::string path;
  int first_line = 1;
  Diagnostics* out = nullptr;
};

// Parses `yaml`; on a syntax error, or a NUL byte, reports it at its position and returns nullopt.
std::optional<YAML::Node> parse_yaml(const std::string& yaml, const YamlSource& src);

enum class Need { required, optional };
// What an unknown key is: a warning (most files: the key is ignored) or an error (quizzes, whose
// settings change how people are graded, so a misspelt key must not fall back to a default).
enum class UnknownKeys { warn, refuse };

class MappingReader {
public:
  // `where` is the position reported for missing keys (the mapping's own position, or the start
  // of the front matter). Unknown keys are reported (see UnknownKeys) with the nearest of `known`
  // suggested.
  MappingReader(YAML::Node node, const YamlSource& src, std::vector<std::string> known,
                std::string context, UnknownKeys unknown = UnknownKeys::warn);

  bool ok() const { return is_map_; }

  std::optional<std::string> text(const std::string& key, Need need);
  std::optional<long long> integer(const std::string& key, Need need, long long min, long long max);
  std::optional<double> number(const std::string& key, Need need, double greater_than);
  std::optional<bool> boolean(const std::string& key, Need need);
  std::optional<std::vector<std::string>> text_list(const std::string& key, Need need);
  // One of `choices`; anything else is an error listing them.
  std::optional<std::string> choice(const std::string& key, Need need,
                                    const std::vector<std::string>& choices);
  // Whether `key` is present with a list as its value (for keys that take a word or a list).
  bool holds_list(const std::string& key) const;
  // A nested mapping, or a list of mappings, read with their own known keys.
  std::optional<MappingReader> mapping(const std::string& key, Need need,
                                       std::vector<std::string> known, UnknownKeys unknown = UnknownKeys::warn);
  std::optional<std::vector<MappingReader>> mapping_list(const std::string& key, Need need,
                                                         std::vector<std::string> known);

  // Reports an error at the value of `key` (or the mapping if the key is absent).
  void error_at(const std::string& key, const std::string& message);
  // Reports a warning at the value of `key`.
  void warning_at(const std::string& key, const std::string& message);
  // Reports an error at element `index` of the list under `key`.
  void error_at_item(const std::string& key, size_t index, const std::string& message);

private:
  std::optional<YAML::Node> find(const std::string& key, Need need);
  // The value of `key` if it is a list (non-empty when required); reported otherwise.
  std::optional<YAML::Node> find_list(const std::string& key, Need need);
  void report(const YAML::Mark& mark, const std::string& message, bool warning = false);
  std::string name(const std::string& key) const;

  YAML::Node node_;
  YamlSource src_;
  std::string context_;  // "" at top level, else e.g. "helplines[2]" for messages
  bool is_map_ = false;
};

}  // namespace sentinella
