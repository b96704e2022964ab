// The WARC writer, read back by our reader (extractors/warc.h) byte for byte and by an
// implementation that is not ours, warcio.js (tests/warcio_check.mjs): records as kept,
// digests, revisits, rotation with CDXJ indexes, a torn file cut back, write failures.
#include "crawl/warc_writer.h"

#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <set>

#include "extractors/warc.h"
#include "tests/support.h"

using namespace trawl;
using trawl::test::TempDir;
namespace fs = std::filesystem;
using trawl::test::gzip;

namespace {

constexpr int64_t kT0 = 1709294400123456;  // 2024-03-01T12:00:00.123456Z
constexpr int64_t kSecond = 1000000;
const char kT0Date[] = "2024-03-01T12:00:00.123456Z";

// `data` in chunks of the sizes given (the rest in one more), then the last chunk.
std::string chunked(const std::string& data, std::vector<size_t> sizes) {
  std::string out;
  size_t pos = 0;
  sizes.push_back(data.size());
  for (size_t n : sizes) {
    n = std::min(n, data.size() - pos);
    if (n == 0) continue;
    char len[32];
    std::snprintf(len, sizeof len, "%zx\r\n", n);
    out += len + data.substr(pos, n) + "\r\n";
    pos += n;
  }
  return out + "0\r\n\r\n";
}

// Bytes gzip cannot shrink, the same for the same seed.
std::string noise(size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::string s(n, '\0');
  for (char& c : s) c = static_cast<char>(rng());
  return s;
}

std::string request_head(const std::string& url) {
  if (url.find("//") == std::string::npos) return "GET / HTTP/1.1\r\n\r\n";
  const std::string rest = url.substr(url.find("//") + 2);
  const std::string host = rest.substr(0, rest.find('/'));
  const std::string path = rest.find('/') == std::string::npos ? "/" : rest.substr(rest.find('/'));
  return "GET " + path + " HTTP/1.1\r\nHost: " + host +
         "\r\nUser-Agent: trawl/0.1\r\nAccept-Encoding: gzip\r\n\r\n";
}

// A 200 fetch of `url` whose body, as transferred, is `body`.
WarcExchange page(const std::string& url, const std::string& body, int64_t at,
                  const std::string& extra_headers = "") {
  WarcExchange x;
  x.url = url;
  x.ip = "192.0.2.7";
  x.fetched_at_us = at;
  x.request_head = request_head(url);
  x.response_head =
      "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n" +
      (extra_headers.empty() ? "Content-Length: " + std::to_string(body.size()) + "\r\n"
                             : extra_headers) +
      "\r\n";
  x.body = body;
  return x;
}

// The bytes of one gzip member [offset, offset + length) of a file, inflated; the member
// must be whole and end exactly there.
std::string inflate_member(const std::string& file, uint64_t offset, uint64_t length) {
  std::ifstream in(file, std::ios::binary);
  in.seekg(static_cast<std::streamoff>(offset));
  std::string packed(length, '\0');
  in.read(packed.data(), static_cast<std::streamsize>(length));
  REQUIRE(static_cast<uint64_t>(in.gcount()) == length);
  z_stream z{};
  REQUIRE(inflateInit2(&z, 16 + MAX_WBITS) == Z_OK);
  z.next_in = reinterpret_cast<Bytef*>(packed.data());
  z.avail_in = static_cast<uInt>(packed.size());
  std::string out;
  char buf[65536];
  int rc = Z_OK;
  while (rc == Z_OK) {
    z.next_out = reinterpret_cast<Bytef*>(buf);
    z.avail_out = sizeof buf;
    rc = inflate(&z, Z_NO_FLUSH);
    out.append(buf, sizeof buf - z.avail_out);
  }
  const uInt left = z.avail_in;
  inflateEnd(&z);
  REQUIRE(rc == Z_STREAM_END);
  CHECK(left == 0);
  return out;
}

// A record as it is in the file: its version line, header fields (names as written) and
// block. The record must be its header, CRLF, exactly Content-Length bytes, CRLF CRLF.
struct RawRecord {
  std::string version;
  std::vector<std::pair<std::string, std::string>> fields;
  std::string block;
  std::string field(const std::string& name) const {
    for (const auto& [k, v] : fields)
      if (k == name) return v;
    return {};
  }
};

RawRecord parse_raw(const std::string& text) {
  RawRecord r;
  const size_t head_end = text.find("\r\n\r\n");
  REQUIRE(head_end != std::string::npos);
  std::string head = text.substr(0, head_end + 2);
  size_t pos = head.find("\r\n");
  r.version = head.substr(0, pos);
  for (pos += 2; pos < head.size();) {
    const size_t eol = head.find("\r\n", pos);
    const std::string line = head.substr(pos, eol - pos);
    const size_t colon = line.find(": ");
    REQUIRE(colon != std::string::npos);
    r.fields.emplace_back(line.substr(0, colon), line.substr(colon + 2));
    pos = eol + 2;
  }
  const uint64_t length = std::stoull(r.field("Content-Length"));
  REQUIRE(text.size() == head_end + 4 + length + 4);
  r.block = text.substr(head_end + 4, length);
  CHECK(text.substr(head_end + 4 + length) == "\r\n\r\n");
  return r;
}

// Every record of a file, read with our reader, which must reach the end without error.
std::vector<WarcRecord> read_all(const std::string& file, const WarcOptions& options = {}) {
  auto reader = WarcReader::open(file, options);
  INFO(file);
  REQUIRE(reader);
  std::vector<WarcRecord> out;
  for (;;) {
    auto r = (*reader)->next();
    if (!r) FAIL("WarcReader: " << r.error().message);
    if (!*r) break;
    out.push_back(std::move(**r));
  }
  return out;
}

// The WARC files of a folder, oldest (lowest serial) first.
std::vector<std::string> warc_files(const std::string& dir) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().string().ends_with(".warc.gz")) out.push_back(e.path().string());
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<nlohmann::json> cdxj_lines(const std::string& file) {
  std::ifstream in(file);
  std::vector<nlohmann::json> out;
  std::string line;
  while (std::getline(in, line)) {
    const size_t brace = line.find('{');
    REQUIRE(brace != std::string::npos);
    out.push_back(nlohmann::json::parse(line.substr(brace)));
  }
  return out;
}

