// crawl/url.h over uriparser (RFC 3986 syntax, reference resolution, dot segments),
// libidn2 (IDNA2008 + UTS #46 for host names) and libpsl (the Public Suffix List). What
// the libraries do not do is here: the browser-style cleaning of hrefs, IPv4 number
// forms, percent-encoding normalisation, tracking parameters, SURT keys and scope rules.
#include <arpa/inet.h>
#include <idn2.h>
#include <libpsl.h>
#include <netinet/in.h>
#include <uriparser/Uri.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "crawl/url.h"

namespace trawl {
namespace {

constexpr size_t kNpos = std::string_view::npos;

// ---- characters ------------------------------------------------------------------------

unsigned char octet(char c) { return static_cast<unsigned char>(c); }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alnum(char c) { return is_alpha(c) || is_digit(c); }
char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = lower(c);
  return out;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (lower(a[i]) != lower(b[i])) return false;
  return true;
}

bool istarts_with(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// "%XX" with two hex digits at s[i].
bool is_escape_at(std::string_view s, size_t i) {
  return i + 2 < s.size() && s[i] == '%' && hex_value(s[i + 1]) >= 0 && hex_value(s[i + 2]) >= 0;
}

unsigned char escaped_octet(std::string_view s, size_t i) {
  return static_cast<unsigned char>(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2]));
}

// RFC 3986 2.3
bool is_unreserved(unsigned char c) {
  return is_alnum(static_cast<char>(c)) || c == '-' || c == '.' || c == '_' || c == '~';
}

// RFC 3986 2.2
bool is_sub_delim(unsigned char c) { return c != 0 && std::strchr("!$&'()*+,;=", c) != nullptr; }

// Octets no part of a URI may hold raw (RFC 3986 2, and the WHATWG encode sets).
bool must_encode(unsigned char c) {
  return c <= 0x20 || c >= 0x7F || std::strchr("\"<>\\^`{|}", c) != nullptr;
}

void append_escape(std::string& out, unsigned char c) {
  static const char kHex[] = "0123456789ABCDEF";
  out += '%';
  out += kHex[c >> 4];
  out += kHex[c & 0xF];
}

