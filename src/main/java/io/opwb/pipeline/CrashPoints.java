package io.opwb.pipeline;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

/**
 * Named points between two durable steps, where a crash is most dangerous. With
 * {@code opwb.pipeline.pause-at} set (crash tests only) the pipeline stands still at the first
 * visit of a named point, so that the test can kill -9 the process exactly there.
 */
@ApplicationScoped
public class CrashPoints {

    /** A signed manifest is committed, its withdrawals in flight; none of its chunks is sent yet. */
    public static final String AFTER_MANIFEST = "after-manifest";
    /** A batch and its signed transaction are committed; nothing is broadcast yet. */
    public static final String AFTER_RECORD = "after-record";
    /** The transaction is broadcast; the batch is not marked SUBMITTED yet. */
    public static final String AFTER_BROADCAST = "after-broadcast";
    /** A batch's receipt is read and buried deep enough; the outcomes are not stored yet. */
    public static final String AFTER_RECEIPT = "after-receipt";

    private static final Logger LOG = Logger.getLogger(CrashPoints.class);

    private final Set<String> armed;
    private final Set<String> visited = ConcurrentHashMap.newKeySet();

    public CrashPoints(PipelineConfig config) {
        this.armed = config.pauseAt().orElse(Set.of());
    }

    public void reach(String point) {
        if (armed.contains(point) && visited.add(point)) {
            LOG.warnf("crash point %s reached: standing still for a crash test", point);
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
