// The audience of public events without registration (core/event_audiences.h): a total, split by
// target group or not, replaced on each record, refused with a reason when it cannot be right.
#include <doctest/doctest.h>
#include <SQLiteCpp/Statement.h>

#include <memory>

#include "core/event_audiences.h"
#include "importer/importer.h"
#include "test_support.h"

using namespace sentinella;
using namespace sentinella::test;

namespace {

// 2026-12-20 18:00 in Rome is 17:00 UTC.
constexpr UnixSeconds kShowStart = 1'797'786'000;

const char* const kShow =
    "---\ntitle: Teatro\ntype: incontro\nstart: 2026-12-20 18:00\nend: 2026-12-20 20:00\n"
    "location:\n  name: Teatro\naudience: [pubblico]\norganizer: Comune\n---\nLo spettacolo.\n";
const char* const kBooked =
    "---\ntitle: Con iscrizione\ntype: incontro\nstart: 2026-12-20 18:00\nend: 2026-12-20 20:00\n"
    "location:\n  name: Sala\naudience: [pubblico]\norganizer: Comune\nregistration: true\n---\nIncontro.\n";

struct Fixture {
  ContentTree tree;
  std::unique_ptr<Store> store = std::move(Store::open(":memory:").value());
  EventAudiences audiences{*store};
  Event show, booked;

  Fixture() {
    tree.write("events/2026/teatro.md", kShow);
    tree.write("events/2026/iscrizione.md", kBooked);
    REQUIRE(import_content(tree.root(), *store).ok());
    show = store->event(2026, "teatro").value();
    booked = store->event(2026, "iscrizione").value();
    REQUIRE(show.start_utc == kShowStart);
  }

  int count(const std::string& sql) {
    return store->read([&](SQLite::Database& db) { return db.execAndGet(sql).getInt(); });
  }
};

}  // namespace

TEST_CASE("event audiences: a total, split by target group or not, replaced on each record") {
  Fixture f;
  CHECK(f.audiences.audience(f.show.uid).total == 0);
  CHECK(f.audiences.audience(f.show.uid).recorded_by == 0);

  REQUIRE(f.audiences.record(f.show, 120, {}, 7, kShowStart + 3600).ok());
  auto a = f.audiences.audience(f.show.uid);
  CHECK(a.total == 120);
  CHECK(a.unsplit() == 120);
  CHECK(a.by_group.empty());
  CHECK(a.recorded_by == 7);

  // Split in part: the rest stays unattributed; a group counted 0 is not stored.
  REQUIRE(f.audiences.record(f.show, 150, {{"polizia-locale", 30}, {"servizi-sociali", 0}}, 7, kShowStart + 7200).ok());
  a = f.audiences.audience(f.show.uid);
  CHECK(a.total == 150);
  CHECK(a.by_group == std::map<std::string, std::int64_t>{{"polizia-locale", 30}});
  CHECK(a.unsplit() == 120);
  CHECK(f.count("SELECT COUNT(*) FROM event_audiences") == 2);
  CHECK(f.count("SELECT COUNT(*) FROM audit_log WHERE action = 'event.audience'") == 2);

  // Nobody came: recorded as 0, not as "not recorded".
  REQUIRE(f.audiences.record(f.show, 0, {}, 7, kShowStart + 7200).ok());
  CHECK(f.audiences.audience(f.show.uid).recorded_by == 7);
  CHECK(f.audiences.audience(f.show.uid).total == 0);
}

TEST_CASE("event audiences: bad counts are refused, naming the problem, and change nothing") {
  Fixture f;
  REQUIRE(f.audiences.record(f.show, 80, {{"polizia-locale", 10}}, 7, kShowStart).ok());
  auto refused = [&](Status st, const std::string& words) {
    CHECK(st.code() == Status::Code::invalid);
    CHECK_MESSAGE(st.message().find(words) != std::string::npos, st.message());
  };
  refused(f.audiences.record(f.show, -1, {}, 7, kShowStart), "negative");
  refused(f.audiences.record(f.show, kMaxAudience + 1, {}, 7, kShowStart), "more than");
  refused(f.audiences.record(f.show, 10, {{"polizia-locale", 11}}, 7, kShowStart), "add up to more than the total");
  refused(f.audiences.record(f.show, 10, {{"marziani", 1}}, 7, kShowStart), "unknown target group: marziani");
  refused(f.audiences.record(f.show, 10, {}, 7, kShowStart - 1), "not started");
  refused(f.audiences.record(f.booked, 10, {}, 7, kShowStart), "takes registrations");
  const auto a = f.audiences.audience(f.show.uid);
  CHECK(a.total == 80);
  CHECK(a.by_group.at("polizia-locale") == 10);
  CHECK(f.count("SELECT COUNT(*) FROM audit_log WHERE action = 'event.audience'") == 1);
}
