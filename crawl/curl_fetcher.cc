// The Fetcher over libcurl's multi interface: the one file that includes curl.h.
// No redirect is followed and nothing is decoded (HTTP_TRANSFER_DECODING and
// HTTP_CONTENT_DECODING off), so the body arrives as the server sent it; the body cap is
// counted in the write callback because libcurl 7.88 does not enforce MAXFILESIZE on
// chunked bodies. Every connection's address is checked before its socket is made.
#include <curl/curl.h>
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <list>
#include <mutex>

#include "core/dates.h"
#include "core/text.h"
#include "crawl/address.h"
#include "crawl/fetcher.h"

namespace trawl {
namespace {

struct EasyCleanup {
  void operator()(CURL* e) const { curl_easy_cleanup(e); }
};
struct MultiCleanup {
  void operator()(CURLM* m) const { curl_multi_cleanup(m); }
};
struct SlistFree {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};
using EasyPtr = std::unique_ptr<CURL, EasyCleanup>;
using MultiPtr = std::unique_ptr<CURLM, MultiCleanup>;
using SlistPtr = std::unique_ptr<curl_slist, SlistFree>;

int64_t now_us() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// curl_global_init once per process, before any other thread uses libcurl.
void global_init() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

bool type_allowed(const std::vector<std::string>& allowed, std::string_view content_type) {
  if (allowed.empty()) return true;
  std::string media = ascii_lower(trim(content_type.substr(0, content_type.find(';'))));
  if (media.empty()) return true;  // no type: let identification judge the bytes
  for (const std::string& a : allowed) {
    if (a == media) return true;
    if (a.ends_with("*") && media.starts_with(a.substr(0, a.size() - 1))) return true;
  }
  return false;
}

// One transfer: the request, the result being filled, and why libcurl was stopped.
struct Transfer {
  FetchRequest request;
  FetchResult result;
  EasyPtr easy;
  SlistPtr headers;
  const FetcherOptions* options = nullptr;
  std::string refused;      // why a connection or the body was refused
  bool too_large = false;   // over max_body_bytes
  std::string spool_error;  // the spool file could not be written
  int spool_fd = -1;
  char error_buffer[CURL_ERROR_SIZE] = {};

