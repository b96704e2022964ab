// Feeds and sitemaps through libxml2's streaming reader (xmlTextReader): the document is
// pushed through libxml2 in 512-byte chunks and each node is freed once it is passed, so a
// 50 MB sitemap costs the input and the entries, not a tree. zlib inflates .gz sitemaps.
//
// What libxml2 does that shapes this file (2.9.14, bookworm):
//   - Without XML_PARSE_NOENT, a reference to an entity declared in the document reaches us
//     as an entity-reference node, never as its text. But xmlTextReaderGetAttribute() and
//     xmlTextReaderConstValue() on an attribute *do* expand references in attribute values
//     (xmlNodeListGetString): 20,000 references to a 100 KB entity in an href took
//     gigabytes. Attributes are therefore read part by part (xmlTextReaderReadAttributeValue),
//     text parts only. Nested "billion laughs" entities are refused by libxml2 itself
//     ("Detected an entity reference loop").
//   - After the first fatal error the reader returns -1 at once, dropping the nodes already
//     parsed in the same chunk. The input is all in memory, so the reader parses all of it
//     without signalling the end and only then pushes an empty final chunk: an error raised
//     in that last push (xmlTextReaderReadState() == XML_TEXTREADER_MODE_EOF) comes from a
//     document that ends too early, and every entry closed before the cut has been seen. It
//     may also be an error found late because libxml2 waited for more input (an unescaped
//     "&" waits for a ";"): then the root's end tag still follows the error's position.
//   - Junk after the root element ("Extra content at the end of the document") can cost the
//     entries in the last chunk: the document up to the root's end tag is read again.
#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlreader.h>
#include <zlib.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <climits>
#include <cstdio>
#include <exception>
#include <map>
#include <memory>
#include <mutex>
#include <new>
#include <string>
#include <utility>
#include <vector>

#include "core/dates.h"
#include "core/text.h"
#include "extractors/feed.h"

