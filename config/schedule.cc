#include "config/schedule.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <optional>
#include <vector>

namespace trawl {
namespace {

constexpr int64_t kMinute = 60;
constexpr int64_t kDay = 86400;

Error invalid(const std::string& what) { return make_error(ErrorCode::kInvalid, what); }

std::string lower(std::string_view s) {
  std::string out;
  for (char c : s) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  size_t start = 0;
  for (;;) {
    size_t at = s.find(sep, start);
    out.push_back(
        s.substr(start, at == std::string_view::npos ? std::string_view::npos : at - start));
    if (at == std::string_view::npos) return out;
    start = at + 1;
  }
}

// One cron field's rules: its range and the names it accepts (index = value - lo).
struct Field {
  const char* name;
  int lo, hi;
  std::vector<std::string_view> names;
};

const Field kFields[5] = {
    {"minute", 0, 59, {}},
    {"hour", 0, 23, {}},
    {"day of month", 1, 31, {}},
    {"month",
     1,
     12,
     {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}},
    {"day of week", 0, 7, {"sun", "mon", "tue", "wed", "thu", "fri", "sat"}},
};

std::optional<int> value_of(std::string_view s, const Field& f) {
  if (s.empty()) return std::nullopt;
  if (std::isalpha(static_cast<unsigned char>(s[0]))) {
    std::string l = lower(s);
    for (size_t i = 0; i < f.names.size(); ++i)
      if (f.names[i] == l) return f.lo + static_cast<int>(i);
    return std::nullopt;
  }
  int v = 0;
  for (char c : s) {
    if (c < '0' || c > '9' || v > 1000) return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v;
}

// Parses one field into `allowed` (indexed by value). Returns "" or the reason.
std::string parse_field(std::string_view text, const Field& f, std::vector<bool>& allowed,
                        bool& star) {
  allowed.assign(static_cast<size_t>(f.hi) + 1, false);
  star = text == "*" || text == "?";
  const std::string where = std::string(f.name) + " \"" + std::string(text) + "\"";
  for (std::string_view part : split(text, ',')) {
    if (part.empty()) return where + ": empty list item";
    int step = 1;
    if (size_t slash = part.find('/'); slash != std::string_view::npos) {
      std::optional<int> s = value_of(part.substr(slash + 1), Field{f.name, 0, 0, {}});
      if (!s || *s < 1) return where + ": the step after '/' must be a number of at least 1";
      step = *s;
      part = part.substr(0, slash);
    }
    int lo, hi;
    if (part == "*" || part == "?") {
      lo = f.lo;
      hi = f.hi == 7 ? 6 : f.hi;
    } else if (size_t dash = part.find('-'); dash != std::string_view::npos) {
      std::optional<int> a = value_of(part.substr(0, dash), f);
      std::optional<int> b = value_of(part.substr(dash + 1), f);
      if (!a || !b) return where + ": not a range of values";
      lo = *a;
      hi = *b;
    } else {
      std::optional<int> a = value_of(part, f);
      if (!a) return where + ": not a value";
      lo = *a;
      // "5/15" means from 5 to the end, every 15
      hi = step > 1 ? (f.hi == 7 ? 6 : f.hi) : *a;
    }
    if (lo < f.lo || hi > f.hi || lo > f.hi || hi < f.lo)
      return where + ": out of range " + std::to_string(f.lo) + "-" + std::to_string(f.hi);
    if (lo > hi) return where + ": the range runs backwards";
    for (int v = lo; v <= hi; v += step) allowed[static_cast<size_t>(v)] = true;
  }
  return "";
}

bool day_matches(const CronSpec& c, int mday, int wday) {
  const bool d = c.days[static_cast<size_t>(mday)];
  const bool w = c.weekdays[static_cast<size_t>(wday)];
  if (c.days_restricted && c.weekdays_restricted) return d || w;
  return d && w;
}

struct Civil {
  int year, month, day, wday;
};

Civil civil(int64_t days) {
  using namespace std::chrono;
  const sys_days sd{std::chrono::days{days}};
  const year_month_day ymd{sd};
  const weekday wd{sd};
  return {int(ymd.year()), static_cast<int>(unsigned(ymd.month())),
          static_cast<int>(unsigned(ymd.day())), static_cast<int>(wd.c_encoding())};
}

int64_t days_of(int year, int month, int day) {
  using namespace std::chrono;
  return sys_days{year_month_day{std::chrono::year{year}, std::chrono::month{unsigned(month)},
                                 std::chrono::day{unsigned(day)}}}
      .time_since_epoch()
      .count();
}

// The first minute at or after `from` (unix seconds) that the spec matches, or -1 if
// none within `horizon_days`.
int64_t first_match(const CronSpec& c, int64_t from, int64_t horizon_days) {
  int64_t day = from >= 0 ? from / kDay : (from - kDay + 1) / kDay;
  int64_t minute_of_day = (from - day * kDay + kMinute - 1) / kMinute;  // round up to a minute
  for (int64_t n = 0; n <= horizon_days; ++n, ++day, minute_of_day = 0) {
    const Civil d = civil(day);
    if (!c.months[static_cast<size_t>(d.month)]) {
      // to the first day of the next month
      const int y = d.month == 12 ? d.year + 1 : d.year;
      const int m = d.month == 12 ? 1 : d.month + 1;
      const int64_t next = days_of(y, m, 1);
      n += next - day - 1;
      day = next - 1;
      continue;
    }
    if (!day_matches(c, d.day, d.wday)) continue;
    for (int64_t m = minute_of_day; m < 24 * 60; ++m) {
      if (!c.hours[static_cast<size_t>(m / 60)]) {
        m = (m / 60 + 1) * 60 - 1;
        continue;
      }
      if (c.minutes[static_cast<size_t>(m % 60)]) return day * kDay + m * kMinute;
    }
  }
  return -1;
}

}  // namespace

Result<Schedule> parse_every(std::string_view text) {
  const std::string where = "every = \"" + std::string(text) + "\"";
  int64_t total = 0;
  size_t pos = 0;
  if (text.empty()) return invalid(where + ": empty");
  while (pos < text.size()) {
    if (!std::isdigit(static_cast<unsigned char>(text[pos])))
      return invalid(where + ": expected a number, as in \"6h\" or \"1h30m\"");
    int64_t n = 0;
    while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos]))) {
      n = n * 10 + (text[pos++] - '0');
      if (n > 100'000'000) return invalid(where + ": too long");
    }
    if (pos >= text.size()) return invalid(where + ": a number needs a unit (s, m, h, d, w)");
    int64_t unit;
    switch (text[pos++]) {
      case 's':
        unit = 1;
        break;
      case 'm':
        unit = 60;
        break;
      case 'h':
        unit = 3600;
        break;
      case 'd':
        unit = kDay;
        break;
      case 'w':
        unit = 7 * kDay;
        break;
      default:
        return invalid(where + ": unknown unit '" + std::string(1, text[pos - 1]) +
                       "' (s, m, h, d, w)");
    }
    total += n * unit;
  }
  if (total < kMinute) return invalid(where + ": at least one minute (\"1m\")");
  Schedule s;
  s.kind = Schedule::Kind::kEvery;
  s.every = total;
  s.text = std::string(text);
  return s;
}

