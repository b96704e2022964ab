// The Xapian adapter: the only file that includes xapian.h.
#include <unicode/normalizer2.h>
#include <unicode/unistr.h>
#include <xapian.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "core/dates.h"
#include "core/text.h"
#include "index/index.h"
#include "index/schema.h"

namespace fs = std::filesystem;
using json = nlohmann::json;

namespace trawl {

// ---------------------------------------------------------------------------------------
// Text normalisation

namespace {

std::string nfc(std::string_view text) {
  UErrorCode st = U_ZERO_ERROR;
  const icu::Normalizer2* n = icu::Normalizer2::getNFCInstance(st);
  if (U_FAILURE(st)) return std::string(text);
  icu::UnicodeString us =
      icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  if (n->quickCheck(us, st) == UNORM_YES && U_SUCCESS(st)) return std::string(text);
  st = U_ZERO_ERROR;
  icu::UnicodeString out = n->normalize(us, st);
  if (U_FAILURE(st)) return std::string(text);
  std::string utf8;
  out.toUTF8String(utf8);
  return utf8;
}

// ё (D1 91) -> е (D0 B5), Ё (D0 81) -> Е (D0 95): Russian writes ё optionally.
void fold_yo(std::string& s) {
  for (size_t i = 0; i + 1 < s.size(); ++i) {
    auto a = static_cast<unsigned char>(s[i]), b = static_cast<unsigned char>(s[i + 1]);
    if (a == 0xD1 && b == 0x91) {
      s[i] = '\xD0';
      s[i + 1] = '\xB5';
    } else if (a == 0xD0 && b == 0x81) {
      s[i + 1] = '\x95';
    }
  }
}

bool is_hangul(char32_t cp) {
  return (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0x1100 && cp <= 0x11FF) ||
         (cp >= 0x3130 && cp <= 0x318F) || (cp >= 0xA960 && cp <= 0xA97F) ||
         (cp >= 0xD7B0 && cp <= 0xD7FF);
}

}  // namespace

std::string normalize_for_index(std::string_view text) {
  std::string s = nfc(text);
  fold_yo(s);
  return s;
}

std::string prepare_query_text(std::string_view query) {
  std::string s = normalize_for_index(query);
  std::string out;
  out.reserve(s.size() + 8);
  bool in_quotes = false;
  size_t pos = 0;
  while (pos < s.size()) {
    size_t start = pos;
    char32_t cp = next_code_point(s, pos);
    if (cp == '"') in_quotes = !in_quotes;
    if (in_quotes || !is_hangul(cp)) {
      out.append(s, start, pos - start);
      continue;
    }
    size_t end = pos;  // the end of this run of Hangul
    while (end < s.size()) {
      size_t next = end;
      char32_t c = next_code_point(s, next);
      if (!is_hangul(c)) break;
      end = next;
    }
    bool after_field = !out.empty() && out.back() == ':';  // title:북한 stays as it is
    if (!after_field) out += '(';
    out.append(s, start, end - start);
    if (!after_field) out += ')';
    pos = end;
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// Stemming by script

namespace {

// One stemmer for index and query: each token is stemmed by the language of its script.
// Latin -> english, Cyrillic -> russian; anything else (Hangul and CJK n-grams, digits
// only) gets no stem, so TermGenerator adds no useless Z copy.
class ScriptStemmer : public Xapian::StemImplementation {
 public:
  std::string operator()(const std::string& word) override {
    size_t pos = 0;
    while (pos < word.size()) {
      char32_t cp = next_code_point(word, pos);
      if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= 0xC0 && cp < 0x250 && cp != 0xD7 && cp != 0xF7))
        return english_(word);
      if (cp >= 0x400 && cp < 0x530) return russian_(word);
      if (cp > 0x7F) return {};
    }
    // digits only: the number itself (the index adds Z copies of numbers, see below)
    return word;
  }
  std::string get_description() const override { return "trawl-script(english,russian)"; }

 private:
  Xapian::Stem english_{"english"};
  Xapian::Stem russian_{"russian"};
};

Xapian::Stem script_stemmer() { return Xapian::Stem(new ScriptStemmer); }

// Terms are at most 245 bytes in Xapian: long paths and URLs are cut and made unique
// with a hash of the whole.
std::string bounded_term(std::string_view prefix, std::string_view value) {
  std::string t(prefix);
  if (prefix.size() + value.size() <= 240) {
    t += value;
    return t;
  }
  t += utf8_prefix(value, 200);
  char buf[24];
  std::snprintf(buf, sizeof buf, "#%016zx", std::hash<std::string_view>{}(value));
  t += buf;
  return t;
}

std::string host_of(std::string_view uri) {
  auto scheme = uri.find("://");
  if (scheme == std::string_view::npos) return {};
  auto rest = uri.substr(scheme + 3);
  auto end = rest.find_first_of("/?#");
  auto host = rest.substr(0, end);
  if (auto at = host.rfind('@'); at != std::string_view::npos) host = host.substr(at + 1);
  if (auto colon = host.rfind(':'); colon != std::string_view::npos && host.find(']') == std::string_view::npos)
    host = host.substr(0, colon);
  std::string h = ascii_lower(host);
  if (h.starts_with("www.")) h = h.substr(4);
  return h;
}

json location_json(const Location& l) {
  json j = {{"source", l.source}, {"uri", l.uri}};
  if (!l.parent_id.empty()) j["parent_id"] = l.parent_id;
  if (!l.inner_path.empty()) j["inner_path"] = l.inner_path;
  return j;
}

Location location_from_json(const json& j) {
  Location l;
  l.source = j.value("source", "");
  l.uri = j.value("uri", "");
  l.parent_id = j.value("parent_id", "");
  l.inner_path = j.value("inner_path", "");
  return l;
}

void add_location_terms(Xapian::Document& xd, const Location& loc) {
  xd.add_boolean_term(bounded_term(schema::kSource, loc.source));
  xd.add_boolean_term(bounded_term(schema::kUrl, loc.uri));
  if (std::string host = host_of(loc.uri); !host.empty()) {
    xd.add_boolean_term(bounded_term(schema::kHost, host));
    // site:example.org also finds news.example.org
    for (size_t dot = host.find('.'); dot != std::string::npos; dot = host.find('.', dot + 1)) {
      std::string parent = host.substr(dot + 1);
      if (parent.find('.') == std::string::npos) break;
      xd.add_boolean_term(bounded_term(schema::kHost, parent));
    }
  } else if (!loc.uri.empty() && loc.uri[0] == '/') {
    // path:/a/b matches everything under /a/b
    for (size_t slash = loc.uri.find('/', 1); slash != std::string::npos;
         slash = loc.uri.find('/', slash + 1))
      xd.add_boolean_term(bounded_term(schema::kPath, loc.uri.substr(0, slash)));
    xd.add_boolean_term(bounded_term(schema::kPath, loc.uri));
  }
}

Error fatal(const std::string& what, const Xapian::Error& e) {
  return make_error(ErrorCode::kFatal, what + ": " + e.get_description());
}

// TermGenerator never stems a word that starts with a digit, but the query parser
// (STEM_ALL_Z) looks every word up as a Z term: give numbers (IMO numbers, resolution
// numbers, years) their Z copy, positions included so phrases like "IMO 8518572" match.
void add_stemmed_numbers(Xapian::Document& xd) {
  std::vector<std::pair<std::string, std::vector<Xapian::termpos>>> numbers;
  for (Xapian::TermIterator t = xd.termlist_begin(); t != xd.termlist_end(); ++t) {
    const std::string& term = *t;
    if (term.empty() || term[0] < '0' || term[0] > '9') continue;
    std::vector<Xapian::termpos> positions(t.positionlist_begin(), t.positionlist_end());
    numbers.emplace_back("Z" + term, std::move(positions));
  }
  for (auto& [term, positions] : numbers) {
    if (positions.empty()) xd.add_term(term);
    for (Xapian::termpos p : positions) xd.add_posting(term, p);
  }
}

}  // namespace

// ---------------------------------------------------------------------------------------
// PreparedDocument and DocumentBuilder

struct PreparedDocument::Impl {
  std::string id;
  Xapian::Document xdoc;
  json data;  // stored document data, locations included
  std::vector<Location> locations;
};

PreparedDocument::PreparedDocument(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
PreparedDocument::PreparedDocument(PreparedDocument&&) noexcept = default;
PreparedDocument& PreparedDocument::operator=(PreparedDocument&&) noexcept = default;
PreparedDocument::~PreparedDocument() = default;
const std::string& PreparedDocument::id() const { return impl_->id; }

struct DocumentBuilder::Impl {
  Xapian::TermGenerator tg;
  Impl() {
    tg.set_stemmer(script_stemmer());
    tg.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME_FULL_POS);
    tg.set_flags(Xapian::TermGenerator::FLAG_CJK_NGRAM);
  }
};

DocumentBuilder::DocumentBuilder() : impl_(std::make_unique<Impl>()) {}
DocumentBuilder::~DocumentBuilder() = default;

PreparedDocument DocumentBuilder::build(const Document& doc) {
  auto p = std::make_unique<PreparedDocument::Impl>();
  p->id = doc.id;
  p->locations = doc.locations;
  Xapian::Document& xd = p->xdoc;
  Xapian::TermGenerator& tg = impl_->tg;
  tg.set_document(xd);

  std::string title = normalize_for_index(doc.title);
  std::string text = normalize_for_index(doc.text);
  if (!title.empty()) {
    tg.index_text(title, 1, std::string(schema::kTitle));
    tg.increase_termpos(100);
    tg.index_text(title, 3);  // title words weigh more in the body field too
    tg.increase_termpos(100);
  }
  tg.index_text(text);
  add_stemmed_numbers(xd);

  xd.add_boolean_term(std::string(schema::kId) + doc.id);
  xd.add_boolean_term(std::string(schema::kLanguage) + doc.language);
  std::string type = short_type(doc.mime);
  xd.add_boolean_term(bounded_term(schema::kType, type));
  if (type != doc.mime) xd.add_boolean_term(bounded_term(schema::kType, doc.mime));
  for (const Location& loc : doc.locations) add_location_terms(xd, loc);
  xd.add_boolean_term(std::string(schema::kOcr) + (doc.ocr ? "yes" : "no"));
  for (const Entity& e : doc.entities) {
    xd.add_boolean_term(bounded_term(schema::kEntity, e.id));
    xd.add_boolean_term(bounded_term(schema::kEntityType, e.type));
  }

  if (!doc.date.empty()) xd.add_value(schema::kValueDate, compact_date(doc.date));
  xd.add_value(schema::kValueFetched, Xapian::sortable_serialise(static_cast<double>(doc.provenance.fetched_at)));
  xd.add_value(schema::kValueLanguage, doc.language);
  xd.add_value(schema::kValueType, type);
  if (!doc.locations.empty()) {
    xd.add_value(schema::kValueSource, doc.locations.front().source);
    if (std::string host = host_of(doc.locations.front().uri); !host.empty())
      xd.add_value(schema::kValueHost, host);
  }
  xd.add_value(schema::kValueSize, Xapian::sortable_serialise(static_cast<double>(doc.size)));

  json& d = p->data;
  d["id"] = doc.id;
  d["title"] = doc.title;
  d["mime"] = doc.mime;
  d["encoding"] = doc.encoding;
  d["lang"] = doc.language;
  d["lang_confidence"] = doc.language_confidence;
  d["date"] = doc.date;
  d["size"] = doc.size;
  d["fetched_at"] = doc.provenance.fetched_at;
  if (doc.provenance.modified_at) d["modified_at"] = doc.provenance.modified_at;
  if (doc.provenance.http_status) d["http_status"] = doc.provenance.http_status;
  if (!doc.provenance.headers.empty()) d["headers"] = doc.provenance.headers;
  if (!doc.provenance.warc_file.empty()) {
    d["warc_file"] = doc.provenance.warc_file;
    d["warc_offset"] = doc.provenance.warc_offset;
  }
  d["locations"] = json::array();
  for (const Location& l : doc.locations) d["locations"].push_back(location_json(l));
  d["metadata"] = doc.metadata;
  d["warnings"] = doc.warnings;
  d["links"] = doc.links;
  d["pages"] = doc.pages.size();
  if (doc.ocr) {
    json pages = json::array();
    for (const OcrPageInfo& p : doc.ocr->pages)
      pages.push_back({{"page", p.page}, {"confidence", p.confidence}, {"languages", p.languages}, {"rotation", p.rotation}});
    d["ocr"] = {{"pages", pages}, {"languages", doc.ocr->languages}, {"mean_confidence", doc.ocr->mean_confidence}};
  }
  // the entities as found (the first 5,000), for `trawl show`: compact rows
  // [type, id, start, end, source, confidence, detail]; the text is the span of "text"
  json entities = json::array();
  for (const Entity& e : doc.entities) {
    if (entities.size() >= 5000) break;
    json row = json::array({e.type, e.id, e.start, e.end, e.source});
    if (e.confidence < 1.0 || !e.detail.empty()) row.push_back(e.confidence);
    if (!e.detail.empty()) row.push_back(e.detail);
    entities.push_back(std::move(row));
  }
  if (!entities.empty()) d["entities"] = std::move(entities);
  d["text"] = doc.text;
  return PreparedDocument(std::move(p));
}

// ---------------------------------------------------------------------------------------
// Index layout: DIR/shards.stub lists DIR/shard-NN (Xapian opens a stub file as the union
// of the databases it names; a remote shard can later be one more line).

namespace {

constexpr const char* kStubName = "shards.stub";

std::vector<std::string> read_stub(const fs::path& stub) {
  std::vector<std::string> shards;
  std::ifstream in(stub);
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream ls(line);
    std::string kind, path;
    if (ls >> kind >> path) shards.push_back(path);
  }
  return shards;
}

uint32_t id_prefix(const std::string& id) {
  uint32_t v = 0;
  for (size_t i = 0; i < 8 && i < id.size(); ++i) {
    char c = id[i];
    v = v * 16 + static_cast<uint32_t>(c >= 'a' ? c - 'a' + 10 : c >= 'A' ? c - 'A' + 10 : c - '0');
  }
  return v;
}

}  // namespace

