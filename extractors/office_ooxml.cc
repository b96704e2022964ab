// Office Open XML (ECMA-376; DOCX, XLSX, PPTX, transitional and strict): the package's
// main part is found through its root relationships ("officeDocument"), its kind from
// the part's content type in [Content_Types].xml (a file named .docx that is a workbook
// is read as a workbook), then office_docx.cc, office_xlsx.cc or office_pptx.cc read it.
// Properties come from docProps/core.xml and docProps/app.xml. Encrypted OOXML files are
// compound files, not zips (libmagic: application/encrypted; ole_gsf.cc reads those).
#include "extractors/office_ooxml.h"

#include "core/text.h"

namespace trawl {

bool is_wml(std::string_view ns) {
  return ns == "http://schemas.openxmlformats.org/wordprocessingml/2006/main" ||
         ns == "http://purl.oclc.org/ooxml/wordprocessingml/main";
}
bool is_sml(std::string_view ns) {
  return ns == "http://schemas.openxmlformats.org/spreadsheetml/2006/main" ||
         ns == "http://purl.oclc.org/ooxml/spreadsheetml/main";
}
bool is_pml(std::string_view ns) {
  return ns == "http://schemas.openxmlformats.org/presentationml/2006/main" ||
         ns == "http://purl.oclc.org/ooxml/presentationml/main";
}
bool is_dml(std::string_view ns) {
  return ns == "http://schemas.openxmlformats.org/drawingml/2006/main" ||
         ns == "http://purl.oclc.org/ooxml/drawingml/main";
}
bool is_mc(std::string_view ns) {
  return ns == "http://schemas.openxmlformats.org/markup-compatibility/2006";
}

namespace {

enum class Kind { kUnknown, kWord, kWorkbook, kPresentation };

Kind kind_of_content_type(std::string_view type) {
  if (type.find("wordprocessingml") != std::string_view::npos ||
      type.find("ms-word") != std::string_view::npos)
    return Kind::kWord;
  if (type.find("spreadsheetml") != std::string_view::npos ||
      type.find("ms-excel") != std::string_view::npos)
    return Kind::kWorkbook;
  if (type.find("presentationml") != std::string_view::npos ||
      type.find("ms-powerpoint") != std::string_view::npos)
    return Kind::kPresentation;
  return Kind::kUnknown;
}

// The content type [Content_Types].xml gives `part`: its Override, else its extension's
// Default.
std::string content_type(const Package& package, const std::string& part,
                         const OfficeOptions& options, const Deadline& deadline) {
  const std::string* types = package.part("[Content_Types].xml");
  if (!types) return {};
  const size_t dot = part.rfind('.');
  const std::string ext = dot == std::string::npos ? "" : ascii_lower(part.substr(dot + 1));
  std::string by_default;
  XmlStream xml(*types, "[Content_Types].xml", options, deadline);
  for (XmlStream::Event ev; (ev = xml.next()) != XmlStream::Event::kDone;) {
    if (ev != XmlStream::Event::kStart) continue;
    if (xml.name() == "Override") {
      std::string name = xml.attr("PartName").value_or("");
      if (!name.empty() && name[0] == '/') name.erase(0, 1);
      if (ascii_lower(name) == ascii_lower(part)) return xml.attr("ContentType").value_or("");
    } else if (xml.name() == "Default") {
      if (ascii_lower(xml.attr("Extension").value_or("")) == ext)
        by_default = xml.attr("ContentType").value_or("");
    }
  }
  return by_default;
}

class OoxmlExtractor final : public Extractor {
 public:
  explicit OoxmlExtractor(const OfficeOptions& options) : options_(options) {}
  std::string_view name() const override { return "ooxml"; }

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
    Extracted e;
    e.warnings = std::move(package->warnings());
    // the main part: the root relationship "officeDocument", else the usual names
    std::string main;
    for (const auto& [id, rel] : relationships(*package, "")) {
      if (rel.type == "officeDocument" && !rel.external) main = rel.target;
    }
    Kind kind = Kind::kUnknown;
    if (!main.empty())
      kind = kind_of_content_type(content_type(*package, main, options_, deadline));
    if (kind == Kind::kUnknown) {
      struct Usual {
        const char* part;
        Kind kind;
      };
      for (Usual u :
           {Usual{"word/document.xml", Kind::kWord}, Usual{"xl/workbook.xml", Kind::kWorkbook},
            Usual{"ppt/presentation.xml", Kind::kPresentation}}) {
        if (package->part(u.part) || package->skipped().count(u.part)) {
          main = u.part;
          kind = u.kind;
          break;
        }
      }
    }
    if (kind == Kind::kUnknown) {
      if (package->part("EncryptionInfo"))
        return make_error(ErrorCode::kEncrypted, "password-protected Office document");
      return make_error(ErrorCode::kCorrupt,
                        "not an Office Open XML package: no main document part");
    }
    if (auto skipped = package->skipped().find(main); skipped != package->skipped().end())
      return make_error(ErrorCode::kTooLarge, main + ": " + skipped->second);
    if (!package->part(main))
      return make_error(ErrorCode::kCorrupt, "the main part " + main + " is missing");

    read_properties(*package, "docProps/core.xml", options_, deadline, e);
    read_properties(*package, "docProps/app.xml", options_, deadline, e);
    Status s;
    switch (kind) {
      case Kind::kWord:
        s = read_docx(*package, main, options_, deadline, e);
        break;
      case Kind::kWorkbook:
        s = read_xlsx(*package, main, options_, deadline, e);
        break;
      case Kind::kPresentation:
        s = read_pptx(*package, main, options_, deadline, e);
        break;
      case Kind::kUnknown:
        break;
    }
    if (!s) return s.error();
    return e;
  }

  OfficeOptions options_;
};

}  // namespace

std::unique_ptr<Extractor> make_ooxml_extractor(const OfficeOptions& options) {
  return std::make_unique<OoxmlExtractor>(options);
}

}  // namespace trawl
