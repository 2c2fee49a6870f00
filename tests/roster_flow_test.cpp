// The attendance register of a meeting through the real server: the roster in alphabetical order,
// one mark per POST (a redirect, or JSON for the page's script), CSRF, who may mark, "all present",
// walk-ins and their merge, the sign-in sheet, and the event's page with its meetings.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <map>

#include "running_site.h"
#include "store_dump.h"

using namespace sentinella::test;

namespace {

// Two meetings of 4 h, module alfa (for polizia-locale), registration open.
const char* const kCourse =
    "---\ntitle: Corso in sala\ntype: formazione\n"
    "meetings:\n"
    "  - start: 2030-03-05 09:00\n    end: 2030-03-05 13:00\n"
    "  - start: 2030-03-12 09:00\n    end: 2030-03-12 13:00\n"
    "    location:\n      name: Comando di polizia locale\n"
    "modules: [alfa]\n"
    "location:\n  name: Sala dei Quadri\naudience: [polizia-locale]\norganizer: Comune di Prova\n"
    "registration: true\n---\nIl corso.\n";

const std::string kEvent = "/admin/eventi/2030/corso-in-sala";
const std::string kRoster = kEvent + "/incontri/1";

std::vector<TestAccount> accounts() {
  auto all = standard_accounts();  // "trainer" will train servizi-sociali: another group
  all.push_back({"formatrice", "trainer", ""});
  all.push_back({"zoe", "learner", "polizia-locale"});
  all.push_back({"bianca", "learner", "polizia-locale"});
  all.push_back({"nuovo", "learner", "polizia-locale"});
  return all;
}

size_t count(const std::string& text, const std::string& part) {
  size_t n = 0;
  for (size_t at = 0; (at = text.find(part, at)) != std::string::npos; ++at) ++n;
  return n;
}

class Room {
public:
  Room() : site_(accounts(), [](ContentTree& tree) { tree.write("events/2030/corso-in-sala.md", kCourse); }) {
    for (const char* name : {"admin", "trainer", "formatrice", "organizer", "zoe", "bianca", "learner"}) {
      auto [it, added] = browsers_.emplace(name, site_.browser());
      REQUIRE(it->second.login(name, kTestPassword));
    }
    REQUIRE(as("admin").post("/admin/persone/" + id("formatrice") + "/gruppi", "group=polizia-locale")->status == 303);
    REQUIRE(as("admin").post("/admin/persone/" + id("trainer") + "/gruppi", "group=servizi-sociali")->status == 303);
    for (const char* name : {"zoe", "bianca", "learner"})
      REQUIRE(as(name).post("/eventi/2030/corso-in-sala/iscrizione", "")->status == 303);
  }

  Browser& as(const std::string& name) { return browsers_.at(name); }

  // The first column of every row `sql` selects, comma-separated.
  std::string query(const std::string& sql) { return query_column(site_.db_path(), sql); }

  std::string id(const std::string& username) { return query("SELECT id FROM users WHERE username = '" + username + "'"); }

  // POSTs `form` as the page's script does: Accept: application/json, the session's cookie and,
  // unless `csrf` is false, its token.
  httplib::Result post_json(const std::string& name, const std::string& path, const std::string& form, bool csrf = true) {
    Browser& b = as(name);
    httplib::Headers headers = {{"Cookie", "sentinella_session=" + b.session()}, {"Accept", "application/json"}};
    return b.client().Post(path, headers, (csrf ? "csrf=" + url_encode_form(b.csrf()) + "&" : std::string()) + form,
                           "application/x-www-form-urlencoded");
  }

  RunningSite& site() { return site_; }

private:
  RunningSite site_;
  std::map<std::string, Browser> browsers_;
};

}  // namespace

