// WARC files read by hand (ISO 28500: WARC/1.0 and WARC/1.1). A record is a version line,
// header fields, an empty line, Content-Length bytes of block, then CRLF CRLF. zlib inflates
// the file as it is read (one gzip member per record, one gzip stream for the whole file, or
// none) and decodes gzip/deflate HTTP bodies; libbrotlidec decodes br. Memory holds one
// record and a few 64 KB buffers, whatever the size of the file.
#include <brotli/decode.h>
#include <sys/stat.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <deque>
#include <exception>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/text.h"
#include "extractors/warc.h"

namespace trawl {
namespace {

constexpr size_t kChunk = 64 * 1024;
// A WARC header section is a few hundred bytes; past this it is not a header.
constexpr size_t kMaxHeaderBytes = 1 << 20;

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};
using FilePtr = std::unique_ptr<std::FILE, FileCloser>;

// zlib keeps its state on the heap behind the z_stream: inflateEnd frees it.
struct InflateEnd {
  void operator()(z_stream* z) const {
    inflateEnd(z);
    delete z;
  }
};
using InflaterPtr = std::unique_ptr<z_stream, InflateEnd>;

// nullptr if zlib cannot allocate its state.
InflaterPtr make_inflater(int window_bits) {
  auto z = std::make_unique<z_stream>();  // value-initialised: zalloc, zfree, opaque Z_NULL
  if (inflateInit2(z.get(), window_bits) != Z_OK) return nullptr;
  return InflaterPtr(z.release());
}

struct BrotliDestroy {
  void operator()(BrotliDecoderState* s) const { BrotliDecoderDestroyInstance(s); }
};
using BrotliPtr = std::unique_ptr<BrotliDecoderState, BrotliDestroy>;

bool is_gzip_magic(const unsigned char* p, size_t n) {
  return n >= 2 && p[0] == 0x1f && p[1] == 0x8b;
}

// ---------------------------------------------------------------------------------------
// Small text helpers.

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// "WARC/1.0", "WARC/1.1", "WARC/0.18"...: the first line of a record, line end removed.
bool is_version_line(std::string_view line) {
  if (!line.starts_with("WARC/")) return false;
  std::string_view v = trim(line.substr(5));
  size_t dot = v.find('.');
  if (dot == 0 || dot == std::string_view::npos || dot + 1 == v.size()) return false;
  for (size_t i = 0; i < v.size(); ++i)
    if (i != dot && !is_digit(v[i])) return false;
  return true;
}

// The start of the first line of `s`, printable, for a message.
std::string quote_start(std::string_view s) {
  s = s.substr(0, std::min<size_t>(32, s.find_first_of("\r\n")));
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') {
      static const char* kHex = "0123456789abcdef";
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 15];
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

// Content-Length: decimal digits only, no sign, no overflow.
std::optional<uint64_t> parse_length(std::string_view s) {
  s = trim(s);
  if (s.empty() || s.size() > 19) return std::nullopt;
  uint64_t v = 0;
  for (char c : s) {
    if (!is_digit(c)) return std::nullopt;
    v = v * 10 + static_cast<uint64_t>(c - '0');
  }
  return v;
}

// "<http://x/>" -> "http://x/" (WARC/1.0 as some tools write it, and the 1.0 grammar).
std::string strip_angle_brackets(std::string_view s) {
  s = trim(s);
  if (s.size() >= 2 && s.front() == '<' && s.back() == '>') s = trim(s.substr(1, s.size() - 2));
  return std::string(s);
}

std::vector<std::string> split_tokens(std::string_view s, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= s.size()) {
    size_t end = s.find(sep, start);
    if (end == std::string_view::npos) end = s.size();
    std::string_view t = trim(s.substr(start, end - start));
    if (!t.empty()) out.emplace_back(t);
    start = end + 1;
  }
  return out;
}

// "Text/HTML; charset=\"EUC-KR\"" -> media "text/html", charset "euc-kr".
struct ContentType {
  std::string media;
  std::string charset;
};

ContentType parse_content_type(std::string_view value) {
  ContentType ct;
  size_t semi = value.find(';');
  ct.media = ascii_lower(trim(value.substr(0, semi)));
  while (semi != std::string_view::npos) {
    size_t start = semi + 1;
    semi = value.find(';', start);
    std::string_view param =
        value.substr(start, semi == std::string_view::npos ? std::string_view::npos : semi - start);
    size_t eq = param.find('=');
    if (eq == std::string_view::npos) continue;
    if (ascii_lower(trim(param.substr(0, eq))) != "charset") continue;
    std::string_view cs = trim(param.substr(eq + 1));
    if (cs.size() >= 2 && (cs.front() == '"' || cs.front() == '\'') && cs.back() == cs.front())
      cs = trim(cs.substr(1, cs.size() - 2));
    ct.charset = ascii_lower(cs);
  }
  return ct;
}

