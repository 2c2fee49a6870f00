// GET /api/v1/reports/attendance through the real server: the JSON's shape and numbers, the same
// table as CSV and .xlsx, the bad parameters it refuses naming them, and who may ask.
#include <doctest/doctest.h>
#include <SQLiteCpp/Database.h>
#include <nlohmann/json.hpp>

#include <ctime>

#include "running_site.h"

using namespace sentinella::test;
using nlohmann::json;

namespace {

// Two meetings of 4 h: 2026-11-20 and 2027-01-15; module alfa.
const char* const kCourse =
    "---\ntitle: Corso\ntype: formazione\n"
    "meetings:\n"
    "  - start: 2026-11-20 09:00\n    end: 2026-11-20 13:00\n"
    "  - start: 2027-01-15 14:00\n    end: 2027-01-15 18:00\n"
    "modules:\n  - alfa\n"
    "location:\n  name: Sala\naudience: [polizia-locale]\norganizer: Comune di Prova\n---\nIl corso.\n";

// The learner (polizia-locale): present at meeting 1 (4 h), late at meeting 2 (2 h); a walk-in of
// servizi-sociali present at meeting 1 (4 h); the admin absent at meeting 1.
class ReportSite {
public:
  ReportSite() : site_(standard_accounts(), [](ContentTree& tree) { tree.write("events/2026/corso.md", kCourse); }) {
    SQLite::Database db(site_.db_path(), SQLite::OPEN_READWRITE);
    db.setBusyTimeout(10000);
    const std::string uid = db.execAndGet("SELECT uid FROM events WHERE slug = 'corso'").getString();
    const auto id = [&](const std::string& username) {
      return db.execAndGet("SELECT id FROM users WHERE username = '" + username + "'").getString();
    };
    db.exec("INSERT INTO walk_ins(id, name, target_group, organization, created_by, created_at)"
            " VALUES (1, 'Ospite', 'servizi-sociali', 'Cooperativa', 0, 0)");
    const std::string marks = "INSERT INTO attendance_marks(event_uid, meeting, user_id, walk_in_id, status, hours,"
                              " marked_by, marked_at) VALUES ";
    db.exec(marks + "('" + uid + "', 1, " + id("learner") + ", NULL, 'present', 4, 0, 0), ('" + uid + "', 2, " +
            id("learner") + ", NULL, 'late', 2, 0, 0), ('" + uid + "', 1, NULL, 1, 'present', 4, 0, 0), ('" + uid +
            "', 1, " + id("admin") + ", NULL, 'absent', 0, 0, 0)");
  }

  Browser as(const std::string& username) {
    Browser b = site_.browser();
    REQUIRE(b.login(username, kTestPassword));
    return b;
  }
  RunningSite& site() { return site_; }

private:
  RunningSite site_;
};

constexpr const char* kPath = "/api/v1/reports/attendance?from=2026-01-01&to=2027-12-31";

json body_json(const httplib::Result& res, int status = 200) {
  REQUIRE(res);
  INFO(res->body);
  REQUIRE(res->status == status);
  REQUIRE(res->get_header_value("Content-Type") == "application/json; charset=utf-8");
  return json::parse(res->body);
}

}  // namespace

