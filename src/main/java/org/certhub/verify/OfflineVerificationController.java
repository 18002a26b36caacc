package org.certhub.verify;

import java.util.concurrent.TimeUnit;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import tools.jackson.databind.json.JsonMapper;

/**
 * Offline verification: the trust and status lists under {@code /.well-known/certhub/}, open to any verifier (CORS),
 * and the scan page {@code /verify/scan}, an installable web app that checks a QR code's signed payload against the
 * lists it keeps, with no network.
 */
@Controller
class OfflineVerificationController {

    private static final MediaType JWT = MediaType.parseMediaType("application/jwt");
    private static final MediaType VC_JWT = MediaType.parseMediaType("application/vc+jwt");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final OfflineLists lists;
    private final PageFonts fonts;

    OfflineVerificationController(OfflineLists lists, PageFonts fonts) {
        this.lists = lists;
        this.fonts = fonts;
    }

    @GetMapping(OfflineLists.TRUST_LIST_PATH)
    ResponseEntity<String> trustList() {
        return list(JWT, lists.trustList());
    }

    @GetMapping(OfflineLists.STATUS_LIST_PATH)
    ResponseEntity<String> statusList() {
        return list(VC_JWT, lists.statusList());
    }

    private static ResponseEntity<String> list(MediaType type, String jws) {
        return ResponseEntity.ok()
                .contentType(type)
                .cacheControl(CacheControl.maxAge(OfflineLists.STATUS_LIST_MIN_AGE.toSeconds(), TimeUnit.SECONDS)
                        .cachePublic())
                .header("Access-Control-Allow-Origin", "*")
                .body(jws);
    }

    @GetMapping("/verify/scan")
    String scan(Model model) {
        model.addAttribute("anchor", JSON.writeValueAsString(lists.listSigner()));
        // what a scan shows besides the holder: the types', authorities' and seals' names (the service worker keeps
        // the font, so a phone with no Chinese font reads them offline too)
        model.addAttribute("fonts", fonts.css(lists.namesShown()));
        return "verify/scan";
    }
}
