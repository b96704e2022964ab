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

// One gzip member written to a file descriptor.
class Member {
 public:
  explicit Member(int fd) : fd_(fd) {
    ok_ = deflateInit2(&z_, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) == Z_OK;
  }
  ~Member() { deflateEnd(&z_); }
  Member(const Member&) = delete;
  Member& operator=(const Member&) = delete;

  bool add(std::string_view s) { return ok_ && pump(s, Z_NO_FLUSH); }
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
      if (n && !write_all(out_, n)) return false;
      if (flush == Z_FINISH ? rc == Z_STREAM_END : (z_.avail_in == 0 && z_.avail_out != 0))
        return true;
    }
  }
  bool write_all(const char* p, size_t n) {
    while (n > 0) {
      ssize_t w = ::write(fd_, p, n);
      if (w < 0 && errno == EINTR) continue;
      if (w <= 0) return false;
      p += w;
      n -= static_cast<size_t>(w);
    }
    return true;
  }

  int fd_;
  z_stream z_{};
  bool ok_ = false;
  char out_[64 * 1024];
};

// Where the last complete gzip member of a file ends (the whole file when it is whole).
uint64_t complete_prefix(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  z_stream z{};
  if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) return 0;
  std::vector<char> buf(kChunk);
  char out[kChunk];
  uint64_t consumed = 0, good = 0;
  bool in_member = false;
  while (in) {
    in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    size_t got = static_cast<size_t>(in.gcount());
    if (got == 0) break;
    z.next_in = reinterpret_cast<Bytef*>(buf.data());
    z.avail_in = static_cast<uInt>(got);
    while (z.avail_in > 0) {
      in_member = true;
      z.next_out = reinterpret_cast<Bytef*>(out);
      z.avail_out = sizeof out;
      int rc = inflate(&z, Z_NO_FLUSH);
      if (rc == Z_STREAM_END) {
        good = consumed + (got - z.avail_in);
        inflateReset(&z);
        in_member = false;
        continue;
      }
      if (rc != Z_OK && rc != Z_BUF_ERROR) {
        inflateEnd(&z);
        return good;  // garbage: cut there
      }
    }
    consumed += got;
  }
  inflateEnd(&z);
  return in_member ? good : consumed;
}

}  // namespace

std::string warc_sha1(std::string_view bytes) {
  Sha1 s;
  s.update(bytes);
  return s.warc();
}

struct WarcWriter::Impl {
  WarcWriterOptions options;
  int fd = -1;
  std::string file;  // current, absolute
  std::FILE* cdx = nullptr;
  uint64_t size = 0;  // of the current file
  int serial = 0;     // of the last file of the series

  ~Impl() { close(); }
  void close() {
    if (fd >= 0) ::close(fd);
    fd = -1;
    if (cdx) std::fclose(cdx);
    cdx = nullptr;
  }

  // Writes one record as a gzip member at the end of the current file. On failure the
  // file is cut back to where it was.
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
      ok = ok && left == 0;
    } else if (ok) {
      ok = m.add(body);
    }
    ok = ok && m.add("\r\n\r\n") && m.finish();
    struct stat st {};
    if (!ok || ::fstat(fd, &st) != 0) {
      std::string why = io_error("cannot write " + file);
      if (::ftruncate(fd, static_cast<off_t>(size)) == 0) ::lseek(fd, 0, SEEK_END);
      return make_error(ErrorCode::kIo, why);
    }
    place.length = static_cast<uint64_t>(st.st_size) - size;
    size = static_cast<uint64_t>(st.st_size);
    return place;
  }

  Status start_file(int64_t us) {
    close();
    ++serial;
    char name[64];
    std::snprintf(name, sizeof name, "-%s-%05d.warc.gz", timestamp14(us).c_str(), serial);
    file = (fs::absolute(options.dir) / (options.prefix + name)).lexically_normal().string();
    fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd < 0) return make_error(ErrorCode::kIo, io_error("cannot create " + file));
    cdx = std::fopen((file + ".cdxj").c_str(), "a");
    if (!cdx) return make_error(ErrorCode::kIo, io_error("cannot create " + file + ".cdxj"));
    size = 0;
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
    if (!r) return r.error();
    return {};
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
  if (!options.cdx_key)
    options.cdx_key = [](std::string_view uri) {
      std::string k(uri);
      std::transform(k.begin(), k.end(), k.begin(), ::tolower);
      return k;
    };
  auto impl = std::make_unique<Impl>();
  impl->options = std::move(options);
  std::unique_ptr<WarcWriter> w(new WarcWriter(std::move(impl)));
  // the newest file of the series: its serial, and a torn last record cut off
  std::string newest;
  const std::string prefix = w->impl_->options.prefix + "-";
  for (const auto& e : fs::directory_iterator(w->impl_->options.dir, ec)) {
    const std::string name = e.path().filename().string();
    if (!name.starts_with(prefix) || !name.ends_with(".warc.gz")) continue;
    const std::string serial = name.substr(name.size() - 13, 5);  // NNNNN.warc.gz
    int n = std::atoi(serial.c_str());
    if (n > w->impl_->serial) {
      w->impl_->serial = n;
      newest = e.path().string();
    }
  }
  if (!newest.empty()) {
    const uint64_t whole = fs::file_size(newest, ec);
    const uint64_t good = complete_prefix(newest);
    if (!ec && good < whole) {
      if (::truncate(newest.c_str(), static_cast<off_t>(good)) != 0)
        return make_error(ErrorCode::kIo, io_error("cannot cut the torn record of " + newest));
      w->warnings_.push_back(newest + ": a torn last record (" + std::to_string(whole - good) +
                             " bytes from offset " + std::to_string(good) + ") was cut off");
    }
  }
  return w;
}

