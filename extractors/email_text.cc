// Header text of e-mail, without GMime: RFC 2047 encoded words, raw 8-bit header bytes,
// RFC 2231 parameters, format=flowed, base64 damage. Charsets are ICU's (charset.h), so a
// label GMime's iconv lacks still decodes.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/text.h"
#include "extractors/charset.h"
#include "extractors/email_gmime.h"

namespace trawl::email {

// ---------------------------------------------------------------- header text

static bool ieq(std::string_view a, std::string_view b) { return ascii_lower(a) == ascii_lower(b); }

static bool valid_utf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    const size_t start = i;
    if (next_code_point(s, i) == 0xFFFD && s.compare(start, 3, "\xEF\xBF\xBD") != 0) return false;
  }
  return true;
}

// Unfolds a raw header value (line breaks before white space go) and trims it.
std::string unfold(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  for (char c : raw)
    if (c != '\r' && c != '\n') out += c;
  return std::string(trim(out));
}

static int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

static std::string base64_decode(std::string_view s) {
  std::string out;
  uint32_t acc = 0;
  int bits = 0;
  for (char c : s) {
    int v;
    if (c >= 'A' && c <= 'Z')
      v = c - 'A';
    else if (c >= 'a' && c <= 'z')
      v = c - 'a' + 26;
    else if (c >= '0' && c <= '9')
      v = c - '0' + 52;
    else if (c == '+')
      v = 62;
    else if (c == '/')
      v = 63;
    else
      continue;  // padding, white space and junk
    acc = acc << 6 | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((acc >> bits) & 0xFF);
    }
  }
  return out;
}

// %XX escapes of RFC 2231 values; `underscore`: "_" is a space (RFC 2047 Q encoding),
// with "=" as the escape.
std::string unescape(std::string_view s, char escape, bool underscore) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == escape && i + 2 < s.size() + 0 && hex_value(s[i + 1]) >= 0 &&
        hex_value(s[i + 2]) >= 0) {
      out += static_cast<char>(hex_value(s[i + 1]) << 4 | hex_value(s[i + 2]));
      i += 2;
    } else if (underscore && s[i] == '_') {
      out += ' ';
    } else {
      out += s[i];
    }
  }
  return out;
}

// Bytes in a declared charset -> UTF-8. ASCII stays as it is (but for the 7-bit
// charsets with escapes); anything else through decode_text(), whose labels are ICU's.
static std::string to_utf8(std::string_view bytes, std::string_view charset) {
  const std::string cs = ascii_lower(charset);
  bool ascii = true;
  for (char c : bytes) ascii = ascii && static_cast<unsigned char>(c) < 0x80 && c != 0x1B;
  if (ascii && !cs.starts_with("utf-7")) return std::string(bytes);
  std::vector<std::string> declared;
  if (!cs.empty()) declared.push_back(cs);
  return decode_text(bytes, declared).text;
}

// Raw 8-bit header bytes, which say nothing of their charset: a few words are too little
// for detection (uchardet takes a Korean name in EUC-KR for Greek), so the charsets of
// our three languages are tried and the most plausible text wins.
static std::string decode_raw_header(std::string_view bytes) {
  std::string best;
  double best_score = -1e9;
  for (const char* label : {"windows-949", "windows-1251", "koi8-r", ""}) {
    const Decoded d = *label ? decode_text(bytes, {label}) : decode_text(bytes);
    const double score = text_plausibility(d.text);
    if (score > best_score) {
      best_score = score;
      best = d.text;
    }
  }
  return best;
}

struct EncodedWord {
  std::string charset;
  std::string bytes;
  size_t end = 0;
};

// An RFC 2047 encoded word "=?charset?B|Q?text?=" at s[pos], or nullopt.
static std::optional<EncodedWord> encoded_word(std::string_view s, size_t pos) {
  if (s.compare(pos, 2, "=?") != 0) return std::nullopt;
  const size_t q1 = s.find('?', pos + 2);
  if (q1 == std::string_view::npos || q1 == pos + 2 || q1 + 2 >= s.size() || s[q1 + 2] != '?')
    return std::nullopt;
  const char enc = s[q1 + 1];
  if (enc != 'B' && enc != 'b' && enc != 'Q' && enc != 'q') return std::nullopt;
  const size_t q3 = s.find("?=", q1 + 3);
  if (q3 == std::string_view::npos) return std::nullopt;
  const std::string_view text = s.substr(q1 + 3, q3 - q1 - 3);
  if (text.find_first_of(" \t") != std::string_view::npos) return std::nullopt;
  EncodedWord w;
  w.charset = std::string(s.substr(pos + 2, q1 - pos - 2));
  if (size_t star = w.charset.find('*'); star != std::string::npos)
    w.charset.resize(star);  // RFC 2231 language
  w.bytes = (enc == 'B' || enc == 'b') ? base64_decode(text) : unescape(text, '=', true);
  w.end = q3 + 2;
  return w;
}

