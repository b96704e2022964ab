// The entity tagger: pattern taggers, the gazetteer of lists and places, and heuristic
// organisation and vessel taggers, merged into one list per text (docs/entities.md).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/document.h"
#include "core/result.h"
#include "entities/gazetteer.h"

namespace trawl {

class Tagger {
 public:
  explicit Tagger(std::shared_ptr<const Gazetteer> gazetteer);
  // Every entity in `text`, in text order, overlaps resolved (validated patterns and
  // list names win over heuristics; a shipping-document field may contain others).
  std::vector<Entity> tag(std::string_view text) const;
  const Gazetteer& gazetteer() const { return *gazetteer_; }

 private:
  std::vector<Entity> tag_piece(std::string_view text) const;
  std::shared_ptr<const Gazetteer> gazetteer_;
};

// Organisations by their legal form and vessels after a ship word, for names on no list.
void tag_heuristics(std::string_view text, std::vector<Entity>& out);

// The publication date a text gives itself: the first full date in its first ten lines,
// "" when there is none.
std::string first_dated_line(std::string_view text, const std::vector<Entity>& entities);

}  // namespace trawl
