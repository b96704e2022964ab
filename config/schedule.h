// Recrawl schedules of a source: `every = "6h"` (down to a minute) or a cron expression
// `cron = "0 */6 * * *"`. Times are unix seconds; cron fields are read in UTC.
#pragma once

#include <array>
#include <bitset>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"

namespace trawl {

// The five fields of a cron expression as sets of the values they allow.
struct CronSpec {
  std::bitset<60> minutes;
  std::bitset<24> hours;
  std::bitset<32> days;     // 1..31
  std::bitset<13> months;   // 1..12
  std::bitset<7> weekdays;  // 0 (Sunday) .. 6; 7 in the text is Sunday too
  // Vixie cron's rule: when both day of month and day of week are restricted (neither
  // is "*"), a day matching either one fires.
  bool days_restricted = false;
  bool weekdays_restricted = false;
};

struct Schedule {
  enum class Kind { kOnce, kEvery, kCron };
  Kind kind = Kind::kOnce;  // no schedule: a source crawled only by `crawl --once`
  int64_t every = 0;        // kEvery: seconds between the starts of two passes
  CronSpec cron;            // kCron
  std::string text;         // as written, for messages and `trawl status`
};

// "90s", "15m", "6h", "1d", "1w", and sums of them ("1h30m"). At least 60 s. kInvalid
// with the reason otherwise ("every = \"5x\": unknown unit 'x' (s, m, h, d, w)").
Result<Schedule> parse_every(std::string_view text);

// Five fields, minute hour day-of-month month day-of-week, each "*", a value, a range
// "a-b", a step "*/n" or "a-b/n", or a comma-separated list of these; month and weekday
// names in English ("jan", "mon"), any case. The macros @hourly, @daily (@midnight),
// @weekly, @monthly, @yearly (@annually). kInvalid naming the field and what is wrong,
// also for an expression that can never fire ("0 0 30 2 *").
Result<Schedule> parse_cron(std::string_view text);

// When the next pass starts. `last_start`: when the last pass started (0: never).
// kEvery: last_start + every, or `now` if it never ran or that time is long past (a
// daemon that was stopped does not run the missed passes one after another, it runs
// one at once). kCron: the first matching minute after last_start (after now - 60 if
// it never ran), or `now` if that is already past. kOnce: -1 (never by itself).
int64_t next_run(const Schedule& schedule, int64_t last_start, int64_t now);

}  // namespace trawl
