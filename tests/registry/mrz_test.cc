#include "caravan/registry/mrz.h"

#include <gtest/gtest.h>

#include "caravan/base/date.h"
#include "caravan/registry/countries.h"

namespace caravan::registry {
namespace {

std::int32_t day_of(char const* iso) { return *parse_date(iso, date_format::kIso); }
std::int32_t const kToday = day_of("2026-12-06");

char digit(std::string_view field) { return static_cast<char>('0' + *mrz_check_digit(field)); }

// A TD3 zone with correct check digits from its fields (each padded with '<' to its width).
std::string zone(std::string name, std::string number, std::string nat, std::string birth, char sex,
                 std::string expiry, std::string personal = "") {
  auto const pad = [](std::string s, std::size_t n) { return s.append(n - s.size(), '<'); };
  auto const l1 = pad("P<" + nat + name, 44);
  number = pad(number, 9);
  personal = pad(personal, 14);
  auto l2 = number + digit(number) + nat + birth + digit(birth) + sex + expiry + digit(expiry) + personal +
            (personal == std::string(14, '<') ? '<' : digit(personal));
  l2 += digit(l2.substr(0, 10) + l2.substr(13, 7) + l2.substr(21, 22));
  return l1 + "\n" + l2;
}

TEST(MrzCheckDigit, IcaoSpecimen) {
  // ICAO Doc 9303 Part 4's specimen: L898902C3<6, born 740812<2, expires 120415<9, ZE184226B<<<<<<1.
  EXPECT_EQ(mrz_check_digit("L898902C3"), 6);
  EXPECT_EQ(mrz_check_digit("740812"), 2);
  EXPECT_EQ(mrz_check_digit("120415"), 9);
  EXPECT_EQ(mrz_check_digit("ZE184226B<<<<<"), 1);
  EXPECT_EQ(mrz_check_digit("L898902C3674081221204159ZE184226B<<<<<1"), 0);  // the composite
  EXPECT_EQ(mrz_check_digit("ab"), std::nullopt);
}

TEST(Mrz, ReadsAChinesePassport) {
  auto const r = parse_td3(zone("ZHANG<<SAN<FENG", "E12345678", "CHN", "900115", 'M', "300101"), kToday);
  ASSERT_TRUE(r.passport_) << r.problems_.front().field_ << ": " << r.problems_.front().what_;
  auto const& p = *r.passport_;
  EXPECT_EQ(p.surname_, "ZHANG");
  EXPECT_EQ(p.given_names_, "SAN FENG");
  EXPECT_EQ(p.number_, "E12345678");
  EXPECT_EQ(p.nationality_, "CN");
  EXPECT_EQ(p.nationality_icao_, "CHN");
  EXPECT_EQ(format_date(p.birth_date_), "1990-01-15");
  EXPECT_EQ(format_date(p.expiry_), "2030-01-01");
  EXPECT_EQ(p.sex_, 'M');
  EXPECT_EQ(p.issuing_state_, "CHN");
}

TEST(Mrz, PlacesTwoDigitYears) {
  auto const child = parse_td3(zone("NURLAN<<ALI", "N1234567", "KAZ", "200301", 'M', "300301"), kToday);
  ASSERT_TRUE(child.passport_);
  EXPECT_EQ(format_date(child.passport_->birth_date_), "2020-03-01");
  // Later in the year than today: a century ago, not in three weeks.
  auto const old = parse_td3(zone("NURLAN<<ALI", "N1234567", "KAZ", "261224", 'F', "300301"), kToday);
  ASSERT_TRUE(old.passport_);
  EXPECT_EQ(format_date(old.passport_->birth_date_), "1926-12-24");
}

TEST(Mrz, AcceptsOneRunCrlfSpacesAndLowerCase) {
  auto const z = zone("ZHANG<<SAN", "E12345678", "CHN", "900115", 'F', "300101");
  auto const one_run = z.substr(0, 44) + z.substr(45);
  EXPECT_TRUE(parse_td3(one_run, kToday).passport_);
  auto crlf = "  " + z.substr(0, 44) + " \r\n" + z.substr(45) + "\n";
  EXPECT_TRUE(parse_td3(crlf, kToday).passport_);
  std::string lower = z;
  for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  EXPECT_TRUE(parse_td3(lower, kToday).passport_);
}

TEST(Mrz, GermanyAndTheStatelessHaveTheirIcaoCodes) {
  auto const de = parse_td3(zone("MUELLER<<ANNA", "C01X00T47", "D<<", "740812", 'F', "310415"), kToday);
  ASSERT_TRUE(de.passport_);
  EXPECT_EQ(de.passport_->nationality_, "DE");
  auto const xxa = parse_td3(zone("DOE<<JOHN", "X1234567", "XXA", "800101", '<', "300101"), kToday);
  ASSERT_TRUE(xxa.passport_);
  EXPECT_EQ(xxa.passport_->nationality_, "");
  EXPECT_EQ(alpha2_of_icao("UZB"), "UZ");
  EXPECT_EQ(alpha2_of_icao("KGZ"), "KG");
  EXPECT_EQ(alpha2_of_icao("ZZZ"), "");
  EXPECT_EQ(alpha2_of_icao(""), "");
}

// Each check digit altered in turn is found and named.
TEST(Mrz, NamesEveryWrongCheckDigit) {
  auto const good = zone("ZHANG<<SAN", "E12345678", "CHN", "900115", 'M', "300101", "AB12");
  struct { std::size_t at; char const* field; } const cases[] = {
      {45 + 9, "number"}, {45 + 19, "birth_date"}, {45 + 27, "expiry"}, {45 + 42, "personal_number"}, {45 + 43, "composite"}};
  for (auto const& c : cases) {
    auto bad = good;
    bad[c.at] = bad[c.at] == '9' ? '0' : static_cast<char>(bad[c.at] + 1);
    auto const r = parse_td3(bad, kToday);
    EXPECT_FALSE(r.passport_) << c.field;
    ASSERT_FALSE(r.problems_.empty()) << c.field;
    EXPECT_EQ(r.problems_.front().field_, c.field);
    EXPECT_NE(r.problems_.front().what_.find("check digit"), std::string::npos);
  }
  // A changed number character (digit kept) breaks the number's check and the composite.
  auto bad = good;
  bad[45 + 2] = '9';
  auto const r = parse_td3(bad, kToday);
  ASSERT_EQ(r.problems_.size(), 2u);
  EXPECT_EQ(r.problems_[0].field_, "number");
  EXPECT_EQ(r.problems_[1].field_, "composite");
}

TEST(Mrz, RefusesWhatIsNotAPassportZone) {
  auto const first_field = [](std::string_view text) {
    auto const r = parse_td3(text, kToday);
    EXPECT_FALSE(r.passport_);
    return r.problems_.empty() ? std::string{} : r.problems_.front().field_ + ": " + r.problems_.front().what_;
  };
  EXPECT_EQ(first_field(""), "line1: expected two lines of 44 characters, got one of 0");
  EXPECT_EQ(first_field(std::string(300, 'A')).substr(0, 21), "line1: the text is 30");
  auto const z = zone("ZHANG<<SAN", "E12345678", "CHN", "900115", 'M', "300101");
  EXPECT_EQ(first_field(z.substr(0, 44) + "\n" + z.substr(45, 40)), "line2: 40 characters, expected 44");
  auto id_card = z;
  id_card[0] = 'I';
  EXPECT_EQ(first_field(id_card), "line1: document code \"I\" is not a passport's (P)");
  auto symbol = z;
  symbol[50] = '#';
  EXPECT_EQ(first_field(symbol), "line2: character 6 is not A-Z, 0-9 or '<'");
  EXPECT_EQ(first_field(zone("ZHANG<<SAN", "E12345678", "CHN", "901315", 'M', "300101")),
            "birth_date: is not a date (YYMMDD)")
      << "a birth date is personal data: never quoted";
  EXPECT_EQ(first_field(zone("ZHANG<<SAN", "E12345678", "QQQ", "900115", 'M', "300101")),
            "nationality: \"QQQ\" is not a country code");
  EXPECT_EQ(first_field(zone("ZHANG<<SAN", "E12345678", "CHN", "900115", 'X', "300101")), "sex: \"X\" is not M, F or <");
  EXPECT_EQ(first_field(zone("<<SAN", "E12345678", "CHN", "900115", 'M', "300101")), "surname: no surname in the name field");
}

}  // namespace
}  // namespace caravan::registry
