package io.opwb.storage;

import java.io.Serializable;
import java.util.Objects;

/** A game's (or, on a legacy portal, an output's) identity: its index on its chain's factory or oracle. */
public class GameKey implements Serializable {

    public long l2ChainId;
    public long gameIndex;

    public GameKey() {
    }

    public GameKey(long l2ChainId, long gameIndex) {
        this.l2ChainId = l2ChainId;
        this.gameIndex = gameIndex;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GameKey k && k.l2ChainId == l2ChainId && k.gameIndex == gameIndex;
    }

    @Override
    public int hashCode() {
        return Objects.hash(l2ChainId, gameIndex);
    }
}
