package dev.lantern.testing.llm;

import java.util.concurrent.CountDownLatch;

/**
 * Runs an {@link LlmServer} until the process is killed.
 *
 * <p>Arguments: {@code --port N} (default 0: a free port), {@code --alias requested=served} (repeatable),
 * {@code --no-default-aliases}. Prints {@code LLM_READY url=<baseUrl>} on standard output once it listens.
 */
public final class LlmServerMain {
  private LlmServerMain() {}

  public static void main(String[] args) throws InterruptedException {
    int port = 0;
    boolean defaultAliases = true;
    java.util.List<String[]> aliases = new java.util.ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--port":
          port = Integer.parseInt(value(args, ++i, "--port"));
          break;
        case "--alias": {
          String a = value(args, ++i, "--alias");
          int eq = a.indexOf('=');
          if (eq <= 0 || eq == a.length() - 1) {
            usage("--alias takes requested=served, got " + a);
          }
          aliases.add(new String[] {a.substring(0, eq), a.substring(eq + 1)});
          break;
        }
        case "--no-default-aliases":
          defaultAliases = false;
          break;
        case "-h":
        case "--help":
          usage(null);
          break;
        default:
          usage("unknown argument " + args[i]);
      }
    }
    LlmServer server = LlmServer.start(port);
    if (!defaultAliases) {
      server.clearAliases();
    }
    for (String[] a : aliases) {
      server.alias(a[0], a[1]);
    }
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "lantern-llm-server-shutdown"));
    System.out.println("LLM_READY url=" + server.baseUrl());
    System.out.flush();
    new CountDownLatch(1).await();
  }

  private static String value(String[] args, int i, String flag) {
    if (i >= args.length) {
      usage(flag + " needs a value");
    }
    return args[i];
  }

  private static void usage(String problem) {
    if (problem != null) {
      System.err.println(problem);
    }
    System.err.println("usage: LlmServerMain [--port N] [--alias requested=served]... [--no-default-aliases]");
    System.exit(problem == null ? 0 : 2);
  }
}