void add_charset(std::vector<std::string>& charsets, const std::string& cs) {
  if (!cs.empty() && std::find(charsets.begin(), charsets.end(), cs) == charsets.end())
    charsets.push_back(cs);
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

// W3C-DTF as WARC uses it: "2024-03-01T12:00:00Z", fractional seconds allowed, and the
// coarser forms WARC/1.1 allows ("2024", "2024-03", "2024-03-01", "2024-03-01T12:00Z").
// An offset "+09:00" instead of Z is accepted and applied. 0 if unparseable.
int64_t parse_warc_date(std::string_view s) {
  s = trim(s);
  size_t p = 0;
  auto number = [&](size_t digits, int& out) {
    if (p + digits > s.size()) return false;
    int v = 0;
    for (size_t i = 0; i < digits; ++i) {
      if (!is_digit(s[p + i])) return false;
      v = v * 10 + (s[p + i] - '0');
    }
    p += digits;
    out = v;
    return true;
  };
  auto accept = [&](char c) {
    if (p < s.size() && s[p] == c) {
      ++p;
      return true;
    }
    return false;
  };
  int year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0, offset = 0;
  if (!number(4, year)) return 0;
  if (accept('-')) {
    if (!number(2, month)) return 0;
    if (accept('-')) {
      if (!number(2, day)) return 0;
      if (accept('T') || accept('t')) {
        if (!number(2, hour) || !accept(':') || !number(2, minute)) return 0;
        if (accept(':')) {
          if (!number(2, second)) return 0;
          if (accept('.') || accept(',')) {
            if (p >= s.size() || !is_digit(s[p])) return 0;
            while (p < s.size() && is_digit(s[p])) ++p;  // below a second: dropped
          }
        }
        if (accept('Z') || accept('z')) {
        } else if (p < s.size() && (s[p] == '+' || s[p] == '-')) {
          const int sign = s[p] == '-' ? -1 : 1;
          ++p;
          int oh = 0, om = 0;
          if (!number(2, oh)) return 0;
          accept(':');
          if (!number(2, om)) return 0;
          offset = sign * (oh * 3600 + om * 60);
        }
      }
    }
  }
  if (p != s.size()) return 0;
  static const int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  if (month < 1 || month > 12 || day < 1 || day > kDays[month - 1] ||
      (month == 2 && day == 29 && !leap) || hour > 23 || minute > 59 || second > 60)
    return 0;
  return days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day)) * 86400 +
         hour * 3600 + minute * 60 + second - offset;
}

// ---------------------------------------------------------------------------------------
// Body decoding (HTTP Transfer-Encoding and Content-Encoding).

enum class Decoded { kOk, kTruncated, kBad, kTooLarge };

