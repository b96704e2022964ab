#include "extractors/office_package.h"

#include <libxml/xmlreader.h>

#include <algorithm>
#include <mutex>

#include "core/text.h"
#include "extractors/archive.h"

namespace trawl {

// ---------------------------------------------------------------- Package

Result<Package> Package::open(std::string_view bytes, std::string_view name,
                              const OfficeOptions& options) {
  ArchiveOptions limits;
  limits.max_depth = 1;
  limits.max_members = 100'000;
  limits.max_member_bytes = options.max_part_bytes;
  limits.max_total_bytes = options.max_total_bytes;
  // XML compresses far better than archives do (a repeated paragraph: 1,000 to 1); the
  // part and total limits bound what is held
  limits.max_ratio = 1e9;
  auto reader =
      ArchiveReader::open(std::make_shared<const std::string>(bytes), std::string(name), limits);
  if (!reader) {
    return make_error(ErrorCode::kCorrupt,
                      "not a zip package: " + one_line(reader.error().message));
  }
  Package p;
  for (;;) {
    Result<std::optional<ArchiveMember>> m = (*reader)->next();
    if (!m) {
      if (p.order_.empty())
        return make_error(ErrorCode::kCorrupt, "not a zip package: " + one_line(m.error().message));
      p.warnings_.push_back("package read in part: " + one_line(m.error().message));
      break;
    }
    if (!*m) break;
    ArchiveMember& member = **m;
    if ((*reader)->format() != "zip")
      return make_error(ErrorCode::kCorrupt, "not a zip package (" + (*reader)->format() + ")");
    p.order_.push_back(member.path);
    if (member.error) {
      p.skipped_[member.path] = one_line(member.error->message);
      continue;
    }
    p.parts_[member.path] = std::move(member.bytes);
  }
  if (p.order_.empty()) return make_error(ErrorCode::kCorrupt, "not a zip package: no parts");
  return p;
}

const std::string* Package::part(std::string_view path) const {
  auto it = parts_.find(path);
  return it == parts_.end() ? nullptr : &it->second;
}

std::string Package::take(std::string_view path) {
  auto it = parts_.find(path);
  if (it == parts_.end()) return {};
  std::string bytes = std::move(it->second);
  parts_.erase(it);
  return bytes;
}

namespace {

std::string percent_decode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      const int hi = hex(s[i + 1]), lo = hex(s[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
        continue;
      }
    }
    out += s[i];
  }
  return out;
}

}  // namespace

std::string resolve_part(std::string_view base_part, std::string_view target) {
  std::string t = percent_decode(target);
  std::vector<std::string> segs;
  if (!t.empty() && t[0] == '/') {
    t.erase(0, 1);
  } else {
    const size_t slash = base_part.rfind('/');
    std::string_view dir = slash == std::string_view::npos ? "" : base_part.substr(0, slash);
    size_t i = 0;
    while (i < dir.size()) {
      size_t j = dir.find('/', i);
      if (j == std::string_view::npos) j = dir.size();
      if (j > i) segs.emplace_back(dir.substr(i, j - i));
      i = j + 1;
    }
  }
  size_t i = 0;
  while (i <= t.size()) {
    size_t j = t.find('/', i);
    if (j == std::string::npos) j = t.size();
    std::string seg = t.substr(i, j - i);
    if (seg == "..") {
      if (!segs.empty()) segs.pop_back();
    } else if (!seg.empty() && seg != ".") {
      segs.push_back(std::move(seg));
    }
    i = j + 1;
  }
  std::string out;
  for (const std::string& s : segs) {
    if (!out.empty()) out += '/';
    out += s;
  }
  return out;
}

std::map<std::string, Relationship> relationships(const Package& package, std::string_view part) {
  std::map<std::string, Relationship> out;
  const size_t slash = part.rfind('/');
  const std::string dir(slash == std::string_view::npos ? "" : part.substr(0, slash + 1));
  const std::string file(slash == std::string_view::npos ? part : part.substr(slash + 1));
  const std::string rels_path = dir + "_rels/" + file + ".rels";
  const std::string* rels = package.part(rels_path);
  if (!rels) return out;
  OfficeOptions options;
  Deadline deadline(10);
  XmlStream xml(*rels, rels_path, options, deadline);
  for (XmlStream::Event ev; (ev = xml.next()) != XmlStream::Event::kDone;) {
    if (ev != XmlStream::Event::kStart || xml.name() != "Relationship") continue;
    Relationship r;
    r.id = xml.attr("Id").value_or("");
    std::string type = xml.attr("Type").value_or("");
    const size_t s = type.rfind('/');
    r.type = s == std::string::npos ? type : type.substr(s + 1);
    const std::string target = xml.attr("Target").value_or("");
    r.external = xml.attr("TargetMode").value_or("") == "External";
    r.target = r.external ? target : resolve_part(part, target);
    if (!r.id.empty()) out[r.id] = std::move(r);
  }
  return out;
}

