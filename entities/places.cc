#include "entities/places.h"
namespace trawl { const std::vector<PlaceRecord>& builtin_places() { static std::vector<PlaceRecord> v = {{"place:nampo","port","KP",{"Nampo","Namp'o","남포","남포항","Нампхо","Нампо"}},{"place:nakhodka","port","RU",{"Nakhodka","Находка","나홋카"}}}; return v; } }
