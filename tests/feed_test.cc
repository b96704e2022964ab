#include "extractors/feed.h"
#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "tests/support.h"

using namespace trawl;
using trawl::test::gzip;
using trawl::test::gzip_stream;

namespace {

std::vector<std::string> urls(const Feed& f) {
  std::vector<std::string> out;
  for (const FeedEntry& e : f.entries) out.push_back(e.url);
  return out;
}

bool has_warning(const Feed& f, std::string_view part) {
  for (const std::string& w : f.warnings)
    if (w.find(part) != std::string::npos) return true;
  return false;
}

// An RSS 2.0 feed of `n` items, item i linking to http://example.org/i.
std::string numbered_rss(int n) {
  std::string s = "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><title>c</title>\n";
  for (int i = 0; i < n; ++i)
    s += "<item><title>T" + std::to_string(i) + "</title><link>http://example.org/" +
         std::to_string(i) + "</link><description><![CDATA[<p>a <b>b</b></p>]]></description>" +
         "<!-- c <x> --></item>\n";
  return s + "</channel></rss>\n";
}

template <typename F>
double seconds(F&& f) {
  const auto t0 = std::chrono::steady_clock::now();
  f();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

TEST_CASE("Feed kinds have stable names", "[feed]") {
  CHECK(feed_kind_name(FeedKind::kNone) == "none");
  CHECK(feed_kind_name(FeedKind::kRss2) == "rss");
  CHECK(feed_kind_name(FeedKind::kRss1) == "rdf");
  CHECK(feed_kind_name(FeedKind::kAtom) == "atom");
  CHECK(feed_kind_name(FeedKind::kSitemap) == "sitemap");
  CHECK(feed_kind_name(FeedKind::kSitemapIndex) == "sitemap-index");
}

TEST_CASE("Feed dates are read as RFC 822 and ISO 8601 and turned into the UTC day", "[feed]") {
  struct Case {
    const char* text;
    const char* day;  // nullptr: not a date
  };
  const Case cases[] = {
      {"Tue, 03 Jun 2008 11:05:30 GMT", "2008-06-03"},
      {"Tue, 3 Jun 2008 11:05:30 GMT", "2008-06-03"},  // one-digit day
      {"  Tue, 3 Jun 2008 11:05:30 GMT\n", "2008-06-03"},
      {"Tue, 03 Jun 2008 08:05:30 +0900", "2008-06-02"},  // 23:05 UTC the day before
      {"Tue, 03 Jun 2008 23:30:00 -0500", "2008-06-04"},
      {"Tue, 03 Jun 2008 20:00:00 PDT", "2008-06-04"},
      {"Tue, 03 Jun 2008 12:00:00 EST", "2008-06-03"},
      {"Tue, 03 Jun 2008 05:00:00 KST", "2008-06-02"},
      {"Tue, 03 Jun 2008 01:00:00 +09:00", "2008-06-02"},
      {"Tue, 03 Jun 2008 11:05:30 +0000 (UTC)", "2008-06-03"},
      {"Tue,3 Jun 2008 11:05 GMT", "2008-06-03"},  // no seconds, no space after the comma
      {"3 Jun 2008 11:05:30 GMT", "2008-06-03"},   // no weekday
      {"Tuesday, 3 June 2008 11:05:30 GMT", "2008-06-03"},
      {"Tue, 03 Jun 08 11:05:30 GMT", "2008-06-03"},  // two-digit year
      {"Tue, 03 Jun 2008", "2008-06-03"},
      {"Tue, 03 Jun 2008 11:05:30 Z", "2008-06-03"},
      {"Sun Nov  6 08:49:37 1994", "1994-11-06"},        // asctime
      {"Sunday, 06-Nov-94 08:49:37 GMT", "1994-11-06"},  // RFC 850
      {"Sat, 29 Feb 2020 10:00:00 GMT", "2020-02-29"},
      {"2024-03-28", "2024-03-28"},
      {"2024-03-28T09:00:00Z", "2024-03-28"},
      {"2024-03-28T09:00:00+09:00", "2024-03-28"},
      {"2024-03-28T08:59:59+09:00", "2024-03-27"},
      {"2024-03-28T23:30:00-05:00", "2024-03-29"},
      {"2024-03-28T23:30:00.123-0500", "2024-03-29"},
      {"2024-12-31T23:00:00-02", "2025-01-01"},
      {"2024-03-28T09:00+01:00", "2024-03-28"},
      {"2024-03-28t00:30:00z", "2024-03-28"},
      {"2024-03-28 00:30:00 +0100", "2024-03-27"},
      {"2024-03-28T12:00:00", "2024-03-28"},  // no zone: as written
      {"20240328", "2024-03-28"},
      {"2024/03/28", "2024-03-28"},
      {"2024", nullptr},     // a year has no day
      {"2024-03", nullptr},  // nor a month
      {"2023-02-29", nullptr},
      {"2024-13-01", nullptr},
      {"2024-03-28T25:00:00Z", nullptr},
      {"2024-03-28T09:00:00+25:00", nullptr},
      {"2024-03-28Tnoon", nullptr},
      {"Tue, 31 Jun 2008 10:00:00 GMT", nullptr},
      {"Tue, 03 Foo 2008 10:00:00 GMT", nullptr},
      {"yesterday", nullptr},
      {"", nullptr},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    std::optional<std::string> day = parse_feed_date(c.text);
    if (c.day) {
      REQUIRE(day);
      CHECK(*day == c.day);
    } else {
      CHECK_FALSE(day);
    }
  }
}

TEST_CASE("RSS 2.0 items give link or permalink guid, pubDate or dc:date, title", "[feed]") {
  const std::string rss = R"(<?xml version="1.0" encoding="utf-8"?>
<?xml-stylesheet type="text/xsl" href="rss.xsl"?>
<!-- generator: test -->
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
  <title>Channel</title><link>https://example.org/</link>
  <image><url>https://example.org/logo.png</url><link>https://example.org/image</link></image>
  <item>
    <title>  Ship-to-ship
      transfer  </title>
    <link>
      https://example.org/a?x=1&amp;y=2
    </link>
    <atom:link href="https://example.org/not-this" rel="alternate"/>
    <pubDate>Tue, 3 Jun 2008 11:05:30 GMT</pubDate>
  </item>
  <item>
    <title><![CDATA[Tom & Jerry <i>live</i>]]></title>
    <guid>https://example.org/b</guid>
    <pubDate>Wed, 04 Jun 2008 01:00:00 +0900</pubDate>
  </item>
  <item>
    <title>guid not a permalink, no link: skipped</title>
    <guid isPermaLink="false">https://example.org/c</guid>
  </item>
  <item>
    <title>an id guid without isPermaLink: not a URL</title>
    <guid>tag:example.org,2008:1234</guid>
  </item>
  <item>
    <guid isPermaLink="true">/relative/d</guid>
    <dc:date>2008-06-05T10:00:00+02:00</dc:date>
  </item>
  <item>
    <link>https://example.org/e</link>
    <pubDate>sometime last week</pubDate>
  </item>
  <item/>
</channel>
</rss>)";
  CHECK(sniff_feed(rss) == FeedKind::kRss2);
  auto r = parse_feed(rss);
  REQUIRE(r);
  CHECK(r->kind == FeedKind::kRss2);
  REQUIRE(r->entries.size() == 4);
  CHECK(urls(*r) == std::vector<std::string>{"https://example.org/a?x=1&y=2",
                                             "https://example.org/b", "/relative/d",
                                             "https://example.org/e"});
  CHECK(r->entries[0].title == "Ship-to-ship transfer");
  CHECK(r->entries[0].date == "2008-06-03");
  CHECK(r->entries[1].title == "Tom & Jerry <i>live</i>");
  CHECK(r->entries[1].date == "2008-06-03");  // 01:00 +0900 is the day before in UTC
  CHECK(r->entries[2].title.empty());
  CHECK(r->entries[2].date == "2008-06-05");  // dc:date, its prefix never declared
  CHECK(r->entries[3].date.empty());
  CHECK(has_warning(*r, "3 entries without a URL skipped"));
  CHECK(has_warning(*r, "1 dates not understood, e.g. \"sometime last week\""));
  CHECK(has_warning(*r, "Namespace prefix dc"));
}

TEST_CASE("RSS 2.0 tolerates a namespace on rss and takes dc:date when pubDate is bad", "[feed]") {
  const std::string rss =
      "<rss xmlns=\"http://backend.userland.com/rss2\" "
      "xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><channel>"
      "<item><link>http://a/1</link><pubDate>garbage</pubDate>"
      "<dc:date>2020-01-02</dc:date></item>"
      "<item><link xmlns=\"urn:other\">http://a/wrong-ns</link><link>http://a/2</link></item>"
      "</channel></rss>";
  auto r = parse_feed(rss);
  REQUIRE(r);
  CHECK(urls(*r) == std::vector<std::string>{"http://a/1", "http://a/2"});
  CHECK(r->entries[0].date == "2020-01-02");
  CHECK_FALSE(has_warning(*r, "dates not understood"));
}

TEST_CASE("RSS 1.0 items give link or rdf:about and dc:date", "[feed]") {
  const std::string rdf = R"(<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
         xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="http://example.org/rss">
    <title>Channel</title><link>http://example.org/</link>
    <items><rdf:Seq><rdf:li rdf:resource="http://example.org/1"/></rdf:Seq></items>
  </channel>
  <item rdf:about="http://example.org/about-1">
    <title>First</title>
    <link>http://example.org/1</link>
    <dc:date>2003-12-13T18:30:02-05:00</dc:date>
  </item>
  <item rdf:about="http://example.org/2">
    <title>Second</title>
    <dc:date>2003-12-14</dc:date>
  </item>
</rdf:RDF>)";
  CHECK(sniff_feed(rdf) == FeedKind::kRss1);
  auto r = parse_feed(rdf);
  REQUIRE(r);
  CHECK(r->kind == FeedKind::kRss1);
  REQUIRE(r->entries.size() == 2);
  CHECK(r->entries[0].url == "http://example.org/1");
  CHECK(r->entries[0].title == "First");
  CHECK(r->entries[0].date == "2003-12-13");  // 23:30 UTC
  CHECK(r->entries[1].url == "http://example.org/2");
  CHECK(r->entries[1].date == "2003-12-14");
  CHECK(r->warnings.empty());
}

