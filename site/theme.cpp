#include "site/theme.h"

#include <kainjow/mustache.hpp>

#include "core/files.h"
#include "core/hash.h"
#include "site/media_type.h"

namespace fs = std::filesystem;
namespace mst = kainjow::mustache;

namespace sentinella {

namespace {

// A theme file, whatever its kind, is at most this large.
constexpr size_t kMaxThemeFileBytes = 5 * 1024 * 1024;

Result<std::string> theme_file(const fs::path& p) {
  auto text = read_file(p, kMaxThemeFileBytes);
  if (!text.ok()) return Status::Invalid(p.string() + ": " + text.status().message());
  return text;
}

Result<std::map<std::string, std::string>> read_templates(const fs::path& dir) {
  std::map<std::string, std::string> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.is_regular_file() && e.path().extension() == ".mustache") {
      auto text = theme_file(e.path());
      if (!text.ok()) return text.status();
      out[e.path().stem().string()] = std::move(text.value());
    }
  return out;
}

// kainjow's set() and push_back() copy their argument, so building nested data with them copies
// every level again for each level above it. Instead a placeholder goes in and the converted value
// is moved into it (the data is ours and not const, so writing through get() is sound).
mst::data& new_member(mst::data& object, const std::string& key) {
  object.set(key, mst::data(false));
  return const_cast<mst::data&>(*object.get(key));
}

mst::data& new_item(mst::data& list) {
  list.push_back(mst::data(false));
  return const_cast<mst::data&>(list.list_value().back());
}

mst::data to_data(const nlohmann::json& j) {
  switch (j.type()) {
    case nlohmann::json::value_t::object: {
      mst::data d{mst::data::type::object};
      for (auto it = j.begin(); it != j.end(); ++it) new_member(d, it.key()) = to_data(*it);
      return d;
    }
    case nlohmann::json::value_t::array: {
      mst::data d{mst::data::type::list};
      for (const auto& v : j) new_item(d) = to_data(v);
      return d;
    }
    case nlohmann::json::value_t::boolean: return mst::data(j.get<bool>());
    case nlohmann::json::value_t::null: return mst::data(false);
    // An empty string is false, as in most Mustache implementations: {{#x}} hides empty text.
    case nlohmann::json::value_t::string: {
      const auto& text = j.get_ref<const std::string&>();
      return text.empty() ? mst::data(false) : mst::data(text);
    }
    default: return mst::data(j.dump());
  }
}

// Replaces every {{> name}} in `text` with the partial's text, recursively, so that a template is
// parsed once at load instead of its partials at every render. A missing partial or a cycle is an
// error here, where the Mustache spec would quietly render nothing.
Result<std::string> include_partials(const std::string& text, const std::map<std::string, std::string>& partials,
                                     int depth = 0) {
  if (depth > 8) return Status::Invalid("partials nest more than 8 deep (is one including itself?)");
  std::string out;
  size_t pos = 0;
  for (size_t open; (open = text.find("{{>", pos)) != std::string::npos;) {
    size_t close = text.find("}}", open);
    if (close == std::string::npos) return Status::Invalid("unclosed partial tag");
    std::string name = text.substr(open + 3, close - open - 3);
    name.erase(0, name.find_first_not_of(" \t"));
    name.erase(name.find_last_not_of(" \t") + 1);
    auto it = partials.find(name);
    if (it == partials.end()) return Status::NotFound("partial " + name + " does not exist");
    auto included = include_partials(it->second, partials, depth + 1);
    if (!included.ok()) return included.status();
    out.append(text, pos, open - pos);
    out += included.value();
    pos = close + 2;
  }
  out.append(text, pos);
  return out;
}

}  // namespace

// The templates parsed once and rendered by many threads at a time. kainjow's render() is not
// const only because it records an error message; it records one only for a partial tag or a
// lambda, and a compiled template has neither: its partials were written in place at load and
// to_data() makes strings, booleans, lists and objects only. So a render only reads the template.
// (Copying the template for each render instead cost 7% more instructions on the export.)
struct Theme::Compiled {
  std::map<std::string, mst::mustache> templates;
  std::map<std::string, mst::mustache> partials;  // each alone, for personal slots
  mst::data globals;  // {"t": the i18n strings}, the outermost context of every render

  Result<std::string> render(const std::string& name, const mst::data& data) const {
    return render_from(templates, "template", name, data);
  }

