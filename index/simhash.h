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
#include <unordered_map>
#include <vector>

namespace trawl {

// Charikar's simhash over word 3-shingles of the text (words are runs of letters and
// digits, case-folded; ё is е). 0 when the text has fewer than kMinSimhashWords words:
// a short text says too little for two documents to be called copies.
uint64_t simhash(std::string_view text);

inline constexpr size_t kMinSimhashWords = 40;
// Documents whose simhashes differ in at most this many bits are copies of one story.
inline constexpr int kNearDuplicateBits = 8;

inline int hamming_distance(uint64_t a, uint64_t b) { return __builtin_popcountll(a ^ b); }

// The simhashes of every clustered document and their cluster ids, for finding a new
// document's copies in memory (across every shard) without a query. Pigeonhole: two
// hashes within k bits agree exactly on at least one of k + 1 bands, so each band is a
// hash map from band bits to entries. Thread-safe.
class SimhashTable {
 public:
  SimhashTable();
  // The cluster of the nearest entry within kNearDuplicateBits of `hash`, if any
  // (ties: the smallest cluster id, so the answer does not depend on insertion order).
  std::optional<std::string> find(uint64_t hash) const;
  void insert(uint64_t hash, const std::string& cluster);
  // find(), else insert(hash, new_cluster), as one step: two copies written at once from
  // two threads end in one cluster. Returns the cluster the hash belongs to.
  std::string assign(uint64_t hash, const std::string& new_cluster);
  size_t size() const;

 private:
  static constexpr int kBands = kNearDuplicateBits + 1;
  uint64_t band_key(uint64_t hash, int band) const;
  const std::string* find_locked(uint64_t hash) const;
  void insert_locked(uint64_t hash, const std::string& cluster);

  mutable std::mutex mu_;
  std::vector<uint64_t> hashes_;
  std::vector<std::string> clusters_;
  std::vector<std::unordered_multimap<uint64_t, uint32_t>> bands_;
  std::vector<int> band_start_, band_bits_;
};

}  // namespace trawl
