// QR codes (libqrencode) drawn as SVG: one <path> of square modules with crisp edges, inside the
// quiet zone the standard asks for, for screens and print (the check-in code; later certificates).
// Nothing here throws except std::bad_alloc.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"

namespace sentinella {

// Light modules around the symbol, as the QR standard requires for readers to find it.
inline constexpr int kQrQuietZone = 4;

struct QrImage {
  int version = 0;       // the QR version libqrencode chose (1-40)
  int size = 0;          // modules across, quiet zone included: 17 + 4 * version + 2 * kQrQuietZone
  int dark_modules = 0;
  std::string path;      // SVG path data drawing the dark modules, in module units
};

// The QR code of `text` (byte mode, error correction level M). Invalid for empty text, text with a
// NUL, or text too long for any QR version.
Result<QrImage> qr_image(std::string_view text);

// `image` as a standalone SVG element: viewBox in modules, a white background and one black
// <path>, shape-rendering crispEdges, role="img" and `accessible_name` (escaped) as aria-label;
// `id` (escaped, may be empty) as its id. Scales to its container's width.
std::string qr_svg(const QrImage& image, std::string_view accessible_name, std::string_view id = "");

}  // namespace sentinella
