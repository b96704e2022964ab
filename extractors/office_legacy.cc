// Legacy Office binary files (.doc, .xls, .ppt) through packaged converters run as child
// processes with a time limit: antiword, then catdoc, for Word; xls2csv for Excel and
// catppt for PowerPoint (both in Debian's catdoc package).
//
// What each does on the corpus and on tests/fixtures/legacy (LibreOffice's .doc/.xls of
// the generated Korean and Russian reports), measured:
//   - Word 6 (office/en_legacy_word6_tika.doc): catdoc gives the text; antiword refuses it
//     ("the text stream of this file is too small to handle", status 1).
//   - Word 97 (testWORD.doc, ko/ru_report.doc): antiword gives every body paragraph, the
//     footnotes, a hyperlink field's result and tables as "|cell |cell |" rows; catdoc -w
//     loses a whole body paragraph of ko_report.doc and prints field instructions
//     ('HYPERLINK "https://..."', 'PAGE 1') into the text, though it keeps the header and
//     the comments, which antiword drops. Losing body text is worse: antiword first,
//     catdoc when antiword fails or finds nothing.
//   - Excel: xls2csv (cells as CSV, sheets ended by form feeds) reads testEXCEL.xls and
//     the Russian workbook whole, but of the Korean one only the first two header cells
//     (then mojibake and empty cells): a limit of catdoc 0.95's string table reader.
//   - PowerPoint: catppt reads testPPT.ppt; it finds no text in LibreOffice's .ppt files
//     (their text is in drawing records it does not read): kCorrupt "catppt found no text".
//   - About 10 ms a file, no display, no profile, no daemon. LibreOffice (soffice --headless
//     --convert-to txt) reads all of these better but starts in 2-3 s, needs a writable
//     profile per concurrent run and hundreds of MB of packages; wvWare's wvText goes
//     through elinks/lynx for text and is Word-only. Both stay possible later behind the
//     same Tool list.
// catdoc prints any file that is not OLE as if it were plain text, with exit status 0, so
// the compound-file signature is checked here first, and the program is chosen by the
// streams the file holds (WordDocument, Workbook, PowerPoint Document), not by its label.
// The input is written to a temporary file (mkostemp in $TMPDIR) that is unlinked at once
// and handed to the child as /dev/fd/3: nothing is left behind even if we are killed.
// Title, author and dates come from the file's summary information (ole.h), which the
// converters do not read.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "extractors/extractor.h"
#include "extractors/office_package.h"
#include "extractors/ole.h"

extern char** environ;

namespace trawl {
namespace {

using Clock = std::chrono::steady_clock;

enum class Kind { kWord, kExcel, kPowerPoint };

struct Fd {
  int fd = -1;
  Fd() = default;
  explicit Fd(int f) : fd(f) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() { reset(); }
  void reset() {
    if (fd >= 0) ::close(fd);
    fd = -1;
  }
};

std::string seconds(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", s);
  return buf;
}

// An OLE directory entry name as it is stored (UTF-16LE), to find which program a
// compound file needs whatever its MIME type says.
bool has_stream(std::string_view bytes, std::string_view ascii_name) {
  std::string utf16;
  for (char c : ascii_name) {
    utf16 += c;
    utf16 += '\0';
  }
  utf16 += std::string(2, '\0');  // directory names end with a NUL character
  return bytes.find(utf16) != std::string_view::npos;
}

Kind kind_of(std::string_view bytes, const std::string& mime) {
  if (has_stream(bytes, "WordDocument")) return Kind::kWord;
  if (has_stream(bytes, "Workbook") || has_stream(bytes, "Book")) return Kind::kExcel;
  if (has_stream(bytes, "PowerPoint Document")) return Kind::kPowerPoint;
  if (mime.find("excel") != std::string::npos) return Kind::kExcel;
  if (mime.find("powerpoint") != std::string::npos) return Kind::kPowerPoint;
  return Kind::kWord;
}

struct Tool {
  std::vector<std::string> argv;
  std::string package;  // the Debian package that has it, for the "not installed" message
};

struct ToolRun {
  int status = 0;  // exit status; -1 when killed by a signal
  std::string out;
  std::string err;
  bool truncated = false;  // stdout longer than the limit: the child was stopped
};

std::string first_line(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return "";
  s.remove_prefix(b);
  std::string line(s.substr(0, s.find_first_of("\r\n")));
  if (line.size() > 200) line.resize(200);
  return line;
}

// Runs `argv` (argv[0] looked up in PATH) with `input_fd` as its fd 3, until it ends or
// `deadline`. Its stdout is kept up to `max_out` bytes, its stderr up to 4 KB.
Result<ToolRun> run_tool(const std::vector<std::string>& argv, const std::string& package,
                         int input_fd, Clock::time_point deadline, double limit, uint64_t max_out) {
  int out_pipe[2], err_pipe[2];
  if (::pipe2(out_pipe, O_CLOEXEC) != 0)
    return make_error(ErrorCode::kIo, std::string("cannot make a pipe: ") + std::strerror(errno));
  Fd out_r(out_pipe[0]), out_w(out_pipe[1]);
  if (::pipe2(err_pipe, O_CLOEXEC) != 0)
    return make_error(ErrorCode::kIo, std::string("cannot make a pipe: ") + std::strerror(errno));
  Fd err_r(err_pipe[0]), err_w(err_pipe[1]);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out_w.fd, 1);
  posix_spawn_file_actions_adddup2(&actions, err_w.fd, 2);
  posix_spawn_file_actions_adddup2(&actions, input_fd, 3);
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = -1;
  int rc = ::posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc == ENOENT)
    return make_error(ErrorCode::kUnsupported,
                      argv[0] + " is not installed (Debian package " + package + ")");
  if (rc != 0)
    return make_error(ErrorCode::kIo, "cannot start " + argv[0] + ": " + std::strerror(rc));
  out_w.reset();
  err_w.reset();