// Decodes every "%XX"; anything else, a lone "%" included, is kept.
std::string percent_decode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (is_escape_at(s, i)) {
      out += static_cast<char>(escaped_octet(s, i));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

// ---- messages --------------------------------------------------------------------------

// A URL as messages show it: quoted, user info replaced by "***", octets outside
// printable ASCII as %XX (a message stays one line of valid UTF-8), cut to 200 octets.
std::string shown(std::string_view url) {
  constexpr size_t kMaxShown = 200;
  std::string redacted;
  const size_t sep = url.find("://");
  if (sep != kNpos) {
    const size_t begin = sep + 3;
    const size_t end = std::min(url.find_first_of("/?#\\", begin), url.size());
    const size_t at = url.substr(begin, end - begin).rfind('@');
    if (at != kNpos) {
      redacted.append(url.substr(0, begin)).append("***").append(url.substr(begin + at));
      url = redacted;
    }
  }
  std::string out = "\"";
  for (char c : url) {
    if (out.size() > kMaxShown) {
      out += "...";
      break;
    }
    const unsigned char o = octet(c);
    if (o > 0x20 && o < 0x7F && o != '"')
      out += c;
    else
      append_escape(out, o);
  }
  out += '"';
  return out;
}

Error url_error(ErrorCode code, std::string_view label, std::string_view url,
                const std::string& why) {
  return make_error(code, std::string(label) + " " + shown(url) + ": " + why);
}

// ---- structure -------------------------------------------------------------------------

// The scheme of a URI reference ("HTTP" for "HTTP://a"), "" when it has none.
std::string_view scheme_of(std::string_view s) {
  if (s.empty() || !is_alpha(s[0])) return {};
  for (size_t i = 1; i < s.size(); ++i) {
    const char c = s[i];
    if (c == ':') return s.substr(0, i);
    if (!is_alnum(c) && c != '+' && c != '-' && c != '.') return {};
  }
  return {};
}

bool is_special(std::string_view scheme) {
  return iequals(scheme, "http") || iequals(scheme, "https");
}

uint16_t default_port(std::string_view scheme) { return iequals(scheme, "https") ? 443 : 80; }

// A URI reference split as RFC 3986 appendix B does (exact for a valid reference).
struct Parts {
  std::string_view scheme;
  bool has_authority = false;
  std::string_view authority;
  std::string_view path;
  bool has_query = false;
  std::string_view query;
  bool has_fragment = false;
  std::string_view fragment;
};

Parts split(std::string_view s) {
  Parts p;
  p.scheme = scheme_of(s);
  size_t i = p.scheme.empty() ? 0 : p.scheme.size() + 1;
  if (s.substr(i, 2) == "//") {
    const size_t end = std::min(s.find_first_of("/?#", i + 2), s.size());
    p.has_authority = true;
    p.authority = s.substr(i + 2, end - i - 2);
    i = end;
  }
  size_t end = std::min(s.find_first_of("?#", i), s.size());
  p.path = s.substr(i, end - i);
  i = end;
  if (i < s.size() && s[i] == '?') {
    end = std::min(s.find('#', i + 1), s.size());
    p.has_query = true;
    p.query = s.substr(i + 1, end - i - 1);
    i = end;
  }
  if (i < s.size() && s[i] == '#') {
    p.has_fragment = true;
    p.fragment = s.substr(i + 1);
  }
  return p;
}

// Cleans a URL or href the way browsers do before parsing (see resolve() in url.h), so
// that uriparser, which is strict RFC 3986, accepts what a browser would follow.
// `special`: the scheme to assume when the text has none is http(s).
Result<std::string> clean(std::string_view text, bool special, std::string_view label) {
  std::string_view in = text;
  while (!in.empty() && octet(in.front()) <= 0x20) in.remove_prefix(1);
  while (!in.empty() && octet(in.back()) <= 0x20) in.remove_suffix(1);
  std::string s;
  s.reserve(in.size());
  for (char c : in)
    if (c != '\t' && c != '\n' && c != '\r') s += c;
  // WHATWG would encode it; but a NUL inside a link is garbage or an attack, and every
  // C string downstream (libcurl, SQLite, logs) would cut the URL there.
  if (s.find('\0') != std::string::npos)
    return url_error(ErrorCode::kInvalid, label, text, "holds a NUL octet");

  const std::string_view scheme = scheme_of(s);
  if (!scheme.empty()) special = is_special(scheme);
  if (special) {
    const size_t end = std::min(s.find_first_of("?#"), s.size());
    std::replace(s.begin(), s.begin() + static_cast<std::ptrdiff_t>(end), '\\', '/');
  }
  size_t authority_begin = kNpos, authority_end = kNpos;
  const size_t after_scheme = scheme.empty() ? 0 : scheme.size() + 1;
  if (s.compare(after_scheme, 2, "//") == 0) {
    authority_begin = after_scheme + 2;
    authority_end = std::min(s.find_first_of("/?#", authority_begin), s.size());
  }

  std::string out;
  out.reserve(s.size() + s.size() / 4);
  bool in_fragment = false;
  for (size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = octet(s[i]);
    const bool in_authority = authority_begin != kNpos && i >= authority_begin && i < authority_end;
    if (c == '%') {
      if (is_escape_at(s, i))
        out += '%';
      else
        out += "%25";
    } else if (c == '#') {
      if (in_fragment) {
        out += "%23";
      } else {
        in_fragment = true;
        out += '#';
      }
    } else if (c == '[' || c == ']') {
      if (in_authority)
        out += static_cast<char>(c);
      else
        append_escape(out, c);
    } else if (must_encode(c)) {
      append_escape(out, c);
    } else {
      out += static_cast<char>(c);
    }
  }
  if (out.size() > kMaxUrlLength)
    return url_error(ErrorCode::kTooLarge, label, text,
                     std::to_string(out.size()) + " octets long, over the limit of " +
                         std::to_string(kMaxUrlLength));
  return out;
}

// ---- uriparser -------------------------------------------------------------------------

// A UriUriA that frees what uriparser allocated for it. Its text ranges point into the
// string that was parsed, which must outlive it.
class UriHandle {
 public:
  UriHandle() { std::memset(&uri_, 0, sizeof uri_); }
  ~UriHandle() {
    if (filled_) uriFreeUriMembersA(&uri_);
  }
  UriHandle(const UriHandle&) = delete;
  UriHandle& operator=(const UriHandle&) = delete;

  UriUriA* get() { return &uri_; }
  const UriUriA& operator*() const { return uri_; }
  const UriUriA* operator->() const { return &uri_; }
  // After a uriparser call that filled it returned URI_SUCCESS (on failure uriparser
  // frees what it had allocated itself).
  void filled() { filled_ = true; }

 private:
  UriUriA uri_;
  bool filled_ = false;
};

std::string_view range(const UriTextRangeA& r) {
  if (r.first == nullptr || r.afterLast == nullptr) return {};
  return std::string_view(r.first, static_cast<size_t>(r.afterLast - r.first));
}

// Parses `text` (a URI reference); on failure, why, for a message.
std::optional<std::string> parse_into(UriHandle& uri, const std::string& text) {
  const char* error_at = nullptr;
  if (uriParseSingleUriExA(uri.get(), text.data(), text.data() + text.size(), &error_at) ==
      URI_SUCCESS) {
    uri.filled();
    return std::nullopt;
  }
  const size_t at = error_at ? static_cast<size_t>(error_at - text.data()) : 0;
  return "not RFC 3986 syntax from " + shown(std::string_view(text).substr(at, 24));
}

std::string to_string(const UriUriA& uri) {
  int chars = 0;
  if (uriToStringCharsRequiredA(&uri, &chars) != URI_SUCCESS || chars < 0) return {};
  std::string out(static_cast<size_t>(chars) + 1, '\0');
  if (uriToStringA(out.data(), &uri, chars + 1, nullptr) != URI_SUCCESS) return {};
  out.resize(static_cast<size_t>(chars));
  return out;
}

// RFC 3986 5.2.4 on an absolute path, by uriparser.
std::string remove_dot_segments(const std::string& path) {
  const std::string text = "http://h" + path;
  UriHandle uri;
  if (parse_into(uri, text)) return path;
  if (uriNormalizeSyntaxExA(uri.get(), URI_NORMALIZE_PATH) != URI_SUCCESS) return path;
  std::string out = to_string(*uri);
  if (out.size() < 8) return path;
  out.erase(0, 8);  // "http://h"
  return out.empty() ? "/" : out;
}

// ---- hosts -----------------------------------------------------------------------------

struct IdnFree {
  void operator()(char* p) const { idn2_free(p); }
};

// One label that holds non-ASCII octets, to its A-label ("пример" -> "xn--e1afmkfd").
Result<std::string> idna_label(const std::string& label) {
  char* raw = nullptr;
  const int rc = idn2_to_ascii_8z(label.c_str(), &raw, IDN2_NONTRANSITIONAL | IDN2_NFC_INPUT);
  std::unique_ptr<char, IdnFree> out(raw);
  if (rc != IDN2_OK || !out)
    return make_error(
        ErrorCode::kInvalid,
        "label " + shown(label) + " is not a valid IDNA2008 name (" + idn2_strerror(rc) + ")");
  return lower(out.get());
}

// One part of an IPv4 host (WHATWG URL "IPv4 number parser", as inet_aton reads it):
// decimal, "0x" hex or "0" octal; nullopt when it is not a number. Values over 2^32
// saturate (too large either way).
std::optional<uint64_t> ipv4_number(std::string_view part) {
  if (part.empty()) return std::nullopt;
  int base = 10;
  if (part.size() >= 2 && part[0] == '0' && (part[1] == 'x' || part[1] == 'X')) {
    part.remove_prefix(2);
    base = 16;
  } else if (part.size() >= 2 && part[0] == '0') {
    part.remove_prefix(1);
    base = 8;
  }
  uint64_t value = 0;
  for (char c : part) {
    const int d = hex_value(c);
    if (d < 0 || d >= base) return std::nullopt;
    value = std::min<uint64_t>(value * static_cast<uint64_t>(base) + static_cast<uint64_t>(d),
                               uint64_t{1} << 32);
  }
  return value;
}

std::string last_label(std::string_view host) {
  const size_t dot = host.rfind('.');
  return std::string(dot == kNpos ? host : host.substr(dot + 1));
}

// WHATWG URL "ends in a number": such a host is an IPv4 address or invalid.
bool ends_in_number(std::string_view host) {
  const std::string last = last_label(host);
  if (last.empty()) return false;
  if (std::all_of(last.begin(), last.end(), is_digit)) return true;
  return ipv4_number(last).has_value();
}

std::optional<uint32_t> parse_ipv4(std::string_view host) {
  std::vector<uint64_t> parts;
  size_t start = 0;
  while (true) {
    const size_t dot = host.find('.', start);
    const std::optional<uint64_t> n =
        ipv4_number(host.substr(start, dot == kNpos ? kNpos : dot - start));
    if (!n || parts.size() == 4) return std::nullopt;
    parts.push_back(*n);
    if (dot == kNpos) break;
    start = dot + 1;
  }
  const size_t last = parts.size() - 1;
  for (size_t i = 0; i < last; ++i)
    if (parts[i] > 255) return std::nullopt;
  if (parts[last] >= (uint64_t{1} << (8 * (4 - last)))) return std::nullopt;
  uint64_t address = parts[last];
  for (size_t i = 0; i < last; ++i) address += parts[i] << (8 * (3 - i));
  return static_cast<uint32_t>(address);
}

std::string dotted(uint32_t address) {
  return std::to_string(address >> 24) + "." + std::to_string((address >> 16) & 0xFF) + "." +
         std::to_string((address >> 8) & 0xFF) + "." + std::to_string(address & 0xFF);
}

bool is_host_char(char c) { return is_alnum(c) || c == '-' || c == '_' || c == '.'; }

// A host name (percent-escapes already decoded) as Url::host holds it; the message names
// the host, the caller adds the URL.
Result<std::string> canonical_host(std::string_view raw) {
  if (raw.empty()) return make_error(ErrorCode::kInvalid, "no host");
  for (char c : raw)
    if (octet(c) < 0x80 && !is_host_char(c))
      return make_error(
          ErrorCode::kInvalid,
          "host " + shown(raw) + " holds " + shown(std::string(1, c)) + ", which no DNS name can");
  std::string host;
  if (std::all_of(raw.begin(), raw.end(), [](char c) { return octet(c) < 0x80; })) {
    host = lower(raw);
  } else {
    // Label by label: IDNA2008 refuses ASCII labels that real hosts use ("r3---sn-x"),
    // so only the labels that need mapping go through libidn2. The separators are the
    // ones UTS #46 maps to ".".
    size_t start = 0;
    for (size_t i = 0; i <= raw.size();) {
      size_t sep = 0;
      if (i == raw.size() || raw[i] == '.')
        sep = 1;
      else if (raw.compare(i, 3, "\xE3\x80\x82") == 0 || raw.compare(i, 3, "\xEF\xBC\x8E") == 0 ||
               raw.compare(i, 3, "\xEF\xBD\xA1") == 0)
        sep = 3;
      if (sep == 0) {
        ++i;
        continue;
      }
      const std::string label(raw.substr(start, i - start));
      if (std::all_of(label.begin(), label.end(), [](char c) { return octet(c) < 0x80; })) {
        host += lower(label);
      } else {
        Result<std::string> mapped = idna_label(label);
        if (!mapped)
          return make_error(ErrorCode::kInvalid,
                            "host " + shown(raw) + ": " + mapped.error().message);
        host += *mapped;
      }
      if (i < raw.size()) host += '.';
      i += sep;
      start = i;
    }
    for (char c : host)
      if (!is_host_char(c))
        return make_error(ErrorCode::kInvalid, "host " + shown(raw) + " maps to " + shown(host) +
                                                   ", which no DNS name can be");
  }
  if (!host.empty() && host.back() == '.') host.pop_back();
  if (host.empty() || host.front() == '.' || host.find("..") != std::string::npos)
    return make_error(ErrorCode::kInvalid, "host " + shown(raw) + " has an empty label");
  if (ends_in_number(host)) {
    const std::optional<uint32_t> address = parse_ipv4(host);
    if (!address)
      return make_error(ErrorCode::kInvalid,
                        "host " + shown(raw) + " ends in a number but is not an IPv4 address");
    return dotted(*address);
  }
  if (host.size() > 253)
    return make_error(ErrorCode::kInvalid, "host " + shown(raw) + " is longer than 253 octets");
  size_t label_start = 0;
  while (label_start < host.size()) {
    const size_t dot = std::min(host.find('.', label_start), host.size());
    if (dot - label_start > 63)
      return make_error(ErrorCode::kInvalid,
                        "host " + shown(raw) + " has a label longer than 63 octets");
    label_start = dot + 1;
  }
  return host;
}

// "[...]" in RFC 5952 form, from 16 octets.
std::string ipv6_text(const unsigned char* address) {
  char text[INET6_ADDRSTRLEN] = {};
  if (!inet_ntop(AF_INET6, address, text, sizeof text)) return {};
  return std::string("[") + text + "]";
}

// A host as written in scope rules: a name, an IPv4 address, an IPv6 one with or
// without brackets.
Result<std::string> rule_host(std::string_view text) {
  std::string_view h = text;
  if (h.size() >= 2 && h.front() == '[' && h.back() == ']') h = h.substr(1, h.size() - 2);
  if (h.find(':') != kNpos) {
    in6_addr address{};
    const std::string s(h);
    if (s.find('\0') == std::string::npos && inet_pton(AF_INET6, s.c_str(), &address) == 1)
      return ipv6_text(address.s6_addr);
    return make_error(ErrorCode::kInvalid, "not an IPv6 address");
  }
  return canonical_host(percent_decode(h));
}

const psl_ctx_t* public_suffixes() {
  // Debian builds the list into libpsl; a build without one falls back to the system's
  // file, loaded once and kept for the life of the process.
  static const psl_ctx_t* const ctx = [] {
    const psl_ctx_t* builtin = psl_builtin();
    return builtin ? builtin : static_cast<const psl_ctx_t*>(psl_latest(nullptr));
  }();
  return ctx;
}

// ---- normalisation ---------------------------------------------------------------------

// RFC 3986 6.2.2.2 on a path (query = false) or a query: escapes of unreserved
// characters decoded, others upper-cased, octets not allowed raw encoded.
std::string normalize_escapes(std::string_view s, bool query) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = octet(s[i]);
    if (is_escape_at(s, i)) {
      const unsigned char decoded = escaped_octet(s, i);
      if (is_unreserved(decoded))
        out += static_cast<char>(decoded);
      else
        append_escape(out, decoded);
      i += 2;
    } else if (is_unreserved(c) || is_sub_delim(c) || c == ':' || c == '@' || c == '/' ||
               (query && c == '?')) {
      out += static_cast<char>(c);
    } else {
      append_escape(out, c);
    }
  }
  return out;
}

