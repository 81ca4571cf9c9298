package io.opwb.chain;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.web3j.utils.Numeric;

/**
 * Turns revert data into words. Total: whatever the bytes (a stranger's contract chooses them), it
 * returns a description, never throws. {@code Error(string)} and {@code Panic(uint256)} are decoded
 * with every offset and length checked against the data; known custom errors are named; anything
 * else is shown as (bounded) hex. Descriptions are bounded in length and free of control characters,
 * because they are stored and served as a withdrawal's reason.
 */
public final class RevertReasons {

    /** Longest description kept: a reason is for people, not a place to store a stranger's megabytes. */
    public static final int MAX_LENGTH = 400;

    private static final String ERROR_STRING = "08c379a0";
    private static final String PANIC = "4e487b71";
    /** The portal's {@code CallPaused()} (3.10.0): the whole portal is paused, nothing about one withdrawal. */
    public static final String PAUSED_SELECTOR = "f480973e";

    /**
     * Custom errors whose meaning the service acts on or an operator needs, by signature: our
     * batcher's, the 3.10.0 portal's and games', and the portal 4.x–5.x, ETHLockbox and
     * AnchorStateRegistry errors (op-contracts v4–v7), whose reverts are custom errors, not strings.
     */
    private static final Map<String, String> KNOWN_ERRORS = byselector(
            "CallPaused()", "the portal is paused",
            "NotOperator(address)", "our key is not an operator of the batcher",
            "ClockNotExpired()", null,
            "LegacyGame()", null,
            "OptimismPortal_AlreadyFinalized()", "already finalized",
            "OptimismPortal_BadTarget()", "the target may not be called by the portal",
            "OptimismPortal_CallPaused()", "the portal is paused",
            "OptimismPortal_CalldataTooLarge()", null,
            "OptimismPortal_GasEstimation()", null,
            "OptimismPortal_GasLimitTooLow()", null,
            "OptimismPortal_ImproperDisputeGame()", "the game is not proper (blacklisted, retired, not the factory's, or the system is paused)",
            "OptimismPortal_InvalidDisputeGame()", "the game is not valid for this (not respected, or lost)",
            "OptimismPortal_InvalidMerkleProof()", "the withdrawal's storage proof does not verify",
            "OptimismPortal_InvalidOutputRootProof()", "the output root proof does not match the game's root claim",
            "OptimismPortal_InvalidProofTimestamp()", "proven before the game was created",
            "OptimismPortal_InvalidRootClaim()", "the game's root claim is not valid",
            "OptimismPortal_NoReentrancy()", null,
            "OptimismPortal_ProofNotOldEnough()", "the proof has not matured yet",
            "OptimismPortal_Unproven()", "not proven by this submitter",
            "OptimismPortal_InvalidLockboxState()", null,
            "OptimismPortal_InvalidOutputRootIndex()", "the super root has no output root at that index",
            "OptimismPortal_InvalidSuperRootProof()", "the super root proof does not match the game's root claim",
            "OptimismPortal_InvalidOutputRootChainId()", "the super root's output root at that index is another chain's",
            "OptimismPortal_WrongProofMethod()", "the game needs the other proof method (super root or output root)",
            "OptimismPortal_Unauthorized()", null,
            "Encoding_InvalidSuperRootVersion()", "the super root proof's version is not 1",
            "Encoding_EmptySuperRoot()", "the super root proof holds no output root",
            "ETHLockbox_Paused()", "the ETH lockbox is paused",
            "ETHLockbox_InsufficientBalance()", "the ETH lockbox does not hold enough ETH",
            "ETHLockbox_Unauthorized()", null,
            "AnchorStateRegistry_Unauthorized()", null,
            "AnchorStateRegistry_InvalidAnchorGame()", null);

    /** Errors that say the portal, the system or the ETH lockbox is paused: nothing about one withdrawal. */
    private static final java.util.Set<String> PAUSES = java.util.Set.of(PAUSED_SELECTOR,
            selectorOf("OptimismPortal_CallPaused()"), selectorOf("ETHLockbox_Paused()"));

    /** Whether a selector (8 hex digits) is one of the pause errors. */
    public static boolean isPause(String selector) {
        return selector != null && PAUSES.contains(selector);
    }

