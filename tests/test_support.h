// Helpers shared by the tests: temporary folders and content trees.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <string>

namespace sentinella::test {

// The repository's root (for content/, themes/ and tests/fixtures/).
std::filesystem::path source_dir();

// A fresh folder under the system's temporary directory, removed with the object.
class TempDir {
public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

private:
  std::filesystem::path path_;
};

// Calls `condition` every 50 ms until it is true or `limit` has passed; its last answer. For
// waiting on another thread or process without a fixed sleep. The default limit is generous: a
// reload on two cores shared with a parallel build can take many seconds, and a true condition
// returns at once anyway.
bool poll_until(const std::function<bool()>& condition,
                std::chrono::milliseconds limit = std::chrono::seconds(60));

std::string read_file(const std::filesystem::path& p);

// Whether `text` contains `part`: the check most page tests make.
bool contains(const std::string& text, const std::string& part);
// Writes `text` to `p`, creating its folders.
void write_file(const std::filesystem::path& p, const std::string& text);
// Copies the folder `from` into `to` (created), overwriting files that exist.
void copy_tree(const std::filesystem::path& from, const std::filesystem::path& to);

// A small valid content tree (tests/fixtures/content-base) copied into a temporary folder.
class ContentTree {
public:
  ContentTree();
  const std::filesystem::path& root() const { return root_; }
  void write(const std::string& rel_path, const std::string& text) { write_file(root_ / rel_path, text); }
  void remove(const std::string& rel_path) { std::filesystem::remove_all(root_ / rel_path); }

private:
  TempDir dir_;
  std::filesystem::path root_;
};

}  // namespace sentinella::test
