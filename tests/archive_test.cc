// ArchiveReader over libarchive: the containers of scripts/make-archive-fixtures.py
// (generated at test time into a temporary folder) and the corpus's archives/.
#include "extractors/archive.h"

#include <iconv.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <cstdlib>
#include <functional>
#include <map>
#include <set>

#include "tests/support.h"

using namespace trawl;
using trawl::test::corpus_file;
using trawl::test::read_bytes;
using trawl::test::TempDir;

namespace {

// The fixtures named, written by the generator into `dir`. Each test asks only for what
// it needs: the whole set takes seconds (the bomb and the 100,000 members).
void make_fixtures(const TempDir& dir, const std::vector<std::string>& names) {
  std::string cmd = "python3 '" + trawl::test::samples_dir() +
                    "/../scripts/make-archive-fixtures.py' '" + dir.str() + "'";
  for (const std::string& n : names) cmd += " '" + n + "'";
  INFO(cmd);
  REQUIRE(std::system(cmd.c_str()) == 0);
}

std::string encode(const std::string& utf8, const char* to) {
  iconv_t cd = iconv_open(to, "UTF-8");
  REQUIRE(cd != reinterpret_cast<iconv_t>(-1));
  std::string out(utf8.size() * 4 + 16, '\0');
  char* in = const_cast<char*>(utf8.data());
  size_t in_left = utf8.size(), out_left = out.size();
  char* o = out.data();
  REQUIRE(iconv(cd, &in, &in_left, &o, &out_left) != static_cast<size_t>(-1));
  iconv_close(cd);
  out.resize(out.size() - out_left);
  return out;
}

std::string times3(const std::string& s) { return s + s + s; }

// The texts of the generator, byte for byte.
const std::string kEn =
    times3("The quick brown fox jumps over the lazy dog. Archives hold documents.\n");
const std::string kKo = times3("다람쥐 헌 쳇바퀴에 타고파. 압축 파일 안의 한국어 문서입니다.\n");
const std::string kRu =
    times3("Съешь же ещё этих мягких французских булок, да выпей чаю. Документ в архиве.\n");

std::map<std::string, std::string> multilingual_members() {
  return {
      {"en.txt", kEn},
      {"한국어.txt", kKo},
      {"русский.txt", kRu},
      {"legacy/ko-euckr.txt",
       encode("북한의 선박이 남포 앞바다에서 해상 환적을 했다는 보고서가 나왔다.\n", "EUC-KR")},
      {"legacy/ru-cp1251.txt",
       encode("Танкер вышел из порта Находка и взял курс на Корейский полуостров.\n", "CP1251")},
  };
}

struct ReadAll {
  std::vector<ArchiveMember> members;
  std::optional<Error> error;  // the reader's own error, which ended the reading
  std::string format;
  std::shared_ptr<ArchiveBudget> budget;