int hex_value(char c) {
  if (is_digit(c)) return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// De-chunks an HTTP/1.1 chunked body. Chunk extensions and trailers are ignored. kBad with
// `out` empty when the very first size line is not one (a body stored de-chunked under a
// "Transfer-Encoding: chunked" header, as some writers do).
Decoded dechunk(std::string_view in, std::string& out) {
  size_t p = 0;
  for (;;) {
    size_t nl = in.find('\n', p);
    if (nl == std::string_view::npos) return p == 0 ? Decoded::kBad : Decoded::kTruncated;
    std::string_view line = in.substr(p, nl - p);
    line = trim(line.substr(0, line.find(';')));
    if (line.empty() || line.size() > 15) return Decoded::kBad;
    uint64_t size = 0;
    for (char c : line) {
      int v = hex_value(c);
      if (v < 0) return Decoded::kBad;
      size = size * 16 + static_cast<uint64_t>(v);
    }
    p = nl + 1;
    if (size == 0) return Decoded::kOk;
    if (in.size() - p < size) {
      out.append(in.substr(p));
      return Decoded::kTruncated;
    }
    out.append(in.substr(p, size));
    p += size;
    if (p < in.size() && in[p] == '\r') ++p;
    if (p < in.size() && in[p] == '\n') ++p;
    if (p == in.size()) return Decoded::kTruncated;  // no last (0) chunk
  }
}

// Inflates a zlib, gzip (window_bits 32 + MAX_WBITS: either) or raw deflate stream; with
// `members`, gzip members that follow the first are inflated too. kTruncated when the
// input ends inside the stream (`out` holds what came out), kBad on a data error.
Decoded inflate_body(std::string_view in, int window_bits, bool members, uint64_t limit,
                     std::string& out) {
  InflaterPtr z = make_inflater(window_bits);
  if (!z) return Decoded::kBad;
  const auto* next = reinterpret_cast<const unsigned char*>(in.data());
  size_t left = in.size();
  for (;;) {
    if (z->avail_in == 0 && left > 0) {
      const size_t n = std::min<size_t>(left, 1u << 30);
      z->next_in = const_cast<Bytef*>(next);
      z->avail_in = static_cast<uInt>(n);
      next += n;
      left -= n;
    }
    const size_t old = out.size();
    out.resize(old + kChunk);
    z->next_out = reinterpret_cast<Bytef*>(out.data() + old);
    z->avail_out = static_cast<uInt>(kChunk);
    const int rc = inflate(z.get(), Z_NO_FLUSH);
    const size_t produced = kChunk - z->avail_out;
    out.resize(old + produced);
    if (out.size() > limit) return Decoded::kTooLarge;
    if (rc == Z_STREAM_END) {
      if (members && is_gzip_magic(z->next_in, z->avail_in)) {
        inflateReset(z.get());
        continue;
      }
      return Decoded::kOk;  // what follows the stream, if anything, is ignored
    }
    if (rc == Z_OK) {
      if (z->avail_in == 0 && left == 0 && z->avail_out != 0) return Decoded::kTruncated;
      continue;
    }
    if (rc == Z_BUF_ERROR && z->avail_in == 0 && left == 0) return Decoded::kTruncated;
    return Decoded::kBad;
  }
}

Decoded brotli_body(std::string_view in, uint64_t limit, std::string& out) {
  BrotliPtr st(BrotliDecoderCreateInstance(nullptr, nullptr, nullptr));
  if (!st) return Decoded::kBad;
  const auto* next_in = reinterpret_cast<const uint8_t*>(in.data());
  size_t avail_in = in.size();
  for (;;) {
    const size_t old = out.size();
    out.resize(old + kChunk);
    auto* next_out = reinterpret_cast<uint8_t*>(out.data() + old);
    size_t avail_out = kChunk;
    const BrotliDecoderResult rc = BrotliDecoderDecompressStream(st.get(), &avail_in, &next_in,
                                                                 &avail_out, &next_out, nullptr);
    out.resize(old + (kChunk - avail_out));
    if (out.size() > limit) return Decoded::kTooLarge;
    switch (rc) {
      case BROTLI_DECODER_RESULT_SUCCESS:
        return Decoded::kOk;
      case BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT:
        continue;
      case BROTLI_DECODER_RESULT_NEEDS_MORE_INPUT:
        return Decoded::kTruncated;
      default:
        return Decoded::kBad;
    }
  }
}

// Undoes one coding named in Transfer-Encoding or Content-Encoding. false (with a
// warning) when decoding stops there: `body` is then kept as it is. kTooLarge is passed
// up through `too_large`.
bool undo_coding(const std::string& coding, uint64_t limit, std::string& body,
                 std::vector<std::string>& warnings, bool& too_large) {
  if (coding.empty() || coding == "identity" || body.empty()) return true;
  std::string out;
  Decoded d;
  std::string name = coding;
  if (coding == "chunked") {
    d = dechunk(body, out);
    if (d == Decoded::kBad && out.empty()) {
      // Writers that store the body de-chunked and keep the header: go on with it.
      warnings.push_back("Transfer-Encoding: chunked but the body is not chunked (kept as it is)");
      return true;
    }
    if (d == Decoded::kBad) {
      warnings.push_back("bad chunked encoding (body kept as it came)");
      return false;
    }
    if (d == Decoded::kTruncated) warnings.push_back("truncated chunked body");
    body = std::move(out);
    return true;
  }
  if (coding == "gzip" || coding == "x-gzip") {
    name = "gzip";
    d = inflate_body(body, 32 + MAX_WBITS, true, limit, out);
  } else if (coding == "deflate") {
    // RFC 9110 says zlib; many servers send raw deflate.
    d = inflate_body(body, MAX_WBITS, false, limit, out);
    if (d == Decoded::kBad && out.empty()) d = inflate_body(body, -MAX_WBITS, false, limit, out);
  } else if (coding == "br") {
    d = brotli_body(body, limit, out);
  } else {
    warnings.push_back("unsupported Content-Encoding: " + coding + " (body kept as it is)");
    return false;
  }
  switch (d) {
    case Decoded::kOk:
      body = std::move(out);
      return true;
    case Decoded::kTruncated:
      warnings.push_back("truncated " + name + " body");
      body = std::move(out);
      return true;
    case Decoded::kTooLarge:
      too_large = true;
      return false;
    case Decoded::kBad:
      break;
  }
  warnings.push_back("cannot decode " + name + " body (kept as it came)");
  return false;
}

// ---------------------------------------------------------------------------------------
// The byte stream of the WARC layer.

// The file's bytes as the WARC records see them: inflated member by member when the file
// is gzip, as they are otherwise. Holds at most about two chunks beyond what is asked.
// Where each gzip member ends is remembered (in inflated and in file offsets), so that a
// record can be told by the member it fills.
class WarcStream {
 public:
  // A point where a gzip member ends and the next, if any, begins.
  struct Boundary {
    uint64_t pos;          // in the inflated stream
    uint64_t file_offset;  // in the file
  };

  // `base`: the file offset the file is positioned at.
  WarcStream(FilePtr file, uint64_t base)
      : file_(std::move(file)), in_(kChunk), file_read_(base), base_(base) {}

  // Reads the first bytes and tells gzip from plain. kIo on a read error.
  Status start() {
    in_next_ = in_.data();
    if (Status s = refill_input(); !s) return s;
    if (is_gzip_magic(in_next_, in_avail_)) {
      gzip_ = true;
      z_ = make_inflater(16 + MAX_WBITS);
      if (!z_) return make_error(ErrorCode::kCorrupt, "zlib cannot allocate an inflater");
      boundaries_.push_back({0, base_});
    } else {
      buf_.assign(reinterpret_cast<const char*>(in_next_), in_avail_);
      produced_ = base_ + in_avail_;
      in_avail_ = 0;
    }
    return {};
  }

  bool gzip() const { return gzip_; }

  // Makes at least `n` bytes available, fewer only at the end of the data. Errors stick:
  // once one is returned, every later call returns it (kIo, kCorrupt "truncated gzip
  // member", "gzip data error...", "garbage where a gzip member should start").
  Status fill(size_t n) {
    while (buf_.size() - start_ < n) {
      if (error_) return *error_;
      if (eof_) return {};
      if (start_ > 0) {
        buf_.erase(0, start_);
        start_ = 0;
      }
      Status s = gzip_ ? inflate_some() : read_plain();
      if (!s) {
        error_ = s.error();
        return s;
      }
    }
    return {};
  }

  std::string_view avail() const { return std::string_view(buf_).substr(start_); }
  void consume(size_t n) { start_ += n; }
  // Offset in the (inflated) stream of avail()[0].
  uint64_t pos() const { return produced_ - (buf_.size() - start_); }

  // gzip only: the last member boundary at or before `pos` (the start of the member that
  // holds it); there is always one, the start of the file.
  Boundary member_of(uint64_t pos) const {
    Boundary b = boundaries_.front();
    for (const Boundary& x : boundaries_)
      if (x.pos <= pos) b = x;
    return b;
  }
  // gzip only: the file offset where a member ends at stream offset `pos`, if one does.
  std::optional<uint64_t> member_end_at(uint64_t pos) const {
    for (const Boundary& x : boundaries_)
      if (x.pos == pos) return x.file_offset;
    return std::nullopt;
  }
  // Drops boundaries before the member holding `pos`: memory stays bounded.
  void forget_before(uint64_t pos) {
    while (boundaries_.size() > 1 && boundaries_[1].pos <= pos) boundaries_.pop_front();
  }

 private:
  Status read_error() {
    return make_error(ErrorCode::kIo, std::string("read error: ") + std::strerror(errno));
  }

  // Moves what is left of the input to the front and reads more after it.
  Status refill_input() {
    if (in_eof_) return {};
    if (in_avail_ > 0 && in_next_ != in_.data()) std::memmove(in_.data(), in_next_, in_avail_);
    in_next_ = in_.data();
    const size_t n = std::fread(in_.data() + in_avail_, 1, in_.size() - in_avail_, file_.get());
    if (n == 0) {
      if (std::ferror(file_.get())) return read_error();
      in_eof_ = true;
    }
    in_avail_ += n;
    file_read_ += n;
    return {};
  }

  Status read_plain() {
    const size_t old = buf_.size();
    buf_.resize(old + kChunk);
    const size_t n = std::fread(buf_.data() + old, 1, kChunk, file_.get());
    buf_.resize(old + n);
    produced_ += n;
    file_read_ += n;
    if (n == 0) {
      if (std::ferror(file_.get())) return read_error();
      eof_ = true;
    }
    return {};
  }

  Status inflate_some() {
    if (member_done_) {
      // Between members: another member, the end of the file, or garbage.
      while (in_avail_ < 2 && !in_eof_)
        if (Status s = refill_input(); !s) return s;
      if (in_avail_ == 0) {
        eof_ = true;
        return {};
      }
      if (!is_gzip_magic(in_next_, in_avail_))
        return make_error(
            ErrorCode::kCorrupt,
            "garbage where a gzip member should start (" +
                quote_start(std::string_view(reinterpret_cast<const char*>(in_next_), in_avail_)) +
                ")");
      inflateReset(z_.get());
      member_done_ = false;
    }
    if (in_avail_ == 0) {
      if (Status s = refill_input(); !s) return s;
      if (in_avail_ == 0) return make_error(ErrorCode::kCorrupt, "truncated gzip member");
    }
    const size_t old = buf_.size();
    buf_.resize(old + kChunk);
    z_->next_in = in_next_;
    z_->avail_in = static_cast<uInt>(in_avail_);
    z_->next_out = reinterpret_cast<Bytef*>(buf_.data() + old);
    z_->avail_out = static_cast<uInt>(kChunk);
    const int rc = inflate(z_.get(), Z_NO_FLUSH);
    const size_t produced = kChunk - z_->avail_out;
    buf_.resize(old + produced);
    produced_ += produced;
    in_next_ = z_->next_in;
    in_avail_ = z_->avail_in;
    if (rc == Z_STREAM_END) {
      member_done_ = true;
      boundaries_.push_back({produced_, file_read_ - in_avail_});
      return {};
    }
    if (rc == Z_OK || (rc == Z_BUF_ERROR && in_avail_ == 0)) return {};
    return make_error(ErrorCode::kCorrupt,
                      std::string("gzip data error (") + (z_->msg ? z_->msg : "zlib") + ")");
  }

  FilePtr file_;
  bool gzip_ = false;
  InflaterPtr z_;
  std::vector<unsigned char> in_;  // compressed input
  unsigned char* in_next_ = nullptr;
  size_t in_avail_ = 0;
  bool in_eof_ = false;
  uint64_t file_read_ = 0;  // the file offset read to
  bool member_done_ = false;

  std::string buf_;  // inflated (or plain) bytes not yet consumed, from start_
  size_t start_ = 0;
  uint64_t produced_ = 0;  // bytes ever appended to buf_
  bool eof_ = false;
  std::optional<Error> error_;
  std::deque<Boundary> boundaries_;
  uint64_t base_ = 0;  // the file offset reading started at
};

// ---------------------------------------------------------------------------------------
// Records.

struct Field {
  std::string name;  // lower-case
  std::string value;
};

const std::string* first_field(const std::vector<Field>& fields, std::string_view name) {
  for (const Field& f : fields)
    if (f.name == name) return &f.value;
  return nullptr;
}

std::string field_or_empty(const std::vector<Field>& fields, std::string_view name) {
  const std::string* v = first_field(fields, name);
  return v ? std::string(trim(*v)) : std::string();
}

// Parses "Name: value" lines, with obs-fold continuation lines (leading space or tab).
// Returns false for a line that is neither.
bool add_field_line(std::string_view line, std::vector<Field>& fields) {
  if (!line.empty() && (line[0] == ' ' || line[0] == '\t')) {
    if (fields.empty()) return false;
    std::string_view more = trim(line);
    if (!more.empty()) {
      if (!fields.back().value.empty()) fields.back().value += ' ';
      fields.back().value += more;
    }
    return true;
  }
  size_t colon = line.find(':');
  if (colon == std::string_view::npos || colon == 0) return false;
  fields.push_back(
      {ascii_lower(trim(line.substr(0, colon))), std::string(trim(line.substr(colon + 1)))});
  return true;
}

std::map<std::string, std::string> joined(const std::vector<Field>& fields) {
  std::map<std::string, std::string> out;
  for (const Field& f : fields) {
    auto [it, inserted] = out.emplace(f.name, f.value);
    if (!inserted) it->second += ", " + f.value;
  }
  return out;
}

// One line of `s` from `p` (line end removed), advancing `p` past it. false at the end.
bool next_line(std::string_view s, size_t& p, std::string_view& line) {
  if (p >= s.size()) return false;
  size_t nl = s.find('\n', p);
  size_t end = nl == std::string_view::npos ? s.size() : nl;
  line = s.substr(p, end - p);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  p = nl == std::string_view::npos ? s.size() : nl + 1;
  return true;
}

// "HTTP/1.1 200 OK" -> 200, 0 if it is not a status line.
int parse_status_line(std::string_view line) {
  if (!line.starts_with("HTTP/")) return 0;
  size_t sp = line.find(' ');
  if (sp == std::string_view::npos) return 0;
  std::string_view rest = line.substr(sp + 1);
  while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
  if (rest.size() < 3 || !is_digit(rest[0]) || !is_digit(rest[1]) || !is_digit(rest[2])) return 0;
  if (rest.size() > 3 && rest[3] != ' ' && rest[3] != '\t') return 0;
  return (rest[0] - '0') * 100 + (rest[1] - '0') * 10 + (rest[2] - '0');
}

// Fills the HTTP part of `rec` from a block holding an HTTP response message. false if
// the decoded body is over `limit`.
bool parse_http_response(std::string block, uint64_t limit, WarcRecord& rec) {
  size_t p = 0;
  std::string_view line;
  std::string_view view(block);
  next_line(view, p, line);
  rec.http_status = parse_status_line(line);
  if (rec.http_status == 0) {
    rec.warnings.push_back("bad HTTP status line " + quote_start(line) +
                           " (block kept as the body)");
    rec.body = std::move(block);
    return true;
  }
  std::vector<Field> fields;
  bool bad_line = false;
  bool ended = false;
  for (;;) {
    while (next_line(view, p, line)) {
      if (line.empty()) {
        ended = true;
        break;
      }
      if (!add_field_line(line, fields)) bad_line = true;
    }
    // An interim response (100 Continue, 103 Early Hints) captured before the final one.
    const bool interim = rec.http_status >= 100 && rec.http_status < 200 && rec.http_status != 101;
    if (!ended || !interim || !view.substr(p).starts_with("HTTP/")) break;
    next_line(view, p, line);
    rec.http_status = parse_status_line(line);
    if (rec.http_status == 0) break;
    fields.clear();
    ended = false;
  }
  if (bad_line) rec.warnings.push_back("malformed HTTP header line ignored");
  if (!ended && rec.type != "revisit")
    rec.warnings.push_back("HTTP header not terminated by an empty line");
  rec.http_headers = joined(fields);
  for (const Field& f : fields) {
    if (f.name != "content-type") continue;
    ContentType ct = parse_content_type(f.value);
    if (!ct.media.empty()) rec.mime = ct.media;  // the last one wins, as in browsers
    add_charset(rec.declared_charsets, ct.charset);
  }
  block.erase(0, std::min(p, block.size()));
  rec.body = std::move(block);

  // The sender applied Content-Encoding, then Transfer-Encoding: undo them in reverse.
  std::vector<std::string> codings;
  for (const char* header : {"content-encoding", "transfer-encoding"}) {
    auto it = rec.http_headers.find(header);
    if (it == rec.http_headers.end()) continue;
    for (std::string& c : split_tokens(it->second, ',')) codings.push_back(ascii_lower(c));
  }
  bool too_large = false;
  for (auto it = codings.rbegin(); it != codings.rend(); ++it) {
    if (!undo_coding(*it, limit, rec.body, rec.warnings, too_large)) break;
  }
  return !too_large;
}

class WarcReaderImpl final : public WarcReader {
 public:
  WarcReaderImpl(std::unique_ptr<WarcStream> stream, uint64_t file_size, WarcOptions options)
      : stream_(std::move(stream)), file_size_(file_size), options_(options) {}

  Result<std::optional<WarcRecord>> next() override {
    if (done_) return std::optional<WarcRecord>();
    try {
      Result<std::optional<WarcRecord>> r = read_record();
      if ((!r && r.error().code != ErrorCode::kTooLarge) || (r && !*r)) done_ = true;
      return r;
    } catch (const std::exception& e) {
      done_ = true;
      return make_error(ErrorCode::kCorrupt,
                        "record at offset " + std::to_string(record_offset_) + ": " + e.what());
    }
  }

 private:
  Error fail(ErrorCode code, const std::string& what) const {
    return make_error(code, "record at offset " + std::to_string(record_offset_) + ": " + what);
  }
  Error fail(const Error& e) const { return fail(e.code, e.message); }

  // Reads one line into `line` without its line end. false at the end of the data (then
  // `line` holds what there was).
  Result<bool> read_line(std::string& line, size_t& header_bytes) {
    size_t scanned = 0;
    for (;;) {
      std::string_view a = stream_->avail();
      size_t nl = a.find('\n', scanned);
      if (nl != std::string_view::npos) {
        header_bytes += nl + 1;
        if (header_bytes > kMaxHeaderBytes)
          return fail(ErrorCode::kCorrupt, "WARC header over 1 MiB");
        line.assign(a.substr(0, nl));
        if (!line.empty() && line.back() == '\r') line.pop_back();
        stream_->consume(nl + 1);
        return true;
      }
      scanned = a.size();
      if (header_bytes + scanned > kMaxHeaderBytes)
        return fail(ErrorCode::kCorrupt, "WARC header over 1 MiB");
      if (Status s = stream_->fill(scanned + 4096); !s) return fail(s.error());
      if (stream_->avail().size() == scanned) {
        line.assign(stream_->avail());
        stream_->consume(scanned);
        return false;
      }
    }
  }

  // Consumes `n` bytes, appending them to `out` unless it is null. false at the end of
  // the data before `n` bytes.
  Result<bool> take(uint64_t n, std::string* out) {
    while (n > 0) {
      if (Status s = stream_->fill(static_cast<size_t>(std::min<uint64_t>(n, kChunk))); !s)
        return fail(s.error());
      std::string_view a = stream_->avail();
      if (a.empty()) return false;
      const size_t k = static_cast<size_t>(std::min<uint64_t>(n, a.size()));
      if (out) out->append(a.substr(0, k));
      stream_->consume(k);
      n -= k;
    }
    return true;
  }

  // The CRLF CRLF after a block; bare LFs pass. A warning when it is not there.
  void read_trailer(WarcRecord& rec, uint64_t content_length) {
    if (!stream_->fill(4)) {
      // The data is cut after the block: the record stands; the next call reports it.
      rec.warnings.push_back("cannot read the CRLF CRLF after the block");
      return;
    }
    std::string_view a = stream_->avail();
    size_t i = 0, newlines = 0;
    while (i < a.size() && newlines < 2 && (a[i] == '\r' || a[i] == '\n')) {
      if (a[i] == '\n') ++newlines;
      ++i;
    }
    stream_->consume(i);
    if (newlines < 2) {
      rec.warnings.push_back(a.size() == i ? "no CRLF CRLF after the block at the end of the file"
                                           : "block not followed by CRLF CRLF (Content-Length " +
                                                 std::to_string(content_length) + " may be wrong)");
    }
  }

  Result<std::optional<WarcRecord>> read_record() {
    // Blank lines between records are passed over, whatever their number.
    const uint64_t before_blanks = stream_->pos();
    for (;;) {
      if (Status s = stream_->fill(1); !s) {
        record_offset_ =
            stream_->gzip() ? stream_->member_of(stream_->pos()).file_offset : stream_->pos();
        return fail(s.error());
      }
      std::string_view a = stream_->avail();
      if (a.empty()) return std::optional<WarcRecord>();
      if (a[0] != '\r' && a[0] != '\n') break;
      stream_->consume(1);
    }

    WarcRecord rec;
    rec.stream_offset = stream_->pos();
    bool starts_member = true;  // and so may be read alone from its offset
    if (stream_->gzip()) {
      WarcStream::Boundary b = stream_->member_of(rec.stream_offset);
      rec.offset = b.file_offset;
      starts_member = b.pos >= before_blanks;
      stream_->forget_before(rec.stream_offset);
    } else {
      rec.offset = rec.stream_offset;
    }
    record_offset_ = rec.offset;

    // The header section. Garbage is told before looking for a line end in it.
    if (Status s = stream_->fill(5); !s) return fail(s.error());
    if (!stream_->avail().starts_with("WARC/"))
      return fail(ErrorCode::kCorrupt,
                  "not a WARC record (found " + quote_start(stream_->avail()) + ")");
    size_t header_bytes = 0;
    std::string line;
    Result<bool> got = read_line(line, header_bytes);
    if (!got) return got.error();
    if (!is_version_line(line))
      return fail(ErrorCode::kCorrupt, "not a WARC record (found " + quote_start(line) + ")");
    std::vector<Field> fields;
    bool bad_line = false;
    for (;;) {
      got = read_line(line, header_bytes);
      if (!got) return got.error();
      if (!*got) return fail(ErrorCode::kCorrupt, "truncated WARC header");
      if (line.empty()) break;
      if (!add_field_line(line, fields)) bad_line = true;
    }
    if (bad_line) rec.warnings.push_back("malformed WARC header line ignored");

    const std::string* length_field = first_field(fields, "content-length");
    if (!length_field) return fail(ErrorCode::kCorrupt, "no Content-Length");
    std::optional<uint64_t> content_length = parse_length(*length_field);
    if (!content_length)
      return fail(ErrorCode::kCorrupt, "bad Content-Length \"" + *length_field + "\"");
    const uint64_t length = *content_length;

    rec.type = field_or_empty(fields, "warc-type");
    rec.target_uri = strip_angle_brackets(field_or_empty(fields, "warc-target-uri"));
    rec.date = field_or_empty(fields, "warc-date");
    rec.date_unix = parse_warc_date(rec.date);
    rec.ip = field_or_empty(fields, "warc-ip-address");
    rec.record_id = field_or_empty(fields, "warc-record-id");
    rec.payload_digest = field_or_empty(fields, "warc-payload-digest");
    rec.refers_to_uri = strip_angle_brackets(field_or_empty(fields, "warc-refers-to-target-uri"));
    rec.refers_to_date = field_or_empty(fields, "warc-refers-to-date");
    rec.profile = strip_angle_brackets(field_or_empty(fields, "warc-profile"));
    rec.warc_content_type = field_or_empty(fields, "content-type");
    rec.warc_headers = joined(fields);
    if (const std::string* t = first_field(fields, "warc-truncated"))
      rec.warnings.push_back("record truncated by its writer (WARC-Truncated: " + *t + ")");
    if (first_field(fields, "warc-segment-number"))
      rec.warnings.push_back("segmented record: the block is one segment of the payload");

    const std::string what = rec.type.empty() ? std::string("record") : rec.type;
    const std::string label = rec.target_uri.empty() ? what : what + " " + rec.target_uri;

    // A length that runs past the end is known at once in a plain file.
    if (!stream_->gzip() && stream_->pos() + length > file_size_ && file_size_ > 0)
      return fail(ErrorCode::kCorrupt,
                  "Content-Length " + std::to_string(length) + " runs past the end of the file");

    const bool too_large = length > options_.max_record_bytes;
    std::string block;
    Result<bool> complete = take(length, too_large ? nullptr : &block);
    if (!complete) return complete.error();
    if (!*complete)
      return fail(ErrorCode::kCorrupt,
                  "Content-Length " + std::to_string(length) + " runs past the end of the file");
    read_trailer(rec, length);
    if (Status s = finish_extent(rec, starts_member); !s) return fail(s.error());

    if (too_large)
      return fail(ErrorCode::kTooLarge, label + ": block of " + std::to_string(length) +
                                            " bytes over max_record_bytes (" +
                                            std::to_string(options_.max_record_bytes) +
                                            "), skipped");

    const ContentType warc_ct = parse_content_type(rec.warc_content_type);
    const bool http = warc_ct.media == "application/http" ||
                      (warc_ct.media.empty() && std::string_view(block).starts_with("HTTP/"));
    if ((rec.type == "response" || rec.type == "revisit") && http &&
        std::string_view(block).starts_with("HTTP/")) {
      if (!parse_http_response(std::move(block), options_.max_record_bytes, rec))
        return fail(ErrorCode::kTooLarge, label + ": body decodes to more than max_record_bytes (" +
                                              std::to_string(options_.max_record_bytes) +
                                              "), dropped");
    } else {
      if (!http) {
        rec.mime = warc_ct.media;
        add_charset(rec.declared_charsets, warc_ct.charset);
      } else if (rec.type == "response" && !block.empty()) {
        rec.warnings.push_back("application/http block without an HTTP status line");
      }
      rec.body = std::move(block);
    }
    return std::optional<WarcRecord>(std::move(rec));
  }

  // Sets rec.length once the record has been read to its end. In a gzip file, an error
  // (a member cut in its 8-byte trailer, say) is the record's when its own member is
  // damaged, and the next record's when its member ended cleanly.
  Status finish_extent(WarcRecord& rec, bool starts_member) {
    if (!stream_->gzip()) {
      rec.length = stream_->pos() - rec.offset;
      return {};
    }
    // Blank lines the writer left inside the member belong to the record; past them, the
    // member must end where the record does for the record to be read alone.
    for (;;) {
      Status s = stream_->fill(1);
      if (stream_->member_end_at(stream_->pos())) break;
      if (!s) return s;
      std::string_view a = stream_->avail();
      if (a.empty() || (a[0] != '\r' && a[0] != '\n')) break;
      stream_->consume(1);
    }
    std::optional<uint64_t> end = stream_->member_end_at(stream_->pos());
    rec.length = starts_member && end ? *end - rec.offset : 0;
    return {};
  }

  std::unique_ptr<WarcStream> stream_;
  uint64_t file_size_;
  WarcOptions options_;
  uint64_t record_offset_ = 0;  // of the record being read, for messages
  bool done_ = false;
};

Result<std::unique_ptr<WarcReader>> open_reader(const std::string& path,
                                                const WarcOptions& options) {
  FilePtr file(std::fopen(path.c_str(), "rb"));
  if (!file) {
    const int err = errno;
    if (err == ENOENT || err == ENOTDIR)
      return make_error(ErrorCode::kNotFound, "no such file: " + path);
    return make_error(ErrorCode::kIo, "cannot open " + path + ": " + std::strerror(err));
  }
  struct stat st {};
  if (::fstat(fileno(file.get()), &st) != 0)
    return make_error(ErrorCode::kIo, "cannot stat " + path + ": " + std::strerror(errno));
  if (S_ISDIR(st.st_mode)) return make_error(ErrorCode::kIo, path + " is a folder");
  const uint64_t size = S_ISREG(st.st_mode) ? static_cast<uint64_t>(st.st_size) : 0;

  if (options.start_offset > 0 &&
      (options.start_offset >= size ||
       std::fseek(file.get(), static_cast<long>(options.start_offset), SEEK_SET) != 0))
    return make_error(
        ErrorCode::kCorrupt,
        "no record at offset " + std::to_string(options.start_offset) + " of " + path);
  auto stream = std::make_unique<WarcStream>(std::move(file), options.start_offset);
  if (Status s = stream->start(); !s) return s.error();
  // The first record must begin at once: nothing else is a WARC file.
  Status s = stream->fill(16);
  std::string_view head = stream->avail();
  if (!s) {
    if (s.error().code == ErrorCode::kIo) return s.error();
    return make_error(ErrorCode::kCorrupt, "not a WARC file (" + s.error().message + ")");
  }
  if (head.empty() && !stream->gzip()) return make_error(ErrorCode::kEmpty, "empty file");
  size_t eol = head.find('\n');
  std::string_view first = head.substr(0, eol);
  if (!first.empty() && first.back() == '\r') first.remove_suffix(1);
  if (!head.starts_with("WARC/") || (eol != std::string_view::npos && !is_version_line(first)))
    return make_error(ErrorCode::kCorrupt,
                      "not a WARC file (starts with " + quote_start(head) + ")");
  return std::unique_ptr<WarcReader>(new WarcReaderImpl(std::move(stream), size, options));
}

}  // namespace

