package io.opwb.chain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.web3j.utils.Numeric;

/** The examples of EIP-1014 itself (viem's getContractAddress gives the same). */
class Create2Test {

    private static final byte[] ZERO_SALT = new byte[32];
    private static final byte[] CAFEBABE = Numeric.hexStringToByteArray(
            "0x00000000000000000000000000000000000000000000000000000000cafebabe");

    @Test
    void eip1014Examples() {
        assertEquals("0x4D1A2e2bB4F88F0250f26Ffff098B0b30B26BF38",
                Create2.address("0x0000000000000000000000000000000000000000", ZERO_SALT, hex("0x00")));
        assertEquals("0xB928f69Bb1D91Cd65274e3c79d8986362984fDA3",
                Create2.address("0xdeadbeef00000000000000000000000000000000", ZERO_SALT, hex("0x00")));
        assertEquals("0x60f3f640a8508fC6a86d45DF051962668E1e8AC7",
                Create2.address("0x00000000000000000000000000000000deadbeef", CAFEBABE, hex("0xdeadbeef")));
        assertEquals("0x1d8bfDC5D46DC4f61D6b6115972536eBE6A8854C",
                Create2.address("0x00000000000000000000000000000000deadbeef", CAFEBABE, hex("0x" + "deadbeef".repeat(11))));
        assertEquals("0xE33C0C7F7df4809055C3ebA6c09CFe4BaF1BD9e0",
                Create2.address("0x0000000000000000000000000000000000000000", ZERO_SALT, new byte[0]));
    }

    @Test
    void theProxyIsCalledWithTheSaltThenTheCode() {
        assertArrayEquals(hex("0x00000000000000000000000000000000000000000000000000000000cafebabedeadbeef"),
                Create2.proxyCalldata(CAFEBABE, hex("0xdeadbeef")));
    }

    @Test
    void aSaltHas32Bytes() {
        assertThrows(IllegalArgumentException.class, () -> Create2.address(Create2.DETERMINISTIC_DEPLOYER, new byte[31], new byte[0]));
    }

    private static byte[] hex(String s) {
        return Numeric.hexStringToByteArray(s);
    }
}
