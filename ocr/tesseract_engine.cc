// The Tesseract adapter: engines set up per language set, OSD, the page read in its
// modes, and the passes of layout.cc and reread.cc run on each reading. Page preparation
// is in page_prep.cc. Only ocr/ includes Tesseract and Leptonica.
#include "ocr/tesseract_engine.h"

#include <tesseract/ocrclass.h>
#include <tesseract/resultiterator.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <iterator>
#include <map>
#include <optional>

#include "core/text.h"
#include "ocr/languages.h"
#include "ocr/layout.h"
#include "ocr/leptonica.h"
#include "ocr/ocr.h"
#include "ocr/page_prep.h"
#include "ocr/reread.h"

namespace trawl {

void reexec_with_single_threaded_openmp(char** argv) {
  const char* current = std::getenv("OMP_THREAD_LIMIT");
  if (current && std::strcmp(current, "1") == 0) return;
  ::setenv("OMP_THREAD_LIMIT", "1", 1);
  ::execv("/proc/self/exe", argv);
  // exec failed (no /proc): go on; OCR will be slower but correct
}

namespace {

// OSD confidences under these are guesses (measured on rotated and short samples).
// OSD names Korean pages right but with tiny confidence (0.02 on a clean page where
// Cyrillic lines score 20 and Latin pages 3 to 4); CJK is not confused with Latin or
// Cyrillic, so a CJK verdict is taken at any confidence.
constexpr float kMinOrientationConfidence = 1.5f;
// A turn named with less confidence than that, but this much, is tried beside upright.
constexpr float kMinWeakOrientationConfidence = 0.5f;
// A Latin or Cyrillic verdict under this is checked against the fallback languages: a
// one-line Latin label ("KUM BYOL 3 IMO 8716344 Nampo") came out Cyrillic at 2.2, while
// real Cyrillic pages score 2.8 (a sideways page) to 22, most above 4.
constexpr float kSureScriptConfidence = 3.0f;
// Automatic page layout reading under this mean confidence is retried as one block,
// unless it is under kNotTextBelowConfidence: then what was found is not text (a photo,
// noise), which one block reads no better, only slower (a page of noise: 8 s more, for
// 17 confidence instead of 25).
constexpr double kRetryBelowConfidence = 80;
constexpr double kNotTextBelowConfidence = 40;
constexpr float kMinScriptConfidence = 0.5f;
// A word read under this confidence is a weak reading (see Reading::weak_latin_words).
constexpr float kWeakWordConfidence = 60.0f;
// How much less mean confidence a Russian-only re-reading may have and still be kept.
constexpr double kCyrillicOnlyTolerance = 3;
// Latin letters the English model reads for Cyrillic capitals of the same shape:
// АВСЕНКМОРТХУ, Ь as b, Л as JI, Ы as bI. Lower case is left out: an English word such
// as "copy" or "pay" is all look-alikes too.
constexpr const char* kCyrillicLookalikes = "ABCEHKMOPTXYbIJ";
// Lines of the table's reading only of pieces under half a word's height read under
// this confidence are dropped (see text_lines).
constexpr float kMaxFragmentConfidence = 50;

}  // namespace

bool is_latin_letter(char32_t c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }
bool is_cyrillic_letter(char32_t c) { return c >= 0x0400 && c <= 0x04FF; }
bool is_hangul_syllable(char32_t c) { return c >= 0xAC00 && c <= 0xD7A3; }

bool has_letter(std::string_view text, bool (*is_letter)(char32_t)) {
  for (size_t pos = 0; pos < text.size();)
    if (is_letter(next_code_point(text, pos))) return true;
  return false;
}

Recognized recognize_by(tesseract::TessBaseAPI* api, Clock::time_point deadline) {
  Recognized out;
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  out.timed_out = left.count() <= 0;
  if (out.timed_out) return out;
  tesseract::ETEXT_DESC monitor;
  monitor.set_deadline_msecs(static_cast<int32_t>(left.count()));
  const int rc = api->Recognize(&monitor);
  out.timed_out = monitor.deadline_exceeded();
  out.ok = rc == 0 || out.timed_out;
  return out;
}

std::string page_text(tesseract::TessBaseAPI* api) {
  std::unique_ptr<char[]> text(api->GetUTF8Text());
  return text ? std::string(trim(text.get())) : std::string();
}

std::vector<PageWord> page_words(tesseract::TessBaseAPI* api) {
  std::vector<PageWord> words;
  std::unique_ptr<tesseract::ResultIterator> it(api->GetIterator());
  if (!it) return words;
  int line = -1;
  int line_top = 0, line_bottom = 0;
  do {
    if (it->IsAtBeginningOf(tesseract::RIL_TEXTLINE)) {
      ++line;
      int left = 0, right = 0;
      it->BoundingBox(tesseract::RIL_TEXTLINE, &left, &line_top, &right, &line_bottom);
    }
    std::unique_ptr<char[]> w(it->GetUTF8Text(tesseract::RIL_WORD));
    if (!w) continue;
    PageWord word;
    word.text = w.get();
    word.blank = trim(word.text).empty();
    word.rule = !word.text.empty() && word.text.find_first_not_of("|_") == std::string::npos;
    word.confidence = it->Confidence(tesseract::RIL_WORD);
    word.line = line;
    word.line_top = line_top;
    word.line_bottom = line_bottom;
    it->BoundingBox(tesseract::RIL_WORD, &word.left, &word.top, &word.right, &word.bottom);
    int other = 0;
    size_t pos = 0;
    while (pos < word.text.size()) {
      const char32_t c = next_code_point(word.text, pos);
      const bool latin = is_latin_letter(c);
      word.latin_letters += latin;
      word.latin |= latin;
      word.cyrillic |= is_cyrillic_letter(c);
      if (latin && std::strchr(kCyrillicLookalikes, static_cast<char>(c)) == nullptr)
        word.lookalike = false;
      other += c >= 0x80;
      word.hangul |= is_hangul_syllable(c);
      word.alnum |= latin || (c >= '0' && c <= '9') || (c >= 0xFF10 && c <= 0xFF5A);
    }
    if (other) word.latin_letters = 0;
    words.push_back(std::move(word));
  } while (it->Next(tesseract::RIL_WORD));
  return words;
}

std::vector<TextLine> text_lines(tesseract::TessBaseAPI* api, const std::vector<PageWord>& words,
                                 int fragment_height) {
  std::vector<TextLine> lines;
  std::unique_ptr<tesseract::ResultIterator> it(api->GetIterator());
  if (!it) return lines;
  int index = 0;
  do {
    TextLine line;
    line.paragraph = it->IsAtBeginningOf(tesseract::RIL_PARA);
    std::unique_ptr<char[]> t(it->GetUTF8Text(tesseract::RIL_TEXTLINE));
    line.text = t ? std::string(trim(t.get())) : std::string();
    bool only_fragments = fragment_height > 0;
    for (const PageWord& w : words)
      if (w.line == index) {
        line.words.push_back(w);
        only_fragments &=
            w.blank || w.rule ||
            (w.bottom - w.top < fragment_height && w.confidence < kMaxFragmentConfidence);
      }
    ++index;
    if (line.text.empty() || line.words.empty() || only_fragments) continue;
    line.top = line.words.front().top;
    for (const PageWord& w : line.words) {
      line.top = std::min(line.top, w.top);
      line.middle += (w.top + w.bottom) / 2;
    }
    line.middle /= static_cast<int>(line.words.size());
    lines.push_back(std::move(line));
  } while (it->Next(tesseract::RIL_TEXTLINE));
  return lines;
}

void read_lines_of(tesseract::TessBaseAPI* api, Pix* pix, int dpi) {
  api->SetImage(pix);
  api->SetSourceResolution(dpi);
  api->SetPageSegMode(tesseract::PSM_SINGLE_LINE);
}

BoxText read_rectangle(tesseract::TessBaseAPI* api, const Rect& box) {
  api->SetRectangle(box.left, box.top, box.width, box.height);
  std::unique_ptr<char[]> t(api->GetUTF8Text());
  BoxText out;
  out.confidence = api->MeanTextConf();
  out.text = t ? std::string(trim(t.get())) : std::string();
  return out;
}

BoxText read_box(tesseract::TessBaseAPI* api, const Rect& box) {
  BoxText out = read_rectangle(api, box);
  if (out.text.find('\n') != std::string::npos) out.text.clear();
  return out;
}

namespace {

// The languages the engine reads with, from the configuration.
struct LanguageChoice {
  std::optional<LanguageSet> fixed;  // ocr.languages; nullopt for "auto" (by OSD's script)
  LanguageSet fallback;  // ocr.fallback_languages, when OSD cannot tell; empty when fixed
};

// ocr.languages and ocr.fallback_languages parsed. An empty ocr.languages (which the
// configuration refuses) reads with the fallback languages, as it always has. kFatal for
// a value that is no language set.
Result<LanguageChoice> choose_languages(const OcrOptions& options) {
  auto parsed = [](const char* key, const std::string& value) -> Result<LanguageSet> {
    auto set = LanguageSet::parse(value);
    if (!set) return make_error(ErrorCode::kFatal, std::string(key) + ": " + set.error().message);
    return set;
  };
  LanguageChoice choice;
  if (options.languages == "auto") {
    auto fallback = parsed("ocr.fallback_languages", options.fallback_languages);
    if (!fallback) return fallback.error();
    choice.fallback = *fallback;
    return choice;
  }
  const bool empty = options.languages.empty();
  auto fixed = empty ? parsed("ocr.fallback_languages", options.fallback_languages)
                     : parsed("ocr.languages", options.languages);
  if (!fixed) return fixed.error();
  choice.fixed = *fixed;
  return choice;
}

class TesseractEngine final : public OcrEngine {
 public:
  TesseractEngine(OcrOptions options, LanguageChoice languages, Trace trace)
      : opt_(std::move(options)), languages_(languages), trace_(trace) {}

