package io.opwb.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** Block-explorer base URLs from configuration: http(s) with a host, or the start fails saying which one. */
class ExplorersTest {

    private static ExplorersConfig.Explorer explorer(String l1, String l2) {
        return new ExplorersConfig.Explorer() {
            @Override
            public Optional<String> l1() {
                return Optional.ofNullable(l1);
            }

            @Override
            public Optional<String> l2() {
                return Optional.ofNullable(l2);
            }
        };
    }

    @Test
    void basesAreKeptWithoutATrailingSlashAndAbsentOnesAreNull() {
        var links = Explorers.checked(Map.of("op-mainnet", explorer("https://etherscan.io/", "https://optimistic.etherscan.io")),
                null);
        assertEquals(new Explorers.Links("https://etherscan.io", "https://optimistic.etherscan.io"), links.get("op-mainnet"));
        var l1Only = Explorers.checked(Map.of("c", explorer("http://explorer.local:4000/l1", null)), null);
        assertEquals("http://explorer.local:4000/l1", l1Only.get("c").l1());
        assertNull(l1Only.get("c").l2());
    }

    @Test
    void whatIsNotAnHttpUrlStopsTheStartNamingTheSetting() {
        for (String bad : new String[] {"etherscan.io", "javascript:alert(1)", "ftp://etherscan.io", "https://",
                "https://etherscan.io/?a=1", "https://user:pw@etherscan.io", "https://ether scan.io"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Explorers.checked(Map.of("op-mainnet", explorer(bad, null)), null), bad);
            assertTrue(e.getMessage().contains("opwb.api.explorers.\"op-mainnet\".l1"), e.getMessage());
        }
    }
}
