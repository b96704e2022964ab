// OpenDocument (ODF 1.2/1.3 packages: ODT, ODS, ODP and their templates): content.xml
// read as a stream. Text documents: headings and paragraphs as lines (text:s spaces,
// text:tab, text:line-break kept), tables as rows of tab-separated cells, footnotes and
// comments as lines of their own, deleted changes left out. Spreadsheets: each sheet a
// page that starts with its name; cells as LibreOffice shows them (the text:p of a cell
// is its formatted value). Presentations: each slide a page, then its notes. Headers and
// footers of the master pages (styles.xml) come after the body. meta.xml gives the
// properties, Pictures/ the children. A package whose manifest declares encryption is
// kEncrypted.
#include <algorithm>

#include "core/text.h"
#include "extractors/office_package.h"

namespace trawl {
namespace {

constexpr std::string_view kText = "urn:oasis:names:tc:opendocument:xmlns:text:1.0";
constexpr std::string_view kTable = "urn:oasis:names:tc:opendocument:xmlns:table:1.0";
constexpr std::string_view kDraw = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0";
constexpr std::string_view kOffice = "urn:oasis:names:tc:opendocument:xmlns:office:1.0";
constexpr std::string_view kPresentation = "urn:oasis:names:tc:opendocument:xmlns:presentation:1.0";
constexpr std::string_view kStyle = "urn:oasis:names:tc:opendocument:xmlns:style:1.0";
constexpr std::string_view kDc = "http://purl.org/dc/elements/1.1/";
constexpr std::string_view kMeta = "urn:oasis:names:tc:opendocument:xmlns:meta:1.0";
constexpr std::string_view kSvg = "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0";

struct Reader {
  const OfficeOptions& options;
  const Deadline& deadline;
  TextBuilder& out;
  Extracted& e;
  uint64_t cells = 0;
  bool cells_over = false;
  bool spreadsheet = false;
  bool presentation = false;
  int pages = 0;
};

// One ODF XML part. `only_master_pages`: styles.xml, where only the headers and footers
// of style:master-page are text. Returns false when the time limit is over.
bool read_part(const Package& package, const std::string& part, Reader& r, bool only_master_pages) {
  const std::string* bytes = package.part(part);
  if (!bytes) {
    auto skipped = package.skipped().find(part);
    if (skipped != package.skipped().end()) r.e.warnings.push_back(part + ": " + skipped->second);
    return true;
  }
  XmlStream xml(*bytes, part, r.options, r.deadline);
  using Ev = XmlStream::Event;
  int in_master = 0;     // depth inside style:header / style:footer
  int in_paragraph = 0;  // text:p and text:h open
  for (Ev ev; (ev = xml.next()) != Ev::kDone && !r.out.full();) {
    if (ev == Ev::kText) {
      // inside a paragraph, white space collapses to one space (text:s writes more)
      if (in_paragraph == 0) continue;
      std::string t;
      for (char c : xml.text()) {
        const bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r';
        if (!space)
          t += c;
        else if (t.empty() || t.back() != ' ')
          t += ' ';
      }
      r.out.append(t);
      continue;
    }
    const std::string_view ns = xml.ns(), n = xml.name();
    if (ev == Ev::kStart) {
      if (only_master_pages) {
        if (ns == kStyle && (n == "header" || n == "footer" || n == "header-left" ||
                             n == "footer-left" || n == "header-first" || n == "footer-first")) {
          ++in_master;
          continue;
        }
        if (!in_master) continue;
      }
      if (ns == kText) {
        if (n == "p" || n == "h") {
          ++in_paragraph;
          r.out.begin_paragraph();
        } else if (n == "s") {
          const int c = std::max(1, std::atoi(xml.attr("c", kText).value_or("1").c_str()));
          r.out.append(std::string(static_cast<size_t>(std::min(c, 64)), ' '));
        } else if (n == "tab") {
          r.out.tab();
        } else if (n == "line-break") {
          r.out.line_break();
        } else if (n == "tracked-changes" || n == "note-citation" || n == "sequence-decls" ||
                   n == "variable-decls" || n == "user-field-decls") {
          xml.skip();
        }
      } else if (ns == kTable) {
        if (n == "table") {
          if (r.spreadsheet) {
            if (r.pages++ > 0) r.out.end_page();
            r.out.line(xml.attr("name", kTable).value_or(""));
          }
          r.out.begin_table();
        } else if (n == "table-row") {
          r.out.begin_row();
        } else if (n == "table-cell" || n == "covered-table-cell") {
          if (++r.cells > r.options.max_cells) {
            if (!r.cells_over)
              r.e.warnings.push_back("more cells than office.max_cells (" +
                                     std::to_string(r.options.max_cells) +
                                     "): the rest are not read");
            r.cells_over = true;
            xml.skip();
            continue;
          }
          r.out.begin_cell();
        } else if (n == "table-columns" || n == "table-column" || n == "named-expressions" ||
                   n == "database-ranges" || n == "calculation-settings") {
          xml.skip();
        }
      } else if (ns == kDraw && n == "page" && r.presentation) {
        if (r.pages++ > 0) r.out.end_page();
      } else if (ns == kOffice && (n == "automatic-styles" || n == "font-face-decls" ||
                                   n == "scripts" || n == "forms" || n == "settings")) {
        xml.skip();
      } else if (ns == kOffice && n == "annotation") {
        // a comment: its text:p, not its author and date
      } else if (ns == kSvg && (n == "title" || n == "desc")) {
        xml.skip();  // a shape's name and description, not its text
      } else if ((ns == kDc && (n == "creator" || n == "date")) || ns == kMeta) {
        xml.skip();  // inside office:annotation: its author, date and the author's initials
                     // (meta:creator-initials, LibreOffice 7)
      } else if (ns == kPresentation && n == "notes") {
        // the notes of a slide: text as usual, after the slide's
      }
    } else if (ev == Ev::kEnd) {
      if (only_master_pages && ns == kStyle &&
          (n == "header" || n == "footer" || n == "header-left" || n == "footer-left" ||
           n == "header-first" || n == "footer-first")) {
        --in_master;
        continue;
      }
      if (ns == kText && (n == "p" || n == "h")) {
        in_paragraph = std::max(0, in_paragraph - 1);
        r.out.end_paragraph();
      } else if (ns == kTable) {
        if (n == "table-cell" || n == "covered-table-cell")
          r.out.end_cell();
        else if (n == "table-row")
          r.out.end_row();
        else if (n == "table")
          r.out.end_table();
      }
    }
  }
  return note_stream_end(xml, part, r.e);
}

class OdfExtractor final : public Extractor {
 public:
  explicit OdfExtractor(const OfficeOptions& options) : options_(options) {}
  std::string_view name() const override { return "odf"; }

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
      return make_error(ErrorCode::kEncrypted, "password-protected OpenDocument file");
    if (!package->part("content.xml")) {
      auto skipped = package->skipped().find("content.xml");
      if (skipped != package->skipped().end())
        return make_error(ErrorCode::kTooLarge, "content.xml: " + skipped->second);
      return make_error(ErrorCode::kCorrupt, "not an OpenDocument package: no content.xml");
    }
    std::string type;
    if (const std::string* m = package->part("mimetype")) type = one_line(*m);
    if (type.empty()) type = blob.mime;
    Extracted e;
    e.warnings = std::move(package->warnings());
    read_properties(*package, "meta.xml", options_, deadline, e);
    TextBuilder out(options_.max_text_bytes);
    Reader r{options_, deadline, out, e};
    r.spreadsheet = type.find("spreadsheet") != std::string::npos;
    r.presentation = type.find("presentation") != std::string::npos;
    const size_t warnings_before = e.warnings.size();
    if (!read_part(*package, "content.xml", r, false))
      return make_error(ErrorCode::kTimeout, "over office.time_limit_seconds (" +
                                                 std::to_string(options_.time_limit_seconds) +
                                                 " s) reading content.xml");
    if (r.pages > 0) out.end_page();
    if (!r.spreadsheet && !r.presentation) read_part(*package, "styles.xml", r, true);
    if (out.full())
      e.warnings.push_back("text cut at office.max_text_bytes (" +
                           std::to_string(options_.max_text_bytes) + " bytes)");
    e.text = out.take_text();
    e.pages = out.take_pages();
    if (one_line(e.text).empty() && e.warnings.size() > warnings_before)
      return make_error(ErrorCode::kCorrupt, e.warnings[warnings_before]);
    if (r.spreadsheet) e.metadata["sheets"] = std::to_string(r.pages);
    if (r.presentation) e.metadata["slides"] = std::to_string(r.pages);
    add_media_children(*package, "Pictures/", options_, e);
    return e;
  }

  OfficeOptions options_;
};

}  // namespace

std::unique_ptr<Extractor> make_odf_extractor(const OfficeOptions& options) {
  return std::make_unique<OdfExtractor>(options);
}

}  // namespace trawl