  std::vector<std::string> paths() const {
    std::vector<std::string> out;
    for (const ArchiveMember& m : members) out.push_back(m.path);
    return out;
  }
  const ArchiveMember* find(const std::string& path) const {
    for (const ArchiveMember& m : members)
      if (m.path == path) return &m;
    return nullptr;
  }
};

ReadAll drain(ArchiveReader& reader) {
  ReadAll out;
  out.budget = reader.budget();
  for (;;) {
    auto next = reader.next();
    if (!next) {
      out.error = next.error();
      // an error ends the reading for good
      auto after = reader.next();
      REQUIRE(after.ok());
      CHECK(!after->has_value());
      break;
    }
    if (!next->has_value()) break;
    out.members.push_back(std::move(**next));
  }
  out.format = reader.format();
  return out;
}

ReadAll read_file(const std::string& path, const ArchiveOptions& limits = {}) {
  auto reader = ArchiveReader::open_file(path, limits);
  INFO(path << ": " << (reader ? "" : reader.error().message));
  REQUIRE(reader.ok());
  return drain(**reader);
}

ReadAll read_memory(const std::string& bytes, const std::string& name,
                    const ArchiveOptions& limits = {},
                    std::shared_ptr<ArchiveBudget> budget = nullptr) {
  auto reader =
      ArchiveReader::open(std::make_shared<const std::string>(bytes), name, limits, budget);
  INFO(name << ": " << (reader ? "" : reader.error().message));
  REQUIRE(reader.ok());
  return drain(**reader);
}

std::string corpus(const std::string& name) {
  auto path = corpus_file("archives/" + name);
  REQUIRE(path);
  return *path;
}

// Walks a container and every container inside it, as the pipeline does: members whose
// name says zip or tar.gz are opened again from their bytes, up to max_depth, all with
// the top container's budget. Calls `leaf` for every other member and `failed` for every
// error (a member's or a reader's).
void walk(const std::string& bytes, const std::string& name, const ArchiveOptions& limits,
          std::shared_ptr<ArchiveBudget> budget, int depth,
          const std::function<void(const ArchiveMember&)>& leaf,
          const std::function<void(const Error&)>& failed) {
  auto reader =
      ArchiveReader::open(std::make_shared<const std::string>(bytes), name, limits, budget);
  if (!reader) return failed(reader.error());
  for (;;) {
    auto next = (*reader)->next();
    if (!next) return failed(next.error());
    if (!next->has_value()) return;
    const ArchiveMember& m = **next;
    if (m.error) {
      failed(*m.error);
      continue;
    }
    bool container = m.path.ends_with(".zip") || m.path.ends_with(".tar.gz");
    if (container && depth < limits.max_depth) {
      walk(m.bytes, m.path, limits, budget, depth + 1, leaf, failed);
    } else {
      leaf(m);
    }
  }
}

}  // namespace

TEST_CASE("Every container format gives its members, paths and bytes", "[archive]") {
  struct Case {
    const char* file;
    const char* format;
    bool utc_mtime;  // tar and 7z store UTC times; zip stores local time
  };
  const std::vector<Case> cases = {
      {"multi.zip", "zip", false},       {"multi-stored.zip", "zip", false},
      {"multi-bzip2.zip", "zip", false}, {"multi-lzma.zip", "zip", false},
      {"multi.tar", "tar", true},        {"multi.tar.gz", "tar", true},
      {"multi.tgz", "tar", true},        {"multi.tar.bz2", "tar", true},
      {"multi.tar.xz", "tar", true},     {"multi.tar.zst", "tar", true},
      {"multi.7z", "7z", true},
  };
  TempDir dir;
  std::vector<std::string> names;
  for (const Case& c : cases) names.push_back(c.file);
  make_fixtures(dir, names);
  const auto expected = multilingual_members();
  for (const Case& c : cases) {
    const std::string path = dir.str() + "/" + c.file;
    for (bool from_disk : {true, false}) {
      INFO(c.file << (from_disk ? " from disk" : " from memory"));
      ReadAll r = from_disk ? read_file(path) : read_memory(read_bytes(path), c.file);
      CHECK(!r.error);
      CHECK(r.format == c.format);
      std::map<std::string, std::string> got;
      for (const ArchiveMember& m : r.members) {
        INFO(m.path);
        CHECK(!m.error);
        if (c.utc_mtime)
          CHECK(m.modified_at == 1600000000);
        else
          CHECK(m.modified_at > 0);
        got[m.path] = m.bytes;
      }
      CHECK(got == expected);  // the folder entry "legacy/" is not a member
      CHECK(r.budget->members == expected.size());
    }
  }
}

