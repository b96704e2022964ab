// The crawl pass: a Source for the ingest graph that fetches as it is asked for items.
//
// The graph pulls items from CrawlSource::next() on one of its threads. next() keeps the
// fetcher busy within the politeness rules (per-host concurrency and delay, raised by a
// Crawl-delay), writes every response to the WARC file before anything else, and hands
// the decoded page to the graph. When the graph reports a page committed, its links are
// judged (scope, depth) and queued. The pass ends when nothing is queued, in flight or
// in the graph.
#include "pipeline/crawl.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <thread>

#include "config/layout.h"
#include "core/dates.h"
#include "core/text.h"
#include "crawl/fetcher.h"
#include "crawl/robots.h"
#include "crawl/url.h"
#include "crawl/warc_writer.h"
#include "extractors/feed.h"
#include "extractors/identify.h"
#include "extractors/warc.h"
#include "pipeline/list_update.h"

namespace trawl {
namespace {

constexpr int64_t kLeaseSeconds = 900;
constexpr int64_t kRobotsTtl = 24 * 3600;
constexpr int kRobotsRedirects = 5;

int64_t now_s() { return static_cast<int64_t>(std::time(nullptr)); }
int64_t now_us() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// The politeness key of a URL: "host:port" with the effective port.
std::string host_key(const Url& u) { return u.host + ":" + std::to_string(u.effective_port()); }

bool header_kept(const std::string& name) {
  static const char* const kKept[] = {
      "content-type", "content-language", "last-modified",      "etag",
      "date",         "location",         "content-disposition"};
  for (const char* k : kKept)
    if (name == k) return true;
  return false;
}

std::string header(const FetchResult& r, const char* name) {
  auto it = r.headers.find(name);
  return it == r.headers.end() ? std::string() : it->second;
}

// The robots.txt of one host, and whether it is being fetched.
struct HostRobots {
  RobotsTxt robots;
  int64_t fetched_at = 0;  // 0: not yet known
  bool pending = false;
  int redirects = 0;
};

struct HostState {
  int in_flight = 0;
  int64_t next_allowed_us = 0;  // no request starts before
  double delay = 1;             // seconds between requests
  int failing = 0;              // fetches failed in a row (time-outs, 5xx, connections)
};

// A host that keeps failing is backed off: after 3 failures in a row, each further one
// doubles the wait before the next request to it, up to 5 minutes.
constexpr int kHostFailuresBeforeBackoff = 3;
constexpr double kHostMaxBackoff = 300;

// Tags of robots.txt fetches have this bit, so their results are told from pages'.
constexpr uint64_t kRobotsTag = 1ull << 63;

class CrawlSource final : public Source {
 public:
  CrawlSource(const Config& config, const SourceOptions& src, Frontier& frontier, int64_t pass,
              Fetcher& fetcher, WarcWriter& warc, const CrawlCallbacks& callbacks,
              const CrawlRun& run)
      : config_(config),
        src_(src),
        frontier_(frontier),
        pass_(pass),
        fetcher_(fetcher),
        warc_(warc),
        callbacks_(callbacks),
        run_(run) {
    policy_.proxy = src.proxy;
    policy_.allow_private = src.allow_private;
    policy_.max_body_bytes = config.crawl.max_body_bytes;
    policy_.connect_timeout = config.crawl.connect_timeout;
    policy_.response_timeout = config.crawl.response_timeout;
    policy_.low_speed_bytes = config.crawl.low_speed_bytes;
    policy_.low_speed_seconds = config.crawl.low_speed_seconds;
    policy_.content_types =
        src.content_types.empty() ? config.crawl.content_types : src.content_types;
    scope_.hosts = src.hosts;
    scope_.domains = src.domains;
    scope_.include = src.include;
    scope_.exclude = src.exclude;
    if (scope_.hosts.empty() && scope_.domains.empty())
      for (const std::string& seed : src.seeds)
        if (auto u = parse_url(seed)) scope_.hosts.push_back(u->host);
    url_options_ = url_options(config);
    delay_ = src.delay >= 0 ? src.delay : config.crawl.delay;
    per_host_ = src.per_host > 0 ? src.per_host : config.crawl.per_host;
    if (!src.obey_robots)
      event("source " + src.name + ": robots.txt is not obeyed (obey_robots = false)");
  }