// ---------------------------------------------------------------- XmlStream

struct XmlStream::Impl {
  xmlTextReaderPtr reader = nullptr;
  const Deadline* deadline = nullptr;
  int max_nesting = 200;
  std::string part;
  std::string first_error;
  int error_line = 0;
  uint64_t reads = 0;
};

namespace {

void on_xml_error(void* arg, const char* msg, xmlParserSeverities severity,
                  xmlTextReaderLocatorPtr locator) {
  auto* impl = static_cast<XmlStream::Impl*>(arg);
  if (severity != XML_PARSER_SEVERITY_ERROR && severity != XML_PARSER_SEVERITY_VALIDITY_ERROR)
    return;
  if (!impl->first_error.empty()) return;
  impl->first_error = one_line(msg ? msg : "error");
  impl->error_line = locator ? xmlTextReaderLocatorLineNumber(locator) : 0;
}

std::string str(const xmlChar* s) { return s ? reinterpret_cast<const char*>(s) : ""; }
const xmlChar* xc(const char* s) { return reinterpret_cast<const xmlChar*>(s); }

}  // namespace

XmlStream::XmlStream(std::string_view xml, std::string_view part, const OfficeOptions& options,
                     const Deadline& deadline)
    : impl_(std::make_unique<Impl>()) {
  static std::once_flag once;
  std::call_once(once, [] { xmlInitParser(); });
  impl_->deadline = &deadline;
  impl_->max_nesting = options.max_nesting;
  impl_->part = std::string(part);
  impl_->reader = xmlReaderForMemory(
      xml.data(), static_cast<int>(std::min<size_t>(xml.size(), INT32_MAX)), nullptr, nullptr,
      XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_COMPACT | XML_PARSE_NOERROR |
          XML_PARSE_NOWARNING);
  if (!impl_->reader) {
    error_ = "cannot read " + impl_->part + " as XML";
    return;
  }
  xmlTextReaderSetErrorHandler(impl_->reader, on_xml_error, impl_.get());
}

XmlStream::~XmlStream() {
  if (impl_->reader) xmlFreeTextReader(impl_->reader);
}

XmlStream::Event XmlStream::next() {
  if (pending_end_) {
    pending_end_ = false;
    return Event::kEnd;
  }
  xmlTextReaderPtr r = impl_->reader;
  if (!r || error_) return Event::kDone;
  bool read = true;  // false: the reader already stands on the next node (after Next())
  for (;;) {
    if ((++impl_->reads & 0xFFF) == 0 && impl_->deadline->passed()) {
      timed_out_ = true;
      error_ = "over office.time_limit_seconds in " + impl_->part;
      return Event::kDone;
    }
    const int ret = read ? xmlTextReaderRead(r) : 1;
    read = true;
    if (ret == 0) return Event::kDone;
    if (ret < 0) {
      std::string why = impl_->first_error.empty() ? "parse error" : impl_->first_error;
      error_ = "malformed XML in " + impl_->part +
               (impl_->error_line > 0 ? " at line " + std::to_string(impl_->error_line) : "") +
               ": " + why;
      return Event::kDone;
    }
    switch (xmlTextReaderNodeType(r)) {
      case XML_READER_TYPE_ELEMENT: {
        if (xmlTextReaderDepth(r) > impl_->max_nesting) {
          if (xmlTextReaderIsEmptyElement(r) == 1) continue;
          // the whole subtree is skipped: Next() stands on the node after its end
          const int n = xmlTextReaderNext(r);
          if (n < 0) {
            error_ = "malformed XML in " + impl_->part;
            return Event::kDone;
          }
          if (n == 0) return Event::kDone;
          read = false;
          continue;
        }
        name_ = str(xmlTextReaderConstLocalName(r));
        ns_ = str(xmlTextReaderConstNamespaceUri(r));
        pending_end_ = xmlTextReaderIsEmptyElement(r) == 1;
        return Event::kStart;
      }
      case XML_READER_TYPE_END_ELEMENT:
        if (xmlTextReaderDepth(r) > impl_->max_nesting) continue;
        name_ = str(xmlTextReaderConstLocalName(r));
        ns_ = str(xmlTextReaderConstNamespaceUri(r));
        return Event::kEnd;
      case XML_READER_TYPE_TEXT:
      case XML_READER_TYPE_CDATA:
      case XML_READER_TYPE_WHITESPACE:
      case XML_READER_TYPE_SIGNIFICANT_WHITESPACE:
        if (xmlTextReaderDepth(r) > impl_->max_nesting + 1) continue;
        text_ = str(xmlTextReaderConstValue(r));
        return Event::kText;
      default:
        continue;
    }
  }
}

