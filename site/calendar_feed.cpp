#include "site/calendar_feed.h"

#include <libical/ical.h>

#include <algorithm>
#include <memory>
#include <mutex>
#include <string_view>

#include "core/local_time.h"
#include "site/html_text.h"

namespace sentinella {

namespace {

struct ComponentFree {
  void operator()(icalcomponent* c) const { icalcomponent_free(c); }
};
using ComponentPtr = std::unique_ptr<icalcomponent, ComponentFree>;

bool is_control(char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7F; }

std::string trimmed(std::string s) {
  const auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\n'; };
  while (!s.empty() && blank(s.back())) s.pop_back();
  size_t start = 0;
  while (start < s.size() && blank(s[start])) ++start;
  return s.substr(start);
}

// Text for a one-line property: control characters, line breaks included, become spaces.
std::string one_line(std::string_view s) {
  std::string out;
  for (char c : s) out += is_control(c) ? ' ' : c;
  return trimmed(std::move(out));
}

// Text that may span lines: every line end becomes a LF (which libical escapes as "\n"), other
// control characters but the tab go.
std::string multi_line(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '\r') {
      out += '\n';
      if (i + 1 < s.size() && s[i + 1] == '\n') ++i;
    } else if (c == '\n' || c == '\t' || !is_control(c)) {
      out += c;
    }
  }
  return trimmed(std::move(out));
}

icaltimetype utc_time(std::int64_t instant) {
  return icaltime_from_timet_with_zone(static_cast<time_t>(instant), 0, icaltimezone_get_utc_timezone());
}

// A wall-clock time (or a date) without a zone: the TZID parameter names it.
icaltimetype wall_clock(const LocalDateTime& l) {
  icaltimetype t = icaltime_null_time();
  t.year = l.year;
  t.month = l.month;
  t.day = l.day;
  t.hour = l.has_time ? l.hour : 0;
  t.minute = l.has_time ? l.minute : 0;
  t.is_date = l.has_time ? 0 : 1;
  return t;
}

// The VTIMEZONE of `tzid` under exactly that TZID (libical's own carries a prefix), with only the
// observances from `from_year` on; null for a zone libical does not know.
ComponentPtr vtimezone(const std::string& tzid, int from_year) {
  icaltimezone* zone = icaltimezone_get_builtin_timezone(tzid.c_str());
  icalcomponent* source = zone ? icaltimezone_get_component(zone) : nullptr;
  if (!source) return nullptr;
  ComponentPtr c(icalcomponent_new_clone(source));
  icaltimetype start = icaltime_null_time();
  start.year = from_year;
  start.month = 1;
  start.day = 1;
  start.zone = icaltimezone_get_utc_timezone();
  icaltimezone_truncate_vtimezone(c.get(), start, icaltime_null_time(), 0);
  if (icalproperty* p = icalcomponent_get_first_property(c.get(), ICAL_TZID_PROPERTY))
    icalproperty_set_tzid(p, tzid.c_str());
  return c;
}

icalproperty* x_property(const char* name, const std::string& value) {
  icalproperty* p = icalproperty_new_x(value.c_str());
  icalproperty_set_x_name(p, name);
  return p;
}

// TEXT as RFC 5545 3.3.11 writes it.
std::string escape_text(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '\\': case ';': case ',': out += '\\'; out += c; break;
      case '\n': out += "\\n"; break;
      default: out += c;
    }
  }
  return out;
}

// Values libical 3.0 writes wrongly: an X- property is TEXT unless said otherwise (RFC 5545
// 3.8.8.2), but libical escapes backslashes and line breaks in it and not commas and semicolons;
// the same in CATEGORIES, where an unescaped comma splits a label in two. These go in as
// placeholders, "\x01<n>\x01", replaced by their text escaped here once libical has written the
// calendar. No text of ours holds a control character (one_line and multi_line drop them), so a
// placeholder cannot be mistaken.
class Placeholders {
public:
  // The placeholder for `text`, to be replaced by its escaped form.
  std::string add(std::string_view text) {
    values_.push_back(escape_text(text));
    return "\x01" + std::to_string(values_.size() - 1) + "\x01";
  }

