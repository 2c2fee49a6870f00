// Self check-in through the real server: the trainer opens the code screen, a learner types the
// code and is marked present; wrong codes are refused and then limited; trainers of other groups
// and learners do not see the code; the request log keeps neither the code nor the address.
#include <doctest/doctest.h>
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <nlohmann/json.hpp>

#include <sstream>

#include "core/clock.h"
#include "core/local_time.h"
#include "running_site.h"

using namespace sentinella;
using namespace sentinella::test;

namespace {

std::string query(const RunningSite& site, const std::string& sql) {
  SQLite::Database db(site.db_path(), SQLite::OPEN_READONLY);
  SQLite::Statement q(db, sql);
  return q.executeStep() ? q.getColumn(0).getString() : "";
}

// A course of module alfa (for polizia-locale) from an hour ago to an hour from now, and one in 2030.
struct Courses {
  int year = 0;
  std::string today_path, future_path;
};

Courses write_courses(ContentTree& tree) {
  const UnixSeconds now = now_seconds();
  const LocalDateTime start = from_utc(now - 3600, "Europe/Rome"), end = from_utc(now + 3600, "Europe/Rome");
  Courses c;
  c.year = start.year;
  const std::string common =
      "modules: [alfa]\nlocation:\n  name: Sala\naudience: [polizia-locale]\norganizer: Comune di Prova\n"
      "registration: true\n---\nIl corso.\n";
  tree.write("events/" + std::to_string(c.year) + "/corso-oggi.md",
             "---\ntitle: Corso di oggi\ntype: formazione\nstart: " + start.format().substr(0, 16) +
                 "\nend: " + end.format().substr(0, 16) + "\n" + common);
  tree.write("events/2030/corso-futuro.md",
             "---\ntitle: Corso futuro\ntype: formazione\nstart: 2030-05-06 09:00\nend: 2030-05-06 13:00\n" + common);
  c.today_path = "/admin/eventi/" + std::to_string(c.year) + "/corso-oggi/incontri/1";
  c.future_path = "/admin/eventi/2030/corso-futuro/incontri/1";
  return c;
}

std::string other_code(const std::string& code) {
  std::string wrong = code;
  wrong[0] = wrong[0] == '9' ? '0' : static_cast<char>(wrong[0] + 1);
  return wrong;
}

}  // namespace