  ToolRun run;
  bool timed_out = false;
  char buf[65536];
  while (out_r.fd >= 0 || err_r.fd >= 0) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0 && Clock::now() >= deadline) {
      timed_out = true;
      break;
    }
    pollfd fds[2];
    int n = 0;
    if (out_r.fd >= 0) fds[n++] = {out_r.fd, POLLIN, 0};
    if (err_r.fd >= 0) fds[n++] = {err_r.fd, POLLIN, 0};
    int ready = ::poll(fds, n, static_cast<int>(std::max<int64_t>(1, left.count())));
    if (ready < 0 && errno == EINTR) continue;
    if (ready < 0) break;
    for (int i = 0; i < n; ++i) {
      if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      bool is_out = fds[i].fd == out_r.fd;
      ssize_t got = ::read(fds[i].fd, buf, sizeof buf);
      if (got < 0 && errno == EINTR) continue;
      if (got <= 0) {
        (is_out ? out_r : err_r).reset();
        continue;
      }
      if (is_out) {
        run.out.append(buf, static_cast<size_t>(got));
        if (run.out.size() > max_out) {
          run.truncated = true;
          out_r.reset();
          err_r.reset();
        }
      } else if (run.err.size() < 4096) {
        run.err.append(buf, static_cast<size_t>(got));
      }
    }
  }
  if (timed_out || run.truncated) ::kill(pid, SIGKILL);
  int wstatus = 0;
  while (::waitpid(pid, &wstatus, 0) < 0 && errno == EINTR) {
  }
  if (timed_out)
    return make_error(ErrorCode::kTimeout, argv[0] + " did not finish in " + seconds(limit) + " s");
  run.status = WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : -1;
  if (run.truncated) run.status = 0;
  return run;
}

