#include "extractors/extractor.h"

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include <cctype>

#include "extractors/ole_dispatch.h"

namespace trawl {

ExtractorRegistry ExtractorRegistry::with_defaults(const Config& config) {
  ExtractorRegistry r;
  std::shared_ptr<const Extractor> text = make_text_extractor();
  std::shared_ptr<const Extractor> html = make_html_extractor();
  std::shared_ptr<const Extractor> xml = make_xml_extractor();
  std::shared_ptr<const Extractor> pdf = make_pdf_extractor(config.pdf, config.ocr);
  r.add("text/html", html);
  r.add("application/xhtml+xml", html);
  r.add("text/xml", xml);
  r.add("application/xml", xml);
  r.add("application/rss+xml", xml);
  r.add("application/atom+xml", xml);
  // text formats libmagic files under application/
  r.add("application/x-subrip", text);
  r.add("application/json", text);
  r.add("application/javascript", text);
  r.add("application/pdf", pdf);
  // office packages (zip + XML)
  std::shared_ptr<const Extractor> ooxml = make_ooxml_extractor(config.office);
  for (const char* t : {
           "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
           "application/vnd.openxmlformats-officedocument.wordprocessingml.template",
           "application/vnd.ms-word.document.macroenabled.12",
           "application/vnd.ms-word.template.macroenabled.12",
           "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
           "application/vnd.openxmlformats-officedocument.spreadsheetml.template",
           "application/vnd.ms-excel.sheet.macroenabled.12",
           "application/vnd.openxmlformats-officedocument.presentationml.presentation",
           "application/vnd.openxmlformats-officedocument.presentationml.slideshow",
           "application/vnd.openxmlformats-officedocument.presentationml.template",
           "application/vnd.ms-powerpoint.presentation.macroenabled.12",
       })
    r.add(t, ooxml);
  std::shared_ptr<const Extractor> odf = make_odf_extractor(config.office);
  for (const char* t : {
           "application/vnd.oasis.opendocument.text",
           "application/vnd.oasis.opendocument.text-template",
           "application/vnd.oasis.opendocument.spreadsheet",
           "application/vnd.oasis.opendocument.spreadsheet-template",
           "application/vnd.oasis.opendocument.presentation",
           "application/vnd.oasis.opendocument.presentation-template",
       })
    r.add(t, odf);
  r.add("application/hwp+zip", make_hwpx_extractor(config.office));
  // e-mail (email_gmime.cc): messages, MHTML saved pages, mbox files
  std::shared_ptr<const Extractor> email = make_email_extractor(config.office);
  r.add("message/rfc822", email);
  r.add("multipart/related", email);
  r.add("application/x-mimearchive", email);
  r.add("application/mbox", make_mbox_extractor(config.office));
  // Outlook .msg (msg_outlook.cc): MAPI properties in a compound file
  r.add("application/vnd.ms-outlook", make_msg_extractor(config.office));
  // RTF (rtf.cc, our own reader) and legacy .doc/.xls/.ppt (office_legacy.cc, catdoc)
  std::shared_ptr<const Extractor> rtf = make_rtf_extractor(config.office);
  r.add("text/rtf", rtf);
  r.add("application/rtf", rtf);
  std::shared_ptr<const Extractor> legacy = make_legacy_office_extractor(config.office);
  r.add("application/msword", legacy);
  r.add("application/vnd.ms-excel", legacy);
  r.add("application/vnd.ms-powerpoint", legacy);
  // Compound files (ole_gsf.cc): HWP 5 (hwp5.cc), encrypted OOXML, and the dispatcher
  // (ole_dispatch.cc) for compound files libmagic does not name. Keep this block last:
  // the dispatcher takes the .msg and legacy Office extractors registered above.
  std::shared_ptr<const Extractor> hwp5 = make_hwp5_extractor(config.office);
  for (const char* t :
       {"application/x-hwp", "application/haansofthwp", "application/vnd.hancom.hwp"})
    r.add(t, hwp5);
  r.add("application/encrypted", make_encrypted_office_extractor());
  std::shared_ptr<const Extractor> compound = make_compound_file_extractor(
      [&r](const std::string& mime) -> std::shared_ptr<const Extractor> {
        auto it = r.exact_.find(mime);
        return it == r.exact_.end() ? nullptr : it->second;
      });
  r.add("application/cdfv2", compound);
  r.add("application/x-ole-storage", compound);
  r.add_prefix("text/", text);
  return r;
}

void ExtractorRegistry::add(const std::string& mime, std::shared_ptr<const Extractor> extractor) {
  exact_[mime] = std::move(extractor);
}

void ExtractorRegistry::add_prefix(const std::string& prefix,
                                   std::shared_ptr<const Extractor> extractor) {
  prefixes_.emplace_back(prefix, std::move(extractor));
}

const Extractor* ExtractorRegistry::find(const std::string& mime) const {
  // libmagic writes some types with capitals ("macroEnabled"): the table is lower-case
  auto it = exact_.find(mime);
  if (it == exact_.end()) {
    std::string lower = mime;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    it = exact_.find(lower);
  }
  if (it != exact_.end()) return it->second.get();
  for (const auto& [prefix, ex] : prefixes_)
    if (mime.starts_with(prefix)) return ex.get();
  return nullptr;
}

std::string to_nfc(std::string_view text) {
  UErrorCode st = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(st);
  if (U_FAILURE(st)) return std::string(text);
  icu::UnicodeString us = icu::UnicodeString::fromUTF8(
      icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  // most text is already NFC: check the fast way first
  if (nfc->quickCheck(us, st) == UNORM_YES && U_SUCCESS(st)) return std::string(text);
  st = U_ZERO_ERROR;
  icu::UnicodeString out = nfc->normalize(us, st);
  if (U_FAILURE(st)) return std::string(text);
  std::string utf8;
  out.toUTF8String(utf8);
  return utf8;
}

}  // namespace trawl
