// Names on lists (the UN sanctions list, analysts' watchlists, our places), found in
// text of any script through one automaton over cross-script keys (docs/entities.md).
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/document.h"
#include "entities/normalize.h"

namespace trawl {

struct ListEntry {
  std::string id;       // canonical id: "list:UN:KPe.001", "list:mine:v-7", "place:nampo"
  std::string type;     // "person", "org", "vessel", "place"
  std::string name;     // the primary name
  std::vector<std::string> aliases;
  std::string list;     // "UN", a watchlist's name, "places"
  std::string imo;      // a vessel's IMO number, if known
  std::string detail;   // e.g. the UN reference number and listing date
};

// One piece of text as the matcher sees it: a Latin or Cyrillic word, or one Hangul
// syllable or Korean concept word. `key` is a phonetic key or concept bytes.
struct NameUnit {
  uint32_t start = 0, end = 0;  // bytes in the text
  std::string key;
  std::string stem_key;          // Cyrillic: the key without a case ending, if different
  Script script = Script::kOther;
  bool token_start = false, token_end = false;
  bool capital = false;          // the word starts with a capital letter
  bool is_concept = false;
  uint32_t token = 0;            // index of its word
  uint32_t syllable_end = 0;     // Hangul: syllables of the word up to this unit's end
};

// Splits text into units (used for names on lists and for the text they are found in).
void name_units(std::string_view text, std::vector<NameUnit>& out,
                std::vector<std::u32string>* hangul_words = nullptr);

class Gazetteer {
 public:
  Gazetteer();
  ~Gazetteer();
  Gazetteer(Gazetteer&&) noexcept;
  Gazetteer& operator=(Gazetteer&&) noexcept;

  // Adds an entry and all its names. Names too short or too common to match safely
  // are skipped (counted in skipped_names()).
  void add(ListEntry entry);
  size_t size() const { return entries_.size(); }
  size_t names() const { return names_; }
  size_t skipped_names() const { return skipped_; }
  const ListEntry* find(std::string_view id) const;
  // The listed organisation whose IMO company number this is, or nullptr.
  const ListEntry* company_with_imo(std::string_view number) const;
  const std::vector<ListEntry>& entries() const { return entries_; }

  // Appends every name found in `text` (leftmost longest; one entity per entry).
  void match(std::string_view text, std::vector<Entity>& out) const;

  // The ids a name typed for `type` stands for (`vessel:"…"`, `person:"…"`): every entry
  // of that type that the whole name matches, in any script, then the id the heuristic
  // taggers give a name on no list (`vessel:<fold_key(name)>`).
  std::vector<std::string> ids_for_name(const std::string& type, std::string_view name) const;

 private:
  uint32_t child(uint32_t node, unsigned char byte) const;
  uint32_t add_child(uint32_t node, unsigned char byte);
  void add_key(const std::string& key, uint32_t entry);
  void add_name(std::string_view name, uint32_t entry);
  bool place_spelling_ok(uint32_t entry, std::string_view span) const;
  void emit(const std::vector<uint32_t>& entries, std::string_view text, uint32_t start, uint32_t end,
            const std::vector<NameUnit>& units, size_t first, size_t last, std::vector<Entity>& out) const;

  std::vector<ListEntry> entries_;
  std::unordered_map<std::string, uint32_t> by_id_;
  std::unordered_map<std::string, uint32_t> company_imo_;  // IMO company number -> org entry
  std::unordered_map<uint64_t, uint32_t> edges_;  // (node << 8 | byte) -> node
  std::array<uint32_t, 256> root_{};               // the root's edges, looked up for every word
  uint32_t nodes_ = 1;                            // node 0 is the root
  std::unordered_map<uint32_t, std::vector<uint32_t>> terminals_;  // node -> entries named there
  std::unordered_map<std::string, std::vector<uint32_t>> acronyms_;  // exact, case-sensitive
  std::unordered_map<std::string, std::vector<uint32_t>> bags_;      // sorted unit keys
  std::vector<size_t> bag_sizes_;
  std::unordered_map<uint32_t, std::vector<std::string>> place_spellings_;  // fold keys and stems
  size_t names_ = 0, skipped_ = 0;
};

}  // namespace trawl
