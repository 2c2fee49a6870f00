// The programme's report: for staff the page with filters (/admin/report), its printable relazione
// for the funder, the .xlsx workbook and the CSV of the main table; for the public the results page
// (/risultati) with small counts hidden (core/small_counts.h), and its open data as CSV and JSON.
// Numbers: core/attendance_report.h (people, person-hours, meetings) and core/report_extras.h
// (online modules, audiences of events); definitions in docs/attendance.md.
#include <algorithm>
#include <cstdio>
#include <map>

#include "core/attendance_report.h"
#include "core/report_extras.h"
#include "core/small_counts.h"
#include "core/text.h"
#include "server/csv.h"
#include "server/exchange.h"
#include "server/handlers.h"
#include "server/report_files.h"
#include "site/format.h"
#include "site/svg_chart.h"

using nlohmann::json;

namespace sentinella {

namespace {

constexpr size_t kMaxOrganization = 200;  // characters of the organization filter
constexpr size_t kChartRows = 20;         // bars of a chart at most: the table beside it has every row
constexpr int kFirstYear = 2000;          // the first year /risultati offers

// --- Periods -----------------------------------------------------------------------------------

std::string two(int n) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d", n);
  return buf;
}

// The first and last day of "2026" (a year), "2026-Q4" (a quarter) or "2026-11" (a month); nullopt
// for anything else.
std::optional<std::pair<std::string, std::string>> period_bounds(const std::string& p) {
  const auto digits = [&](size_t from, size_t n) {
    return p.size() >= from + n && std::all_of(p.begin() + from, p.begin() + from + n, [](char c) { return c >= '0' && c <= '9'; });
  };
  if (!digits(0, 4)) return std::nullopt;
  const int year = std::stoi(p.substr(0, 4));
  int first = 0, last = 0;
  if (p.size() == 4) {
    first = 1;
    last = 12;
  } else if (p.size() == 7 && p[4] == '-' && p[5] == 'Q' && p[6] >= '1' && p[6] <= '4') {
    last = (p[6] - '0') * 3;
    first = last - 2;
  } else if (p.size() == 7 && p[4] == '-' && digits(5, 2)) {
    first = last = std::stoi(p.substr(5, 2));
    if (first < 1 || first > 12) return std::nullopt;
  } else {
    return std::nullopt;
  }
  const std::string y = std::to_string(year);
  return std::pair{y + "-" + two(first) + "-01", y + "-" + two(last) + "-" + two(days_in_month(year, last))};
}

// --- What the request asks for -----------------------------------------------------------------

struct ReportFilters {
  std::string period;  // "2026", "2026-Q4", "2026-11", or "" when dal/al give the period
  std::string from, to;
  std::string group, module, organization;  // "" = every one
  std::string grouping = "mese";            // of the table by period: mese, trimestre, anno
  ReportDimension period_dimension = ReportDimension::month;
};

// The filters of the query string, or nullopt after answering 400 with what is wrong. No period at
// all is the current year.
std::optional<ReportFilters> filters_or_400(Exchange& x) {
  ReportFilters f;
  f.period = x.query("periodo");
  f.from = x.query("dal");
  f.to = x.query("al");
  f.group = x.query("gruppo");
  f.module = x.query("modulo");
  f.organization = std::string(trim_spaces(x.query("ente")));
  const std::string grouping = x.query("raggruppa");
  const auto bad = [&](const char* key) {
    x.message(400, x.t("report_bad_filter_title"), x.t(key));
    return std::nullopt;
  };
  if (f.period.empty() && f.from.empty() && f.to.empty()) f.period = std::to_string(x.today().year);
  if (!f.period.empty()) {
    auto bounds = period_bounds(f.period);
    if (!bounds) return bad("report_bad_period");
    std::tie(f.from, f.to) = *bounds;
  }
  ReportQuery probe{f.from, f.to, {}, {}, {}, {}};
  if (!validate_report_query(probe).ok()) return bad("report_bad_dates");
  if (!f.group.empty() && !x.has_group(f.group)) return bad("report_bad_group");
  if (!f.module.empty() && !x.app.store().module(f.module, true)) return bad("report_bad_module");
  if (f.organization.size() > kMaxOrganization || find_invalid_utf8(f.organization) != std::string::npos) return bad("report_bad_organization");
  if (grouping == "trimestre") f.period_dimension = ReportDimension::quarter;
  else if (grouping == "anno") f.period_dimension = ReportDimension::year;
  else if (!grouping.empty() && grouping != "mese") return bad("report_bad_grouping");
  if (!grouping.empty()) f.grouping = grouping;
  return f;
}

// "periodo=...&dal=...": the filters again, for links that keep them.
std::string filters_query(const ReportFilters& f) {
  std::string q;
  const auto add = [&](const char* name, const std::string& value) {
    if (value.empty()) return;
    q += (q.empty() ? "?" : "&") + std::string(name) + "=" + url_encode(value);
  };
  add("periodo", f.period);
  if (f.period.empty()) {
    add("dal", f.from);
    add("al", f.to);
  }
  add("gruppo", f.group);
  add("modulo", f.module);
  add("ente", f.organization);
  if (f.grouping != "mese") add("raggruppa", f.grouping);
  return q;
}

ReportQuery attendance_query(const ReportFilters& f, std::vector<ReportDimension> by) {
  ReportQuery q{f.from, f.to, std::move(by), {}, {}, {}};
  if (!f.group.empty()) q.target_group = f.group;
  if (!f.module.empty()) q.module = f.module;
  if (!f.organization.empty()) q.organization = f.organization;
  return q;
}

ReportExtrasFilter extras_filter(Exchange& x, const ReportFilters& f) {
  ReportExtrasFilter e;
  // The dates passed validate_report_query: they parse.
  e.period = parse_stats_period(f.from, f.to, x.site->site().time_zone).value();
  e.target_group = f.group;
  e.module = f.module;
  e.organization = f.organization;
  return e;
}

// Throws std::runtime_error for an invalid query: the filters were validated before.
AttendanceReport attendance(Exchange& x, const ReportQuery& q) {
  auto r = attendance_report(x.app.attendance_reports(), q);
  if (!r.ok()) throw std::runtime_error(r.status().message());
  return std::move(r.value());
}

// --- Names and numbers as people read them -----------------------------------------------------

// Everything a report names: groups, modules, organizations, periods; in the site's language.
struct Namer {
  Exchange& x;
  std::map<std::string, std::string> module_titles;