TEST_CASE("RDF outside the RDF namespace is not a feed", "[feed]") {
  const std::string rdf = "<RDF><item><link>http://a/</link></item></RDF>";
  CHECK(sniff_feed(rdf) == FeedKind::kNone);
  auto r = parse_feed(rdf);
  REQUIRE_FALSE(r);
  CHECK(r.error().code == ErrorCode::kCorrupt);
  CHECK_THAT(r.error().message, Catch::Contains("root element <RDF>"));
}

TEST_CASE("Atom entries give the alternate link, published else updated", "[feed]") {
  const std::string atom = R"(<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:x="urn:x">
  <title>Feed</title>
  <link rel="self" href="http://example.org/feed.atom"/>
  <link href="http://example.org/"/>
  <updated>2024-03-28T00:00:00Z</updated>
  <entry>
    <title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">An <b>xhtml</b> title</div></title>
    <link rel="self" href="http://example.org/1.atom"/>
    <link rel="enclosure" href="http://example.org/1.mp3"/>
    <link x:rel="other" rel="alternate" type="text/html" href=" /posts/1 "/>
    <link rel="alternate" href="http://example.org/second-alternate"/>
    <published>2024-03-27T23:30:00-02:00</published>
    <updated>2024-03-20T10:00:00Z</updated>
  </entry>
  <entry>
    <title>No rel</title>
    <link href="http://example.org/2"/>
    <updated>2024-03-26T10:00:00Z</updated>
  </entry>
  <entry>
    <title>Only an edit link</title>
    <link rel="edit" href="http://example.org/3/edit"/>
  </entry>
  <entry>
    <title>Link in another namespace</title>
    <x:link href="http://example.org/x"/>
    <link rel="ALTERNATE" href="http://example.org/4"/>
    <source><link href="http://example.org/source"/></source>
  </entry>
</feed>)";
  CHECK(sniff_feed(atom) == FeedKind::kAtom);
  auto r = parse_feed(atom);
  REQUIRE(r);
  CHECK(r->kind == FeedKind::kAtom);
  REQUIRE(r->entries.size() == 3);
  CHECK(urls(*r) ==
        std::vector<std::string>{"/posts/1", "http://example.org/2", "http://example.org/4"});
  CHECK(r->entries[0].title == "An xhtml title");
  CHECK(r->entries[0].date == "2024-03-28");  // published, in UTC
  CHECK(r->entries[1].date == "2024-03-26");  // updated when not published
  CHECK(r->entries[2].date.empty());
  CHECK(has_warning(*r, "1 entries without a URL skipped"));
}

