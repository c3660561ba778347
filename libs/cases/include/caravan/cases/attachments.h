#pragma once
// What a case's attachment may be: photos, PDFs and receipts, told by their bytes (never by the name or
// the type a client claims), under a size limit, with a name that cannot step out of a folder or fool a
// screen. They are stored once per content (store.h) and served only to the case's parties, always as a
// download (docs/cases.md).
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace caravan::cases {

inline constexpr std::size_t kMaxAttachmentBytes = 5U << 20U;  // a phone photo or a scanned receipt
inline constexpr std::size_t kMaxAttachmentsPerCase = 20;

// "image/jpeg", "image/png", "image/webp", "application/pdf" from the content's signature, std::nullopt
// for anything else (HTML, SVG, executables, archives, text).
std::optional<std::string> sniff_media_type(std::string_view bytes);

// The name as shown and offered for download: the last path component, without control characters (C0,
// DEL, C1), bidirectional marks and overrides, zero-width characters or leading dots, at most 120 bytes
// of UTF-8; std::nullopt when nothing usable is left ("../../", "", "\u202e").
std::optional<std::string> clean_file_name(std::string_view name);

// `name` ending as its type says ("receipt.html" of a PDF becomes "receipt.html.pdf"), so a file saved
// from a download opens as what it is, never as a page.
std::string with_extension(std::string const& name, std::string_view media_type);

}  // namespace caravan::cases
