// The Tesseract and Leptonica adapter: the only file that includes them.
#include <leptonica/allheaders.h>
#include <tesseract/baseapi.h>
#include <tesseract/ocrclass.h>
#include <tesseract/resultiterator.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <optional>
#include <mutex>

#include "core/text.h"
#include "ocr/ocr.h"

namespace trawl {

void reexec_with_single_threaded_openmp(char** argv) {
  const char* current = std::getenv("OMP_THREAD_LIMIT");
  if (current && std::strcmp(current, "1") == 0) return;
  ::setenv("OMP_THREAD_LIMIT", "1", 1);
  ::execv("/proc/self/exe", argv);
  // exec failed (no /proc): go on; OCR will be slower but correct
}

namespace {

struct PixDeleter {
  void operator()(Pix* p) const { pixDestroy(&p); }
};
using PixPtr = std::unique_ptr<Pix, PixDeleter>;

// Below these, Tesseract cannot find text lines at all.
constexpr int kMinSide = 8;
// OSD confidences under these are guesses (measured on rotated and short samples).
// OSD names Korean pages right but with tiny confidence (0.02 on a clean page where
// Cyrillic lines score 20 and Latin pages 3 to 4); CJK is not confused with Latin or
// Cyrillic, so a CJK verdict is taken at any confidence.
constexpr float kMinOrientationConfidence = 1.5f;
// A Latin or Cyrillic verdict under this is checked against the fallback languages: a
// one-line Latin label ("KUM BYOL 3 IMO 8716344 Nampo") came out Cyrillic at 2.2, while
// real Cyrillic pages score 2.8 (a sideways page) to 22, most above 4.
constexpr float kSureScriptConfidence = 3.0f;
// Automatic page layout reading under this mean confidence is retried as one block.
constexpr double kRetryBelowConfidence = 80;
constexpr float kMinScriptConfidence = 0.5f;
// A word read under this confidence is a weak reading (see weak_latin_words).
constexpr float kWeakWordConfidence = 60.0f;
// How much less mean confidence a Russian-only re-reading may have and still be kept.
constexpr double kCyrillicOnlyTolerance = 3;
const std::string kRussianWithEnglish = "rus+eng";
// Latin words of a Korean page read again in Korean, at most.
constexpr int kMaxKoreanRereads = 64;
// OSD runs on the page at half scale from this size (see where it is used).
constexpr uint64_t kHalveOsdFromPixels = 1'500'000;

// TRAWL_OCR_TRACE=1 prints one line per OSD and recognition pass with its time (stderr).
bool trace_enabled() {
  static const bool on = [] {
    const char* v = std::getenv("TRAWL_OCR_TRACE");
    return v && *v && std::strcmp(v, "0") != 0;
  }();
  return on;
}

bool is_cjk_script(std::string_view script) {
  return script == "Hangul" || script == "Han" || script == "Korean" || script == "Japanese" ||
         script == "Katakana" || script == "Hiragana";
}

// A PNG whose chunks stop before IEND is truncated. libpng would say so on stderr from
// inside Leptonica's reader, where it cannot be silenced; checking the chunk lengths
// first gives our own one-line reason instead.
bool png_truncated(std::string_view bytes) {
  size_t pos = 8;  // after the signature
  while (pos + 12 <= bytes.size()) {
    auto b = [&](size_t i) { return static_cast<uint32_t>(static_cast<unsigned char>(bytes[pos + i])); };
    const uint32_t length = (b(0) << 24) | (b(1) << 16) | (b(2) << 8) | b(3);
    if (bytes.substr(pos + 4, 4) == "IEND") return false;
    if (length > bytes.size() - pos - 12) return true;
    pos += 12 + length;
  }
  return true;
}

void quiet_leptonica() {
  static std::once_flag once;
  std::call_once(once, [] { setMsgSeverity(L_SEVERITY_NONE); });
}

std::string languages_for_script(std::string_view script) {
  if (is_cjk_script(script)) return "kor+eng";
  if (script == "Cyrillic") return "rus+eng";
  if (script == "Latin") return "eng";
  return {};
}

class TesseractEngine final : public OcrEngine {
 public:
  explicit TesseractEngine(OcrOptions options) : opt_(std::move(options)) {}

