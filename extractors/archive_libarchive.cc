// Containers through libarchive: the one file that includes its headers. libarchive
// decompresses and walks the entries; this file chooses the formats, turns entry names
// into safe UTF-8 paths, and enforces the limits of config.archive while it reads.
#include "extractors/archive.h"

#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <locale.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/text.h"
#include "extractors/charset.h"
#include "extractors/extractor.h"

namespace trawl {
namespace {

// Read size of open_file() and of one archive_read_data() call.
constexpr size_t kBlockSize = 64 * 1024;
// The compression ratio is judged only past this many uncompressed bytes: small members
// of zeros or repeated lines legitimately compress far better than max_ratio.
constexpr uint64_t kRatioFloor = 1 << 20;
// A member's declared size is a hint for reserving memory, never trusted beyond this.
constexpr uint64_t kMaxReserve = 16 << 20;
// ARCHIVE_RETRY from next_header this many times in a row: give up.
constexpr int kMaxRetries = 16;
// Reopenings of one container to read on past damaged members (see recover()).
constexpr int kMaxRecoveries = 16;

struct ArchiveCloser {
  void operator()(archive* a) const { archive_read_free(a); }
};
using ArchivePtr = std::unique_ptr<archive, ArchiveCloser>;

// libarchive converts entry names to the "current locale", and in the C locale (a
// program that never called setlocale) every non-ASCII name fails to convert and comes
// back NULL: 7z names (stored as UTF-16) and UTF-8-flagged zip names alike. So every
// libarchive call runs with this thread's LC_CTYPE switched to C.UTF-8 (uselocale is
// per thread: other threads and the process locale are untouched). In that locale
// libarchive hands over UTF-8 for names it knows the charset of, and the raw bytes for
// names it does not (zip names without the UTF-8 flag, old tar names): it makes no
// default conversion on POSIX. The raw bytes are then decoded here (legacy_name).
class Utf8Locale {
 public:
  Utf8Locale() {
    // made once, kept for the life of the process
    static const locale_t utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", static_cast<locale_t>(0));
    if (utf8 != static_cast<locale_t>(0)) previous_ = uselocale(utf8);
  }
  ~Utf8Locale() {
    if (previous_ != static_cast<locale_t>(0)) uselocale(previous_);
  }
  Utf8Locale(const Utf8Locale&) = delete;
  Utf8Locale& operator=(const Utf8Locale&) = delete;

 private:
  locale_t previous_ = static_cast<locale_t>(0);
};

// Formats read as containers. Left out on purpose: "raw" (it takes any bytes at all, so
// a lone text file would become an archive of one member; used only for a lone
// compressed stream, see open_reader), "empty", "mtree" (a text format: plain text can
// bid for it), "warc" (extractors/warc* reads WARC), "ar" (static libraries and .deb
// wrappers), lha and xar (rare; untested here).
void support_container_formats(archive* a) {
  archive_read_support_format_zip(a);
  archive_read_support_format_tar(a);  // ustar, pax, GNU tar, v7
  archive_read_support_format_7zip(a);
  archive_read_support_format_rar(a);
  archive_read_support_format_rar5(a);
  archive_read_support_format_cpio(a);
  archive_read_support_format_iso9660(a);
  archive_read_support_format_cab(a);
}

// The decompression filters built into libarchive (Debian links zlib, bzip2, liblzma,
// zstd and lz4). Not archive_read_support_filter_all(): it also enables lzop, lrzip and
// grzip, which run an external program (fork and exec inside the pipeline) when the
// bytes bid for them.
void support_filters(archive* a) {
  archive_read_support_filter_gzip(a);
  archive_read_support_filter_bzip2(a);
  archive_read_support_filter_xz(a);
  archive_read_support_filter_lzma(a);
  archive_read_support_filter_lzip(a);
  archive_read_support_filter_zstd(a);
  archive_read_support_filter_lz4(a);
  archive_read_support_filter_compress(a);
}

// A lone compressed stream (not a tar inside): read with the "raw" format, whose one
// member is the decompressed stream. Recognised by the compressor's magic number.
bool starts_with_compression_magic(std::string_view head) {
  static const std::array<std::string_view, 7> kMagics = {
      std::string_view("\x1F\x8B", 2),                  // gzip
      std::string_view("BZh", 3),                       // bzip2
      std::string_view("\xFD\x37\x7A\x58\x5A\x00", 6),  // xz: FD "7zXZ" 00
      std::string_view("\x28\xB5\x2F\xFD", 4),          // zstd
      std::string_view("\x04\x22\x4D\x18", 4),          // lz4
      std::string_view("LZIP", 4),                      // lzip
      std::string_view("\x1F\x9D", 2),                  // compress (.Z)
  };
  return std::any_of(kMagics.begin(), kMagics.end(),
                     [&](std::string_view m) { return head.starts_with(m); });
}

// Where the container's bytes come from.
struct Source {
  std::shared_ptr<const std::string> bytes;  // open(): held in memory
  std::string path;                          // open_file(): streamed from disk
};

// What one libarchive handle reads through: the container's bytes in memory, or its
// file read in kBlockSize blocks, with seeking (zip and 7z find their members through an
// index at the end) and skipping. Ours rather than libarchive's memory and file readers:
// one reader for both, and through it libarchive's count of the bytes it consumed is
// right for stored members too (the ratio check, see consumed_now()).
class Feed {
 public:
  explicit Feed(const Source& src) : bytes_(src.bytes) {
    if (bytes_) {
      size_ = static_cast<int64_t>(bytes_->size());
    } else {
      fd_ = ::open(src.path.c_str(), O_RDONLY | O_CLOEXEC);
      if (fd_ >= 0) {
        struct stat st {};
        if (::fstat(fd_, &st) == 0) size_ = st.st_size;
        block_.resize(kBlockSize);
      } else {
        open_errno_ = errno;
      }
    }
  }
  ~Feed() {
    if (fd_ >= 0) ::close(fd_);
  }
  Feed(const Feed&) = delete;
  Feed& operator=(const Feed&) = delete;