  // Loads the languages of a page OSD cannot tell now, so that a missing model fails the
  // setup rather than every page.
  bool warm_up(std::string* error) {
    const LanguageSet langs = languages_.fixed.value_or(languages_.fallback);
    if (!api_for(langs)) {
      *error = "cannot load Tesseract language data '" + langs.to_tesseract() + "'" +
               (opt_.tessdata_dir.empty() ? "" : " from " + opt_.tessdata_dir);
      return false;
    }
    return true;
  }

  Result<OcrPage> recognize(const GrayImage& image, const OcrHint* hint) override {
    auto pix = pix_from_gray(image);
    if (!pix) return pix.error();
    return recognize_pix(pix->get(), hint);
  }

  Result<int> image_pages(std::string_view bytes) override {
    return count_image_pages(bytes, opt_);
  }

  Result<OcrPage> recognize_image_page(std::string_view bytes, int index,
                                       const OcrHint* hint) override {
    auto decoded = decode_image_page(bytes, index, opt_);
    if (!decoded) return decoded.error();
    auto page = recognize_pix(decoded->pix.get(), hint);
    if (page && !decoded->warning.empty()) page->warnings.push_back(std::move(decoded->warning));
    return page;
  }

 private:
  struct Reading {
    bool ok = false;
    bool timed_out = false;
    std::string text;
    double confidence = 0;
    LanguageSet languages;
    int rotation = 0;
    std::optional<Error> error;
    // Latin words read under kWeakWordConfidence: on a Cyrillic page, the English model
    // took letters it does not know (pre-1918 і, ѣ; see russian_recheck)
    int weak_latin_words = 0;
  };

