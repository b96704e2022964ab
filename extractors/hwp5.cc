// HWP 5 (Hancom's binary word-processor format, "한글문서파일형식 5.0" revision 1.3): a
// compound file (ole.h) holding FileHeader (signature, version, properties), DocInfo,
// BodyText/Section0..N (records, raw-deflate compressed when FileHeader says so; read in
// number order), BinData/BIN%04X.ext (embedded files: children), PrvText (a preview of
// the first pages, UTF-16LE) and \005HwpSummaryInformation (title, author, dates).
//
// The text: each paragraph a line, tables as tab-separated rows, and the paragraphs of
// footnotes, endnotes, headers, footers and text boxes as lines of their own just before
// the paragraph that anchors them (headers and footers are anchored in the first
// paragraph of their section, so they come at the start of the section's text; a
// footnote before the line that cites it). See hwp5_records.h.
//
// What cannot be read: a password-protected document (FileHeader bit 1) is kEncrypted.
// A distribution document (bit 2) keeps its text AES-encrypted in ViewText/: we index
// its PrvText preview with a warning when it has one, else kEncrypted. A section whose
// stream does not inflate or whose records are bad is a warning and the other sections
// are still read; when no section can be read at all, the preview is the text (a
// warning), and without one the file is kCorrupt.
#include <algorithm>
#include <cstdlib>

#include "core/text.h"
#include "extractors/extractor.h"
#include "extractors/hwp5_records.h"
#include "extractors/office_package.h"
#include "extractors/ole.h"

namespace trawl {
namespace {

constexpr std::string_view kSignature = "HWP Document File";

uint32_t le32(std::string_view b, size_t at) {
  uint32_t v = 0;
  for (int k = 3; k >= 0; --k) v = v << 8 | static_cast<unsigned char>(b[at + k]);
  return v;
}

std::string utf16le_text(std::string_view b) {
  std::string out = utf16le_to_utf8(b);
  if (const size_t nul = out.find('\0'); nul != std::string::npos) out.resize(nul);
  std::erase(out, '\r');
  return out;
}

// "Section12" -> 12; -1 for anything else.
long section_number(std::string_view name) {
  if (!name.starts_with("Section") || name.size() == 7 || name.size() > 16) return -1;
  long n = 0;
  for (char c : name.substr(7)) {
    if (c < '0' || c > '9') return -1;
    n = n * 10 + (c - '0');
  }
  return n;
}

std::string mime_of_ext(std::string ext) {
  ext = ascii_lower(ext);
  if (ext == "png") return "image/png";
  if (ext == "jpg" || ext == "jpeg") return "image/jpeg";
  if (ext == "gif") return "image/gif";
  if (ext == "bmp") return "image/bmp";
  if (ext == "tif" || ext == "tiff") return "image/tiff";
  return "";
}

bool looks_like_image(std::string_view b) {
  return b.starts_with("\x89PNG") || b.starts_with("\xFF\xD8\xFF") || b.starts_with("GIF8") ||
         b.starts_with("BM") || b.starts_with("II*") || b.starts_with("MM\0*");
}

class Hwp5Extractor final : public Extractor {
 public:
  explicit Hwp5Extractor(const OfficeOptions& options) : options_(options) {}
  std::string_view name() const override { return "hwp5"; }

  Result<Extracted> extract(const Blob& blob) const override {
    try {
      return read(blob);
    } catch (const std::bad_alloc&) {
      return make_error(ErrorCode::kTooLarge, "out of memory reading the HWP document");
    } catch (const std::exception& ex) {
      return make_error(ErrorCode::kCorrupt,
                        std::string("cannot read the HWP document: ") + ex.what());
    }
  }

 private:
  // The state of one document's reading.
  struct Reading {
    const ole::CompoundFile& cf;
    const Deadline& deadline;
    bool compressed = false;
    uint64_t total = 0;  // bytes read and inflated so far
  };