Result<std::unique_ptr<WarcReader>> WarcReader::open(const std::string& path,
                                                     const WarcOptions& options) {
  try {
    return open_reader(path, options);
  } catch (const std::exception& e) {
    return make_error(ErrorCode::kCorrupt, std::string("cannot read WARC file: ") + e.what());
  }
}

bool decode_http_response(std::string message, uint64_t limit, WarcRecord& rec) {
  try {
    return parse_http_response(std::move(message), limit, rec);
  } catch (const std::exception& e) {
    rec.warnings.push_back(std::string("cannot read HTTP message: ") + e.what());
    return false;
  }
}

bool looks_like_warc(std::string_view head) {
  auto is_start = [](std::string_view s) {
    return (s.starts_with("WARC/1.0") || s.starts_with("WARC/1.1")) && s.size() > 8 &&
           (s[8] == '\r' || s[8] == '\n');
  };
  const auto* bytes = reinterpret_cast<const unsigned char*>(head.data());
  if (!is_gzip_magic(bytes, head.size())) return is_start(head);
  try {
    InflaterPtr z = make_inflater(16 + MAX_WBITS);
    if (!z) return false;
    char out[16];
    z->next_in = const_cast<Bytef*>(bytes);
    z->avail_in = static_cast<uInt>(std::min<size_t>(head.size(), 8192));
    z->next_out = reinterpret_cast<Bytef*>(out);
    z->avail_out = sizeof out;
    while (z->avail_out > 0) {
      const int rc = inflate(z.get(), Z_SYNC_FLUSH);
      if (rc != Z_OK) break;
    }
    return is_start(std::string_view(out, sizeof out - z->avail_out));
  } catch (const std::exception&) {
    return false;
  }
}

}  // namespace trawl
