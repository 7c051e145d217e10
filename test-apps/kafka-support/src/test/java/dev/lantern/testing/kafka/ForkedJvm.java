package dev.lantern.testing.kafka;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A child JVM whose stdout lines the test can wait for; stderr goes to a file for inspection. */
final class ForkedJvm implements AutoCloseable {
    /** Marks the end of stdout in the line queue. */
    private static final String EOF = "\u0000EOF";

    private final Process process;
    private final Path stderrFile;
    private final BlockingQueue<String> stdoutLines = new LinkedBlockingQueue<>();
    private final List<String> seen = new ArrayList<>();

    private ForkedJvm(Process process, Path stderrFile) {
        this.process = process;
        this.stderrFile = stderrFile;
        Thread reader = new Thread(this::pumpStdout, "forked-jvm-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    /** Runs {@code java javaArgs...}, e.g. {@code -cp CP Main args} or {@code -jar JAR args}. */
    static ForkedJvm start(List<String> javaArgs, Path stderrFile) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(javaArgs);
        Process process = new ProcessBuilder(command)
                .redirectError(stderrFile.toFile())
                .start();
        return new ForkedJvm(process, stderrFile);
    }

    /** Returns the first stdout line starting with {@code prefix}; fails at EOF or after {@code limit}. */
    String awaitLine(String prefix, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            String line = stdoutLines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null || EOF.equals(line)) {
                throw new AssertionError("no stdout line starting with '" + prefix + "' "
                        + (line == null ? "within " + limit : "before the process ended")
                        + "; stdout so far: " + seen + "; stderr in " + stderrFile);
            }
            seen.add(line);
            if (line.startsWith(prefix)) {
                return line;
            }
        }
    }

    Path stderrFile() {
        return stderrFile;
    }

    /** Sends SIGTERM (shutdown hooks run) and waits up to {@code limit} for the process to end. */
    boolean terminate(Duration limit) throws InterruptedException {
        process.destroy();
        return process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
    }

    int waitForExit(Duration limit) throws InterruptedException {
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("process still running after " + limit + "; stderr in " + stderrFile);
        }
        return process.exitValue();
    }

    private void pumpStdout() {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = reader.readLine()) != null; ) {
                stdoutLines.add(line);
            }
        } catch (IOException ignored) {
            // The process went away; EOF below tells the waiting test.
        }
        stdoutLines.add(EOF);
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