bool param_dropped(std::string_view name, const std::vector<std::string>& drop) {
  for (const std::string& d : drop) {
    if (!d.empty() && d.back() == '*') {
      if (istarts_with(name, std::string_view(d).substr(0, d.size() - 1))) return true;
    } else if (iequals(name, d)) {
      return true;
    }
  }
  return false;
}

std::string drop_params(std::string_view query, const std::vector<std::string>& drop) {
  std::string out;
  size_t start = 0;
  while (start <= query.size()) {
    const size_t end = std::min(query.find('&', start), query.size());
    const std::string_view param = query.substr(start, end - start);
    if (!param.empty() && !param_dropped(param.substr(0, param.find('=')), drop)) {
      if (!out.empty()) out += '&';
      out += param;
    }
    start = end + 1;
  }
  return out;
}

// ---- SURT (the rules of the Internet Archive's `surt` package, v0.3) ------------------

std::string unescape_repeatedly(std::string s) {
  while (true) {
    std::string decoded = percent_decode(s);
    if (decoded == s) return s;
    s = std::move(decoded);
  }
}

// GoogleURLCanonicalizer.escapeOnce: everything outside "!".."~", and "#" and "%".
std::string escape_once(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    const unsigned char o = octet(c);
    if (o <= 0x20 || o >= 0x7F || o == '#' || o == '%')
      append_escape(out, o);
    else
      out += c;
  }
  return out;
}

