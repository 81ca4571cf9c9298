package io.opwb.indexing;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;


import org.web3j.abi.EventEncoder;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.utils.Numeric;

import io.opwb.chain.ChainContext;
import io.opwb.chain.GamePosition;
import io.opwb.chain.PortalContracts;
import io.opwb.chain.contracts.DisputeGameFactory;
import io.opwb.chain.contracts.L1CrossDomainMessenger;
import io.opwb.chain.contracts.OptimismPortal2;
import io.opwb.storage.DisputeGameEntity;
import io.opwb.storage.PortalFinalizationEntity;
import io.opwb.storage.MessengerRelayEntity;
import io.opwb.storage.PortalEventRows;
import io.opwb.storage.PortalProofEntity;
import io.opwb.storage.Tx;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Indexes the L1 facts a withdrawal's status depends on: dispute games created by the factory,
 * proofs (by any submitter) and finalizations on the portal, and blacklisted games; for a legacy
 * portal, the output oracle's proposals and deletions instead of games ({@link OutputOracleEvents}).
 */
public class L1PortalIndexer extends LogIndexer {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(L1PortalIndexer.class);

    static final String GAME_CREATED = EventEncoder.encode(DisputeGameFactory.DISPUTEGAMECREATED_EVENT);
    static final String PROVEN = EventEncoder.encode(OptimismPortal2.WITHDRAWALPROVEN_EVENT);
    static final String PROVEN_EXT1 = EventEncoder.encode(OptimismPortal2.WITHDRAWALPROVENEXTENSION1_EVENT);
    static final String FINALIZED = EventEncoder.encode(OptimismPortal2.WITHDRAWALFINALIZED_EVENT);
    static final String BLACKLISTED = EventEncoder.encode(OptimismPortal2.DISPUTEGAMEBLACKLISTED_EVENT);
    static final String RELAYED = EventEncoder.encode(L1CrossDomainMessenger.RELAYEDMESSAGE_EVENT);
    static final String FAILED_RELAY = EventEncoder.encode(L1CrossDomainMessenger.FAILEDRELAYEDMESSAGE_EVENT);

    private final Web3j l1;
    private final PortalContracts contracts;
    private final java.util.Optional<String> messenger;

    public L1PortalIndexer(Tx tx, IndexingConfig config, ChainContext chain, Web3j l1, IndexerMetrics metrics,
            IndexingExecutors executors) {
        super(tx, config, chain, metrics, executors);
        this.l1 = l1;
        this.contracts = chain.contracts();
        this.messenger = chain.config().l1MessengerAddress();
    }

    public static final String KIND = "l1-portal";

    /**
     * One range at a time: decoding reads the chain through the chain's shared contract wrappers,
     * set to each log's block, and L1 ranges are sparse anyway.
     */
    @Override
    protected int rangesInFlight() {
        return 1;
    }

    @Override
    protected String kind() {
        return KIND;
    }

    @Override
    protected Web3j node() {
        return l1;
    }

    @Override
    protected int confirmations() {
        return config.l1Confirmations();
    }

    @Override
    protected long startBlock() {
        return config.l1StartBlock();
    }

    @Override
    protected EthFilter filter(long from, long to) {
        try {
            boolean legacy = contracts.outputOracle();
            List<String> addresses = new ArrayList<>(List.of(contracts.portalAddress(),
                    legacy ? contracts.oracleAddress() : contracts.factoryAddress()));
            // on 4.x+ portals the registry blacklists games, with the same event the 3.x portal emits
            contracts.anchorStateRegistry().ifPresent(addresses::add);
            messenger.ifPresent(addresses::add);
            EthFilter filter = new EthFilter(DefaultBlockParameter.valueOf(BigInteger.valueOf(from)),
                    DefaultBlockParameter.valueOf(BigInteger.valueOf(to)), addresses);
            if (legacy) {
                filter.addOptionalTopics(OutputOracleEvents.OUTPUT_PROPOSED, OutputOracleEvents.OUTPUTS_DELETED,
                        OutputOracleEvents.PROVEN, FINALIZED, RELAYED, FAILED_RELAY);
            } else {
                // WithdrawalProven carries no submitter: the Extension1 event emitted beside it does.
                filter.addOptionalTopics(GAME_CREATED, PROVEN_EXT1, FINALIZED, BLACKLISTED, RELAYED, FAILED_RELAY);
            }
            return filter;
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the portal's dispute game factory or output oracle", e);
        }
    }

    private static final int READ_ATTEMPTS = 3;

    @Override
    protected ReadLogs read(long from, long to) throws IOException {
        List<Log> logs = web3jLogs(from, to);
        return web3j(logs, () -> prepare(logs));
    }

