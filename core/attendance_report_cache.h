// The attendance report without reading every mark on every request: a snapshot of everything the
// report counts (core/attendance_snapshot.h), kept in memory and read again only when the
// database's attendance generation (migration 18: bumped by triggers on every write to the marks,
// walk-ins, meetings, modules of events, and people's target group and organization, from any
// connection or process) is no longer the snapshot's. The server's App holds one; the API and the
// report pages count from it (docs/performance.md, "The attendance report").
// Thread-safe. Checking costs one tiny query; a rebuild happens once per change, however many
// requests come during it: the others wait for it and share its snapshot. At most two snapshots
// are held at a time by the cache (the one in use and the one being read), plus the old ones
// requests still count from.
// Errors: snapshot() and attendance_report() throw what SQLite throws (see core/store.h);
// attendance_report() returns Invalid as the other overload; anything may throw std::bad_alloc.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>

#include "core/attendance_report.h"
#include "core/attendance_snapshot.h"
#include "core/store.h"

namespace sentinella {

class AttendanceReportCache {
public:
  explicit AttendanceReportCache(Store& store) : store_(store) {}
  AttendanceReportCache(const AttendanceReportCache&) = delete;
  AttendanceReportCache& operator=(const AttendanceReportCache&) = delete;

  // The snapshot of the database as it is now (never null).
  std::shared_ptr<const AttendanceSnapshot> snapshot();

  // How many snapshots were read so far, and the memory of the one in use (0 before the first).
  std::int64_t rebuilds() const;
  std::size_t bytes() const;

private:
  std::int64_t generation();  // attendance_generation.value now

  Store& store_;
  std::mutex rebuild_mutex_;  // one rebuild at a time; the others wait here for it
  mutable std::mutex mutex_;
  std::shared_ptr<const AttendanceSnapshot> current_;  // guarded by mutex_
  std::int64_t rebuilds_ = 0;                          // guarded by mutex_
};

// attendance_report(AttendanceReportCache&, ...) is declared in core/attendance_report.h.

}  // namespace sentinella
