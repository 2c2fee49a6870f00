#include "core/attendance_report_cache.h"

#include <SQLiteCpp/SQLiteCpp.h>

namespace sentinella {

std::int64_t AttendanceReportCache::generation() {
  return store_.read([](SQLite::Database& db) {
    SQLite::Statement q(db, "SELECT value FROM attendance_generation WHERE id = 1");
    return q.executeStep() ? q.getColumn(0).getInt64() : std::int64_t{0};
  });
}

std::shared_ptr<const AttendanceSnapshot> AttendanceReportCache::snapshot() {
  const auto is_current = [&](std::int64_t generation) {
    std::lock_guard lock(mutex_);
    return current_ && current_->generation == generation ? current_ : nullptr;
  };
  if (auto kept = is_current(generation())) return kept;
  std::lock_guard rebuild(rebuild_mutex_);
  // Another request may have read it while this one waited: look again (the generation too, as
  // more may have been written meanwhile).
  if (auto kept = is_current(generation())) return kept;
  auto next = std::make_shared<const AttendanceSnapshot>(store_.read([](SQLite::Database& db) {
    SQLite::Transaction tx(db, SQLite::TransactionBehavior::DEFERRED);  // the generation and the data alike
    return read_attendance_snapshot(db);
  }));
  std::lock_guard lock(mutex_);
  current_ = next;
  ++rebuilds_;
  return next;
}

std::int64_t AttendanceReportCache::rebuilds() const {
  std::lock_guard lock(mutex_);
  return rebuilds_;
}

std::size_t AttendanceReportCache::bytes() const {
  std::lock_guard lock(mutex_);
  return current_ ? current_->bytes() : 0;
}

Result<AttendanceReport> attendance_report(AttendanceReportCache& cache, const ReportQuery& query,
                                           const ReportMemory& memory) {
  if (Status s = validate_report_query(query); !s.ok()) return s;
  return count_attendance(*cache.snapshot(), query, memory);
}

}  // namespace sentinella
