// Signing in and out, and creating an account with an invitation code.
#include <chrono>
#include <thread>

#include "server/exchange.h"
#include "server/handlers.h"

using nlohmann::json;

namespace sentinella {

namespace {

std::string trimmed_lower(std::string s) {
  size_t a = s.find_first_not_of(" \t"), b = s.find_last_not_of(" \t");
  s = a == std::string::npos ? "" : s.substr(a, b - a + 1);
  for (auto& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

std::string next_path(const std::string& requested) { return is_local_path(requested) ? requested : "/area"; }

void render_login(Exchange& x, int status, const std::string& username, const std::string& next,
                  const std::string& error) {
  json data = {{"next", next}, {"values", {{"username", username}}}};
  if (!error.empty()) data["form_errors"] = json::array({{{"field", "username"}, {"message", error}}});
  x.render("login", x.t("login_title"), std::move(data), status);
}

std::string minutes_text(const Exchange& x, std::int64_t seconds) {
  std::string text = x.t("error_login_throttled");
  const std::string minutes = std::to_string((seconds + 59) / 60);
  if (auto pos = text.find("{minuti}"); pos != std::string::npos) text.replace(pos, 8, minutes);
  return text;
}

// Checks an invitation code under the per-address throttle, so that codes cannot be guessed
// faster than passwords: a code that does not exist counts as a failed attempt. When the address
// is locked, sets Retry-After and returns nullopt (answer 429).
std::optional<Result<Invitation>> check_code_throttled(Exchange& x, const std::string& code, UnixSeconds now) {
  if (code.empty()) return Result<Invitation>(Status::NotFound("no invitation code"));  // not a guess
  auto attempt = x.app.throttle().begin_attempt("ip:" + x.client.address, now);
  if (attempt.locked()) {
    x.res.set_header("Retry-After", std::to_string(attempt.verdict().retry_after_seconds));
    return std::nullopt;
  }
  auto inv = x.app.accounts().check_invitation(code, now);
  if (inv.status().code() != Status::Code::not_found) attempt.succeeded();
  return inv;
}

json invitation_json(const Exchange& x, const Invitation& inv) {
  return {{"group_label", x.group_label(inv.target_group)}, {"organization", inv.organization}};
}

// The message for an invitation code that cannot be used, or "" if it can.
std::string code_problem(const Exchange& x, const Status& st) {
  if (st.ok()) return "";
  if (st.code() == Status::Code::not_found) return x.t("error_code_unknown");
  if (st.message() == "expired") return x.t("error_code_expired");
  if (st.message() == "revoked") return x.t("error_code_revoked");
  return x.t("error_code_used_up");
}

void render_register(Exchange& x, int status, const std::string& code, const std::optional<Invitation>& inv,
                     const std::string& code_error, json values, json errors = json::object()) {
  json data = {{"code", code},
               {"invitation", inv ? invitation_json(x, *inv) : json(false)},
               {"code_error", code_error.empty() ? json(false) : json(code_error)},
               {"values", std::move(values)}};
  for (auto& [k, v] : errors.items()) data[k] = v;
  x.render("register", x.t("register_title"), std::move(data), status);
}

}  // namespace

void login_form(Exchange& x) {
  if (x.session) return x.redirect("/area");
  render_login(x, 200, "", next_path(x.query("dopo")), "");
}

void login(Exchange& x) {
  const std::string username = trimmed_lower(x.form.get("username"));
  const std::string password = x.form.get("password");
  const std::string next = next_path(x.form.get("next"));
  const std::string user_key = "user:" + username, address_key = "ip:" + x.client.address;
  const UnixSeconds now = now_seconds();
  // Admitted before the password is checked, so parallel guesses cannot get past the limit; it
  // counts as a failure unless marked right.
  auto attempt = x.app.throttle().begin_attempt(user_key, address_key, now);
  const auto& verdict = attempt.verdict();
  if (verdict.locked) {
    x.res.set_header("Retry-After", std::to_string(verdict.retry_after_seconds));
    return render_login(x, 429, username, next, minutes_text(x, verdict.retry_after_seconds));
  }
  if (verdict.delay_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(verdict.delay_ms));
  auto user = x.app.accounts().authenticate(username, password, now);
  if (!user) return render_login(x, 400, username, next, x.t("error_login_failed"));
  attempt.succeeded();
  // A new token at every login: a session id planted before login is worth nothing after it.
  if (!x.session_token.empty()) x.app.sessions().end(x.session_token);
  auto started = x.app.sessions().start(user->id, now);
  x.set_session_cookie(started.token);
  x.redirect(next);
}

void logout(Exchange& x) {
  x.app.sessions().end_all(x.session->user.id);
  x.clear_session_cookie();
  x.redirect("/accedi?esito=uscita");
}

void register_form(Exchange& x) {
  if (x.session) return x.redirect("/area");
  const std::string code = x.query("codice");
  if (code.empty()) return render_register(x, 200, "", std::nullopt, "", json::object());
  auto inv = check_code_throttled(x, code.substr(0, 64), now_seconds());
  if (!inv) return render_register(x, 429, "", std::nullopt, x.t("error_code_throttled"), json::object());
  if (!inv->ok())
    return render_register(x, 400, code.substr(0, 64), std::nullopt, code_problem(x, inv->status()), json::object());
  render_register(x, 200, code, inv->value(), "", json::object());
}

void register_account(Exchange& x) {
  if (x.session) return x.redirect("/area");
  const std::string code = x.form.get("code").substr(0, 64);
  NewUser u;
  u.username = trimmed_lower(x.form.get("username"));
  u.display_name = x.form.get("display_name");
  u.email = trimmed_lower(x.form.get("email"));
  u.password = x.form.get("password");
  const json values = {{"username", u.username}, {"display_name", u.display_name}, {"email", u.email}};
  const UnixSeconds now = now_seconds();
  // Posting the form checks the code as asking for it with GET does, under the same throttle.
  auto checked = check_code_throttled(x, code, now);
  if (!checked) return render_register(x, 429, "", std::nullopt, x.t("error_code_throttled"), values);
  auto& inv = *checked;
  if (!inv.ok()) return render_register(x, 400, code, std::nullopt, code_problem(x, inv.status()), values);

  auto errors = Accounts::validate(u, x.group_ids());
  if (u.password != x.form.get("password_confirm"))
    errors.push_back({"password_confirm", "password_mismatch", "the two passwords differ"});
  if (!errors.empty()) return render_register(x, 400, code, inv.value(), "", values, x.field_errors(errors));

  auto user = x.app.accounts().register_with_invitation(code, u, x.group_ids(), now);
  if (!user.ok()) {
    if (user.status().code() == Status::Code::conflict)
      return render_register(x, 400, code, inv.value(), "", values,
                             x.field_errors({{"username", "username_taken", user.status().message()}}));
    return render_register(x, 400, code, std::nullopt, code_problem(x, user.status()), values);
  }
  auto started = x.app.sessions().start(user->id, now);
  x.set_session_cookie(started.token);
  x.redirect("/area?esito=benvenuto");
}

}  // namespace sentinella
