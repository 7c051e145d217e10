package dev.lantern.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The resident memory of a JVM inside and outside its Java heap, from {@code /proc/PID/smaps}
 * and the heap's address range as the JVM logs it ({@code -Xlog:gc+heap+coops}).
 *
 * <p>RSS after load mostly follows how much heap G1 chose to commit and touch; subtracting the
 * committed size instead overcounts what was committed but never touched. The pages resident in
 * the heap's own range are what the heap holds; everything else (metaspace, code cache, thread
 * stacks, the collector's structures, an agent's native memory, mapped files) is outside it.
 */
final class HeapRss {

  /** The JVM's line, e.g. {@code Heap address: 0x00000000e0000000, size: 512 MB, Compressed Oops mode: 32-bit}. */
  static final Pattern HEAP_LINE = Pattern.compile("Heap address: 0x([0-9a-fA-F]+), size: (\\d+) MB");
  private static final Pattern MAPPING = Pattern.compile("^([0-9a-f]+)-([0-9a-f]+) ");

  final long insideBytes;
  final long outsideBytes;
  /** Of {@link #outsideBytes}, the anonymous pages (malloc, metaspace, code cache, stacks, GC structures), not mapped files. */
  final long outsideAnonymousBytes;

  private HeapRss(long insideBytes, long outsideBytes, long outsideAnonymousBytes) {
    this.insideBytes = insideBytes;
    this.outsideBytes = outsideBytes;
    this.outsideAnonymousBytes = outsideAnonymousBytes;
  }

  /** The heap's {start, size in bytes} from the JVM's log line, or null when the line does not say. */
  static long[] heapRange(String logLine) {
    Matcher m = HEAP_LINE.matcher(logLine);
    if (!m.find()) {
      return null;
    }
    return new long[] {Long.parseUnsignedLong(m.group(1), 16), Long.parseLong(m.group(2)) * 1024 * 1024};
  }

  static HeapRss read(long pid, long[] heap) throws IOException {
    return split(Files.readAllLines(Path.of("/proc", Long.toString(pid), "smaps")), heap[0], heap[1]);
  }

  /** Sums the {@code Rss:} of each mapping by whether it lies in [heapStart, heapStart + heapBytes). */
  static HeapRss split(List<String> smaps, long heapStart, long heapBytes) {
    long inside = 0;
    long outside = 0;
    long outsideAnonymous = 0;
    boolean inHeap = false;
    for (String line : smaps) {
      Matcher mapping = MAPPING.matcher(line);
      if (mapping.find()) {
        long start = Long.parseUnsignedLong(mapping.group(1), 16);
        long end = Long.parseUnsignedLong(mapping.group(2), 16);
        inHeap = start >= heapStart && end <= heapStart + heapBytes;
      } else if (line.startsWith("Rss:")) {
        long bytes = Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        if (inHeap) {
          inside += bytes;
        } else {
          outside += bytes;
        }
      } else if (line.startsWith("Anonymous:") && !inHeap) {
        outsideAnonymous += Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    }
    return new HeapRss(inside, outside, outsideAnonymous);
  }
}
