// Adapters for libmagic (MIME types) and OpenSSL's libcrypto (SHA-256).
#include "extractors/identify.h"

#include <magic.h>
#include <openssl/evp.h>

#include <algorithm>
#include <cctype>
#include <optional>

#include "core/text.h"
#include "extractors/charset.h"

namespace trawl {

namespace {

std::string hex(const unsigned char* digest, unsigned int len) {
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(len * 2);
  for (unsigned int i = 0; i < len; ++i) {
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 0xF];
  }
  return out;
}

}  // namespace

std::string sha256_hex(std::string_view bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest, &len, EVP_sha256(), nullptr);
  return hex(digest, len);
}

struct Sha256::Impl {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  ~Impl() { EVP_MD_CTX_free(ctx); }
};

Sha256::Sha256() : impl_(std::make_unique<Impl>()) {
  EVP_DigestInit_ex(impl_->ctx, EVP_sha256(), nullptr);
}
Sha256::~Sha256() = default;

void Sha256::update(std::string_view bytes) {
  EVP_DigestUpdate(impl_->ctx, bytes.data(), bytes.size());
}

std::string Sha256::hex() {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_DigestFinal_ex(impl_->ctx, digest, &len);
  return trawl::hex(digest, len);
}

namespace {

struct MagicCloser {
  void operator()(magic_set* m) const { magic_close(m); }
};

bool ends_with_any(std::string_view name, std::initializer_list<std::string_view> suffixes) {
  std::string lower = ascii_lower(name);
  for (auto s : suffixes)
    if (std::string_view(lower).ends_with(s)) return true;
  return false;
}

// Signatures libmagic itself decides on at offset 0, checked first: libmagic is a fifth
// of the ingest profile, most of it on text it must classify the slow way (bench/ingest).
// Anything else, and anything short, goes to libmagic.
const char* unmistakable(std::string_view b) {
  if (b.size() < 16) return nullptr;
  if (b.starts_with("%PDF-")) return "application/pdf";
  if (b.starts_with("\x89PNG\r\n\x1a\n")) return "image/png";
  if (b.starts_with("\xff\xd8\xff")) return "image/jpeg";
  if (b.starts_with("GIF87a") || b.starts_with("GIF89a")) return "image/gif";
  // HTML that says so first: "<!DOCTYPE html" or "<html", after a UTF-8 BOM and spaces
  std::string_view h = b.substr(0, 64);
  if (h.starts_with("\xEF\xBB\xBF")) h.remove_prefix(3);
  while (!h.empty() && (h[0] == ' ' || h[0] == '\t' || h[0] == '\r' || h[0] == '\n'))
    h.remove_prefix(1);
  const std::string head = ascii_lower(h.substr(0, 15));
  if (std::string_view(head).starts_with("<!doctype html") ||
      std::string_view(head).starts_with("<html"))
    return "text/html";
  return nullptr;
}

// What a zip that libmagic calls "application/zip" holds when it is a document: a first
// member "mimetype", stored, naming the type (ODF, HWPX's "application/hwp+zip", EPUB:
// libmagic knows some of these names and not others), or the main part of an OOXML
// package that does not keep [Content_Types].xml first (libmagic looks for it there).
std::optional<std::string> zip_document_type(std::string_view b) {
  auto u16 = [&](size_t at) {
    return static_cast<size_t>(static_cast<unsigned char>(b[at])) |
           static_cast<size_t>(static_cast<unsigned char>(b[at + 1])) << 8;
  };
  auto u32 = [&](size_t at) { return u16(at) | u16(at + 2) << 16; };
  if (b.size() > 38 && b.starts_with("PK\x03\x04") && u16(8) == 0 && u16(26) == 8 &&
      b.substr(30, 8) == "mimetype") {
    const size_t start = 30 + 8 + u16(28), size = u32(18);
    if (size > 0 && size < 100 && start + size <= b.size()) {
      std::string type(b.substr(start, size));
      while (!type.empty() && (type.back() == '\n' || type.back() == '\r' || type.back() == ' '))
        type.pop_back();
      const bool clean = std::all_of(type.begin(), type.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '/' || c == '.' || c == '+' ||
               c == '-';
      });
      if (clean && type.starts_with("application/")) return type;
    }
  }
  if (b.find("[Content_Types].xml") != std::string_view::npos) {
    if (b.find("word/document.xml") != std::string_view::npos)
      return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    if (b.find("xl/workbook.xml") != std::string_view::npos)
      return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    if (b.find("ppt/presentation.xml") != std::string_view::npos)
      return "application/vnd.openxmlformats-officedocument.presentationml.presentation";
  }
  return std::nullopt;
}