TEST_CASE("Atom 0.3 entries give the alternate link, issued else modified", "[feed]") {
  const std::string atom =
      "<feed version=\"0.3\" xmlns=\"http://purl.org/atom/ns#\">"
      "<entry><title>Old</title><link rel=\"alternate\" type=\"text/html\" href=\"http://a/1\"/>"
      "<modified>2004-01-02T00:00:00Z</modified><issued>2004-01-01T12:00:00-13:00</issued></entry>"
      "<entry><link href=\"http://a/2\"/><modified>2004-01-03T00:00:00Z</modified></entry></feed>";
  auto r = parse_feed(atom);
  REQUIRE(r);
  CHECK(r->kind == FeedKind::kAtom);
  REQUIRE(r->entries.size() == 2);
  CHECK(r->entries[0].url == "http://a/1");
  CHECK(r->entries[0].title == "Old");
  CHECK(r->entries[0].date == "2004-01-02");  // issued, 13 hours behind UTC
  CHECK(r->entries[1].date == "2004-01-03");
}

TEST_CASE("Atom without its namespace is not a feed", "[feed]") {
  const std::string atom = "<feed><entry><link href=\"http://a/\"/></entry></feed>";
  CHECK(sniff_feed(atom) == FeedKind::kNone);
  auto r = parse_feed(atom);
  REQUIRE_FALSE(r);
  CHECK(r.error().code == ErrorCode::kCorrupt);
}

