// Attendance taken per meeting of an event: a status (present, late, left early, excused, absent),
// the hours actually attended and a note, for each person with an account or walk-in (someone
// without one, added on the roster, who can be merged into an account later).
//
// Meetings are numbered from 1 as in Event::meetings; an event without meetings is one meeting,
// number 1, from its start to its end (length 0 for an all-day event, whose hours are unknown, as
// in Event::hours()).
//
// Hours: present defaults to the meeting's whole length; late and left early to half of it
// (kPartialAttendanceShare) when no hours are given; excused and absent are always 0 (giving other
// hours is an error). Given hours must be between 0 and the meeting's length.
//
// Who may mark: may_mark_attendance() below. Every change is one transaction, audited in it, naming
// the event's uid and the meeting.
// Errors: changes return Status/Result (Invalid for bad input, naming the problem; NotFound for no
// such person, walk-in or meeting; Conflict as documented) and write nothing when they fail;
// lookups throw SQLite::Exception from reads of the database (see core/store.h); anything may throw
// std::bad_alloc.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/domain.h"
#include "core/roles.h"
#include "core/status.h"
#include "core/store.h"

namespace sentinella {

enum class AttendanceStatus { present, late, left_early, excused, absent };
// Every status, in the order people are offered them.
inline constexpr AttendanceStatus kAttendanceStatuses[] = {AttendanceStatus::present, AttendanceStatus::late,
                                                           AttendanceStatus::left_early, AttendanceStatus::excused,
                                                           AttendanceStatus::absent};

// Where a mark came from: the roster (or the command line), a learner's self check-in, an imported
// sign-in sheet. Stored as "roster", "checkin", "import".
enum class MarkSource { roster, checkin, import };
const char* mark_source_name(MarkSource source);

// "present", "late", "left_early", "excused", "absent": the values stored in the database.
const char* attendance_status_name(AttendanceStatus status);
std::optional<AttendanceStatus> parse_attendance_status(const std::string& name);

// The share of a meeting's length that late and left early count when no hours are given.
inline constexpr double kPartialAttendanceShare = 0.5;
inline constexpr std::size_t kMaxAttendanceNote = 500;     // characters
inline constexpr std::size_t kMaxWalkInName = 200;         // characters
inline constexpr std::size_t kMaxWalkInOrganization = 200; // characters

// The length of meeting `number` of the event, in hours; nullopt when the event has no such meeting.
std::optional<double> meeting_hours(const Event& event, int number);

// The hours a mark records: `given` checked against the meeting's length `length`, or the default of
// the status (see the top of this file). Invalid naming the problem.
Result<double> attendance_hours(AttendanceStatus status, std::optional<double> given, double length);

// Who may mark attendance at an event: admins; organizers (today every organizer manages every
// event: the event's `organizer:` names an institution, not an account); trainers who train a
// target group of one of the event's modules (`module_groups`: the target groups of the modules
// the event names). Nobody else, learners included.
bool may_mark_attendance(RoleSet roles, const std::vector<std::string>& trained_groups,
                         const std::vector<std::string>& module_groups);

// Exactly one of the two is set (non-zero).
struct Attendee {
  std::int64_t user_id = 0;
  std::int64_t walk_in_id = 0;
};

struct NewWalkIn {
  std::string name;          // required, at most kMaxWalkInName characters
  std::string target_group;  // a known target group id, or "" when unknown
  std::string organization;  // at most kMaxWalkInOrganization characters
};

class Attendance {
public:
  explicit Attendance(Store& store) : store_(store) {}

  // Whether `actor_id` may mark attendance at the event: may_mark_attendance() with the actor's
  // roles and trained groups, and the target groups of the event's modules as stored. Actor 0 (the
  // command line) may.
  bool may_mark(const Event& event, std::int64_t actor_id);

  // Records (or replaces) the mark of `who` at meeting `meeting` of the event. Invalid for a
  // meeting the event does not have, bad hours (attendance_hours), a note longer than
  // kMaxAttendanceNote characters or not UTF-8, an attendee with neither or both ids, or an actor
  // who may not mark (may_mark); NotFound for no such (or an erased) person, or no such walk-in;
  // Invalid for a walk-in already merged into an account. Returns the hours recorded. For a person
  // enrolled in a module of the event, records the module's completion when the hours now meet its
  // rule (core/completion.h), audited as learning.complete. Marking enrols nobody.
  // `source` is stored with the mark.
  Result<double> mark(const Event& event, int meeting, const Attendee& who, AttendanceStatus status,
                      std::optional<double> hours, const std::string& note, std::int64_t actor_id,
                      UnixSeconds now, MarkSource source = MarkSource::roster);

  // Marks present, with the meeting's whole length, every confirmed registration of the event
  // whose person has no mark for the meeting yet; other marks are left alone. Returns how many were
  // marked. Invalid for no such meeting or an actor who may not mark.
  Result<int> mark_all_present(const Event& event, int meeting, std::int64_t actor_id, UnixSeconds now);

  // Adds a walk-in and returns its id. Invalid naming the problem (empty or long name, unknown
  // target group, long organization, text that is not UTF-8). Who may add one is the caller's to
  // check (the roster of an event the actor may_mark()).
  Result<std::int64_t> add_walk_in(const NewWalkIn& walk_in, std::int64_t actor_id, UnixSeconds now);