TEST_CASE("the roster of a meeting: people in order, one mark at a time, who may mark") {
  Room room;
  Browser& trainer = room.as("formatrice");
  const std::string zoe = room.id("zoe"), bianca = room.id("bianca");
  // One site for the whole flow (each start signs seven people in): each step builds on the last.

  {  // registered people, alphabetically, with the meeting and the controls
    auto page = trainer.get(kRoster);
    REQUIRE(page);
    CHECK(page->status == 200);
    const std::string& body = page->body;
    const auto b = body.find("<span class=\"roster-name\">bianca</span>"),
               l = body.find("<span class=\"roster-name\">learner</span>"),
               z = body.find("<span class=\"roster-name\">zoe</span>");
    REQUIRE(b != std::string::npos);
    REQUIRE(l != std::string::npos);
    REQUIRE(z != std::string::npos);
    CHECK(b < l);
    CHECK(l < z);
    CHECK(body.find("id=\"tutti-presenti\"") < b);  // "all present" first
    CHECK(contains(body, "Sala dei Quadri"));
    CHECK(contains(body, "Durata 4 ore"));
    CHECK(contains(body, "id=\"stato-p" + zoe + "-late\""));
    CHECK(contains(body, "id=\"ore-p" + zoe + "\""));
    CHECK(contains(body, "id=\"esito-p" + zoe + "\" role=\"status\" aria-live=\"polite\""));
    CHECK(contains(body, "<script src=\"/static/roster.js"));
    CHECK_FALSE(contains(body, "/unisci"));  // no walk-in yet
    CHECK(contains(trainer.get(kEvent + "/incontri/2")->body, "Comando di polizia locale"));
    room.site().fetch("/static/roster.js", 200);
    auto event = trainer.get(kEvent);  // the meetings, with nothing marked yet
    CHECK(contains(event->body, "<td>0 / 3</td>"));
    CHECK(contains(event->body, "href=\"" + kRoster + "/foglio\""));
    CHECK(contains(event->body, "href=\"" + kEvent + "/incontri/2/importa\""));
    CHECK(contains(event->body, "href=\"" + kEvent + "/incontri/2/codice\""));
  }

  {  // a POST without the CSRF token is refused and changes nothing
    CHECK(trainer.post(kRoster + "/presenze", "persona=" + zoe + "&stato=present", false)->status == 403);
    CHECK(room.post_json("formatrice", kRoster + "/presenze", "persona=" + zoe + "&stato=present", false)->status == 403);
    CHECK(room.post_json("formatrice", kRoster + "/presenze", "csrf=sbagliato&persona=" + zoe + "&stato=present", false)
              ->status == 403);
    CHECK(trainer.post(kRoster + "/tutti-presenti", "", false)->status == 403);
    CHECK(trainer.post(kRoster + "/ospiti", "nome=Ospite", false)->status == 403);
    CHECK(room.query("SELECT count(*) FROM attendance_marks") == "0");
    CHECK(room.query("SELECT count(*) FROM walk_ins") == "0");
  }

  {  // a trainer of other groups gets 403; a learner too; no such meeting or event is 404
    Browser& other = room.as("trainer");
    for (const std::string& path : {kRoster, kRoster + "/foglio", kEvent, kEvent + "/iscritti.csv"}) {
      auto res = other.get(path);
      CHECK_MESSAGE(res->status == 403, path);
      CHECK_FALSE(contains(res->body, "bianca"));
    }
    CHECK(other.post(kRoster + "/presenze", "persona=" + zoe + "&stato=present")->status == 403);
    CHECK(room.post_json("trainer", kRoster + "/presenze", "persona=" + zoe + "&stato=present")->status == 403);
    CHECK(other.post(kRoster + "/tutti-presenti", "")->status == 403);
    CHECK(other.post(kRoster + "/ospiti", "nome=Ospite")->status == 403);
    CHECK(room.as("learner").get(kRoster)->status == 403);
    CHECK(room.query("SELECT count(*) FROM attendance_marks") == "0");
    CHECK(room.query("SELECT count(*) FROM walk_ins") == "0");
    // The list of events shows each trainer the events they may mark.
    CHECK(contains(trainer.get("/admin/eventi")->body, "href=\"" + kEvent + "\""));
    CHECK_FALSE(contains(other.get("/admin/eventi")->body, "href=\"" + kEvent + "\""));

    CHECK(trainer.get(kEvent + "/incontri/3")->status == 404);
    CHECK(trainer.get(kEvent + "/incontri/0")->status == 404);
    CHECK(trainer.post(kEvent + "/incontri/3/presenze", "persona=" + zoe + "&stato=present")->status == 404);
    CHECK(trainer.get("/admin/eventi/2030/nessuno/incontri/1")->status == 404);
  }

  {  // a mark with hours "1,5" is stored and the page comes back at the person
    auto res = trainer.post(kRoster + "/presenze", "persona=" + zoe + "&stato=late&ore=1%2C5&nota=treno");
    REQUIRE(res);
    CHECK(res->status == 303);
    CHECK(res->get_header_value("Location") == kRoster + "?esito=presenza-salvata#persona-" + zoe);
    CHECK(room.query("SELECT status || ' ' || hours || ' ' || note || ' ' || source FROM attendance_marks"
                     " WHERE meeting = 1 AND user_id = " + zoe) == "late 1.5 treno roster");
    auto page = trainer.get(kRoster + "?esito=presenza-salvata");
    CHECK(contains(page->body, "Presenza salvata."));
    CHECK(contains(page->body, "In ritardo, 1,5 ore"));
    CHECK(room.query("SELECT count(*) FROM audit_log WHERE action = 'attendance.mark'") == "1");

    // Bad input changes nothing and says what is wrong.
    auto bad = trainer.post(kRoster + "/presenze", "persona=" + zoe + "&stato=present&ore=tre");
    CHECK(bad->status == 400);
    CHECK(contains(bad->body, "virgola o il punto"));
    auto too_long = trainer.post(kRoster + "/presenze", "persona=" + zoe + "&stato=present&ore=5");
    CHECK(too_long->status == 400);
    CHECK(contains(too_long->body, "durata dell&apos;incontro"));
    CHECK(trainer.post(kRoster + "/presenze", "persona=" + zoe + "&stato=presente")->status == 400);
    CHECK(trainer.post(kRoster + "/presenze", "stato=present")->status == 400);
    CHECK(trainer.post(kRoster + "/presenze", "persona=999999&stato=present")->status == 404);
    CHECK(room.query("SELECT hours FROM attendance_marks WHERE user_id = " + zoe) == "1.5");
  }

  {  // the page's script gets JSON
    auto res = room.post_json("formatrice", kRoster + "/presenze", "persona=" + bianca + "&stato=left_early&ore=2.5");
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK(res->get_header_value("Content-Type") == "application/json; charset=utf-8");
    auto answer = nlohmann::json::parse(res->body);
    CHECK(answer["ok"] == true);
    CHECK(answer["status"] == "left_early");
    CHECK(answer["status_label"] == "Uscita anticipata");
    CHECK(answer["hours"] == 2.5);
    CHECK(answer["hours_text"] == "2,5");
    CHECK(room.query("SELECT hours FROM attendance_marks WHERE user_id = " + bianca) == "2.5");

    auto refused = room.post_json("formatrice", kRoster + "/presenze", "persona=" + bianca + "&stato=absent&ore=2");
    CHECK(refused->status == 400);
    auto error = nlohmann::json::parse(refused->body);
    CHECK(error["ok"] == false);
    CHECK(contains(error["error"].get<std::string>(), "assente giustificato sono 0"));
    CHECK(room.query("SELECT status FROM attendance_marks WHERE user_id = " + bianca) == "left_early");
  }

  {  // the registrations CSV gives each person's hours from the marks
    REQUIRE(trainer.post(kEvent + "/incontri/2/presenze", "persona=" + zoe + "&stato=present")->status == 303);
    auto csv = trainer.get(kEvent + "/iscritti.csv");
    REQUIRE(csv->status == 200);
    CHECK(contains(csv->body, ";Ore di presenza;"));
    CHECK(contains(csv->body, "\r\nzoe;zoe;Comune di Prova;Polizia locale;Confermata;;5,5;"));
    CHECK(contains(csv->body, "\r\nbianca;bianca;Comune di Prova;Polizia locale;Confermata;;2,5;"));
    CHECK(contains(csv->body, "\r\nlearner;learner;Comune di Prova;Polizia locale;Confermata;;;"));  // not marked
  }

  {  // all present marks the registered people not marked yet, and leaves the others
    auto res = trainer.post(kRoster + "/tutti-presenti", "");
    CHECK(res->status == 303);
    CHECK(res->get_header_value("Location") == kRoster + "?esito=tutti-presenti");
    CHECK(room.query("SELECT u.username || ' ' || m.status || ' ' || m.hours FROM attendance_marks m"
                     " JOIN users u ON u.id = m.user_id WHERE m.meeting = 1 ORDER BY u.username") ==
          "bianca left_early 2.5,learner present 4.0,zoe late 1.5");
    CHECK(room.query("SELECT count(*) FROM attendance_marks WHERE meeting = 2") == "1");  // zoe's, untouched
    auto event = room.as("organizer").get(kEvent);
    CHECK(contains(event->body, "<td>3 / 3 <span class=\"meta\">(3 presenti)</span></td>"));
    CHECK(contains(event->body, "<td>8</td>"));  // hours at meeting 1: 2.5 + 4 + 1.5
    CHECK(contains(event->body, "<td>1 / 3 <span class=\"meta\">(1 presenti)</span></td>"));  // meeting 2: zoe
  }

  {  // the old yes/no attendance form is gone
    CHECK(room.as("organizer").post(kEvent + "/presenze", "listed=" + zoe + "&present=" + zoe)->status == 404);
    CHECK_FALSE(contains(room.as("organizer").get(kEvent)->body, "name=\"listed\""));
  }
}