    /** The 4-byte selector of an error or function signature, as 8 lowercase hex digits. */
    public static String selectorOf(String signature) {
        return org.web3j.crypto.Hash.sha3String(signature).substring(2, 10);
    }

    private static Map<String, String> byselector(String... signatureAndMeaning) {
        Map<String, String> known = new java.util.HashMap<>();
        for (int i = 0; i < signatureAndMeaning.length; i += 2) {
            String meaning = signatureAndMeaning[i + 1];
            known.put(selectorOf(signatureAndMeaning[i]), signatureAndMeaning[i] + (meaning == null ? "" : " — " + meaning));
        }
        return Map.copyOf(known);
    }

    private RevertReasons() {
    }

    public static String describe(String revertData) {
        try {
            return bounded(decode(revertData));
        } catch (RuntimeException e) { // a last guard: decoding must never end a stage
            return "reverted with undecodable data";
        }
    }

    public static String describe(byte[] revertData) {
        return describe(revertData == null ? null : Numeric.toHexString(revertData));
    }

    /** The 4-byte selector of revert data as 8 lowercase hex digits, or null when there is none. */
    public static String selector(String revertData) {
        String hex = clean(revertData);
        return hex == null || hex.length() < 8 ? null : hex.substring(0, 8);
    }

    private static String decode(String revertData) {
        String hex = clean(revertData);
        if (hex == null || hex.isEmpty()) {
            return "reverted without a reason";
        }
        if (hex.length() % 2 != 0 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            return "reverted with malformed data " + hex;
        }
        byte[] data = Numeric.hexStringToByteArray(hex);
        String selector = selector(revertData);
        if (ERROR_STRING.equals(selector)) {
            String text = errorString(data);
            return text != null ? text : "reverted with a malformed Error(string): 0x" + hex;
        }
        if (PANIC.equals(selector) && data.length == 36) {
            return "panic 0x" + new BigInteger(1, java.util.Arrays.copyOfRange(data, 4, 36)).toString(16);
        }
        String known = selector == null ? null : KNOWN_ERRORS.get(selector);
        return known != null ? "reverted with " + known : "reverted with 0x" + hex;
    }

    /** The string of {@code Error(string)} data, or null when its offset or length does not fit the data. */
    private static String errorString(byte[] data) {
        int body = 4;
        BigInteger offset = word(data, body);
        if (offset == null || offset.compareTo(BigInteger.valueOf(data.length)) > 0) {
            return null;
        }
        int lengthAt = body + offset.intValueExact();
        BigInteger length = word(data, lengthAt);
        if (length == null || length.compareTo(BigInteger.valueOf(data.length - lengthAt - 32L)) > 0) {
            return null;
        }
        int start = lengthAt + 32;
        int n = length.intValueExact();
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(data, start, n)).toString();
        } catch (CharacterCodingException e) {
            return "reverted with a non-UTF-8 Error(string): 0x" + Numeric.toHexStringNoPrefix(
                    java.util.Arrays.copyOfRange(data, start, start + n));
        }
    }

    /** The 32-byte word at {@code at}, or null when it is not all inside the data. */
    private static BigInteger word(byte[] data, int at) {
        if (at < 0 || at > data.length - 32) {
            return null;
        }
        return new BigInteger(1, java.util.Arrays.copyOfRange(data, at, at + 32));
    }

    private static String clean(String revertData) {
        if (revertData == null) {
            return null;
        }
        String hex = revertData.trim();
        return (hex.startsWith("0x") || hex.startsWith("0X") ? hex.substring(2) : hex).toLowerCase(java.util.Locale.ROOT);
    }

    /** At most {@link #MAX_LENGTH} characters, control characters replaced. */
    public static String bounded(String text) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_LENGTH + 1));
        for (int i = 0; i < text.length() && out.length() < MAX_LENGTH; i++) {
            char c = text.charAt(i);
            out.append(Character.isISOControl(c) || Character.getType(c) == Character.FORMAT ? '?' : c);
        }
        if (text.length() > MAX_LENGTH) {
            out.append("… (").append(text.length()).append(" characters)");
        }
        return out.toString();
    }
}