  // empty when the file can be read
  std::string open_error() const {
    return open_errno_ ? "cannot open: " + std::string(std::strerror(open_errno_)) : "";
  }

  // libarchive's callbacks: `data` is the Feed
  static la_ssize_t read(archive* a, void* data, const void** buffer) {
    Feed& f = *static_cast<Feed*>(data);
    if (f.bytes_) {
      int64_t n = std::min<int64_t>(kBlockSize, std::max<int64_t>(0, f.size_ - f.pos_));
      *buffer = f.bytes_->data() + f.pos_;
      f.pos_ += n;
      return static_cast<la_ssize_t>(n);
    }
    for (;;) {
      ssize_t n = ::read(f.fd_, f.block_.data(), f.block_.size());
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) {
        archive_set_error(a, errno, "cannot read: %s", std::strerror(errno));
        return -1;
      }
      *buffer = f.block_.data();
      f.pos_ += n;
      return static_cast<la_ssize_t>(n);
    }
  }

  static la_int64_t seek(archive* a, void* data, la_int64_t offset, int whence) {
    Feed& f = *static_cast<Feed*>(data);
    int64_t base = whence == SEEK_SET ? 0 : whence == SEEK_CUR ? f.pos_ : f.size_;
    int64_t to = std::clamp<int64_t>(base + offset, 0, f.size_);
    if (!f.bytes_ && ::lseek(f.fd_, to, SEEK_SET) < 0) {
      archive_set_error(a, errno, "cannot seek: %s", std::strerror(errno));
      return ARCHIVE_FATAL;
    }
    f.pos_ = to;
    return to;
  }

  static la_int64_t skip(archive* a, void* data, la_int64_t request) {
    Feed& f = *static_cast<Feed*>(data);
    int64_t n = std::clamp<int64_t>(request, 0, std::max<int64_t>(0, f.size_ - f.pos_));
    if (!f.bytes_ && ::lseek(f.fd_, f.pos_ + n, SEEK_SET) < 0) {
      archive_set_error(a, errno, "cannot seek: %s", std::strerror(errno));
      return ARCHIVE_FATAL;
    }
    f.pos_ += n;
    return n;
  }