// An OPC package ([Content_Types].xml among its members) without a main part we know:
// broken, or a kind we do not read. The name says which Office type it meant to be, so
// that the OOXML reader can say what is missing rather than the archive reader list one
// member.
std::optional<std::string> broken_ooxml_type(std::string_view b, std::string_view name) {
  if (b.find("[Content_Types].xml") == std::string_view::npos) return std::nullopt;
  if (ends_with_any(name, {".docx", ".docm", ".dotx"}))
    return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
  if (ends_with_any(name, {".xlsx", ".xlsm", ".xltx"}))
    return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  if (ends_with_any(name, {".pptx", ".pptm", ".ppsx", ".potx"}))
    return "application/vnd.openxmlformats-officedocument.presentationml.presentation";
  return std::nullopt;
}

// ---------------------------------------------------------------- text at sight
//
// libmagic spends about 1.5 ms on a text file (bench/identify: it tries its text rules,
// regular expressions among them, after all the others) against 5 to 30 us for a
// signature it finds, so text that it would call "text/plain" is recognised here first.
// What it calls something else is told by the rules of its database (file 5.44,
// magic/Magdir) that ordinary text can meet:
//   - the encoding, judged on the first 64 KB (FILE_ENCODING_MAX): a byte of 0x00..0x06,
//     0x0E..0x1A, 0x1C..0x1F or 0x7F there makes the bytes "data"; here any control but
//     tab, line feed, form feed and carriage return sends them to libmagic, and so does
//     anything but UTF-8;
//   - strings at offset 0 ("%PDF-", "%!PS", "{\rtf", "<?xml", "#!", "WARC/", "From:",
//     "Received:", "MIME-Version:", "Article ", "BZh", "MThd", "PS " for HP-GL...): the
//     text starts (after blanks) with a number, a letter beyond ASCII or a word that is
//     capitalised or in lower case ("Tanker", "tanker", not "TANKER" nor "MThd")
//     followed by a space or punctuation, and not with a mail or news header
//     (kHeaderNames) nor one of kSignatureStarts;
//   - searches of the first 8 KB (markup, TeX, PGP armour, Lisp, Perl...): none of the
//     characters in kMarkup in the first 64 KB and none of kCodeWords in the first 8 KB;
//   - regular expressions of the first 1 KB (MAGIC_PARAM_REGEX_MAX, set in create()), most
//     anchored at a line start (troff ".TH", "#include", "import", "class ", Fortran's
//     "C " comments, make's "all:"): every line of the window starts with a letter, a
//     digit, a quote, "(", "*" or a single "-", and not with kCodeLineStarts.
// Signatures at a fixed offset past the start ("moov" at 4, "M.K." at 1080) are not
// looked for: prose has them there only by chance, and libmagic is then wrong.
// bench/identify/measure.sh checks the result against libmagic on real files and on
// probes made from the rules of the database.

constexpr size_t kEncodingWindow = 64 * 1024;  // libmagic's FILE_ENCODING_MAX
constexpr size_t kSearchWindow = 8 * 1024;     // the longest searches of its text rules

// Characters that text rules look for anywhere: markup, RTF and TeX, shell and C.
constexpr std::string_view kMarkup = "<>{}\\`|^~";

// Prose-shaped strings that rules of the database match at offset 0 and that give a type
// (compared case-insensitively): mail, news and diff text, and binary formats whose
// signature is a word.
constexpr std::string_view kSignatureStarts[] = {
    "Article ",           // message/news
    "Forward to ",        // message/rfc822
    "Pipe to ",           // message/rfc822
    "From ",              // mbox
    "This is Info file",  // text/x-info
    "diff ",
    "Only in ",
    "Common subdirectories: ",  // text/x-diff
    "Windows Registry Editor ",
    "Creative Voice File",
    "Packed File ",
    "Brain Vision",
    "Embla data file",
    "gimp xcf",
    "Glul",
    "Vgm ",
    "axgx",
    "push",
    "icns",
    "qoif",
    "drpm",
    "ttcf",
    "conectix",
    "Xcur",
    "Abort",
    "Type",
    "x",
    "begmf",
    "Start Component",
    "Extended Module",
    "StuffIt",
    "Inno Setup",
    "Standard ",
    "Header",
    "Client UrlCache",
    "Nullsoft",
    "Bagpipe",
    "Blink",
    "Bitmapfile",
    "eval ",
    "070707",
    "070701",
    "070702",
    "0       ",
    "begin:",     // text/vcard, text/calendar
    "filedesc:",  // application/x-ia-arc
};