namespace trawl {
namespace {

constexpr std::string_view kRdfNs = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
constexpr std::string_view kRss10Ns = "http://purl.org/rss/1.0/";
constexpr std::string_view kRss090Ns = "http://my.netscape.com/rdf/simple/0.9/";
constexpr std::string_view kDcNs = "http://purl.org/dc/elements/1.1/";
constexpr std::string_view kAtomNs = "http://www.w3.org/2005/Atom";
constexpr std::string_view kAtom03Ns = "http://purl.org/atom/ns#";
constexpr std::string_view kNewsNs = "http://www.google.com/schemas/sitemap-news/0.9";

constexpr size_t kSniffBytes = 64 * 1024;
constexpr size_t kMaxUrlBytes = 64 * 1024;
constexpr size_t kMaxTitleBytes = 1024;
constexpr size_t kMaxDateBytes = 256;           // longer is not a date
constexpr size_t kMaxTitleCollect = 16 * 1024;  // collected before collapsing to one line
constexpr size_t kInflateStep = 256 * 1024;
// sitemaps.org: "no more than 50,000 URLs and must be no larger than 50MB (52,428,800 bytes)"
constexpr size_t kSitemapMaxUrls = 50000;
constexpr size_t kSitemapMaxBytes = 52428800;

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string_view sv(const xmlChar* s) {
  return s ? std::string_view(reinterpret_cast<const char*>(s)) : std::string_view();
}

// Appends while `to` holds at most cap bytes, and one byte more so that the caller can tell
// that the cap was passed.
void append_capped(std::string& to, std::string_view s, size_t cap) {
  if (to.size() <= cap) to.append(s.substr(0, cap + 1 - to.size()));
}

// ---------------------------------------------------------------------------------------
// gzip

bool is_gzip(std::string_view b) {
  return b.size() >= 2 && static_cast<unsigned char>(b[0]) == 0x1f &&
         static_cast<unsigned char>(b[1]) == 0x8b;
}

struct InflateEnd {
  void operator()(z_stream* z) const {
    inflateEnd(z);
    delete z;
  }
};
using InflaterPtr = std::unique_ptr<z_stream, InflateEnd>;

enum class Inflated { kOk, kTruncated, kTooLarge, kCorrupt };

// Inflates gzip members one after the other into `out`, stopping as soon as it holds more
// than `limit` bytes (kTooLarge). kTruncated when the input ends inside a member: `out`
// holds what came out. `trailing` counts bytes after the last member that are not gzip.
Inflated gunzip(std::string_view in, uint64_t limit, std::string& out, size_t& trailing,
                std::string& message) {
  auto z = std::make_unique<z_stream>();  // value-initialised: zalloc, zfree, opaque Z_NULL
  if (inflateInit2(z.get(), 16 + MAX_WBITS) != Z_OK) {
    message = "zlib cannot allocate an inflater";
    return Inflated::kCorrupt;
  }
  InflaterPtr zs(z.release());
  const auto* next = reinterpret_cast<const unsigned char*>(in.data());
  size_t left = in.size();
  trailing = 0;
  for (;;) {
    if (zs->avail_in == 0 && left > 0) {
      const size_t n = std::min<size_t>(left, 1u << 30);
      zs->next_in = const_cast<Bytef*>(next);
      zs->avail_in = static_cast<uInt>(n);
      next += n;
      left -= n;
    }
    const size_t old = out.size();
    const size_t room = static_cast<size_t>(std::min<uint64_t>(kInflateStep, limit + 1 - old));
    out.resize(old + room);
    zs->next_out = reinterpret_cast<Bytef*>(out.data() + old);
    zs->avail_out = static_cast<uInt>(room);
    const int rc = inflate(zs.get(), Z_NO_FLUSH);
    out.resize(old + room - zs->avail_out);
    if (out.size() > limit) return Inflated::kTooLarge;
    if (rc == Z_STREAM_END) {
      if (zs->avail_in + left == 0) return Inflated::kOk;
      if (is_gzip(std::string_view(reinterpret_cast<const char*>(zs->next_in), zs->avail_in))) {
        inflateReset(zs.get());
        continue;
      }
      trailing = zs->avail_in + left;
      return Inflated::kOk;
    }
    if (rc == Z_OK || rc == Z_BUF_ERROR) {  // Z_BUF_ERROR: no input left to make progress
      if (zs->avail_in == 0 && left == 0 && zs->avail_out != 0) return Inflated::kTruncated;
      continue;
    }
    message = zs->msg ? zs->msg : "zlib error " + std::to_string(rc);
    return Inflated::kCorrupt;
  }
}

// ---------------------------------------------------------------------------------------
// Roots and sniffing

FeedKind root_kind(std::string_view local, std::string_view ns) {
  if (local == "rss") return FeedKind::kRss2;
  if (local == "RDF" && ns == kRdfNs) return FeedKind::kRss1;
  if (local == "feed" && (ns == kAtomNs || ns == kAtom03Ns)) return FeedKind::kAtom;
  if (local == "urlset") return FeedKind::kSitemap;
  if (local == "sitemapindex") return FeedKind::kSitemapIndex;
  return FeedKind::kNone;
}

// Position just past the '>' closing a markup declaration that starts at p ("<!DOCTYPE"),
// skipping its internal subset and quoted strings; npos if it does not end in s.
size_t skip_declaration(std::string_view s, size_t p) {
  char quote = 0;
  int brackets = 0;
  for (size_t i = p + 2; i < s.size(); ++i) {
    const char c = s[i];
    if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '[') {
      ++brackets;
    } else if (c == ']') {
      brackets = std::max(0, brackets - 1);
    } else if (c == '>' && brackets == 0) {
      return i + 1;
    }
  }
  return std::string_view::npos;
}

// Text whose code units are 16 bits, narrowed to one byte each: ASCII kept, anything else
// 0x80, enough to read markup and namespace URIs.
std::string narrow_utf16(std::string_view s, bool little_endian) {
  std::string out;
  out.reserve(s.size() / 2);
  for (size_t i = 0; i + 1 < s.size(); i += 2) {
    const unsigned lo = static_cast<unsigned char>(s[i + (little_endian ? 0 : 1)]);
    const unsigned hi = static_cast<unsigned char>(s[i + (little_endian ? 1 : 0)]);
    const unsigned unit = hi << 8 | lo;
    out += unit < 0x80 ? static_cast<char>(unit) : '\x80';
  }
  return out;
}

// The root element's start tag as the first bytes of a document show it.
struct RootTag {
  FeedKind kind = FeedKind::kNone;
  std::string qname;  // as written, e.g. "rdf:RDF"; "" when no start tag was found
};

RootTag sniff_markup(std::string_view s) {
  size_t p = 0;
  for (;;) {
    while (p < s.size() && is_space(s[p])) ++p;
    if (p >= s.size() || s[p] != '<') return {};
    const std::string_view rest = s.substr(p);
    size_t end = std::string_view::npos;
    if (rest.starts_with("<?")) {
      end = s.find("?>", p + 2);
      if (end != std::string_view::npos) end += 2;
    } else if (rest.starts_with("<!--")) {
      end = s.find("-->", p + 4);
      if (end != std::string_view::npos) end += 3;
    } else if (rest.starts_with("<!")) {
      end = skip_declaration(s, p);
    } else {
      break;
    }
    if (end == std::string_view::npos) return {};
    p = end;
  }
  ++p;
  size_t q = p;
  while (q < s.size() && !is_space(s[q]) && s[q] != '>' && s[q] != '/') ++q;
  const std::string_view qname = s.substr(p, q - p);
  std::map<std::string, std::string, std::less<>> prefixes;  // "" is the default namespace
  p = q;
  for (;;) {
    while (p < s.size() && is_space(s[p])) ++p;
    if (p >= s.size() || s[p] == '>' || s[p] == '/') break;
    q = p;
    while (q < s.size() && !is_space(s[q]) && s[q] != '=' && s[q] != '>') ++q;
    const std::string_view name = s.substr(p, q - p);
    p = q;
    while (p < s.size() && is_space(s[p])) ++p;
    if (p >= s.size() || s[p] != '=') break;
    ++p;
    while (p < s.size() && is_space(s[p])) ++p;
    if (p >= s.size() || (s[p] != '"' && s[p] != '\'')) break;
    const size_t close = s.find(s[p], p + 1);
    if (close == std::string_view::npos) break;
    const std::string_view value = s.substr(p + 1, close - p - 1);
    if (name == "xmlns") prefixes[""] = std::string(value);
    if (name.starts_with("xmlns:")) prefixes[std::string(name.substr(6))] = std::string(value);
    p = close + 1;
  }
  const size_t colon = qname.find(':');
  const std::string_view prefix = colon == std::string_view::npos ? "" : qname.substr(0, colon);
  const std::string_view local = colon == std::string_view::npos ? qname : qname.substr(colon + 1);
  auto it = prefixes.find(prefix);
  return {
      root_kind(local, it == prefixes.end() ? std::string_view() : std::string_view(it->second)),
      std::string(qname)};
}

// The root tag of a document (plain, not gzip), after a byte order mark: UTF-8, or UTF-16
// narrowed to its ASCII.
RootTag sniff_root(std::string_view bytes) {
  bytes = bytes.substr(0, kSniffBytes);
  if (bytes.starts_with("\xEF\xBB\xBF")) return sniff_markup(bytes.substr(3));
  if (bytes.starts_with("\xFF\xFE")) return sniff_markup(narrow_utf16(bytes.substr(2), true));
  if (bytes.starts_with("\xFE\xFF")) return sniff_markup(narrow_utf16(bytes.substr(2), false));
  if (bytes.starts_with(std::string_view("<\0?\0", 4)))
    return sniff_markup(narrow_utf16(bytes, true));
  if (bytes.starts_with(std::string_view("\0<\0?", 4)))
    return sniff_markup(narrow_utf16(bytes, false));
  return sniff_markup(bytes);
}

// The encoding named by the XML declaration, lower-case; "" when there is none.
std::string declared_encoding(std::string_view xml) {
  if (!xml.starts_with("<?xml")) return {};
  const std::string_view decl = xml.substr(0, std::min<size_t>(xml.find("?>"), 1024));
  size_t p = decl.find("encoding");
  if (p == std::string_view::npos) return {};
  p += 8;
  while (p < decl.size() && is_space(decl[p])) ++p;
  if (p >= decl.size() || decl[p++] != '=') return {};
  while (p < decl.size() && is_space(decl[p])) ++p;
  if (p >= decl.size() || (decl[p] != '"' && decl[p] != '\'')) return {};
  const size_t close = decl.find(decl[p], p + 1);
  if (close == std::string_view::npos) return {};
  return ascii_lower(decl.substr(p + 1, close - p - 1));
}

// The decoder to use instead of the declared one, as the WHATWG Encoding standard maps the
// labels (what servers mean by them): nullptr to honour the declaration. Korean sites
// labelled "euc-kr" use windows-949's extra syllables, which glibc's EUC-KR refuses.
const char* encoding_override(std::string_view xml) {
  if (xml.starts_with("\xFF\xFE") || xml.starts_with("\xFE\xFF") || xml.starts_with("\xEF\xBB\xBF"))
    return nullptr;  // a byte order mark wins
  const std::string label = declared_encoding(xml);
  static const std::array<std::string_view, 11> kKorean = {
      "euc-kr", "ks_c_5601-1987", "ks_c_5601-1989", "ksc5601", "ksc_5601",     "korean",
      "cp949",  "windows-949",    "x-windows-949",  "uhc",     "csksc56011987"};
  static const std::array<std::string_view, 12> kLatin1 = {
      "iso-8859-1", "iso8859-1", "iso_8859-1", "latin1",     "l1",          "cp819",
      "ibm819",     "us-ascii",  "ascii",      "iso-ir-100", "csisolatin1", "iso_8859-1:1987"};
  if (std::find(kKorean.begin(), kKorean.end(), label) != kKorean.end()) return "CP949";
  if (std::find(kLatin1.begin(), kLatin1.end(), label) != kLatin1.end()) return "WINDOWS-1252";
  return nullptr;
}

// ---------------------------------------------------------------------------------------
// The reader

struct ReaderFree {
  void operator()(xmlTextReader* r) const { xmlFreeTextReader(r); }
};
using ReaderPtr = std::unique_ptr<xmlTextReader, ReaderFree>;

// Errors as libxml2 reports them while one document is read.
struct ParseErrors {
  xmlTextReader* reader = nullptr;
  std::string fatal;  // the first fatal error, "line N: message"
  int fatal_code = 0;
  bool fatal_at_end = false;  // raised by the final, empty push: the input ended too early
  long fatal_offset = -1;     // input bytes the parser had consumed then
  std::string other;          // the first non-fatal error (a namespace error...)
  int others = 0;
};

void on_error(void* arg, xmlErrorPtr e) {
  auto* errors = static_cast<ParseErrors*>(arg);
  if (!e) return;
  std::string text = "line " + std::to_string(e->line) + ": " +
                     one_line(e->message ? e->message : "unknown error");
  if (e->level == XML_ERR_FATAL) {
    if (!errors->fatal.empty()) return;
    errors->fatal = std::move(text);
    errors->fatal_code = e->code;
    errors->fatal_at_end = xmlTextReaderReadState(errors->reader) == XML_TEXTREADER_MODE_EOF;
    errors->fatal_offset = xmlTextReaderByteConsumed(errors->reader);
  } else if (errors->others++ == 0) {
    errors->other = std::move(text);
  }
}

// The value of the current element's attribute {ns}local ("" for no namespace), text parts
// only: entity references in it are left out, never expanded. Leaves the reader on the
// element.
std::optional<std::string> attribute(xmlTextReader* r, std::string_view local, std::string_view ns,
                                     size_t cap) {
  std::optional<std::string> out;
  const int n = xmlTextReaderAttributeCount(r);
  for (int i = 0; i < n && !out; ++i) {
    if (xmlTextReaderMoveToAttributeNo(r, i) != 1) continue;
    if (sv(xmlTextReaderConstLocalName(r)) != local || sv(xmlTextReaderConstNamespaceUri(r)) != ns)
      continue;
    std::string value;
    while (xmlTextReaderReadAttributeValue(r) == 1)
      if (xmlTextReaderNodeType(r) == XML_READER_TYPE_TEXT)
        append_capped(value, sv(xmlTextReaderConstValue(r)), cap);
    out = std::move(value);
  }
  xmlTextReaderMoveToElement(r);
  return out;
}

bool starts_with_http(std::string_view s) {
  const std::string head = ascii_lower(s.substr(0, 8));
  return head.starts_with("http://") || head.starts_with("https://");
}

// Turns reader events into entries. One per document read.
class FeedBuilder {
 public:
  FeedKind kind() const { return kind_; }
  const std::string& root_name() const { return root_name_; }
  const std::string& root_ns() const { return root_ns_; }
  size_t entries() const { return entries_.size(); }