// GoogleURLCanonicalizer.normalizePath: dot segments and empty segments (but the last)
// removed; a ".." above the root is kept.
std::string surt_path(std::string_view path) {
  if (path.empty()) return "/";
  size_t start = path.find('/');
  if (start == kNpos) start = path.size();  // no "/": the first segment is dropped
  std::vector<std::string_view> kept;
  while (start < path.size()) {
    const size_t end = std::min(path.find('/', start + 1), path.size());
    const std::string_view segment = path.substr(start + 1, end - start - 1);
    start = end;
    if (segment == ".") continue;
    if (segment == ".." && !kept.empty()) {
      kept.pop_back();
      continue;
    }
    kept.push_back(segment);
  }
  std::string out = "/";
  if (!kept.empty()) {
    for (size_t i = 0; i + 1 < kept.size(); ++i) {
      if (kept[i].empty()) continue;
      out.append(kept[i]).append("/");
    }
    out.append(kept.back());
  }
  return out;
}

// The end of "(" [0-9a-z]{24} ")" at s[i], or npos.
size_t match_paren24(std::string_view s, size_t i) {
  if (i + 26 > s.size() || s[i] != '(' || s[i + 25] != ')') return kNpos;
  for (size_t k = i + 1; k < i + 25; ++k)
    if (!is_alnum(s[k])) return kNpos;
  return i + 26;
}

