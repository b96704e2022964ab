#include "index/document_codec.h"

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <nlohmann/json.hpp>

#include "core/dates.h"

using json = nlohmann::json;

namespace trawl {

int64_t parse_timestamp(std::string_view t) {
  if (t.size() < 20 || t[4] != '-' || t[7] != '-' || t[10] != 'T' || t[13] != ':' || t[16] != ':')
    return 0;
  auto num = [&](size_t at, size_t n) {
    int v = 0;
    for (size_t i = at; i < at + n; ++i) {
      if (t[i] < '0' || t[i] > '9') return -1;
      v = v * 10 + (t[i] - '0');
    }
    return v;
  };
  std::tm tm{};
  tm.tm_year = num(0, 4) - 1900;
  tm.tm_mon = num(5, 2) - 1;
  tm.tm_mday = num(8, 2);
  tm.tm_hour = num(11, 2);
  tm.tm_min = num(14, 2);
  tm.tm_sec = num(17, 2);
  if (tm.tm_year < 0 || tm.tm_mon < 0 || tm.tm_mday < 1 || tm.tm_hour < 0 || tm.tm_min < 0 ||
      tm.tm_sec < 0)
    return 0;
  return static_cast<int64_t>(timegm(&tm));
}

namespace {

json fetch_json(const FetchRecord& f) {
  json j = json::object();
  if (f.seen_at) j["seen_at"] = format_timestamp(f.seen_at);
  if (f.modified_at) j["modified_at"] = format_timestamp(f.modified_at);
  if (f.http_status) j["http_status"] = f.http_status;
  if (!f.headers.empty()) j["headers"] = f.headers;
  if (!f.ip.empty()) j["ip"] = f.ip;
  if (!f.warc_file.empty()) {
    j["warc_file"] = f.warc_file;
    j["warc_offset"] = f.warc_offset;
  }
  return j;
}

int64_t time_value(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end()) return 0;
  if (it->is_number_integer()) return it->get<int64_t>();
  if (it->is_string()) return parse_timestamp(it->get<std::string>());
  return 0;
}

template <typename T>
T get_or(const json& j, const char* key, T fallback) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return fallback;
  try {
    return it->get<T>();
  } catch (const json::exception&) {
    return fallback;
  }
}

FetchRecord fetch_from(const json& j) {
  FetchRecord f;
  f.seen_at = time_value(j, "seen_at");
  f.modified_at = time_value(j, "modified_at");
  f.http_status = get_or(j, "http_status", 0);
  f.headers = get_or(j, "headers", std::map<std::string, std::string>{});
  f.ip = get_or(j, "ip", std::string());
  f.warc_file = get_or(j, "warc_file", std::string());
  f.warc_offset = get_or(j, "warc_offset", int64_t{-1});
  return f;
}

}  // namespace

std::string document_to_json(const Document& doc, DocumentForm form) {
  const bool printed = form == DocumentForm::kPrinted;
  json j;
  j["id"] = doc.id;
  j["title"] = doc.title;
  j["mime"] = doc.mime;
  j["encoding"] = doc.encoding;
  j["language"] = doc.language;
  j["language_confidence"] = doc.language_confidence;
  j["date"] = doc.date;
  j["size"] = doc.size;
  j["text"] = doc.text;
  if (printed) j["pages"] = doc.pages;
  j["page_count"] = doc.pages.size();
  j["metadata"] = doc.metadata;
  j["warnings"] = doc.warnings;
  j["links"] = doc.links;
  if (doc.ocr) {
    json pages = json::array();
    for (const OcrPageInfo& p : doc.ocr->pages)
      pages.push_back({{"page", p.page},
                       {"confidence", p.confidence},
                       {"languages", p.languages},
                       {"rotation", p.rotation}});
    j["ocr"] = {{"pages", pages},
                {"languages", doc.ocr->languages},
                {"mean_confidence", doc.ocr->mean_confidence}};
  } else {
    j["ocr"] = nullptr;
  }
  if (doc.simhash) {
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(doc.simhash));
    j["simhash"] = hex;
  }
  if (!doc.cluster.empty()) j["cluster"] = doc.cluster;
  j["entities"] = json::array();
  for (const Entity& e : doc.entities) {
    json ej = {
        {"type", e.type}, {"id", e.id}, {"start", e.start}, {"end", e.end}, {"source", e.source}};
    if (printed) ej["text"] = e.text;  // stored: the span of "text"
    if (e.confidence < 1.0) ej["confidence"] = e.confidence;
    if (!e.detail.empty()) ej["detail"] = e.detail;
    j["entities"].push_back(std::move(ej));
  }
  j["locations"] = json::array();
  for (const Location& l : doc.locations) {
    json lj = {{"source", l.source}, {"uri", l.uri}};
    if (!l.parent_id.empty()) lj["parent_id"] = l.parent_id;
    if (!l.inner_path.empty()) lj["inner_path"] = l.inner_path;
    lj.update(fetch_json(l.fetch));
    j["locations"].push_back(std::move(lj));
  }
  if (printed) {
    // the first location's fetch record under the names `extract --json` printed before
    // each location had its own
    const FetchRecord& f = doc.fetch();
    json prov = fetch_json(f);
    if (prov.contains("seen_at")) prov["fetched_at"] = prov["seen_at"];
    j["provenance"] = prov;
  }
  if (doc.error) {
    j["error"] = {{"stage", std::string(stage_name(doc.error->stage))},
                  {"code", std::string(error_code_name(doc.error->error.code))},
                  {"message", doc.error->error.message}};
  }
  return j.dump(printed ? 2 : -1, ' ', false, json::error_handler_t::replace);
}