std::unique_ptr<WarcWriter> open_writer(const WarcWriterOptions& o) {
  auto w = WarcWriter::open(o);
  if (!w) FAIL("WarcWriter::open: " << w.error().message);
  return std::move(*w);
}

WarcPlace write_ok(WarcWriter& w, const WarcExchange& x) {
  auto p = w.write(x);
  if (!p) FAIL("WarcWriter::write: " << p.error().message);
  return *p;
}

struct Command {
  int status = -1;
  std::string out;
};

// Runs a shell command, its stdout captured (stderr goes to the test's).
Command run(const std::string& command) {
  Command c;
  std::FILE* p = ::popen(command.c_str(), "r");
  REQUIRE(p != nullptr);
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) c.out.append(buf, n);
  const int st = ::pclose(p);
  c.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return c;
}

std::string quoted(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

// tests/warcio_check.mjs over `files`: its exit status and its JSON lines. Fails the test
// when node or warcio.js is missing: a check that cannot run must not pass.
std::pair<int, std::vector<nlohmann::json>> warcio_check(const std::vector<std::string>& files) {
  const std::string source = TRAWL_SOURCE_DIR;
  const std::string script = source + "/tests/warcio_check.mjs";
  REQUIRE(fs::exists(script));
  if (run("node --version >/dev/null 2>&1").status != 0)
    FAIL("node is not installed: the warcio.js check cannot run");
  if (!fs::exists(source + "/tests/node/node_modules/warcio/package.json"))
    FAIL("warcio.js is not installed in tests/node: run scripts/npm-test-deps.sh");
  std::string command = "node " + quoted(script);
  for (const std::string& f : files) command.append(" ").append(quoted(f));
  Command c = run(command);
  std::vector<nlohmann::json> lines;
  size_t pos = 0;
  while (pos < c.out.size()) {
    size_t nl = c.out.find('\n', pos);
    if (nl == std::string::npos) nl = c.out.size();
    auto j = nlohmann::json::parse(c.out.substr(pos, nl - pos), nullptr, false);
    INFO("warcio_check.mjs wrote: " << c.out.substr(pos, nl - pos));
    REQUIRE_FALSE(j.is_discarded());
    lines.push_back(std::move(j));
    pos = nl + 1;
  }
  return {c.status, lines};
}

}  // namespace

TEST_CASE("warc_sha1 is the SHA-1 in RFC 4648 base32 that WARC digests use", "[warc-writer]") {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"", "sha1:3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ"},
      {"abc", "sha1:VGMT4NSHA2AWVOR6EVYXQUGCNSONBWE5"},
      {"The quick brown fox jumps over the lazy dog", "sha1:F7KODRT2FUUPZ3MET3Q3W5XHHENZH2YS"},
  };
  for (const auto& [in, digest] : cases) {
    INFO(in);
    CHECK(warc_sha1(in) == digest);
  }
}

