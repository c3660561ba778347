#include "caravan/cases/attachments.h"

#include <cctype>
#include <vector>

#include "caravan/base/text.h"

namespace caravan::cases {

std::optional<std::string> sniff_media_type(std::string_view b) {
  auto starts = [&](std::string_view magic) { return b.substr(0, magic.size()) == magic; };
  if (starts("\xFF\xD8\xFF")) {
    return "image/jpeg";
  }
  if (starts("\x89PNG\r\n\x1A\n")) {
    return "image/png";
  }
  if (b.size() >= 12 && starts("RIFF") && b.substr(8, 4) == "WEBP") {
    return "image/webp";
  }
  if (starts("%PDF-")) {
    return "application/pdf";
  }
  return std::nullopt;
}

std::optional<std::string> clean_file_name(std::string_view name) {
  if (find_invalid_utf8(name)) {
    return std::nullopt;
  }
  // The last component whichever separator a client used.
  if (auto const slash = name.find_last_of("/\\"); slash != std::string_view::npos) {
    name = name.substr(slash + 1);
  }
  std::string out;
  for (std::size_t i = 0; i < name.size();) {
    auto const c = static_cast<unsigned char>(name[i]);
    if (c < 0x20 || c == 0x7f || c == ':' || c == '"' || c == '<' || c == '>' || c == '|' || c == '*' || c == '?') {
      ++i;
      continue;
    }
    // C1 controls (U+0080..U+009F: a terminal's CSI among them) and U+061C (Arabic letter mark).
    if (i + 1 < name.size()) {
      auto const c1 = static_cast<unsigned char>(name[i + 1]);
      if ((c == 0xC2 && c1 >= 0x80 && c1 <= 0x9F) || (c == 0xD8 && c1 == 0x9C)) {
        i += 2;
        continue;
      }
    }
    // U+200B..U+200F (zero-width, LRM, RLM), U+2028..U+202E (separators, bidirectional embeddings and
    // overrides that make "gpj.exe" read "exe.jpg"), U+2060..U+2069 (word joiner, isolates), U+FEFF.
    if ((c == 0xE2 || c == 0xEF) && i + 2 < name.size()) {
      auto const c1 = static_cast<unsigned char>(name[i + 1]);
      auto const c2 = static_cast<unsigned char>(name[i + 2]);
      if ((c == 0xE2 && c1 == 0x80 && ((c2 >= 0x8B && c2 <= 0x8F) || (c2 >= 0xA8 && c2 <= 0xAE))) ||
          (c == 0xE2 && c1 == 0x81 && c2 >= 0xA0 && c2 <= 0xA9) || (c == 0xEF && c1 == 0xBB && c2 == 0xBF)) {
        i += 3;
        continue;
      }
    }
    out.push_back(name[i]);
    ++i;
  }
  auto const first = out.find_first_not_of(". ");
  if (first == std::string::npos) {
    return std::nullopt;
  }
  out.erase(0, first);
  while (!out.empty() && (out.back() == ' ' || out.back() == '.')) {
    out.pop_back();
  }
  if (out.size() > 120) {
    // Cut at a character boundary.
    std::size_t cut = 120;
    while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0U) == 0x80U) {
      --cut;
    }
    out.resize(cut);
  }
  return out.empty() ? std::nullopt : std::optional{out};
}

std::string with_extension(std::string const& name, std::string_view media_type) {
  auto const ext = [&]() -> std::vector<std::string_view> {
    if (media_type == "image/jpeg") {
      return {".jpg", ".jpeg"};
    }
    if (media_type == "image/png") {
      return {".png"};
    }
    if (media_type == "image/webp") {
      return {".webp"};
    }
    return {".pdf"};
  }();
  std::string lower = name;
  for (auto& ch : lower) {
    ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  }
  for (auto e : ext) {
    if (lower.ends_with(e)) {
      return name;
    }
  }
  return name + std::string{ext.front()};
}

}  // namespace caravan::cases
