package dev.lantern.testapps.jdbc;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The entity of the ORM path. */
@Entity
@Table(name = "pets")
public class Pet {

  @Id private Long id;

  private String name;

  private int ownerId;

  protected Pet() {}

  Pet(long id, String name, int ownerId) {
    this.id = id;
    this.name = name;
    this.ownerId = ownerId;
  }

  public Long getId() {
    return id;
  }

  public String getName() {
    return name;
  }

  public int getOwnerId() {
    return ownerId;
  }
}
