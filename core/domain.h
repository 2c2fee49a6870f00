// Domain types shared by the importer, the store and the site. Plain data, no behaviour.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace sentinella {

struct TargetGroup {
  std::string id;     // a slug, e.g. "polizia-locale"
  std::string label;  // shown to people, e.g. "Polizia locale e vigili di quartiere"
};

struct Helpline {
  std::string name;
  std::string number;  // as written, e.g. "1522"
  std::string description;
  std::string hours;
};

struct Contacts {
  std::string office, address, phone, email;
};

struct Site {
  std::string name;
  std::string municipality;
  std::string language = "it";
  std::string base_url;
  std::string description;
  std::string intro_html;  // rendered from the Markdown `intro`
  std::string help_page = "aiuto";
  std::string quick_exit_url = "https://www.google.it/";
  int retention_months = 24;  // accounts unused this long are erased
  Contacts contacts;
  std::vector<Helpline> helplines;
  std::vector<TargetGroup> target_groups;

  const TargetGroup* find_group(const std::string& id) const {
    for (const auto& g : target_groups)
      if (g.id == id) return &g;
    return nullptr;
  }
};

struct Page {
  std::string slug;
  std::string source_path;  // relative to the content root
  std::string title;
  std::string summary;
  std::optional<int> menu;  // position in the footer menu
  bool show_helplines = false;
  std::string body_html;
};

enum class ModuleStatus { draft, published };

struct Lesson {
  std::string module_slug;
  std::string slug;
  std::string source_path;
  std::string title;
  int minutes = 0;
  int order = 0;
  std::string body_html;
};

struct Module {
  std::string slug;
  std::string source_path;
  std::string title;
  std::string summary;
  std::string intro_html;
  std::vector<std::string> objectives;
  std::vector<std::string> authors;
  std::vector<std::string> target_groups;  // TargetGroup ids
  double duration_hours = 0;
  int order = 100;
  ModuleStatus status = ModuleStatus::draft;
  std::vector<Lesson> lessons;  // sorted by order, then slug; filled by Store::module()
};

}  // namespace sentinella
