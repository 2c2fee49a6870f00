// Personal slots of a cached public page: the parts that differ for a person signed in (the
// header's account area, the event page's registration area). The theme marks each slot in its
// HTML with comments, <!--slot:NAME--> before and <!--/slot:NAME--> after; when a page enters the
// cache the markers are taken out and the slot's place is recorded, so the cached body is the
// anonymous page as it is sent, and a signed-in request joins the cached segments around the
// slots rendered for that person (see server/personal_slots.h).
// Slots do not nest. A name is [a-z_]+. Nothing here throws except std::bad_alloc.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace sentinella {

// A slot's anonymous part: bytes [begin, end) of the page's body without markers.
struct PageSlot {
  std::string name;
  size_t begin = 0, end = 0;
};

// Removes every slot marker from `html` and returns the slots in the order they appear. An opening
// marker without its closing one is removed and makes no slot (so does a stray closing marker).
std::vector<PageSlot> take_slot_markers(std::string& html);

// `body` with each slot's anonymous part replaced by `fill(slot)`, or kept where `fill` gives
// nullopt. `slots` are as take_slot_markers returned them for `body`.
std::string compose_slots(const std::string& body, const std::vector<PageSlot>& slots,
                          const std::function<std::optional<std::string>(const PageSlot&)>& fill);

}  // namespace sentinella
