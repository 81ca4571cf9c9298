package io.opwb.indexing;

import java.io.IOException;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;
import org.web3j.utils.Numeric;

import io.opwb.chain.ChainClients;
import io.opwb.chain.ChainContext;
import io.opwb.chain.TokenMetadataReader;
import io.opwb.storage.TokenMetadataStore;

/**
 * The worker's small job beside indexing: asks the L1 tokens of newly indexed transfers their symbol and
 * decimals, once each, a few per cycle. A token's answer, whatever it is, is recorded for good; the node's
 * silence records nothing (the token is asked again next cycle) and ends this cycle's reading, since the
 * next token would meet the same node. The api role never runs it: it only reads the table.
 */
@ApplicationScoped
public class TokenMetadataJob {

    private static final Logger LOG = Logger.getLogger(TokenMetadataJob.class);
    /** Tokens asked per chain and cycle: two calls each, so a burst of new tokens never holds a cycle up long. */
    static final int TOKENS_PER_CYCLE = 20;

    private final ChainClients clients;
    private final TokenMetadataStore store;

    public TokenMetadataJob(ChainClients clients, TokenMetadataStore store) {
        this.clients = clients;
        this.store = store;
    }

    /** Reads up to {@link #TOKENS_PER_CYCLE} unread tokens of a chain; returns how many it recorded. */
    public int readSome(ChainContext chain) {
        int recorded = 0;
        for (byte[] token : store.unread(chain.id(), TOKENS_PER_CYCLE).await().indefinitely()) {
            String address = Numeric.toHexString(token);
            TokenMetadataReader.Answer answer;
            try {
                answer = TokenMetadataReader.read(clients.l1(), address);
            } catch (IOException silent) {
                LOG.debugf("%s: token %s not read this cycle, the L1 node gave no verdict: %s", chain, address,
                        silent.getMessage());
                break;
            }
            if (answer instanceof TokenMetadataReader.Answer.Known known) {
                store.recordKnown(chain.id(), token, known.symbol(), known.decimals()).await().indefinitely();
            } else if (answer instanceof TokenMetadataReader.Answer.NoAnswer none) {
                LOG.infof("%s: token %s does not answer its symbol and decimals (%s): its amounts are shown raw",
                        chain, address, none.why());
                store.recordNoAnswer(chain.id(), token, none.why()).await().indefinitely();
            }
            recorded++;
        }
        return recorded;
    }
}