// A raw header value as UTF-8: unfolded, 8-bit bytes through decode_text(), encoded words
// decoded (adjacent ones of one charset together, so a character split between two words
// survives; the white space between encoded words goes). `phrase`: the header holds
// addresses, so decoded text is kept a quoted string and cannot split an address list.
std::string decode_header(std::string_view raw, bool phrase) {
  std::string s = unfold(raw);
  if (!valid_utf8(s)) s = decode_raw_header(s);
  std::string out;
  bool in_quote = false;
  auto emit_literal = [&](std::string_view lit) {
    for (size_t i = 0; i < lit.size(); ++i) {
      if (lit[i] == '\\' && i + 1 < lit.size()) {
        out += lit[i];
        out += lit[++i];
        continue;
      }
      if (lit[i] == '"') in_quote = !in_quote;
      out += lit[i];
    }
  };
  auto emit_decoded = [&](const std::string& text) {
    if (!phrase) {
      out += text;
      return;
    }
    std::string escaped;
    for (char c : text) {
      if (c == '"' || c == '\\') escaped += '\\';
      escaped += c;
    }
    out += in_quote ? escaped : "\"" + escaped + "\"";
  };
  std::string pending_charset, pending_bytes;
  bool pending = false;
  auto flush = [&] {
    if (pending) emit_decoded(to_utf8(pending_bytes, pending_charset));
    pending = false;
  };
  size_t literal_start = 0;
  for (size_t i = 0; i < s.size();) {
    std::optional<EncodedWord> w;
    if (s[i] == '=') w = encoded_word(s, i);
    if (!w) {
      ++i;
      continue;
    }
    const std::string_view literal = std::string_view(s).substr(literal_start, i - literal_start);
    const bool blank = literal.find_first_not_of(" \t") == std::string_view::npos;
    if (!(pending && blank)) {
      flush();
      emit_literal(literal);
    }
    if (pending && ieq(pending_charset, w->charset)) {
      pending_bytes += w->bytes;
    } else {
      flush();
      pending_charset = w->charset;
      pending_bytes = w->bytes;
      pending = true;
    }
    i = literal_start = w->end;
  }
  flush();
  emit_literal(std::string_view(s).substr(literal_start));
  return out;
}

// ---------------------------------------------------------------- MIME parameters

// The parameters of a raw Content-Type or Content-Disposition value, names in lower case,
// quoted strings unquoted.
std::map<std::string, std::string> parameters(std::string_view value) {
  std::map<std::string, std::string> out;
  size_t i = 0;
  auto skip_to_semicolon = [&] {
    bool quote = false;
    for (; i < value.size(); ++i) {
      if (value[i] == '\\' && quote)
        ++i;
      else if (value[i] == '"')
        quote = !quote;
      else if (value[i] == ';' && !quote)
        break;
    }
  };
  skip_to_semicolon();
  while (i < value.size()) {
    ++i;  // ';'
    while (i < value.size() && (value[i] == ' ' || value[i] == '\t')) ++i;
    const size_t name_start = i;
    while (i < value.size() && value[i] != '=' && value[i] != ';') ++i;
    const std::string name = ascii_lower(trim(value.substr(name_start, i - name_start)));
    if (i >= value.size() || value[i] == ';') continue;
    ++i;  // '='
    while (i < value.size() && (value[i] == ' ' || value[i] == '\t')) ++i;
    std::string v;
    if (i < value.size() && value[i] == '"') {
      for (++i; i < value.size() && value[i] != '"'; ++i) {
        if (value[i] == '\\' && i + 1 < value.size()) ++i;
        v += value[i];
      }
      skip_to_semicolon();
    } else {
      const size_t start = i;
      skip_to_semicolon();
      v = std::string(trim(value.substr(start, i - start)));
    }
    if (!name.empty()) out.emplace(name, v);
  }
  return out;
}