TEST_CASE("walk-ins on the roster, their merge into an account, and the sign-in sheet") {
  Room room;
  Browser& trainer = room.as("formatrice");

  auto added = trainer.post(kRoster + "/ospiti", "nome=Anna+Ospite&gruppo=servizi-sociali&ente=Pro+Loco");
  REQUIRE(added);
  CHECK(added->status == 303);
  const std::string walk_in = room.query("SELECT id FROM walk_ins");
  REQUIRE_FALSE(walk_in.empty());
  CHECK(added->get_header_value("Location") == kRoster + "?esito=ospite-aggiunto#ospite-" + walk_in);
  CHECK(room.query("SELECT status || ' ' || hours FROM attendance_marks WHERE walk_in_id = " + walk_in) == "present 4.0");
  CHECK(room.query("SELECT name || '|' || target_group || '|' || organization FROM walk_ins") ==
        "Anna Ospite|servizi-sociali|Pro Loco");
  CHECK(trainer.post(kRoster + "/ospiti", "nome=+&ente=x")->status == 400);
  CHECK(trainer.post(kRoster + "/ospiti", "nome=Tizio&gruppo=sconosciuto")->status == 400);
  CHECK(room.query("SELECT count(*) FROM walk_ins") == "1");

  // Listed first (alphabetically), with a form of its own; only admins and organizers may merge.
  auto page = trainer.get(kRoster);
  CHECK(page->body.find("Anna Ospite") < page->body.find("<span class=\"roster-name\">bianca</span>"));
  CHECK(contains(page->body, "id=\"ospite-" + walk_in + "\""));
  CHECK(contains(page->body, "<p class=\"roster-details meta\">Pro Loco · Servizi sociali</p>"));
  CHECK(contains(page->body, "<p class=\"roster-details meta\">zoe · Comune di Prova · Polizia locale</p>"));
  CHECK_FALSE(contains(page->body, "/unisci"));
  auto organizers_page = room.as("organizer").get(kRoster);
  CHECK(contains(organizers_page->body, "action=\"" + kEvent + "/ospiti/" + walk_in + "/unisci\""));
  CHECK(contains(organizers_page->body, "id=\"unisci-o" + walk_in + "\""));

  // The walk-in's mark is corrected like anyone's.
  CHECK(trainer.post(kRoster + "/presenze", "ospite=" + walk_in + "&stato=late&ore=3")->status == 303);

  const std::string merge = kEvent + "/ospiti/" + walk_in + "/unisci";
  CHECK(trainer.post(merge, "username=nuovo&incontro=1")->status == 403);
  CHECK(room.query("SELECT merged_into IS NULL FROM walk_ins") == "1");

  // An account already marked at the same meeting: nothing changes, and the page says why.
  REQUIRE(trainer.post(kRoster + "/presenze", "persona=" + room.id("bianca") + "&stato=present")->status == 303);
  auto conflict = room.as("admin").post(merge, "username=bianca&incontro=1");
  CHECK(conflict->status == 409);
  CHECK(contains(conflict->body, "ha già una presenza segnata"));
  CHECK(room.as("admin").post(merge, "username=nessuno&incontro=1")->status == 400);
  CHECK(room.query("SELECT merged_into IS NULL FROM walk_ins") == "1");

  auto merged = room.as("admin").post(merge, "username=nuovo&incontro=1");
  CHECK(merged->status == 303);
  CHECK(merged->get_header_value("Location") == kRoster + "?esito=ospite-unito");
  CHECK(room.query("SELECT merged_into FROM walk_ins") == room.id("nuovo"));
  CHECK(room.query("SELECT status || ' ' || hours FROM attendance_marks WHERE user_id = " + room.id("nuovo")) == "late 3.0");
  CHECK(contains(room.as("admin").get(kRoster)->body, "<span class=\"roster-name\">nuovo</span>"));
  CHECK(room.as("admin").post(merge, "username=nuovo&incontro=1")->status == 400);  // already merged

  SUBCASE("the sign-in sheet: names in order, empty lines, signature columns") {
    auto sheet = trainer.get(kRoster + "/foglio");
    REQUIRE(sheet->status == 200);
    const std::string& body = sheet->body;
    CHECK(contains(body, "Foglio firme: Corso in sala"));
    CHECK(contains(body, "Firma entrata"));
    CHECK(contains(body, "Firma uscita"));
    CHECK(contains(body, "Sala dei Quadri"));
    const auto b = body.find("<th scope=\"row\">bianca</th>"), l = body.find("<th scope=\"row\">learner</th>"),
               n = body.find("<th scope=\"row\">nuovo</th>"), z = body.find("<th scope=\"row\">zoe</th>");
    REQUIRE(z != std::string::npos);
    CHECK(b < l);
    CHECK(l < n);
    CHECK(n < z);
    CHECK(count(body, "<tr class=\"sheet-blank\">") == 10);
    CHECK(contains(body, "<thead>"));
    CHECK(room.as("trainer").get(kRoster + "/foglio")->status == 403);
  }
}
