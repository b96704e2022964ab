#include "entities/lists.h"

#include <libxml/xmlreader.h>
#include <toml++/toml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "config/layout.h"
#include "core/text.h"
#include "entities/patterns.h"
#include "entities/places.h"

namespace fs = std::filesystem;

namespace trawl {

namespace {

struct XmlError {
  int line = 0;
  std::string message;
};

void on_xml_error(void* arg, xmlErrorPtr error) {
  auto* e = static_cast<XmlError*>(arg);
  if (e->line || !error) return;  // keep the first
  e->line = error->line;
  e->message = one_line(error->message ? error->message : "malformed XML");
}

// "International Maritime Organization (IMO) Number: 1790183" in an entity's comment:
// the company's IMO number (checked with the company check digit).
std::string imo_in_comment(std::string_view comment) {
  for (size_t at = comment.find("IMO"); at != std::string_view::npos;
       at = comment.find("IMO", at + 3)) {
    size_t p = at + 3;
    while (p < comment.size() && p < at + 24 &&
           !std::isdigit(static_cast<unsigned char>(comment[p])))
      ++p;
    size_t e = p;
    while (e < comment.size() && std::isdigit(static_cast<unsigned char>(comment[e]))) ++e;
    if (e - p == 7 && imo_company_check(comment.substr(p, 7)))
      return std::string(comment.substr(p, 7));
  }
  return {};
}

std::string join_name(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& p : parts) {
    std::string_view t = trim(p);
    if (t.empty()) continue;
    if (!out.empty()) out += ' ';
    out += t;
  }
  return out;
}

}  // namespace

Result<std::vector<ListEntry>> parse_un_list(const std::string& path, const std::string& name) {
  xmlTextReaderPtr reader =
      xmlReaderForFile(path.c_str(), nullptr, XML_PARSE_NONET | XML_PARSE_NOWARNING);
  if (!reader) return make_error(ErrorCode::kIo, path + ": cannot open");
  XmlError error;
  xmlTextReaderSetStructuredErrorHandler(reader, on_xml_error, &error);
  std::vector<ListEntry> out;
  std::string root;
  // the record being read
  bool in_record = false, in_alias = false;
  std::string record_type, element, alias_quality, alias_name;
  std::vector<std::string> name_parts(4);
  ListEntry current;
  std::string text;
  int rc;
  while ((rc = xmlTextReaderRead(reader)) == 1) {
    const int type = xmlTextReaderNodeType(reader);
    const char* local = reinterpret_cast<const char*>(xmlTextReaderConstLocalName(reader));
    std::string tag = local ? local : "";
    if (type == XML_READER_TYPE_ELEMENT) {
      if (root.empty()) root = tag;
      if (tag == "INDIVIDUAL" || tag == "ENTITY") {
        in_record = true;
        record_type = tag;
        current = ListEntry{};
        current.type = tag == "INDIVIDUAL" ? "person" : "org";
        current.list = name;
        std::fill(name_parts.begin(), name_parts.end(), std::string());
      } else if (tag == "INDIVIDUAL_ALIAS" || tag == "ENTITY_ALIAS") {
        in_alias = true;
        alias_quality.clear();
        alias_name.clear();
      }
      element = tag;
      text.clear();
      if (xmlTextReaderIsEmptyElement(reader)) element.clear();
    } else if (type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA) {
      const char* v = reinterpret_cast<const char*>(xmlTextReaderConstValue(reader));
      if (v) text += v;
    } else if (type == XML_READER_TYPE_END_ELEMENT) {
      if (in_record && !in_alias) {
        if (tag == "FIRST_NAME")
          name_parts[0] = text;
        else if (tag == "SECOND_NAME")
          name_parts[1] = text;
        else if (tag == "THIRD_NAME")
          name_parts[2] = text;
        else if (tag == "FOURTH_NAME")
          name_parts[3] = text;
        else if (tag == "REFERENCE_NUMBER")
          current.id = std::string(trim(text));
        else if (tag == "NAME_ORIGINAL_SCRIPT" && !trim(text).empty())
          current.aliases.emplace_back(trim(text));
        else if (tag == "LISTED_ON")
          current.detail = "listed " + std::string(trim(text));
        else if (tag == "COMMENTS1" && record_type == "ENTITY")
          current.imo = imo_in_comment(text);
      }
      if (in_alias) {
        if (tag == "QUALITY")
          alias_quality = std::string(trim(text));
        else if (tag == "ALIAS_NAME")
          alias_name = std::string(trim(text));
        else if (tag == "INDIVIDUAL_ALIAS" || tag == "ENTITY_ALIAS") {
          in_alias = false;
          // "Low" quality aliases of individuals are nicknames and fragments
          if (!alias_name.empty() && alias_quality != "Low") current.aliases.push_back(alias_name);
        }
      }
      if (tag == record_type && in_record) {
        in_record = false;
        current.name = join_name(name_parts);
        if (current.id.empty() || current.name.empty()) {
          const int at = xmlTextReaderGetParserLineNumber(reader);
          xmlFreeTextReader(reader);
          return make_error(ErrorCode::kCorrupt, path + ":" + std::to_string(at) +
                                                     ": a record without REFERENCE_NUMBER or name");
        }
        current.detail = current.id + (current.detail.empty() ? "" : ", " + current.detail);
        current.id = "list:" + name + ":" + current.id;
        out.push_back(std::move(current));
      }
      text.clear();
    }
  }
  const int line = xmlTextReaderGetParserLineNumber(reader);
  xmlFreeTextReader(reader);
  if (rc != 0 || error.line) {
    return make_error(ErrorCode::kCorrupt,
                      path + ":" + std::to_string(error.line ? error.line : line) + ": " +
                          (error.message.empty() ? "malformed XML" : error.message));
  }
  if (root != "CONSOLIDATED_LIST")
    return make_error(ErrorCode::kUnsupported, path +
                                                   ": not a UN consolidated list (root element '" +
                                                   root + "', expected CONSOLIDATED_LIST)");
  if (out.empty())
    return make_error(ErrorCode::kEmpty, path + ": the list has no INDIVIDUAL or ENTITY records");
  return out;
}

