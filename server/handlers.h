// Every route handler, by area. Each reads the Exchange and fills its response.
// Errors: handlers may throw (a store read, a template): http_server's last-resort handler turns
// any exception into a logged 500.
#pragma once

namespace sentinella {

struct Exchange;

// Public pages and feeds (public_handlers.cpp)
void healthz(Exchange& x);
void home(Exchange& x);
void catalogue(Exchange& x);
void module_page(Exchange& x);
void lesson_page(Exchange& x);
void content_page(Exchange& x);
void api_modules_list(Exchange& x);
void api_module_detail(Exchange& x);
void static_file(Exchange& x);
void events_list(Exchange& x);
void events_archive(Exchange& x);
void events_this_month(Exchange& x);
void events_month(Exchange& x);
void event_page(Exchange& x);
void media_file(Exchange& x);

// Calendar (iCalendar) and Atom feeds (feed_handlers.cpp)
void calendar_feed(Exchange& x);
void event_calendar(Exchange& x);
void atom_feed(Exchange& x);

// Signing in and out, registering with an invitation (auth_handlers.cpp)
void login_form(Exchange& x);
void login(Exchange& x);
void logout(Exchange& x);
void register_form(Exchange& x);
void register_account(Exchange& x);

// The learner's own area (area_handlers.cpp)
void area(Exchange& x);
void update_profile(Exchange& x);
void password_form(Exchange& x);
void change_password(Exchange& x);
void download_my_data(Exchange& x);

// Administration (admin_handlers.cpp)
void people(Exchange& x);
void person(Exchange& x);
void set_person_roles(Exchange& x);
void set_person_state(Exchange& x);
void erase_person(Exchange& x);
void set_person_groups(Exchange& x);
void invitations(Exchange& x);
void create_invitation(Exchange& x);
void revoke_invitation(Exchange& x);
void audit_log(Exchange& x);

// Registration for events, and the organizers' lists (rsvp_handlers.cpp)
void registration_page(Exchange& x);
void register_for_event(Exchange& x);
void cancel_registration(Exchange& x);
void admin_events(Exchange& x);
void admin_event(Exchange& x);
void registrations_csv(Exchange& x);
void event_audience(Exchange& x);
void record_event_audience(Exchange& x);

// Attendance in the room: a meeting's roster, marks, walk-ins and their merge, the sign-in sheet
// (roster_handlers.cpp)
void meeting_roster(Exchange& x);
void save_mark(Exchange& x);
void mark_everyone_present(Exchange& x);
void add_walk_in(Exchange& x);
void merge_walk_in(Exchange& x);
void sign_in_sheet(Exchange& x);

// What trainers see of a module: statistics, learners, CSV and JSON (trainer_handlers.cpp)
void module_stats_page(Exchange& x);
void learners_csv(Exchange& x);
void api_module_progress(Exchange& x);
// The attendance report as JSON, CSV or .xlsx (report_api.cpp)
void api_attendance_report(Exchange& x);
// Taking a quiz: its page, attempts, answers and results (quiz_handlers.cpp)
void quiz_page(Exchange& x);
void start_quiz_attempt(Exchange& x);
void quiz_attempt_page(Exchange& x);
void answer_quiz_attempt(Exchange& x);
// The learner's path through a module, and the modules' assignments (learning_handlers.cpp)
void start_module(Exchange& x);
void mark_lesson_read(Exchange& x);
void admin_modules(Exchange& x);
void module_assignments(Exchange& x);
void create_assignment(Exchange& x);
void revoke_assignment(Exchange& x);
void api_my_progress(Exchange& x);
// Importing a meeting's paper sign-in sheet as CSV (attendance_import_handlers.cpp)
void attendance_import_page(Exchange& x);
void import_attendance_sheet(Exchange& x);
// Self check-in: the trainer's code screen and its JSON, the learner's form (checkin_handlers.cpp)
void checkin_screen(Exchange& x);
void checkin_code_json(Exchange& x);
void checkin_form(Exchange& x);
void check_in(Exchange& x);
// The programme's report for staff and its files; the public results (report_handlers.cpp)
void admin_report(Exchange& x);
void report_relazione(Exchange& x);
void report_xlsx(Exchange& x);
void report_csv_download(Exchange& x);
void public_results(Exchange& x);
void public_results_csv(Exchange& x);
void public_results_json(Exchange& x);

}  // namespace sentinella
