package io.opwb.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigInteger;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;

import io.opwb.chain.contracts.IERC20Metadata;

/**
 * A token's symbol and decimals as a stranger's contract may answer them: decoded through the IERC20Metadata
 * wrapper, then judged; what cannot be shown is "does not answer" (recorded for good), and only the node's
 * silence is an IOException (nothing recorded). The devnet's tokens, hostile ones included, are read in
 * BridgeWithdrawalsPipelineTest.
 */
class TokenMetadataReaderTest {

    private static final String TOKEN = "0x00000000000000000000000000000000000f7404";
    private static final IERC20Metadata ERC20 = IERC20Metadata.load(TOKEN, null,
            new ReadonlyTransactionManager(null, TOKEN), new DefaultGasProvider());

    /** A string as a view returns it (the test's own encoding of a return value, not a call). */
    private static String stringAnswer(String s) {
        return "0x" + FunctionEncoder.encodeConstructor(java.util.List.of(new Utf8String(s)));
    }

    private static String wordAnswer(BigInteger v) {
        return "0x" + FunctionEncoder.encodeConstructor(java.util.List.of(new Uint256(v)));
    }

    private static TokenMetadataReader.Answer judge(String symbolHex, String decimalsHex) {
        return TokenMetadataReader.judge(ViewCall.decoded(ERC20.symbol(), symbolHex),
                TokenMetadataReader.decimals(ERC20, decimalsHex));
    }

    @Test
    void aTokenThatAnswersIsShownWithItsSymbolAndDecimals() {
        assertEquals(new TokenMetadataReader.Answer.Known("USDC", 6), judge(stringAnswer("USDC"), wordAnswer(BigInteger.valueOf(6))));
        assertEquals(new TokenMetadataReader.Answer.Known("wstETH", 18), judge(stringAnswer("wstETH"), wordAnswer(BigInteger.valueOf(18))));
        assertEquals(new TokenMetadataReader.Answer.Known("€URO", 0), judge(stringAnswer("€URO"), wordAnswer(BigInteger.ZERO)));
        assertEquals(new TokenMetadataReader.Answer.Known("X", 255), judge(stringAnswer("X"), wordAnswer(BigInteger.valueOf(255))));
    }

    @Test
    void whatCannotBeShownDoesNotAnswer() {
        String ok = stringAnswer("OK");
        String six = wordAnswer(BigInteger.valueOf(6));
        // Nothing at all (a revert is the same: ViewCall gives empty), and bytes that do not decode.
        assertInstanceOf(TokenMetadataReader.Answer.NoAnswer.class, judge("0x", six));
        assertInstanceOf(TokenMetadataReader.Answer.NoAnswer.class, judge(ok, "0x"));
        assertInstanceOf(TokenMetadataReader.Answer.NoAnswer.class, judge("0x123456", six));
        assertInstanceOf(TokenMetadataReader.Answer.NoAnswer.class, judge(ok, "0x123456"));
        String farLength = "0x" + "0".repeat(62) + "20" + "0".repeat(13) + "1" + "0".repeat(50);
        assertInstanceOf(TokenMetadataReader.Answer.NoAnswer.class, judge(farLength, six), "a length past the data");
        // A symbol of 10 KB, an empty one, one of control characters.
        var longSymbol = judge(stringAnswer("A".repeat(10_240)), six);
        assertInstanceOf(TokenMetadataReader.Answer.NoAnswer.class, longSymbol);
        assertTrue(((TokenMetadataReader.Answer.NoAnswer) longSymbol).why().contains("10240"), longSymbol.toString());
        assertInstanceOf(TokenMetadataReader.Answer.NoAnswer.class, judge(stringAnswer(""), six));
        assertInstanceOf(TokenMetadataReader.Answer.NoAnswer.class, judge(stringAnswer("A\u0000B"), six));
        assertInstanceOf(TokenMetadataReader.Answer.NoAnswer.class, judge(stringAnswer("<\u202eX"), six));
        // Decimals over 255 (web3j's uint8 would read 256 as 0): refused before decoding, and by the judge too.
        assertInstanceOf(TokenMetadataReader.Answer.NoAnswer.class, judge(ok, wordAnswer(BigInteger.valueOf(256))));
        assertInstanceOf(TokenMetadataReader.Answer.NoAnswer.class, judge(ok, wordAnswer(BigInteger.TWO.pow(255))));
        assertInstanceOf(TokenMetadataReader.Answer.NoAnswer.class,
                TokenMetadataReader.judge(Optional.of("OK"), Optional.of(BigInteger.valueOf(300))));
        assertInstanceOf(TokenMetadataReader.Answer.NoAnswer.class,
                TokenMetadataReader.judge(Optional.of("OK"), Optional.of(BigInteger.valueOf(-1))));
    }

    @Test
    void aSilentNodeDecidesNothing() {
        Web3j nowhere = Web3j.build(new HttpService("http://127.0.0.1:9"));
        try {
            assertThrows(IOException.class, () -> TokenMetadataReader.read(nowhere, TOKEN));
        } finally {
            nowhere.shutdown();
        }
    }
}
