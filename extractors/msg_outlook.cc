// Outlook .msg messages ([MS-OXMSG]) through the compound-file reader (ole.h, libgsf).
//
// A message is a storage of MAPI properties: fixed-size values in __properties_version1.0,
// variable-size ones in __substg1.0_TTTTYYYY streams (001F UTF-16LE, 001E 8-bit in the
// message's code page, 0102 binary), recipients and attachments in storages of their own.
// The text has the layout of the .eml reader (email_gmime.cc): a header block (From, To,
// Cc, Date, Subject), a blank line, the body; the metadata keys are the same.
//
// Body: the plain text (0x1000), else the HTML body (0x1013) through the HTML extractor,
// else the compressed RTF body (0x1009, [MS-OXRTFCP], compressed_rtf.h) through read_rtf()
// (rtf.h). An RTF body made \fromhtml1 encapsulates HTML, and Outlook then also stores the
// plain or HTML body, so those are preferred.
//
// Attachments (0x3701 data) become Extracted::children. A message embedded in an
// attachment (0x3701 as a storage, PtypObject) is read here recursively and given as a
// text/plain child in the same layout: re-serialising it as a compound file would need a
// writer for a child the pipeline would only read back; its own attachments become
// children of the top message, named "<its name>/<their name>".
#include "extractors/msg_outlook.h"

#include <algorithm>
#include <chrono>
#include <initializer_list>
#include <string>
#include <vector>

#include "core/dates.h"
#include "core/text.h"
#include "extractors/compressed_rtf.h"
#include "extractors/email_gmime.h"
#include "extractors/extractor.h"
#include "extractors/ole.h"
#include "extractors/rtf.h"

namespace trawl {
namespace {

using msg::Properties;
using Clock = std::chrono::steady_clock;

constexpr uint32_t tag(uint16_t id, uint16_t type) {
  return static_cast<uint32_t>(id) << 16 | type;
}

// Property ids ([MS-OXPROPS]).
constexpr uint16_t kSubject = 0x0037;
constexpr uint16_t kClientSubmitTime = 0x0039;
constexpr uint16_t kSentRepresentingName = 0x0042;
constexpr uint16_t kSentRepresentingAddress = 0x0065;
constexpr uint16_t kTransportHeaders = 0x007D;
constexpr uint16_t kSenderName = 0x0C1A;
constexpr uint16_t kSenderAddress = 0x0C1F;
constexpr uint16_t kDisplayBcc = 0x0E02;
constexpr uint16_t kDisplayCc = 0x0E03;
constexpr uint16_t kDisplayTo = 0x0E04;
constexpr uint16_t kDeliveryTime = 0x0E06;
constexpr uint16_t kBody = 0x1000;
constexpr uint16_t kRtfCompressed = 0x1009;
constexpr uint16_t kHtml = 0x1013;
constexpr uint16_t kMessageId = 0x1035;
constexpr uint16_t kInReplyTo = 0x1042;
constexpr uint16_t kDisplayName = 0x3001;
constexpr uint16_t kCreationTime = 0x3007;
constexpr uint16_t kEmailAddress = 0x3003;
constexpr uint16_t kLastModified = 0x3008;
constexpr uint16_t kAttachData = 0x3701;
constexpr uint16_t kAttachFilename = 0x3704;
constexpr uint16_t kAttachMethod = 0x3705;
constexpr uint16_t kAttachLongFilename = 0x3707;
constexpr uint16_t kAttachMimeTag = 0x370E;
constexpr uint16_t kSmtpAddress = 0x39FE;
constexpr uint16_t kInternetCpid = 0x3FDE;
constexpr uint16_t kMessageCodepage = 0x3FFD;
constexpr uint16_t kSenderSmtpAddress = 0x5D01;
constexpr uint16_t kRecipientType = 0x0C15;

constexpr int kMaxEmbeddedDepth = 8;  // messages inside attachments inside messages

std::string substg(uint16_t id, uint16_t type) {
  static const char* hex = "0123456789ABCDEF";
  std::string s = "__substg1.0_";
  for (uint32_t v = tag(id, type), shift = 32; shift > 0;) {
    shift -= 4;
    s += hex[(v >> shift) & 0xF];
  }
  return s;
}

std::string join_path(const std::string& storage, std::string_view name) {
  return storage.empty() ? std::string(name) : storage + "/" + std::string(name);
}

std::string without_nuls(std::string s) {
  while (!s.empty() && s.back() == '\0') s.pop_back();
  return s;
}

std::string lf_lines(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\r') {
      out += '\n';
      if (i + 1 < s.size() && s[i + 1] == '\n') ++i;
    } else {
      out += s[i];
    }
  }
  return out;
}

