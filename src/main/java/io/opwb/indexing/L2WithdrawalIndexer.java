package io.opwb.indexing;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;


import org.web3j.abi.EventEncoder;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.utils.Numeric;

import io.opwb.chain.ChainContext;
import io.opwb.chain.Predeploys;
import io.opwb.chain.contracts.L2ToL1MessagePasser;
import io.opwb.storage.Tx;
import io.opwb.storage.WithdrawalEntity;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/** Indexes {@code MessagePassed} from one chain's L2 message passer: one row per withdrawal. */
public class L2WithdrawalIndexer extends LogIndexer {

    public static final String KIND = "l2-withdrawals";
    private static final int INSERT_ROWS = 500;
    private static final String MESSAGE_PASSED = EventEncoder.encode(L2ToL1MessagePasser.MESSAGEPASSED_EVENT);

    public L2WithdrawalIndexer(Tx tx, IndexingConfig config, ChainContext chain, IndexerMetrics metrics) {
        super(tx, config, chain, metrics);
    }

    @Override
    protected String kind() {
        return KIND;
    }

    @Override
    protected Web3j node() {
        return chain.l2();
    }

    @Override
    protected int confirmations() {
        return config.l2Confirmations();
    }

    @Override
    protected long startBlock() {
        return config.l2StartBlock();
    }

    @Override
    protected EthFilter filter(long from, long to) {
        EthFilter filter = new EthFilter(DefaultBlockParameter.valueOf(java.math.BigInteger.valueOf(from)),
                DefaultBlockParameter.valueOf(java.math.BigInteger.valueOf(to)), Predeploys.L2_TO_L1_MESSAGE_PASSER);
        filter.addSingleTopic(MESSAGE_PASSED);
        return filter;
    }

    @Override
    protected Supplier<Uni<Void>> prepare(List<Log> logs) {
        List<WithdrawalEntity> rows = new ArrayList<>();
        for (Log log : logs) {
            if (log.isRemoved()) {
                continue;
            }
            var e = L2ToL1MessagePasser.getMessagePassedEventFromLog(log);
            WithdrawalEntity w = new WithdrawalEntity();
            w.l2ChainId = chain.id();
            w.withdrawalHash = e.withdrawalHash;
            w.nonce = new BigDecimal(e.nonce);
            w.sender = Numeric.hexStringToByteArray(e.sender);
            w.target = Numeric.hexStringToByteArray(e.target);
            w.valueWei = new BigDecimal(e.value);
            w.gasLimit = new BigDecimal(e.gasLimit);
            w.data = e.data;
            w.l2BlockNumber = log.getBlockNumber().longValueExact();
            w.l2BlockHash = Numeric.hexStringToByteArray(log.getBlockHash());
            w.l2TxHash = Numeric.hexStringToByteArray(log.getTransactionHash());
            w.l2LogIndex = log.getLogIndex().intValueExact();
            rows.add(w);
        }
        return () -> insertNew(rows);
    }

    /**
     * Multi-row inserts of {@value #INSERT_ROWS} rows each; one already there (a range read again
     * after a crash) is left as it is. The columns left out take their defaults, which are the
     * entity's (waiting for a game, selected, no failures).
     */
    private Uni<Void> insertNew(List<WithdrawalEntity> rows) {
        Uni<Void> work = Uni.createFrom().voidItem();
        for (int from = 0; from < rows.size(); from += INSERT_ROWS) {
            List<WithdrawalEntity> part = rows.subList(from, Math.min(rows.size(), from + INSERT_ROWS));
            work = work.chain(() -> Panache.getSession().chain(s -> {
                var insert = s.createNativeQuery(insertSql(part.size()));
                insert.setParameter("c", chain.id());
                for (int i = 0; i < part.size(); i++) {
                    WithdrawalEntity w = part.get(i);
                    insert.setParameter("h" + i, w.withdrawalHash).setParameter("n" + i, w.nonce)
                            .setParameter("s" + i, w.sender).setParameter("t" + i, w.target)
                            .setParameter("v" + i, w.valueWei).setParameter("g" + i, w.gasLimit)
                            .setParameter("d" + i, w.data).setParameter("b" + i, w.l2BlockNumber)
                            .setParameter("bh" + i, w.l2BlockHash).setParameter("tx" + i, w.l2TxHash)
                            .setParameter("li" + i, w.l2LogIndex);
                }
                return insert.executeUpdate().replaceWithVoid();
            }));
        }
        return work;
    }

    private static String insertSql(int rows) {
        StringBuilder sql = new StringBuilder(rows * 80).append("insert into withdrawal (l2_chain_id, withdrawal_hash, "
                + "nonce, sender, target, value_wei, gas_limit, data, l2_block_number, l2_block_hash, l2_tx_hash, "
                + "l2_log_index) values ");
        for (int i = 0; i < rows; i++) {
            sql.append(i == 0 ? "" : ",").append("(:c,:h").append(i).append(",:n").append(i).append(",:s").append(i)
                    .append(",:t").append(i).append(",:v").append(i).append(",:g").append(i).append(",:d").append(i)
                    .append(",:b").append(i).append(",:bh").append(i).append(",:tx").append(i).append(",:li")
                    .append(i).append(')');
        }
        return sql.append(" on conflict (l2_chain_id, withdrawal_hash) do nothing").toString();
    }

    @Override
    protected Uni<List<Object[]>> rowBlocks(int limit) {
        return Panache.getSession().chain(s -> s.createSelectionQuery(
                "select distinct l2BlockNumber, l2BlockHash from WithdrawalEntity where l2ChainId = :c "
                        + "order by l2BlockNumber desc", Object[].class).setParameter("c", chain.id()).setMaxResults(limit).getResultList());
    }

    @Override
    protected Supplier<Uni<Void>> rollbackAfter(long forkBlock) {
        // Orphaned withdrawals leave the database, with their batch items.
        return () -> Panache.getSession().chain(s -> s.createMutationQuery(
                "delete from BatchItemEntity where l2ChainId = :c and withdrawalHash in "
                        + "(select w.withdrawalHash from WithdrawalEntity w where w.l2ChainId = :c and w.l2BlockNumber > :f)")
                .setParameter("c", chain.id()).setParameter("f", forkBlock).executeUpdate()
                .chain(() -> s.createMutationQuery("delete from WithdrawalEntity where l2ChainId = :c "
                        + "and l2BlockNumber > :f").setParameter("c", chain.id()).setParameter("f", forkBlock)
                        .executeUpdate()))
                .replaceWithVoid();
    }
}
