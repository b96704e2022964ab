// ole.h over libgsf (GsfInfileMSOle). What libgsf 1.14.50 does with bad files, read in
// its gsf-infile-msole.c, and what this adapter adds:
//  - a sector chain that loops is cut where it meets itself (ole_make_bat marks the
//    sectors it has visited), so a stream whose chain loops is shorter than its declared
//    size and reading it fails: read() turns that into kCorrupt;
//  - a truncated file: blocks past the end cannot be read, same outcome;
//  - the directory is parsed recursively (one C stack frame per entry, through the
//    left/right/child links), and a table of 128 bytes per directory *byte* is allocated
//    for loop detection (g_malloc0 aborts the process when that fails). So before libgsf
//    sees a file we walk the header and the directory's own sector chain ourselves and
//    refuse a directory whose size would make that table or that recursion dangerous;
//    libgsf then runs on a thread of our own whose stack fits the directory.
//  - libgsf reports problems through g_warning / g_critical on stderr: they are
//    silenced (our own messages say what went wrong).
// Summary-information property sets ([MS-OLEPS]) are parsed here rather than through
// gsf_msole_metadata_read: libgsf names properties by the section's FMTID and treats
// HWP's (9FA2B660-1061-11D4-B4C6-006097C09D8C) as a user-defined section, losing the
// names; the PIDs are the same as SummaryInformation's.
#include <gsf/gsf-infile-msole.h>
#include <gsf/gsf-infile.h>
#include <gsf/gsf-input-memory.h>
#include <gsf/gsf-input.h>
#include <gsf/gsf-utils.h>
#include <pthread.h>

#include <algorithm>
#include <cstring>
#include <ctime>
#include <functional>
#include <mutex>
#include <set>

#include "core/dates.h"
#include "core/text.h"
#include "extractors/charset.h"
#include "extractors/ole.h"

namespace trawl::ole {
namespace {

// libgsf's g_warning / g_critical messages while one of our calls runs on this thread
// go here (else to GLib's default handler, as before we were loaded).
thread_local std::vector<std::string>* t_gsf_messages = nullptr;

class CaptureGsfMessages {
 public:
  explicit CaptureGsfMessages(std::vector<std::string>& into) : prev_(t_gsf_messages) {
    t_gsf_messages = &into;
  }
  ~CaptureGsfMessages() { t_gsf_messages = prev_; }
  CaptureGsfMessages(const CaptureGsfMessages&) = delete;
  CaptureGsfMessages& operator=(const CaptureGsfMessages&) = delete;