TEST_CASE("WARC writer keeps a fetch as its request then its response, read back byte for byte",
          "[warc-writer]") {
  TempDir dir;
  WarcWriterOptions o;
  o.dir = dir.str() + "/warc/sub";  // made
  o.operator_contact = "crawl@example.org";
  auto w = open_writer(o);
  CHECK(w->current_file().empty());
  CHECK(w->warnings().empty());

  WarcExchange mem = page("https://news.example/a?x=1", "<html><p>kept in memory</p></html>", kT0);
  // a body of binary bytes in a spool file, over the writer's 256 KB read buffer
  std::string spooled = noise(600 * 1024, 7) + "\r\n\r\nWARC/1.1\r\n" + std::string(100, '\0');
  WarcExchange file = page("https://news.example/b", "", kT0 + kSecond,
                           "Content-Length: " + std::to_string(spooled.size()) + "\r\n");
  file.body.clear();
  file.body_path = dir.write("spool/b.body", spooled);
  file.ip = "2001:db8::1";

  const WarcPlace pm = write_ok(*w, mem);
  const WarcPlace pf = write_ok(*w, file);
  CHECK(pm.file == w->current_file());
  CHECK(pf.file == pm.file);
  CHECK(fs::path(pm.file).is_absolute());
  CHECK(fs::path(pm.file).filename() == "trawl-20240301120000-00001.warc.gz");
  CHECK(pm.payload_digest == warc_sha1(mem.body));
  CHECK(pf.payload_digest == warc_sha1(spooled));
  CHECK(fs::exists(file.body_path));  // the writer only reads it

  const std::vector<WarcRecord> recs = read_all(pm.file);
  REQUIRE(recs.size() == 5);
  CHECK(recs[0].type == "warcinfo");
  CHECK(recs[0].warc_headers.at("warc-filename") == fs::path(pm.file).filename().string());
  CHECK(recs[0].warc_content_type == "application/warc-fields");
  CHECK(recs[0].body.find("software: trawl/0.1\r\n") != std::string::npos);
  CHECK(recs[0].body.find("operator: crawl@example.org\r\n") != std::string::npos);
  CHECK(recs[0].body.find("format: WARC File Format 1.1\r\n") != std::string::npos);

  const std::vector<std::pair<const WarcExchange*, const WarcPlace*>> pairs = {{&mem, &pm},
                                                                               {&file, &pf}};
  const std::vector<std::string> bodies = {mem.body, spooled};
  const std::vector<std::string> dates = {kT0Date, "2024-03-01T12:00:01.123456Z"};
  for (size_t i = 0; i < pairs.size(); ++i) {
    const WarcExchange& x = *pairs[i].first;
    const WarcPlace& p = *pairs[i].second;
    const WarcRecord& req = recs[1 + 2 * i];
    const WarcRecord& resp = recs[2 + 2 * i];
    INFO(x.url);
    CHECK(req.type == "request");
    CHECK(resp.type == "response");
    CHECK(req.warc_headers.at("warc-concurrent-to") == resp.record_id);
    CHECK(resp.record_id == p.record_id);
    CHECK(resp.offset == p.offset);
    CHECK(resp.length == p.length);
    CHECK(req.offset + req.length == resp.offset);  // the pair side by side
    CHECK(req.target_uri == x.url);
    CHECK(resp.target_uri == x.url);
    CHECK(req.date == dates[i]);
    CHECK(resp.date == dates[i]);
    CHECK(resp.date_unix == (x.fetched_at_us / kSecond));
    CHECK(resp.ip == x.ip);
    CHECK(resp.http_status == 200);
    CHECK(resp.warc_content_type == "application/http; msgtype=response");
    CHECK(req.warc_content_type == "application/http; msgtype=request");
    CHECK(resp.payload_digest == p.payload_digest);
    CHECK(resp.body == bodies[i]);
    CHECK(req.body == x.request_head);
  }

  // every record as it is in the file: version, exact Content-Length, block as given
  std::set<std::string> ids;
  uint64_t next = 0;
  const std::vector<std::string> blocks = {"", mem.request_head, mem.response_head + mem.body,
                                           file.request_head, file.response_head + spooled};
  for (size_t i = 0; i < recs.size(); ++i) {
    INFO("record " << i << " (" << recs[i].type << ")");
    CHECK(recs[i].offset == next);  // members tile the file
    next = recs[i].offset + recs[i].length;
    const RawRecord raw = parse_raw(inflate_member(pm.file, recs[i].offset, recs[i].length));
    CHECK(raw.version == "WARC/1.1");
    CHECK(raw.fields.front().first == "WARC-Type");
    CHECK(raw.field("WARC-Block-Digest") == warc_sha1(raw.block));
    CHECK(raw.field("Content-Length") == std::to_string(raw.block.size()));
    if (i > 0) CHECK(raw.block == blocks[i]);
    if (i > 0) CHECK(raw.field("WARC-Target-URI") == recs[i].target_uri);  // no <>
    const std::string& id = recs[i].record_id;
    CHECK(id.size() == 47);
    CHECK(id.starts_with("<urn:uuid:"));
    CHECK(id[24] == '4');  // version 4
    ids.insert(id);
  }
  CHECK(next == fs::file_size(pm.file));
  CHECK(ids.size() == recs.size());

  // a response without its request (none was sent, e.g. from a cache)
  WarcExchange alone = page("https://news.example/c", "c", kT0 + 2 * kSecond);
  alone.request_head.clear();
  alone.ip.clear();
  const WarcPlace pa = write_ok(*w, alone);
  const std::vector<WarcRecord> after = read_all(pa.file);
  REQUIRE(after.size() == 6);
  CHECK(after[5].type == "response");
  CHECK(after[5].offset == pa.offset);
  CHECK(after[5].warc_headers.count("warc-ip-address") == 0);
}