  std::string fill(std::string_view text) const {
    std::string out;
    out.reserve(text.size());
    size_t i = 0;
    while (i < text.size()) {
      const size_t start = text.find('\x01', i);
      const size_t end = start == std::string_view::npos ? start : text.find('\x01', start + 1);
      if (end == std::string_view::npos) break;
      out.append(text.substr(i, start - i));
      out += values_.at(std::stoul(std::string(text.substr(start + 1, end - start - 1))));
      i = end + 1;
    }
    out.append(text.substr(i));
    return out;
  }

private:
  std::vector<std::string> values_;
};

icalproperty* with_value_type(icalproperty* p, icalparameter_value type) {
  icalproperty_add_parameter(p, icalparameter_new_value(type));
  return p;
}

// When one VEVENT happens: the event's own span, or one of its meetings'.
struct Span {
  bool all_day = false;
  std::string start_local, end_local;  // as Event and EventMeeting hold them
  std::int64_t start_utc = 0, end_utc = 0;
};

// A timed span's start and end: wall-clock times in the feed's zone, parsed again from its text.
struct TimedSpan {
  LocalDateTime start, end;
};

std::optional<TimedSpan> timed_span(const Span& e) {
  auto start = parse_local_date_time(e.start_local);
  auto end = parse_local_date_time(e.end_local);
  if (!start.ok() || !end.ok() || !start.value().has_time || !end.value().has_time) return std::nullopt;
  return TimedSpan{start.value(), end.value()};
}

icalproperty_status ical_status(EventStatus s) {
  switch (s) {
    case EventStatus::cancelled: return ICAL_STATUS_CANCELLED;
    case EventStatus::postponed: return ICAL_STATUS_TENTATIVE;
    case EventStatus::scheduled: break;
  }
  return ICAL_STATUS_CONFIRMED;
}

// DTSTART and DTEND: dates for an all-day event (DTEND the day after the last, as RFC 5545 wants
// it), wall-clock times with TZID when the zone has its VTIMEZONE, else UTC instants.
void add_times(icalcomponent* vevent, const Span& e, const std::string& tzid, bool zone_known) {
  if (e.all_day) {
    auto first = parse_local_date_time(e.start_local);
    auto last = parse_local_date_time(e.end_local.empty() ? e.start_local : e.end_local);
    if (first.ok() && last.ok()) {
      LocalDateTime start = first.value(), after_last = next_day(last.value());
      start.has_time = false;
      icalcomponent_add_property(vevent, icalproperty_new_dtstart(wall_clock(start)));
      icalcomponent_add_property(vevent, icalproperty_new_dtend(wall_clock(after_last)));
      return;
    }
  } else if (auto span = timed_span(e); span && zone_known) {
    icalproperty* start = icalproperty_new_dtstart(wall_clock(span->start));
    icalproperty_add_parameter(start, icalparameter_new_tzid(tzid.c_str()));
    icalcomponent_add_property(vevent, start);
    icalproperty* end = icalproperty_new_dtend(wall_clock(span->end));
    icalproperty_add_parameter(end, icalparameter_new_tzid(tzid.c_str()));
    icalcomponent_add_property(vevent, end);
    return;
  }
  icalcomponent_add_property(vevent, icalproperty_new_dtstart(utc_time(e.start_utc)));
  icalcomponent_add_property(vevent, icalproperty_new_dtend(utc_time(e.end_utc)));
}

// The UID of meeting `number` (from 1) of event `uid`: the event's own for the first, so an event
// that gains meetings keeps its entry; "<uid>--<n>" for the others ("--" is never in a slug, so it
// cannot be another event's uid).
std::string meeting_uid(const std::string& uid, size_t number) {
  return number <= 1 ? uid : uid + "--" + std::to_string(number);
}

