package dev.lantern.testapps.jdkhttp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Counts the listening TCP sockets a process owns, from Linux's /proc (the machines this runs on). */
final class ListeningSockets {

  private ListeningSockets() {}

  static int of(long pid) throws IOException {
    Set<String> inodes = new HashSet<>();
    try (var fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
      for (Path fd : (Iterable<Path>) fds::iterator) {
        try {
          String target = Files.readSymbolicLink(fd).toString();
          if (target.startsWith("socket:[")) {
            inodes.add(target.substring(8, target.length() - 1));
          }
        } catch (IOException closedMeanwhile) {
          // ignore
        }
      }
    }
    int listening = 0;
    for (String table : List.of("tcp", "tcp6")) {
      Path file = Path.of("/proc", Long.toString(pid), "net", table);
      if (!Files.exists(file)) {
        continue;
      }
      for (String line : Files.readAllLines(file)) {
        String[] f = line.trim().split("\\s+");
        // columns: sl local rem st ... inode(9); state 0A = LISTEN
        if (f.length > 9 && f[3].equals("0A") && inodes.contains(f[9])) {
          listening++;
        }
      }
    }
    return listening;
  }
}
