package io.opwb.storage;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** Portal-wide facts indexed from its events (the single row has id 1). */
@Entity
@Table(name = "portal_state")
public class PortalStateEntity {
    @Id
    public int id = 1;

    @Column(name = "respected_game_type")
    public Long respectedGameType;

    /** L1 timestamp of the last respected-game-type change: older games cannot finalize. */
    @Column(name = "respected_game_type_updated")
    public Long respectedGameTypeUpdated;
}
