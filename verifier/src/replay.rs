//! The replay cache: each (device key, window) pair is accepted once.
//!
//! Entries older than the acceptance span are dropped as time moves on, and the cache has a hard
//! size limit, so a busy desk's memory stays bounded.

use std::collections::{BTreeMap, HashSet};

use ikd_protocol::time_window::WINDOWS_BACK;

/// Most pairs remembered at once (a desk sees far fewer frames per 2 minutes).
pub const MAX_ENTRIES: usize = 100_000;

/// Seen (device key, window) pairs, grouped by window for pruning.
#[derive(Debug, Default)]
pub struct ReplayCache {
    by_window: BTreeMap<u32, HashSet<[u8; 32]>>,
    len: usize,
}

impl ReplayCache {
    /// An empty cache.
    pub fn new() -> ReplayCache {
        ReplayCache::default()
    }

    /// Records the pair; false if it was already seen.
    pub fn check_and_insert(&mut self, device: [u8; 32], window: u32, now_window: u32) -> bool {
        self.prune(now_window);
        if self
            .by_window
            .get(&window)
            .is_some_and(|seen| seen.contains(&device))
        {
            return false;
        }
        while self.len >= MAX_ENTRIES {
            // Evict the oldest window: its frames are the nearest to expiring anyway.
            match self.by_window.pop_first() {
                Some((_, seen)) => self.len -= seen.len(),
                None => break,
            }
        }
        self.by_window.entry(window).or_default().insert(device);
        self.len += 1;
        true
    }

    /// Drops windows no frame can still be accepted for.
    fn prune(&mut self, now_window: u32) {
        let oldest_acceptable = now_window.saturating_sub(WINDOWS_BACK);
        let keep = self.by_window.split_off(&oldest_acceptable);
        for seen in self.by_window.values() {
            self.len -= seen.len();
        }
        // Windows ahead of now are kept: they become current soon.
        self.by_window = keep;
    }

    /// Number of pairs remembered.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether nothing is remembered.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pair_is_accepted_once_per_window() {
        let mut cache = ReplayCache::new();
        assert!(cache.check_and_insert([1; 32], 100, 100));
        assert!(!cache.check_and_insert([1; 32], 100, 100));
        assert!(cache.check_and_insert([1; 32], 101, 101));
        assert!(cache.check_and_insert([2; 32], 100, 101));
    }

    #[test]
    fn old_windows_are_forgotten() {
        let mut cache = ReplayCache::new();
        cache.check_and_insert([1; 32], 100, 100);
        cache.check_and_insert([2; 32], 105, 105);
        assert_eq!(cache.len(), 1);
    }
}