  struct OsdVerdict {
    bool ok = false;
    int orient_deg = 0;
    float orient_conf = 0, script_conf = 0;
    std::string script;
  };

  // The engine for `languages`, set up on first use; nullptr when its models cannot be
  // loaded (remembered: not tried again).
  tesseract::TessBaseAPI* api_for(const LanguageSet& languages) {
    auto it = apis_.find(languages);
    if (it != apis_.end()) return it->second.get();
    auto api = std::make_unique<tesseract::TessBaseAPI>();
    const char* datapath = opt_.tessdata_dir.empty() ? nullptr : opt_.tessdata_dir.c_str();
    const std::string names = languages.to_tesseract();
    const auto t0 = Clock::now();
    if (api->Init(datapath, names.c_str(), tesseract::OEM_LSTM_ONLY) != 0) {
      apis_[languages] = nullptr;
      return nullptr;
    }
    trace_("load %s %.0f ms", names.c_str(), ms_since(t0));
    api->SetVariable("debug_file", "/dev/null");
    tesseract::TessBaseAPI* raw = api.get();
    apis_[languages] = std::move(api);
    return raw;
  }

  tesseract::TessBaseAPI* osd() {
    if (!osd_tried_) {
      osd_tried_ = true;
      auto api = std::make_unique<tesseract::TessBaseAPI>();
      const char* datapath = opt_.tessdata_dir.empty() ? nullptr : opt_.tessdata_dir.c_str();
      if (api->Init(datapath, "osd", tesseract::OEM_TESSERACT_ONLY) == 0) {
        api->SetVariable("debug_file", "/dev/null");
        api->SetPageSegMode(tesseract::PSM_OSD_ONLY);
        osd_ = std::move(api);
      }
    }
    return osd_.get();
  }

