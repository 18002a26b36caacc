package org.certhub.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Independent validators of sealed files: poppler's pdfsig and the EU DSS validator for PDF, ofdrw's own
 * verification for OFD.
 *
 * <p>DSS 6.4 cannot parse PAdES signatures with BouncyCastle 1.87 on the class path ("Extra data detected in
 * stream": it parses the zero-padded /Contents whole), so it runs in its own JVM on the DSS 6.4 + BouncyCastle 1.83
 * jars that Maven copies to {@code target/dss-lib}, through {@code src/test/dss/DssCheck.java}.
 */
public final class SignatureValidators {

    private SignatureValidators() {}

    /** pdfsig's report; {@code -nocert} because trust in the demo root is DSS's part of the check. */
    public static String pdfsig(Path pdf) throws Exception {
        Path pdfsig = Services.requireTool("pdfsig");
        return run(List.of(pdfsig.toString(), "-nocert", pdf.toString()), 60);
    }

    /**
     * DSS's simple report as {@code key=value} lines, then one {@code timestamp=<type> <time> indication=<...>} line
     * per timestamp, trusting the given root certificate. DSS works offline: it sees the revocation data in the
     * document, and the given CRL files, as a validator that fetched them from the distribution points would.
     */
    public static String dss(Path pdf, Path trustedRoot, Path... crls) throws Exception {
        Path base = Path.of(System.getProperty("basedir", "."));
        Path lib = base.resolve(Path.of("target", "dss-lib"));
        Path check = base.resolve(Path.of("src", "test", "dss", "DssCheck.java"));
        Services.require(
                "EU DSS class path " + lib + " (run the tests through Maven)",
                Files.isDirectory(lib) && Files.exists(check));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(
                java,
                "-cp",
                lib.toAbsolutePath() + File.separator + "*",
                check.toString(),
                pdf.toString(),
                trustedRoot.toString()));
        for (Path crl : crls) {
            command.add("--crl");
            command.add(crl.toString());
        }
        return run(command, 180);
    }

    /**
     * ofdrw's own verification of an OFD's electronic seals, then trust in the given SM2 roots, through
     * {@code src/test/ofd/OfdCheck.java} in a JVM on the BouncyCastle ofdrw 2.3.3 needs (jdk15on 1.68, which Maven
     * copies to {@code target/ofd-lib}): {@code indication=TOTAL_PASSED} when both pass.
     */
    public static String ofdrw(Path ofd, Path... trustedRoots) throws Exception {
        Path base = Path.of(System.getProperty("basedir", "."));
        Path lib = base.resolve(Path.of("target", "ofd-lib"));
        Path check = base.resolve(Path.of("src", "test", "ofd", "OfdCheck.java"));
        Services.require(
                "ofdrw class path " + lib + " (run the tests through Maven)",
                Files.isDirectory(lib) && Files.exists(check));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(
                List.of(java, "-cp", lib.toAbsolutePath() + File.separator + "*", check.toString(), ofd.toString()));
        for (Path root : trustedRoots) {
            command.add(root.toString());
        }
        return run(command, 180);
    }

    private static String run(List<String> command, int timeoutSeconds) throws Exception {
        Path output = Files.createTempFile("validator", ".txt");
        try {
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail("Timed out: " + command);
            }
            String text = Files.readString(output, StandardCharsets.UTF_8);
            System.out.println("$ " + String.join(" ", command) + "\n" + filtered(text));
            assertThat(process.exitValue())
                    .as("exit code of %s; output:%n%s", command, text)
                    .isZero();
            return text;
        } finally {
            Files.deleteIfExists(output);
        }
    }

    /** Keeps the report lines, drops DSS's log chatter. */
    private static String filtered(String text) {
        List<String> lines = new ArrayList<>();
        for (String line : text.split("\\R")) {
            if (!line.contains(" INFO ") && !line.startsWith("SLF4J")) {
                lines.add("    " + line);
            }
        }
        return String.join("\n", lines);
    }
}
