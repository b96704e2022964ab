// RTF reader written by hand: there is no RTF library packaged in Debian worth wrapping
// (unrtf is a program with its own bugs, and loses \'hh pairs of double-byte code pages).
//
// One pass over the bytes with an explicit group stack (never recursion: 100,000 nested
// groups cost nothing). Each group carries the current font, \ucN and destination; groups
// deeper than options.max_nesting are read as plain groups of their parent. Literal text
// bytes and \'hh escapes are gathered into a run that is decoded in one piece with the
// code page of the current font (\cpgN, else its \fcharset, else \ansicpgN), so a
// double-byte pair split over two escapes, or an escape and a literal byte, stays whole.
// Headers, footers and footnotes are text: they are kept where they come in the file.
#include "extractors/rtf.h"

#include <unicode/ucnv.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/text.h"
#include "extractors/charset.h"
#include "extractors/rtf_ole1.h"

namespace trawl {
namespace {

using Clock = std::chrono::steady_clock;

enum class Dest {
  kBody,       // text of the document
  kSkip,       // read for groups and \bin only
  kFontTable,  // \fonttbl: font number -> charset / code page
  kInfo,       // \info: its fields below; its own text is dropped
  kTitle,
  kAuthor,
  kSubject,
  kKeywords,
  kComment,
  kGenerator,
  kCreated,   // \creatim: \yr \mo \dy \hr \min
  kModified,  // \revtim
  kObjData,   // \objdata: hex of an OLE1 object
  kUpr,       // \upr: an ANSI text and its \*\ud Unicode twin; only the twin is read
};

bool is_text_dest(Dest d) {
  return d == Dest::kBody || (d >= Dest::kTitle && d <= Dest::kGenerator);
}

struct Group {
  Dest dest = Dest::kBody;
  int font = -1;  // -1: the \deff font
  int uc = 1;     // fallback characters after \uN
};

struct Font {
  int charset = -1;
  int cpg = 0;
};

struct ConverterClose {
  void operator()(UConverter* c) const { ucnv_close(c); }
};

// The ICU converter name of a Windows code page, "" when we know none.
std::string codepage_name(int cp) {
  switch (cp) {
    case 437:
      return "ibm-437";
    case 850:
      return "ibm-850";
    case 874:
      return "windows-874";
    case 932:
      return "windows-31j";
    case 936:
      return "windows-936";
    case 949:
      return "windows-949";
    case 950:
      return "windows-950";
    case 1361:
      return "JOHAB";
    case 10000:
      return "macintosh";
    case 65001:
      return "UTF-8";
    default:
      break;
  }
  if (cp >= 1250 && cp <= 1258) return "windows-" + std::to_string(cp);
  return "";
}

// \fcharsetN -> Windows code page; 0 when the document's \ansicpg applies.
int charset_codepage(int charset) {
  switch (charset) {
    case 77:
      return 10000;
    case 128:
      return 932;
    case 129:
      return 949;
    case 130:
      return 1361;
    case 134:
      return 936;
    case 136:
      return 950;
    case 161:
      return 1253;
    case 162:
      return 1254;
    case 163:
      return 1258;
    case 177:
      return 1255;
    case 178:
      return 1256;
    case 186:
      return 1257;
    case 204:
      return 1251;
    case 222:
      return 874;
    case 238:
      return 1250;
    case 254:
      return 437;
    case 255:
      return 850;
    default:
      return 0;  // 0 ANSI, 1 default, 2 symbol: the document's code page
  }
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

class Reader {
 public:
  Reader(std::string_view bytes, const OfficeOptions& options)
      : in_(bytes),
        options_(options),
        deadline_(Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                     std::chrono::duration<double>(options.time_limit_seconds))) {}

  Result<Extracted> run();

 private:
  Group& top() { return stack_.back(); }
  void open_group();
  void close_group();
  void control_word(std::string_view word, bool has_param, int param);
  void destination(std::string_view word);
  void text_byte(unsigned char b);
  void emit(uint32_t cp);
  void emit_newline();
  void flush();
  std::string* sink(Dest d);
  int codepage();
  void decode_run(std::string_view run, int cp, std::string& out);
  void finish_objdata();
  void finish_date(Dest d);

  std::string_view in_;
  const OfficeOptions& options_;
  Clock::time_point deadline_;
  size_t pos_ = 0;
  std::vector<Group> stack_;
  int overflow_ = 0;       // groups open past max_nesting
  bool star_ = false;      // \* seen: the next destination is optional
  int skip_fallback_ = 0;  // \uN fallback characters still to skip
  uint32_t high_surrogate_ = 0;
  int ansicpg_ = 1252;
  int deff_ = -1;
  std::map<int, Font> fonts_;
  int font_def_ = -1;  // the font being defined in \fonttbl
  // the run of code-page bytes not yet decoded, and where they go
  std::string run_;
  Dest run_dest_ = Dest::kBody;
  int run_cp_ = 0;
  Extracted out_;
  std::string fields_[6];          // title, author, subject, keywords, comment, generator
  int date_[5] = {0, 0, 0, 0, 0};  // yr mo dy hr min of the \creatim/\revtim being read
  std::string objdata_;
  int objdata_nibble_ = -1;
  int objects_ = 0;
  bool truncated_ = false;
  bool bad_objdata_warned_ = false;
  bool deep_warned_ = false;
  std::map<int, std::unique_ptr<UConverter, ConverterClose>> converters_;
  std::vector<int> unknown_codepages_;
};

std::string* Reader::sink(Dest d) {
  if (d == Dest::kBody) return &out_.text;
  if (d >= Dest::kTitle && d <= Dest::kGenerator)
    return &fields_[static_cast<int>(d) - static_cast<int>(Dest::kTitle)];
  return nullptr;
}

int Reader::codepage() {
  int f = top().font >= 0 ? top().font : deff_;
  auto it = fonts_.find(f);
  if (it != fonts_.end()) {
    if (it->second.cpg > 0) return it->second.cpg;
    int cp = charset_codepage(it->second.charset);
    if (cp) return cp;
  }
  return ansicpg_;
}

void Reader::decode_run(std::string_view run, int cp, std::string& out) {
  std::string name = codepage_name(cp);
  if (name == "JOHAB") {  // ICU has no Johab; charset.cc decodes it through iconv
    out += decode_text(run, {"johab"}).text;
    return;
  }
  auto it = converters_.find(cp);
  if (it == converters_.end()) {
    UErrorCode st = U_ZERO_ERROR;
    UConverter* c = name.empty() ? nullptr : ucnv_open(name.c_str(), &st);
    if (!c || U_FAILURE(st)) {
      if (c) ucnv_close(c);
      if (std::find(unknown_codepages_.begin(), unknown_codepages_.end(), cp) ==
          unknown_codepages_.end()) {
        unknown_codepages_.push_back(cp);
        out_.warnings.push_back("unknown code page " + std::to_string(cp) +
                                ", read as windows-1252");
      }
      st = U_ZERO_ERROR;
      c = ucnv_open("windows-1252", &st);
    }
    it = converters_.emplace(cp, std::unique_ptr<UConverter, ConverterClose>(c)).first;
  }
  UErrorCode st = U_ZERO_ERROR;
  ucnv_reset(it->second.get());
  icu::UnicodeString us(run.data(), static_cast<int32_t>(run.size()), it->second.get(), st);
  if (U_FAILURE(st)) {
    out += decode_text(run).text;
    return;
  }
  // ICU substitutes U+001A for unmapped single bytes: our readers expect U+FFFD
  for (int32_t i = 0; i < us.length(); ++i)
    if (us[i] == 0x1A) us.setCharAt(i, 0xFFFD);
  us.toUTF8String(out);
}

void Reader::flush() {
  if (run_.empty()) return;
  if (std::string* s = sink(run_dest_)) decode_run(run_, run_cp_, *s);
  run_.clear();
}

void Reader::text_byte(unsigned char b) {
  if (skip_fallback_ > 0) {
    --skip_fallback_;
    return;
  }
  Dest d = top().dest;
  if (d == Dest::kObjData) {
    int v = hex_value(static_cast<char>(b));
    if (v < 0) return;
    if (objdata_nibble_ < 0) {
      objdata_nibble_ = v;
    } else if (objdata_.size() < options_.max_part_bytes) {
      objdata_ += static_cast<char>(objdata_nibble_ << 4 | v);
      objdata_nibble_ = -1;
    } else {
      objdata_nibble_ = -1;
    }
    return;
  }
  if (!is_text_dest(d)) return;
  if (high_surrogate_) {
    emit(0xFFFD);
    high_surrogate_ = 0;
  }
  int cp = codepage();
  if (!run_.empty() && (run_dest_ != d || run_cp_ != cp)) flush();
  run_dest_ = d;
  run_cp_ = cp;
  run_ += static_cast<char>(b);
  if (run_.size() >= 4096 && b < 0x80) flush();  // an ASCII byte ends no double-byte pair
}

void Reader::emit(uint32_t cp) {
  Dest d = top().dest;
  if (!is_text_dest(d)) return;
  flush();
  append_utf8(*sink(d), cp);
}

void Reader::emit_newline() {
  Dest d = top().dest;
  if (!is_text_dest(d)) return;
  flush();
  std::string& s = *sink(d);
  if (!s.empty() && s.back() == '\t') s.pop_back();  // the tab of a row's last \cell
  s += '\n';
}

void Reader::open_group() {
  star_ = false;
  skip_fallback_ = 0;
  if (static_cast<int>(stack_.size()) - 1 >= options_.max_nesting) {
    if (overflow_++ == 0 && !deep_warned_) {
      deep_warned_ = true;
      out_.warnings.push_back("groups nested deeper than " + std::to_string(options_.max_nesting) +
                              " (office.max_nesting): read for their text only");
    }
    return;
  }
  stack_.push_back(stack_.back());
}

void Reader::finish_date(Dest d) {
  if (date_[0] <= 0) return;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:00", date_[0], date_[1] ? date_[1] : 1,
                date_[2] ? date_[2] : 1, date_[3], date_[4]);
  out_.metadata[d == Dest::kCreated ? "created" : "modified"] = buf;
  if (d == Dest::kCreated) out_.date.assign(buf, 10);
}

void Reader::finish_objdata() {
  std::string data = std::move(objdata_);
  objdata_.clear();
  objdata_nibble_ = -1;
  if (data.empty()) return;
  ++objects_;
  std::optional<Embedded> child = ole1_child(data, objects_);
  if (!child) {
    if (!bad_objdata_warned_)
      out_.warnings.push_back("embedded object " + std::to_string(objects_) +
                              " is not an OLE1 package or compound file: skipped");
    bad_objdata_warned_ = true;
    return;
  }
  if (static_cast<int>(out_.children.size()) >= options_.max_children) {
    if (out_.children.size() == static_cast<size_t>(options_.max_children))
      out_.warnings.push_back("more than " + std::to_string(options_.max_children) +
                              " embedded objects (office.max_children): the rest skipped");
    return;
  }
  out_.children.push_back(std::move(*child));
}

void Reader::close_group() {
  star_ = false;
  skip_fallback_ = 0;
  if (overflow_ > 0) {
    --overflow_;
    return;
  }
  Dest d = top().dest;
  Dest parent = stack_[stack_.size() - 2].dest;
  if (d != parent) {
    flush();
    if (d == Dest::kObjData) finish_objdata();
    if (d == Dest::kCreated || d == Dest::kModified) finish_date(d);
  }
  stack_.pop_back();
}

void Reader::destination(std::string_view w) {
  Group& g = top();
  bool star = star_;
  star_ = false;
  if (g.dest == Dest::kSkip || g.dest == Dest::kObjData) return;
  Dest d = Dest::kSkip;
  if (g.dest == Dest::kInfo) {
    static const std::map<std::string_view, Dest> kInfo = {
        {"title", Dest::kTitle},       {"author", Dest::kAuthor},   {"subject", Dest::kSubject},
        {"keywords", Dest::kKeywords}, {"doccomm", Dest::kComment}, {"creatim", Dest::kCreated},
        {"revtim", Dest::kModified}};
    auto it = kInfo.find(w);
    if (it != kInfo.end()) {
      d = it->second;
    } else if (!star) {
      return;  // \version, \edmins...: values, not destinations
    }
    if (d == Dest::kCreated || d == Dest::kModified) std::memset(date_, 0, sizeof date_);
  } else if (w == "fonttbl") {
    d = Dest::kFontTable;
  } else if (w == "info") {
    d = Dest::kInfo;
  } else if (w == "generator") {
    d = Dest::kGenerator;
  } else if (w == "objdata") {
    objdata_.clear();
    objdata_nibble_ = -1;
    d = Dest::kObjData;
  } else if (w == "upr") {
    d = Dest::kUpr;
  } else if (w == "ud") {
    d = Dest::kBody;
  } else if (w == "shpinst") {
    d = g.dest;  // a shape's properties (\sp, skipped) and its text box (\shptxt, text)
  } else if (!star) {
    return;  // not a destination we know by name: a plain group whose text we keep
  }
  flush();
  g.dest = d;
}

// Destinations whose text is not document text (\* ones we do not know are skipped too).
bool skipped_destination(std::string_view w) {
  static const char* const kSkipped[] = {
      "colortbl",  "stylesheet",   "listtable", "listoverridetable",
      "rsidtbl",   "pict",         "themedata", "colorschememapping",
      "datastore", "latentstyles", "xmlnstbl",  "fldinst",
      "filetbl",   "revtbl",       "pgdsctbl",  "nonshppict",
      "shprslt",   "sp",           "objclass",  "objname",
      "objalias",  "objsect",      "xe",        "tc",
      "txe",       "nonesttables", "bkmkstart", "bkmkend",
      "private",   "template",     "falt",      "panose",
      "fontemb",   "fontfile"};
  for (const char* s : kSkipped)
    if (w == s) return true;
  return false;
}

void Reader::control_word(std::string_view w, bool has_param, int param) {
  Group& g = top();
  if (w == "bin") {  // raw bytes, skipped by count whatever they hold
    size_t n = has_param && param > 0 ? static_cast<size_t>(param) : 0;
    n = std::min(n, in_.size() - pos_);
    if (g.dest == Dest::kObjData && objdata_.size() + n <= options_.max_part_bytes)
      objdata_.append(in_.substr(pos_, n));
    pos_ += n;
    if (skip_fallback_ > 0) --skip_fallback_;
    return;
  }
  if (skip_fallback_ > 0) {
    --skip_fallback_;
    return;
  }
  // past max_nesting: characters and breaks only, no destinations or state changes
  static const char* const kTextWords[] = {"u",      "par",    "line",   "tab",       "cell",
                                           "row",    "sect",   "page",   "emdash",    "endash",
                                           "bullet", "lquote", "rquote", "ldblquote", "rdblquote"};
  if (overflow_ > 0 && std::none_of(std::begin(kTextWords), std::end(kTextWords),
                                    [&](const char* t) { return w == t; }))
    return;
  if (g.dest == Dest::kFontTable) {
    if (w == "f" && has_param) {
      font_def_ = param;
      fonts_[param];
    } else if (w == "fcharset" && has_param && font_def_ >= 0) {
      fonts_[font_def_].charset = param;
    } else if (w == "cpg" && has_param && font_def_ >= 0) {
      fonts_[font_def_].cpg = param;
    } else if (star_ || skipped_destination(w)) {
      star_ = false;
      flush();
      g.dest = Dest::kSkip;
    }
    return;
  }
  if (g.dest == Dest::kCreated || g.dest == Dest::kModified) {
    static const char* const kParts[] = {"yr", "mo", "dy", "hr", "min"};
    for (int i = 0; i < 5; ++i)
      if (w == kParts[i] && has_param) date_[i] = param;
    return;
  }
  if (g.dest == Dest::kInfo) {
    if (w == "nofpages" && has_param) out_.metadata["pages"] = std::to_string(param);
    if (w == "nofwords" && has_param) out_.metadata["words"] = std::to_string(param);
  }
  if (skipped_destination(w)) {
    star_ = false;
    if (g.dest != Dest::kSkip) flush();
    if (g.dest != Dest::kObjData) g.dest = Dest::kSkip;
    return;
  }
  // characters and breaks
  if (w == "par" || w == "line" || w == "row" || w == "nestrow" || w == "sect" || w == "page") {
    emit_newline();
  } else if (w == "tab" || w == "cell" || w == "nestcell") {
    emit('\t');
  } else if (w == "u" && has_param) {
    uint32_t u = static_cast<uint32_t>(param < 0 ? param + 65536 : param) & 0xFFFF;
    if (u >= 0xD800 && u < 0xDC00) {
      if (high_surrogate_) emit(0xFFFD);
      high_surrogate_ = u;
    } else if (u >= 0xDC00 && u < 0xE000) {
      if (high_surrogate_) {
        uint32_t hi = high_surrogate_;
        high_surrogate_ = 0;
        emit(0x10000 + ((hi - 0xD800) << 10) + (u - 0xDC00));
      } else {
        emit(0xFFFD);
      }
    } else {
      if (high_surrogate_) {
        high_surrogate_ = 0;
        emit(0xFFFD);
      }
      emit(u);
    }
    skip_fallback_ = g.uc;
  } else if (w == "uc" && has_param) {
    g.uc = std::max(0, param);
  } else if (w == "emdash") {
    emit(0x2014);
  } else if (w == "endash") {
    emit(0x2013);
  } else if (w == "bullet") {
    emit(0x2022);
  } else if (w == "lquote") {
    emit(0x2018);
  } else if (w == "rquote") {
    emit(0x2019);
  } else if (w == "ldblquote") {
    emit(0x201C);
  } else if (w == "rdblquote") {
    emit(0x201D);
  } else if (w == "emspace" || w == "enspace" || w == "qmspace") {
    emit(' ');
  } else if (w == "f" && has_param) {
    g.font = param;
  } else if (w == "plain") {
    g.font = -1;
  } else if (w == "deff" && has_param) {
    deff_ = param;
  } else if (w == "ansicpg" && has_param) {
    ansicpg_ = param;
  } else if (w == "ansi") {
    ansicpg_ = 1252;
  } else if (w == "mac") {
    ansicpg_ = 10000;
  } else if (w == "pc") {
    ansicpg_ = 437;
  } else if (w == "pca") {
    ansicpg_ = 850;
  } else {
    destination(w);
    return;
  }
  star_ = false;
}

Result<Extracted> Reader::run() {
  size_t start = 0;
  if (in_.starts_with("\xEF\xBB\xBF")) start = 3;
  while (start < in_.size() && std::isspace(static_cast<unsigned char>(in_[start]))) ++start;
  if (in_.substr(start, 5) != "{\\rtf")
    return make_error(ErrorCode::kCorrupt, "not RTF: no {\\rtf header");
  stack_.reserve(static_cast<size_t>(std::clamp(options_.max_nesting, 0, 1024)) + 2);
  stack_.push_back(Group{Dest::kSkip});  // outside the document's group
  pos_ = start;
  uint64_t tokens = 0;
  bool ended = false;
  while (pos_ < in_.size()) {
    if ((++tokens & 4095) == 0 && Clock::now() > deadline_)
      return make_error(ErrorCode::kTimeout, "RTF reading took over " +
                                                 std::to_string(options_.time_limit_seconds) +
                                                 " s (office.time_limit_seconds)");
    if (out_.text.size() > options_.max_text_bytes) {
      truncated_ = true;
      break;
    }
    char c = in_[pos_++];
    if (c == '{') {
      if (stack_.size() == 1 && overflow_ == 0) {  // the document's own group
        stack_.push_back(Group{});
        continue;
      }
      open_group();
    } else if (c == '}') {
      if (stack_.size() == 2 && overflow_ == 0) {
        ended = true;
        break;
      }
      close_group();
    } else if (c == '\\') {
      if (pos_ >= in_.size()) break;
      char n = in_[pos_];
      if (std::isalpha(static_cast<unsigned char>(n))) {
        size_t b = pos_;
        while (pos_ < in_.size() && pos_ - b < 32 &&
               std::isalpha(static_cast<unsigned char>(in_[pos_])))
          ++pos_;
        std::string_view word = in_.substr(b, pos_ - b);
        bool neg = false, has_param = false;
        long long v = 0;
        if (pos_ < in_.size() && in_[pos_] == '-') {
          neg = true;
          ++pos_;
        }
        size_t digits = 0;
        while (pos_ < in_.size() && std::isdigit(static_cast<unsigned char>(in_[pos_]))) {
          if (digits++ < 10) v = v * 10 + (in_[pos_] - '0');
          ++pos_;
          has_param = true;
        }
        if (pos_ < in_.size() && in_[pos_] == ' ') ++pos_;  // the delimiter
        v = std::clamp(neg ? -v : v, -2147483647LL, 2147483647LL);
        control_word(word, has_param, static_cast<int>(v));
        continue;
      }
      ++pos_;
      if (n == '\'') {
        int hi = pos_ < in_.size() ? hex_value(in_[pos_]) : -1;
        int lo = pos_ + 1 < in_.size() ? hex_value(in_[pos_ + 1]) : -1;
        if (hi < 0 || lo < 0) continue;  // a broken escape: dropped
        pos_ += 2;
        if (top().dest == Dest::kObjData) continue;
        star_ = false;
        text_byte(static_cast<unsigned char>(hi << 4 | lo));
      } else if (n == '*') {
        star_ = true;
      } else if (n == '\\' || n == '{' || n == '}') {
        star_ = false;
        text_byte(static_cast<unsigned char>(n));
      } else if (n == '~') {
        if (skip_fallback_ > 0) {
          --skip_fallback_;
          continue;
        }
        emit(0x00A0);
      } else if (n == '_') {
        if (skip_fallback_ > 0) {
          --skip_fallback_;
          continue;
        }
        emit(0x2011);
      } else if (n == '-') {
        if (skip_fallback_ > 0) --skip_fallback_;  // an optional hyphen: no character
      } else if (n == '\n' || n == '\r') {
        emit_newline();  // "\<newline>" is \par
      } else if (n == '\t') {
        emit('\t');
      } else if (skip_fallback_ > 0) {
        --skip_fallback_;
      }
    } else if (c == '\r' || c == '\n') {
      // line breaks of the file are not text
    } else {
      star_ = false;
      text_byte(static_cast<unsigned char>(c));
    }
  }
  flush();
  if (!ended && !truncated_)
    out_.warnings.push_back("RTF ends inside " + std::to_string(stack_.size() - 1 + overflow_) +
                            " open groups: text read up to the end");
  if (truncated_ || out_.text.size() > options_.max_text_bytes) {
    size_t cut = std::min<size_t>(out_.text.size(), options_.max_text_bytes);
    while (cut > 0 && (static_cast<unsigned char>(out_.text[cut]) & 0xC0) == 0x80) --cut;
    out_.text.resize(cut);
    out_.warnings.push_back("text cut at " + std::to_string(options_.max_text_bytes) +
                            " bytes (office.max_text_bytes)");
  }
  while (!out_.text.empty() && (out_.text.back() == '\n' || out_.text.back() == ' '))
    out_.text.pop_back();
  auto field = [](std::string s) {
    while (!s.empty() && (s.back() == ';' || std::isspace(static_cast<unsigned char>(s.back()))))
      s.pop_back();
    size_t b = 0;
    while (b < s.size() && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
    return s.substr(b);
  };
  out_.title = field(fields_[0]);
  static const char* const kKeys[] = {nullptr,    "author",      "subject",
                                      "keywords", "description", "generator"};
  for (int i = 1; i < 6; ++i)
    if (std::string v = field(fields_[i]); !v.empty()) out_.metadata[kKeys[i]] = v;
  return std::move(out_);
}

class RtfExtractor final : public Extractor {
 public:
  explicit RtfExtractor(const OfficeOptions& options) : options_(options) {}
  std::string_view name() const override { return "rtf"; }
  Result<Extracted> extract(const Blob& blob) const override {
    return read_rtf(blob.bytes, blob.name, options_);
  }

 private:
  OfficeOptions options_;
};

}  // namespace

Result<Extracted> read_rtf(std::string_view bytes, std::string_view name,
                           const OfficeOptions& options) {
  (void)name;  // the pipeline names the file in messages
  try {
    Reader reader(bytes, options);
    return reader.run();
  } catch (const std::exception& ex) {
    return make_error(ErrorCode::kCorrupt, std::string("RTF: ") + ex.what());
  }
}

std::unique_ptr<Extractor> make_rtf_extractor(const OfficeOptions& options) {
  return std::make_unique<RtfExtractor>(options);
}

}  // namespace trawl