  // A stream, inflated when `compressed`; errors name the stream.
  Result<std::string> stream(Reading& rd, const std::string& path, bool compressed) const {
    auto raw = rd.cf.read(path, options_.max_part_bytes);
    if (!raw) return raw.error();  // names the stream already
    auto over_total = [&] {
      return make_error(ErrorCode::kTooLarge, path + ": over office.max_total_bytes (" +
                                                  std::to_string(options_.max_total_bytes) +
                                                  " bytes)");
    };
    rd.total += raw->size();
    if (rd.total > options_.max_total_bytes) return over_total();
    if (!compressed) return raw;
    bool truncated = false;
    auto data = hwp5::inflate_raw(
        *raw, std::min(options_.max_part_bytes, options_.max_total_bytes - rd.total + 1),
        rd.deadline, &truncated);
    if (!data) return make_error(data.error().code, path + ": " + data.error().message);
    rd.total += data->size();
    if (rd.total > options_.max_total_bytes) return over_total();
    if (truncated) return make_error(ErrorCode::kCorrupt, path + ": compressed stream cut short");
    return data;
  }

  Result<Extracted> read(const Blob& blob) const {
    Deadline deadline(options_.time_limit_seconds);
    // libmagic names HWP 3 files (a format of their own, not a compound file) alike
    if (blob.bytes.starts_with("HWP Document File V3"))
      return make_error(ErrorCode::kUnsupported, "HWP 3 document (only HWP 5 is read)");
    auto cf = ole::CompoundFile::open(blob.bytes, blob.name);
    if (!cf) return cf.error();
    auto header = cf->read("FileHeader", 4096);
    if (!header) {
      if (header.error().code == ErrorCode::kNotFound)
        return make_error(ErrorCode::kCorrupt, "not an HWP 5 document: no FileHeader stream");
      return header.error();  // names FileHeader
    }
    if (header->size() < 40 || !header->starts_with(kSignature))
      return make_error(ErrorCode::kCorrupt, "not an HWP 5 document: no signature in FileHeader");
    const uint32_t props = le32(*header, 36);
    if (props & 2) return make_error(ErrorCode::kEncrypted, "password-protected HWP");

    Extracted e;
    read_summary(*cf, e);
    Reading rd{*cf, deadline, (props & 1) != 0, 0};

    if (props & 4) {
      // distribution document: ViewText/ is AES-encrypted; the preview is plain
      std::string preview = read_preview(*cf);
      if (one_line(preview).empty())
        return make_error(ErrorCode::kEncrypted,
                          "HWP distribution document: its text is encrypted");
      e.text = std::move(preview);
      e.warnings.push_back(
          "HWP distribution document: its text is encrypted, only the preview (PrvText) was read");
      add_children(rd, e);
      add_file_warnings(*cf, e);
      return e;
    }

    // DocInfo: how each embedded file is stored
    std::map<int, hwp5::BinData> bins;
    std::string docinfo_bytes;
    if (auto di = stream(rd, "DocInfo", rd.compressed); di) {
      docinfo_bytes = std::move(*di);
      auto recs = hwp5::split_records(docinfo_bytes);
      bins = hwp5::bin_data(recs.records);
      if (recs.error) e.warnings.push_back("DocInfo: " + *recs.error);
    } else if (di.error().code != ErrorCode::kNotFound) {
      e.warnings.push_back(di.error().message);
    }

    std::vector<std::pair<long, std::string>> sections;
    for (const ole::Entry& s : cf->children("BodyText"))
      if (!s.storage && section_number(s.name) >= 0)
        sections.emplace_back(section_number(s.name), s.name);
    std::sort(sections.begin(), sections.end());

    TextBuilder out(options_.max_text_bytes);
    int read_ok = 0;
    for (const auto& [n, name] : sections) {
      if (deadline.passed()) return timeout("BodyText/" + name);
      const std::string path = "BodyText/" + name;
      auto data = stream(rd, path, rd.compressed);
      if (!data) {
        if (data.error().code == ErrorCode::kTimeout) return timeout(path);
        e.warnings.push_back(data.error().message);
        if (rd.total > options_.max_total_bytes) break;
        continue;
      }
      auto recs = hwp5::split_records(*data);
      if (recs.error) e.warnings.push_back(path + ": " + *recs.error);
      if (recs.records.empty()) continue;
      ++read_ok;
      if (!hwp5::section_text(recs.records, out, deadline)) return timeout(path);
      if (out.full()) break;
    }
    if (out.full())
      e.warnings.push_back("text cut at office.max_text_bytes (" +
                           std::to_string(options_.max_text_bytes) + " bytes)");
    e.text = out.take_text();
    if (read_ok == 0 && one_line(e.text).empty()) {
      std::string preview = read_preview(*cf);
      if (!one_line(preview).empty()) {
        e.text = std::move(preview);
        e.warnings.push_back(sections.empty()
                                 ? "no BodyText sections: only the preview (PrvText) was read"
                                 : "no section could be read: only the preview (PrvText) was read");
      } else if (sections.empty()) {
        return make_error(ErrorCode::kCorrupt, "HWP document without BodyText sections");
      } else {
        // the first section's reason (DocInfo's would say less about the text)
        auto first = std::find_if(e.warnings.begin(), e.warnings.end(),
                                  [](const std::string& w) { return w.starts_with("BodyText/"); });
        if (first != e.warnings.end()) return make_error(ErrorCode::kCorrupt, *first);
        return make_error(ErrorCode::kCorrupt,
                          e.warnings.empty() ? "no section could be read" : e.warnings.front());
      }
    }
    e.metadata["sections"] = std::to_string(sections.size());
    add_children(rd, e, &bins);
    add_file_warnings(*cf, e);
    return e;
  }