  Result<std::string> render_from(const std::map<std::string, mst::mustache>& from, const char* kind,
                                  const std::string& name, const mst::data& data) const {
    auto it = from.find(name);
    if (it == from.end()) return Status::NotFound(std::string("theme has no ") + kind + " " + name);
    auto& m = const_cast<mst::mustache&>(it->second);  // read only: see above
    mst::context<std::string> ctx(&globals);
    ctx.push(&data);
    std::string out = m.render(ctx);
    if (!m.is_valid()) return Status::Invalid("template " + name + ": " + m.error_message());
    return out;
  }
};

Theme::Theme() = default;

Theme::~Theme() = default;

Result<std::unique_ptr<Theme>> Theme::load(const fs::path& dir, const std::string& language) {
  std::unique_ptr<Theme> t(new Theme());
  if (!fs::is_directory(dir / "templates"))
    return Status::NotFound("theme folder " + dir.string() + " has no templates/");
  t->compiled_ = std::make_unique<Compiled>();
  const auto partials = read_templates(dir / "partials");
  if (!partials.ok()) return partials.status();
  const auto templates = read_templates(dir / "templates");
  if (!templates.ok()) return templates.status();
  auto compile = [&](const std::map<std::string, std::string>& texts, const char* kind,
                     std::map<std::string, mst::mustache>& into) -> Status {
    for (const auto& [name, text] : texts) {
      auto full = include_partials(text, partials.value());
      if (!full.ok()) return Status::Invalid(std::string(kind) + " " + name + ": " + full.status().message());
      mst::mustache m(full.value());
      if (!m.is_valid()) return Status::Invalid(std::string(kind) + " " + name + ": " + m.error_message());
      into.emplace(name, std::move(m));
    }
    return Status::Ok();
  };
  if (Status s = compile(templates.value(), "template", t->compiled_->templates); !s.ok()) return s;
  if (Status s = compile(partials.value(), "partial", t->compiled_->partials); !s.ok()) return s;
  std::string all_static;
  std::error_code ec;
  if (fs::is_directory(dir / "static"))
    for (const auto& e : fs::recursive_directory_iterator(dir / "static", ec)) {
      if (!e.is_regular_file()) continue;
      StaticFile f;
      auto content = theme_file(e.path());
      if (!content.ok()) return content.status();
      f.content = std::move(content.value());
      f.content_type = media_type_for(e.path().filename().string());
      f.etag = "\"" + content_hash(f.content) + "\"";
      std::string name = e.path().lexically_relative(dir / "static").generic_string();
      all_static += name + f.etag;
      t->static_files_[name] = std::move(f);
    }
  t->asset_version_ = content_hash(all_static).substr(0, 10);
  fs::path strings = dir / "i18n" / (language + ".json");
  if (!fs::is_regular_file(strings)) return Status::NotFound("theme has no " + strings.string());
  try {
    auto text = theme_file(strings);
    if (!text.ok()) return text.status();
    t->strings_ = nlohmann::json::parse(text.value());
  } catch (const std::exception& e) {
    return Status::Invalid(strings.string() + ": " + e.what());
  }
  if (!t->strings_.is_object()) return Status::Invalid(strings.string() + ": must be a JSON object");
  t->compiled_->globals = mst::data{mst::data::type::object};
  t->compiled_->globals.set("t", to_data(t->strings_));
  return t;
}

Result<std::string> Theme::render(const std::string& name, const nlohmann::json& data) const {
  return compiled_->render(name, to_data(data));
}

Result<std::string> Theme::render_page(const std::string& name, const nlohmann::json& data) const {
  mst::data d = to_data(data);
  auto body = compiled_->render(name, d);
  if (!body.ok()) return body;
  new_member(d, "content") = mst::data(body.value());
  return compiled_->render("layout", d);
}

Result<std::string> Theme::render_partial(const std::string& name, const nlohmann::json& data) const {
  return compiled_->render_from(compiled_->partials, "partial", name, to_data(data));
}

std::string Theme::text(const std::string& key) const {
  auto it = strings_.find(key);
  return it != strings_.end() && it->is_string() ? it->get<std::string>() : key;
}

const StaticFile* Theme::static_file(const std::string& name) const {
  auto it = static_files_.find(name);
  return it == static_files_.end() ? nullptr : &it->second;
}

}  // namespace sentinella
