#include "entities/patterns.h"

#include <openssl/sha.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>

#include "core/entity_id.h"
#include "core/text.h"
#include "entities/normalize.h"

namespace trawl {

// ---------------------------------------------------------------- check digits

bool imo_ship_check(std::string_view d) {
  if (d.size() != 7) return false;
  int sum = 0;
  for (int i = 0; i < 6; ++i) sum += (d[i] - '0') * (7 - i);
  return sum % 10 == d[6] - '0';
}

bool imo_company_check(std::string_view d) {
  if (d.size() != 7) return false;
  static constexpr int kWeights[6] = {8, 6, 4, 2, 9, 7};
  int sum = 0;
  for (int i = 0; i < 6; ++i) sum += (d[i] - '0') * kWeights[i];
  return (11 - sum % 11) % 10 == d[6] - '0';
}

std::string mmsi_flag(int mid) {
  struct Flag {
    int from, to;
    const char* code;
  };
  static constexpr Flag kFlags[] = {
      {445, 445, "KP"}, {273, 273, "RU"}, {412, 414, "CN"}, {440, 441, "KR"}, {431, 432, "JP"},
      {477, 477, "HK"}, {351, 357, "PA"}, {370, 373, "PA"}, {667, 667, "SL"}, {671, 671, "TG"},
      {511, 511, "PW"}, {312, 312, "BZ"}, {341, 341, "KN"}, {620, 620, "KM"}, {457, 457, "MN"},
      {576, 577, "VU"}, {626, 626, "GA"}, {538, 538, "MH"}, {636, 637, "LR"}, {215, 215, "MT"},
      {229, 229, "MT"}, {248, 249, "MT"}, {256, 256, "MT"}, {674, 674, "TZ"}, {677, 677, "TZ"},
      {613, 613, "CM"}, {514, 515, "KH"}, {572, 572, "TV"}, {520, 520, "FJ"}, {416, 416, "TW"},
      {525, 525, "ID"}, {533, 533, "MY"}, {548, 548, "PH"}, {563, 566, "SG"}, {574, 574, "VN"},
      {567, 567, "TH"}, {470, 471, "AE"}, {422, 422, "IR"}, {403, 403, "SA"}, {408, 408, "BH"},
      {325, 325, "JM"}, {308, 311, "BS"}, {209, 210, "CY"}, {212, 212, "CY"}, {237, 241, "GR"},
      {271, 271, "TR"}, {272, 272, "UA"}, {338, 338, "US"}, {366, 369, "US"}, {316, 316, "CA"},
      {232, 235, "GB"}, {211, 211, "DE"}, {218, 218, "DE"}, {226, 228, "FR"}, {244, 246, "NL"},
      {257, 259, "NO"}, {265, 266, "SE"}, {219, 220, "DK"}, {224, 225, "ES"}, {247, 247, "IT"},
      {261, 261, "PL"}, {276, 276, "EE"}, {275, 275, "LV"}, {277, 277, "LT"}, {230, 230, "FI"},
      {710, 710, "BR"}, {701, 701, "AR"}, {725, 725, "CL"}, {419, 419, "IN"}, {463, 463, "PK"},
      {405, 405, "BD"}, {417, 417, "LK"}, {506, 506, "MM"}, {559, 559, "AS"}, {518, 518, "CK"},
      {529, 529, "KI"}, {544, 544, "NR"}, {542, 542, "NU"}, {570, 570, "TO"}, {578, 578, "WF"},
      {561, 561, "WS"}, {557, 557, "SB"}, {553, 553, "PG"}, {503, 503, "AU"}, {512, 512, "NZ"},
      {657, 657, "NG"}, {622, 622, "EG"}, {645, 645, "MU"}, {664, 664, "SC"}, {616, 616, "KM"},
      {630, 630, "CG"}, {631, 631, "GQ"}, {650, 650, "MZ"}, {659, 659, "SN"},
  };
  for (const Flag& f : kFlags)
    if (mid >= f.from && mid <= f.to) return f.code;
  const bool assigned_range = (mid >= 201 && mid <= 279) || (mid >= 301 && mid <= 379) ||
                              (mid >= 401 && mid <= 477) || (mid >= 501 && mid <= 578) ||
                              (mid >= 601 && mid <= 679) || (mid >= 701 && mid <= 775);
  return assigned_range ? "??" : "";
}

namespace {

std::array<unsigned char, 32> sha256(const unsigned char* data, size_t n) {
  std::array<unsigned char, 32> out{};
  SHA256(data, n, out.data());
  return out;
}

bool base58check_valid(std::string_view a) {
  static constexpr std::string_view kAlphabet =
      "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
  std::vector<unsigned char> bytes(25, 0);
  for (char c : a) {
    size_t v = kAlphabet.find(c);
    if (v == std::string_view::npos) return false;
    unsigned carry = static_cast<unsigned>(v);
    for (size_t i = bytes.size(); i-- > 0;) {
      carry += 58u * bytes[i];
      bytes[i] = static_cast<unsigned char>(carry & 0xFF);
      carry >>= 8;
    }
    if (carry) return false;  // longer than 25 bytes
  }
  auto h1 = sha256(bytes.data(), 21);
  auto h2 = sha256(h1.data(), h1.size());
  return std::equal(h2.begin(), h2.begin() + 4, bytes.begin() + 21) &&
         (bytes[0] == 0x00 || bytes[0] == 0x05);
}

uint32_t bech32_polymod(const std::vector<uint8_t>& values) {
  static constexpr uint32_t kGen[5] = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3};
  uint32_t chk = 1;
  for (uint8_t v : values) {
    uint8_t top = chk >> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ v;
    for (int i = 0; i < 5; ++i)
      if ((top >> i) & 1) chk ^= kGen[i];
  }
  return chk;
}

bool bech32_valid(std::string_view a) {
  static constexpr std::string_view kCharset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
  std::string s = ascii_lower(a);
  if (s != a) {
    // mixed case is invalid; all upper is allowed
    std::string upper(a);
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (upper != a) return false;
  }
  size_t sep = s.rfind('1');
  if (sep == std::string::npos || sep < 1 || sep + 7 > s.size() || s.size() > 90) return false;
  std::string hrp = s.substr(0, sep);
  if (hrp != "bc" && hrp != "tb") return false;
  std::vector<uint8_t> values;
  for (char c : hrp) values.push_back(static_cast<uint8_t>(c >> 5));
  values.push_back(0);
  for (char c : hrp) values.push_back(static_cast<uint8_t>(c & 31));
  std::vector<uint8_t> data;
  for (size_t i = sep + 1; i < s.size(); ++i) {
    size_t v = kCharset.find(s[i]);
    if (v == std::string_view::npos) return false;
    data.push_back(static_cast<uint8_t>(v));
  }
  values.insert(values.end(), data.begin(), data.end());
  const uint32_t mod = bech32_polymod(values);
  if (data.empty()) return false;
  const int version = data[0];
  if (version == 0) return mod == 1;
  return version <= 16 && mod == 0x2bc830a3;  // bech32m
}

}  // namespace