  static UrlOptions url_options(const Config& config) {
    UrlOptions o;
    if (!config.crawl.drop_params.empty()) {
      o.drop_params = config.crawl.drop_params;
      if (o.drop_params == std::vector<std::string>{"none"}) o.drop_params.clear();
    }
    return o;
  }

  std::optional<Item> next() override {
    std::unique_lock lock(mu_);
    for (;;) {
      if (!ready_.empty()) {
        Item item = std::move(ready_.front());
        ready_.pop_front();
        ++count_;
        return item;
      }
      if (stopping()) {
        fetcher_.cancel_all();
        return std::nullopt;
      }
      if (run_.heartbeat) run_.heartbeat();
      schedule();
      if (fetcher_.in_flight() == 0) {
        if (extracting_.empty() && nothing_due()) return std::nullopt;
        // waiting for the graph's pages (their links) or for a host's delay
        cv_.wait_for(lock, std::chrono::milliseconds(50));
        continue;
      }
      lock.unlock();
      std::vector<FetchResult> done = fetcher_.wait(100);
      lock.lock();
      for (FetchResult& r : done) handle(std::move(r));
    }
  }

  uint64_t count() const override { return count_; }

  // Pages fetched before the crawler stopped but not committed: read again from their
  // WARC records (never fetched twice). Returns how many.
  uint64_t recover_fetched() {
    std::lock_guard lock(mu_);
    uint64_t n = 0;
    for (FrontierUrl& u : frontier_.in_state(src_.name, pass_, UrlState::kFetched, 1u << 20)) {
      WarcOptions wo;
      wo.max_record_bytes = config_.crawl.max_body_bytes;
      wo.start_offset = u.warc_offset > 0 ? static_cast<uint64_t>(u.warc_offset) : 0;
      std::optional<WarcRecord> rec;
      if (auto reader = WarcReader::open(u.warc_file, wo)) {
        // the response record, after its request (written first, at the same place)
        for (int i = 0; i < 3 && !rec; ++i) {
          auto r = (*reader)->next();
          if (!r || !*r) break;
          if ((**r).type == "response" && (**r).target_uri == u.url) rec = std::move(**r);
        }
      }
      if (!rec) {
        u.state = UrlState::kQueued;  // its record is lost: fetch it again
        note(frontier_.update(u));
        continue;
      }
      Item item;
      item.location.uri = u.url;
      item.location.source = src_.name;
      FetchRecord& f = item.location.fetch;
      f.seen_at = rec->date_unix;
      f.http_status = rec->http_status;
      f.ip = rec->ip;
      f.warc_file = u.warc_file;
      f.warc_offset = u.warc_offset;
      for (const auto& [k, v] : rec->http_headers)
        if (header_kept(k)) f.headers[k] = v;
      item.bytes = std::make_shared<const std::string>(std::move(rec->body));
      item.declared_charsets = rec->declared_charsets;
      hand_over(u, std::move(item));
      ++n;
    }
    return n;
  }

  // From the graph, once the page is extracted: its links are queued now, not at the
  // commit (which may wait for a batch). A kill before the commit leaves the page
  // `fetched`, read again from its WARC record at the restart, and its links are found
  // again.
  void on_extracted(const DocumentOutcome& o) {
    std::lock_guard lock(mu_);
    auto it = in_graph_urls_.find(o.path);
    if (it == in_graph_urls_.end() || !extracting_.erase(o.path)) return;
    discover(it->second, o.links);
    cv_.notify_all();
  }

  // From the graph, after the page's commit (or its failure).
  void on_document(const DocumentOutcome& o) {
    std::lock_guard lock(mu_);
    if (o.depth != 0) return;
    auto it = in_graph_urls_.find(o.path);
    if (it == in_graph_urls_.end()) return;
    FrontierUrl u = std::move(it->second);
    in_graph_urls_.erase(it);
    if (extracting_.erase(o.path)) discover(u, o.links);
    if (u.state == UrlState::kFetched) u.state = UrlState::kDone;
    if (!o.id.empty()) u.content_hash = o.id;
    if (o.outcome == Outcome::kFailed && o.error) {
      u.code = std::string(error_code_name(o.error->error.code));
      u.reason = one_line(o.error->error.message);
    }
    note(frontier_.update(u));
    cv_.notify_all();
  }