  // False when the root element is none of the kinds: stop reading.
  bool start(xmlTextReader* r, int depth) {
    const std::string_view local = sv(xmlTextReaderConstLocalName(r));
    const std::string_view ns = sv(xmlTextReaderConstNamespaceUri(r));
    if (depth == 0) {
      root_name_ = std::string(sv(xmlTextReaderConstName(r)));
      root_ns_ = std::string(ns);
      kind_ = root_kind(local, ns);
      return kind_ != FeedKind::kNone;
    }
    if (entry_depth_ < 0) {
      if (kind_ == FeedKind::kRss2 && depth == 1 && local == "channel" && own(ns))
        in_channel_ = true;
      if (is_entry(depth, local, ns)) {
        entry_depth_ = depth;
        draft_ = Draft{};
        if (kind_ == FeedKind::kRss1)
          set_url(draft_.alt_url, attribute(r, "about", kRdfNs, kMaxUrlBytes).value_or(""));
      }
      return true;
    }
    if (depth == entry_depth_ + 1) {
      field(r, local, ns, depth);
    } else if (depth == entry_depth_ + 2 && in_news_ && ns == kNewsNs) {
      if (local == "title") capture(Slot::kTitle, depth);
      if (local == "publication_date") capture(Slot::kAltDate, depth);
    }
    return true;
  }

