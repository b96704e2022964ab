#include "core/entity_id.h"

#include "core/text.h"

namespace trawl {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_ascii_alnum(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f'); }

// The text from the first ASCII digit on: what comes before it is a label as written
// ("IMO No. ", "S/RES/", "ТН ВЭД ").
std::string_view after_label(std::string_view v) {
  size_t d = 0;
  while (d < v.size() && !is_digit(v[d])) ++d;
  return v.substr(d);
}

// The leading digit run of v, removed from v.
std::string_view take_digits(std::string_view& v) {
  size_t e = 0;
  while (e < v.size() && is_digit(v[e])) ++e;
  std::string_view digits = v.substr(0, e);
  v.remove_prefix(e);
  return digits;
}

std::string fixed_digits(std::string_view kind, std::string_view value, size_t count) {
  std::string_view v = after_label(value);
  std::string_view digits = take_digits(v);
  if (digits.size() != count || !v.empty()) return "";
  return std::string(kind) + ":" + std::string(digits);
}

std::string unscr_id(std::string_view value) {
  std::string_view v = after_label(value);
  std::string_view digits = take_digits(v);
  while (digits.size() > 1 && digits.front() == '0') digits.remove_prefix(1);
  if (digits.empty() || digits.size() > 4 || digits == "0") return "";
  // what may follow the number: "2397호", "2397 (2017)", "1718호(2006)"
  v = trim(v);
  if (v.starts_with("호")) v = trim(v.substr(std::string_view("호").size()));
  if (v.size() == 6 && v.front() == '(' && v.back() == ')') {
    std::string_view year = v.substr(1, 4);
    if (take_digits(year).size() == 4) v = {};
  }
  if (!v.empty()) return "";
  return "unscr:" + std::string(digits);
}

std::string hs_id(std::string_view value) {
  std::string_view v = after_label(value);
  std::string digits;
  size_t i = 0;
  while (i < v.size()) {
    if (is_digit(v[i])) {
      digits.push_back(v[i++]);
    } else if ((v[i] == '.' || v[i] == ' ' || v[i] == '-') && i + 1 < v.size() &&
               is_digit(v[i + 1])) {
      ++i;  // a separator between two digits
    } else {
      break;
    }
  }
  if (i != v.size()) return "";
  switch (digits.size()) {
    case 2:
    case 4:
      return "hs:" + digits;
    case 6:
    case 8:
    case 10:
      return "hs:" + digits.substr(0, 4) + "." + digits.substr(4, 2);
    default:
      return "";
  }
}

std::string callsign_id(std::string_view value) {
  std::string out = "callsign:";
  const size_t prefix = out.size();
  for (char c : value) {
    if (c == ' ' || c == '-') continue;
    if (!is_ascii_alnum(c)) return "";
    out.push_back(c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c);
  }
  return out.size() == prefix ? "" : out;
}

std::string email_id(std::string_view value) {
  std::string v = ascii_lower(value);
  std::string_view s = v;
  if (s.starts_with("mailto:")) s.remove_prefix(7);
  const size_t at = s.find('@');
  if (at == 0 || at == std::string_view::npos || at + 1 == s.size() ||
      s.find('@', at + 1) != std::string_view::npos || s.find(' ') != std::string_view::npos)
    return "";
  return "email:" + std::string(s);
}

std::string domain_id(std::string_view value) {
  std::string v = ascii_lower(value);
  std::string_view s = v;
  if (size_t scheme = s.find("://"); scheme != std::string_view::npos) s.remove_prefix(scheme + 3);
  if (size_t slash = s.find('/'); slash != std::string_view::npos) s = s.substr(0, slash);
  if (s.ends_with('.')) s.remove_suffix(1);
  if (s.empty() || s.find_first_of(" @") != std::string_view::npos) return "";
  return "domain:" + std::string(s);
}

std::string phone_id(std::string_view value) {
  std::string out = "phone:+";
  const size_t prefix = out.size();
  if (value.starts_with('+')) value.remove_prefix(1);
  for (char c : value) {
    if (is_digit(c)) {
      out.push_back(c);
    } else if (c != ' ' && c != '-' && c != '.' && c != '(' && c != ')') {
      return "";
    }
  }
  return out.size() == prefix ? "" : out;
}

std::string eth_id(std::string_view value) {
  std::string v = ascii_lower(value);
  if (v.size() != 42 || !v.starts_with("0x")) return "";
  for (size_t i = 2; i < v.size(); ++i)
    if (!is_hex(v[i])) return "";
  return "eth:" + v;
}

std::string btc_id(std::string_view value) {
  for (char c : value)
    if (!is_ascii_alnum(c)) return "";
  const std::string lower = ascii_lower(value);
  const bool bech32 =
      std::string_view(lower).starts_with("bc1") || std::string_view(lower).starts_with("tb1");
  return "btc:" + (bech32 ? lower : std::string(value));
}

}  // namespace

std::string canonical_entity_id(std::string_view kind, std::string_view value) {
  const std::string k = ascii_lower(trim(kind));
  value = trim(value);
  if (k.empty() || value.empty()) return "";
  if (k == "imo") return fixed_digits("imo", value, 7);
  if (k == "imo-company" || k == "imo_company") return fixed_digits("imo-company", value, 7);
  if (k == "mmsi") return fixed_digits("mmsi", value, 9);
  if (k == "unscr") return unscr_id(value);
  if (k == "hs") return hs_id(value);
  if (k == "callsign") return callsign_id(value);
  if (k == "email") return email_id(value);
  if (k == "domain") return domain_id(value);
  if (k == "phone") return phone_id(value);
  if (k == "eth") return eth_id(value);
  if (k == "btc") return btc_id(value);
  return k + ":" + std::string(value);
}

std::string canonical_entity_id(std::string_view id) {
  id = trim(id);
  const size_t colon = id.find(':');
  if (colon == std::string_view::npos) return std::string(id);
  return canonical_entity_id(id.substr(0, colon), id.substr(colon + 1));
}

std::vector<std::string> entity_search_ids(std::string_view id) {
  std::vector<std::string> ids;
  // "hs:2701.12" and "hs:2701", as canonical_entity_id writes them
  const bool heading = id.size() == 7 && id.starts_with("hs:");
  const bool subheading = id.size() == 10 && id.starts_with("hs:") && id[7] == '.';
  if (heading || subheading) {
    bool digits = true;
    for (size_t i = 3; i < id.size(); ++i)
      if (i != 7 && !is_digit(id[i])) digits = false;
    if (digits) {
      ids.emplace_back(id.substr(0, 5));
      if (subheading) ids.emplace_back(id.substr(0, 7));
    }
  }
  ids.emplace_back(id);
  return ids;
}

}  // namespace trawl
