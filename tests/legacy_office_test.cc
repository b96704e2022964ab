// Legacy .doc, .xls and .ppt through catdoc, xls2csv and catppt (extractors/office_legacy.cc)
// on the corpus's real files, a file that only claims to be a .doc, a converter over its
// time limit, a missing converter, and no temporary file left behind.
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "config/config.h"
#include "extractors/extractor.h"
#include "support.h"

using namespace trawl;
using trawl::test::corpus_file;
using trawl::test::read_bytes;
using trawl::test::TempDir;

namespace {

// Sets an environment variable for one scope.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const std::string& value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    ::setenv(name, value.c_str(), 1);
  }
  ~ScopedEnv() {
    if (old_)
      ::setenv(name_, old_->c_str(), 1);
    else
      ::unsetenv(name_);
  }

 private:
  const char* name_;
  std::optional<std::string> old_;
};

// Tika's test-documents archive, unpacked once per test into `dir`.
std::string tika_document(const TempDir& dir, const std::string& name) {
  auto tgz = corpus_file("archives/tgz_test-documents_tika.tgz");
  REQUIRE(tgz);
  std::string cmd = "tar xzf '" + *tgz + "' -C '" + dir.str() + "' test-documents/" + name;
  REQUIRE(std::system(cmd.c_str()) == 0);
  return read_bytes(dir.str() + "/test-documents/" + name);
}

Result<Extracted> legacy(const std::string& bytes, const std::string& mime,
                         const OfficeOptions& options = {}) {
  return make_legacy_office_extractor(options)->extract(Blob{bytes, mime, "x", {}});
}

size_t files_in(const std::string& dir) {
  size_t n = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir)) ++n;
  return n;
}

}  // namespace

TEST_CASE("Legacy Word 97 document gives its text through catdoc") {
  TempDir dir;
  Result<Extracted> r = legacy(tika_document(dir, "testWORD.doc"), "application/msword");
  REQUIRE(r);
  CHECK(r->text == "Sample Word Document\nThis is a sample Microsoft Word Document.");
  CHECK(r->warnings.empty());
}

TEST_CASE("Legacy Word 6 document gives its text (antiword cannot read it)") {
  auto path = corpus_file("office/en_legacy_word6_tika.doc");
  REQUIRE(path);
  Result<Extracted> r = legacy(read_bytes(*path), "application/msword");
  REQUIRE(r);
  CHECK(r->text == "The quick brown fox jumps over the lazy dog");
}

TEST_CASE("Legacy Word 97 documents in Korean and Russian give their text, fields as results") {
  // tests/fixtures/legacy: LibreOffice's .doc of make-office-fixtures.py's reports
  // (scripts/make-legacy-fixtures.sh)
  Result<Extracted> ko = legacy(read_bytes(trawl::test::fixtures_dir() + "/legacy/ko_report.doc"),
                                "application/msword");
  REQUIRE(ko);
  CHECK(ko->text.starts_with("서해 선박 간 환적 동향\n2024년 2월 14일 시에라리온 선적의 유조선"));
  // catdoc loses this paragraph; antiword keeps it
  CHECK(ko->text.find("\n이튿날 아침 촬영된 위성사진에는 SEA GLORY 7호가 북한 유조선 천마산호(IMO "
                      "8705539)에 나란히 붙어 정제유를 옮겨 싣는 장면이 담겼다.\n") !=
        std::string::npos);
  CHECK(ko->text.find("선박명\tIMO 번호\t선적국\nSEA GLORY 7호\tIMO 9123453\t시에라리온\n") !=
        std::string::npos);
  // a hyperlink field gives its result, not its instruction
  CHECK(ko->text.find("이전의 환적 사례는 전문가패널 보고서 S/2024/215에 자세히 나와 있다.") !=
        std::string::npos);
  CHECK(ko->text.find("HYPERLINK") == std::string::npos);
  CHECK(ko->text.find("[?]") == std::string::npos);
  CHECK(ko->text.find("AIS: 총톤수 300톤 이상의 선박이") != std::string::npos);  // the footnote

  Result<Extracted> ru = legacy(read_bytes(trawl::test::fixtures_dir() + "/legacy/ru_report.doc"),
                                "application/msword");
  REQUIRE(ru);
  CHECK(ru->text.starts_with(
      "Перегрузки с судна на судно в Жёлтом море\n14 февраля 2024 года танкер"));
  CHECK(ru->text.find("Судно\tНомер ИМО\tФлаг\n") != std::string::npos);
  CHECK(ru->text.find("«Оушен Брайт Трейдинг»") != std::string::npos);
}