TEST_CASE("A lone compressed file is one member named by its header or the container",
          "[archive]") {
  struct Case {
    const char* file;
    const char* format;
    const char* member;
    const std::string* bytes;
  };
  const std::vector<Case> cases = {
      {"named.txt.gz", "gzip", "original-name.txt", &kKo},
      {"unnamed.txt.gz", "gzip", "unnamed.txt", &kRu},
      {"single.txt.bz2", "bzip2", "single.txt", &kEn},
      {"single.txt.xz", "xz", "single.txt", &kEn},
      {"single.txt.zst", "zstd", "single.txt", &kEn},
  };
  TempDir dir;
  std::vector<std::string> names;
  for (const Case& c : cases) names.push_back(c.file);
  make_fixtures(dir, names);
  for (const Case& c : cases) {
    INFO(c.file);
    ReadAll r = read_file(dir.str() + "/" + c.file);
    CHECK(!r.error);
    CHECK(r.format == c.format);
    REQUIRE(r.members.size() == 1);
    CHECK(r.members[0].path == c.member);
    CHECK(r.members[0].bytes == *c.bytes);
    CHECK(!r.members[0].error);
    // from memory the name comes from the name given to open()
    ReadAll m = read_memory(read_bytes(dir.str() + "/" + c.file), std::string("sub/") + c.file);
    REQUIRE(m.members.size() == 1);
    CHECK(m.members[0].path == c.member);
  }
}

TEST_CASE("Plain text, random bytes and a missing file are not archives", "[archive]") {
  TempDir dir;
  make_fixtures(dir, {"plain.txt"});
  auto text = ArchiveReader::open_file(dir.str() + "/plain.txt", {});
  REQUIRE(!text);
  CHECK(text.error().code == ErrorCode::kCorrupt);
  CHECK_THAT(text.error().message, Catch::StartsWith("not a readable archive: "));

  auto random =
      ArchiveReader::open(std::make_shared<const std::string>(std::string(
                              "\x13\x37\xC0\xDE random bytes that are no format\x01", 39)),
                          "random.bin", {});
  REQUIRE(!random);
  CHECK(random.error().code == ErrorCode::kCorrupt);

  auto empty = ArchiveReader::open(std::make_shared<const std::string>(), "empty.zip", {});
  REQUIRE(!empty);
  CHECK(empty.error().code == ErrorCode::kCorrupt);

  auto missing = ArchiveReader::open_file(dir.str() + "/no-such.zip", {});
  REQUIRE(!missing);
  CHECK(missing.error().code == ErrorCode::kNotFound);
}

TEST_CASE("Zip names without the UTF-8 flag are decoded from their legacy code page",
          "[archive][charset]") {
  struct Case {
    const char* file;
    std::vector<std::string> paths;
  };
  const std::vector<Case> cases = {
      {"names-cp949.zip", {"보고서/회의록_2024년.txt", "한글 파일 이름.txt"}},
      // 表 is 0x95 0x5C: the 0x5C trail byte is not a backslash
      {"names-sjis.zip", {"報告書/テスト資料.txt", "表示ファイル.txt"}},
      {"names-gbk.zip", {"测试文件/审计报告.txt", "集团邮件系统需求文档.doc"}},
      {"names-cp437.zip", {"Résumé.txt", "Über/naïve café.txt"}},
      {"names-utf8flag.zip", {"한국어/문서.txt", "Русский/отчёт.txt", "日本語.txt"}},
  };
  TempDir dir;
  std::vector<std::string> names;
  for (const Case& c : cases) names.push_back(c.file);
  make_fixtures(dir, names);
  for (const Case& c : cases) {
    INFO(c.file);
    ReadAll r = read_file(dir.str() + "/" + c.file);
    CHECK(!r.error);
    CHECK(r.paths() == c.paths);
    for (size_t i = 0; i < r.members.size(); ++i)
      CHECK(r.members[i].bytes == "member " + std::to_string(i) + "\n");
  }
}

TEST_CASE("The corpus zip with GBK names gives its Chinese path", "[archive][corpus]") {
  ReadAll r = read_file(corpus("zip_gbk_entry_names_tika.zip"));
  CHECK(!r.error);
  REQUIRE(r.members.size() == 1);  // the folder entry is skipped
  CHECK(r.members[0].path ==
        "审计压缩包文件检索测试/集团邮件审计系统2021年自动巡检需求文档_V4.0.doc");
  CHECK(!r.members[0].error);
}