// Mail and news headers (RFC 5322, 2045, 5536), lower case: a first line "Name:" with one
// of these is a message, whether libmagic has a rule for the name or not.
constexpr std::string_view kHeaderNames[] = {
    "from",
    "to",
    "cc",
    "bcc",
    "subject",
    "date",
    "message-id",
    "received",
    "return-path",
    "mime-version",
    "content-type",
    "content-transfer-encoding",
    "delivered-to",
    "reply-to",
    "sender",
    "in-reply-to",
    "references",
    "organization",
    "path",
    "xref",
    "newsgroups",
    "relay-version",
    "article",
    "index",
    "user-agent",
    "thread-topic",
    "dkim-signature",
    "authentication-results",
    "arc-seal",
    "envelope-to",
    "status",
    "lines",
    "followup-to",
};

// Keywords that line-anchored rules match at the start of a line (after blanks).
constexpr std::string_view kCodeLineStarts[] = {
    "C ",       "c ",       "C\t",     "c\t",  // Fortran comments
    "class ",   "module ",  "import ", "from ",    "def ",       "end",   "require ",   "include ",
    "extern ",  "struct ",  "union ",  "char",     "double",     "float", "namespace ", "using ",
    "template", "virtual ", "public:", "private:", "protected:", "try:",  "except",     "begin ",
    "CFLAGS",   "VPATH",    "LDFLAGS", "all:",     "SUBDIRS",    "MAX=",  "PROC",       "SiSU",
    "sisu-",    "dnl",      "main(",   "EAPI=",
};

// Words that searches and regular expressions find anywhere: Algol 68, Forth, BCPL, C
// comments, Lisp, Perl, PGP armour.
constexpr std::string_view kCodeWords[] = {
    "MODE ",
    "MODE\t",
    "REF ",
    "REF\t",
    "FLEX",
    " -- ",
    "(input,",
    "libhdr",
    "LIBHDR",
    "/*",
    "*/",
    "(setq ",
    "(defvar ",
    "(defparam ",
    "(defun ",
    "(autoload ",
    "(custom-set-variables ",
    "eval \"exec",
    "eval 'exec",
    "InternetShortcut",
    "BEGIN PGP",
};

bool ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool ascii_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool ascii_digit(char c) { return c >= '0' && c <= '9'; }

// How the text may begin (see above).
bool prose_start(std::string_view w) {
  const char c = w[0];
  if (static_cast<unsigned char>(c) >= 0x80) {
    size_t p = 0;
    const char32_t first = next_code_point(w, p);
    return first >= 0xC0 && first != 0xFFFD && first != 0xFEFF;
  }
  size_t e = 1;
  if (ascii_digit(c)) {
    while (e < w.size() && ascii_digit(w[e])) ++e;  // a number, not "8BPS" nor "1giM"
    return e == w.size() ||
           std::string_view(" \t\r\n,.;:!?'-/)%").find(w[e]) != std::string_view::npos;
  }
  if (!ascii_letter(c)) return false;
  while (e < w.size() && ascii_letter(w[e])) {
    if (ascii_upper(w[e])) return false;  // "TANKER", "MThd", "fLaC": signatures
    ++e;
  }
  return e == w.size() || std::string_view(" \t\r\n,.:;!?'-").find(w[e]) != std::string_view::npos;
}

// A line's first non-blank character: a letter or digit (ASCII or not), a quote, "(",
// "*" or a single "-"; not a keyword of kCodeLineStarts.
bool prose_line_start(std::string_view line) {
  size_t i = 0;
  while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
  line.remove_prefix(i);
  if (line.empty() || line[0] == '\r' || line[0] == '\f') return true;
  const char c = line[0];
  if (!(ascii_letter(c) || ascii_digit(c) || static_cast<unsigned char>(c) >= 0x80 || c == '"' ||
        c == '\'' || c == '(' || c == '*' || c == '-'))
    return false;
  if (line.starts_with("--")) return false;  // diffs, PGP armour, MIME parts, signatures
  if (line.starts_with("(ns") || line.starts_with("(def")) return false;  // Clojure
  for (std::string_view k : kCodeLineStarts)
    if (line.starts_with(k)) return false;
  return true;
}

}  // namespace