TEST_CASE("Legacy Excel workbook in Russian gives its cells") {
  Result<Extracted> ru = legacy(read_bytes(trawl::test::fixtures_dir() + "/legacy/ru_cargo.xls"),
                                "application/vnd.ms-excel");
  REQUIRE(ru);
  CHECK(ru->text.starts_with("Дата\tСудно\tВторое судно\tГруз\tБаррели\n"));
  CHECK(ru->text.find("\tНью Риджент\tЧхонмасан\tмазут\t8500\n") != std::string::npos);
  CHECK(ru->text.find("Всего баррелей\t\t\t\t20500") != std::string::npos);
}

TEST_CASE("Legacy Excel workbook in Korean gives at least its first cells") {
  // xls2csv 0.95 reads the first header cells of LibreOffice's Korean workbook and loses
  // the rest (a known limit of catdoc's SST reader, see the report in office_legacy.cc)
  Result<Extracted> ko = legacy(read_bytes(trawl::test::fixtures_dir() + "/legacy/ko_cargo.xls"),
                                "application/vnd.ms-excel");
  REQUIRE(ko);
  CHECK(ko->text.starts_with("날짜\t선박\t"));
}

TEST_CASE("Legacy Excel workbook gives rows of tab-separated cells") {
  TempDir dir;
  Result<Extracted> r = legacy(tika_document(dir, "testEXCEL.xls"), "application/vnd.ms-excel");
  REQUIRE(r);
  const std::string& t = r->text;
  CHECK(t.starts_with(
      "Sample Excel Worksheet - Numbers and their Squares\n\tNumber\tSquare\n\t1\t1\n"));
  CHECK(t.find("\t9\t81\n") != std::string::npos);
  CHECK(t.find('"') == std::string::npos);  // CSV quoting undone
  CHECK(t.find(",,") == std::string::npos);
  CHECK(t.find('\f') == std::string::npos);
}

TEST_CASE("Legacy PowerPoint presentation gives its slides' text") {
  TempDir dir;
  Result<Extracted> r = legacy(tika_document(dir, "testPPT.ppt"), "application/vnd.ms-powerpoint");
  REQUIRE(r);
  CHECK(r->text.starts_with("Sample Powerpoint Slide\nCreated with Microsoft"));
  CHECK(r->text.find("Powerpoint X for Mac") != std::string::npos);
  CHECK(r->text.find('\f') == std::string::npos);
}

TEST_CASE("Legacy converter is chosen by the streams a compound file holds, not its label") {
  TempDir dir;
  // a Word file labelled as a generic OLE file or as Excel is still read by catdoc
  std::string doc = tika_document(dir, "testWORD.doc");
  Result<Extracted> r = legacy(doc, "application/vnd.ms-excel");
  REQUIRE(r);
  CHECK(r->text.starts_with("Sample Word Document"));
}

TEST_CASE("Legacy reader refuses garbage that claims to be a .doc with a one-line reason") {
  std::string garbage;
  for (int i = 0; i < 5000; ++i) garbage += static_cast<char>((i * 7919) % 251);
  for (const char* mime :
       {"application/msword", "application/vnd.ms-excel", "application/vnd.ms-powerpoint"}) {
    Result<Extracted> r = legacy(garbage, mime);
    REQUIRE(!r);
    CHECK(r.error().code == ErrorCode::kCorrupt);
    CHECK(r.error().message.find("not an OLE compound file") != std::string::npos);
    CHECK(r.error().message.find('\n') == std::string::npos);
  }
  // an OLE signature over garbage: catdoc finds nothing
  std::string fake = std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + garbage;
  Result<Extracted> f = legacy(fake, "application/msword");
  REQUIRE(!f);
  CHECK(f.error().code == ErrorCode::kCorrupt);
  CHECK(f.error().message.starts_with("catdoc"));
  CHECK(f.error().message.find('\n') == std::string::npos);
}

