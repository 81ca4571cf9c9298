package io.opwb.api;

import jakarta.enterprise.context.ApplicationScoped;

import io.opwb.storage.WithdrawalEntity;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/** Finds a withdrawal by hash for the API; the same hash may be on two chains. */
@ApplicationScoped
public class WithdrawalLookup {

    private final ChainNames chains;

    public WithdrawalLookup(ChainNames chains) {
        this.chains = chains;
    }

    /** The withdrawal with this hash, on the chain named if any; 404 if none, 409 if on several chains. */
    public Uni<WithdrawalEntity> find(String withdrawalHash, String chain) {
        byte[] hash = Params.hash(withdrawalHash, "withdrawalHash");
        Long chainId = chains.idOrNull(chain);
        return Panache.getSession().chain(s -> {
            var query = s.createSelectionQuery("from WithdrawalEntity where withdrawalHash = :h"
                    + (chainId == null ? "" : " and l2ChainId = :c"), WithdrawalEntity.class).setParameter("h", hash);
            return (chainId == null ? query : query.setParameter("c", chainId)).getResultList();
        }).map(ws -> {
                    if (ws.isEmpty()) {
                        throw ApiException.notFound("no withdrawal with hash " + withdrawalHash
                                + (chain == null ? "" : " on chain " + chain));
                    }
                    if (ws.size() > 1) {
                        throw ApiException.conflict("withdrawal " + withdrawalHash + " is on chains "
                                + ws.stream().map(w -> chains.name(w.l2ChainId)).toList() + ": say which with ?chain=");
                    }
                    return ws.get(0);
                });
    }

}
