#include "pipeline/process.h"

#include <fcntl.h>
#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/enumerable_thread_specific.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/partitioner.h>
#include <oneapi/tbb/task_arena.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <functional>

#include "core/text.h"
#include "extractors/charset.h"
#include "extractors/language.h"

namespace trawl {
namespace {

Error os_error(int err) {
  if (err == ENOENT || err == ENOTDIR)
    return make_error(ErrorCode::kNotFound, "no such file or directory");
  if (err == EACCES || err == EPERM) return make_error(ErrorCode::kIo, "permission denied");
  if (err == ELOOP) return make_error(ErrorCode::kIo, "too many levels of symbolic links");
  return make_error(ErrorCode::kIo, std::strerror(err));
}

struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

bool same_file_state(const struct stat& a, const struct stat& b) {
  return a.st_size == b.st_size && a.st_ino == b.st_ino && a.st_dev == b.st_dev &&
         a.st_mtim.tv_sec == b.st_mtim.tv_sec && a.st_mtim.tv_nsec == b.st_mtim.tv_nsec;
}

// The first non-empty line, as a title for documents that carry none.
std::string first_line_title(std::string_view text) {
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find_first_of("\n\f", pos);
    if (end == std::string_view::npos) end = text.size();
    std::string line = one_line(text.substr(pos, end - pos));
    if (!line.empty()) {
      if (line.size() > 120) line = std::string(utf8_prefix(line, 117)) + "...";
      return line;
    }
    pos = end + 1;
  }
  return {};
}

std::string language_hint(std::string_view tag) {
  // "en-US" -> "en"; "ko_KR" -> "ko"
  std::string t = ascii_lower(trim(tag));
  size_t cut = t.find_first_of("-_,; ");
  return cut == std::string::npos ? t : t.substr(0, cut);
}

}  // namespace

Result<FileState> stat_file(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) return os_error(errno);
  if (!S_ISREG(st.st_mode)) return make_error(ErrorCode::kUnsupported, "not a regular file");
  return FileState{static_cast<int64_t>(st.st_size),
                   static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec,
                   static_cast<int64_t>(st.st_ino)};
}

Result<std::string> read_head(const std::string& path, size_t n) {
  Fd f;
  f.fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (f.fd < 0) return os_error(errno);
  std::string out(n, '\0');
  size_t got = 0;
  while (got < n) {
    ssize_t r = ::read(f.fd, out.data() + got, n - got);
    if (r < 0) {
      if (errno == EINTR) continue;
      return os_error(errno);
    }
    if (r == 0) break;
    got += static_cast<size_t>(r);
  }
  out.resize(got);
  return out;
}

Result<std::string> hash_file(const std::string& path, const FileState& expected) {
  Fd f;
  f.fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (f.fd < 0) return os_error(errno);
  Sha256 sha;
  std::string block(1 << 20, '\0');
  for (;;) {
    ssize_t n = ::read(f.fd, block.data(), block.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return os_error(errno);
    }
    if (n == 0) break;
    sha.update(std::string_view(block.data(), static_cast<size_t>(n)));
  }
  Result<FileState> after = stat_file(path);
  if (!after) return after.error();
  if (!(*after == expected)) return make_error(ErrorCode::kIo, "file changed while being read");
  return sha.hex();
}

Result<FileBytes> read_file(const std::string& path, uint64_t max_size) {
  struct stat before;
  if (::stat(path.c_str(), &before) != 0) return os_error(errno);
  if (!S_ISREG(before.st_mode)) return make_error(ErrorCode::kUnsupported, "not a regular file");
  if (before.st_size == 0) return make_error(ErrorCode::kEmpty, "empty file (0 bytes)");
  if (static_cast<uint64_t>(before.st_size) > max_size)
    return make_error(ErrorCode::kTooLarge,
                      "file of " + std::to_string(before.st_size) + " bytes is over the limit of " +
                          std::to_string(max_size) + " (ingest.max_file_size)");
  Fd f;
  f.fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (f.fd < 0) return os_error(errno);
  struct stat opened;
  if (::fstat(f.fd, &opened) != 0) return os_error(errno);
  if (!same_file_state(before, opened))
    return make_error(ErrorCode::kIo, "file changed while being read");

  FileBytes out;
  out.modified_at = opened.st_mtim.tv_sec;
  out.state =
      FileState{static_cast<int64_t>(opened.st_size),
                static_cast<int64_t>(opened.st_mtim.tv_sec) * 1000000000 + opened.st_mtim.tv_nsec,
                static_cast<int64_t>(opened.st_ino)};
  out.bytes.resize(static_cast<size_t>(opened.st_size));
  size_t got = 0;
  while (got < out.bytes.size()) {
    ssize_t n = ::read(f.fd, out.bytes.data() + got, out.bytes.size() - got);
    if (n < 0) {
      if (errno == EINTR) continue;
      return os_error(errno);
    }
    if (n == 0) break;
    got += static_cast<size_t>(n);
  }
  // one byte more would mean the file grew
  char extra;
  ssize_t more = ::read(f.fd, &extra, 1);
  struct stat after_fd, after_path;
  if (got != out.bytes.size() || more > 0 || ::fstat(f.fd, &after_fd) != 0 ||
      !same_file_state(opened, after_fd) || ::stat(path.c_str(), &after_path) != 0 ||
      !same_file_state(opened, after_path))
    return make_error(ErrorCode::kIo, "file changed while being read");
  return out;
}