 private:
  std::shared_ptr<const std::string> bytes_;
  int fd_ = -1;
  int open_errno_ = 0;
  int64_t size_ = 0;
  int64_t pos_ = 0;
  std::vector<char> block_;
};

struct Opened {
  std::unique_ptr<Feed> feed;  // declared first: outlives the handle that reads it
  ArchivePtr a;
  std::string error;  // libarchive's reason when a is null
};

Opened open_archive(const Source& src, bool raw) {
  Opened o;
  o.feed = std::make_unique<Feed>(src);
  if (std::string why = o.feed->open_error(); !why.empty()) {
    o.error = why;
    return o;
  }
  ArchivePtr a(archive_read_new());
  if (!a) {
    o.error = "out of memory";
    return o;
  }
  support_filters(a.get());
  if (raw) {
    archive_read_support_format_raw(a.get());
  } else {
    support_container_formats(a.get());
  }
  archive_read_set_read_callback(a.get(), &Feed::read);
  archive_read_set_seek_callback(a.get(), &Feed::seek);
  archive_read_set_skip_callback(a.get(), &Feed::skip);
  archive_read_set_callback_data(a.get(), o.feed.get());
  int r = archive_read_open1(a.get());
  if (r != ARCHIVE_OK && r != ARCHIVE_WARN) {
    const char* why = archive_error_string(a.get());
    o.error = why ? one_line(why) : "unknown libarchive error";
    return o;
  }
  o.a = std::move(a);
  return o;
}

bool contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

// A member's own failure, from libarchive's reason.
Error member_error(std::string_view reason) {
  if (contains(reason, "ncrypt") || contains(reason, "assphrase"))
    return make_error(ErrorCode::kEncrypted, "encrypted member, no password");
  if (contains(reason, "nsupported") || contains(reason, "not supported"))
    return make_error(ErrorCode::kUnsupported, std::string(reason));
  return make_error(ErrorCode::kCorrupt, std::string(reason));
}

bool is_valid_utf8(std::string_view s) {
  size_t pos = 0;
  while (pos < s.size()) {
    size_t before = pos;
    // U+FFFD is returned for an invalid sequence, and for a real EF BF BD
    if (next_code_point(s, pos) == 0xFFFD && s.substr(before, 3) != "\xEF\xBF\xBD") return false;
  }
  return true;
}

// How typical the non-ASCII bytes of a file name are of names written in one legacy code
// page: 0 to 1, the mean over the non-ASCII bytes of a weight for the kind of character
// each one is part of. Strict decoding already said the bytes are valid in that code
// page; this says whether they read as the language it is used for. Judged on the bytes
// because the code page's layout says directly which area a pair falls in.
using Scorer = double (*)(std::string_view);

double share(double weighted, size_t bytes) { return bytes ? weighted / bytes : 0; }

// CP949 (UHC, a superset of EUC-KR): Korean file names are Hangul syllables, nearly
// always among the 2,350 of KS X 1001 (lead B0..C8); Hanja and the UHC extension's rare
// syllables are what Chinese or Japanese bytes turn into.
double score_cp949(std::string_view b) {
  double w = 0;
  size_t n = 0;
  for (size_t i = 0; i + 1 < b.size(); ++i) {
    auto lead = static_cast<unsigned char>(b[i]);
    if (lead < 0x80) continue;
    auto trail = static_cast<unsigned char>(b[++i]);
    bool ksx = trail >= 0xA1;
    double weight = 0.2;  // UHC extension
    if (ksx && lead >= 0xB0 && lead <= 0xC8)
      weight = 1.0;  // Hangul syllables
    else if (ksx && lead >= 0xA1 && lead <= 0xAF)
      weight = 0.5;  // symbols, jamo
    else if (ksx && lead >= 0xCA && lead <= 0xFD)
      weight = 0.3;  // Hanja
    w += 2 * weight;
    n += 2;
  }
  return share(w, n);
}

// GBK (CP936): Chinese names are GB2312 hanzi (lead B0..F7); GBK's extension areas
// (lead 81..A0, trail under A1) are what Korean or Japanese bytes fall in.
double score_gbk(std::string_view b) {
  double w = 0;
  size_t n = 0;
  for (size_t i = 0; i + 1 < b.size(); ++i) {
    auto lead = static_cast<unsigned char>(b[i]);
    if (lead < 0x80) continue;
    auto trail = static_cast<unsigned char>(b[++i]);
    bool gb2312 = trail >= 0xA1;
    double weight = 0.2;
    if (gb2312 && lead >= 0xB0 && lead <= 0xF7)
      weight = 1.0;  // hanzi
    else if (gb2312 && lead >= 0xA1 && lead <= 0xA9)
      weight = 0.5;  // symbols, kana
    w += 2 * weight;
    n += 2;
  }
  return share(w, n);
}

// Shift_JIS (CP932): Japanese names are kana and level-1 kanji; the half-width katakana
// single bytes (A1..DF) are where Korean and Chinese bytes land.
double score_sjis(std::string_view b) {
  double w = 0;
  size_t n = 0;
  for (size_t i = 0; i < b.size(); ++i) {
    auto lead = static_cast<unsigned char>(b[i]);
    if (lead < 0x80) continue;
    if (lead >= 0xA1 && lead <= 0xDF) {  // half-width katakana
      w += 0.3;
      n += 1;
      continue;
    }
    if (i + 1 >= b.size()) break;
    auto trail = static_cast<unsigned char>(b[++i]);
    unsigned code = lead << 8 | trail;
    double weight = 0.2;  // vendor extensions
    if ((code >= 0x829F && code <= 0x82F1) || (code >= 0x8340 && code <= 0x8396))
      weight = 1.0;
    else if (code >= 0x889F && code <= 0x9872)
      weight = 0.9;  // level-1 kanji
    else if (lead >= 0x81 && lead <= 0x84)
      weight = 0.5;  // symbols, full-width
    else if (code >= 0x989F && code <= 0xEAA4)
      weight = 0.4;  // level-2 kanji
    w += 2 * weight;
    n += 2;
  }
  return share(w, n);
}

// CP437, the zip default: accented Latin letters (80..A5, and ß at E1) read as names;
// box drawing (B0..DF) and the Greek and maths signs do not.
double score_cp437(std::string_view b) {
  double w = 0;
  size_t n = 0;
  for (char ch : b) {
    auto c = static_cast<unsigned char>(ch);
    if (c < 0x80) continue;
    double weight = 0.1;
    if ((c <= 0x9A) || (c >= 0xA0 && c <= 0xA5) || c == 0xE1)
      weight = 0.8;
    else if (c <= 0xAF)
      weight = 0.3;
    else if (c <= 0xDF)
      weight = 0.0;
    w += weight;
    ++n;
  }
  return share(w, n);
}

// Decodes a name that is not valid UTF-8 from the legacy code page it reads best in. On
// a tie the earlier wins: Korean first, the language this project reads most (a Chinese
// name whose every character has its lead byte in B0..C8 also reads as Hangul; the score
// cannot tell those two apart).
std::string legacy_name(std::string_view raw) {
  struct CodePage {
    const char* label;  // for decode_text(), which decodes strictly under a declared label
    Scorer score;
  };
  static const std::array<CodePage, 4> kCodePages = {{{"windows-949", score_cp949},
                                                      {"gbk", score_gbk},
                                                      {"cp932", score_sjis},
                                                      {"cp437", score_cp437}}};
  std::string best;
  double best_score = -1;
  for (const CodePage& cp : kCodePages) {
    // decode_text() warns when the bytes do not decode under the declared label
    Decoded d = decode_text(raw, {cp.label});
    if (!d.warnings.empty()) continue;
    double s = cp.score(raw);
    if (s > best_score) {
      best_score = s;
      best = std::move(d.text);
    }
  }
  if (best_score >= 0) return best;
  return decode_text(raw).text;  // undecodable everywhere: detection, U+FFFD at worst
}

// A path safe to show and to use as a key: UTF-8 and NFC, '/'-separated, without empty,
// "." or ".." segments (so never absolute and never climbing out). It never reaches the
// file system: members are read into memory, not extracted.
std::string safe_path(std::string_view raw, bool backslash_separates) {
  std::string utf8 = is_valid_utf8(raw) ? std::string(raw) : legacy_name(raw);
  // after decoding: 0x5C is a trail byte of Shift_JIS and GBK characters, not a '\'
  if (backslash_separates) std::replace(utf8.begin(), utf8.end(), '\\', '/');
  std::string out;
  size_t start = 0;
  while (start <= utf8.size()) {
    size_t end = std::min(utf8.find('/', start), utf8.size());
    std::string_view seg(utf8.data() + start, end - start);
    if (!seg.empty() && seg != "." && seg != "..") {
      if (!out.empty()) out += '/';
      out += seg;
    }
    start = end + 1;
  }
  return to_nfc(out);
}

// The name of a lone compressed file's content: "notes.txt.gz" -> "notes.txt", and
// "x.tgz" -> "x.tar" as gunzip names it.
std::string decompressed_name(const std::string& container) {
  std::string base = container.substr(container.find_last_of('/') + 1);
  static const std::array<std::pair<std::string_view, std::string_view>, 14> kSuffixes = {{
      {".tgz", ".tar"},
      {".taz", ".tar"},
      {".tbz2", ".tar"},
      {".tbz", ".tar"},
      {".txz", ".tar"},
      {".tzst", ".tar"},
      {".gz", ""},
      {".gzip", ""},
      {".bz2", ""},
      {".xz", ""},
      {".zst", ""},
      {".lz4", ""},
      {".lz", ""},
      {".Z", ""},
  }};
  for (const auto& [suffix, replacement] : kSuffixes) {
    if (base.size() > suffix.size() && base.ends_with(suffix))
      return base.substr(0, base.size() - suffix.size()) + std::string(replacement);
  }
  return base.empty() ? "data" : base;
}

std::string format_name(archive* a) {
  switch (archive_format(a) & ARCHIVE_FORMAT_BASE_MASK) {
    case ARCHIVE_FORMAT_ZIP:
      return "zip";
    case ARCHIVE_FORMAT_TAR:
      return "tar";
    case ARCHIVE_FORMAT_7ZIP:
      return "7z";
    case ARCHIVE_FORMAT_RAR:
    case ARCHIVE_FORMAT_RAR_V5:
      return "rar";
    case ARCHIVE_FORMAT_CPIO:
      return "cpio";
    case ARCHIVE_FORMAT_ISO9660:
      return "iso9660";
    case ARCHIVE_FORMAT_CAB:
      return "cab";
    case ARCHIVE_FORMAT_RAW:
      switch (archive_filter_code(a, 0)) {
        case ARCHIVE_FILTER_GZIP:
          return "gzip";
        case ARCHIVE_FILTER_BZIP2:
          return "bzip2";
        case ARCHIVE_FILTER_XZ:
          return "xz";
        case ARCHIVE_FILTER_LZMA:
          return "lzma";
        case ARCHIVE_FILTER_LZIP:
          return "lzip";
        case ARCHIVE_FILTER_ZSTD:
          return "zstd";
        case ARCHIVE_FILTER_LZ4:
          return "lz4";
        case ARCHIVE_FILTER_COMPRESS:
          return "compress";
        default:
          return "raw";
      }
    default: {
      const char* n = archive_format_name(a);
      return n ? ascii_lower(n) : "";
    }
  }
}

class LibarchiveReader final : public ArchiveReader {
 public:
  LibarchiveReader(Opened o, Source src, std::string name, std::string head, bool raw,
                   const ArchiveOptions& limits, std::shared_ptr<ArchiveBudget> budget)
      : feed_(std::move(o.feed)),
        a_(std::move(o.a)),
        src_(std::move(src)),
        name_(std::move(name)),
        head_(std::move(head)),
        raw_(raw),
        limits_(limits) {
    budget_ = budget ? std::move(budget) : std::make_shared<ArchiveBudget>();
  }

