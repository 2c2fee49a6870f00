#include "core/report_extras.h"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include <cstdint>
#include <map>
#include <set>
#include <tuple>
#include <utility>

namespace sentinella {

namespace {

// Binds the filter's common parameters that `q` uses.
void bind_filter(SQLite::Statement& q, const ReportExtrasFilter& f) {
  for (auto [name, value] : {std::pair{":group", &f.target_group}, std::pair{":module", &f.module},
                             std::pair{":organization", &f.organization}})
    if (q.getIndex(name)) q.bind(name, *value);
}

}  // namespace

ModuleCompletionReport module_completion_report(Store& store, const ReportExtrasFilter& filter) {
  return store.read([&](SQLite::Database& db) {
    SQLite::Transaction tx(db, SQLite::TransactionBehavior::DEFERRED);  // one snapshot for both queries
    std::map<std::pair<std::string, std::string>, ModuleCompletionRow> cells;
    SQLite::Statement people(db,
                             "SELECT u.target_group, e.module_slug, count(*), count(e.completed_at)"
                             " FROM enrolments e JOIN users u ON u.id = e.user_id"
                             " WHERE e.enrolled_at >= :from AND e.enrolled_at < :to"
                             " AND (:group = '' OR u.target_group = :group)"
                             " AND (:module = '' OR e.module_slug = :module)"
                             " AND (:organization = '' OR u.organization = :organization)"
                             " GROUP BY u.target_group, e.module_slug");
    people.bind(":from", static_cast<std::int64_t>(filter.period.from_utc.value_or(INT64_MIN)));
    people.bind(":to", static_cast<std::int64_t>(filter.period.to_utc.value_or(INT64_MAX)));
    bind_filter(people, filter);
    while (people.executeStep()) {
      auto& c = cells[{people.getColumn(0).getString(), people.getColumn(1).getString()}];
      c.enrolled += people.getColumn(2).getInt();
      c.completed += people.getColumn(3).getInt();
    }
    if (filter.organization.empty()) {
      SQLite::Statement erased(db,
                               "SELECT target_group, module_slug, sum(enrolled), sum(completed) FROM learning_counts"
                               " WHERE month >= :from_month AND month <= :to_month"
                               " AND (:group = '' OR target_group = :group)"
                               " AND (:module = '' OR module_slug = :module)"
                               " GROUP BY target_group, module_slug");
      erased.bind(":from_month", filter.period.from_month);
      erased.bind(":to_month", filter.period.to_month.empty() ? std::string("9999-99") : filter.period.to_month);
      bind_filter(erased, filter);
      while (erased.executeStep()) {
        auto& c = cells[{erased.getColumn(0).getString(), erased.getColumn(1).getString()}];
        const int enrolled = erased.getColumn(2).getInt(), completed = erased.getColumn(3).getInt();
        c.enrolled += enrolled;
        c.completed += completed;
        c.erased_enrolled += enrolled;
        c.erased_completed += completed;
      }
    }
    ModuleCompletionReport report;
    for (auto& [key, c] : cells) {
      if (c.enrolled == 0) continue;
      c.target_group = key.first;
      c.module = key.second;
      report.totals.enrolled += c.enrolled;
      report.totals.completed += c.completed;
      report.totals.erased_enrolled += c.erased_enrolled;
      report.totals.erased_completed += c.erased_completed;
      report.rows.push_back(std::move(c));
    }
    return report;
  });
}

AudienceReport audience_report(Store& store, const ReportExtrasFilter& filter) {
  return store.read([&](SQLite::Database& db) {
    // One row per event and target group: recorded counts where the organizer recorded any, else
    // the distinct people with an attended mark.
    SQLite::Statement q(db,
                        "WITH ev AS (SELECT uid, type FROM events WHERE status <> 'cancelled'"
                        "   AND substr(start_local, 1, 10) >= :from AND substr(start_local, 1, 10) <= :to"
                        "   AND (:module = '' OR uid IN (SELECT event_uid FROM event_modules WHERE module_slug = :module))),"
                        " counted AS ("
                        "  SELECT a.event_uid AS event_uid, a.target_group AS target_group, a.people AS people, 1 AS recorded"
                        "  FROM event_audiences a JOIN ev ON ev.uid = a.event_uid WHERE :organization = ''"
                        "  UNION ALL"
                        "  SELECT m.event_uid, coalesce(u.target_group, w.target_group, ''),"
                        "         count(DISTINCT coalesce('u' || m.user_id, 'w' || m.walk_in_id)), 0"
                        "  FROM attendance_marks m JOIN ev ON ev.uid = m.event_uid"
                        "  LEFT JOIN users u ON u.id = m.user_id LEFT JOIN walk_ins w ON w.id = m.walk_in_id"
                        "  WHERE m.status IN ('present', 'late', 'left_early')"
                        "  AND m.event_uid NOT IN (SELECT event_uid FROM event_audiences)"
                        "  AND (:organization = '' OR coalesce(u.organization, w.organization, '') = :organization)"
                        "  GROUP BY m.event_uid, 2)"
                        " SELECT c.event_uid, ev.type, c.target_group, c.people, c.recorded"
                        " FROM counted c JOIN ev ON ev.uid = c.event_uid"
                        " WHERE :group = '' OR c.target_group = :group");
    q.bind(":from", filter.period.from.empty() ? std::string("0000-00-00") : filter.period.from);
    q.bind(":to", filter.period.to.empty() ? std::string("9999-99-99") : filter.period.to);
    bind_filter(q, filter);
    std::map<std::pair<std::string, std::string>, std::set<std::string>> events_of;
    std::map<std::pair<std::string, std::string>, int> people_of;
    std::set<std::string> events, recorded;
    while (q.executeStep()) {
      const std::string uid = q.getColumn(0).getString();
      const std::pair key{q.getColumn(1).getString(), q.getColumn(2).getString()};
      people_of[key] += q.getColumn(3).getInt();
      events_of[key].insert(uid);
      events.insert(uid);
      if (q.getColumn(4).getInt()) recorded.insert(uid);
    }
    AudienceReport report;
    for (const auto& [key, people] : people_of) {
      report.rows.push_back({key.first, key.second, people, static_cast<int>(events_of[key].size())});
      report.people += people;
    }
    report.events = static_cast<int>(events.size());
    report.recorded_events = static_cast<int>(recorded.size());
    return report;
  });
}

}  // namespace sentinella