bool smtp_like(std::string_view a) { return a.find('@') != std::string_view::npos && a[0] != '/'; }

std::string mailbox(const std::string& name, const std::string& address) {
  if (address.empty() || name == address) return name.empty() ? address : name;
  if (name.empty()) return address;
  return name + " <" + address + ">";
}

// "a; b; c" (MAPI display lists) -> "a, b, c" (the .eml reader's address lists).
std::string display_list(std::string_view s) {
  std::string out;
  size_t start = 0;
  while (start <= s.size()) {
    size_t end = s.find(';', start);
    if (end == std::string_view::npos) end = s.size();
    const std::string_view item = trim(s.substr(start, end - start));
    if (!item.empty()) out += (out.empty() ? "" : ", ") + std::string(item);
    start = end + 1;
  }
  return out;
}

// What one document's reading shares across its nested messages: the limits, the
// children, the warnings.
struct Context {
  Context(const ole::CompoundFile& f, const OfficeOptions& o, const Extractor& h,
          const Extractor& e, const std::string& n, Clock::time_point d)
      : file(f), options(o), html(h), email(e), name(n), deadline(d) {}

  const ole::CompoundFile& file;
  const OfficeOptions& options;
  const Extractor& html;
  const Extractor& email;
  const std::string& name;
  Clock::time_point deadline;
  uint64_t bytes_read = 0;
  std::vector<Embedded> children;
  std::vector<std::string> links;
  std::vector<std::string> warnings;
  bool children_full = false, bytes_full = false, timed_out = false;

  void warn_once(bool& flag, std::string message) {
    if (!flag) warnings.push_back(std::move(message));
    flag = true;
  }

  bool out_of_time() {
    if (Clock::now() > deadline)
      warn_once(timed_out, "time limit reached: the rest of the message was not read");
    return timed_out;
  }

  // A whole stream within the limits, or nullopt (absent, or a warning says why not).
  // A stream that cannot be read to its end gives what could be read, with a warning.
  // `what` names it in warnings ("RTF body"); "" for the stream's path alone.
  std::optional<std::string> stream(const std::string& path, std::string_view what) {
    if (bytes_read >= options.max_total_bytes) {
      warn_once(bytes_full, "streams past " + std::to_string(options.max_total_bytes) +
                                " bytes in all were not read");
      return std::nullopt;
    }
    // the reader's messages name the stream already
    auto label = [&](const std::string& m) {
      return what.empty() ? m : std::string(what) + ": " + m;
    };
    const uint64_t limit = std::min(options.max_part_bytes, options.max_total_bytes - bytes_read);
    Result<std::string> r = file.read(path, limit);
    if (!r) {
      if (r.error().code == ErrorCode::kNotFound) return std::nullopt;
      if (r.error().code == ErrorCode::kTooLarge) {
        warnings.push_back(label(r.error().message) + ", not read");
        return std::nullopt;
      }
      Result<std::string> part = file.read_prefix(path, limit);
      warnings.push_back(label(r.error().message) +
                         (part && !part->empty() ? "; the part read was kept" : ""));
      if (!part || part->empty()) return std::nullopt;
      r = std::move(part);
    }
    bytes_read += r->size();
    return std::move(*r);
  }

  // What the compound-file reader noticed about streams read anyway (a sector chain
  // that does not end): a warning, unless one names that stream already.
  void add_file_warnings() {
    for (const std::string& w : file.warnings()) {
      const std::string stream = w.substr(0, w.find(": ") + 2);
      if (std::none_of(warnings.begin(), warnings.end(), [&](const std::string& have) {
            return have.find(stream) != std::string::npos;
          }))
        warnings.push_back(w);
    }
  }

  bool room_for_child() {
    if (static_cast<int>(children.size()) < options.max_children) return true;
    warn_once(children_full, "more than " + std::to_string(options.max_children) +
                                 " attachments: the rest were skipped");
    return false;
  }
};