bool bitcoin_address_valid(std::string_view a) {
  if (a.size() >= 14 && (a.substr(0, 3) == "bc1" || a.substr(0, 3) == "BC1"))
    return bech32_valid(a);
  if (a.size() >= 26 && a.size() <= 35 && (a[0] == '1' || a[0] == '3')) return base58check_valid(a);
  return false;
}

// ---------------------------------------------------------------- the scanner

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_alnum(char c) { return is_digit(c) || is_alpha(c); }

std::string format_amount(long double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.2Lf", v);
  std::string s = buf;
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

std::string format_degrees(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4f", v);
  std::string s = buf;
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  if (s == "-0") s = "0";
  return s;
}

bool valid_date(int y, int m, int d) {
  if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1) return false;
  static constexpr int kDays[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (d > kDays[m - 1]) return false;
  if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return false;
  return true;
}

std::string iso_date(int y, int m, int d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return buf;
}

enum class Trigger : uint8_t {
  kImo,
  kMmsi,
  kCallSign,
  kHs,
  kResolution,
  kMonth,
  kCurrencyBefore,
  kKoreanLatitude,
  kUrl,
  kWww,
  kBech32,
  kEth
};

struct Label {
  std::string_view text;  // lower case
  Trigger trigger;
  bool prefix;  // may be followed by more letters (a Russian stem)
  int value;    // month number, currency index...
};

constexpr std::string_view kCurrencies[] = {"USD", "EUR", "GBP", "CNY", "KRW", "RUB", "JPY"};
enum Currency { kUSD, kEUR, kGBP, kCNY, kKRW, kRUB, kJPY };

// The labels, and for each first byte the labels that start with it (built once).
struct Labels {
  std::vector<Label> all;
  std::array<std::vector<const Label*>, 256> by_first;
};

const Labels& labels() {
  static const Labels kLabels = [] {
    std::vector<Label> v = {
        {"imo", Trigger::kImo, false, 0},
        {"имо", Trigger::kImo, false, 0},
        {"mmsi", Trigger::kMmsi, false, 0},
        {"ммси", Trigger::kMmsi, false, 0},
        {"call sign", Trigger::kCallSign, false, 0},
        {"callsign", Trigger::kCallSign, false, 0},
        {"call-sign", Trigger::kCallSign, false, 0},
        {"позывной", Trigger::kCallSign, false, 0},
        {"позывного", Trigger::kCallSign, false, 0},
        {"호출부호", Trigger::kCallSign, false, 0},
        {"호출 부호", Trigger::kCallSign, false, 0},
        {"hs", Trigger::kHs, false, 0},
        {"h.s.", Trigger::kHs, false, 0},
        {"тн вэд", Trigger::kHs, false, 0},
        {"resolution", Trigger::kResolution, false, 0},
        {"resolutions", Trigger::kResolution, false, 0},
        {"unscr", Trigger::kResolution, false, 0},
        {"unscrs", Trigger::kResolution, false, 0},
        {"s/res/", Trigger::kResolution, true, 0},
        {"резолюци", Trigger::kResolution, true, 0},
        {"결의", Trigger::kResolution, true, 0},
        {"북위", Trigger::kKoreanLatitude, true, 1},
        {"남위", Trigger::kKoreanLatitude, true, -1},
        {"http://", Trigger::kUrl, true, 0},
        {"https://", Trigger::kUrl, true, 0},
        {"www.", Trigger::kWww, true, 0},
        {"bc1", Trigger::kBech32, true, 0},
        {"0x", Trigger::kEth, true, 0},
        {"us$", Trigger::kCurrencyBefore, true, kUSD},
        {"usd", Trigger::kCurrencyBefore, false, kUSD},
        {"$", Trigger::kCurrencyBefore, true, kUSD},
        {"eur", Trigger::kCurrencyBefore, false, kEUR},
        {"€", Trigger::kCurrencyBefore, true, kEUR},
        {"£", Trigger::kCurrencyBefore, true, kGBP},
        {"gbp", Trigger::kCurrencyBefore, false, kGBP},
        {"rmb", Trigger::kCurrencyBefore, false, kCNY},
        {"cny", Trigger::kCurrencyBefore, false, kCNY},
        {"krw", Trigger::kCurrencyBefore, false, kKRW},
        {"₩", Trigger::kCurrencyBefore, true, kKRW},
        {"rub", Trigger::kCurrencyBefore, false, kRUB},
        {"₽", Trigger::kCurrencyBefore, true, kRUB},
        {"jpy", Trigger::kCurrencyBefore, false, kJPY},
    };
    static constexpr std::string_view kMonths[12][3] = {
        {"january", "jan", ""}, {"february", "feb", ""}, {"march", "mar", ""},
        {"april", "apr", ""},   {"may", "", ""},         {"june", "jun", ""},
        {"july", "jul", ""},    {"august", "aug", ""},   {"september", "sep", "sept"},
        {"october", "oct", ""}, {"november", "nov", ""}, {"december", "dec", ""}};
    for (int m = 0; m < 12; ++m)
      for (std::string_view name : kMonths[m])
        if (!name.empty()) v.push_back({name, Trigger::kMonth, false, m + 1});
    // longest first, so "resolutions" wins over "resolution"
    std::stable_sort(v.begin(), v.end(),
                     [](const Label& a, const Label& b) { return a.text.size() > b.text.size(); });
    Labels l;
    l.all = std::move(v);
    for (const Label& label : l.all)
      l.by_first[static_cast<unsigned char>(label.text[0])].push_back(&label);
    return l;
  }();
  return kLabels;
}

// Month names after a day number: English (full and abbreviated) and Russian genitive.
int month_after(std::string_view low, size_t p, size_t* end) {
  if (p >= low.size()) return 0;
  const unsigned char first = static_cast<unsigned char>(low[p]);
  if (!(std::strchr("jfmasond", first) || first == 0xD0 || first == 0xD1) || first == 0) return 0;
  static constexpr std::string_view kNames[] = {
      "january",   "february", "march",    "april",    "may",      "june",    "july",   "august",
      "september", "october",  "november", "december", "января",   "февраля", "марта",  "апреля",
      "мая",       "июня",     "июля",     "августа",  "сентября", "октября", "ноября", "декабря",
      "jan",       "feb",      "mar",      "apr",      "jun",      "jul",     "aug",    "sept",
      "sep",       "oct",      "nov",      "dec"};
  static constexpr int kMonth[] = {1, 2, 3, 4,  5,  6,  7, 8, 9, 10, 11, 12, 1, 2, 3, 4,  5,  6,
                                   7, 8, 9, 10, 11, 12, 1, 2, 3, 4,  6,  7,  8, 9, 9, 10, 11, 12};
  for (size_t k = 0; k < std::size(kNames); ++k) {
    std::string_view n = kNames[k];
    if (low.compare(p, n.size(), n) != 0) continue;
    size_t e = p + n.size();
    if (e < low.size() && (is_alpha(low[e]) || static_cast<unsigned char>(low[e]) >= 0x80))
      continue;
    if (e < low.size() && low[e] == '.') ++e;
    *end = e;
    return kMonth[k];
  }
  return 0;
}

class Scanner {
 public:
  Scanner(std::string_view original, std::vector<Entity>& out)
      : original_(original), shadow_(make_shadow(original)), s_(shadow_.text), out_(out) {
    low_.assign(s_);
    // ASCII and Cyrillic to lower case, byte length unchanged
    for (size_t i = 0; i < low_.size(); ++i) {
      unsigned char c = static_cast<unsigned char>(low_[i]);
      if (c >= 'A' && c <= 'Z') {
        low_[i] = static_cast<char>(c + 32);
      } else if (c == 0xD0 && i + 1 < low_.size()) {
        unsigned char d = static_cast<unsigned char>(low_[i + 1]);
        if (d >= 0x90 && d <= 0x9F)
          low_[i + 1] = static_cast<char>(d + 0x20);  // А-П
        else if (d >= 0xA0 && d <= 0xAF) {
          low_[i] = static_cast<char>(0xD1);
          low_[i + 1] = static_cast<char>(d - 0x20);
        }  // Р-Я
        else if (d == 0x81) {
          low_[i] = static_cast<char>(0xD1);
          low_[i + 1] = static_cast<char>(0x91);
        }  // Ё
        ++i;
      }
    }
  }

  void run() {
    const auto& by_first = labels().by_first;
    const size_t n = s_.size();
    for (size_t i = 0; i < n;) {
      const char c = s_[i];
      const unsigned char uc = static_cast<unsigned char>(c);
      const bool line_start = i == 0 || s_[i - 1] == '\n';
      if (line_start) shipping_field(i);
      const bool word_start = i == 0 || !word_byte(i - 1);
      if (word_start) {
        for (const Label* l : by_first[static_cast<unsigned char>(low_[i])]) {
          if (l->text.size() > 1 && (i + 1 >= n || low_[i + 1] != l->text[1])) continue;
          if (low_.compare(i, l->text.size(), l->text) != 0) continue;
          const size_t e = i + l->text.size();
          if (!l->prefix && e < n && word_byte(e) && !hangul_at(e)) continue;
          if (on_label(*l, i, e)) break;
        }
        if (is_alpha(c)) bare_domain(i);
        if (c == '1' || c == '3') bitcoin_base58(i);
      }
      if (is_digit(c) && (i == 0 || !is_digit(s_[i - 1]))) {
        size_t e = i;
        while (e < n && is_digit(s_[e])) ++e;
        if (word_start || (i > 0 && !is_alpha(s_[i - 1]))) digits(i, e);
        i = e;
        continue;
      }
      if (c == '+' && i + 1 < n && is_digit(s_[i + 1]) && (i == 0 || !is_alnum(s_[i - 1])))
        phone(i);
      if (c == '@') email(i);
      i += uc < 0x80 ? 1 : uc < 0xE0 ? 2 : uc < 0xF0 ? 3 : 4;
    }
  }

 private:
  // ---- helpers
  bool word_byte(size_t i) const {
    unsigned char c = static_cast<unsigned char>(s_[i]);
    return is_alnum(s_[i]) || c >= 0x80;  // letters of other scripts count as word bytes
  }
  bool hangul_at(size_t i) const {
    unsigned char c = static_cast<unsigned char>(s_[i]);
    return c >= 0xEA && c <= 0xED;
  }
  void add(std::string type, size_t start, size_t end, std::string id, double confidence = 1.0,
           std::string detail = {}) {
    Entity e;
    e.type = std::move(type);
    e.start = shadow_.orig(start);
    e.end = shadow_.orig(end);
    e.text.assign(original_.substr(e.start, e.end - e.start));
    e.id = std::move(id);
    e.source = "pattern";
    e.confidence = confidence;
    e.detail = std::move(detail);
    out_.push_back(std::move(e));
  }
  size_t skip_spaces(size_t p) const {
    while (p < s_.size() && (s_[p] == ' ' || s_[p] == '\t')) ++p;
    return p;
  }
  bool starts(size_t p, std::string_view w) const { return low_.compare(p, w.size(), w) == 0; }
  // Skips label filler ("No.", "number", "№", "номер", "번호", ":", "#") after a label.
  size_t skip_filler(size_t p, size_t limit_bytes) const {
    static constexpr std::string_view kWords[] = {"numbers", "number",
                                                  "nos.",    "no.",
                                                  "nos",     "no",
                                                  "nr.",     "nr",
                                                  "num.",    "n°",
                                                  "#",       "№",
                                                  "номера",  "номер",
                                                  "번호는",  "번호가",
                                                  "번호",    "code",
                                                  "код",     "코드",
                                                  "ship",    "identification",
                                                  "сигнал",  "sign",
                                                  "is",      "was",
                                                  "—",       ":",
                                                  ".",       "-",
                                                  "(",       ")"};
    const size_t limit = std::min(s_.size(), p + limit_bytes);
    while (p < limit) {
      if (s_[p] == ' ' || s_[p] == '\t') {
        ++p;
        continue;
      }
      bool any = false;
      for (std::string_view w : kWords)
        if (starts(p, w)) {
          size_t e = p + w.size();
          if (is_alpha(w.back()) && e < s_.size() && is_alpha(s_[e])) continue;
          p = e;
          any = true;
          break;
        }
      if (!any) break;
    }
    return p;
  }
  size_t digit_run(size_t p) const {
    size_t e = p;
    while (e < s_.size() && is_digit(s_[e])) ++e;
    return e;
  }
  bool boundary_after(size_t e) const { return e >= s_.size() || !(is_alnum(s_[e])); }

  // Does a company or a ship word come nearer before `p` (same sentence, 200 bytes)?
  int company_or_ship_context(size_t label, size_t number_end) const {
    static constexpr std::string_view kCompany[] = {
        "company", "owner",    "manager", "operator", "co.",    "ltd",    "corporation", "компани",
        "владел",  "оператор", "회사",    "선주",     "소유주", "관리사", "운항사"};
    static constexpr std::string_view kShip[] = {"vessel", "ship",   "tanker", "m/v",      "mv ",
                                                 "судн",   "танкер", "корабл", "теплоход", "선박",
                                                 "유조선", "화물선", "선명"};
    const size_t from = label > 200 ? label - 200 : 0;
    const size_t to = std::min(s_.size(), number_end + 40);
    long best_company = -1, best_ship = -1;
    std::string_view window(low_.data() + from, to - from);
    for (std::string_view w : kCompany)
      for (size_t p = window.find(w); p != std::string_view::npos; p = window.find(w, p + 1)) {
        long d = std::labs(static_cast<long>(from + p) - static_cast<long>(label));
        if (best_company < 0 || d < best_company) best_company = d;
      }
    for (std::string_view w : kShip)
      for (size_t p = window.find(w); p != std::string_view::npos; p = window.find(w, p + 1)) {
        long d = std::labs(static_cast<long>(from + p) - static_cast<long>(label));
        if (best_ship < 0 || d < best_ship) best_ship = d;
      }
    if (best_company >= 0 && (best_ship < 0 || best_company < best_ship)) return 1;
    if (best_ship >= 0) return -1;
    return 0;
  }

  // ---- label triggers; true when the label was consumed
  bool on_label(const Label& l, size_t start, size_t end) {
    switch (l.trigger) {
      case Trigger::kImo:
        return imo(start, end);
      case Trigger::kMmsi:
        return mmsi(start, end);
      case Trigger::kCallSign:
        return call_sign(end);
      case Trigger::kHs:
        return hs(end);
      case Trigger::kResolution:
        return resolution(start, end);
      case Trigger::kMonth:
        return month_first_date(start, end, l.value);
      case Trigger::kCurrencyBefore:
        return currency_before(start, end, l.value);
      case Trigger::kKoreanLatitude:
        return korean_coordinates(start, end, l.value);
      case Trigger::kUrl:
        return host_at(end);
      case Trigger::kWww:
        return host_at(start);
      case Trigger::kBech32:
        return bech32(start);
      case Trigger::kEth:
        return eth(start);
    }
    return false;
  }

  bool imo(size_t label, size_t end) {
    // "IMO company number", "registered owner IMO": a company label
    bool company_label = false;
    {
      // only the words right before the label: "company IMO No.", "회사 IMO 번호"
      const size_t from = label > 20 ? label - 20 : 0;
      std::string_view before(low_.data() + from, label - from);
      if (auto stop = before.find_last_of(".;:!?\n"); stop != std::string_view::npos)
        before.remove_prefix(stop + 1);
      for (std::string_view w : {"company", "owner", "компании", "владельца", "회사", "선주"})
        if (before.find(w) != std::string_view::npos) company_label = true;
    }
    size_t p = end;
    for (std::string_view w : {" company", " companies", " номер компании", " 회사"})
      if (starts(p, w)) {
        company_label = true;
        p += w.size();
      }
    p = skip_filler(p, 40);
    if (p >= s_.size() || !is_digit(s_[p])) return false;
    const size_t e = digit_run(p);
    if (e - p != 7 || !boundary_after(e)) return false;
    std::string_view number(s_.data() + p, 7);
    const bool ship = imo_ship_check(number), company = imo_company_check(number);
    if (!ship && !company) return true;  // labelled but invalid: not an IMO number
    // the context decides only between a company and a ship
    int context = company_label ? 1 : company ? company_or_ship_context(label, e) : 0;
    if (company && (company_label || (context > 0))) {
      add("imo_company", p, e, canonical_entity_id("imo-company", number));
    } else if (ship && !company_label) {
      add("imo", p, e, canonical_entity_id("imo", number));
    }
    // "IMO Nos. 9534080 and 9249661", "ИМО 9534080, 9249661": more numbers of the same kind
    for (size_t q = e, count = 0; count < 20; ++count) {
      size_t r = skip_spaces(q);
      if (r < s_.size() && s_[r] == ',') r = skip_spaces(r + 1);
      for (std::string_view w : {"and ", "и ", "및 ", "와 ", "과 ", "or "})
        if (starts(r, w)) {
          r = skip_spaces(r + w.size());
          break;
        }
      if (r == q || r >= s_.size() || !is_digit(s_[r])) break;
      const size_t re = digit_run(r);
      if (re - r != 7 || !boundary_after(re)) break;
      std::string_view next(s_.data() + r, 7);
      if (company_label && imo_company_check(next))
        add("imo_company", r, re, canonical_entity_id("imo-company", next));
      else if (!company_label && imo_ship_check(next))
        add("imo", r, re, canonical_entity_id("imo", next));
      else
        break;
      q = re;
    }
    return true;
  }

  bool mmsi(size_t, size_t end) {
    size_t p = skip_filler(end, 30);
    if (p >= s_.size() || !is_digit(s_[p])) return false;
    const size_t e = digit_run(p);
    if (e - p != 9 || !boundary_after(e)) return true;
    const int mid = (s_[p] - '0') * 100 + (s_[p + 1] - '0') * 10 + (s_[p + 2] - '0');
    std::string flag = mmsi_flag(mid);
    if (flag.empty()) return true;
    add("mmsi", p, e, canonical_entity_id("mmsi", s_.substr(p, 9)), 1.0, "flag=" + flag);
    return true;
  }

  bool call_sign(size_t end) {
    size_t p = skip_filler(end, 20);
    size_t e = p;
    bool letter = false;
    while (e < s_.size() && (is_digit(s_[e]) || (s_[e] >= 'A' && s_[e] <= 'Z'))) {
      letter |= is_alpha(s_[e]);
      ++e;
    }
    if (e - p < 3 || e - p > 7 || !letter || !boundary_after(e)) return false;
    add("callsign", p, e, canonical_entity_id("callsign", s_.substr(p, e - p)));
    return true;
  }

  bool hs(size_t end) {
    size_t p = skip_filler(end, 20);
    if (p >= s_.size() || !is_digit(s_[p])) return false;
    std::string digits;
    size_t e = p;
    while (e < s_.size()) {
      if (is_digit(s_[e]))
        digits.push_back(s_[e++]);
      else if ((s_[e] == '.' || s_[e] == ' ') && e + 1 < s_.size() && is_digit(s_[e + 1]) &&
               digits.size() >= 4 && s_[e] == '.')
        ++e;
      else
        break;
    }
    if (!boundary_after(e)) return false;
    if (digits.size() != 4 && digits.size() != 6 && digits.size() != 8 && digits.size() != 10)
      return false;
    add("hs", p, e, canonical_entity_id("hs", digits));
    return true;
  }

  bool resolution(size_t label, size_t end) {
    size_t p = end;
    // the rest of a Russian/Korean word: "резолюцией", "결의안"
    while (p < s_.size() && static_cast<unsigned char>(s_[p]) >= 0x80 && !hangul_at(p)) ++p;
    if (starts(p, "안")) p += 3;
    static constexpr std::string_view kFiller[] = {"of the security council",
                                                   "of the un security council",
                                                   "security council",
                                                   "un security council",
                                                   "совета безопасности оон",
                                                   "совета безопасности",
                                                   "сб оон",
                                                   "сб",
                                                   "оон",
                                                   "unsc",
                                                   "no.",
                                                   "nos.",
                                                   "no",
                                                   "nos",
                                                   "№",
                                                   "제",
                                                   "number",
                                                   "numbers"};
    const bool sres = low_.compare(label, 6, "s/res/") == 0;
    size_t limit = std::min(s_.size(), p + 48);
    while (!sres && p < limit) {
      if (s_[p] == ' ') {
        ++p;
        continue;
      }
      bool any = false;
      for (std::string_view w : kFiller)
        if (starts(p, w)) {
          p += w.size();
          any = true;
          break;
        }
      if (!any) break;
    }
    bool found = false;
    for (int count = 0; count < 30; ++count) {
      if (p >= s_.size() || !is_digit(s_[p])) break;
      size_t e = digit_run(p);
      if (e - p > 4 || !boundary_after(e)) break;
      if (e < s_.size() &&
          (s_[e] == '/' || (s_[e] == '.' && e + 1 < s_.size() && is_digit(s_[e + 1]))))
        break;
      int number = std::stoi(s_.substr(p, e - p));
      if (number < 1 || number > 2999) break;
      add("unscr", p, e, canonical_entity_id("unscr", s_.substr(p, e - p)));
      found = true;
      // "(2017)", "호", then ", " / " and " / " и " / "및" / "와" and the next number
      size_t q = skip_spaces(e);
      if (q < s_.size() && s_[q] == '(') {
        size_t y = digit_run(q + 1);
        if (y - (q + 1) == 4 && y < s_.size() && s_[y] == ')') q = skip_spaces(y + 1);
      }
      if (starts(q, "호")) {
        q += 3;
        if (q < s_.size() && s_[q] == '(') {  // 1718호(2006)
          size_t y = digit_run(q + 1);
          if (y - (q + 1) == 4 && y < s_.size() && s_[y] == ')') q = y + 1;
        }
      }
      size_t before = q;
      if (q < s_.size() && (s_[q] == ',' || s_[q] == ';')) q = skip_spaces(q + 1);
      for (std::string_view w : {"and ", "и ", "및 ", "와 ", "과 ", "or ", "или "})
        if (starts(q, w)) {
          q = skip_spaces(q + w.size());
          break;
        }
      if (starts(q, "제")) q += 3;
      if (q == before) break;
      p = q;
    }
    return found;
  }

  // "March 28, 2024", "Mar. 28 2024"
  bool month_first_date(size_t start, size_t end, int month) {
    size_t p = end;
    if (p < s_.size() && s_[p] == '.') ++p;
    p = skip_spaces(p);
    if (p == end || p >= s_.size() || !is_digit(s_[p])) return false;
    size_t e = digit_run(p);
    if (e - p > 2) return false;
    int day = std::stoi(s_.substr(p, e - p));
    for (std::string_view o : {"st", "nd", "rd", "th"})
      if (starts(e, o)) {
        e += 2;
        break;
      }
    size_t q = e;
    if (q < s_.size() && s_[q] == ',') ++q;
    q = skip_spaces(q);
    if (q == e || q >= s_.size() || !is_digit(s_[q])) return false;
    size_t ye = digit_run(q);
    if (ye - q != 4 || !boundary_after(ye)) return false;
    int year = std::stoi(s_.substr(q, 4));
    if (!valid_date(year, month, day)) return false;
    add("date", start, ye, "date:" + iso_date(year, month, day));
    return true;
  }

  // A number with its grouping: "1,500,000", "1 500 000", "1,5", "2.35"; returns the end.
  size_t number(size_t p, long double* value) const {
    size_t e = digit_run(p);
    std::string integer = s_.substr(p, e - p);
    std::string fraction;
    if (integer.size() > 18) return p;  // not an amount
    for (;;) {
      if (e + 3 < s_.size() + 0 && (s_[e] == ',' || s_[e] == ' ') && e + 1 < s_.size() &&
          is_digit(s_[e + 1])) {
        size_t g = digit_run(e + 1);
        if (g - (e + 1) == 3 && integer.size() <= 3 + 12) {
          integer += s_.substr(e + 1, 3);
          e = g;
          continue;
        }
        if (s_[e] == ',' && g - (e + 1) <= 2) {  // decimal comma: "1,5 млн"
          fraction = s_.substr(e + 1, g - (e + 1));
          e = g;
        }
        break;
      }
      if (e < s_.size() && s_[e] == '.' && e + 1 < s_.size() && is_digit(s_[e + 1])) {
        size_t g = digit_run(e + 1);
        if (g - (e + 1) > 6) return p;
        fraction = s_.substr(e + 1, g - (e + 1));
        e = g;
      }
      break;
    }
    if (integer.size() > 18) return p;
    *value = std::stold(integer + (fraction.empty() ? "" : "." + fraction));
    return e;
  }

  // "million", "млн", "억", "만"...; returns the end and multiplies *scale.
  size_t scale_word(size_t p, long double* scale) const {
    struct Word {
      std::string_view w;
      long double v;
      bool korean;
    };
    static constexpr Word kWords[] = {
        {"thousand", 1e3L, false}, {"million", 1e6L, false},   {"mln", 1e6L, false},
        {"mn", 1e6L, false},       {"billion", 1e9L, false},   {"bln", 1e9L, false},
        {"bn", 1e9L, false},       {"trillion", 1e12L, false}, {"тыс.", 1e3L, false},
        {"тыс", 1e3L, false},      {"млн", 1e6L, false},       {"млрд", 1e9L, false},
        {"трлн", 1e12L, false},    {"миллиона", 1e6L, false},  {"миллионов", 1e6L, false},
        {"миллион", 1e6L, false},  {"миллиарда", 1e9L, false}, {"миллиардов", 1e9L, false},
        {"миллиард", 1e9L, false}, {"천만", 1e7L, true},       {"천억", 1e11L, true},
        {"백만", 1e6L, true},      {"만", 1e4L, true},         {"억", 1e8L, true},
        {"조", 1e12L, true},       {"천", 1e3L, true},         {"m", 1e6L, false},
        {"b", 1e9L, false}};
    size_t q = p;
    for (const Word& w : kWords) {
      size_t at = w.korean ? p : skip_spaces(p);
      if (w.w.size() == 1 && at != p) continue;  // "$1.5m" only when attached
      if (!starts(at, w.w)) continue;
      size_t e = at + w.w.size();
      if (!w.korean && e < s_.size() && is_alpha(s_[e])) continue;
      if (!w.korean && w.w.back() != '.' && e < s_.size() &&
          static_cast<unsigned char>(s_[e]) >= 0x80 && !hangul_at(e) && w.w.size() > 1 &&
          static_cast<unsigned char>(w.w[0]) >= 0x80)
        continue;  // "млн" must not be the start of a longer Cyrillic word
      *scale *= w.v;
      q = e;
      break;
    }
    return q;
  }

  // A currency word after an amount; returns the currency index or -1.
  int currency_after(size_t p, size_t* end) const {
    struct Word {
      std::string_view w;
      int c;
      bool stem;
    };
    static constexpr Word kWords[] = {
        {"us dollars", kUSD, false}, {"u.s. dollars", kUSD, false}, {"dollars", kUSD, false},
        {"dollar", kUSD, false},     {"usd", kUSD, false},          {"euros", kEUR, false},
        {"euro", kEUR, false},       {"eur", kEUR, false},          {"yuan", kCNY, false},
        {"rmb", kCNY, false},        {"cny", kCNY, false},          {"won", kKRW, false},
        {"krw", kKRW, false},        {"rubles", kRUB, false},       {"roubles", kRUB, false},
        {"rub", kRUB, false},        {"yen", kJPY, false},          {"долл", kUSD, true},
        {"евро", kEUR, false},       {"юан", kCNY, true},           {"рубл", kRUB, true},
        {"руб.", kRUB, false},       {"вон", kKRW, false},          {"원", kKRW, true},
        {"달러", kUSD, true},        {"위안", kCNY, true},          {"엔", kJPY, true},
        {"유로", kEUR, true},        {"루블", kRUB, true},          {"$", kUSD, true}};
    size_t q = skip_spaces(p);
    for (const Word& w : kWords) {
      if (!starts(q, w.w)) continue;
      size_t e = q + w.w.size();
      if (!w.stem && e < s_.size() && word_byte(e) && !hangul_at(e) && w.w.back() != '.') continue;
      if (w.stem) {
        // the rest of the word: "долларов", "юаней"; Korean stays as is
        if (static_cast<unsigned char>(w.w[0]) >= 0xD0 &&
            static_cast<unsigned char>(w.w[0]) <= 0xD1)
          while (e + 1 < s_.size() && (static_cast<unsigned char>(s_[e]) == 0xD0 ||
                                       static_cast<unsigned char>(s_[e]) == 0xD1))
            e += 2;
      }
      *end = e;
      return w.c;
    }
    return -1;
  }

  bool currency_before(size_t start, size_t end, int currency) {
    size_t p = skip_spaces(end);
    if (p >= s_.size() || !is_digit(s_[p])) return false;
    long double value = 0;
    size_t e = number(p, &value);
    if (e == p) return false;
    long double scale = 1;
    e = scale_word(e, &scale);
    if (e < s_.size() && is_alnum(s_[e]) && !is_digit(s_[e - 1])) return false;
    add("money", start, e,
        "money:" + std::string(kCurrencies[currency]) + ":" + format_amount(value * scale));
    skip_to_ = e;
    return true;
  }

  // A run of digits at p..e: dates, coordinates, amounts followed by their currency.
  void digits(size_t p, size_t e) {
    if (p < skip_to_) return;
    const size_t len = e - p;
    const size_t n = s_.size();
    if (len > 40) return;  // a long run of digits is none of these
    if (date_at(p, e)) return;
    if (coordinates_at(p, e)) return;
    long double value = 0;
    size_t ne = number(p, &value);
    if (ne == p) return;
    // an amount needs a unit or a currency word after it: most numbers have neither
    const size_t next = skip_spaces(ne);
    if (next >= n || s_[next] == '\n' || s_[next] == '.' || s_[next] == ',' || s_[next] == ')' ||
        s_[next] == '-' || is_digit(s_[next]))
      return;
    long double scale = 1;
    size_t se = scale_word(ne, &scale);
    long double amount = value * scale;
    // Korean amounts in parts: "1만 2천 달러", "41만 2500달러", "1억 2천만 원"
    for (int part = 0; part < 4 && se != ne && scale >= 1e4L; ++part) {
      size_t q = skip_spaces(se);
      if (q >= n || !is_digit(s_[q])) break;
      long double v2 = 0;
      size_t e2 = number(q, &v2);
      long double scale2 = 1;
      size_t s2 = scale_word(e2, &scale2);
      if (scale2 >= scale) break;
      size_t probe = 0;
      if (s2 == e2 && currency_after(e2, &probe) < 0) break;  // a bare number must end the amount
      amount += v2 * scale2;
      scale = scale2;
      se = s2;
      if (s2 == e2) break;
    }
    size_t ce = 0;
    int currency = currency_after(se, &ce);
    if (currency >= 0) {
      add("money", p, ce,
          "money:" + std::string(kCurrencies[currency]) + ":" + format_amount(amount));
      skip_to_ = ce;
    }
  }

  bool date_at(size_t p, size_t e) {
    const size_t len = e - p;
    const size_t n = s_.size();
    auto num = [&](size_t a, size_t b) { return std::stoi(s_.substr(a, b - a)); };
    if (len == 4) {
      const int y = num(p, e);
      // ISO and dotted Korean forms: 2024-03-28, 2024.03.28, 2024/03/28, 2024. 3. 28.
      if (e < n && (s_[e] == '-' || s_[e] == '.' || s_[e] == '/')) {
        const char sep = s_[e];
        size_t a = e + 1;
        if (sep == '.') a = skip_spaces(a);
        size_t ae = digit_run(a);
        if (ae - a >= 1 && ae - a <= 2 && ae < n && s_[ae] == sep) {
          size_t b = ae + 1;
          if (sep == '.') b = skip_spaces(b);
          size_t be = digit_run(b);
          if (be - b >= 1 && be - b <= 2 && boundary_after(be) &&
              !(be < n && (s_[be] == '-' || s_[be] == '/') && be + 1 < n && is_digit(s_[be + 1]))) {
            if (valid_date(y, num(a, ae), num(b, be))) {
              size_t end = be;
              if (sep == '.' && end < n && s_[end] == '.') ++end;
              add("date", p, end, "date:" + iso_date(y, num(a, ae), num(b, be)));
              return true;
            }
          }
        }
      }
      // 2024년 3월 28일
      size_t q = skip_spaces(e);
      if (starts(q, "년")) {
        size_t a = skip_spaces(q + 3);
        size_t ae = digit_run(a);
        if (ae - a >= 1 && ae - a <= 2 && starts(skip_spaces(ae), "월")) {
          size_t b = skip_spaces(skip_spaces(ae) + 3);
          size_t be = digit_run(b);
          if (be - b >= 1 && be - b <= 2 && starts(skip_spaces(be), "일")) {
            size_t end = skip_spaces(be) + 3;
            if (valid_date(y, num(a, ae), num(b, be))) {
              add("date", p, end, "date:" + iso_date(y, num(a, ae), num(b, be)));
              return true;
            }
          }
        }
      }
      return false;
    }
    if (len < 1 || len > 2) return false;
    const int d = num(p, e);
    // 28.03.2024
    if (e < n && (s_[e] == '.' || s_[e] == '/')) {
      const char sep = s_[e];
      size_t ae = digit_run(e + 1);
      if (ae - (e + 1) >= 1 && ae - (e + 1) <= 2 && ae < n && s_[ae] == sep) {
        size_t be = digit_run(ae + 1);
        if (be - (ae + 1) == 4 && boundary_after(be)) {
          int m = num(e + 1, ae), y = num(ae + 1, be);
          if (sep == '/' && d <= 12) return false;  // 03/04/2024: which is the month?
          if (valid_date(y, m, d)) {
            add("date", p, be, "date:" + iso_date(y, m, d));
            return true;
          }
          return true;  // 31.02.2024: a date form, not a date
        }
      }
    }
    // 28 March 2024, 28th of March 2024, 28 марта 2024 г.
    size_t q = e;
    for (std::string_view o : {"st", "nd", "rd", "th"})
      if (starts(q, o)) {
        q += 2;
        break;
      }
    q = skip_spaces(q);
    if (q == e && !(q < n && is_alpha(s_[q]))) return false;
    if (starts(q, "of ")) q += 3;
    size_t me = 0;
    int m = month_after(low_, q, &me);
    if (!m) return false;
    size_t y0 = skip_spaces(me);
    if (y0 < n && s_[y0] == ',') y0 = skip_spaces(y0 + 1);
    size_t ye = digit_run(y0);
    if (ye - y0 != 4 || !boundary_after(ye)) return false;
    int y = num(y0, ye);
    if (!valid_date(y, m, d)) return false;
    size_t end = ye;
    size_t g = skip_spaces(ye);
    if (starts(g, "г."))
      end = g + 3;
    else if (starts(g, "года"))
      end = g + 8;
    add("date", p, end, "date:" + iso_date(y, m, d));
    return true;
  }

  // 38°45′N 124°12′E, 38°45'N, 124°12'E, 39°02.5′N, 38.7512 N 124.2003 E, 38°45′ с. ш.
  bool one_coordinate(size_t p, double* value, int* axis, size_t* end) const {
    const size_t n = s_.size();
    size_t e = digit_run(p);
    if (e - p > 3 || e == p) return false;
    double v = std::stod(s_.substr(p, e - p));
    bool degree_sign = false, decimal = false;
    if (e < n && s_[e] == '.' && e + 1 < n && is_digit(s_[e + 1])) {
      size_t f = digit_run(e + 1);
      v = std::stod(s_.substr(p, f - p));
      e = f;
      decimal = true;
    }
    if (starts(e, "°")) {
      e += 2;
      degree_sign = true;
    } else if (starts(e, "º")) {
      e += 2;
      degree_sign = true;
    }
    if (!degree_sign && !decimal) return false;
    size_t q = skip_spaces(e);
    if (degree_sign && !decimal && q < n && is_digit(s_[q])) {
      size_t me = digit_run(q);
      if (me - q <= 2) {
        double minutes = std::stod(s_.substr(q, me - q));
        if (me < n && s_[me] == '.' && me + 1 < n && is_digit(s_[me + 1])) {
          size_t f = digit_run(me + 1);
          minutes = std::stod(s_.substr(q, f - q));
          me = f;
        }
        if (me < n && s_[me] == '\'') {
          ++me;
          v += minutes / 60.0;
          e = me;
          q = skip_spaces(e);
          if (q < n && is_digit(s_[q])) {
            size_t se = digit_run(q);
            if (se - q <= 2 && se < n && s_[se] == '"') {
              v += std::stod(s_.substr(q, se - q)) / 3600.0;
              e = se + 1;
              q = skip_spaces(e);
            }
          }
        }
      }
    }
    struct Hemisphere {
      std::string_view w;
      int axis;  // 0 latitude, 1 longitude
      int sign;
    };
    static constexpr Hemisphere kHemispheres[] = {
        {"с. ш.", 0, 1}, {"с.ш.", 0, 1}, {"ю. ш.", 0, -1}, {"ю.ш.", 0, -1},
        {"в. д.", 1, 1}, {"в.д.", 1, 1}, {"з. д.", 1, -1}, {"з.д.", 1, -1},
        {"n", 0, 1},     {"s", 0, -1},   {"e", 1, 1},      {"w", 1, -1}};
    for (const Hemisphere& h : kHemispheres) {
      if (!starts(q, h.w)) continue;
      size_t he = q + h.w.size();
      if (he < n && is_alpha(s_[he])) continue;
      if (h.axis == 0 && v > 90) return false;
      if (v > 180) return false;
      *value = v * h.sign;
      *axis = h.axis;
      *end = he;
      return true;
    }
    return false;
  }

  bool coordinates_at(size_t p, size_t) {
    double a = 0, b = 0;
    int axis_a = 0, axis_b = 0;
    size_t ea = 0, eb = 0;
    if (!one_coordinate(p, &a, &axis_a, &ea)) return false;
    size_t q = skip_spaces(ea);
    if (q < s_.size() && (s_[q] == ',' || s_[q] == '/' || s_[q] == ';')) q = skip_spaces(q + 1);
    if (!one_coordinate(q, &b, &axis_b, &eb) || axis_a == axis_b) return false;
    const double lat = axis_a == 0 ? a : b, lon = axis_a == 0 ? b : a;
    add("coord", p, eb, "coord:" + format_degrees(lat) + "," + format_degrees(lon));
    skip_to_ = eb;
    return true;
  }

  // 북위 38도 45분 동경 124도 12분
  bool korean_coordinates(size_t start, size_t end, int sign) {
    auto part = [&](size_t p, double* v, size_t* e) {
      p = skip_spaces(p);
      size_t de = digit_run(p);
      if (de == p || de - p > 3) return false;
      size_t f = de;
      if (f < s_.size() && s_[f] == '.' && f + 1 < s_.size() && is_digit(s_[f + 1]))
        f = std::min(digit_run(f + 1), de + 9);
      *v = std::stod(s_.substr(p, f - p));
      size_t q = skip_spaces(f);
      if (!starts(q, "도")) return false;
      q += 3;
      size_t m0 = skip_spaces(q);
      size_t me = digit_run(m0);
      if (me > m0 && me - m0 <= 2 && starts(skip_spaces(me), "분")) {
        size_t mf = me;
        *v += std::stod(s_.substr(m0, mf - m0)) / 60.0;
        q = skip_spaces(me) + 3;
      }
      *e = q;
      return true;
    };
    double lat = 0, lon = 0;
    size_t e1 = 0, e2 = 0;
    if (!part(end, &lat, &e1)) return false;
    size_t q = skip_spaces(e1);
    if (q < s_.size() && s_[q] == ',') q = skip_spaces(q + 1);
    int lon_sign = 0;
    if (starts(q, "동경"))
      lon_sign = 1;
    else if (starts(q, "서경"))
      lon_sign = -1;
    if (!lon_sign || !part(q + 6, &lon, &e2)) return false;
    add("coord", start, e2,
        "coord:" + format_degrees(lat * sign) + "," + format_degrees(lon * lon_sign));
    skip_to_ = e2;
    return true;
  }

  void phone(size_t p) {
    size_t e = p + 1, last = p + 1;
    std::string digits;
    while (e < s_.size() && digits.size() <= 15) {
      char c = s_[e];
      if (is_digit(c)) {
        digits.push_back(c);
        last = e + 1;
      } else if (c == ' ' || c == '-' || c == '(' || c == ')' || c == '.') {
        if (e + 1 < s_.size() && !(is_digit(s_[e + 1]) || s_[e + 1] == '(' || s_[e + 1] == ' '))
          break;
      } else {
        break;
      }
      ++e;
    }
    if (digits.size() < 8 || digits.size() > 15 || digits[0] == '0') return;
    if (last < s_.size() && is_alnum(s_[last])) return;
    add("phone", p, last, canonical_entity_id("phone", digits));
    skip_to_ = last;
  }

  static bool email_char(char c) {
    return is_alnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
  }
  static bool host_char(char c) { return is_alnum(c) || c == '-' || c == '.'; }

  // the end of a host name starting at p with at least one dot and an alphabetic TLD
  size_t host_end(size_t p, bool need_known_tld) const {
    size_t e = p;
    while (e < s_.size() && host_char(s_[e])) ++e;
    while (e > p && (s_[e - 1] == '.' || s_[e - 1] == '-')) --e;
    std::string_view host(low_.data() + p, e - p);
    size_t dot = host.rfind('.');
    if (dot == std::string_view::npos || dot == 0) return p;
    std::string_view tld = host.substr(dot + 1);
    if (tld.size() < 2 || !std::all_of(tld.begin(), tld.end(), is_alpha)) return p;
    if (need_known_tld) {
      static constexpr std::string_view kTlds[] = {
          "com", "org", "net", "int",  "gov", "edu", "info", "biz", "io", "kp", "ru",
          "kr",  "cn",  "jp",  "hk",   "sg",  "tw",  "uk",   "de",  "fr", "ch", "ae",
          "mn",  "vn",  "su",  "news", "co",  "us",  "eu",   "by",  "kz"};
      if (std::find(std::begin(kTlds), std::end(kTlds), tld) == std::end(kTlds)) return p;
      if (host.substr(0, dot).find_first_not_of("0123456789.") == std::string_view::npos) return p;
    }
    return e;
  }

  void email(size_t at) {
    size_t b = at;
    while (b > 0 && email_char(s_[b - 1])) --b;
    while (b < at && s_[b] == '.') ++b;
    if (b == at) return;
    size_t e = host_end(at + 1, false);
    if (e == at + 1) return;
    add("email", b, e, canonical_entity_id("email", low_.substr(b, e - b)));
    skip_to_ = e;
    email_end_ = e;
  }

  // The host of a URL (after "https://") or of "www.…", then the rest of the URL skipped.
  bool host_at(size_t p) {
    size_t e = host_end(p, false);
    if (e == p) return false;
    add("domain", p, e, canonical_entity_id("domain", low_.substr(p, e - p)));
    size_t u = e;
    while (u < s_.size() && !std::isspace(static_cast<unsigned char>(s_[u])) && s_[u] != '"' &&
           s_[u] != '<' && s_[u] != ')')
      ++u;
    domain_end_ = u;
    return true;
  }

  void bare_domain(size_t p) {
    if (p < domain_end_ || p < email_end_) return;
    // the first label, then a dot: most words end without one
    size_t label = p;
    while (label < s_.size() && (is_alnum(s_[label]) || s_[label] == '-')) ++label;
    if (label + 1 >= s_.size() || s_[label] != '.' || !is_alnum(s_[label + 1])) return;
    if (p > 0 && (s_[p - 1] == '@' || s_[p - 1] == '/' || s_[p - 1] == '.')) return;
    size_t e = host_end(p, true);
    if (e == p) return;
    if (e < s_.size() && (s_[e] == '@' || is_alnum(s_[e]))) return;
    // "U.S." or "Co.Ltd": a domain has no upper-case-only one-letter labels
    std::string_view host(low_.data() + p, e - p);
    if (host.find("..") != std::string_view::npos) return;
    size_t first_dot = host.find('.');
    if (first_dot < 2) return;
    add("domain", p, e, canonical_entity_id("domain", host));
    domain_end_ = e;
  }

  bool bech32(size_t p) {
    size_t e = p;
    while (e < s_.size() && is_alnum(s_[e])) ++e;
    if (!bitcoin_address_valid(s_.substr(p, e - p))) return false;
    add("btc", p, e, canonical_entity_id("btc", s_.substr(p, e - p)));
    return true;
  }

  void bitcoin_base58(size_t p) {
    size_t e = p;
    while (e < s_.size() && is_alnum(s_[e])) ++e;
    if (e - p < 26 || e - p > 35) return;
    if (!bitcoin_address_valid(s_.substr(p, e - p))) return;
    add("btc", p, e, canonical_entity_id("btc", s_.substr(p, e - p)));
    skip_to_ = e;
  }

  bool eth(size_t p) {
    size_t e = p + 2;
    while (e < s_.size() && std::isxdigit(static_cast<unsigned char>(s_[e]))) ++e;
    if (e - p != 42 || (e < s_.size() && is_alnum(s_[e]))) return false;
    add("eth", p, e, canonical_entity_id("eth", low_.substr(p, 42)));
    return true;
  }

  void shipping_field(size_t line) {
    struct Field {
      std::string_view label;
      std::string_view type;
    };
    static constexpr Field kFields[] = {{"port of loading", "port_of_loading"},
                                        {"port of lading", "port_of_loading"},
                                        {"loading port", "port_of_loading"},
                                        {"порт погрузки", "port_of_loading"},
                                        {"선적항", "port_of_loading"},
                                        {"적재항", "port_of_loading"},
                                        {"port of discharge", "port_of_discharge"},
                                        {"discharge port", "port_of_discharge"},
                                        {"порт выгрузки", "port_of_discharge"},
                                        {"порт разгрузки", "port_of_discharge"},
                                        {"양륙항", "port_of_discharge"},
                                        {"양하항", "port_of_discharge"},
                                        {"하역항", "port_of_discharge"},
                                        {"shipper", "shipper"},
                                        {"грузоотправитель", "shipper"},
                                        {"송하인", "shipper"},
                                        {"화주", "shipper"},
                                        {"consignee", "consignee"},
                                        {"грузополучатель", "consignee"},
                                        {"수하인", "consignee"},
                                        {"flag", "flag"},
                                        {"флаг", "flag"},
                                        {"선적(국적)", "flag"},
                                        {"선적국", "flag"},
                                        {"국적", "flag"},
                                        {"선박 국적", "flag"}};
    size_t p = skip_spaces(line);
    // a field line has a colon soon after its label
    const size_t window = std::min(s_.size() - p, size_t{48});
    if (!std::memchr(s_.data() + p, ':', window)) return;
    for (const Field& f : kFields) {
      if (!starts(p, f.label)) continue;
      size_t q = skip_spaces(p + f.label.size());
      if (q >= s_.size() || s_[q] != ':') continue;
      size_t v = skip_spaces(q + 1);
      size_t e = v;
      while (e < s_.size() && s_[e] != '\n' && s_[e] != '\t' && s_[e] != '|' &&
             !(s_[e] == ' ' && e + 1 < s_.size() && s_[e + 1] == ' '))
        ++e;
      while (e > v && (s_[e - 1] == ' ' || s_[e - 1] == '\r')) --e;
      if (e == v || e - v > 160) return;
      add(std::string(f.type), v, e, "", 1.0);
      return;
    }
  }

  std::string_view original_;
  Shadow shadow_;
  const std::string& s_;
  std::string low_;
  std::vector<Entity>& out_;
  size_t skip_to_ = 0;
  size_t domain_end_ = 0;
  size_t email_end_ = 0;
};

}  // namespace

void tag_patterns(std::string_view text, std::vector<Entity>& out) {
  Scanner scanner(text, out);
  scanner.run();
}

}  // namespace trawl