  void end(int depth) {
    if (slot_ != Slot::kNone && depth == field_depth_) commit();
    if (depth == entry_depth_ + 1) in_news_ = false;
    if (depth == entry_depth_) {
      finish_entry();
      entry_depth_ = -1;
    }
    if (depth == 1) in_channel_ = false;
  }

  void text(int depth, std::string_view s) {
    if (slot_ == Slot::kNone || depth <= field_depth_) return;
    append_capped(buffer_, s, cap(slot_));
  }

  void entity_reference(int depth) {
    if (slot_ != Slot::kNone && depth > field_depth_) ++entity_refs_;
  }

  Feed take(std::vector<std::string> warnings) {
    Feed feed;
    feed.kind = kind_;
    feed.entries = std::move(entries_);
    if (no_url_ > 0) warnings.push_back(std::to_string(no_url_) + " entries without a URL skipped");
    if (long_url_ > 0)
      warnings.push_back(std::to_string(long_url_) + " entries with a URL over 64 KiB skipped");
    if (bad_dates_ > 0)
      warnings.push_back(std::to_string(bad_dates_) + " dates not understood, e.g. \"" +
                         bad_date_example_ + "\"");
    if (entity_refs_ > 0)
      warnings.push_back(std::to_string(entity_refs_) +
                         " entity references left out of the text (entities are not expanded)");
    if ((kind_ == FeedKind::kSitemap || kind_ == FeedKind::kSitemapIndex) &&
        feed.entries.size() > kSitemapMaxUrls)
      warnings.push_back("sitemap lists " + std::to_string(feed.entries.size()) +
                         " URLs, over the protocol's 50,000");
    feed.warnings = std::move(warnings);
    return feed;
  }

