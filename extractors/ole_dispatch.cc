// The compound-file dispatcher (ole_dispatch.h) and the encrypted-OOXML extractor
// (extractor.h): both only look at the streams a compound file holds.
#include "extractors/ole_dispatch.h"

#include <map>

#include "core/text.h"
#include "extractors/ole.h"

namespace trawl {
namespace {

constexpr std::string_view kOoxmlEncrypted =
    "password-protected Office document (OOXML encryption)";

bool has_ooxml_encryption(const ole::CompoundFile& cf) {
  return cf.has("EncryptionInfo") && cf.has("EncryptedPackage");
}

class EncryptedOfficeExtractor final : public Extractor {
 public:
  std::string_view name() const override { return "encrypted-office"; }
  Result<Extracted> extract(const Blob& blob) const override {
    try {
      auto cf = ole::CompoundFile::open(blob.bytes, blob.name);
      // libmagic's application/encrypted is an OOXML package's compound file: anything
      // else with that type is still an encrypted file we cannot read
      if (!cf || has_ooxml_encryption(*cf))
        return make_error(ErrorCode::kEncrypted, std::string(kOoxmlEncrypted));
      return make_error(ErrorCode::kEncrypted, "encrypted file (no EncryptionInfo stream)");
    } catch (const std::exception& ex) {
      return make_error(ErrorCode::kCorrupt,
                        std::string("cannot read the compound file: ") + ex.what());
    }
  }
};

struct Target {
  std::string mime;
  std::string format;  // for messages
};

class CompoundFileExtractor final : public Extractor {
 public:
  explicit CompoundFileExtractor(const ExtractorLookup& lookup) {
    for (const char* mime :
         {"application/x-hwp", "application/vnd.ms-outlook", "application/encrypted",
          "application/msword", "application/vnd.ms-excel", "application/vnd.ms-powerpoint"}) {
      if (auto ex = lookup(mime)) delegates_[mime] = std::move(ex);
    }
  }
  std::string_view name() const override { return "compound-file"; }

  Result<Extracted> extract(const Blob& blob) const override {
    try {
      return dispatch(blob);
    } catch (const std::exception& ex) {
      return make_error(ErrorCode::kCorrupt,
                        std::string("cannot read the compound file: ") + ex.what());
    }
  }

 private:
  Result<Extracted> dispatch(const Blob& blob) const {
    auto cf = ole::CompoundFile::open(blob.bytes, blob.name);
    if (!cf) return cf.error();
    const std::vector<ole::Entry> top = cf->children();
    auto target = classify(*cf, top);
    if (!target) {
      std::string names;
      for (const ole::Entry& e : top) {
        if (!names.empty()) names += ", ";
        for (char c : e.name) names += static_cast<unsigned char>(c) < 0x20 ? '?' : c;
        if (e.storage) names += '/';
        if (names.size() > 200) {
          names += "...";
          break;
        }
      }
      return make_error(ErrorCode::kUnsupported, "compound file of no known kind (streams: " +
                                                     (names.empty() ? std::string("none") : names) +
                                                     ")");
    }
    auto it = delegates_.find(target->mime);
    if (it == delegates_.end())
      return make_error(ErrorCode::kUnsupported,
                        target->format + " (no reader for " + target->mime + " in this build)");
    Blob b = blob;
    b.mime = target->mime;
    return it->second->extract(b);
  }

  static std::optional<Target> classify(const ole::CompoundFile& cf,
                                        const std::vector<ole::Entry>& top) {
    auto has = [&](std::string_view name) {
      for (const ole::Entry& e : top)
        if (e.name == name) return true;
      return false;
    };
    if (has("FileHeader")) {
      auto h = cf.read_prefix("FileHeader", 32);
      if (h && h->starts_with("HWP Document File"))
        return Target{"application/x-hwp", "HWP 5 document"};
      // a damaged FileHeader: the HWP reader says what is wrong with it
      if (has("DocInfo") && has("BodyText")) return Target{"application/x-hwp", "HWP 5 document"};
    }
    bool substg = false;
    for (const ole::Entry& e : top) substg = substg || e.name.starts_with("__substg1.0_");
    if (has("__properties_version1.0") && substg)
      return Target{"application/vnd.ms-outlook", "Outlook message"};
    if (has("EncryptionInfo") && has("EncryptedPackage"))
      return Target{"application/encrypted", std::string(kOoxmlEncrypted)};
    if (has("WordDocument")) return Target{"application/msword", "legacy Office file (Word)"};
    if (has("Workbook") || has("Book"))
      return Target{"application/vnd.ms-excel", "legacy Office file (Excel)"};
    if (has("PowerPoint Document"))
      return Target{"application/vnd.ms-powerpoint", "legacy Office file (PowerPoint)"};
    return std::nullopt;
  }

  std::map<std::string, std::shared_ptr<const Extractor>> delegates_;
};

}  // namespace

std::unique_ptr<Extractor> make_encrypted_office_extractor() {
  return std::make_unique<EncryptedOfficeExtractor>();
}

std::unique_ptr<Extractor> make_compound_file_extractor(const ExtractorLookup& lookup) {
  return std::make_unique<CompoundFileExtractor>(lookup);
}

}  // namespace trawl
