// Feeds and sitemaps for the crawler: RSS 2.0 (and 0.9x), RSS 1.0 (RDF), Atom, sitemaps
// and sitemap indexes (sitemaps.org), plain or gzip-compressed, read as a stream.
// extractors/feed_libxml2.cc (libxml2's xmlReader, zlib).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace trawl {

enum class FeedKind { kNone, kRss2, kRss1, kAtom, kSitemap, kSitemapIndex };

// Stable name of a kind for reports: "none", "rss", "rdf", "atom", "sitemap", "sitemap-index".
std::string_view feed_kind_name(FeedKind kind);

struct FeedEntry {
  // The entry's URL as written, whitespace trimmed, not resolved (the caller resolves it
  // against the feed's URL): RSS <link>, else a permalink <guid>; RDF <link>, else the
  // item's rdf:about; Atom <link href> with rel="alternate" or no rel; sitemap <loc>.
  std::string url;
  // The entry's day in UTC, "YYYY-MM-DD", or "" when it has none or it cannot be read:
  // RSS <pubDate>, else <dc:date>; RDF <dc:date>; Atom <published>, else <updated>;
  // sitemap <lastmod>, else <news:publication_date>.
  std::string date;
  // On one line (whitespace collapsed), at most 1 KiB; "" for sitemaps except Google News
  // sitemaps (<news:title>).
  std::string title;
};

struct Feed {
  FeedKind kind = FeedKind::kNone;
  std::vector<FeedEntry> entries;  // in document order; entries without a URL are left out
  // One line each, e.g. "input ends mid-document after 12 entries (...)",
  // "3 entries without a URL skipped", "2 dates not understood, e.g. \"yesterday\"".
  std::vector<std::string> warnings;
};

// What the document's root element says it is, from its first bytes: a gzip layer is
// inflated (the first 64 KiB of it), a byte order mark (UTF-8, UTF-16), the XML
// declaration, processing instructions, comments and a DOCTYPE are skipped. kNone for
// anything else (HTML, JSON, an unknown root, a prolog longer than 64 KiB). Namespaces
// as parse_feed() matches them. Never fails, reads at most 64 KiB. Thread-safe.
FeedKind sniff_feed(std::string_view bytes);

// Parses a feed or sitemap, plain or gzip-compressed (sitemap.xml.gz; several gzip members
// are read one after the other), streaming: memory holds the input, its inflated copy and
// the entries, never a tree of the document.
//
// Elements are matched by namespace URI and local name. The namespace of <rss>, <urlset>
// and <sitemapindex> (and of their children) may be anything or none, as found in the wild;
// <rdf:RDF> must be in the RDF namespace, <feed> in Atom's (1.0 or 0.3); <dc:date> is
// accepted with its prefix undeclared. A <guid> without isPermaLink counts as a URL only when
// it starts with http:// or https:// (many feeds omit isPermaLink="false" on other ids).
//
// The encoding is the XML declaration's (or a BOM's); as browsers do, "euc-kr" is read as
// its superset windows-949 and "iso-8859-1"/"us-ascii" as windows-1252.
//
// Safety: no network, no external DTD or entity, entities declared in the document are
// never expanded (a reference is left out of the text; libxml2 refuses the nested
// "billion laughs" kind outright: kCorrupt), a text node over 10 MB stops the parse
// (libxml2's default limit: kTooLarge), an entry's URL over 64 KiB leaves the entry out.
//
// Errors (one-line message):
//   kTooLarge  the input, or what it inflates to, is over max_bytes (inflating stops there);
//              a text node over libxml2's 10 MB limit (or libxml2 out of memory);
//   kEmpty     no bytes (after inflating);
//   kCorrupt   a broken gzip stream; not well-formed XML (a broken character encoding
//              included); a root element that is none of the kinds above. One exception: a
//              document cut off at the end (a partial download) after at least one whole
//              entry returns the whole entries read, with a warning; a truncated gzip
//              stream is inflated as far as it goes, with a warning, and parsed so.
// Well-formedness errors after the root element has closed (junk at the end) leave the
// entries as read, with a warning. Never throws. Thread-safe.
Result<Feed> parse_feed(std::string_view bytes, uint64_t max_bytes = 64ull << 20);

// A feed or sitemap date -> the UTC day "YYYY-MM-DD", or nullopt when it is not a date
// this understands or it is impossible (month 13, 30 February):
//   W3C-DTF / ISO 8601: "2024-03-28", "2024-03-28T09:00:00+09:00", "2024-03-28T09:00Z",
//     fractions of a second, "+0900", "+09", a space for "T"; no zone reads as UTC;
//     year-only and year-month dates have no day: nullopt;
//   RFC 822 / 2822: "Tue, 3 Jun 2008 11:05:30 GMT", "03 Jun 08 11:05 +0900", no weekday,
//     full month names, zones UT/GMT/UTC/Z, +hhmm, +hh:mm, US (EST...), a few others
//     (KST, JST, CET, CEST, MSK...), military letters as RFC 2822 says (UTC), an unknown
//     zone name as UTC; "(comment)" ignored;
//   then what core/dates.h parse_http_date() and parse_date() read (asctime, RFC 850,
//     "20240328", "2024/03/28").
std::optional<std::string> parse_feed_date(std::string_view text);

}  // namespace trawl
