// Pattern taggers: identifiers and values with a form and, where they have one, a
// check digit (IMO, MMSI, Bitcoin...), in Korean, Russian and English phrasings.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/document.h"

namespace trawl {

// Check digits.
bool imo_ship_check(std::string_view seven_digits);
bool imo_company_check(std::string_view seven_digits);
// The flag (ISO 3166 alpha-2) a maritime identification digit implies, "" when
// unassigned; "??" for an assigned MID not in our table.
std::string mmsi_flag(int mid);
bool bitcoin_address_valid(std::string_view address);

// Appends every pattern entity in `text` (spans in `text`'s bytes).
void tag_patterns(std::string_view text, std::vector<Entity>& out);

}  // namespace trawl
