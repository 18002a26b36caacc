package org.certhub.verify;

import java.time.Duration;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Serves the public pages' web fonts ({@link PageFonts}). A font's URL names what it holds, so it never changes:
 * browsers and proxies keep it for a year.
 */
@RestController
class PageFontsController {

    private static final MediaType TTF = MediaType.parseMediaType("font/ttf");

    private final PageFonts fonts;

    PageFontsController(PageFonts fonts) {
        this.fonts = fonts;
    }

    @GetMapping("/fonts/page/{index}.ttf")
    ResponseEntity<byte[]> page(@PathVariable int index, @RequestParam("t") String key) {
        return font(fonts.page(key, index));
    }

    @GetMapping("/fonts/ui/{index}.ttf")
    ResponseEntity<byte[]> ui(@PathVariable int index) {
        return font(fonts.ui(index));
    }

    private static ResponseEntity<byte[]> font(byte[] font) {
        if (font == null) {
            return ResponseEntity.notFound().build();
        }
        return ResponseEntity.ok()
                .contentType(TTF)
                .cacheControl(
                        CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable())
                .body(font);
    }
}
