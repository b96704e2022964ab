#include "crawl/robots.h"

#include <charconv>
#include <cmath>
#include <cstring>
#include <string>
#include <system_error>

namespace trawl {
namespace {

bool is_ws(char c) { return c == ' ' || c == '\t'; }

std::string_view trim_ws(std::string_view s) {
  while (!s.empty() && is_ws(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_ws(s.back())) s.remove_suffix(1);
  return s;
}

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = lower(c);
  return out;
}

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_token_char(char c) { return is_alpha(c) || is_digit(c) || c == '_' || c == '-'; }

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// RFC 3986 2.3
bool is_unreserved(unsigned char c) {
  return is_alpha(static_cast<char>(c)) || is_digit(static_cast<char>(c)) || c == '-' || c == '.' ||
         c == '_' || c == '~';
}

// RFC 3986 2.2, gen-delims and sub-delims
bool is_reserved(unsigned char c) {
  return c != 0 && std::strchr(":/?#[]@!$&'()*+,;=", c) != nullptr;
}

// Appends "%XX" (upper-case hex) for one octet.
void append_encoded(std::string& out, unsigned char octet) {
  static const char kHex[] = "0123456789ABCDEF";
  out += '%';
  out += kHex[octet >> 4];
  out += kHex[octet & 0xF];
}

// Appends s[i] (and the two hex digits after a "%") normalized; returns the index after.
// "*" and "$" are left to the caller.
size_t append_normalized(std::string& out, std::string_view s, size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
  if (c == '%') {
    const int hi = i + 2 < s.size() ? hex_value(s[i + 1]) : -1;
    const int lo = hi >= 0 ? hex_value(s[i + 2]) : -1;
    if (hi < 0 || lo < 0) {
      append_encoded(out, '%');  // a lone "%": the octet itself
      return i + 1;
    }
    const auto octet = static_cast<unsigned char>(hi * 16 + lo);
    if (is_unreserved(octet))
      out += static_cast<char>(octet);
    else
      append_encoded(out, octet);
    return i + 3;
  }
  if (is_unreserved(c) || is_reserved(c))
    out += static_cast<char>(c);
  else
    append_encoded(out, c);
  return i + 1;
}

std::string normalize_pattern(std::string_view value) {
  std::string out;
  out.reserve(value.size() + 8);
  if (value.front() != '/' && value.front() != '*') out += '/';
  for (size_t i = 0; i < value.size();) {
    const char c = value[i];
    if (c == '*') {
      out += '*';
      ++i;
    } else if (c == '$') {
      if (i + 1 == value.size())
        out += '$';  // the end anchor
      else
        append_encoded(out, '$');
      ++i;
    } else {
      i = append_normalized(out, value, i);
    }
  }
  return out;
}

// The lower-cased product token at the start of s ("" if none).
std::string leading_token(std::string_view s) {
  size_t n = 0;
  while (n < s.size() && is_token_char(s[n])) ++n;
  return lower(s.substr(0, n));
}

// ---- matching ------------------------------------------------------------------------

// The first occurrence of `needle` in `hay` at or after `from`, in O(|hay| + |needle|)
// (Knuth-Morris-Pratt), so that a hostile pattern piece such as "aaaa...ab" costs no
// more than a plain one. Short needles use string_view::find, whose worst case
// (|hay| * |needle|) is then small.
size_t find_linear(std::string_view hay, std::string_view needle, size_t from,
                   std::vector<size_t>& fail) {
  if (needle.size() <= 16) return hay.find(needle, from);
  if (from > hay.size() || hay.size() - from < needle.size()) return std::string_view::npos;
  fail.assign(needle.size(), 0);
  for (size_t i = 1, k = 0; i < needle.size(); ++i) {
    while (k > 0 && needle[i] != needle[k]) k = fail[k - 1];
    if (needle[i] == needle[k]) ++k;
    fail[i] = k;
  }
  for (size_t i = from, k = 0; i < hay.size(); ++i) {
    while (k > 0 && hay[i] != needle[k]) k = fail[k - 1];
    if (hay[i] == needle[k]) ++k;
    if (k == needle.size()) return i + 1 - needle.size();
  }
  return std::string_view::npos;
}

// Whether a normalized pattern matches a normalized path from its first octet. Greedy:
// the literal pieces between the "*"s are found leftmost one after the other, which is
// exact for patterns whose only wildcard is "*" (an earlier end for one piece never
// leaves less room for the next); with a final "$" the last piece must end the path.
bool pattern_matches(std::string_view pattern, std::string_view path,
                     std::vector<size_t>& scratch) {
  const bool anchored = !pattern.empty() && pattern.back() == '$';
  if (anchored) pattern.remove_suffix(1);
  size_t star = pattern.find('*');
  std::string_view first = pattern.substr(0, star);
  if (path.substr(0, first.size()) != first) return false;
  if (star == std::string_view::npos) return !anchored || path.size() == first.size();
  size_t pos = first.size();
  for (;;) {
    const size_t begin = star + 1;
    star = pattern.find('*', begin);
    std::string_view piece = pattern.substr(
        begin, star == std::string_view::npos ? std::string_view::npos : star - begin);
    if (star == std::string_view::npos) {  // the last piece
      if (!anchored) return find_linear(path, piece, pos, scratch) != std::string_view::npos;
      return path.size() - pos >= piece.size() && path.substr(path.size() - piece.size()) == piece;
    }
    if (piece.empty()) continue;  // "**"
    const size_t at = find_linear(path, piece, pos, scratch);
    if (at == std::string_view::npos) return false;
    pos = at + piece.size();
  }
}

// ---- groups --------------------------------------------------------------------------

// A group that applies to a crawler, with the user-agent line that made it apply.
struct Applying {
  const RobotsGroup* group;
  const RobotsAgent* agent;
};

// The groups decide() uses: those naming the crawler's token, else the "*" ones.
std::vector<Applying> applying_groups(const std::vector<RobotsGroup>& groups,
                                      std::string_view agent) {
  const std::string token = leading_token(agent);
  std::vector<Applying> specific, global;
  for (const RobotsGroup& g : groups) {
    const RobotsAgent* named = nullptr;
    const RobotsAgent* star = nullptr;
    for (const RobotsAgent& a : g.agents) {
      if (!token.empty() && a.token == token && !named) named = &a;
      if (a.token == "*" && !star) star = &a;
    }
    if (named) specific.push_back({&g, named});
    if (star) global.push_back({&g, star});
  }
  return specific.empty() ? global : specific;
}

// Printable in a one-line reason: control octets (possible in a hostile file) as "?".
std::string printable(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
  return out;
}

std::string quoted(std::string_view s) { return "\"" + printable(s) + "\""; }

// ---- parsing -------------------------------------------------------------------------

enum class Key { kUserAgent, kAllow, kDisallow, kSitemap, kCrawlDelay, kOther };

Key key_of(std::string_view raw) {
  const std::string k = lower(raw);
  if (k == "user-agent" || k == "useragent" || k == "user agent") return Key::kUserAgent;
  if (k == "allow") return Key::kAllow;
  if (k == "disallow" || k == "dissallow" || k == "dissalow" || k == "disalow" || k == "diasllow" ||
      k == "disallaw")
    return Key::kDisallow;
  if (k == "sitemap" || k == "site-map") return Key::kSitemap;
  if (k == "crawl-delay" || k == "crawldelay" || k == "crawl delay") return Key::kCrawlDelay;
  return Key::kOther;
}

// Splits a line (comment cut, trimmed, not empty) into key and value. Without a colon,
// exactly two words separated by whitespace are read as key and value.
bool split_line(std::string_view line, std::string_view& key, std::string_view& value) {
  const size_t colon = line.find(':');
  if (colon != std::string_view::npos) {
    key = trim_ws(line.substr(0, colon));
    value = trim_ws(line.substr(colon + 1));
    return !key.empty();
  }
  size_t sp = 0;
  while (sp < line.size() && !is_ws(line[sp])) ++sp;
  if (sp == line.size()) return false;
  key = line.substr(0, sp);
  value = trim_ws(line.substr(sp));
  for (char c : value)
    if (is_ws(c)) return false;
  return true;
}

std::optional<double> parse_delay(std::string_view value) {
  double d = 0;
  const char* end = value.data() + value.size();
  auto [ptr, ec] = std::from_chars(value.data(), end, d);
  if (ec != std::errc() || ptr != end || !std::isfinite(d) || d < 0) return std::nullopt;
  return d;
}

}  // namespace

RobotsTxt parse_robots(std::string_view body) {
  RobotsTxt robots;
  if (body.size() > kRobotsParseLimit) {
    robots.truncated_ = true;
    const char next = body[kRobotsParseLimit];
    body = body.substr(0, kRobotsParseLimit);
    if (next != '\n' && next != '\r') {  // the last line is cut: drop it
      const size_t eol = body.find_last_of("\r\n");
      body = eol == std::string_view::npos ? std::string_view() : body.substr(0, eol + 1);
    }
  }
  if (body.substr(0, 3) == "\xEF\xBB\xBF") body.remove_prefix(3);

  bool taking_agents = false;  // the last user-agent line has no rule under it yet
  int number = 0;
  size_t at = 0;
  while (at < body.size()) {
    size_t eol = body.find_first_of("\r\n", at);
    if (eol == std::string_view::npos) eol = body.size();
    std::string_view line = body.substr(at, eol - at);
    at = eol;
    if (at < body.size()) at += body.substr(at, 2) == "\r\n" ? 2 : 1;
    ++number;

    line = trim_ws(line.substr(0, line.find('#')));
    std::string_view key, value;
    if (line.empty() || !split_line(line, key, value)) continue;
    switch (key_of(key)) {
      case Key::kUserAgent: {
        if (!taking_agents) robots.groups_.emplace_back();
        taking_agents = true;
        RobotsAgent agent;
        agent.value = std::string(value);
        agent.token = value == "*" || (value.size() > 1 && value[0] == '*' && is_ws(value[1]))
                          ? "*"
                          : leading_token(value);
        agent.line = number;
        robots.groups_.back().agents.push_back(std::move(agent));
        break;
      }
      case Key::kAllow:
      case Key::kDisallow: {
        if (robots.groups_.empty()) break;  // before any user-agent line: in no group
        taking_agents = false;
        if (value.empty()) break;  // "Disallow:" disallows nothing
        RobotsRule rule;
        rule.allow = key_of(key) == Key::kAllow;
        rule.pattern = std::string(value);
        rule.normalized = normalize_pattern(value);
        rule.line = number;
        robots.groups_.back().rules.push_back(std::move(rule));
        break;
      }
      case Key::kCrawlDelay:
        if (robots.groups_.empty()) break;
        if (auto d = parse_delay(value)) robots.groups_.back().crawl_delay = d;
        break;
      case Key::kSitemap:
        if (!value.empty()) robots.sitemaps_.emplace_back(value);
        break;
      case Key::kOther:
        break;
    }
  }
  return robots;
}

RobotsTxt robots_for_status(int http_status, std::string_view body) {
  if (http_status >= 200 && http_status <= 299) return parse_robots(body);
  RobotsTxt robots;
  const std::string status = "HTTP " + std::to_string(http_status);
  if (http_status >= 300 && http_status <= 499 && http_status != 429) {
    robots.kind_ = RobotsTxt::Kind::kAllowAll;
    robots.why_ = "robots.txt unavailable (" + status + ")";
  } else {
    robots.kind_ = RobotsTxt::Kind::kDisallowAll;
    robots.why_ = "robots.txt unreachable (" + status + ")";
  }
  return robots;
}

RobotsTxt robots_unreachable(std::string_view why) {
  RobotsTxt robots;
  robots.kind_ = RobotsTxt::Kind::kDisallowAll;
  robots.why_ = "robots.txt unreachable (" + printable(why) + ")";
  return robots;
}

std::optional<double> RobotsTxt::crawl_delay(std::string_view agent_product_token) const {
  std::optional<double> delay;
  if (kind_ != Kind::kRules) return delay;
  for (const Applying& a : applying_groups(groups_, agent_product_token))
    if (a.group->crawl_delay && (!delay || *a.group->crawl_delay > *delay))
      delay = a.group->crawl_delay;
  return delay;
}

std::string robots_normalize_path(std::string_view path_and_query) {
  path_and_query = path_and_query.substr(0, path_and_query.find('#'));
  std::string out;
  out.reserve(path_and_query.size() + 8);
  if (path_and_query.empty() || path_and_query.front() != '/') out += '/';
  for (size_t i = 0; i < path_and_query.size();) {
    const char c = path_and_query[i];
    if (c == '*' || c == '$') {
      append_encoded(out, static_cast<unsigned char>(c));
      ++i;
    } else {
      i = append_normalized(out, path_and_query, i);
    }
  }
  return out;
}

RobotsDecision decide(const RobotsTxt& robots, std::string_view agent_product_token,
                      std::string_view path_and_query) {
  RobotsDecision d;
  const std::string path = robots_normalize_path(path_and_query);
  if (path == "/robots.txt") {
    d.reason = "/robots.txt is always allowed";
    return d;
  }
  if (robots.kind() == RobotsTxt::Kind::kAllowAll) {
    d.reason = robots.why() + ": everything allowed";
    return d;
  }
  if (robots.kind() == RobotsTxt::Kind::kDisallowAll) {
    d.allowed = false;
    d.reason = robots.why() + ": everything disallowed";
    return d;
  }

  const std::vector<Applying> groups = applying_groups(robots.groups(), agent_product_token);
  if (groups.empty()) {
    d.reason = "no rule matched (no group for " + quoted(leading_token(agent_product_token)) +
               " and no \"*\" group)";
    return d;
  }
  std::vector<size_t> scratch;
  const RobotsRule* best = nullptr;
  const Applying* best_group = nullptr;
  for (const Applying& g : groups) {
    for (const RobotsRule& r : g.group->rules) {
      if (best && (r.normalized.size() < best->normalized.size() ||
                   (r.normalized.size() == best->normalized.size() && (best->allow || !r.allow))))
        continue;  // cannot win: shorter, or a tie that the one we have wins
      if (!pattern_matches(r.normalized, path, scratch)) continue;
      best = &r;
      best_group = &g;
    }
  }
  if (!best) {
    d.group = groups.front().agent->value;
    d.reason = "no rule matched (group " + quoted(d.group) + ")";
    return d;
  }
  d.allowed = best->allow;
  d.rule = *best;
  d.group = best_group->agent->value;
  d.reason = std::string(best->allow ? "Allow: " : "Disallow: ") + printable(best->pattern) +
             " (line " + std::to_string(best->line) + ", group " + quoted(d.group) + ")";
  return d;
}

}  // namespace trawl
