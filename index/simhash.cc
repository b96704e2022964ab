#include "index/simhash.h"

#include <unicode/uchar.h>

#include <algorithm>
#include <array>
#include <vector>

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

namespace {

// FNV-1a over the case-folded code points of each word (runs of letters and digits).
struct Words {
  std::vector<uint64_t> hashes;
  std::vector<uint32_t> line_of;  // the line each word is on
};

Words words_of(std::string_view text) {
  Words w;
  uint64_t word = 0xcbf29ce484222325ULL;
  bool in_word = false;
  uint32_t line = 0;
  auto end_word = [&] {
    if (!in_word) return;
    w.hashes.push_back(word);
    w.line_of.push_back(line);
    word = 0xcbf29ce484222325ULL;
    in_word = false;
  };
  size_t pos = 0;
  while (pos < text.size()) {
    char32_t cp = next_code_point(text, pos);
    if (cp == '\n' || cp == '\f') {
      end_word();
      ++line;
      continue;
    }
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
  return w;
}

}  // namespace

uint64_t simhash(std::string_view text) {
  const Words all = words_of(text);
  // The story, not the site around it: menus, bylines, footers and "related" lists are
  // lines of a few words, paragraphs are long. Only lines of kSimhashLineWords words or
  // more count, unless they hold less than a third of the text (a PDF's short lines).
  std::vector<uint32_t> per_line(all.line_of.empty() ? 0 : all.line_of.back() + 1, 0);
  for (uint32_t l : all.line_of) ++per_line[l];
  std::vector<uint64_t> kept;
  for (size_t i = 0; i < all.hashes.size(); ++i)
    if (per_line[all.line_of[i]] >= kSimhashLineWords) kept.push_back(all.hashes[i]);
  const std::vector<uint64_t>& words = kept.size() * 3 >= all.hashes.size() ? kept : all.hashes;
  if (words.size() < kMinSimhashWords) return 0;
  std::array<int32_t, 64> votes{};
  for (size_t i = 2; i < words.size(); ++i) {
    const uint64_t h = mix(words[i - 2] ^ rotl(words[i - 1], 21) ^ rotl(words[i], 42));
    for (int b = 0; b < 64; ++b) votes[b] += (h >> b) & 1 ? 1 : -1;
  }
  uint64_t out = 0;
  for (int b = 0; b < 64; ++b)
    if (votes[b] > 0) out |= uint64_t{1} << b;
  return out == 0 ? 1 : out;  // 0 means "none"
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
  // The first entry within reach, so the earliest cluster: a story's copies keep joining
  // the cluster its first copies formed. A plain scan, one XOR and popcount per document
  // (about a millisecond per million): the pigeonhole bands that make k = 3 fast would
  // be 13 bands of 5 bits for k = 12, each handing back a thirtieth of the table.
  const uint64_t* h = hashes_.data();
  for (size_t i = 0, n = hashes_.size(); i < n; ++i)
    if (hamming_distance(hash, h[i]) <= kNearDuplicateBits) return &clusters_[i];
  return nullptr;
}

void SimhashTable::insert(uint64_t hash, const std::string& cluster) {
  std::lock_guard lock(mu_);
  insert_locked(hash, cluster);
}

void SimhashTable::insert_locked(uint64_t hash, const std::string& cluster) {
  hashes_.push_back(hash);
  clusters_.push_back(cluster);
}

size_t SimhashTable::size() const {
  std::lock_guard lock(mu_);
  return hashes_.size();
}

}  // namespace trawl
