// SpreadsheetML (XLSX): every sheet in workbook order, each a page that starts with the
// sheet's name; rows in order, a row one line of tab-separated cells (a skipped column
// leaves an empty cell, up to 64 of them). Values as Excel shows them: shared and inline
// strings, booleans, errors, a formula's cached value, numbers and dates through their
// number format (built-in and custom: decimals, thousands, percent, literal text, date
// and time codes; the locale-dependent short date, built-in 14, as YYYY-MM-DD). Cells
// past office.max_cells are not read (a warning); a sheet that declares a million rows
// costs only the rows it has.
#include <cmath>
#include <cstdio>
#include <unordered_map>

#include "core/text.h"
#include "extractors/office_ooxml.h"

namespace trawl {
namespace {

// ---------------------------------------------------------------- number formats

struct NumberFormat {
  bool date = false;  // date and/or time codes
  bool percent = false;
  bool thousands = false;
  bool text = false;  // "@": the value as it is
  int decimals = -1;  // -1: General
  std::string prefix, suffix;
  std::string code;  // a date format's code, simplified
};

// Excel's built-in formats that are not General (ECMA-376 18.8.30), as codes.
std::string builtin_code(int id) {
  switch (id) {
    case 1:
      return "0";
    case 2:
      return "0.00";
    case 3:
      return "#,##0";
    case 4:
      return "#,##0.00";
    case 9:
      return "0%";
    case 10:
      return "0.00%";
    case 11:
      return "0.00E+00";
    case 12:
    case 13:
      return "0";  // fractions: shown as numbers here
    case 14:
      return "yyyy-mm-dd";
    case 15:
      return "d-mmm-yy";
    case 16:
      return "d-mmm";
    case 17:
      return "mmm-yy";
    case 18:
      return "h:mm AM/PM";
    case 19:
      return "h:mm:ss AM/PM";
    case 20:
      return "h:mm";
    case 21:
      return "h:mm:ss";
    case 22:
      return "yyyy-mm-dd h:mm";
    case 37:
    case 38:
      return "#,##0";
    case 39:
    case 40:
      return "#,##0.00";
    case 45:
      return "mm:ss";
    case 46:
      return "[h]:mm:ss";
    case 47:
      return "mm:ss.0";
    case 48:
      return "0.00E+00";
    case 49:
      return "@";
    default:
      // the East Asian built-ins (27-36, 50-58) are dates in Korean, Japanese and
      // Chinese Excel
      if ((id >= 27 && id <= 36) || (id >= 50 && id <= 58)) return "yyyy-mm-dd";
      return "";
  }
}

NumberFormat parse_format(std::string_view code) {
  NumberFormat f;
  // the first section is for positive numbers
  std::string first;
  bool quoted = false;
  for (char c : code) {
    if (c == '"') quoted = !quoted;
    if (c == ';' && !quoted) break;
    first += c;
  }
  if (first.empty() || ascii_lower(first) == "general") return f;
  if (first == "@") {
    f.text = true;
    return f;
  }
  std::string bare;  // the number placeholders and their punctuation
  bool digits = false, date = false;
  auto literal = [&](std::string_view text) { (digits ? f.suffix : f.prefix) += text; };
  for (size_t i = 0; i < first.size(); ++i) {
    const char c = first[i];
    const char lc = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (c == '"') {
      size_t j = first.find('"', i + 1);
      if (j == std::string::npos) j = first.size();
      literal(std::string_view(first).substr(i + 1, j - i - 1));
      i = j;
    } else if (c == '\\' && i + 1 < first.size()) {
      literal(std::string_view(first).substr(++i, 1));
    } else if (c == '[') {
      const size_t j = first.find(']', i);
      if (j == std::string::npos) break;
      const char k = static_cast<char>(std::tolower(static_cast<unsigned char>(first[i + 1])));
      if (k == 'h' || k == 'm' || k == 's') date = true;  // [h]: elapsed hours
      i = j;
    } else if (c == '_' || c == '*') {
      ++i;  // padding to the width of the next character
    } else if (c == '0' || c == '#' || c == '?') {
      digits = true;
      bare += c;
    } else if ((c == '.' || c == ',') &&
               (digits || (i + 1 < first.size() &&
                           std::string_view("0#?").find(first[i + 1]) != std::string_view::npos))) {
      bare += c;
    } else if (c == '%') {
      f.percent = true;
    } else if ((c == 'E' || c == 'e') && digits && i + 1 < first.size() &&
               (first[i + 1] == '+' || first[i + 1] == '-')) {
      bare += "E";
      ++i;
    } else if (lc == 'y' || lc == 'm' || lc == 'd' || lc == 'h' || lc == 's' ||
               ascii_lower(first.substr(i, 5)) == "am/pm") {
      date = true;
    } else {
      literal(std::string_view(&first[i], 1));
    }
  }
  if (date && !digits) {
    f.date = true;
    f.code = first;
    f.prefix.clear();
    f.suffix.clear();
    return f;
  }
  if (!digits) {
    f.text = true;  // only literal text: the value as it is
    return f;
  }
  const size_t dot = bare.find('.');
  const size_t comma = bare.find(',');
  f.thousands = comma != std::string::npos && (dot == std::string::npos || comma < dot);
  f.decimals = 0;
  if (dot != std::string::npos)
    for (size_t i = dot + 1;
         i < bare.size() && std::string_view("0#?").find(bare[i]) != std::string_view::npos; ++i)
      ++f.decimals;
  return f;
}

std::string general(double v) {
  if (std::isnan(v) || std::isinf(v)) return "#NUM!";
  if (v == std::floor(v) && std::fabs(v) < 1e15) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.0f", v);
    return buf;
  }
  // Excel's General shows at most 11 significant digits in a normal column; keep 15 so
  // nothing is lost
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.15g", v);
  std::string s = buf;
  // 0.1+0.2 = 0.30000000000000004: prefer the shortest that reads back the same
  for (int p = 1; p <= 15; ++p) {
    std::snprintf(buf, sizeof buf, "%.*g", p, v);
    if (std::strtod(buf, nullptr) == v) return buf;
  }
  return s;
}

std::string with_thousands(const std::string& digits) {
  std::string out;
  const size_t start = digits.size() && digits[0] == '-' ? 1 : 0;
  const size_t n = digits.size() - start;
  out = digits.substr(0, start);
  for (size_t i = 0; i < n; ++i) {
    if (i && (n - i) % 3 == 0) out += ',';
    out += digits[start + i];
  }
  return out;
}

// Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
void civil(int64_t z, int& y, int& m, int& d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  y = static_cast<int>(yoe + era * 400 + (m <= 2));
}

std::string format_date(double serial, bool date1904, const std::string& code) {
  if (serial < 0 || serial > 2958465) return general(serial);  // past 9999-12-31
  int64_t days = static_cast<int64_t>(std::floor(serial));
  double frac = serial - static_cast<double>(days);
  int64_t secs = static_cast<int64_t>(std::llround(frac * 86400.0));
  if (secs >= 86400) {
    ++days;
    secs -= 86400;
  }
  // 1900 system: serial 1 is 1900-01-01 and Lotus's 1900-02-29 (serial 60) exists
  int64_t unix_days;
  if (date1904) {
    unix_days = days - 24107;  // 1904-01-01
  } else {
    if (days >= 61) --days;
    unix_days = days - 25568;  // serial 1 = 1900-01-01
  }
  int y, mo, d;
  civil(unix_days, y, mo, d);
  const int h = static_cast<int>(secs / 3600), mi = static_cast<int>(secs / 60 % 60),
            s = static_cast<int>(secs % 60);
  static const char* const kMonths[] = {"January",   "February", "March",    "April",
                                        "May",       "June",     "July",     "August",
                                        "September", "October",  "November", "December"};
  const std::string lower = ascii_lower(code);
  const bool ampm =
      lower.find("am/pm") != std::string::npos || lower.find("a/p") != std::string::npos;
  std::string out;
  bool last_was_hour = false;
  char buf[16];
  for (size_t i = 0; i < code.size();) {
    const char c = static_cast<char>(std::tolower(static_cast<unsigned char>(code[i])));
    size_t run = 1;
    while (i + run < code.size() && std::tolower(static_cast<unsigned char>(code[i + run])) == c)
      ++run;
    if (code[i] == '"') {
      size_t j = code.find('"', i + 1);
      if (j == std::string::npos) j = code.size();
      out += code.substr(i + 1, j - i - 1);
      i = j + 1;
      continue;
    }
    if (code[i] == '\\' && i + 1 < code.size()) {
      out += code[i + 1];
      i += 2;
      continue;
    }
    if (code[i] == '[') {
      size_t j = code.find(']', i);
      if (j == std::string::npos) j = code.size();
      std::string inner = ascii_lower(code.substr(i + 1, j - i - 1));
      if (inner == "h" || inner == "hh") {
        std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(days * 24 + h));
        out += buf;
        last_was_hour = true;
      }
      i = j + 1;
      continue;
    }
    if (lower.compare(i, 5, "am/pm") == 0) {
      out += h < 12 ? "AM" : "PM";
      i += 5;
      continue;
    }
    switch (c) {
      case 'y':
        std::snprintf(buf, sizeof buf, run <= 2 ? "%02d" : "%04d", run <= 2 ? y % 100 : y);
        out += buf;
        break;
      case 'm': {
        // minutes after an hour or before seconds
        size_t k = i + run;
        while (k < code.size() && (code[k] == ':' || code[k] == ' ')) ++k;
        const bool minutes =
            last_was_hour ||
            (k < code.size() && std::tolower(static_cast<unsigned char>(code[k])) == 's');
        if (minutes && run <= 2) {
          std::snprintf(buf, sizeof buf, run == 2 ? "%02d" : "%d", mi);
          out += buf;
        } else if (run == 1 || run == 2) {
          std::snprintf(buf, sizeof buf, run == 2 ? "%02d" : "%d", mo);
          out += buf;
        } else if (run == 3) {
          out += std::string(kMonths[mo - 1]).substr(0, 3);
        } else if (run == 5) {
          out += kMonths[mo - 1][0];
        } else {
          out += kMonths[mo - 1];
        }
        last_was_hour = false;
        break;
      }
      case 'd':
        if (run <= 2) {
          std::snprintf(buf, sizeof buf, run == 2 ? "%02d" : "%d", d);
          out += buf;
        } else {
          static const char* const kDays[] = {"Thursday", "Friday",  "Saturday", "Sunday",
                                              "Monday",   "Tuesday", "Wednesday"};
          std::string day = kDays[((unix_days % 7) + 7) % 7];
          out += run == 3 ? day.substr(0, 3) : day;
        }
        break;
      case 'h': {
        int hh = h;
        if (ampm) hh = h % 12 == 0 ? 12 : h % 12;
        std::snprintf(buf, sizeof buf, run >= 2 ? "%02d" : "%d", hh);
        out += buf;
        last_was_hour = true;
        i += run;
        continue;
      }
      case 's':
        std::snprintf(buf, sizeof buf, run >= 2 ? "%02d" : "%d", s);
        out += buf;
        break;
      case 'e':
        std::snprintf(buf, sizeof buf, "%d", y);
        out += buf;
        break;
      default:
        out.append(code, i, run);
        break;
    }
    if (c != 'h' && c != ':' && c != ' ') last_was_hour = c == 'h';
    i += run;
  }
  return out;
}