// The storages of `storage` whose names start with `prefix`, in the order of their
// numbers (#00000000, #00000001...: fixed-width hex, so in name order), whatever the
// directory's order.
std::vector<std::string> numbered_storages(const ole::CompoundFile& file,
                                           const std::string& storage, std::string_view prefix) {
  std::vector<std::string> names;
  for (const ole::Entry& e : file.children(storage))
    if (e.storage && e.name.starts_with(prefix)) names.push_back(e.name);
  std::sort(names.begin(), names.end());
  return names;
}

// One message: the top-level one, or one embedded in an attachment.
class MessageReader {
 public:
  MessageReader(Context& ctx, std::string storage, size_t header_size, int depth,
                std::string inherited_charset)
      : ctx_(ctx), storage_(std::move(storage)), depth_(depth) {
    read_properties(header_size);
    // [MS-OXPROPS]: PR_MESSAGE_CODEPAGE is the code page of the 8-bit string properties,
    // PR_INTERNET_CPID that of the body (plain or HTML); each stands in for the other
    charset_ = charset_of({kMessageCodepage, kInternetCpid}, inherited_charset);
    body_charset_ = charset_of({kInternetCpid, kMessageCodepage}, inherited_charset);
  }

  // Reads the message: metadata, the header block and body in out.text, its attachments
  // into ctx.children (names under `child_prefix`).
  void read(Extracted& out, const std::string& child_prefix) {
    read_headers(out);
    std::string body = read_body();
    read_attachments(child_prefix);

    out.text = email::header_block(out.metadata, date_line_) + std::string(trim(body));
    if (!charset_used_.empty()) out.encoding = charset_used_;
  }

  std::string subject() { return string_prop(kSubject).value_or(""); }

 private:
  std::string path(std::string_view name) const { return join_path(storage_, name); }

  // The label of the first of `ids` present; `fallback` when none is.
  std::string charset_of(std::initializer_list<uint16_t> ids, const std::string& fallback) {
    for (uint16_t id : ids) {
      auto v = props_.get(tag(id, msg::kTypeInt32));
      if (!v) continue;
      const uint32_t cp = static_cast<uint32_t>(*v);
      std::string label = msg::codepage_label(cp);
      if (label.empty())
        ctx_.warn_once(unknown_codepage_, "code page " + std::to_string(cp) +
                                              " unknown: 8-bit text decoded by detection");
      return label;
    }
    return fallback;
  }

  void read_properties(size_t header_size) {
    std::optional<std::string> bytes =
        ctx_.stream(path("__properties_version1.0"), "message properties");
    if (!bytes) {
      if (!ctx_.file.has(path("__properties_version1.0")))  // else stream() said why
        ctx_.warnings.push_back("message properties missing: dates and code page unknown");
      return;
    }
    props_ = msg::parse_properties(*bytes, header_size);
    if (props_.header_missing)
      ctx_.warnings.push_back("message properties: stream of " + std::to_string(bytes->size()) +
                              " bytes, shorter than its header");
    else if (props_.trailing_bytes)
      ctx_.warnings.push_back("message properties: truncated after " +
                              std::to_string(props_.entries) + " entries");
  }

  // A string property of `storage` (this message's by default): Unicode, else 8-bit in
  // the message's code page. nullopt when it has neither.
  std::optional<std::string> string_prop(uint16_t id, const std::string* storage = nullptr,
                                         const std::string* charset = nullptr) {
    const std::string& st = storage ? *storage : storage_;
    const std::string& cs = charset ? *charset : charset_;
    if (auto b = ctx_.stream(join_path(st, substg(id, msg::kTypeUnicode)), ""))
      return without_nuls(utf16le_to_utf8(*b));
    if (auto b = ctx_.stream(join_path(st, substg(id, msg::kTypeString8)), "")) {
      std::string s = without_nuls(std::move(*b));
      bool ascii = true;
      for (char c : s) ascii = ascii && static_cast<unsigned char>(c) < 0x80;
      if (!ascii && charset_used_.empty()) charset_used_ = cs;
      return msg::decode_8bit(s, cs);
    }
    return std::nullopt;
  }

  std::string line_prop(uint16_t id, const std::string* storage = nullptr) {
    return one_line(string_prop(id, storage).value_or(""));
  }

