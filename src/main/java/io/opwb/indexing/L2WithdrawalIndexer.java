package io.opwb.indexing;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;


import org.web3j.abi.EventEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Type;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.utils.Numeric;

import io.opwb.chain.ChainContext;
import io.opwb.chain.Predeploys;
import io.opwb.chain.contracts.L2ToL1MessagePasser;
import io.opwb.storage.Tx;
import io.opwb.storage.WithdrawalBulkInsert;
import io.opwb.storage.WithdrawalEntity;
import io.opwb.storage.WithdrawalRows;
import io.smallrye.mutiny.Uni;

/** Indexes {@code MessagePassed} from one chain's L2 message passer: one row per withdrawal. */
public class L2WithdrawalIndexer extends LogIndexer {

    public static final String KIND = "l2-withdrawals";
    private static final String MESSAGE_PASSED = EventEncoder.encode(L2ToL1MessagePasser.MESSAGEPASSED_EVENT);
    /** nonce, sender, target */
    private static final List<TypeReference<Type>> INDEXED = L2ToL1MessagePasser.MESSAGEPASSED_EVENT.getIndexedParameters();
    /** value, gasLimit, data, withdrawalHash */
    private static final List<TypeReference<Type>> NON_INDEXED = L2ToL1MessagePasser.MESSAGEPASSED_EVENT
            .getNonIndexedParameters();

    private final WithdrawalBulkInsert bulk;

    public L2WithdrawalIndexer(Tx tx, IndexingConfig config, ChainContext chain, IndexerMetrics metrics,
            IndexingExecutors executors, WithdrawalBulkInsert bulk) {
        super(tx, config, chain, metrics, executors);
        this.bulk = bulk;
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
    protected RangeWrite prepare(List<Log> logs) {
        List<WithdrawalEntity> rows = new ArrayList<>(logs.size());
        for (Log log : logs) {
            if (!log.isRemoved()) {
                rows.add(withdrawal(log));
            }
        }
        return progress -> bulk.insert(chain.id(), rows, progress);
    }

    /**
     * One {@code MessagePassed} log as a row, decoded by web3j from the generated wrapper's event
     * definition. Not through the wrapper's own {@code getMessagePassedEventFromLog}: that derives
     * the event's signature again for every log, and took a third of the decode time in a backfill.
     */
    private WithdrawalEntity withdrawal(Log log) {
        List<Type> values = FunctionReturnDecoder.decode(log.getData(), NON_INDEXED);
        List<String> topics = log.getTopics();
        WithdrawalEntity w = new WithdrawalEntity();
        w.l2ChainId = chain.id();
        w.nonce = new BigDecimal((BigInteger) FunctionReturnDecoder.decodeIndexedValue(topics.get(1), INDEXED.get(0))
                .getValue());
        w.sender = Numeric.hexStringToByteArray(
                (String) FunctionReturnDecoder.decodeIndexedValue(topics.get(2), INDEXED.get(1)).getValue());
        w.target = Numeric.hexStringToByteArray(
                (String) FunctionReturnDecoder.decodeIndexedValue(topics.get(3), INDEXED.get(2)).getValue());
        w.valueWei = new BigDecimal((BigInteger) values.get(0).getValue());
        w.gasLimit = new BigDecimal((BigInteger) values.get(1).getValue());
        w.data = (byte[]) values.get(2).getValue();
        w.withdrawalHash = (byte[]) values.get(3).getValue();
        w.l2BlockNumber = log.getBlockNumber().longValueExact();
        w.l2BlockHash = Numeric.hexStringToByteArray(log.getBlockHash());
        w.l2TxHash = Numeric.hexStringToByteArray(log.getTransactionHash());
        w.l2LogIndex = log.getLogIndex().intValueExact();
        return w;
    }

    @Override
    protected Uni<List<Object[]>> rowBlocks(int limit) {
        return WithdrawalRows.blocks(chain.id(), limit);
    }

    @Override
    protected Supplier<Uni<Void>> rollbackAfter(long forkBlock) {
        // Orphaned withdrawals leave the database, with their batch items.
        return () -> WithdrawalRows.deleteAfter(chain.id(), forkBlock);
    }
}