std::string format_number(double v, const NumberFormat& f, bool date1904) {
  if (f.date) return format_date(v, date1904, f.code);
  if (f.text || f.decimals < 0) return general(v);
  double x = f.percent ? v * 100 : v;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", f.decimals, x);
  std::string s = buf;
  if (f.thousands) {
    const size_t dot = s.find('.');
    s = with_thousands(s.substr(0, dot)) + (dot == std::string::npos ? "" : s.substr(dot));
  }
  if (s == "-0") s = "0";
  return f.prefix + s + (f.percent ? "%" : "") + f.suffix;
}

// ---------------------------------------------------------------- the workbook's parts

struct Styles {
  std::vector<int> xf_formats;                    // cellXfs index -> numFmtId
  std::unordered_map<int, NumberFormat> formats;  // numFmtId -> format
  NumberFormat of(int style) const {
    if (style < 0 || static_cast<size_t>(style) >= xf_formats.size()) return {};
    const int id = xf_formats[static_cast<size_t>(style)];
    auto it = formats.find(id);
    if (it != formats.end()) return it->second;
    return parse_format(builtin_code(id));
  }
};

Styles read_styles(const Package& package, const std::string& part, const OfficeOptions& options,
                   const Deadline& deadline) {
  Styles st;
  const std::string* bytes = package.part(part);
  if (!bytes) return st;
  XmlStream xml(*bytes, part, options, deadline);
  bool in_xfs = false;
  using Ev = XmlStream::Event;
  for (Ev ev; (ev = xml.next()) != Ev::kDone;) {
    if (ev == Ev::kStart) {
      if (xml.name() == "numFmt") {
        const int id = std::atoi(xml.attr("numFmtId").value_or("-1").c_str());
        st.formats[id] = parse_format(xml.attr("formatCode").value_or(""));
      } else if (xml.name() == "cellXfs") {
        in_xfs = true;
      } else if (xml.name() == "xf" && in_xfs) {
        st.xf_formats.push_back(std::atoi(xml.attr("numFmtId").value_or("0").c_str()));
        xml.skip();
      }
    } else if (ev == Ev::kEnd && xml.name() == "cellXfs") {
      in_xfs = false;
    }
  }
  return st;
}

