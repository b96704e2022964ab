// Calendar dates as trawl stores them: "YYYY-MM-DD" strings (UTC), which sort as text.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace trawl {

// Parses the machine-readable date forms found in metadata: ISO 8601 dates and
// date-times ("2024-03-28", "2024-03-28T09:00:00+09:00", "20240328", "2024/03/28"),
// PDF dates ("D:20240328090000+09'00'") and HTTP dates ("Thu, 28 Mar 2024 09:00:00 GMT").
// Returns "YYYY-MM-DD" (the calendar date as written, time zone not applied), or nullopt
// if the text is not such a date or the date is impossible (month 13, 30 February...).
std::optional<std::string> parse_date(std::string_view text);

// An HTTP date (RFC 9110 5.6.7: IMF-fixdate "Sun, 06 Nov 1994 08:49:37 GMT", and the
// obsolete forms a recipient must accept, RFC 850 "Sunday, 06-Nov-94 08:49:37 GMT" and
// asctime "Sun Nov  6 08:49:37 1994") -> unix seconds. A two-digit year is 19YY from 50
// on, 20YY below. "GMT", "UTC" or "+0000" as the zone, or none. nullopt otherwise.
std::optional<int64_t> parse_http_date(std::string_view text);

// Unix seconds -> "YYYY-MM-DD" in UTC. Returns "" for t <= 0 (unknown).
std::string format_date(int64_t unix_seconds);

// "YYYY-MM-DD" -> "YYYYMMDD" (the form kept in the index's date value).
std::string compact_date(std::string_view iso_date);

// Unix seconds -> "YYYY-MM-DDTHH:MM:SSZ".
std::string format_timestamp(int64_t unix_seconds);

// A Windows FILETIME (100 ns since 1601-01-01 UTC, in compound files and .msg
// properties) -> unix seconds; 0 for none, a time before 1970 or after 9999.
int64_t filetime_to_unix(uint64_t filetime);

}  // namespace trawl
