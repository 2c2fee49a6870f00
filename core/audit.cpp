#include "core/audit.h"

#include <SQLiteCpp/Statement.h>

namespace sentinella {

void audit_record(SQLite::Database& db, std::int64_t actor_id, std::string_view action,
                  std::int64_t target_user_id, std::string_view details, UnixSeconds at) {
  SQLite::Statement st(db,
      "INSERT INTO audit_log(at, actor_id, action, target_user_id, details) VALUES (?, ?, ?, ?, ?)");
  st.bind(1, static_cast<int64_t>(at));
  if (actor_id) st.bind(2, static_cast<int64_t>(actor_id)); else st.bind(2);
  st.bind(3, std::string(action));
  if (target_user_id) st.bind(4, static_cast<int64_t>(target_user_id)); else st.bind(4);
  st.bind(5, std::string(details));
  st.exec();
}

std::vector<AuditEntry> audit_entries(Store& store, int limit, int offset) {
  return store.read([&](SQLite::Database& db) {
    std::vector<AuditEntry> out;
    SQLite::Statement q(db,
        "SELECT a.id, a.at, COALESCE(a.actor_id, 0), COALESCE(u.display_name, ''), a.action,"
        " COALESCE(a.target_user_id, 0), COALESCE(t.display_name, ''), a.details"
        " FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id"
        " LEFT JOIN users t ON t.id = a.target_user_id ORDER BY a.id DESC LIMIT ? OFFSET ?");
    q.bind(1, limit);
    q.bind(2, offset);
    while (q.executeStep())
      out.push_back({q.getColumn(0).getInt64(), q.getColumn(1).getInt64(), q.getColumn(2).getInt64(),
                     q.getColumn(3).getString(), q.getColumn(4).getString(), q.getColumn(5).getInt64(),
                     q.getColumn(6).getString(), q.getColumn(7).getString()});
    return out;
  });
}

}  // namespace sentinella