 private:
  std::vector<std::string>* prev_;
};

void init_gsf() {
  static std::once_flag once;
  std::call_once(once, [] {
    gsf_init();
    auto handler = [](const gchar* domain, GLogLevelFlags level, const gchar* message,
                      gpointer data) {
      if (t_gsf_messages) {
        t_gsf_messages->push_back(message ? message : "");
        return;
      }
      g_log_default_handler(domain, level, message, data);
    };
    // libgsf's msole reader logs under "libgsf:msole", GsfInfile under the default domain
    for (const char* domain : {"libgsf:msole", "libgsf", static_cast<const char*>(nullptr)})
      g_log_set_handler(domain,
                        static_cast<GLogLevelFlags>(G_LOG_LEVEL_WARNING | G_LOG_LEVEL_CRITICAL |
                                                    G_LOG_LEVEL_MESSAGE),
                        handler, nullptr);
  });
}

// One line for what libgsf said about a stream.
std::string gsf_reason(std::string_view message) {
  if (message.find("instead of a terminator") != std::string_view::npos)
    return "its sector chain does not end (a loop or a bad FAT entry)";
  if (message.find("failure reading block") != std::string_view::npos ||
      message.find("max_block") != std::string_view::npos ||
      message.find("insufficient blocks") != std::string_view::npos)
    return "its sectors lie past the end of the file";
  std::string line = one_line(message);
  if (line.size() > 160) line = std::string(utf8_prefix(line, 160)) + "...";
  return line;
}

struct GObjectUnref {
  void operator()(void* p) const {
    if (p) g_object_unref(p);
  }
};
using InputPtr = std::unique_ptr<GsfInput, GObjectUnref>;
using InfilePtr = std::unique_ptr<GsfInfile, GObjectUnref>;

uint16_t le16(std::string_view b, size_t at) {
  return static_cast<uint16_t>(static_cast<unsigned char>(b[at]) |
                               static_cast<unsigned char>(b[at + 1]) << 8);
}
uint32_t le32(std::string_view b, size_t at) {
  return static_cast<uint32_t>(le16(b, at)) | static_cast<uint32_t>(le16(b, at + 2)) << 16;
}
uint64_t le64(std::string_view b, size_t at) {
  return static_cast<uint64_t>(le32(b, at)) | static_cast<uint64_t>(le32(b, at + 4)) << 32;
}

constexpr std::string_view kSignature{"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8};
constexpr uint32_t kEndOfChain = 0xFFFFFFFE;
// libgsf allocates 128 bytes per directory byte (see above): 64 MB for 1,024 sectors of
// 512 bytes, i.e. 4,096 entries; and recurses once per entry.
constexpr uint64_t kMaxLoopTable = 512ull << 20;
constexpr uint64_t kMaxDirEntries = 200'000;

// The number of sectors of the directory, walked through the FAT from the header, or an
// error for a header libgsf would misread. Cheap: only the FAT sectors on the way are
// looked at.
Result<uint64_t> directory_sectors(std::string_view b) {
  if (b.size() < 512 || b.substr(0, 8) != kSignature)
    return make_error(ErrorCode::kCorrupt, "not an OLE compound file");
  const unsigned shift = le16(b, 0x1E);
  if (shift < 7 || shift > 16)
    return make_error(ErrorCode::kCorrupt,
                      "compound file with a sector size of 2^" + std::to_string(shift) + " bytes");
  const uint64_t ssize = 1ull << shift;
  const uint64_t per_fat = ssize / 4;
  const uint64_t sectors = (b.size() > ssize ? b.size() - ssize : 0) / ssize + 1;
  auto sector_at = [&](uint32_t s) -> std::optional<size_t> {
    const uint64_t off = (static_cast<uint64_t>(s) + 1) << shift;
    if (off >= b.size()) return std::nullopt;
    return static_cast<size_t>(off);
  };
  // the FAT sectors: 109 in the header, then the DIFAT chain
  std::vector<uint32_t> fat;
  const uint32_t num_fat = le32(b, 0x2C);
  for (size_t i = 0; i < 109 && fat.size() < num_fat; ++i) fat.push_back(le32(b, 0x4C + 4 * i));
  uint32_t difat = le32(b, 0x44);
  std::set<uint32_t> seen;
  while (fat.size() < num_fat && difat < kEndOfChain && seen.insert(difat).second) {
    auto off = sector_at(difat);
    if (!off || *off + ssize > b.size()) break;
    for (uint64_t i = 0; i + 1 < per_fat && fat.size() < num_fat; ++i)
      fat.push_back(le32(b, *off + 4 * i));
    difat = le32(b, *off + ssize - 4);
  }
  auto next = [&](uint32_t s) -> std::optional<uint32_t> {
    const uint64_t idx = s / per_fat;
    if (idx >= fat.size()) return std::nullopt;
    auto off = sector_at(fat[idx]);
    if (!off || *off + ssize > b.size()) return std::nullopt;
    return le32(b, *off + 4 * (s % per_fat));
  };
  uint64_t n = 0;
  std::set<uint32_t> visited;
  for (uint32_t s = le32(b, 0x30); s < sectors && visited.insert(s).second;) {
    ++n;
    auto nx = next(s);
    if (!nx) break;
    s = *nx;
  }
  if (n == 0) return make_error(ErrorCode::kCorrupt, "compound file without a directory");
  return n;
}

// Runs fn on a thread with a stack of `stack_bytes` (libgsf's recursive directory
// parse must not overflow a pipeline thread's stack).
bool run_with_stack(size_t stack_bytes, const std::function<void()>& fn) {
  pthread_attr_t attr;
  if (pthread_attr_init(&attr) != 0) return false;
  pthread_attr_setstacksize(&attr, stack_bytes);
  pthread_t thread;
  auto body = [](void* arg) -> void* {
    (*static_cast<const std::function<void()>*>(arg))();
    return nullptr;
  };
  const bool ok =
      pthread_create(&thread, &attr, body, const_cast<std::function<void()>*>(&fn)) == 0;
  pthread_attr_destroy(&attr);
  if (ok) pthread_join(thread, nullptr);
  return ok;
}

std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) slash = path.size();
    if (slash > start) parts.emplace_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return parts;
}

// A FILETIME (100 ns since 1601) as ISO 8601 UTC; "" for 0 or out of range.
std::string filetime_iso(uint64_t ft) {
  const int64_t t = filetime_to_unix(ft);
  return t ? format_timestamp(t) : std::string();
}

// A property's UTF-16LE string, up to its terminating NUL.
std::string utf16le_string(std::string_view b) {
  std::string s = utf16le_to_utf8(b);
  if (const size_t nul = s.find('\0'); nul != std::string::npos) s.resize(nul);
  return s;
}

std::string codepage_label(int cp) {
  switch (cp) {
    case 65001:
      return "utf-8";
    case 949:
      return "cp949";
    case 936:
      return "gbk";
    case 932:
      return "shift_jis";
    case 20866:
      return "koi8-r";
    case 0:
      return "";
    default:
      return cp >= 1250 && cp <= 1258 ? "windows-" + std::to_string(cp) : "";
  }
}

// One property set stream: the first section's properties we keep.
std::optional<Summary> parse_summary(std::string_view b) {
  if (b.size() < 48 || le16(b, 0) != 0xFFFE) return std::nullopt;
  const uint32_t sections = le32(b, 24);
  if (sections == 0) return std::nullopt;
  const uint32_t so = le32(b, 44);
  if (so > b.size() || b.size() - so < 8) return std::nullopt;
  const std::string_view s = b.substr(so);
  // 64-bit arithmetic throughout: offsets and sizes come from the file
  const uint64_t ssize = std::min<uint64_t>(le32(s, 0), s.size());
  const uint64_t count = le32(s, 4);
  if (ssize < 8 || count > (ssize - 8) / 8) return std::nullopt;
  Summary out;
  // the code page first: it says how VT_LPSTR strings are encoded
  struct Prop {
    uint32_t id;
    uint64_t offset;
  };
  std::vector<Prop> props;
  for (uint64_t i = 0; i < count; ++i) props.push_back({le32(s, 8 + 8 * i), le32(s, 12 + 8 * i)});
  for (const Prop& p : props)
    if (p.id == 1 && p.offset + 6 <= ssize && le16(s, p.offset) == 2 /* VT_I2 */)
      out.codepage = le16(s, p.offset + 4);
  const std::string label = codepage_label(out.codepage);
  for (const Prop& p : props) {
    if (p.offset + 8 > ssize) continue;  // also: v + 4 <= ssize below
    const uint16_t type = le16(s, p.offset);
    const size_t v = p.offset + 4;
    std::string text;
    if (type == 30 /* VT_LPSTR */) {
      const uint64_t n = le32(s, v);
      if (n > ssize - v - 4) continue;
      std::string_view raw = s.substr(v + 4, n);
      while (!raw.empty() && raw.back() == '\0') raw.remove_suffix(1);
      if (out.codepage == 1200)
        text = utf16le_string(s.substr(v + 4, n));
      else
        text = decode_text(raw, label.empty() ? std::vector<std::string>{}
                                              : std::vector<std::string>{label})
                   .text;
    } else if (type == 31 /* VT_LPWSTR: a count of UTF-16 units */) {
      const uint64_t n = le32(s, v);
      if (n > (ssize - v - 4) / 2) continue;
      text = utf16le_string(s.substr(v + 4, 2ull * n));
    } else if (type == 64 /* VT_FILETIME */) {
      if (p.offset + 12 > ssize) continue;
      text = filetime_iso(le64(s, v));
    } else {
      continue;
    }
    text = std::string(trim(text));
    switch (p.id) {
      case 2:
        out.title = text;
        break;
      case 3:
        out.subject = text;
        break;
      case 4:
        out.author = text;
        break;
      case 5:
        out.keywords = text;
        break;
      case 6:
        out.comments = text;
        break;
      case 8:
        out.last_author = text;
        break;
      case 12:
        out.created = type == 64 ? text : "";
        break;
      case 13:
        out.modified = type == 64 ? text : "";
        break;
      case 18:
        out.application = text;
        break;
      default:
        break;
    }
  }
  return out;
}

}  // namespace

