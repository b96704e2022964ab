// WordprocessingML (DOCX): the text of the main document part, with the parts it names.
// Order in the text: headers, the body, footnotes, endnotes, comments, footers. Inside a
// part: paragraphs as lines, tables as rows of tab-separated cells, text boxes as lines
// of their own (mc:AlternateContent's Fallback is skipped: Word writes every text box
// twice, as DrawingML and as VML). Deleted revisions (w:delText) and field instructions
// (w:instrText) are not text; a field's result is. Hyperlinks' targets are links;
// images and embedded objects (word/media, word/embeddings) are children.
#include <algorithm>

#include "core/text.h"
#include "extractors/office_ooxml.h"

namespace trawl {
namespace {

// w: elements whose content is never text: properties, and the tab stops of w:pPr whose
// <w:tab/> elements are no tabs.
bool no_text(std::string_view n) {
  return n == "pPr" || n == "rPr" || n == "sectPr" || n == "tblPr" || n == "trPr" || n == "tcPr" ||
         n == "tblGrid" || n == "delText" || n == "instrText" || n == "delInstrText" ||
         n == "tblPrEx" || n == "numPr" || n == "fldData";
}

// One WordprocessingML part into `out`. Returns false when the time limit is over.
bool read_part(const Package& package, const std::string& part, const OfficeOptions& options,
               const Deadline& deadline, TextBuilder& out, Extracted& e) {
  const std::string* bytes = package.part(part);
  if (!bytes) {
    auto skipped = package.skipped().find(part);
    if (skipped != package.skipped().end()) e.warnings.push_back(part + ": " + skipped->second);
    return true;
  }
  const std::map<std::string, Relationship> rels = relationships(package, part);
  XmlStream xml(*bytes, part, options, deadline);
  using Ev = XmlStream::Event;
  for (Ev ev; (ev = xml.next()) != Ev::kDone && !out.full();) {
    if (ev == Ev::kStart) {
      if (is_mc(xml.ns())) {
        if (xml.name() == "Fallback") xml.skip();
        continue;
      }
      if (!is_wml(xml.ns())) continue;
      const std::string_view n = xml.name();
      if (no_text(n)) {
        xml.skip();
      } else if (n == "p") {
        out.begin_paragraph();
      } else if (n == "t") {
        out.append(xml.read_text());
      } else if (n == "tab" || n == "ptab") {
        out.tab();
      } else if (n == "br" || n == "cr") {
        out.line_break();
      } else if (n == "noBreakHyphen") {
        out.append("-");
      } else if (n == "tbl") {
        out.begin_table();
      } else if (n == "tr") {
        out.begin_row();
      } else if (n == "tc") {
        out.begin_cell();
      } else if (n == "footnote" || n == "endnote") {
        // the separator lines Word keeps as notes -1 and 0
        const std::string type = xml.attr_any("type").value_or("normal");
        if (type == "separator" || type == "continuationSeparator" || type == "continuationNotice")
          xml.skip();
      } else if (n == "hyperlink") {
        if (auto id = xml.attr_any("id")) {
          auto it = rels.find(*id);
          if (it != rels.end() && it->second.external) e.links.push_back(it->second.target);
        }
      }
    } else if (ev == Ev::kEnd) {
      if (!is_wml(xml.ns())) continue;
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

// The targets of `type` among the relationships, in part-name order (header1, header2...).
std::vector<std::string> targets(const std::map<std::string, Relationship>& rels,
                                 std::string_view type) {
  std::vector<std::string> out;
  for (const auto& [id, r] : rels)
    if (r.type == type && !r.external) out.push_back(r.target);
  std::sort(out.begin(), out.end(), [](const std::string& a, const std::string& b) {
    return a.size() != b.size() ? a.size() < b.size() : a < b;
  });
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace

Status read_docx(Package& package, const std::string& main, const OfficeOptions& options,
                 const Deadline& deadline, Extracted& e) {
  const std::map<std::string, Relationship> rels = relationships(package, main);
  TextBuilder out(options.max_text_bytes);
  std::vector<std::string> parts;
  for (const std::string& t : targets(rels, "header")) parts.push_back(t);
  parts.push_back(main);
  for (const char* type : {"footnotes", "endnotes", "comments"})
    for (const std::string& t : targets(rels, type)) parts.push_back(t);
  for (const std::string& t : targets(rels, "footer")) parts.push_back(t);
  size_t warnings_before = e.warnings.size();
  for (const std::string& part : parts) {
    if (!read_part(package, part, options, deadline, out, e)) {
      return make_error(ErrorCode::kTimeout, "over office.time_limit_seconds (" +
                                                 std::to_string(options.time_limit_seconds) +
                                                 " s) reading " + part);
    }
  }
  if (out.full())
    e.warnings.push_back("text cut at office.max_text_bytes (" +
                         std::to_string(options.max_text_bytes) + " bytes)");
  e.text = out.take_text();
  if (one_line(e.text).empty() && e.warnings.size() > warnings_before) {
    // nothing readable, and the main part said why
    return make_error(ErrorCode::kCorrupt, e.warnings[warnings_before]);
  }
  add_media_children(package, "word/media/", options, e);
  add_media_children(package, "word/embeddings/", options, e);
  return {};
}

}  // namespace trawl