Result<WarcPlace> WarcWriter::write(const WarcExchange& x) {
  Impl& m = *impl_;
  const int64_t us = x.fetched_at_us ? x.fetched_at_us : now_us();
  if (m.fd < 0 || m.size >= m.options.max_file_bytes)
    if (Status s = m.start_file(us); !s) return s.error();
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
  } else {
    block.update(x.body);
    payload.update(x.body);
  }
  const std::string response_id = uuid_urn();
  const std::string date = warc_date(us);
  const std::string payload_digest = payload.warc();
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
  const uint64_t before = m.size;
  auto place = m.record(fields, x.response_head, x.body, x.body_path, body_size, block.warc());
  if (!place) return place.error();
  place->record_id = response_id;
  place->payload_digest = payload_digest;
  if (!x.request_head.empty()) {
    auto req = m.record({{"WARC-Type", "request"},
                         {"WARC-Record-ID", uuid_urn()},
                         {"WARC-Date", date},
                         {"WARC-Target-URI", x.url},
                         {"WARC-Concurrent-To", response_id},
                         {"Content-Type", "application/http; msgtype=request"}},
                        x.request_head, {}, {}, 0, warc_sha1(x.request_head));
    if (!req) {
      // the pair is kept whole or not at all
      if (::ftruncate(m.fd, static_cast<off_t>(before)) == 0) m.size = before;
      return req.error();
    }
  }
  int status = 0;
  std::string mime;
  status_and_mime(x.response_head, status, mime);
  nlohmann::json j = {{"url", x.url},
                      {"mime", x.not_modified ? "warc/revisit" : mime},
                      {"status", std::to_string(status)},
                      {"digest", payload_digest},
                      {"length", std::to_string(place->length)},
                      {"offset", std::to_string(place->offset)},
                      {"filename", fs::path(m.file).filename().string()}};
  std::string line = m.options.cdx_key(x.url) + " " + timestamp14(us) + " " + j.dump() + "\n";
  if (std::fputs(line.c_str(), m.cdx) < 0 || std::fflush(m.cdx) != 0)
    return make_error(ErrorCode::kIo, io_error("cannot write " + m.file + ".cdxj"));
  return place;
}

Status WarcWriter::sync() {
  if (impl_->fd >= 0 && ::fdatasync(impl_->fd) != 0)
    return make_error(ErrorCode::kIo, io_error("cannot sync " + impl_->file));
  if (impl_->cdx && (std::fflush(impl_->cdx) != 0 || ::fdatasync(fileno(impl_->cdx)) != 0))
    return make_error(ErrorCode::kIo, io_error("cannot sync " + impl_->file + ".cdxj"));
  return {};
}

std::optional<WarcPlace> find_in_cdxj(const std::string& cdxj_path, std::string_view cdx_key) {
  std::ifstream in(cdxj_path);
  std::optional<WarcPlace> found;
  std::string line;
  while (std::getline(in, line)) {
    size_t sp = line.find(' ');
    if (sp == std::string::npos || std::string_view(line).substr(0, sp) != cdx_key) continue;
    size_t brace = line.find('{', sp);
    if (brace == std::string::npos) continue;
    auto j = nlohmann::json::parse(line.substr(brace), nullptr, false);
    if (j.is_discarded()) continue;
    WarcPlace p;
    p.file = (fs::path(cdxj_path).parent_path() / j.value("filename", "")).string();
    p.offset = std::stoull(j.value("offset", "0"));
    p.length = std::stoull(j.value("length", "0"));
    p.payload_digest = j.value("digest", "");
    found = p;
  }
  return found;
}

}  // namespace trawl