  // Loads the fallback languages now, so that a missing model fails the setup rather
  // than every page.
  bool warm_up(std::string* error) {
    std::string langs = opt_.languages == "auto" ? opt_.fallback_languages : opt_.languages;
    if (!api_for(langs)) {
      *error = "cannot load Tesseract language data '" + langs + "'" +
               (opt_.tessdata_dir.empty() ? "" : " from " + opt_.tessdata_dir);
      return false;
    }
    return true;
  }

  Result<OcrPage> recognize(const GrayImage& image, const OcrHint* hint) override {
    quiet_leptonica();
    if (image.width <= 0 || image.height <= 0 ||
        image.pixels.size() < static_cast<size_t>(image.width) * image.height)
      return make_error(ErrorCode::kCorrupt, "empty page image");
    PixPtr pix(pixCreate(image.width, image.height, 8));
    if (!pix) return make_error(ErrorCode::kTooLarge, "cannot allocate the page image");
    l_uint32* data = pixGetData(pix.get());
    const int wpl = pixGetWpl(pix.get());
    for (int y = 0; y < image.height; ++y) {
      l_uint32* line = data + static_cast<size_t>(y) * wpl;
      const uint8_t* src = image.pixels.data() + static_cast<size_t>(y) * image.width;
      for (int x = 0; x < image.width; ++x) SET_DATA_BYTE(line, x, src[x]);
    }
    if (image.dpi > 0) pixSetResolution(pix.get(), image.dpi, image.dpi);
    return recognize_pix(pix.get(), hint);
  }

  Result<std::vector<Result<OcrPage>>> recognize_image(std::string_view bytes) override {
    quiet_leptonica();
    const auto* data = reinterpret_cast<const l_uint8*>(bytes.data());
    l_int32 format = 0, w = 0, h = 0, bps = 0, spp = 0, iscmap = 0;
    if (bytes.size() < 8 || pixReadHeaderMem(data, bytes.size(), &format, &w, &h, &bps, &spp, &iscmap) != 0 ||
        w <= 0 || h <= 0)
      return make_error(ErrorCode::kCorrupt, "damaged image: no readable header");
    if (w < kMinSide || h < kMinSide)
      return make_error(ErrorCode::kEmpty, "image of " + std::to_string(w) + "x" + std::to_string(h) +
                                               " pixels is too small to hold text");
    const uint64_t pixels = static_cast<uint64_t>(w) * static_cast<uint64_t>(h);
    std::vector<Result<OcrPage>> pages;

    if (format == IFF_JFIF_JPEG) {
      // JPEG decodes at 1/2, 1/4 or 1/8 scale for free: big scans never exist at full size
      int reduction = 1;
      while (reduction < 8 && pixels / (static_cast<uint64_t>(reduction) * reduction) > opt_.max_pixels)
        reduction *= 2;
      PixPtr pix(pixReadMemJpeg(data, bytes.size(), 0, reduction, nullptr, 0));
      if (!pix) return make_error(ErrorCode::kCorrupt, "damaged JPEG: cannot decode");
      auto page = recognize_pix(pix.get(), nullptr);
      if (page && reduction > 1)
        page->warnings.push_back("image of " + std::to_string(w) + "x" + std::to_string(h) +
                                 " pixels decoded at 1/" + std::to_string(reduction) + " scale (ocr.max_pixels)");
      pages.push_back(std::move(page));
      return pages;
    }

    // Leptonica keeps 1-bit images at 1 bit and widens colour to 32 bits per pixel.
    const int depth = bps * spp <= 1 ? 1 : bps * spp <= 8 ? 8 : bps * spp <= 16 ? 16 : 32;
    const uint64_t raster = pixels * depth / 8;
    if (raster > opt_.max_image_bytes)
      return make_error(ErrorCode::kTooLarge,
                        "image of " + std::to_string(w) + "x" + std::to_string(h) + " pixels would need " +
                            std::to_string(raster >> 20) + " MB to decode (ocr.max_image_bytes)");

    if (L_FORMAT_IS_TIFF(format)) {
      int count = tiff_pages(bytes);
      if (count <= 0) count = 1;
      std::optional<OcrHint> hint;
      for (int i = 0; i < count && i < opt_.max_pages; ++i) {
        PixPtr pix(pixReadMemTiff(data, bytes.size(), i));
        if (!pix) {
          pages.push_back(make_error(ErrorCode::kCorrupt, "TIFF page " + std::to_string(i + 1) + " cannot be decoded"));
          continue;
        }
        pages.push_back(recognize_pix(pix.get(), hint ? &*hint : nullptr));
        if (pages.back()) hint = OcrHint{pages.back()->languages, pages.back()->rotation};
      }
      return pages;
    }

    if (format == IFF_PNG && png_truncated(bytes))
      return make_error(ErrorCode::kCorrupt, "damaged image: truncated PNG (its chunks end before IEND)");
    PixPtr pix(pixReadMem(data, bytes.size()));
    if (!pix) return make_error(ErrorCode::kCorrupt, "damaged image: cannot decode");
    pages.push_back(recognize_pix(pix.get(), nullptr));
    return pages;
  }