struct IndexWriter::Impl {
  fs::path dir;
  std::vector<Xapian::WritableDatabase> dbs;
};

IndexWriter::IndexWriter(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
IndexWriter::~IndexWriter() = default;

Result<std::unique_ptr<IndexWriter>> IndexWriter::open(const std::string& dir, int new_shards) {
  auto impl = std::make_unique<Impl>();
  impl->dir = dir;
  std::error_code ec;
  fs::create_directories(impl->dir, ec);
  if (ec) return make_error(ErrorCode::kFatal, "cannot create index folder " + dir + ": " + ec.message());
  fs::path stub = impl->dir / kStubName;
  std::vector<std::string> names = read_stub(stub);
  bool create = names.empty();
  if (create) {
    for (int i = 0; i < std::max(1, new_shards); ++i) {
      std::string n = std::to_string(i);
      names.push_back("shard-" + std::string(n.size() < 2 ? 2 - n.size() : 0, '0') + n);
    }
  }
  try {
    for (const std::string& name : names)
      impl->dbs.emplace_back((impl->dir / name).string(), Xapian::DB_CREATE_OR_OPEN | Xapian::DB_BACKEND_GLASS);
  } catch (const Xapian::DatabaseLockError&) {
    return make_error(ErrorCode::kFatal, "index " + dir + " is locked by another writer (is another trawl ingest running?)");
  } catch (const Xapian::Error& e) {
    return fatal("cannot open index " + dir, e);
  }
  if (create) {
    // the stub appears only once every shard exists, atomically
    fs::path tmp = impl->dir / (std::string(kStubName) + ".tmp");
    {
      std::ofstream out(tmp);
      for (const std::string& name : names) out << "glass " << name << "\n";
      if (!out) return make_error(ErrorCode::kFatal, "cannot write " + tmp.string());
    }
    fs::rename(tmp, stub, ec);
    if (ec) return make_error(ErrorCode::kFatal, "cannot write " + stub.string() + ": " + ec.message());
  }
  return std::unique_ptr<IndexWriter>(new IndexWriter(std::move(impl)));
}

int IndexWriter::shards() const { return static_cast<int>(impl_->dbs.size()); }

int IndexWriter::shard_of(const std::string& id) const {
  return static_cast<int>(id_prefix(id) % impl_->dbs.size());
}

Result<WriteOutcome> IndexWriter::write(PreparedDocument doc) {
  PreparedDocument::Impl& p = *doc.impl_;
  Xapian::WritableDatabase& db = impl_->dbs[shard_of(p.id)];
  const std::string qterm = std::string(schema::kId) + p.id;
  try {
    WriteOutcome outcome = WriteOutcome::kAdded;
    Xapian::PostingIterator pl = db.postlist_begin(qterm);
    if (pl != db.postlist_end(qterm)) {
      Xapian::Document old = db.get_document(*pl);
      json old_data = json::parse(old.get_data(), nullptr, /*allow_exceptions=*/false);
      std::vector<Location> merged;
      if (old_data.is_object() && old_data.contains("locations"))
        for (const json& l : old_data["locations"]) merged.push_back(location_from_json(l));
      bool added = false;
      for (const Location& l : p.locations) {
        if (std::find_if(merged.begin(), merged.end(), [&](const Location& m) { return m.uri == l.uri; }) == merged.end()) {
          merged.push_back(l);
          added = true;
        }
      }
      if (!added) return WriteOutcome::kUnchanged;
      // keep the earlier locations first: the first one is the one shown
      p.data["locations"] = json::array();
      for (const Location& l : merged) {
        p.data["locations"].push_back(location_json(l));
        add_location_terms(p.xdoc, l);
      }
      if (!merged.empty()) {
        p.xdoc.add_value(schema::kValueSource, merged.front().source);
        if (std::string host = host_of(merged.front().uri); !host.empty())
          p.xdoc.add_value(schema::kValueHost, host);
      }
      outcome = WriteOutcome::kLocationAdded;
    }
    p.xdoc.set_data(p.data.dump(-1, ' ', false, json::error_handler_t::replace));
    db.replace_document(qterm, p.xdoc);
    return outcome;
  } catch (const Xapian::Error& e) {
    return fatal("cannot write document " + p.id, e);
  }
}

Status IndexWriter::commit(int shard) {
  try {
    impl_->dbs.at(shard).commit();
    return {};
  } catch (const Xapian::Error& e) {
    return fatal("cannot commit index shard " + std::to_string(shard), e);
  }
}

// ---------------------------------------------------------------------------------------
// Reading and searching

namespace {

// A boolean filter whose value is case-insensitive (lang:KO, type:PDF, site:Example.org).
class LowercaseFilter : public Xapian::FieldProcessor {
 public:
  explicit LowercaseFilter(std::string prefix) : prefix_(std::move(prefix)) {}
  Xapian::Query operator()(const std::string& value) override {
    return Xapian::Query(bounded_term(prefix_, ascii_lower(value)));
  }

 private:
  std::string prefix_;
};

// path: takes a folder or file path; a trailing slash is ignored.
class PathFilter : public Xapian::FieldProcessor {
 public:
  Xapian::Query operator()(const std::string& value) override {
    std::string v = value;
    while (v.size() > 1 && v.back() == '/') v.pop_back();
    return Xapian::Query(bounded_term(schema::kPath, v));
  }
};

// imo:8518572, unscr:2397, mmsi:..., hs:2701: one entity id, "<field>:<value>".
class EntityIdFilter : public Xapian::FieldProcessor {
 public:
  explicit EntityIdFilter(std::string field) : field_(std::move(field)) {}
  Xapian::Query operator()(const std::string& value) override {
    std::string v = value;
    if (field_ == "unscr") {  // "S/RES/2397", "2397 (2017)" -> 2397
      size_t d = v.find_first_of("0123456789");
      size_t e = d == std::string::npos ? d : v.find_first_not_of("0123456789", d);
      if (d != std::string::npos) {
        v = v.substr(d, e == std::string::npos ? e : e - d);
        v.erase(0, std::min(v.find_first_not_of('0'), v.size() - 1));  // "02397" -> "2397"
      }
    }
    if (field_ == "callsign") {
      for (char& c : v) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    } else if (field_ != "entity") {
      v = ascii_lower(v);
    }
    return Xapian::Query(bounded_term(schema::kEntity, field_ == "entity" ? v : field_ + ":" + v));
  }

 private:
  std::string field_;
};

// vessel:"NEW REGENT", org:"...", person:"...", place:"...": the ids the name resolves to
// (lists, any script) and the id a name on no list gets.
class EntityNameFilter : public Xapian::FieldProcessor {
 public:
  EntityNameFilter(std::string type, const NameResolver* resolver) : type_(std::move(type)), resolver_(resolver) {}
  Xapian::Query operator()(const std::string& value) override {
    // only entities/ knows how names become ids: without a resolver nothing matches
    if (!resolver_ || !*resolver_) return Xapian::Query::MatchNothing;
    const std::vector<std::string> ids = (*resolver_)(type_, value);
    if (ids.empty()) return Xapian::Query::MatchNothing;
    std::vector<Xapian::Query> parts;
    for (const std::string& id : ids) parts.emplace_back(bounded_term(schema::kEntity, id));
    return Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end());
  }

 private:
  std::string type_;
  const NameResolver* resolver_;
};

Document document_from_data(const std::string& data) {
  Document d;
  json j = json::parse(data, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return d;
  d.id = j.value("id", "");
  d.title = j.value("title", "");
  d.mime = j.value("mime", "");
  d.encoding = j.value("encoding", "");
  d.language = j.value("lang", "und");
  d.language_confidence = j.value("lang_confidence", 0.0);
  d.date = j.value("date", "");
  d.size = j.value("size", uint64_t{0});
  d.provenance.fetched_at = j.value("fetched_at", int64_t{0});
  d.provenance.modified_at = j.value("modified_at", int64_t{0});
  d.provenance.http_status = j.value("http_status", 0);
  if (j.contains("headers")) d.provenance.headers = j["headers"].get<std::map<std::string, std::string>>();
  d.provenance.warc_file = j.value("warc_file", "");
  d.provenance.warc_offset = j.value("warc_offset", int64_t{-1});
  if (j.contains("locations"))
    for (const json& l : j["locations"]) d.locations.push_back(location_from_json(l));
  if (j.contains("metadata")) d.metadata = j["metadata"].get<std::map<std::string, std::string>>();
  if (j.contains("warnings")) d.warnings = j["warnings"].get<std::vector<std::string>>();
  if (j.contains("links")) d.links = j["links"].get<std::vector<std::string>>();
  if (j.contains("ocr") && j["ocr"].is_object()) {
    OcrInfo info;
    info.languages = j["ocr"].value("languages", "");
    info.mean_confidence = j["ocr"].value("mean_confidence", 0.0);
    for (const json& p : j["ocr"].value("pages", json::array()))
      info.pages.push_back(OcrPageInfo{p.value("page", 0), p.value("confidence", 0.0), p.value("languages", ""), p.value("rotation", 0)});
    d.ocr = std::move(info);
  }
  d.text = j.value("text", "");
  for (const json& row : j.value("entities", json::array())) {
    if (!row.is_array() || row.size() < 5) continue;
    Entity ent;
    ent.type = row[0].get<std::string>();
    ent.id = row[1].get<std::string>();
    ent.start = row[2].get<size_t>();
    ent.end = row[3].get<size_t>();
    ent.source = row[4].get<std::string>();
    if (row.size() > 5) ent.confidence = row[5].get<double>();
    if (row.size() > 6) ent.detail = row[6].get<std::string>();
    if (ent.start <= ent.end && ent.end <= d.text.size()) ent.text = d.text.substr(ent.start, ent.end - ent.start);
    d.entities.push_back(std::move(ent));
  }
  if (j.value("pages", 0) > 0) {
    size_t start = 0;
    for (size_t ff = d.text.find('\f'); ; ff = d.text.find('\f', start)) {
      d.pages.push_back(d.text.substr(start, ff == std::string::npos ? std::string::npos : ff - start));
      if (ff == std::string::npos) break;
      start = ff + 1;
    }
  }
  return d;
}

bool is_cjk(char32_t cp) {
  return is_hangul(cp) || (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3040 && cp <= 0x30FF);
}

// Tidies highlight marks of CJK n-grams: adjacent marks merge ("<b>북</b><b>한</b>" ->
// "<b>북한</b>"), and a mark around one lone syllable is dropped: the query's unigrams
// (한, 선) match inside unrelated words and would mark noise everywhere.
std::string tidy_marks(std::string s) {
  static const std::string kJoin = "</b><b>", kOpen = "<b>", kClose = "</b>";
  for (size_t pos = s.find(kJoin); pos != std::string::npos; pos = s.find(kJoin, pos))
    s.erase(pos, kJoin.size());
  std::string out;
  out.reserve(s.size());
  size_t pos = 0;
  while (pos < s.size()) {
    size_t open = s.find(kOpen, pos);
    if (open == std::string::npos) break;
    size_t close = s.find(kClose, open + kOpen.size());
    if (close == std::string::npos) break;
    std::string_view inner(s.data() + open + kOpen.size(), close - open - kOpen.size());
    size_t p = 0;
    char32_t first = inner.empty() ? 0 : next_code_point(inner, p);
    bool lone_cjk = !inner.empty() && p == inner.size() && is_cjk(first);
    out.append(s, pos, open - pos);
    if (lone_cjk) out += inner;
    else out.append(s, open, close + kClose.size() - open);
    pos = close + kClose.size();
  }
  out.append(s, pos, std::string::npos);
  return out;
}

}  // namespace

struct IndexReader::Impl {
  fs::path dir;
  Xapian::Database db;
  int shards = 0;
  Xapian::QueryParser qp;
  NameResolver resolver;  // set per search from the request

  void setup_parser() {
    qp = Xapian::QueryParser();
    qp.set_database(db);
    qp.set_stemmer(script_stemmer());
    // STEM_ALL_Z: with STEM_SOME the parser leaves capitalised words unstemmed, so
    // "Кореи" would miss "Корея".
    qp.set_stemming_strategy(Xapian::QueryParser::STEM_ALL_Z);
    qp.set_default_op(Xapian::Query::OP_AND);
    qp.add_boolean_prefix("lang", new LowercaseFilter(std::string(schema::kLanguage)));
    qp.add_boolean_prefix("type", new LowercaseFilter(std::string(schema::kType)));
    qp.add_boolean_prefix("site", new LowercaseFilter(std::string(schema::kHost)));
    qp.add_boolean_prefix("path", new PathFilter);
    qp.add_boolean_prefix("source", std::string(schema::kSource));
    qp.add_boolean_prefix("ocr", new LowercaseFilter(std::string(schema::kOcr)));
    qp.add_boolean_prefix("id", std::string(schema::kId));
    qp.add_boolean_prefix("url", std::string(schema::kUrl));
    qp.add_prefix("title", std::string(schema::kTitle));
    for (const char* f : {"imo", "unscr", "mmsi", "hs", "callsign", "entity"})
      qp.add_boolean_prefix(f, new EntityIdFilter(f));
    for (const char* t : {"vessel", "org", "person", "place"})
      qp.add_boolean_prefix(t, new EntityNameFilter(t, &resolver));
    qp.add_rangeprocessor(new Xapian::DateRangeProcessor(schema::kValueDate, "date:"));
  }

  // Runs fn, reopening once if a writer's commits outran this snapshot.
  template <typename Fn>
  auto with_retry(Fn&& fn) {
    try {
      return fn();
    } catch (const Xapian::DatabaseModifiedError&) {
      db.reopen();
      return fn();
    }
  }
};

IndexReader::IndexReader(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
IndexReader::~IndexReader() = default;

Result<std::unique_ptr<IndexReader>> IndexReader::open(const std::string& dir) {
  auto impl = std::make_unique<Impl>();
  impl->dir = dir;
  fs::path stub = impl->dir / kStubName;
  if (!fs::exists(stub))
    return make_error(ErrorCode::kNotFound, "no index in " + dir + " (run trawl ingest first)");
  try {
    impl->db = Xapian::Database(stub.string());
    impl->shards = static_cast<int>(read_stub(stub).size());
    impl->setup_parser();
  } catch (const Xapian::Error& e) {
    return fatal("cannot open index " + dir, e);
  }
  return std::unique_ptr<IndexReader>(new IndexReader(std::move(impl)));
}

void IndexReader::refresh() {
  try {
    impl_->db.reopen();
  } catch (const Xapian::Error&) {
    // keep the old snapshot; the next call will report a persistent failure
  }
}

Result<SearchResults> IndexReader::search(const SearchRequest& req) {
  SearchResults results;
  results.query = req.query;
  try {
    return impl_->with_retry([&]() -> Result<SearchResults> {
      Xapian::Database& db = impl_->db;
      std::string qtext = prepare_query_text(req.query);
      Xapian::Query query;
      try {
        unsigned flags = Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_CJK_NGRAM |
                         Xapian::QueryParser::FLAG_PURE_NOT | Xapian::QueryParser::FLAG_WILDCARD;
        impl_->resolver = req.resolve_name;
        query = impl_->qp.parse_query(qtext, flags);
        // names of listed entities in the free text: also the documents that name the
        // entity in another script (their entity terms), with the rest of the query
        if (!req.expansions.empty()) {
          std::string rest = req.query;
          std::vector<Xapian::Query> entity_parts;
          for (const QueryEntity& qe : req.expansions) {
            if (qe.ids.empty()) continue;
            std::vector<Xapian::Query> ids;
            for (const std::string& id : qe.ids) ids.emplace_back(bounded_term(schema::kEntity, id));
            entity_parts.emplace_back(Xapian::Query::OP_OR, ids.begin(), ids.end());
            if (auto at = rest.find(qe.text); at != std::string::npos) rest.replace(at, qe.text.size(), " ");
          }
          if (!entity_parts.empty()) {
            Xapian::Query entities(Xapian::Query::OP_AND, entity_parts.begin(), entity_parts.end());
            if (!one_line(rest).empty()) {
              Xapian::Query others = impl_->qp.parse_query(prepare_query_text(rest), flags);
              if (!others.empty()) entities = Xapian::Query(Xapian::Query::OP_AND, entities, others);
            }
            query = query.empty() ? entities : Xapian::Query(Xapian::Query::OP_OR, query, entities);
          }
        }
        impl_->resolver = nullptr;
      } catch (const Xapian::QueryParserError& e) {
        impl_->resolver = nullptr;
        return make_error(ErrorCode::kCorrupt, "cannot parse query '" + req.query + "': " + e.get_msg());
      }
      if (query.empty()) query = Xapian::Query::MatchAll;
      Xapian::Enquire enquire(db);
      enquire.set_query(query);

      struct Facet {
        const char* name;
        unsigned slot;
        std::unique_ptr<Xapian::ValueCountMatchSpy> spy;
      };
      std::vector<Facet> facets;
      if (req.facets) {
        for (auto [name, slot] : {std::pair{"lang", schema::kValueLanguage},
                                  {"type", schema::kValueType},
                                  {"source", schema::kValueSource},
                                  {"site", schema::kValueHost}}) {
          facets.push_back({name, slot, std::make_unique<Xapian::ValueCountMatchSpy>(slot)});
          enquire.add_matchspy(facets.back().spy.get());
        }
      }
      // Facet counts and the total are exact up to this many matches.
      const Xapian::doccount check_at_least = std::min<Xapian::doccount>(db.get_doccount(), 100000);
      Xapian::MSet mset = enquire.get_mset(std::max(0, req.offset), std::max(0, req.limit), check_at_least);
      results.total = mset.get_matches_estimated();
      Xapian::Stem stem = script_stemmer();
      for (Xapian::MSetIterator it = mset.begin(); it != mset.end(); ++it) {
        Document d = document_from_data(it.get_document().get_data());
        SearchHit hit;
        hit.id = d.id;
        hit.title = d.title;
        for (const Location& l : d.locations) hit.locations.push_back(l.uri);
        hit.location = d.primary_location();
        hit.lang = d.language;
        hit.mime = d.mime;
        hit.date = d.date;
        hit.score = it.get_weight();
        std::string text = normalize_for_index(utf8_prefix(d.text, 256 * 1024));
        for (char& c : text)
          if (c == '\f') c = '\n';
        hit.snippet = tidy_marks(mset.snippet(text, req.snippet_bytes, stem,
                                              Xapian::MSet::SNIPPET_BACKGROUND_MODEL |
                                                  Xapian::MSet::SNIPPET_EXHAUSTIVE |
                                                  Xapian::MSet::SNIPPET_CJK_NGRAM,
                                              "<b>", "</b>", "…"));
        results.hits.push_back(std::move(hit));
      }
      for (Facet& f : facets) {
        auto& counts = results.facets[f.name];
        for (Xapian::TermIterator t = f.spy->values_begin(); t != f.spy->values_end(); ++t)
          counts[*t] = t.get_termfreq();
      }
      if (req.facets) {
        // entities: multi-valued, so counted from the entity terms of the best matches
        // (the first kEntityFacetDocs) rather than a value slot
        constexpr Xapian::doccount kEntityFacetDocs = 1000;
        Xapian::MSet top = enquire.get_mset(0, kEntityFacetDocs);
        std::map<std::string, uint64_t> counts;
        const std::string prefix(schema::kEntity);
        for (Xapian::MSetIterator it = top.begin(); it != top.end(); ++it) {
          Xapian::Document xd = it.get_document();
          for (Xapian::TermIterator t = xd.termlist_begin(); t != xd.termlist_end(); ++t) {
            t.skip_to(prefix);
            if (t == xd.termlist_end()) break;
            const std::string term = *t;
            if (term.compare(0, prefix.size(), prefix) != 0) break;
            ++counts[term.substr(prefix.size())];
          }
        }
        // the 50 most frequent
        std::vector<std::pair<uint64_t, std::string>> ranked;
        for (auto& [id, n] : counts) ranked.emplace_back(n, id);
        std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
          return a.first != b.first ? a.first > b.first : a.second < b.second;
        });
        auto& facet = results.facets["entity"];
        for (size_t i = 0; i < ranked.size() && i < 50; ++i) facet[ranked[i].second] = ranked[i].first;
      }
      return results;
    });
  } catch (const Xapian::Error& e) {
    return fatal("search failed", e);
  }
}