namespace {

const std::set<std::string>& entry_types() {
  static const std::set<std::string> kTypes = {"person", "org", "vessel", "place"};
  return kTypes;
}

// RFC 4180 records; `line` of each record's start.
bool read_csv(std::string_view data, std::vector<std::pair<int, std::vector<std::string>>>& rows,
              int* bad_line) {
  size_t i = 0;
  int line = 1;
  if (data.substr(0, 3) == "\xEF\xBB\xBF") i = 3;
  while (i < data.size()) {
    std::vector<std::string> fields(1);
    const int start_line = line;
    bool quoted = false, was_quoted = false;
    for (; i < data.size(); ++i) {
      char c = data[i];
      if (quoted) {
        if (c == '"') {
          if (i + 1 < data.size() && data[i + 1] == '"') {
            fields.back() += '"';
            ++i;
          } else {
            quoted = false;
          }
        } else {
          if (c == '\n') ++line;
          fields.back() += c;
        }
        continue;
      }
      if (c == '"' && fields.back().empty() && !was_quoted) {
        quoted = was_quoted = true;
      } else if (c == ',') {
        fields.emplace_back();
        was_quoted = false;
      } else if (c == '\n') {
        ++line;
        ++i;
        break;
      } else if (c != '\r') {
        fields.back() += c;
      }
    }
    if (quoted) {
      *bad_line = start_line;
      return false;
    }
    if (fields.size() == 1 && trim(fields[0]).empty()) continue;
    rows.emplace_back(start_line, std::move(fields));
  }
  return true;
}

std::vector<std::string> split_aliases(std::string_view s) {
  std::vector<std::string> out;
  size_t p = 0;
  while (p <= s.size()) {
    size_t e = s.find('|', p);
    if (e == std::string_view::npos) e = s.size();
    std::string_view a = trim(s.substr(p, e - p));
    if (!a.empty()) out.emplace_back(a);
    p = e + 1;
  }
  return out;
}

}  // namespace

