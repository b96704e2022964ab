// The HTTP service over a SearchService (cpp-httplib): the JSON API, the Tika-compatible
// extraction endpoints, /metrics and the analysts' web page, all routes in one table
// (routes.cc; docs/api.md). Read-only. Binds loopback unless serve.token is set.
#pragma once

#include <memory>
#include <string>

#include "core/result.h"
#include "server/search_service.h"

namespace trawl {

class HttpServer {
 public:
  // Binds serve.listen ("HOST:PORT"; port 0 takes a free one) and serves on its own
  // threads until stop(). kInvalid for an address that is not loopback when no token is
  // configured, or one that cannot be parsed; kIo when it cannot be bound.
  static Result<std::unique_ptr<HttpServer>> start(SearchService& service);
  ~HttpServer();

  std::string url() const;  // "http://127.0.0.1:8080"
  int port() const;
  void stop();

  struct Impl;

 private:
  explicit HttpServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Whether `host` names a loopback address (127.0.0.0/8, ::1, localhost).
bool is_loopback_host(const std::string& host);

}  // namespace trawl