Result<StoredDocument> IndexReader::get(const std::string& id_or_prefix) {
  try {
    return impl_->with_retry([&]() -> Result<StoredDocument> {
      Xapian::Database& db = impl_->db;
      std::string prefix = std::string(schema::kId) + ascii_lower(id_or_prefix);
      std::string term;
      if (id_or_prefix.size() >= 64) {
        term = prefix;
      } else {
        if (id_or_prefix.size() < 6)
          return make_error(ErrorCode::kUnsupported, "id prefix '" + id_or_prefix + "' is too short (6 characters at least)");
        int n = 0;
        for (Xapian::TermIterator t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) {
          term = *t;
          if (++n > 1)
            return make_error(ErrorCode::kUnsupported, "id prefix '" + id_or_prefix + "' is ambiguous");
        }
      }
      Xapian::PostingIterator pl = db.postlist_begin(term);
      if (term.empty() || pl == db.postlist_end(term))
        return make_error(ErrorCode::kNotFound, "no document with id " + id_or_prefix);
      StoredDocument s;
      s.doc = document_from_data(db.get_document(*pl).get_data());
      return s;
    });
  } catch (const Xapian::Error& e) {
    return fatal("cannot read document " + id_or_prefix, e);
  }
}

std::vector<std::string> IndexReader::locations_of(const std::string& id) {
  std::vector<std::string> out;
  try {
    impl_->with_retry([&] {
      out.clear();
      Xapian::Database& db = impl_->db;
      const std::string qterm = std::string(schema::kId) + id;
      Xapian::PostingIterator pl = db.postlist_begin(qterm);
      if (pl == db.postlist_end(qterm)) return 0;
      // The U terms hold the locations; reading them avoids parsing the stored text.
      const std::string u(schema::kUrl);
      Xapian::TermIterator t = db.termlist_begin(*pl);
      for (t.skip_to(u); t != db.termlist_end(*pl) && (*t).starts_with(u); ++t)
        out.push_back((*t).substr(u.size()));
      return 0;
    });
  } catch (const Xapian::Error&) {
    out.clear();  // unknown: the caller will extract and let the writer decide
  }
  return out;
}

IndexStats IndexReader::stats() {
  IndexStats s;
  s.shards = impl_->shards;
  impl_->with_retry([&] {
    Xapian::Database& db = impl_->db;
    s.documents = db.get_doccount();
    auto count = [&](std::string_view prefix, std::map<std::string, uint64_t>& out, bool short_only) {
      out.clear();
      std::string p(prefix);
      for (Xapian::TermIterator t = db.allterms_begin(p); t != db.allterms_end(p); ++t) {
        std::string v = (*t).substr(p.size());
        if (short_only && v.find('/') != std::string::npos) continue;
        out[v] = t.get_termfreq();
      }
    };
    count(schema::kLanguage, s.by_language, false);
    count(schema::kType, s.by_type, true);
    count(schema::kSource, s.by_source, false);
    return 0;
  });
  return s;
}

}  // namespace trawl
