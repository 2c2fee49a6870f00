#include "site/page_slots.h"

namespace sentinella {

namespace {

constexpr std::string_view kOpen = "<!--slot:", kClose = "<!--/slot:", kEnd = "-->";

bool is_slot_name(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  for (char c : name)
    if (!((c >= 'a' && c <= 'z') || c == '_')) return false;
  return true;
}

}  // namespace

std::vector<PageSlot> take_slot_markers(std::string& html) {
  std::vector<PageSlot> slots;
  if (html.find(kOpen) == std::string::npos) return slots;  // most bodies: no copy
  std::string out;
  out.reserve(html.size());
  size_t pos = 0;
  std::optional<PageSlot> open;  // a slot whose closing marker is still to come
  while (pos < html.size()) {
    const size_t marker = html.find("<!--", pos);
    if (marker == std::string::npos) break;
    out.append(html, pos, marker - pos);
    const std::string_view rest = std::string_view(html).substr(marker);
    const bool opening = rest.starts_with(kOpen), closing = rest.starts_with(kClose);
    const size_t name_at = opening ? kOpen.size() : closing ? kClose.size() : 0;
    const size_t end = name_at ? rest.find(kEnd, name_at) : std::string_view::npos;
    const std::string_view name = end == std::string_view::npos ? "" : rest.substr(name_at, end - name_at);
    if (!is_slot_name(name)) {  // any other comment is kept as it is
      out.append(html, marker, 4);
      pos = marker + 4;
      continue;
    }
    if (opening) {
      open = PageSlot{std::string(name), out.size(), out.size()};
    } else if (open && open->name == name) {
      open->end = out.size();
      slots.push_back(std::move(*open));
      open.reset();
    }
    pos = marker + end + kEnd.size();
  }
  if (pos < html.size()) out.append(html, pos, std::string::npos);
  html = std::move(out);
  return slots;
}

std::string compose_slots(const std::string& body, const std::vector<PageSlot>& slots,
                          const std::function<std::optional<std::string>(const PageSlot&)>& fill) {
  std::string out;
  out.reserve(body.size() + 1024);
  size_t pos = 0;
  for (const auto& slot : slots) {
    out.append(body, pos, slot.begin - pos);
    if (auto filled = fill(slot)) out += *filled;
    else out.append(body, slot.begin, slot.end - slot.begin);
    pos = slot.end;
  }
  out.append(body, pos, std::string::npos);
  return out;
}

}  // namespace sentinella
