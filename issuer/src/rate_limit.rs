//! Sliding-window limits on wrong activation codes, as pure functions over timestamps.

use std::collections::HashMap;
use std::hash::Hash;

/// At most `limit` failures per `window_seconds` per key.
#[derive(Debug)]
pub struct FailureLimiter<K> {
    limit: usize,
    window_seconds: i64,
    failures: HashMap<K, Vec<i64>>,
}

impl<K: Hash + Eq + Clone> FailureLimiter<K> {
    /// A limiter allowing `limit` failures in any `window_seconds`.
    pub fn new(limit: usize, window_seconds: i64) -> Self {
        FailureLimiter {
            limit,
            window_seconds,
            failures: HashMap::new(),
        }
    }

    /// Whether `key` may try now.
    pub fn allows(&mut self, key: &K, now: i64) -> bool {
        self.prune(key, now);
        self.failures.get(key).is_none_or(|f| f.len() < self.limit)
    }

    /// Records a failure of `key`.
    pub fn record_failure(&mut self, key: K, now: i64) {
        self.failures.entry(key).or_default().push(now);
    }

    fn prune(&mut self, key: &K, now: i64) {
        let window = self.window_seconds;
        if let Some(f) = self.failures.get_mut(key) {
            f.retain(|&t| now - t < window);
            if f.is_empty() {
                self.failures.remove(key);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_limit_holds_within_the_window_and_lifts_after_it() {
        let mut limiter = FailureLimiter::new(3, 600);
        for t in 0..3 {
            assert!(limiter.allows(&"ip", t));
            limiter.record_failure("ip", t);
        }
        assert!(!limiter.allows(&"ip", 10));
        assert!(limiter.allows(&"other", 10));
        assert!(limiter.allows(&"ip", 601));
    }
}