 private:
  enum class Slot { kNone, kUrl, kAltUrl, kGuid, kTitle, kDate, kAltDate };

  struct Draft {
    std::string url, alt_url, title, date, alt_date;
    bool long_url = false;
  };

  // In the root's namespace, or in none (RSS and sitemaps in the wild).
  bool own(std::string_view ns) const { return ns.empty() || ns == root_ns_; }

  bool is_entry(int depth, std::string_view local, std::string_view ns) const {
    switch (kind_) {
      case FeedKind::kRss2:
        return local == "item" && own(ns) && (depth == 1 || (depth == 2 && in_channel_));
      case FeedKind::kRss1:
        return depth == 1 && local == "item" && rss1(ns);
      case FeedKind::kAtom:
        return depth == 1 && local == "entry" && ns == root_ns_;
      case FeedKind::kSitemap:
        return depth == 1 && local == "url" && own(ns);
      case FeedKind::kSitemapIndex:
        return depth == 1 && local == "sitemap" && own(ns);
      case FeedKind::kNone:
        break;
    }
    return false;
  }

  static bool rss1(std::string_view ns) { return ns.empty() || ns == kRss10Ns || ns == kRss090Ns; }
  // <dc:date>, also with the dc prefix never declared (libxml2 then keeps "dc:date" whole).
  static bool dc_date(std::string_view local, std::string_view ns) {
    return (local == "date" && ns == kDcNs) || (ns.empty() && local == "dc:date");
  }

  void field(xmlTextReader* r, std::string_view local, std::string_view ns, int depth) {
    switch (kind_) {
      case FeedKind::kRss2:
        if (dc_date(local, ns)) return capture(Slot::kAltDate, depth);
        if (!own(ns)) return;
        if (local == "link") return capture(Slot::kUrl, depth);
        if (local == "title") return capture(Slot::kTitle, depth);
        if (local == "pubDate") return capture(Slot::kDate, depth);
        if (local == "guid") {
          const std::optional<std::string> permalink = attribute(r, "isPermaLink", "", 16);
          if (!permalink) return capture(Slot::kGuid, depth);  // a URL only if it looks like one
          if (ascii_lower(trim(*permalink)) == "false") return;
          return capture(Slot::kAltUrl, depth);
        }
        return;
      case FeedKind::kRss1:
        if (dc_date(local, ns)) return capture(Slot::kDate, depth);
        if (!rss1(ns)) return;
        if (local == "link") return capture(Slot::kUrl, depth);
        if (local == "title") return capture(Slot::kTitle, depth);
        return;
      case FeedKind::kAtom: {
        if (ns != root_ns_) return;
        if (local == "title") return capture(Slot::kTitle, depth);
        if (local == "published" || local == "issued") return capture(Slot::kDate, depth);
        if (local == "updated" || local == "modified") return capture(Slot::kAltDate, depth);
        if (local != "link" || !draft_.url.empty()) return;
        const std::string rel = ascii_lower(trim(attribute(r, "rel", "", 256).value_or("")));
        if (!rel.empty() && rel != "alternate" &&
            rel != "http://www.iana.org/assignments/relation/alternate")
          return;
        if (auto href = attribute(r, "href", "", kMaxUrlBytes)) set_url(draft_.url, *href);
        return;
      }
      case FeedKind::kSitemap:
        if (ns == kNewsNs && local == "news") in_news_ = true;
        [[fallthrough]];
      case FeedKind::kSitemapIndex:
        if (!own(ns)) return;
        if (local == "loc") return capture(Slot::kUrl, depth);
        if (local == "lastmod") return capture(Slot::kDate, depth);
        return;
      case FeedKind::kNone:
        return;
    }
  }