  Result<OcrPage> recognize_pix(Pix* source, const OcrHint* hint) {
    const auto started = Clock::now();
    auto prepared = prepare(source, opt_, trace_);
    if (!prepared) return prepared.error();
    trace_("prepare %.0f ms", ms_since(started));
    OcrPage page;
    page.warnings = std::move(prepared->warnings);
    auto result = read_prepared(*prepared, hint, std::move(page));
    trace_("page %.0f ms", ms_since(started));
    return result;
  }

  Result<OcrPage> read_prepared(const Prepared& prepared, const OcrHint* hint, OcrPage page) {
    Pix* gray = prepared.gray.get();
    const int dpi = prepared.dpi;
    PageViews views(gray, large_print_half(prepared, trace_), opt_.max_pixels, trace_);
    const auto deadline =
        Clock::now() +
        std::chrono::milliseconds(static_cast<int64_t>(opt_.page_time_limit_seconds * 1000));
    Reading best;
    // The first page's way of reading first: no OSD when it reads well.
    if (hint && !hint->languages.empty())
      if (auto hinted = LanguageSet::parse(hint->languages)) {
        // a page read with Russian alone (below) does not make the next one Russian-only
        const LanguageSet languages =
            *hinted == kRussianOnly && !languages_.fixed ? kRussianWithEnglish : *hinted;
        best = read_page(views, dpi, languages, hint->rotation, deadline);
        if (best.ok && !best.timed_out && best.confidence >= kRetryBelowConfidence)
          return finish(russian_recheck(std::move(best), views, dpi, deadline), std::move(page));
      }
    std::optional<LanguageSet> chosen = languages_.fixed;
    int rotation = 0;
    int weak_rotation = 0;  // a turn OSD is not sure of: tried as well
    bool weak_script = false;
    if (tesseract::TessBaseAPI* o = osd()) {
      Pix* half = views.half();
      // OSD classifies five times this many characters; 10 instead of 50 cuts its time by
      // 60% and keeps every orientation and script verdict on the corpus and the samples
      // right (bench/ocr). Weak script verdicts are double-checked below. Enlarged small
      // text gets the full 50: with 10, a Korean page at 72 dpi was called Greek.
      OsdVerdict verdict =
          detect(o, half ? half : gray, half ? dpi / 2 : dpi, prepared.enlarged ? 50 : 10);
      if (verdict.ok && !usable_script(verdict) && half) {
        // no script to read the page with (Arabic, say, at 0.00): looked at again in full,
        // with the full 50 characters, before falling back to ocr.fallback_languages
        OsdVerdict again = detect(o, gray, dpi, 50);
        if (again.ok && usable_script(again)) verdict = again;
      }
      if (verdict.ok) {
        // orient_deg is how far the page is turned; this many degrees clockwise undo it
        int clockwise = (360 - verdict.orient_deg) % 360;
        if (verdict.orient_conf >= kMinOrientationConfidence)
          rotation = clockwise;
        else if (clockwise != 0 && verdict.orient_conf >= kMinWeakOrientationConfidence)
          weak_rotation = clockwise;
        if (!languages_.fixed && usable_script(verdict)) {
          chosen = languages_for_script(verdict.script);
          weak_script =
              !is_cjk_script(verdict.script) && verdict.script_conf < kSureScriptConfidence;
        }
      }
    }
    const LanguageSet languages = chosen.value_or(languages_.fallback);
    if (!best.ok || languages != best.languages || rotation != best.rotation) {
      Reading fresh = read_page(views, dpi, languages, rotation, deadline);
      if (!best.ok || (fresh.ok && fresh.confidence > best.confidence)) best = std::move(fresh);
    }
    if (weak_rotation != 0) {
      // OSD names the turn of a sideways or upside-down Korean page right, but often
      // under 1.5 confidence (0.7 to 1.46 on our rotated samples), where on upright pages
      // it says 0: the page is read turned too, and the more confident reading wins
      Reading turned = read_page(views, dpi, languages, weak_rotation, deadline);
      if (turned.ok && (!best.ok || turned.confidence > best.confidence)) best = std::move(turned);
    }
    const LanguageSet& fallback = languages_.fallback;
    if (weak_script && languages != fallback && best.languages != fallback) {
      // on a tie the fallback wins: the script verdict was a guess
      Reading other = read_page(views, dpi, fallback, best.rotation, deadline);
      if (other.ok && other.confidence >= best.confidence) best = std::move(other);
    }
    best = russian_recheck(std::move(best), views, dpi, deadline);
    if (!best.ok && best.error) return *best.error;
    return finish(std::move(best), std::move(page));
  }

