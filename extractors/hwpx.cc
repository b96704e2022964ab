// HWPX (OWPML, KS X 6101: the zip-and-XML format of Hancom Office 2010 and later): the
// sections in the order of Contents/content.hpf's spine (else section0.xml,
// section1.xml... in number order), each paragraph (hp:p) a line; the text is what hp:t
// holds, with hp:tab, hp:lineBreak and the special spaces inside it; tables (hp:tbl) as
// rows of tab-separated cells; footnotes, endnotes, headers, footers and text boxes (a
// hp:subList inside a run) as lines of their own. content.hpf's metadata gives the
// title, author and dates; BinData/ the children (images go to OCR). When no section
// can be read, Preview/PrvText.txt (the preview Hancom writes: the first page or so) is
// the text, with a warning. An encrypted package is kEncrypted.
#include <algorithm>

#include "core/text.h"
#include "extractors/charset.h"
#include "extractors/office_package.h"

namespace trawl {
namespace {

bool is_owpml(std::string_view ns) { return ns.starts_with("http://www.hancom.co.kr/hwpml/"); }

// Returns false when the time limit is over.
bool read_section(const Package& package, const std::string& part, const OfficeOptions& options,
                  const Deadline& deadline, TextBuilder& out, Extracted& e) {
  const std::string* bytes = package.part(part);
  if (!bytes) {
    auto skipped = package.skipped().find(part);
    e.warnings.push_back(part + ": " +
                         (skipped != package.skipped().end() ? skipped->second : "missing"));
    return true;
  }
  XmlStream xml(*bytes, part, options, deadline);
  using Ev = XmlStream::Event;
  int in_t = 0;
  for (Ev ev; (ev = xml.next()) != Ev::kDone && !out.full();) {
    if (ev == Ev::kText) {
      if (in_t) out.append(xml.text());
      continue;
    }
    if (!is_owpml(xml.ns())) continue;
    const std::string_view n = xml.name();
    if (ev == Ev::kStart) {
      if (n == "p") {
        out.begin_paragraph();
      } else if (n == "t") {
        ++in_t;
      } else if (n == "tab") {
        if (in_t) out.tab();
      } else if (n == "lineBreak") {
        if (in_t) out.line_break();
      } else if (n == "nbSpace" || n == "fwSpace") {
        if (in_t) out.append(" ");
      } else if (n == "hyphen") {
        if (in_t) out.append("-");
      } else if (n == "tbl") {
        out.begin_table();
      } else if (n == "tr") {
        out.begin_row();
      } else if (n == "tc") {
        out.begin_cell();
      } else if (n == "parameters" || n == "linesegarray" || n == "markpenBegin") {
        xml.skip();  // field parameters and layout: no text
      }
    } else if (ev == Ev::kEnd) {
      if (n == "p")
        out.end_paragraph();
      else if (n == "t")
        in_t = std::max(0, in_t - 1);
      else if (n == "tc")
        out.end_cell();
      else if (n == "tr")
        out.end_row();
      else if (n == "tbl")
        out.end_table();
    }
  }
  return note_stream_end(xml, part, e);
}

// The section parts: the spine of content.hpf, else Contents/sectionN.xml by N.
std::vector<std::string> section_parts(const Package& package, const OfficeOptions& options,
                                       const Deadline& deadline) {
  std::vector<std::string> out;
  if (const std::string* hpf = package.part("Contents/content.hpf")) {
    std::map<std::string, std::string> items;  // id -> href
    std::vector<std::string> spine;
    XmlStream xml(*hpf, "Contents/content.hpf", options, deadline);
    for (XmlStream::Event ev; (ev = xml.next()) != XmlStream::Event::kDone;) {
      if (ev != XmlStream::Event::kStart) continue;
      if (xml.name() == "item") {
        items[xml.attr("id").value_or("")] = xml.attr("href").value_or("");
      } else if (xml.name() == "itemref") {
        spine.push_back(xml.attr("idref").value_or(""));
      }
    }
    for (const std::string& id : spine) {
      auto it = items.find(id);
      if (it == items.end() || it->second.empty()) continue;
      const std::string part = resolve_part("", it->second);
      // the spine also lists the header part: only sections are body text
      if (part.find("section") != std::string::npos) out.push_back(part);
    }
  }
  if (out.empty()) {
    std::vector<std::pair<long, std::string>> numbered;
    for (const std::string& p : package.paths()) {
      if (p.starts_with("Contents/section") && p.ends_with(".xml"))
        numbered.emplace_back(std::strtol(p.c_str() + 16, nullptr, 10), p);
    }
    std::sort(numbered.begin(), numbered.end());
    for (auto& [n, p] : numbered) out.push_back(p);
  }
  return out;
}

class HwpxExtractor final : public Extractor {
 public:
  explicit HwpxExtractor(const OfficeOptions& options) : options_(options) {}
  std::string_view name() const override { return "hwpx"; }

  Result<Extracted> extract(const Blob& blob) const override {
    try {
      return read(blob);
    } catch (const std::exception& ex) {
      return make_error(ErrorCode::kCorrupt, std::string("cannot read the package: ") + ex.what());
    }
  }

 private:
  Result<Extracted> read(const Blob& blob) const {
    Deadline deadline(options_.time_limit_seconds);
    auto package = Package::open(blob.bytes, blob.name, options_);
    if (!package) return package.error();
    if (const std::string* manifest = package->part("META-INF/manifest.xml");
        manifest && manifest->find("encryption-data") != std::string::npos)
      return make_error(ErrorCode::kEncrypted, "password-protected HWPX document");
    Extracted e;
    e.warnings = std::move(package->warnings());
    read_properties(*package, "Contents/content.hpf", options_, deadline, e);
    const std::vector<std::string> sections = section_parts(*package, options_, deadline);
    TextBuilder out(options_.max_text_bytes);
    for (const std::string& part : sections) {
      if (!read_section(*package, part, options_, deadline, out, e))
        return make_error(ErrorCode::kTimeout, "over office.time_limit_seconds (" +
                                                   std::to_string(options_.time_limit_seconds) +
                                                   " s) reading " + part);
    }
    if (out.full())
      e.warnings.push_back("text cut at office.max_text_bytes (" +
                           std::to_string(options_.max_text_bytes) + " bytes)");
    e.text = out.take_text();
    if (one_line(e.text).empty()) {
      const std::string* preview = package->part("Preview/PrvText.txt");
      if (preview && !one_line(*preview).empty()) {
        e.text = decode_text(*preview).text;
        e.warnings.push_back(sections.empty() ? "no sections: only the preview text was read"
                                              : "no section could be read: only the preview "
                                                "text was read");
      } else if (sections.empty()) {
        return make_error(ErrorCode::kCorrupt, "not an HWPX package: no sections");
      } else if (!e.warnings.empty()) {
        return make_error(ErrorCode::kCorrupt, e.warnings.back());
      }
    }
    e.metadata["sections"] = std::to_string(sections.size());
    add_media_children(*package, "BinData/", options_, e);
    return e;
  }

  OfficeOptions options_;
};

}  // namespace

std::unique_ptr<Extractor> make_hwpx_extractor(const OfficeOptions& options) {
  return std::make_unique<HwpxExtractor>(options);
}

}  // namespace trawl
