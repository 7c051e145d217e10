package dev.lantern.testapps.jdbc;

import java.util.concurrent.atomic.AtomicLong;
import org.hibernate.SessionFactory;
import org.hibernate.cfg.Configuration;

/** Hibernate on its own HikariCP pool ({@code orm-pool}), with JDBC batching on. */
final class Orm implements AutoCloseable {

  private final SessionFactory sessions;
  private final AtomicLong ids = new AtomicLong();

  Orm(String url, String user, String password) {
    Configuration cfg = new Configuration().addAnnotatedClass(Pet.class);
    cfg.setProperty("hibernate.connection.url", url);
    if (user != null) {
      cfg.setProperty("hibernate.connection.username", user);
    }
    if (password != null) {
      cfg.setProperty("hibernate.connection.password", password);
    }
    cfg.setProperty(
        "hibernate.connection.provider_class",
        "org.hibernate.hikaricp.internal.HikariCPConnectionProvider");
    cfg.setProperty("hibernate.hikari.poolName", "orm-pool");
    cfg.setProperty("hibernate.hikari.maximumPoolSize", "2");
    cfg.setProperty("hibernate.hbm2ddl.auto", "create");
    cfg.setProperty("hibernate.jdbc.batch_size", "20");
    cfg.setProperty("hibernate.order_inserts", "true");
    this.sessions = cfg.buildSessionFactory();
  }

  /** Persists {@code count} pets named {@code name} in one transaction, then counts them by name. */
  long addAndCount(String name, int count) {
    sessions.inTransaction(
        session -> {
          for (int i = 0; i < count; i++) {
            session.persist(new Pet(ids.incrementAndGet(), name, i));
          }
        });
    return sessions.fromTransaction(
        session ->
            session
                .createSelectionQuery("select count(p) from Pet p where p.name = :name", Long.class)
                .setParameter("name", name)
                .getSingleResult());
  }

  @Override
  public void close() {
    sessions.close();
  }
}