struct OcrEngines::Impl {
  struct Slot {
    std::unique_ptr<OcrEngine> engine;
    std::optional<Error> error;  // Tesseract could not start: not tried again
  };
  OcrOptions options;
  oneapi::tbb::enumerable_thread_specific<Slot> slots;
};

OcrEngines::OcrEngines(const OcrOptions& options) : impl_(std::make_unique<Impl>()) {
  impl_->options = options;
}
OcrEngines::~OcrEngines() = default;

OcrEngine* OcrEngines::local(Error* error) {
  Impl::Slot& slot = impl_->slots.local();
  if (!slot.engine && !slot.error) {
    auto engine = OcrEngine::create(impl_->options);
    if (engine)
      slot.engine = std::move(*engine);
    else
      slot.error = engine.error();
  }
  if (slot.error) *error = *slot.error;
  return slot.engine.get();
}

Result<std::unique_ptr<Processor>> Processor::create(const ExtractorRegistry& registry,
                                                     const Config& config,
                                                     std::shared_ptr<OcrEngines> engines) {
  auto mime = MimeDetector::create();
  if (!mime) return mime.error();
  if (!engines) engines = std::make_shared<OcrEngines>(config.ocr);
  return std::unique_ptr<Processor>(
      new Processor(registry, config, std::move(*mime), std::move(engines)));
}

OcrEngine* Processor::ocr(Error* error) {
  if (!config_.ocr.enabled) {
    *error = make_error(ErrorCode::kUnsupported, "OCR is disabled (ocr.enabled)");
    return nullptr;
  }
  return engines_->local(error);
}

namespace {

void record_ocr_page(Document& doc, int page_number, const OcrPage& p) {
  if (!doc.ocr) doc.ocr = OcrInfo{};
  doc.ocr->pages.push_back(OcrPageInfo{page_number, p.confidence, p.languages, p.rotation});
  for (const std::string& w : p.warnings)
    doc.warnings.push_back("page " + std::to_string(page_number) + ": " + w);
}

void summarise_ocr(Document& doc) {
  if (!doc.ocr || doc.ocr->pages.empty()) return;
  // over the pages where something was read: a blank page (confidence 0) says nothing
  // about how well the others were read
  double sum = 0;
  size_t read = 0;
  std::vector<std::string> langs;
  for (const OcrPageInfo& p : doc.ocr->pages) {
    if (p.confidence > 0) {
      sum += p.confidence;
      ++read;
    }
    if (std::find(langs.begin(), langs.end(), p.languages) == langs.end())
      langs.push_back(p.languages);
  }
  doc.ocr->mean_confidence = read ? sum / static_cast<double>(read) : 0;
  doc.ocr->languages.clear();
  for (const std::string& l : langs)
    doc.ocr->languages += (doc.ocr->languages.empty() ? "" : ",") + l;
}

// How many of a document's n pages to OCR: at most ocr.max_pages, with a warning when
// that leaves some out.
size_t pages_within_limit(size_t n, int max_pages, Document& doc) {
  const size_t limit = static_cast<size_t>(std::max(0, max_pages));
  if (n <= limit) return n;
  doc.warnings.push_back("OCR stopped after " + std::to_string(max_pages) +
                         " pages (ocr.max_pages)");
  return limit;
}

// Reads pages 0..n-1 of one document with `read_one(engine, k, hint)`, `engine` the
// reading thread's: page 0 alone, then the others at once on every thread of the run
// that is free, each with page 0's languages and turn as the hint (pages of one scan
// usually share them). So the text does not depend on how many threads there are or
// which was free. Isolated: a thread waiting here for the last pages reads pages of this
// document only, not another document that would hold it (and this one's memory)
// meanwhile.
std::vector<Result<OcrPage>> read_pages(
    size_t n, OcrEngines& engines,
    const std::function<Result<OcrPage>(OcrEngine&, size_t, const OcrHint*)>& read_one) {
  auto read_page = [&](size_t k, const OcrHint* hint) -> Result<OcrPage> {
    Error no_engine{ErrorCode::kUnsupported, ""};
    OcrEngine* engine = engines.local(&no_engine);
    if (!engine) return no_engine;
    return read_one(*engine, k, hint);
  };
  std::vector<Result<OcrPage>> read;
  if (n == 0) return read;
  read.reserve(n);
  read.push_back(read_page(0, nullptr));
  std::optional<OcrHint> hint;  // a page where nothing was read says nothing of the others
  if (read[0] && read[0]->confidence > 0) hint = OcrHint{read[0]->languages, read[0]->rotation};
  for (size_t k = 1; k < n; ++k) read.push_back(make_error(ErrorCode::kCorrupt, "not read"));
  oneapi::tbb::this_task_arena::isolate([&] {
    oneapi::tbb::parallel_for(
        oneapi::tbb::blocked_range<size_t>(1, n, 1),
        [&](const oneapi::tbb::blocked_range<size_t>& range) {
          for (size_t k = range.begin(); k != range.end(); ++k)
            read[k] = read_page(k, hint ? &*hint : nullptr);
        },
        oneapi::tbb::simple_partitioner());
  });
  return read;
}

}  // namespace

