package io.cascadelab.zone.dns;

import java.util.HashMap;
import java.util.Map;

/**
 * An immutable hash map split into fixed shards, so that a new version differing in a few keys copies only
 * the shards those keys live in. A one-record change to a 100k-record zone then copies ~100 entries, not
 * 100k, while readers keep lock-free {@code get}s on whichever version they hold.
 */
final class ShardedMap<K, V> {

    private static final int SHARDS = 1024;

    private final Map<K, V>[] shards;
    private final int size;

    @SuppressWarnings("unchecked")
    static <K, V> ShardedMap<K, V> empty() {
        Map<K, V>[] shards = new Map[SHARDS];
        for (int i = 0; i < SHARDS; i++) {
            shards[i] = Map.of();
        }
        return new ShardedMap<>(shards, 0);
    }

    private ShardedMap(Map<K, V>[] shards, int size) {
        this.shards = shards;
        this.size = size;
    }

    V get(K key) {
        return shards[index(key)].get(key);
    }

    boolean containsKey(K key) {
        return shards[index(key)].containsKey(key);
    }

    int size() {
        return size;
    }

    Editor edit() {
        return new Editor();
    }

    private static int index(Object key) {
        int h = key.hashCode();
        return (h ^ (h >>> 16)) & (SHARDS - 1);
    }

    /** Collects changes; shards are copied on first write, the original is never touched. */
    final class Editor {

        private final Map<K, V>[] copy = shards.clone();
        private final boolean[] owned = new boolean[SHARDS];
        private int newSize = size;

        V get(K key) {
            return copy[index(key)].get(key);
        }

        V put(K key, V value) {
            V previous = writable(key).put(key, value);
            if (previous == null) {
                newSize++;
            }
            return previous;
        }

        V remove(K key) {
            int i = index(key);
            if (!copy[i].containsKey(key)) {
                return null;
            }
            V previous = writable(key).remove(key);
            newSize--;
            return previous;
        }

        private Map<K, V> writable(K key) {
            int i = index(key);
            if (!owned[i]) {
                copy[i] = new HashMap<>(copy[i]);
                owned[i] = true;
            }
            return copy[i];
        }

        ShardedMap<K, V> build() {
            return new ShardedMap<>(copy, newSize);
        }
    }
}
