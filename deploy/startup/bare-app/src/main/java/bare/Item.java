package bare;

import jakarta.persistence.Entity;

import io.quarkus.hibernate.reactive.panache.PanacheEntity;

/** The bare application's one entity. */
@Entity
public class Item extends PanacheEntity {
    public String name;
}