std::optional<std::string> XmlStream::attr(std::string_view local, std::string_view ns) const {
  xmlTextReaderPtr r = impl_->reader;
  if (!r) return std::nullopt;
  const std::string l(local);
  xmlChar* v = ns.empty()
                   ? xmlTextReaderGetAttribute(r, xc(l.c_str()))
                   : xmlTextReaderGetAttributeNs(r, xc(l.c_str()), xc(std::string(ns).c_str()));
  if (!v) return std::nullopt;
  std::string out = str(v);
  xmlFree(v);
  return out;
}

std::optional<std::string> XmlStream::attr_any(std::string_view local) const {
  xmlTextReaderPtr r = impl_->reader;
  if (!r) return std::nullopt;
  std::optional<std::string> out;
  if (xmlTextReaderMoveToFirstAttribute(r) == 1) {
    do {
      if (str(xmlTextReaderConstLocalName(r)) == local) {
        out = str(xmlTextReaderConstValue(r));
        break;
      }
    } while (xmlTextReaderMoveToNextAttribute(r) == 1);
    xmlTextReaderMoveToElement(r);
  }
  return out;
}

void XmlStream::skip() {
  if (pending_end_) {
    pending_end_ = false;
    return;
  }
  int depth = 1;
  for (Event ev; depth > 0 && (ev = next()) != Event::kDone;) {
    if (ev == Event::kStart) ++depth;
    if (ev == Event::kEnd) --depth;
  }
}

std::string XmlStream::read_text() {
  std::string out;
  if (pending_end_) {
    pending_end_ = false;
    return out;
  }
  int depth = 1;
  for (Event ev; depth > 0 && (ev = next()) != Event::kDone;) {
    if (ev == Event::kStart) ++depth;
    if (ev == Event::kEnd) --depth;
    if (ev == Event::kText) out += text_;
  }
  return out;
}

bool note_stream_end(const XmlStream& xml, std::string_view part, Extracted& e) {
  if (!xml.error()) return true;
  (void)part;
  e.warnings.push_back(*xml.error() + "; the text before it is kept");
  return !xml.timed_out();
}

// ---------------------------------------------------------------- TextBuilder

void TextBuilder::begin_paragraph() { open_.push_back({Kind::kParagraph, {}, {}}); }

void TextBuilder::end_paragraph() {
  if (open_.empty() || open_.back().kind != Kind::kParagraph) return;
  std::string text = std::move(open_.back().text);
  open_.pop_back();
  put(std::move(text));
}

void TextBuilder::append(std::string_view text) {
  if (full_ || text.empty()) return;
  for (auto it = open_.rbegin(); it != open_.rend(); ++it) {
    if (it->kind == Kind::kParagraph || it->kind == Kind::kCell) {
      it->text += text;
      return;
    }
  }
  // text outside any paragraph (a format that has none): a line of its own
  put(std::string(text));
}

void TextBuilder::line_break() { append("\n"); }

void TextBuilder::begin_table() { open_.push_back({Kind::kTable, {}, {}}); }
void TextBuilder::end_table() { pop(Kind::kTable); }
void TextBuilder::begin_row() { open_.push_back({Kind::kRow, {}, {}}); }

void TextBuilder::end_row() {
  std::optional<Frame> row = pop(Kind::kRow);
  if (!row) return;
  while (!row->cells.empty() && row->cells.back().empty()) row->cells.pop_back();
  std::string line;
  for (size_t i = 0; i < row->cells.size(); ++i) {
    if (i) line += '\t';
    line += row->cells[i];
  }
  put(std::move(line));
}

void TextBuilder::begin_cell() { open_.push_back({Kind::kCell, {}, {}}); }

void TextBuilder::end_cell() {
  std::optional<Frame> cell = pop(Kind::kCell);
  if (!cell) return;
  std::string text = one_line(cell->text);
  for (auto it = open_.rbegin(); it != open_.rend(); ++it) {
    if (it->kind == Kind::kRow) {
      it->cells.push_back(std::move(text));
      return;
    }
  }
  put(std::move(text));
}

void TextBuilder::line(std::string_view text) { put(std::string(text)); }