// A parameter's value as UTF-8 (`base`: "filename", "name"): RFC 2231 "base*" with its
// charset, "base*0", "base*1*"... continuations, or a plain value (RFC 2047 words and raw
// 8-bit bytes decoded). "" when there is none.
std::string parameter_text(const std::map<std::string, std::string>& ps, const std::string& base) {
  std::string charset, bytes;
  bool extended = false;
  auto split_charset = [&](const std::string& v) {
    const size_t q1 = v.find('\'');
    const size_t q2 = q1 == std::string::npos ? q1 : v.find('\'', q1 + 1);
    if (q2 == std::string::npos) return v;
    charset = v.substr(0, q1);
    return v.substr(q2 + 1);
  };
  if (auto it = ps.find(base + "*"); it != ps.end()) {
    bytes = unescape(split_charset(it->second), '%', false);
    extended = true;
  } else if (ps.count(base + "*0") || ps.count(base + "*0*")) {
    for (int n = 0; n < 1000; ++n) {
      const std::string key = base + "*" + std::to_string(n);
      if (auto e = ps.find(key + "*"); e != ps.end()) {
        bytes += unescape(n == 0 ? split_charset(e->second) : e->second, '%', false);
        extended = true;
      } else if (auto p = ps.find(key); p != ps.end()) {
        bytes += p->second;
      } else {
        break;
      }
    }
  } else if (auto it = ps.find(base); it != ps.end()) {
    return one_line(decode_header(it->second));
  } else {
    return {};
  }
  if (!extended) return one_line(decode_header(bytes));
  return one_line(valid_utf8(bytes) && charset.empty() ? bytes : to_utf8(bytes, charset));
}

// No '/' (the pipeline's path separator), no control characters, at most 200 bytes.
std::string clean_name(std::string_view name) {
  std::string out;
  for (char c : name) {
    if (static_cast<unsigned char>(c) < 0x20) continue;
    out += c == '/' ? '_' : c;
  }
  return std::string(utf8_prefix(trim(out), 200));
}

// GMime decodes base64 leniently (it skips what is not of the alphabet): a body with
// characters outside it, data after the padding or a last quantum cut short is damaged.
bool broken_base64(std::string_view raw) {
  size_t significant = 0;
  bool padded = false;
  for (char c : raw) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
    if (c == '=') {
      padded = true;
      ++significant;
      continue;
    }
    const bool alphabet = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                          (c >= '0' && c <= '9') || c == '+' || c == '/';
    if (!alphabet || padded) return true;
    ++significant;
  }
  return significant % 4 != 0;
}

// format=flowed (RFC 3676): soft line breaks joined, space-stuffing undone, quote depth
// kept.
std::string unflow(std::string_view text, bool delsp) {
  std::string out;
  bool open = false;  // the last line was flowed: this one continues it
  int open_depth = 0;
  for (size_t start = 0; start < text.size();) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    if (line.ends_with('\r')) line.remove_suffix(1);
    int depth = 0;
    while (depth < static_cast<int>(line.size()) && line[depth] == '>') ++depth;
    line.remove_prefix(depth);
    if (line.starts_with(' ')) line.remove_prefix(1);
    if (open && depth != open_depth) out += '\n';
    if (!open || depth != open_depth) out += std::string(depth, '>') + (depth ? " " : "");
    const bool flowed = line.ends_with(' ') && line != "-- ";
    if (flowed && delsp) line.remove_suffix(1);
    out += line;
    open = flowed;
    open_depth = depth;
    if (!flowed) out += '\n';
    if (end == text.size()) break;
  }
  return out;
}

std::string header_block(const std::map<std::string, std::string>& metadata,
                         std::string_view date) {
  std::string head;
  auto line = [&](std::string_view label, const char* key) {
    auto it = metadata.find(key);
    if (it != metadata.end() && !it->second.empty())
      head.append(label).append(": ").append(it->second).append("\n");
  };
  line("From", "from");
  line("To", "to");
  line("Cc", "cc");
  if (!date.empty()) head.append("Date: ").append(date).append("\n");
  line("Subject", "subject");
  return head + "\n";
}

}  // namespace trawl::email