  // OSD's verdict on `image`, classifying five times `min_characters` characters.
  OsdVerdict detect(tesseract::TessBaseAPI* o, Pix* image, int dpi, int min_characters) const {
    o->SetVariable("min_characters_to_try", std::to_string(min_characters).c_str());
    o->SetImage(image);
    o->SetSourceResolution(dpi);
    OsdVerdict v;
    const char* script = nullptr;
    const auto t0 = Clock::now();
    v.ok = o->DetectOrientationScript(&v.orient_deg, &v.orient_conf, &script, &v.script_conf);
    if (script) v.script = script;
    trace_("osd %dx%d %.0f ms deg=%d oc=%.2f script=%s sc=%.2f", pixGetWidth(image),
           pixGetHeight(image), ms_since(t0), v.orient_deg, v.orient_conf, script ? script : "-",
           v.script_conf);
    o->Clear();
    return v;
  }

  // Whether the verdict names a script trawl reads: CJK at any confidence (OSD is sure of
  // Korean pages at 0.02, see kMinOrientationConfidence), the others from
  // kMinScriptConfidence.
  static bool usable_script(const OsdVerdict& v) {
    return languages_for_script(v.script).has_value() &&
           (v.script_conf >= kMinScriptConfidence || is_cjk_script(v.script));
  }

  // A Cyrillic page whose reading has Latin words of little confidence: the English
  // model misread letters (pre-1918 і and ѣ came out as "ABICHIARD"). Read again with
  // Russian alone, and keep that unless it is clearly less confident (on modern pages
  // with Latin vessel names rus+eng reads 0.9% CER where rus reads 2.5%, which is why
  // it is the default).
  Reading russian_recheck(Reading best, PageViews& views, int dpi, Clock::time_point deadline) {
    if (!best.ok || best.timed_out || languages_.fixed || best.languages != kRussianWithEnglish ||
        best.weak_latin_words == 0)
      return best;
    Reading russian = read_page(views, dpi, kRussianOnly, best.rotation, deadline);
    if (russian.ok && !russian.timed_out &&
        russian.confidence + kCyrillicOnlyTolerance >= best.confidence &&
        russian.weak_latin_words == 0)
      return russian;
    return best;
  }

