// robots.txt (RFC 9309): parsing a file, and deciding whether a crawler may fetch a URL.
// Pure functions over bytes and status codes: fetching the file (and following its
// redirects, and caching it for at most 24 hours) is the fetcher's job.
//
// Usage:
//   RobotsTxt robots = robots_for_status(response.status, response.body);
//   RobotsDecision d = decide(robots, "trawl", "/private/report.pdf?page=2");
//   if (!d.allowed) refuse(ErrorCode::kRefused, "robots.txt: " + d.reason);
//
// Thread safety: a RobotsTxt is immutable once made; any number of threads may call
// decide() and crawl_delay() on one at the same time.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace trawl {

// How much of a body is parsed: RFC 9309 2.5 asks for at least 500 KiB. A line cut by the
// limit is dropped whole, so that a truncated "Allow: /private/" cannot become a broader
// "Allow: /pr".
inline constexpr std::size_t kRobotsParseLimit = 500 * 1024;

// One allow or disallow line with a non-empty value. (An empty "Disallow:" disallows
// nothing and is not kept; it still ends the group's user-agent lines.)
struct RobotsRule {
  bool allow = false;
  std::string pattern;  // the value as written, trimmed: "/private/", "*.gif$"
  int line = 0;         // 1-based line in the file
  // The pattern as compared with a path (see robots_normalize_path() for the rules):
  // non-ASCII and other octets a URI cannot hold raw percent-encoded as %XX, encoded
  // unreserved characters decoded, hex upper-cased; "*" is the wildcard, a final "$" the
  // end anchor, a "$" anywhere else the literal "%24". A value that starts with neither
  // "/" nor "*" gets a leading "/" (its author evidently meant a path; as written it could
  // never match). Its length in octets is the rule's specificity (RFC 9309 2.2.2).
  std::string normalized;
};

// A user-agent line.
struct RobotsAgent {
  std::string value;  // as written: "Trawl", "*", "Googlebot/2.1"
  // Lower-cased product token: the value up to the first character that cannot be in
  // one ("googlebot" for "Googlebot/2.1"), "*" for the "*" line, "" when the value does
  // not start with one (such a line matches no crawler). RFC 9309 2.2.1 allows letters,
  // "_" and "-"; digits are accepted too, so that "trawl2" names that crawler, not "trawl".
  std::string token;
  int line = 0;
};

// One group as it appears in the file: consecutive user-agent lines and the lines under
// them, up to the next user-agent line that follows a rule. Lines of other records
// (sitemap, crawl-delay, unknown keys) never start or end a group (RFC 9309 2.2.4).
// Groups of the same agent are kept apart here and merged when deciding.
struct RobotsGroup {
  std::vector<RobotsAgent> agents;
  std::vector<RobotsRule> rules;      // in file order
  std::optional<double> crawl_delay;  // seconds; the last valid crawl-delay line of the group
};

// A parsed robots.txt, or what the crawler must assume when there is none to parse.
class RobotsTxt {
 public:
  enum class Kind {
    kRules,        // parsed from a body (which may hold no rules at all: all allowed)
    kAllowAll,     // "unavailable" (RFC 9309 2.3.1.3): the crawler may fetch anything
    kDisallowAll,  // "unreachable" (RFC 9309 2.3.1.4): complete disallow until fetched
  };

  // An empty file: no groups, everything allowed.
  RobotsTxt() = default;

  Kind kind() const { return kind_; }
  // kAllowAll and kDisallowAll: why, for messages ("robots.txt unreachable (HTTP 503)").
  // kRules: "".
  const std::string& why() const { return why_; }
  // kRules: the groups in file order; empty for the other kinds.
  const std::vector<RobotsGroup>& groups() const { return groups_; }
  // The sitemap lines' values as written, in file order, wherever they appear (they
  // belong to no group). Empty for kAllowAll and kDisallowAll.
  const std::vector<std::string>& sitemaps() const { return sitemaps_; }
  // True when the body was longer than kRobotsParseLimit and its end was ignored.
  bool truncated() const { return truncated_; }

  // The crawl-delay in seconds for a crawler (non-standard, but we honour it): the
  // largest one among the groups decide() uses for `agent_product_token`, nullopt when
  // none of them sets one (or the kind is not kRules). Values are as written, not capped
  // (the caller applies its maximum); negative, NaN, infinite or unreadable values are
  // ignored at parse time.
  std::optional<double> crawl_delay(std::string_view agent_product_token) const;

 private:
  friend RobotsTxt parse_robots(std::string_view body);
  friend RobotsTxt robots_for_status(int http_status, std::string_view body);
  friend RobotsTxt robots_unreachable(std::string_view why);

  Kind kind_ = Kind::kRules;
  std::string why_;
  std::vector<RobotsGroup> groups_;
  std::vector<std::string> sitemaps_;
  bool truncated_ = false;
};

