package io.opwb.pipeline;

import java.math.BigInteger;
import java.util.List;

import io.opwb.chain.OutputRoot;
import io.opwb.chain.PortalContracts;
import io.opwb.chain.SuperRoot;
import io.opwb.chain.WithdrawalTransaction;
import io.opwb.chain.contracts.OpSuperRootPortal;
import io.opwb.chain.contracts.WithdrawalBatcher;
import io.opwb.storage.DisputeGameEntity;

/**
 * What a prove batch proves against, and how the portal and our batcher are called for it: an output-root game
 * by its factory index ({@code proveBatch}, the portal's {@code proveWithdrawalTransaction(tx, index, …)}), or a
 * super-root game by its address with the super root's preimage and our chain's place in it
 * ({@code proveBatchAgainstSuperRoot}, the interop portal's overload). The calls are encoded by the generated
 * wrappers.
 */
public sealed interface ProofTarget {

    /** The portal's call for one withdrawal, as our batcher makes it. */
    String portalCall(PortalContracts contracts, WithdrawalTransaction tx, OutputRoot root, List<byte[]> proof);

    /** Our batcher's call for a batch of items sharing {@code nodes}. */
    String batcherCall(PortalContracts contracts, OutputRoot root, List<byte[]> nodes,
            List<WithdrawalBatcher.ProveItem> items);

    /** An output-root game (and a legacy portal's output, by its index). */
    record OutputRootGame(BigInteger gameIndex) implements ProofTarget {

        @Override
        public String portalCall(PortalContracts contracts, WithdrawalTransaction tx, OutputRoot root,
                List<byte[]> proof) {
            return contracts.portal().proveWithdrawalTransaction(tx.toPortalStruct(), gameIndex, root.toProofStruct(),
                    proof).encodeFunctionCall();
        }

        @Override
        public String batcherCall(PortalContracts contracts, OutputRoot root, List<byte[]> nodes,
                List<WithdrawalBatcher.ProveItem> items) {
            return contracts.batcherForEncoding().proveBatch(gameIndex, Withdrawals.batcherStruct(root), nodes, items)
                    .encodeFunctionCall();
        }
    }

    /**
     * A super-root game: its address, the super root (the preimage of its claim) and where our chain's output
     * root is in it.
     */
    record SuperRootGame(String game, SuperRoot superRoot, BigInteger outputRootIndex) implements ProofTarget {

        @Override
        public String portalCall(PortalContracts contracts, WithdrawalTransaction tx, OutputRoot root,
                List<byte[]> proof) {
            var portalTx = new OpSuperRootPortal.WithdrawalTransaction(tx.nonce(), tx.sender(), tx.target(),
                    tx.value(), tx.gasLimit(), tx.data());
            var outputRootProof = new OpSuperRootPortal.OutputRootProof(new byte[32], root.stateRoot(),
                    root.messagePasserStorageRoot(), root.blockHash());
            var superRootProof = new OpSuperRootPortal.SuperRootProof(new byte[] {SuperRoot.VERSION},
                    BigInteger.valueOf(superRoot.timestamp()), superRoot.outputRoots().stream()
                            .map(r -> new OpSuperRootPortal.OutputRootWithChainId(r.chainId(), r.root())).toList());
            return contracts.superRootPortal().proveWithdrawalTransaction(portalTx, game, outputRootIndex,
                    superRootProof, outputRootProof, proof).encodeFunctionCall();
        }

        @Override
        public String batcherCall(PortalContracts contracts, OutputRoot root, List<byte[]> nodes,
                List<WithdrawalBatcher.ProveItem> items) {
            var superRootProof = new WithdrawalBatcher.SuperRootProof(new byte[] {SuperRoot.VERSION},
                    BigInteger.valueOf(superRoot.timestamp()), superRoot.outputRoots().stream()
                            .map(r -> new WithdrawalBatcher.OutputRootWithChainId(r.chainId(), r.root())).toList());
            return contracts.batcherForEncoding().proveBatchAgainstSuperRoot(game, outputRootIndex, superRootProof,
                    Withdrawals.batcherStruct(root), nodes, items).encodeFunctionCall();
        }
    }

    /**
     * The target for a game row: a super-root game's preimage is rebuilt as our chain's alone (the indexer keeps
     * only games whose claim that preimage hashes to).
     */
    static ProofTarget of(DisputeGameEntity game) {
        if (!game.superRoot()) {
            return new OutputRootGame(BigInteger.valueOf(game.gameIndex));
        }
        BigInteger chainId = BigInteger.valueOf(game.l2ChainId);
        SuperRoot superRoot = SuperRoot.ofOneChain(game.superRootTimestamp, chainId, game.outputRoot);
        return new SuperRootGame(org.web3j.utils.Numeric.toHexString(game.address), superRoot,
                BigInteger.valueOf(superRoot.indexOf(chainId)));
    }
}