// The strings of sharedStrings.xml: each <si>'s text, phonetic runs (<rPh>) left out.
std::vector<std::string> read_shared_strings(const Package& package, const std::string& part,
                                             const OfficeOptions& options, const Deadline& deadline,
                                             Extracted& e) {
  std::vector<std::string> out;
  const std::string* bytes = package.part(part);
  if (!bytes) return out;
  XmlStream xml(*bytes, part, options, deadline);
  std::string cur;
  bool in_si = false;
  using Ev = XmlStream::Event;
  for (Ev ev; (ev = xml.next()) != Ev::kDone;) {
    if (ev == Ev::kStart) {
      if (xml.name() == "si") {
        in_si = true;
        cur.clear();
      } else if (xml.name() == "rPh" || xml.name() == "phoneticPr") {
        xml.skip();
      } else if (xml.name() == "t" && in_si) {
        cur += xml.read_text();
      }
    } else if (ev == Ev::kEnd && xml.name() == "si") {
      out.push_back(std::move(cur));
      cur.clear();
      in_si = false;
    }
  }
  note_stream_end(xml, part, e);
  return out;
}

// "BC12" -> 54 (0-based column); -1 when it has no letters.
int column_of(std::string_view ref) {
  int col = 0;
  size_t i = 0;
  for (; i < ref.size() && ref[i] >= 'A' && ref[i] <= 'Z'; ++i) col = col * 26 + (ref[i] - 'A' + 1);
  return i == 0 || i > 3 ? -1 : col - 1;
}

