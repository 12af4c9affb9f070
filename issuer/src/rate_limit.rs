//! Sliding-window limits on wrong activation codes, as pure functions over timestamps.

use std::collections::HashMap;
use std::hash::Hash;
use std::net::IpAddr;

/// At most `limit` failures per `window_seconds` per key.
#[derive(Debug)]
pub struct FailureLimiter<K> {
    limit: usize,
    window_seconds: i64,
    failures: HashMap<K, Vec<i64>>,
    /// Size at which every key is swept, so keys that never come back do not pile up.
    sweep_at: usize,
}

/// Keys below this many are never swept.
const MIN_SWEEP: usize = 1024;

impl<K: Hash + Eq + Clone> FailureLimiter<K> {
    /// A limiter allowing `limit` failures in any `window_seconds`.
    pub fn new(limit: usize, window_seconds: i64) -> Self {
        FailureLimiter {
            limit,
            window_seconds,
            failures: HashMap::new(),
            sweep_at: MIN_SWEEP,
        }
    }

    /// Whether `key` may try now.
    pub fn allows(&mut self, key: &K, now: i64) -> bool {
        self.prune(key, now);
        self.failures.get(key).is_none_or(|f| f.len() < self.limit)
    }

    /// Records a failure of `key`.
    pub fn record_failure(&mut self, key: K, now: i64) {
        if self.failures.len() >= self.sweep_at {
            let window = self.window_seconds;
            self.failures.retain(|_, f| {
                f.retain(|&t| now - t < window);
                !f.is_empty()
            });
            self.sweep_at = (self.failures.len() * 2).max(MIN_SWEEP);
        }
        self.failures.entry(key).or_default().push(now);
    }

    /// Keys with failures on record (bounded by the sweep).
    pub fn keys(&self) -> usize {
        self.failures.len()
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

/// The key a client address is limited under: the address itself for IPv4, its /64 for IPv6
/// (one subscriber usually holds a whole /64, so single addresses would not limit anyone).
pub fn client_key(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(_) => ip,
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let prefix = u128::from(v6) & !((1u128 << 64) - 1);
                IpAddr::V6(prefix.into())
            }
        },
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

    #[test]
    fn keys_that_never_come_back_are_swept() {
        let mut limiter = FailureLimiter::new(3, 600);
        for key in 0..10_000u32 {
            // One failure each, ten minutes apart in batches: old ones expire.
            limiter.record_failure(key, i64::from(key / 500) * 601);
        }
        assert!(limiter.keys() < 2 * MIN_SWEEP, "{}", limiter.keys());
    }

    #[test]
    fn an_ipv6_subscriber_is_one_key_for_its_whole_prefix() {
        let a: IpAddr = "2001:db8:1:2::1".parse().unwrap();
        let b: IpAddr = "2001:db8:1:2:ffff::9".parse().unwrap();
        let other: IpAddr = "2001:db8:1:3::1".parse().unwrap();
        assert_eq!(client_key(a), client_key(b));
        assert_ne!(client_key(a), client_key(other));
        let v4: IpAddr = "10.1.2.3".parse().unwrap();
        assert_eq!(client_key(v4), v4);
        let mapped: IpAddr = "::ffff:10.1.2.3".parse().unwrap();
        assert_eq!(client_key(mapped), v4);
    }
}