 private:
  bool stopping() const { return run_.stop && run_.stop->load(std::memory_order_relaxed); }

  void event(const std::string& line) {
    if (callbacks_.on_event) callbacks_.on_event(line);
  }
  void note(const Status& s) {
    if (!s && !fatal_) fatal_ = s.error();
  }

  bool nothing_due() {
    if (pages_ >= src_.max_pages) return true;
    const int64_t next = frontier_.next_due(src_.name, pass_);
    if (next == 0) return frontier_.ready_hosts(src_.name, pass_, now_s()).empty();
    return false;  // queued, not yet due (a retry, a Retry-After): wait for it
  }

  // Starts what politeness allows. The hosts with due URLs are asked of the catalog at
  // most every 200 ms (the query reads every queued row: a large frontier made it the
  // crawl's main cost).
  void schedule() {
    const int64_t now = now_s();
    const int64_t now_u = now_us();
    if (static_cast<int>(fetcher_.in_flight()) >= config_.crawl.concurrency) return;
    if (now_u - ready_hosts_at_ >= 200000 || ready_hosts_.empty()) {
      ready_hosts_ = frontier_.ready_hosts(src_.name, pass_, now);
      ready_hosts_at_ = now_u;
    }
    for (const std::string& host : ready_hosts_) {
      HostState& h = hosts_[host];
      // with no delay, a host's free connections fill at once; else one request a delay
      while (pages_ < src_.max_pages && h.in_flight < per_host_ && now_u >= h.next_allowed_us &&
             static_cast<int>(fetcher_.in_flight()) < config_.crawl.concurrency) {
        const size_t want = h.delay > 0 ? 1 : static_cast<size_t>(per_host_ - h.in_flight);
        std::vector<FrontierUrl> leased =
            frontier_.lease(src_.name, pass_, host, want, now, kLeaseSeconds);
        if (leased.empty()) break;
        const uint64_t started = pages_;
        for (FrontierUrl& u : leased) {
          if (!admit(u, h)) continue;  // refused, out of scope, or waiting for robots.txt
          if (pages_ >= src_.max_pages) {
            u.state = UrlState::kQueued;  // over max_pages: left for the next pass
            u.lease_until = 0;
            note(frontier_.update(u));
            continue;
          }
          FetchRequest req;
          req.tag = next_tag_++;
          req.url = u.url;
          req.etag = u.etag;
          req.last_modified = u.last_modified;
          req.policy = policy_;
          ++h.in_flight;
          h.next_allowed_us = now_u + static_cast<int64_t>(h.delay * 1e6);
          ++pages_;
          fetching_[req.tag] = std::move(u);
          fetcher_.submit(std::move(req));
        }
        // one request a delay; and a round that started nothing (robots.txt not yet
        // known, all refused) ends here, or it would lease the same URLs again
        if (h.delay > 0 || pages_ == started) break;
      }
      if (pages_ >= src_.max_pages ||
          static_cast<int>(fetcher_.in_flight()) >= config_.crawl.concurrency)
        return;
    }
  }

  // Scope and robots.txt for a leased URL. false when it is not to be fetched now (its
  // state is then recorded, or it is queued again to wait for robots.txt).
  bool admit(FrontierUrl& u, HostState& h) {
    ScopeDecision scope = in_scope(scope_, u.url);
    if (!scope.allowed) {
      u.state = UrlState::kOutOfScope;
      u.reason = scope.reason;
      note(frontier_.update(u));
      return false;
    }
    h.delay = delay_;  // raised below by a Crawl-delay
    if (!src_.obey_robots) return true;
    auto parsed = parse_url(u.url);
    if (!parsed) {
      u.state = UrlState::kFailed;
      u.code = "invalid";
      u.reason = one_line(parsed.error().message);
      note(frontier_.update(u));
      return false;
    }
    const std::string origin = parsed->scheme + "://" + host_key(*parsed);
    HostRobots& r = robots_[origin];
    if (r.fetched_at == 0 || now_s() - r.fetched_at > kRobotsTtl) {
      if (!r.pending) fetch_robots(origin, u.host, origin + "/robots.txt", r);
      u.state = UrlState::kQueued;  // back in the queue until robots.txt is known
      u.lease_until = 0;
      note(frontier_.update(u));
      return false;
    }
    RobotsDecision d = decide(r.robots, config_.crawl.user_agent, parsed->target());
    if (!d.allowed) {
      u.state = UrlState::kRefused;
      u.code = "refused";
      u.reason = "robots.txt: " + d.reason;
      note(frontier_.update(u));
      return false;
    }
    if (auto cd = r.robots.crawl_delay(config_.crawl.user_agent))
      h.delay = std::max(delay_, std::min(*cd, config_.crawl.max_crawl_delay));
    return true;
  }

