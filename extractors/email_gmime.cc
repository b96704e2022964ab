// E-mail through GMime 3: RFC 5322 messages (.eml) and MHTML saved pages (a message whose
// top part is multipart/related with an HTML root).
//
// GMime parses the MIME structure and undoes the transfer encodings. Header text is
// decoded by email_text.cc, not by GMime: GMime reads raw 8-bit header bytes as Latin-1
// and, for a label iconv lacks or maps to a subset, gives mojibake (measured with GMime
// 3.2.13: ks_c_5601-1987 loses CP949-only syllables such as 똠, x-mac-cyrillic comes out
// as Latin-1), while the analysts' mail is in KOI8-R, windows-1251, EUC-KR, CP949 labelled
// ks_c_5601-1987 and ISO-2022-KR. So raw header values are taken from GMime and decoded
// with ICU's charsets (charset.h); file names come from the raw Content-Disposition and
// Content-Type parameters (RFC 2231 continuations and charsets, RFC 2047 in quotes).
//
// Body: text/plain preferred in multipart/alternative, HTML through the HTML extractor;
// leaves that are attachments (or named, or not text) and message/rfc822 parts become
// Extracted::children, bounded by max_children and max_total_bytes.
#include "extractors/email_gmime.h"

#include <gmime/gmime.h>

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/dates.h"
#include "core/text.h"
#include "extractors/charset.h"
#include "extractors/extractor.h"

namespace trawl {
namespace {

struct GObjectUnref {
  void operator()(gpointer p) const {
    if (p) g_object_unref(p);
  }
};
template <typename T>
using GPtr = std::unique_ptr<T, GObjectUnref>;

struct GFree {
  void operator()(gpointer p) const { g_free(p); }
};

using email::broken_base64;
using email::clean_name;
using email::decode_header;
using email::parameter_text;
using email::parameters;
using email::unescape;
using email::unflow;
using email::unfold;

bool ieq(std::string_view a, std::string_view b) { return ascii_lower(a) == ascii_lower(b); }

void init_gmime() {
  static std::once_flag once;
  std::call_once(once, [] { g_mime_init(); });
}

std::optional<std::string> raw_header(GMimeObject* object, const char* name) {
  GMimeHeaderList* list = g_mime_object_get_header_list(object);
  if (!list) return std::nullopt;
  GMimeHeader* h = g_mime_header_list_get_header(list, name);
  if (!h) return std::nullopt;
  const char* v = g_mime_header_get_raw_value(h);
  return std::string(v ? v : "");
}

std::string header_text(GMimeObject* object, const char* name) {
  const std::optional<std::string> raw = raw_header(object, name);
  return raw ? one_line(decode_header(*raw)) : std::string();
}

void collect_addresses(InternetAddressList* list, std::vector<std::string>& out) {
  const int n = internet_address_list_length(list);
  for (int i = 0; i < n; ++i) {
    InternetAddress* a = internet_address_list_get_address(list, i);
    if (INTERNET_ADDRESS_IS_GROUP(a)) {
      collect_addresses(internet_address_group_get_members(INTERNET_ADDRESS_GROUP(a)), out);
      continue;
    }
    if (!INTERNET_ADDRESS_IS_MAILBOX(a)) continue;
    const char* name = internet_address_get_name(a);
    const char* addr = internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(a));
    const std::string n1 = name ? one_line(name) : "";
    const std::string a1 = addr ? addr : "";
    if (n1.empty() && a1.empty()) continue;
    out.push_back(n1.empty() ? a1 : a1.empty() ? n1 : n1 + " <" + a1 + ">");
  }
}

// An address header as "Name <addr>, Name <addr>"; the decoded text when GMime finds no
// address in it.
std::string addresses(GMimeObject* object, const char* name) {
  const std::optional<std::string> raw = raw_header(object, name);
  if (!raw) return {};
  const std::string utf8 = decode_header(*raw, true);
  std::vector<std::string> parts;
  GPtr<InternetAddressList> list(internet_address_list_parse(nullptr, utf8.c_str()));
  if (list) collect_addresses(list.get(), parts);
  if (parts.empty()) return one_line(decode_header(*raw));
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : ", ") + p;
  return out;
}

std::string message_id(GMimeObject* object, const char* name) {
  const std::optional<std::string> raw = raw_header(object, name);
  if (!raw) return {};
  std::unique_ptr<char, GFree> id(g_mime_utils_decode_message_id(unfold(*raw).c_str()));
  return id ? std::string(id.get()) : unfold(*raw);
}

