package io.opwb.api;

import java.nio.ByteBuffer;
import java.util.Base64;

import io.opwb.storage.WithdrawalDetails.Position;

/**
 * The opaque {@code after} cursors of keyset pages: base64url of a tag naming the list, then the last
 * row's place in its order. Clients only hand back a {@code next} they were given; anything else is a
 * 400 saying so.
 */
final class KeysetCursor {

    private static final byte WITHDRAWALS = 1;
    /** The lists ordered by row id ({@link IdPages}). */
    static final byte BATCHES = 2;
    static final byte DRY_RUN_BATCHES = 3;
    /** Tag, block, log index, chain, hash. */
    private static final int WITHDRAWAL_BYTES = 1 + 8 + 4 + 8 + 32;

    private KeysetCursor() {
    }

    /** A page is asked for by number or by cursor: both is a 400. */
    static void refuseWithPage(String after, String page) {
        if (after != null && page != null) {
            throw ApiException.badRequest("page and after: give one or the other (after pages by cursor, from next)");
        }
    }

    static String of(Position p) {
        ByteBuffer b = ByteBuffer.allocate(WITHDRAWAL_BYTES).put(WITHDRAWALS).putLong(p.l2BlockNumber())
                .putInt(p.l2LogIndex()).putLong(p.l2ChainId()).put(p.withdrawalHash());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
    }

    /** The position an {@code after} parameter names; a 400 when it is not a withdrawal list's cursor. */
    static Position withdrawalsAfter(String after) {
        byte[] bytes = decode(after);
        if (bytes.length != WITHDRAWAL_BYTES || bytes[0] != WITHDRAWALS) {
            throw invalid();
        }
        ByteBuffer b = ByteBuffer.wrap(bytes, 1, bytes.length - 1);
        long block = b.getLong();
        int logIndex = b.getInt();
        long chain = b.getLong();
        byte[] hash = new byte[32];
        b.get(hash);
        if (block < 0 || logIndex < 0) {
            throw invalid();
        }
        return new Position(block, logIndex, chain, hash);
    }

    static String ofId(byte list, long id) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(ByteBuffer.allocate(9).put(list).putLong(id).array());
    }

    /** The id an {@code after} parameter of this list names; a 400 when it is not this list's cursor. */
    static long idAfter(String after, byte list) {
        byte[] bytes = decode(after);
        if (bytes.length != 9 || bytes[0] != list) {
            throw invalid();
        }
        return ByteBuffer.wrap(bytes, 1, 8).getLong();
    }

    private static byte[] decode(String after) {
        if (after.length() > 128) {
            throw invalid();
        }
        try {
            return Base64.getUrlDecoder().decode(after);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
    }

    private static ApiException invalid() {
        return ApiException.badRequest("after must be the next cursor of an earlier answer of this list");
    }
}
