#include "crawl/address.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <array>
#include <cstdint>
#include <cstring>

namespace trawl {
namespace {

struct Range4 {
  uint32_t net;
  int bits;
  AddressClass cls;
};

constexpr uint32_t ip4(int a, int b, int c, int d) {
  return (uint32_t(a) << 24) | (uint32_t(b) << 16) | (uint32_t(c) << 8) | uint32_t(d);
}

// IANA's special-purpose IPv4 registry, the parts a crawler must not reach.
constexpr std::array<Range4, 16> kRanges4 = {{
    {ip4(0, 0, 0, 0), 8, AddressClass::kUnspecified},
    {ip4(10, 0, 0, 0), 8, AddressClass::kPrivate},
    {ip4(100, 64, 0, 0), 10, AddressClass::kSharedCgnat},
    {ip4(127, 0, 0, 0), 8, AddressClass::kLoopback},
    {ip4(169, 254, 0, 0), 16, AddressClass::kLinkLocal},
    {ip4(172, 16, 0, 0), 12, AddressClass::kPrivate},
    {ip4(192, 0, 0, 0), 24, AddressClass::kReserved},
    {ip4(192, 0, 2, 0), 24, AddressClass::kReserved},
    {ip4(192, 88, 99, 0), 24, AddressClass::kReserved},
    {ip4(192, 168, 0, 0), 16, AddressClass::kPrivate},
    {ip4(198, 18, 0, 0), 15, AddressClass::kReserved},
    {ip4(198, 51, 100, 0), 24, AddressClass::kReserved},
    {ip4(203, 0, 113, 0), 24, AddressClass::kReserved},
    {ip4(224, 0, 0, 0), 4, AddressClass::kMulticast},
    {ip4(240, 0, 0, 0), 4, AddressClass::kReserved},  // 255.255.255.255 included
    {ip4(255, 255, 255, 255), 32, AddressClass::kReserved},
}};

AddressClass classify4(uint32_t a) {
  for (const Range4& r : kRanges4) {
    const uint32_t mask = r.bits == 0 ? 0 : ~uint32_t(0) << (32 - r.bits);
    if ((a & mask) == r.net) return r.cls;
  }
  return AddressClass::kPublic;
}

uint32_t v4_at(const uint8_t* p) {
  return (uint32_t(p[0]) << 24) | (uint32_t(p[1]) << 16) | (uint32_t(p[2]) << 8) | uint32_t(p[3]);
}

AddressClass classify6(const uint8_t* b) {
  static const uint8_t kZero[16] = {};
  if (std::memcmp(b, kZero, 16) == 0) return AddressClass::kUnspecified;
  if (std::memcmp(b, kZero, 15) == 0 && b[15] == 1) return AddressClass::kLoopback;
  // ::ffff:a.b.c.d (mapped) and ::a.b.c.d (compatible, deprecated)
  if (std::memcmp(b, kZero, 10) == 0 &&
      ((b[10] == 0xff && b[11] == 0xff) || (b[10] == 0 && b[11] == 0)))
    return classify4(v4_at(b + 12));
  // NAT64 64:ff9b::/96 carries an IPv4 address in its last 32 bits
  static const uint8_t kNat64[12] = {0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0};
  if (std::memcmp(b, kNat64, 12) == 0) return classify4(v4_at(b + 12));
  // 6to4 2002:AABB:CCDD::/48
  if (b[0] == 0x20 && b[1] == 0x02) {
    AddressClass c = classify4(v4_at(b + 2));
    if (c != AddressClass::kPublic) return c;
  }
  if ((b[0] & 0xfe) == 0xfc) return AddressClass::kUniqueLocal;
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) return AddressClass::kLinkLocal;
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0) return AddressClass::kUniqueLocal;  // site-local
  if (b[0] == 0xff) return AddressClass::kMulticast;
  // 2001:db8::/32 documentation, 100::/64 discard
  if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8) return AddressClass::kReserved;
  if (b[0] == 0x01 && b[1] == 0x00 && std::memcmp(b + 2, kZero, 6) == 0)
    return AddressClass::kReserved;
  return AddressClass::kPublic;
}

}  // namespace

AddressClass classify_address(std::string_view text) {
  if (text.size() >= 2 && text.front() == '[' && text.back() == ']')
    text = text.substr(1, text.size() - 2);
  if (text.empty() || text.size() > 64) return AddressClass::kUnparsable;
  const std::string s(text);
  in_addr a4{};
  if (inet_pton(AF_INET, s.c_str(), &a4) == 1) return classify4(ntohl(a4.s_addr));
  in6_addr a6{};
  if (inet_pton(AF_INET6, s.c_str(), &a6) == 1) return classify6(a6.s6_addr);
  return AddressClass::kUnparsable;
}

AddressClass classify_address(const sockaddr* address) {
  if (!address) return AddressClass::kUnparsable;
  if (address->sa_family == AF_INET) {
    const auto* in = reinterpret_cast<const sockaddr_in*>(address);
    return classify4(ntohl(in->sin_addr.s_addr));
  }
  if (address->sa_family == AF_INET6) {
    const auto* in6 = reinterpret_cast<const sockaddr_in6*>(address);
    return classify6(in6->sin6_addr.s6_addr);
  }
  return AddressClass::kUnparsable;
}

std::string_view address_class_name(AddressClass c) {
  switch (c) {
    case AddressClass::kPublic:
      return "public";
    case AddressClass::kUnspecified:
      return "unspecified";
    case AddressClass::kLoopback:
      return "loopback";
    case AddressClass::kPrivate:
      return "private";
    case AddressClass::kSharedCgnat:
      return "shared (CGNAT)";
    case AddressClass::kLinkLocal:
      return "link-local";
    case AddressClass::kUniqueLocal:
      return "unique-local";
    case AddressClass::kMulticast:
      return "multicast";
    case AddressClass::kReserved:
      return "reserved";
    case AddressClass::kUnparsable:
      return "unparsable";
  }
  return "unknown";
}

std::string address_text(const sockaddr* address) {
  char buf[INET6_ADDRSTRLEN] = {};
  if (!address) return "";
  if (address->sa_family == AF_INET) {
    const auto* in = reinterpret_cast<const sockaddr_in*>(address);
    if (inet_ntop(AF_INET, &in->sin_addr, buf, sizeof buf)) return buf;
  } else if (address->sa_family == AF_INET6) {
    const auto* in6 = reinterpret_cast<const sockaddr_in6*>(address);
    if (inet_ntop(AF_INET6, &in6->sin6_addr, buf, sizeof buf)) return buf;
  }
  return "";
}

}  // namespace trawl