Status Processor::ocr_image(Document& doc, std::string_view bytes, Extracted& e) {
  Error why{ErrorCode::kUnsupported, ""};
  OcrEngine* engine = ocr(&why);
  if (!engine) return make_error(why.code, "image needs OCR: " + why.message);
  auto count = engine->image_pages(bytes);
  if (!count) return count.error();
  const size_t n = pages_within_limit(static_cast<size_t>(*count), config_.ocr.max_pages, doc);
  std::vector<Result<OcrPage>> pages =
      read_pages(n, *engines_, [&](OcrEngine& reader, size_t k, const OcrHint* hint) {
        return reader.recognize_image_page(bytes, static_cast<int>(k), hint);
      });
  std::optional<Error> first_error;
  bool any = false;
  for (size_t i = 0; i < pages.size(); ++i) {
    Result<OcrPage>& p = pages[i];
    const int number = static_cast<int>(i) + 1;
    if (!p) {
      if (!first_error) first_error = p.error();
      e.pages.emplace_back();
      doc.warnings.push_back("page " + std::to_string(number) + ": " + p.error().message);
      continue;
    }
    any = true;
    e.pages.push_back(p->text);
    record_ocr_page(doc, number, *p);
  }
  if (!any)
    return first_error ? *first_error : make_error(ErrorCode::kCorrupt, "image has no pages");
  for (size_t i = 0; i < e.pages.size(); ++i) e.text += (i ? "\f" : "") + e.pages[i];
  if (e.pages.size() == 1)
    e.pages.clear();  // a single image is not a paged document
  else
    e.metadata["pages"] = std::to_string(pages.size());
  return {};
}

// The pages are read with read_pages. Each thread opens the PDF for itself: a poppler
// document is not shared across threads.
void Processor::ocr_pdf_pages(Document& doc, std::string_view bytes, Extracted& e) {
  Error why{ErrorCode::kUnsupported, ""};
  if (!ocr(&why)) {
    doc.warnings.push_back(std::to_string(e.ocr_pages.size()) +
                           " pages without a text layer not OCRed: " + why.message);
    return;
  }
  oneapi::tbb::enumerable_thread_specific<std::unique_ptr<PdfPageRenderer>> renderers;
  // this thread's renderer, opened on first use
  auto renderer_here = [&]() -> Result<PdfPageRenderer*> {
    std::unique_ptr<PdfPageRenderer>& renderer = renderers.local();
    if (!renderer) {
      auto opened = PdfPageRenderer::open(bytes, config_.pdf);
      if (!opened) return opened.error();
      renderer = std::move(*opened);
    }
    return renderer.get();
  };
  if (auto first = renderer_here(); !first) {
    doc.warnings.push_back("pages cannot be rendered for OCR: " + first.error().message);
    return;
  }
  std::vector<int> pages_to_read = e.ocr_pages;
  pages_to_read.resize(pages_within_limit(pages_to_read.size(), config_.ocr.max_pages, doc));
  if (pages_to_read.empty()) return;

  std::vector<Result<OcrPage>> read = read_pages(
      pages_to_read.size(), *engines_,
      [&](OcrEngine& reader, size_t k, const OcrHint* hint) -> Result<OcrPage> {
        auto renderer = renderer_here();
        if (!renderer) return renderer.error();
        auto image = (*renderer)->render(pages_to_read[k], config_.ocr.dpi, config_.ocr.max_pixels);
        if (!image) return image.error();
        return reader.recognize(*image, hint);
      });

  for (size_t k = 0; k < pages_to_read.size(); ++k) {
    const int index = pages_to_read[k];
    const int number = index + 1;
    if (!read[k]) {
      doc.warnings.push_back("page " + std::to_string(number) + ": " + read[k].error().message);
      continue;
    }
    std::string& text = e.pages[index];
    // Keep what little readable text layer there was (a stamped page number, a header)
    // before the OCR text; a layer of mojibake is replaced.
    std::string layer(trim(text));
    text = layer.empty() || text_plausibility(layer) < kMinTextPlausibility
               ? read[k]->text
               : layer + "\n" + read[k]->text;
    record_ocr_page(doc, number, *read[k]);
  }
  e.text.clear();
  for (size_t i = 0; i < e.pages.size(); ++i) {
    if (i) e.text += '\f';
    e.text += e.pages[i];
  }
}