std::string file_name(GMimeObject* part) {
  for (auto [header, param] :
       {std::pair{"Content-Disposition", "filename"}, std::pair{"Content-Type", "name"}}) {
    const std::optional<std::string> raw = raw_header(part, header);
    if (!raw) continue;
    std::string name = parameter_text(parameters(unfold(*raw)), param);
    if (!name.empty()) return name;
  }
  return {};
}

std::string extension_for(std::string_view mime) {
  static const std::map<std::string_view, std::string_view> kExt = {
      {"image/png", ".png"},
      {"image/jpeg", ".jpg"},
      {"image/gif", ".gif"},
      {"image/tiff", ".tif"},
      {"image/bmp", ".bmp"},
      {"image/webp", ".webp"},
      {"image/svg+xml", ".svg"},
      {"application/pdf", ".pdf"},
      {"application/zip", ".zip"},
      {"application/msword", ".doc"},
      {"application/vnd.ms-excel", ".xls"},
      {"application/vnd.ms-powerpoint", ".ppt"},
      {"application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"},
      {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"},
      {"application/vnd.openxmlformats-officedocument.presentationml.presentation", ".pptx"},
      {"application/rtf", ".rtf"},
      {"application/x-hwp", ".hwp"},
      {"message/rfc822", ".eml"},
      {"text/plain", ".txt"},
      {"text/html", ".html"},
      {"text/css", ".css"},
      {"text/calendar", ".ics"},
      {"text/csv", ".csv"},
  };
  auto it = kExt.find(mime);
  return std::string(it != kExt.end() ? it->second : ".bin");
}

std::string mime_of(GMimeObject* object) {
  GMimeContentType* ct = g_mime_object_get_content_type(object);
  if (!ct) return "application/octet-stream";
  const char* type = g_mime_content_type_get_media_type(ct);
  const char* sub = g_mime_content_type_get_media_subtype(ct);
  return ascii_lower(std::string(type ? type : "application") + "/" + (sub ? sub : "octet-stream"));
}

std::string content_parameter(GMimeObject* object, const char* name) {
  const char* v = g_mime_object_get_content_type_parameter(object, name);
  return v ? std::string(v) : std::string();
}

// ---------------------------------------------------------------- part contents

std::string stream_bytes(GMimeStream* s) {
  GByteArray* a = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(s));
  return a ? std::string(reinterpret_cast<const char*>(a->data), a->len) : std::string();
}

// The transfer-encoded bytes as they stand in the message.
std::string raw_content(GMimePart* part) {
  GMimeDataWrapper* w = g_mime_part_get_content(part);
  if (!w || !g_mime_data_wrapper_get_stream(w)) return {};
  GMimeStream* src = g_mime_data_wrapper_get_stream(w);
  g_mime_stream_reset(src);
  GPtr<GMimeStream> out(g_mime_stream_mem_new());
  g_mime_stream_write_to_stream(src, out.get());
  g_mime_stream_reset(src);
  return stream_bytes(out.get());
}

std::string decoded_content(GMimePart* part) {
  GMimeDataWrapper* w = g_mime_part_get_content(part);
  if (!w) return {};
  GPtr<GMimeStream> out(g_mime_stream_mem_new());
  g_mime_data_wrapper_write_to_stream(w, out.get());
  return stream_bytes(out.get());
}

// ---------------------------------------------------------------- one message

using Clock = std::chrono::steady_clock;

struct Reader {
  Reader(const OfficeOptions& o, const Extractor& h, Clock::time_point d)
      : options(o), html(h), deadline(d) {}

  const OfficeOptions& options;
  const Extractor& html;
  Clock::time_point deadline;
  std::string body;
  std::string html_title;
  std::vector<std::string> links;
  std::vector<Embedded> children;
  std::vector<std::string> warnings;
  uint64_t child_bytes = 0;
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

  // Room for one more child of `size` bytes; a warning the first time there is none.
  bool room(uint64_t size) {
    if (static_cast<int>(children.size()) >= options.max_children) {
      warn_once(children_full, "more than " + std::to_string(options.max_children) +
                                   " attachments: the rest were skipped");
      return false;
    }
    if (child_bytes + size > options.max_total_bytes) {
      warn_once(bytes_full, "attachments past " + std::to_string(options.max_total_bytes) +
                                " bytes in all were skipped");
      return false;
    }
    child_bytes += size;
    return true;
  }

  void append_body(std::string_view text) {
    const std::string_view t = trim(text);
    if (t.empty()) return;
    if (!body.empty()) body += "\n\n";
    body += t;
  }

