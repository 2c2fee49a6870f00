// A small HTTP client for the integration tests that keeps the session cookie like a browser,
// and finds the CSRF token in pages.
#pragma once

#include <httplib.h>

#include <string>

namespace sentinella::test {

class Browser {
public:
  explicit Browser(int port);

  httplib::Result get(const std::string& path);
  // POSTs a form (application/x-www-form-urlencoded), adding csrf=<token> if the browser has one.
  httplib::Result post(const std::string& path, const std::string& form, bool with_csrf = true);
  // POSTs a multipart/form-data form: `items` (fields and files), then csrf=<token> as above.
  httplib::Result post_multipart(const std::string& path, httplib::MultipartFormDataItems items, bool with_csrf = true);
  // Logs in through the form; true on success (303 and a session cookie).
  bool login(const std::string& username, const std::string& password);

  // The session token from the last Set-Cookie, "" when signed out.
  const std::string& session() const { return session_; }
  void set_session(const std::string& token) { session_ = token; }
  // Reads the CSRF token from the personal area; "" if signed out.
  std::string refresh_csrf();
  const std::string& csrf() const { return csrf_; }
  httplib::Client& client() { return client_; }
  const std::string& last_set_cookie() const { return last_set_cookie_; }

private:
  httplib::Headers headers() const;
  void remember_cookie(const httplib::Result& res);

  httplib::Client client_;
  int port_;
  std::string session_, csrf_, last_set_cookie_;
};

std::string url_encode_form(const std::string& s);

// Sets timeouts on `client` long enough for the slowest machine the tests run on.
void allow_a_busy_machine(httplib::Client& client);

}  // namespace sentinella::test