  ~Transfer() {
    if (spool_fd >= 0) ::close(spool_fd);
  }
  void drop_spool() {
    if (spool_fd >= 0) ::close(spool_fd);
    spool_fd = -1;
    if (!result.spool_path.empty()) std::remove(result.spool_path.c_str());
    result.spool_path.clear();
  }
};

size_t on_header(char* data, size_t size, size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  const size_t len = size * n;
  std::string_view line(data, len);
  FetchResult& r = t->result;
  if (line.starts_with("HTTP/")) {
    // a new response: an interim 1xx comes before the final one
    r.head.clear();
    r.headers.clear();
    r.status = 0;
    size_t sp = line.find(' ');
    if (sp != std::string_view::npos && line.size() >= sp + 4) {
      int status = 0;
      for (size_t i = sp + 1; i < sp + 4; ++i) {
        if (line[i] < '0' || line[i] > '9') {
          status = 0;
          break;
        }
        status = status * 10 + (line[i] - '0');
      }
      r.status = status;
    }
  }
  if (r.head.size() + len > (1u << 20)) return 0;  // a head over 1 MB is no HTTP head
  r.head.append(line);
  std::string_view field = line;
  while (!field.empty() && (field.back() == '\n' || field.back() == '\r')) field.remove_suffix(1);
  if (field.empty()) {
    // the end of a head: a final one says whether the body is wanted
    const bool interim = r.status >= 100 && r.status < 200;
    if (!interim && r.status >= 200 && r.status < 300) {
      auto ct = r.headers.find("content-type");
      std::string_view type = ct == r.headers.end() ? std::string_view() : ct->second;
      if (!type_allowed(t->request.policy.content_types, type)) {
        t->refused = "content type " + std::string(type) + " is not fetched (content_types)";
        return 0;
      }
    }
    return len;
  }
  if (field.starts_with("HTTP/")) return len;
  size_t colon = field.find(':');
  if (colon != std::string_view::npos && colon > 0) {
    std::string name = ascii_lower(trim(field.substr(0, colon)));
    std::string value(trim(field.substr(colon + 1)));
    auto [it, inserted] = r.headers.emplace(name, value);
    if (!inserted) it->second += ", " + value;
  }
  return len;
}

bool write_all(int fd, const char* data, size_t len) {
  while (len > 0) {
    ssize_t w = ::write(fd, data, len);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return false;
    data += w;
    len -= static_cast<size_t>(w);
  }
  return true;
}

size_t on_body(char* data, size_t size, size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  const size_t len = size * n;
  FetchResult& r = t->result;
  if (r.body_bytes + len > t->request.policy.max_body_bytes) {
    t->too_large = true;
    return 0;
  }
  r.body_bytes += len;
  if (t->spool_fd < 0 && r.body.size() + len > t->options->spool_above) {
    std::string path = t->options->spool_dir + "/fetch-XXXXXX";
    t->spool_fd = ::mkstemp(path.data());
    if (t->spool_fd < 0) {
      t->spool_error =
          "cannot create a spool file in " + t->options->spool_dir + ": " + std::strerror(errno);
      return 0;
    }
    r.spool_path = path;
    if (!write_all(t->spool_fd, r.body.data(), r.body.size())) {
      t->spool_error = "cannot write the spool file: " + std::string(std::strerror(errno));
      return 0;
    }
    r.body.clear();
    r.body.shrink_to_fit();
  }
  if (t->spool_fd >= 0) {
    if (!write_all(t->spool_fd, data, len)) {
      t->spool_error = "cannot write the spool file: " + std::string(std::strerror(errno));
      return 0;
    }
  } else {
    r.body.append(data, len);
  }
  return len;
}

int on_debug(CURL*, curl_infotype type, char* data, size_t size, void* user) {
  if (type == CURLINFO_HEADER_OUT) static_cast<Transfer*>(user)->result.request.append(data, size);
  return 0;
}

// Before every connection: the address it is about to be made to. With a proxy that is
// the proxy's (the operator's choice); the proxy resolves and reaches the target.
curl_socket_t on_open_socket(void* user, curlsocktype, curl_sockaddr* address) {
  auto* t = static_cast<Transfer*>(user);
  if (!t->request.policy.allow_private && t->request.policy.proxy.empty()) {
    AddressClass c = classify_address(&address->addr);
    if (c != AddressClass::kPublic) {
      t->refused = "refused " + address_text(&address->addr) + ": " +
                   std::string(address_class_name(c)) +
                   " address (allow_private = true lets a source reach it)";
      return CURL_SOCKET_BAD;
    }
  }
  return ::socket(address->family, address->socktype | SOCK_CLOEXEC, address->protocol);
}

double parse_retry_after(const std::map<std::string, std::string>& headers) {
  auto it = headers.find("retry-after");
  if (it == headers.end()) return -1;
  std::string_view v = trim(it->second);
  if (!v.empty() && std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return v.size() > 9 ? 1e9 : std::stod(std::string(v));
  if (std::optional<int64_t> at = parse_http_date(v))
    return std::max<double>(0, static_cast<double>(*at) - static_cast<double>(now_us() / 1000000));
  return -1;
}

class CurlFetcher final : public Fetcher {
 public:
  CurlFetcher(MultiPtr multi, FetcherOptions options, SlistPtr resolve)
      : multi_(std::move(multi)), options_(std::move(options)), resolve_(std::move(resolve)) {}

  ~CurlFetcher() override { cancel_all(); }

  void submit(FetchRequest request) override {
    auto t = std::make_unique<Transfer>();
    t->options = &options_;
    t->result.tag = request.tag;
    t->result.url = request.url;
    t->request = std::move(request);
    t->result.started_at = now_us();
    EasyPtr easy(curl_easy_init());
    if (!easy) {
      t->result.error = make_error(ErrorCode::kIo, "libcurl cannot make a handle");
      t->result.ended_at = t->result.started_at;
      done_.push_back(std::move(t->result));
      return;
    }
    CURL* e = easy.get();
    const FetchPolicy& p = t->request.policy;
    curl_easy_setopt(e, CURLOPT_URL, t->request.url.c_str());
    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(e, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_2TLS));
    curl_easy_setopt(e, CURLOPT_USERAGENT, options_.user_agent.c_str());
    curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");  // offer what libcurl could decode
    curl_easy_setopt(e, CURLOPT_HTTP_CONTENT_DECODING, 0L);
    curl_easy_setopt(e, CURLOPT_HTTP_TRANSFER_DECODING, 0L);
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(p.connect_timeout * 1000));
    curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, static_cast<long>(p.response_timeout * 1000));
    curl_easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT, static_cast<long>(p.low_speed_bytes));
    curl_easy_setopt(e, CURLOPT_LOW_SPEED_TIME, static_cast<long>(p.low_speed_seconds));
    curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(p.max_body_bytes));
    if (!p.proxy.empty()) curl_easy_setopt(e, CURLOPT_PROXY, p.proxy.c_str());
    if (resolve_) curl_easy_setopt(e, CURLOPT_RESOLVE, resolve_.get());
    curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, &on_header);
    curl_easy_setopt(e, CURLOPT_HEADERDATA, t.get());
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, &on_body);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, t.get());
    curl_easy_setopt(e, CURLOPT_DEBUGFUNCTION, &on_debug);
    curl_easy_setopt(e, CURLOPT_DEBUGDATA, t.get());
    curl_easy_setopt(e, CURLOPT_VERBOSE, 1L);  // for the request head (on_debug)
    curl_easy_setopt(e, CURLOPT_OPENSOCKETFUNCTION, &on_open_socket);
    curl_easy_setopt(e, CURLOPT_OPENSOCKETDATA, t.get());
    curl_easy_setopt(e, CURLOPT_ERRORBUFFER, t->error_buffer);
    curl_easy_setopt(e, CURLOPT_PRIVATE, t.get());
    curl_slist* h = nullptr;
    if (!t->request.etag.empty())
      h = curl_slist_append(h, ("If-None-Match: " + t->request.etag).c_str());
    if (!t->request.last_modified.empty())
      h = curl_slist_append(h, ("If-Modified-Since: " + t->request.last_modified).c_str());
    t->headers.reset(h);
    if (h) curl_easy_setopt(e, CURLOPT_HTTPHEADER, h);
    t->easy = std::move(easy);
    if (curl_multi_add_handle(multi_.get(), e) != CURLM_OK) {
      t->result.error = make_error(ErrorCode::kIo, "libcurl cannot start the transfer");
      t->result.ended_at = now_us();
      done_.push_back(std::move(t->result));
      return;
    }
    running_.push_back(std::move(t));
  }

  std::vector<FetchResult> wait(int timeout_ms) override {
    int still = 0;
    curl_multi_perform(multi_.get(), &still);
    collect();
    if (done_.empty() && !running_.empty()) {
      curl_multi_poll(multi_.get(), nullptr, 0, timeout_ms, nullptr);
      curl_multi_perform(multi_.get(), &still);
      collect();
    }
    std::vector<FetchResult> out = std::move(done_);
    done_.clear();
    return out;
  }

  size_t in_flight() const override { return running_.size(); }

  void cancel_all() override {
    for (auto& t : running_) {
      curl_multi_remove_handle(multi_.get(), t->easy.get());
      t->drop_spool();
    }
    running_.clear();
    done_.clear();
  }

 private:
  void collect() {
    int left = 0;
    while (CURLMsg* m = curl_multi_info_read(multi_.get(), &left)) {
      if (m->msg != CURLMSG_DONE) continue;
      CURL* e = m->easy_handle;
      Transfer* raw = nullptr;
      curl_easy_getinfo(e, CURLINFO_PRIVATE, reinterpret_cast<char**>(&raw));
      auto it = std::find_if(running_.begin(), running_.end(),
                             [&](const std::unique_ptr<Transfer>& t) { return t.get() == raw; });
      if (it == running_.end()) continue;
      std::unique_ptr<Transfer> t = std::move(*it);
      running_.erase(it);
      finish(*t, m->data.result);
      curl_multi_remove_handle(multi_.get(), e);
      done_.push_back(std::move(t->result));
    }
  }

  void finish(Transfer& t, CURLcode code) {
    FetchResult& r = t.result;
    r.ended_at = now_us();
    char* ip = nullptr;
    if (curl_easy_getinfo(t.easy.get(), CURLINFO_PRIMARY_IP, &ip) == CURLE_OK && ip &&
        t.request.policy.proxy.empty())
      r.ip = ip;
    if (t.spool_fd >= 0) {
      if (::fsync(t.spool_fd) != 0 && code == CURLE_OK)
        t.spool_error = "cannot write the spool file: " + std::string(std::strerror(errno));
      ::close(t.spool_fd);
      t.spool_fd = -1;
    }
    r.retry_after = parse_retry_after(r.headers);
    if (code == CURLE_OK && t.spool_error.empty()) return;
    std::string detail = t.error_buffer[0] ? one_line(t.error_buffer) : curl_easy_strerror(code);
    // the operator must see that the proxy, not the site, failed
    if (!t.request.policy.proxy.empty() &&
        (code == CURLE_COULDNT_CONNECT || code == CURLE_COULDNT_RESOLVE_PROXY ||
         code == CURLE_PROXY || code == CURLE_RECV_ERROR || code == CURLE_SEND_ERROR))
      detail += " (through proxy " + t.request.policy.proxy + ")";
    if (!t.spool_error.empty()) {
      r.error = make_error(ErrorCode::kIo, t.spool_error);
    } else if (t.too_large || code == CURLE_FILESIZE_EXCEEDED) {
      r.error = make_error(ErrorCode::kTooLarge,
                           "body over crawl.max_body_bytes (" +
                               std::to_string(t.request.policy.max_body_bytes) + " bytes)");
    } else if (!t.refused.empty()) {
      r.error = make_error(ErrorCode::kRefused, t.refused);
    } else if (code == CURLE_OPERATION_TIMEDOUT) {
      r.error = make_error(ErrorCode::kTimeout, detail);
    } else if (code == CURLE_UNSUPPORTED_PROTOCOL) {
      r.error = make_error(ErrorCode::kUnsupported, detail);
    } else {
      r.error = make_error(ErrorCode::kIo, detail);
    }
    // what came of a failed response is not a response
    r.body.clear();
    t.drop_spool();
  }

  MultiPtr multi_;
  FetcherOptions options_;
  SlistPtr resolve_;
  std::list<std::unique_ptr<Transfer>> running_;
  std::vector<FetchResult> done_;
};

}  // namespace

