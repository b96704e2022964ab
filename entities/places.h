// entities/places.h
#pragma once
#include <string>
#include <vector>
namespace trawl {
struct PlaceRecord {
  std::string id;       // "place:nampo" (lowercase ASCII, no spaces; hyphen allowed)
  std::string kind;     // "port", "city", "region", "sea", "country"
  std::string country;  // ISO 3166 alpha-2: KP, RU, CN, KR, ...
  std::vector<std::string> names;  // every name and variant, any script, UTF-8
};
// The built-in gazetteer of places written for this project (entities/places.cc).
const std::vector<PlaceRecord>& builtin_places();
}  // namespace trawl
