// Which network addresses the crawler may connect to. Checked on the address a
// connection is about to be made to (after DNS resolution, on every redirect and every
// new connection), so that a name resolving to an internal address, first or after a
// rebinding, cannot reach one.
#pragma once

#include <string>
#include <string_view>

struct sockaddr;

namespace trawl {

// Why an address is not public; kPublic for one the crawler may use by default.
enum class AddressClass {
  kPublic,
  kUnspecified,  // 0.0.0.0/8, ::
  kLoopback,     // 127.0.0.0/8, ::1
  kPrivate,      // 10/8, 172.16/12, 192.168/16 (RFC 1918)
  kSharedCgnat,  // 100.64.0.0/10 (RFC 6598)
  kLinkLocal,    // 169.254.0.0/16 (cloud metadata at 169.254.169.254 included), fe80::/10
  kUniqueLocal,  // fc00::/7
  kMulticast,    // 224.0.0.0/4, ff00::/8
  kReserved,     // 192.0.0.0/24, documentation and benchmark ranges, 240.0.0.0/4, broadcast
  kUnparsable,   // not an address at all
};

// The class of an IPv4 or IPv6 address in text form ("10.0.0.1", "::ffff:127.0.0.1",
// "[::1]"). IPv4-mapped and IPv4-compatible IPv6 addresses, NAT64 (64:ff9b::/96) and
// 6to4 (2002::/16) are judged by the IPv4 address they carry.
AddressClass classify_address(std::string_view text);
// The same for a socket address (AF_INET or AF_INET6; others are kUnparsable).
AddressClass classify_address(const sockaddr* address);

// "loopback", "private", "link-local"... for messages: "refused 127.0.0.1: loopback
// address (set allow_private = true for this source to allow it)".
std::string_view address_class_name(AddressClass c);

// The text form of a socket address ("93.184.216.34", "2001:db8::1"), "" if unknown.
std::string address_text(const sockaddr* address);

}  // namespace trawl