// The VEVENT of `e`, or of its meeting `number` (from 1; 0: the event as a whole, without meetings).
ComponentPtr vevent(const CalendarFeed& feed, const Event& e, size_t number, bool zone_known,
                    Placeholders& placeholders) {
  ComponentPtr c(icalcomponent_new_vevent());
  icalcomponent* v = c.get();
  const EventMeeting* meeting = number > 0 ? &e.meetings.at(number - 1) : nullptr;
  const std::string uid = one_line(meeting_uid(e.uid, number) + "@" + feed.host);
  icalcomponent_add_property(v, icalproperty_new_uid(uid.c_str()));
  icalcomponent_add_property(v, icalproperty_new_dtstamp(utc_time(e.updated_at)));
  icalcomponent_add_property(v, icalproperty_new_lastmodified(utc_time(e.updated_at)));
  icalcomponent_add_property(v, icalproperty_new_sequence(e.sequence));
  if (meeting)
    add_times(v, {false, meeting->start_local, meeting->end_local, meeting->start_utc, meeting->end_utc},
              feed.time_zone, zone_known);
  else
    add_times(v, {e.all_day, e.start_local, e.end_local, e.start_utc, e.end_utc}, feed.time_zone, zone_known);
  std::string summary = e.title;
  if (meeting && e.meetings.size() > 1)
    summary += " (" + std::to_string(number) + "/" + std::to_string(e.meetings.size()) + ")";
  icalcomponent_add_property(v, icalproperty_new_summary(multi_line(summary).c_str()));
  if (const std::string text = multi_line(html_to_text(e.body_html)); !text.empty())
    icalcomponent_add_property(v, icalproperty_new_description(text.c_str()));
  const EventLocation& place = meeting && meeting->location ? *meeting->location : e.location;
  std::string where = one_line(place.name);
  if (const std::string address = one_line(place.address); !address.empty())
    where += where.empty() ? address : ", " + address;
  if (!where.empty()) icalcomponent_add_property(v, icalproperty_new_location(where.c_str()));
  if (place.latitude && place.longitude)
    icalcomponent_add_property(v, icalproperty_new_geo({*place.latitude, *place.longitude}));
  const std::string url = feed.base_url + "/eventi/" + std::to_string(e.year) + "/" + e.slug;
  icalcomponent_add_property(v, icalproperty_new_url(one_line(url).c_str()));
  std::string category = e.type;
  for (const auto& t : feed.event_types)
    if (t.id == e.type) category = t.label;
  if (category = one_line(category); !category.empty())
    icalcomponent_add_property(v, icalproperty_new_categories(placeholders.add(category).c_str()));
  icalcomponent_add_property(v, icalproperty_new_status(ical_status(e.status)));
  // iTIP (RFC 5546) wants an ORGANIZER in a published event: the site's address, named after the
  // event's organizer (a parameter value cannot hold a double quote).
  if (const std::string email = one_line(feed.email); !email.empty()) {
    icalproperty* organizer = icalproperty_new_organizer(("mailto:" + email).c_str());
    std::string name = one_line(e.organizer);
    std::replace(name.begin(), name.end(), '"', '\'');
    if (!name.empty()) icalproperty_add_parameter(organizer, icalparameter_new_cn(name.c_str()));
    icalcomponent_add_property(v, organizer);
  }
  return c;
}

// Folds `line` (without its CRLF) into `out`: at most 75 octets a line, the leading space of a
// continuation included, never inside a UTF-8 sequence.
void fold_line(std::string_view line, std::string& out) {
  size_t limit = 75;
  while (line.size() > limit) {
    size_t cut = limit;
    while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;
    out.append(line.substr(0, cut));
    out += "\r\n ";
    line.remove_prefix(cut);
    limit = 74;
  }
  out.append(line);
  out += "\r\n";
}

// libical 3.0 folds at 75 octets between characters, but a fold that falls at the very end of a
// line comes out as "\r\r\n \n" or "\r\n \r\n" (a bare CR and LF, or an empty continuation line).
// So its folds are undone, and the lines folded again by fold_lines.
std::string unfold(std::string_view text) {
  std::string unfolded;
  unfolded.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    if (text.substr(i, 3) == "\r\n " || text.substr(i, 3) == "\r\n\t") {
      i += 3;
    } else {
      unfolded += text[i++];
    }
  }
  return unfolded;
}

