package io.opwb.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.helpers.test.AssertSubscriber;

/** A stream's bounded buffer: what a client has not taken yet is bounded, and one too slow is ended with the reason. */
class FeedSubscriberTest {

    private final AtomicBoolean ended = new AtomicBoolean();

    @Test
    void aClientThatTakesNothingIsEndedAtTheBoundAfterWhatWasWaiting() {
        FeedSubscriber subscriber = new FeedSubscriber(c -> true, 3);
        AssertSubscriber<FeedEvent> client = subscribe(subscriber, 0);
        for (int i = 0; i < 3; i++) {
            assertTrue(subscriber.offer(change(i)), "change " + i + " fits the buffer");
        }
        assertFalse(subscriber.offer(change(3)), "a fourth finds three waiting: the client is too slow");
        assertFalse(subscriber.offer(change(4)), "nothing more once ended");
        assertFalse(ended.get(), "the end waits behind what the client has not taken");

        client.request(100);
        List<FeedEvent> events = client.getItems();
        assertEquals(List.of(change(0), change(1), change(2)), events.subList(0, 3));
        FeedEvent.End end = assertInstanceOf(FeedEvent.End.class, events.get(3));
        assertTrue(end.reason().startsWith("too slow: 3 events were waiting"), end.reason());
        assertEquals(4, events.size());
        client.assertCompleted();
        assertTrue(ended.get());
    }

    @Test
    void aClientThatKeepsUpIsNeverEnded() {
        FeedSubscriber subscriber = new FeedSubscriber(c -> true, 3);
        AssertSubscriber<FeedEvent> client = subscribe(subscriber, 0);
        for (int i = 0; i < 100; i++) {
            assertTrue(subscriber.offer(change(i)));
            client.request(1); // the server wrote it and asks for the next
        }
        assertEquals(100, client.getItems().size());
        client.assertNotTerminated();
    }

    @Test
    void changesTheClientDoesNotWantTakeNoRoom() {
        FeedSubscriber subscriber = new FeedSubscriber(c -> c.status().equals("FINALIZED"), 2);
        AssertSubscriber<FeedEvent> client = subscribe(subscriber, 0);
        for (int i = 0; i < 50; i++) {
            assertTrue(subscriber.offer(change(i)));
        }
        StatusChange finalized = new StatusChange("0x01", "FINALIZED", null, null, change(0).at(), 901);
        assertTrue(subscriber.offer(finalized));
        client.request(10);
        assertEquals(List.of(finalized), client.getItems());
    }

    @Test
    void aClientThatLeavesIsNoLongerOffered() {
        FeedSubscriber subscriber = new FeedSubscriber(c -> true, 3);
        AssertSubscriber<FeedEvent> client = subscribe(subscriber, 1);
        client.cancel();
        assertTrue(ended.get());
        assertFalse(subscriber.offer(change(0)));
    }

    private AssertSubscriber<FeedEvent> subscribe(FeedSubscriber subscriber, long requested) {
        return subscriber.events(s -> { }, () -> ended.set(true)).subscribe()
                .withSubscriber(AssertSubscriber.create(requested));
    }

    private static final OffsetDateTime AT = OffsetDateTime.parse("2026-01-01T00:00:00Z");

    private static StatusChange change(int i) {
        return new StatusChange("0x" + Integer.toHexString(i), "READY_TO_PROVE", "change " + i, "HELD", AT, 901);
    }
}
