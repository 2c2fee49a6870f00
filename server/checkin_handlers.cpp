// Self check-in (core/checkin.h): the trainer's screen with the code and its QR, the JSON its script
// refreshes them from, and the learner's form at /presenza. Nothing about the learner's device or
// address is kept; wrong codes are limited per account (App::checkin_throttle).
#include <algorithm>

#include "core/attendance.h"
#include "core/checkin.h"
#include "server/attendance_access.h"
#include "server/exchange.h"
#include "server/handlers.h"
#include "site/format.h"
#include "site/qr_svg.h"

using nlohmann::json;

namespace sentinella {

namespace {

constexpr const char* kCheckinPath = "/presenza";

Checkin checkin_of(Exchange& x) { return Checkin(x.app.store(), x.site->site().checkin_margin_minutes); }

// What the screen shows now, for the meeting of the path: opens the meeting's check-in first
// (harmless when it is open). Nullopt after answering with a refusal (404, 403, or an error).
struct ScreenNow {
  MarkableMeeting meeting;
  CheckinScreen screen;
  UnixSeconds now = 0;
};

std::optional<ScreenNow> screen_now(Exchange& x, bool as_json) {
  auto m = markable_meeting(x, as_json);
  if (!m) return std::nullopt;
  const UnixSeconds now = now_seconds();
  Checkin checkin = checkin_of(x);
  Status opened = checkin.open(m->event, m->number, x.user()->id, now);
  auto screen = opened.ok() ? checkin.screen(m->event, m->number, now) : Result<CheckinScreen>(opened);
  if (screen.ok()) return ScreenNow{std::move(*m), std::move(screen.value()), now};
  if (as_json) x.json(screen.status().code() == Status::Code::internal ? 500 : 400, {{"error", "unavailable"}});
  else x.refuse(x.t("checkin_screen_title"), screen.status());
  return std::nullopt;
}

std::string checkin_url(const Exchange& x, const std::string& code) {
  return x.site->site().base_url + kCheckinPath + "?codice=" + code;
}

std::string grouped(const std::string& code) { return code.substr(0, 3) + " " + code.substr(3); }

std::string meeting_when(const Exchange& x, const Event& e, int number) {
  return format_meeting_when(e, number, x.site->site().language);
}

std::string replaced(std::string text, const std::string& name, const std::string& value) {
  if (auto pos = text.find(name); pos != std::string::npos) text.replace(pos, name.size(), value);
  return text;
}

// "I codici sono validi dal ... al ...": when the meeting's codes work.
std::string window_text(const Exchange& x, const CheckinWindow& w, const char* key) {
  return replaced(replaced(x.t(key), "{dal}", x.day_time(w.opens)), "{al}", x.day_time(w.closes));
}

}  // namespace

void checkin_screen(Exchange& x) {
  auto current = screen_now(x, false);
  if (!current) return;
  const MarkableMeeting* m = &current->meeting;
  const CheckinScreen* screen = &current->screen;
  const UnixSeconds now = current->now;
  json code = false;
  if (screen->open) {
    auto qr = qr_image(checkin_url(x, screen->code));
    if (!qr.ok()) return x.refuse(x.t("checkin_screen_title"), Status::Internal(qr.status().message()));
    code = {{"digits", grouped(screen->code)},
            {"code", screen->code},
            {"qr_svg", qr_svg(qr.value(), x.t("checkin_qr_label"), "codice-qr")},
            {"seconds_left", screen->expires_at - now}};
  }
  const bool before = now < screen->window.opens;
  x.render("checkin_screen", x.t("checkin_screen_title"),
           {{"event", {{"title", m->event.title}, {"href", admin_href(m->event)}}},
            {"meeting", m->number},
            {"when", meeting_when(x, m->event, m->number)},
            {"code", code},
            {"closed_text", screen->open ? "" : window_text(x, screen->window, before ? "checkin_not_yet" : "checkin_over")},
            {"window_text", window_text(x, screen->window, "checkin_window")},
            {"checked_in", screen->checked_in},
            {"checkin_address", x.site->site().base_url + kCheckinPath},
            {"json_href", roster_href(m->event, m->number) + "/codice.json"},
            {"screen_href", roster_href(m->event, m->number) + "/codice"},
            {"roster_href", roster_href(m->event, m->number)},
            {"asset_version", x.site->theme().asset_version()}});
}

void checkin_code_json(Exchange& x) {
  auto current = screen_now(x, true);
  if (!current) return;
  const CheckinScreen* screen = &current->screen;
  const UnixSeconds now = current->now;
  json qr = nullptr;
  if (screen->open) {
    auto image = qr_image(checkin_url(x, screen->code));
    if (image.ok()) qr = {{"size", image->size}, {"path", image->path}};
  }
  x.json(200, {{"code", screen->open ? json(screen->code) : json(nullptr)},
               {"expires_at", screen->expires_at},
               {"next_in_seconds", screen->expires_at - now},
               {"checked_in", screen->checked_in},
               {"valid_from", format_iso_utc(screen->window.opens)},
               {"valid_until", format_iso_utc(screen->window.closes)},
               {"qr", qr}});
}

namespace {

// The learner's form, with the code typed (or from the QR's ?codice=), an error or a result.
void render_checkin(Exchange& x, int status, const std::string& code, json extra = json::object()) {
  json data = {{"values", {{"codice", code}}}, {"result", false}};
  for (auto& [k, v] : extra.items()) data[k] = v;
  x.render("checkin", x.t("checkin_title"), std::move(data), status);
}

void refuse_code(Exchange& x, int status, const std::string& code, const std::string& key, const std::string& text) {
  render_checkin(x, status, code, x.field_errors({{"codice", key, text}}));
}

}  // namespace

void checkin_form(Exchange& x) {
  // Only six digits are put back in the form: the query string is the visitor's to change.
  auto code = parse_checkin_code(x.query("codice"));
  render_checkin(x, 200, code.value_or(""));
}

void check_in(Exchange& x) {
  const std::string typed = x.form.get("codice");
  auto code = parse_checkin_code(typed);
  const std::string shown = typed.size() <= 32 ? typed : "";
  if (!code) return refuse_code(x, 400, shown, "checkin_code_format", "the code is six digits");
  const UnixSeconds now = now_seconds();
  auto attempt = x.app.checkin_throttle().begin_attempt("checkin:" + std::to_string(x.user()->id), now);
  if (attempt.locked()) {
    const std::int64_t wait = std::max<std::int64_t>(1, attempt.verdict().retry_after_seconds);
    x.res.set_header("Retry-After", std::to_string(wait));
    const std::string minutes = std::to_string((wait + 59) / 60);
    return refuse_code(x, 429, *code, "checkin_throttled",
                       replaced(x.t("checkin_throttled_text"), "{minuti}", minutes));
  }
  auto result = checkin_of(x).check_in(*code, x.user()->id, now);
  if (!result.ok()) {
    attempt.succeeded();  // not a guess: the store failed
    return x.refuse(x.t("checkin_title"), result.status());
  }
  const CheckinResult& r = result.value();
  if (r.outcome == CheckinOutcome::wrong_code)
    return refuse_code(x, 400, *code, "checkin_wrong_code", "wrong or expired code");  // counts as a failure
  attempt.succeeded();
  if (r.outcome == CheckinOutcome::ambiguous)
    return refuse_code(x, 409, *code, "checkin_ambiguous", "the code matches several meetings");
  if (r.outcome == CheckinOutcome::outside_meeting)
    return refuse_code(x, 400, *code, "checkin_outside",
                       r.title + ": " + window_text(x, r.window, "checkin_window"));
  const bool marked = r.outcome == CheckinOutcome::marked;
  auto e = x.app.store().event(r.year, r.slug);
  render_checkin(x, 200, "",
                 {{"result", {{"marked", marked},
                              {"heading", x.t(marked ? "checkin_marked" : "checkin_already")},
                              {"text", x.t(marked ? "checkin_marked_text" : "checkin_already_text")},
                              {"event_title", r.title},
                              {"event_href", "/eventi/" + std::to_string(r.year) + "/" + r.slug},
                              {"meeting", r.meeting},
                              {"when", e ? meeting_when(x, *e, r.meeting) : ""}}}});
}

}  // namespace sentinella
