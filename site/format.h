// Numbers and dates as people read them in the site's language.
// Nothing here throws except std::bad_alloc.
#pragma once

#include <cstdint>
#include <string>

namespace sentinella {

// 4 -> "4", 2.5 -> "2,5" in Italian and "2.5" in English; at most two decimals.
std::string format_hours(double hours, const std::string& language);

struct Event;
struct EventMeeting;
struct LocalDateTime;

// "25 novembre 2026" / "25 November 2026".
std::string format_date(const LocalDateTime& date, const std::string& language);
// "mercoledì 25 novembre 2026" / "Wednesday 25 November 2026".
std::string format_long_date(const LocalDateTime& date, const std::string& language);
// "Novembre 2026".
std::string format_month(int year, int month, const std::string& language);
// Day names, Monday first: {"lun", "lunedì"}, ...
std::string weekday_name(int weekday, bool abbreviated, const std::string& language);
// When an event happens, as people say it: "mercoledì 25 novembre 2026, 18:00-20:00",
// "da giovedì 11 a venerdì 12 febbraio 2027", "sabato 24 ottobre 2026, 21:00 - domenica 25 ottobre 2026, 01:00".
// An event with meetings on several days gives its first and last day only: "da lunedì 14 dicembre
// 2026 a venerdì 18 dicembre 2026".
std::string format_event_when(const Event& event, const std::string& language);
// One meeting: "lunedì 14 dicembre 2026, 09:00-13:00".
std::string format_meeting_when(const EventMeeting& meeting, const std::string& language);
// Meeting `number` (from 1) of the event; for an event without meetings, which is meeting 1, the
// event's own span (format_event_when). The caller has checked the meeting exists.
std::string format_meeting_when(const Event& event, int number, const std::string& language);
// A meeting's times of day, "09:00-13:00" (for a calendar day that shows its date already).
std::string format_meeting_clock(const EventMeeting& meeting);

// Unix seconds as "2026-11-22T01:35:00Z", for data exports.
std::string format_iso_utc(std::int64_t unix_seconds);
// Unix seconds as "22/11/2026 02:35" in the server's local time, for administration pages.
std::string format_day_time(std::int64_t unix_seconds);

}  // namespace sentinella
