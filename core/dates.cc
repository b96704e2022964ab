#include "core/dates.h"

#include <array>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <vector>

namespace trawl {
namespace {

bool valid_ymd(int y, int m, int d) {
  if (y < 1000 || y > 9999 || m < 1 || m > 12 || d < 1) return false;
  using namespace std::chrono;
  return year_month_day{year{y}, month{static_cast<unsigned>(m)}, day{static_cast<unsigned>(d)}}
      .ok();
}

std::string ymd_string(int y, int m, int d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return buf;
}

// Reads exactly n digits at s[pos]; advances pos.
bool read_digits(std::string_view s, size_t& pos, int n, int& out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (int i = 0; i < n; ++i) {
    char c = s[pos + i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  out = v;
  pos += n;
  return true;
}

std::optional<std::string> parse_numeric(std::string_view s) {
  size_t pos = 0;
  int y, m, d;
  if (!read_digits(s, pos, 4, y)) return std::nullopt;
  if (pos < s.size() && (s[pos] == '-' || s[pos] == '/' || s[pos] == '.')) {
    char sep = s[pos++];
    // month and day may have one or two digits after a separator
    auto read_1or2 = [&](int& out) {
      if (!read_digits(s, pos, 2, out) && !read_digits(s, pos, 1, out)) return false;
      return true;
    };
    if (!read_1or2(m)) return std::nullopt;
    if (pos >= s.size() || s[pos] != sep) return std::nullopt;
    ++pos;
    if (!read_1or2(d)) return std::nullopt;
    // what follows must not be another digit (so "2024-03-281" is rejected)
    if (pos < s.size() && std::isdigit(static_cast<unsigned char>(s[pos]))) return std::nullopt;
  } else {
    // compact: YYYYMMDD, optionally followed by HHMMSS as in PDF dates
    if (!read_digits(s, pos, 2, m) || !read_digits(s, pos, 2, d)) return std::nullopt;
  }
  if (!valid_ymd(y, m, d)) return std::nullopt;
  return ymd_string(y, m, d);
}

std::optional<std::string> parse_http(std::string_view s) {
  // "Thu, 28 Mar 2024 09:00:00 GMT" (RFC 7231 IMF-fixdate)
  static constexpr std::array<std::string_view, 12> kMonths = {
      "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  auto comma = s.find(',');
  if (comma == std::string_view::npos) return std::nullopt;
  size_t pos = comma + 1;
  while (pos < s.size() && s[pos] == ' ') ++pos;
  int d, y;
  if (!read_digits(s, pos, 2, d) && !read_digits(s, pos, 1, d)) return std::nullopt;
  if (pos >= s.size() || s[pos] != ' ') return std::nullopt;
  ++pos;
  if (pos + 3 > s.size()) return std::nullopt;
  std::string_view mon = s.substr(pos, 3);
  int m = 0;
  for (size_t i = 0; i < kMonths.size(); ++i)
    if (kMonths[i] == mon) m = static_cast<int>(i) + 1;
  if (m == 0) return std::nullopt;
  pos += 3;
  if (pos >= s.size() || s[pos] != ' ') return std::nullopt;
  ++pos;
  if (!read_digits(s, pos, 4, y)) return std::nullopt;
  if (!valid_ymd(y, m, d)) return std::nullopt;
  return ymd_string(y, m, d);
}

int month_number(std::string_view name) {
  static constexpr std::array<std::string_view, 12> kMonths = {
      "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
  if (name.size() != 3) return 0;
  std::string lower;
  for (char c : name) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (size_t i = 0; i < kMonths.size(); ++i)
    if (kMonths[i] == lower) return static_cast<int>(i) + 1;
  return 0;
}

// All digits, 1 to 4 of them.
std::optional<int> number(std::string_view s) {
  if (s.empty() || s.size() > 4) return std::nullopt;
  size_t pos = 0;
  int v = 0;
  if (!read_digits(s, pos, static_cast<int>(s.size()), v)) return std::nullopt;
  return v;
}

}  // namespace

std::optional<int64_t> parse_http_date(std::string_view text) {
  // the three forms differ in their separators: split on space, comma and dash
  std::vector<std::string_view> t;
  size_t start = std::string_view::npos;
  for (size_t i = 0; i <= text.size(); ++i) {
    const bool sep =
        i == text.size() || text[i] == ' ' || text[i] == ',' || text[i] == '-' || text[i] == '\t';
    if (!sep && start == std::string_view::npos) start = i;
    if (sep && start != std::string_view::npos) {
      t.push_back(text.substr(start, i - start));
      start = std::string_view::npos;
    }
  }
  if (t.size() < 5) return std::nullopt;
  std::optional<int> day, year;
  int month = 0;
  std::string_view clock, zone;
  if (month_number(t[1])) {  // asctime: Sun Nov 6 08:49:37 1994
    month = month_number(t[1]);
    day = number(t[2]);
    clock = t[3];
    year = number(t[4]);
    if (t.size() != 5) return std::nullopt;
  } else {  // Sun, 06 Nov 1994 08:49:37 GMT / Sunday, 06-Nov-94 08:49:37 GMT
    day = number(t[1]);
    month = month_number(t[2]);
    year = number(t[3]);
    clock = t[4];
    if (t.size() > 6) return std::nullopt;
    if (t.size() == 6) zone = t[5];
  }
  if (!day || !year || month == 0) return std::nullopt;
  if (!zone.empty() && zone != "GMT" && zone != "UTC" && zone != "UT" && zone != "+0000" &&
      zone != "Z")
    return std::nullopt;
  if (*year < 100) *year += *year >= 50 ? 1900 : 2000;
  int h, m, sec;
  size_t pos = 0;
  if (clock.size() != 8 || !read_digits(clock, pos, 2, h) || clock[pos++] != ':' ||
      !read_digits(clock, pos, 2, m) || clock[pos++] != ':' || !read_digits(clock, pos, 2, sec) ||
      h > 23 || m > 59 || sec > 60)
    return std::nullopt;
  if (!valid_ymd(*year, month, *day)) return std::nullopt;
  using namespace std::chrono;
  const sys_days days{year_month_day{std::chrono::year{*year},
                                     std::chrono::month{static_cast<unsigned>(month)},
                                     std::chrono::day{static_cast<unsigned>(*day)}}};
  return static_cast<int64_t>(days.time_since_epoch().count()) * 86400 + h * 3600 + m * 60 + sec;
}

std::optional<std::string> parse_date(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
    text.remove_prefix(1);
  if (text.starts_with("D:")) text.remove_prefix(2);
  if (text.empty()) return std::nullopt;
  if (std::isdigit(static_cast<unsigned char>(text.front()))) return parse_numeric(text);
  return parse_http(text);
}

std::string format_date(int64_t unix_seconds) {
  if (unix_seconds <= 0) return {};
  using namespace std::chrono;
  auto days = floor<std::chrono::days>(sys_seconds{seconds{unix_seconds}});
  year_month_day ymd{days};
  return ymd_string(int(ymd.year()), unsigned(ymd.month()), unsigned(ymd.day()));
}

std::string compact_date(std::string_view iso_date) {
  std::string out;
  for (char c : iso_date)
    if (c != '-') out += c;
  return out;
}

std::string format_timestamp(int64_t unix_seconds) {
  using namespace std::chrono;
  sys_seconds tp{seconds{unix_seconds}};
  auto days = floor<std::chrono::days>(tp);
  year_month_day ymd{days};
  hh_mm_ss hms{tp - days};
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02dZ", int(ymd.year()),
                unsigned(ymd.month()), unsigned(ymd.day()), int(hms.hours().count()),
                int(hms.minutes().count()), int(hms.seconds().count()));
  return buf;
}

int64_t filetime_to_unix(uint64_t filetime) {
  constexpr uint64_t kEpochDiff = 116444736000000000ull;  // 1601-01-01 to 1970-01-01
  constexpr uint64_t kLast = kEpochDiff + 253402300799ull * 10000000ull;  // 9999-12-31
  if (filetime <= kEpochDiff || filetime > kLast) return 0;
  return static_cast<int64_t>((filetime - kEpochDiff) / 10000000ull);
}

}  // namespace trawl
