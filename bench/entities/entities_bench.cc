// bench/entities: precision and recall of the entity tagger per type and language on
// the annotated fixtures (tests/fixtures/entities), tagging speed in MB/s with the full
// UN list loaded, and the UN list's aliases matched against its primary names.
// Run through bench/entities/run.sh; prints a table and writes JSON with --json FILE.
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "entities/lists.h"
#include "entities/normalize.h"
#include "entities/tagger.h"

using json = nlohmann::json;
using namespace trawl;

namespace {

struct Gold {
  std::string type, id, text;
};
struct Sentence {
  std::string text;
  std::vector<Gold> gold;
};
struct Counts {
  size_t tp = 0, fp = 0, fn = 0;
  double precision() const { return tp + fp ? double(tp) / (tp + fp) : 1.0; }
  double recall() const { return tp + fn ? double(tp) / (tp + fn) : 1.0; }
};

std::vector<Sentence> read_fixtures(const std::string& path) {
  std::vector<Sentence> out;
  std::ifstream in(path);
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    json j = json::parse(line, nullptr, false);
    if (!j.is_object()) {
      std::cerr << path << ":" << n << ": not JSON\n";
      continue;
    }
    Sentence s;
    s.text = j.value("text", "");
    for (const json& e : j.value("entities", json::array()))
      s.gold.push_back({e.value("type", ""), e.is_object() && e.contains("id") && e["id"].is_string() ? e["id"].get<std::string>() : "",
                        e.value("text", "")});
    out.push_back(std::move(s));
  }
  return out;
}

bool listed(const std::string& id) { return id.rfind("list:", 0) == 0; }

std::string f2(double v) {
  char b[32];
  std::snprintf(b, sizeof b, "%.3f", v);
  return b;
}

}  // namespace

