package io.opwb.submission;

/** Whether a mined transaction whose block is not final yet is still where it was mined. */
public sealed interface ReorgCheck {

    record Kept() implements ReorgCheck {
    }

    /** A reorg mined it again, in another block. */
    record Moved(long block) implements ReorgCheck {
    }

    /** A reorg took it out of the chain. */
    record Removed() implements ReorgCheck {
    }

    Kept KEPT = new Kept();
    Removed REMOVED = new Removed();
}
