#include "server/static_export.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <functional>
#include <mutex>
#include <set>
#include <stdexcept>

#include "core/local_time.h"
#include "core/parallel.h"
#include "core/text.h"
#include "importer/content_files.h"
#include "server/media_files.h"
#include "site/atom_feed.h"
#include "site/calendar_feed.h"
#include "site/format.h"
#include "site/html_text.h"
#include "site/page_slots.h"
#include "site/public_site.h"

namespace fs = std::filesystem;

namespace sentinella {

namespace {

// One file of the export: its path relative to the output folder and what to write there,
// produced only when it is written so that the whole site never sits in memory.
struct OutputFile {
  std::string path;
  std::function<std::optional<std::string>()> produce;
};

// The file a web server answers with for the URL path `url`: "/" -> "index.html",
// "/moduli/alfa" -> "moduli/alfa/index.html".
std::string page_file(const std::string& url) {
  return url == "/" ? "index.html" : url.substr(1) + "/index.html";
}

// year * 12 + month - 1 of a "YYYY-MM-DD..." text.
int month_index(const std::string& local) {
  return std::stoi(local.substr(0, 4)) * 12 + std::stoi(local.substr(5, 2)) - 1;
}

std::string month_path(int index) {
  return "/eventi/calendario/" + std::to_string(index / 12) + "/" + two_digits(index % 12 + 1);
}

// /eventi/calendario answers live with a redirect to this month; a static site can only say so in
// the page.
std::string redirect_page(const std::string& language, const std::string& title, const std::string& target) {
  const std::string href = escape_markup(target);
  return "<!DOCTYPE html>\n<html lang=\"" + escape_markup(language) + "\">\n<head>\n"
         "  <meta charset=\"utf-8\">\n"
         "  <meta http-equiv=\"refresh\" content=\"0; url=" + href + "\">\n"
         "  <meta name=\"robots\" content=\"noindex\">\n"
         "  <link rel=\"canonical\" href=\"" + href + "\">\n"
         "  <title>" + escape_markup(title) + "</title>\n</head>\n<body>\n"
         "  <p><a href=\"" + href + "\">" + escape_markup(title) + "</a></p>\n</body>\n</html>\n";
}

// Every file of the export, sorted by path.
std::vector<OutputFile> plan(App& app, PublicSite& pages, const Site& site, const LocalDateTime& today,
                             int first_month, int last_month, const std::vector<Event>& events) {
  Store& store = app.store();
  std::vector<OutputFile> files;
  // A page as anonymous visitors read it: slots keep their anonymous part, without the markers.
  auto page = [&](const std::string& url, std::function<std::optional<std::string>()> render) {
    files.push_back({page_file(url), [render = std::move(render)]() -> std::optional<std::string> {
                       auto html = render();
                       if (html) take_slot_markers(*html);
                       return html;
                     }});
  };

  // The export is the site as it reads at the start of `today`, the same whenever it is run.
  const UnixSeconds now = to_utc(today, site.time_zone).value_or(0);
  page("/", [&pages, now] { return pages.home(now); });
  page("/moduli", [&pages] { return pages.catalogue(""); });
  for (const auto& g : site.target_groups)
    page(static_group_path(g.id), [&pages, id = g.id] { return pages.catalogue(id); });
  for (const auto& m : store.modules()) {
    page("/moduli/" + m.slug, [&pages, slug = m.slug] { return pages.module(slug); });
    for (const auto& l : m.lessons)
      page("/moduli/" + m.slug + "/" + l.slug,
           [&pages, module = m.slug, slug = l.slug] { return pages.lesson(module, slug); });
  }
  for (const auto& p : store.pages()) page("/" + p.slug, [&pages, slug = p.slug] { return pages.page(slug); });

  page("/eventi", [&pages, now] { return pages.events({}, now); });
  page("/eventi/archivio", [&pages, now] { return pages.events_archive({}, now); });
  for (int m = first_month; m <= last_month; ++m)
    page(month_path(m), [&pages, today, m] { return pages.events_month(m / 12, m % 12 + 1, {}, today); });
  const int this_month = today.year * 12 + today.month - 1;
  page("/eventi/calendario", [&pages, &site, this_month] {
    return redirect_page(site.language,
                         pages.theme().text("events_month_title") + ": " +
                             format_month(this_month / 12, this_month % 12 + 1, site.language),
                         month_path(this_month));
  });
  for (const auto& e : events) {
    const std::string url = "/eventi/" + std::to_string(e.year) + "/" + e.slug;
    page(url, [&pages, now, year = e.year, slug = e.slug] { return pages.event(year, slug, now); });
    // As the live /eventi/<yyyy>/<slug>.ics: the event alone, in a calendar named after the site.
    files.push_back({url.substr(1) + ".ics", [&store, &site, year = e.year, slug = e.slug]() -> std::optional<std::string> {
                       auto full = store.event(year, slug);
                       if (!full) return std::nullopt;
                       return render_calendar(calendar_feed_for(site, ""), {*full});
                     }});
  }

  // As the live /events.ics (the public events) and /events.ics?audience=<id>.
  auto feed = [&store, &site](const std::string& audience) {
    return [&store, &site, audience]() -> std::optional<std::string> {
      return render_calendar(calendar_feed_for(site, audience), calendar_events(store, audience));
    };
  };
  files.push_back({"events.ics", feed(kPublicAudience)});
  files.push_back({static_feed_path(kPublicAudience).substr(1), feed(kPublicAudience)});
  for (const auto& g : site.target_groups) files.push_back({static_feed_path(g.id).substr(1), feed(g.id)});
  files.push_back({"feed.atom", [&store, &site]() -> std::optional<std::string> {
                     return render_atom(site, atom_entries(store, site));
                   }});

  files.push_back({"404.html", [&pages]() -> std::optional<std::string> { return pages.not_found(""); }});
  for (const auto& [name, file] : pages.theme().static_files())
    files.push_back({"static/" + name, [&file]() -> std::optional<std::string> { return file.content; }});

  // Every media file the server would serve, whether a page links it or a reader was given its URL.
  const fs::path media = app.config().content_dir / "media";
  auto media_files = std::make_shared<MediaFiles>(media);  // as the server reads them
  std::error_code ec;
  if (fs::is_directory(media, ec))
    for (const auto& entry : fs::directory_iterator(media, ec)) {
      const std::string name = entry.path().filename().string();
      if (!is_media_file_name(name) || !media_files->get(name)) continue;
      files.push_back({"media/" + name, [media_files, name]() -> std::optional<std::string> {
                         auto f = media_files->get(name);
                         if (!f) return std::nullopt;
                         return f->content;
                       }});
    }

  files.push_back({kExportMarker, []() -> std::optional<std::string> {
                     return std::string("Written by `sentinella build`; the next build replaces this folder as a whole.\n");
                   }});
  std::sort(files.begin(), files.end(), [](const OutputFile& a, const OutputFile& b) { return a.path < b.path; });
  return files;
}

// Invalid if two files have the same path, or a file's path is another's folder.
Status check_paths(const std::vector<OutputFile>& files) {
  std::set<std::string> paths;
  for (const auto& f : files)
    if (!paths.insert(f.path).second)
      return Status::Invalid("two pages need the same file " + f.path + ": rename one of them");
  for (const auto& f : files)
    for (size_t slash = f.path.find('/'); slash != std::string::npos; slash = f.path.find('/', slash + 1))
      if (paths.count(f.path.substr(0, slash)))
        return Status::Invalid("the file " + f.path.substr(0, slash) + " is also the folder of " + f.path +
                               ": rename one of them");
  return Status::Ok();
}

Status write_file(const fs::path& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(content.data(), static_cast<std::streamsize>(content.size()));
  out.close();
  if (!out) return Status::IOError("cannot write " + path.string());
  return Status::Ok();
}

// Produces and writes `files` under `root`: the folders first, in order, then the files, a few at a
// time on every core (what a file holds does not depend on when it is written).
Status write_all(const std::vector<OutputFile>& files, const fs::path& root, StaticExportSummary& summary) {
  std::set<fs::path> folders;
  for (const auto& f : files) folders.insert(fs::path(f.path).parent_path());
  for (const auto& folder : folders) {
    std::error_code ec;
    fs::create_directories(root / folder, ec);
    if (ec) return Status::IOError("cannot create " + (root / folder).string() + ": " + ec.message());
  }
  // A failure stops the others: its Status comes back as a StatusError.
  std::mutex mutex;
  try {
    parallel_for(files.size(), [&](size_t i) {
      std::optional<std::string> content;
      try {
        content = files[i].produce();
      } catch (const std::exception& e) {  // a template with an error
        throw StatusError(Status::Invalid(e.what()));
      }
      if (!content) throw StatusError(Status::Internal("nothing to write to " + files[i].path));
      if (Status s = write_file(root / files[i].path, *content); !s.ok()) throw StatusError(s);
      std::lock_guard lock(mutex);
      ++summary.files;
      summary.bytes += content->size();
    });
  } catch (const StatusError& e) {
    return e.status;
  }
  return Status::Ok();
}

// Puts the folder `fresh` in the place of `out` (which may not exist), then deletes the old one.
Status replace_folder(const fs::path& fresh, const fs::path& out, const fs::path& old) {
  std::error_code ec;
  if (!fs::exists(out, ec)) {
    fs::rename(fresh, out, ec);
    if (ec) return Status::IOError("cannot rename " + fresh.string() + " to " + out.string() + ": " + ec.message());
    return Status::Ok();
  }
  // Atomically where the file system can exchange two names; otherwise two renames.
  if (renameat2(AT_FDCWD, fresh.c_str(), AT_FDCWD, out.c_str(), RENAME_EXCHANGE) == 0) {
    fs::remove_all(fresh, ec);
    return Status::Ok();
  }
  fs::rename(out, old, ec);
  if (ec) return Status::IOError("cannot rename " + out.string() + ": " + ec.message());
  fs::rename(fresh, out, ec);
  if (ec) {
    std::error_code ignored;
    fs::rename(old, out, ignored);
    return Status::IOError("cannot rename " + fresh.string() + " to " + out.string() + ": " + ec.message());
  }
  fs::remove_all(old, ec);
  return Status::Ok();
}

}  // namespace

Result<StaticExportSummary> export_static_site(App& app, const StaticExportOptions& options) {
  auto site = app.store().site();
  if (!site) return Status::Invalid("there is no content to export: import it first");

  std::error_code ec;
  fs::path out = fs::absolute(options.out_dir, ec).lexically_normal();
  if (out.has_relative_path() && !out.has_filename()) out = out.parent_path();  // "site/" -> "site"
  if (!out.has_relative_path()) return Status::Invalid("cannot replace the root folder " + out.string());
  const fs::path content = fs::absolute(app.config().content_dir, ec).lexically_normal();
  if (const auto rel = out.lexically_relative(content); !rel.empty() && *rel.begin() != "..")
    return Status::Invalid("the output folder " + out.string() + " is inside the content folder");
  if (fs::exists(out, ec)) {
    if (!fs::is_directory(out, ec)) return Status::Invalid(out.string() + " exists and is not a folder");
    if (!fs::is_empty(out, ec) && !fs::exists(out / kExportMarker, ec))
      return Status::Invalid(out.string() + " is not empty and was not written by sentinella build: "
                             "remove it or choose another folder");
  }

  auto theme = Theme::load(app.config().theme_dir, site->language);
  if (!theme.ok()) return theme.status();

  const LocalDateTime today =
      options.today ? LocalDateTime{options.today->year, options.today->month, options.today->day, 0, 0, false}
                    : date_at(now_seconds(), site->time_zone);
  // The calendar months from the first event to the last, and this month.
  const std::vector<Event> events = app.store().events({});
  int first_month = today.year * 12 + today.month - 1, last_month = first_month;
  for (const auto& e : events) {
    first_month = std::min(first_month, month_index(e.start_local));
    last_month = std::max(last_month, month_index(e.end_local));
  }
  PublicSite pages(app.store(), *site, std::move(theme.value()), StaticSite{first_month, last_month});

  std::vector<OutputFile> files = plan(app, pages, *site, today, first_month, last_month, events);
  if (Status s = check_paths(files); !s.ok()) return s;

  const std::string suffix = "." + std::to_string(getpid());
  const fs::path fresh = out.parent_path() / ("." + out.filename().string() + ".new" + suffix);
  const fs::path old = out.parent_path() / ("." + out.filename().string() + ".old" + suffix);
  fs::remove_all(fresh, ec);
  fs::create_directories(fresh, ec);
  if (ec) return Status::IOError("cannot create " + fresh.string() + ": " + ec.message());

  StaticExportSummary summary;
  Status status = write_all(files, fresh, summary);
  if (status.ok()) status = replace_folder(fresh, out, old);
  if (!status.ok()) {
    fs::remove_all(fresh, ec);
    return status;
  }
  return summary;
}

}  // namespace sentinella
