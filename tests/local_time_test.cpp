// Dates and wall-clock times in a time zone, across daylight-saving changes.
#include <doctest/doctest.h>

#include "core/local_time.h"

using namespace sentinella;

TEST_CASE("parse_local_date_time") {
  auto day = parse_local_date_time("2026-11-25");
  REQUIRE(day.ok());
  CHECK_FALSE(day->has_time);
  CHECK(day->format() == "2026-11-25");
  auto timed = parse_local_date_time("2026-11-25 18:05");
  REQUIRE(timed.ok());
  CHECK(timed->hour == 18);
  CHECK(timed->minute == 5);
  CHECK(parse_local_date_time("2026-11-25T18:05").ok());
  CHECK(parse_local_date_time("2028-02-29").ok());  // leap year
  CHECK(parse_local_date_time("2026-02-29").status().message() == "'2026-02-29' is not a date that exists");
  CHECK(parse_local_date_time("2026-04-31").status().message() == "'2026-04-31' is not a date that exists");
  CHECK(parse_local_date_time("2100-02-29").status().message() == "'2100-02-29' is not a date that exists");
  CHECK(parse_local_date_time("2026-11-25 24:00").status().message() == "'2026-11-25 24:00' is not a time of day");
  for (const char* bad : {"", "25/11/2026", "2026-11-25 9:00", "2026-1-25", "2026-11-25 18:00:00", "duemila"}) {
    INFO(bad);
    CHECK_FALSE(parse_local_date_time(bad).ok());
  }
}

TEST_CASE("calendar arithmetic") {
  CHECK(weekday(2026, 11, 22) == 6);  // a Sunday
  CHECK(weekday(2026, 11, 23) == 0);  // a Monday
  CHECK(weekday(2000, 1, 1) == 5);    // a Saturday
  CHECK(days_in_month(2026, 2) == 28);
  CHECK(days_in_month(2024, 2) == 29);
  CHECK(next_day({2026, 12, 31, 0, 0, false}) == LocalDateTime{2027, 1, 1, 0, 0, false});
  CHECK(next_day({2028, 2, 28, 0, 0, false}) == LocalDateTime{2028, 2, 29, 0, 0, false});
}

TEST_CASE("to_utc and from_utc in Europe/Rome") {
  const std::string rome = "Europe/Rome";
  REQUIRE(is_known_time_zone(rome));
  CHECK_FALSE(is_known_time_zone("Europe/Atlantide"));
  SUBCASE("winter and summer offsets") {
    CHECK(to_utc({2026, 11, 25, 18, 0, true}, rome).value() == 1795626000);  // 17:00Z
    CHECK(to_utc({2026, 7, 1, 12, 0, true}, rome).value() == 1782900000);    // 10:00Z
  }
  SUBCASE("a skipped time does not exist") {
    auto gap = to_utc({2026, 3, 29, 2, 30, true}, rome);
    CHECK_FALSE(gap.ok());
    CHECK(gap.status().message() ==
          "2026-03-29 02:30 does not exist in Europe/Rome: the clocks skip it for daylight saving time");
    CHECK(to_utc({2026, 3, 29, 3, 0, true}, rome).ok());
  }
  SUBCASE("a repeated time is ambiguous; the standard-time instant is used") {
    bool ambiguous = false;
    auto twice = to_utc({2026, 10, 25, 2, 30, true}, rome, &ambiguous);
    REQUIRE(twice.ok());
    CHECK(ambiguous);
    CHECK(twice.value() == 1792891800);  // 01:30Z
    to_utc({2026, 10, 25, 4, 0, true}, rome, &ambiguous);
    CHECK_FALSE(ambiguous);
  }
  SUBCASE("an evening until 03:00 on the October change night lasts an hour longer") {
    auto start = to_utc({2026, 10, 24, 21, 0, true}, rome);
    auto end = to_utc({2026, 10, 25, 1, 0, true}, rome);
    CHECK(end.value() - start.value() == 4 * 3600);
    auto late = to_utc({2026, 10, 25, 3, 0, true}, rome);
    CHECK(late.value() - start.value() == 7 * 3600);
  }
  SUBCASE("round trip") {
    CHECK(from_utc(1795626000, rome) == LocalDateTime{2026, 11, 25, 18, 0, true});
    CHECK(from_utc(1792891800, rome) == LocalDateTime{2026, 10, 25, 2, 30, true});
  }
  CHECK_FALSE(to_utc({2026, 11, 25, 18, 0, true}, "Nowhere/City").ok());
}

TEST_CASE("date_at is the date in the time zone, whatever the date in UTC") {
  const UnixSeconds late = 1795626000 + 6 * 3600 + 1800;  // 2026-11-25 23:30Z, 00:30 in Rome
  CHECK(date_at(late, "Europe/Rome") == LocalDateTime{2026, 11, 26, 0, 0, false});
  CHECK(date_at(late, "UTC") == LocalDateTime{2026, 11, 25, 0, 0, false});
}
