// Canonical entity ids ("imo:8518572", "unscr:2397", "hs:2710.19"), made in one place for
// both sides of the index: entities/ tags documents with them and the query parser turns
// `imo:`, `unscr:`, `mmsi:`, `hs:`, `callsign:` and `entity:` values into them, so an id
// written any way in a document or a query is the same term. docs/entities.md lists the ids.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace trawl {

// Returns the canonical id "<kind>:<value>" of an entity of `kind` whose value is written
// `value` (in a document or in a query), or "" when `value` cannot be one of that kind.
// `kind` is the id's prefix, ASCII case-insensitive ("imo_company", the entity type, is
// read as "imo-company"). Surrounding whitespace is ignored. The rules, by kind:
//
//   imo, imo-company  a label before the number is ignored ("IMO 8518572", "IMO No.
//                     8518572", "ИМО 8518572"); the number is 7 digits, nothing after it.
//                     The check digit is not verified (entities/ does that).
//   mmsi              a label is ignored ("MMSI 445123456"); 9 digits, nothing after.
//   unscr             a label is ignored ("S/RES/2397", "UNSCR 2397", "resolution 2397",
//                     "제2397호"); the number loses its leading zeros ("02397") and has 1 to
//                     4 digits; after it only "호" and a year "(2017)" may follow.
//   hs                a label is ignored ("HS 2701", "ТН ВЭД 2701"); 2, 4, 6, 8 or 10
//                     digits, which may be grouped by single dots, spaces or hyphens
//                     ("2701.12", "2701 12", "270112", "27.01.12"). Canonical form:
//                     "hs:27" (chapter), "hs:2701" (heading), "hs:2701.12" (subheading, the
//                     dot after the heading). Digits beyond six are national tariff lines,
//                     which differ between countries: "2710.19.41" is "hs:2710.19".
//   callsign          spaces and hyphens removed, letters upper-cased: "hmyf" is
//                     "callsign:HMYF"; ASCII letters and digits only.
//   email             "mailto:" dropped, ASCII lower-cased; one "@" with text on both sides.
//   domain            a scheme ("https://") and anything from the first "/" dropped, ASCII
//                     lower-cased, a final dot dropped: "https://WWW.KCNA.KP/en" is
//                     "domain:www.kcna.kp".
//   phone             "+", digits and the separators " -.()": "+850 2 381-5926" is
//                     "phone:+85023815926" (the number is taken as international).
//   eth               "0x" and 40 hex digits, lower-cased (the EIP-55 case is not kept).
//   btc               bech32 ("bc1…", "tb1…", any one case) lower-cased; base58 (which
//                     is case-sensitive) as written; letters and digits only.
//   anything else     the value as written (entities/ makes these from parsed values or
//                     ICU case folding, which this library cannot redo): "list:UN:KPi.004",
//                     "place:nampo", "date:2024-03-28". "" for an empty value.
//
// Pure and thread-safe.
std::string canonical_entity_id(std::string_view kind, std::string_view value);

// Returns the canonical id of an id written "<kind>:<value>" ("hs:270112", "IMO:IMO 8518572",
// "list:UN:KPi.004"): canonical_entity_id(kind, value) for the part before the first ":"
// and the rest. An id without ":" is returned trimmed. Pure and thread-safe.
std::string canonical_entity_id(std::string_view id);

// Returns every id whose query must find a document tagged with the canonical id `id`:
// for an HS code its chapter and heading, broadest first, then the code itself ("hs:2701.12"
// gives "hs:27", "hs:2701", "hs:2701.12"; "hs:2701" gives "hs:27", "hs:2701"), so that a
// query for a heading finds its subheadings; for every other id just the id. The index adds
// a term for each. Pure and thread-safe.
std::vector<std::string> entity_search_ids(std::string_view id);

}  // namespace trawl
