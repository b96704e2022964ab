// What the zip-based office readers share (office_ooxml.cc, office_odf.cc, hwpx.cc): the
// parts of a package read through libarchive within the office.* limits, its XML read as
// a stream of events through libxml2, the text built paragraph by paragraph with tables
// as tab-separated rows, and the dates and properties every format declares.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"
#include "core/result.h"
#include "extractors/extractor.h"
#include "extractors/ole.h"

namespace trawl {

// The time one document may still take (office.time_limit_seconds).
class Deadline {
 public:
  explicit Deadline(double seconds)
      : end_(std::chrono::steady_clock::now() +
             std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                 std::chrono::duration<double>(seconds))),
        seconds_(seconds) {}
  bool passed() const { return std::chrono::steady_clock::now() > end_; }
  double seconds() const { return seconds_; }

 private:
  std::chrono::steady_clock::time_point end_;
  double seconds_;
};

// The parts of a zip package, read whole into memory: a part over office.max_part_bytes
// is left out with a warning, the reading stops at office.max_total_bytes (warning).
class Package {
 public:
  // kCorrupt "not a zip package: ..." when libarchive cannot read it at all.
  static Result<Package> open(std::string_view bytes, std::string_view name,
                              const OfficeOptions& options);
  // The part at `path` ("word/document.xml"; no leading '/'), or nullptr.
  const std::string* part(std::string_view path) const;
  // Part paths in the order the zip stores them.
  const std::vector<std::string>& paths() const { return order_; }
  // Parts that were in the zip but not read (too large): their reason.
  const std::map<std::string, std::string>& skipped() const { return skipped_; }
  std::vector<std::string>& warnings() { return warnings_; }
  // Moves a part's bytes out (for a child document); the part is gone afterwards.
  std::string take(std::string_view path);

 private:
  std::map<std::string, std::string, std::less<>> parts_;
  std::vector<std::string> order_;
  std::map<std::string, std::string> skipped_;
  std::vector<std::string> warnings_;
};

// "word/document.xml" + "../media/a.png" -> "word/media/a.png"; an absolute target
// ("/word/x.xml") is taken from the package root. Percent-escapes are decoded.
std::string resolve_part(std::string_view base_part, std::string_view target);

// One relationship of an OOXML part (its _rels/NAME.rels file).
struct Relationship {
  std::string id;
  std::string type;    // the last segment of the type URI: "image", "slide", "notesSlide"...
  std::string target;  // resolved to a part path, or the URL when external
  bool external = false;
};
// The relationships of `part` (empty when it has none), keyed by id.
std::map<std::string, Relationship> relationships(const Package& package, std::string_view part);

// A pull reader over one XML part: start and end tags (an empty element gives both),
// text (whitespace-only text included: a DOCX run of one space is text). No DTD, no
// entities substituted, no network. Elements nested deeper than office.max_nesting are
// skipped whole. A parse error ends the stream with error() set, after the events before
// it: what was read stands.
class XmlStream {
 public:
  enum class Event { kStart, kEnd, kText, kDone };
  XmlStream(std::string_view xml, std::string_view part, const OfficeOptions& options,
            const Deadline& deadline);
  ~XmlStream();
  XmlStream(const XmlStream&) = delete;
  XmlStream& operator=(const XmlStream&) = delete;

  Event next();
  // The element of the last kStart / kEnd: its local name and namespace URI.
  std::string_view name() const { return name_; }
  std::string_view ns() const { return ns_; }
  bool is(std::string_view ns, std::string_view name) const { return name_ == name && ns_ == ns; }
  // An attribute of the last kStart by local name (and namespace URI, "" for none);
  // nullopt when absent.
  std::optional<std::string> attr(std::string_view local, std::string_view ns = {}) const;
  // Any attribute with this local name, whatever its namespace.
  std::optional<std::string> attr_any(std::string_view local) const;
  // The text of the last kText.
  const std::string& text() const { return text_; }
  // Skips the rest of the element whose kStart was just returned (its kEnd included).
  void skip();
  // The text of the element whose kStart was just returned, up to its end.
  std::string read_text();
  // Why the stream ended early: "malformed XML in word/document.xml at line 3: ...", or
  // the time limit (timed_out()). nullopt when it read to the end.
  const std::optional<std::string>& error() const { return error_; }
  bool timed_out() const { return timed_out_; }

  struct Impl;  // libxml2's reader and the state its error callback writes

 private:
  std::unique_ptr<Impl> impl_;
  std::string name_, ns_, text_;
  std::optional<std::string> error_;
  bool timed_out_ = false;
  bool pending_end_ = false;
};

// Text made of paragraphs and tables. A table row is one line of its cells separated by
// tabs; a cell's paragraphs are joined by spaces. Paragraphs inside a paragraph (a text
// box, a footnote's body) become lines of their own before it. Stops growing at
// office.max_text_bytes (full() then says so).
class TextBuilder {
 public:
  explicit TextBuilder(uint64_t max_bytes) : max_(max_bytes) {}
  void begin_paragraph();
  void end_paragraph();
  void append(std::string_view text);
  void tab() { append("\t"); }
  void line_break();
  void begin_table();
  void end_table();
  void begin_row();
  void end_row();
  void begin_cell();
  void end_cell();
  // A line of its own (a sheet's name, a heading the format gives apart).
  void line(std::string_view text);
  // Ends the page (a slide, a sheet): the text so far is one page.
  void end_page();
  bool full() const { return full_; }
  // The whole text (pages joined by "\f"), and the pages when end_page() was used.
  std::string take_text();
  std::vector<std::string> take_pages();

 private:
  enum class Kind { kParagraph, kTable, kRow, kCell };
  struct Frame {
    Kind kind;
    std::string text;                // a paragraph's or a cell's
    std::vector<std::string> cells;  // a row's
  };
  // Pops frames down to and including the innermost of `kind`; nullopt if none is open.
  std::optional<Frame> pop(Kind kind);
  // A finished piece of text goes to the innermost open cell, else it is a line.
  void put(std::string text);
  void emit(std::string_view line);
  uint64_t max_;
  bool full_ = false;
  bool paged_ = false;
  std::string out_;  // the current page
  std::vector<std::string> pages_;
  std::vector<Frame> open_;  // innermost last
};

// "2024-03-15T09:30:00Z" (W3CDTF, ODF dates) -> "2024-03-15"; "" when it is no date.
std::string date_of(std::string_view iso);

// A compound file's summary information (HWP 5, legacy Office) into e: the title, the
// metadata keys read_properties() gives, and the date (created, else modified).
void add_summary(const ole::Summary& s, Extracted& e);

// Dublin Core and OOXML/ODF property elements that give the same metadata: reads one
// property part (docProps/core.xml, docProps/app.xml, meta.xml, HWPX content.hpf) into
// e's title, metadata (author, created, modified, subject, keywords, description,
// generator, pages, words) and date (created, else modified).
void read_properties(const Package& package, std::string_view part, const OfficeOptions& options,
                     const Deadline& deadline, Extracted& e);

// Parts under `prefix` ("word/media/") become children, in zip order, named by their
// path in the package.
void add_media_children(Package& package, std::string_view prefix, const OfficeOptions& options,
                        Extracted& e);

// Adds a stream's early end (malformed XML, the time limit) to e's warnings. Returns
// false when the reading must stop (the time limit).
bool note_stream_end(const XmlStream& xml, std::string_view part, Extracted& e);

}  // namespace trawl
