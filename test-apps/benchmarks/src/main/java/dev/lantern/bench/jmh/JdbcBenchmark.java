package dev.lantern.bench.jmh;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/** One prepared query on in-memory H2: with the agent, a CLIENT span and the DB histogram. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class JdbcBenchmark {

  private Connection connection;
  private PreparedStatement select;

  @Setup(Level.Trial)
  public void open() throws SQLException {
    connection = DriverManager.getConnection("jdbc:h2:mem:bench" + Thread.currentThread().getId(), "sa", "");
    try (Statement ddl = connection.createStatement()) {
      ddl.execute("CREATE TABLE products (id INT PRIMARY KEY, name VARCHAR(64))");
      ddl.execute("INSERT INTO products VALUES (7, 'lamp')");
    }
    select = connection.prepareStatement("SELECT name FROM products WHERE id = ?");
  }

  @TearDown(Level.Trial)
  public void close() throws SQLException {
    connection.close();
  }

  @Benchmark
  public String preparedQuery() throws SQLException {
    select.setInt(1, 7);
    try (ResultSet rs = select.executeQuery()) {
      return rs.next() ? rs.getString(1) : null;
    }
  }
}