  void fetch_robots(const std::string& origin, const std::string& host, const std::string& url,
                    HostRobots& r) {
    r.pending = true;
    FetchRequest req;
    req.tag = kRobotsTag | next_tag_++;
    req.url = url;
    req.policy = policy_;
    req.policy.content_types.clear();
    req.policy.max_body_bytes = std::min<uint64_t>(policy_.max_body_bytes, 4 << 20);
    robots_fetching_[req.tag] = {origin, host};
    hosts_[host].next_allowed_us = now_us() + static_cast<int64_t>(delay_ * 1e6);
    fetcher_.submit(std::move(req));
  }

  void handle(FetchResult r) {
    if (r.tag & kRobotsTag) return handle_robots(std::move(r));
    auto it = fetching_.find(r.tag);
    if (it == fetching_.end()) return;
    FrontierUrl u = std::move(it->second);
    fetching_.erase(it);
    {
      // the delay runs from the end of a response too: a slow host gets slower requests
      HostState& h = hosts_[u.host];
      if (h.in_flight > 0) --h.in_flight;
      h.next_allowed_us =
          std::max(h.next_allowed_us, now_us() + static_cast<int64_t>(h.delay * 1e6));
    }
    const int64_t previous_fetch = u.last_fetched;  // the response a 304 revisits
    u.last_fetched = r.ended_at / 1000000;
    if (r.error) return failed(u, *r.error, r.retry_after);
    if (r.status < 500) hosts_[u.host].failing = 0;
    u.last_status = r.status;
    // every response is kept, whatever its status
    Result<WarcPlace> place = keep(u, r, previous_fetch);
    if (!place) {
      if (!r.spool_path.empty()) std::remove(r.spool_path.c_str());
      return failed(u, place.error(), -1);
    }
    u.warc_file = place->file;
    u.warc_offset = static_cast<int64_t>(place->offset);
    if (r.status == 304) {
      u.state = UrlState::kUnchanged;
      note(frontier_.update(u));
      if (!u.content_hash.empty()) {
        Item item = item_for(u, r, *place);
        item.sighting_of = u.content_hash;
        hand_over(u, std::move(item));
      }
      return;
    }
    if (r.status >= 300 && r.status < 400) return redirected(u, r);
    if (r.status == 429 || r.status >= 500) {
      Error e = make_error(r.status >= 500 ? ErrorCode::kIo : ErrorCode::kRefused,
                           "HTTP " + std::to_string(r.status));
      return failed(u, e, r.retry_after);
    }
    if (r.status >= 400) {
      u.state = UrlState::kFailed;
      u.code = r.status == 404 || r.status == 410 ? "not-found" : "refused";
      u.reason = "HTTP " + std::to_string(r.status);
      note(frontier_.update(u));
      return;
    }
    // 2xx: the page, decoded as a WARC response record would be
    std::string message = r.head;
    if (!r.spool_path.empty()) {
      std::ifstream in(r.spool_path, std::ios::binary);
      message.append(std::istreambuf_iterator<char>(in), {});
      std::remove(r.spool_path.c_str());
    } else {
      message += r.body;
    }
    WarcRecord rec;
    rec.type = "response";
    if (!decode_http_response(std::move(message), config_.crawl.max_body_bytes, rec))
      return failed(u, make_error(ErrorCode::kTooLarge, "decoded body over crawl.max_body_bytes"),
                    -1);
    u.etag = header(r, "etag");
    u.last_modified = header(r, "last-modified");
    u.failures = 0;
    u.code.clear();
    u.reason.clear();
    u.state = UrlState::kFetched;
    note(frontier_.update(u));
    if (rec.body.empty()) {
      u.state = UrlState::kDone;
      note(frontier_.update(u));
      return;
    }
    if (src_.kind == SourceKind::kUnList) return sanctions_list(u, rec.body);
    // a feed or a sitemap is a list of pages, not a document
    if (FeedKind kind = sniff_feed(rec.body); kind != FeedKind::kNone) return listed(u, rec.body);
    Item item = item_for(u, r, *place);
    item.feed_date = u.feed_date;
    item.bytes = std::make_shared<const std::string>(std::move(rec.body));
    item.declared_charsets = rec.declared_charsets;
    hand_over(u, std::move(item));
  }