  // Moves every mark of the walk-in to the account, hours and status kept, and records the walk-in
  // as merged into it, in one transaction. NotFound for no such walk-in or (erased) person; Invalid
  // for a walk-in already merged; Conflict, naming the event and meeting, when the account already
  // has a mark for a meeting the walk-in was marked at: nothing changes then. Then records the
  // completion of the modules of those events the person is enrolled in, when now met. Who may
  // merge is the caller's to check (admins and organizers).
  Status merge_walk_in(std::int64_t walk_in_id, std::int64_t user_id, std::int64_t actor_id, UnixSeconds now);


private:
  Store& store_;
};

// Inside the caller's transaction (or read): the hours the person attended at meetings of events
// that name the module (`modules:`), summed over every mark. For the module's completion rule.
double attended_hours(SQLite::Database& db, std::int64_t user_id, const std::string& module_slug);

// Hours as people type them: digits with at most one decimal comma or point ("1,5", "2.25", "3"),
// spaces around allowed; nullopt for anything else (a sign, a thousands separator, letters,
// nothing at all, more than 6 characters before the separator).
std::optional<double> parse_hours_text(std::string_view text);

// One line of a meeting's roster: a person with a confirmed registration for the event or with a
// mark at the meeting (an account or an unmerged walk-in), with their mark if any.
struct RosterEntry {
  std::int64_t user_id = 0;     // 0 for a walk-in
  std::int64_t walk_in_id = 0;  // 0 for a person with an account
  std::string name, username;   // username "" for a walk-in
  std::string target_group, organization;
  bool registered = false;      // holds a confirmed registration for the event
  bool marked = false;          // the fields below hold a mark only when true
  AttendanceStatus status = AttendanceStatus::absent;
  MarkSource source = MarkSource::roster;
  double hours = 0;
  std::string note;
};

// What the marks of one meeting add up to, for the event's page.
struct MeetingTally {
  int meeting = 0;
  int marked = 0;     // marks of any status
  int attended = 0;   // marks present, late or left early
  double hours = 0;   // hours of every mark
};

// Reads of the roster (declared here, defined in core/attendance.cpp like the rest).
class AttendanceRoster {
public:
  explicit AttendanceRoster(Store& store) : store_(store) {}

  // The roster of meeting `meeting`: confirmed registrations and everyone marked there, walk-ins
  // included, alphabetical by name (case-insensitive; then by id); erased accounts are left out.
  // One query. Empty for an unknown event or meeting.
  std::vector<RosterEntry> roster(const std::string& event_uid, int meeting);

  // Per meeting of the event that has marks, in meeting order.
  std::vector<MeetingTally> tallies(const std::string& event_uid);

  // The hours each person with an account attended at the event, over all its meetings, for those
  // with at least one mark.
  std::map<std::int64_t, double> hours_by_person(const std::string& event_uid);

  // Adds a walk-in and marks them present, with the meeting's whole length, in one transaction
  // (audited as attendance.walk_in and attendance.mark). Invalid as add_walk_in() and mark(), for
  // no such meeting, and for an actor who may not mark; nothing is written then. Returns the
  // walk-in's id.
  Result<std::int64_t> add_walk_in_present(const Event& event, int meeting, const NewWalkIn& walk_in,
                                           std::int64_t actor_id, UnixSeconds now);

private:
  Store& store_;
};
// The steps of the calls above, inside the caller's write, for writers of many marks in one
// transaction (core/attendance_import.cpp); the caller checks what those calls check first.
// may_mark_attendance_in: Attendance::may_mark. put_attendance_mark: records (or replaces) the mark,
// audited, and the completions it brings. insert_walk_in: adds the walk-in, audited, and returns its
// id; throws StatusError (Invalid) for an unknown target group. check_attendance_text: Invalid
// naming `what` for text that is not UTF-8 or longer than `max_chars` characters.
bool may_mark_attendance_in(SQLite::Database& db, const Event& event, std::int64_t actor_id);
void put_attendance_mark(SQLite::Database& db, const std::string& event_uid, int meeting, const Attendee& who,
                         AttendanceStatus status, double hours, const std::string& note, std::int64_t actor_id,
                         UnixSeconds now, MarkSource source);
std::int64_t insert_walk_in(SQLite::Database& db, const NewWalkIn& walk_in, std::int64_t actor_id, UnixSeconds now);
Status check_attendance_text(const std::string& text, std::size_t max_chars, const std::string& what);
// Inside the caller's write transaction: a self check-in (core/checkin.h), whose code the caller has
// verified. Marks `user_id` present at the meeting with its whole length, as made by themselves
// (MarkSource::checkin), unless they already have a mark there, which is kept: then returns false
// and writes nothing. This is the one way to mark without may_mark(), and only oneself. Throws
// StatusError: NotFound for no such (or an erased) person, Invalid for no such meeting.
bool check_in_self(SQLite::Database& db, const Event& event, int meeting, std::int64_t user_id, UnixSeconds now);

// Erasure of a person (core/personal_data.cpp): their marks stay, for the hours and people per
// target group the programme reports, attached to the erased account (which keeps only its target
// group) with their notes cleared; walk-in records merged into them lose name and organization.

}  // namespace sentinella