TEST_CASE("Member paths lose root, dot and dot-dot segments and zip backslashes separate",
          "[archive]") {
  TempDir dir;
  make_fixtures(dir, {"traversal.zip", "traversal.tar"});
  const std::vector<std::string> common = {"etc/passwd", "abs/path.txt", "a/b/c.txt",
                                           "a/double.txt"};
  ReadAll tar = read_file(dir.str() + "/traversal.tar");
  CHECK(!tar.error);
  CHECK(tar.paths() == common);
  ReadAll zip = read_file(dir.str() + "/traversal.zip");
  CHECK(!zip.error);
  std::vector<std::string> zip_paths = common;
  zip_paths.push_back("dir/win/file.txt");
  CHECK(zip.paths() == zip_paths);
  for (const ArchiveMember& m : zip.members) CHECK(!m.bytes.empty());
}

TEST_CASE("Folders, links, fifos and devices are skipped", "[archive]") {
  TempDir dir;
  make_fixtures(dir, {"links.tar"});
  ReadAll r = read_file(dir.str() + "/links.tar");
  CHECK(!r.error);
  REQUIRE(r.paths() == std::vector<std::string>{"file.txt"});
  CHECK(r.members[0].bytes == "the only regular file\n");
  CHECK(r.budget->members == 1);
}

TEST_CASE("A zip in a tar.gz in a zip opens from member bytes and shares one budget", "[archive]") {
  TempDir dir;
  make_fixtures(dir, {"nested.zip"});
  ReadAll outer = read_file(dir.str() + "/nested.zip");
  REQUIRE(!outer.error);
  REQUIRE(outer.paths() == std::vector<std::string>{"outer.txt", "inner.tar.gz"});
  ReadAll middle = read_memory(outer.members[1].bytes, "inner.tar.gz", {}, outer.budget);
  REQUIRE(!middle.error);
  CHECK(middle.format == "tar");
  REQUIRE(middle.paths() == std::vector<std::string>{"middle.txt", "inner.zip"});
  ReadAll inner = read_memory(middle.members[1].bytes, "inner.zip", {}, outer.budget);
  REQUIRE(!inner.error);
  REQUIRE(inner.paths() == std::vector<std::string>{"deep.txt"});
  CHECK(inner.members[0].bytes == "가장 깊은 곳\n");

  CHECK(inner.budget == outer.budget);
  CHECK(outer.budget->members == 5);
  uint64_t bytes = 0;
  for (const ReadAll* r : {&outer, &middle, &inner})
    for (const ArchiveMember& m : r->members) bytes += m.bytes.size();
  CHECK(outer.budget->bytes == bytes);
}

TEST_CASE("A zip bomb ends with too-large having held at most a block past the limit",
          "[archive][limits]") {
  TempDir dir;
  make_fixtures(dir, {"bomb.zip", "bomb.gz", "large-text.zip"});
  for (const char* file : {"bomb.zip", "bomb.gz"}) {
    INFO(file);
    const std::string path = dir.str() + "/" + file;
    SECTION(std::string("by the ratio: ") + file) {
      // 10 GiB (bomb.zip) or 1 GiB (bomb.gz) of zeros at ~1000:1
      ReadAll r = read_file(path);
      REQUIRE(r.error);
      CHECK(r.error->code == ErrorCode::kTooLarge);
      CHECK_THAT(r.error->message, Catch::Contains("archive.max_ratio"));
      CHECK(r.members.empty());
      // the ratio is checked once past the container's own size (stored members)
      CHECK(r.budget->bytes <= std::max<uint64_t>(1u << 20, std::filesystem::file_size(path)) + 64 * 1024);
    }
    SECTION(std::string("by the member size: ") + file) {
      ArchiveOptions limits;
      limits.max_ratio = 1e9;
      limits.max_member_bytes = 8 << 20;
      ReadAll r = read_file(path, limits);
      CHECK(!r.error);
      REQUIRE(r.members.size() == 1);
      REQUIRE(r.members[0].error);
      CHECK(r.members[0].error->code == ErrorCode::kTooLarge);
      CHECK_THAT(r.members[0].error->message, Catch::Contains("archive.max_member_bytes"));
      CHECK(r.members[0].bytes.empty());
      CHECK(r.budget->bytes <= (8u << 20) + 1);
    }
    SECTION(std::string("by the total: ") + file) {
      ArchiveOptions limits;
      limits.max_ratio = 1e9;
      limits.max_total_bytes = 4 << 20;
      ReadAll r = read_file(path, limits);
      REQUIRE(r.error);
      CHECK(r.error->code == ErrorCode::kTooLarge);
      CHECK_THAT(r.error->message, Catch::Contains("archive.max_total_bytes"));
      CHECK(r.budget->bytes <= (4u << 20) + 64 * 1024);
    }
  }
  SECTION("but 4 MiB of text at a low ratio reads whole") {
    ReadAll r = read_file(dir.str() + "/large-text.zip");
    CHECK(!r.error);
    REQUIRE(r.members.size() == 1);
    CHECK(!r.members[0].error);
    CHECK(r.members[0].bytes.size() == (4u << 20));
  }
}

