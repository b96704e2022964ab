// Inside the OOXML reader (office_ooxml.cc dispatches, office_docx.cc, office_xlsx.cc,
// office_pptx.cc read): one function per kind of package, each filling `e` from the
// package's main part and the parts it names.
#pragma once

#include <string>

#include "config/config.h"
#include "core/result.h"
#include "extractors/extractor.h"
#include "extractors/office_package.h"

namespace trawl {

// True for the namespaces of a WordprocessingML, SpreadsheetML, PresentationML or
// DrawingML element, transitional or strict.
bool is_wml(std::string_view ns);
bool is_sml(std::string_view ns);
bool is_pml(std::string_view ns);
bool is_dml(std::string_view ns);
// mc:AlternateContent's namespace: its Fallback repeats the Choice (a text box twice).
bool is_mc(std::string_view ns);

// `main` is the main part's path ("word/document.xml"). Errors: kCorrupt when the main
// part is missing or yields nothing readable; kTimeout. Warnings for the parts that fail.
Status read_docx(Package& package, const std::string& main, const OfficeOptions& options,
                 const Deadline& deadline, Extracted& e);
Status read_xlsx(Package& package, const std::string& main, const OfficeOptions& options,
                 const Deadline& deadline, Extracted& e);
Status read_pptx(Package& package, const std::string& main, const OfficeOptions& options,
                 const Deadline& deadline, Extracted& e);

}  // namespace trawl