  Result<std::optional<ArchiveMember>> next() override {
    if (done_) return std::optional<ArchiveMember>();
    Utf8Locale utf8;
    int retries = 0;
    for (;;) {
      archive_entry* entry = nullptr;
      int r = next_header(&entry);
      if (format_.empty() && r != ARCHIVE_FATAL) format_ = format_name(a_.get());
      if (r == ARCHIVE_EOF) {
        done_ = true;
        // libarchive ends a zip whose central directory it cannot use as if it were
        // empty; a member's local header at the start says it is not
        if (headers_ == 0 && format_ == "zip" && head_.starts_with("PK\x03\x04"))
          return corrupt("the central directory lists no member, yet the zip starts with one");
        return std::optional<ArchiveMember>();
      }
      if (r == ARCHIVE_RETRY && ++retries < kMaxRetries) continue;
      if (r == ARCHIVE_FATAL || r == ARCHIVE_RETRY) return fail(header_error());
      ++headers_;
      // ARCHIVE_WARN: the entry is usable (e.g. a name libarchive could not convert).
      // ARCHIVE_FAILED: this entry cannot be read, the next one may be.
      if (archive_entry_filetype(entry) != AE_IFREG || archive_entry_hardlink(entry) != nullptr) {
        if (++skipped_ > limits_.max_members) return fail(too_many_members());
        continue;
      }
      if (++budget_->members > limits_.max_members) return fail(too_many_members());
      ArchiveMember m;
      m.path = member_path(entry);
      if (archive_entry_mtime_is_set(entry)) m.modified_at = archive_entry_mtime(entry);
      if (r == ARCHIVE_FAILED) {
        m.error = member_error(reason());
      } else if (archive_entry_is_data_encrypted(entry)) {
        m.error = make_error(ErrorCode::kEncrypted, "encrypted member, no password");
      } else {
        auto readable = read_data(entry, m);
        if (!readable) return fail(readable.error());
        if (!*readable) {
          // libarchive's handle is dead after a fatal error; where members are
          // compressed one by one the others may still be readable from a fresh handle
          std::string why = reason();
          if (!recover()) return fail(corrupt(why));
          m.bytes.clear();
          m.error = make_error(ErrorCode::kCorrupt, why);
        }
      }
      ++returned_;
      // a lone compressed stream has one member: no skipping through the rest of a
      // stream cut at a limit just to find its end
      if (raw_) done_ = true;
      return std::optional<ArchiveMember>(std::move(m));
    }
  }

