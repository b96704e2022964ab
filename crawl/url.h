// URLs for the crawler: parsing absolute http(s) URLs, resolving the links of a page
// (RFC 3986 section 5), normalising a URL into the one form the frontier, the catalog and
// the index key on, hosts and registrable domains, SURT keys for CDXJ indexes, and scope
// rules. crawl/url_uriparser.cc is the adapter over uriparser, libidn2 and libpsl; none
// of their types appear here.
//
// Usage:
//   Result<std::string> link = resolve(page_url, href);          // as a browser would
//   if (!link) return;                                           // one-line reason
//   Result<std::string> url = normalize(*link, options);         // the frontier's key
//   if (!url) return;                                            // kUnsupported: mailto:...
//   ScopeDecision d = in_scope(source.scope, *url);
//   if (!d.allowed) record(ErrorCode::kRefused, d.reason);
//
// Bytes: URLs are UTF-8 text; octets that a URI cannot hold raw (non-ASCII, controls,
// space, '"', '<', '>', '\', '^', '`', '{', '|', '}') are percent-encoded as they are,
// so a URL in another charset keeps its octets (browsers encode a query in the page's
// charset; the caller converts a page to UTF-8 first and gets UTF-8 queries).
//
// Messages: every error is one line that names the URL as given, cut to 200 octets, with
// octets outside printable ASCII shown as %XX (so that a message is always valid UTF-8
// and one line, whatever the URL held) and any user:password shown as "***".
//
// Thread safety: every function here is pure and may be called from any number of
// threads at once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace trawl {

// Longest URL accepted, in octets after cleaning (see resolve()), kTooLarge past it.
// Servers commonly refuse request lines over 8 KiB, so a longer URL cannot be fetched.
inline constexpr std::size_t kMaxUrlLength = 8192;

// An absolute http or https URL, split. Plain strings, cheap to copy.
struct Url {
  std::string scheme;  // "http" or "https"
  // ASCII, lower-case, IDNA-mapped ("xn--e1afmkfd.xn--p1ai"), without a trailing dot;
  // an IPv4 address in dotted-decimal form ("127.0.0.1", also for "0x7f.1" or
  // "2130706433", which resolvers read the same way); an IPv6 address in brackets, in the
  // RFC 5952 form ("[::1]", "[2001:db8::1]").
  std::string host;
  std::uint16_t port = 0;  // 0: the scheme's default (an explicit ":80" on http is 0 too)
  // Never empty ("" becomes "/"); octets a URI cannot hold raw percent-encoded, the rest
  // as written (parse_url() does not normalise it; normalize() does).
  std::string path = "/";
  std::string query;     // without the "?"; "" when there is none or it is empty
  std::string fragment;  // without the "#"; "" when there is none or it is empty

  // port, or 80 for http and 443 for https when it is 0.
  std::uint16_t effective_port() const;
  // The request target: path, then "?" and the query when there is one.
  std::string target() const;
  // scheme "://" host [":" port] path ["?" query] ["#" fragment]; a port only when not 0.
  std::string str() const;
};

// Parses an absolute http or https URL, cleaned as resolve() cleans a reference.
// Returns the Url, or:
//   kInvalid      not absolute ("/a", "example.com/a"), not RFC 3986 syntax even once
//                 cleaned, a NUL octet inside, no host ("http:///a", "http:g"), a host
//                 that no resolver could look up (an empty label, a character other than
//                 letters, digits, "-", "_" and ".", a label IDNA2008 refuses, over 253
//                 octets), an IPv4-looking host that is not one ("1.2.3.256"), a port
//                 over 65535 or 0, an IPv6 zone ("[fe80::1%25eth0]");
//   kUnsupported  a scheme other than http and https ("javascript:", "mailto:", "ftp:"),
//                 user credentials ("http://user:pass@host/": never sent, never stored),
//                 an IPvFuture host ("[v1.x]");
//   kTooLarge     longer than kMaxUrlLength.
// Host processing (the only normalisation done here, because every use of a host needs
// it): percent-escapes decoded, then each label that is not ASCII mapped by libidn2
// (IDNA2008 with UTS #46 non-transitional processing: "Пример" -> "xn--e1afmkfd", "faß"
// -> "xn--fa-hia", full-width letters folded, "。" read as "."); ASCII labels are only
// lower-cased, so that real hosts such as "r3---sn-abc.googlevideo.com", which IDNA2008
// refuses, still work. A host whose last label is a number is read as an IPv4 address
// the way the WHATWG URL standard (and inet_aton) reads it: 1 to 4 parts, each decimal,
// 0x-hex or 0-octal.
Result<Url> parse_url(std::string_view text);

