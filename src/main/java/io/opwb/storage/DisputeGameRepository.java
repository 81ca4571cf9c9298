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

    /**
     * The games the status rules may trust now, as far as their rows tell (the rules decide:
     * {@code StatusRules.trustedGames}, whose conditions these are): the one covering the highest L2 block,
     * and the newest {@code recent} by index. Two bounded reads however many games the chain has had.
     *
     * @param createdAfter the last creation second that is void by age (a retirement, a change of the respected type)
     * @param createdBefore games created in this L1 second or later are not trusted yet
     * @param registryRules the registry must have respected the game's type when it was created
     */
    public Uni<List<DisputeGameEntity>> trustCandidates(long l2ChainId, long respectedType, long createdAfter,
            long createdBefore, boolean registryRules, int recent) {
        String trusted = "from DisputeGameEntity g where g.l2ChainId = :c and g.rootVerified = true and g.gameType = :t"
                + " and g.createdAt > :after and g.createdAt < :before and g.blacklisted = false and g.status <> "
                + DisputeGameEntity.CHALLENGER_WINS + (registryRules ? " and g.respectedWhenCreated = true" : "");
        return getSession().chain(s -> s.createSelectionQuery(trusted + " order by g.l2BlockNumber desc, g.gameIndex desc",
                DisputeGameEntity.class).setParameter("c", l2ChainId).setParameter("t", respectedType)
                .setParameter("after", createdAfter).setParameter("before", createdBefore).setMaxResults(1)
                .getResultList()
                .chain(best -> s.createSelectionQuery(trusted + " order by g.gameIndex desc", DisputeGameEntity.class)
                        .setParameter("c", l2ChainId).setParameter("t", respectedType)
                        .setParameter("after", createdAfter).setParameter("before", createdBefore)
                        .setMaxResults(recent).getResultList()
                        .map(newest -> {
                            List<DisputeGameEntity> both = new java.util.ArrayList<>(newest);
                            best.stream().filter(b -> newest.stream().noneMatch(n -> n.gameIndex == b.gameIndex))
                                    .forEach(both::add);
                            return both;
                        })));
    }

    /** These games of one chain, by address (those it has). */
    public Uni<List<DisputeGameEntity>> byAddresses(long l2ChainId, java.util.Collection<byte[]> addresses) {
        return list("l2ChainId = ?1 and address in ?2", l2ChainId, addresses);
    }
}