  std::string format() const override { return format_; }

 private:
  Error fail(Error e) {
    done_ = true;
    return e;
  }

  std::string reason() const {
    const char* why = archive_error_string(a_.get());
    return why ? one_line(why) : "unknown libarchive error";
  }

  Error header_error() const {
    std::string why = reason();
    // a 7z with encrypted headers: nothing can be listed without the password
    if (contains(why, "ncrypt") || contains(why, "assphrase"))
      return make_error(ErrorCode::kEncrypted, "encrypted archive, no password: " + why);
    return corrupt(why);
  }

  Error corrupt(const std::string& why) const {
    return make_error(ErrorCode::kCorrupt, "truncated or corrupt archive after " +
                                               std::to_string(returned_) + " members: " + why);
  }

  Error too_many_members() const {
    return make_error(ErrorCode::kTooLarge,
                      "over archive.max_members (" + std::to_string(limits_.max_members) + ")");
  }

  // The header that recover() read ahead, else the next one from libarchive.
  int next_header(archive_entry** entry) {
    if (pending_) {
      *entry = pending_entry_;
      pending_ = false;
      return pending_r_;
    }
    return archive_read_next_header(a_.get(), entry);
  }

  // After a fatal error in a member's data: reopens the container and passes over the
  // headers read so far, the bad member's included, then reads the header after it (kept
  // as pending). Only for zip and 7z, whose members are found through a central index
  // (zip's central directory, 7z's header) and decompressed one by one; a tar's
  // compressed stream is broken from the damage on. False if the container cannot be
  // read past the bad member (a truncated zip read as a stream), or after
  // kMaxRecoveries: each one reads the headers from the start again.
  bool recover() {
    if ((format_ != "zip" && format_ != "7z") || ++recoveries_ > kMaxRecoveries) return false;
    Opened o = open_archive(src_, /*raw=*/false);
    if (!o.a) return false;
    archive_entry* entry = nullptr;
    for (uint64_t i = 0; i < headers_; ++i) {
      int r = archive_read_next_header(o.a.get(), &entry);
      if (r != ARCHIVE_OK && r != ARCHIVE_WARN && r != ARCHIVE_FAILED) return false;
    }
    int r = archive_read_next_header(o.a.get(), &entry);
    if (r == ARCHIVE_FATAL || r == ARCHIVE_RETRY) return false;
    consumed_before_ += consumed_now();
    a_ = std::move(o.a);  // the old handle goes before the feed it reads
    feed_ = std::move(o.feed);
    pending_ = true;
    pending_r_ = r;
    pending_entry_ = entry;
    return true;
  }