  static size_t cap(Slot slot) {
    switch (slot) {
      case Slot::kUrl:
      case Slot::kAltUrl:
      case Slot::kGuid:
        return kMaxUrlBytes;
      case Slot::kTitle:
        return kMaxTitleCollect;
      default:
        return kMaxDateBytes;
    }
  }

  void capture(Slot slot, int depth) {
    slot_ = slot;
    field_depth_ = depth;
    buffer_.clear();
  }

  // The first non-empty value of a field wins.
  void set_url(std::string& to, std::string_view value) {
    const std::string_view url = trim(value);
    if (url.size() > kMaxUrlBytes) {
      draft_.long_url = true;
      return;
    }
    if (to.empty()) to = std::string(url);
  }

  void commit() {
    switch (slot_) {
      case Slot::kUrl:
        set_url(draft_.url, buffer_);
        break;
      case Slot::kAltUrl:
        set_url(draft_.alt_url, buffer_);
        break;
      case Slot::kGuid:
        if (starts_with_http(trim(buffer_))) set_url(draft_.alt_url, buffer_);
        break;
      case Slot::kTitle:
        if (draft_.title.empty()) draft_.title = std::string(trim(buffer_));
        break;
      case Slot::kDate:
        if (draft_.date.empty()) draft_.date = std::string(trim(buffer_));
        break;
      case Slot::kAltDate:
        if (draft_.alt_date.empty()) draft_.alt_date = std::string(trim(buffer_));
        break;
      case Slot::kNone:
        break;
    }
    slot_ = Slot::kNone;
    field_depth_ = -1;
    buffer_.clear();
  }

  void finish_entry() {
    if (slot_ != Slot::kNone) commit();
    in_news_ = false;
    FeedEntry e;
    e.url = !draft_.url.empty() ? std::move(draft_.url) : std::move(draft_.alt_url);
    if (e.url.empty()) {
      ++(draft_.long_url ? long_url_ : no_url_);
      return;
    }
    for (const std::string* d : {&draft_.date, &draft_.alt_date}) {
      if (d->empty()) continue;
      if (auto day = parse_feed_date(*d)) {
        e.date = std::move(*day);
        break;
      }
    }
    if (e.date.empty() && !(draft_.date.empty() && draft_.alt_date.empty())) {
      if (bad_dates_++ == 0)
        bad_date_example_ = std::string(
            utf8_prefix(one_line(draft_.date.empty() ? draft_.alt_date : draft_.date), 64));
    }
    e.title = std::string(utf8_prefix(one_line(draft_.title), kMaxTitleBytes));
    entries_.push_back(std::move(e));
  }