  Result<WarcPlace> keep(const FrontierUrl& u, const FetchResult& r, int64_t previous_fetch) {
    WarcExchange x;
    x.url = u.url;
    x.ip = r.ip;
    x.fetched_at_us = r.started_at;
    x.request_head = r.request;
    x.response_head = r.head;
    x.body = r.body;
    x.body_path = r.spool_path;
    if (r.status == 304) {
      x.not_modified = true;
      x.refers_to_date_us = previous_fetch * 1000000;  // of the response it revisits
    }
    return warc_.write(x);
  }

  Item item_for(const FrontierUrl& u, const FetchResult& r, const WarcPlace& place) {
    Item item;
    item.location.uri = u.url;
    item.location.source = src_.name;
    FetchRecord& f = item.location.fetch;
    f.seen_at = r.started_at / 1000000;
    f.http_status = r.status;
    f.ip = r.ip;
    f.warc_file = place.file;
    f.warc_offset = static_cast<int64_t>(place.offset);
    for (const auto& [k, v] : r.headers)
      if (header_kept(k)) f.headers[k] = v;
    if (auto lm = r.headers.find("last-modified"); lm != r.headers.end())
      f.modified_at = parse_http_date(lm->second).value_or(0);
    return item;
  }

  void hand_over(const FrontierUrl& u, Item item) {
    in_graph_urls_[u.url] = u;
    extracting_.insert(u.url);
    ready_.push_back(std::move(item));
  }

  // A failed fetch: retried later in the pass when it may succeed, else recorded.
  void failed(FrontierUrl& u, const Error& e, double retry_after) {
    const bool retryable = e.code == ErrorCode::kTimeout || e.code == ErrorCode::kIo ||
                           (e.code == ErrorCode::kRefused && retry_after >= 0);
    ++u.failures;
    HostState& host = hosts_[u.host];
    if (e.code == ErrorCode::kTimeout || e.code == ErrorCode::kIo) {
      if (++host.failing > kHostFailuresBeforeBackoff) {
        const double backoff =
            std::min(kHostMaxBackoff, std::max(1.0, host.delay) *
                                          std::pow(2.0, host.failing - kHostFailuresBeforeBackoff));
        host.next_allowed_us =
            std::max(host.next_allowed_us, now_us() + static_cast<int64_t>(backoff * 1e6));
        if (host.failing == kHostFailuresBeforeBackoff + 1)
          event(src_.name + ": " + u.host + " keeps failing (" + one_line(e.message) +
                "): backing off");
      }
    }
    u.code = std::string(error_code_name(e.code));
    u.reason = one_line(e.message);
    if (retryable && u.failures <= config_.crawl.retries &&
        (retry_after < 0 || retry_after <= config_.crawl.max_retry_after)) {
      // exponential backoff with jitter, or the server's Retry-After
      std::uniform_real_distribution<double> jitter(0.5, 1.5);
      double wait =
          retry_after >= 0 ? retry_after : std::min(60.0, std::pow(2.0, u.failures) * jitter(rng_));
      u.state = UrlState::kQueued;
      u.next_fetch_at = now_s() + static_cast<int64_t>(std::ceil(wait));
      u.lease_until = 0;
      hosts_[u.host].next_allowed_us =
          std::max(hosts_[u.host].next_allowed_us, now_us() + static_cast<int64_t>(wait * 1e6));
    } else {
      u.state = UrlState::kFailed;
      event(src_.name + ": " + u.url + ": " + u.reason);
    }
    note(frontier_.update(u));
  }

