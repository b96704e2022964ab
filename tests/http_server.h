// A real HTTP server on 127.0.0.1 for the crawler's tests (cpp-httplib, Debian's compiled
// libcpp-httplib). Routes are added on server() before start(); every request is logged
// with its Host header and the time it arrived, so tests can assert what was (and was not)
// requested and how far apart.
#pragma once

#include <httplib.h>

#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace trawl::test {

class TestServer {
 public:
  struct Logged {
    std::string host;  // the Host header
    std::string path;  // with the query
    std::string if_none_match, if_modified_since, user_agent;
    std::chrono::steady_clock::time_point at;
  };

  TestServer() {
    server_.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response&) {
      std::lock_guard lock(mu_);
      log_.push_back({req.get_header_value("Host"), req.target.empty() ? req.path : req.target,
                      req.get_header_value("If-None-Match"),
                      req.get_header_value("If-Modified-Since"), req.get_header_value("User-Agent"),
                      std::chrono::steady_clock::now()});
      return httplib::Server::HandlerResponse::Unhandled;
    });
  }
  ~TestServer() { stop(); }
  TestServer(const TestServer&) = delete;
  TestServer& operator=(const TestServer&) = delete;

  httplib::Server& server() { return server_; }

  // Binds a free port on 127.0.0.1 and serves on a thread. Returns the port.
  int start() {
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    return port_;
  }
  void stop() {
    if (thread_.joinable()) {
      server_.stop();
      thread_.join();
    }
  }
  int port() const { return port_; }
  std::string url(const std::string& host, const std::string& path) const {
    return "http://" + host + ":" + std::to_string(port_) + path;
  }
  // "host:port:127.0.0.1" for FetcherOptions::resolve.
  std::string resolve(const std::string& host) const {
    return host + ":" + std::to_string(port_) + ":127.0.0.1";
  }

  std::vector<Logged> requests() {
    std::lock_guard lock(mu_);
    return log_;
  }

 private:
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
  std::mutex mu_;
  std::vector<Logged> log_;
};

}  // namespace trawl::test