Result<std::vector<ListEntry>> parse_watchlist(const std::string& path, const std::string& name) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return make_error(ErrorCode::kIo, path + ": cannot open");
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string data = buffer.str();
  std::vector<ListEntry> out;
  std::map<std::string, int> seen;  // id -> line
  auto check = [&](ListEntry& e, int line) -> std::optional<Error> {
    auto where = path + ":" + std::to_string(line) + ": ";
    if (e.id.empty()) return Error{ErrorCode::kCorrupt, where + "an entry without an id"};
    if (e.name.empty())
      return Error{ErrorCode::kCorrupt, where + "entry '" + e.id + "' has no name"};
    if (!entry_types().count(e.type))
      return Error{ErrorCode::kCorrupt, where + "entry '" + e.id + "' has type '" + e.type +
                                            "' (expected person, org, vessel or place)"};
    auto [it, fresh] = seen.emplace(e.id, line);
    if (!fresh)
      return Error{ErrorCode::kCorrupt, where + "duplicate id '" + e.id + "' (first on line " +
                                            std::to_string(it->second) + ")"};
    e.list = name;
    e.detail = e.id;
    e.id = "list:" + name + ":" + e.id;
    return std::nullopt;
  };
  const std::string ext = ascii_lower(fs::path(path).extension().string());
  if (ext == ".toml") {
    toml::table table;
    try {
      table = toml::parse(data, path);
    } catch (const toml::parse_error& err) {
      return make_error(ErrorCode::kCorrupt, path + ":" + std::to_string(err.source().begin.line) +
                                                 ": " + one_line(err.description()));
    }
    const toml::array* entities = table["entity"].as_array();
    if (!entities) return make_error(ErrorCode::kEmpty, path + ": no [[entity]] tables");
    for (const toml::node& node : *entities) {
      const toml::table* t = node.as_table();
      const int line = static_cast<int>(node.source().begin.line);
      if (!t)
        return make_error(ErrorCode::kCorrupt,
                          path + ":" + std::to_string(line) + ": [[entity]] is not a table");
      ListEntry e;
      e.id = (*t)["id"].value_or(std::string());
      e.type = (*t)["type"].value_or(std::string());
      e.name = (*t)["name"].value_or(std::string());
      e.imo = (*t)["imo"].value_or(std::string());
      if (const toml::array* aliases = (*t)["aliases"].as_array())
        for (const toml::node& a : *aliases)
          if (auto s = a.value<std::string>()) e.aliases.push_back(*s);
      if (auto err = check(e, line)) return *err;
      out.push_back(std::move(e));
    }
  } else {
    std::vector<std::pair<int, std::vector<std::string>>> rows;
    int bad_line = 0;
    if (!read_csv(data, rows, &bad_line))
      return make_error(ErrorCode::kCorrupt,
                        path + ":" + std::to_string(bad_line) + ": unterminated quoted field");
    if (rows.empty()) return make_error(ErrorCode::kEmpty, path + ": empty watchlist");
    std::map<std::string, size_t> column;
    for (size_t i = 0; i < rows[0].second.size(); ++i)
      column[ascii_lower(trim(rows[0].second[i]))] = i;
    for (const char* required : {"id", "type", "name"})
      if (!column.count(required))
        return make_error(ErrorCode::kCorrupt, path + ":1: the header has no '" +
                                                   std::string(required) +
                                                   "' column (expected id,type,name,aliases,imo)");
    auto field = [&](const std::vector<std::string>& row, const char* col) -> std::string {
      auto it = column.find(col);
      if (it == column.end() || it->second >= row.size()) return {};
      return std::string(trim(row[it->second]));
    };
    for (size_t r = 1; r < rows.size(); ++r) {
      const auto& [line, row] = rows[r];
      ListEntry e;
      e.id = field(row, "id");
      e.type = ascii_lower(field(row, "type"));
      e.name = field(row, "name");
      e.aliases = split_aliases(field(row, "aliases"));
      e.imo = field(row, "imo");
      if (auto err = check(e, line)) return *err;
      out.push_back(std::move(e));
    }
  }
  if (out.empty()) return make_error(ErrorCode::kEmpty, path + ": the watchlist has no entries");
  return out;
}