  static Result<OcrPage> finish(Reading best, OcrPage page) {
    if (!best.ok && best.timed_out)
      return make_error(
          ErrorCode::kTimeout,
          "OCR time limit reached before any text was read (ocr.page_time_limit_seconds)");
    if (!best.ok) return make_error(ErrorCode::kCorrupt, "Tesseract could not analyse the page");
    page.text = std::move(best.text);
    page.confidence = best.confidence;
    page.languages = best.languages.to_tesseract();
    page.rotation = best.rotation;
    if (best.timed_out) {
      if (page.text.empty())
        return make_error(
            ErrorCode::kTimeout,
            "OCR time limit reached before any text was read (ocr.page_time_limit_seconds)");
      page.warnings.push_back(
          "OCR stopped at the time limit; page text is partial (ocr.page_time_limit_seconds)");
    }
    return page;
  }

  // Reads the page turned `rotation` degrees clockwise with `languages`, in a first
  // segmentation mode, then a second one when the first reads under 80 mean confidence;
  // the more confident reading wins. Measured (docs/ocr.md): with Debian's Korean model
  // automatic layout (psm 3) fails on every Korean page we have (60-91% CER) where one
  // column (psm 4) reads 2-9%; a two-column English page needs automatic layout (9%
  // against 78% CER as one block). So Korean starts with one column, the rest with
  // automatic layout and then one block.
  Reading read_page(PageViews& views, int dpi, const LanguageSet& languages, int rotation,
                    Clock::time_point deadline) {
    Reading r;
    r.languages = languages;
    r.rotation = rotation;
    const bool korean = languages.contains(Language::kKorean);
    // Korean with other languages: the page is read with Korean alone, what has no Hangul
    // again with the others (see read)
    const LanguageSet& model = korean ? kKoreanOnly : languages;
    tesseract::TessBaseAPI* api = api_for(model);
    if (!api) {
      r.error = make_error(ErrorCode::kFatal,
                           "cannot load Tesseract language data '" + model.to_tesseract() + "'");
      return r;
    }
    // Large Latin and Cyrillic print reads better and faster at half scale (letters of
    // 32 pixels and more, 16 and more halved): the UNLV page 9.4% -> 3.7% CER in three
    // quarters of the time, the bench's other pages the same or better (bench/ocr).
    // Not Hangul: the Korean samples read worse (2.9% -> 3.7%).
    const bool halved = views.half() && !korean;
    Pix* pix = views.turned(rotation, halved);
    if (!pix) {
      r.error = make_error(ErrorCode::kTooLarge, "cannot rotate the page");
      return r;
    }
    if (halved) dpi /= 2;
    const auto first_mode = korean ? tesseract::PSM_SINGLE_COLUMN : tesseract::PSM_AUTO;
    const auto second_mode = korean ? tesseract::PSM_AUTO : tesseract::PSM_SINGLE_BLOCK;
    Reading first = read(api, pix, dpi, first_mode, deadline, languages);
    // one line of text reads the same as one block: no second mode for it
    const bool one_line = first.text.find('\n') == std::string::npos;
    if (first.ok && !first.timed_out && first.confidence < kRetryBelowConfidence &&
        first.confidence >= kNotTextBelowConfidence && !one_line) {
      Reading second = read(api, pix, dpi, second_mode, deadline, languages);
      if (second.ok && second.confidence > first.confidence) first = std::move(second);
    }
    first.languages = languages;
    first.rotation = rotation;
    return first;
  }

