package org.certhub.demopki;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.certhub.platform.Sha256;
import org.certhub.testing.TestJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hub nodes that share a data folder and start at the same moment make one demo PKI between them: one makes it, the
 * others wait for it and read it. Three JVMs (three nodes) set it up in one folder at once; all succeed and name the
 * same root and seal certificate.
 */
class DemoPkiNodesTests {

    @TempDir
    Path dir;

    /** What a node's JVM runs: sets up the PKI in the folder named, then prints its root and seal certificates. */
    public static void main(String[] args) throws Exception {
        DemoPki pki = DemoPki.ensure(Path.of(args[0]), "江苏省住房和城乡建设厅");
        System.out.println("root " + Sha256.hex(Files.readAllBytes(pki.rootCertificate())));
        KeyStore seal = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(pki.keystore())) {
            seal.load(in, pki.password());
        }
        System.out.println("seal " + Sha256.hex(seal.getCertificate(pki.alias()).getEncoded()));
    }

    @Test
    void threeNodesStartingTogetherOnOneFolderMakeOnePki() throws Exception {
        Path keys = dir.resolve("data/keys");
        var nodes = new ArrayList<Process>();
        for (int i = 0; i < 3; i++) {
            nodes.add(new ProcessBuilder(TestJvm.command(DemoPkiNodesTests.class.getName(), keys.toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("node-" + i + ".out").toFile())
                    .start());
        }
        var answers = new HashSet<List<String>>();
        for (int i = 0; i < nodes.size(); i++) {
            assertThat(nodes.get(i).waitFor(120, TimeUnit.SECONDS)).isTrue();
            String output = Files.readString(dir.resolve("node-" + i + ".out"));
            assertThat(nodes.get(i).exitValue()).as(output).isZero();
            answers.add(output.lines()
                    .filter(line -> line.startsWith("root ") || line.startsWith("seal "))
                    .toList());
        }

        assertThat(answers).as("the same root and seal for every node").hasSize(1);
        assertThat(answers.iterator().next()).hasSize(2);
    }
}