  std::string member_path(archive_entry* entry) const {
    const char* name = archive_entry_pathname(entry);
    if (!name) name = archive_entry_pathname_utf8(entry);
    std::string raw = name ? name : "";
    if (raw_) {
      // the raw format names its member "data" unless the gzip header carries a name
      // (FLG.FNAME, bit 3 of the fourth byte)
      bool gzip_name = archive_filter_code(a_.get(), 0) == ARCHIVE_FILTER_GZIP &&
                       head_.size() > 3 && (static_cast<unsigned char>(head_[3]) & 0x08);
      if (!gzip_name) raw = decompressed_name(name_);
    }
    std::string path = safe_path(raw, format_ == "zip");
    return path.empty() ? "unnamed-" + std::to_string(returned_ + 1) : path;
  }

  // Reads the current member's data into m.bytes in blocks, counting every block against
  // the limits. Over max_member_bytes: that member gets kTooLarge and its rest is skipped
  // (never held). Over max_total_bytes or max_ratio: the error for the whole reader.
  // False after a fatal error of libarchive (its reason in archive_error_string).
  Result<bool> read_data(archive_entry* entry, ArchiveMember& m) {
    const uint64_t limit = limits_.max_member_bytes;
    std::string data;
    if (archive_entry_size_is_set(entry) && archive_entry_size(entry) > 0)
      data.reserve(std::min<uint64_t>(
          {static_cast<uint64_t>(archive_entry_size(entry)), limit, kMaxReserve}));
    for (;;) {
      // at most one byte past the limit, to know it was passed
      size_t room = static_cast<size_t>(std::min<uint64_t>(kBlockSize, limit + 1 - data.size()));
      // into a block kept from member to member: growing the member's string by a block
      // to read into would allocate and clear 64 KB even for an empty member
      block_.resize(kBlockSize);
      la_ssize_t n = archive_read_data(a_.get(), block_.data(), room);
      if (n < 0) {
        if (n == ARCHIVE_FATAL) return false;
        m.error = member_error(reason());
        return true;
      }
      if (n == 0) break;
      data.append(block_.data(), static_cast<size_t>(n));
      uncompressed_ += static_cast<uint64_t>(n);
      budget_->bytes += static_cast<uint64_t>(n);
      if (budget_->bytes > limits_.max_total_bytes)
        return make_error(ErrorCode::kTooLarge, "over archive.max_total_bytes (" +
                                                    std::to_string(limits_.max_total_bytes) +
                                                    " bytes) after " + std::to_string(returned_) +
                                                    " members");
      // Checked only past the container's own size too: nothing can honestly hold more
      // than its own size uncompressed without compression, so past that point the check
      // cannot be wrong, however the reader moved through the container (the bytes it
      // consumed count re-reads after a seek).
      if (uncompressed_ > std::max<uint64_t>(kRatioFloor, container_size())) {
        // the container's bytes consumed so far, by this handle and those before it
        uint64_t consumed = std::max<uint64_t>(consumed_before_ + consumed_now(), 1);
        double ratio = static_cast<double>(uncompressed_) / static_cast<double>(consumed);
        if (ratio > limits_.max_ratio)
          return make_error(ErrorCode::kTooLarge,
                            "over archive.max_ratio (" + std::to_string(limits_.max_ratio) +
                                "): " + std::to_string(uncompressed_) + " bytes out of " +
                                std::to_string(consumed) + " compressed");
      }
      if (data.size() > limit) {
        m.error = make_error(ErrorCode::kTooLarge, "member over archive.max_member_bytes (" +
                                                       std::to_string(limit) + " bytes)");
        return true;
      }
    }
    m.bytes = std::move(data);
    return true;
  }