TEST_CASE("WARC writer digests the payload as transferred, still chunked and gzip-encoded",
          "[warc-writer]") {
  TempDir dir;
  WarcWriterOptions o;
  o.dir = dir.str();
  auto w = open_writer(o);
  std::string text = "<html><body>";
  for (int i = 0; i < 200; ++i) text += "<p>paragraph " + std::to_string(i) + "</p>\n";
  text += "</body></html>";
  const std::string gz = gzip(text);
  const std::string wire = chunked(gz, {100, 7, 1});
  WarcExchange x = page("https://news.example/chunked", wire, kT0,
                        "Content-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n");
  const WarcPlace p = write_ok(*w, x);

  // the payload digest is of the bytes stored after the HTTP head (see warc_writer.h)
  CHECK(p.payload_digest == warc_sha1(wire));
  CHECK(p.payload_digest != warc_sha1(gz));    // not de-chunked
  CHECK(p.payload_digest != warc_sha1(text));  // not decoded
  const std::vector<WarcRecord> recs = read_all(p.file);
  REQUIRE(recs.size() == 3);
  const WarcRecord& resp = recs[2];
  CHECK(resp.payload_digest == warc_sha1(wire));
  CHECK(resp.body == text);  // our reader undoes both codings
  CHECK(resp.warnings.empty());
  const RawRecord raw = parse_raw(inflate_member(p.file, resp.offset, resp.length));
  CHECK(raw.block == x.response_head + wire);
  CHECK(raw.field("WARC-Block-Digest") == warc_sha1(x.response_head + wire));
  CHECK(raw.field("WARC-Payload-Digest") == warc_sha1(wire));
  const RawRecord req = parse_raw(inflate_member(p.file, recs[1].offset, recs[1].length));
  CHECK(req.field("WARC-Block-Digest") == warc_sha1(x.request_head));
  CHECK(req.field("WARC-Payload-Digest").empty());
  const RawRecord info = parse_raw(inflate_member(p.file, recs[0].offset, recs[0].length));
  CHECK(info.field("WARC-Block-Digest") == warc_sha1(info.block));

  // the index names the same digest, the status and the media type
  const auto lines = cdxj_lines(p.file + ".cdxj");
  REQUIRE(lines.size() == 1);
  CHECK(lines[0]["digest"] == p.payload_digest);
  CHECK(lines[0]["mime"] == "text/html");
  CHECK(lines[0]["status"] == "200");
  CHECK(lines[0]["url"] == x.url);
}

TEST_CASE("WARC writer keeps a 304 as a revisit record with the server-not-modified profile",
          "[warc-writer]") {
  TempDir dir;
  WarcWriterOptions o;
  o.dir = dir.str();
  auto w = open_writer(o);
  const std::string url = "https://news.example/story";
  const WarcPlace first = write_ok(*w, page(url, "<html>v1</html>", kT0));
  WarcExchange again;
  again.url = url;
  again.ip = "192.0.2.7";
  again.fetched_at_us = kT0 + 86400 * kSecond;
  again.request_head = request_head(url);
  again.response_head = "HTTP/1.1 304 Not Modified\r\nETag: \"v1\"\r\n\r\n";
  again.not_modified = true;
  again.refers_to_date_us = kT0;
  const WarcPlace p = write_ok(*w, again);
  CHECK(p.payload_digest.empty());

  const std::vector<WarcRecord> recs = read_all(p.file);
  REQUIRE(recs.size() == 5);
  CHECK(recs[3].type == "request");
  const WarcRecord& rv = recs[4];
  CHECK(rv.type == "revisit");
  CHECK(rv.offset == p.offset);
  CHECK(rv.record_id == p.record_id);
  CHECK(recs[3].warc_headers.at("warc-concurrent-to") == rv.record_id);
  CHECK(rv.profile == "http://netpreserve.org/warc/1.1/revisit/server-not-modified");
  CHECK(rv.refers_to_date == kT0Date);
  CHECK(rv.refers_to_uri == url);
  CHECK(rv.target_uri == url);
  CHECK(rv.date == "2024-03-02T12:00:00.123456Z");
  CHECK(rv.http_status == 304);
  CHECK(rv.payload_digest.empty());
  CHECK(rv.warc_headers.count("warc-payload-digest") == 0);
  const RawRecord raw = parse_raw(inflate_member(p.file, rv.offset, rv.length));
  CHECK(raw.block == again.response_head);
  CHECK(raw.field("WARC-Block-Digest") == warc_sha1(again.response_head));

  const auto lines = cdxj_lines(p.file + ".cdxj");
  REQUIRE(lines.size() == 2);
  CHECK(lines[1]["mime"] == "warc/revisit");
  CHECK(lines[1]["status"] == "304");
  CHECK_FALSE(lines[1].contains("digest"));
  auto found = find_in_cdxj(p.file + ".cdxj", url);  // the default key: the URL lower-cased
  REQUIRE(found);
  CHECK(found->offset == p.offset);
  CHECK(found->offset != first.offset);
}

