#include "tests/support.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>

namespace fs = std::filesystem;

namespace trawl::test {

TempDir::TempDir() {
  std::random_device rd;
  for (;;) {
    path_ = fs::temp_directory_path() / ("trawl-test-" + std::to_string(rd()));
    if (fs::create_directory(path_)) break;
  }
}

TempDir::~TempDir() {
  std::error_code ec;
  // give back permissions a test may have taken away, then remove
  for (auto it = fs::recursive_directory_iterator(
           path_, fs::directory_options::skip_permission_denied, ec);
       it != fs::recursive_directory_iterator(); it.increment(ec)) {
    fs::permissions(it->path(), fs::perms::owner_all, fs::perm_options::add, ec);
  }
  fs::remove_all(path_, ec);
}

std::string TempDir::write(const std::string& name, const std::string& bytes) const {
  fs::path p = path_ / name;
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << bytes;
  return p.string();
}

std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::optional<std::string> corpus_file(const std::string& relative) {
  const char* env = std::getenv("TRAWL_CORPUS");
  fs::path p = fs::path(env ? env : TRAWL_CORPUS_DIR) / relative;
  if (!fs::exists(p)) {
    // a test never passes without its input: the corpus must be there (../shared/corpus)
    FAIL_CHECK("corpus file not found: " << p.string());
    return std::nullopt;
  }
  return p.string();
}

std::string samples_dir() { return TRAWL_SAMPLES_DIR; }
std::string fixtures_dir() { return TRAWL_FIXTURES_DIR; }

namespace {
std::string drain(int fd) {
  std::string s;
  char buf[65536];
  ssize_t n;
  while ((n = ::read(fd, buf, sizeof buf)) > 0) s.append(buf, static_cast<size_t>(n));
  return s;
}
}  // namespace

RunResult run_trawl(const std::vector<std::string>& args, int uid) {
  return run_trawl_for(args, -1, 0, uid);
}

RunResult run_trawl_for(const std::vector<std::string>& args, int milliseconds, int signal,
                        int uid) {
  // stdout and stderr go to temporary files: no pipe deadlock on large output
  char out_path[] = "/tmp/trawl-out-XXXXXX";
  char err_path[] = "/tmp/trawl-err-XXXXXX";
  int out_fd = ::mkstemp(out_path), err_fd = ::mkstemp(err_path);
  RunResult r;
  pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(out_fd, 1);
    ::dup2(err_fd, 2);
    int devnull = ::open("/dev/null", O_RDONLY);
    ::dup2(devnull, 0);
    if (uid >= 0) {
      if (::setgid(uid) != 0 || ::setuid(uid) != 0) ::_exit(126);
    }
    std::vector<char*> argv;
    std::string bin = TRAWL_BIN;
    argv.push_back(bin.data());
    std::vector<std::string> copy = args;
    for (std::string& a : copy) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(bin.c_str(), argv.data());
    ::_exit(127);
  }
  int status = 0;
  bool ended = false;
  if (milliseconds >= 0) {
    // wait up to `milliseconds`, then send the signal if it still runs
    for (int waited = 0; waited < milliseconds && !ended; waited += 5) {
      ended = ::waitpid(pid, &status, WNOHANG) == pid;
      if (!ended) ::usleep(5000);
    }
    if (!ended) ::kill(pid, signal);
  }
  if (!ended) ::waitpid(pid, &status, 0);
  r.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  ::lseek(out_fd, 0, SEEK_SET);
  ::lseek(err_fd, 0, SEEK_SET);
  r.out = drain(out_fd);
  r.err = drain(err_fd);
  ::close(out_fd);
  ::close(err_fd);
  ::unlink(out_path);
  ::unlink(err_path);
  return r;
}

TrawlProcess::TrawlProcess(const std::vector<std::string>& args) {
  char out_path[] = "/tmp/trawl-out-XXXXXX";
  char err_path[] = "/tmp/trawl-err-XXXXXX";
  int out_fd = ::mkstemp(out_path), err_fd = ::mkstemp(err_path);
  out_path_ = out_path;
  err_path_ = err_path;
  pid_ = ::fork();
  if (pid_ == 0) {
    ::dup2(out_fd, 1);
    ::dup2(err_fd, 2);
    int devnull = ::open("/dev/null", O_RDONLY);
    ::dup2(devnull, 0);
    std::vector<char*> argv;
    std::string bin = TRAWL_BIN;
    argv.push_back(bin.data());
    std::vector<std::string> copy = args;
    for (std::string& a : copy) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(bin.c_str(), argv.data());
    ::_exit(127);
  }
  ::close(out_fd);
  ::close(err_fd);
}

TrawlProcess::~TrawlProcess() {
  if (!result_ && pid_ > 0) {
    ::kill(pid_, SIGKILL);
    int status = 0;
    ::waitpid(pid_, &status, 0);
  }
  ::unlink(out_path_.c_str());
  ::unlink(err_path_.c_str());
}

void TrawlProcess::signal(int sig) {
  if (!result_ && pid_ > 0) ::kill(pid_, sig);
}

std::optional<RunResult> TrawlProcess::wait(int milliseconds) {
  if (result_) return result_;
  int status = 0;
  bool ended = false;
  for (int waited = 0; !ended; waited += 5) {
    ended = ::waitpid(pid_, &status, WNOHANG) == pid_;
    if (ended || waited >= milliseconds) break;
    ::usleep(5000);
  }
  if (!ended) return std::nullopt;
  RunResult r;
  r.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = read_bytes(out_path_);
  r.err = read_bytes(err_path_);
  result_ = r;
  return result_;
}

