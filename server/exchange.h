// One request and its response, with what every handler needs: the app, the public site, the
// person signed in (if any), the parsed form, and helpers to answer.
// Errors: helpers that read the store or render may throw (see core/store.h, site/public_site.h);
// http_server turns any exception into a logged 500.
#pragma once

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "core/accounts.h"
#include "core/local_time.h"
#include "core/sessions.h"
#include "server/app.h"
#include "server/client_address.h"
#include "server/form_data.h"
#include "server/personal_slots.h"

namespace sentinella {

constexpr const char* kSessionCookie = "sentinella_session";

struct Exchange {
  const httplib::Request& req;
  httplib::Response& res;
  App& app;
  std::shared_ptr<SiteSnapshot> snapshot; // never null inside a handler: the site version it sees
  PublicSite* site;                       // &snapshot->site
  std::optional<ActiveSession> session;   // the person signed in
  std::string session_token;              // from the cookie, when a session was found
  FormData form;                          // the POST body, parsed and checked
  ClientOrigin client;                    // who sent it (see request_client)
  std::vector<UploadedFile> files;        // the files of a multipart/form-data POST, in order

  const User* user() const { return session ? &session->user : nullptr; }
  std::string query(const std::string& name) const;
  // Today's date in the site's time zone.
  LocalDateTime today() const;
  // "25/11/2026 18:05": `instant` in the site's time zone, for administration pages and CSV files.
  std::string day_time(UnixSeconds instant) const;
  std::string t(const std::string& key) const { return site->theme().text(key); }
  std::vector<std::string> group_ids() const;
  bool has_group(const std::string& id) const;
  std::string group_label(const std::string& id) const;
  // The labels of `roles` in the interface's language, e.g. ["Formatore"].
  nlohmann::json role_labels(RoleSet roles) const;

  // A page of the signed-in area or a form: never cached, by the server or the browser.
  void render(const std::string& template_name, const std::string& title, nlohmann::json data,
              int status = 200);
  // A page that only says something (403, 404, 429, form expired...).
  void message(int status, const std::string& title, const std::string& text);
  // A refused or failed operation as a page: NotFound 404, Invalid and Conflict 400 with the
  // Status's message; anything else (a database or internal error) is logged to stderr and answered
  // 500 with a general message, never the error itself.
  void refuse(const std::string& title, const Status& status);
  // 303 See Other to a local path.
  void redirect(const std::string& location);
  void json(int status, const nlohmann::json& body);

  // Form problems for templates: {"form_errors": [{field, message}], "errors": {field: message}},
  // each message from the theme's strings ("error_<key>"), or the English one if there is none.
  nlohmann::json field_errors(const std::vector<FieldError>& errors) const;
  // The success notice named by ?esito=..., from a fixed list; "" if none.
  std::string notice() const;

  // The data templates get about the person signed in, or false.
  nlohmann::json account() const;
  // Sets or clears the session cookie (Secure when the site's base URL is https, or a trusted
  // proxy says the request came over https).
  void set_session_cookie(const std::string& token);
  void clear_session_cookie();

private:
  void set_cookie(const std::string& value, const std::string& extra);
};

// The data templates get about the person of `session` (see Exchange::account).
nlohmann::json account_data(const ActiveSession& session);

// The client of `req`: its peer, or the client a trusted proxy names (see client_origin).
ClientOrigin request_client(const httplib::Request& req, const TrustedProxies& proxies);

// True if the request's If-None-Match names `etag` (or is "*").
bool not_modified(const httplib::Request& req, const std::string& etag);

// Answers with the page for `key` from the snapshot's page cache, rendering it with `render(*x.site)` on a
// miss. A nullopt from `render` (no such page) is not cached and answers 404, for the error handler
// to fill. Anonymous visitors (no valid session) get the cached body as it is: ETag,
// Cache-Control: no-cache, 304 when If-None-Match names the ETag. A person signed in gets the cached
// segments joined around the page's slots rendered for them (see server/personal_slots.h), with
// `context()` (called once, only then) giving the page's subject: no ETag, Cache-Control: no-store,
// Vary: Cookie, so that no cache ever gives one person's page to someone else.
void serve_cached(Exchange& x, const std::string& key,
                  const std::function<std::optional<CachedPage>(PublicSite&)>& render,
                  const std::function<SlotContext()>& context = {});

// Answers with the bytes of `file` (a theme or media file; the caller has set its caching headers):
// the whole file with 200, or the single range a Range header asks for with 206 and Content-Range,
// or 416 for a range past the end (see choose_byte_range). An If-Range that does not name
// `file.etag` gets the whole file. Never throws but for std::bad_alloc.
void send_file(Exchange& x, const StaticFile& file);

// The cookie's value for `name` in a Cookie header, or "".
std::string cookie_value(const std::string& header, const std::string& name);
// True if `target` is a path on this site that is safe to redirect to after login: it starts with
// one "/", and has no backslash and no control character (nothing that could end a header).
bool is_local_path(const std::string& target);

}  // namespace sentinella