  void read_headers(Extracted& out) {
    auto set = [&](const char* key, std::string value) {
      if (!value.empty()) out.metadata[key] = std::move(value);
    };
    set("subject", line_prop(kSubject));
    out.title = out.metadata.count("subject") ? out.metadata["subject"] : "";

    std::string sender = line_prop(kSenderName);
    std::string address = line_prop(kSenderSmtpAddress);
    if (address.empty()) address = line_prop(kSenderAddress);
    if (sender.empty()) sender = line_prop(kSentRepresentingName);
    if (address.empty()) address = line_prop(kSentRepresentingAddress);
    if (!smtp_like(address)) address.clear();  // an Exchange DN says nothing to a reader
    set("from", mailbox(sender, address));

    read_recipients(out);
    std::string id = line_prop(kMessageId);
    if (id.size() > 2 && id.front() == '<' && id.back() == '>') id = id.substr(1, id.size() - 2);
    set("message_id", id);
    std::string reply = line_prop(kInReplyTo);
    if (reply.size() > 2 && reply.front() == '<' && reply.back() == '>')
      reply = reply.substr(1, reply.size() - 2);
    set("in_reply_to", reply);

    int64_t t = 0;
    for (uint16_t id2 : {kClientSubmitTime, kDeliveryTime})
      if (auto v = props_.get(tag(id2, msg::kTypeTime)); v && !t) t = filetime_to_unix(*v);
    if (t > 0) {
      out.date = format_date(t);
      out.metadata["created"] = format_timestamp(t);
      date_line_ = msg::rfc5322_date(t);
    }

    read_transport_headers(out);
    // a draft was never sent: its creation is its date
    if (auto v = props_.get(tag(kCreationTime, msg::kTypeTime)); v && out.date.empty()) {
      if (const int64_t c = filetime_to_unix(*v); c > 0) {
        out.date = format_date(c);
        out.metadata["created"] = format_timestamp(c);
        date_line_ = msg::rfc5322_date(c);
      }
    }
  }

  // The transport headers of a received message fill in what the properties lack, and
  // give the Date line as the sender wrote it (with its time zone).
  void read_transport_headers(Extracted& out) {
    const std::string headers = string_prop(kTransportHeaders).value_or("");
    if (trim(headers).empty()) return;
    if (auto d = msg::header_field(headers, "Date"))
      date_line_ = one_line(email::decode_header(*d));
    Blob blob;
    const std::string message = headers + "\r\n\r\n";
    blob.bytes = message;
    blob.mime = "message/rfc822";
    blob.name = ctx_.name;
    Result<Extracted> parsed = ctx_.email.extract(blob);
    if (!parsed) return;
    for (const char* key :
         {"from", "to", "cc", "bcc", "reply_to", "subject", "message_id", "in_reply_to", "created"})
      if (auto it = parsed->metadata.find(key);
          it != parsed->metadata.end() && !out.metadata.count(key))
        out.metadata[key] = it->second;
    if (out.date.empty()) out.date = parsed->date;
    if (out.title.empty()) out.title = parsed->title;
  }

  void read_recipients(Extracted& out) {
    std::vector<std::string> lists[3];  // to, cc, bcc
    for (const std::string& name : numbered_storages(ctx_.file, storage_, "__recip_version1.0_#")) {
      const std::string st = path(name);
      std::optional<std::string> bytes =
          ctx_.stream(join_path(st, "__properties_version1.0"), "recipient properties");
      const Properties p = msg::parse_properties(bytes.value_or(""), msg::kRecipientHeader);
      const uint64_t type = p.get(tag(kRecipientType, msg::kTypeInt32)).value_or(1) & 0x0F;
      std::string address = line_prop(kSmtpAddress, &st);
      if (address.empty()) address = line_prop(kEmailAddress, &st);
      if (!smtp_like(address)) address.clear();
      const std::string who = mailbox(line_prop(kDisplayName, &st), address);
      if (!who.empty() && type >= 1 && type <= 3) lists[type - 1].push_back(who);
    }
    const char* keys[3] = {"to", "cc", "bcc"};
    const uint16_t displays[3] = {kDisplayTo, kDisplayCc, kDisplayBcc};
    for (int i = 0; i < 3; ++i) {
      std::string v;
      for (const std::string& s : lists[i]) v += (v.empty() ? "" : ", ") + s;
      if (v.empty()) v = display_list(line_prop(displays[i]));
      if (!v.empty()) out.metadata[keys[i]] = v;
    }
  }