TEST_CASE("self check-in: the trainer shows the code, a learner types it and is marked present") {
  Courses courses;
  RunningSite site({{"admin", "admin", ""},
                    {"formatrice", "trainer", ""},
                    {"altro", "trainer", ""},
                    {"learner", "learner", "polizia-locale"},
                    {"secondo", "learner", "polizia-locale"}},
                   [&](ContentTree& tree) { courses = write_courses(tree); });
  Browser admin = site.browser(), trainer = site.browser(), other = site.browser(), learner = site.browser(),
          second = site.browser();
  REQUIRE(admin.login("admin", kTestPassword));
  REQUIRE(trainer.login("formatrice", kTestPassword));
  REQUIRE(other.login("altro", kTestPassword));
  REQUIRE(learner.login("learner", kTestPassword));
  REQUIRE(second.login("secondo", kTestPassword));
  const std::string trainer_id = query(site, "SELECT id FROM users WHERE username = 'formatrice'");
  const std::string other_id = query(site, "SELECT id FROM users WHERE username = 'altro'");
  const std::string learner_id = query(site, "SELECT id FROM users WHERE username = 'learner'");
  REQUIRE(admin.post("/admin/persone/" + trainer_id + "/gruppi", "group=polizia-locale")->status == 303);
  REQUIRE(admin.post("/admin/persone/" + other_id + "/gruppi", "group=servizi-sociali")->status == 303);

  // Trainers of other groups and learners neither see the code nor open the meeting's check-in.
  CHECK(other.get(courses.today_path + "/codice")->status == 403);
  CHECK(other.get(courses.today_path + "/codice.json")->status == 403);
  CHECK(learner.get(courses.today_path + "/codice")->status == 403);
  CHECK(learner.get(courses.today_path + "/codice.json")->status == 403);
  CHECK(trainer.get(courses.today_path.substr(0, courses.today_path.size() - 1) + "2/codice")->status == 404);
  CHECK(query(site, "SELECT COUNT(*) FROM checkin_keys") == "0");

  // The screen: the code in two groups of digits, its QR, the count, never cached.
  auto screen = trainer.get(courses.today_path + "/codice");
  REQUIRE(screen->status == 200);
  CHECK(screen->get_header_value("Cache-Control") == "no-store");
  CHECK(contains(screen->body, "id=\"codice-presenza\""));
  CHECK(contains(screen->body, "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"codice-qr\""));
  CHECK(contains(screen->body, "aria-label=\"Codice QR per registrare la presenza\""));
  CHECK(contains(screen->body, "https://prova.example.org/presenza"));
  CHECK(contains(screen->body, "<script src=\"/static/checkin.js?v="));
  CHECK(contains(screen->body, "href=\"" + courses.today_path + "\""));  // back to the roster
  CHECK(query(site, "SELECT opened_by FROM checkin_keys") == trainer_id);
  CHECK(query(site, "SELECT COUNT(*) FROM audit_log WHERE action = 'attendance.checkin_open'") == "1");

  auto code_json = trainer.get(courses.today_path + "/codice.json");
  REQUIRE(code_json->status == 200);
  CHECK(code_json->get_header_value("Cache-Control") == "no-store");
  const auto data = nlohmann::json::parse(code_json->body);
  const std::string code = data.at("code").get<std::string>();
  CHECK(code.size() == 6);
  CHECK(data.at("next_in_seconds").get<int>() >= 1);
  CHECK(data.at("next_in_seconds").get<int>() <= 30);
  CHECK(data.at("checked_in").get<int>() == 0);
  CHECK(data.at("qr").at("path").get<std::string>().rfind("M4 4h7", 0) == 0);
  // The digits shown in two groups of three (the screen's code may be the step before this one).
  const size_t shown_at = screen->body.find("data-code=\"");
  REQUIRE(shown_at != std::string::npos);
  const std::string shown = screen->body.substr(shown_at + 11, 6);
  CHECK(contains(screen->body, ">" + shown.substr(0, 3) + " " + shown.substr(3) + "</p>"));

  // The QR's link fills the form in; GET marks nothing.
  auto form = learner.get("/presenza?codice=" + code);
  REQUIRE(form->status == 200);
  CHECK(contains(form->body, "value=\"" + code + "\""));
  CHECK(contains(form->body, "autocomplete=\"one-time-code\""));
  CHECK(contains(form->body, "inputmode=\"numeric\""));
  CHECK(query(site, "SELECT COUNT(*) FROM attendance_marks") == "0");

  // A wrong code is refused and marks nothing; a malformed one too.
  auto wrong = learner.post("/presenza", "codice=" + other_code(code));
  CHECK(wrong->status == 400);
  CHECK(contains(wrong->body, "sbagliato o scaduto"));
  CHECK(learner.post("/presenza", "codice=12ab56")->status == 400);
  CHECK(query(site, "SELECT COUNT(*) FROM attendance_marks") == "0");
  // Without the CSRF token: refused.
  CHECK(learner.post("/presenza", "codice=" + code, false)->status == 403);

  auto done = learner.post("/presenza", "codice=" + code.substr(0, 3) + "+" + code.substr(3));
  REQUIRE(done->status == 200);
  CHECK(contains(done->body, "Presenza registrata"));
  CHECK(contains(done->body, "Corso di oggi"));
  CHECK(query(site, "SELECT user_id || ',' || meeting || ',' || status || ',' || hours || ',' || marked_by || ',' || source"
                    " FROM attendance_marks") == learner_id + ",1,present,2.0," + learner_id + ",checkin");
  auto again = learner.post("/presenza", "codice=" + code);
  CHECK(again->status == 200);
  CHECK(contains(again->body, "Presenza già registrata"));
  CHECK(nlohmann::json::parse(trainer.get(courses.today_path + "/codice.json")->body).at("checked_in") == 1);

  // The area links to the form; the data download has the mark with its source.
  CHECK(contains(learner.get("/area")->body, "href=\"/presenza\""));
  CHECK(contains(learner.get("/area/dati.json")->body, "\"checkin\""));

  // Five wrong codes in ten minutes, then refused with Retry-After, even the right code.
  for (int i = 0; i < 5; ++i) CHECK(second.post("/presenza", "codice=" + other_code(code))->status == 400);
  auto limited = second.post("/presenza", "codice=" + code);
  CHECK(limited->status == 429);
  CHECK(std::stoi(limited->get_header_value("Retry-After")) > 500);
  CHECK(contains(limited->body, "Troppi codici sbagliati"));
  CHECK(query(site, "SELECT COUNT(*) FROM attendance_marks") == "1");

  // Before the meeting's window the screen says when codes will work, and shows none.
  auto future = trainer.get(courses.future_path + "/codice");
  REQUIRE(future->status == 200);
  CHECK(contains(future->body, "non è ancora iniziato"));
  CHECK_FALSE(contains(future->body, "id=\"codice-presenza\""));
  CHECK(nlohmann::json::parse(trainer.get(courses.future_path + "/codice.json")->body).at("code").is_null());

  // Anonymous visitors scanning the QR are sent to sign in and back.
  Browser anonymous = site.browser();
  auto sent = anonymous.get("/presenza?codice=" + code);
  CHECK(sent->status == 303);
  CHECK(sent->get_header_value("Location") == "/accedi?dopo=/presenza?codice=" + code);

  // The request log has neither the code nor the address of a check-in.
  const std::string log = site.server().log();
  CHECK(contains(log, "\"POST /presenza HTTP/1.1\""));
  CHECK_FALSE(contains(log, "codice=" + code));
  CHECK_FALSE(contains(log, "codice%3D" + code));
  CHECK(contains(log, "127.0.0.1 - - ["));  // other requests keep theirs
  std::istringstream lines(log);
  int checkins = 0;
  for (std::string line; std::getline(lines, line);) {
    if (!contains(line, " /presenza")) continue;
    ++checkins;
    CHECK_MESSAGE(line.rfind("- - - [", 0) == 0, line);
  }
  CHECK(checkins >= 5);
}
