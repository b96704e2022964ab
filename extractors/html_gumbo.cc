// HTML through gumbo (an HTML5 parser): title, visible text with block structure kept as
// line breaks, the lang attribute, publication dates and authors from <meta>, and links.
#include <gumbo.h>

#include <memory>
#include <string>

#include "core/dates.h"
#include "core/text.h"
#include "extractors/charset.h"
#include "extractors/extractor.h"

namespace trawl {
namespace {

struct GumboDeleter {
  void operator()(GumboOutput* out) const { gumbo_destroy_output(&kGumboDefaultOptions, out); }
};

bool is_skipped(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_SCRIPT:
    case GUMBO_TAG_STYLE:
    case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_HEAD:
    case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_OBJECT:
    case GUMBO_TAG_SVG:
    case GUMBO_TAG_SELECT:
      return true;
    default:
      return false;
  }
}

bool is_block(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_P: case GUMBO_TAG_DIV: case GUMBO_TAG_H1: case GUMBO_TAG_H2:
    case GUMBO_TAG_H3: case GUMBO_TAG_H4: case GUMBO_TAG_H5: case GUMBO_TAG_H6:
    case GUMBO_TAG_LI: case GUMBO_TAG_UL: case GUMBO_TAG_OL: case GUMBO_TAG_TABLE:
    case GUMBO_TAG_TR: case GUMBO_TAG_SECTION: case GUMBO_TAG_ARTICLE: case GUMBO_TAG_HEADER:
    case GUMBO_TAG_FOOTER: case GUMBO_TAG_NAV: case GUMBO_TAG_ASIDE: case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_PRE: case GUMBO_TAG_DD: case GUMBO_TAG_DT: case GUMBO_TAG_DL:
    case GUMBO_TAG_FIGURE: case GUMBO_TAG_FIGCAPTION: case GUMBO_TAG_FORM: case GUMBO_TAG_HR:
    case GUMBO_TAG_ADDRESS: case GUMBO_TAG_MAIN: case GUMBO_TAG_CAPTION: case GUMBO_TAG_TITLE:
    case GUMBO_TAG_BODY: case GUMBO_TAG_CENTER: case GUMBO_TAG_DETAILS: case GUMBO_TAG_SUMMARY:
      return true;
    default:
      return false;
  }
}

bool is_heading(GumboTag tag) {
  return tag >= GUMBO_TAG_H1 && tag <= GUMBO_TAG_H6;
}

const char* attr(const GumboElement& el, const char* name) {
  const GumboAttribute* a = gumbo_get_attribute(&el.attributes, name);
  return a ? a->value : nullptr;
}

// Collects text with paragraph structure: a block element ends the current line; a
// heading is its own paragraph (blank line after).
class TextBuilder {
 public:
  void text(std::string_view s, bool preformatted) {
    if (preformatted) {
      out_ += s;
      pending_space_ = false;
      return;
    }
    for (char c : s) {
      if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f') {
        pending_space_ = !out_.empty() && out_.back() != '\n';
        continue;
      }
      if (pending_space_) out_ += ' ';
      pending_space_ = false;
      out_ += c;
    }
  }
  void space() { pending_space_ = !out_.empty() && out_.back() != '\n'; }
  void line_break() {
    pending_space_ = false;
    while (!out_.empty() && out_.back() == ' ') out_.pop_back();
    if (!out_.empty() && out_.back() != '\n') out_ += '\n';
  }
  void paragraph_break() {
    line_break();
    if (out_.size() >= 2 && out_[out_.size() - 2] != '\n') out_ += '\n';
  }
  std::string take() {
    line_break();
    return std::move(out_);
  }

 private:
  std::string out_;
  bool pending_space_ = false;
};

class HtmlWalker {
 public:
  explicit HtmlWalker(Extracted& e) : e_(e) {}

  void walk(const GumboNode* node, bool pre) {
    switch (node->type) {
      case GUMBO_NODE_TEXT:
      case GUMBO_NODE_CDATA:
      case GUMBO_NODE_WHITESPACE:
        text_.text(node->v.text.text, pre);
        return;
      case GUMBO_NODE_ELEMENT:
      case GUMBO_NODE_TEMPLATE:
        element(node, pre);
        return;
      default:
        return;
    }
  }

  std::string take_text() { return text_.take(); }

 private:
  void element(const GumboNode* node, bool pre) {
    const GumboElement& el = node->v.element;
    GumboTag tag = el.tag;
    if (tag == GUMBO_TAG_HTML) {
      if (const char* lang = attr(el, "lang")) e_.language_hint = lang;
    } else if (tag == GUMBO_TAG_TITLE) {
      if (e_.title.empty()) e_.title = one_line(child_text(node));
      if (in_head(node)) return;
    } else if (tag == GUMBO_TAG_META) {
      meta(el);
      return;
    } else if (tag == GUMBO_TAG_A || tag == GUMBO_TAG_AREA) {
      if (const char* href = attr(el, "href")) link(href);
    } else if (tag == GUMBO_TAG_TIME) {
      if (const char* dt = attr(el, "datetime"); dt && time_date_.empty())
        time_date_ = parse_date(dt).value_or("");
    } else if (tag == GUMBO_TAG_BR) {
      text_.line_break();
      return;
    } else if (tag == GUMBO_TAG_IMG) {
      if (const char* alt = attr(el, "alt")) {
        text_.space();
        text_.text(alt, false);
        text_.space();
      }
      return;
    }
    if (tag == GUMBO_TAG_HEAD) {
      // title and meta live here; no visible text
      for (unsigned i = 0; i < el.children.length; ++i) {
        const auto* child = static_cast<const GumboNode*>(el.children.data[i]);
        if (child->type == GUMBO_NODE_ELEMENT &&
            (child->v.element.tag == GUMBO_TAG_TITLE || child->v.element.tag == GUMBO_TAG_META))
          element(child, pre);
      }
      return;
    }
    if (is_skipped(tag)) return;
    bool block = is_block(tag);
    if (is_heading(tag)) text_.paragraph_break();
    else if (block) text_.line_break();
    if (tag == GUMBO_TAG_TD || tag == GUMBO_TAG_TH) text_.space();
    bool child_pre = pre || tag == GUMBO_TAG_PRE || tag == GUMBO_TAG_TEXTAREA;
    for (unsigned i = 0; i < el.children.length; ++i)
      walk(static_cast<const GumboNode*>(el.children.data[i]), child_pre);
    if (is_heading(tag)) text_.paragraph_break();
    else if (block) text_.line_break();
    if (tag == GUMBO_TAG_TD || tag == GUMBO_TAG_TH) text_.space();
  }

