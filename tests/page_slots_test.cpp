// Personal slots of cached pages: markers taken out, places kept, segments joined around slots.
#include <doctest/doctest.h>

#include "site/page_slots.h"

using namespace sentinella;

namespace {

// "name:[anonymous part]" for each slot, to assert on.
std::string describe(const std::string& body, const std::vector<PageSlot>& slots) {
  std::string out;
  for (const auto& s : slots) out += s.name + ":[" + body.substr(s.begin, s.end - s.begin) + "] ";
  return out;
}

}  // namespace

TEST_CASE("slot markers are taken out when a page enters the cache") {
  SUBCASE("two slots, and other comments kept") {
    std::string html = "<p>a</p><!--slot:account--><li>Area</li><!--/slot:account--><!-- note -->"
                       "<main><!--slot:event_registration--><a>Iscriviti</a><!--/slot:event_registration--></main>";
    auto slots = take_slot_markers(html);
    CHECK(html == "<p>a</p><li>Area</li><!-- note --><main><a>Iscriviti</a></main>");
    CHECK(describe(html, slots) == "account:[<li>Area</li>] event_registration:[<a>Iscriviti</a>] ");
  }
  SUBCASE("a page without slots is left as it is") {
    std::string html = "<p>nothing <!-- here --></p>";
    CHECK(take_slot_markers(html).empty());
    CHECK(html == "<p>nothing <!-- here --></p>");
  }
  SUBCASE("an empty slot, an unclosed one, a stray close and a bad name") {
    std::string html = "<!--slot:a--><!--/slot:a-->x<!--slot:b-->y<!--/slot:c-->z<!--slot:Bad-->";
    auto slots = take_slot_markers(html);
    CHECK(html == "xyz<!--slot:Bad-->");
    CHECK(describe(html, slots) == "a:[] ");
  }
}

TEST_CASE("a signed-in page joins the cached segments around its slots") {
  std::string html = "<h><!--slot:account-->Area riservata<!--/slot:account--></h><p>text</p>"
                     "<!--slot:event_registration-->Iscriviti<!--/slot:event_registration--><f>";
  const auto slots = take_slot_markers(html);
  const std::string anonymous = html;
  auto filled = compose_slots(html, slots, [](const PageSlot& s) -> std::optional<std::string> {
    if (s.name == "account") return "Anna &lt;R&gt;";
    return std::nullopt;  // keeps the anonymous part
  });
  CHECK(filled == "<h>Anna &lt;R&gt;</h><p>text</p>Iscriviti<f>");
  CHECK(html == anonymous);  // the cached body is not changed
  CHECK(compose_slots(html, {}, [](const PageSlot&) { return std::optional<std::string>("x"); }) == html);
}