// URLRegexTransformer.stripPathSessionID: ASP.NET cookieless session segments,
// "/(S(24 chars))/" and "/(24 chars)/", before a path to an .aspx page.
std::string strip_path_session_id(std::string path) {
  // "(" ([a-z] "(" 24 ")")+ ")" "/"
  auto ids_group = [](std::string_view s, size_t i) -> size_t {
    if (i >= s.size() || s[i] != '(') return kNpos;
    size_t k = i + 1;
    size_t units = 0;
    while (k < s.size() && is_alpha(s[k])) {
      const size_t end = match_paren24(s, k + 1);
      if (end == kNpos) break;
      k = end;
      ++units;
    }
    if (units == 0 || s.compare(k, 2, ")/") != 0) return kNpos;
    return k + 2;
  };
  // "(" 24 ")" "/"
  auto id_group = [](std::string_view s, size_t i) -> size_t {
    const size_t end = match_paren24(s, i);
    if (end == kNpos || end >= s.size() || s[end] != '/') return kNpos;
    return end + 1;
  };
  for (int pattern = 0; pattern < 2; ++pattern) {
    // (.*/) is greedy: the last "/" after which the rest matches wins.
    for (size_t slash = path.rfind('/'); slash != kNpos;
         slash = slash == 0 ? kNpos : path.rfind('/', slash - 1)) {
      const size_t end = pattern == 0 ? ids_group(path, slash + 1) : id_group(path, slash + 1);
      if (end == kNpos) continue;
      // ([^?]+\.aspx.*)
      const std::string rest_lower = lower(std::string_view(path).substr(end));
      const size_t aspx = rest_lower.find(".aspx", 1);
      if (aspx == kNpos || rest_lower.substr(0, aspx).find('?') != kNpos) continue;
      path = path.substr(0, slash + 1) + path.substr(end);
      break;
    }
  }
  return path;
}

size_t count_while(std::string_view s, size_t i, bool (*pred)(char)) {
  size_t k = i;
  while (k < s.size() && pred(s[k])) ++k;
  return k - i;
}

// URLRegexTransformer.stripQuerySessionID: each pattern removes its last match, with
// the "&" after it.
std::string strip_query_session_id(std::string query) {
  // The end of the session id starting at q[p], or npos; it must be followed by "&" or
  // the end of the query.
  auto fixed = [](std::string_view q, size_t p, std::string_view name, size_t n) -> size_t {
    if (!istarts_with(q.substr(p), name)) return kNpos;
    const size_t v = p + name.size();
    if (count_while(q, v, is_alnum) != n) return kNpos;
    return v + n;
  };
  auto aspsession = [](std::string_view q, size_t p) -> size_t {
    if (!istarts_with(q.substr(p), "aspsessionid")) return kNpos;
    size_t k = p + 12;
    if (count_while(q, k, is_alpha) != 8) return kNpos;
    k += 8;
    if (k >= q.size() || q[k] != '=') return kNpos;
    ++k;
    if (count_while(q, k, is_alpha) != 24) return kNpos;
    return k + 24;
  };
  auto cfid = [](std::string_view q, size_t p) -> size_t {
    if (!istarts_with(q.substr(p), "cfid=")) return kNpos;
    size_t k = p + 5;
    const size_t amp = q.find('&', k);
    if (amp == kNpos || amp == k) return kNpos;
    if (!istarts_with(q.substr(amp + 1), "cftoken=")) return kNpos;
    k = amp + 1 + 8;
    const size_t end = std::min(q.find('&', k), q.size());
    return end == k ? kNpos : end;
  };
  for (int pattern = 0; pattern < 5; ++pattern) {
    for (size_t p = query.size(); p-- > 0;) {
      size_t end = kNpos;
      switch (pattern) {
        case 0:
          end = fixed(query, p, "jsessionid=", 32);
          break;
        case 1:
          end = fixed(query, p, "phpsessid=", 32);
          break;
        case 2:
          end = fixed(query, p, "sid=", 32);
          break;
        case 3:
          end = aspsession(query, p);
          break;
        default:
          end = cfid(query, p);
          break;
      }
      if (end == kNpos || (end < query.size() && query[end] != '&')) continue;
      query = query.substr(0, p) + (end < query.size() ? query.substr(end + 1) : std::string());
      break;
    }
  }
  return query;
}

