package dev.lantern.testapps.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * A rough cost-per-statement measurement, not a test: prepared selects by primary key on H2 in
 * memory through HikariCP, the cheapest statement there is, so that the agent's share shows. Run
 * it with and without the agent and compare the ns/op it prints. The statements run outside any
 * trace, so with the agent's defaults they are counted but are no spans; the threshold 0 makes
 * each one a span.
 *
 * <pre>java [-javaagent:lantern-agent.jar -Dlantern.traces.exporter=none
 *     -Dlantern.instrumentation.jdbc.root-span-threshold-ms=0] -cp ... JdbcBench 500000</pre>
 */
public final class JdbcBench {

  public static void main(String[] args) throws Exception {
    int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 500_000;
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl("jdbc:h2:mem:bench;DB_CLOSE_DELAY=-1");
    config.setMaximumPoolSize(1);
    try (HikariDataSource pool = new HikariDataSource(config)) {
      try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
        s.execute("CREATE TABLE owners (id INT PRIMARY KEY, name VARCHAR(100))");
        s.execute("INSERT INTO owners VALUES (1, 'Ann'), (2, 'Bob')");
      }
      for (int round = 0; round < 5; round++) {
        long start = System.nanoTime();
        long found = run(pool, iterations);
        long nanos = System.nanoTime() - start;
        System.out.printf(
            "round %d: %d statements, %.0f ns/op (%d rows)%n",
            round, iterations, (double) nanos / iterations, found);
      }
    }
  }

  private static long run(HikariDataSource pool, int iterations) throws Exception {
    long found = 0;
    try (Connection c = pool.getConnection();
        PreparedStatement s = c.prepareStatement("SELECT name FROM owners WHERE id = ?")) {
      for (int i = 0; i < iterations; i++) {
        s.setInt(1, 1 + (i & 1));
        try (ResultSet rs = s.executeQuery()) {
          if (rs.next()) {
            found++;
          }
        }
      }
    }
    return found;
  }
}