  // What the compound-file reader noticed (a sector chain that does not end) about
  // streams that were read anyway: a warning, unless the stream has one already.
  static void add_file_warnings(const ole::CompoundFile& cf, Extracted& e) {
    for (const std::string& w : cf.warnings()) {
      const std::string stream = w.substr(0, w.find(": ") + 2);
      if (std::none_of(e.warnings.begin(), e.warnings.end(),
                       [&](const std::string& have) { return have.starts_with(stream); }))
        e.warnings.push_back(w);
    }
  }

  Error timeout(const std::string& where) const {
    return make_error(ErrorCode::kTimeout, "over office.time_limit_seconds (" +
                                               std::to_string(options_.time_limit_seconds) +
                                               " s) reading " + where);
  }

  std::string read_preview(const ole::CompoundFile& cf) const {
    auto prv = cf.read_prefix("PrvText", std::min<uint64_t>(options_.max_part_bytes, 1 << 20));
    if (!prv) return {};
    return utf16le_text(*prv);
  }

  void read_summary(const ole::CompoundFile& cf, Extracted& e) const {
    if (auto s = cf.summary("\005HwpSummaryInformation")) add_summary(*s, e);
  }

  // BinData/ streams become children: inflated unless DocInfo's BIN_DATA says stored
  // (or, without it, as the document is).
  void add_children(Reading& rd, Extracted& e,
                    const std::map<int, hwp5::BinData>* bins = nullptr) const {
    for (const ole::Entry& b : rd.cf.children("BinData")) {
      if (b.storage) continue;
      if (e.children.size() >= static_cast<size_t>(options_.max_children)) {
        e.warnings.push_back("more embedded files than office.max_children (" +
                             std::to_string(options_.max_children) + "): the rest are not read");
        return;
      }
      bool compressed = rd.compressed;
      std::string ext;
      if (const size_t dot = b.name.rfind('.'); dot != std::string::npos)
        ext = b.name.substr(dot + 1);
      if (bins && b.name.size() > 3 && b.name.starts_with("BIN")) {
        const int id = static_cast<int>(std::strtol(b.name.c_str() + 3, nullptr, 16));
        if (auto it = bins->find(id); it != bins->end()) {
          if (it->second.compression == 1) compressed = true;
          if (it->second.compression == 2) compressed = false;
        }
      }
      Embedded child;
      child.name = "BinData/" + b.name;
      child.mime = mime_of_ext(ext);
      auto data = stream(rd, child.name, compressed);
      if (data) {
        child.bytes = std::move(*data);
      } else if (compressed && data.error().code == ErrorCode::kCorrupt) {
        // some writers store an image uncompressed whatever the flags say
        auto raw = rd.cf.read(child.name, options_.max_part_bytes);
        if (raw && looks_like_image(*raw))
          child.bytes = std::move(*raw);
        else
          child.error = data.error();
      } else {
        child.error = data.error();
      }
      if (child.bytes.empty() && !child.error) continue;
      e.children.push_back(std::move(child));
      if (rd.total > options_.max_total_bytes) {
        e.warnings.push_back("over office.max_total_bytes: the other embedded files are not read");
        return;
      }
    }
  }

  OfficeOptions options_;
};

}  // namespace

std::unique_ptr<Extractor> make_hwp5_extractor(const OfficeOptions& options) {
  return std::make_unique<Hwp5Extractor>(options);
}

}  // namespace trawl