// IAURLCanonicalizer.alphaReorderQuery: parameters sorted by name, then value; a name
// without "=" sorts before the same name with one.
std::string alpha_reorder_query(std::string_view query) {
  if (query.size() <= 1) return std::string(query);
  struct Param {
    std::string_view name;
    bool has_value;
    std::string_view value;
  };
  std::vector<Param> params;
  size_t start = 0;
  while (true) {
    const size_t end = std::min(query.find('&', start), query.size());
    const std::string_view param = query.substr(start, end - start);
    const size_t eq = param.find('=');
    if (eq == kNpos)
      params.push_back({param, false, {}});
    else
      params.push_back({param.substr(0, eq), true, param.substr(eq + 1)});
    if (end == query.size()) break;
    start = end + 1;
  }
  std::sort(params.begin(), params.end(), [](const Param& a, const Param& b) {
    if (a.name != b.name) return a.name < b.name;
    if (a.has_value != b.has_value) return !a.has_value;
    return a.value < b.value;
  });
  std::string out;
  for (const Param& p : params) {
    if (!out.empty() || &p != &params.front()) out += '&';
    out.append(p.name);
    if (p.has_value) out.append("=").append(p.value);
  }
  return out;
}

std::string surt_host(std::string host) {
  // GoogleURLCanonicalizer
  host = unescape_repeatedly(std::move(host));
  if (std::any_of(host.begin(), host.end(), [](char c) { return octet(c) >= 0x80; })) {
    Result<std::string> mapped = canonical_host(host);
    if (mapped) host = *mapped;
  }
  std::string collapsed;  // Python's replace("..", "."): one pass, not overlapping
  for (size_t i = 0; i < host.size(); ++i) {
    collapsed += host[i];
    if (host[i] == '.' && i + 1 < host.size() && host[i + 1] == '.') ++i;
  }
  const size_t first = collapsed.find_first_not_of('.');
  host = first == kNpos ? "" : collapsed.substr(first, collapsed.find_last_not_of('.') - first + 1);
  if (!host.empty() && std::all_of(host.begin(), host.end(), is_digit)) {
    uint32_t v = 0;
    for (char c : host) v = v * 10 + static_cast<uint32_t>(c - '0');  // "& 0xffffffff"
    host = dotted(v);
  } else if (!host.empty() && (is_digit(host[0])) &&
             std::all_of(host.begin(), host.end(),
                         [](char c) { return is_digit(c) || c == '.'; })) {
    // DECIMAL_IP and OCTAL_IP, resolved as inet_aton reads them; not an address: kept.
    const std::optional<uint32_t> address = parse_ipv4(host);
    host = address ? dotted(*address) : escape_once(lower(host));
  } else {
    host = escape_once(lower(host));
  }
  // IAURLCanonicalizer.massageHost: ^www\d*\.
  if (starts_with(host, "www")) {
    const size_t digits = count_while(host, 3, is_digit);
    if (3 + digits < host.size() && host[3 + digits] == '.') host.erase(0, 4 + digits);
  }
  return host;
}

// ---- scope -----------------------------------------------------------------------------

// "*" matches any run of characters; everything else itself. At most |text| x |pattern|.
bool glob_match(std::string_view pattern, std::string_view text) {
  size_t p = 0, t = 0, star = kNpos, mark = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = t;
    } else if (p < pattern.size() && pattern[p] == text[t]) {
      ++p;
      ++t;
    } else if (star != kNpos) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

}  // namespace

// ---- Url -------------------------------------------------------------------------------

uint16_t Url::effective_port() const { return port != 0 ? port : default_port(scheme); }

std::string Url::target() const { return query.empty() ? path : path + "?" + query; }

std::string Url::str() const {
  std::string out = scheme + "://" + host;
  if (port != 0) out += ":" + std::to_string(port);
  out += target();
  if (!fragment.empty()) out += "#" + fragment;
  return out;
}

Result<Url> parse_url(std::string_view text) {
  constexpr std::string_view kLabel = "URL";
  Result<std::string> cleaned = clean(text, false, kLabel);
  if (!cleaned) return cleaned.error();
  const std::string& s = *cleaned;
  const std::string_view scheme = scheme_of(s);
  if (scheme.empty())
    return url_error(ErrorCode::kInvalid, kLabel, text, "not an absolute URL (no scheme)");
  if (!is_special(scheme))
    return url_error(ErrorCode::kUnsupported, kLabel, text,
                     "scheme " + shown(lower(scheme)) + " is not crawled (only http and https)");
  UriHandle uri;
  if (std::optional<std::string> why = parse_into(uri, s))
    return url_error(ErrorCode::kInvalid, kLabel, text, *why);
  const Parts parts = split(s);
  if (!parts.has_authority || uri->hostText.first == nullptr)
    return url_error(ErrorCode::kInvalid, kLabel, text, "no host");
  if (parts.authority.find('@') != kNpos)
    return url_error(ErrorCode::kUnsupported, kLabel, text,
                     "user credentials in URLs are not supported (never sent, never stored)");

  Url url;
  url.scheme = lower(scheme);
  if (uri->hostData.ip6 != nullptr) {
    url.host = ipv6_text(uri->hostData.ip6->data);
  } else if (uri->hostData.ipFuture.first != nullptr) {
    return url_error(ErrorCode::kUnsupported, kLabel, text, "IPvFuture hosts are not supported");
  } else {
    Result<std::string> host = canonical_host(percent_decode(range(uri->hostText)));
    if (!host) return url_error(host.error().code, kLabel, text, host.error().message);
    url.host = std::move(*host);
  }

  const std::string_view port = range(uri->portText);
  if (!port.empty()) {
    uint32_t value = 0;
    for (char c : port) {
      value = value * 10 + static_cast<uint32_t>(c - '0');
      if (value > 65535) break;
    }
    if (value == 0 || value > 65535)
      return url_error(ErrorCode::kInvalid, kLabel, text,
                       "port " + shown(port) + " is out of range (1 to 65535)");
    if (value != default_port(url.scheme)) url.port = static_cast<uint16_t>(value);
  }
  url.path = parts.path.empty() ? "/" : std::string(parts.path);
  url.query = std::string(parts.query);
  url.fragment = std::string(parts.fragment);
  return url;
}