struct CompoundFile::Impl {
  InputPtr input;
  InfilePtr root;
  std::string name;
  mutable std::vector<std::string> warnings;  // "path: reason", each once

  void note(std::string_view path, const std::vector<std::string>& messages) const {
    for (const std::string& m : messages) {
      std::string w =
          (path.empty() ? std::string("directory") : std::string(path)) + ": " + gsf_reason(m);
      if (std::find(warnings.begin(), warnings.end(), w) == warnings.end())
        warnings.push_back(std::move(w));
    }
  }

  // A new reference to the child at `path` (the root for ""), or null. What libgsf
  // reports on the way goes to `warnings`, and the last of it to *reason.
  InputPtr open(std::string_view path, std::string* reason = nullptr) const {
    std::vector<std::string> messages;
    InputPtr cur(GSF_INPUT(g_object_ref(root.get())));
    {
      CaptureGsfMessages capture(messages);
      for (const std::string& part : split_path(path)) {
        if (!GSF_IS_INFILE(cur.get())) {
          cur.reset();
          break;
        }
        GsfInput* child = gsf_infile_child_by_name(GSF_INFILE(cur.get()), part.c_str());
        cur.reset(child);
        if (!child) break;
      }
    }
    note(path, messages);
    if (reason && !messages.empty()) *reason = gsf_reason(messages.back());
    return cur;
  }

