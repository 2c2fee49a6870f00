#include "server/exchange.h"

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <map>

#include "server/byte_range.h"

namespace sentinella {

std::string Exchange::query(const std::string& name) const {
  return req.has_param(name.c_str()) ? req.get_param_value(name.c_str()) : std::string();
}

LocalDateTime Exchange::today() const { return date_at(now_seconds(), site->site().time_zone); }

std::string Exchange::day_time(UnixSeconds instant) const {
  LocalDateTime t = from_utc(instant, site->site().time_zone);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%02d/%02d/%04d %02d:%02d", t.day, t.month, t.year, t.hour, t.minute);
  return buf;
}

std::vector<std::string> Exchange::group_ids() const {
  std::vector<std::string> ids;
  for (const auto& g : site->site().target_groups) ids.push_back(g.id);
  return ids;
}

bool Exchange::has_group(const std::string& id) const {
  auto ids = group_ids();
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

std::string Exchange::group_label(const std::string& id) const {
  if (const auto* g = site->site().find_group(id)) return g->label;
  return id;
}

nlohmann::json Exchange::role_labels(RoleSet roles) const {
  nlohmann::json out = nlohmann::json::array();
  for (Role r : all_roles())
    if (roles.has(r)) out.push_back(t("role_" + std::string(role_name(r))));
  return out;
}

nlohmann::json Exchange::account() const { return session ? account_data(*session) : nlohmann::json(false); }

nlohmann::json account_data(const ActiveSession& session) {
  const User& u = session.user;
  return {{"display_name", u.display_name},
          {"username", u.username},
          {"csrf", session.csrf_token},
          {"is_admin", u.roles.has(Role::admin)},
          {"is_staff", u.roles.allows(Role::admin | Role::trainer)}};
}

nlohmann::json Exchange::field_errors(const std::vector<FieldError>& errors) const {
  nlohmann::json list = nlohmann::json::array(), by_field = nlohmann::json::object();
  for (const auto& e : errors) {
    std::string text = t("error_" + e.key);
    if (text == "error_" + e.key) text = e.message;
    list.push_back({{"field", e.field}, {"message", text}});
    if (!by_field.contains(e.field)) by_field[e.field] = text;
  }
  return {{"form_errors", list}, {"errors", by_field}};
}

std::string Exchange::notice() const {
  static const std::map<std::string, std::string> notices = {
      {"uscita", "notice_logged_out"},      {"benvenuto", "notice_welcome"},
      {"profilo", "notice_profile_saved"},  {"password", "notice_password_changed"},
      {"ruoli", "notice_roles_saved"},      {"disattivato", "notice_disabled"},
      {"riattivato", "notice_enabled"},     {"cancellato", "notice_erased"},
      {"revocato", "notice_invitation_revoked"},
      {"iscritto", "notice_rsvp_confirmed"},  {"in-attesa", "notice_rsvp_waiting"},
      {"annullata", "notice_rsvp_cancelled"},
      {"gruppi", "notice_groups_saved"},    {"pubblico", "notice_audience_saved"},
      {"assegnato", "notice_assignment_created"}, {"assegnazione-revocata", "notice_assignment_revoked"},
      {"presenza-salvata", "notice_mark_saved"}, {"tutti-presenti", "notice_all_present"},
      {"ospite-aggiunto", "notice_walk_in_added"}, {"ospite-unito", "notice_walk_in_merged"}};
  auto it = notices.find(query("esito"));
  return it == notices.end() ? std::string() : t(it->second);
}

void Exchange::render(const std::string& template_name, const std::string& title, nlohmann::json data,
                      int status) {
  data["account"] = account();
  for (const char* key : {"form_errors", "errors", "values"})
    if (!data.contains(key)) data[key] = std::string(key) == "form_errors" ? nlohmann::json::array() : nlohmann::json::object();
  if (!data.contains("notice")) data["notice"] = notice();
  data["has_form_errors"] = !data["form_errors"].empty();
  res.status = status;
  res.set_header("Cache-Control", "no-store");
  res.set_content(site->render_page(template_name, title, std::move(data)), "text/html; charset=utf-8");
}

void Exchange::message(int status, const std::string& title, const std::string& text) {
  render("message", title, {{"message_title", title}, {"message_text", text}}, status);
}

void Exchange::refuse(const std::string& title, const Status& status) {
  switch (status.code()) {
    case Status::Code::not_found: return message(404, title, status.message());
    case Status::Code::invalid:
    case Status::Code::conflict: return message(400, title, status.message());
    default:
      std::cerr << "error: " << req.method << " " << req.path << ": " << status.message() << std::endl;
      return message(500, title, t("error_internal"));
  }
}

void Exchange::redirect(const std::string& location) {
  res.status = 303;
  res.set_header("Location", location);
  res.set_header("Cache-Control", "no-store");
}

void Exchange::json(int status, const nlohmann::json& body) {
  res.status = status;
  res.set_header("Cache-Control", "no-store");
  res.set_content(body.dump(2) + "\n", "application/json; charset=utf-8");
}

// The session cookie with `value` and `extra` attributes; Secure when the site or the trusted proxy
// in front of it says the request came over https.
void Exchange::set_cookie(const std::string& value, const std::string& extra) {
  std::string cookie = std::string(kSessionCookie) + "=" + value + "; Path=/; HttpOnly; SameSite=Lax" + extra;
  if (app.secure_cookies() || client.https) cookie += "; Secure";
  res.set_header("Set-Cookie", cookie);
}

void Exchange::set_session_cookie(const std::string& token) { set_cookie(token, ""); }

void Exchange::clear_session_cookie() { set_cookie("", "; Max-Age=0"); }

namespace {

// Every line of header `name`, joined with ", " as a list header's lines may be.
std::string all_values(const httplib::Request& req, const char* name) {
  std::string out;
  const size_t n = req.get_header_value_count(name);
  for (size_t i = 0; i < n; ++i) out += (i ? ", " : "") + req.get_header_value(name, i);
  return out;
}

}  // namespace

ClientOrigin request_client(const httplib::Request& req, const TrustedProxies& proxies) {
  if (proxies.empty()) return {req.remote_addr, false};
  return client_origin(req.remote_addr, proxies,
                       {all_values(req, "Forwarded"), all_values(req, "X-Forwarded-For"),
                        all_values(req, "X-Forwarded-Proto")});
}

bool not_modified(const httplib::Request& req, const std::string& etag) {
  const std::string inm = req.get_header_value("If-None-Match");
  if (inm.empty()) return false;
  if (inm == "*") return true;
  size_t pos = 0;
  while ((pos = inm.find(etag, pos)) != std::string::npos) {
    bool start_ok = pos == 0 || inm[pos - 1] == ' ' || inm[pos - 1] == ',' || inm[pos - 1] == '/';
    size_t end = pos + etag.size();
    bool end_ok = end == inm.size() || inm[end] == ',' || inm[end] == ' ';
    if (start_ok && end_ok) return true;
    pos = end;
  }
  return false;
}

void serve_cached(Exchange& x, const std::string& key,
                  const std::function<std::optional<CachedPage>(PublicSite&)>& render,
                  const std::function<SlotContext()>& context) {
  auto page = x.snapshot->cache.get(key, [&]() -> std::optional<CachedPage> { return render(*x.site); });
  if (!page) {
    x.res.status = 404;  // the error handler renders the not-found page
    return;
  }
  if (x.session && !page->slots.empty()) {
    std::optional<SlotContext> subject;
    std::string body = compose_slots(page->body, page->slots, [&](const PageSlot& slot) {
      if (!subject) subject = context ? context() : SlotContext{};
      return render_personal_slot(x, slot.name, *subject);
    });
    x.res.status = page->status;
    x.res.set_header("Cache-Control", "no-store");
    x.res.set_header("Vary", "Cookie");
    x.res.set_content(std::move(body), page->content_type.c_str());
    return;
  }
  x.res.set_header("ETag", page->etag);
  x.res.set_header("Cache-Control", "no-cache");
  if (not_modified(x.req, page->etag)) {
    x.res.status = 304;
    return;
  }
  x.res.status = page->status;
  x.res.set_content(page->body, page->content_type.c_str());
}

void send_file(Exchange& x, const StaticFile& file) {
  const size_t size = file.content.size();
  // Requests for generated pages get "Accept-Ranges: none" (see http_server.cpp); files take one.
  x.res.headers.erase("Accept-Ranges");
  x.res.set_header("Accept-Ranges", "bytes");
  const std::string if_range = x.req.get_header_value("If-Range");
  const ByteRangeChoice choice = if_range.empty() || if_range == file.etag
                                     ? choose_byte_range(x.req.get_header_value("Range"), size)
                                     : ByteRangeChoice{};
  switch (choice.kind) {
    case ByteRangeChoice::Kind::whole:
      x.res.set_content(file.content, file.content_type.c_str());
      return;
    case ByteRangeChoice::Kind::unsatisfiable:
      x.res.status = 416;  // the error handler writes the body
      x.res.set_header("Content-Range", "bytes */" + std::to_string(size));
      return;
    case ByteRangeChoice::Kind::part: {
      x.res.status = 206;
      x.res.set_header("Content-Range", "bytes " + std::to_string(choice.offset) + "-" +
                                            std::to_string(choice.offset + choice.length - 1) + "/" +
                                            std::to_string(size));
      // Through a content provider, not set_content: httplib gzips a body set with set_content for
      // a client that accepts it, and then the bytes sent would not be the range Content-Range names.
      auto part = std::make_shared<const std::string>(file.content.substr(choice.offset, choice.length));
      x.res.set_content_provider(part->size(), file.content_type.c_str(),
                                 [part](size_t offset, size_t length, httplib::DataSink& sink) {
                                   return sink.write(part->data() + offset, length);
                                 });
      return;
    }
  }
}

std::string cookie_value(const std::string& header, const std::string& name) {
  size_t pos = 0;
  while (pos < header.size()) {
    size_t end = header.find(';', pos);
    if (end == std::string::npos) end = header.size();
    std::string part = header.substr(pos, end - pos);
    size_t start = part.find_first_not_of(' ');
    if (start != std::string::npos) {
      part = part.substr(start);
      if (part.size() > name.size() && part.compare(0, name.size(), name) == 0 && part[name.size()] == '=')
        return part.substr(name.size() + 1);
    }
    pos = end + 1;
  }
  return "";
}

bool is_local_path(const std::string& target) {
  const auto is_control = [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; };
  return target.size() < 512 && target.starts_with("/") && !target.starts_with("//") &&
         target.find('\\') == std::string::npos && std::none_of(target.begin(), target.end(), is_control);
}

}  // namespace sentinella
