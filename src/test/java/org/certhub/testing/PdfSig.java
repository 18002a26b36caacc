package org.certhub.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** poppler's pdfsig, an independent validator of PDF signatures. */
public final class PdfSig {

    private PdfSig() {
    }

    /** pdfsig's report on the file; skipped (or failed under CERTHUB_SERVICES=required) without pdfsig. */
    public static String report(Path pdf) throws IOException, InterruptedException {
        Path pdfsig = Services.requireTool("pdfsig");
        Process p = new ProcessBuilder(pdfsig.toString(), pdf.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(60, TimeUnit.SECONDS);
        return out;
    }
}