  // Whether `path` is listed in its storage (it may still fail to open).
  bool listed(std::string_view path) const {
    const size_t slash = path.rfind('/');
    const std::string_view parent = slash == std::string_view::npos ? "" : path.substr(0, slash);
    const std::string_view leaf = slash == std::string_view::npos ? path : path.substr(slash + 1);
    InputPtr dir = open(parent);
    if (!dir || !GSF_IS_INFILE(dir.get())) return false;
    GsfInfile* in = GSF_INFILE(dir.get());
    for (int i = 0, n = gsf_infile_num_children(in); i < n; ++i)
      if (const char* nm = gsf_infile_name_by_index(in, i); nm && leaf == nm) return true;
    return false;
  }

  // kNotFound for a path that is not there, kCorrupt for one listed that cannot be opened.
  Error missing(std::string_view path, const std::string& reason) const {
    if (listed(path))
      return make_error(ErrorCode::kCorrupt,
                        std::string(path) + ": " + (reason.empty() ? "cannot be opened" : reason));
    return make_error(ErrorCode::kNotFound, "no stream " + std::string(path));
  }
};

namespace {
bool is_storage(GsfInput* in) {
  return GSF_IS_INFILE(in) && gsf_infile_num_children(GSF_INFILE(in)) >= 0;
}
}  // namespace

Result<CompoundFile> CompoundFile::open(std::string_view bytes, std::string_view name) {
  init_gsf();
  auto dir = directory_sectors(bytes);
  if (!dir) return dir.error();
  const unsigned shift = le16(bytes, 0x1E);
  const uint64_t loop_table = (*dir << shift) * 128;
  const uint64_t entries = (*dir << shift) / 128;
  if (loop_table > kMaxLoopTable || entries > kMaxDirEntries)
    return make_error(ErrorCode::kTooLarge,
                      "compound-file directory of " + std::to_string(entries) + " entries");
  auto impl = std::make_shared<Impl>();
  impl->name = std::string(name);
  impl->input.reset(gsf_input_memory_new(reinterpret_cast<const guint8*>(bytes.data()),
                                         static_cast<gsf_off_t>(bytes.size()), FALSE));
  if (!impl->input) return make_error(ErrorCode::kCorrupt, "not an OLE compound file");
  std::string reason;
  GsfInput* input = impl->input.get();
  std::vector<std::string> messages;
  const bool ran = run_with_stack((8u << 20) + entries * 1024, [&] {
    CaptureGsfMessages capture(messages);
    GError* err = nullptr;
    GsfInfile* root = gsf_infile_msole_new(input, &err);
    if (root) {
      impl->root.reset(root);
    } else {
      reason = err && err->message ? err->message : "unreadable";
    }
    if (err) g_error_free(err);
  });
  if (!ran) return make_error(ErrorCode::kIo, "cannot start a thread to read the compound file");
  impl->note("", messages);
  if (!impl->root)
    return make_error(ErrorCode::kCorrupt, "bad OLE compound file: " + one_line(reason));
  CompoundFile cf;
  cf.impl_ = std::move(impl);
  return cf;
}