Document document_from_json(std::string_view data) {
  Document d;
  json j = json::parse(data.begin(), data.end(), nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return d;
  d.id = get_or(j, "id", std::string());
  d.title = get_or(j, "title", std::string());
  d.mime = get_or(j, "mime", std::string());
  d.encoding = get_or(j, "encoding", std::string());
  // "lang" and "lang_confidence": the stored form of trawl before 0.2
  d.language = get_or(j, "language", get_or(j, "lang", std::string("und")));
  d.language_confidence = get_or(j, "language_confidence", get_or(j, "lang_confidence", 0.0));
  d.date = get_or(j, "date", std::string());
  d.size = get_or(j, "size", uint64_t{0});
  d.text = get_or(j, "text", std::string());
  d.metadata = get_or(j, "metadata", std::map<std::string, std::string>{});
  d.warnings = get_or(j, "warnings", std::vector<std::string>{});
  d.links = get_or(j, "links", std::vector<std::string>{});
  d.simhash = std::strtoull(get_or(j, "simhash", std::string()).c_str(), nullptr, 16);
  d.cluster = get_or(j, "cluster", std::string());
  // before 0.2 the fetch record was the document's: it applies to every location
  const FetchRecord legacy = fetch_from(json{{"seen_at", j.value("fetched_at", json())},
                                             {"modified_at", j.value("modified_at", json())},
                                             {"http_status", j.value("http_status", json())},
                                             {"headers", j.value("headers", json())},
                                             {"warc_file", j.value("warc_file", json())},
                                             {"warc_offset", j.value("warc_offset", json())}});
  if (auto it = j.find("locations"); it != j.end() && it->is_array()) {
    for (const json& l : *it) {
      if (!l.is_object()) continue;
      Location loc;
      loc.source = get_or(l, "source", std::string());
      loc.uri = get_or(l, "uri", std::string());
      loc.parent_id = get_or(l, "parent_id", std::string());
      loc.inner_path = get_or(l, "inner_path", std::string());
      loc.fetch = l.contains("seen_at") || l.contains("http_status") ? fetch_from(l) : legacy;
      d.locations.push_back(std::move(loc));
    }
  }
  if (auto it = j.find("ocr"); it != j.end() && it->is_object()) {
    OcrInfo info;
    info.languages = get_or(*it, "languages", std::string());
    info.mean_confidence = get_or(*it, "mean_confidence", 0.0);
    for (const json& p : it->value("pages", json::array()))
      info.pages.push_back(OcrPageInfo{get_or(p, "page", 0), get_or(p, "confidence", 0.0),
                                       get_or(p, "languages", std::string()),
                                       get_or(p, "rotation", 0)});
    d.ocr = std::move(info);
  }
  for (const json& e : j.value("entities", json::array())) {
    Entity ent;
    if (e.is_array() &&
        e.size() >= 5) {  // before 0.2: [type, id, start, end, source, confidence, detail]
      ent.type = e[0].get<std::string>();
      ent.id = e[1].get<std::string>();
      ent.start = e[2].get<size_t>();
      ent.end = e[3].get<size_t>();
      ent.source = e[4].get<std::string>();
      if (e.size() > 5) ent.confidence = e[5].get<double>();
      if (e.size() > 6) ent.detail = e[6].get<std::string>();
    } else if (e.is_object()) {
      ent.type = get_or(e, "type", std::string());
      ent.id = get_or(e, "id", std::string());
      ent.start = get_or(e, "start", size_t{0});
      ent.end = get_or(e, "end", size_t{0});
      ent.source = get_or(e, "source", std::string());
      ent.confidence = get_or(e, "confidence", 1.0);
      ent.detail = get_or(e, "detail", std::string());
      ent.text = get_or(e, "text", std::string());
    } else {
      continue;
    }
    if (ent.text.empty() && ent.start <= ent.end && ent.end <= d.text.size())
      ent.text = d.text.substr(ent.start, ent.end - ent.start);
    d.entities.push_back(std::move(ent));
  }
  // pages: the printed array, else the stored text's "\f"-separated parts
  if (auto it = j.find("pages"); it != j.end() && it->is_array()) {
    d.pages = get_or(j, "pages", std::vector<std::string>{});
  } else {
    size_t count =
        it != j.end() && it->is_number() ? it->get<size_t>() : get_or(j, "page_count", size_t{0});
    if (count > 0) {
      size_t start = 0;
      for (size_t ff = d.text.find('\f');; ff = d.text.find('\f', start)) {
        d.pages.push_back(
            d.text.substr(start, ff == std::string::npos ? std::string::npos : ff - start));
        if (ff == std::string::npos) break;
        start = ff + 1;
      }
    }
  }
  if (auto it = j.find("error"); it != j.end() && it->is_object()) {
    d.error = StageError{
        stage_from_name(get_or(*it, "stage", std::string())).value_or(Stage::kRead),
        Error{
            error_code_from_name(get_or(*it, "code", std::string())).value_or(ErrorCode::kCorrupt),
            get_or(*it, "message", std::string())}};
  }
  return d;
}

}  // namespace trawl