std::optional<TextBuilder::Frame> TextBuilder::pop(Kind kind) {
  auto it =
      std::find_if(open_.rbegin(), open_.rend(), [&](const Frame& f) { return f.kind == kind; });
  if (it == open_.rend()) return std::nullopt;
  // frames left open inside it (malformed nesting) are finished first
  while (open_.back().kind != kind || &open_.back() != &*it) {
    Frame inner = std::move(open_.back());
    open_.pop_back();
    if (inner.kind == Kind::kParagraph || inner.kind == Kind::kCell) put(std::move(inner.text));
    if (open_.empty()) return std::nullopt;
    it = std::find_if(open_.rbegin(), open_.rend(), [&](const Frame& f) { return f.kind == kind; });
    if (it == open_.rend()) return std::nullopt;
  }
  Frame f = std::move(open_.back());
  open_.pop_back();
  return f;
}

void TextBuilder::put(std::string text) {
  // a paragraph inside a cell is part of the cell's text
  for (auto it = open_.rbegin(); it != open_.rend(); ++it) {
    if (it->kind == Kind::kCell) {
      std::string t = one_line(text);
      if (t.empty()) return;
      if (!it->text.empty() && it->text.back() != ' ') it->text += ' ';
      it->text += t;
      return;
    }
    if (it->kind == Kind::kRow) break;  // a row's loose text: a line of its own
  }
  emit(text);
}

void TextBuilder::emit(std::string_view line) {
  if (full_) return;
  // trim the ends, keep the inside (tabs, line breaks)
  size_t b = 0, e = line.size();
  while (b < e && (line[b] == ' ' || line[b] == '\n' || line[b] == '\r')) ++b;
  while (e > b &&
         (line[e - 1] == ' ' || line[e - 1] == '\n' || line[e - 1] == '\r' || line[e - 1] == '\t'))
    --e;
  if (b == e) return;
  uint64_t total = out_.size();
  for (const std::string& p : pages_) total += p.size() + 1;
  if (total + (e - b) + 1 > max_) {
    full_ = true;
    return;
  }
  out_.append(line.substr(b, e - b));
  out_ += '\n';
}

void TextBuilder::end_page() {
  while (!open_.empty()) {
    Frame f = std::move(open_.back());
    open_.pop_back();
    if (f.kind == Kind::kParagraph || f.kind == Kind::kCell) put(std::move(f.text));
  }
  paged_ = true;
  while (!out_.empty() && out_.back() == '\n') out_.pop_back();
  pages_.push_back(std::move(out_));
  out_.clear();
}

std::string TextBuilder::take_text() {
  while (!open_.empty()) {
    Frame f = std::move(open_.back());
    open_.pop_back();
    if (f.kind == Kind::kParagraph || f.kind == Kind::kCell) put(std::move(f.text));
  }
  if (!paged_) return std::move(out_);
  if (!out_.empty()) end_page();
  std::string all;
  for (size_t i = 0; i < pages_.size(); ++i) {
    if (i) all += '\f';
    all += pages_[i];
  }
  return all;
}

std::vector<std::string> TextBuilder::take_pages() { return std::move(pages_); }

// ---------------------------------------------------------------- properties

std::string date_of(std::string_view iso) {
  if (iso.size() < 10) return {};
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (iso[i] < '0' || iso[i] > '9') return {};
  if (iso[4] != '-' || iso[7] != '-') return {};
  const int y = std::stoi(std::string(iso.substr(0, 4)));
  const int m = std::stoi(std::string(iso.substr(5, 2)));
  const int d = std::stoi(std::string(iso.substr(8, 2)));
  // 1601-01-01 and 1899-12-30 are the zero dates of FILETIME and OLE dates: no date
  if (y < 1900 || m < 1 || m > 12 || d < 1 || d > 31) return {};
  return std::string(iso.substr(0, 10));
}

void add_summary(const ole::Summary& s, Extracted& e) {
  if (!s.title.empty()) e.title = s.title;
  auto set = [&](const char* key, const std::string& v) {
    if (!v.empty()) e.metadata[key] = v;
  };
  set("author", s.author);
  set("subject", s.subject);
  set("keywords", s.keywords);
  set("description", s.comments);
  set("last_modified_by", s.last_author);
  set("created", s.created);
  set("modified", s.modified);
  set("generator", s.application);
  e.date = date_of(s.created);
  if (e.date.empty()) e.date = date_of(s.modified);
}