  void redirected(FrontierUrl& u, const FetchResult& r) {
    u.state = UrlState::kRedirected;
    const std::string location = header(r, "location");
    auto target = resolve(u.url, location);
    auto normal = target ? normalize(*target, url_options_) : Result<std::string>(target.error());
    if (location.empty() || !normal) {
      u.state = UrlState::kFailed;
      u.code = "corrupt";
      u.reason = "HTTP " + std::to_string(r.status) + " with no usable Location";
    } else if (*normal == u.url) {
      u.state = UrlState::kFailed;
      u.code = "corrupt";
      u.reason = "redirect loop: " + u.url + " redirects to itself";
    } else if (u.redirects + 1 > config_.crawl.max_redirects) {
      u.state = UrlState::kFailed;
      u.code = "too-large";
      u.reason = "more than crawl.max_redirects (" + std::to_string(config_.crawl.max_redirects) +
                 ") redirects";
    } else {
      u.reason = "-> " + *normal;
      FrontierUrl next = link_to(u, *normal, u.depth);
      next.redirects = u.redirects + 1;
      // a loop through other URLs ends at the redirect limit; one already seen this
      // pass is not fetched twice
      if (auto added = frontier_.add({next}); !added) note(added.error());
    }
    note(frontier_.update(u));
  }

  FrontierUrl link_to(const FrontierUrl& from, const std::string& url, int depth) {
    FrontierUrl n;
    n.url = url;
    n.source = src_.name;
    n.depth = depth;
    n.pass = pass_;
    n.discovered_from = from.url;
    n.first_seen = now_s();
    if (auto p = parse_url(url)) n.host = host_key(*p);
    ScopeDecision scope = in_scope(scope_, url);
    if (!scope.allowed) {
      n.state = UrlState::kOutOfScope;
      n.reason = scope.reason;
    }
    return n;
  }

  void discover(const FrontierUrl& from, const std::vector<std::string>& links) {
    if (from.depth + 1 > src_.max_depth || links.empty()) return;
    std::vector<FrontierUrl> found;
    std::set<std::string> seen;
    for (const std::string& link : links) {
      auto abs = resolve(from.url, link);
      if (!abs) continue;
      auto normal = normalize(*abs, url_options_);
      if (!normal || !seen.insert(*normal).second) continue;
      found.push_back(link_to(from, *normal, from.depth + 1));
    }
    auto added = frontier_.add(found);
    if (!added) note(added.error());
  }

  // A feed or sitemap fetched: its entries are queued (with their dates, for pages that
  // give none), and it is done without being indexed.
  void listed(FrontierUrl& u, const std::string& body) {
    Result<Feed> feed = parse_feed(body, config_.crawl.max_body_bytes);
    if (!feed) {
      u.state = UrlState::kFailed;
      u.code = std::string(error_code_name(feed.error().code));
      u.reason = one_line(feed.error().message);
      note(frontier_.update(u));
      event(src_.name + ": " + u.url + ": " + u.reason);
      return;
    }
    u.state = UrlState::kDone;
    u.code.clear();
    const size_t n = feed->entries.size();
    u.reason = std::string(feed_kind_name(feed->kind)) + ": " + std::to_string(n) +
               (n == 1 ? " entry" : " entries");
    for (const std::string& w : feed->warnings) event(src_.name + ": " + u.url + ": " + w);
    note(frontier_.update(u));
    // the sitemaps of an index are lists too: they take no depth
    const int depth = feed->kind == FeedKind::kSitemapIndex ? u.depth : u.depth + 1;
    if (depth > src_.max_depth) return;
    std::vector<FrontierUrl> found;
    std::set<std::string> seen;
    for (const FeedEntry& e : feed->entries) {
      auto abs = resolve(u.url, e.url);
      if (!abs) continue;
      auto normal = normalize(*abs, url_options_);
      if (!normal || !seen.insert(*normal).second) continue;
      FrontierUrl n = link_to(u, *normal, depth);
      n.feed_date = e.date;
      found.push_back(std::move(n));
    }
    if (auto added = frontier_.add(found); !added) note(added.error());
  }

