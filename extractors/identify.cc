// Adapters for libmagic (MIME types) and OpenSSL's libcrypto (SHA-256).
#include "extractors/identify.h"

#include <magic.h>
#include <openssl/evp.h>

#include "core/text.h"

namespace trawl {

std::string sha256_hex(std::string_view bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest, &len, EVP_sha256(), nullptr);
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(len * 2);
  for (unsigned int i = 0; i < len; ++i) {
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 0xF];
  }
  return out;
}

namespace {

struct MagicCloser {
  void operator()(magic_set* m) const { magic_close(m); }
};

bool ends_with_any(std::string_view name, std::initializer_list<std::string_view> suffixes) {
  std::string lower = ascii_lower(name);
  for (auto s : suffixes)
    if (std::string_view(lower).ends_with(s)) return true;
  return false;
}

// Signatures libmagic itself decides on at offset 0, checked first: libmagic is a fifth
// of the ingest profile, most of it on text it must classify the slow way (bench/ingest).
// Anything else, and anything short, goes to libmagic.
const char* unmistakable(std::string_view b) {
  if (b.size() < 16) return nullptr;
  if (b.starts_with("%PDF-")) return "application/pdf";
  if (b.starts_with("\x89PNG\r\n\x1a\n")) return "image/png";
  if (b.starts_with("\xff\xd8\xff")) return "image/jpeg";
  if (b.starts_with("GIF87a") || b.starts_with("GIF89a")) return "image/gif";
  // HTML that says so first: "<!DOCTYPE html" or "<html", after a UTF-8 BOM and spaces
  std::string_view h = b.substr(0, 64);
  if (h.starts_with("\xEF\xBB\xBF")) h.remove_prefix(3);
  while (!h.empty() && (h[0] == ' ' || h[0] == '\t' || h[0] == '\r' || h[0] == '\n')) h.remove_prefix(1);
  const std::string head = ascii_lower(h.substr(0, 15));
  if (std::string_view(head).starts_with("<!doctype html") || std::string_view(head).starts_with("<html")) return "text/html";
  return nullptr;
}

class LibmagicDetector final : public MimeDetector {
 public:
  explicit LibmagicDetector(magic_t m) : magic_(m) {}

  std::string detect(std::string_view bytes, std::string_view name) override {
    if (bytes.empty()) return "application/x-empty";
    if (const char* sure = unmistakable(bytes)) return sure;
    const char* r = magic_buffer(magic_.get(), bytes.data(), bytes.size());
    std::string mime = r ? r : "application/octet-stream";
    // ISO-2022-KR (RFC 1557) text is 7-bit with escape and shift bytes, which libmagic
    // calls binary data; its designator "ESC $ ) C" near the start says what it is.
    if (mime == "application/octet-stream" && bytes.substr(0, 4096).find("\x1b$)C") != std::string_view::npos &&
        bytes.substr(0, 4096).find('\0') == std::string_view::npos)
      return "text/plain";
    if (mime == "text/plain" && ends_with_any(name, {".html", ".htm", ".xhtml", ".shtml"}) &&
        bytes.find('<') != std::string_view::npos) {
      return "text/html";
    }
    return mime;
  }

 private:
  std::unique_ptr<magic_set, MagicCloser> magic_;
};

}  // namespace

Result<std::unique_ptr<MimeDetector>> MimeDetector::create() {
  // Checks we never need: looking inside compressed data (we want the container's
  // type), ELF details, programming-language tokens, JSON and CSV (read as text anyway).
  magic_t m = magic_open(MAGIC_MIME_TYPE | MAGIC_ERROR | MAGIC_NO_CHECK_COMPRESS | MAGIC_NO_CHECK_ELF |
                         MAGIC_NO_CHECK_TOKENS | MAGIC_NO_CHECK_JSON | MAGIC_NO_CHECK_CSV);
  if (!m) return make_error(ErrorCode::kFatal, "libmagic: cannot allocate a handle");
  if (magic_load(m, nullptr) != 0) {
    std::string msg = std::string("libmagic: cannot load the magic database: ") +
                      (magic_error(m) ? magic_error(m) : "unknown error");
    magic_close(m);
    return make_error(ErrorCode::kFatal, msg);
  }
  // Regex rules scan 8 KB of text by default; the first 1 KB decides the same types on
  // our corpora at 30% less cost per file.
  size_t regex_max = 1024;
  magic_setparam(m, MAGIC_PARAM_REGEX_MAX, &regex_max);
  return std::unique_ptr<MimeDetector>(std::make_unique<LibmagicDetector>(m));
}

}  // namespace trawl