TEST_CASE("Legacy converter over its time limit is killed and reported as a timeout") {
  TempDir dir, tmp;
  ScopedEnv env("TMPDIR", tmp.str());
  // testWORD.doc followed by 64 MB: antiword cannot be done in a millisecond
  std::string big = tika_document(dir, "testWORD.doc");
  big.resize(big.size() + (64u << 20), '\0');
  OfficeOptions quick;
  quick.time_limit_seconds = 0.001;
  auto start = std::chrono::steady_clock::now();
  Result<Extracted> r = legacy(big, "application/msword", quick);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  REQUIRE(!r);
  CHECK(r.error().code == ErrorCode::kTimeout);
  CHECK(r.error().message == "antiword did not finish in 0.001 s");
  CHECK(seconds < 5);
  CHECK(files_in(tmp.str()) == 0);
}

// A stand-in for catdoc in PATH, to make it hang or fail.
std::string fake_tool(const TempDir& dir, const std::string& script) {
  std::string path = dir.write("catdoc", "#!/bin/sh\n" + script + "\n");
  std::filesystem::permissions(path, std::filesystem::perms::owner_all);
  return dir.str();
}

TEST_CASE("Legacy converter that hangs is killed at the deadline") {
  TempDir dir, bin;
  std::string doc = tika_document(dir, "testWORD.doc");
  ScopedEnv env("PATH", fake_tool(bin, "exec /bin/sleep 30"));
  OfficeOptions quick;
  quick.time_limit_seconds = 0.3;
  auto start = std::chrono::steady_clock::now();
  Result<Extracted> r = legacy(doc, "application/msword", quick);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  REQUIRE(!r);
  CHECK(r.error().code == ErrorCode::kTimeout);
  CHECK(r.error().message == "catdoc did not finish in 0.3 s");
  CHECK(seconds >= 0.3);
  CHECK(seconds < 2);
}

TEST_CASE("Legacy converter failing gives its first stderr line") {
  TempDir dir, bin;
  std::string doc = tika_document(dir, "testWORD.doc");
  ScopedEnv env("PATH", fake_tool(bin,
                                  "echo 'partial text'; echo 'bad FIB record' >&2; "
                                  "echo 'second line' >&2; exit 3"));
  Result<Extracted> r = legacy(doc, "application/msword");
  REQUIRE(!r);
  CHECK(r.error().code == ErrorCode::kCorrupt);
  CHECK(r.error().message == "catdoc: bad FIB record");
}

TEST_CASE("Legacy Word document encrypted with a password is reported as encrypted") {
  TempDir dir, bin;
  std::string doc = tika_document(dir, "testWORD.doc");
  // antiword's words for it, then catdoc's
  std::string antiword = bin.write("antiword",
                                   "#!/bin/sh\necho 'Encrypted documents are not supported' >&2\n"
                                   "exit 1\n");
  std::filesystem::permissions(antiword, std::filesystem::perms::owner_all);
  ScopedEnv env("PATH", bin.str());
  Result<Extracted> r = legacy(doc, "application/msword");
  REQUIRE(!r);
  CHECK(r.error().code == ErrorCode::kEncrypted);
  std::filesystem::remove(antiword);
  fake_tool(bin, "echo '[File is encrypted. Encryption key = 0000abcd]'; echo 'x#@!'");
  Result<Extracted> c = legacy(doc, "application/msword");
  REQUIRE(!c);
  CHECK(c.error().code == ErrorCode::kEncrypted);
  CHECK(c.error().message == "the document is encrypted with a password");
}