TEST_CASE("WARC writer starts a new file past max_file_bytes, each with its warcinfo and index",
          "[warc-writer]") {
  TempDir dir;
  WarcWriterOptions o;
  o.dir = dir.str();
  o.prefix = "trawl-news";
  o.max_file_bytes = 5000;
  o.cdx_key = [](std::string_view uri) { return "key:" + std::string(uri); };
  auto w = open_writer(o);
  const std::vector<std::string> urls = {"https://a.example/", "https://b.example/x",
                                         "https://c.example/y?q=1"};
  std::vector<std::pair<std::string, WarcPlace>> written;
  for (int i = 0; i < 18; ++i) {
    const std::string& url = urls[i % 3];
    const std::string body = "page " + std::to_string(i) + " " + noise(700, i);
    written.emplace_back(url, write_ok(*w, page(url, body, kT0 + i * kSecond)));
  }
  const std::vector<std::string> files = warc_files(dir.str());
  REQUIRE(files.size() >= 3);
  std::set<std::string> ids;
  for (size_t f = 0; f < files.size(); ++f) {
    INFO(files[f]);
    char serial[32];
    std::snprintf(serial, sizeof serial, "-%05zu.warc.gz", f + 1);
    CHECK(files[f].ends_with(serial));
    CHECK(fs::path(files[f]).filename().string().starts_with("trawl-news-2024030112"));
    const std::vector<WarcRecord> recs = read_all(files[f]);
    REQUIRE(recs.size() >= 3);
    CHECK(recs[0].type == "warcinfo");
    CHECK(recs[0].warc_headers.at("warc-filename") == fs::path(files[f]).filename().string());
    CHECK(recs.size() % 2 == 1);  // whole pairs only
    for (size_t i = 1; i < recs.size(); ++i)
      CHECK(recs[i].type == (i % 2 ? "request" : "response"));
    for (const WarcRecord& r : recs) ids.insert(r.record_id);
    // no file but the last goes on past the limit with another pair
    if (f + 1 < files.size()) {
      const WarcRecord& last_request = recs[recs.size() - 2];
      CHECK(last_request.offset < o.max_file_bytes);
    }
    // the index beside the file: one line per response, keys from options.cdx_key
    REQUIRE(fs::exists(files[f] + ".cdxj"));
    const auto lines = cdxj_lines(files[f] + ".cdxj");
    CHECK(lines.size() == recs.size() / 2);
    std::map<std::string, WarcPlace> newest;  // in this file
    for (const auto& [url, p] : written)
      if (p.file == files[f]) newest[url] = p;
    CHECK(newest.size() <= urls.size());
    for (const auto& [url, p] : newest) {
      INFO(url);
      auto found = find_in_cdxj(files[f] + ".cdxj", "key:" + url);
      REQUIRE(found);
      CHECK(found->file == files[f]);
      CHECK(found->offset == p.offset);
      CHECK(found->length == p.length);
      CHECK(found->payload_digest == p.payload_digest);
      // the offset reads back that very record
      WarcOptions from;
      from.start_offset = found->offset;
      auto reader = WarcReader::open(found->file, from);
      REQUIRE(reader);
      auto rec = (*reader)->next();
      REQUIRE(rec);
      REQUIRE(*rec);
      CHECK((**rec).type == "response");
      CHECK((**rec).record_id == p.record_id);
      CHECK((**rec).target_uri == url);
      CHECK((**rec).offset == p.offset);
    }
    CHECK_FALSE(find_in_cdxj(files[f] + ".cdxj", urls[0]));  // not the key of anything
  }
  CHECK(ids.size() == 18 * 2 + files.size());
  CHECK_FALSE(find_in_cdxj(dir.str() + "/missing.cdxj", "key:" + urls[0]));
}

TEST_CASE("find_in_cdxj picks the newest fetch by its time and skips lines that do not parse",
          "[warc-writer]") {
  TempDir dir;
  WarcWriterOptions o;
  o.dir = dir.str();
  auto w = open_writer(o);
  const std::string url = "https://news.example/late";
  const WarcPlace newer = write_ok(*w, page(url, "newer", kT0 + 60 * kSecond));
  const WarcPlace older = write_ok(*w, page(url, "older, written last", kT0));
  write_ok(*w, page(url + "/other", "other", kT0 + 120 * kSecond));
  const std::string cdxj = newer.file + ".cdxj";
  {
    std::ofstream out(cdxj, std::ios::app);
    out << url << " 20240301120000 {not json\n"
        << url << "\n"
        << url << " 20990101000000 {\"offset\": \"x\", \"length\": \"1\"}\n";
  }
  auto found = find_in_cdxj(cdxj, url);
  REQUIRE(found);
  CHECK(found->offset == newer.offset);
  CHECK(found->offset != older.offset);
  CHECK(found->payload_digest == warc_sha1("newer"));
  CHECK(found->file == newer.file);
}

