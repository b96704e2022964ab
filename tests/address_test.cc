// The crawler's address check: what a fetch may connect to without allow_private.
#include "crawl/address.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <catch2/catch.hpp>

using namespace trawl;

TEST_CASE("Internal addresses are told from public ones, in IPv4 and IPv6", "[crawl][address]") {
  struct Case {
    const char* address;
    AddressClass want;
  };
  for (const Case& c : {
           Case{"93.184.216.34", AddressClass::kPublic},
           Case{"8.8.8.8", AddressClass::kPublic},
           Case{"127.0.0.1", AddressClass::kLoopback},
           Case{"127.1.2.3", AddressClass::kLoopback},
           Case{"0.0.0.0", AddressClass::kUnspecified},
           Case{"10.1.2.3", AddressClass::kPrivate},
           Case{"172.16.0.1", AddressClass::kPrivate},
           Case{"172.31.255.255", AddressClass::kPrivate},
           Case{"172.32.0.1", AddressClass::kPublic},
           Case{"192.168.1.1", AddressClass::kPrivate},
           Case{"100.64.0.1", AddressClass::kSharedCgnat},
           Case{"100.128.0.1", AddressClass::kPublic},
           Case{"169.254.169.254", AddressClass::kLinkLocal},  // cloud metadata
           Case{"224.0.0.1", AddressClass::kMulticast},
           Case{"255.255.255.255", AddressClass::kReserved},
           Case{"198.51.100.7", AddressClass::kReserved},
           Case{"::1", AddressClass::kLoopback},
           Case{"[::1]", AddressClass::kLoopback},
           Case{"::", AddressClass::kUnspecified},
           Case{"::ffff:127.0.0.1", AddressClass::kLoopback},  // IPv4-mapped
           Case{"::ffff:10.0.0.1", AddressClass::kPrivate},
           Case{"::ffff:93.184.216.34", AddressClass::kPublic},
           Case{"64:ff9b::a9fe:a9fe", AddressClass::kLinkLocal},  // NAT64 of 169.254.169.254
           Case{"2002:7f00:1::", AddressClass::kLoopback},        // 6to4 of 127.0.0.1
           Case{"fe80::1", AddressClass::kLinkLocal},
           Case{"fd00::1", AddressClass::kUniqueLocal},
           Case{"fc00::1", AddressClass::kUniqueLocal},
           Case{"ff02::1", AddressClass::kMulticast},
           Case{"2001:db8::1", AddressClass::kReserved},
           Case{"2606:2800:220:1:248:1893:25c8:1946", AddressClass::kPublic},
           Case{"example.org", AddressClass::kUnparsable},
           Case{"127.0.0.1.nip.io", AddressClass::kUnparsable},
           Case{"", AddressClass::kUnparsable},
       }) {
    INFO(c.address);
    CHECK(classify_address(c.address) == c.want);
  }
}

TEST_CASE("Socket addresses are judged and printed like their text", "[crawl][address]") {
  sockaddr_in v4{};
  v4.sin_family = AF_INET;
  REQUIRE(inet_pton(AF_INET, "192.168.0.10", &v4.sin_addr) == 1);
  CHECK(classify_address(reinterpret_cast<const sockaddr*>(&v4)) == AddressClass::kPrivate);
  CHECK(address_text(reinterpret_cast<const sockaddr*>(&v4)) == "192.168.0.10");
  sockaddr_in6 v6{};
  v6.sin6_family = AF_INET6;
  REQUIRE(inet_pton(AF_INET6, "::ffff:169.254.169.254", &v6.sin6_addr) == 1);
  CHECK(classify_address(reinterpret_cast<const sockaddr*>(&v6)) == AddressClass::kLinkLocal);
  CHECK(address_text(reinterpret_cast<const sockaddr*>(&v6)) == "::ffff:169.254.169.254");
  CHECK(classify_address(static_cast<const sockaddr*>(nullptr)) == AddressClass::kUnparsable);
  CHECK(address_class_name(AddressClass::kLinkLocal) == "link-local");
}