  FeedKind kind_ = FeedKind::kNone;
  std::string root_name_, root_ns_;
  bool in_channel_ = false;
  bool in_news_ = false;
  int entry_depth_ = -1;
  int field_depth_ = -1;
  Slot slot_ = Slot::kNone;
  std::string buffer_;
  Draft draft_;
  std::vector<FeedEntry> entries_;
  size_t no_url_ = 0, long_url_ = 0, bad_dates_ = 0, entity_refs_ = 0;
  std::string bad_date_example_;
};

// One reading of a document.
struct Reading {
  FeedBuilder builder;
  ParseErrors errors;
  bool failed = false;  // libxml2 stopped on a fatal error (errors.fatal says which)
};

// Reads `xml` (at most INT_MAX bytes) to its end or its first fatal error (then `failed`).
// An Error only when libxml2 cannot start or the root element is not a feed.
Result<std::unique_ptr<Reading>> read_document(std::string_view xml) {
  static std::once_flag init;
  std::call_once(init, [] { xmlInitParser(); });
  const char* encoding = encoding_override(xml);
  // No XML_PARSE_NOENT (entities stay references), no DTDLOAD/DTDATTR (no external DTD),
  // no HUGE (libxml2 keeps its limits: 10 MB text nodes, depth 256), no RECOVER.
  int options = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA;
  if (encoding) options |= XML_PARSE_IGNORE_ENC;
  // Declared before the reader, which reports errors into it until it is freed.
  auto reading = std::make_unique<Reading>();
  xmlResetLastError();
  ReaderPtr reader(
      xmlReaderForMemory(xml.data(), static_cast<int>(xml.size()), nullptr, encoding, options));
  if (!reader) return make_error(ErrorCode::kCorrupt, "libxml2 cannot start reading the document");
  reading->errors.reader = reader.get();
  xmlTextReaderSetStructuredErrorHandler(reader.get(), on_error, &reading->errors);
  FeedBuilder& b = reading->builder;
  int rc = 0;
  bool not_a_feed = false;
  while (!not_a_feed && (rc = xmlTextReaderRead(reader.get())) == 1) {
    const int depth = xmlTextReaderDepth(reader.get());
    switch (xmlTextReaderNodeType(reader.get())) {
      case XML_READER_TYPE_ELEMENT: {
        const bool empty = xmlTextReaderIsEmptyElement(reader.get()) == 1;
        not_a_feed = !b.start(reader.get(), depth);
        if (empty && !not_a_feed) b.end(depth);
        break;
      }
      case XML_READER_TYPE_END_ELEMENT:
        b.end(depth);
        break;
      case XML_READER_TYPE_TEXT:
      case XML_READER_TYPE_CDATA:
      case XML_READER_TYPE_WHITESPACE:
      case XML_READER_TYPE_SIGNIFICANT_WHITESPACE:
        b.text(depth, sv(xmlTextReaderConstValue(reader.get())));
        break;
      case XML_READER_TYPE_ENTITY_REFERENCE:
        b.entity_reference(depth);
        break;
      default:
        break;
    }
  }
  if (!not_a_feed && rc < 0) {
    reading->failed = true;
    // Some errors bypass the handler: "huge text node" is reported as out of memory.
    const xmlError* last = xmlGetLastError();
    if (reading->errors.fatal.empty() && last && last->message) {
      reading->errors.fatal = one_line(last->message);
      reading->errors.fatal_code = last->code;
    }
    if (reading->errors.fatal.empty()) reading->errors.fatal = "libxml2 stopped reading";
  } else if (!not_a_feed && b.kind() == FeedKind::kNone) {
    reading->failed = true;
    reading->errors.fatal = "no root element";
  }
  reading->errors.reader = nullptr;
  reader.reset();
  if (not_a_feed) {
    const std::string ns = b.root_ns().empty() ? "no namespace" : "namespace " + b.root_ns();
    return make_error(ErrorCode::kCorrupt,
                      "not a feed or sitemap: root element <" + b.root_name() + "> in " + ns);
  }
  return reading;
}

// Where the root element's end tag "</name>" ends in xml[from, to); npos if it is not there.
size_t root_end_tag(std::string_view xml, const std::string& name, size_t from, size_t to,
                    bool last) {
  const std::string open = "</" + name;
  to = std::min(to, xml.size());
  from = std::min(from, to);
  const std::string_view range = xml.substr(0, to);
  size_t at = last ? range.rfind(open) : range.find(open, from);
  while (at != std::string_view::npos && at >= from) {
    size_t p = at + open.size();
    while (p < range.size() && is_space(range[p])) ++p;
    if (p < range.size() && range[p] == '>') return p + 1;
    if (last) {
      if (at == 0) break;
      at = range.rfind(open, at - 1);
    } else {
      at = range.find(open, at + 1);
    }
  }
  return std::string_view::npos;
}

Result<Feed> parse_xml(std::string_view xml, std::vector<std::string> warnings) {
  Result<std::unique_ptr<Reading>> first = read_document(xml);
  if (!first) return first.error();
  std::unique_ptr<Reading> reading = std::move(*first);
  if (reading->failed && reading->errors.fatal_code == XML_ERR_NO_MEMORY)
    return make_error(ErrorCode::kTooLarge,
                      "over libxml2's limits (" + reading->errors.fatal + ")");
  if (reading->failed) {
    const std::string fatal = reading->errors.fatal;
    std::string root = reading->builder.root_name();
    if (reading->builder.kind() == FeedKind::kNone) {
      // libxml2 stops before showing any node when the first chunk holds the error
      RootTag tag = sniff_root(xml);
      if (tag.kind == FeedKind::kNone)
        return make_error(ErrorCode::kCorrupt, "not well-formed XML (" + fatal + ")");
      root = std::move(tag.qname);
    }
    const long offset = reading->errors.fatal_offset;
    const size_t at = offset < 0 ? 0 : static_cast<size_t>(offset);
    const size_t root_end = root_end_tag(xml, root, 0, at + 1, true);
    bool recovered = false;
    if (root_end != std::string_view::npos && root_end < xml.size()) {
      // The root closed before the error: read the document again without what follows.
      Result<std::unique_ptr<Reading>> again = read_document(xml.substr(0, root_end));
      if (again && !(*again)->failed) {
        warnings.push_back("content after the root element ignored (" + fatal + ")");
        reading = std::move(*again);
        recovered = true;
      }
    }
    if (!recovered) {
      const bool cut_off = reading->errors.fatal_at_end &&
                           root_end_tag(xml, root, at, xml.size(), false) == std::string_view::npos;
      if (!cut_off || reading->builder.entries() == 0)
        return make_error(ErrorCode::kCorrupt, "not well-formed XML (" + fatal + ")");
      warnings.push_back("input ends mid-document after " +
                         std::to_string(reading->builder.entries()) + " entries (" + fatal + ")");
    }
  }
  const ParseErrors& e = reading->errors;
  if (e.others > 0)
    warnings.push_back("XML: " + e.other +
                       (e.others > 1 ? " (and " + std::to_string(e.others - 1) + " more)" : ""));
  const FeedKind kind = reading->builder.kind();
  if ((kind == FeedKind::kSitemap || kind == FeedKind::kSitemapIndex) &&
      xml.size() > kSitemapMaxBytes)
    warnings.push_back("sitemap of " + std::to_string(xml.size()) +
                       " bytes, over the protocol's 52,428,800");
  return reading->builder.take(std::move(warnings));
}

}  // namespace