TEST_CASE("WARC writer cuts a torn end off the newest file when it opens the series again",
          "[warc-writer]") {
  struct Damage {
    std::string name;
    // the new size or bytes to add, from the last pair's places
    std::function<void(const std::string& file, uint64_t request_at, const WarcPlace& last)> apply;
    int pairs_left;  // of 4
  };
  auto cut_to = [](const std::string& file, uint64_t size) {
    REQUIRE(::truncate(file.c_str(), static_cast<off_t>(size)) == 0);
  };
  auto append = [](const std::string& file, const std::string& bytes) {
    std::ofstream(file, std::ios::binary | std::ios::app) << bytes;
  };
  const std::vector<Damage> damages = {
      {"cut in the middle of the last response",
       [&](const std::string& f, uint64_t, const WarcPlace& last) {
         cut_to(f, last.offset + last.length / 2);
       },
       3},
      {"cut one byte short of the end",
       [&](const std::string& f, uint64_t, const WarcPlace& last) {
         cut_to(f, last.offset + last.length - 1);
       },
       3},
      {"cut right after the last request",
       [&](const std::string& f, uint64_t, const WarcPlace& last) { cut_to(f, last.offset); }, 3},
      {"cut in the middle of the last request",
       [&](const std::string& f, uint64_t request_at, const WarcPlace& last) {
         cut_to(f, request_at + (last.offset - request_at) / 2);
       },
       3},
      {"zeros after the last record",
       [&](const std::string& f, uint64_t, const WarcPlace&) {
         append(f, std::string(4096, '\0'));
       },
       4},
      {"garbage after the last record",
       [&](const std::string& f, uint64_t, const WarcPlace&) { append(f, "this is not gzip\r\n"); },
       4},
      {"cut inside its warcinfo record",
       [&](const std::string& f, uint64_t, const WarcPlace&) { cut_to(f, 20); }, -1},
  };
  for (const Damage& d : damages) {
    SECTION(d.name) {
      TempDir dir;
      WarcWriterOptions o;
      o.dir = dir.str();
      std::vector<WarcPlace> places;
      std::string file;
      {
        auto w = open_writer(o);
        for (int i = 0; i < 4; ++i)
          places.push_back(write_ok(
              *w, page("https://news.example/" + std::to_string(i), noise(3000, i), kT0 + i)));
        file = w->current_file();
      }
      const uint64_t request_at = places[2].offset + places[2].length;  // of the last pair
      const uint64_t whole = fs::file_size(file);
      d.apply(file, request_at, places[3]);
      const uint64_t damaged = fs::file_size(file);
      if (d.name != "cut right after the last request") {  // that one reads, but half a pair
        // as damaged, our reader stops with an error
        auto reader = WarcReader::open(file);
        bool failed = !reader;
        while (!failed) {
          auto r = (*reader)->next();
          if (!r) failed = true;
          if (!r || !*r) break;
        }
        CHECK(failed);
      }

      auto w = open_writer(o);
      REQUIRE(w->warnings().size() == 1);
      const std::string& warning = w->warnings()[0];
      CHECK(warning.find(file) != std::string::npos);
      CHECK(warning.find("torn") != std::string::npos);
      CHECK(warning.find('\n') == std::string::npos);
      const uint64_t expected =
          d.pairs_left < 0    ? 0
          : d.pairs_left == 4 ? whole
                              : places[d.pairs_left - 1].offset + places[d.pairs_left - 1].length;
      CHECK(fs::file_size(file) == expected);
      CHECK(warning.find(std::to_string(damaged - expected) + " bytes") != std::string::npos);
      if (expected > 0) {
        const std::vector<WarcRecord> recs = read_all(file);
        CHECK(recs.size() == 1 + 2 * static_cast<size_t>(d.pairs_left));
        CHECK(recs.back().type == "response");
      }
      // the index keeps the records that remain, and nothing past the end
      const auto lines = cdxj_lines(file + ".cdxj");
      CHECK(lines.size() == static_cast<size_t>(std::max(d.pairs_left, 0)));
      for (const auto& l : lines)
        CHECK(std::stoull(l["offset"].get<std::string>()) +
                  std::stoull(l["length"].get<std::string>()) <=
              expected);
      if (d.pairs_left < 4) CHECK_FALSE(find_in_cdxj(file + ".cdxj", "https://news.example/3"));

      // writing goes on in a new file
      const WarcPlace p = write_ok(*w, page("https://news.example/after", "after", kT0 + 10));
      CHECK(p.file != file);
      CHECK(p.file.ends_with("-00002.warc.gz"));
      CHECK(read_all(p.file).size() == 3);
      CHECK(fs::file_size(file) == expected);
    }
  }
}

TEST_CASE("WARC writer leaves a series file that is not gzip as it is, and skips other series",
          "[warc-writer]") {
  TempDir dir;
  WarcWriterOptions o;
  o.dir = dir.str();
  o.prefix = "trawl-news";
  std::string text;
  for (int i = 0; i < 50; ++i) text += "this is not a WARC file\n";
  const std::string garbage = dir.write("trawl-news-20240101000000-00007.warc.gz", text);
  const std::string empty = dir.write("trawl-news-20240101000000-00003.warc.gz", "");
  // another series: its prefix starts with ours, and its file is torn
  const std::string torn = gzip("WARC/1.1\r\nWARC-Type: response\r\n\r\n").substr(0, 20);
  const std::string other = dir.write("trawl-news-de-20240101000000-00009.warc.gz", torn);
  dir.write("trawl-news-20240101000000-00099.warc.gz.cdxj", "");  // not a WARC file

  auto w = open_writer(o);
  REQUIRE(w->warnings().size() == 1);
  CHECK(w->warnings()[0].find(garbage) != std::string::npos);
  CHECK(w->warnings()[0].find("not a gzip WARC file") != std::string::npos);
  CHECK(test::read_bytes(garbage) == text);
  CHECK(test::read_bytes(other) == torn);
  const WarcPlace p = write_ok(*w, page("https://news.example/", "x", kT0));
  CHECK(fs::path(p.file).filename() == "trawl-news-20240301120000-00008.warc.gz");
  CHECK(read_all(p.file).size() == 3);
  CHECK(fs::file_size(empty) == 0);

  SECTION("a zero-length newest file") {
    TempDir only;
    o.dir = only.str();
    only.write("trawl-news-20240101000000-00004.warc.gz", "");
    auto w2 = open_writer(o);
    CHECK(w2->warnings().empty());
    const WarcPlace p2 = write_ok(*w2, page("https://news.example/", "x", kT0));
    CHECK(p2.file.ends_with("-00005.warc.gz"));
    CHECK(read_all(p2.file).size() == 3);
  }
}

TEST_CASE("WARC writer reports a folder it cannot write in as an I/O error in one line",
          "[warc-writer]") {
  TempDir dir;
  const std::string plain = dir.write("plain-file", "x");
  std::vector<std::string> folders = {
      plain + "/warc",  // under a file: cannot be made
      "/proc",          // exists, and nothing can be created in it, not even by root
  };
  if (::geteuid() != 0) {  // root writes through permissions
    fs::create_directory(dir.path() / "read-only");
    ::chmod((dir.str() + "/read-only").c_str(), 0555);
    folders.push_back(dir.str() + "/read-only");
  }
  for (const std::string& folder : folders) {
    INFO(folder);
    WarcWriterOptions o;
    o.dir = folder;
    auto w = WarcWriter::open(o);
    REQUIRE_FALSE(w);
    CHECK(w.error().code == ErrorCode::kIo);
    CHECK(w.error().message.find(folder) != std::string::npos);
    CHECK(w.error().message.find('\n') == std::string::npos);
  }
}

