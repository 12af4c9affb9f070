//! The citizen's documents as the wallet keeps them: issuer-signed credentials, sealed in the
//! vault one record each, with the trust and revocation lists that came with them.

use ikd_protocol::credential::{Credential, SignedCredential};
use ikd_protocol::profile::DocType;

use crate::error::CoreError;
use crate::session::Session;
use crate::vault::records::RecordKind;

/// A stored credential, decoded for display.
#[derive(Debug, Clone)]
pub struct StoredDocument {
    /// The credential exactly as the issuer signed it (what goes into a QR frame).
    pub signed: SignedCredential,
    /// Its decoded content.
    pub credential: Credential,
}

impl StoredDocument {
    /// The document and disclosure profile.
    pub fn doc_type(&self) -> DocType {
        self.credential.doc_type
    }
}

impl Session {
    /// Replaces the stored credentials with `credentials` in one transaction (activation and
    /// refresh). Each must carry this wallet's device key: a credential for another device is
    /// refused rather than stored.
    pub fn store_credentials(&self, credentials: &[SignedCredential]) -> Result<(), CoreError> {
        let device = self.device_public_key()?;
        let mut values = Vec::with_capacity(credentials.len());
        for signed in credentials {
            let credential = signed
                .decode_unverified()
                .map_err(|_| CoreError::MalformedRecord)?;
            if credential.device_public_key != device {
                return Err(CoreError::CredentialForAnotherDevice);
            }
            values.push(signed.encode());
        }
        self.replace_records(RecordKind::Credential, &values)
    }

    /// Every stored document, in the order they were issued.
    pub fn documents(&self) -> Result<Vec<StoredDocument>, CoreError> {
        self.records(RecordKind::Credential)?
            .iter()
            .map(|record| {
                let signed = SignedCredential::decode(&record.bytes)
                    .map_err(|_| CoreError::MalformedRecord)?;
                let credential = signed
                    .decode_unverified()
                    .map_err(|_| CoreError::MalformedRecord)?;
                Ok(StoredDocument { signed, credential })
            })
            .collect()
    }

    /// Each stored credential's profile and last valid day (days since 1970-01-01), for the
    /// reminders and the quiet-refresh rule in [`crate::expiry`].
    pub fn expiries(&self) -> Result<Vec<(DocType, i32)>, CoreError> {
        Ok(self
            .documents()?
            .iter()
            .map(|d| (d.doc_type(), d.credential.expires))
            .collect())
    }

    /// The stored document of `doc_type`.
    pub fn document(&self, doc_type: DocType) -> Result<StoredDocument, CoreError> {
        self.documents()?
            .into_iter()
            .find(|d| d.doc_type() == doc_type)
            .ok_or(CoreError::DocumentNotFound)
    }
}
