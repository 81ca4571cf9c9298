package io.opwb.api;

import jakarta.enterprise.context.ApplicationScoped;

import io.opwb.storage.WithdrawalEntity;
import io.opwb.storage.WithdrawalRepository;
import io.smallrye.mutiny.Uni;

/** Finds a withdrawal by hash for the API; the same hash may be on two chains. */
@ApplicationScoped
public class WithdrawalLookup {

    private final ChainNames chains;

    private final WithdrawalRepository withdrawals;

    public WithdrawalLookup(ChainNames chains, WithdrawalRepository withdrawals) {
        this.chains = chains;
        this.withdrawals = withdrawals;
    }

    /** The withdrawal with this hash, on the chain named if any; 404 if none, 409 if on several chains. */
    public Uni<WithdrawalEntity> find(String withdrawalHash, String chain) {
        byte[] hash = Params.hash(withdrawalHash, "withdrawalHash");
        Long chainId = chains.idOrNull(chain);
        return withdrawals.findByHash(hash, chainId).map(ws -> {
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
