package io.opwb.submission;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.util.List;

import org.junit.jupiter.api.Test;

class RecentBaseFeesTest {

    private static List<BigInteger> fees(long... wei) {
        return java.util.Arrays.stream(wei).mapToObj(BigInteger::valueOf).toList();
    }

    @Test
    void keepsTheWindowThatEndsWithTheNewestBlock() {
        RecentBaseFees recent = new RecentBaseFees(3);
        assertEquals(fees(1, 2), recent.observe(10, fees(1, 2)));
        assertEquals(fees(2, 3, 4), recent.observe(11, fees(2, 3, 4)));
        assertEquals(fees(4, 5, 6), recent.observe(13, fees(4, 5, 6)));
    }

    @Test
    void whatWeSawFirstStands() {
        RecentBaseFees recent = new RecentBaseFees(4);
        recent.observe(100, fees(10, 10, 10));
        // the node now tells of the same blocks otherwise, and of a new one
        assertEquals(fees(10, 10, 10, 900), recent.observe(100, fees(900, 900, 900, 900)));
    }

    @Test
    void aNodeBehindSeesTheWindowUpToItsHead() {
        RecentBaseFees recent = new RecentBaseFees(3);
        recent.observe(10, fees(1, 2, 3, 4)); // blocks 10..13
        assertEquals(fees(2, 3), recent.observe(11, fees(2, 3)), "a node at block 12");
        assertEquals(fees(3, 4, 5), recent.observe(12, fees(3, 4, 5)));
    }
}
