package io.opwb.storage;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

/** The dispute games we indexed. */
@ApplicationScoped
public class DisputeGameRepository implements PanacheRepositoryBase<DisputeGameEntity, GameKey> {

    /** A chain's games still to follow: in progress, or whose root is not checked against our L2 node yet; usable ones. */
    public Uni<List<DisputeGameEntity>> toFollow(long l2ChainId) {
        return list("l2ChainId = ?1 and (status = 0 or rootVerified is null) and unusableReason is null", l2ChainId);
    }

    /** The registry blacklisted this game (learnt from the portal's answer for a withdrawal proven against it). */
    public Uni<Integer> markBlacklisted(long l2ChainId, byte[] address) {
        return update("blacklisted = true where l2ChainId = ?1 and address = ?2", l2ChainId, address);
    }

    /** The game's type was not the respected one when it was created (learnt from the portal's answer). */
    public Uni<Integer> markNotRespectedWhenCreated(long l2ChainId, byte[] address) {
        return update("respectedWhenCreated = false where l2ChainId = ?1 and address = ?2", l2ChainId, address);
    }
}
