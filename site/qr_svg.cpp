#include "site/qr_svg.h"

#include <qrencode.h>

#include <memory>

#include "site/html_text.h"

namespace sentinella {

Result<QrImage> qr_image(std::string_view text) {
  if (text.empty()) return Status::Invalid("a QR code needs some text");
  if (text.find('\0') != std::string_view::npos) return Status::Invalid("a QR code's text cannot contain NUL");
  const std::string copy(text);
  std::unique_ptr<QRcode, decltype(&QRcode_free)> code(QRcode_encodeString8bit(copy.c_str(), 0, QR_ECLEVEL_M),
                                                       &QRcode_free);
  if (!code) return Status::Invalid("the text is too long for a QR code");
  QrImage image;
  image.version = code->version;
  image.size = code->width + 2 * kQrQuietZone;
  const int width = code->width;
  for (int y = 0; y < width; ++y) {
    for (int x = 0; x < width;) {
      // Bit 0 of each byte is the module's colour (1: dark); the others say what the module is.
      if (!(code->data[y * width + x] & 1)) {
        ++x;
        continue;
      }
      int run = 0;
      while (x + run < width && (code->data[y * width + x + run] & 1)) ++run;
      image.dark_modules += run;
      image.path += "M" + std::to_string(x + kQrQuietZone) + " " + std::to_string(y + kQrQuietZone) + "h" +
                    std::to_string(run) + "v1h-" + std::to_string(run) + "z";
      x += run;
    }
  }
  return image;
}

std::string qr_svg(const QrImage& image, std::string_view accessible_name, std::string_view id) {
  const std::string size = std::to_string(image.size);
  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\"";
  if (!id.empty()) svg += " id=\"" + escape_markup(id) + "\"";
  svg += " class=\"qr-code\" viewBox=\"0 0 " + size + " " + size +
         "\" role=\"img\" aria-label=\"" + escape_markup(accessible_name) +
         "\" shape-rendering=\"crispEdges\"><rect width=\"" + size + "\" height=\"" + size +
         "\" fill=\"#fff\"/><path fill=\"#000\" d=\"" + image.path + "\"/></svg>";
  return svg;
}

}  // namespace sentinella
