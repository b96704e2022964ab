#include "index/simhash.h"

#include <unicode/uchar.h>

#include <algorithm>
#include <array>

#include "core/text.h"

namespace trawl {
namespace {

uint64_t mix(uint64_t x) {  // splitmix64's finaliser
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}

uint64_t rotl(uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }

}  // namespace

uint64_t simhash(std::string_view text) {
  std::array<int32_t, 64> votes{};
  uint64_t window[3] = {0, 0, 0};
  size_t words = 0;
  uint64_t word = 0xcbf29ce484222325ULL;  // FNV-1a over the folded code points
  bool in_word = false;
  auto end_word = [&] {
    if (!in_word) return;
    in_word = false;
    window[0] = window[1];
    window[1] = window[2];
    window[2] = word;
    word = 0xcbf29ce484222325ULL;
    if (++words < 3) return;
    const uint64_t h = mix(window[0] ^ rotl(window[1], 21) ^ rotl(window[2], 42));
    for (int b = 0; b < 64; ++b) votes[b] += (h >> b) & 1 ? 1 : -1;
  };
  size_t pos = 0;
  while (pos < text.size()) {
    char32_t cp = next_code_point(text, pos);
    if (!u_isalnum(static_cast<UChar32>(cp))) {
      end_word();
      continue;
    }
    cp = static_cast<char32_t>(u_tolower(static_cast<UChar32>(cp)));
    if (cp == 0x451) cp = 0x435;  // ё -> е
    in_word = true;
    for (int i = 0; i < 4; ++i) {
      word ^= (cp >> (8 * i)) & 0xFF;
      word *= 0x100000001b3ULL;
    }
  }
  end_word();
  if (words < kMinSimhashWords) return 0;
  uint64_t out = 0;
  for (int b = 0; b < 64; ++b)
    if (votes[b] > 0) out |= uint64_t{1} << b;
  return out == 0 ? 1 : out;  // 0 means "none"
}

SimhashTable::SimhashTable() : bands_(kBands) {
  // kBands bands covering the 64 bits, as even as they divide
  int start = 0;
  for (int b = 0; b < kBands; ++b) {
    int bits = 64 / kBands + (b < 64 % kBands ? 1 : 0);
    band_start_.push_back(start);
    band_bits_.push_back(bits);
    start += bits;
  }
}

uint64_t SimhashTable::band_key(uint64_t hash, int band) const {
  const int bits = band_bits_[band];
  return (hash >> band_start_[band]) & (bits == 64 ? ~0ULL : ((uint64_t{1} << bits) - 1));
}

std::optional<std::string> SimhashTable::find(uint64_t hash) const {
  std::lock_guard lock(mu_);
  const std::string* c = find_locked(hash);
  if (!c) return std::nullopt;
  return *c;
}

std::string SimhashTable::assign(uint64_t hash, const std::string& new_cluster) {
  std::lock_guard lock(mu_);
  if (const std::string* c = find_locked(hash)) {
    std::string found = *c;
    insert_locked(hash, found);
    return found;
  }
  insert_locked(hash, new_cluster);
  return new_cluster;
}

const std::string* SimhashTable::find_locked(uint64_t hash) const {
  int best = kNearDuplicateBits + 1;
  const std::string* cluster = nullptr;
  for (int b = 0; b < kBands; ++b) {
    auto [lo, hi] = bands_[b].equal_range(band_key(hash, b));
    for (auto it = lo; it != hi; ++it) {
      const int d = hamming_distance(hash, hashes_[it->second]);
      const std::string& c = clusters_[it->second];
      if (d < best || (d == best && cluster && c < *cluster)) {
        best = d;
        cluster = &c;
      }
    }
  }
  return cluster;
}

void SimhashTable::insert(uint64_t hash, const std::string& cluster) {
  std::lock_guard lock(mu_);
  insert_locked(hash, cluster);
}

void SimhashTable::insert_locked(uint64_t hash, const std::string& cluster) {
  const auto at = static_cast<uint32_t>(hashes_.size());
  hashes_.push_back(hash);
  clusters_.push_back(cluster);
  for (int b = 0; b < kBands; ++b) bands_[b].emplace(band_key(hash, b), at);
}

size_t SimhashTable::size() const {
  std::lock_guard lock(mu_);
  return hashes_.size();
}

}  // namespace trawl