  explicit Namer(Exchange& ex) : x(ex) {
    for (const auto& m : x.app.store().modules(true)) module_titles[m.slug] = m.title;
  }
  std::string group(const std::string& id) const { return id.empty() ? x.t("report_no_group") : x.group_label(id); }
  std::string module(const std::string& slug) const {
    if (slug.empty()) return x.t("report_no_module");
    auto it = module_titles.find(slug);
    return it == module_titles.end() ? slug : it->second;
  }
  std::string event_type(const std::string& id) const {
    const auto* t = x.site->site().find_event_type(id);
    return t ? t->label : id;
  }
  std::string key(ReportDimension d, const std::string& value) const {
    switch (d) {
      case ReportDimension::target_group: return group(value);
      case ReportDimension::module: return module(value);
      case ReportDimension::organization: return value.empty() ? x.t("report_no_organization") : value;
      case ReportDimension::month:
        return value.size() == 7 ? format_month(std::stoi(value.substr(0, 4)), std::stoi(value.substr(5, 2)),
                                                x.site->site().language)
                                 : value;
      case ReportDimension::quarter: {
        std::string text = x.t("report_quarter_format");  // "{n}° trimestre {anno}"
        if (value.size() != 7) return value;
        for (auto [placeholder, part] : {std::pair{"{n}", value.substr(6, 1)}, std::pair{"{anno}", value.substr(0, 4)}})
          if (auto at = text.find(placeholder); at != std::string::npos) text.replace(at, std::string(placeholder).size(), part);
        return text;
      }
      case ReportDimension::year: return value;
    }
    return value;
  }
  ReportLabels labels() const {
    return {[this](std::string_view k) { return x.t("report_col_" + std::string(k)); },
            [this](ReportDimension d, const std::string& v) { return key(d, v); }};
  }
  std::string number(double v) const { return format_hours(v, x.site->site().language); }
  // "01/03/2026 - 31/03/2026"
  std::string period(const std::string& from, const std::string& to) const { return day(from) + " – " + day(to); }
  static std::string day(const std::string& iso) {
    return iso.size() == 10 ? iso.substr(8, 2) + "/" + iso.substr(5, 2) + "/" + iso.substr(0, 4) : iso;
  }
};

// --- Tables and charts for the pages -----------------------------------------------------------

// A table as the templates show it: key cells are row headers, numbers as people read them.
json table_view(const Namer& n, const ReportTable& t, const std::string& id, size_t key_columns) {
  json rows = json::array();
  for (size_t r = 0; r < t.rows.size(); ++r) {
    json cells = json::array();
    for (size_t c = 0; c < t.rows[r].size(); ++c) {
      const ReportCell& cell = t.rows[r][c];
      std::string text = cell.kind == ReportCell::Kind::number ? n.number(cell.number)
                         : cell.kind == ReportCell::Kind::date ? Namer::day(cell.text)
                                                               : cell.text;
      cells.push_back({{"text", text}, {"header", c < std::max<size_t>(key_columns, 1)},
                       {"number", cell.kind == ReportCell::Kind::number}});
    }
    rows.push_back({{"cells", cells}});
  }
  json columns = json::array();
  for (size_t c = 0; c < t.columns.size(); ++c)
    columns.push_back({{"text", t.columns[c]}, {"number", c >= key_columns}});
  return {{"id", id}, {"caption", t.title}, {"columns", columns}, {"rows", rows}, {"empty", t.rows.empty()}};
}

// A chart of one value per row (or several series), at most kChartRows rows, the largest first
// when there are more.
struct ChartInput {
  std::string label;
  std::vector<std::optional<double>> values;
  std::vector<std::string> texts;
};

std::string chart(Exchange& x, const std::string& id, const std::string& title, std::vector<std::string> series,
                  std::vector<ChartInput> rows) {
  BarChart c;
  c.id = id;
  c.title = title;
  c.series = std::move(series);
  c.empty_text = x.t("report_no_data");
  if (rows.size() > kChartRows) {
    std::stable_sort(rows.begin(), rows.end(), [](const ChartInput& a, const ChartInput& b) {
      return a.values[0].value_or(0) > b.values[0].value_or(0);
    });
    rows.resize(kChartRows);
    c.description = x.t("report_chart_desc_top");
  } else {
    c.description = x.t("report_chart_desc");
  }
  for (auto& r : rows) c.rows.push_back({std::move(r.label), std::move(r.values), std::move(r.texts)});
  return render_bar_chart(c);
}

// People of each row of a one-dimension attendance report.
std::string people_chart(Exchange& x, const Namer& n, const std::string& id, const std::string& title,
                         const AttendanceReport& r) {
  std::vector<ChartInput> rows;
  for (const auto& row : r.rows)
    rows.push_back({n.key(r.query.by[0], row.keys[0]), {double(row.numbers.people)}, {n.number(row.numbers.people)}});
  return chart(x, id, title, {}, std::move(rows));
}

// An empty table with its title, the period as facts (as attendance_table has them) and its
// columns, each named by its string's key.
ReportTable titled_table(const Exchange& x, const std::string& title_key, const ReportFilters& f,
                         const std::vector<std::string>& column_keys) {
  ReportTable t;
  t.title = x.t(title_key);
  t.facts = {{x.t("report_col_from"), ReportCell::of_date(f.from)}, {x.t("report_col_to"), ReportCell::of_date(f.to)}};
  for (const auto& key : column_keys) t.columns.push_back(x.t(key));
  return t;
}

ReportTable completion_table(const Namer& n, const ModuleCompletionReport& r, const ReportFilters& f) {
  const auto& x = n.x;
  ReportTable t = titled_table(x, "report_completion_title", f,
                               {"report_col_target_group", "report_col_module", "report_col_enrolled", "report_col_completed"});
  for (const auto& c : r.rows)
    t.rows.push_back({ReportCell::of_text(n.group(c.target_group)), ReportCell::of_text(n.module(c.module)),
                      ReportCell::of_number(c.enrolled), ReportCell::of_number(c.completed)});
  t.rows.push_back({ReportCell::of_text(x.t("report_col_total")), ReportCell::of_text(""),
                    ReportCell::of_number(r.totals.enrolled), ReportCell::of_number(r.totals.completed)});
  return t;
}

ReportTable audience_table(const Namer& n, const AudienceReport& r, const ReportFilters& f) {
  const auto& x = n.x;
  ReportTable t = titled_table(x, "report_audience_title", f,
                               {"report_col_event_type", "report_col_target_group", "report_col_audience", "report_col_events"});
  for (const auto& a : r.rows)
    t.rows.push_back({ReportCell::of_text(n.event_type(a.event_type)),
                      ReportCell::of_text(a.target_group.empty() ? x.t("report_unsplit_group") : n.group(a.target_group)),
                      ReportCell::of_number(a.people), ReportCell::of_number(a.events)});
  t.rows.push_back({ReportCell::of_text(x.t("report_col_total")), ReportCell::of_text(""), ReportCell::of_number(r.people),
                    ReportCell::of_number(r.events)});
  return t;
}

// Everything the staff's report shows, computed once per request.
struct StaffReport {
  ReportFilters filters;
  AttendanceReport by_group_module, by_group, by_organization, by_period;
  ModuleCompletionReport completion;
  AudienceReport audience;
  std::vector<ReportTable> tables;  // the workbook's sheets, in the page's order
};

std::optional<StaffReport> staff_report(Exchange& x, const Namer& n) {
  auto f = filters_or_400(x);
  if (!f) return std::nullopt;
  StaffReport r;
  r.filters = *f;
  r.by_group_module = attendance(x, attendance_query(*f, {ReportDimension::target_group, ReportDimension::module}));
  r.by_group = attendance(x, attendance_query(*f, {ReportDimension::target_group}));
  r.by_organization = attendance(x, attendance_query(*f, {ReportDimension::organization}));
  r.by_period = attendance(x, attendance_query(*f, {f->period_dimension}));
  const ReportExtrasFilter extras = extras_filter(x, *f);
  r.completion = module_completion_report(x.app.store(), extras);
  r.audience = audience_report(x.app.store(), extras);
  const ReportLabels labels = n.labels();
  r.tables = {attendance_table(r.by_group_module, x.t("report_group_module_title"), labels),
              attendance_table(r.by_organization, x.t("report_organization_title"), labels),
              attendance_table(r.by_period, x.t("report_period_title"), labels),
              completion_table(n, r.completion, *f), audience_table(n, r.audience, *f)};
  return r;
}

json headline(const Namer& n, const StaffReport& r) {
  const auto& x = n.x;
  const ReportNumbers& t = r.by_group_module.totals;
  return json::array({{{"label", x.t("report_people")}, {"value", n.number(t.people)}},
                      {{"label", x.t("report_person_hours")}, {"value", n.number(t.person_hours)}},
                      {{"label", x.t("report_meetings")}, {"value", n.number(t.meetings)}},
                      {{"label", x.t("report_modules_completed")}, {"value", n.number(r.completion.totals.completed)}},
                      {{"label", x.t("report_audiences")}, {"value", n.number(r.audience.people)}}});
}

// The sections of the page and of the relazione: a heading, a chart, its table.
json sections(Exchange& x, const Namer& n, const StaffReport& r) {
  std::vector<ChartInput> modules;
  {
    std::map<std::string, std::pair<int, int>> by_module;  // enrolments are per person and module: they add up
    for (const auto& c : r.completion.rows) {
      by_module[c.module].first += c.enrolled;
      by_module[c.module].second += c.completed;
    }
    for (const auto& [slug, counts] : by_module)
      modules.push_back({n.module(slug), {double(counts.first), double(counts.second)},
                         {n.number(counts.first), n.number(counts.second)}});
  }
  std::vector<ChartInput> audiences;
  {
    std::map<std::string, int> by_type;
    for (const auto& a : r.audience.rows) by_type[a.event_type] += a.people;
    for (const auto& [type, people] : by_type) audiences.push_back({n.event_type(type), {double(people)}, {n.number(people)}});
  }
  const std::string title_group = x.t("report_chart_people_by_group"), title_org = x.t("report_chart_people_by_organization"),
                    title_period = x.t("report_chart_people_by_period"), title_modules = x.t("report_chart_completion"),
                    title_audience = x.t("report_chart_audience");
  const size_t period_keys = 1;
  return json::array(
      {{{"id", "gruppi"}, {"title", x.t("report_group_module_title")}, {"intro", x.t("report_group_module_intro")},
        {"chart", people_chart(x, n, "grafico-gruppi", title_group, r.by_group)},
        {"table", table_view(n, r.tables[0], "tabella-gruppi", 2)}},
       {{"id", "enti"}, {"title", x.t("report_organization_title")}, {"intro", x.t("report_organization_intro")},
        {"chart", people_chart(x, n, "grafico-enti", title_org, r.by_organization)},
        {"table", table_view(n, r.tables[1], "tabella-enti", 1)}},
       {{"id", "periodi"}, {"title", x.t("report_period_title")}, {"intro", x.t("report_period_intro")},
        {"chart", people_chart(x, n, "grafico-periodi", title_period, r.by_period)},
        {"table", table_view(n, r.tables[2], "tabella-periodi", period_keys)}},
       {{"id", "moduli-online"}, {"title", x.t("report_completion_title")}, {"intro", x.t("report_completion_intro")},
        {"chart", chart(x, "grafico-moduli-online", title_modules,
                        {x.t("report_col_enrolled"), x.t("report_col_completed")}, std::move(modules))},
        {"table", table_view(n, r.tables[3], "tabella-moduli-online", 2)}},
       {{"id", "pubblico"}, {"title", x.t("report_audience_title")}, {"intro", x.t("report_audience_intro")},
        {"chart", chart(x, "grafico-pubblico", title_audience, {}, std::move(audiences))},
        {"table", table_view(n, r.tables[4], "tabella-pubblico", 2)}}});
}

// The choices of the filter form.
json filter_form(Exchange& x, const Namer& n, const ReportFilters& f) {
  const LocalDateTime today = x.today();
  json periods = json::array({{{"value", ""}, {"label", x.t("report_period_custom")}, {"selected", f.period.empty()}}});
  const auto add = [&](const std::string& value, const std::string& label) {
    periods.push_back({{"value", value}, {"label", label}, {"selected", value == f.period}});
  };
  for (int y = today.year; y > today.year - 3; --y) add(std::to_string(y), std::to_string(y));
  for (int y = today.year; y > today.year - 2; --y)
    for (int q = (y == today.year ? (today.month + 2) / 3 : 4); q >= 1; --q) {
      const std::string value = std::to_string(y) + "-Q" + std::to_string(q);
      add(value, n.key(ReportDimension::quarter, value));
    }
  for (int i = 0, y = today.year, m = today.month; i < 12; ++i) {
    const std::string value = std::to_string(y) + "-" + two(m);
    add(value, n.key(ReportDimension::month, value));
    if (--m == 0) {
      m = 12;
      --y;
    }
  }
  json groups = json::array({{{"value", ""}, {"label", x.t("report_all_groups")}, {"selected", f.group.empty()}}});
  for (const auto& g : x.site->site().target_groups)
    groups.push_back({{"value", g.id}, {"label", g.label}, {"selected", g.id == f.group}});
  json modules = json::array({{{"value", ""}, {"label", x.t("report_all_modules")}, {"selected", f.module.empty()}}});
  for (const auto& [slug, title] : n.module_titles)
    modules.push_back({{"value", slug}, {"label", title}, {"selected", slug == f.module}});
  json groupings = json::array();
  for (const char* g : {"mese", "trimestre", "anno"})
    groupings.push_back({{"value", g}, {"label", x.t(std::string("report_grouping_") + g)}, {"selected", f.grouping == g}});
  return {{"periods", periods}, {"groups", groups}, {"modules", modules}, {"groupings", groupings},
          {"from", f.period.empty() ? f.from : ""}, {"to", f.period.empty() ? f.to : ""},
          {"organization", f.organization}};
}

// What the filters select, in words, for the page and the relazione.
json filter_summary(const Namer& n, const ReportFilters& f) {
  const auto& x = n.x;
  json out = json::array({{{"label", x.t("report_summary_period")}, {"value", n.period(f.from, f.to)}}});
  if (!f.group.empty()) out.push_back({{"label", x.t("report_col_target_group")}, {"value", n.group(f.group)}});
  if (!f.module.empty()) out.push_back({{"label", x.t("report_col_module")}, {"value", n.module(f.module)}});
  if (!f.organization.empty()) out.push_back({{"label", x.t("report_col_organization")}, {"value", f.organization}});
  return out;
}

std::string file_name(const ReportFilters& f, const std::string& extension) {
  return "report-" + f.from + "-" + f.to + "." + extension;
}

// --- Public results ----------------------------------------------------------------------------

// The year of ?anno= (the current one when absent), or nullopt after a 400.
std::optional<int> results_year(Exchange& x) {
  const int now = x.today().year;
  const std::string given = x.query("anno");
  if (given.empty()) return now;
  if (given.size() == 4 && std::all_of(given.begin(), given.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    const int year = std::stoi(given);
    if (year >= kFirstYear && year <= now) return year;
  }
  x.message(400, x.t("report_bad_filter_title"), x.t("results_bad_year"));
  return std::nullopt;
}

struct PublicRow {
  std::string target_group, module;
  std::optional<int> people, meetings;
  std::optional<double> person_hours;
};

struct PublicCompletionRow {
  std::string target_group, module;
  std::optional<int> enrolled, completed;
};

struct PublicResults {
  int year = 0;
  std::string from, to;
  std::vector<PublicRow> rows;
  PublicRow totals;
  std::vector<PublicCompletionRow> completion;
  PublicCompletionRow completion_totals;
};

std::optional<int> shown(int value, bool hidden) { return hidden ? std::nullopt : std::optional<int>(value); }

// The year's numbers with small counts hidden: people and meetings under 5 (and one more cell of a
// column when only one would be), the hours of hidden people; the totals when they are small.
PublicResults public_results(Exchange& x, int year) {
  PublicResults p;
  p.year = year;
  p.from = std::to_string(year) + "-01-01";
  p.to = std::to_string(year) + "-12-31";
  ReportFilters f;
  f.from = p.from;
  f.to = p.to;
  const AttendanceReport r = attendance(x, attendance_query(f, {ReportDimension::target_group, ReportDimension::module}));
  std::vector<int> people, meetings;
  for (const auto& row : r.rows) {
    people.push_back(row.numbers.people);
    meetings.push_back(row.numbers.meetings);
  }
  const auto hidden_people = hidden_counts(people, r.totals.people);
  const auto hidden_meetings = hidden_counts(meetings, r.totals.meetings);
  for (size_t i = 0; i < r.rows.size(); ++i) {
    const auto& row = r.rows[i];
    p.rows.push_back({row.keys[0], row.keys[1], shown(row.numbers.people, hidden_people[i]),
                      shown(row.numbers.meetings, hidden_meetings[i]),
                      hidden_people[i] ? std::nullopt : std::optional<double>(row.numbers.person_hours)});
  }
  const bool small_total = is_small_count(r.totals.people);
  p.totals = {"", "", shown(r.totals.people, small_total), shown(r.totals.meetings, is_small_count(r.totals.meetings)),
              small_total ? std::nullopt : std::optional<double>(r.totals.person_hours)};

  const ModuleCompletionReport c = module_completion_report(x.app.store(), extras_filter(x, f));
  std::vector<int> enrolled, completed;
  for (const auto& row : c.rows) {
    enrolled.push_back(row.enrolled);
    completed.push_back(row.completed);
  }
  const auto hidden_enrolled = hidden_counts(enrolled, c.totals.enrolled);
  const auto hidden_completed = hidden_counts(completed, c.totals.completed);
  for (size_t i = 0; i < c.rows.size(); ++i)
    p.completion.push_back({c.rows[i].target_group, c.rows[i].module, shown(c.rows[i].enrolled, hidden_enrolled[i]),
                            shown(c.rows[i].completed, hidden_completed[i])});
  p.completion_totals = {"", "", shown(c.totals.enrolled, is_small_count(c.totals.enrolled)),
                         shown(c.totals.completed, is_small_count(c.totals.completed))};
  return p;
}

// Public pages, CSV and JSON: cacheable by anyone for a few minutes; the numbers change with marks,
// not with imports, so they are not in the page cache.
void public_cache_headers(Exchange& x) { x.res.set_header("Cache-Control", "public, max-age=300"); }

}  // namespace

// --- Handlers ----------------------------------------------------------------------------------

void admin_report(Exchange& x) {
  const Namer n(x);
  auto r = staff_report(x, n);
  if (!r) return;
  const std::string q = filters_query(r->filters);
  json data = filter_form(x, n, r->filters);
  data["summary"] = filter_summary(n, r->filters);
  data["headline"] = headline(n, *r);
  data["sections"] = sections(x, n, *r);
  data["relazione_href"] = "/admin/report/relazione" + q;
  data["xlsx_href"] = "/admin/report.xlsx" + q;
  data["csv_href"] = "/admin/report.csv" + q;
  data["api_href"] = "/api/v1/reports/attendance?from=" + r->filters.from + "&to=" + r->filters.to +
                     "&by=target_group,module";
  x.render("admin_report", x.t("report_title"), std::move(data));
}

void report_relazione(Exchange& x) {
  const Namer n(x);
  auto r = staff_report(x, n);
  if (!r) return;
  const Site& site = x.site->site();
  json data = {{"programme", site.name},
               {"municipality", site.municipality},
               {"description", site.description},
               {"summary", filter_summary(n, r->filters)},
               {"headline", headline(n, *r)},
               {"sections", sections(x, n, *r)},
               {"generated", x.day_time(now_seconds())},
               {"report_href", "/admin/report" + filters_query(r->filters)}};
  x.render("report_relazione", x.t("relazione_title") + " " + n.period(r->filters.from, r->filters.to), std::move(data));
}

void report_xlsx(Exchange& x) {
  const Namer n(x);
  auto r = staff_report(x, n);
  if (!r) return;
  auto book = report_workbook(r->tables);
  if (!book.ok()) return x.refuse(x.t("report_title"), book.status());
  x.res.status = 200;
  x.res.set_header("Cache-Control", "no-store");
  x.res.set_header("Content-Disposition", "attachment; filename=\"" + file_name(r->filters, "xlsx") + "\"");
  x.res.set_content(std::move(book.value()), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
}

void report_csv_download(Exchange& x) {
  const Namer n(x);
  auto f = filters_or_400(x);
  if (!f) return;
  const AttendanceReport r = attendance(x, attendance_query(*f, {ReportDimension::target_group, ReportDimension::module}));
  x.res.status = 200;
  x.res.set_header("Cache-Control", "no-store");
  x.res.set_header("Content-Disposition", "attachment; filename=\"" + file_name(*f, "csv") + "\"");
  x.res.set_content(report_csv(attendance_table(r, x.t("report_group_module_title"), n.labels())),
                    "text/csv; charset=utf-8");
}

void public_results(Exchange& x) {
  auto year = results_year(x);
  if (!year) return;
  const Namer n(x);
  const PublicResults p = public_results(x, *year);
  const std::string small = x.t("results_small");
  const auto count = [&](const std::optional<int>& v) { return v ? n.number(*v) : small; };
  const auto hours = [&](const std::optional<double>& v) { return v ? n.number(*v) : x.t("results_hidden"); };
  json rows = json::array();
  std::vector<ChartInput> bars;
  for (const auto& r : p.rows) {
    rows.push_back({{"group", n.group(r.target_group)}, {"module", n.module(r.module)}, {"people", count(r.people)},
                    {"person_hours", hours(r.person_hours)}, {"meetings", count(r.meetings)}});
    bars.push_back({n.group(r.target_group) + " – " + n.module(r.module),
                    {r.people ? std::optional<double>(*r.people) : std::nullopt}, {count(r.people)}});
  }
  json completion = json::array();
  for (const auto& c : p.completion)
    completion.push_back({{"group", n.group(c.target_group)}, {"module", n.module(c.module)},
                          {"enrolled", count(c.enrolled)}, {"completed", count(c.completed)}});
  json years = json::array();
  for (int y = x.today().year; y >= std::max(kFirstYear, x.today().year - 5); --y)
    years.push_back({{"value", y}, {"selected", y == p.year}});
  const std::string q = "?anno=" + std::to_string(p.year);
  json data = {{"year", p.year},
               {"years", years},
               {"period", n.period(p.from, p.to)},
               {"rows", rows},
               {"has_rows", !rows.empty()},
               {"totals", {{"people", count(p.totals.people)}, {"person_hours", hours(p.totals.person_hours)},
                           {"meetings", count(p.totals.meetings)}}},
               {"chart", chart(x, "grafico-risultati", x.t("results_chart_title"), {}, std::move(bars))},
               {"completion", completion},
               {"has_completion", !completion.empty()},
               {"completion_totals", {{"enrolled", count(p.completion_totals.enrolled)},
                                      {"completed", count(p.completion_totals.completed)}}},
               {"csv_href", "/risultati.csv" + q},
               {"json_href", "/risultati.json" + q},
               {"account", x.account()}};
  std::string html = x.site->render_page("results", x.t("results_title"), std::move(data));
  x.res.status = 200;
  if (x.session) {  // the page names the person signed in: for them alone
    x.res.set_header("Cache-Control", "no-store");
    x.res.set_header("Vary", "Cookie");
  } else {
    public_cache_headers(x);
  }
  x.res.set_content(std::move(html), "text/html; charset=utf-8");
}

void public_results_csv(Exchange& x) {
  auto year = results_year(x);
  if (!year) return;
  const Namer n(x);
  const PublicResults p = public_results(x, *year);
  const auto count = [&](const std::optional<int>& v) { return v ? n.number(*v) : std::string("<5"); };
  const auto hours = [&](const std::optional<double>& v) { return v ? n.number(*v) : std::string("<5"); };
  std::vector<std::vector<std::string>> rows = {{x.t("report_col_target_group"), x.t("report_col_module"),
                                                 x.t("report_col_people"), x.t("report_col_person_hours"),
                                                 x.t("report_col_meetings")}};
  for (const auto& r : p.rows)
    rows.push_back({n.group(r.target_group), n.module(r.module), count(r.people), hours(r.person_hours), count(r.meetings)});
  rows.push_back({x.t("report_col_total"), "", count(p.totals.people), hours(p.totals.person_hours), count(p.totals.meetings)});
  x.res.status = 200;
  public_cache_headers(x);
  x.res.set_header("Content-Disposition", "attachment; filename=\"risultati-" + std::to_string(p.year) + ".csv\"");
  x.res.set_content(csv_document(rows), "text/csv; charset=utf-8");
}

void public_results_json(Exchange& x) {
  auto year = results_year(x);
  if (!year) return;
  const Namer n(x);
  const PublicResults p = public_results(x, *year);
  // A hidden value is null, and named in the row's "suppressed" list.
  const auto put = [](json& row, const char* key, const auto& value) {
    if (value) {
      row[key] = *value;
    } else {
      row[key] = nullptr;
      row["suppressed"].push_back(key);
    }
  };
  const auto attendance_row = [&](const PublicRow& r, bool total) {
    json row = json::object();
    if (!total) row = {{"target_group", r.target_group}, {"target_group_label", r.target_group.empty() ? "" : n.group(r.target_group)},
                       {"module", r.module}, {"module_title", r.module.empty() ? "" : n.module(r.module)}};
    row["suppressed"] = json::array();
    put(row, "people", r.people);
    put(row, "person_hours", r.person_hours);
    put(row, "meetings", r.meetings);
    return row;
  };
  const auto completion_row = [&](const PublicCompletionRow& r, bool total) {
    json row = json::object();
    if (!total) row = {{"target_group", r.target_group}, {"target_group_label", r.target_group.empty() ? "" : n.group(r.target_group)},
                       {"module", r.module}, {"module_title", r.module.empty() ? "" : n.module(r.module)}};
    row["suppressed"] = json::array();
    put(row, "enrolled", r.enrolled);
    put(row, "completed", r.completed);
    return row;
  };
  json attendance_rows = json::array(), completion_rows = json::array();
  for (const auto& r : p.rows) attendance_rows.push_back(attendance_row(r, false));
  for (const auto& r : p.completion) completion_rows.push_back(completion_row(r, false));
  public_cache_headers(x);
  x.res.status = 200;
  x.res.set_content(json{{"programme", x.site->site().name},
                         {"municipality", x.site->site().municipality},
                         {"from", p.from},
                         {"to", p.to},
                         {"smallest_count_shown", kSmallestPublicCount},
                         {"attendance", {{"by", {"target_group", "module"}},
                                         {"rows", attendance_rows},
                                         {"totals", attendance_row(p.totals, true)}}},
                         {"online_modules", {{"by", {"target_group", "module"}},
                                             {"rows", completion_rows},
                                             {"totals", completion_row(p.completion_totals, true)}}}}
                            .dump(2) + "\n",
                    "application/json; charset=utf-8");
}

}  // namespace sentinella
