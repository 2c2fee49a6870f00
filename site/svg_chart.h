// Bar charts drawn on the server as inline SVG, with no script: one row per category (a target
// group, a module, an organization, a period), one bar per series in each row (one series: a simple
// bar chart; several: grouped bars, e.g. enrolled and completed).
//
// Accessible and printable: the <svg> is role="img" with a <title> and a <desc> it names in
// aria-labelledby; every bar carries its number as text beside it; each series has its own colour
// (3:1 or more against white, WCAG 1.4.11) AND its own fill pattern (solid, stripes, dots, cross),
// shown in a legend, so neither colour nor print in black and white is needed to tell them apart.
// Text is near-black on white. No style attributes or <style> (the site's CSP forbids inline styles):
// presentation attributes only. A chart is always paired, by its caller, with a table of the same
// numbers.
// Nothing here throws except std::bad_alloc.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace sentinella {

// One category of the chart and its value in each series.
struct ChartRow {
  std::string label;
  // One per series. nullopt draws no bar (a value hidden, e.g. "meno di 5" on the public page).
  std::vector<std::optional<double>> values;
  // One per series: the number as people read it ("12", "2,5", "meno di 5"), written beside the bar.
  std::vector<std::string> texts;
};

struct BarChart {
  std::string id;           // unique in the page: prefixes the ids of the title, desc and patterns
  std::string title;        // what the chart shows ("Persone formate per gruppo")
  std::string description;  // a sentence for screen readers ("Barre orizzontali; i numeri sono nella tabella che segue.")
  std::vector<std::string> series;  // series names, shown in the legend when more than one
  std::vector<ChartRow> rows;
  std::string empty_text;   // written in the chart when it has no rows
};

// The chart as an <svg> element, every text escaped. Bar lengths are proportional to the values,
// the longest value filling the bar area; negative values count as 0. Rows with fewer values than
// series draw nothing for the missing ones.
std::string render_bar_chart(const BarChart& chart);

// The id made safe for an XML id: lower-case ASCII letters, digits and '-' kept, anything else '-';
// "grafico" when empty.
std::string chart_id(const std::string& id);

}  // namespace sentinella