// Parses the first kRobotsParseLimit bytes of a robots.txt body; never fails (RFC 9309
// 2.3.1.5: what can be parsed is used, the rest is ignored, so garbage yields no rules).
// Lines end in LF, CR or CRLF; a leading UTF-8 BOM is skipped; "#" starts a comment;
// keys are case-insensitive, with whitespace allowed around the colon. Lenient like
// Google's parser where it is safe: a missing colon ("Disallow /x", exactly two words),
// the misspellings "useragent", "user agent", "dissallow", "dissalow", "disalow",
// "diasllow", "disallaw", "site-map", "crawldelay" and "crawl delay". Allow and disallow
// lines before the first user-agent line belong to no group and are ignored.
RobotsTxt parse_robots(std::string_view body);

// What to follow after fetching robots.txt, by the final HTTP status (the fetcher has
// followed redirects; RFC 9309 2.3.1.2 asks for at least five):
//   2xx            the body, parsed (kRules)
//   3xx            too many redirects: "unavailable", everything allowed (2.3.1.2)
//   4xx but 429    "unavailable", everything allowed (401 and 403 included, 2.3.1.3)
//   429, 5xx       "unreachable", everything disallowed (2.3.1.4). 429 Too Many Requests
//                  is a server asking us to back off, not saying there is no file; Google
//                  treats it the same way.
//   anything else  (0, 1xx, >= 600) unreachable, everything disallowed
// `body` is only read for 2xx.
RobotsTxt robots_for_status(int http_status, std::string_view body = {});

// No answer at all (DNS failure, connection refused, time-out): "unreachable", everything
// disallowed until the file can be fetched. `why` is one line naming the cause
// ("connection refused"); it appears in decisions as
// "robots.txt unreachable (connection refused): everything disallowed".
RobotsTxt robots_unreachable(std::string_view why);

struct RobotsDecision {
  bool allowed = true;
  // The rule that decided; nullopt when none matched (allowed), for /robots.txt itself,
  // and for kAllowAll / kDisallowAll.
  std::optional<RobotsRule> rule;
  // The group used, as its matching user-agent line is written ("trawl", "Trawl/1.0",
  // "*"): the one holding the deciding rule, else the first group that applies. "" when
  // no group applies, and for kAllowAll / kDisallowAll.
  std::string group;
  // One line saying why, e.g.
  //   Disallow: /private/ (line 4, group "trawl")
  //   no rule matched (group "*")
  //   no rule matched (no group for "trawl" and no "*" group)
  //   /robots.txt is always allowed
  //   robots.txt unreachable (HTTP 503): everything disallowed
  std::string reason;
};

// Whether the crawler with product token `agent_product_token` ("trawl") may fetch
// `path_and_query` ("/a/b?c=d", as sent in the request line; a "#fragment" is ignored, ""
// and "?q" are read as "/" and "/?q").
//
// RFC 9309: the groups whose user-agent token equals the crawler's, compared
// case-insensitively, are merged (2.2.1); if there are none, the "*" groups; if there are
// none either, everything is allowed. Among the merged rules that match, the one with the
// longest normalized pattern wins, and allow wins a tie (2.2.2); no rule matching means
// allowed. "/robots.txt" is always allowed. Patterns match from the path's first octet;
// "*" matches any run of octets, a final "$" the end of the path and query.
//
// REQUIRES: agent_product_token is a product token (letters, digits, "_", "-"); of
// anything else only its leading product token is used, and an empty one matches only
// the "*" groups.
//
// Cost: linear in the path length times the number of rules, plus the patterns' length;
// no backtracking, whatever the patterns hold.
RobotsDecision decide(const RobotsTxt& robots, std::string_view agent_product_token,
                      std::string_view path_and_query);

// A path and query as it is compared with patterns (RFC 9309 2.2.2 and 2.2.3, with RFC
// 3986 6.2.2 normalisation):
//   - "%XX" of an unreserved character (letters, digits, "-", ".", "_", "~") is decoded;
//     any other "%XX" stays encoded, with upper-case hex ("%e3" and "%E3" are equal);
//   - octets that a URI cannot hold raw (non-ASCII, controls, space, '"', "<", ">", "\",
//     "^", "`", "{", "|", "}") and a "%" not starting "%XX" are percent-encoded, so the
//     UTF-8 of "ツ" and "%E3%83%84" are equal;
//   - "*" and "$" are encoded as "%2A" and "%24", so that the patterns "%2A" and "%24"
//     match them (2.2.3) and the wildcard and the anchor never do literally;
//   - other reserved characters (":", "/", "?", "=", "&", ...) are compared as written:
//     "/a/b" and "/a%2Fb" differ, as they do for the server (RFC 3986 2.2). This is also
//     what Google's reference parser does; it departs from the second example of RFC 9309
//     2.2.2, where ":" and "/" of a query value are shown encoded.
// The fragment is cut, and a path that does not start with "/" gets one.
std::string robots_normalize_path(std::string_view path_and_query);

}  // namespace trawl