TEST_CASE("Sitemap gives loc and lastmod, not image:loc, news title and date", "[feed]") {
  const std::string xml = R"(<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:image="http://www.google.com/schemas/sitemap-image/1.1"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
  <url>
    <image:image><image:loc>http://example.org/photo.jpg</image:loc></image:image>
    <loc>
      http://example.org/a
    </loc>
    <lastmod>2024-03-28T01:00:00+09:00</lastmod>
    <changefreq>daily</changefreq><priority>0.8</priority>
  </url>
  <url><loc>http://example.org/b</loc><lastmod>2024-03-28</lastmod></url>
  <url><loc>http://example.org/c</loc></url>
  <url>
    <loc>http://example.org/news</loc>
    <news:news>
      <news:publication><news:name>Daily</news:name><news:language>en</news:language></news:publication>
      <news:publication_date>2024-03-29T10:00:00Z</news:publication_date>
      <news:title>Tanker seen  off Nampo</news:title>
    </news:news>
  </url>
  <url><lastmod>2024-03-28</lastmod></url>
</urlset>)";
  CHECK(sniff_feed(xml) == FeedKind::kSitemap);
  auto r = parse_feed(xml);
  REQUIRE(r);
  CHECK(r->kind == FeedKind::kSitemap);
  REQUIRE(r->entries.size() == 4);
  CHECK(urls(*r) == std::vector<std::string>{"http://example.org/a", "http://example.org/b",
                                             "http://example.org/c", "http://example.org/news"});
  CHECK(r->entries[0].date == "2024-03-27");
  CHECK(r->entries[0].title.empty());
  CHECK(r->entries[1].date == "2024-03-28");
  CHECK(r->entries[2].date.empty());
  CHECK(r->entries[3].date == "2024-03-29");
  CHECK(r->entries[3].title == "Tanker seen off Nampo");
  CHECK(has_warning(*r, "1 entries without a URL skipped"));
}

TEST_CASE("Sitemap without a namespace and a sitemap index are read", "[feed]") {
  auto plain = parse_feed("<urlset><url><loc>http://a/1</loc></url></urlset>");
  REQUIRE(plain);
  CHECK(plain->kind == FeedKind::kSitemap);
  CHECK(urls(*plain) == std::vector<std::string>{"http://a/1"});

  const std::string index = R"(<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>http://example.org/sitemap1.xml.gz</loc><lastmod>2004-10-01T18:23:17+00:00</lastmod></sitemap>
  <sitemap><loc>http://example.org/sitemap2.xml.gz</loc><lastmod>2005-01-01</lastmod></sitemap>
</sitemapindex>)";
  CHECK(sniff_feed(index) == FeedKind::kSitemapIndex);
  auto r = parse_feed(index);
  REQUIRE(r);
  CHECK(r->kind == FeedKind::kSitemapIndex);
  REQUIRE(r->entries.size() == 2);
  CHECK(r->entries[0].url == "http://example.org/sitemap1.xml.gz");
  CHECK(r->entries[0].date == "2004-10-01");
  CHECK(r->entries[1].date == "2005-01-01");
}

TEST_CASE("A gzipped sitemap is inflated, one member or several", "[feed]") {
  const std::string xml =
      "<?xml version=\"1.0\"?><urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"
      "<url><loc>http://a/1</loc><lastmod>2024-01-01</lastmod></url>"
      "<url><loc>http://a/2</loc></url></urlset>";
  const std::string gz = gzip(xml);
  REQUIRE(gz.substr(0, 2) == "\x1f\x8b");
  CHECK(sniff_feed(gz) == FeedKind::kSitemap);
  auto r = parse_feed(gz);
  REQUIRE(r);
  CHECK(r->kind == FeedKind::kSitemap);
  CHECK(urls(*r) == std::vector<std::string>{"http://a/1", "http://a/2"});
  CHECK(r->entries[0].date == "2024-01-01");
  CHECK(r->warnings.empty());

  const size_t half = xml.size() / 2;
  auto two = parse_feed(gzip(xml.substr(0, half)) + gzip(xml.substr(half)));
  REQUIRE(two);
  CHECK(urls(*two) == std::vector<std::string>{"http://a/1", "http://a/2"});

  auto padded = parse_feed(gz + std::string(16, '\0'));
  REQUIRE(padded);
  CHECK(padded->entries.size() == 2);
  CHECK(has_warning(*padded, "16 bytes after the gzip stream ignored"));
}

