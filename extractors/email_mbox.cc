// mbox files: split into messages here, each message read by email_gmime.cc.
//
// GMime's own mbox mode (GMIME_FORMAT_MBOX) drops whatever comes before the first From_
// line without a word and leaves mboxrd's ">From " quoting in the bodies, so the split is
// ours: a message starts at a line "From <sender> <date>" whose date has a time
// ("hh:mm"), the rule mboxo and mboxrd writers follow (a body line starting "From " is
// quoted ">From "). Each message becomes a child "message-N.eml" with its quoting undone;
// the mbox's own text is a table of contents, one line per message.
#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "core/text.h"
#include "extractors/email_gmime.h"
#include "extractors/extractor.h"
#include "extractors/identify.h"

namespace trawl {
namespace {

bool digit(char c) { return c >= '0' && c <= '9'; }

// "From " + a sender + a date with a time of day.
bool from_line(std::string_view line) {
  if (!line.starts_with("From ")) return false;
  line.remove_prefix(5);
  const size_t sp = line.find(' ');
  if (sp == 0 || sp == std::string_view::npos) return false;
  const std::string_view date = line.substr(sp);
  for (size_t i = 1; i + 2 < date.size(); ++i)
    if (date[i] == ':' && digit(date[i - 1]) && digit(date[i + 1]) && digit(date[i + 2]))
      return true;
  return false;
}

// Offsets of the From_ lines.
std::vector<size_t> from_lines(std::string_view b) {
  std::vector<size_t> out;
  for (size_t start = 0; start < b.size();) {
    size_t end = b.find('\n', start);
    if (end == std::string_view::npos) end = b.size();
    std::string_view line = b.substr(start, end - start);
    if (line.ends_with('\r')) line.remove_suffix(1);
    if (from_line(line)) out.push_back(start);
    start = end + 1;
  }
  return out;
}

// A message's bytes as an .eml holds them: no From_ line, mboxrd's quoting undone
// (">From " -> "From ", ">>From " -> ">From "), the blank line that separates it from
// the next message dropped.
std::string unquote(std::string_view m) {
  if (m.ends_with("\r\n\r\n"))
    m.remove_suffix(2);
  else if (m.ends_with("\n\n"))
    m.remove_suffix(1);
  std::string out;
  out.reserve(m.size());
  for (size_t start = 0; start < m.size();) {
    size_t end = m.find('\n', start);
    end = end == std::string_view::npos ? m.size() : end + 1;
    std::string_view line = m.substr(start, end - start);
    size_t q = 0;
    while (q < line.size() && line[q] == '>') ++q;
    if (q > 0 && line.substr(q).starts_with("From ")) line.remove_prefix(1);
    out += line;
    start = end;
  }
  return out;
}

class MboxExtractor final : public Extractor {
 public:
  explicit MboxExtractor(const OfficeOptions& options) : options_(options) {}
  std::string_view name() const override { return "mbox"; }

  Result<Extracted> extract(const Blob& blob) const override {
    try {
      return read(blob.bytes);
    } catch (const std::exception& e) {
      return make_error(ErrorCode::kCorrupt, std::string("mbox: ") + e.what());
    }
  }

 private:
  Result<Extracted> read(std::string_view b) const {
    const auto deadline =
        std::chrono::steady_clock::now() +
        std::chrono::milliseconds(static_cast<int64_t>(options_.time_limit_seconds * 1000));
    Extracted out;
    std::vector<std::pair<size_t, size_t>> messages;  // [begin, end) past the From_ line
    const std::vector<size_t> starts = from_lines(b);
    const size_t first = starts.empty() ? b.size() : starts[0];
    if (first > 0) {
      const std::string_view before = b.substr(0, first);
      const size_t text = std::min(before.find_first_not_of("\r\n"), before.size());
      if (looks_like_message_headers(before.substr(text))) {
        out.warnings.push_back("mbox does not start with a From line");
        messages.emplace_back(text, first);
      } else if (!trim(before).empty()) {
        out.warnings.push_back("mbox does not start with a From line: " + std::to_string(first) +
                               " bytes before the first one skipped");
      }
    }
    for (size_t i = 0; i < starts.size(); ++i) {
      const size_t nl = b.find('\n', starts[i]);
      const size_t begin = nl == std::string_view::npos ? b.size() : nl + 1;
      const size_t end = i + 1 < starts.size() ? starts[i + 1] : b.size();
      messages.emplace_back(begin, end);
    }
    if (messages.empty())
      return make_error(ErrorCode::kCorrupt, "not an mbox: no From line and no message");

    uint64_t total = 0;
    int read = 0;
    for (const auto& [begin, end] : messages) {
      if (read >= options_.max_children) {
        out.warnings.push_back("mbox of " + std::to_string(messages.size()) +
                               " messages: only the first " +
                               std::to_string(options_.max_children) + " were read (max_children)");
        break;
      }
      if (std::chrono::steady_clock::now() > deadline) {
        out.warnings.push_back("time limit reached after " + std::to_string(read) + " of " +
                               std::to_string(messages.size()) + " messages");
        break;
      }
      Embedded child;
      child.bytes = unquote(b.substr(begin, end - begin));
      if (total + child.bytes.size() > options_.max_total_bytes) {
        out.warnings.push_back("mbox past " + std::to_string(options_.max_total_bytes) +
                               " bytes: " + std::to_string(messages.size() - read) +
                               " messages not read");
        break;
      }
      total += child.bytes.size();
      ++read;
      child.name = "message-" + std::to_string(read) + ".eml";
      child.mime = "message/rfc822";
      std::optional<email::Summary> s = email::summarize(child.bytes);
      std::string line;
      if (s) {
        for (const std::string* field : {&s->date, &s->from, &s->subject})
          if (!field->empty()) line += (line.empty() ? "" : "  ") + *field;
      }
      if (line.empty()) line = child.name;
      out.text += line + "\n";
      out.children.push_back(std::move(child));
    }
    out.metadata["messages"] = std::to_string(read);
    return out;
  }

  OfficeOptions options_;
};

}  // namespace

std::unique_ptr<Extractor> make_mbox_extractor(const OfficeOptions& options) {
  return std::make_unique<MboxExtractor>(options);
}

}  // namespace trawl