bool plain_text_at_sight(std::string_view b) {
  if (b.size() < 16) return false;
  const std::string_view w = b.substr(0, kEncodingWindow);
  // leading blanks are allowed; what follows them is checked as the start
  const size_t lead = std::min(w.find_first_not_of(" \t\r\n"), w.size());
  const std::string_view text = w.substr(lead);
  if (text.empty() || !prose_start(text)) return false;
  for (size_t i = 0; i < w.size();) {
    const unsigned char c = static_cast<unsigned char>(w[i]);
    if (c < 0x80) {
      if (c < 0x20 ? c != '\t' && c != '\n' && c != '\r' && c != '\f'
                   : c == 0x7F || kMarkup.find(static_cast<char>(c)) != std::string_view::npos)
        return false;
      ++i;
      continue;
    }
    size_t p = i;
    const char32_t cp = next_code_point(w, p);
    if (cp == 0xFFFD && w.compare(i, 3, "\xEF\xBF\xBD") != 0) {
      if (i + 4 > w.size()) break;  // a sequence cut by the window or the file's end
      return false;                 // not UTF-8: legacy charsets go to libmagic
    }
    if ((cp >= 0x80 && cp <= 0x9F) || cp == 0xFEFF) return false;
    i = p;
  }
  // the first line: no mail or news header, no signature
  size_t word = 0;
  while (word < text.size() && (ascii_letter(text[word]) || ascii_digit(text[word]) ||
                                text[word] == '-' || text[word] == '_'))
    ++word;
  if (word < text.size() && text[word] == ':') {
    const std::string name = ascii_lower(text.substr(0, word));
    if (name.starts_with("x-")) return false;
    for (std::string_view h : kHeaderNames)
      if (name == h) return false;
  }
  for (std::string_view s : kSignatureStarts)
    if (text.size() >= s.size() && ascii_lower(text.substr(0, s.size())) == ascii_lower(s))
      return false;
  // every line of the window starts like prose
  for (size_t start = 0; start < w.size();) {
    size_t end = w.find('\n', start);
    if (end == std::string_view::npos) end = w.size();
    if (!prose_line_start(w.substr(start, end - start))) return false;
    start = end + 1;
  }
  const std::string_view searched = w.substr(0, kSearchWindow);
  for (std::string_view k : kCodeWords)
    if (searched.find(k) != std::string_view::npos) return false;
  return true;
}

namespace {

// ---------------------------------------------------------------- text libmagic misses

// Types libmagic gives text by accident (bench/identify/measure.sh: real text with a few
// control characters, and prose probes): "data" for a control character in the first
// 64 KB; HP-GL for text starting "PS ", "PA ", "CO ", "SP ", "IN;"; an ARC archive for a
// Ctrl-Z first; GeoSwath, dBase memo and Sega Pico ROM for bytes that text has by chance
// at fixed offsets (two Debian manual pages are Pico ROMs to libmagic). Bytes of these types that
// read as text are text (reads_as_text); real files of them do not (binary, NUL bytes), except
// HP-GL plots, which are text.
constexpr std::string_view kTextByAccident[] = {
    "application/octet-stream",
    "application/vnd.hp-HPGL",
    "application/x-arc",
    "application/x-geoswath-rdf",
    "application/x-dbt",
    "application/x-sega-pico-rom",
    // a Windows INF rule that takes any text starting "[Version" (a GCC manual page's
    // "[Version1 EABI]"): an INF file is text too
    "application/x-setupscript",
};

// libmagic's saved-news rule takes any text starting "Article " ("Article 5 of Regulation
// (EU) 2017/1509..."); a saved news article starts "Article 1234 of alt.news:".
bool saved_news(std::string_view b) {
  std::string_view line = b.substr(0, b.find('\n'));
  if (line.ends_with('\r')) line.remove_suffix(1);
  if (!line.starts_with("Article ") || !line.ends_with(':')) return false;
  line.remove_prefix(8);
  size_t d = 0;
  while (d < line.size() && ascii_digit(line[d])) ++d;
  return d > 0 && line.substr(d).starts_with(" of ") &&
         line.find(' ', d + 4) == std::string_view::npos;
}

bool utf8_valid(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      ++i;
      continue;
    }
    const size_t start = i;
    if (next_code_point(s, i) == 0xFFFD && s.compare(start, 3, "\xEF\xBF\xBD") != 0)
      return start + 4 > s.size();  // only a sequence cut at the end
  }
  return true;
}

bool utf16_bom(std::string_view b) {
  return b.size() >= 2 && (b.starts_with("\xFF\xFE") || b.starts_with("\xFE\xFF"));
}