std::vector<Entry> CompoundFile::children(std::string_view storage) const {
  std::vector<Entry> out;
  InputPtr dir = impl_->open(storage);
  if (!dir || !is_storage(dir.get())) return out;
  GsfInfile* in = GSF_INFILE(dir.get());
  const int n = gsf_infile_num_children(in);
  for (int i = 0; i < n; ++i) {
    const char* nm = gsf_infile_name_by_index(in, i);
    if (!nm) continue;
    Entry e;
    e.name = nm;
    std::vector<std::string> messages;
    InputPtr child;
    {
      CaptureGsfMessages capture(messages);
      child.reset(gsf_infile_child_by_index(in, i));
    }
    impl_->note(storage.empty() ? e.name : std::string(storage) + "/" + e.name, messages);
    if (child) {
      e.storage = is_storage(child.get());
      e.size = e.storage ? 0 : static_cast<uint64_t>(gsf_input_size(child.get()));
    }
    out.push_back(std::move(e));
  }
  return out;
}

bool CompoundFile::has(std::string_view path) const { return impl_->open(path) != nullptr; }

std::optional<Entry> CompoundFile::entry(std::string_view path) const {
  InputPtr in = impl_->open(path);
  if (!in) return std::nullopt;
  Entry e;
  auto parts = split_path(path);
  e.name = parts.empty() ? "" : parts.back();
  e.storage = is_storage(in.get());
  e.size = e.storage ? 0 : static_cast<uint64_t>(gsf_input_size(in.get()));
  return e;
}

namespace {
// Reads up to `want` bytes from the start of `in`; returns how many could be read.
std::string read_some(GsfInput* in, uint64_t want) {
  std::string out;
  if (gsf_input_seek(in, 0, G_SEEK_SET)) return out;
  constexpr uint64_t kChunk = 64 * 1024;
  while (out.size() < want) {
    const uint64_t n = std::min<uint64_t>(kChunk, want - out.size());
    const guint8* p = gsf_input_read(in, n, nullptr);
    if (!p) {
      // the chunk spans the end of the chain: read what is left sector by sector
      for (uint64_t step = 512; step > 0 && out.size() < want; step /= 2) {
        while (out.size() < want) {
          const uint64_t m = std::min<uint64_t>(step, want - out.size());
          const guint8* q = gsf_input_read(in, m, nullptr);
          if (!q) break;
          out.append(reinterpret_cast<const char*>(q), m);
        }
        if (step == 1) break;
      }
      break;
    }
    out.append(reinterpret_cast<const char*>(p), n);
  }
  return out;
}
}  // namespace

Result<std::string> CompoundFile::read(std::string_view path, std::uint64_t limit) const {
  std::string reason;
  InputPtr in = impl_->open(path, &reason);
  if (!in) return impl_->missing(path, reason);
  if (is_storage(in.get()))
    return make_error(ErrorCode::kNotFound, "no stream " + std::string(path));
  const gsf_off_t size = gsf_input_size(in.get());
  if (size < 0) return make_error(ErrorCode::kCorrupt, std::string(path) + ": no size");
  if (static_cast<uint64_t>(size) > limit)
    return make_error(ErrorCode::kTooLarge, std::string(path) + ": " + std::to_string(size) +
                                                " bytes, over the limit of " +
                                                std::to_string(limit));
  std::vector<std::string> messages;
  std::string out;
  {
    CaptureGsfMessages capture(messages);
    out = read_some(in.get(), static_cast<uint64_t>(size));
  }
  impl_->note(path, messages);
  if (out.size() < static_cast<uint64_t>(size))
    return make_error(ErrorCode::kCorrupt,
                      std::string(path) + ": only " + std::to_string(out.size()) + " of " +
                          std::to_string(size) +
                          " bytes readable (a truncated file or a broken sector chain)");
  return out;
}

Result<std::string> CompoundFile::read_prefix(std::string_view path, std::uint64_t limit) const {
  std::string reason;
  InputPtr in = impl_->open(path, &reason);
  if (!in) return impl_->missing(path, reason);
  if (is_storage(in.get()))
    return make_error(ErrorCode::kNotFound, "no stream " + std::string(path));
  const gsf_off_t size = gsf_input_size(in.get());
  std::vector<std::string> messages;
  std::string out;
  {
    CaptureGsfMessages capture(messages);
    out = read_some(in.get(), std::min<uint64_t>(limit, size < 0 ? 0 : size));
  }
  impl_->note(path, messages);
  return out;
}

std::vector<std::string> CompoundFile::warnings() const { return impl_->warnings; }

std::optional<Summary> CompoundFile::summary(std::string_view path) const {
  auto bytes = read(path, 1 << 20);
  if (!bytes) return std::nullopt;
  return parse_summary(*bytes);
}

}  // namespace trawl::ole