std::string TrawlProcess::err() const { return read_bytes(err_path_); }
std::string TrawlProcess::out() const { return read_bytes(out_path_); }

bool TrawlProcess::wait_for_out(const std::string& text, int milliseconds) const {
  for (int waited = 0; waited <= milliseconds; waited += 20) {
    if (out().find(text) != std::string::npos) return true;
    ::usleep(20000);
  }
  return false;
}

bool TrawlProcess::wait_for_err(const std::string& text, int milliseconds) const {
  for (int waited = 0; waited <= milliseconds; waited += 20) {
    if (err().find(text) != std::string::npos) return true;
    ::usleep(20000);
  }
  return false;
}

std::string deflate_bytes(std::string_view data, int window_bits, int level) {
  z_stream z{};
  REQUIRE(deflateInit2(&z, level, Z_DEFLATED, window_bits, 8, Z_DEFAULT_STRATEGY) == Z_OK);
  std::string out(deflateBound(&z, static_cast<uLong>(data.size())) + 64, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  REQUIRE(deflate(&z, Z_FINISH) == Z_STREAM_END);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

std::string gzip(std::string_view data, int level) {
  return deflate_bytes(data, 16 + MAX_WBITS, level);
}

// gzip of `head`, then `filler` bytes of `fill`, then `tail`, compressed as it goes (a bomb
// without holding the bytes it inflates to).
std::string gzip_stream(std::string_view head, char fill, size_t filler, std::string_view tail) {
  z_stream z{};
  REQUIRE(deflateInit2(&z, 9, Z_DEFLATED, 16 + MAX_WBITS, 9, Z_DEFAULT_STRATEGY) == Z_OK);
  std::string out;
  const std::string block(1 << 20, fill);
  auto feed = [&](std::string_view in, int flush) {
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    z.avail_in = static_cast<uInt>(in.size());
    do {
      char buf[1 << 16];
      z.next_out = reinterpret_cast<Bytef*>(buf);
      z.avail_out = sizeof buf;
      deflate(&z, flush);
      out.append(buf, sizeof buf - z.avail_out);
    } while (z.avail_out == 0 || z.avail_in > 0);
  };
  feed(head, Z_NO_FLUSH);
  for (size_t left = filler; left > 0;) {
    const size_t n = std::min(left, block.size());
    feed(std::string_view(block).substr(0, n), Z_NO_FLUSH);
    left -= n;
  }
  feed(tail, Z_FINISH);
  deflateEnd(&z);
  return out;
}

// One WARC record: version line, the header lines given, Content-Length, the block, CRLF CRLF.
std::string record(const std::vector<std::string>& headers, std::string_view block,
                   std::string_view version, std::string_view eol) {
  std::string r = std::string(version) + std::string(eol);
  for (const std::string& h : headers) r += h + std::string(eol);
  r += "Content-Length: " + std::to_string(block.size()) + std::string(eol) + std::string(eol);
  r += block;
  r += std::string(eol) + std::string(eol);
  return r;
}

std::string response_record(std::string_view uri, std::string_view http, std::string_view version) {
  return record(
      {"WARC-Type: response", "WARC-Target-URI: " + std::string(uri),
       "WARC-Date: 2024-03-01T12:00:00Z",
       "WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-" + std::to_string(uri.size()) + ">",
       "Content-Type: application/http; msgtype=response"},
      http, version);
}

std::string http(const std::vector<std::string>& headers, std::string_view body,
                 std::string_view status) {
  std::string m = std::string(status) + "\r\n";
  for (const std::string& h : headers) m += h + "\r\n";
  return m + "\r\n" + std::string(body);
}

}  // namespace trawl::test

namespace trawl::test {

std::string shared_data(const std::string& name,
                        const std::function<void(const std::string&)>& build) {
  namespace fs = std::filesystem;
  struct stat st {
  }, self{};
  REQUIRE(::stat(TRAWL_BIN, &st) == 0);
  REQUIRE(::stat("/proc/self/exe", &self) == 0);  // the test's own code builds it
  const fs::path root = fs::path(TRAWL_BIN).parent_path().parent_path() / "tests" / "shared-data";
  fs::create_directories(root);
  const std::string key = name + "-" + std::to_string(st.st_mtime) + "-" +
                          std::to_string(st.st_size) + "-" + std::to_string(self.st_mtime);
  const fs::path dir = root / key;
  const int lock = ::open((root / (name + ".lock")).c_str(), O_CREAT | O_RDWR, 0644);
  REQUIRE(lock >= 0);
  REQUIRE(::flock(lock, LOCK_EX) == 0);
  if (!fs::exists(dir / "ready")) {
    // what another binary's build left, or a build killed half-way
    for (const auto& e : fs::directory_iterator(root))
      if (e.is_directory() && e.path().filename().string().starts_with(name + "-"))
        fs::remove_all(e.path());
    fs::create_directories(dir);
    build(dir.string());
    std::ofstream(dir / "ready") << "ok\n";
  }
  ::flock(lock, LOCK_UN);
  ::close(lock);
  return dir.string();
}

}  // namespace trawl::test