// xls2csv's output to our text: its CSV cells (strings in double quotes, "" inside) joined
// by tabs, one line per row, empty cells at a row's end dropped, sheets (each ended by a
// form feed) separated by a blank line. Line breaks inside a cell become spaces.
std::string csv_to_text(std::string_view csv) {
  std::string text, row, cell;
  std::vector<std::string> cells;
  bool quoted = false, in_quotes = false;
  auto end_cell = [&] {
    cells.push_back(std::move(cell));
    cell.clear();
    quoted = false;
  };
  auto end_row = [&] {
    end_cell();
    while (!cells.empty() && cells.back().empty()) cells.pop_back();
    for (size_t i = 0; i < cells.size(); ++i) {
      if (i) text += '\t';
      text += cells[i];
    }
    if (!cells.empty()) text += '\n';
    cells.clear();
  };
  for (size_t i = 0; i < csv.size(); ++i) {
    char c = csv[i];
    if (in_quotes) {
      if (c == '"' && i + 1 < csv.size() && csv[i + 1] == '"') {
        cell += '"';
        ++i;
      } else if (c == '"') {
        in_quotes = false;
      } else {
        cell += (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
      }
    } else if (c == '"' && cell.empty() && !quoted) {
      in_quotes = quoted = true;
    } else if (c == ',') {
      end_cell();
    } else if (c == '\n') {
      end_row();
    } else if (c == '\f') {
      if (!cell.empty() || !cells.empty()) end_row();
      if (!text.empty() && !text.ends_with("\n\n")) text += '\n';
    } else if (c != '\r') {
      cell += c;
    }
  }
  if (!cell.empty() || !cells.empty()) end_row();
  return text;
}

// antiword's text layout to ours: one line per paragraph without the blank lines between
// them, a table row ("|cell   |cell   |") as tab-separated cells, its "[?]" marks of
// comments and its "[pic]" images dropped, and the rule before the comments' text.
std::string antiword_to_text(std::string_view s) {
  auto trim = [](std::string_view v) {
    size_t b = v.find_first_not_of(" \t\r");
    if (b == std::string_view::npos) return std::string_view();
    return v.substr(b, v.find_last_not_of(" \t\r") - b + 1);
  };
  auto drop = [](std::string line, std::string_view mark) {
    for (size_t at; (at = line.find(mark)) != std::string::npos;) line.erase(at, mark.size());
    return line;
  };
  std::string out;
  size_t pos = 0;
  while (pos < s.size()) {
    size_t nl = s.find('\n', pos);
    if (nl == std::string_view::npos) nl = s.size();
    std::string_view line = trim(s.substr(pos, nl - pos));
    pos = nl + 1;
    std::string text;
    if (line.size() >= 2 && line.front() == '|' && line.back() == '|') {
      std::string_view cells = line.substr(1, line.size() - 2);
      for (size_t b = 0;;) {
        size_t bar = cells.find('|', b);
        std::string_view cell =
            trim(cells.substr(b, bar == std::string_view::npos ? bar : bar - b));
        if (!text.empty() || b > 0) text += '\t';
        text += cell;
        if (bar == std::string_view::npos) break;
        b = bar + 1;
      }
      while (!text.empty() && text.back() == '\t') text.pop_back();
    } else if (line.find_first_not_of('-') == std::string_view::npos && line.size() >= 10) {
      continue;
    } else {
      text = std::string(trim(drop(drop(std::string(line), "[?]"), "[pic]")));
    }
    if (text.empty()) continue;
    out += text;
    out += '\n';
  }
  return out;
}

// Form feeds between catppt's slides (and at its end) to blank lines.
std::string slides_to_text(std::string s) {
  std::string out;
  for (char c : s) {
    if (c != '\f') {
      out += c;
    } else if (!out.empty() && !out.ends_with("\n\n")) {
      out += out.ends_with('\n') ? "\n" : "\n\n";
    }
  }
  return out;
}

class LegacyOfficeExtractor final : public Extractor {
 public:
  explicit LegacyOfficeExtractor(const OfficeOptions& options) : options_(options) {}
  std::string_view name() const override { return "legacy-office"; }

  Result<Extracted> extract(const Blob& blob) const override {
    try {
      return read(blob);
    } catch (const std::exception& ex) {
      return make_error(ErrorCode::kCorrupt, std::string("legacy office: ") + ex.what());
    }
  }

 private:
  Result<Extracted> read(const Blob& blob) const {
    const auto deadline =
        Clock::now() + std::chrono::duration_cast<Clock::duration>(
                           std::chrono::duration<double>(options_.time_limit_seconds));
    static constexpr std::string_view kOle("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
    if (!blob.bytes.starts_with(kOle))
      return make_error(ErrorCode::kCorrupt,
                        "not an OLE compound file (no D0 CF 11 E0 signature), so not a Word, "
                        "Excel or PowerPoint 97-2003 file");
    Kind kind = kind_of(blob.bytes, blob.mime);
    // the programs to try in order: the first that gives text wins
    std::vector<Tool> tools;
    switch (kind) {
      case Kind::kWord:
        tools = {{{"antiword", "-m", "UTF-8.txt", "-w", "0", "/dev/fd/3"}, "antiword"},
                 {{"catdoc", "-d", "utf-8", "-w", "/dev/fd/3"}, "catdoc"}};
        break;
      case Kind::kExcel:
        tools = {{{"xls2csv", "-d", "utf-8", "-q", "2", "/dev/fd/3"}, "catdoc"}};
        break;
      case Kind::kPowerPoint:
        tools = {{{"catppt", "-d", "utf-8", "/dev/fd/3"}, "catdoc"}};
        break;
    }
    const std::string& last = tools.back().argv[0];

    const char* tmpdir = std::getenv("TMPDIR");
    std::string path = std::string(tmpdir && *tmpdir ? tmpdir : "/tmp") + "/trawl-legacy-XXXXXX";
    Fd input(::mkostemp(path.data(), O_CLOEXEC));
    if (input.fd < 0)
      return make_error(ErrorCode::kIo, "cannot make a temporary file in " +
                                            path.substr(0, path.rfind('/')) + ": " +
                                            std::strerror(errno));
    ::unlink(path.c_str());  // the child reads it through /dev/fd/3
    for (size_t done = 0; done < blob.bytes.size();) {
      ssize_t n = ::write(input.fd, blob.bytes.data() + done, blob.bytes.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0)
        return make_error(ErrorCode::kIo,
                          std::string("cannot write a temporary file: ") + std::strerror(errno));
      done += static_cast<size_t>(n);
    }

    std::optional<Error> failure;
    for (const Tool& tool : tools) {
      const std::string& name = tool.argv[0];
      if (Clock::now() >= deadline)
        return make_error(ErrorCode::kTimeout, (failure ? last : name) + " did not finish in " +
                                                   seconds(options_.time_limit_seconds) + " s");
      // layout (antiword's blank lines and table bars) is removed after the cut: some slack
      Result<ToolRun> run = run_tool(tool.argv, tool.package, input.fd, deadline,
                                     options_.time_limit_seconds, options_.max_text_bytes + 65536);
      if (!run) {
        if (run.error().code == ErrorCode::kTimeout) return run.error();
        failure = run.error();  // not installed, or could not start: the next one
        continue;
      }
      std::string err = first_line(run->err);
      // both say so, antiword on stderr, catdoc before the scrambled text it then prints
      if (run->err.find("Encrypted documents are not supported") != std::string::npos ||
          run->out.starts_with("[File is encrypted"))
        return make_error(ErrorCode::kEncrypted, "the document is encrypted with a password");
      if (run->status != 0) {
        failure =
            make_error(ErrorCode::kCorrupt,
                       name + (err.empty() ? " failed with status " + std::to_string(run->status)
                                           : ": " + err));
        continue;
      }
      Extracted e;
      if (name == "antiword")
        e.text = antiword_to_text(run->out);
      else if (kind == Kind::kExcel)
        e.text = csv_to_text(run->out);
      else if (kind == Kind::kPowerPoint)
        e.text = slides_to_text(std::move(run->out));
      else
        e.text = std::move(run->out);
      while (!e.text.empty() && std::isspace(static_cast<unsigned char>(e.text.back())))
        e.text.pop_back();
      if (e.text.find_first_not_of(" \t\r\n\f") == std::string::npos) {
        failure = make_error(ErrorCode::kCorrupt,
                             name + (err.empty() ? " found no text in it" : ": " + err));
        continue;
      }
      if (run->truncated || e.text.size() > options_.max_text_bytes) {
        size_t cut = std::min<size_t>(e.text.size(), options_.max_text_bytes);
        // no half character at the cut
        while (cut > 0 && cut < e.text.size() &&
               (static_cast<unsigned char>(e.text[cut]) & 0xC0) == 0x80)
          --cut;
        e.text.resize(cut);
        e.warnings.push_back("text cut at " + std::to_string(options_.max_text_bytes) +
                             " bytes (office.max_text_bytes)");
      }
      // title, author and dates: the converters give none, the summary stream has them
      if (auto cf = ole::CompoundFile::open(blob.bytes, blob.name))
        if (auto s = cf->summary("\005SummaryInformation")) add_summary(*s, e);
      return e;
    }
    return *failure;
  }

  OfficeOptions options_;
};

}  // namespace

std::unique_ptr<Extractor> make_legacy_office_extractor(const OfficeOptions& options) {
  return std::make_unique<LegacyOfficeExtractor>(options);
}

}  // namespace trawl