TEST_CASE("A 42.zip-style nest is cut by the shared budget", "[archive][limits]") {
  TempDir dir;
  make_fixtures(dir, {"nest42.zip"});
  ArchiveOptions limits;
  limits.max_total_bytes = 64 << 20;
  auto budget = std::make_shared<ArchiveBudget>();
  size_t leaves = 0, ratio_errors = 0, total_errors = 0;
  walk(
      read_bytes(dir.str() + "/nest42.zip"), "nest42.zip", limits, budget, 1,
      [&](const ArchiveMember&) { ++leaves; },
      [&](const Error& e) {
        CHECK(e.code == ErrorCode::kTooLarge);
        if (e.message.find("archive.max_ratio") != std::string::npos) ++ratio_errors;
        if (e.message.find("archive.max_total_bytes") != std::string::npos) ++total_errors;
      });
  // every leaf of 16 MiB of zeros is cut by the ratio after ~1 MiB, and the 4,096 of
  // them by the total after ~64
  CHECK(ratio_errors > 0);
  CHECK(total_errors > 0);
  CHECK(leaves == 0);
  CHECK(budget->bytes <= limits.max_total_bytes + (1u << 20));
  CHECK(budget->members < 200);
}

TEST_CASE("Member count and total size limits end the reading with too-large",
          "[archive][limits]") {
  TempDir dir;
  make_fixtures(dir, {"empty100k.zip", "multi.zip"});
  const std::string many = dir.str() + "/empty100k.zip";
  SECTION("100,000 empty members read within the default limit") {
    ReadAll r = read_file(many);
    CHECK(!r.error);
    CHECK(r.members.size() == 100000);
    CHECK(r.members.back().path == "e/099999.txt");
    CHECK(r.budget->bytes == 0);
  }
  SECTION("and stop at archive.max_members") {
    ArchiveOptions limits;
    limits.max_members = 50000;
    ReadAll r = read_file(many, limits);
    REQUIRE(r.error);
    CHECK(r.error->code == ErrorCode::kTooLarge);
    CHECK_THAT(r.error->message, Catch::Contains("archive.max_members"));
    CHECK(r.members.size() == 50000);
  }
  SECTION("archive.max_total_bytes keeps the members before it") {
    ArchiveOptions limits;
    limits.max_total_bytes = 300;
    ReadAll r = read_file(dir.str() + "/multi.zip", limits);
    REQUIRE(r.error);
    CHECK(r.error->code == ErrorCode::kTooLarge);
    CHECK_THAT(r.error->message, Catch::Contains("archive.max_total_bytes"));
    REQUIRE(r.members.size() == 1);
    CHECK(r.members[0].path == "en.txt");
  }
}

