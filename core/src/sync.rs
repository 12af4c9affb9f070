//! Mutex helpers.

use std::sync::{Mutex, MutexGuard, PoisonError};

/// Locks `mutex`, carrying on after a panic elsewhere poisoned it: every value guarded here stays
/// consistent at each statement (the vault's own consistency comes from SQLite transactions).
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}
