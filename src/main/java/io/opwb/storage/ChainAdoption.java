package io.opwb.storage;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.opwb.chain.Chains;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;

/**
 * Rows written before chains were named (V11 gave them L2 chain id 0) belong to the primary
 * chain, the only one there was: given to it once, at start, with the indexers' checkpoints — by
 * a replica that acts on the chains (the api role only reads, and its start is kept short).
 */
@ApplicationScoped
public class ChainAdoption {

    private static final Logger LOG = Logger.getLogger(ChainAdoption.class);
    private static final List<String> TABLES = List.of("withdrawal", "dispute_game", "portal_finalization",
            "portal_proof", "messenger_relay", "batch", "batch_item", "manifest");
    /** The indexers' names before they named their chain. */
    private static final List<String> INDEXERS = List.of("l2-withdrawals", "l1-portal");

    void onStart(@Observes StartupEvent event, Tx tx, Chains chains, io.opwb.chain.ChainUse use) {
        if (!use.actsOnChains()) {
            return; // the api role never writes; the worker adopts them
        }
        List<String> statements = statements(chains.primary().id());
        int adopted = tx.inTransaction(() -> Panache.getSession().chain(s -> {
            Uni<Integer> count = Uni.createFrom().item(0);
            for (String sql : statements) {
                count = count.chain(n -> s.createNativeQuery(sql).executeUpdate().map(m -> n + m));
            }
            return count;
        }));
        if (adopted > 0) {
            LOG.infof("%d rows from before chains were named now belong to the primary chain %s", adopted,
                    chains.primary());
        }
    }

    /** The updates that give unnamed rows and checkpoints to the primary chain (numbers only: no parameters). */
    static List<String> statements(long primary) {
        List<String> sql = new java.util.ArrayList<>();
        for (String table : TABLES) {
            sql.add("update " + table + " set l2_chain_id = " + primary + " where l2_chain_id = 0");
        }
        for (String indexer : INDEXERS) {
            String named = indexer + ":" + primary;
            sql.add("update indexer_checkpoint set name = '" + named + "' where name = '" + indexer + "'");
            sql.add("update indexed_block set indexer = '" + named + "' where indexer = '" + indexer + "'");
        }
        return sql;
    }
}