TEST_CASE("An encrypted member reports encrypted and the others are still read",
          "[archive][encrypted]") {
  TempDir dir;
  make_fixtures(dir, {"encrypted.zip", "encrypted.7z", "encrypted-headers.7z"});
  ReadAll zip = read_file(dir.str() + "/encrypted.zip");
  CHECK(!zip.error);
  REQUIRE(zip.paths() == std::vector<std::string>{"plain1.txt", "secret.txt", "plain2.txt"});
  CHECK(zip.members[0].bytes == "first plain member\n");
  REQUIRE(zip.members[1].error);
  CHECK(zip.members[1].error->code == ErrorCode::kEncrypted);
  CHECK(zip.members[1].error->message == "encrypted member, no password");
  CHECK(zip.members[1].bytes.empty());
  CHECK(zip.members[2].bytes == "second plain member\n");
  CHECK(!zip.members[2].error);

  // 7z -p encrypts every member's data; the names stay readable
  ReadAll seven = read_file(dir.str() + "/encrypted.7z");
  CHECK(!seven.error);
  REQUIRE(seven.members.size() == 2);
  for (const ArchiveMember& m : seven.members) {
    REQUIRE(m.error);
    CHECK(m.error->code == ErrorCode::kEncrypted);
  }

  // with -mhe=on even the names are encrypted: nothing can be listed
  ReadAll headers = read_file(dir.str() + "/encrypted-headers.7z");
  REQUIRE(headers.error);
  CHECK(headers.error->code == ErrorCode::kEncrypted);
  CHECK(headers.members.empty());
}

TEST_CASE("The corpus 7z with a password reports its member encrypted", "[archive][corpus]") {
  ReadAll r = read_file(corpus("7z_password_tika.7z"));
  CHECK(!r.error);
  CHECK(r.format == "7z");
  REQUIRE(r.members.size() == 1);
  CHECK(r.members[0].path == "text.txt");
  REQUIRE(r.members[0].error);
  CHECK(r.members[0].error->code == ErrorCode::kEncrypted);
  CHECK(r.members[0].error->message == "encrypted member, no password");
}

TEST_CASE("A truncated zip keeps the members before the cut", "[archive][corrupt]") {
  TempDir dir;
  make_fixtures(dir, {"truncated.zip"});
  for (bool from_disk : {true, false}) {
    INFO((from_disk ? "from disk" : "from memory"));
    const std::string path = dir.str() + "/truncated.zip";
    ReadAll r = from_disk ? read_file(path) : read_memory(read_bytes(path), "truncated.zip");
    REQUIRE(r.error);
    CHECK(r.error->code == ErrorCode::kCorrupt);
    CHECK_THAT(r.error->message,
               Catch::StartsWith("truncated or corrupt archive after 3 members: "));
    REQUIRE(r.paths() == std::vector<std::string>{"part0.txt", "part1.txt", "part2.txt"});
    for (const ArchiveMember& m : r.members) CHECK(m.bytes.size() == 20000);
  }
}

TEST_CASE("A zip with a damaged member reports it corrupt and reads the others",
          "[archive][corrupt]") {
  TempDir dir;
  make_fixtures(dir, {"corrupt.zip"});
  ReadAll r = read_file(dir.str() + "/corrupt.zip");
  CHECK(!r.error);
  REQUIRE(r.paths() == std::vector<std::string>{"good1.txt", "bad.txt", "good2.txt"});
  CHECK(r.members[0].bytes.size() == kEn.size() * 50);
  REQUIRE(r.members[1].error);
  CHECK(r.members[1].error->code == ErrorCode::kCorrupt);
  CHECK(r.members[1].bytes.empty());
  CHECK(r.members[2].bytes.size() == kRu.size() * 50);
}

TEST_CASE("A member in a compression method libarchive lacks is unsupported, the rest read",
          "[archive]") {
  TempDir dir;
  make_fixtures(dir, {"unsupported-method.zip"});
  ReadAll r = read_file(dir.str() + "/unsupported-method.zip");
  CHECK(!r.error);
  REQUIRE(r.paths() == std::vector<std::string>{"first.txt", "wavpack.bin", "last.txt"});
  CHECK(r.members[0].bytes == "first\n");
  REQUIRE(r.members[1].error);
  CHECK(r.members[1].error->code == ErrorCode::kUnsupported);
  CHECK(r.members[1].bytes.empty());
  CHECK(r.members[2].bytes == "last\n");
}

