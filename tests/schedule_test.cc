// Recrawl schedules: every = "..." and cron expressions, against dates worked out by hand
// (and checked with `date -u -d @N`).
#include "config/schedule.h"

#include <catch2/catch.hpp>

using namespace trawl;

namespace {

// 2026-12-02 21:37:12 UTC, a Wednesday
constexpr int64_t kNow = 1796247432;

int64_t next_cron(const char* expr, int64_t last, int64_t now = kNow) {
  auto s = parse_cron(expr);
  INFO(expr << (s ? "" : ": " + s.error().message));
  REQUIRE(s);
  return next_run(*s, last, now);
}

}  // namespace

TEST_CASE("every reads units and sums of them, and refuses the rest with the reason",
          "[crawl][schedule]") {
  CHECK(parse_every("6h")->every == 6 * 3600);
  CHECK(parse_every("15m")->every == 900);
  CHECK(parse_every("1h30m")->every == 5400);
  CHECK(parse_every("90s")->every == 90);
  CHECK(parse_every("1d")->every == 86400);
  CHECK(parse_every("2w")->every == 14 * 86400);
  for (const char* bad : {"", "6", "h", "6x", "30s", "1.5h", "-1h", "6 h"}) {
    INFO(bad);
    auto s = parse_every(bad);
    REQUIRE_FALSE(s);
    CHECK(s.error().code == ErrorCode::kInvalid);
    CHECK_THAT(s.error().message, Catch::StartsWith("every = \""));
  }
  CHECK_THAT(parse_every("6x").error().message, Catch::Contains("unknown unit 'x'"));
  CHECK_THAT(parse_every("30s").error().message, Catch::Contains("at least one minute"));
}

TEST_CASE("every: the next pass is one interval after the last start, or now when missed",
          "[crawl][schedule]") {
  Schedule s = *parse_every("6h");
  CHECK(next_run(s, 0, kNow) == kNow);                       // never ran: at once
  CHECK(next_run(s, kNow - 3600, kNow) == kNow + 5 * 3600);  // ran an hour ago
  // stopped for two days: one pass now, not the eight it missed
  CHECK(next_run(s, kNow - 2 * 86400, kNow) == kNow);
  Schedule once;
  CHECK(next_run(once, kNow - 10, kNow) == -1);
}

TEST_CASE("cron: the next matching minute in UTC", "[crawl][schedule]") {
  const int64_t last = kNow - 60;  // a pass started a minute ago
  // every 6 hours: the next is 2026-12-03 00:00
  CHECK(next_cron("0 */6 * * *", last) == 1796256000);
  // every 15 minutes: 21:45
  CHECK(next_cron("*/15 * * * *", last) == 1796247900);
  // 09:30 on weekdays: Thursday 2026-12-03 09:30
  CHECK(next_cron("30 9 * * mon-fri", last) == 1796290200);
  // 06:00 on Sundays: 2026-12-06
  CHECK(next_cron("0 6 * * 0", last) == 1796536800);
  CHECK(next_cron("0 6 * * 7", last) == 1796536800);  // 7 is Sunday too
  CHECK(next_cron("0 6 * * SUN", last) == 1796536800);
  // the 1st of the month at midnight: 2027-01-01
  CHECK(next_cron("@monthly", last) == 1798761600);
  CHECK(next_cron("0 0 1 jan *", last) == 1798761600);
  // day of month OR day of week when both are restricted (Vixie cron): the 15th or a Friday,
  // so Friday 2026-12-04
  CHECK(next_cron("0 12 15 * fri", last) == 1796385600);
  // 29 February: 2028
  CHECK(next_cron("0 0 29 2 *", last) == 1835395200);
  // a list and a range with a step
  CHECK(next_cron("5,50 20-23/2 * * *", last) == 1796249100);  // hours 20 and 22: 22:05
  // missed while stopped: at once
  CHECK(next_cron("0 0 * * *", kNow - 3 * 86400) == kNow);
}

TEST_CASE("cron refuses what it cannot read, naming the field", "[crawl][schedule]") {
  struct Case {
    const char* expr;
    const char* says;
  };
  for (const Case& c :
       {Case{"0 */6 * *", "five fields"}, Case{"60 * * * *", "minute"}, Case{"0 24 * * *", "hour"},
        Case{"0 0 0 * *", "day of month"}, Case{"0 0 * 13 *", "month"},
        Case{"0 0 * * 8", "day of week"}, Case{"0 0 * foo *", "month \"foo\": not a value"},
        Case{"*/0 * * * *", "step"}, Case{"0 5-2 * * *", "backwards"},
        Case{"0 0 30 2 *", "never fires"}, Case{"0 0 31 4,6,9,11 *", "never fires"},
        Case{"1,,2 * * * *", "empty list item"}}) {
    INFO(c.expr);
    auto s = parse_cron(c.expr);
    REQUIRE_FALSE(s);
    CHECK(s.error().code == ErrorCode::kInvalid);
    CHECK_THAT(s.error().message, Catch::StartsWith("cron = \"") && Catch::Contains(c.says));
  }
}