Result<std::string> resolve(std::string_view base, std::string_view reference) {
  Result<std::string> b = clean(base, false, "base URL");
  if (!b) return b.error();
  const std::string_view base_scheme = scheme_of(*b);
  if (base_scheme.empty())
    return url_error(ErrorCode::kInvalid, "base URL", base, "not an absolute URL (no scheme)");
  Result<std::string> r = clean(reference, is_special(base_scheme), "reference");
  if (!r) return r.error();

  UriHandle base_uri, reference_uri, out;
  if (std::optional<std::string> why = parse_into(base_uri, *b))
    return url_error(ErrorCode::kInvalid, "base URL", base, *why);
  if (std::optional<std::string> why = parse_into(reference_uri, *r))
    return url_error(ErrorCode::kInvalid, "reference", reference, *why);
  if (uriAddBaseUriExA(out.get(), &*reference_uri, &*base_uri, URI_RESOLVE_STRICTLY) != URI_SUCCESS)
    return url_error(ErrorCode::kInvalid, "reference", reference,
                     "cannot be resolved against " + shown(base));
  out.filled();
  std::string result = to_string(*out);
  if (result.empty())
    return url_error(ErrorCode::kInvalid, "reference", reference,
                     "cannot be resolved against " + shown(base));
  if (result.size() > kMaxUrlLength)
    return url_error(ErrorCode::kTooLarge, "reference", reference,
                     "resolves to " + std::to_string(result.size()) +
                         " octets, over the limit of " + std::to_string(kMaxUrlLength));
  return result;
}

std::vector<std::string> default_tracking_params() {
  return {"utm_*",  "fbclid", "gclid", "dclid",  "msclkid", "yclid",
          "mc_cid", "mc_eid", "_ga",   "igshid", "ref_src", "spm"};
}

Result<std::string> normalize(std::string_view url, const UrlOptions& options) {
  Result<Url> parsed = parse_url(url);
  if (!parsed) return parsed.error();
  Url u = std::move(*parsed);
  u.path = remove_dot_segments(normalize_escapes(u.path, false));
  u.query = drop_params(normalize_escapes(u.query, true), options.drop_params);
  u.fragment.clear();
  return u.str();
}

std::string host_of(std::string_view url) {
  Result<Url> parsed = parse_url(url);
  return parsed ? parsed->host : std::string();
}

std::string registrable_domain(std::string_view host) {
  if (host.empty()) return {};
  std::string h = lower(host);
  if (is_ip_literal(h)) return h;
  if (Result<std::string> canonical = rule_host(h)) {
    h = std::move(*canonical);
  } else if (!h.empty() && h.back() == '.') {
    h.pop_back();
  }
  if (is_ip_literal(h) || h.find('\0') != std::string::npos) return h;
  const psl_ctx_t* ctx = public_suffixes();
  if (!ctx) return h;
  const char* domain = psl_registrable_domain(ctx, h.c_str());
  return domain ? std::string(domain) : h;
}

bool is_ip_literal(std::string_view host) {
  if (host.empty() || host.find('\0') != kNpos) return false;
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    const std::string inner(host.substr(1, host.size() - 2));
    in6_addr a6{};
    return inet_pton(AF_INET6, inner.c_str(), &a6) == 1;
  }
  const std::string h(host);
  in_addr a4{};
  in6_addr a6{};
  return inet_pton(AF_INET, h.c_str(), &a4) == 1 || inet_pton(AF_INET6, h.c_str(), &a6) == 1;
}

