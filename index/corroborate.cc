// Corroboration (the matching documents grouped by near-duplicate cluster: copies of one
// story are one source) and export (every hit of a search). Both read value slots only,
// never the stored text, so they go through tens of thousands of matches.
#include <algorithm>
#include <set>
#include <unordered_map>

#include "core/text.h"
#include "index/index.h"
#include "index/schema.h"
#include "index/xapian_reader.h"
#include "index/xapian_terms.h"

namespace trawl {

using xapian::fatal;

Result<Corroboration> IndexReader::corroborate(const SearchRequest& req) {
  try {
    return impl_->with_retry([&]() -> Result<Corroboration> {
      Corroboration out;
      out.query = req.query;
      auto built = impl_->parse(req);
      if (!built) return built.error();
      Xapian::Enquire enquire(impl_->db);
      enquire.set_query(built->query);
      Xapian::MSet mset = enquire.get_mset(0, kCorroborateLimit);
      out.documents = mset.get_matches_estimated();
      out.truncated = out.documents > mset.size();

      struct Group {
        CorroborationCluster c;
        std::set<std::string> sites, languages, entities;
      };
      std::vector<Group> groups;
      std::unordered_map<std::string, size_t> by_cluster;
      for (Xapian::MSetIterator it = mset.begin(); it != mset.end(); ++it) {
        Xapian::Document xd = it.get_document();
        std::string cluster = xd.get_value(schema::kValueCluster);
        if (cluster.empty()) cluster = "doc:" + std::to_string(*it);  // indexed before clusters
        auto [at, added] = by_cluster.try_emplace(cluster, groups.size());
        if (added) {
          groups.emplace_back();
          groups.back().c.cluster = cluster;
        }
        Group& g = groups[at->second];
        ++g.c.copies;
        const std::string site = xd.get_value(schema::kValueHost);
        const std::string lang = xd.get_value(schema::kValueLanguage);
        const std::string day = xapian::first_day(xd);
        if (!site.empty()) g.sites.insert(site);
        if (!lang.empty()) {
          g.languages.insert(lang);
          ++out.languages[lang];
        }
        if (!day.empty()) {
          if (g.c.first_seen.empty() || day < g.c.first_seen) g.c.first_seen = day;
          if (out.first_seen.empty() || day < out.first_seen) out.first_seen = day;
          if (day > out.last_seen) out.last_seen = day;
          ++out.timeline[day.substr(0, 7)];
        }
        if (g.c.documents.size() < 20) {
          g.c.documents.push_back({xapian::id_of(xd), xd.get_value(schema::kValueTitle),
                                   xd.get_value(schema::kValueLocation), site, lang,
                                   xapian::day_from_value(xd.get_value(schema::kValueDate))});
        }
        const std::string ids = xd.get_value(schema::kValueEntities);
        for (size_t start = 0; start < ids.size();) {
          size_t nl = ids.find('\n', start);
          if (nl == std::string::npos) nl = ids.size();
          std::string_view line(ids.data() + start, nl - start);
          if (size_t tab = line.find('\t'); tab != std::string_view::npos) {
            std::string_view id = line.substr(tab + 1);
            if (xapian::counted_entity_id(id)) g.entities.emplace(id);
          }
          start = nl + 1;
        }
      }
      std::map<std::string, uint64_t> entity_clusters;
      for (Group& g : groups) {
        g.c.sites.assign(g.sites.begin(), g.sites.end());
        g.c.languages.assign(g.languages.begin(), g.languages.end());
        for (const std::string& e : g.entities) ++entity_clusters[e];
        out.clusters.push_back(std::move(g.c));
      }
      out.independent_sources = out.clusters.size();
      // earliest first; undated last; ties: more copies first
      std::stable_sort(out.clusters.begin(), out.clusters.end(),
                       [](const CorroborationCluster& a, const CorroborationCluster& b) {
                         if (a.first_seen.empty() != b.first_seen.empty())
                           return b.first_seen.empty();
                         if (a.first_seen != b.first_seen) return a.first_seen < b.first_seen;
                         return a.copies > b.copies;
                       });
      for (auto& [id, n] : entity_clusters) out.entities.emplace_back(id, n);
      std::stable_sort(out.entities.begin(), out.entities.end(),
                       [](const auto& a, const auto& b) { return a.second > b.second; });
      if (out.entities.size() > 50) out.entities.resize(50);
      return out;
    });
  } catch (const Xapian::Error& e) {
    return fatal("corroboration failed", e);
  }
}

Status IndexReader::export_hits(const SearchRequest& req, size_t max,
                                const std::function<bool(const ExportRow&)>& row) {
  try {
    auto built = impl_->parse(req);
    if (!built) return built.error();
    Xapian::Enquire enquire(impl_->db);
    enquire.set_query(built->query);
    if (req.collapse) enquire.set_collapse_key(schema::kValueCluster);
    if (req.sort == SortOrder::kDate)
      enquire.set_sort_by_value_then_relevance(schema::kValueDate, true);
    constexpr Xapian::doccount kBatch = 2000;
    for (size_t from = 0; from < max; from += kBatch) {
      // a writer's commit between batches: start the batch again on the new snapshot
      Xapian::MSet mset = impl_->with_retry([&] {
        return enquire.get_mset(
            static_cast<Xapian::doccount>(from),
            static_cast<Xapian::doccount>(std::min<size_t>(kBatch, max - from)));
      });
      for (Xapian::MSetIterator it = mset.begin(); it != mset.end(); ++it) {
        Xapian::Document xd = it.get_document();
        ExportRow r;
        r.id = xapian::id_of(xd);
        r.title = xd.get_value(schema::kValueTitle);
        r.location = xd.get_value(schema::kValueLocation);
        r.date = xapian::day_from_value(xd.get_value(schema::kValueDate));
        r.lang = xd.get_value(schema::kValueLanguage);
        r.type = xd.get_value(schema::kValueType);
        r.cluster = xd.get_value(schema::kValueCluster);
        r.copies = req.collapse ? it.get_collapse_count() + 1 : 1;
        if (!row(r)) return {};
      }
      if (mset.size() < kBatch) break;
    }
    return {};
  } catch (const Xapian::Error& e) {
    return fatal("export failed", e);
  }
}

}  // namespace trawl