// Resolves `reference` (an href, a src, a Location header value) against `base` (the
// URL of the page, or its <base href>) by RFC 3986 section 5.2 with strict parsing
// ("http:g" stays "http:g"), giving a URI with any scheme ("mailto:a@b" stays itself),
// with the base's fragment dropped and the reference's kept: "" gives the base without
// its fragment, "#s" the base with fragment "s", "?y" the base's path with query "y",
// "//g/x" the base's scheme with host "g". Dot segments are removed from the merged path,
// and "../" above the root is dropped ("../../../g" -> "http://a/g").
//
// Both strings are first cleaned as browsers clean an href (WHATWG URL standard):
// leading and trailing spaces and C0 controls removed, tabs, CRs and LFs removed
// wherever they are; for http and https (the reference's scheme, else the base's) a "\"
// before the query is read as "/"; then octets a URI cannot hold raw (see the top of
// this file) percent-encoded, a "%" not followed by two hex digits written "%25", a "#"
// after the first one "%23", "[" and "]" outside the authority encoded. A host is not
// IDNA-mapped here: "http://пример.рф/" resolves to "http://%D0%BF...%D1%84/", which
// normalize() maps.
//
// Errors: kInvalid when base is not absolute or either string is not a URI reference
// once cleaned (or holds a NUL octet), kTooLarge when either is longer than kMaxUrlLength
// once cleaned. The message names the string at fault.
Result<std::string> resolve(std::string_view base, std::string_view reference);

// Query parameters that only track who clicked what. A name ending in "*" is a prefix.
// utm_* (Google Analytics campaigns), fbclid, gclid, dclid, msclkid, yclid, mc_cid, mc_eid
// (Mailchimp), _ga, igshid, ref_src (Twitter), spm (Alibaba).
std::vector<std::string> default_tracking_params();

struct UrlOptions {
  // Query parameters that normalize() drops, by name, compared with ASCII letters
  // case-insensitively after percent-encoding is normalised ("utm%5Fsource" is
  // "utm_source"); a name ending in "*" is a prefix ("utm_*"). Empty: none dropped.
  std::vector<std::string> drop_params = default_tracking_params();
};

// The one form of a URL that the crawler stores, compares and fetches:
//   - parse_url() (so only http and https; host lower-case, IDNA-mapped to punycode,
//     IPv4 and IPv6 in canonical form, no trailing dot; errors as parse_url());
//   - the default port removed (80 for http, 443 for https);
//   - percent-encoding of the path and query normalised (RFC 3986 6.2.2): an escaped
//     unreserved character (letters, digits, "-", ".", "_", "~") decoded, any other escape
//     kept with upper-case hex ("%2f" -> "%2F": an encoded "/" is not a "/"), octets a URI
//     cannot hold raw encoded ("/a b" -> "/a%20b", "/ü" -> "/%C3%BC");
//   - dot segments removed from the path ("/a/./b/../c" -> "/a/c", "%2E" counts as "."),
//     an empty path written "/";
//   - the query: parameters (split at "&") named in options.drop_params dropped, and
//     empty ones ("a=1&&b=2"); the others kept in their order (sites depend on it);
//     "?" written only when a parameter is left. "+" and "=" are kept as they are;
//   - the fragment dropped.
// The result is idempotent: normalize(normalize(u)) == normalize(u).
Result<std::string> normalize(std::string_view url, const UrlOptions& options = {});

// The host of an absolute http(s) URL as parse_url() gives it ("xn--3e0b707e.kr",
// "[::1]"); "" when it cannot be parsed.
std::string host_of(std::string_view url);

// The registrable domain of a host by the Public Suffix List (libpsl's built-in copy):
// "news.bbc.co.uk" -> "bbc.co.uk", "a.b.github.io" -> "b.github.io" (private suffixes
// count). The host itself (lower-cased, IDNA-mapped, without a trailing dot) when it has
// none: an IP address ("127.0.0.1", "[::1]"), a public suffix ("co.uk"), a single label
// ("localhost"). "" for "".
std::string registrable_domain(std::string_view host);