TEST_CASE("WARC writer leaves the file as it was when a write fails or is refused",
          "[warc-writer]") {
  TempDir dir;
  WarcWriterOptions o;
  o.dir = dir.str();
  auto w = open_writer(o);
  const WarcPlace first = write_ok(*w, page("https://news.example/1", "one", kT0));
  const uint64_t size = fs::file_size(first.file);
  const uint64_t index_size = fs::file_size(first.file + ".cdxj");

  SECTION("a body file that is not there") {
    WarcExchange x = page("https://news.example/2", "", kT0 + 1);
    x.body_path = dir.str() + "/spool/missing";
    auto r = w->write(x);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == ErrorCode::kIo);
    CHECK(r.error().message.find(x.body_path) != std::string::npos);
  }
  SECTION("a URL or an address that would break the WARC header") {
    for (const std::string url : {"https://news.example/a\r\nWARC-Type: x", "https://a b/", ""}) {
      auto r = w->write(page(url, "x", kT0 + 1));
      REQUIRE_FALSE(r);
      CHECK(r.error().code == ErrorCode::kInvalid);
    }
    WarcExchange x = page("https://news.example/2", "x", kT0 + 1);
    x.ip = "192.0.2.1\r\n";
    auto r = w->write(x);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == ErrorCode::kInvalid);
  }
  SECTION("the file cannot grow (RLIMIT_FSIZE: a full disk)") {
    struct rlimit old {};
    REQUIRE(::getrlimit(RLIMIT_FSIZE, &old) == 0);
    auto old_handler = std::signal(SIGXFSZ, SIG_IGN);
    struct rlimit small = old;
    small.rlim_cur = size + 4096;  // the request fits, the response does not
    REQUIRE(::setrlimit(RLIMIT_FSIZE, &small) == 0);
    auto r = w->write(page("https://news.example/2", noise(100000, 2), kT0 + 1));
    ::setrlimit(RLIMIT_FSIZE, &old);
    std::signal(SIGXFSZ, old_handler);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == ErrorCode::kIo);
    CHECK(r.error().message.find(first.file) != std::string::npos);
    CHECK(r.error().message.find('\n') == std::string::npos);
  }
  CHECK(fs::file_size(first.file) == size);
  CHECK(fs::file_size(first.file + ".cdxj") == index_size);
  // and the writer goes on
  const WarcPlace next = write_ok(*w, page("https://news.example/3", "three", kT0 + 2));
  CHECK(next.file == first.file);
  const std::vector<WarcRecord> recs = read_all(first.file);
  REQUIRE(recs.size() == 5);
  CHECK(recs[3].offset == size);
  CHECK(recs[4].target_uri == "https://news.example/3");
  CHECK(cdxj_lines(first.file + ".cdxj").size() == 2);
}

TEST_CASE("warcio.js reads every record the WARC writer wrote, and every digest matches",
          "[warc-writer]") {
  TempDir dir;
  WarcWriterOptions o;
  o.dir = dir.str();
  o.max_file_bytes = 3000;  // several files
  auto w = open_writer(o);
  struct Expect {
    std::string type;
    std::string uri;
    std::string content_sha1;  // of the payload decoded, for responses
  };
  std::map<std::string, std::vector<Expect>> expected;  // per file
  auto keep = [&](const WarcExchange& x, const std::string& decoded) {
    const WarcPlace p = write_ok(*w, x);
    auto& e = expected[p.file];
    if (e.empty()) e.push_back({"warcinfo", "", ""});
    if (!x.request_head.empty()) e.push_back({"request", x.url, ""});
    if (x.not_modified)
      e.push_back({"revisit", x.url, ""});
    else
      e.push_back({"response", x.url, warc_sha1(decoded)});
  };

  const std::string plain = "<html><p>plain</p></html>";
  keep(page("https://news.example/plain", plain, kT0), plain);
  std::string text;
  for (int i = 0; i < 300; ++i) text += "line " + std::to_string(i) + " of a chunked page\n";
  keep(page("https://news.example/chunked", chunked(gzip(text), {64, 1, 500}), kT0 + 1,
            "Content-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n"),
       text);
  keep(page("https://news.example/gzip", gzip(text), kT0 + 2,
            "Content-Encoding: gzip\r\nContent-Length: " + std::to_string(gzip(text).size()) +
                "\r\n"),
       text);
  const std::string spooled = noise(5000, 3);
  WarcExchange file = page("https://news.example/file.bin", "", kT0 + 3,
                           "Content-Length: " + std::to_string(spooled.size()) + "\r\n");
  file.body_path = dir.write("spool/file.bin", spooled);
  keep(file, spooled);
  WarcExchange nm;
  nm.url = "https://news.example/plain";
  nm.fetched_at_us = kT0 + 4;
  nm.request_head = request_head(nm.url);
  nm.response_head = "HTTP/1.1 304 Not Modified\r\nETag: \"1\"\r\n\r\n";
  nm.not_modified = true;
  nm.refers_to_date_us = kT0;
  keep(nm, "");
  WarcExchange alone = page("https://news.example/no-request", "", kT0 + 5);
  alone.request_head.clear();
  keep(alone, "");
  w.reset();
  REQUIRE(expected.size() >= 2);

  std::vector<std::string> files;
  size_t total = 0;
  for (const auto& [f, e] : expected) {
    files.push_back(f);
    total += e.size();
  }
  auto [status, lines] = warcio_check(files);
  CHECK(status == 0);
  REQUIRE(lines.size() == total);
  size_t i = 0;
  for (const auto& [f, e] : expected) {
    const std::vector<WarcRecord> ours = read_all(f);
    REQUIRE(ours.size() == e.size());
    for (size_t k = 0; k < e.size(); ++k, ++i) {
      const nlohmann::json& l = lines[i];
      INFO(l.dump());
      REQUIRE_FALSE(l.contains("error"));
      CHECK(l["file"] == f);
      CHECK(l["type"] == e[k].type);
      if (!e[k].uri.empty()) CHECK(l["uri"] == e[k].uri);
      CHECK(l["record_id"] == ours[k].record_id);
      CHECK(l["offset"] == ours[k].offset);
      CHECK(l["length"] == ours[k].length);
      CHECK(l["ok"] == true);
      CHECK(l["block_digest_ok"] == true);  // every record has one, and it matches
      if (e[k].type == "response") {
        CHECK(l["payload_digest_ok"] == true);
        CHECK(l["warcio_payload_digest_ok"] == true);
        CHECK(l["content_sha1"] == e[k].content_sha1);
      } else {
        CHECK(l["payload_digest_ok"].is_null());
      }
    }
  }
}

