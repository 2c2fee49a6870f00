#include "site/svg_chart.h"

#include <algorithm>
#include <cstdio>

#include "site/html_text.h"

namespace sentinella {

namespace {

// The drawing, in viewBox units (the SVG scales to the width of its container).
constexpr double kWidth = 720;
constexpr double kMargin = 8;
constexpr double kTextRoom = 140;  // right of the longest bar, for its number
constexpr double kBarArea = kWidth - 2 * kMargin - kTextRoom;
constexpr double kLegendHeight = 28;
constexpr double kLabelHeight = 22;
constexpr double kBarHeight = 16;
constexpr double kBarGap = 4;
constexpr double kRowGap = 12;
constexpr const char* kInk = "#1a1a1a";  // text and bar outlines: 17:1 on white

// Series colours, each 3:1 or more against white; a pattern tells them apart without colour.
constexpr const char* kColours[] = {"#1f4e79", "#9c3d00", "#2e6b30", "#6a1b9a"};
constexpr size_t kStyles = std::size(kColours);

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  std::string s = buf;
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s == "-0" ? "0" : s;
}

// The fill of series `i`: its colour (series 0, solid) or a pattern over its colour.
std::string fill_of(const std::string& id, size_t i) {
  return i % kStyles == 0 ? kColours[0] : "url(#" + id + "-motivo-" + std::to_string(i % kStyles) + ")";
}

std::string patterns(const std::string& id, size_t series) {
  if (series < 2) return "";
  std::string out = "<defs>";
  for (size_t i = 1; i < std::min(series, kStyles); ++i) {
    out += "<pattern id=\"" + id + "-motivo-" + std::to_string(i) +
           "\" width=\"8\" height=\"8\" patternUnits=\"userSpaceOnUse\">";
    out += "<rect width=\"8\" height=\"8\" fill=\"" + std::string(kColours[i]) + "\"/>";
    if (i == 1)  // stripes
      out += "<path d=\"M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4\" stroke=\"#ffffff\" stroke-width=\"2\"/>";
    else if (i == 2)  // dots
      out += "<circle cx=\"4\" cy=\"4\" r=\"1.8\" fill=\"#ffffff\"/>";
    else  // cross-hatch
      out += "<path d=\"M0,4 h8 M4,0 v8\" stroke=\"#ffffff\" stroke-width=\"1.5\"/>";
    out += "</pattern>";
  }
  return out + "</defs>";
}

std::string text(double x, double y, const std::string& content, const char* extra = "") {
  return "<text x=\"" + num(x) + "\" y=\"" + num(y) + "\"" + extra + ">" + escape_markup(content) + "</text>";
}

}  // namespace

std::string chart_id(const std::string& id) {
  std::string out;
  for (char c : id) out += (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ? c : '-';
  return out.empty() ? "grafico" : out;
}

std::string render_bar_chart(const BarChart& chart) {
  const std::string id = chart_id(chart.id);
  const size_t series = std::max<size_t>(chart.series.size(), 1);
  double max = 0;
  for (const auto& row : chart.rows)
    for (const auto& v : row.values)
      if (v) max = std::max(max, *v);

  std::string body;
  double y = kMargin;
  if (chart.series.size() > 1) {
    double x = kMargin;
    for (size_t i = 0; i < chart.series.size(); ++i) {
      body += "<rect class=\"chart-swatch\" x=\"" + num(x) + "\" y=\"" + num(y + 4) + "\" width=\"20\" height=\"14\" fill=\"" +
              fill_of(id, i) + "\" stroke=\"" + kInk + "\"/>";
      body += text(x + 26, y + 16, chart.series[i]);
      x += 26 + 9.0 * static_cast<double>(chart.series[i].size()) + 24;
    }
    y += kLegendHeight;
  }
  if (chart.rows.empty()) {
    body += text(kMargin, y + 18, chart.empty_text);
    y += 30;
  }
  for (const auto& row : chart.rows) {
    body += text(kMargin, y + 16, row.label, " font-weight=\"bold\"");
    y += kLabelHeight;
    for (size_t i = 0; i < series; ++i) {
      const std::optional<double> v = i < row.values.size() ? row.values[i] : std::nullopt;
      double width = 0;
      if (v && *v > 0 && max > 0) width = *v / max * kBarArea;
      if (width > 0)
        body += "<rect class=\"chart-bar\" x=\"" + num(kMargin) + "\" y=\"" + num(y) + "\" width=\"" + num(width) +
                "\" height=\"" + num(kBarHeight) + "\" fill=\"" + fill_of(id, i) + "\" stroke=\"" + kInk + "\"/>";
      if (i < row.texts.size()) body += text(kMargin + width + 6, y + 13, row.texts[i]);
      y += kBarHeight + kBarGap;
    }
    y += kRowGap;
  }
  const double height = y + kMargin;
  return "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" aria-labelledby=\"" + id +
         "-titolo " + id + "-descrizione\" viewBox=\"0 0 " + num(kWidth) + " " + num(height) +
         "\" preserveAspectRatio=\"xMinYMin meet\" font-family=\"sans-serif\" font-size=\"14\" fill=\"" + kInk +
         "\"><title id=\"" + id + "-titolo\">" + escape_markup(chart.title) + "</title><desc id=\"" + id +
         "-descrizione\">" + escape_markup(chart.description) + "</desc>" + patterns(id, series) +
         "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>" + body + "</svg>";
}

}  // namespace sentinella
