package org.certhub.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.concurrent.TimeUnit;
import org.certhub.testing.TestJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Demo nodes that share a data folder and start together agree on a generated password: three JVMs ask for the same
 * user's password from one {@code initial-credentials} file at once, get the same one, and the file holds one line
 * for the user.
 */
class InitialCredentialsNodesTests {

    @TempDir
    Path dir;

    /** What a node's JVM runs: prints the password of the user named, from the file named. */
    public static void main(String[] args) {
        System.out.println("password " + new InitialCredentials(Path.of(args[0])).passwordOf(args[1]));
    }

    @Test
    void threeNodesAskingAtOnceGetOnePassword() throws Exception {
        Path file = dir.resolve("data/initial-credentials");
        var nodes = new ArrayList<Process>();
        for (int i = 0; i < 3; i++) {
            nodes.add(new ProcessBuilder(
                            TestJvm.command(InitialCredentialsNodesTests.class.getName(), file.toString(), "sealer"))
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("node-" + i + ".out").toFile())
                    .start());
        }
        var passwords = new HashSet<String>();
        for (int i = 0; i < nodes.size(); i++) {
            assertThat(nodes.get(i).waitFor(60, TimeUnit.SECONDS)).isTrue();
            String output = Files.readString(dir.resolve("node-" + i + ".out"));
            assertThat(nodes.get(i).exitValue()).as(output).isZero();
            output.lines().filter(l -> l.startsWith("password ")).forEach(passwords::add);
        }

        assertThat(passwords).hasSize(1);
        assertThat(Files.readAllLines(file).stream().filter(l -> l.startsWith("sealer ")))
                .hasSize(1);
    }
}
