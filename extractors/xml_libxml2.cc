// XML through libxml2: the text of every element, one element per line, CDATA included;
// feed titles and dates (RSS, Atom). External entities and network access are off.
#include <libxml/parser.h>
#include <libxml/tree.h>

#include <memory>
#include <mutex>
#include <string>

#include "core/dates.h"
#include "core/text.h"
#include "extractors/charset.h"
#include "extractors/extractor.h"

namespace trawl {
namespace {

struct XmlDocFree {
  void operator()(xmlDoc* d) const { xmlFreeDoc(d); }
};

std::string_view name_of(const xmlNode* n) {
  return n->name ? std::string_view(reinterpret_cast<const char*>(n->name)) : std::string_view();
}

class XmlWalker {
 public:
  explicit XmlWalker(Extracted& e) : e_(e) {}

  void walk(const xmlNode* node, int depth) {
    if (depth > 256) return;  // bounded recursion for pathological nesting
    for (const xmlNode* n = node; n; n = n->next) {
      if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
        if (n->content) text(reinterpret_cast<const char*>(n->content));
      } else if (n->type == XML_ELEMENT_NODE) {
        element(n, depth);
      }
    }
  }
  std::string take() { return std::move(out_); }

 private:
  void element(const xmlNode* n, int depth) {
    std::string lname = ascii_lower(name_of(n));
    // a feed's or document's own title sits near the root (rss/channel/title, feed/title)
    if (e_.title.empty() && lname == "title" && depth <= 2) e_.title = one_line(content(n));
    if (e_.date.empty() && (lname == "pubdate" || lname == "published" || lname == "updated" ||
                            lname == "date" || lname == "lastbuilddate"))
      e_.date = parse_date(content(n)).value_or("");
    if (lname == "link") {
      if (xmlChar* href = xmlGetProp(n, reinterpret_cast<const xmlChar*>("href"))) {
        e_.links.emplace_back(reinterpret_cast<const char*>(href));
        xmlFree(href);
      }
    }
    walk(n->children, depth + 1);
    if (!out_.empty() && out_.back() != '\n') out_ += '\n';
  }

  static std::string content(const xmlNode* n) {
    xmlChar* c = xmlNodeGetContent(n);
    std::string s = c ? reinterpret_cast<const char*>(c) : "";
    xmlFree(c);
    return s;
  }

  void text(std::string_view s) {
    std::string t = one_line(s);
    if (t.empty()) return;
    if (!out_.empty() && out_.back() != '\n') out_ += ' ';
    out_ += t;
  }

  Extracted& e_;
  std::string out_;
};

class XmlExtractor final : public Extractor {
 public:
  std::string_view name() const override { return "xml"; }

  Result<Extracted> extract(const Blob& blob) const override {
    static std::once_flag init;
    std::call_once(init, [] { xmlInitParser(); });
    std::vector<std::string> declared = blob.declared_charsets;
    if (auto sniffed = sniff_declared_charset(blob.bytes)) declared.push_back(*sniffed);
    Decoded d = decode_text(blob.bytes, declared);
    if (d.text.size() > static_cast<size_t>(INT32_MAX))
      return make_error(ErrorCode::kTooLarge, "XML document larger than 2 GiB");
    // The text is UTF-8 now whatever the declaration said: tell the parser so.
    const int options = XML_PARSE_NONET | XML_PARSE_RECOVER | XML_PARSE_NOERROR |
                        XML_PARSE_NOWARNING | XML_PARSE_NOCDATA | XML_PARSE_NOBLANKS;
    std::unique_ptr<xmlDoc, XmlDocFree> doc(
        xmlReadMemory(d.text.data(), static_cast<int>(d.text.size()), nullptr, "UTF-8", options));
    if (!doc || !xmlDocGetRootElement(doc.get()))
      return make_error(ErrorCode::kCorrupt, "malformed XML: no root element");
    Extracted e;
    e.encoding = d.encoding;
    e.warnings = std::move(d.warnings);
    XmlWalker w(e);
    w.walk(xmlDocGetRootElement(doc.get()), 0);
    e.text = w.take();
    if (xmlChar* lang = xmlGetProp(xmlDocGetRootElement(doc.get()), reinterpret_cast<const xmlChar*>("lang"))) {
      e.language_hint = reinterpret_cast<const char*>(lang);
      xmlFree(lang);
    }
    return e;
  }
};

}  // namespace

std::unique_ptr<Extractor> make_xml_extractor() { return std::make_unique<XmlExtractor>(); }

}  // namespace trawl