  std::string html_text(const std::string& bytes, const std::string& charset) {
    Blob blob;
    blob.bytes = bytes;
    blob.mime = "text/html";
    blob.name = "body.html";
    if (!charset.empty()) blob.declared_charsets.push_back(charset);
    Result<Extracted> r = html.extract(blob);
    if (!r) {
      warnings.push_back("HTML body: " + r.error().message);
      return {};
    }
    if (html_title.empty()) html_title = r->title;
    links.insert(links.end(), r->links.begin(), r->links.end());
    return r->text;
  }

  void text_body(GMimePart* part, const std::string& mime) {
    const std::string bytes = decoded_content(part);
    const std::string charset = content_parameter(GMIME_OBJECT(part), "charset");
    if (mime == "text/html") {
      append_body(html_text(bytes, charset));
      return;
    }
    std::vector<std::string> declared;
    if (!charset.empty()) declared.push_back(charset);
    std::string text = decode_text(bytes, declared).text;
    if (ieq(content_parameter(GMIME_OBJECT(part), "format"), "flowed"))
      text = unflow(text, ieq(content_parameter(GMIME_OBJECT(part), "delsp"), "yes"));
    append_body(text);
  }

  void add_child(Embedded child) {
    if (!room(child.bytes.size())) return;
    children.push_back(std::move(child));
  }

  void leaf_child(GMimePart* part, const std::string& mime, std::string name) {
    Embedded child;
    child.mime = mime;
    const std::string raw = raw_content(part);
    if (name.empty())
      name = (mime == "message/rfc822" ? "message-" : "attachment-") +
             std::to_string(children.size() + 1) + extension_for(mime);
    child.name = name;
    if (raw.size() > options.max_part_bytes) {
      child.error =
          make_error(ErrorCode::kTooLarge, "attachment " + name + ": over " +
                                               std::to_string(options.max_part_bytes) + " bytes");
    } else {
      child.bytes = decoded_content(part);
      if (g_mime_part_get_content_encoding(part) == GMIME_CONTENT_ENCODING_BASE64 &&
          broken_base64(raw))
        child.error =
            make_error(ErrorCode::kCorrupt, "attachment " + name + ": broken base64 body");
    }
    add_child(std::move(child));
  }

  void message_child(GMimeMessagePart* part) {
    GMimeMessage* message = g_mime_message_part_get_message(part);
    if (!message) return;
    GPtr<GMimeStream> out(g_mime_stream_mem_new());
    g_mime_object_write_to_stream(GMIME_OBJECT(message), nullptr, out.get());
    Embedded child;
    child.bytes = stream_bytes(out.get());
    child.mime = "message/rfc822";
    const std::string subject = clean_name(header_text(GMIME_OBJECT(message), "Subject"));
    child.name = subject.empty() ? "message-" + std::to_string(children.size() + 1) + ".eml"
                                 : subject + ".eml";
    add_child(std::move(child));
  }

  // The root of a multipart/related: the part the `start` parameter names, else the first.
  static GMimeObject* related_root(GMimeMultipart* mp) {
    const std::string start = content_parameter(GMIME_OBJECT(mp), "start");
    if (!start.empty()) {
      std::string id = start;
      if (id.starts_with('<') && id.ends_with('>')) id = id.substr(1, id.size() - 2);
      if (GMimeObject* root = g_mime_multipart_get_subpart_from_content_id(mp, id.c_str()))
        return root;
    }
    return g_mime_multipart_get_count(mp) > 0 ? g_mime_multipart_get_part(mp, 0) : nullptr;
  }