TEST_CASE("The corpus's corrupted zip fails as corrupt with little memory", "[archive][corpus]") {
  // its one member claims 4 GiB in the central directory and 2 GiB in its local header
  ReadAll r = read_file(corpus("zip_corrupted_tika.zip"));
  REQUIRE(r.error);
  CHECK(r.error->code == ErrorCode::kCorrupt);
  CHECK_THAT(r.error->message, Catch::StartsWith("truncated or corrupt archive after 0 members"));
  CHECK(r.budget->bytes <= 64 * 1024);
}

TEST_CASE("The corpus tgz gives its nine documents", "[archive][corpus]") {
  ReadAll r = read_file(corpus("tgz_test-documents_tika.tgz"));
  CHECK(!r.error);
  CHECK(r.format == "tar");
  std::set<std::string> names;
  for (const ArchiveMember& m : r.members) {
    INFO(m.path);
    CHECK(!m.error);
    CHECK(!m.bytes.empty());
    names.insert(m.path.substr(m.path.find_last_of('/') + 1));
  }
  CHECK(r.members.size() == 9);
  CHECK(names == std::set<std::string>{"testEXCEL.xls", "testHTML.html", "testOpenOffice2.odt",
                                       "testPDF.pdf", "testPPT.ppt", "testRTF.rtf", "testTXT.txt",
                                       "testWORD.doc", "testXML.xml"});
}

TEST_CASE("The corpus zip of zip gives a member that opens again as a zip of HTML",
          "[archive][corpus]") {
  ReadAll outer = read_file(corpus("zip_nested_zip_of_zip_tika.zip"));
  CHECK(!outer.error);
  const ArchiveMember* inner_zip = nullptr;
  for (const ArchiveMember& m : outer.members)
    if (m.path.ends_with("html-within-zip.zip")) inner_zip = &m;
  REQUIRE(inner_zip);
  ReadAll inner = read_memory(inner_zip->bytes, inner_zip->path, {}, outer.budget);
  CHECK(!inner.error);
  REQUIRE(!inner.members.empty());
  bool html = false;
  for (const ArchiveMember& m : inner.members)
    html = html || (m.path.ends_with(".html") && m.bytes.find("<html") != std::string::npos);
  CHECK(html);
  CHECK(inner.budget->members == outer.members.size() + inner.members.size());
}

TEST_CASE("The corpus droste zip, which holds itself, reads to the depth limit",
          "[archive][corpus]") {
  const std::string bytes = read_bytes(corpus("zip_recursive_droste_tika.zip"));
  ReadAll top = read_memory(bytes, "droste.zip");
  CHECK(!top.error);
  CHECK(!top.members.empty());
  ArchiveOptions limits;
  auto budget = std::make_shared<ArchiveBudget>();
  size_t leaves = 0;
  walk(
      bytes, "droste.zip", limits, budget, 1, [&](const ArchiveMember&) { ++leaves; },
      [&](const Error& e) { CHECK(e.code != ErrorCode::kFatal); });
  CHECK(leaves > 0);
  CHECK(budget->members > top.members.size());
}

TEST_CASE("is_archive_type takes containers and leaves zip-based documents alone", "[archive]") {
  struct Case {
    const char* mime;
    bool archive;
  };
  const std::vector<Case> cases = {
      {"application/zip", true},
      {"application/x-tar", true},
      {"application/gzip", true},
      {"application/x-bzip2", true},
      {"application/x-xz", true},
      {"application/zstd", true},
      {"application/x-7z-compressed", true},
      {"application/vnd.rar", true},
      {"application/x-cpio", true},
      {"application/zip; charset=binary", true},
      {"application/vnd.openxmlformats-officedocument.wordprocessingml.document", false},
      {"application/vnd.oasis.opendocument.text", false},
      {"application/epub+zip", false},
      {"application/java-archive", false},
      {"application/warc", false},
      {"text/plain", false},
      {"application/pdf", false},
  };
  for (const Case& c : cases) {
    INFO(c.mime);
    CHECK(is_archive_type(c.mime) == c.archive);
  }
}