struct SheetContext {
  const std::vector<std::string>* strings;
  const Styles* styles;
  bool date1904 = false;
  uint64_t cells = 0;  // read so far, all sheets
};

// One worksheet into `out`. Returns false to stop (time limit or max_cells).
bool read_sheet(const Package& package, const std::string& part, const OfficeOptions& options,
                const Deadline& deadline, SheetContext& ctx, TextBuilder& out, Extracted& e) {
  const std::string* bytes = package.part(part);
  if (!bytes) {
    auto skipped = package.skipped().find(part);
    e.warnings.push_back(part + ": " +
                         (skipped != package.skipped().end() ? skipped->second : "missing"));
    return true;
  }
  XmlStream xml(*bytes, part, options, deadline);
  using Ev = XmlStream::Event;
  std::vector<std::string> row;
  int next_col = 0;
  // the cell being read
  std::string type, value, inline_text;
  int style = 0, col = -1;
  bool in_cell = false, in_sheet_data = false;
  auto finish_row = [&] {
    while (!row.empty() && row.back().empty()) row.pop_back();
    if (!row.empty()) {
      std::string line;
      for (size_t i = 0; i < row.size(); ++i) {
        if (i) line += '\t';
        line += row[i];
      }
      out.line(line);
    }
    row.clear();
    next_col = 0;
  };
  for (Ev ev; (ev = xml.next()) != Ev::kDone;) {
    if (ev == Ev::kStart) {
      const std::string_view n = xml.name();
      if (n == "sheetData") {
        in_sheet_data = true;
      } else if (!in_sheet_data) {
        continue;
      } else if (n == "row") {
        row.clear();
        next_col = 0;
      } else if (n == "c") {
        in_cell = true;
        type = xml.attr("t").value_or("n");
        style = std::atoi(xml.attr("s").value_or("0").c_str());
        col = column_of(xml.attr("r").value_or(""));
        value.clear();
        inline_text.clear();
      } else if (in_cell && n == "v") {
        value = xml.read_text();
      } else if (in_cell && n == "is") {
        // inline string: its <t> runs, phonetic runs out
        int depth = 1;
        for (Ev e2; depth > 0 && (e2 = xml.next()) != Ev::kDone;) {
          if (e2 == Ev::kStart) {
            if (xml.name() == "rPh") {
              xml.skip();
              continue;
            }
            ++depth;
            if (xml.name() == "t") {
              inline_text += xml.read_text();
              --depth;
            }
          } else if (e2 == Ev::kEnd) {
            --depth;
          }
        }
      } else if (in_cell && n == "f") {
        xml.skip();  // the formula; its cached value is in <v>
      }
    } else if (ev == Ev::kEnd) {
      const std::string_view n = xml.name();
      if (n == "c" && in_cell) {
        in_cell = false;
        if (++ctx.cells > options.max_cells) {
          e.warnings.push_back("more cells than office.max_cells (" +
                               std::to_string(options.max_cells) + "): the rest are not read");
          finish_row();
          return false;
        }
        std::string shown;
        if (type == "s") {
          const long idx = std::strtol(value.c_str(), nullptr, 10);
          if (idx >= 0 && static_cast<size_t>(idx) < ctx.strings->size())
            shown = (*ctx.strings)[static_cast<size_t>(idx)];
        } else if (type == "inlineStr") {
          shown = inline_text;
        } else if (type == "str" || type == "e" || type == "d") {
          shown = value;
        } else if (type == "b") {
          shown = value == "1" ? "TRUE" : "FALSE";
        } else if (!value.empty()) {
          char* end = nullptr;
          const double v = std::strtod(value.c_str(), &end);
          shown =
              end && *end == '\0' ? format_number(v, ctx.styles->of(style), ctx.date1904) : value;
        }
        shown = one_line(shown);
        if (shown.empty()) continue;
        if (col >= next_col) {
          // a skipped column is an empty cell, so columns stay in place (up to 64)
          for (int k = next_col; k < col && k - next_col < 64; ++k) row.emplace_back();
        }
        row.push_back(std::move(shown));
        next_col = std::max(next_col, col) + 1;
      } else if (n == "row") {
        finish_row();
      } else if (n == "sheetData") {
        in_sheet_data = false;
      }
    }
  }
  finish_row();
  return note_stream_end(xml, part, e);
}

}  // namespace