void read_properties(const Package& package, std::string_view part, const OfficeOptions& options,
                     const Deadline& deadline, Extracted& e) {
  const std::string* bytes = package.part(part);
  if (!bytes) return;
  XmlStream xml(*bytes, part, options, deadline);
  std::vector<std::string> authors, keywords;
  std::string initial_creator;
  auto set = [&](const char* key, std::string v) {
    v = one_line(v);
    if (!v.empty() && !e.metadata.count(key)) e.metadata[key] = std::move(v);
  };
  for (XmlStream::Event ev; (ev = xml.next()) != XmlStream::Event::kDone;) {
    if (ev != XmlStream::Event::kStart) continue;
    const std::string n(xml.name());
    if (n == "title") {
      std::string t = one_line(xml.read_text());
      if (e.title.empty()) e.title = t;
    } else if (n == "creator") {
      std::string a = one_line(xml.read_text());
      if (!a.empty()) authors.push_back(a);
    } else if (n == "initial-creator") {
      initial_creator = one_line(xml.read_text());
    } else if (n == "lastModifiedBy") {
      set("last_modified_by", xml.read_text());
    } else if (n == "created" || n == "creation-date") {
      set("created", xml.read_text());
    } else if (n == "modified" || (n == "date" && xml.ns() == "http://purl.org/dc/elements/1.1/")) {
      set("modified", xml.read_text());
    } else if (n == "subject") {
      set("subject", xml.read_text());
    } else if (n == "keywords" || n == "keyword") {
      std::string k = one_line(xml.read_text());
      if (!k.empty()) keywords.push_back(k);
    } else if (n == "description") {
      set("description", xml.read_text());
    } else if (n == "Application" || n == "generator") {
      set("generator", xml.read_text());
    } else if (n == "Pages") {
      set("pages", xml.read_text());
    } else if (n == "Words") {
      set("words", xml.read_text());
    } else if (n == "document-statistic") {
      if (auto v = xml.attr_any("page-count")) set("pages", *v);
      if (auto v = xml.attr_any("word-count")) set("words", *v);
    } else if (n == "meta" && xml.attr("name")) {
      // HWPX content.hpf: <opf:meta name="creator" content="text">Name</opf:meta> (ODF's
      // office:meta, the element all of meta.xml is in, has no name)
      const std::string name = ascii_lower(xml.attr("name").value_or(""));
      std::string v = one_line(xml.read_text());
      if (name == "creator")
        authors.push_back(v);
      else if (name == "createddate")
        set("created", v);
      else if (name == "modifieddate")
        set("modified", v);
      else if (name == "subject")
        set("subject", v);
      else if (name == "description")
        set("description", v);
      else if (name == "keyword" && !v.empty())
        keywords.push_back(v);
      else if (name == "lastsaveby")
        set("last_modified_by", v);
    }
  }
  if (!initial_creator.empty()) {
    // ODF: dc:creator is whoever saved it last
    if (!authors.empty() && authors.front() != initial_creator)
      set("last_modified_by", authors.front());
    authors = {initial_creator};
  }
  authors.erase(std::remove(authors.begin(), authors.end(), std::string()), authors.end());
  if (!authors.empty() && !e.metadata.count("author")) {
    std::string a;
    for (const std::string& s : authors) a += (a.empty() ? "" : "; ") + s;
    e.metadata["author"] = a;
  }
  if (!keywords.empty() && !e.metadata.count("keywords")) {
    std::string k;
    for (const std::string& s : keywords) k += (k.empty() ? "" : ", ") + s;
    e.metadata["keywords"] = k;
  }
  if (e.date.empty()) {
    auto it = e.metadata.find("created");
    if (it != e.metadata.end()) e.date = date_of(it->second);
  }
  if (e.date.empty()) {
    auto it = e.metadata.find("modified");
    if (it != e.metadata.end()) e.date = date_of(it->second);
  }
}

void add_media_children(Package& package, std::string_view prefix, const OfficeOptions& options,
                        Extracted& e) {
  for (const std::string& path : package.paths()) {
    if (!path.starts_with(prefix) || path.back() == '/') continue;
    if (e.children.size() >= static_cast<size_t>(options.max_children)) {
      e.warnings.push_back("more embedded files than office.max_children (" +
                           std::to_string(options.max_children) + "): the rest are not read");
      return;
    }
    Embedded child;
    child.name = path;
    auto skipped = package.skipped().find(path);
    if (skipped != package.skipped().end()) {
      child.error = make_error(ErrorCode::kTooLarge, skipped->second);
    } else {
      child.bytes = package.take(path);
      if (child.bytes.empty()) continue;
    }
    e.children.push_back(std::move(child));
  }
}

}  // namespace trawl
