// Readable dumps of a store for the store and import tests: equal dumps mean equal content.
#pragma once

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <algorithm>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/store.h"

namespace sentinella::test {

// Every row of every table in the database file at `path`, read through a second connection:
// one "table: value | value" line per row, tables by name, rows sorted.
inline std::string dump_database(const std::string& path) {
  SQLite::Database db(path, SQLite::OPEN_READONLY);
  std::vector<std::string> tables;
  SQLite::Statement t(db, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
  while (t.executeStep()) tables.push_back(t.getColumn(0).getString());
  std::string out;
  for (const auto& table : tables) {
    std::vector<std::string> rows;
    SQLite::Statement q(db, "SELECT * FROM \"" + table + "\"");
    while (q.executeStep()) {
      std::string row = table + ":";
      for (int i = 0; i < q.getColumnCount(); ++i)
        row += (i ? " | " : " ") + (q.getColumn(i).isNull() ? "NULL" : q.getColumn(i).getString());
      rows.push_back(std::move(row));
    }
    std::sort(rows.begin(), rows.end());
    out += table + " (" + std::to_string(rows.size()) + " rows)\n";
    for (const auto& r : rows) out += r + "\n";
  }
  return out;
}

// Every row `q` selects: columns joined by ",", rows by " | ", NULL written as NULL.
inline std::string rows_text(SQLite::Statement& q) {
  std::string out;
  while (q.executeStep()) {
    if (!out.empty()) out += " | ";
    for (int i = 0; i < q.getColumnCount(); ++i)
      out += (i ? "," : "") + (q.getColumn(i).isNull() ? std::string("NULL") : q.getColumn(i).getString());
  }
  return out;
}

// A person written straight into the store (no password hash: it would only slow the tests down),
// in group polizia-locale of "Comune di Prova"; their id.
inline std::int64_t insert_person(Store& store, const std::string& username, std::int64_t at) {
  std::int64_t id = 0;
  Status st = store.write([&](SQLite::Database& db) {
    SQLite::Statement ins(db,
        "INSERT INTO users(username, display_name, password_hash, organization, target_group, created_at)"
        " VALUES (?, ?, 'x', 'Comune di Prova', 'polizia-locale', ?)");
    ins.bind(1, username);
    ins.bind(2, "Nome " + username);
    ins.bind(3, static_cast<int64_t>(at));
    ins.exec();
    id = db.getLastInsertRowid();
  });
  if (!st.ok()) throw std::runtime_error(st.message());
  return id;
}

inline std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : ", ") + s;
  return "[" + out + "]";
}

// Everything the store serves through its public reads, drafts and bodies included.
inline std::string describe(Store& store) {
  std::ostringstream out;
  if (auto s = store.site()) {
    out << "site: " << s->name << " | " << s->municipality << " | " << s->language << " | "
        << s->base_url << " | " << s->description << " | " << s->intro_html << " | "
        << s->help_page << " | " << s->quick_exit_url << " | " << s->contacts.office << " | "
        << s->contacts.address << " | " << s->contacts.phone << " | " << s->contacts.email << "\n";
    for (const auto& h : s->helplines)
      out << "  helpline: " << h.name << " | " << h.number << " | " << h.description << " | "
          << h.hours << "\n";
    for (const auto& g : s->target_groups) out << "  group: " << g.id << " | " << g.label << "\n";
  } else {
    out << "site: none\n";
  }
  for (const auto& listed : store.pages()) {
    auto p = store.page(listed.slug);
    if (!p) {
      out << "page " << listed.slug << ": listed but not found\n";
      continue;
    }
    out << "page " << p->slug << ": " << p->source_path << " | " << p->title << " | " << p->summary
        << " | menu " << (p->menu ? std::to_string(*p->menu) : "none") << " | helplines "
        << p->show_helplines << " | " << p->body_html << "\n";
  }
  for (const auto& m : store.modules(/*include_drafts=*/true)) {
    out << "module " << m.slug << ": " << m.source_path << " | " << m.title << " | " << m.summary
        << " | " << m.intro_html << " | " << m.duration_hours << " h | order " << m.order << " | "
        << (m.status == ModuleStatus::published ? "published" : "draft") << " | objectives "
        << join(m.objectives) << " | authors " << join(m.authors) << " | groups "
        << join(m.target_groups) << "\n";
    for (const auto& listed : m.lessons) {
      auto l = store.lesson(m.slug, listed.slug, /*include_drafts=*/true);
      if (!l) {
        out << "  lesson " << listed.slug << ": listed but not found\n";
        continue;
      }
      out << "  lesson " << l->slug << ": " << l->source_path << " | " << l->title << " | "
          << l->minutes << " min | order " << l->order << " | reviewed " << l->reviewed << " | "
          << l->body_html << "\n";
    }
  }
  for (const auto& [path, hash] : store.source_hashes()) out << "hash " << path << " = " << hash << "\n";
  return out.str();
}

// The first column of every row `sql` selects in the database file at `path`, comma-separated.
inline std::string query_column(const std::string& path, const std::string& sql) {
  SQLite::Database db(path, SQLite::OPEN_READONLY);
  SQLite::Statement q(db, sql);
  std::string out;
  while (q.executeStep()) out += (out.empty() ? "" : ",") + q.getColumn(0).getString();
  return out;
}

}  // namespace sentinella::test
