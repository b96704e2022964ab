// Near-duplicates: a 64-bit simhash of a document's text, and the table the writer uses
// to give documents within kNearDuplicateBits of each other one cluster id. A wire story
// republished by twelve sites is then one search hit with twelve copies, and counts as one
// independent source. docs/near-duplicates.md gives the measurements behind the numbers.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace trawl {

// Charikar's simhash over word 3-shingles of the text's long lines (words are runs of
// letters and digits, case-folded; ё is е). 0 when fewer than kMinSimhashWords words
// count: a short text says too little for two documents to be called copies.
uint64_t simhash(std::string_view text);

inline constexpr size_t kMinSimhashWords = 40;
// Lines with fewer words are left out (menus, bylines, footers), as long as the long
// lines hold a third of the text.
inline constexpr size_t kSimhashLineWords = 10;
// Documents whose simhashes differ in at most this many bits are copies of one story.
// Measured on scripts/make-syndicated.py's copies (docs/near-duplicates.md): copies of
// one story up to 14 bits apart (one cluster by k = 10 through their nearest copies),
// different stories on one topic 19 or more.
inline constexpr int kNearDuplicateBits = 12;

inline int hamming_distance(uint64_t a, uint64_t b) { return __builtin_popcountll(a ^ b); }

// The simhashes of every clustered document and their cluster ids, for finding a new
// document's copies in memory (across every shard) without a query. Thread-safe.
class SimhashTable {
 public:
  // The cluster of the earliest entry within kNearDuplicateBits of `hash`, if any.
  std::optional<std::string> find(uint64_t hash) const;
  void insert(uint64_t hash, const std::string& cluster);
  // find(), else insert(hash, new_cluster), as one step: two copies written at once from
  // two threads end in one cluster. Returns the cluster the hash belongs to.
  std::string assign(uint64_t hash, const std::string& new_cluster);
  size_t size() const;

 private:
  const std::string* find_locked(uint64_t hash) const;
  void insert_locked(uint64_t hash, const std::string& cluster);

  mutable std::mutex mu_;
  std::vector<uint64_t> hashes_;
  std::vector<std::string> clusters_;
};

}  // namespace trawl
