#include "caravan/csv/reader.h"

#include <gtest/gtest.h>

#include <fmt/format.h>

#include <algorithm>
#include <utility>

#include "caravan/base/error.h"

namespace caravan::csv {
namespace {

// The warnings a reader gave, in order: kind and "file:line:column: message".
struct warning_log final : warning_sink {
  void warn(std::string_view kind, source_location const& where, std::string_view message) override {
    seen_.emplace_back(std::string{kind}, fmt::format("{}: {}", where.to_string(), message));
  }
  std::size_t total() const { return seen_.size(); }
  std::size_t count(std::string_view kind) const {
    return static_cast<std::size_t>(std::count_if(seen_.begin(), seen_.end(), [&](auto const& w) { return w.first == kind; }));
  }
  std::string first(std::string_view kind) const {
    auto const it = std::find_if(seen_.begin(), seen_.end(), [&](auto const& w) { return w.first == kind; });
    return it == seen_.end() ? std::string{} : it->second;
  }

  std::vector<std::pair<std::string, std::string>> seen_;
};

using rows = std::vector<std::vector<std::string>>;

struct parsed {
  std::vector<std::string> header_;
  rows rows_;
  std::vector<std::uint64_t> lines_;
  warning_log warnings_;
};

parsed read_all(std::string content) {
  parsed out;
  reader csv{memory_stream(std::move(content)), "test.txt", out.warnings_};
  out.header_ = csv.header();
  while (csv.next()) {
    std::vector<std::string> row;
    for (std::size_t i = 0; i != std::max(csv.n_fields(), csv.header().size()); ++i) {
      row.emplace_back(csv.field(static_cast<int>(i)));
    }
    out.rows_.push_back(row);
    out.lines_.push_back(csv.line());
  }
  return out;
}

TEST(Csv, PlainRows) {
  auto const p = read_all("a,b\n1,2\n3,4\n");
  EXPECT_EQ(p.header_, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(p.rows_, (rows{{"1", "2"}, {"3", "4"}}));
  EXPECT_EQ(p.lines_, (std::vector<std::uint64_t>{2, 3}));
  EXPECT_EQ(p.warnings_.total(), 0U);
}

TEST(Csv, ByteOrderMarkIsSkipped) {
  auto const p = read_all("\xEF\xBB\xBFstop_id,stop_name\n1,x\n");
  EXPECT_EQ(p.header_[0], "stop_id");
}

TEST(Csv, LineEndingsCrLfCrAndMixedAndNoFinalNewline) {
  auto const p = read_all("a,b\r\n1,2\n3,4\r5,6\r\n7,8");
  EXPECT_EQ(p.rows_, (rows{{"1", "2"}, {"3", "4"}, {"5", "6"}, {"7", "8"}}));
  EXPECT_EQ(p.lines_, (std::vector<std::uint64_t>{2, 3, 4, 5}));
}

TEST(Csv, QuotedFieldsWithCommasQuotesAndNewlines) {
  auto const p = read_all("id,name\n1,\"Tashkent, Central\"\n2,\"say \"\"hi\"\"\"\n3,\"two\nlines\"\n4,x\n");
  EXPECT_EQ(p.rows_, (rows{{"1", "Tashkent, Central"}, {"2", "say \"hi\""}, {"3", "two\nlines"}, {"4", "x"}}));
  EXPECT_EQ(p.lines_, (std::vector<std::uint64_t>{2, 3, 4, 6}));  // the quoted newline moves line numbers on
}

TEST(Csv, SpacesAroundFieldsAndAfterClosingQuote) {
  // tl-wmata quotes every field and puts a space after a closing quote.
  auto const p = read_all("\"a\" , \"b\"\n \"1\" , 2 \n");
  EXPECT_EQ(p.header_, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(p.rows_, (rows{{"1", "2"}}));
  EXPECT_EQ(p.warnings_.total(), 0U);
}

TEST(Csv, TextAfterClosingQuoteIsKeptWithAWarning) {
  auto const p = read_all("a,b\n\"x\"y,2\n");
  EXPECT_EQ(p.rows_, (rows{{"xy", "2"}}));
  EXPECT_EQ(p.warnings_.count("text after closing quote"), 1U);
}

TEST(Csv, BlankLinesAreSkipped) {
  auto const p = read_all("a,b\n\n1,2\n\r\n   \n3,4\n\n");
  EXPECT_EQ(p.rows_, (rows{{"1", "2"}, {"3", "4"}}));
  EXPECT_EQ(p.lines_, (std::vector<std::uint64_t>{3, 6}));
}

TEST(Csv, RaggedRowsAreReadAndReported) {
  auto const p = read_all("a,b,c\n1,2\n1,2,3,4\n");
  EXPECT_EQ(p.rows_[0], (std::vector<std::string>{"1", "2", ""}));
  EXPECT_EQ(p.warnings_.count("row with missing cells"), 1U);
  EXPECT_EQ(p.warnings_.count("row with extra cells"), 1U);
  EXPECT_NE(p.warnings_.first("row with missing cells").find("test.txt:2"), std::string::npos);
}

TEST(Csv, TrailingCommaAtEndOfFileIsAnEmptyField) {
  auto const p = read_all("a,b\n1,");
  EXPECT_EQ(p.rows_, (rows{{"1", ""}}));
  EXPECT_EQ(p.warnings_.total(), 0U);
}

TEST(Csv, CyrillicAndChineseArePassedThrough) {
  auto const p = read_all("id,name\nALA,Алматы\nXIY,西安咸阳国际机场\n");
  EXPECT_EQ(p.rows_[0][1], "Алматы");
  EXPECT_EQ(p.rows_[1][1], "西安咸阳国际机场");
  EXPECT_EQ(p.warnings_.total(), 0U);
}

TEST(Csv, InvalidUtf8IsReplacedAndReportedWithItsPlace) {
  auto const p = read_all("id,name\n1,caf\xE9\n");
  EXPECT_EQ(p.rows_[0][1], "caf\xEF\xBF\xBD");
  ASSERT_EQ(p.warnings_.count("invalid UTF-8"), 1U);
  EXPECT_NE(p.warnings_.first("invalid UTF-8").find("test.txt:2:2"), std::string::npos);
}

TEST(Csv, Utf16IsConvertedWithAWarning) {
  auto const utf16le = [](std::u16string const& s, bool big_endian) {
    std::string out = big_endian ? "\xFE\xFF" : "\xFF\xFE";
    for (auto c : s) {
      auto const hi = static_cast<char>(c >> 8U);
      auto const lo = static_cast<char>(c & 0xFFU);
      out += big_endian ? std::string{hi, lo} : std::string{lo, hi};
    }
    return out;
  };
  for (bool be : {false, true}) {
    auto const p = read_all(utf16le(u"id,name\n1,Алматы\n", be));
    EXPECT_EQ(p.header_, (std::vector<std::string>{"id", "name"}));
    ASSERT_EQ(p.rows_.size(), 1U);
    EXPECT_EQ(p.rows_[0][1], "Алматы");
    EXPECT_EQ(p.warnings_.count("UTF-16 text"), 1U);
  }
}

TEST(Csv, NulByteIsAnErrorWithLineAndColumn) {
  try {
    (void)read_all(std::string{"a,b\n1,2\n3,x\0y\n", 14});
    FAIL() << "NUL accepted";
  } catch (data_error const& e) {
    EXPECT_EQ(e.where().line_, 3U);
    EXPECT_EQ(e.where().column_, 2U);
    EXPECT_NE(std::string{e.what()}.find("NUL"), std::string::npos);
  }
}

TEST(Csv, UnclosedQuoteIsAnError) {
  try {
    (void)read_all("a,b\n1,\"open\n2,3\n");
    FAIL() << "unclosed quote accepted";
  } catch (data_error const& e) {
    EXPECT_EQ(e.where().line_, 2U);
    EXPECT_NE(std::string{e.what()}.find("never closed"), std::string::npos);
  }
}

TEST(Csv, EmptyFileHasNoHeader) {
  auto const p = read_all("");
  EXPECT_TRUE(p.header_.empty());
  EXPECT_TRUE(p.rows_.empty());
}

TEST(Csv, RowsLongerThanTheBufferAndAcrossRefills) {
  // 3 MB in rows of varying size, one row of 1.5 MB: rows straddle every buffer boundary.
  std::string content = "a,b\n";
  std::vector<std::string> expect;
  for (int i = 0; i != 40'000; ++i) {
    expect.push_back(std::string(static_cast<std::size_t>(i % 97), static_cast<char>('a' + i % 26)));
    content += std::to_string(i) + ",\"" + expect.back() + "\"\r\n";
  }
  expect.emplace_back(1'500'000, 'z');
  content += "x," + expect.back() + "\n";
  auto const p = read_all(content);
  ASSERT_EQ(p.rows_.size(), expect.size());
  for (std::size_t i = 0; i != expect.size(); ++i) {
    ASSERT_EQ(p.rows_[i][1], expect[i]) << "row " << i;
  }
  EXPECT_EQ(p.lines_.back(), expect.size() + 1);
}

TEST(Csv, ColumnsByName) {
  warning_log r;
  reader csv{memory_stream("stop_id,stop_name\nA,x\n"), "stops.txt", r};
  EXPECT_EQ(csv.column("stop_name"), 1);
  EXPECT_EQ(csv.column("nope"), -1);
  ASSERT_TRUE(csv.next());
  EXPECT_EQ(csv.field(-1), "");
  EXPECT_EQ(csv.where(1).to_string(), "stops.txt:2:2");
}

}  // namespace
}  // namespace caravan::csv