  // Walks the MIME tree: text/plain and text/html parts that are not attachments make
  // the body while `body_wanted`; other leaves become children.
  void walk(GMimeObject* object, int depth, bool body_wanted) {
    if (!object || out_of_time()) return;
    if (depth > options.max_nesting) {
      warnings.push_back("MIME parts nested deeper than " + std::to_string(options.max_nesting) +
                         " were skipped");
      return;
    }
    if (GMIME_IS_MESSAGE_PART(object)) {
      message_child(GMIME_MESSAGE_PART(object));
      return;
    }
    if (GMIME_IS_MULTIPART_ENCRYPTED(object)) {
      warnings.push_back("an encrypted part was skipped");
      return;
    }
    if (GMIME_IS_MULTIPART(object)) {
      GMimeMultipart* mp = GMIME_MULTIPART(object);
      const std::string mime = mime_of(object);
      const int n = g_mime_multipart_get_count(mp);
      if (mime == "multipart/alternative") {
        // text/plain preferred, else HTML, else the richest (the last) alternative
        GMimeObject* best = nullptr;
        for (const char* wanted : {"text/plain", "text/html"})
          for (int i = 0; i < n && !best; ++i) {
            GMimeObject* p = g_mime_multipart_get_part(mp, i);
            if (GMIME_IS_PART(p) && mime_of(p) == wanted && file_name(p).empty()) best = p;
          }
        if (!best && n > 0) best = g_mime_multipart_get_part(mp, n - 1);
        walk(best, depth + 1, body_wanted);
        return;
      }
      GMimeObject* root = mime == "multipart/related" ? related_root(mp) : nullptr;
      if (root) walk(root, depth + 1, body_wanted);
      for (int i = 0; i < n; ++i) {
        GMimeObject* p = g_mime_multipart_get_part(mp, i);
        if (p == root) continue;
        // the other parts of a related body are its images: children when named
        if (root && GMIME_IS_PART(p) && file_name(p).empty()) continue;
        walk(p, depth + 1, body_wanted);
      }
      return;
    }
    if (!GMIME_IS_PART(object)) return;
    GMimePart* part = GMIME_PART(object);
    const std::string mime = mime_of(object);
    const std::string name = clean_name(file_name(object));
    const char* disposition = g_mime_object_get_disposition(object);
    const bool attachment = !name.empty() || (disposition && ieq(disposition, "attachment"));
    if (!attachment && body_wanted && (mime == "text/plain" || mime == "text/html")) {
      text_body(part, mime);
      return;
    }
    if (mime == "application/pgp-signature" || mime == "application/pkcs7-signature" ||
        mime == "application/x-pkcs7-signature")
      return;
    leaf_child(part, mime, name);
  }
};

struct ParsedMessage {
  GPtr<GMimeParser> parser;
  GPtr<GMimeMessage> message;
};

std::optional<ParsedMessage> parse_message(std::string_view bytes) {
  init_gmime();
  GPtr<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(bytes.data(), bytes.size()));
  ParsedMessage p;
  p.parser.reset(g_mime_parser_new_with_stream(stream.get()));
  g_mime_parser_set_format(p.parser.get(), GMIME_FORMAT_MESSAGE);
  p.message.reset(g_mime_parser_construct_message(p.parser.get(), nullptr));
  if (!p.message) return std::nullopt;
  return p;
}

// At least one header a message has: else GMime read something that is no message.
bool has_message_header(GMimeObject* object) {
  for (const char* h : {"From", "To", "Subject", "Date", "Message-ID", "MIME-Version",
                        "Content-Type", "Received", "Return-Path", "Sender", "Cc"})
    if (raw_header(object, h)) return true;
  return false;
}

void set_date(GMimeMessage* message, Extracted& out) {
  GDateTime* date = g_mime_message_get_date(message);
  if (!date) return;
  const int64_t t = g_date_time_to_unix(date);
  if (t <= 0) return;
  out.date = format_date(t);
  out.metadata["created"] = format_timestamp(t);
}

class EmailExtractor final : public Extractor {
 public:
  explicit EmailExtractor(const OfficeOptions& options)
      : options_(options), html_(make_html_extractor()) {}
  std::string_view name() const override { return "email"; }

  Result<Extracted> extract(const Blob& blob) const override {
    try {
      return read(blob);
    } catch (const std::exception& e) {
      return make_error(ErrorCode::kCorrupt, std::string("e-mail: ") + e.what());
    }
  }

 private:
  Result<Extracted> read(const Blob& blob) const {
    std::optional<ParsedMessage> parsed = parse_message(blob.bytes);
    GMimeObject* msg = parsed ? GMIME_OBJECT(parsed->message.get()) : nullptr;
    if (!msg || !has_message_header(msg))
      return make_error(ErrorCode::kCorrupt, "not an e-mail message: no header could be read");
    GMimeMessage* message = parsed->message.get();
    Extracted out;
    for (auto [key, header] :
         {std::pair{"from", "From"}, std::pair{"to", "To"}, std::pair{"cc", "Cc"},
          std::pair{"bcc", "Bcc"}, std::pair{"reply_to", "Reply-To"}}) {
      std::string v = addresses(msg, header);
      if (!v.empty()) out.metadata[key] = std::move(v);
    }
    const std::string subject = header_text(msg, "Subject");
    if (!subject.empty()) out.metadata["subject"] = subject;
    if (std::string id = message_id(msg, "Message-ID"); !id.empty())
      out.metadata["message_id"] = id;
    if (std::string id = message_id(msg, "In-Reply-To"); !id.empty())
      out.metadata["in_reply_to"] = id;
    set_date(message, out);
    out.title = subject;

    Reader reader(options_, *html_,
                  Clock::now() + std::chrono::milliseconds(
                                     static_cast<int64_t>(options_.time_limit_seconds * 1000)));
    GMimeObject* top = g_mime_message_get_mime_part(message);
    if (top && mhtml_root(top)) {
      read_mhtml(msg, top, reader, out);
    } else {
      reader.walk(top, 0, true);
      out.text = email::header_block(out.metadata, header_text(msg, "Date")) + reader.body;
    }
    out.metadata["attachments"] = std::to_string(reader.children.size());
    if (out.text.size() > options_.max_text_bytes) {
      out.text = std::string(utf8_prefix(out.text, options_.max_text_bytes));
      reader.warnings.push_back("text past " + std::to_string(options_.max_text_bytes) +
                                " bytes was cut");
    }
    out.links = std::move(reader.links);
    out.children = std::move(reader.children);
    out.warnings = std::move(reader.warnings);
    return out;
  }