  static bool in_head(const GumboNode* node) {
    for (const GumboNode* p = node->parent; p; p = p->parent)
      if (p->type == GUMBO_NODE_ELEMENT && p->v.element.tag == GUMBO_TAG_HEAD) return true;
    return false;
  }

  static std::string child_text(const GumboNode* node) {
    std::string out;
    const GumboVector& children = node->v.element.children;
    for (unsigned i = 0; i < children.length; ++i) {
      const auto* c = static_cast<const GumboNode*>(children.data[i]);
      if (c->type == GUMBO_NODE_TEXT || c->type == GUMBO_NODE_WHITESPACE) out += c->v.text.text;
    }
    return out;
  }

  void meta(const GumboElement& el) {
    const char* content = attr(el, "content");
    if (!content) return;
    std::string key;
    for (const char* k : {"name", "property", "itemprop", "http-equiv"})
      if (const char* v = attr(el, k)) {
        key = ascii_lower(v);
        break;
      }
    if (key.empty()) return;
    // Publication dates, most specific first; modification dates only as a fallback.
    static const char* const kPublished[] = {
        "article:published_time", "datepublished", "citation_publication_date",
        "dc.date.issued", "dcterms.issued", "pubdate", "publishdate", "publish-date",
        "publication_date", "date", "dc.date", "dcterms.date", "dcterms.created",
        "og:published_time", "sailthru.date", "article.published", "parsely-pub-date"};
    static const char* const kModified[] = {"article:modified_time", "datemodified",
                                            "dcterms.modified", "last-modified", "og:updated_time"};
    int rank = 0;
    for (const char* k : kPublished) {
      ++rank;
      if (key == k) {
        if (auto d = parse_date(content); d && rank < published_rank_) {
          published_rank_ = rank;
          e_.metadata["published"] = *d;
        }
        return;
      }
    }
    for (const char* k : kModified) {
      if (key == k) {
        if (auto d = parse_date(content)) e_.metadata.try_emplace("modified", *d);
        return;
      }
    }
    if (key == "author" || key == "article:author" || key == "dc.creator" || key == "dcterms.creator")
      e_.metadata.try_emplace("author", one_line(content));
    else if (key == "description" || key == "og:description")
      e_.metadata.try_emplace("description", one_line(content));
    else if (key == "keywords")
      e_.metadata.try_emplace("keywords", one_line(content));
    else if (key == "og:title" && e_.title.empty())
      e_.metadata.try_emplace("og:title", one_line(content));
    else if (key == "content-language" && e_.language_hint.empty())
      e_.language_hint = one_line(content);
  }

  void link(std::string_view href) {
    std::string h(trim(href));
    if (h.empty() || h[0] == '#' || ascii_lower(h).starts_with("javascript:")) return;
    if (e_.links.size() < 10000) e_.links.push_back(std::move(h));
  }

 public:
  std::string time_date_;

 private:
  Extracted& e_;
  TextBuilder text_;
  int published_rank_ = 1000;
};

class HtmlExtractor final : public Extractor {
 public:
  std::string_view name() const override { return "html"; }

  Result<Extracted> extract(const Blob& blob) const override {
    std::vector<std::string> declared = blob.declared_charsets;
    if (auto sniffed = sniff_declared_charset(blob.bytes)) declared.push_back(*sniffed);
    Decoded d = decode_text(blob.bytes, declared);

    GumboOptions options = kGumboDefaultOptions;
    options.max_errors = 100;  // error records are not used; keep the parser from collecting many
    std::unique_ptr<GumboOutput, GumboDeleter> out(
        gumbo_parse_with_options(&options, d.text.data(), d.text.size()));
    if (!out) return make_error(ErrorCode::kCorrupt, "HTML parser failed");

    Extracted e;
    e.encoding = d.encoding;
    e.warnings = std::move(d.warnings);
    HtmlWalker w(e);
    w.walk(out->root, false);
    e.text = w.take_text();
    if (e.title.empty()) {
      if (auto it = e.metadata.find("og:title"); it != e.metadata.end()) e.title = it->second;
    }
    e.metadata.erase("og:title");
    if (auto it = e.metadata.find("published"); it != e.metadata.end()) e.date = it->second;
    else if (!w.time_date_.empty()) e.date = w.time_date_;
    else if (auto m = e.metadata.find("modified"); m != e.metadata.end()) e.date = m->second;
    return e;
  }
};

}  // namespace

std::unique_ptr<Extractor> make_html_extractor() { return std::make_unique<HtmlExtractor>(); }

}  // namespace trawl
