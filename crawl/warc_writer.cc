#include "crawl/warc_writer.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <random>

namespace trawl {
namespace {

namespace fs = std::filesystem;
constexpr size_t kChunk = 256 * 1024;

std::string io_error(const std::string& what) { return what + ": " + std::strerror(errno); }

std::string base32(const unsigned char* p, size_t n) {
  static const char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  for (size_t i = 0; i < n; ++i) {
    buffer = (buffer << 8) | p[i];
    bits += 8;
    while (bits >= 5) {
      out += kAlphabet[(buffer >> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += kAlphabet[(buffer << (5 - bits)) & 31];
  while (out.size() % 8) out += '=';
  return out;
}

// Incremental SHA-1 for the digests.
class Sha1 {
 public:
  Sha1() : ctx_(EVP_MD_CTX_new()) { EVP_DigestInit_ex(ctx_, EVP_sha1(), nullptr); }
  ~Sha1() { EVP_MD_CTX_free(ctx_); }
  Sha1(const Sha1&) = delete;
  Sha1& operator=(const Sha1&) = delete;
  void update(std::string_view s) { EVP_DigestUpdate(ctx_, s.data(), s.size()); }
  std::string warc() {
    unsigned char d[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    EVP_DigestFinal_ex(ctx_, d, &n);
    return "sha1:" + base32(d, n);
  }

 private:
  EVP_MD_CTX* ctx_;
};

std::string uuid_urn() {
  unsigned char b[16];
  if (RAND_bytes(b, sizeof b) != 1) {
    std::random_device rd;
    for (unsigned char& c : b) c = static_cast<unsigned char>(rd());
  }
  b[6] = static_cast<unsigned char>((b[6] & 0x0F) | 0x40);  // version 4
  b[8] = static_cast<unsigned char>((b[8] & 0x3F) | 0x80);  // RFC 4122 variant
  char out[64];
  std::snprintf(out, sizeof out,
                "<urn:uuid:%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x>",
                b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12],
                b[13], b[14], b[15]);
  return out;
}

int64_t now_us() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// "2026-12-02T21:37:12.123456Z" (WARC/1.1 allows the fraction).
std::string warc_date(int64_t us) {
  std::time_t t = static_cast<std::time_t>(us / 1000000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[96];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%06dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<int>(us % 1000000));
  return buf;
}

std::string timestamp14(int64_t us) {
  std::time_t t = static_cast<std::time_t>(us / 1000000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[20];
  std::strftime(buf, sizeof buf, "%Y%m%d%H%M%S", &tm);
  return buf;
}

// The status and media type of a response head, for the CDXJ line.
void status_and_mime(std::string_view head, int& status, std::string& mime) {
  status = 0;
  size_t sp = head.find(' ');
  if (head.starts_with("HTTP/") && sp != std::string_view::npos && head.size() >= sp + 4)
    status = std::atoi(std::string(head.substr(sp + 1, 3)).c_str());
  size_t pos = 0;
  while ((pos = head.find('\n', pos)) != std::string_view::npos) {
    ++pos;
    std::string_view line = head.substr(pos, head.find('\n', pos) - pos);
    if (line.size() > 13) {
      std::string name(line.substr(0, 13));
      std::transform(name.begin(), name.end(), name.begin(), ::tolower);
      if (name == "content-type:") {
        std::string_view v = line.substr(13);
        v = v.substr(0, v.find(';'));
        while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
        while (!v.empty() && (v.back() == ' ' || v.back() == '\r')) v.remove_suffix(1);
        mime.assign(v);
        std::transform(mime.begin(), mime.end(), mime.begin(), ::tolower);
      }
    }
  }
}

bool write_all(int fd, const char* p, size_t n) {
  while (n > 0) {
    ssize_t w = ::write(fd, p, n);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return false;
    p += w;
    n -= static_cast<size_t>(w);
  }
  return true;
}

// One gzip member written to a file descriptor.
class Member {
 public:
  explicit Member(int fd) : fd_(fd) {
    ok_ = deflateInit2(&z_, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) == Z_OK;
  }
  ~Member() { deflateEnd(&z_); }
  Member(const Member&) = delete;
  Member& operator=(const Member&) = delete;

  bool add(std::string_view s) {
    // avail_in is 32 bits: a body held in memory may be longer
    constexpr size_t kMaxIn = 1u << 30;
    for (; ok_ && s.size() > kMaxIn; s.remove_prefix(kMaxIn))
      if (!pump(s.substr(0, kMaxIn), Z_NO_FLUSH)) return false;
    return ok_ && pump(s, Z_NO_FLUSH);
  }
  bool finish() { return ok_ && pump({}, Z_FINISH); }

 private:
  bool pump(std::string_view in, int flush) {
    z_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    z_.avail_in = static_cast<uInt>(in.size());
    for (;;) {
      z_.next_out = reinterpret_cast<Bytef*>(out_);
      z_.avail_out = sizeof out_;
      int rc = deflate(&z_, flush);
      if (rc == Z_STREAM_ERROR) return false;
      size_t n = sizeof out_ - z_.avail_out;
      if (n && !write_all(fd_, out_, n)) return false;
      if (flush == Z_FINISH ? rc == Z_STREAM_END : (z_.avail_in == 0 && z_.avail_out != 0))
        return true;
    }
  }
  int fd_;
  z_stream z_{};
  bool ok_ = false;
  char out_[64 * 1024];
};

// Bytes fit for a WARC header value that must be one token (a URI, an address): no
// space, no control character (a CR or LF would end the header early).
bool header_token(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u > 0x20 && u != 0x7f;
  });
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// The serial of a file of the series PREFIX-YYYYMMDDhhmmss-NNNNN.warc.gz, or nullopt for
// any other name, including a series whose prefix starts with ours ("trawl-news-de-..."
// is not of "trawl-news": its file may be another writer's, being written).
std::optional<int> series_serial(std::string_view name, std::string_view prefix) {
  constexpr std::string_view kExt = ".warc.gz";
  if (name.size() < prefix.size() + kExt.size() || !name.starts_with(prefix) ||
      !name.ends_with(kExt))
    return std::nullopt;
  std::string_view rest = name.substr(prefix.size(), name.size() - prefix.size() - kExt.size());
  if (rest.size() < 1 + 14 + 1 + 5 || rest.size() > 1 + 14 + 1 + 9 || rest[0] != '-' ||
      rest[15] != '-' || !all_digits(rest.substr(1, 14)) || !all_digits(rest.substr(16)))
    return std::nullopt;
  return std::atoi(std::string(rest.substr(16)).c_str());
}

// Does this WARC header (the first inflated bytes of a record) say WARC-Type: request?
bool is_request_record(std::string_view head) {
  std::string h(head.substr(0, head.find("\r\n\r\n")));
  std::transform(h.begin(), h.end(), h.begin(), ::tolower);
  h += "\r\n";
  return h.starts_with("warc/") && h.find("\r\nwarc-type: request\r\n") != std::string::npos;
}

// The gzip members of a file, as far as they are whole.
struct MemberScan {
  bool gzip = false;             // the file starts with the gzip magic bytes
  uint64_t whole = 0;            // where the last whole member ends (0: none)
  uint64_t last_start = 0;       // where that member starts
  bool last_is_request = false;  // and it holds a request record
};

MemberScan scan_members(const std::string& path) {
  constexpr size_t kHeadBytes = 4096;  // enough for a WARC header
  MemberScan scan;
  std::ifstream in(path, std::ios::binary);
  z_stream z{};
  if (!in || inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) return scan;
  std::vector<char> buf(kChunk), out(kChunk);
  uint64_t consumed = 0;  // bytes of the file before those in buf
  uint64_t start = 0;     // of the member being inflated
  std::string head;       // its first inflated bytes
  bool first = true, bad = false;
  while (!bad && in) {
    in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    const size_t got = static_cast<size_t>(in.gcount());
    if (got == 0) break;
    if (first)
      scan.gzip = got >= 2 && static_cast<unsigned char>(buf[0]) == 0x1f &&
                  static_cast<unsigned char>(buf[1]) == 0x8b;
    first = false;
    z.next_in = reinterpret_cast<Bytef*>(buf.data());
    z.avail_in = static_cast<uInt>(got);
    while (z.avail_in > 0) {
      const uInt avail_before = z.avail_in;
      z.next_out = reinterpret_cast<Bytef*>(out.data());
      z.avail_out = static_cast<uInt>(out.size());
      const int rc = inflate(&z, Z_NO_FLUSH);
      const size_t n = out.size() - z.avail_out;
      if (head.size() < kHeadBytes) head.append(out.data(), std::min(n, kHeadBytes - head.size()));
      if (rc == Z_STREAM_END) {
        const uint64_t end = consumed + (got - z.avail_in);
        scan.whole = end;
        scan.last_start = start;
        scan.last_is_request = is_request_record(head);
        start = end;
        head.clear();
        inflateReset(&z);
        continue;
      }
      // garbage (not gzip, a bad checksum), or no progress: the whole members end before
      if ((rc != Z_OK && rc != Z_BUF_ERROR) || (n == 0 && z.avail_in == avail_before)) {
        bad = true;
        break;
      }
    }
    consumed += got;
  }
  inflateEnd(&z);
  return scan;
}

// One line of a CDXJ index: "KEY TIMESTAMP {json}".
struct CdxjLine {
  std::string key;
  std::string timestamp;
  WarcPlace place;  // file as the index names it
};

std::optional<CdxjLine> parse_cdxj_line(std::string_view line) {
  const size_t sp1 = line.find(' ');
  if (sp1 == std::string_view::npos) return std::nullopt;
  const size_t sp2 = line.find(' ', sp1 + 1);
  if (sp2 == std::string_view::npos) return std::nullopt;
  auto j = nlohmann::json::parse(line.substr(sp2 + 1), nullptr, false);
  if (j.is_discarded() || !j.is_object()) return std::nullopt;
  // offsets and lengths are strings in pywb's CDXJ, numbers in some others
  auto number = [&j](const char* key) -> std::optional<uint64_t> {
    auto it = j.find(key);
    if (it == j.end()) return std::nullopt;
    if (it->is_number_unsigned()) return it->get<uint64_t>();
    if (!it->is_string() || !all_digits(it->get_ref<const std::string&>()) ||
        it->get_ref<const std::string&>().size() > 19)
      return std::nullopt;
    return std::stoull(it->get<std::string>());
  };
  auto text = [&j](const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  const auto offset = number("offset"), length = number("length");
  CdxjLine out;
  out.place.file = text("filename");
  if (!offset || !length || out.place.file.empty()) return std::nullopt;
  out.key.assign(line.substr(0, sp1));
  out.timestamp.assign(line.substr(sp1 + 1, sp2 - sp1 - 1));
  out.place.offset = *offset;
  out.place.length = *length;
  out.place.payload_digest = text("digest");
  return out;
}

// Keeps only the lines of a CDXJ index whose record lies whole before `end` (and drops a
// torn last line). The index is replaced by rename, never left half-written.
Status trim_cdxj(const std::string& cdxj, uint64_t end) {
  std::ifstream in(cdxj, std::ios::binary);
  if (!in) return {};  // no index: nothing to trim
  const std::string all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::string kept;
  bool dropped = false;
  for (size_t pos = 0; pos < all.size();) {
    const size_t nl = all.find('\n', pos);
    if (nl == std::string::npos) {
      dropped = true;
      break;
    }
    const std::string_view line(all.data() + pos, nl - pos);
    auto e = parse_cdxj_line(line);
    if (e && e->place.offset + e->place.length <= end) {
      kept.append(line);
      kept += '\n';
    } else {
      dropped = true;
    }
    pos = nl + 1;
  }
  if (!dropped) return {};
  const std::string tmp = cdxj + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << kept;
    out.flush();
    if (!out) return make_error(ErrorCode::kIo, io_error("cannot write " + tmp));
  }
  if (std::rename(tmp.c_str(), cdxj.c_str()) != 0)
    return make_error(ErrorCode::kIo, io_error("cannot replace " + cdxj));
  return {};
}

// The newest file of a series, as a killed process may have left it: a torn last record
// (a gzip member cut short, garbage or zeros after the last whole member) is cut off, and
// so is a request record left without its response (the two are written as a pair). The
// index beside it keeps only the records that remain. A file that does not even start as
// gzip is not ours to cut: it is left as it is, with a warning.
Status recover_newest(const std::string& path, std::vector<std::string>& warnings) {
  std::error_code ec;
  const uint64_t size = fs::file_size(path, ec);
  if (ec) return make_error(ErrorCode::kIo, "cannot read " + path + ": " + ec.message());
  if (size == 0) return {};
  const MemberScan scan = scan_members(path);
  if (scan.whole == 0 && !scan.gzip) {
    warnings.push_back(path + ": not a gzip WARC file, left as it is");
    return {};
  }
  uint64_t cut = scan.whole;
  if (scan.whole > 0 && scan.last_is_request) cut = scan.last_start;
  if (cut < size) {
    if (::truncate(path.c_str(), static_cast<off_t>(cut)) != 0)
      return make_error(ErrorCode::kIo, io_error("cannot cut the torn end of " + path));
    warnings.push_back(path + ": a torn last record (" + std::to_string(size - cut) +
                       " bytes from offset " + std::to_string(cut) + ") was cut off");
  }
  return trim_cdxj(path + ".cdxj", cut);
}

}  // namespace

std::string warc_sha1(std::string_view bytes) {
  Sha1 s;
  s.update(bytes);
  return s.warc();
}

struct WarcWriter::Impl {
  WarcWriterOptions options;
  fs::path dir;  // options.dir made absolute once, at open
  int fd = -1;
  std::string file;       // current, absolute
  int cdx = -1;           // the current file's index, written unbuffered: a line is whole
  uint64_t cdx_size = 0;  // or cut back
  uint64_t size = 0;      // of the current file
  int serial = 0;         // of the last file of the series

  ~Impl() { close(); }
  void close() {
    if (fd >= 0) ::close(fd);
    fd = -1;
    if (cdx >= 0) ::close(cdx);
    cdx = -1;
  }

  // Cuts the current file back to `to` bytes, after a failed write. If even that fails
  // the file is given up: the next write starts a new one.
  void cut_back(uint64_t to) {
    if (fd >= 0 && ::ftruncate(fd, static_cast<off_t>(to)) == 0) {
      size = to;
      return;
    }
    close();
  }

  // Writes one record as a gzip member at the end of the current file. On failure the
  // caller cuts the file back.
  Result<WarcPlace> record(const std::vector<std::pair<std::string, std::string>>& fields,
                           std::string_view block_head, std::string_view body,
                           const std::string& body_path, uint64_t body_size,
                           const std::string& block_digest) {
    WarcPlace place;
    place.file = file;
    place.offset = size;
    std::string head = "WARC/1.1\r\n";
    for (const auto& [k, v] : fields) head += k + ": " + v + "\r\n";
    head += "WARC-Block-Digest: " + block_digest + "\r\n";
    head += "Content-Length: " + std::to_string(block_head.size() + body_size) + "\r\n\r\n";
    Member m(fd);
    errno = 0;
    bool ok = m.add(head) && m.add(block_head);
    if (ok && !body_path.empty()) {
      std::ifstream in(body_path, std::ios::binary);
      std::vector<char> buf(kChunk);
      uint64_t left = body_size;
      while (ok && left > 0 && in) {
        in.read(buf.data(), static_cast<std::streamsize>(std::min<uint64_t>(buf.size(), left)));
        size_t got = static_cast<size_t>(in.gcount());
        if (got == 0) break;
        ok = m.add(std::string_view(buf.data(), got));
        left -= got;
      }
      if (ok && left > 0)
        return make_error(ErrorCode::kIo, "the body file " + body_path + " changed (" +
                                              std::to_string(left) +
                                              " bytes fewer than digested) while it was kept");
    } else if (ok) {
      ok = m.add(body);
    }
    ok = ok && m.add("\r\n\r\n") && m.finish();
    struct stat st {};
    if (!ok || ::fstat(fd, &st) != 0)
      return make_error(ErrorCode::kIo, errno ? io_error("cannot write " + file)
                                              : "cannot write " + file + ": gzip failed");
    place.length = static_cast<uint64_t>(st.st_size) - size;
    size = static_cast<uint64_t>(st.st_size);
    return place;
  }

  // A new file of the series, its index and its warcinfo record. On failure nothing of it
  // stays and no file is current.
  Status start_file(int64_t us) {
    close();
    for (int attempt = 0;; ++attempt) {
      ++serial;
      char name[64];
      std::snprintf(name, sizeof name, "-%s-%05d.warc.gz", timestamp14(us).c_str(), serial);
      file = (dir / (options.prefix + name)).string();
      // O_EXCL: never append to a file we did not start (offsets would be wrong)
      fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC, 0644);
      if (fd >= 0) break;
      if (errno != EEXIST || attempt >= 1000) {
        Error e = make_error(ErrorCode::kIo, io_error("cannot create " + file));
        file.clear();
        return e;
      }
    }
    size = 0;
    cdx =
        ::open((file + ".cdxj").c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0644);
    if (cdx < 0) return abandon(io_error("cannot create " + file + ".cdxj"));
    cdx_size = 0;
    std::string info = "software: " + options.software + "\r\nformat: WARC File Format 1.1\r\n" +
                       "conformsTo: http://iipc.github.io/warc-specifications/specifications/"
                       "warc-format/warc-1.1/\r\n";
    if (!options.operator_contact.empty()) info += "operator: " + options.operator_contact + "\r\n";
    auto r = record({{"WARC-Type", "warcinfo"},
                     {"WARC-Record-ID", uuid_urn()},
                     {"WARC-Date", warc_date(us)},
                     {"WARC-Filename", fs::path(file).filename().string()},
                     {"Content-Type", "application/warc-fields"}},
                    info, {}, {}, 0, warc_sha1(info));
    if (!r) return abandon(r.error().message);
    return {};
  }

  Error abandon(const std::string& why) {
    close();
    std::remove(file.c_str());
    std::remove((file + ".cdxj").c_str());
    file.clear();
    return make_error(ErrorCode::kIo, why);
  }
};

WarcWriter::WarcWriter(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
WarcWriter::~WarcWriter() = default;

const std::string& WarcWriter::current_file() const { return impl_->file; }

Result<std::unique_ptr<WarcWriter>> WarcWriter::open(WarcWriterOptions options) {
  std::error_code ec;
  fs::create_directories(options.dir, ec);
  if (ec)
    return make_error(ErrorCode::kIo,
                      "cannot make the WARC folder " + options.dir + ": " + ec.message());
  fs::path dir = fs::absolute(options.dir, ec).lexically_normal();
  if (ec)
    return make_error(ErrorCode::kIo,
                      "cannot resolve the WARC folder " + options.dir + ": " + ec.message());
  // a folder that exists but cannot be written (permissions, a read-only mount) is told
  // now, not at the first fetch
  {
    std::string probe = (dir / ".warc-writer-probe-XXXXXX").string();
    int fd = ::mkstemp(probe.data());
    if (fd < 0)
      return make_error(ErrorCode::kIo,
                        io_error("cannot write in the WARC folder " + dir.string()));
    ::close(fd);
    ::unlink(probe.c_str());
  }
  if (!options.cdx_key)
    options.cdx_key = [](std::string_view uri) {
      std::string k(uri);
      std::transform(k.begin(), k.end(), k.begin(), ::tolower);
      return k;
    };
  auto impl = std::make_unique<Impl>();
  impl->options = std::move(options);
  impl->dir = dir;
  std::unique_ptr<WarcWriter> w(new WarcWriter(std::move(impl)));
  // the newest file of the series: its serial, and a torn end cut off
  std::string newest;
  const std::string prefix = w->impl_->options.prefix;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const auto n = series_serial(it->path().filename().string(), prefix);
    if (n && *n > w->impl_->serial) {
      w->impl_->serial = *n;
      newest = it->path().string();
    }
  }
  if (ec)
    return make_error(ErrorCode::kIo,
                      "cannot list the WARC folder " + dir.string() + ": " + ec.message());
  if (!newest.empty())
    if (Status s = recover_newest(newest, w->warnings_); !s) return s.error();
  return w;
}

Result<WarcPlace> WarcWriter::write(const WarcExchange& x) {
  Impl& m = *impl_;
  if (x.url.empty() || !header_token(x.url))
    return make_error(ErrorCode::kInvalid,
                      "URL unfit for WARC-Target-URI (empty, spaces or control characters)");
  if (!header_token(x.ip))
    return make_error(ErrorCode::kInvalid,
                      "IP address unfit for WARC-IP-Address (spaces or control characters)");
  const int64_t us = x.fetched_at_us ? x.fetched_at_us : now_us();
  // the body's size and digests first: they go in the headers before it
  uint64_t body_size = x.body.size();
  Sha1 block, payload;
  block.update(x.response_head);
  if (!x.body_path.empty()) {
    std::ifstream in(x.body_path, std::ios::binary);
    if (!in) return make_error(ErrorCode::kIo, io_error("cannot read " + x.body_path));
    std::vector<char> buf(kChunk);
    body_size = 0;
    while (in) {
      in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
      size_t got = static_cast<size_t>(in.gcount());
      if (got == 0) break;
      block.update(std::string_view(buf.data(), got));
      payload.update(std::string_view(buf.data(), got));
      body_size += got;
    }
    if (in.bad()) return make_error(ErrorCode::kIo, io_error("cannot read " + x.body_path));
  } else {
    block.update(x.body);
    payload.update(x.body);
  }
  const std::string block_digest = block.warc();
  // a server-not-modified revisit has no payload of its own to digest (WARC 1.1 6.7.3)
  const std::string payload_digest = x.not_modified ? std::string() : payload.warc();
  if (m.fd < 0 || m.size >= m.options.max_file_bytes)
    if (Status s = m.start_file(us); !s) return s.error();
  const uint64_t before = m.size;
  const std::string response_id = uuid_urn();
  const std::string date = warc_date(us);
  // the request first, as it happened (and as readers that pair them expect)
  if (!x.request_head.empty()) {
    auto req = m.record({{"WARC-Type", "request"},
                         {"WARC-Record-ID", uuid_urn()},
                         {"WARC-Date", date},
                         {"WARC-Target-URI", x.url},
                         {"WARC-Concurrent-To", response_id},
                         {"Content-Type", "application/http; msgtype=request"}},
                        x.request_head, {}, {}, 0, warc_sha1(x.request_head));
    if (!req) {
      m.cut_back(before);
      return req.error();
    }
  }
  std::vector<std::pair<std::string, std::string>> fields = {
      {"WARC-Type", x.not_modified ? "revisit" : "response"},
      {"WARC-Record-ID", response_id},
      {"WARC-Date", date},
      {"WARC-Target-URI", x.url}};
  if (!x.ip.empty()) fields.push_back({"WARC-IP-Address", x.ip});
  fields.push_back({"Content-Type", "application/http; msgtype=response"});
  if (x.not_modified) {
    fields.push_back(
        {"WARC-Profile", "http://netpreserve.org/warc/1.1/revisit/server-not-modified"});
    fields.push_back({"WARC-Refers-To-Target-URI", x.url});
    if (x.refers_to_date_us)
      fields.push_back({"WARC-Refers-To-Date", warc_date(x.refers_to_date_us)});
  } else {
    fields.push_back({"WARC-Payload-Digest", payload_digest});
  }
  auto place = m.record(fields, x.response_head, x.body, x.body_path, body_size, block_digest);
  if (!place) {
    m.cut_back(before);  // the pair is kept whole or not at all
    return place.error();
  }
  place->record_id = response_id;
  place->payload_digest = payload_digest;
  int status = 0;
  std::string mime;
  status_and_mime(x.response_head, status, mime);
  nlohmann::json j = {{"url", x.url},
                      {"mime", x.not_modified ? "warc/revisit" : mime},
                      {"status", std::to_string(status)}};
  if (!payload_digest.empty()) j["digest"] = payload_digest;
  j["length"] = std::to_string(place->length);
  j["offset"] = std::to_string(place->offset);
  j["filename"] = fs::path(m.file).filename().string();
  const std::string line = m.options.cdx_key(x.url) + " " + timestamp14(us) + " " + j.dump() + "\n";
  if (!write_all(m.cdx, line.data(), line.size())) {
    Error e = make_error(ErrorCode::kIo, io_error("cannot write " + m.file + ".cdxj"));
    // neither a record the index does not know nor half a line stays
    m.cut_back(before);
    if (m.cdx >= 0 && ::ftruncate(m.cdx, static_cast<off_t>(m.cdx_size)) != 0) m.close();
    return e;
  }
  m.cdx_size += line.size();
  return place;
}

Status WarcWriter::sync() {
  if (impl_->fd >= 0 && ::fdatasync(impl_->fd) != 0)
    return make_error(ErrorCode::kIo, io_error("cannot sync " + impl_->file));
  if (impl_->cdx >= 0 && ::fdatasync(impl_->cdx) != 0)
    return make_error(ErrorCode::kIo, io_error("cannot sync " + impl_->file + ".cdxj"));
  return {};
}

std::optional<WarcPlace> find_in_cdxj(const std::string& cdxj_path, std::string_view cdx_key) {
  std::ifstream in(cdxj_path, std::ios::binary);
  std::optional<CdxjLine> newest;
  std::string line;
  while (std::getline(in, line)) {
    if (!std::string_view(line).starts_with(cdx_key) || line.size() <= cdx_key.size() ||
        line[cdx_key.size()] != ' ')
      continue;
    auto e = parse_cdxj_line(line);
    // the newest by its time; of two in the same second, the one written last
    if (e && e->key == cdx_key && (!newest || e->timestamp >= newest->timestamp))
      newest = std::move(e);
  }
  if (!newest) return std::nullopt;
  WarcPlace p = std::move(newest->place);
  p.file = (fs::path(cdxj_path).parent_path() / p.file).string();
  return p;
}

}  // namespace trawl
