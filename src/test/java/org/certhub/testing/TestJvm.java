package org.certhub.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command line of another JVM on this test's classpath: a node, a broker, a process watched by a tool. */
public final class TestJvm {

    private TestJvm() {}

    /** {@code java -cp <this classpath> <main class> <arguments>}. */
    public static List<String> command(String mainClass, String... arguments) {
        var command = new ArrayList<String>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(List.of(arguments));
        return command;
    }
}
