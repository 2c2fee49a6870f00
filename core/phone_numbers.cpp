#include "core/phone_numbers.h"

#include <algorithm>
#include <array>

#include "core/text.h"

namespace sentinella {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_separator(char c) { return c == ' ' || c == '.' || c == '-'; }
char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// The digits of a number without its country code, and whether it had one other than Italy's.
struct National {
  std::string digits;
  bool foreign = false;
};

National national_of(std::string_view dialable) {
  if (dialable.starts_with("+39")) return {std::string(dialable.substr(3)), false};
  if (dialable.starts_with("0039")) return {std::string(dialable.substr(4)), false};
  if (dialable.starts_with("+") || dialable.starts_with("00")) return {std::string(dialable), true};
  return {std::string(dialable), false};
}

bool is_landline(std::string_view n) { return n.size() >= 6 && n.size() <= 11 && n[0] == '0' && n[1] != '0'; }
bool is_mobile(std::string_view n) { return (n.size() == 9 || n.size() == 10) && n[0] == '3' && n[1] != '0'; }
bool is_toll_free(std::string_view n) {
  return n.size() >= 6 && n.size() <= 9 && (n.starts_with("800") || n.starts_with("803"));
}

// Words that, right before a number, make it a reference (an article, a law, a page) or an amount.
constexpr std::array kWordsBefore = {"art.", "artt.", "articolo", "articoli", "comma", "commi", "n.", "nn.", "n°",
                                     "num.", "numero", "l.", "l.r.", "legge", "d.l.", "dl", "d.lgs.", "dlgs",
                                     "d.p.r.", "dpr", "d.m.", "dpcm", "reg.", "prot.", "lett.", "par.", "cap.",
                                     "pag.", "p.", "pp.", "anno", "anni", "€", "eur", "euro"};
// Words that, right after a number, make it an article of a code or a quantity.
constexpr std::array kWordsAfter = {"c.p.", "c.p.p.", "c.c.", "c.p.c.", "cost.", "tuel", "euro", "eur", "€",
                                    "%", "mila", "milioni", "miliardi", "anni", "mesi", "giorni", "ore", "posti",
                                    "persone", "abitanti", "km", "kg"};

template <size_t N>
bool is_one_of(std::string word, const std::array<const char*, N>& words) {
  std::transform(word.begin(), word.end(), word.begin(), lower);
  return std::any_of(words.begin(), words.end(), [&](const char* w) { return word == w; });
}

// Longer than any word in the lists above: looking no further keeps the search linear.
constexpr size_t kLongestWord = 16;

bool is_space_at(std::string_view text, size_t i) { return text[i] == ' ' || text[i] == '\t' || text[i] == '\n'; }

// The word that ends right before `start` (spaces skipped), without opening brackets and quotes.
std::string word_before(std::string_view text, size_t start) {
  size_t end = start;
  while (end > 0 && is_space_at(text, end - 1)) --end;
  if (end >= 2 && text.substr(end - 2, 2) == "\xC2\xA0") end -= 2;  // a non-breaking space
  size_t begin = end;
  while (begin > 0 && end - begin < kLongestWord && !is_space_at(text, begin - 1)) --begin;
  std::string_view word = text.substr(begin, end - begin);
  while (!word.empty() && (word.front() == '(' || word.front() == '[' || word.front() == '"')) word.remove_prefix(1);
  if (word.starts_with("\xC2\xAB")) word.remove_prefix(2);  // «
  return std::string(word);
}

// The word that starts right after `end` (spaces skipped), without closing punctuation.
std::string word_after(std::string_view text, size_t end) {
  size_t begin = end;
  while (begin < text.size() && is_space_at(text, begin)) ++begin;
  if (text.substr(begin, 2) == "\xC2\xA0") begin += 2;
  size_t stop = begin;
  while (stop < text.size() && stop - begin < kLongestWord && !is_space_at(text, stop)) ++stop;
  std::string_view word = text.substr(begin, stop - begin);
  while (!word.empty() && std::string_view(")]\",;:!?").find(word.back()) != std::string_view::npos) word.remove_suffix(1);
  if (word.ends_with("\xC2\xBB")) word.remove_suffix(2);  // »
  return std::string(word);
}

bool looks_like_reference_or_amount(std::string_view text, size_t start, size_t end) {
  if (is_one_of(word_before(text, start), kWordsBefore)) return true;
  std::string after = word_after(text, end);
  if (is_one_of(after, kWordsAfter)) return true;
  // "euro." at the end of a sentence; not "c.p." whose dot belongs to it.
  return after.ends_with(".") && is_one_of(after.substr(0, after.size() - 1), kWordsAfter);
}

// A run of digit groups joined by single separators, possibly after a '+'.
struct Run {
  size_t start = 0, end = 0;
  bool plus = false;
  std::vector<std::string_view> groups;
  std::string separators;  // separators[i] joins groups[i] and groups[i + 1]
  std::string dialable() const {
    std::string out = plus ? "+" : "";
    for (auto g : groups) out += g;
    return out;
  }
};

Run read_run(std::string_view text, size_t start) {
  Run run;
  run.start = start;
  size_t pos = start;
  if (text[pos] == '+') {
    run.plus = true;
    ++pos;
  }
  while (true) {
    const size_t begin = pos;
    while (pos < text.size() && is_digit(text[pos])) ++pos;
    run.groups.push_back(text.substr(begin, pos - begin));
    if (pos + 1 < text.size() && is_separator(text[pos]) && is_digit(text[pos + 1])) {
      run.separators += text[pos];
      ++pos;
    } else {
      break;
    }
  }
  run.end = pos;
  return run;
}

// Whether the run is glued to what is around it: letters, "44/1999", "1,5", "416-bis", "12%".
bool is_glued(std::string_view text, const Run& run) {
  if (run.start > 0) {
    const char before = text[run.start - 1];
    if (is_letter(before) || is_digit(before) || before == '_') return true;
    if ((before == '/' || before == ',' || before == '.' || before == '-') && run.start >= 2 &&
        (is_digit(text[run.start - 2]) || is_letter(text[run.start - 2])))
      return true;
  }
  if (run.end < text.size()) {
    const char after = text[run.end];
    if (is_letter(after) || after == '_' || after == '%') return true;
    if ((after == '/' || after == ',' || after == '-' || after == '.') && run.end + 1 < text.size() &&
        (is_digit(text[run.end + 1]) || is_letter(text[run.end + 1])))
      return true;
  }
  return false;
}

// The groups of the national part (without a "+39" or "0039" group of its own).
std::vector<std::string_view> national_groups(const Run& run) {
  std::vector<std::string_view> groups = run.groups;
  if (groups.size() > 1 && ((run.plus && groups[0] == "39") || (!run.plus && groups[0] == "0039")))
    groups.erase(groups.begin());
  return groups;
}

bool is_date(const std::vector<std::string_view>& g) {
  return g.size() == 3 && g[0].size() <= 2 && g[1].size() <= 2 && (g[2].size() == 2 || g[2].size() == 4);
}

bool has_thousands_dots(const std::vector<std::string_view>& g, std::string_view separators) {
  return g.size() > 1 && separators.find_first_not_of('.') == std::string_view::npos &&
         std::all_of(g.begin() + 1, g.end(), [](std::string_view x) { return x.size() == 3; });
}

bool matches_known(const Run& run, const std::vector<std::string>& known_numbers) {
  const National mine = national_of(run.dialable());
  for (const auto& k : known_numbers) {
    const National theirs = national_of(phone_digits(k));
    if (theirs.digits.empty() || theirs.digits != mine.digits || theirs.foreign != mine.foreign) continue;
    if (theirs.digits.size() <= 5 && (run.groups.size() != 1 || run.plus)) continue;  // "1.522" is an amount
    return true;
  }
  return false;
}

bool has_italian_shape(const Run& run) {
  const National n = national_of(run.dialable());
  if (n.foreign) return false;
  const auto groups = national_groups(run);
  // The separator after "+39" may differ from the ones inside the number.
  const std::string_view seps = std::string_view(run.separators).substr(run.groups.size() - groups.size());
  if (!seps.empty() && seps.find_first_not_of(seps[0]) != std::string_view::npos) return false;  // 09.00-13.00
  if (is_date(groups)) return false;
  if (is_landline(n.digits)) return true;
  if (has_thousands_dots(groups, seps)) return false;
  if (is_mobile(n.digits)) return groups.size() == 1 || groups[0].size() == 3;
  return is_toll_free(n.digits);
}

}  // namespace

std::string unbreakable_number(std::string_view written) {
  std::string out;
  for (char c : written) out += c == ' ' ? std::string("\u00A0") : std::string(1, c);
  return out;
}

std::string dialable_number(std::string_view written) {
  const std::string digits = phone_digits(written);
  if (digits.starts_with("+")) return digits;
  if (digits.starts_with("00")) return "+" + digits.substr(2);
  if (is_landline(digits) || is_mobile(digits)) return "+39" + digits;
  return digits;
}

std::vector<PhoneMention> find_phone_numbers(std::string_view text, const std::vector<std::string>& known_numbers) {
  std::vector<PhoneMention> out;
  for (size_t i = 0; i < text.size();) {
    const bool starts = is_digit(text[i]) || (text[i] == '+' && i + 1 < text.size() && is_digit(text[i + 1]));
    if (!starts) {
      ++i;
      continue;
    }
    const Run run = read_run(text, i);
    i = run.end;
    if (is_glued(text, run) || looks_like_reference_or_amount(text, run.start, run.end)) continue;
    if (matches_known(run, known_numbers) || has_italian_shape(run))
      out.push_back({run.start, run.end - run.start, dialable_number(run.dialable())});
  }
  return out;
}

}  // namespace sentinella