 private:
  static int tiff_pages(std::string_view bytes) {
    FILE* f = fmemopen(const_cast<char*>(bytes.data()), bytes.size(), "rb");
    if (!f) return 0;
    l_int32 n = 0;
    if (tiffGetCount(f, &n) != 0) n = 0;
    std::fclose(f);
    return n;
  }

  tesseract::TessBaseAPI* api_for(const std::string& languages) {
    auto it = apis_.find(languages);
    if (it != apis_.end()) return it->second.get();
    auto api = std::make_unique<tesseract::TessBaseAPI>();
    const char* datapath = opt_.tessdata_dir.empty() ? nullptr : opt_.tessdata_dir.c_str();
    if (api->Init(datapath, languages.c_str(), tesseract::OEM_LSTM_ONLY) != 0) {
      apis_[languages] = nullptr;  // remember the failure
      return nullptr;
    }
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
        // OSD stops once it has classified this many characters; 10 instead of 50 cuts its
        // time by 60% and keeps every orientation and script verdict on the corpus and the
        // samples right (bench/ocr). Weak script verdicts are double-checked below.
        api->SetVariable("min_characters_to_try", "10");
        api->SetPageSegMode(tesseract::PSM_OSD_ONLY);
        osd_ = std::move(api);
      }
    }
    return osd_.get();
  }