    private RangeWrite prepare(List<Log> logs) throws IOException {
        List<Object> rows = new ArrayList<>();
        List<byte[]> blacklisted = new ArrayList<>();
        List<Long> outputsDeletedFrom = new ArrayList<>();
        Map<BigInteger, Long> gamesCreatedAfterInBlock = countGamesPerBlock(logs);
        try {
            // The portal's proof method, asked once for the range's games rather than once per game.
            boolean superRoots = !gamesCreatedAfterInBlock.isEmpty() && read(contracts::superRootsActive);
            for (Log log : logs) {
                if (log.isRemoved()) {
                    continue;
                }
                String topic = log.getTopics().get(0);
                if (GAME_CREATED.equals(topic)) {
                    long remaining = gamesCreatedAfterInBlock.merge(log.getBlockNumber(), -1L, Long::sum);
                    rows.add(read(() -> game(log, remaining, superRoots)));
                } else if (PROVEN_EXT1.equals(topic)) {
                    rows.add(read(() -> proof(log)));
                } else if (OutputOracleEvents.OUTPUT_PROPOSED.equals(topic)) {
                    rows.add(OutputOracleEvents.output(chain.id(), log));
                } else if (OutputOracleEvents.OUTPUTS_DELETED.equals(topic)) {
                    outputsDeletedFrom.add(OutputOracleEvents.firstDeleted(log));
                } else if (OutputOracleEvents.PROVEN.equals(topic)) {
                    rows.add(read(() -> OutputOracleEvents.proof(chain.id(), log, contracts, l1)));
                } else if (FINALIZED.equals(topic)) {
                    var e = OptimismPortal2.getWithdrawalFinalizedEventFromLog(log);
                    PortalFinalizationEntity f = new PortalFinalizationEntity();
                    f.l2ChainId = chain.id();
                    f.withdrawalHash = e.withdrawalHash;
                    f.success = e.success;
                    fillL1(log, f);
                    rows.add(f);
                } else if (RELAYED.equals(topic) || FAILED_RELAY.equals(topic)) {
                    if (messenger.map(log.getAddress()::equalsIgnoreCase).orElse(false)) {
                        rows.add(relay(log, RELAYED.equals(topic)));
                    }
                } else if (BLACKLISTED.equals(topic)) {
                    blacklisted.add(Numeric.hexStringToByteArray(
                            OptimismPortal2.getDisputeGameBlacklistedEventFromLog(log).disputeGame));
                }
            }
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("reading L1 state for indexed events", e);
        }
        return inTransaction(() -> persistNew(rows).chain(() -> PortalEventRows.blacklist(chain.id(), blacklisted))
                .chain(() -> OutputOracleEvents.reopenFrom(chain.id(), outputsDeletedFrom)));
    }

    /**
     * The L1 reads for one event, tried up to {@value #READ_ATTEMPTS} times: a batch puts dozens of events in
     * one block, which no range can split, and one node error among their reads would otherwise fail the whole
     * range again and again (web3j reports a node's error on a view as a revert, so every failure is retried;
     * a real refusal fails the range as before).
     */
    private static <T> T read(java.util.concurrent.Callable<T> reads) throws Exception {
        Exception failure = null;
        for (int attempt = 0; attempt < READ_ATTEMPTS; attempt++) {
            try {
                return reads.call();
            } catch (Exception e) {
                failure = e;
            }
        }
        throw failure;
    }

    /**
     * @param remaining the games created after this one in its block: the event has no index of its own
     * @param portalProvesSuperRoots the portal's {@code superRootsActive()}
     */
    private DisputeGameEntity game(Log log, long remaining, boolean portalProvesSuperRoots) throws Exception {
        var e = DisputeGameFactory.getDisputeGameCreatedEventFromLog(log);
        // The event has no index: it is gameCount at that block minus the games created after it there.
        DisputeGameFactory factory = contracts.factory();
        factory.setDefaultBlockParameter(DefaultBlockParameter.valueOf(log.getBlockNumber()));
        long index = factory.gameCount().send().longValueExact() - 1 - remaining;
        var game = contracts.game(e.disputeProxy);
        DisputeGameEntity g = new DisputeGameEntity();
        g.l2ChainId = chain.id();
        g.gameIndex = index;
        g.address = Numeric.hexStringToByteArray(e.disputeProxy);
        g.gameType = e.gameType.longValueExact();
        g.rootClaim = e.rootClaim;
        // By interface: a game type whose contract answers differently is kept and reported, and never
        // stops the indexer (it used to: every range with such a game failed, for good).
        GamePosition position = GamePosition.read(l1, e.disputeProxy, g.gameType, e.rootClaim, chain.id(),
                portalProvesSuperRoots);
        g.l2BlockNumber = position.l2Block();
        g.superRootTimestamp = position.superRootTimestamp();
        g.outputRoot = position.outputRoot();
        if (!position.usable()) {
            g.unusableReason = position.unusableReason();
            g.rootVerified = false;
            LOG.warnf("%s: game #%d (%s) cannot be used: %s", chain, index, e.disputeProxy, position.unusableReason());
        }
        g.createdAt = game.createdAt().send().longValueExact();
        var registry = contracts.anchorStateRegistry();
        if (registry.isPresent() && position.usable()) {
            // the registry's verdict, at the game's own block: whether its type was respected when created
            var views = contracts.registryViews(registry.get());
            views.setDefaultBlockParameter(DefaultBlockParameter.valueOf(log.getBlockNumber()));
            try {
                g.respectedWhenCreated = views.isGameRespected(e.disputeProxy).send();
            } catch (IOException noAnswer) {
                throw noAnswer;
            } catch (Exception refused) { // unknown: such a game is never proven against, and voids no proof
                LOG.warnf("%s: the registry did not say whether game #%d (%s) is respected: %s", chain, index,
                        e.disputeProxy, refused.getMessage());
            }
        }
        g.l1BlockNumber = log.getBlockNumber().longValueExact();
        g.l1BlockHash = Numeric.hexStringToByteArray(log.getBlockHash());
        g.status = DisputeGameEntity.IN_PROGRESS;
        return g;
    }

