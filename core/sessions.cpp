#include "core/sessions.h"

#include <SQLiteCpp/Statement.h>

#include "core/secrets.h"

namespace sentinella {

namespace {
// Refreshing last_seen_at on every request would make every page view a write.
constexpr std::int64_t kTouchEverySeconds = 60;
}  // namespace

void delete_sessions_of(SQLite::Database& db, std::int64_t user_id) {
  SQLite::Statement st(db, "DELETE FROM sessions WHERE user_id = ?");
  st.bind(1, static_cast<int64_t>(user_id));
  st.exec();
}

StartedSession Sessions::start(std::int64_t user_id, UnixSeconds now) {
  StartedSession s{random_hex(32), random_hex(32)};
  Status st = store_.write([&](SQLite::Database& db) {
    SQLite::Statement ins(db,
        "INSERT INTO sessions(token_hash, user_id, csrf_token, created_at, last_seen_at)"
        " VALUES (?, ?, ?, ?, ?)");
    ins.bind(1, secret_hash(s.token));
    ins.bind(2, static_cast<int64_t>(user_id));
    ins.bind(3, s.csrf_token);
    ins.bind(4, static_cast<int64_t>(now));
    ins.bind(5, static_cast<int64_t>(now));
    ins.exec();
  });
  if (!st.ok()) throw std::runtime_error(st.message());
  return s;
}

std::optional<ActiveSession> Sessions::resume(std::string_view token, UnixSeconds now) {
  if (token.size() != 64) return std::nullopt;
  const std::string hash = secret_hash(token);
  struct Row {
    std::int64_t user_id;
    std::string csrf;
    UnixSeconds created, seen;
  };
  auto row = store_.read([&](SQLite::Database& db) -> std::optional<Row> {
    SQLite::Statement q(db,
        "SELECT user_id, csrf_token, created_at, last_seen_at FROM sessions WHERE token_hash = ?");
    q.bind(1, hash);
    if (!q.executeStep()) return std::nullopt;
    return Row{q.getColumn(0).getInt64(), q.getColumn(1).getString(), q.getColumn(2).getInt64(),
               q.getColumn(3).getInt64()};
  });
  if (!row) return std::nullopt;
  const bool expired = now - row->seen > policy_.idle_seconds || now - row->created > policy_.absolute_seconds;
  auto user = Accounts(store_).find(row->user_id);
  if (expired || !user || user->disabled || user->erased) {
    end(token);
    return std::nullopt;
  }
  if (now - row->seen >= kTouchEverySeconds)
    (void)store_.write([&](SQLite::Database& db) {
      SQLite::Statement up(db, "UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?");
      up.bind(1, static_cast<int64_t>(now));
      up.bind(2, hash);
      up.exec();
    });
  return ActiveSession{std::move(*user), row->csrf, row->created};
}

void Sessions::end(std::string_view token) {
  const std::string hash = secret_hash(token);
  (void)store_.write([&](SQLite::Database& db) {
    SQLite::Statement del(db, "DELETE FROM sessions WHERE token_hash = ?");
    del.bind(1, hash);
    del.exec();
  });
}

void Sessions::end_all(std::int64_t user_id) {
  (void)store_.write([&](SQLite::Database& db) { delete_sessions_of(db, user_id); });
}

int Sessions::purge_expired(UnixSeconds now) {
  int removed = 0;
  (void)store_.write([&](SQLite::Database& db) {
    SQLite::Statement del(db, "DELETE FROM sessions WHERE last_seen_at < ? OR created_at < ?");
    del.bind(1, static_cast<int64_t>(now - policy_.idle_seconds));
    del.bind(2, static_cast<int64_t>(now - policy_.absolute_seconds));
    removed = del.exec();
  });
  return removed;
}

}  // namespace sentinella
