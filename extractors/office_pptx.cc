// PresentationML (PPTX): the slides in presentation order (presentation.xml's sldIdLst,
// not the slide parts' names), each a page: its text (DrawingML paragraphs as lines,
// tables as rows of tab-separated cells), then its speaker notes. A slide whose part is
// missing leaves an empty page (so page N is still slide N) and a warning. Slide-number
// fields are left out of the notes. Media (ppt/media) are children.
#include "core/text.h"
#include "extractors/office_ooxml.h"

namespace trawl {
namespace {

// One slide or notes part into `out`. Returns false when the time limit is over.
bool read_slide_part(const Package& package, const std::string& part, const OfficeOptions& options,
                     const Deadline& deadline, TextBuilder& out, Extracted& e, bool notes) {
  const std::string* bytes = package.part(part);
  if (!bytes) return true;
  XmlStream xml(*bytes, part, options, deadline);
  using Ev = XmlStream::Event;
  for (Ev ev; (ev = xml.next()) != Ev::kDone && !out.full();) {
    if (ev == Ev::kStart) {
      if (is_mc(xml.ns())) {
        if (xml.name() == "Fallback") xml.skip();
        continue;
      }
      if (!is_dml(xml.ns())) continue;
      const std::string_view n = xml.name();
      if (n == "rPr" || n == "pPr" || n == "endParaRPr" || n == "tblPr" || n == "tcPr" ||
          n == "tblGrid") {
        xml.skip();
      } else if (n == "p") {
        out.begin_paragraph();
      } else if (n == "t") {
        out.append(xml.read_text());
      } else if (n == "br") {
        out.line_break();
      } else if (n == "fld") {
        if (notes && xml.attr("type").value_or("") == "slidenum") xml.skip();
      } else if (n == "tbl") {
        out.begin_table();
      } else if (n == "tr") {
        out.begin_row();
      } else if (n == "tc") {
        out.begin_cell();
      }
    } else if (ev == Ev::kEnd && is_dml(xml.ns())) {
      const std::string_view n = xml.name();
      if (n == "p")
        out.end_paragraph();
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

}  // namespace

Status read_pptx(Package& package, const std::string& main, const OfficeOptions& options,
                 const Deadline& deadline, Extracted& e) {
  const std::map<std::string, Relationship> rels = relationships(package, main);
  std::vector<std::string> slides;  // parts, in presentation order ("" when unknown)
  {
    XmlStream xml(*package.part(main), main, options, deadline);
    for (XmlStream::Event ev; (ev = xml.next()) != XmlStream::Event::kDone;) {
      if (ev != XmlStream::Event::kStart || xml.name() != "sldId") continue;
      // sldId has an "id" of its own (a number) and r:id: the relationship's
      auto rid =
          xml.attr("id", "http://schemas.openxmlformats.org/officeDocument/2006/relationships");
      if (!rid) rid = xml.attr("id", "http://purl.oclc.org/ooxml/officeDocument/relationships");
      auto it = rid ? rels.find(*rid) : rels.end();
      slides.push_back(it != rels.end() && !it->second.external ? it->second.target : "");
    }
    if (slides.empty() && xml.error()) return make_error(ErrorCode::kCorrupt, *xml.error());
  }
  TextBuilder out(options.max_text_bytes);
  int missing = 0;
  for (size_t i = 0; i < slides.size(); ++i) {
    const std::string& part = slides[i];
    const std::string label = "slide " + std::to_string(i + 1);
    if (part.empty() || !package.part(part)) {
      auto skipped = package.skipped().find(part);
      e.warnings.push_back(label + ": " +
                           (part.empty() ? std::string("no part for it")
                            : skipped != package.skipped().end()
                                ? part + ": " + skipped->second
                                : "its part " + part + " is missing"));
      ++missing;
      out.end_page();
      continue;
    }
    bool ok = read_slide_part(package, part, options, deadline, out, e, false);
    if (ok) {
      for (const auto& [id, r] : relationships(package, part)) {
        if (r.type == "notesSlide" && !r.external) {
          ok = read_slide_part(package, r.target, options, deadline, out, e, true);
          break;
        }
      }
    }
    out.end_page();
    if (!ok)
      return make_error(ErrorCode::kTimeout, "over office.time_limit_seconds (" +
                                                 std::to_string(options.time_limit_seconds) +
                                                 " s) at " + label);
  }
  if (!slides.empty() && missing == static_cast<int>(slides.size()))
    return make_error(ErrorCode::kCorrupt, "none of the " + std::to_string(slides.size()) +
                                               " slides' parts can be read");
  if (out.full())
    e.warnings.push_back("text cut at office.max_text_bytes (" +
                         std::to_string(options.max_text_bytes) + " bytes)");
  e.text = out.take_text();
  e.pages = out.take_pages();
  e.metadata["slides"] = std::to_string(slides.size());
  add_media_children(package, "ppt/media/", options, e);
  add_media_children(package, "ppt/embeddings/", options, e);
  return {};
}

}  // namespace trawl
