//! The trust and revocation lists at the desk: fetched from the issuer (its `GET /v1/trust-list`
//! and `GET /v1/revocation-list`), verified against the pinned trust root, never replaced by an
//! older one, and judged by age. The age is counted from the list's signed `issued_at` (the
//! issuer signs a fresh list for every fetch), so a replayed old list cannot look fresh.

use ed25519_dalek::VerifyingKey;
use ikd_protocol::issuer_api::{ListResponse, unb64_vec};
use ikd_protocol::trust::{ListRefusal, RevocationList, SignedList, TrustList, check_replacement};

use crate::store::{ListKind, StoredList};

/// The oldest lists the desk still works on: 72 hours (docs/desk.md says why).
pub const MAX_LIST_AGE_SECONDS: i64 = 72 * 3600;
/// How often the desk asks the issuer for new lists while it runs.
pub const REFRESH_INTERVAL_SECONDS: u64 = 300;
/// How long one fetch may take.
pub const FETCH_TIMEOUT_SECONDS: u64 = 10;

/// How old a held list is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Freshness {
    /// The desk has no such list yet.
    Missing,
    /// Young enough to work on; its age in seconds.
    Fresh(i64),
    /// Past [`MAX_LIST_AGE_SECONDS`]; its age in seconds.
    TooOld(i64),
}

impl Freshness {
    /// Whether the desk may check answers with it.
    pub fn usable(self) -> bool {
        matches!(self, Freshness::Fresh(_))
    }
}

/// The freshness of a list issued at `issued_at` (None: no list), at `now`.
pub fn freshness(issued_at: Option<i64>, now: i64, max_age: i64) -> Freshness {
    match issued_at {
        None => Freshness::Missing,
        Some(at) => {
            let age = now.saturating_sub(at).max(0);
            if age > max_age {
                Freshness::TooOld(age)
            } else {
                Freshness::Fresh(age)
            }
        }
    }
}

/// Why a received list was not taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ListUpdateError {
    /// Not a list, or its signature is not the trust root's.
    #[error("the list is damaged or not signed by the trust root")]
    Invalid,
    /// Its sequence is below the held list's: a rollback, refused.
    #[error("the list is older than the one held")]
    Rollback,
    /// It was issued too long ago to be taken.
    #[error("the list was issued too long ago")]
    TooOld,
    /// The issuer could not be reached or answered badly.
    #[error("the issuer could not be reached")]
    Unreachable,
}

/// A list's sequence and issue time, after its signature is verified.
pub fn verified_header(
    kind: ListKind,
    bytes: &[u8],
    root: &VerifyingKey,
) -> Result<(u64, i64), ListUpdateError> {
    let signed = SignedList::decode(bytes).map_err(|_| ListUpdateError::Invalid)?;
    match kind {
        ListKind::Trust => TrustList::verify(&signed, root)
            .map(|l| (l.sequence, l.issued_at))
            .map_err(|_| ListUpdateError::Invalid),
        ListKind::Revocation => RevocationList::verify(&signed, root)
            .map(|l| (l.sequence, l.issued_at))
            .map_err(|_| ListUpdateError::Invalid),
    }
}

/// Decides whether `bytes` replaces `held` at `now`: the new list to store, or None when the
/// held one stays (the same sequence signed earlier than the held copy).
pub fn replacement(
    kind: ListKind,
    bytes: &[u8],
    held: Option<&StoredList>,
    root: &VerifyingKey,
    now: i64,
) -> Result<Option<StoredList>, ListUpdateError> {
    let (sequence, issued_at) = verified_header(kind, bytes, root)?;
    check_replacement(held.map(|h| h.sequence), sequence, issued_at, now).map_err(|e| match e {
        ListRefusal::OlderSequence => ListUpdateError::Rollback,
        ListRefusal::TooOld => ListUpdateError::TooOld,
    })?;
    if held.is_some_and(|h| h.sequence == sequence && h.issued_at >= issued_at) {
        return Ok(None);
    }
    Ok(Some(StoredList {
        bytes: bytes.to_vec(),
        sequence,
        issued_at,
        fetched_at: now,
    }))
}