  // One recognition of `pix` with `api` (the model of `languages`) in `mode`, and the
  // passes on it: a ruled table read box by box, or two columns one after the other
  // (layout.h); on Korean and Cyrillic pages the re-readings (reread.h); text the
  // reading passed over (layout.h); rules dropped.
  Reading read(tesseract::TessBaseAPI* api, Pix* pix, int dpi, tesseract::PageSegMode mode,
               Clock::time_point deadline, const LanguageSet& languages) {
    Reading r;
    api->SetPageSegMode(mode);
    api->SetImage(pix);
    api->SetSourceResolution(dpi);
    const auto t0 = Clock::now();
    const Recognized done = recognize_by(api, deadline);
    r.ok = done.ok;
    r.timed_out = done.timed_out;
    if (trace_)
      trace_("read psm=%d %.0f ms conf=%d", static_cast<int>(mode), ms_since(t0),
             api->MeanTextConf());
    if (r.ok) {
      const ReadContext page{pix, dpi, deadline, trace_};
      r.text = page_text(api);
      // Tesseract gives 95 for a reading without a word (seen on a page 8 degrees askew),
      // which would pass for a good reading of a page with nothing on it
      r.confidence = r.text.empty() ? 0 : std::max(0, api->MeanTextConf());
      // the page in black and white as Tesseract saw it, for read_missed on a page of
      // text (taken before read_table and read_columns give `api` other images)
      PixPtr ink(!r.timed_out && r.confidence >= kNotTextBelowConfidence
                     ? api->GetThresholdedImage()
                     : nullptr);
      std::vector<PageWord> words = page_words(api);
      // a table of ruled cells side by side is read across, line by line, in every mode:
      // its cells are read one by one instead
      bool in_cells = false;
      if (ink && !r.timed_out)
        if (std::optional<PageText> table = read_table(api, page, words)) {
          in_cells = true;
          take(std::move(*table), &r, &words);
        }
      // one column of text assumed, two side by side would be read across, line by line
      if (mode == tesseract::PSM_SINGLE_COLUMN && !r.timed_out && !in_cells)
        if (std::optional<PageText> columns = read_columns(api, page, words))
          take(std::move(*columns), &r, &words);
      for (const PageWord& w : words)
        if (w.latin_letters >= 3 && w.confidence < kWeakWordConfidence) ++r.weak_latin_words;
      std::vector<Replacement> replacements;
      if (languages.contains(Language::kKorean)) {
        // read with Korean alone (see read_page): what has no Hangul again with the others
        if (const LanguageSet others = languages.without(Language::kKorean); !others.empty()) {
          tesseract::TessBaseAPI* others_api = api_for(others);
          tesseract::TessBaseAPI* mixed_api = api_for(languages);
          replacements = reread_non_korean(others_api, mixed_api, page, words);
        }
        std::vector<Replacement> lines = reread_korean_lines(api, page, words, replacements);
        replacements.insert(replacements.end(), std::make_move_iterator(lines.begin()),
                            std::make_move_iterator(lines.end()));
      } else if (languages == kRussianWithEnglish) {
        replacements = reread_latin_on_cyrillic(api_for(kRussianOnly), page, words);
      }
      std::vector<Insertion> insertions;
      if (ink && Clock::now() < deadline) {
        read_lines_of(api, pix, dpi);
        insertions = read_missed(api, ink.get(), deadline, words, trace_);
      }
      replacements = with_edits(words, std::move(replacements), insertions);
      if (!replacements.empty()) {
        r.text = with_replacements(r.text, words, replacements);
        r.confidence = confidence_with(words, replacements);
      }
      trace_("weak latin words %d", r.weak_latin_words);
    }
    api->Clear();
    return r;
  }

  // The page read again in parts replaces the first reading.
  static void take(PageText text, Reading* r, std::vector<PageWord>* words) {
    r->text = std::move(text.text);
    r->confidence = text.confidence;
    *words = std::move(text.words);
  }

  const OcrOptions opt_;
  const LanguageChoice languages_;
  const Trace trace_;
  std::map<LanguageSet, std::unique_ptr<tesseract::TessBaseAPI>> apis_;
  std::unique_ptr<tesseract::TessBaseAPI> osd_;
  bool osd_tried_ = false;
};

// TRAWL_OCR_TRACE=1 (anything but "" and "0") traces as ocr.trace does.
bool trace_from_environment() {
  const char* v = std::getenv("TRAWL_OCR_TRACE");
  return v && *v && std::strcmp(v, "0") != 0;
}

}  // namespace

Result<std::unique_ptr<OcrEngine>> OcrEngine::create(const OcrOptions& options) {
  auto languages = choose_languages(options);
  if (!languages) return languages.error();
  const Trace trace(options.trace || trace_from_environment());
  auto engine = std::make_unique<TesseractEngine>(options, *languages, trace);
  std::string error;
  if (!engine->warm_up(&error)) return make_error(ErrorCode::kFatal, error);
  return std::unique_ptr<OcrEngine>(std::move(engine));
}

}  // namespace trawl
