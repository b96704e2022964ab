#include "server/tika.h"

#include <nlohmann/json.hpp>

#include "core/text.h"
#include "pipeline/item.h"
#include "server/api_json.h"
#include "server/routes.h"

namespace trawl::http {

using json = nlohmann::json;

Extraction::Extraction(const Config& config)
    : config_(config),
      registry_(ExtractorRegistry::with_defaults(config)),
      engines_(std::make_shared<OcrEngines>(config.ocr)) {}

Extraction::~Extraction() = default;

template <typename Fn>
auto Extraction::with_processor(Fn&& fn) {
  std::unique_ptr<Processor> p;
  {
    std::lock_guard lock(mu_);
    if (!idle_.empty()) {
      p = std::move(idle_.back());
      idle_.pop_back();
    }
  }
  if (!p) {
    auto created = Processor::create(registry_, config_, engines_);
    if (created) p = std::move(*created);
  }
  auto result = fn(p.get());
  if (p) {
    std::lock_guard lock(mu_);
    idle_.push_back(std::move(p));
  }
  return result;
}

Extraction::Extracted Extraction::extract(std::string bytes, const std::string& name) {
  return with_processor([&](Processor* p) {
    Extracted e;
    if (!p) {
      e.doc.fail(Stage::kIdentify, make_error(ErrorCode::kFatal, "libmagic cannot be loaded"));
      return e;
    }
    Item item;
    item.location = Location{"tika", name.empty() ? "upload" : name, "", "", {}};
    item.bytes = std::make_shared<const std::string>(std::move(bytes));
    extract_item(item, *p, config_, 0, nullptr, e.doc, e.children);
    return e;
  });
}

std::string Extraction::detect(std::string_view bytes) {
  return with_processor([&](Processor* p) -> std::string {
    if (!p) return "application/octet-stream";
    Document d;
    p->identify(d, bytes);
    return d.mime.empty() ? "application/octet-stream" : d.mime;
  });
}

namespace {

// The file name a client sent: Content-Disposition's filename*=UTF-8''... or filename=...
std::string file_name(const httplib::Request& req) {
  const std::string cd = req.get_header_value("Content-Disposition");
  auto value_after = [&](const std::string& key) -> std::string {
    size_t at = cd.find(key);
    if (at == std::string::npos) return {};
    at += key.size();
    if (at < cd.size() && cd[at] == '"') {
      size_t end = cd.find('"', at + 1);
      return cd.substr(at + 1, end == std::string::npos ? std::string::npos : end - at - 1);
    }
    size_t end = cd.find(';', at);
    return std::string(
        trim(cd.substr(at, end == std::string::npos ? std::string::npos : end - at)));
  };
  std::string v = value_after("filename*=");
  if (!v.empty()) {
    if (auto q = v.find("''"); q != std::string::npos) v = v.substr(q + 2);
    return httplib::detail::decode_url(v, false);
  }
  v = value_after("filename=");
  // a path is a name here, nothing more
  if (auto slash = v.find_last_of("/\\"); slash != std::string::npos) v = v.substr(slash + 1);
  return v;
}

// What Tika answers for a document it could not read: 415 for a type it has no parser
// for, 422 for an encrypted or broken one.
void send_failure(httplib::Response& res, const Document& doc, const std::string& name) {
  const Error& e = doc.error->error;
  const int status = e.code == ErrorCode::kUnsupported ? 415
                     : e.code == ErrorCode::kFatal     ? 500
                                                       : 422;
  send_error(res, status, (name.empty() ? "" : name + ": ") + one_line(e.message));
}

json metadata_json(const Document& d, const std::string& name, const std::string& embedded_path,
                   bool with_content) {
  json j = json::object();
  j["Content-Type"] = d.encoding.empty() ? d.mime : d.mime + "; charset=" + d.encoding;
  j["Content-Length"] = std::to_string(d.size);
  j["X-TIKA:Parsed-By"] = json::array({"trawl"});
  if (!name.empty()) j["resourceName"] = name;
  if (!embedded_path.empty()) {
    j["X-TIKA:embedded_resource_path"] = embedded_path;
    j["resourceName"] = embedded_path.substr(embedded_path.rfind('/') + 1);
  }
  if (!d.title.empty()) j["dc:title"] = d.title;
  if (d.language != "und") {
    j["dc:language"] = d.language;
    j["language"] = d.language;
  }
  if (!d.pages.empty()) j["xmpTPg:NPages"] = std::to_string(d.pages.size());
  if (!d.date.empty()) j["dcterms:created"] = d.date;
  if (!d.id.empty()) j["X-TIKA:digest:SHA256"] = d.id;
  for (const auto& [k, v] : d.metadata) {
    if (k == "author")
      j["dc:creator"] = v;
    else if (k == "created")
      j["dcterms:created"] = v;
    else if (k == "modified")
      j["dcterms:modified"] = v;
    else if (k == "generator")
      j["xmp:CreatorTool"] = v;
    else
      j["trawl:" + k] = v;
  }
  if (d.ocr) j["trawl:ocr"] = d.ocr->languages;
  if (d.failed()) j["X-TIKA:EXCEPTION:embedded_exception"] = one_line(d.error->error.message);
  if (with_content) j["X-TIKA:content"] = d.failed() ? "" : d.text;
  return j;
}

bool wants_json(const httplib::Request& req) {
  return req.get_header_value("Accept").find("application/json") != std::string::npos;
}

// The body of a multipart/form-data upload's first file, or the raw body.
std::string upload_of(const httplib::Request& req) {
  if (req.is_multipart_form_data() && !req.files.empty()) return req.files.begin()->second.content;
  return req.body;
}

void send_text(httplib::Response& res, std::string text,
               const char* type = "text/plain; charset=UTF-8") {
  res.status = 200;
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_content(std::move(text), type);
}

}  // namespace

void handle_tika_greeting(const httplib::Request&, httplib::Response& res, Context&) {
  send_text(res, "This is Tika Server (trawl, Apache Tika 3.x compatible). Please PUT\n");
}

void handle_tika(const httplib::Request& req, httplib::Response& res, Context& ctx) {
  const std::string name = file_name(req);
  auto e = ctx.extraction.extract(upload_of(req), name);
  if (e.doc.failed()) return send_failure(res, e.doc, name);
  if (wants_json(req)) return send_json(res, metadata_json(e.doc, name, "", true));
  send_text(res, e.doc.text);
}

void handle_rmeta(const httplib::Request& req, httplib::Response& res, Context& ctx) {
  const std::string name = file_name(req);
  auto e = ctx.extraction.extract(upload_of(req), name);
  if (e.doc.failed()) return send_failure(res, e.doc, name);
  json list = json::array();
  list.push_back(metadata_json(e.doc, name, "", true));
  for (const Document& c : e.children) {
    std::string inner;
    for (const Location& l : c.locations)
      if (!l.inner_path.empty()) inner = l.inner_path;
    // a member of a member: its path from the top, as Tika writes it
    std::string path = "/" + inner;
    if (!c.locations.empty()) {
      const std::string& uri = c.locations.front().uri;
      const std::string top = e.doc.primary_location() + "/";
      if (uri.starts_with(top)) path = "/" + uri.substr(top.size());
    }
    list.push_back(metadata_json(c, "", path, true));
  }
  send_json(res, list);
}

void handle_meta(const httplib::Request& req, httplib::Response& res, Context& ctx) {
  const std::string name = file_name(req);
  auto e = ctx.extraction.extract(upload_of(req), name);
  if (e.doc.failed()) return send_failure(res, e.doc, name);
  json j = metadata_json(e.doc, name, "", false);
  if (wants_json(req)) return send_json(res, j);
  std::string csv;
  for (const auto& [k, v] : j.items()) {
    std::string value = v.is_string() ? v.get<std::string>() : v.dump();
    std::string quoted;
    for (char c : value) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    csv += "\"" + k + "\",\"" + quoted + "\"\n";
  }
  send_text(res, csv, "text/csv; charset=UTF-8");
}

void handle_detect(const httplib::Request& req, httplib::Response& res, Context& ctx) {
  send_text(res, ctx.extraction.detect(upload_of(req)));
}

void handle_language(const httplib::Request& req, httplib::Response& res, Context& ctx) {
  // the language of the text as uploaded: a document is extracted first, so a PDF or an
  // HTML page gives the language of its text
  auto e = ctx.extraction.extract(upload_of(req), file_name(req));
  if (e.doc.failed()) return send_failure(res, e.doc, "");
  send_text(res, e.doc.language);
}

void handle_version(const httplib::Request&, httplib::Response& res, Context&) {
  send_text(res, "Apache Tika 3.0.0 (trawl 0.1.0)");
}

}  // namespace trawl::http