Status read_xlsx(Package& package, const std::string& main, const OfficeOptions& options,
                 const Deadline& deadline, Extracted& e) {
  const std::map<std::string, Relationship> rels = relationships(package, main);
  struct Sheet {
    std::string name, part;
  };
  std::vector<Sheet> sheets;
  bool date1904 = false;
  {
    XmlStream xml(*package.part(main), main, options, deadline);
    for (XmlStream::Event ev; (ev = xml.next()) != XmlStream::Event::kDone;) {
      if (ev != XmlStream::Event::kStart) continue;
      if (xml.name() == "workbookPr") {
        const std::string v = xml.attr("date1904").value_or("0");
        date1904 = v == "1" || v == "true";
      } else if (xml.name() == "sheet") {
        Sheet s;
        s.name = xml.attr("name").value_or("");
        auto id = xml.attr_any("id");
        auto it = id ? rels.find(*id) : rels.end();
        if (it != rels.end() && !it->second.external) s.part = it->second.target;
        sheets.push_back(std::move(s));
      }
    }
    if (sheets.empty() && xml.error()) return make_error(ErrorCode::kCorrupt, *xml.error());
  }
  std::string strings_part, styles_part;
  for (const auto& [id, r] : rels) {
    if (r.type == "sharedStrings") strings_part = r.target;
    if (r.type == "styles") styles_part = r.target;
  }
  const std::vector<std::string> strings =
      read_shared_strings(package, strings_part, options, deadline, e);
  const Styles styles = read_styles(package, styles_part, options, deadline);
  SheetContext ctx{&strings, &styles, date1904, 0};
  TextBuilder out(options.max_text_bytes);
  int read = 0;
  for (const Sheet& s : sheets) {
    if (deadline.passed())
      return make_error(
          ErrorCode::kTimeout,
          "over office.time_limit_seconds (" + std::to_string(options.time_limit_seconds) + " s)");
    out.line(s.name);
    if (s.part.empty()) {
      e.warnings.push_back("sheet " + s.name + ": no part for it");
    } else if (!read_sheet(package, s.part, options, deadline, ctx, out, e)) {
      out.end_page();
      ++read;
      if (deadline.passed())
        return make_error(ErrorCode::kTimeout, "over office.time_limit_seconds (" +
                                                   std::to_string(options.time_limit_seconds) +
                                                   " s) reading " + s.part);
      break;
    }
    out.end_page();
    ++read;
  }
  if (out.full())
    e.warnings.push_back("text cut at office.max_text_bytes (" +
                         std::to_string(options.max_text_bytes) + " bytes)");
  e.text = out.take_text();
  e.pages = out.take_pages();
  e.metadata["sheets"] = std::to_string(sheets.size());
  add_media_children(package, "xl/media/", options, e);
  add_media_children(package, "xl/embeddings/", options, e);
  return {};
}

}  // namespace trawl
