package io.opwb.merkle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.web3j.utils.Numeric;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Our tree against OpenZeppelin's own: the npm {@code @openzeppelin/merkle-tree} package builds
 * the same values' tree in node, and roots, single proofs and multiproofs must be identical.
 */
class StandardMerkleTreeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void rootsProofsAndMultiproofsMatchOpenZeppelinsPackage() throws Exception {
        Random random = new Random(7);
        for (int size : new int[] {1, 2, 3, 7, 16, 33}) {
            List<ManifestLeaf> leaves = randomLeaves(random, size);
            StandardMerkleTree tree = StandardMerkleTree.of(leaves.stream().map(ManifestLeaf::hash).toList());
            List<Integer> chunk = new ArrayList<>();
            for (int i = 0; i < size; i += 3) {
                chunk.add(i);
            }
            JsonNode oz = openZeppelin(leaves, chunk);

            assertEquals(oz.get("root").asText(), Numeric.toHexString(tree.root()), size + " leaves: root");
            for (int i = 0; i < size; i++) {
                assertEquals(hexes(oz.get("proofs").get(i)), hexStrings(tree.proof(i)), "proof of value " + i);
                assertEquals(oz.get("treeIndexes").get(i).asInt(), tree.treeIndex(i), "tree index of value " + i);
                assertTrue(StandardMerkleTree.verify(tree.root(), leaves.get(i).hash(), tree.proof(i)));
            }
            StandardMerkleTree.MultiProof multi = tree.multiProof(chunk);
            assertEquals(hexes(oz.get("multi").get("proof")), hexStrings(multi.proof()), "multiproof");
            List<Boolean> flags = new ArrayList<>();
            oz.get("multi").get("proofFlags").forEach(f -> flags.add(f.asBoolean()));
            assertEquals(flags, multi.flags(), "multiproof flags");
            List<String> leafOrder = new ArrayList<>();
            oz.get("multi").get("leaves").forEach(l -> leafOrder.add(l.get(0).asText()));
            assertEquals(leafOrder, multi.valueIndexes().stream().map(String::valueOf).toList(),
                    "leaves in the multiproof's order");
        }
    }

    @Test
    void aChangedLeafOrProofDoesNotVerify() {
        List<ManifestLeaf> leaves = randomLeaves(new Random(1), 5);
        StandardMerkleTree tree = StandardMerkleTree.of(leaves.stream().map(ManifestLeaf::hash).toList());
        ManifestLeaf leaf = leaves.get(2);
        ManifestLeaf otherIndex = new ManifestLeaf(3, leaf.withdrawalHash(), leaf.proofSubmitter());
        assertFalse(StandardMerkleTree.verify(tree.root(), otherIndex.hash(), tree.proof(2)));
        assertFalse(StandardMerkleTree.verify(tree.root(), leaf.hash(), tree.proof(1)));
        assertThrows(IllegalArgumentException.class, () -> tree.multiProof(List.of(1, 1)));
        assertThrows(IllegalArgumentException.class, () -> StandardMerkleTree.of(List.of()));
    }

    private static List<ManifestLeaf> randomLeaves(Random random, int size) {
        List<ManifestLeaf> leaves = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            byte[] hash = new byte[32];
            random.nextBytes(hash);
            byte[] submitter = new byte[20];
            random.nextBytes(submitter);
            leaves.add(new ManifestLeaf(i, hash, Numeric.toHexString(submitter)));
        }
        return leaves;
    }

    /** Runs the npm package on the same values (node, from contracts/, where the Maven build installed it). */
    private static JsonNode openZeppelin(List<ManifestLeaf> leaves, List<Integer> chunk) throws Exception {
        String input = JSON.writeValueAsString(Map.of("values", leaves.stream().map(ManifestLeaf::values).toList(),
                "encoding", ManifestLeaf.ENCODING, "chunk", chunk));
        String script = """
                import { StandardMerkleTree } from '@openzeppelin/merkle-tree';
                import fs from 'node:fs';
                const input = JSON.parse(fs.readFileSync(0, 'utf8'));
                const tree = StandardMerkleTree.of(input.values, input.encoding);
                const dump = tree.dump();
                const treeIndexes = input.values.map((_, i) => dump.values.find((v, j) => j === i).treeIndex);
                console.log(JSON.stringify({
                  root: tree.root,
                  proofs: input.values.map((_, i) => tree.getProof(i)),
                  treeIndexes,
                  multi: tree.getMultiProof(input.chunk),
                }));
                """;
        Process node = new ProcessBuilder("node", "--input-type=module", "-e", script)
                .directory(new File("contracts")).redirectErrorStream(true).start();
        node.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
        node.getOutputStream().close();
        String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(node.waitFor(60, TimeUnit.SECONDS) && node.exitValue() == 0, "node ran: " + out);
        return JSON.readTree(out);
    }

    private static List<String> hexes(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static List<String> hexStrings(List<byte[]> bytes) {
        return bytes.stream().map(Numeric::toHexString).toList();
    }
}