  // A sanctions list (kind un-list): swapped in when it parses, its changes recorded; a
  // bad download leaves the list in use as it was.
  void sanctions_list(FrontierUrl& u, const std::string& body) {
    const std::string tmp = DataLayout(config_.data_dir).spool() + "/list-" + src_.name + ".xml";
    std::error_code ec;
    std::filesystem::create_directories(DataLayout(config_.data_dir).spool(), ec);
    {
      std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
      out.write(body.data(), static_cast<std::streamsize>(body.size()));
      if (!out) {
        note(Status(make_error(ErrorCode::kFatal, "cannot write " + tmp)));
        return;
      }
    }
    Result<ListUpdate> up = update_list(config_.data_dir, tmp, src_.list, now_s());
    std::remove(tmp.c_str());
    if (!up) {
      u.state = UrlState::kFailed;
      u.code = std::string(error_code_name(up.error().code));
      u.reason = "list " + src_.list + " kept as it was: " + one_line(up.error().message);
      if (up.error().code == ErrorCode::kFatal) note(Status(up.error()));
    } else {
      u.state = UrlState::kDone;
      u.code.clear();
      u.reason = "list " + src_.list + ": " + std::to_string(up->entries) + " entries, " +
                 (up->first ? "first fetch" : list_changes_summary(up->changes));
    }
    event(src_.name + ": " + u.reason);
    note(frontier_.update(u));
  }

  // The sitemaps a robots.txt names, for a source that reads sitemaps or crawls a site.
  void robots_sitemaps(const std::string& origin, const RobotsTxt& robots) {
    if (src_.kind != SourceKind::kSite && src_.kind != SourceKind::kSitemap) return;
    std::vector<FrontierUrl> found;
    FrontierUrl from;
    from.url = origin + "/robots.txt";
    for (const std::string& sm : robots.sitemaps()) {
      auto abs = resolve(from.url, sm);  // RFC 9309 asks for absolute URLs; not all are
      if (!abs) continue;
      auto normal = normalize(*abs, url_options_);
      if (!normal) continue;
      found.push_back(link_to(from, *normal, 0));
    }
    if (found.empty()) return;
    if (auto added = frontier_.add(found); !added) note(added.error());
  }

  void handle_robots(FetchResult r) {
    auto it = robots_fetching_.find(r.tag);
    if (it == robots_fetching_.end()) return;
    const auto [origin, host] = it->second;
    robots_fetching_.erase(it);
    HostRobots& h = robots_[origin];
    if (!r.spool_path.empty()) std::remove(r.spool_path.c_str());
    if (r.error) {
      h.robots = robots_unreachable(r.error->message);
    } else if (r.status >= 300 && r.status < 400 && h.redirects < kRobotsRedirects &&
               !header(r, "location").empty()) {
      ++h.redirects;
      if (auto target = resolve(r.url, header(r, "location")))
        return fetch_robots(origin, host, *target, h);
      h.robots = robots_for_status(r.status);
    } else {
      WarcRecord rec;
      rec.type = "response";
      decode_http_response(r.head + r.body, 4 << 20, rec);
      h.robots = robots_for_status(r.status, rec.body);
    }
    h.pending = false;
    h.redirects = 0;
    h.fetched_at = now_s();
    // robots.txt was a request to the host too: the next one waits its delay
    HostState& hs = hosts_[host];
    double delay = delay_;
    if (auto cd = h.robots.crawl_delay(config_.crawl.user_agent))
      delay = std::max(delay_, std::min(*cd, config_.crawl.max_crawl_delay));
    hs.next_allowed_us = std::max(hs.next_allowed_us, now_us() + static_cast<int64_t>(delay * 1e6));
    if (h.robots.kind() != RobotsTxt::Kind::kRules)
      event(src_.name + ": " + origin + "/robots.txt: " + h.robots.why());
    robots_sitemaps(origin, h.robots);
  }

 public:
  std::optional<Error> fatal_;

