#include "server/http_server.h"

#include <arpa/inet.h>

#include <chrono>
#include <thread>

#include "core/text.h"
#include "server/routes.h"
#include "server/tika.h"

namespace trawl {

using namespace http;

bool is_loopback_host(const std::string& host) {
  if (host == "localhost" || host == "::1" || host == "[::1]") return true;
  in_addr a{};
  if (inet_pton(AF_INET, host.c_str(), &a) == 1) return (ntohl(a.s_addr) >> 24) == 127;
  return false;
}

namespace {

// Compares in time that depends on the lengths only, not on where they differ.
bool same_secret(std::string_view a, std::string_view b) {
  unsigned char diff = a.size() == b.size() ? 0 : 1;
  for (size_t i = 0; i < a.size(); ++i) diff |= a[i] ^ b[i % (b.empty() ? 1 : b.size())];
  return diff == 0 && !b.empty();
}

bool authorised(const httplib::Request& req, const std::string& token) {
  if (token.empty()) return true;
  const std::string auth = req.get_header_value("Authorization");
  constexpr std::string_view kBearer = "Bearer ";
  if (auth.size() > kBearer.size() && auth.compare(0, kBearer.size(), kBearer) == 0)
    return same_secret(std::string_view(auth).substr(kBearer.size()), token);
  return false;
}

}  // namespace

struct HttpServer::Impl {
  SearchService& service;
  Metrics metrics;
  std::unique_ptr<Extraction> extraction;
  httplib::Server server;
  std::thread thread;
  std::string host;
  int port = 0;
  Context context;

  explicit Impl(SearchService& s)
      : service(s),
        extraction(std::make_unique<Extraction>(s.config())),
        context{s, metrics, *extraction, s.config().serve} {}
};

HttpServer::HttpServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

HttpServer::~HttpServer() { stop(); }

Result<std::unique_ptr<HttpServer>> HttpServer::start(SearchService& service) {
  const ServeOptions& o = service.config().serve;
  const size_t colon = o.listen.rfind(':');
  if (colon == std::string::npos || colon + 1 == o.listen.size())
    return make_error(ErrorCode::kInvalid,
                      "serve.listen must be HOST:PORT, got \"" + o.listen + "\"");
  std::string host = o.listen.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  int port = 0;
  for (char c : o.listen.substr(colon + 1)) {
    if (c < '0' || c > '9' || port > 65535)
      return make_error(ErrorCode::kInvalid,
                        "serve.listen must be HOST:PORT, got \"" + o.listen + "\"");
    port = port * 10 + (c - '0');
  }
  if (port > 65535)
    return make_error(ErrorCode::kInvalid,
                      "serve.listen: port " + std::to_string(port) + " is out of range");
  if (!is_loopback_host(host) && o.token.empty())
    return make_error(ErrorCode::kInvalid,
                      "serve: refusing to listen on " + o.listen +
                          " without an access token: set serve.token (or TRAWL_TOKEN), or "
                          "listen on 127.0.0.1");

  auto impl = std::make_unique<Impl>(service);
  httplib::Server& svr = impl->server;
  const int threads = o.threads;
  svr.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<size_t>(threads)); };
  svr.set_payload_max_length(o.max_upload_bytes);
  svr.set_read_timeout(30, 0);
  svr.set_write_timeout(60, 0);
  svr.set_keep_alive_max_count(1000);
  // a connection kept open holds one of the threads: let idle ones go soon (a browser
  // keeps up to six per site)
  svr.set_keep_alive_timeout(2);
  // an answer goes out at once: with Nagle's algorithm the last segment of a response
  // waits for the client's delayed ACK (40 ms on Linux)
  svr.set_tcp_nodelay(true);
  Impl* self = impl.get();
  for (const Route& r : routes()) {
    httplib::Server::Handler h = [self, route = &r](const httplib::Request& req,
                                                    httplib::Response& res) {
      const auto began = std::chrono::steady_clock::now();
      if (!route->open && !authorised(req, self->service.config().serve.token)) {
        res.set_header("WWW-Authenticate", "Bearer realm=\"trawl\"");
        send_error(res, 401, "this service needs its access token (Authorization: Bearer ...)");
      } else {
        try {
          route->handler(req, res, self->context);
        } catch (const std::exception& e) {
          send_error(res, 500, std::string("internal error: ") + e.what());
        }
      }
      self->metrics.observe(
          route->name, res.status,
          std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count());
    };
    const std::string method = r.method;
    if (method == "GET")
      svr.Get(r.pattern, h);
    else if (method == "PUT")
      svr.Put(r.pattern, h);
    else if (method == "POST")
      svr.Post(r.pattern, h);
  }
  svr.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
    // cpp-httplib's own refusals (404 for no route, 413 past the upload limit) as JSON
    if (!res.body.empty()) return;
    const std::string what = res.status == 404   ? "no such route: " + req.method + " " + req.path
                             : res.status == 413 ? "request body over serve.max_upload_bytes"
                                                 : "request refused";
    send_error(res, res.status, what);
  });
  if (port == 0) {
    port = svr.bind_to_any_port(host);
    if (port <= 0) return make_error(ErrorCode::kIo, "serve: cannot listen on " + o.listen);
  } else if (!svr.bind_to_port(host, port)) {
    return make_error(ErrorCode::kIo, "serve: cannot listen on " + o.listen +
                                          " (in use, or not an address of this machine)");
  }
  impl->host = host;
  impl->port = port;
  impl->thread = std::thread([self] { self->server.listen_after_bind(); });
  return std::unique_ptr<HttpServer>(new HttpServer(std::move(impl)));
}

std::string HttpServer::url() const {
  const bool v6 = impl_->host.find(':') != std::string::npos;
  return "http://" + (v6 ? "[" + impl_->host + "]" : impl_->host) + ":" +
         std::to_string(impl_->port);
}

int HttpServer::port() const { return impl_->port; }

void HttpServer::stop() {
  if (!impl_) return;
  impl_->server.stop();
  if (impl_->thread.joinable()) impl_->thread.join();
}

}  // namespace trawl