std::string_view feed_kind_name(FeedKind kind) {
  switch (kind) {
    case FeedKind::kNone:
      return "none";
    case FeedKind::kRss2:
      return "rss";
    case FeedKind::kRss1:
      return "rdf";
    case FeedKind::kAtom:
      return "atom";
    case FeedKind::kSitemap:
      return "sitemap";
    case FeedKind::kSitemapIndex:
      return "sitemap-index";
  }
  return "none";
}

FeedKind sniff_feed(std::string_view bytes) {
  try {
    std::string inflated;
    if (is_gzip(bytes)) {
      size_t trailing = 0;
      std::string message;
      (void)gunzip(bytes, kSniffBytes, inflated, trailing, message);  // a prefix is enough
      bytes = inflated;
    }
    return sniff_root(bytes).kind;
  } catch (const std::exception&) {
    return FeedKind::kNone;
  }
}

Result<Feed> parse_feed(std::string_view bytes, uint64_t max_bytes) {
  try {
    std::vector<std::string> warnings;
    std::string inflated;
    std::string_view xml = bytes;
    if (is_gzip(bytes)) {
      size_t trailing = 0;
      std::string message;
      switch (gunzip(bytes, max_bytes, inflated, trailing, message)) {
        case Inflated::kOk:
          break;
        case Inflated::kTruncated:
          warnings.push_back("gzip stream cut short: read the " + std::to_string(inflated.size()) +
                             " bytes it inflates to");
          break;
        case Inflated::kTooLarge:
          return make_error(ErrorCode::kTooLarge, "gzip stream inflates to more than " +
                                                      std::to_string(max_bytes) + " bytes");
        case Inflated::kCorrupt:
          return make_error(ErrorCode::kCorrupt, "bad gzip stream: " + message);
      }
      if (trailing > 0)
        warnings.push_back(std::to_string(trailing) + " bytes after the gzip stream ignored");
      xml = inflated;
    } else if (bytes.size() > max_bytes) {
      return make_error(ErrorCode::kTooLarge, "feed of " + std::to_string(bytes.size()) +
                                                  " bytes, over the limit of " +
                                                  std::to_string(max_bytes));
    }
    if (xml.empty()) return make_error(ErrorCode::kEmpty, "empty feed");
    if (xml.size() > static_cast<size_t>(INT_MAX))
      return make_error(ErrorCode::kTooLarge, "feed larger than 2 GiB (libxml2's limit)");
    return parse_xml(xml, std::move(warnings));
  } catch (const std::bad_alloc&) {
    return make_error(ErrorCode::kTooLarge, "out of memory reading the feed");
  } catch (const std::exception& e) {
    return make_error(ErrorCode::kCorrupt, std::string("cannot read the feed: ") + e.what());
  }
}

}  // namespace trawl