TEST_CASE("A cut-off gzip stream keeps the entries it holds, a broken one is corrupt", "[feed]") {
  const std::string gz = gzip(numbered_rss(200), 1);
  auto r = parse_feed(gz.substr(0, gz.size() / 2));
  REQUIRE(r);
  CHECK(r->entries.size() > 10);
  CHECK(r->entries.size() < 200);
  CHECK(r->entries[0].url == "http://example.org/0");
  CHECK(has_warning(*r, "gzip stream cut short"));
  CHECK(has_warning(*r, "input ends mid-document"));

  std::string broken = gz;
  for (size_t i = 20; i < 60; ++i) broken[i] = static_cast<char>(broken[i] ^ 0x5a);
  auto bad = parse_feed(broken);
  REQUIRE_FALSE(bad);
  CHECK(bad.error().code == ErrorCode::kCorrupt);
}

TEST_CASE("A gzip bomb stops at max_bytes with too-large", "[feed]") {
  // 256 MiB of spaces inside a sitemap: about 256 KB compressed.
  const std::string bomb =
      gzip_stream("<urlset><url><loc>http://a/</loc></url>", ' ', size_t{1} << 28, "</urlset>");
  REQUIRE(bomb.size() < (4u << 20));
  double took = seconds([&] {
    auto r = parse_feed(bomb);  // default limit 64 MiB
    REQUIRE_FALSE(r);
    CHECK(r.error().code == ErrorCode::kTooLarge);
  });
  CHECK(took < 5.0);  // inflating stops at the limit, not at 256 MiB
  auto small = parse_feed(gzip(numbered_rss(20)), 1000);
  REQUIRE_FALSE(small);
  CHECK(small.error().code == ErrorCode::kTooLarge);
  auto plain = parse_feed(numbered_rss(20), 1000);
  REQUIRE_FALSE(plain);
  CHECK(plain.error().code == ErrorCode::kTooLarge);
  CHECK(sniff_feed(bomb) == FeedKind::kSitemap);
}

TEST_CASE("Feeds in EUC-KR, windows-1251 and KOI8-R come out as UTF-8", "[feed]") {
  struct Case {
    const char* encoding;
    std::string title;  // in that encoding
    const char* utf8;
  };
  const Case cases[] = {
      {"EUC-KR", "\xBA\xCF\xC7\xD1 \xB4\xBA\xBD\xBA", "북한 뉴스"},
      // "똠" (0x8C63) is only in windows-949, which is what "euc-kr" pages really use
      {"euc-kr", "\x8C\x63\xB9\xE6\xB0\xA2\xC7\xCF", "똠방각하"},
      {"windows-1251", "\xCD\xEE\xE2\xEE\xF1\xF2\xE8", "Новости"},
      {"KOI8-R", "\xEE\xCF\xD7\xCF\xD3\xD4\xC9", "Новости"},
      // latin1 as browsers read it: windows-1252 quotes
      {"iso-8859-1", "\x93Quote\x94 caf\xE9", "“Quote” café"},
  };
  for (const Case& c : cases) {
    INFO(c.encoding);
    const std::string rss = std::string("<?xml version=\"1.0\" encoding=\"") + c.encoding +
                            "\"?><rss version=\"2.0\"><channel><title>" + c.title +
                            "</title><item><title>" + c.title + " 1</title><link>http://a/" +
                            c.title + "</link></item></channel></rss>";
    auto r = parse_feed(rss);
    REQUIRE(r);
    REQUIRE(r->entries.size() == 1);
    CHECK(r->entries[0].title == std::string(c.utf8) + " 1");
    CHECK(r->entries[0].url == std::string("http://a/") + c.utf8);
  }
}