std::string surt(std::string_view url) {
  // handyurl.parse: trimmed, tabs and newlines removed, "http://" when there is no
  // scheme, "http://https://" read as "https://".
  while (!url.empty() && octet(url.front()) <= 0x20) url.remove_prefix(1);
  while (!url.empty() && octet(url.back()) <= 0x20) url.remove_suffix(1);
  if (url.empty()) return "-";
  std::string s;
  for (char c : url)
    if (c != '\t' && c != '\n' && c != '\r') s += c;
  if (scheme_of(s).empty()) s = "http://" + s;
  auto protocol = [](std::string_view t) -> size_t {
    return starts_with(t, "http://") ? 7 : starts_with(t, "https://") ? 8 : 0;
  };
  while (size_t n = protocol(s)) {
    if (protocol(std::string_view(s).substr(n)) == 0) break;
    s.erase(0, n);
  }
  const Parts parts = split(s);
  if (!parts.has_authority) return std::string(url);

  std::string_view authority = parts.authority;
  if (const size_t at = authority.rfind('@'); at != kNpos) authority.remove_prefix(at + 1);
  std::string_view host = authority, port;
  if (starts_with(authority, "[")) {
    const size_t close = authority.find(']');
    host = authority.substr(1, close == kNpos ? kNpos : close - 1);
    if (close != kNpos && authority.substr(close + 1, 1) == ":") port = authority.substr(close + 2);
  } else if (const size_t colon = authority.rfind(':'); colon != kNpos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
  }
  std::string port_text;
  if (!port.empty() && port.size() <= 5 && std::all_of(port.begin(), port.end(), is_digit)) {
    const int value = std::stoi(std::string(port));
    if (value != default_port(parts.scheme) || !is_special(parts.scheme))
      port_text = ":" + std::to_string(value);
  }
  const std::string h = surt_host(lower(host));

  // GoogleURLCanonicalizer, then IAURLCanonicalizer
  std::string path = lower(escape_once(surt_path(unescape_repeatedly(std::string(parts.path)))));
  path = strip_path_session_id(std::move(path));
  if (path.size() > 1 && path.back() == '/') path.pop_back();
  std::optional<std::string> query;
  if (!parts.query.empty()) {
    std::string q = escape_once(unescape_repeatedly(std::string(parts.query)));
    q = alpha_reorder_query(lower(strip_query_session_id(std::move(q))));
    if (!q.empty()) query = std::move(q);
  }

  std::string out;
  if (h.empty()) {
    out = lower(parts.scheme) + ":";
  } else {
    // URLRegexTransformer.hostToSURT: labels reversed, joined by ","
    std::vector<std::string_view> labels;
    size_t start = 0;
    while (true) {
      const size_t dot = std::min(h.find('.', start), h.size());
      labels.emplace_back(std::string_view(h).substr(start, dot - start));
      if (dot == h.size()) break;
      start = dot + 1;
    }
    std::string reversed;
    for (auto it = labels.rbegin(); it != labels.rend(); ++it) {
      if (it != labels.rbegin()) reversed += ',';
      reversed.append(*it);
    }
    out = reversed + port_text + ")";
  }
  out += path.empty() && query ? "/" : path;
  if (query) out += "?" + *query;
  return out;
}

ScopeDecision in_scope(const ScopeRules& rules, std::string_view normalized_url) {
  ScopeDecision d;
  Result<Url> url = parse_url(normalized_url);
  if (!url) {
    d.reason = "not a URL: " + url.error().message;
    return d;
  }
  std::string why;
  if (!rules.hosts.empty() || !rules.domains.empty()) {
    const std::string& host = url->host;
    for (const std::string& h : rules.hosts) {
      Result<std::string> rule = rule_host(h);
      if (rule && *rule == host) {
        why = "host " + host + " listed";
        break;
      }
    }
    const bool ip = is_ip_literal(host);
    for (size_t i = 0; why.empty() && i < rules.domains.size(); ++i) {
      Result<std::string> rule = rule_host(rules.domains[i]);
      if (!rule) continue;
      const bool under = !ip && host.size() > rule->size() &&
                         host.compare(host.size() - rule->size(), rule->size(), *rule) == 0 &&
                         host[host.size() - rule->size() - 1] == '.';
      if (host == *rule || under) why = "host " + host + " under domain " + *rule;
    }
    if (why.empty()) {
      d.reason = "host " + host + " not in scope";
      return d;
    }
  }
  for (const std::string& pattern : rules.exclude) {
    if (glob_match(pattern, normalized_url)) {
      d.reason = "excluded by pattern " + pattern;
      return d;
    }
  }
  if (!rules.include.empty()) {
    const auto included =
        std::find_if(rules.include.begin(), rules.include.end(),
                     [&](const std::string& p) { return glob_match(p, normalized_url); });
    if (included == rules.include.end()) {
      d.reason = "matches no include pattern";
      return d;
    }
    why += (why.empty() ? "" : ", ") + std::string("included by pattern ") + *included;
  }
  d.allowed = true;
  d.reason = why.empty() ? "no scope rules" : why;
  return d;
}

Status check_scope_rules(const ScopeRules& rules) {
  for (const std::string& h : rules.hosts) {
    Result<std::string> host = rule_host(h);
    if (!host)
      return make_error(ErrorCode::kInvalid,
                        "scope host " + shown(h) + ": " + host.error().message);
  }
  for (const std::string& d : rules.domains) {
    Result<std::string> domain = rule_host(d);
    if (!domain)
      return make_error(ErrorCode::kInvalid,
                        "scope domain " + shown(d) + ": " + domain.error().message);
    const psl_ctx_t* ctx = public_suffixes();
    if (ctx && !is_ip_literal(*domain) &&
        psl_is_public_suffix2(ctx, domain->c_str(), PSL_TYPE_ANY | PSL_TYPE_NO_STAR_RULE))
      return make_error(ErrorCode::kInvalid,
                        "scope domain " + shown(d) +
                            " is a public suffix: it would put every site under it in scope");
  }
  for (const auto* list : {&rules.include, &rules.exclude}) {
    const char* kind = list == &rules.include ? "include" : "exclude";
    for (const std::string& p : *list) {
      if (p.empty())
        return make_error(ErrorCode::kInvalid, std::string("scope ") + kind + " pattern is empty");
      if (p.front() != '*' && !starts_with(p, "http://") && !starts_with(p, "https://"))
        return make_error(ErrorCode::kInvalid,
                          std::string("scope ") + kind + " pattern " + shown(p) +
                              " can never match: patterns match the whole URL from its scheme "
                              "(\"https://example.org/*\", \"*://example.org/*\")");
    }
  }
  return {};
}

}  // namespace trawl