  Result<OcrPage> recognize_pix(Pix* source, const OcrHint* hint) {
    OcrPage page;
    const int w = pixGetWidth(source), h = pixGetHeight(source);
    if (w < kMinSide || h < kMinSide)
      return make_error(ErrorCode::kEmpty, "image of " + std::to_string(w) + "x" + std::to_string(h) +
                                               " pixels is too small to hold text");
    int dpi = pixGetXRes(source);
    const uint64_t pixels = static_cast<uint64_t>(w) * static_cast<uint64_t>(h);
    PixPtr scaled;
    if (pixels > opt_.max_pixels) {
      // scale in the source depth first: a 1-bit 30000x30000 scan is 112 MB, in 8 bits 900 MB
      float scale = static_cast<float>(std::sqrt(static_cast<double>(opt_.max_pixels) / pixels));
      // 1-bit scans go straight to a smaller gray image (pixScale would widen them first)
      scaled.reset(pixGetDepth(source) == 1 ? pixScaleToGray(source, scale) : pixScale(source, scale, scale));
      if (!scaled) return make_error(ErrorCode::kTooLarge, "cannot downscale a page of " + std::to_string(pixels) + " pixels");
      if (dpi > 0) dpi = static_cast<int>(dpi * scale);
      page.warnings.push_back("page of " + std::to_string(w) + "x" + std::to_string(h) +
                              " pixels downscaled to fit ocr.max_pixels");
    }
    PixPtr gray(pixConvertTo8(scaled ? scaled.get() : source, 0));
    if (!gray) return make_error(ErrorCode::kCorrupt, "cannot convert the image to grayscale");
    scaled.reset();
    if (dpi < 70 || dpi > 2400) dpi = 300;  // missing or implausible resolution

    const auto deadline = std::chrono::steady_clock::now() +
                          std::chrono::milliseconds(static_cast<int64_t>(opt_.page_time_limit_seconds * 1000));
    Reading best;
    // The previous page's way of reading first: no OSD when it reads well.
    if (hint && !hint->languages.empty()) {
      // a page read with Russian alone (below) does not make the next one Russian-only
      const std::string& hinted = (hint->languages == "rus" && opt_.languages == "auto") ? kRussianWithEnglish : hint->languages;
      best = read_page(gray.get(), dpi, hinted, hint->rotation, deadline);
      if (best.ok && !best.timed_out && best.confidence >= kRetryBelowConfidence)
        return finish(russian_recheck(std::move(best), gray.get(), dpi, deadline), std::move(page));
    }
    std::string languages = opt_.languages;
    int rotation = 0;
    bool weak_script = false;
    if (tesseract::TessBaseAPI* o = osd()) {
      // OSD classifies a few dozen characters, but first finds them on the whole page: on a
      // page of 1.5 MP or more that search is most of its time, and at half scale (150 dpi
      // for a 300 dpi scan) it takes half as long with the same verdicts (bench/ocr).
      PixPtr half;
      const uint64_t gray_pixels = static_cast<uint64_t>(pixGetWidth(gray.get())) * pixGetHeight(gray.get());
      if (gray_pixels >= kHalveOsdFromPixels) half.reset(pixScaleAreaMap2(gray.get()));
      o->SetImage(half ? half.get() : gray.get());
      o->SetSourceResolution(half ? dpi / 2 : dpi);
      int orient_deg = 0;
      float orient_conf = 0, script_conf = 0;
      const char* script = nullptr;
      auto t0 = std::chrono::steady_clock::now();
      bool osd_ok = o->DetectOrientationScript(&orient_deg, &orient_conf, &script, &script_conf);
      if (trace_enabled())
        std::fprintf(stderr, "trace osd %dx%d %.0f ms deg=%d oc=%.2f script=%s sc=%.2f\n", w, h,
                     std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count(),
                     orient_deg, orient_conf, script ? script : "-", script_conf);
      if (osd_ok) {
        // orient_deg is how far the page is turned; this many degrees clockwise undo it
        int clockwise = (360 - orient_deg) % 360;
        if (orient_conf >= kMinOrientationConfidence) rotation = clockwise;
        if (languages == "auto" && script && (script_conf >= kMinScriptConfidence || is_cjk_script(script))) {
          languages = languages_for_script(script);
          weak_script = !is_cjk_script(script) && script_conf < kSureScriptConfidence;
        }
      }
      o->Clear();
    }
    if (languages == "auto" || languages.empty()) languages = opt_.fallback_languages;
    if (!best.ok || languages != best.languages || rotation != best.rotation) {
      Reading fresh = read_page(gray.get(), dpi, languages, rotation, deadline);
      if (!best.ok || (fresh.ok && fresh.confidence > best.confidence)) best = std::move(fresh);
    }
    if (weak_script && languages != opt_.fallback_languages && best.languages != opt_.fallback_languages) {
      // on a tie the fallback wins: the script verdict was a guess
      Reading other = read_page(gray.get(), dpi, opt_.fallback_languages, rotation, deadline);
      if (other.ok && other.confidence >= best.confidence) best = std::move(other);
    }
    best = russian_recheck(std::move(best), gray.get(), dpi, deadline);
    if (!best.ok && best.error) return *best.error;
    return finish(std::move(best), std::move(page));
  }

 private:
  struct Reading {
    bool ok = false;
    bool timed_out = false;
    std::string text;
    double confidence = 0;
    std::string languages;
    int rotation = 0;
    std::optional<Error> error;
    int weak_latin_words = 0;
  };

  // A Cyrillic page whose reading has Latin words of little confidence: the English
  // model misread letters (pre-1918 і and ѣ came out as "ABICHIARD"). Read again with
  // Russian alone, and keep that unless it is clearly less confident (on modern pages
  // with Latin vessel names rus+eng reads 0.9% CER where rus reads 2.5%, which is why
  // it is the default).
  Reading russian_recheck(Reading best, Pix* gray, int dpi, std::chrono::steady_clock::time_point deadline) {
    if (!best.ok || best.timed_out || opt_.languages != "auto" || best.languages != kRussianWithEnglish ||
        best.weak_latin_words == 0)
      return best;
    Reading russian = read_page(gray, dpi, "rus", best.rotation, deadline);
    if (russian.ok && !russian.timed_out && russian.confidence + kCyrillicOnlyTolerance >= best.confidence &&
        russian.weak_latin_words == 0)
      return russian;
    return best;
  }