std::string fold_lines(std::string_view unfolded) {
  std::string out;
  out.reserve(unfolded.size() + unfolded.size() / 70 * 3);
  while (!unfolded.empty()) {
    const size_t end = unfolded.find("\r\n");
    fold_line(unfolded.substr(0, end), out);
    unfolded.remove_prefix(end == std::string_view::npos ? unfolded.size() : end + 2);
  }
  return out;
}

}  // namespace

std::string url_host(const std::string& url) {
  size_t start = url.find("://");
  start = start == std::string::npos ? 0 : start + 3;
  const size_t end = url.find_first_of("/?#", start);
  std::string host = url.substr(start, end == std::string::npos ? std::string::npos : end - start);
  if (size_t at = host.rfind('@'); at != std::string::npos) host.erase(0, at + 1);
  if (!host.empty() && host[0] != '[')
    if (size_t colon = host.find(':'); colon != std::string::npos) host.erase(colon);
  for (char& c : host)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return host;
}

CalendarFeed calendar_feed_for(const Site& site, const std::string& audience) {
  CalendarFeed feed;
  const TargetGroup* group = site.find_group(audience);
  feed.name = site.name + " - " + (group ? group->label : site.municipality);
  feed.host = url_host(site.base_url);
  feed.base_url = site.base_url;
  feed.time_zone = site.time_zone;
  feed.description = site.description;
  feed.email = site.contacts.email;
  feed.event_types = site.event_types;
  return feed;
}

std::vector<Event> calendar_events(Store& store, const std::string& audience) {
  EventQuery query;
  query.audience = audience;
  std::vector<Event> events = store.events(query);
  for (Event& e : events)
    if (auto full = store.event(e.year, e.slug)) e.body_html = std::move(full->body_html);
  return events;
}

std::string render_calendar(const CalendarFeed& feed, const std::vector<Event>& events) {
  const std::string name = one_line(feed.name), description = multi_line(feed.description);
  Placeholders placeholders;
  std::string text;
  {
    std::lock_guard lock(libical_mutex());
    ComponentPtr cal(icalcomponent_new_vcalendar());
    icalcomponent* c = cal.get();
    icalcomponent_add_property(c, icalproperty_new_prodid("-//Sentinella//Sentinella//IT"));
    icalcomponent_add_property(c, icalproperty_new_version("2.0"));
    icalcomponent_add_property(c, icalproperty_new_calscale("GREGORIAN"));
    icalcomponent_add_property(c, icalproperty_new_method(ICAL_METHOD_PUBLISH));
    icalcomponent_add_property(c, icalproperty_new_name(name.c_str()));
    icalcomponent_add_property(c, x_property("X-WR-CALNAME", placeholders.add(name)));
    if (!description.empty())
      icalcomponent_add_property(c, x_property("X-WR-CALDESC", placeholders.add(description)));
    icalcomponent_add_property(c, x_property("X-WR-TIMEZONE", one_line(feed.time_zone)));
    icalcomponent_add_property(
        c, with_value_type(icalproperty_new_refreshinterval(icaldurationtype_from_int(3600)), ICAL_VALUE_DURATION));
    icalcomponent_add_property(c, x_property("X-PUBLISHED-TTL", "PT1H"));

    // One VTIMEZONE, from the first year any timed event needs.
    int first_year = 0;
    for (const Event& e : events)
      if (auto span = e.all_day ? std::nullopt : timed_span({false, e.start_local, e.end_local, 0, 0}))
        first_year = first_year == 0 ? span->start.year : std::min(first_year, span->start.year);
    bool zone_known = false;
    if (first_year != 0)
      if (ComponentPtr tz = vtimezone(feed.time_zone, first_year)) {
        icalcomponent_add_component(c, tz.release());
        zone_known = true;
      }
    // An event with meetings is one VEVENT per meeting, so that calendars show each of them.
    for (const Event& e : events)
      for (size_t number = e.meetings.empty() ? 0 : 1; number <= e.meetings.size(); ++number)
        icalcomponent_add_component(c, vevent(feed, e, number, zone_known, placeholders).release());

    char* serialized = icalcomponent_as_ical_string_r(c);
    if (serialized) text = serialized;
    icalmemory_free_buffer(serialized);
  }
  return fold_lines(placeholders.fill(unfold(text)));
}

}  // namespace sentinella