void Processor::identify(Document& doc, std::string_view bytes) {
  doc.id = sha256_hex(bytes);
  doc.size = bytes.size();
  const std::string name = doc.locations.empty() ? std::string() : doc.locations.front().uri;
  doc.mime = mime_->detect(bytes, name);
}

void Processor::identify_head(Document& doc, std::string_view head) {
  const std::string name = doc.locations.empty() ? std::string() : doc.locations.front().uri;
  doc.mime = mime_->detect(head, name);
}

void Processor::process(Document& doc, std::string_view bytes,
                        const std::vector<std::string>& declared_charsets,
                        const std::string& feed_date, std::vector<Embedded>* children) {
  try {
    if (doc.id.empty()) identify(doc, bytes);
    if (bytes.empty()) {
      doc.fail(Stage::kRead, make_error(ErrorCode::kEmpty, "empty file (0 bytes)"));
      return;
    }
    extract(doc, bytes, declared_charsets, feed_date, children);
  } catch (const std::exception& e) {
    doc.fail(Stage::kExtract,
             make_error(ErrorCode::kCorrupt, std::string("unexpected error: ") + e.what()));
  } catch (...) {
    doc.fail(Stage::kExtract, make_error(ErrorCode::kCorrupt, "unexpected error"));
  }
}

void Processor::extract(Document& doc, std::string_view bytes,
                        const std::vector<std::string>& declared, const std::string& feed_date,
                        std::vector<Embedded>* children) {
  Extracted e;
  if (doc.mime.starts_with("image/")) {
    if (Status s = ocr_image(doc, bytes, e); !s) {
      doc.fail(Stage::kOcr, s.error());
      return;
    }
  } else {
    const Extractor* ex = registry_.find(doc.mime);
    if (!ex) {
      doc.fail(Stage::kIdentify,
               make_error(ErrorCode::kUnsupported, "unsupported type " + doc.mime));
      return;
    }
    Blob blob{bytes, doc.mime, doc.primary_location(), declared};
    Result<Extracted> r = ex->extract(blob);
    if (!r) {
      doc.fail(Stage::kExtract, r.error());
      return;
    }
    e = std::move(*r);
    if (!e.ocr_pages.empty()) ocr_pdf_pages(doc, bytes, e);
  }
  summarise_ocr(doc);
  doc.encoding = e.encoding;
  doc.title = to_nfc(e.title);
  doc.text = to_nfc(e.text);
  for (std::string& p : e.pages) doc.pages.push_back(to_nfc(p));
  for (auto& [k, v] : e.metadata) doc.metadata[k] = v;
  doc.date = e.date;
  if (doc.date.empty() && !feed_date.empty()) {
    doc.date = feed_date;
    doc.metadata["date_source"] = "feed";
  }
  doc.links = std::move(e.links);
  if (children) {
    const size_t max = static_cast<size_t>(std::max(0, config_.office.max_children));
    if (e.children.size() > max) {
      doc.warnings.push_back("holds " + std::to_string(e.children.size()) +
                             " embedded files; the first " + std::to_string(max) +
                             " are read (office.max_children)");
      e.children.resize(max);
    }
    // a child that could not be read is its own failed document; its parent says so too
    for (const Embedded& c : e.children)
      if (c.error)
        doc.warnings.push_back(c.error->message.find(c.name) != std::string::npos
                                   ? c.error->message
                                   : c.name + ": " + c.error->message);
    *children = std::move(e.children);
  }
  for (std::string& w : e.warnings) doc.warnings.push_back(std::move(w));
  if (doc.title.empty()) doc.title = first_line_title(doc.text);

  LanguageGuess lang =
      detect_language(doc.text.empty() ? doc.title : doc.text, language_hint(e.language_hint));
  doc.language = lang.code;
  doc.language_confidence = lang.confidence;
  if (one_line(doc.text).empty()) doc.warnings.push_back("no text extracted");
  if (tagger_) {
    doc.entities = tagger_->tag(doc.text);
    // no date from the source: the first date in the document's first lines
    if (doc.date.empty()) {
      doc.date = first_dated_line(doc.text, doc.entities);
      if (!doc.date.empty()) doc.metadata["date_source"] = "text";
    }
  }
}

}  // namespace trawl
