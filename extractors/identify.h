// Identification: what the bytes are (MIME type by content, libmagic) and who they are
// (the document id, SHA-256 of the bytes).
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "core/result.h"

namespace trawl {

// Lower-case hex SHA-256 of `bytes` (64 characters): the document id. Thread-safe.
std::string sha256_hex(std::string_view bytes);

// The same digest over bytes that come in pieces (a file streamed from disk).
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;
  void update(std::string_view bytes);
  std::string hex();  // once, after the last update

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The share of control characters in `bytes` read as text: C0 controls other than tab,
// line feed, form feed and carriage return, and DEL, per character; in UTF-8 (valid, a
// sequence cut at the end allowed) and in UTF-16 with a byte order mark also the C1
// controls U+0080..U+009F. Other bytes are counted one character each (legacy charsets
// use 0x80..0x9F for letters). NUL counts as a control. 0 for no bytes. Thread-safe.
double control_character_share(std::string_view bytes);

// Text has at most this share of control characters; binary data has more. Measured
// (docs/architecture.md, "Identification and text"; bench/identify/measure.sh): at most
// 0.005% in 25,000 real text files in English, Russian and Korean, 0.03% (median) in the
// same with a control character per 4 KB, at least 7.4% in binary files without NUL.
inline constexpr double kMaxTextControlShare = 0.01;

// Whether libmagic would call `bytes` "text/plain", told from the first 64 KB without
// it: UTF-8 starting with a letter, no control character but tab, line and form feed and
// carriage return, none of the characters, line starts and words its text rules look
// for. False says nothing (libmagic decides). Exposed for tests and bench/identify.
// Thread-safe.
bool plain_text_at_sight(std::string_view bytes);

// Whether `bytes` start with an RFC 5322 header: field lines ("Name: value", folded
// lines after them) up to the first blank line or the end, nothing else before it, within
// the first 64 KB, with at least two distinct fields of From, Date, Subject, Message-ID,
// MIME-Version, Received, Return-Path and To. Thread-safe.
bool looks_like_message_headers(std::string_view bytes);

// "message/rfc822" for a message (a header as above, after an mbox From_ line or not),
// "application/mbox" for a From_ line and a message followed by another From_ line after
// a blank line, "" otherwise. MimeDetector::detect applies it to what libmagic or the
// plain-text sniff call "text/plain". Thread-safe.
std::string_view mail_type(std::string_view bytes);

struct MimeOptions {
  // Plain text recognised from its first bytes without libmagic, which costs far more
  // on text than on anything with a signature. Off only to compare with libmagic.
  bool sniff_plain_text = true;
};

// Detects MIME types from content with libmagic. The file name is only a tie-breaker
// (libmagic's "text/plain" for a file named *.html that contains markup becomes
// "text/html"); it never makes binary data text. Bytes that libmagic calls binary
// ("application/octet-stream") or gives one of a few types real text gets by accident
// (HP-GL for text starting "PS ", saved news for "Article 5 of..."; the list is in
// identify.cc), but that read as text (UTF-8, UTF-16 with a BOM or a plausible legacy
// charset, no NUL, at most kMaxTextControlShare control characters) are "text/plain".
// Text that plain_text_at_sight() recognises is "text/plain" without asking libmagic.
//
// Not thread-safe: libmagic handles keep state. Use one detector per thread.
class MimeDetector {
 public:
  // Loads the magic database. Fails (kFatal) only if libmagic is not installed properly.
  static Result<std::unique_ptr<MimeDetector>> create(const MimeOptions& options = {});
  virtual ~MimeDetector() = default;

  // Returns a MIME type such as "application/pdf", "text/html", "text/plain",
  // "application/octet-stream" for unrecognised binary data, "application/x-empty" for
  // no bytes.
  virtual std::string detect(std::string_view bytes, std::string_view name) = 0;
};

}  // namespace trawl