 private:
  const Config& config_;
  const SourceOptions& src_;
  Frontier& frontier_;
  int64_t pass_;
  Fetcher& fetcher_;
  WarcWriter& warc_;
  const CrawlCallbacks& callbacks_;
  const CrawlRun& run_;
  FetchPolicy policy_;
  ScopeRules scope_;
  UrlOptions url_options_;
  double delay_ = 1;
  int per_host_ = 1;

  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Item> ready_;                            // fetched, waiting for the graph
  std::map<std::string, FrontierUrl> in_graph_urls_;  // handed to the graph, by URL
  std::set<std::string> extracting_;          // of those, the ones whose links are not known yet
  std::map<uint64_t, FrontierUrl> fetching_;  // in the fetcher, by tag
  // robots.txt fetches: tag -> (origin, host:port)
  std::map<uint64_t, std::pair<std::string, std::string>> robots_fetching_;
  std::map<std::string, HostRobots> robots_;  // by origin
  std::map<std::string, HostState> hosts_;    // by host:port
  uint64_t next_tag_ = 1;
  std::vector<std::string> ready_hosts_;  // hosts with due URLs, as last asked
  int64_t ready_hosts_at_ = 0;
  uint64_t pages_ = 0;  // fetches started this pass
  uint64_t count_ = 0;
  std::mt19937 rng_{std::random_device{}()};
};

}  // namespace

Result<CrawlPassSummary> run_crawl_pass(const Config& config, const SourceOptions& source,
                                        const CrawlCallbacks& callbacks, const CrawlRun& run) {
  const DataLayout layout(config.data_dir);
  std::error_code ec;
  std::filesystem::create_directories(layout.root(), ec);
  if (ec)
    return make_error(ErrorCode::kFatal,
                      "cannot create data folder " + layout.root() + ": " + ec.message());
  auto frontier = Frontier::open(layout.catalog());
  if (!frontier) return frontier.error();

  WarcWriterOptions wo;
  wo.dir = layout.warc();
  wo.prefix = "trawl-" + source.name;
  wo.max_file_bytes = config.crawl.warc_max_file_bytes;
  wo.software = "trawl/0.1";
  wo.operator_contact = config.crawl.contact;
  wo.cdx_key = [](std::string_view uri) { return surt(uri); };
  auto warc = WarcWriter::open(wo);
  if (!warc) return make_error(ErrorCode::kFatal, warc.error().message);
  for (const std::string& w : (*warc)->warnings())
    if (callbacks.on_event) callbacks.on_event(w);

  FetcherOptions fo;
  fo.user_agent = user_agent_header(config.crawl.user_agent, config.crawl.contact);
  fo.spool_dir = layout.spool();
  fo.spool_above = config.crawl.spool_above;
  fo.max_connections = config.crawl.concurrency;
  fo.resolve = run.resolve;
  auto fetcher = Fetcher::create(fo);
  if (!fetcher) return make_error(ErrorCode::kFatal, fetcher.error().message);

  UrlOptions uo = CrawlSource::url_options(config);
  std::vector<FrontierUrl> seeds;
  for (const std::string& s : source.seeds) {
    auto normal = normalize(s, uo);
    if (!normal) {
      if (callbacks.on_event)
        callbacks.on_event(source.name + ": seed " + s + ": " + normal.error().message);
      continue;
    }
    FrontierUrl u;
    u.url = *normal;
    if (auto p = parse_url(*normal)) u.host = host_key(*p);
    seeds.push_back(std::move(u));
  }
  auto pass = (*frontier)->begin_pass(source.name, seeds, now_s());
  if (!pass) return pass.error();

  CrawlSource crawl(config, source, **frontier, *pass, **fetcher, **warc, callbacks, run);
  if (uint64_t n = crawl.recover_fetched(); n > 0 && callbacks.on_event)
    callbacks.on_event(source.name + ": " + std::to_string(n) +
                       " pages fetched before the last stop are read from their WARC records");
  IngestRequest request;
  request.command = "crawl " + source.name;
  request.source_override = &crawl;
  request.stop = run.stop;
  IngestCallbacks ic = callbacks.ingest;
  ic.on_extracted = [&](const DocumentOutcome& o) {
    crawl.on_extracted(o);
    if (callbacks.ingest.on_extracted) callbacks.ingest.on_extracted(o);
  };
  ic.on_document = [&](const DocumentOutcome& o) {
    crawl.on_document(o);
    if (callbacks.ingest.on_document) callbacks.ingest.on_document(o);
  };
  ic.on_progress = nullptr;
  auto summary = run_ingest(config, request, ic);
  if (Status s = (*warc)->sync(); !s && !crawl.fatal_) crawl.fatal_ = s.error();
  if (!summary) return summary.error();
  if (crawl.fatal_) return make_error(ErrorCode::kFatal, crawl.fatal_->message);

  CrawlPassSummary out;
  out.source = source.name;
  out.pass = *pass;
  out.ingest = *summary;
  out.interrupted = summary->interrupted;
  out.counts = (*frontier)->counts(source.name, *pass);
  if (Status s = (*frontier)->end_pass(source.name, *pass, out.interrupted ? "interrupted" : "done",
                                       now_s());
      !s)
    return s.error();
  return out;
}

}  // namespace trawl