  std::string read_body() {
    if (auto plain = string_prop(kBody, nullptr, &body_charset_); plain && !trim(*plain).empty())
      return lf_lines(*plain);
    if (std::string html = read_html(); !trim(html).empty()) return html;
    if (auto rtf = ctx_.stream(path(substg(kRtfCompressed, msg::kTypeBinary)), "RTF body"))
      return read_rtf_body(*rtf);
    return {};
  }

  std::string html_text(const std::string& bytes, const std::string& charset) {
    Blob blob;
    blob.bytes = bytes;
    blob.mime = "text/html";
    blob.name = "body.html";
    if (!charset.empty()) blob.declared_charsets.push_back(charset);
    Result<Extracted> r = ctx_.html.extract(blob);
    if (!r) {
      ctx_.warnings.push_back("HTML body: " + r.error().message);
      return {};
    }
    ctx_.links.insert(ctx_.links.end(), r->links.begin(), r->links.end());
    return r->text;
  }

  std::string read_html() {
    if (auto b = ctx_.stream(path(substg(kHtml, msg::kTypeBinary)), "HTML body"))
      return html_text(*b, body_charset_);
    if (auto b = ctx_.stream(path(substg(kHtml, msg::kTypeUnicode)), "HTML body"))
      return html_text(utf16le_to_utf8(*b), "utf-8");
    if (auto b = ctx_.stream(path(substg(kHtml, msg::kTypeString8)), "HTML body"))
      return html_text(*b, body_charset_);
    return {};
  }

  std::string read_rtf_body(const std::string& compressed) {
    Result<std::string> rtf = decompress_rtf(compressed, ctx_.options.max_part_bytes);
    if (!rtf) {
      ctx_.warnings.push_back("RTF body: " + rtf.error().message);
      return {};
    }
    Result<Extracted> r = read_rtf(*rtf, ctx_.name, ctx_.options);
    if (!r) {
      ctx_.warnings.push_back("RTF body: " + r.error().message);
      return {};
    }
    for (std::string& w : r->warnings) ctx_.warnings.push_back("RTF body: " + w);
    for (Embedded& c : r->children)
      if (ctx_.room_for_child()) ctx_.children.push_back(std::move(c));
    return r->text;
  }

  void read_attachments(const std::string& child_prefix) {
    int n = 0;
    for (const std::string& name :
         numbered_storages(ctx_.file, storage_, "__attach_version1.0_#")) {
      ++n;
      if (ctx_.out_of_time() || !ctx_.room_for_child()) return;
      read_attachment(path(name), n, child_prefix);
    }
  }

  void read_attachment(const std::string& st, int n, const std::string& child_prefix) {
    std::optional<std::string> bytes =
        ctx_.stream(join_path(st, "__properties_version1.0"), "attachment properties");
    const Properties p = msg::parse_properties(bytes.value_or(""), msg::kRecipientHeader);
    std::string name = email::clean_name(line_prop(kAttachLongFilename, &st));
    if (name.empty()) name = email::clean_name(line_prop(kAttachFilename, &st));
    if (name.empty()) name = email::clean_name(line_prop(kDisplayName, &st));
    Embedded child;
    child.mime = ascii_lower(line_prop(kAttachMimeTag, &st));
    if (auto m = p.get(tag(kLastModified, msg::kTypeTime)))
      child.modified_at = filetime_to_unix(*m);

    const std::string object = join_path(st, substg(kAttachData, msg::kTypeObject));
    if (ctx_.file.has(object) && ctx_.file.entry(object)->storage) {
      if (!ctx_.file.has(join_path(object, "__properties_version1.0")) &&
          p.get(tag(kAttachMethod, msg::kTypeInt32)).value_or(0) != 5) {
        ctx_.warnings.push_back("attachment " + std::to_string(n) +
                                ": an embedded OLE object was skipped");
        return;
      }
      embedded_message(object, n, name, child_prefix, child.modified_at);
      return;
    }
    if (name.empty()) name = "attachment-" + std::to_string(n) + ".bin";
    child.name = child_prefix + name;
    const std::string data = join_path(st, substg(kAttachData, msg::kTypeBinary));
    if (ctx_.bytes_read >= ctx_.options.max_total_bytes) {
      ctx_.warn_once(ctx_.bytes_full, "streams past " +
                                          std::to_string(ctx_.options.max_total_bytes) +
                                          " bytes in all were not read");
      return;
    }
    Result<std::string> r = ctx_.file.read(
        data,
        std::min(ctx_.options.max_part_bytes, ctx_.options.max_total_bytes - ctx_.bytes_read));
    if (r) {
      ctx_.bytes_read += r->size();
      child.bytes = std::move(*r);
    } else if (r.error().code == ErrorCode::kNotFound) {
      // attached by reference (a path or a URL) or by value without its data
      ctx_.warnings.push_back("attachment " + name + ": no data in the message (a link?)");
      return;
    } else {
      child.error = make_error(r.error().code, "attachment " + name + ": " + r.error().message);
    }
    ctx_.children.push_back(std::move(child));
  }