namespace {

bool looks_like_xml(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char head[256] = {};
  in.read(head, sizeof head - 1);
  std::string_view h(head, static_cast<size_t>(in.gcount()));
  if (h.substr(0, 3) == "\xEF\xBB\xBF") h.remove_prefix(3);
  h = trim(h);
  return !h.empty() && h[0] == '<';
}

bool valid_list_name(const std::string& name) {
  if (name.empty() || name.size() > 64) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_';
  });
}

}  // namespace

namespace {

// The stored extension of a list file: ".xml" for the UN list (recognised by
// its content, whatever its name), ".csv" or ".toml" for a watchlist.
Result<std::string> list_format(const std::string& path) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec))
    return make_error(ErrorCode::kNotFound, path + ": no such file");
  if (looks_like_xml(path)) return std::string(".xml");
  const std::string ext = ascii_lower(fs::path(path).extension().string());
  if (ext == ".csv" || ext == ".toml") return ext;
  return make_error(
      ErrorCode::kUnsupported,
      path + ": unknown list format (expected the UN XML, a .csv or a .toml watchlist)");
}

Result<std::vector<ListEntry>> parse_list(const std::string& path, const std::string& format,
                                          const std::string& name) {
  return format == ".xml" ? parse_un_list(path, name) : parse_watchlist(path, name);
}

}  // namespace

Result<std::vector<ListEntry>> parse_list_file(const std::string& path, const std::string& name) {
  auto format = list_format(path);
  if (!format) return format.error();
  return parse_list(path, *format, name);
}

Result<size_t> import_list(const std::string& data_dir, const std::string& file,
                           const std::string& name) {
  if (!valid_list_name(name))
    return make_error(ErrorCode::kUnsupported,
                      "list name '" + name + "' must be 1-64 letters, digits, '-' or '_'");
  auto format = list_format(file);
  if (!format) return format.error();
  const std::string& ext = *format;
  auto parsed = parse_list(file, ext, name);
  if (!parsed) return parsed.error();
  const fs::path dir = DataLayout(data_dir).lists();
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return make_error(ErrorCode::kIo, dir.string() + ": " + ec.message());
  const fs::path tmp = dir / ("." + name + ext + ".tmp");
  const fs::path target = dir / (name + ext);
  fs::copy_file(file, tmp, fs::copy_options::overwrite_existing, ec);
  if (ec) return make_error(ErrorCode::kIo, tmp.string() + ": " + ec.message());
  fs::rename(tmp, target, ec);
  if (ec) {
    fs::remove(tmp, ec);
    return make_error(ErrorCode::kIo, target.string() + ": cannot store the list");
  }
  // the same name in another format is replaced by this one
  for (const char* other : {".xml", ".csv", ".toml"})
    if (other != ext) fs::remove(dir / (name + other), ec);
  return parsed->size();
}

std::shared_ptr<const Gazetteer> load_gazetteer(const std::string& data_dir,
                                                std::vector<std::string>* warnings,
                                                std::vector<StoredList>* lists) {
  auto g = std::make_shared<Gazetteer>();
  for (const PlaceRecord& p : builtin_places()) {
    ListEntry e;
    e.id = p.id;
    e.type = "place";
    e.list = "places";
    e.detail = p.kind + (p.country.empty() ? "" : ", " + p.country);
    if (p.names.empty()) continue;
    e.name = p.names.front();
    e.aliases.assign(p.names.begin() + 1, p.names.end());
    g->add(std::move(e));
  }
  const fs::path dir = DataLayout(data_dir).lists();
  std::error_code ec;
  std::vector<fs::path> files;
  if (fs::is_directory(dir, ec))
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
      const std::string fname = entry.path().filename().string();
      if (!fname.empty() && fname[0] != '.' && entry.is_regular_file(ec))
        files.push_back(entry.path());
    }
  std::sort(files.begin(), files.end());
  for (const fs::path& f : files) {
    const std::string name = f.stem().string();
    auto parsed = parse_list_file(f.string(), name);
    if (!parsed) {
      if (warnings) warnings->push_back("list '" + name + "' left out: " + parsed.error().message);
      continue;
    }
    if (lists) lists->push_back({name, f.string(), parsed->size()});
    for (ListEntry& e : *parsed) g->add(std::move(e));
  }
  return g;
}

}  // namespace trawl