// Text in UTF-8, in UTF-16 with a BOM or in a legacy charset that decodes plausibly, with
// no NUL (but in UTF-16) and few control characters.
bool reads_as_text(std::string_view b) {
  if (control_character_share(b) > kMaxTextControlShare) return false;
  const std::string_view sample = b.substr(0, kEncodingWindow);
  if (utf16_bom(b)) return text_plausibility(decode_text(sample).text) >= kMinTextPlausibility;
  if (b.find('\0') != std::string_view::npos) return false;
  if (utf8_valid(b)) return true;
  return text_plausibility(decode_text(sample).text) >= kMinTextPlausibility;
}

// ---------------------------------------------------------------- e-mail that libmagic calls text
//
// libmagic calls a message "message/rfc822" only when it starts with one of a few headers
// (From:, Received:...), and an mbox "application/mbox" almost never (file 5.44 gives
// "text/plain" for "From a@b Mon Jan  1 00:00:00 2024" and a message after it): a
// message saved by a client starting "To:", "Subject:" or "MIME-Version:" (an MHTML page
// saved by Internet Explorer) and a mailbox are text to it.

// One From_ line of an mbox: "From ", an address, a space and a date with a digit.
bool mbox_from_line(std::string_view line) {
  if (!line.starts_with("From ")) return false;
  line.remove_prefix(5);
  const size_t sp = line.find(' ');
  if (sp == 0 || sp == std::string_view::npos) return false;
  return line.substr(sp).find_first_of("0123456789") != std::string_view::npos;
}

}  // namespace

bool looks_like_message_headers(std::string_view b) {
  static constexpr std::string_view kTelling[] = {
      "from", "date", "subject", "message-id", "mime-version", "received", "return-path", "to"};
  b = b.substr(0, kEncodingWindow);
  bool seen[std::size(kTelling)] = {};
  int distinct = 0;
  bool first = true;
  for (size_t start = 0; start < b.size();) {
    size_t end = b.find('\n', start);
    if (end == std::string_view::npos) end = b.size();
    std::string_view line = b.substr(start, end - start);
    if (line.ends_with('\r')) line.remove_suffix(1);
    start = end + 1;
    if (line.empty()) break;  // the end of the header
    if (line[0] == ' ' || line[0] == '\t') {
      if (first) return false;  // a continuation needs a field before it
      continue;
    }
    first = false;
    size_t colon = 0;
    while (colon < line.size() && line[colon] > 32 && line[colon] < 127 && line[colon] != ':')
      ++colon;
    if (colon == 0 || colon == line.size() || line[colon] != ':') return false;
    const std::string name = ascii_lower(line.substr(0, colon));
    for (size_t i = 0; i < std::size(kTelling); ++i)
      if (name == kTelling[i] && !seen[i]) {
        seen[i] = true;
        ++distinct;
      }
  }
  return distinct >= 2;
}

std::string_view mail_type(std::string_view b) {
  std::string_view rest = b;
  if (b.starts_with("From ")) {
    const size_t nl = b.find('\n');
    std::string_view line = b.substr(0, nl);
    if (line.ends_with('\r')) line.remove_suffix(1);
    if (!mbox_from_line(line) || nl == std::string_view::npos) return {};
    rest = b.substr(nl + 1);
  }
  if (!looks_like_message_headers(rest)) return {};
  // A From_ line after a blank line, followed by a header: a mailbox of several
  // messages, whether or not it starts with one (a mailbox whose first separator was
  // lost). The header after it keeps a body line such as "From Nampo at 10:00 ..." from
  // making a message a mailbox.
  for (std::string_view blank : {std::string_view("\n\nFrom "), std::string_view("\n\r\nFrom ")}) {
    for (size_t p = b.find(blank); p != std::string_view::npos; p = b.find(blank, p + 2)) {
      const size_t start = p + blank.size() - 5;
      const size_t nl = b.find('\n', start);
      if (nl == std::string_view::npos) break;
      std::string_view line = b.substr(start, nl - start);
      if (line.ends_with('\r')) line.remove_suffix(1);
      if (mbox_from_line(line) && looks_like_message_headers(b.substr(nl + 1)))
        return "application/mbox";
    }
  }
  return "message/rfc822";
}

namespace {

class LibmagicDetector final : public MimeDetector {
 public:
  LibmagicDetector(magic_t m, const MimeOptions& options) : magic_(m), options_(options) {}