  void embedded_message(const std::string& object, int n, std::string name,
                        const std::string& child_prefix, int64_t modified_at) {
    if (depth_ + 1 > kMaxEmbeddedDepth) {
      ctx_.warnings.push_back("messages nested deeper than " + std::to_string(kMaxEmbeddedDepth) +
                              " were skipped");
      return;
    }
    MessageReader inner(ctx_, object, msg::kEmbeddedHeader, depth_ + 1, charset_);
    if (name.empty()) name = email::clean_name(one_line(inner.subject()));
    if (name.empty()) name = "message-" + std::to_string(n);
    // the child's own attachments are named under it; reserve its place first so that
    // it comes before them
    const size_t slot = ctx_.children.size();
    ctx_.children.push_back({});
    Extracted rendered;
    inner.read(rendered, child_prefix + name + "/");
    Embedded& child = ctx_.children[slot];
    child.name = child_prefix + name + ".txt";
    child.mime = "text/plain";
    child.bytes = std::move(rendered.text);
    child.modified_at = modified_at;
  }

  Context& ctx_;
  std::string storage_;
  int depth_;
  Properties props_;
  std::string charset_;       // the label 8-bit strings are decoded with ("" = detection)
  std::string body_charset_;  // ... and the 8-bit body, plain or HTML
  bool unknown_codepage_ = false;
  std::string charset_used_;  // set when an 8-bit string was not ASCII
  std::string date_line_;
};

class MsgExtractor final : public Extractor {
 public:
  explicit MsgExtractor(const OfficeOptions& options)
      : options_(options), html_(make_html_extractor()), email_(make_email_extractor(options)) {}
  std::string_view name() const override { return "msg"; }

  Result<Extracted> extract(const Blob& blob) const override {
    try {
      return read(blob);
    } catch (const std::exception& e) {
      return make_error(ErrorCode::kCorrupt, std::string("Outlook message: ") + e.what());
    }
  }

 private:
  Result<Extracted> read(const Blob& blob) const {
    Result<ole::CompoundFile> file = ole::CompoundFile::open(blob.bytes, blob.name);
    if (!file) return make_error(file.error().code, "Outlook message: " + file.error().message);
    bool mapi = false;
    for (const ole::Entry& e : file->children())
      mapi = mapi || e.name == "__properties_version1.0" || e.name.starts_with("__substg1.0_");
    if (!mapi)
      return make_error(ErrorCode::kCorrupt,
                        "not an Outlook message: a compound file without MAPI properties");
    Context ctx(*file, options_, *html_, *email_, blob.name,
                Clock::now() + std::chrono::milliseconds(
                                   static_cast<int64_t>(options_.time_limit_seconds * 1000)));
    Extracted out;
    MessageReader reader(ctx, "", msg::kTopHeader, 0, "");
    reader.read(out, "");
    out.metadata["attachments"] = std::to_string(ctx.children.size());
    if (out.text.size() > options_.max_text_bytes) {
      out.text = std::string(utf8_prefix(out.text, options_.max_text_bytes));
      ctx.warnings.push_back("text past " + std::to_string(options_.max_text_bytes) +
                             " bytes was cut");
    }
    out.links = std::move(ctx.links);
    out.children = std::move(ctx.children);
    ctx.add_file_warnings();
    out.warnings = std::move(ctx.warnings);
    return out;
  }

  OfficeOptions options_;
  std::unique_ptr<Extractor> html_;
  std::unique_ptr<Extractor> email_;
};

}  // namespace

std::unique_ptr<Extractor> make_msg_extractor(const OfficeOptions& options) {
  return std::make_unique<MsgExtractor>(options);
}

}  // namespace trawl