  // The position libarchive has consumed the container's bytes to: exact through our
  // Feed, stored members and seeks included (checked on a zip of stored and deflated
  // members, read from disk and from memory).
  uint64_t consumed_now() const {
    return static_cast<uint64_t>(std::max<int64_t>(archive_filter_bytes(a_.get(), -1), 0));
  }

  std::unique_ptr<Feed> feed_;  // declared before a_: outlives the handle that reads it
  ArchivePtr a_;
  uint64_t consumed_before_ = 0;  // bytes the handles before a recover() consumed
  Source src_;              // what a_ reads from: the bytes of open() stay alive with the reader
  int64_t file_size_ = -1;  // of src_.path, once known
  uint64_t container_size() {
    if (src_.bytes) return src_.bytes->size();
    if (file_size_ < 0) {
      std::error_code ec;
      file_size_ = static_cast<int64_t>(std::filesystem::file_size(src_.path, ec));
      if (ec) file_size_ = 0;
    }
    return static_cast<uint64_t>(file_size_);
  }
  std::string name_;
  std::string head_;  // the container's first bytes
  bool raw_;          // a lone compressed stream
  ArchiveOptions limits_;
  std::string format_;
  uint64_t returned_ = 0;      // members returned by this reader
  uint64_t skipped_ = 0;       // folders, links, devices passed over
  uint64_t uncompressed_ = 0;  // data bytes read by this reader
  uint64_t headers_ = 0;       // entries of every type whose header was read
  std::vector<char> block_;    // read buffer, kBlockSize
  int recoveries_ = 0;
  bool pending_ = false;  // recover() read the next header ahead
  int pending_r_ = ARCHIVE_OK;
  archive_entry* pending_entry_ = nullptr;  // owned by a_, valid until its next header
  bool done_ = false;
};

Result<std::unique_ptr<ArchiveReader>> open_reader(Source src, std::string name, std::string head,
                                                   const ArchiveOptions& limits,
                                                   std::shared_ptr<ArchiveBudget> budget) {
  Utf8Locale utf8;
  bool raw = false;
  Opened o = open_archive(src, /*raw=*/false);
  if (!o.a && starts_with_compression_magic(head)) {
    // a compressed stream that holds no container: its content is the one member
    raw = true;
    o = open_archive(src, /*raw=*/true);
  }
  if (!o.a) {
    ErrorCode code = contains(o.error, "nsupported") || contains(o.error, "not supported")
                         ? ErrorCode::kUnsupported
                         : ErrorCode::kCorrupt;
    return make_error(code, "not a readable archive: " + o.error);
  }
  return std::unique_ptr<ArchiveReader>(new LibarchiveReader(std::move(o), std::move(src),
                                                             std::move(name), std::move(head), raw,
                                                             limits, std::move(budget)));
}

struct FileCloser {
  void operator()(FILE* f) const { std::fclose(f); }
};

}  // namespace