int main(int argc, char** argv) {
  std::string fixtures = "tests/fixtures/entities", un_path, json_out, speed_text;
  double speed_mb = 16;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--fixtures") fixtures = argv[i + 1];
    else if (a == "--un") un_path = argv[i + 1];
    else if (a == "--json") json_out = argv[i + 1];
    else if (a == "--speed-mb") speed_mb = std::stod(argv[i + 1]);
    else if (a == "--speed-text") speed_text = argv[i + 1];
  }
  // the gazetteer: places, the UN list, the fixtures' watchlist (list name "test")
  auto g = std::make_shared<Gazetteer>();
  {
    std::vector<std::string> w;
    auto places = load_gazetteer("/nonexistent", &w);
    for (const ListEntry& e : places->entries()) g->add(e);
  }
  std::vector<ListEntry> un;
  if (!un_path.empty()) {
    auto r = parse_un_list(un_path, "UN");
    if (!r) {
      std::cerr << r.error().message << "\n";
      return 1;
    }
    un = *r;
    for (const ListEntry& e : un) g->add(e);
  }
  for (const char* wl : {"/watchlist.toml", "/watchlist.csv"}) {
    auto r = parse_watchlist(fixtures + wl, "test");
    if (r) {
      for (const ListEntry& e : *r) g->add(e);
      break;
    }
  }
  Tagger tagger(g);
  json result;
  result["gazetteer"] = {{"entries", g->size()}, {"names", g->names()}, {"skipped_names", g->skipped_names()}};

  // ---- precision and recall
  std::map<std::string, std::map<std::string, Counts>> by;  // lang -> type -> counts
  std::string corpus_text;
  std::vector<std::string> misses;
  for (const char* lang : {"en", "ru", "ko"}) {
    auto sentences = read_fixtures(fixtures + "/" + lang + ".jsonl");
    for (const Sentence& s : sentences) {
      corpus_text += s.text + "\n";
      auto predicted = tagger.tag(s.text);
      std::vector<bool> used(s.gold.size(), false);
      auto count = [&](const std::string& type, bool hit, bool is_listed, const std::string& what) {
        Counts& c = by[lang][type];
        Counts& all = by[lang]["(all)"];
        if (hit) { ++c.tp; ++all.tp; }
        else if (what == "fp") { ++c.fp; ++all.fp; }
        else { ++c.fn; ++all.fn; }
        if (is_listed) {
          Counts& l = by[lang]["(listed names)"];
          if (hit) ++l.tp;
          else if (what == "fp") ++l.fp;
          else ++l.fn;
        }
      };
      for (const Entity& p : predicted) {
        bool hit = false;
        for (size_t k = 0; k < s.gold.size() && !hit; ++k) {
          const Gold& gd = s.gold[k];
          if (used[k] || gd.type != p.type) continue;
          if ((!gd.id.empty() && gd.id == p.id) || (gd.id.empty() && fold_key(gd.text) == fold_key(p.text))) {
            used[k] = hit = true;
            count(p.type, true, listed(gd.id), "tp");
          }
        }
        if (!hit) {
          count(p.type, false, listed(p.id), "fp");
          misses.push_back(std::string(lang) + " FP " + p.type + " " + p.id + " [" + p.text + "] in: " + s.text.substr(0, 120));
        }
      }
      for (size_t k = 0; k < s.gold.size(); ++k)
        if (!used[k]) {
          count(s.gold[k].type, false, listed(s.gold[k].id), "fn");
          misses.push_back(std::string(lang) + " FN " + s.gold[k].type + " " + s.gold[k].id + " [" + s.gold[k].text +
                           "] in: " + s.text.substr(0, 120));
        }
    }
  }
  std::printf("entity tagging, fixtures %s (UN list %s)\n\n", fixtures.c_str(), un_path.empty() ? "not loaded" : "loaded");
  std::printf("%-4s %-18s %5s %5s %5s  %9s %9s\n", "lang", "type", "tp", "fp", "fn", "precision", "recall");
  for (auto& [lang, types] : by)
    for (auto& [type, c] : types) {
      std::printf("%-4s %-18s %5zu %5zu %5zu  %9s %9s\n", lang.c_str(), type.c_str(), c.tp, c.fp, c.fn,
                  f2(c.precision()).c_str(), f2(c.recall()).c_str());
      result["quality"][lang][type] = {{"tp", c.tp}, {"fp", c.fp}, {"fn", c.fn}, {"precision", c.precision()},
                                       {"recall", c.recall()}};
    }
  // all languages together, for the goals
  std::map<std::string, Counts> total;
  for (auto& [lang, types] : by)
    for (auto& [type, c] : types) {
      total[type].tp += c.tp;
      total[type].fp += c.fp;
      total[type].fn += c.fn;
    }
  struct Goal {
    const char* type;
    double precision, recall;
  };
  std::printf("\ngoals (three languages together):\n");
  bool all_pass = true;
  for (Goal goal : {Goal{"imo", 1.0, 0.98}, Goal{"unscr", 0.95, 0.95}, Goal{"date", 0.95, 0.95},
                    Goal{"(listed names)", 0.95, 0.90}}) {
    const Counts& c = total[goal.type];
    bool pass = c.precision() >= goal.precision && c.recall() >= goal.recall;
    all_pass &= pass;
    std::printf("  [%s] %-15s precision %s (goal %s), recall %s (goal %s)\n", pass ? "PASS" : "FAIL", goal.type,
                f2(c.precision()).c_str(), f2(goal.precision).c_str(), f2(c.recall()).c_str(), f2(goal.recall).c_str());
    result["goals"].push_back({{"type", goal.type}, {"precision", c.precision()}, {"recall", c.recall()}, {"pass", pass}});
  }

  // ---- speed: one core; documents of about 64 KB, with the full UN list loaded
  auto speed = [&](const std::string& name, std::string text) {
    std::string big;
    const size_t want = static_cast<size_t>(speed_mb * 1024 * 1024);
    while (big.size() < want) big += text;
    size_t entities = 0;
    auto t0 = std::chrono::steady_clock::now();
    for (size_t p = 0; p < big.size();) {
      size_t e = std::min(big.size(), p + 65536);
      while (e < big.size() && big[e] != '\n') ++e;
      entities += tagger.tag(std::string_view(big).substr(p, e - p)).size();
      p = e + 1;
    }
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    double mbs = big.size() / 1048576.0 / secs;
    std::printf("speed, %-32s %.1f MB in %.2f s on one core = %6.1f MB/s (goal >= 20) [%s], %.1f entities/KB\n",
                name.c_str(), big.size() / 1048576.0, secs, mbs, mbs >= 20 ? "PASS" : "FAIL",
                entities / (big.size() / 1024.0));
    result["speed"][name] = {{"mb", big.size() / 1048576.0}, {"seconds", secs}, {"mb_per_s", mbs}, {"entities", entities}};
    return mbs;
  };
  std::printf("\n");
  if (!speed_text.empty()) {
    std::ifstream in(speed_text, std::ios::binary);
    std::stringstream b;
    b << in.rdbuf();
    if (!b.str().empty()) all_pass &= speed("prose (" + speed_text.substr(speed_text.rfind('/') + 1) + ")", b.str()) >= 20;
  }
  if (corpus_text.empty()) corpus_text = "The tanker SEA LANTERN (IMO 9074729) sailed from Nampo on 28 March 2024.\n";
  speed("fixture sentences (dense)", corpus_text);

  // ---- the UN list's aliases against its primary names: a gazetteer of primary names
  // only, then every alias on its own in a sentence; found = the alias's own entry
  if (!un.empty()) {
    auto primary = std::make_shared<Gazetteer>();
    for (const ListEntry& e : un) {
      ListEntry p = e;
      p.aliases.clear();
      primary->add(p);
    }
    size_t total_aliases = 0, found = 0, dprk_total = 0, dprk_found = 0, wrong = 0;
    std::vector<std::string> alias_misses, wrong_examples;
    for (const ListEntry& e : un) {
      const bool dprk = e.id.find(":KP") != std::string::npos;
      for (const std::string& a : e.aliases) {
        // original-script names (Arabic, Chinese) are not in our three scripts
        bool ours = true;
        for (unsigned char c : a) if (c >= 0xD8 && c <= 0xDB) ours = false;  // Arabic
        if (a.find("\xE5") != std::string::npos || a.find("\xE6") != std::string::npos) ours = false;  // CJK ideographs
        if (!ours) continue;
        std::vector<Entity> out;
        primary->match(a, out);
        bool hit = false;
        for (const Entity& x : out) {
          if (x.id == e.id) {
            hit = true;
          } else {
            ++wrong;
            if (wrong_examples.size() < 12)
              wrong_examples.push_back(e.id + " alias '" + a + "' -> " + x.id + " '" + x.text + "'");
          }
        }
        ++total_aliases;
        found += hit;
        if (dprk) {
          ++dprk_total;
          dprk_found += hit;
          if (!hit && alias_misses.size() < 15) alias_misses.push_back(e.id + ": '" + a + "' vs '" + e.name + "'");
        }
      }
    }
    std::printf("\nUN aliases against primary names only: %zu of %zu found (%.1f%%); DPRK records %zu of %zu (%.1f%%); "
                "%zu matches to another entry\n",
                found, total_aliases, 100.0 * found / std::max<size_t>(1, total_aliases), dprk_found, dprk_total,
                100.0 * dprk_found / std::max<size_t>(1, dprk_total), wrong);
    std::printf("  (most aliases are other names, not spellings of the primary one; misses, first DPRK ones:)\n");
    for (const auto& m : alias_misses) std::printf("    %s\n", m.c_str());
    std::printf("  matches to another entry (an alias naming another record, or a shared name), first ones:\n");
    for (const auto& m : wrong_examples) std::printf("    %s\n", m.c_str());
    result["un_aliases"] = {{"aliases", total_aliases}, {"found", found}, {"dprk_aliases", dprk_total},
                            {"dprk_found", dprk_found}, {"other_entry_matches", wrong}};
  }
  if (!misses.empty()) {
    std::printf("\nfixture misses (%zu):\n", misses.size());
    for (const auto& m : misses) std::printf("  %s\n", m.c_str());
  }
  if (!json_out.empty()) std::ofstream(json_out) << result.dump(1) << "\n";
  return all_pass ? 0 : 3;
}