TEST_CASE("warcio_check.mjs fails on a wrong digest, a cut file and a file that is not WARC",
          "[warc-writer]") {
  TempDir dir;
  WarcWriterOptions o;
  o.dir = dir.str() + "/warc";
  auto w = open_writer(o);
  const WarcPlace p = write_ok(*w, page("https://news.example/", noise(2000, 9), kT0));
  w.reset();

  const std::string body = "<html>hello</html>";
  const std::string http = test::http({"Content-Type: text/html"}, body);
  const std::string good = test::record(
      {"WARC-Type: response", "WARC-Target-URI: https://a.example/",
       "WARC-Date: 2024-03-01T12:00:00Z",
       "WARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-000000000001>",
       "Content-Type: application/http; msgtype=response", "WARC-Block-Digest: " + warc_sha1(http),
       "WARC-Payload-Digest: " + warc_sha1(body)},
      http);
  const std::string bad_block = test::record(
      {"WARC-Type: response", "WARC-Target-URI: https://a.example/",
       "WARC-Date: 2024-03-01T12:00:00Z",
       "WARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-000000000002>",
       "Content-Type: application/http; msgtype=response",
       "WARC-Block-Digest: " + warc_sha1(http + "x"), "WARC-Payload-Digest: " + warc_sha1(body)},
      http);
  const std::string bad_payload = test::record(
      {"WARC-Type: response", "WARC-Target-URI: https://a.example/",
       "WARC-Date: 2024-03-01T12:00:00Z",
       "WARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-000000000003>",
       "Content-Type: application/http; msgtype=response", "WARC-Block-Digest: " + warc_sha1(http),
       "WARC-Payload-Digest: " + warc_sha1(body + "x")},
      http);

  {
    auto [status, lines] = warcio_check({dir.write("good.warc", good)});
    CHECK(status == 0);
    REQUIRE(lines.size() == 1);
    CHECK(lines[0]["ok"] == true);
  }
  {
    auto [status, lines] = warcio_check({dir.write("bad-block.warc", good + bad_block)});
    CHECK(status == 1);
    REQUIRE(lines.size() == 2);
    CHECK(lines[0]["ok"] == true);
    CHECK(lines[1]["ok"] == false);
    CHECK(lines[1]["block_digest_ok"] == false);
    CHECK(lines[1]["payload_digest_ok"] == true);
  }
  {
    auto [status, lines] = warcio_check({dir.write("bad-payload.warc", bad_payload)});
    CHECK(status == 1);
    REQUIRE(lines.size() == 1);
    CHECK(lines[0]["payload_digest_ok"] == false);
    CHECK(lines[0]["warcio_payload_digest_ok"] == false);
  }
  {
    // cut in its last record, a copy of a file the writer wrote
    const std::string whole = test::read_bytes(p.file);
    const std::string cut = dir.write("cut.warc.gz", whole.substr(0, p.offset + p.length / 2));
    auto [status, lines] = warcio_check({cut});
    CHECK(status == 1);
    REQUIRE_FALSE(lines.empty());
    CHECK(lines.back().contains("error"));
  }
  {
    auto [status, lines] = warcio_check({dir.write("junk.warc", "not a WARC file at all\n")});
    CHECK(status == 1);
    REQUIRE(lines.size() == 1);
    CHECK(lines[0].contains("error"));
  }
  {
    // and a cut uncompressed file: Content-Length runs past the end
    auto [status, lines] =
        warcio_check({dir.write("short.warc", good.substr(0, good.size() - 30))});
    CHECK(status == 1);
    REQUIRE_FALSE(lines.empty());
    CHECK(lines.back().contains("error"));
  }
}
