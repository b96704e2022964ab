// Internal to the e-mail adapters (email_gmime.cc, email_text.cc, email_mbox.cc): what
// the mbox reader needs from the message reader, and the header text both use. No GMime
// type appears here.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace trawl::email {

// The head of a message's text, as a mail reader shows it: From, To and Cc lines from
// `metadata` ("from", "to", "cc"), a Date line when `date` is not empty, a Subject line
// from metadata "subject"; then the blank line before the body. The .eml and .msg
// readers lay their text out with it.
std::string header_block(const std::map<std::string, std::string>& metadata, std::string_view date);

// The line an mbox's table of contents gives one message.
struct Summary {
  std::string date;     // "YYYY-MM-DD" in UTC, "" without a readable Date
  std::string from;     // "Name <addr>", display names decoded
  std::string subject;  // decoded
};

// Reads the header of one message (RFC 5322 bytes; an mbox From_ line before it is
// skipped). nullopt when GMime reads no header from them. Thread-safe.
std::optional<Summary> summarize(std::string_view message);

// ---- header text (email_text.cc), GMime-free, thread-safe

// Unfolds a raw header value (line breaks before white space go) and trims it.
std::string unfold(std::string_view raw);

// A raw header value as UTF-8: unfolded, raw 8-bit bytes decoded as the most plausible
// of CP949, windows-1251, KOI8-R and decode_text()'s guess, RFC 2047 encoded words
// decoded in their charset (adjacent words of one charset together, so a character split
// between two survives; the white space between encoded words goes). `phrase`: the
// header holds addresses, so decoded text stays a quoted string and cannot split the list.
std::string decode_header(std::string_view raw, bool phrase = false);

// The parameters of a raw Content-Type or Content-Disposition value, names lower-case,
// quoted strings unquoted.
std::map<std::string, std::string> parameters(std::string_view value);

// A parameter's value as UTF-8 (`base`: "filename", "name"): RFC 2231 "base*" with its
// charset, "base*0", "base*1*"... continuations, or a plain value (RFC 2047 words and raw
// 8-bit bytes decoded). "" when there is none.
std::string parameter_text(const std::map<std::string, std::string>& params,
                           const std::string& base);

// %XX escapes (escape '%') or Q encoding (escape '=', `underscore`: '_' is a space).
std::string unescape(std::string_view s, char escape, bool underscore);

// A child's name: no '/' (the pipeline's path separator), no control characters, at most
// 200 bytes.
std::string clean_name(std::string_view name);

// Whether a base64 body is damaged: characters outside the alphabet, data after the
// padding or a last quantum cut short (GMime skips such characters without a word).
bool broken_base64(std::string_view raw);

// format=flowed (RFC 3676) text with its soft line breaks joined, space-stuffing undone,
// quote depth kept.
std::string unflow(std::string_view text, bool delsp);

}  // namespace trawl::email