/// Fetches one list from the issuer at `base_url` (blocking; call it off the web server's
/// threads).
pub fn fetch(base_url: &str, kind: ListKind) -> Result<Vec<u8>, ListUpdateError> {
    let path = match kind {
        ListKind::Trust => "/v1/trust-list",
        ListKind::Revocation => "/v1/revocation-list",
    };
    let client = reqwest::blocking::Client::builder()
        .timeout(std::time::Duration::from_secs(FETCH_TIMEOUT_SECONDS))
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(|_| ListUpdateError::Unreachable)?;
    let response: ListResponse = client
        .get(format!("{}{path}", base_url.trim_end_matches('/')))
        .send()
        .and_then(|r| r.error_for_status())
        .and_then(|r| r.json())
        .map_err(|_| ListUpdateError::Unreachable)?;
    unb64_vec(&response.list).ok_or(ListUpdateError::Invalid)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ed25519_dalek::SigningKey;

    fn trust(sequence: u64, issued_at: i64, root: &SigningKey) -> Vec<u8> {
        let mut list = ikd_protocol::desk::fixtures::trust_list();
        list.sequence = sequence;
        list.issued_at = issued_at;
        list.sign(root).encode()
    }

    #[test]
    fn a_newer_list_replaces_and_an_older_one_is_refused_as_a_rollback() {
        let root = ikd_protocol::desk::fixtures::trust_root();
        let key = root.verifying_key();
        let now = 1_800_000_000;
        let held = replacement(ListKind::Trust, &trust(5, now - 10, &root), None, &key, now)
            .unwrap()
            .unwrap();
        assert_eq!(held.sequence, 5);
        let newer = replacement(
            ListKind::Trust,
            &trust(6, now, &root),
            Some(&held),
            &key,
            now,
        );
        assert_eq!(newer.unwrap().unwrap().sequence, 6);
        assert_eq!(
            replacement(
                ListKind::Trust,
                &trust(4, now, &root),
                Some(&held),
                &key,
                now
            ),
            Err(ListUpdateError::Rollback)
        );
        // The same sequence signed again later refreshes the age; signed earlier, it is kept out.
        assert!(
            replacement(
                ListKind::Trust,
                &trust(5, now, &root),
                Some(&held),
                &key,
                now
            )
            .unwrap()
            .is_some()
        );
        assert_eq!(
            replacement(
                ListKind::Trust,
                &trust(5, now - 20, &root),
                Some(&held),
                &key,
                now
            ),
            Ok(None)
        );
    }

    #[test]
    fn a_list_signed_by_another_root_or_damaged_is_invalid() {
        let root = ikd_protocol::desk::fixtures::trust_root();
        let other = SigningKey::from_bytes(&[9; 32]);
        let now = 1_800_000_000;
        let key = root.verifying_key();
        assert_eq!(
            replacement(ListKind::Trust, &trust(1, now, &other), None, &key, now),
            Err(ListUpdateError::Invalid)
        );
        assert_eq!(
            replacement(ListKind::Revocation, &trust(1, now, &root), None, &key, now),
            Err(ListUpdateError::Invalid)
        );
        assert_eq!(
            replacement(ListKind::Trust, b"garbage", None, &key, now),
            Err(ListUpdateError::Invalid)
        );
    }

    #[test]
    fn lists_are_usable_up_to_the_maximum_age_inclusive() {
        let max = MAX_LIST_AGE_SECONDS;
        assert_eq!(freshness(None, 100, max), Freshness::Missing);
        assert_eq!(freshness(Some(0), max, max), Freshness::Fresh(max));
        assert_eq!(freshness(Some(0), max + 1, max), Freshness::TooOld(max + 1));
        assert!(!Freshness::TooOld(1).usable() && !Freshness::Missing.usable());
    }
}