TEST_CASE("attendance report API: JSON, CSV and .xlsx of the same numbers") {
  ReportSite s;
  Browser trainer = s.as("trainer");

  SUBCASE("JSON, one key per dimension in each row, in the order asked") {
    auto res = trainer.get(std::string(kPath) + "&by=target_group,module");
    const json data = body_json(res);
    CHECK(data["from"] == "2026-01-01");
    CHECK(data["to"] == "2027-12-31");
    CHECK(data["by"] == json::array({"target_group", "module"}));
    CHECK(data["rows"] == json::parse(R"([
      {"target_group": "polizia-locale", "module": "alfa", "people": 1, "person_hours": 6.0, "meetings": 2},
      {"target_group": "servizi-sociali", "module": "alfa", "people": 1, "person_hours": 4.0, "meetings": 1}])"));
    CHECK(data["totals"] == json{{"people", 2}, {"person_hours", 10.0}, {"meetings", 2}});
    // Keys in the documented order, the dimensions first.
    const std::string& body = res->body;
    CHECK(body.find("\"from\"") < body.find("\"to\""));
    CHECK(body.find("\"by\"") < body.find("\"rows\""));
    CHECK(body.find("\"rows\"") < body.find("\"totals\""));
    CHECK(body.find("\"target_group\": \"polizia-locale\"") < body.find("\"module\": \"alfa\""));
    CHECK(res->get_header_value("Cache-Control") == "no-store");
  }
  SUBCASE("other dimensions, filters, no dimensions") {
    auto by_month = body_json(trainer.get(std::string(kPath) + "&by=year,quarter,month,organization"));
    CHECK(by_month["rows"].size() == 3);
    CHECK(by_month["rows"][0] == json::parse(R"({"year": "2026", "quarter": "2026-Q4", "month": "2026-11",
      "organization": "Comune di Prova", "people": 1, "person_hours": 4.0, "meetings": 1})"));
    auto filtered = body_json(trainer.get(std::string(kPath) + "&target_group=servizi-sociali&module=alfa"));
    CHECK(filtered["by"] == json::array());
    CHECK(filtered["rows"] == json::array());
    CHECK(filtered["totals"] == json{{"people", 1}, {"person_hours", 4.0}, {"meetings", 1}});
    auto december = body_json(trainer.get("/api/v1/reports/attendance?from=2026-12-01&to=2026-12-31"));
    CHECK(december["totals"] == json{{"people", 0}, {"person_hours", 0.0}, {"meetings", 0}});
  }
  SUBCASE("without from and to: the current year") {
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    const auto data = body_json(trainer.get("/api/v1/reports/attendance"));
    const std::string year = std::to_string(tm.tm_year + 1900);
    // Around New Year the site's time zone may already (or still) be in another year than UTC.
    CHECK((data["from"].get<std::string>().ends_with("-01-01") && data["to"].get<std::string>().ends_with("-12-31")));
    CHECK(data["from"].get<std::string>().substr(0, 4) == data["to"].get<std::string>().substr(0, 4));
    if (tm.tm_mon > 0 && tm.tm_mon < 11) CHECK(data["from"] == year + "-01-01");
  }
  SUBCASE("CSV for Excel with Italian settings") {
    auto res = trainer.get(std::string(kPath) + "&by=target_group&format=csv");
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK(res->get_header_value("Content-Type") == "text/csv; charset=utf-8");
    CHECK(res->get_header_value("Content-Disposition") ==
          "attachment; filename=\"presenze-2026-01-01-2027-12-31.csv\"");
    CHECK(res->body ==
          "\xEF\xBB\xBFtarget_group;people;person_hours;meetings\r\npolizia-locale;1;6;2\r\n"
          "servizi-sociali;1;4;1\r\ntotal;2;10;2\r\n");
  }
  SUBCASE(".xlsx workbook") {
    auto res = trainer.get(std::string(kPath) + "&by=module&format=xlsx");
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK(res->get_header_value("Content-Type") == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    CHECK(res->get_header_value("Content-Disposition") ==
          "attachment; filename=\"presenze-2026-01-01-2027-12-31.xlsx\"");
    CHECK(res->body.rfind("PK\x03\x04", 0) == 0);
    CHECK(res->body.size() > 1000);
  }
}

TEST_CASE("attendance report API: bad parameters are a 400 naming the parameter") {
  ReportSite s;
  Browser admin = s.as("admin");
  const auto refused = [&](const std::string& query, const std::string& parameter, const std::string& words) {
    CAPTURE(query);
    const json data = body_json(admin.get("/api/v1/reports/attendance?" + query), 400);
    CHECK(data["parameter"] == parameter);
    CHECK_MESSAGE(data["error"].get<std::string>().find(words) != std::string::npos, data.dump());
  };
  refused("from=2026-13-01&to=2026-12-31", "from", "not a date");
  refused("from=2026-01-01&to=ieri", "to", "not a date");
  refused("from=2026-01-01&to=", "to", "required");
  refused("from=2026-12-31&to=2026-01-01", "to", "before");
  refused("from=2000-01-01&to=2026-12-31", "to", "longer than");
  refused("from=2026-01-01&to=2026-12-31&by=gruppo", "by", "unknown dimension 'gruppo'");
  refused("from=2026-01-01&to=2026-12-31&by=module,module", "by", "given twice");
  refused("from=2026-01-01&to=2026-12-31&format=pdf", "format", "'pdf' is not json, csv or xlsx");
  refused("from=2026-01-01&to=2026-12-31&organization=" + std::string(201, 'x'), "organization", "at most 200");
}

TEST_CASE("attendance report API: admins, trainers and organizers only") {
  ReportSite s;
  for (const char* who : {"admin", "trainer", "organizer"}) {
    CAPTURE(who);
    CHECK(s.as(who).get(kPath)->status == 200);
  }
  auto learner = s.as("learner").get(kPath);
  REQUIRE(learner);
  CHECK(learner->status == 403);
  CHECK(learner->body.find("people") == std::string::npos);
  auto anonymous = s.site().browser().get(kPath);
  REQUIRE(anonymous);
  CHECK(anonymous->status == 303);
  CHECK(anonymous->get_header_value("Location").rfind("/accedi?dopo=", 0) == 0);
}