Result<Schedule> parse_cron(std::string_view text) {
  std::string expr(text);
  const std::string l = lower(expr);
  if (l == "@hourly") expr = "0 * * * *";
  if (l == "@daily" || l == "@midnight") expr = "0 0 * * *";
  if (l == "@weekly") expr = "0 0 * * 0";
  if (l == "@monthly") expr = "0 0 1 * *";
  if (l == "@yearly" || l == "@annually") expr = "0 0 1 1 *";
  const std::string where = "cron = \"" + std::string(text) + "\"";
  std::vector<std::string_view> fields;
  {
    std::string_view rest(expr);
    size_t pos = 0;
    while (pos < rest.size()) {
      while (pos < rest.size() && std::isspace(static_cast<unsigned char>(rest[pos]))) ++pos;
      size_t start = pos;
      while (pos < rest.size() && !std::isspace(static_cast<unsigned char>(rest[pos]))) ++pos;
      if (pos > start) fields.push_back(rest.substr(start, pos - start));
    }
  }
  if (fields.size() != 5)
    return invalid(where + ": five fields (minute hour day-of-month month day-of-week), got " +
                   std::to_string(fields.size()));
  Schedule s;
  s.kind = Schedule::Kind::kCron;
  s.text = std::string(text);
  CronSpec& c = s.cron;
  for (int i = 0; i < 5; ++i) {
    std::vector<bool> allowed;
    bool star = false;
    std::string why = parse_field(fields[static_cast<size_t>(i)], kFields[i], allowed, star);
    if (!why.empty()) return invalid(where + ": " + why);
    for (size_t v = 0; v < allowed.size(); ++v) {
      if (!allowed[v]) continue;
      switch (i) {
        case 0:
          c.minutes.set(v);
          break;
        case 1:
          c.hours.set(v);
          break;
        case 2:
          c.days.set(v);
          break;
        case 3:
          c.months.set(v);
          break;
        case 4:
          c.weekdays.set(v % 7);
          break;
      }
    }
    if (i == 2) c.days_restricted = !star;
    if (i == 4) c.weekdays_restricted = !star;
  }
  // Within 28 years every day-of-month, weekday and leap-day combination occurs.
  if (first_match(c, 0, 28 * 366) < 0) return invalid(where + ": never fires");
  return s;
}

int64_t next_run(const Schedule& schedule, int64_t last_start, int64_t now) {
  switch (schedule.kind) {
    case Schedule::Kind::kOnce:
      return -1;
    case Schedule::Kind::kEvery:
      return last_start <= 0 ? now : std::max(last_start + schedule.every, now);
    case Schedule::Kind::kCron: {
      const int64_t after = last_start > 0 ? last_start + 1 : now - kMinute + 1;
      const int64_t t = first_match(schedule.cron, after, 28 * 366);
      return t < 0 ? -1 : std::max(t, now);
    }
  }
  return -1;
}

}  // namespace trawl