Result<std::unique_ptr<Fetcher>> Fetcher::create(const FetcherOptions& options) {
  global_init();
  std::error_code ec;
  std::filesystem::create_directories(options.spool_dir, ec);
  if (ec)
    return make_error(ErrorCode::kInvalid,
                      "cannot make the spool folder " + options.spool_dir + ": " + ec.message());
  MultiPtr multi(curl_multi_init());
  if (!multi) return make_error(ErrorCode::kInvalid, "libcurl cannot start");
  curl_multi_setopt(multi.get(), CURLMOPT_MAX_TOTAL_CONNECTIONS,
                    static_cast<long>(std::max(1, options.max_connections)));
  curl_multi_setopt(multi.get(), CURLMOPT_PIPELINING, static_cast<long>(CURLPIPE_MULTIPLEX));
  curl_slist* resolve = nullptr;
  for (const std::string& r : options.resolve) resolve = curl_slist_append(resolve, r.c_str());
  return std::unique_ptr<Fetcher>(
      std::make_unique<CurlFetcher>(std::move(multi), options, SlistPtr(resolve)));
}

std::string user_agent_header(const std::string& product, const std::string& contact) {
  std::string ua = product + "/0.1";
  if (!contact.empty()) ua += " (+" + contact + ")";
  return ua;
}

}  // namespace trawl