// True for a dotted-decimal IPv4 address ("192.0.2.1") and an IPv6 address with or
// without brackets ("[::1]", "2001:db8::1"); false for a name. Strict: "0x7f.1" is not
// one (parse_url() rewrites it to "127.0.0.1", which is).
bool is_ip_literal(std::string_view host);

// The SURT key of a URL, as pywb, warcio's indexers and the Wayback Machine write it in
// CDX(J) indexes (they all call the Internet Archive's `surt` package with its defaults,
// whose rules are reproduced here):
//   - the host's labels reversed, joined by ",", closed by ")": "com,example)"; a leading
//     "www", "www2"... label dropped; an IPv4 address reversed too ("1,0,0,127)");
//     lower-case; a non-default port kept ("com,example:8080)"); no scheme, no user info;
//   - the path and query fully percent-decoded (repeatedly), then only octets outside
//     "!" .. "~" and "#", "%" encoded again; empty path segments and dot segments removed;
//     then lower-cased, escapes included ("/%D0%BF" -> "/%d0%bf");
//   - a trailing "/" removed unless the path is "/" ("/a/" -> "/a");
//   - session ids removed (jsessionid, phpsessid, sid, aspsessionid, cfid/cftoken in the
//     query; ASP.NET "(S(...))" path segments);
//   - query parameters sorted by name, then value ("?b=1&a=2" -> "?a=2&b=1"), an empty
//     query dropped; the fragment dropped.
// "http://www.Example.com/a?b=1" -> "com,example)/a?b=1". Meant for the output of
// normalize(), but any http(s) URL gives the same key as `surt` would; a URL without an
// authority ("mailto:a@b") is returned as it is, "" gives "-".
std::string surt(std::string_view url);

// Which URLs a source may crawl.
//
// Patterns (include and exclude) are globs matched against the whole normalised URL, as
// normalize() writes it (lower-case scheme and host, no default port, no fragment): "*"
// matches any run of characters, "/" included, and every other character only itself
// ("?" and "." are literal, because URLs are full of them). "https://example.org/news/*",
// "*/login*", "*.pdf", "*://*.example.org/*". Case-sensitive. A glob, not a regex: an
// operator reads it at a glance, and it cannot backtrack badly (matching is at most
// URL length x pattern length).
struct ScopeRules {
  std::vector<std::string> hosts;    // exact hosts: "news.example.org" (not its subdomains)
  std::vector<std::string> domains;  // a domain and every host under it: "bbc.co.uk"
  std::vector<std::string> include;  // when any: the URL must match one of them
  std::vector<std::string> exclude;  // a URL that matches one is out, whatever else matches
};

struct ScopeDecision {
  bool allowed = false;
  // One line: why. Out of scope:
  //   host evil.example not in scope
  //   excluded by pattern */login*
  //   matches no include pattern
  //   not a URL: <parse_url()'s message>
  // In scope, e.g. "host news.bbc.co.uk under domain bbc.co.uk, included by pattern
  // https://*/news/*", "no scope rules".
  std::string reason;
};

// Decides whether `normalized_url` (normalize()'s output) is in scope:
//   1. when hosts or domains are given, the URL's host must equal one of the hosts, or
//      equal one of the domains or end with "." and one of them ("bbc.co.uk" covers
//      "bbc.co.uk" and "news.bbc.co.uk", not "notbbc.co.uk"); rule hosts and domains are
//      compared as parse_url() writes hosts (case, IDNA, a trailing dot do not matter);
//   2. a URL matching an exclude pattern is out;
//   3. when include patterns are given, the URL must match one.
// No rules at all: everything is in scope. A rule that cannot be read (an invalid host)
// matches nothing; check_scope_rules() reports it once, when the rules are loaded.
ScopeDecision in_scope(const ScopeRules& rules, std::string_view normalized_url);

// kInvalid, naming the rule, for rules that are almost surely mistakes: a host or domain
// parse_url() would refuse, a domain that is a public suffix ("co.uk" would put every
// site under it in scope), an empty pattern, a pattern that starts with neither "*" nor
// "http://" nor "https://" (it could never match a whole URL: "example.org/*").
Status check_scope_rules(const ScopeRules& rules);

}  // namespace trawl
