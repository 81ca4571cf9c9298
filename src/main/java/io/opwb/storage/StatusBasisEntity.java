package io.opwb.storage;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * What one chain's status decisions shared when the status pass last ran (V23): compared with the
 * next pass's, it tells which withdrawals a change concerns ({@code lifecycle.RecheckPolicy}).
 */
@Entity
@Table(name = "status_basis")
public class StatusBasisEntity {

    @Id
    @Column(name = "l2_chain_id")
    public long l2ChainId;

    @Column(nullable = false)
    public String rules;

    @Column(name = "best_game_block", nullable = false)
    public long bestGameBlock;

    @Column(name = "eta_games", nullable = false)
    public String etaGames;
}