    private PortalProofEntity proof(Log log) throws Exception {
        var e = OptimismPortal2.getWithdrawalProvenExtension1EventFromLog(log);
        // Which game, and when: as the portal recorded it at that block (a later re-prove overwrites it).
        var proven = contracts.portalAt(log.getBlockNumber()).provenWithdrawals(e.withdrawalHash, e.proofSubmitter)
                .send();
        return proofAt(chain.id(), log, e.withdrawalHash, Numeric.hexStringToByteArray(e.proofSubmitter),
                Numeric.hexStringToByteArray(proven.component1()), proven.component2().longValueExact());
    }

    /** A proof row for the proof event {@code log}. */
    static PortalProofEntity proofAt(long l2ChainId, Log log, byte[] withdrawalHash, byte[] submitter, byte[] game,
            long provenAt) {
        PortalProofEntity p = new PortalProofEntity();
        p.l2ChainId = l2ChainId;
        p.withdrawalHash = withdrawalHash;
        p.submitter = submitter;
        p.disputeGame = game;
        p.provenAt = provenAt;
        p.l1BlockNumber = log.getBlockNumber().longValueExact();
        p.l1BlockHash = Numeric.hexStringToByteArray(log.getBlockHash());
        p.l1TxHash = Numeric.hexStringToByteArray(log.getTransactionHash());
        p.logIndex = log.getLogIndex().intValueExact();
        return p;
    }

    private MessengerRelayEntity relay(Log log, boolean relayed) {
        MessengerRelayEntity r = new MessengerRelayEntity();
        r.l2ChainId = chain.id();
        r.messageHash = Numeric.hexStringToByteArray(log.getTopics().get(1));
        r.relayed = relayed;
        r.l1BlockNumber = log.getBlockNumber().longValueExact();
        r.l1BlockHash = Numeric.hexStringToByteArray(log.getBlockHash());
        r.l1TxHash = Numeric.hexStringToByteArray(log.getTransactionHash());
        r.logIndex = log.getLogIndex().intValueExact();
        return r;
    }

    private static Map<BigInteger, Long> countGamesPerBlock(List<Log> logs) {
        Map<BigInteger, Long> count = new HashMap<>();
        for (Log log : logs) {
            if (!log.isRemoved() && GAME_CREATED.equals(log.getTopics().get(0))) {
                count.merge(log.getBlockNumber(), 1L, Long::sum);
            }
        }
        return count;
    }

    private static void fillL1(Log log, PortalFinalizationEntity f) {
        f.l1BlockNumber = log.getBlockNumber().longValueExact();
        f.l1BlockHash = Numeric.hexStringToByteArray(log.getBlockHash());
        f.l1TxHash = Numeric.hexStringToByteArray(log.getTransactionHash());
    }

    /** Idempotent: a range read again after a crash finds its rows there already. */
    private static Uni<Void> persistNew(List<Object> rows) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Object row : rows) {
            if (row instanceof DisputeGameEntity g && g.gameType == io.opwb.chain.PortalKind.OUTPUT_PROPOSALS) {
                chain = chain.chain(() -> Panache.getSession().chain(s -> OutputOracleEvents.persist(s, g)));
                continue;
            }
            chain = chain.chain(() -> PortalEventRows.insertIfNew(row));
        }
        return chain;
    }

    @Override
    protected Uni<List<Object[]>> rowBlocks(int limit) {
        return PortalEventRows.blocks(chain.id(), limit);
    }

    @Override
    protected Supplier<Uni<Void>> rollbackAfter(long forkBlock) throws IOException {
        // A game's resolution is read from its contract, not from a log: one that may have been made
        // in an orphaned block (not before the fork block's time) is forgotten; the game tracker reads it again.
        long forkTime = node().ethGetBlockByNumber(DefaultBlockParameter.valueOf(BigInteger.valueOf(forkBlock)), false)
                .send().getBlock().getTimestamp().longValueExact();
        return () -> PortalEventRows.deleteAfter(chain.id(), forkBlock, forkTime);
    }
}
