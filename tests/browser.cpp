#include "browser.h"

#include <regex>

namespace sentinella::test {

Browser::Browser(int port) : client_("127.0.0.1", port), port_(port) { allow_a_busy_machine(client_); }

void allow_a_busy_machine(httplib::Client& client) {
  // httplib gives up after 5 s without an answer; on a loaded machine (CI, the sanitizer build) a
  // login's argon2id alone can take that long, and a test would then read an empty result.
  client.set_connection_timeout(60);
  client.set_read_timeout(120);
  client.set_write_timeout(60);
}

httplib::Headers Browser::headers() const {
  httplib::Headers h = {{"Origin", "http://127.0.0.1:" + std::to_string(port_)}};
  if (!session_.empty()) h.emplace("Cookie", "sentinella_session=" + session_);
  return h;
}

void Browser::remember_cookie(const httplib::Result& res) {
  last_set_cookie_.clear();
  if (!res || !res->has_header("Set-Cookie")) return;
  last_set_cookie_ = res->get_header_value("Set-Cookie");
  std::smatch m;
  if (std::regex_search(last_set_cookie_, m, std::regex("sentinella_session=([0-9a-f]*)"))) session_ = m[1];
}

httplib::Result Browser::get(const std::string& path) {
  auto res = client_.Get(path.c_str(), headers());
  remember_cookie(res);
  return res;
}

httplib::Result Browser::post(const std::string& path, const std::string& form, bool with_csrf) {
  std::string body = form;
  if (with_csrf && !csrf_.empty()) body += (body.empty() ? "" : "&") + std::string("csrf=") + csrf_;
  auto res = client_.Post(path.c_str(), headers(), body, "application/x-www-form-urlencoded");
  remember_cookie(res);
  return res;
}

httplib::Result Browser::post_multipart(const std::string& path, httplib::MultipartFormDataItems items,
                                        bool with_csrf) {
  if (with_csrf && !csrf_.empty()) items.push_back({"csrf", csrf_, "", ""});
  auto res = client_.Post(path.c_str(), headers(), items);
  remember_cookie(res);
  return res;
}

bool Browser::login(const std::string& username, const std::string& password) {
  csrf_.clear();
  auto res = post("/accedi", "username=" + url_encode_form(username) + "&password=" + url_encode_form(password) +
                                 "&next=%2Farea", false);
  if (!res || res->status != 303 || session_.empty()) return false;
  refresh_csrf();
  return true;
}

std::string Browser::refresh_csrf() {
  csrf_.clear();
  auto res = get("/area");
  std::smatch m;
  if (res && std::regex_search(res->body, m, std::regex("name=\"csrf\" value=\"([0-9a-f]{64})\""))) csrf_ = m[1];
  return csrf_;
}

std::string url_encode_form(const std::string& s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.') out += static_cast<char>(c);
    else if (c == ' ') out += '+';
    else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

}  // namespace sentinella::test