TEST_CASE("A UTF-16 feed with a byte order mark is read", "[feed]") {
  const std::string ascii =
      "<?xml version=\"1.0\" encoding=\"UTF-16\"?><feed xmlns=\"http://www.w3.org/2005/Atom\">"
      "<entry><title>X</title><link href=\"http://a/1\"/></entry></feed>";
  std::string utf16 = "\xFF\xFE";
  for (char c : ascii) {
    utf16 += c;
    utf16 += '\0';
  }
  CHECK(sniff_feed(utf16) == FeedKind::kAtom);
  auto r = parse_feed(utf16);
  REQUIRE(r);
  CHECK(urls(*r) == std::vector<std::string>{"http://a/1"});
}

TEST_CASE("Billion laughs entities are refused quickly, never expanded", "[feed]") {
  std::string dtd = "<!DOCTYPE rss [<!ENTITY lol \"lol\">";
  for (int i = 1; i <= 9; ++i) {
    dtd += "<!ENTITY lol" + std::to_string(i) + " \"";
    for (int j = 0; j < 10; ++j)
      dtd += "&lol" + (i == 1 ? std::string() : std::to_string(i - 1)) + ";";
    dtd += "\">";
  }
  dtd += "]>";
  const std::string in_text = "<?xml version=\"1.0\"?>" + dtd +
                              "<rss><channel><item><title>&lol9;</title><link>http://a/1</link>"
                              "</item></channel></rss>";
  const std::string in_attribute =
      "<?xml version=\"1.0\"?>" + dtd +
      "<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><link href=\"&lol9;\"/></entry></feed>";
  for (const std::string& doc : {in_text, in_attribute}) {
    double took = seconds([&] {
      auto r = parse_feed(doc);
      REQUIRE_FALSE(r);
      CHECK(r.error().code == ErrorCode::kCorrupt);
      CHECK_THAT(r.error().message, Catch::Contains("entity"));
    });
    CHECK(took < 2.0);
  }
}

TEST_CASE("A flat entity blow-up is left unexpanded, in text and in attributes", "[feed]") {
  // 20,000 references to a 100 KB entity: 2 GB if expanded.
  std::string refs;
  for (int i = 0; i < 20000; ++i) refs += "&big;";
  const std::string dtd = "<!DOCTYPE x [<!ENTITY big \"" + std::string(100000, 'x') + "\">]>";
  const std::string rss = "<?xml version=\"1.0\"?>" + dtd + "<rss><channel><item><title>a" + refs +
                          "b</title>"
                          "<link>http://a/" +
                          refs + "1</link></item></channel></rss>";
  const std::string atom =
      "<?xml version=\"1.0\"?>" + dtd +
      "<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><title>t&big;</title><link "
      "href=\"http://a/" +
      refs + "2\"/></entry></feed>";
  double took = seconds([&] {
    auto r = parse_feed(rss);
    REQUIRE(r);
    REQUIRE(r->entries.size() == 1);
    CHECK(r->entries[0].title == "ab");
    CHECK(r->entries[0].url == "http://a/1");
    CHECK(has_warning(*r, "entity references left out"));
    auto a = parse_feed(atom);
    REQUIRE(a);
    REQUIRE(a->entries.size() == 1);
    CHECK(a->entries[0].url == "http://a/2");
    CHECK(a->entries[0].title == "t");
  });
  CHECK(took < 5.0);
}

TEST_CASE("External entities and DTDs are not loaded", "[feed]") {
  const std::string rss = R"(<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd"><!ENTITY % p SYSTEM "http://127.0.0.1:9/x.dtd">]>
<rss><channel><item><title>a&xxe;b</title><link>http://a/1</link></item></channel></rss>)";
  auto r = parse_feed(rss);
  REQUIRE(r);
  REQUIRE(r->entries.size() == 1);
  CHECK(r->entries[0].title == "ab");
  CHECK_THAT(r->entries[0].title, !Catch::Contains("root:"));
}