Result<std::unique_ptr<ArchiveReader>> ArchiveReader::open(std::shared_ptr<const std::string> bytes,
                                                           std::string name,
                                                           const ArchiveOptions& limits,
                                                           std::shared_ptr<ArchiveBudget> budget) {
  if (!bytes || bytes->empty())
    return make_error(ErrorCode::kCorrupt, "not a readable archive: empty input");
  std::string head = bytes->substr(0, 16);
  Source src{std::move(bytes), {}};
  return open_reader(std::move(src), std::move(name), std::move(head), limits, std::move(budget));
}

Result<std::unique_ptr<ArchiveReader>> ArchiveReader::open_file(
    const std::string& path, const ArchiveOptions& limits, std::shared_ptr<ArchiveBudget> budget) {
  // the first bytes decide between a container and a lone compressed stream; reading them
  // here also turns a missing or unreadable file into our error codes
  std::unique_ptr<FILE, FileCloser> f(std::fopen(path.c_str(), "rb"));
  if (!f) {
    int err = errno;
    return make_error(err == ENOENT ? ErrorCode::kNotFound : ErrorCode::kIo,
                      "cannot open: " + std::string(std::strerror(err)));
  }
  std::string head(16, '\0');
  head.resize(std::fread(head.data(), 1, head.size(), f.get()));
  if (std::ferror(f.get()))
    return make_error(ErrorCode::kIo, "cannot read: " + std::string(std::strerror(errno)));
  if (head.empty()) return make_error(ErrorCode::kCorrupt, "not a readable archive: empty file");
  f.reset();
  return open_reader(Source{nullptr, path}, path, std::move(head), limits, std::move(budget));
}

bool is_archive_type(std::string_view mime) {
  // what libmagic 5.44 says for each container (checked on scripts/make-archive-fixtures.py's
  // files), and older or other spellings of the same. The zip-based document formats
  // (OOXML, ODF, EPUB) and programs (jar, apk) are not containers here: their members
  // are parts of one document or class files, not documents of their own.
  static const std::array<std::string_view, 19> kTypes = {
      "application/zip",
      "application/x-zip-compressed",
      "application/x-tar",
      "application/gzip",
      "application/x-gzip",
      "application/x-bzip2",
      "application/x-xz",
      "application/zstd",
      "application/x-zstd",
      "application/x-lz4",
      "application/x-lzip",
      "application/x-compress",
      "application/x-7z-compressed",
      "application/vnd.rar",
      "application/x-rar",
      "application/x-rar-compressed",
      "application/x-cpio",
      "application/x-iso9660-image",
      "application/vnd.ms-cab-compressed",
  };
  std::string type = ascii_lower(trim(mime.substr(0, mime.find(';'))));
  return std::find(kTypes.begin(), kTypes.end(), type) != kTypes.end();
}

}  // namespace trawl