  // The HTML root of an MHTML page: the message's top part is multipart/related and its
  // root part is text/html. nullptr for any other message.
  static GMimeObject* mhtml_root(GMimeObject* top) {
    if (!GMIME_IS_MULTIPART(top) || mime_of(top) != "multipart/related") return nullptr;
    GMimeObject* root = Reader::related_root(GMIME_MULTIPART(top));
    return root && GMIME_IS_PART(root) && mime_of(root) == "text/html" ? root : nullptr;
  }

  // A saved page: the root's text is the document's, every other part a child named by
  // its Content-Location.
  void read_mhtml(GMimeObject* msg, GMimeObject* top, Reader& reader, Extracted& out) const {
    GMimeObject* root = mhtml_root(top);
    GMimePart* root_part = GMIME_PART(root);
    reader.append_body(
        reader.html_text(decoded_content(root_part), content_parameter(root, "charset")));
    out.text = reader.body;
    if (!reader.html_title.empty()) out.title = reader.html_title;
    std::string url = header_text(msg, "Snapshot-Content-Location");
    if (url.empty() && g_mime_part_get_content_location(root_part))
      url = g_mime_part_get_content_location(root_part);
    if (!url.empty()) out.metadata["source_url"] = url;
    std::vector<GMimeObject*> parts;
    collect_leaves(top, parts, 0);
    for (GMimeObject* p : parts) {
      if (p == root || reader.out_of_time()) continue;
      std::string name;
      if (const char* loc = g_mime_part_get_content_location(GMIME_PART(p))) {
        std::string_view l = loc;
        l = l.substr(0, l.find_first_of("?#"));
        while (l.ends_with('/')) l.remove_suffix(1);
        const size_t slash = l.rfind('/');
        if (slash != std::string_view::npos &&
            l.substr(0, slash).find('/') != std::string_view::npos)
          name = clean_name(unescape(l.substr(slash + 1), '%', false));
      }
      if (name.empty()) name = clean_name(file_name(p));
      if (name.empty()) name = "part-" + std::to_string(reader.children.size() + 1);
      reader.leaf_child(GMIME_PART(p), mime_of(p), name);
    }
  }

  void collect_leaves(GMimeObject* o, std::vector<GMimeObject*>& out, int depth) const {
    if (depth > options_.max_nesting) return;
    if (GMIME_IS_PART(o)) {
      out.push_back(o);
    } else if (GMIME_IS_MULTIPART(o)) {
      GMimeMultipart* mp = GMIME_MULTIPART(o);
      for (int i = 0; i < g_mime_multipart_get_count(mp); ++i)
        collect_leaves(g_mime_multipart_get_part(mp, i), out, depth + 1);
    }
  }

  OfficeOptions options_;
  std::unique_ptr<Extractor> html_;
};

}  // namespace

namespace email {

std::optional<Summary> summarize(std::string_view bytes) {
  std::optional<ParsedMessage> parsed = parse_message(bytes);
  if (!parsed || !has_message_header(GMIME_OBJECT(parsed->message.get()))) return std::nullopt;
  GMimeObject* msg = GMIME_OBJECT(parsed->message.get());
  Summary s;
  Extracted dated;
  set_date(parsed->message.get(), dated);
  s.date = dated.date;
  s.from = addresses(msg, "From");
  s.subject = header_text(msg, "Subject");
  return s;
}

}  // namespace email

std::unique_ptr<Extractor> make_email_extractor(const OfficeOptions& options) {
  return std::make_unique<EmailExtractor>(options);
}

}  // namespace trawl
