package io.opwb.api;

import java.util.List;
import java.util.function.ToLongFunction;

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
        return withdrawals.findByHash(hash, chainId).map(ws -> theOne(ws, w -> w.l2ChainId, withdrawalHash, chain));
    }

    /** The one row found for a hash (on the chain named if any); 404 if none, 409 if on several chains. */
    <T> T theOne(List<T> found, ToLongFunction<T> chainOf, String withdrawalHash, String chain) {
        if (found.isEmpty()) {
            throw ApiException.notFound("no withdrawal with hash " + withdrawalHash
                    + (chain == null ? "" : " on chain " + chain));
        }
        if (found.size() > 1) {
            throw ApiException.conflict("withdrawal " + withdrawalHash + " is on chains "
                    + found.stream().map(w -> chains.name(chainOf.applyAsLong(w))).toList() + ": say which with ?chain=");
        }
        return found.get(0);
    }

}
