package io.opwb.chain;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;

import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/**
 * What a withdrawal is, decoded from its calldata: a plain call from L2 straight to an L1 target
 * (DIRECT), a message through the L2 messenger (its data is {@code L1CrossDomainMessenger.relayMessage}),
 * and among messages the standard bridge's transfers of ETH or of a token
 * ({@code finalizeBridgeETH}, {@code finalizeBridgeERC20}). Pure; the function signatures are those
 * of the generated wrappers (checked by a test).
 */
public record WithdrawalKind(Kind kind, Message message, Transfer transfer) {

    public enum Kind {
        DIRECT, MESSAGE, ETH_TRANSFER, TOKEN_TRANSFER
    }

    /**
     * A messenger message: who sent it on L2, what it calls on L1, with how much ETH. {@code hash} is
     * the messenger's versioned hash (its {@code successfulMessages}/{@code failedMessages} key),
     * the keccak of the relayMessage call, which is the withdrawal's data.
     */
    public record Message(String hash, BigInteger nonce, String sender, String target, BigInteger value,
            BigInteger minGasLimit) {
    }

    /** A bridge transfer: {@code l1Token} null for ETH. */
    public record Transfer(String l1Token, String l2Token, String from, String to, BigInteger amount) {
    }

    static final String RELAY_MESSAGE = "relayMessage(uint256,address,address,uint256,uint256,bytes)";
    static final String FINALIZE_BRIDGE_ETH = "finalizeBridgeETH(address,address,uint256,bytes)";
    static final String FINALIZE_BRIDGE_ERC20 = "finalizeBridgeERC20(address,address,address,address,uint256,bytes)";

    private static final String RELAY_MESSAGE_ID = methodId(RELAY_MESSAGE);
    private static final String FINALIZE_BRIDGE_ETH_ID = methodId(FINALIZE_BRIDGE_ETH);
    private static final String FINALIZE_BRIDGE_ERC20_ID = methodId(FINALIZE_BRIDGE_ERC20);

    private static final WithdrawalKind DIRECT = new WithdrawalKind(Kind.DIRECT, null, null);

    /** Whether the withdrawal is a message of the L2 messenger, relayed on L1 by its peer. */
    public static boolean isMessage(String sender, byte[] data) {
        return Predeploys.L2_CROSS_DOMAIN_MESSENGER.equalsIgnoreCase(sender) && selector(data).equals(RELAY_MESSAGE_ID);
    }

    public static WithdrawalKind of(String sender, byte[] data) {
        if (!isMessage(sender, data)) {
            return DIRECT;
        }
        List<Type> relay = decode(data, List.of(new TypeReference<Uint256>() { }, new TypeReference<Address>() { },
                new TypeReference<Address>() { }, new TypeReference<Uint256>() { }, new TypeReference<Uint256>() { },
                new TypeReference<DynamicBytes>() { }));
        if (relay == null) {
            return DIRECT; // not well-formed: the messenger would refuse it; nothing to say about it
        }
        String innerSender = ((Address) relay.get(1)).getValue();
        byte[] inner = ((DynamicBytes) relay.get(5)).getValue();
        Message message = new Message(Numeric.toHexString(Hash.sha3(data)), (BigInteger) relay.get(0).getValue(),
                innerSender, ((Address) relay.get(2)).getValue(), (BigInteger) relay.get(3).getValue(),
                (BigInteger) relay.get(4).getValue());
        if (!Predeploys.L2_STANDARD_BRIDGE.equalsIgnoreCase(innerSender)) {
            return new WithdrawalKind(Kind.MESSAGE, message, null);
        }
        String selector = selector(inner);
        if (selector.equals(FINALIZE_BRIDGE_ETH_ID)) {
            List<Type> eth = decode(inner, List.of(new TypeReference<Address>() { }, new TypeReference<Address>() { },
                    new TypeReference<Uint256>() { }, new TypeReference<DynamicBytes>() { }));
            if (eth != null) {
                return new WithdrawalKind(Kind.ETH_TRANSFER, message, new Transfer(null, null,
                        ((Address) eth.get(0)).getValue(), ((Address) eth.get(1)).getValue(),
                        (BigInteger) eth.get(2).getValue()));
            }
        } else if (selector.equals(FINALIZE_BRIDGE_ERC20_ID)) {
            List<Type> erc20 = decode(inner, List.of(new TypeReference<Address>() { }, new TypeReference<Address>() { },
                    new TypeReference<Address>() { }, new TypeReference<Address>() { }, new TypeReference<Uint256>() { },
                    new TypeReference<DynamicBytes>() { }));
            if (erc20 != null) {
                return new WithdrawalKind(Kind.TOKEN_TRANSFER, message, new Transfer(
                        ((Address) erc20.get(0)).getValue(), ((Address) erc20.get(1)).getValue(),
                        ((Address) erc20.get(2)).getValue(), ((Address) erc20.get(3)).getValue(),
                        (BigInteger) erc20.get(4).getValue()));
            }
        }
        return new WithdrawalKind(Kind.MESSAGE, message, null);
    }

    private static String methodId(String signature) {
        return Numeric.toHexString(Arrays.copyOf(Hash.sha3(signature.getBytes(java.nio.charset.StandardCharsets.UTF_8)), 4));
    }

    private static String selector(byte[] data) {
        return data == null || data.length < 4 ? "" : Numeric.toHexString(Arrays.copyOf(data, 4));
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static List<Type> decode(byte[] call, List<TypeReference<?>> types) {
        try {
            List<Type> values = FunctionReturnDecoder.decode(
                    Numeric.toHexString(Arrays.copyOfRange(call, 4, call.length)), (List) types);
            return values.size() == types.size() ? values : null;
        } catch (RuntimeException e) {
            return null;
        }
    }
}
