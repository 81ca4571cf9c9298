package io.opwb.indexing;

import java.io.IOException;
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
import org.web3j.protocol.Web3jService;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.utils.Numeric;

import io.opwb.chain.ChainContext;
import io.opwb.chain.Predeploys;
import io.opwb.chain.contracts.L2ToL1MessagePasser;
import io.opwb.storage.Tx;
import io.opwb.storage.WithdrawalBulkInsert;
import io.opwb.storage.NewWithdrawal;
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
    /** Null: the indexes stay, whatever the backfill's size. */
    private final IndexDeferral deferral;

    public L2WithdrawalIndexer(Tx tx, IndexingConfig config, ChainContext chain, IndexerMetrics metrics,
            IndexingExecutors executors, WithdrawalBulkInsert bulk) {
        this(tx, config, chain, metrics, executors, bulk, null);
    }

    /** @param deferral drops the look-up indexes during a large backfill; null: never */
    public L2WithdrawalIndexer(Tx tx, IndexingConfig config, ChainContext chain, IndexerMetrics metrics,
            IndexingExecutors executors, WithdrawalBulkInsert bulk, IndexDeferral deferral) {
        super(tx, config, chain, metrics, executors);
        this.bulk = bulk;
        this.deferral = deferral;
    }

    @Override
    protected void afterRange(long blocksLeft, long blocksRead, int logsRead) {
        if (deferral != null) {
            deferral.afterRange(name(), chain.id(), blocksLeft, blocksRead, logsRead);
        }
    }

    @Override
    protected void caughtUp() {
        if (deferral != null) {
            deferral.caughtUp(name(), chain.id());
        }
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
    protected ReadLogs read(long from, long to) throws IOException {
        if (config.l2LogReader() == IndexingConfig.L2LogReader.WEB3J) {
            List<Log> logs = web3jLogs(from, to);
            return web3j(logs, () -> write(web3jWithdrawals(logs)));
        }
        MessagePassedReader.Logs logs = MessagePassedReader.read(logNode(), filter(from, to));
        return new ReadLogs(logs.logs(), logs.bytes(), () -> write(logs.withdrawalsOrThrow()));
    }

    /** Where the streaming reader sends its requests: the chain's L2 transport. */
    protected Web3jService logNode() {
        return chain.l2Service();
    }

    /** The range's statement parameters are made here, on a decode thread; the writer only sends them. */
    private RangeWrite write(List<NewWithdrawal> rows) {
        WithdrawalBulkInsert.Columns columns = WithdrawalBulkInsert.columns(chain.id(), rows);
        return progress -> bulk.insert(columns, progress);
    }

    /** The web3j reader's rows: every log not removed, decoded by {@link #web3jWithdrawal}. */
    static List<NewWithdrawal> web3jWithdrawals(List<Log> logs) {
        List<NewWithdrawal> rows = new ArrayList<>(logs.size());
        for (Log log : logs) {
            if (!log.isRemoved()) {
                rows.add(web3jWithdrawal(log));
            }
        }
        return rows;
    }

    /**
     * One {@code MessagePassed} log as a row, decoded by web3j from the generated wrapper's event
     * definition: the reference {@link MessagePassedDecoder} is checked against. Not through the
     * wrapper's own {@code getMessagePassedEventFromLog}: that derives the event's signature again
     * for every log, and took a third of the decode time in a backfill.
     */
    static NewWithdrawal web3jWithdrawal(Log log) {
        List<Type> values = FunctionReturnDecoder.decode(log.getData(), NON_INDEXED);
        List<String> topics = log.getTopics();
        return new NewWithdrawal((byte[]) values.get(3).getValue(),
                new BigDecimal((BigInteger) FunctionReturnDecoder.decodeIndexedValue(topics.get(1), INDEXED.get(0))
                        .getValue()),
                Numeric.hexStringToByteArray(
                        (String) FunctionReturnDecoder.decodeIndexedValue(topics.get(2), INDEXED.get(1)).getValue()),
                Numeric.hexStringToByteArray(
                        (String) FunctionReturnDecoder.decodeIndexedValue(topics.get(3), INDEXED.get(2)).getValue()),
                new BigDecimal((BigInteger) values.get(0).getValue()), new BigDecimal((BigInteger) values.get(1).getValue()),
                (byte[]) values.get(2).getValue(), log.getBlockNumber().longValueExact(),
                Numeric.hexStringToByteArray(log.getBlockHash()), Numeric.hexStringToByteArray(log.getTransactionHash()),
                log.getLogIndex().intValueExact());
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
