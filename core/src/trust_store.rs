//! The trust and revocation lists the wallet received at activation or refresh, kept in the vault
//! with the trust root they were checked against.

use ed25519_dalek::VerifyingKey;
use ikd_protocol::trust::{RevocationList, SignedList, TrustList, check_replacement};

use crate::error::CoreError;
use crate::session::Session;
use crate::vault::records::RecordKind;

impl Session {
    /// Verifies both lists against `trust_root` and stores them. Refused: a trust list older
    /// (lower sequence) than the one stored, or issued more than
    /// [`ikd_protocol::trust::MAX_LIST_AGE_SECONDS`] before `now_unix`. The revocation list is
    /// only kept (the wallet does not use its entries), so only its signature and header are
    /// checked: its size can never stop an activation or a refresh.
    pub fn store_lists(
        &self,
        trust_root: &[u8; 32],
        trust_list: &SignedList,
        revocation_list: &SignedList,
        now_unix: i64,
    ) -> Result<(), CoreError> {
        let root = VerifyingKey::from_bytes(trust_root).map_err(|_| CoreError::UntrustedList)?;
        let trust = TrustList::verify(trust_list, &root).map_err(|_| CoreError::UntrustedList)?;
        RevocationList::verify_header(revocation_list, &root)
            .map_err(|_| CoreError::UntrustedList)?;
        let held = self.stored_trust_list().ok().map(|(_, list)| list.sequence);
        check_replacement(held, trust.sequence, trust.issued_at, now_unix)
            .map_err(|_| CoreError::UntrustedList)?;
        let mut trust_record = trust_root.to_vec();
        trust_record.extend_from_slice(&trust_list.encode());
        self.replace_records(RecordKind::TrustList, &[trust_record])?;
        self.replace_records(RecordKind::RevocationList, &[revocation_list.encode()])
    }

    /// The stored trust root and trust list (re-verified on every read).
    pub fn stored_trust_list(&self) -> Result<([u8; 32], TrustList), CoreError> {
        let records = self.records(RecordKind::TrustList)?;
        let record = records.first().ok_or(CoreError::NoTrustList)?;
        let (root, signed) = record
            .bytes
            .split_first_chunk::<32>()
            .ok_or(CoreError::MalformedRecord)?;
        let key = VerifyingKey::from_bytes(root).map_err(|_| CoreError::MalformedRecord)?;
        let signed = SignedList::decode(signed).map_err(|_| CoreError::MalformedRecord)?;
        let list = TrustList::verify(&signed, &key).map_err(|_| CoreError::MalformedRecord)?;
        Ok((*root, list))
    }
}
