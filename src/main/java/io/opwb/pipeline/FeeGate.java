package io.opwb.pipeline;

import java.io.IOException;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;
import org.web3j.protocol.core.DefaultBlockParameterName;

import io.opwb.batching.FeeConfig;
import io.opwb.batching.FeeSchedule;
import io.opwb.chain.ChainClients;

/** Asks the fee schedule whether a closed batch window may spend now, with the node's base fees. */
@ApplicationScoped
public class FeeGate {

    private static final Logger LOG = Logger.getLogger(FeeGate.class);

    private final ChainClients chains;
    private final FeeSchedule schedule;
    private final int historyBlocks;
    /** Kinds of batch now waiting for a cheaper block: logged once when the wait begins. */
    private final java.util.Set<String> waiting = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public FeeGate(ChainClients chains, FeeConfig config) {
        this.chains = chains;
        this.schedule = FeeSchedule.from(config);
        this.historyBlocks = config.historyBlocks();
    }

    /** True when the batch whose oldest item has been ready since then may be sent now. */
    public boolean allows(String kind, Instant oldestReadySince) throws IOException {
        // eth_feeHistory's base fees end with the next block's: the one a transaction sent now pays.
        int blocks = schedule.needsHistory() ? historyBlocks : 1;
        List<BigInteger> fees = chains.l1().ethFeeHistory(blocks, DefaultBlockParameterName.LATEST, List.of()).send()
                .getFeeHistory().getBaseFeePerGas();
        BigInteger next = fees.get(fees.size() - 1);
        FeeSchedule.Decision decision = schedule.decide(next, fees.subList(0, fees.size() - 1), oldestReadySince,
                Instant.now());
        if (!decision.send()) {
            if (waiting.add(kind)) {
                LOG.infof("%s batch waits: %s", kind, decision.reason());
            }
        } else if (waiting.remove(kind)) {
            LOG.infof("%s batch goes: %s", kind, decision.reason());
        }
        return decision.send();
    }
}
