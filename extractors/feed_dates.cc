// Feed and sitemap dates -> the UTC day: W3C-DTF / ISO 8601 and RFC 822 / 2822, with
// their zones applied (extractors/feed.h parse_feed_date), then core/dates.h's forms.
#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "core/dates.h"
#include "core/text.h"
#include "extractors/feed.h"

namespace trawl {
namespace {

constexpr size_t kMaxDateBytes = 256;  // longer is not a date

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

bool read_digits(std::string_view s, size_t& pos, int n, int& out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (int i = 0; i < n; ++i) {
    if (!is_digit(s[pos + i])) return false;
    v = v * 10 + (s[pos + i] - '0');
  }
  out = v;
  pos += n;
  return true;
}

// All of s is digits, at most 4 of them.
std::optional<int> number(std::string_view s) {
  if (s.empty() || s.size() > 4) return std::nullopt;
  size_t pos = 0;
  int v = 0;
  if (!read_digits(s, pos, static_cast<int>(s.size()), v)) return std::nullopt;
  return v;
}

// The UTC day of a local time `offset_minutes` east of UTC; nullopt for an impossible date.
std::optional<std::string> utc_day(int y, int mo, int d, int h, int mi, int s, int offset_minutes) {
  using namespace std::chrono;
  if (y < 1000 || y > 9999 || mo < 1 || mo > 12 || d < 1 || d > 31) return std::nullopt;
  const year_month_day ymd{year{y}, month{static_cast<unsigned>(mo)},
                           day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return std::nullopt;
  const sys_seconds t = sys_days{ymd} + hours{h} + minutes{mi - offset_minutes} + seconds{s};
  const year_month_day utc{floor<days>(t)};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(utc.year()),
                static_cast<unsigned>(utc.month()), static_cast<unsigned>(utc.day()));
  return std::string(buf);
}

// "+hhmm", "+hh:mm", "+hh" (or "-"); nullopt for anything else.
std::optional<int> numeric_zone(std::string_view z) {
  if (z.size() < 3 || (z[0] != '+' && z[0] != '-')) return std::nullopt;
  size_t pos = 1;
  int h = 0, m = 0;
  if (!read_digits(z, pos, 2, h)) return std::nullopt;
  if (pos < z.size() && z[pos] == ':') ++pos;
  if (pos < z.size() && !read_digits(z, pos, 2, m)) return std::nullopt;
  if (pos != z.size() || h > 23 || m > 59) return std::nullopt;
  return (z[0] == '-' ? -1 : 1) * (h * 60 + m);
}

// A zone as RFC 822/2822 and feeds in the wild write it -> minutes east of UTC.
std::optional<int> zone_offset(std::string_view z) {
  if (z.empty()) return std::nullopt;
  if (z[0] == '+' || z[0] == '-') return numeric_zone(z);
  if (!std::all_of(z.begin(), z.end(), is_alpha)) return std::nullopt;
  static const std::map<std::string, int> kNamed = {
      {"ut", 0},        {"utc", 0},        {"gmt", 0},        {"z", 0},         {"est", -5 * 60},
      {"edt", -4 * 60}, {"cst", -6 * 60},  {"cdt", -5 * 60},  {"mst", -7 * 60}, {"mdt", -6 * 60},
      {"pst", -8 * 60}, {"pdt", -7 * 60},  {"kst", 9 * 60},   {"jst", 9 * 60},  {"hkt", 8 * 60},
      {"sgt", 8 * 60},  {"cet", 60},       {"cest", 2 * 60},  {"eet", 2 * 60},  {"eest", 3 * 60},
      {"msk", 3 * 60},  {"aest", 10 * 60}, {"aedt", 11 * 60}, {"wib", 7 * 60},
  };
  auto it = kNamed.find(ascii_lower(z));
  if (it != kNamed.end()) return it->second;
  // Military letters (RFC 2822 4.3: their sign was wrong in RFC 822, read them as UTC) and
  // names we do not know: the date as written is the best guess, at most a day off.
  return 0;
}

int month_of(std::string_view word) {
  static constexpr std::array<std::string_view, 12> kMonths = {
      "january", "february", "march",     "april",   "may",      "june",
      "july",    "august",   "september", "october", "november", "december"};
  if (word.size() < 3) return 0;
  const std::string lower = ascii_lower(word);
  for (size_t i = 0; i < kMonths.size(); ++i)
    if (kMonths[i].starts_with(lower)) return static_cast<int>(i) + 1;
  return 0;
}

// W3C-DTF / ISO 8601 with a day: YYYY-MM-DD[(T| )hh:mm[:ss[.f]][ ][zone]].
std::optional<std::string> parse_iso(std::string_view s) {
  size_t p = 0;
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0, offset = 0;
  if (!read_digits(s, p, 4, y) || p >= s.size() || s[p++] != '-') return std::nullopt;
  if (!read_digits(s, p, 2, mo) || p >= s.size() || s[p++] != '-') return std::nullopt;
  if (!read_digits(s, p, 2, d)) return std::nullopt;
  if (p < s.size()) {
    if (s[p] != 'T' && s[p] != 't' && s[p] != ' ') return std::nullopt;
    ++p;
    if (!read_digits(s, p, 2, h) || p >= s.size() || s[p++] != ':') return std::nullopt;
    if (!read_digits(s, p, 2, mi)) return std::nullopt;
    if (p < s.size() && s[p] == ':') {
      ++p;
      if (!read_digits(s, p, 2, sec)) return std::nullopt;
      if (p < s.size() && (s[p] == '.' || s[p] == ',')) {
        const size_t start = ++p;
        while (p < s.size() && is_digit(s[p])) ++p;
        if (p == start) return std::nullopt;
      }
    }
    if (h > 24 || mi > 59 || sec > 60 || (h == 24 && (mi != 0 || sec != 0))) return std::nullopt;
    if (p < s.size() && s[p] == ' ') ++p;
    if (p < s.size()) {
      std::optional<int> z = zone_offset(s.substr(p));
      if (!z) return std::nullopt;
      offset = *z;
    }
  }
  return utc_day(y, mo, d, h, mi, sec, offset);
}

// RFC 822 / 2822: [weekday,] D Mon YYYY [hh:mm[:ss]] [zone] [(comment)].
std::optional<std::string> parse_rfc822(std::string_view s) {
  if (auto paren = s.find('('); paren != std::string_view::npos) s = s.substr(0, paren);
  std::vector<std::string_view> t;
  size_t start = std::string_view::npos;
  for (size_t i = 0; i <= s.size(); ++i) {
    const bool sep = i == s.size() || is_space(s[i]) || s[i] == ',';
    if (!sep && start == std::string_view::npos) start = i;
    if (sep && start != std::string_view::npos) {
      t.push_back(s.substr(start, i - start));
      start = std::string_view::npos;
    }
  }
  size_t i = 0;
  if (i < t.size() && std::all_of(t[i].begin(), t[i].end(), is_alpha) && month_of(t[i]) == 0)
    ++i;  // the weekday, in whatever form
  if (t.size() < i + 3) return std::nullopt;
  std::optional<int> d = t[i].size() <= 2 ? number(t[i]) : std::nullopt;
  const int mo = month_of(t[i + 1]);
  std::optional<int> y = number(t[i + 2]);
  if (!d || mo == 0 || !y || t[i + 2].size() == 1) return std::nullopt;
  if (t[i + 2].size() == 2) *y += *y >= 50 ? 1900 : 2000;
  if (t[i + 2].size() == 3) *y += 1900;  // RFC 2822 4.3
  i += 3;
  int h = 0, mi = 0, sec = 0, offset = 0;
  if (i < t.size() && t[i].find(':') != std::string_view::npos) {
    std::string_view c = t[i++];
    size_t p = 0;
    if (!read_digits(c, p, 2, h) && !read_digits(c, p, 1, h)) return std::nullopt;
    if (p >= c.size() || c[p++] != ':' || !read_digits(c, p, 2, mi)) return std::nullopt;
    if (p < c.size() && (c[p++] != ':' || !read_digits(c, p, 2, sec))) return std::nullopt;
    if (p != c.size() || h > 23 || mi > 59 || sec > 60) return std::nullopt;
  }
  if (i < t.size()) {
    std::optional<int> z = zone_offset(t[i++]);
    if (!z) return std::nullopt;
    offset = *z;
  }
  if (i != t.size()) return std::nullopt;
  return utc_day(*y, mo, *d, h, mi, sec, offset);
}

}  // namespace

std::optional<std::string> parse_feed_date(std::string_view text) {
  text = trim(text);
  if (text.empty() || text.size() > kMaxDateBytes) return std::nullopt;
  size_t p = 0;
  int ignored = 0;
  if (read_digits(text, p, 4, ignored) && p < text.size() && text[p] == '-') return parse_iso(text);
  if (auto day = parse_rfc822(text)) return day;
  if (auto t = parse_http_date(text); t && *t > 0) return format_date(*t);
  return parse_date(text);
}

}  // namespace trawl
