// The public pages: each function renders one page type from the store through the theme.
// They return nullopt when the thing asked for does not exist (or is a draft).
#pragma once

#include <nlohmann/json.hpp>

#include <memory>
#include <optional>
#include <string>

#include "core/store.h"
#include "site/theme.h"

namespace sentinella {

class PublicSite {
public:
  PublicSite(Store& store, std::shared_ptr<const Theme> theme)
      : store_(store), theme_holder_(std::move(theme)), theme_(*theme_holder_) {}

  const Theme& theme() const { return theme_; }

  std::optional<std::string> home();
  // `group` empty for all modules; nullopt for an unknown group id.
  std::optional<std::string> catalogue(const std::string& group);
  std::optional<std::string> module(const std::string& slug);
  std::optional<std::string> lesson(const std::string& module_slug, const std::string& slug);
  std::optional<std::string> page(const std::string& slug);
  // Always renders; `path` is shown to the visitor (escaped).
  std::string not_found(const std::string& path);
  // Any other template (sign-in, the personal area, administration) with the common data plus
  // `data`, which may carry `account` for the person signed in.
  std::string render_page(const std::string& name, const std::string& title, nlohmann::json data);

private:
  // The data every template gets; `current` is the nav entry to mark ("home", "catalogue", "help").
  nlohmann::json common(const Site& site, const std::string& title, const std::string& description,
                        const std::string& current);
  nlohmann::json module_card(const Site& site, const Module& m);
  nlohmann::json group_links(const Site& site, const std::vector<std::string>& ids);
  std::string render(const std::string& name, nlohmann::json data);

  Store& store_;
  std::shared_ptr<const Theme> theme_holder_;
  const Theme& theme_;
};

}  // namespace sentinella
