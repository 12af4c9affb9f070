//! The credential checks every answer goes through, whether it answers a request or a card: a trusted
//! issuer's valid signature, then expiry and revocation.

use ikd_protocol::credential::{Credential, SignedCredential};
use ikd_protocol::trust::{RevocationList, TrustList};

use crate::error::VerifyError;

/// Decodes the credential and checks its issuer is in `trust` on `today` and signed it.
pub fn trusted_credential(
    signed: &SignedCredential,
    trust: &TrustList,
    today: i32,
) -> Result<Credential, VerifyError> {
    let credential = signed
        .decode_unverified()
        .map_err(|_| VerifyError::Malformed)?;
    let issuer = trust
        .issuer(credential.issuer_key_id, today)
        .ok_or(VerifyError::UnknownIssuer)?;
    signed
        .verify(&issuer)
        .map_err(|_| VerifyError::BadIssuerSignature)
}

/// Checks the credential is within its dates on `today` (one day of grace before the issue day,
/// for clocks around midnight) and neither it nor its device is revoked.
pub fn in_force(
    signed: &SignedCredential,
    credential: &Credential,
    revocations: &RevocationList,
    today: i32,
) -> Result<(), VerifyError> {
    if today > credential.expires {
        return Err(VerifyError::CredentialExpired);
    }
    if credential.issued > today + 1 {
        return Err(VerifyError::CredentialNotYetValid);
    }
    if revocations.is_revoked(&signed.id(), &credential.device_public_key) {
        return Err(VerifyError::Revoked);
    }
    Ok(())
}