TEST_CASE("Legacy reader leaves no temporary file behind") {
  TempDir dir, tmp;
  ScopedEnv env("TMPDIR", tmp.str());
  std::string doc = tika_document(dir, "testWORD.doc");
  REQUIRE(legacy(doc, "application/msword"));
  REQUIRE(!legacy(std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 junk", 13), "application/msword"));
  CHECK(files_in(tmp.str()) == 0);
}

TEST_CASE("Legacy reader without catdoc installed says which package to install") {
  TempDir dir, empty;
  std::string doc = tika_document(dir, "testWORD.doc");
  ScopedEnv env("PATH", empty.str());
  Result<Extracted> r = legacy(doc, "application/msword");
  REQUIRE(!r);
  CHECK(r.error().code == ErrorCode::kUnsupported);
  CHECK(r.error().message == "catdoc is not installed (Debian package catdoc)");
}

TEST_CASE("Legacy text is cut at max_text_bytes with a warning") {
  TempDir dir;
  OfficeOptions small;
  small.max_text_bytes = 10;
  Result<Extracted> r = legacy(tika_document(dir, "testWORD.doc"), "application/msword", small);
  REQUIRE(r);
  CHECK(r->text == "Sample Wor");
  REQUIRE(r->warnings.size() == 1);
  CHECK(r->warnings[0].find("max_text_bytes") != std::string::npos);
}

TEST_CASE("Legacy formats are chosen by the registry") {
  ExtractorRegistry registry = ExtractorRegistry::with_defaults(Config{});
  for (const char* mime :
       {"application/msword", "application/vnd.ms-excel", "application/vnd.ms-powerpoint"}) {
    const Extractor* ex = registry.find(mime);
    REQUIRE(ex != nullptr);
    CHECK(ex->name() == "legacy-office");
  }
}

TEST_CASE("RTF and legacy extractors survive empty, random and truncated input") {
  TempDir dir;
  const std::string doc = tika_document(dir, "testWORD.doc");
  const std::string xls = tika_document(dir, "testEXCEL.xls");
  auto rtf_path = corpus_file("office/cs_rtf_word2010_czech_tika.rtf");
  REQUIRE(rtf_path);
  const std::string rtf = read_bytes(*rtf_path);
  std::vector<std::string> inputs = {"", std::string(1, '\0'), "{\\rtf", "{\\rtf1{{{{",
                                     std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8)};
  for (size_t cut : {512, 1024, 4096, 8192}) {
    inputs.push_back(doc.substr(0, cut));
    inputs.push_back(xls.substr(0, cut));
    inputs.push_back(rtf.substr(0, cut * 3));
  }
  uint32_t seed = 7;
  for (int i = 0; i < 10; ++i) {
    std::string junk = doc;  // the header kept, bytes flipped after it
    for (size_t k = 512; k < junk.size(); k += 1 + (seed = seed * 1103515245u + 12345u) % 97)
      junk[k] = static_cast<char>(seed >> 8);
    inputs.push_back(junk);
  }
  OfficeOptions options;
  options.time_limit_seconds = 10;
  std::unique_ptr<Extractor> all[] = {make_rtf_extractor(options),
                                      make_legacy_office_extractor(options)};
  for (const auto& ex : all) {
    for (const std::string& in : inputs) {
      INFO(ex->name() << " on " << in.size() << " bytes");
      Result<Extracted> r = make_error(ErrorCode::kFatal, "not run");
      REQUIRE_NOTHROW(r = ex->extract(Blob{in, "application/msword", "x", {}}));
      if (!r) {
        CHECK(r.error().code != ErrorCode::kFatal);
        CHECK(!r.error().message.empty());
        CHECK(r.error().message.find('\n') == std::string::npos);
      }
    }
  }
}

TEST_CASE("trawl ingest indexes RTF and legacy Word files found in a folder and in a tar") {
  TempDir dir;
  auto rtf = corpus_file("office/cs_rtf_word2010_czech_tika.rtf");
  auto word6 = corpus_file("office/en_legacy_word6_tika.doc");
  auto tgz = corpus_file("archives/tgz_test-documents_tika.tgz");
  REQUIRE(rtf);
  REQUIRE(word6);
  REQUIRE(tgz);
  dir.write("docs/czech.rtf", read_bytes(*rtf));
  dir.write("docs/word6.doc", read_bytes(*word6));
  dir.write("docs/tika.tgz", read_bytes(*tgz));
  const std::string data = dir.str() + "/data";
  trawl::test::RunResult in =
      trawl::test::run_trawl({"ingest", "--data", data, dir.str() + "/docs"});
  INFO(in.err);
  REQUIRE(in.status == 0);
  CHECK((in.out + in.err).find("failed 0") != std::string::npos);
  const std::pair<const char*, const char*> searches[] = {
      {"Článek týdne", "czech.rtf"},
      {"lazy dog", "word6.doc"},
      {"\"Sample Word Document\"", "testWORD.doc"},
      {"\"Numbers and their Squares\"", "testEXCEL.xls"},
      {"\"Powerpoint X for Mac\"", "testPPT.ppt"},
      {"d’indexation", "testRTF.rtf"},
  };
  for (const auto& [query, file] : searches) {
    trawl::test::RunResult s = trawl::test::run_trawl({"search", "--data", data, query});
    INFO(query << ": " << s.out << s.err);
    CHECK(s.status == 0);
    CHECK(s.out.find(file) != std::string::npos);
  }
}
