package io.opwb.merkle;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.web3j.crypto.StructuredDataEncoder;
import org.web3j.utils.Numeric;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A manifest as EIP-712 typed data: what a manifest signer signs and {@code WithdrawalBatcher}
 * checks. Domain: name "WithdrawalBatcher", version "1", the L1 chain id and the batcher's
 * address. The JSON is what {@code eth_signTypedData_v4} takes.
 */
public record ManifestTypedData(long chainId, String batcher, String portal, int action, BigInteger disputeGameIndex,
        byte[] root, BigInteger id, long deadline) {

    public static final int PROVE = 0;
    public static final int FINALIZE = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** From a stored manifest's fields (a prove manifest, or a finalize one: no game to finalize). */
    public static ManifestTypedData of(long chainId, byte[] batcher, byte[] portal, boolean prove, Long gameIndex,
            byte[] root, long id, long deadline) {
        return new ManifestTypedData(chainId, Numeric.toHexString(batcher), Numeric.toHexString(portal),
                prove ? PROVE : FINALIZE, BigInteger.valueOf(gameIndex == null ? 0 : gameIndex), root,
                BigInteger.valueOf(id), deadline);
    }

    public Map<String, Object> toMap() {
        Map<String, Object> types = new LinkedHashMap<>();
        types.put("EIP712Domain", List.of(field("name", "string"), field("version", "string"),
                field("chainId", "uint256"), field("verifyingContract", "address")));
        types.put("Manifest", List.of(field("portal", "address"), field("action", "uint8"),
                field("disputeGameIndex", "uint256"), field("root", "bytes32"), field("id", "uint256"),
                field("deadline", "uint64")));
        Map<String, Object> domain = new LinkedHashMap<>();
        domain.put("name", "WithdrawalBatcher");
        domain.put("version", "1");
        domain.put("chainId", chainId);
        domain.put("verifyingContract", batcher);
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("portal", portal);
        message.put("action", action);
        message.put("disputeGameIndex", disputeGameIndex.toString());
        message.put("root", Numeric.toHexString(root));
        message.put("id", id.toString());
        message.put("deadline", deadline);
        Map<String, Object> typed = new LinkedHashMap<>();
        typed.put("types", types);
        typed.put("primaryType", "Manifest");
        typed.put("domain", domain);
        typed.put("message", message);
        return typed;
    }

    public String json() {
        try {
            return JSON.writeValueAsString(toMap());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The EIP-712 digest: {@code keccak256("\x19\x01" ‖ domainSeparator ‖ hashStruct(manifest))}. */
    public byte[] digest() {
        try {
            return new StructuredDataEncoder(json()).hashStructuredData();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot encode the manifest as EIP-712 typed data", e);
        }
    }

    private static Map<String, String> field(String name, String type) {
        return Map.of("name", name, "type", type);
    }
}
