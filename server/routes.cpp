#include "server/routes.h"

#include "server/handlers.h"

namespace sentinella {

const std::vector<Route>& route_table() {
  using M = Method;
  const Access anyone = Access::anyone(), signed_in = Access::signed_in();
  const Access admin = Access::only(Role::admin);
  const Access staff = Access::only(Role::admin | Role::trainer);
  const Access organizer = Access::only(Role::organizer);
  const Access event_staff = Access::only(Role::trainer | Role::organizer);
  // Slugs are [a-z0-9-] and ids digits: anything else is a 404 without a lookup.
  static const std::vector<Route> routes = {
      {M::get, "/healthz", anyone, "/healthz", healthz},
      {M::get, "/", anyone, "/", home},
      {M::get, "/moduli", anyone, "/moduli", catalogue},
      {M::get, "/moduli/([a-z0-9-]+)", anyone, "/moduli/esempio", module_page},
      {M::get, "/moduli/([a-z0-9-]+)/([a-z0-9-]+)", anyone, "/moduli/esempio/lezione", lesson_page},
      {M::get, "/api/v1/modules", anyone, "/api/v1/modules", api_modules_list},
      {M::get, "/api/v1/modules/([a-z0-9-]+)", anyone, "/api/v1/modules/esempio", api_module_detail},
      {M::get, "/static/([A-Za-z0-9_./-]+)", anyone, "/static/style.css", static_file},
      {M::get, "/media/([a-z0-9.-]+)", anyone, "/media/esempio.png", media_file},
      {M::get, "/eventi", anyone, "/eventi", events_list},
      {M::get, "/eventi/archivio", anyone, "/eventi/archivio", events_archive},
      {M::get, "/eventi/calendario", anyone, "/eventi/calendario", events_this_month},
      {M::get, "/eventi/calendario/([0-9]{4})/([0-9]{2})", anyone, "/eventi/calendario/2026/11", events_month},
      {M::get, "/events[.]ics", anyone, "/events.ics", calendar_feed},
      {M::get, "/eventi/([0-9]{4})/([a-z0-9-]+)[.]ics", anyone, "/eventi/2026/esempio.ics", event_calendar},
      {M::get, "/eventi/([0-9]{4})/([a-z0-9-]+)", anyone, "/eventi/2026/esempio", event_page},
      {M::get, "/feed[.]atom", anyone, "/feed.atom", atom_feed},
      {M::get, "/accedi", anyone, "/accedi", login_form},
      {M::post, "/accedi", anyone, "/accedi", login},
      {M::get, "/registrati", anyone, "/registrati", register_form},
      {M::post, "/registrati", anyone, "/registrati", register_account},
      {M::get, "/area", signed_in, "/area", area},
      {M::post, "/area/profilo", signed_in, "/area/profilo", update_profile},
      {M::get, "/area/password", signed_in, "/area/password", password_form},
      {M::post, "/area/password", signed_in, "/area/password", change_password},
      {M::get, "/area/dati.json", signed_in, "/area/dati.json", download_my_data},
      {M::get, "/admin/persone", admin, "/admin/persone", people},
      {M::get, "/admin/persone/([0-9]{1,12})", admin, "/admin/persone/999999", person},
      {M::post, "/admin/persone/([0-9]{1,12})/ruoli", admin, "/admin/persone/999999/ruoli", set_person_roles},
      {M::post, "/admin/persone/([0-9]{1,12})/stato", admin, "/admin/persone/999999/stato", set_person_state},
      {M::post, "/admin/persone/([0-9]{1,12})/cancella", admin, "/admin/persone/999999/cancella", erase_person},
      {M::post, "/admin/persone/([0-9]{1,12})/gruppi", admin, "/admin/persone/999999/gruppi", set_person_groups},
      {M::get, "/admin/inviti", staff, "/admin/inviti", invitations},
      {M::post, "/admin/inviti", staff, "/admin/inviti", create_invitation},
      {M::post, "/admin/inviti/([0-9]{1,12})/revoca", staff, "/admin/inviti/999999/revoca", revoke_invitation},
      {M::get, "/admin/registro", admin, "/admin/registro", audit_log},
      {M::get, "/eventi/([0-9]{4})/([a-z0-9-]+)/iscrizione", signed_in, "/eventi/2026/esempio/iscrizione", registration_page},
      {M::post, "/eventi/([0-9]{4})/([a-z0-9-]+)/iscrizione", signed_in, "/eventi/2026/esempio/iscrizione", register_for_event},
      {M::post, "/eventi/([0-9]{4})/([a-z0-9-]+)/iscrizione/annulla", signed_in, "/eventi/2026/esempio/iscrizione/annulla", cancel_registration},
      {M::get, "/admin/eventi", event_staff, "/admin/eventi", admin_events},
      {M::get, "/admin/eventi/([0-9]{4})/([a-z0-9-]+)", event_staff, "/admin/eventi/2026/esempio", admin_event},
      {M::get, "/admin/eventi/([0-9]{4})/([a-z0-9-]+)/incontri/([0-9]{1,3})", event_staff, "/admin/eventi/2026/esempio/incontri/1", meeting_roster},
      {M::post, "/admin/eventi/([0-9]{4})/([a-z0-9-]+)/incontri/([0-9]{1,3})/presenze", event_staff, "/admin/eventi/2026/esempio/incontri/1/presenze", save_mark},
      {M::post, "/admin/eventi/([0-9]{4})/([a-z0-9-]+)/incontri/([0-9]{1,3})/tutti-presenti", event_staff, "/admin/eventi/2026/esempio/incontri/1/tutti-presenti", mark_everyone_present},
      {M::post, "/admin/eventi/([0-9]{4})/([a-z0-9-]+)/incontri/([0-9]{1,3})/ospiti", event_staff, "/admin/eventi/2026/esempio/incontri/1/ospiti", add_walk_in},
      {M::post, "/admin/eventi/([0-9]{4})/([a-z0-9-]+)/ospiti/([0-9]{1,12})/unisci", organizer, "/admin/eventi/2026/esempio/ospiti/999999/unisci", merge_walk_in},
      {M::get, "/admin/eventi/([0-9]{4})/([a-z0-9-]+)/incontri/([0-9]{1,3})/foglio", event_staff, "/admin/eventi/2026/esempio/incontri/1/foglio", sign_in_sheet},
      {M::get, "/admin/eventi/([0-9]{4})/([a-z0-9-]+)/iscritti.csv", event_staff, "/admin/eventi/2026/esempio/iscritti.csv", registrations_csv},
      {M::get, "/admin/eventi/([0-9]{4})/([a-z0-9-]+)/pubblico", organizer, "/admin/eventi/2026/esempio/pubblico", event_audience},
      {M::post, "/admin/eventi/([0-9]{4})/([a-z0-9-]+)/pubblico", organizer, "/admin/eventi/2026/esempio/pubblico", record_event_audience},
      {M::get, "/admin/moduli/([a-z0-9-]+)", staff, "/admin/moduli/esempio", module_stats_page},
      {M::get, "/admin/moduli/([a-z0-9-]+)/allievi[.]csv", staff, "/admin/moduli/esempio/allievi.csv", learners_csv},
      {M::get, "/api/v1/modules/([a-z0-9-]+)/progress", staff, "/api/v1/modules/esempio/progress", api_module_progress},
      {M::get, "/moduli/([a-z0-9-]+)/quiz/([a-z0-9-]+)", signed_in, "/moduli/esempio/quiz/verifica", quiz_page},
      {M::post, "/moduli/([a-z0-9-]+)/quiz/([a-z0-9-]+)/tentativi", signed_in, "/moduli/esempio/quiz/verifica/tentativi", start_quiz_attempt},
      {M::get, "/moduli/([a-z0-9-]+)/quiz/([a-z0-9-]+)/tentativi/([0-9]{1,12})", signed_in, "/moduli/esempio/quiz/verifica/tentativi/999999", quiz_attempt_page},
      {M::post, "/moduli/([a-z0-9-]+)/quiz/([a-z0-9-]+)/tentativi/([0-9]{1,12})", signed_in, "/moduli/esempio/quiz/verifica/tentativi/999999", answer_quiz_attempt},
      {M::post, "/moduli/([a-z0-9-]+)/inizia", signed_in, "/moduli/esempio/inizia", start_module},
      {M::post, "/moduli/([a-z0-9-]+)/([a-z0-9-]+)/letta", signed_in, "/moduli/esempio/lezione/letta", mark_lesson_read},
      {M::get, "/admin/moduli", staff, "/admin/moduli", admin_modules},
      {M::get, "/admin/moduli/([a-z0-9-]+)/assegnazioni", staff, "/admin/moduli/esempio/assegnazioni", module_assignments},
      {M::post, "/admin/moduli/([a-z0-9-]+)/assegnazioni", staff, "/admin/moduli/esempio/assegnazioni", create_assignment},
      {M::post, "/admin/moduli/([a-z0-9-]+)/assegnazioni/([0-9]{1,12})/revoca", staff, "/admin/moduli/esempio/assegnazioni/999999/revoca", revoke_assignment},
      {M::get, "/api/v1/me/progress", signed_in, "/api/v1/me/progress", api_my_progress},
      {M::get, "/admin/eventi/([0-9]{4})/([a-z0-9-]+)/incontri/([0-9]{1,3})/importa", event_staff, "/admin/eventi/2026/esempio/incontri/1/importa", attendance_import_page},
      {M::post, "/admin/eventi/([0-9]{4})/([a-z0-9-]+)/incontri/([0-9]{1,3})/importa", event_staff, "/admin/eventi/2026/esempio/incontri/1/importa", import_attendance_sheet},
      {M::get, "/admin/eventi/([0-9]{4})/([a-z0-9-]+)/incontri/([0-9]{1,3})/codice", event_staff, "/admin/eventi/2026/esempio/incontri/1/codice", checkin_screen},
      {M::get, "/admin/eventi/([0-9]{4})/([a-z0-9-]+)/incontri/([0-9]{1,3})/codice[.]json", event_staff, "/admin/eventi/2026/esempio/incontri/1/codice.json", checkin_code_json},
      {M::get, "/presenza", signed_in, "/presenza", checkin_form},
      {M::post, "/presenza", signed_in, "/presenza", check_in},
      {M::get, "/api/v1/reports/attendance", event_staff, "/api/v1/reports/attendance", api_attendance_report},
      {M::get, "/admin/report", event_staff, "/admin/report", admin_report},
      {M::get, "/admin/report/relazione", event_staff, "/admin/report/relazione", report_relazione},
      {M::get, "/admin/report[.]xlsx", event_staff, "/admin/report.xlsx", report_xlsx},
      {M::get, "/admin/report[.]csv", event_staff, "/admin/report.csv", report_csv_download},
      {M::get, "/risultati", anyone, "/risultati", public_results},
      {M::get, "/risultati[.]csv", anyone, "/risultati.csv", public_results_csv},
      {M::get, "/risultati[.]json", anyone, "/risultati.json", public_results_json},
      // Last: a page slug matches almost anything one segment long.
      {M::get, "/([a-z0-9-]+)", anyone, "/chi-siamo", content_page},
      {M::post, "/esci", signed_in, "/esci", logout},
  };
  return routes;
}

}  // namespace sentinella