  std::string detect(std::string_view bytes, std::string_view name) override {
    if (bytes.empty()) return "application/x-empty";
    if (const char* sure = unmistakable(bytes)) return sure;
    const bool text = options_.sniff_plain_text && plain_text_at_sight(bytes);
    std::string mime = text ? std::string("text/plain") : ask_libmagic(bytes);
    if (mime == "application/zip") {
      if (std::optional<std::string> doc = zip_document_type(bytes)) return *doc;
      if (std::optional<std::string> doc = broken_ooxml_type(bytes, name)) return *doc;
    }
    if (mime == "text/plain") {
      const std::string_view mail = mail_type(bytes);
      if (!mail.empty()) return std::string(mail);
    }
    if (mime == "text/plain" && ends_with_any(name, {".html", ".htm", ".xhtml", ".shtml"}) &&
        bytes.find('<') != std::string_view::npos) {
      return "text/html";
    }
    return mime;
  }

 private:
  std::string ask_libmagic(std::string_view bytes) {
    const char* r = magic_buffer(magic_.get(), bytes.data(), bytes.size());
    std::string mime = r ? r : "application/octet-stream";
    const std::string_view head = bytes.substr(0, 4096);
    bool text = false;
    if (mime == "application/octet-stream") {
      // ISO-2022-KR (RFC 1557) text is 7-bit with escape and shift bytes, which libmagic
      // calls binary data; its designator "ESC $ ) C" near the start says what it is.
      text = head.find("\x1b$)C") != std::string_view::npos &&
             head.find('\0') == std::string_view::npos;
    }
    for (std::string_view t : kTextByAccident)
      if (!text && mime == t) text = reads_as_text(bytes);
    if (!text && mime == "message/news" && bytes.starts_with("Article ") && !saved_news(bytes))
      text = reads_as_text(bytes);
    if (text) mime = "text/plain";
    return mime;
  }

  std::unique_ptr<magic_set, MagicCloser> magic_;
  MimeOptions options_;
};

}  // namespace

double control_character_share(std::string_view b) {
  if (b.empty()) return 0;
  size_t controls = 0, chars = 0;
  auto control = [](char32_t c) {
    return (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') || c == 0x7F;
  };
  if (utf16_bom(b)) {
    const bool le = b[0] == '\xFF';
    for (size_t i = 2; i + 1 < b.size(); i += 2) {
      const auto lo = static_cast<unsigned char>(b[i + (le ? 0 : 1)]);
      const auto hi = static_cast<unsigned char>(b[i + (le ? 1 : 0)]);
      const char32_t u = static_cast<char32_t>(hi << 8 | lo);
      ++chars;
      if (control(u) || (u >= 0x80 && u <= 0x9F)) ++controls;
    }
  } else if (utf8_valid(b)) {
    for (size_t i = 0; i < b.size();) {
      const char32_t c = next_code_point(b, i);
      ++chars;
      if (control(c) || (c >= 0x80 && c <= 0x9F)) ++controls;
    }
  } else {
    for (char c : b) {
      ++chars;
      if (control(static_cast<unsigned char>(c))) ++controls;
    }
  }
  return chars ? static_cast<double>(controls) / static_cast<double>(chars) : 0;
}

Result<std::unique_ptr<MimeDetector>> MimeDetector::create(const MimeOptions& options) {
  // Checks we never need: looking inside compressed data (we want the container's
  // type), ELF details, programming-language tokens, JSON and CSV (read as text anyway).
  magic_t m =
      magic_open(MAGIC_MIME_TYPE | MAGIC_ERROR | MAGIC_NO_CHECK_COMPRESS | MAGIC_NO_CHECK_ELF |
                 MAGIC_NO_CHECK_TOKENS | MAGIC_NO_CHECK_JSON | MAGIC_NO_CHECK_CSV);
  if (!m) return make_error(ErrorCode::kFatal, "libmagic: cannot allocate a handle");
  if (magic_load(m, nullptr) != 0) {
    std::string msg = std::string("libmagic: cannot load the magic database: ") +
                      (magic_error(m) ? magic_error(m) : "unknown error");
    magic_close(m);
    return make_error(ErrorCode::kFatal, msg);
  }
  // Regex rules scan 8 KB of text by default; the first 1 KB decides the same types on
  // our corpora at 30% less cost per file.
  size_t regex_max = 1024;
  magic_setparam(m, MAGIC_PARAM_REGEX_MAX, &regex_max);
  return std::unique_ptr<MimeDetector>(std::make_unique<LibmagicDetector>(m, options));
}

}  // namespace trawl
