// Opening an index, fetching stored documents, listing children, statistics.
#include <algorithm>
#include <filesystem>
#include <optional>

#include "core/text.h"
#include "index/index.h"
#include "index/schema.h"
#include "index/xapian_reader.h"
#include "index/xapian_terms.h"

namespace fs = std::filesystem;

namespace trawl {

using xapian::fatal;

IndexReader::IndexReader(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
IndexReader::~IndexReader() = default;

Result<std::unique_ptr<IndexReader>> IndexReader::open(const std::string& dir) {
  return open(std::vector<std::string>{dir});
}

namespace {

// "tcp://HOST:PORT" -> host and port; nullopt for anything else.
std::optional<std::pair<std::string, unsigned>> remote_address(const std::string& spec) {
  if (!spec.starts_with("tcp://")) return std::nullopt;
  const std::string rest = spec.substr(6);
  const size_t colon = rest.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == rest.size()) return std::nullopt;
  unsigned port = 0;
  for (char c : rest.substr(colon + 1)) {
    if (c < '0' || c > '9' || port > 65535) return std::nullopt;
    port = port * 10 + static_cast<unsigned>(c - '0');
  }
  if (port == 0 || port > 65535) return std::nullopt;
  std::string host = rest.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  return std::pair{host, port};
}

}  // namespace

Result<std::unique_ptr<IndexReader>> IndexReader::open(const std::vector<std::string>& indexes) {
  auto impl = std::make_unique<Impl>();
  if (indexes.empty()) return make_error(ErrorCode::kNotFound, "no index to open");
  for (const std::string& spec : indexes) {
    try {
      if (spec.starts_with("tcp://")) {
        auto address = remote_address(spec);
        if (!address)
          return make_error(ErrorCode::kUnsupported,
                            "shard " + spec + ": not an address (tcp://HOST:PORT)");
        // 10 s for a search, 5 s to connect: a shard that went away fails the search
        // with its reason rather than hanging the service
        impl->db.add_database(Xapian::Remote::open(address->first, address->second, 10000, 5000));
        impl->remote = true;
        ++impl->shards;
        continue;
      }
      fs::path stub = fs::path(spec) / xapian::kStubName;
      if (!fs::exists(stub))
        return make_error(ErrorCode::kNotFound,
                          "no index in " + spec + " (run trawl ingest first)");
      impl->db.add_database(Xapian::Database(stub.string()));
      impl->shards += static_cast<int>(xapian::read_stub(stub).size());
    } catch (const Xapian::Error& e) {
      return fatal("cannot open index " + spec, e);
    }
  }
  impl->parser = std::make_unique<query::Parser>(impl->db);
  return std::unique_ptr<IndexReader>(new IndexReader(std::move(impl)));
}

bool index_exists(const std::string& dir) {
  std::error_code ec;
  return fs::exists(fs::path(dir) / xapian::kStubName, ec);
}

uint64_t IndexReader::document_count() {
  try {
    return impl_->with_retry([&] {
      const uint64_t all = impl_->db.get_doccount();
      return all - std::min<uint64_t>(all, impl_->db.get_termfreq(std::string(schema::kOld)));
    });
  } catch (const Xapian::Error&) {
    return 0;
  }
}

void IndexReader::refresh() {
  try {
    impl_->db.reopen();
  } catch (const Xapian::Error&) {
    // keep the old snapshot; the next call will report a persistent failure
  }
}

Result<StoredDocument> IndexReader::get(const std::string& id_or_prefix) {
  try {
    return impl_->with_retry([&]() -> Result<StoredDocument> {
      Xapian::Database& db = impl_->db;
      std::string prefix = std::string(schema::kId) + ascii_lower(id_or_prefix);
      std::string term;
      if (id_or_prefix.size() >= 64) {
        term = prefix;
      } else {
        if (id_or_prefix.size() < 6)
          return make_error(ErrorCode::kUnsupported, "id prefix '" + id_or_prefix +
                                                         "' is too short (6 characters at least)");
        int n = 0;
        for (Xapian::TermIterator t = db.allterms_begin(prefix); t != db.allterms_end(prefix);
             ++t) {
          term = *t;
          if (++n > 1)
            return make_error(ErrorCode::kUnsupported,
                              "id prefix '" + id_or_prefix + "' is ambiguous");
        }
      }
      Xapian::PostingIterator pl = db.postlist_begin(term);
      if (term.empty() || pl == db.postlist_end(term))
        return make_error(ErrorCode::kNotFound, "no document with id " + id_or_prefix);
      StoredDocument s;
      Xapian::Document xd = db.get_document(*pl);
      s.doc = xapian::stored_document(xd);
      s.site = xd.get_value(schema::kValueHost);
      const std::string old(schema::kOld);
      Xapian::TermIterator t = xd.termlist_begin();
      t.skip_to(old);
      s.current = !(t != xd.termlist_end() && *t == old);
      // children: the documents whose parent term names this one
      const std::string parent = std::string(schema::kParent) + s.doc.id;
      for (Xapian::PostingIterator c = db.postlist_begin(parent); c != db.postlist_end(parent);
           ++c) {
        if (s.children.size() >= 10000) break;
        Document child = xapian::stored_document(db.get_document(*c));
        ChildSummary summary{child.id, "", child.title, child.mime};
        for (const Location& l : child.locations)
          if (l.parent_id == s.doc.id) {
            summary.inner_path = l.inner_path;
            break;
          }
        s.children.push_back(std::move(summary));
      }
      std::sort(
          s.children.begin(), s.children.end(),
          [](const ChildSummary& a, const ChildSummary& b) { return a.inner_path < b.inner_path; });
      return s;
    });
  } catch (const Xapian::Error& e) {
    return fatal("cannot read document " + id_or_prefix, e);
  }
}

std::vector<std::string> IndexReader::locations_of(const std::string& id) {
  std::vector<std::string> out;
  try {
    impl_->with_retry([&] {
      out.clear();
      Xapian::Database& db = impl_->db;
      const std::string qterm = std::string(schema::kId) + id;
      Xapian::PostingIterator pl = db.postlist_begin(qterm);
      if (pl == db.postlist_end(qterm)) return 0;
      // The U terms hold the locations; reading them avoids parsing the stored text.
      const std::string u(schema::kUrl);
      Xapian::TermIterator t = db.termlist_begin(*pl);
      for (t.skip_to(u); t != db.termlist_end(*pl) && (*t).starts_with(u); ++t)
        out.push_back((*t).substr(u.size()));
      return 0;
    });
  } catch (const Xapian::Error&) {
    out.clear();  // unknown: the caller will extract and let the writer decide
  }
  return out;
}

IndexStats IndexReader::stats() {
  IndexStats s;
  s.shards = impl_->shards;
  impl_->with_retry([&] {
    Xapian::Database& db = impl_->db;
    s.versions = db.get_doccount();
    s.documents =
        s.versions - std::min<uint64_t>(s.versions, db.get_termfreq(std::string(schema::kOld)));
    auto count = [&](std::string_view prefix, std::map<std::string, uint64_t>& out,
                     bool short_only) {
      out.clear();
      std::string p(prefix);
      for (Xapian::TermIterator t = db.allterms_begin(p); t != db.allterms_end(p); ++t) {
        std::string v = (*t).substr(p.size());
        if (short_only && v.find('/') != std::string::npos) continue;
        // current documents only, like "documents"
        Xapian::Enquire enquire(db);
        enquire.set_query(Xapian::Query(Xapian::Query::OP_AND_NOT, Xapian::Query(*t),
                                        Xapian::Query(std::string(schema::kOld))));
        enquire.set_weighting_scheme(Xapian::BoolWeight());
        const Xapian::doccount n =
            enquire.get_mset(0, 0, db.get_doccount()).get_matches_estimated();
        if (n > 0) out[v] = n;
      }
    };
    count(schema::kLanguage, s.by_language, false);
    count(schema::kType, s.by_type, true);
    count(schema::kSource, s.by_source, false);
    s.clusters = 0;
    const std::string c(schema::kCluster);
    for (Xapian::TermIterator t = db.allterms_begin(c); t != db.allterms_end(c); ++t) ++s.clusters;
    return 0;
  });
  return s;
}

}  // namespace trawl
