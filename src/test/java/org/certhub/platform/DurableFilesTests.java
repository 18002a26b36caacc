package org.certhub.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.certhub.testing.Services;
import org.certhub.testing.TestJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sealed file survives a power cut once {@link DurableFiles#write} returns. A power cut cannot be staged here, so
 * the test watches what the kernel is asked, with {@code strace} on a JVM that writes one file: the new file's data is
 * forced ({@code fsync}) before it takes its name ({@code rename}), and the folder is forced after the rename, so that
 * both the bytes and the name are on disk before the caller (the sign stage) records the file in the database.
 */
class DurableFilesTests {

    @TempDir
    Path dir;

    /** What the watched JVM runs: one durable write of the file named by its argument. */
    public static void main(String[] args) throws Exception {
        DurableFiles.write(Path.of(args[0]), "%PDF-1.7 sealed".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void theFileIsForcedBeforeItTakesItsNameAndTheFolderAfter() throws Exception {
        Path strace = Services.requireTool("strace");
        Path folder = Files.createDirectories(dir.resolve("files/2026/12"));
        Path target = folder.resolve("sealed.pdf");
        Path trace = dir.resolve("trace.txt");

        var command = new ArrayList<>(List.of(
                strace.toString(),
                "-f",
                "-e",
                "trace=openat,fsync,fdatasync,rename,renameat,renameat2",
                "-o",
                trace.toString()));
        command.addAll(TestJvm.command(DurableFilesTests.class.getName(), target.toString()));
        Process jvm = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("out.txt").toFile())
                .start();
        assertThat(jvm.waitFor(60, TimeUnit.SECONDS)).as("the JVM ended").isTrue();
        assertThat(jvm.exitValue()).as(Files.readString(dir.resolve("out.txt"))).isZero();
        assertThat(target).hasContent("%PDF-1.7 sealed");

        List<String> calls = calls(Files.readAllLines(trace), folder);

        assertThat(calls)
                .as("the calls on the folder and its files, in order")
                .containsSubsequence(
                        "open tmp", "fsync tmp", "rename tmp -> sealed.pdf", "open folder", "fsync folder");
    }

    private static final Pattern OPEN = Pattern.compile("^\\d+\\s+openat\\([^,]+, \"([^\"]+)\", [^)]*\\) = (\\d+)");
    private static final Pattern SYNC = Pattern.compile("^\\d+\\s+f(?:data)?sync\\((\\d+)\\)\\s+= 0");
    private static final Pattern RENAME =
            Pattern.compile("^\\d+\\s+rename(?:at2?)?\\((?:[^,]+, )?\"([^\"]+)\", (?:[^,]+, )?\"([^\"]+)\"");

    /** The trace's calls on the folder, its temporary files and the target, in words; other files are left out. */
    private static List<String> calls(List<String> lines, Path folder) {
        String root = folder.toString();
        var names = new HashMap<String, String>();
        var calls = new ArrayList<String>();
        for (String line : joined(lines)) {
            Matcher m;
            if ((m = OPEN.matcher(line)).find()) {
                String what = nameOf(m.group(1), root);
                if (what != null) {
                    names.put(m.group(2), what);
                    calls.add("open " + what);
                }
            } else if ((m = SYNC.matcher(line)).find()) {
                String what = names.get(m.group(1));
                if (what != null) {
                    calls.add("fsync " + what);
                }
            } else if ((m = RENAME.matcher(line)).find()) {
                String from = nameOf(m.group(1), root);
                if (from != null) {
                    calls.add("rename " + from + " -> " + Path.of(m.group(2)).getFileName());
                }
            }
        }
        return calls;
    }

    private static final Pattern UNFINISHED = Pattern.compile("^(\\d+)\\s+(.*) <unfinished \\.\\.\\.>$");
    private static final Pattern RESUMED = Pattern.compile("^(\\d+)\\s+<\\.\\.\\. \\w+ resumed>(.*)$");

    /**
     * The trace with each call on one line: when another thread's call comes between, strace writes a call as
     * {@code 123 fsync(5 <unfinished ...>} and later {@code 123 <... fsync resumed>) = 0}.
     */
    private static List<String> joined(List<String> lines) {
        var pending = new HashMap<String, String>();
        var joined = new ArrayList<String>();
        for (String line : lines) {
            Matcher unfinished = UNFINISHED.matcher(line);
            Matcher resumed = RESUMED.matcher(line);
            if (unfinished.find()) {
                pending.put(unfinished.group(1), unfinished.group(2));
            } else if (resumed.find() && pending.containsKey(resumed.group(1))) {
                joined.add(resumed.group(1) + " " + pending.remove(resumed.group(1)) + resumed.group(2));
            } else {
                joined.add(line);
            }
        }
        return joined;
    }

    private static String nameOf(String path, String root) {
        if (path.equals(root)) {
            return "folder";
        }
        if (path.startsWith(root + "/.writing-") && path.endsWith(".tmp")) {
            return "tmp";
        }
        return null;
    }
}
