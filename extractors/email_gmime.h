// Internal to the e-mail adapters (email_gmime.cc, email_mbox.cc): what the mbox reader
// needs from the message reader. No GMime type appears here.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace trawl::email {

// The line an mbox's table of contents gives one message.
struct Summary {
  std::string date;     // "YYYY-MM-DD" in UTC, "" without a readable Date
  std::string from;     // "Name <addr>", display names decoded
  std::string subject;  // decoded
};

// Reads the header of one message (RFC 5322 bytes; an mbox From_ line before it is
// skipped). nullopt when GMime reads no header from them. Thread-safe.
std::optional<Summary> summarize(std::string_view message);

}  // namespace trawl::email