  Result<OcrPage> finish(Reading best, OcrPage page) {
    if (!best.ok && best.timed_out)
      return make_error(ErrorCode::kTimeout, "OCR time limit reached before any text was read (ocr.page_time_limit_seconds)");
    if (!best.ok) return make_error(ErrorCode::kCorrupt, "Tesseract could not analyse the page");
    page.text = std::move(best.text);
    page.confidence = best.confidence;
    page.languages = best.languages;
    page.rotation = best.rotation;
    if (best.timed_out) {
      if (page.text.empty())
        return make_error(ErrorCode::kTimeout, "OCR time limit reached before any text was read (ocr.page_time_limit_seconds)");
      page.warnings.push_back("OCR stopped at the time limit; page text is partial (ocr.page_time_limit_seconds)");
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
  Reading read_page(Pix* gray, int dpi, const std::string& languages, int rotation,
                    std::chrono::steady_clock::time_point deadline) {
    Reading r;
    r.languages = languages;
    r.rotation = rotation;
    tesseract::TessBaseAPI* api = api_for(languages);
    if (!api) {
      r.error = make_error(ErrorCode::kFatal, "cannot load Tesseract language data '" + languages + "'");
      return r;
    }
    PixPtr turned;
    if (rotation != 0) {
      turned.reset(pixRotateOrth(gray, rotation / 90));
      if (!turned) {
        r.error = make_error(ErrorCode::kTooLarge, "cannot rotate the page");
        return r;
      }
    }
    Pix* pix = turned ? turned.get() : gray;
    const bool korean = languages.find("kor") != std::string::npos;
    const auto first_mode = korean ? tesseract::PSM_SINGLE_COLUMN : tesseract::PSM_AUTO;
    const auto second_mode = korean ? tesseract::PSM_AUTO : tesseract::PSM_SINGLE_BLOCK;
    Reading first = read(api, pix, dpi, first_mode, deadline, korean);
    // one line of text reads the same as one block: no second mode for it
    const bool one_line = first.text.find('\n') == std::string::npos;
    if (first.ok && !first.timed_out && first.confidence < kRetryBelowConfidence && !one_line) {
      Reading second = read(api, pix, dpi, second_mode, deadline, korean);
      if (second.ok && second.confidence > first.confidence) first = std::move(second);
    }
    first.languages = languages;
    first.rotation = rotation;
    return first;
  }

  Reading read(tesseract::TessBaseAPI* api, Pix* pix, int dpi, tesseract::PageSegMode mode,
               std::chrono::steady_clock::time_point deadline, bool korean = false) {
    Reading r;
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      r.timed_out = true;
      return r;
    }
    api->SetPageSegMode(mode);
    api->SetImage(pix);
    api->SetSourceResolution(dpi);
    tesseract::ETEXT_DESC monitor;
    monitor.set_deadline_msecs(static_cast<int32_t>(left.count()));
    auto t0 = std::chrono::steady_clock::now();
    int rc = api->Recognize(&monitor);
    if (trace_enabled())
      std::fprintf(stderr, "trace read psm=%d %.0f ms conf=%d\n", static_cast<int>(mode),
                   std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count(),
                   api->MeanTextConf());
    r.timed_out = monitor.deadline_exceeded();
    r.ok = rc == 0 || r.timed_out;
    if (r.ok) {
      std::unique_ptr<char[]> text(api->GetUTF8Text());
      r.text = text ? std::string(trim(text.get())) : std::string();
      r.confidence = std::max(0, api->MeanTextConf());
      // Latin words: weak ones on a Cyrillic page mean the English model took letters it
      // does not know (pre-1918 і, ѣ; see russian_recheck); on a Korean page, Korean
      // words come out as Latin noise ("대응을" as "WSS"), read again here.
      std::vector<PageWord> words = page_words(api);
      for (const PageWord& w : words)
        if (w.latin_letters >= 3 && w.confidence < kWeakWordConfidence) ++r.weak_latin_words;
      if (korean && reread_latin_in_korean(pix, dpi, deadline, words) > 0) r.text = with_words_replaced(r.text, words);
      if (trace_enabled()) std::fprintf(stderr, "trace weak latin words %d\n", r.weak_latin_words);
    }
    api->Clear();
    return r;
  }

  // A word of the last recognition, in reading order.
  struct PageWord {
    std::string text, original;  // text: after a re-reading; original: as recognised
    float confidence = 0;
    int left = 0, top = 0, right = 0, bottom = 0;
    int latin_letters = 0;  // and no other letters: a Latin word
  };

  static std::vector<PageWord> page_words(tesseract::TessBaseAPI* api) {
    std::vector<PageWord> words;
    std::unique_ptr<tesseract::ResultIterator> it(api->GetIterator());
    if (!it) return words;
    do {
      std::unique_ptr<char[]> w(it->GetUTF8Text(tesseract::RIL_WORD));
      if (!w) continue;
      PageWord word;
      word.text = word.original = w.get();
      word.confidence = it->Confidence(tesseract::RIL_WORD);
      it->BoundingBox(tesseract::RIL_WORD, &word.left, &word.top, &word.right, &word.bottom);
      int other = 0;
      for (unsigned char b : word.original) {
        if ((b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z')) ++word.latin_letters;
        else if (b >= 0x80) ++other;
      }
      if (other) word.latin_letters = 0;
      words.push_back(std::move(word));
    } while (it->Next(tesseract::RIL_WORD));
    return words;
  }

  // Korean words misread as Latin come with high confidence ("대응을" as "WSS" at 78,
  // where a real "IMO" scores about the same): every Latin word of a Korean page is read
  // again with the Korean model alone, on its own box, and replaced when that reads
  // Hangul more confidently, or no Latin at all far more confidently ("soar" at 0 was
  // "25318" at 94). A real "IMO" reads as low-confidence noise. Returns the words replaced.
  int reread_latin_in_korean(Pix* pix, int dpi, std::chrono::steady_clock::time_point deadline,
                             std::vector<PageWord>& words) {
    tesseract::TessBaseAPI* kor = api_for("kor");
    if (!kor) return 0;
    kor->SetImage(pix);
    kor->SetSourceResolution(dpi);
    kor->SetPageSegMode(tesseract::PSM_SINGLE_LINE);
    constexpr int kPad = 3;
    int tried = 0, fixed = 0;
    for (PageWord& w : words) {
      if (w.latin_letters < 2) continue;
      // bounded: a mostly Latin page called Korean, or the page's time limit
      if (++tried > kMaxKoreanRereads || std::chrono::steady_clock::now() > deadline) break;
      kor->SetRectangle(std::max(0, w.left - kPad), std::max(0, w.top - kPad), w.right - w.left + 2 * kPad,
                        w.bottom - w.top + 2 * kPad);
      std::unique_ptr<char[]> t(kor->GetUTF8Text());
      const int conf = kor->MeanTextConf();
      const std::string again = t ? std::string(trim(t.get())) : std::string();
      bool hangul = false, latin = false;
      for (unsigned char c : again) {
        hangul |= c >= 0xEA && c <= 0xED;
        latin |= (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
      }
      if (trace_enabled())
        std::fprintf(stderr, "trace latin word '%s' %.0f -> '%s' %d\n", w.text.c_str(), w.confidence, again.c_str(), conf);
      const bool better = hangul ? conf > w.confidence : (!latin && conf >= w.confidence + 40);
      if (!again.empty() && again.find('\n') == std::string::npos && better) {
        w.text = again;
        ++fixed;
      }
    }
    kor->Clear();
    return fixed;
  }

  // The page text with each re-read word replaced where it stands (words come in reading
  // order; the spacing is the text's, not the iterator's: Korean words there are often
  // single syllables).
  static std::string with_words_replaced(const std::string& page, const std::vector<PageWord>& words) {
    std::string text;
    size_t cursor = 0;
    for (const PageWord& w : words) {
      if (w.original.empty()) continue;
      const size_t at = page.find(w.original, cursor);
      if (at == std::string::npos) continue;
      text.append(page, cursor, at - cursor);
      text += w.text;
      cursor = at + w.original.size();
    }
    text.append(page, cursor, std::string::npos);
    return text;
  }

  OcrOptions opt_;
  std::map<std::string, std::unique_ptr<tesseract::TessBaseAPI>> apis_;
  std::unique_ptr<tesseract::TessBaseAPI> osd_;
  bool osd_tried_ = false;
};

}  // namespace

Result<std::unique_ptr<OcrEngine>> OcrEngine::create(const OcrOptions& options) {
  auto engine = std::make_unique<TesseractEngine>(options);
  std::string error;
  if (!engine->warm_up(&error)) return make_error(ErrorCode::kFatal, error);
  return std::unique_ptr<OcrEngine>(std::move(engine));
}

}  // namespace trawl
