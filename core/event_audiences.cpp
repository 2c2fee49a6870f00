#include "core/event_audiences.h"

#include <SQLiteCpp/SQLiteCpp.h>

#include "core/audit.h"

namespace sentinella {

namespace {

Status check_count(std::int64_t people, const std::string& what) {
  if (people < 0) return Status::Invalid(what + " cannot be negative");
  if (people > kMaxAudience) return Status::Invalid(what + " cannot be more than " + std::to_string(kMaxAudience));
  return Status::Ok();
}

}  // namespace

std::int64_t EventAudience::unsplit() const {
  std::int64_t split = 0;
  for (const auto& [group, people] : by_group) split += people;
  return total - split;
}

Status EventAudiences::record(const Event& event, std::int64_t total,
                              const std::map<std::string, std::int64_t>& by_group, std::int64_t actor_id,
                              UnixSeconds now) {
  if (event.registration)
    return Status::Invalid("the event takes registrations: its attendance is taken on the roster of each meeting");
  if (now < event.start_utc) return Status::Invalid("the event has not started yet");
  if (Status st = check_count(total, "the total"); !st.ok()) return st;
  std::int64_t split = 0;
  for (const auto& [group, people] : by_group) {
    if (Status st = check_count(people, "the count for " + group); !st.ok()) return st;
    split += people;
  }
  if (split > total)
    return Status::Invalid("the counts by target group (" + std::to_string(split) + ") add up to more than the total (" +
                           std::to_string(total) + ")");
  return store_.write([&](SQLite::Database& db) {
    SQLite::Statement known(db, "SELECT 1 FROM target_groups WHERE id = ?");
    for (const auto& [group, people] : by_group) {
      known.bind(1, group);
      if (!known.executeStep()) throw StatusError(Status::Invalid("unknown target group: " + group));
      known.reset();
    }
    SQLite::Statement del(db, "DELETE FROM event_audiences WHERE event_uid = ?");
    del.bind(1, event.uid);
    del.exec();
    SQLite::Statement ins(db,
        "INSERT INTO event_audiences(event_uid, target_group, people, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?)");
    auto put = [&](const std::string& group, std::int64_t people) {
      ins.bind(1, event.uid);
      ins.bind(2, group);
      ins.bind(3, static_cast<int64_t>(people));
      ins.bind(4, static_cast<int64_t>(actor_id));
      ins.bind(5, static_cast<int64_t>(now));
      ins.exec();
      ins.reset();
    };
    std::string detail = "event=" + event.uid + " total=" + std::to_string(total);
    for (const auto& [group, people] : by_group) {
      if (people == 0) continue;
      put(group, people);
      detail += " " + group + "=" + std::to_string(people);
    }
    // The row for the people not attributed to a group; a total of 0 is still recorded.
    if (total - split > 0 || total == 0) put("", total - split);
    audit_record(db, actor_id, "event.audience", 0, detail, now);
  });
}

EventAudience EventAudiences::audience(const std::string& event_uid) {
  return store_.read([&](SQLite::Database& db) {
    SQLite::Statement q(db,
        "SELECT target_group, people, recorded_by, recorded_at FROM event_audiences WHERE event_uid = ?"
        " ORDER BY target_group");
    q.bind(1, event_uid);
    EventAudience a;
    while (q.executeStep()) {
      const std::string group = q.getColumn(0).getString();
      const std::int64_t people = q.getColumn(1).getInt64();
      a.total += people;
      if (!group.empty()) a.by_group[group] = people;
      a.recorded_by = q.getColumn(2).getInt64();
      a.recorded_at = q.getColumn(3).getInt64();
    }
    return a;
  });
}

}  // namespace sentinella
