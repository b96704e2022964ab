// A small compound-file ([MS-CFB] version 3) writer for the tests: streams at paths
// ("BodyText/Section0"), storages made on the way. Every stream is in regular 512-byte
// sectors (the header's mini-stream cutoff is 0, so readers take none for the mini
// stream); the layout is fixed so that a test can break it on purpose: the FAT in
// sectors 0.., then the directory, then each stream's sectors in the order given.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace trawl::test {

class CfbWriter {
 public:
  void add(const std::string& path, std::string bytes) {
    streams_.push_back({path, std::move(bytes)});
  }

  struct Built {
    std::string bytes;
    std::map<std::string, uint32_t> first_sector;  // of each stream, by path
    uint32_t directory_sector = 0;
    // Sets FAT entry `sector` (the FAT sectors are contiguous from sector 0).
    void set_fat(uint32_t sector, uint32_t value) { put32(bytes, 512 + 4 * sector, value); }
    size_t sector_offset(uint32_t sector) const { return 512 + 512ull * sector; }
  };

  Built build() const {
    struct Node {
      std::string name;
      bool storage = true;
      int stream = -1;
      std::vector<int> kids;
    };
    std::vector<Node> nodes{{"Root Entry", true, -1, {}}};
    auto child = [&](int parent, const std::string& name, bool storage) {
      for (int k : nodes[parent].kids)
        if (nodes[k].name == name) return k;
      nodes.push_back({name, storage, -1, {}});
      const int id = static_cast<int>(nodes.size()) - 1;
      nodes[parent].kids.push_back(id);
      return id;
    };
    for (size_t i = 0; i < streams_.size(); ++i) {
      int cur = 0;
      const std::string& p = streams_[i].path;
      size_t start = 0;
      for (size_t slash; (slash = p.find('/', start)) != std::string::npos; start = slash + 1)
        cur = child(cur, p.substr(start, slash - start), true);
      const int leaf = child(cur, p.substr(start), false);
      nodes[leaf].stream = static_cast<int>(i);
    }
    const uint32_t dir_sectors = static_cast<uint32_t>((nodes.size() * 128 + 511) / 512);
    uint32_t data_sectors = 0;
    for (const auto& s : streams_)
      data_sectors += static_cast<uint32_t>((s.bytes.size() + 511) / 512);
    uint32_t fat_sectors = 1;
    while (fat_sectors * 128 < fat_sectors + dir_sectors + data_sectors) ++fat_sectors;
    const uint32_t total = fat_sectors + dir_sectors + data_sectors;

    Built out;
    out.bytes.assign(512 + 512ull * total, '\0');
    std::string& b = out.bytes;
    // header
    b.replace(0, 8, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
    put16(b, 0x18, 0x3E);
    put16(b, 0x1A, 3);
    put16(b, 0x1C, 0xFFFE);
    put16(b, 0x1E, 9);
    put16(b, 0x20, 6);
    put32(b, 0x2C, fat_sectors);
    put32(b, 0x30, fat_sectors);
    put32(b, 0x38, 0);  // mini-stream cutoff: every stream in regular sectors
    put32(b, 0x3C, kEnd);
    put32(b, 0x40, 0);
    put32(b, 0x44, kEnd);
    put32(b, 0x48, 0);
    for (uint32_t i = 0; i < 109; ++i) put32(b, 0x4C + 4 * i, i < fat_sectors ? i : kFree);
    // FAT
    for (uint32_t i = 0; i < 128 * fat_sectors; ++i) out.set_fat(i, kFree);
    for (uint32_t i = 0; i < fat_sectors; ++i) out.set_fat(i, 0xFFFFFFFD);
    auto chain = [&](uint32_t first, uint32_t n) {
      for (uint32_t i = 0; i < n; ++i) out.set_fat(first + i, i + 1 < n ? first + i + 1 : kEnd);
    };
    out.directory_sector = fat_sectors;
    chain(fat_sectors, dir_sectors);
    uint32_t next = fat_sectors + dir_sectors;
    std::vector<uint32_t> first(streams_.size(), kEnd);
    for (size_t i = 0; i < streams_.size(); ++i) {
      const auto& s = streams_[i];
      const uint32_t n = static_cast<uint32_t>((s.bytes.size() + 511) / 512);
      if (n == 0) continue;
      first[i] = next;
      out.first_sector[s.path] = next;
      chain(next, n);
      b.replace(out.sector_offset(next), s.bytes.size(), s.bytes);
      next += n;
    }
    // directory: each storage's children as a chain of right siblings
    for (size_t i = 0; i < nodes.size(); ++i) {
      const size_t at = out.sector_offset(fat_sectors) + 128 * i;
      const Node& n = nodes[i];
      std::u16string name = utf16(n.name);
      for (size_t k = 0; k < name.size() && k < 31; ++k) put16(b, at + 2 * k, name[k]);
      put16(b, at + 0x40, static_cast<uint16_t>(2 * (std::min<size_t>(name.size(), 31) + 1)));
      b[at + 0x42] = static_cast<char>(i == 0 ? 5 : n.storage ? 1 : 2);
      b[at + 0x43] = 1;
      put32(b, at + 0x44, kNone);
      put32(b, at + 0x48, kNone);
      put32(b, at + 0x4C, n.kids.empty() ? kNone : static_cast<uint32_t>(n.kids[0]));
      for (size_t k = 0; k + 1 < n.kids.size(); ++k)
        put32(b, out.sector_offset(fat_sectors) + 128 * n.kids[k] + 0x48,
              static_cast<uint32_t>(n.kids[k + 1]));
      if (n.stream >= 0) {
        put32(b, at + 0x74, first[n.stream]);
        put32(b, at + 0x78, static_cast<uint32_t>(streams_[n.stream].bytes.size()));
      } else {
        put32(b, at + 0x74, i == 0 ? kEnd : 0);
      }
    }
    // right-sibling links were written into entries already filled: redo them last
    for (size_t i = 0; i < nodes.size(); ++i)
      for (size_t k = 0; k + 1 < nodes[i].kids.size(); ++k)
        put32(b, out.sector_offset(fat_sectors) + 128 * nodes[i].kids[k] + 0x48,
              static_cast<uint32_t>(nodes[i].kids[k + 1]));
    for (size_t i = nodes.size(); i < dir_sectors * 4u; ++i) {
      const size_t at = out.sector_offset(fat_sectors) + 128 * i;
      put32(b, at + 0x44, kNone);
      put32(b, at + 0x48, kNone);
      put32(b, at + 0x4C, kNone);
    }
    return out;
  }

  static void put16(std::string& b, size_t at, uint32_t v) {
    b[at] = static_cast<char>(v & 0xFF);
    b[at + 1] = static_cast<char>((v >> 8) & 0xFF);
  }
  static void put32(std::string& b, size_t at, uint32_t v) {
    put16(b, at, v & 0xFFFF);
    put16(b, at + 2, v >> 16);
  }

  // UTF-8 -> UTF-16 (BMP and surrogate pairs).
  static std::u16string utf16(const std::string& s) {
    std::u16string out;
    for (size_t i = 0; i < s.size();) {
      const unsigned char c = static_cast<unsigned char>(s[i]);
      char32_t cp;
      int len;
      if (c < 0x80) {
        cp = c, len = 1;
      } else if (c < 0xE0) {
        cp = c & 0x1F, len = 2;
      } else if (c < 0xF0) {
        cp = c & 0x0F, len = 3;
      } else {
        cp = c & 0x07, len = 4;
      }
      for (int k = 1; k < len && i + k < s.size(); ++k)
        cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
      i += len;
      if (cp >= 0x10000) {
        cp -= 0x10000;
        out.push_back(static_cast<char16_t>(0xD800 + (cp >> 10)));
        out.push_back(static_cast<char16_t>(0xDC00 + (cp & 0x3FF)));
      } else {
        out.push_back(static_cast<char16_t>(cp));
      }
    }
    return out;
  }
  static std::string utf16le(const std::string& s) {
    std::string out;
    for (char16_t u : utf16(s)) {
      out.push_back(static_cast<char>(u & 0xFF));
      out.push_back(static_cast<char>(u >> 8));
    }
    return out;
  }

  static constexpr uint32_t kEnd = 0xFFFFFFFE;
  static constexpr uint32_t kFree = 0xFFFFFFFF;
  static constexpr uint32_t kNone = 0xFFFFFFFF;

 private:
  struct Stream {
    std::string path;
    std::string bytes;
  };
  std::vector<Stream> streams_;
};

// A property set stream ([MS-OLEPS]) of one section: strings as VT_LPWSTR (UTF-16), or
// as VT_LPSTR in `codepage` when `lpstr` is set (the bytes given as they are), dates as
// VT_FILETIME (unix seconds).
inline std::string property_set(const std::map<uint32_t, std::string>& strings,
                                const std::map<uint32_t, int64_t>& dates, int codepage = 1200,
                                bool lpstr = false) {
  std::string section;
  std::vector<std::pair<uint32_t, std::string>> props;
  {
    std::string v(8, '\0');
    CfbWriter::put16(v, 0, 2);  // VT_I2
    CfbWriter::put16(v, 4, static_cast<uint32_t>(codepage));
    props.emplace_back(1, v);
  }
  for (const auto& [id, s] : strings) {
    std::string v(8, '\0');
    std::string data;
    if (lpstr) {
      CfbWriter::put16(v, 0, 30);
      data = s + '\0';
      CfbWriter::put32(v, 4, static_cast<uint32_t>(data.size()));
    } else {
      CfbWriter::put16(v, 0, 31);
      data = CfbWriter::utf16le(s) + std::string(2, '\0');
      CfbWriter::put32(v, 4, static_cast<uint32_t>(data.size() / 2));
    }
    v += data;
    while (v.size() % 4) v.push_back('\0');
    props.emplace_back(id, v);
  }
  for (const auto& [id, t] : dates) {
    std::string v(12, '\0');
    CfbWriter::put16(v, 0, 64);
    const uint64_t ft = static_cast<uint64_t>(t) * 10000000ull + 116444736000000000ull;
    CfbWriter::put32(v, 4, static_cast<uint32_t>(ft));
    CfbWriter::put32(v, 8, static_cast<uint32_t>(ft >> 32));
    props.emplace_back(id, v);
  }
  std::string table, values;
  const size_t head = 8 + 8 * props.size();
  for (const auto& [id, v] : props) {
    std::string e(8, '\0');
    CfbWriter::put32(e, 0, id);
    CfbWriter::put32(e, 4, static_cast<uint32_t>(head + values.size()));
    table += e;
    values += v;
  }
  section.assign(8, '\0');
  CfbWriter::put32(section, 0, static_cast<uint32_t>(head + values.size()));
  CfbWriter::put32(section, 4, static_cast<uint32_t>(props.size()));
  section += table + values;
  std::string out(48, '\0');
  CfbWriter::put16(out, 0, 0xFFFE);
  CfbWriter::put32(out, 24, 1);
  // FMTID_SummaryInformation F29F85E0-4FF9-1068-AB91-08002B27B3D9
  const unsigned char fmtid[16] = {0xE0, 0x85, 0x9F, 0xF2, 0xF9, 0x4F, 0x68, 0x10,
                                   0xAB, 0x91, 0x08, 0x00, 0x2B, 0x27, 0xB3, 0xD9};
  out.replace(28, 16, reinterpret_cast<const char*>(fmtid), 16);
  CfbWriter::put32(out, 44, 48);
  return out + section;
}

}  // namespace trawl::test