TEST_CASE("Not XML is corrupt, nothing is empty, HTML is not a feed", "[feed]") {
  for (std::string_view bad :
       {std::string_view("{\"version\": \"https://jsonfeed.org/version/1\"}"),
        std::string_view("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16), std::string_view("   \n  ")}) {
    INFO(bad);
    CHECK(sniff_feed(bad) == FeedKind::kNone);
    auto r = parse_feed(bad);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == ErrorCode::kCorrupt);
    CHECK(r.error().message.find('\n') == std::string::npos);
  }
  auto nothing_whole = parse_feed("<rss><channel><item><link>http://a/1</link>");
  REQUIRE_FALSE(nothing_whole);
  CHECK(nothing_whole.error().code == ErrorCode::kCorrupt);
  auto empty = parse_feed("");
  REQUIRE_FALSE(empty);
  CHECK(empty.error().code == ErrorCode::kEmpty);
  CHECK(sniff_feed("") == FeedKind::kNone);

  const std::string html =
      "<!DOCTYPE html>\n<html><head><title>News</title></head><body><p>Not a "
      "feed<br></body></html>";
  CHECK(sniff_feed(html) == FeedKind::kNone);
  auto h = parse_feed(html);
  REQUIRE_FALSE(h);
  CHECK(h.error().code == ErrorCode::kCorrupt);
  const std::string xhtml = "<html xmlns=\"http://www.w3.org/1999/xhtml\"><body/></html>";
  CHECK(sniff_feed(xhtml) == FeedKind::kNone);
  auto x = parse_feed(xhtml);
  REQUIRE_FALSE(x);
  CHECK_THAT(x.error().message, Catch::Contains("root element <html> in namespace"));
}

TEST_CASE("Sniffing skips BOM, declaration, comments, PIs and DOCTYPE to the root", "[feed]") {
  struct Case {
    std::string bytes;
    FeedKind kind;
  };
  const Case cases[] = {
      {"\xEF\xBB\xBF<?xml version=\"1.0\"?>\n<!-- <feed> -->\n<?xml-stylesheet href=\"x\"?>"
       "<!DOCTYPE rss PUBLIC \"-//Netscape Communications//DTD RSS 0.91//EN\" "
       "\"http://my.netscape.com/publish/formats/rss-0.91.dtd\">\n<rss version=\"0.91\">",
       FeedKind::kRss2},
      {"<!DOCTYPE x [<!ENTITY a \">\"><!ELEMENT feed ANY>]><a:feed "
       "xmlns:a='http://www.w3.org/2005/Atom'>",
       FeedKind::kAtom},
      {"<feed xmlns=\"http://purl.org/atom/ns#\" version=\"0.3\">", FeedKind::kAtom},
      {"<feed xmlns:a=\"http://www.w3.org/2005/Atom\">", FeedKind::kNone},  // default ns unset
      {"<rdf:RDF\n xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">", FeedKind::kRss1},
      {"<rdf:RDF xmlns:rdf=\"urn:not-rdf\">", FeedKind::kNone},
      {"<urlset xmlns=\"http://www.google.com/schemas/sitemap/0.84\">", FeedKind::kSitemap},
      {"<sitemapindex>", FeedKind::kSitemapIndex},
      {"<html>", FeedKind::kNone},
      {"<!doctype html><html lang=en>", FeedKind::kNone},
      {"<?xml version=\"1.0\"?>", FeedKind::kNone},
      {"<!-- " + std::string(70000, '-') + " --><rss>", FeedKind::kNone},  // past 64 KiB
      {"rss", FeedKind::kNone},
  };
  for (const Case& c : cases) {
    INFO(c.bytes.substr(0, 80));
    CHECK(sniff_feed(c.bytes) == c.kind);
  }
}

TEST_CASE("A truncated feed keeps every entry closed before the cut, with a warning", "[feed]") {
  const std::string rss = numbered_rss(6);
  // where each item's end tag ends
  std::vector<size_t> ends;
  for (size_t p = rss.find("</item>"); p != std::string::npos; p = rss.find("</item>", p + 1))
    ends.push_back(p + 7);
  REQUIRE(ends.size() == 6);
  const size_t root_end = rss.rfind("</rss>");
  for (size_t cut = 1; cut < root_end; ++cut) {
    const size_t whole =
        std::count_if(ends.begin(), ends.end(), [&](size_t e) { return e <= cut; });
    INFO("cut at " << cut << ": " << rss.substr(cut > 30 ? cut - 30 : 0, 30));
    auto r = parse_feed(rss.substr(0, cut));
    if (whole == 0) {
      REQUIRE_FALSE(r);
      CHECK(r.error().code == ErrorCode::kCorrupt);
      continue;
    }
    REQUIRE(r);
    REQUIRE(r->entries.size() == whole);
    CHECK(r->entries.back().url == "http://example.org/" + std::to_string(whole - 1));
    CHECK(has_warning(*r, "input ends mid-document after " + std::to_string(whole) + " entries"));
  }
}

TEST_CASE("A feed malformed in the middle is corrupt, junk after the root is ignored", "[feed]") {
  const std::string rss = numbered_rss(30);
  const std::string mismatch =
      std::string(rss).replace(rss.find("</title>", rss.find("T15")), 8, "</titl>");
  std::string amp = rss;
  amp.replace(amp.find("T15"), 3, "T15 & co");  // libxml2 reports this one only at the end
  for (const std::string& bad : {mismatch, amp}) {
    auto r = parse_feed(bad);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == ErrorCode::kCorrupt);
    CHECK_THAT(r.error().message, Catch::StartsWith("not well-formed XML (line "));
  }
  for (const std::string& junk :
       {std::string("<br />\n<b>Warning</b>: mysql_connect() in /var/www/feed.php\n"),
        std::string("\0\0\0\0", 4), numbered_rss(2), std::string("&")}) {
    INFO(junk);
    auto r = parse_feed(rss + junk);
    REQUIRE(r);
    CHECK(r->entries.size() == 30);
    CHECK(has_warning(*r, "content after the root element ignored"));
  }
  // all in libxml2's first chunk: it stops before showing the root
  auto small = parse_feed("<rss><channel><item><link>http://a/1</link></item></channel></rss>x");
  REQUIRE(small);
  CHECK(urls(*small) == std::vector<std::string>{"http://a/1"});
}

TEST_CASE("Overlong fields are capped: titles cut on a character, huge URLs dropped", "[feed]") {
  std::string long_title;
  for (int i = 0; i < 2000; ++i) long_title += "가";  // 3 bytes each
  const std::string rss = "<rss><channel><item><title>" + long_title +
                          "</title><link>http://a/1</link></item>"
                          "<item><link>http://a/" +
                          std::string(100000, 'x') + "</link></item></channel></rss>";
  auto r = parse_feed(rss);
  REQUIRE(r);
  REQUIRE(r->entries.size() == 1);
  CHECK(r->entries[0].title.size() == 1023);  // 341 syllables, under 1 KiB
  CHECK(r->entries[0].title.substr(0, 3) == "가");
  CHECK(has_warning(*r, "1 entries with a URL over 64 KiB skipped"));

  // a text node over libxml2's 10 MB limit stops the parse
  const std::string huge = "<urlset><url><loc>http://a/1</loc></url><url><loc>" +
                           std::string(11000000, 'x') + "</loc></url></urlset>";
  auto h = parse_feed(huge);
  REQUIRE_FALSE(h);
  CHECK(h.error().code == ErrorCode::kTooLarge);
  CHECK_THAT(h.error().message, Catch::Contains("huge text node"));
}

TEST_CASE("A 50,000-URL sitemap of 50 MB is read whole", "[feed]") {
  std::string xml =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
  const std::string pad(900, 'p');
  for (int i = 0; i < 50000; ++i) {
    xml += "<url><loc>https://example.org/" + pad + "/" + std::to_string(i) +
           "</loc><lastmod>2024-03-" + (i % 2 ? "01" : "02") + "T10:00:00+00:00</lastmod></url>\n";
  }
  xml += "</urlset>\n";
  REQUIRE(xml.size() > 49'000'000);
  REQUIRE(xml.size() < 52'428'800);
  double took = seconds([&] {
    auto r = parse_feed(xml);
    REQUIRE(r);
    REQUIRE(r->entries.size() == 50000);
    CHECK(r->entries[0].url == "https://example.org/" + pad + "/0");
    CHECK(r->entries[0].date == "2024-03-02");
    CHECK(r->entries[49999].url == "https://example.org/" + pad + "/49999");
    CHECK(r->entries[49999].date == "2024-03-01");
    CHECK(r->warnings.empty());
  });
  CHECK(took < 20.0);

  // one more than the protocol allows: still read, with a warning
  std::string over = "<urlset>";
  for (int i = 0; i <= 50000; ++i) over += "<url><loc>/" + std::to_string(i) + "</loc></url>";
  over += "</urlset>";
  auto r = parse_feed(gzip(over));
  REQUIRE(r);
  CHECK(r->entries.size() == 50001);
  CHECK(has_warning(*r, "over the protocol's 50,000"));
}

TEST_CASE("Feeds parse the same on several threads at once", "[feed]") {
  const std::string koi8 =
      "<?xml version=\"1.0\" encoding=\"KOI8-R\"?><rss><channel><item><title>"
      "\xEE\xCF\xD7\xCF\xD3\xD4\xC9</title><link>http://a/1</link></item></channel></rss>";
  const std::string gz = gzip(numbered_rss(100));
  std::vector<int> ok(4, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 25; ++i) {
        auto a = parse_feed(koi8);
        auto b = parse_feed(gz);
        if (a && a->entries.size() == 1 && a->entries[0].title == "Новости" && b &&
            b->entries.size() == 100)
          ++ok[t];
      }
    });
  }
  for (auto& th : threads) th.join();
  CHECK(ok == std::vector<int>(4, 25));
}
