//! The checks the wallet (before it shows a consent screen) and the desk (before it shows its own
//! request, and on every answer) both apply to a desk and its request. One implementation, so the
//! two sides cannot disagree; each refusal has a stable code.
//!
//! "Today" is the UTC day: `floor(unix seconds / 86400)`. Every validity bound is inclusive.

use ed25519_dalek::VerifyingKey;

use crate::desk::certificate::{AuthorityKeyId, DeskCertificate, MAX_VALIDITY_DAYS};
use crate::desk::request::DeskRequest;
use crate::desk::revocation::DeskRevocationList;
use crate::trust::TrustList;

/// How long a session request may be answered, from its `issued_at` (seconds).
pub const REQUEST_LIFETIME_SECONDS: i64 = 120;
/// How far the wallet's and the desk's clocks may disagree (seconds).
pub const CLOCK_SKEW_SECONDS: i64 = 30;

/// Why a desk or its request is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
pub enum DeskRefusal {
    /// The request is not well-formed.
    #[error("malformed request")]
    Malformed,
    /// The certificate names no verifier authority of the trust list valid today.
    #[error("unknown desk")]
    UnknownDesk,
    /// The authority's signature over the certificate does not verify.
    #[error("desk certificate signature invalid")]
    BadCertificateSignature,
    /// The certificate claims a validity longer than a year (or ends before it starts).
    #[error("desk certificate validity too long")]
    CertificateValidityTooLong,
    /// Today is before the certificate's first day.
    #[error("desk certificate not yet valid")]
    CertificateNotYetValid,
    /// Today is after the certificate's last day.
    #[error("desk certificate expired")]
    CertificateExpired,
    /// The desk is on its authority's revocation list.
    #[error("desk revoked")]
    DeskRevoked,
    /// The request is older than its lifetime (plus clock skew).
    #[error("request expired")]
    RequestExpired,
    /// The request was made later than the wallet's clock allows: one of the clocks is wrong.
    #[error("request from the future")]
    RequestFromTheFuture,
    /// The desk asks for a profile its certificate does not allow.
    #[error("profile not allowed for this desk")]
    ProfileNotAllowed,
}

impl DeskRefusal {
    /// Every refusal, in the order the checks run.
    pub const ALL: [DeskRefusal; 10] = [
        DeskRefusal::Malformed,
        DeskRefusal::UnknownDesk,
        DeskRefusal::BadCertificateSignature,
        DeskRefusal::CertificateValidityTooLong,
        DeskRefusal::CertificateNotYetValid,
        DeskRefusal::CertificateExpired,
        DeskRefusal::DeskRevoked,
        DeskRefusal::RequestExpired,
        DeskRefusal::RequestFromTheFuture,
        DeskRefusal::ProfileNotAllowed,
    ];

    /// The stable machine-readable code (docs/qr-format.md lists them).
    pub fn code(self) -> &'static str {
        match self {
            DeskRefusal::Malformed => "malformed",
            DeskRefusal::UnknownDesk => "unknown_desk",
            DeskRefusal::BadCertificateSignature => "bad_certificate_signature",
            DeskRefusal::CertificateValidityTooLong => "certificate_validity_too_long",
            DeskRefusal::CertificateNotYetValid => "certificate_not_yet_valid",
            DeskRefusal::CertificateExpired => "certificate_expired",
            DeskRefusal::DeskRevoked => "desk_revoked",
            DeskRefusal::RequestExpired => "request_expired",
            DeskRefusal::RequestFromTheFuture => "request_from_the_future",
            DeskRefusal::ProfileNotAllowed => "profile_not_allowed",
        }
    }
}

/// The UTC day of a unix time.
pub fn utc_day(unix: i64) -> Option<i32> {
    i32::try_from(unix.div_euclid(86_400)).ok()
}

/// The verifier authority with id `id` valid on `today`.
pub fn authority(trust: &TrustList, id: AuthorityKeyId, today: i32) -> Option<VerifyingKey> {
    trust
        .authorities
        .iter()
        .filter(|a| (a.valid_from..=a.valid_until).contains(&today))
        .find(|a| AuthorityKeyId::of(&a.public_key) == id)
        .and_then(|a| VerifyingKey::from_bytes(&a.public_key).ok())
}

/// Checks a desk certificate on `today`, in this order: authority known, signature, validity
/// span, first day, last day, revocation.
pub fn check_certificate(
    certificate: &DeskCertificate,
    trust: &TrustList,
    revocations: &[DeskRevocationList],
    today: i32,
) -> Result<(), DeskRefusal> {
    let body = &certificate.body;
    let key = authority(trust, body.authority, today).ok_or(DeskRefusal::UnknownDesk)?;
    if !certificate.signature_holds(&key) {
        return Err(DeskRefusal::BadCertificateSignature);
    }
    let span = i64::from(body.valid_until) - i64::from(body.valid_from);
    if !(0..=i64::from(MAX_VALIDITY_DAYS)).contains(&span) {
        return Err(DeskRefusal::CertificateValidityTooLong);
    }
    if today < body.valid_from {
        return Err(DeskRefusal::CertificateNotYetValid);
    }
    if today > body.valid_until {
        return Err(DeskRefusal::CertificateExpired);
    }
    let desk = body.desk_key_id();
    if revocations.iter().any(|l| l.revokes(body.authority, desk)) {
        return Err(DeskRefusal::DeskRevoked);
    }
    Ok(())
}

/// Checks a request at `now_unix` (the checker's clock): the certificate, then the request's age
/// (session requests only), then the profile against the certificate's allowance. The profile
/// comes last, so [`DeskRefusal::ProfileNotAllowed`] means every other check passed (the wallet
/// can still name the desk while it refuses).
pub fn check_request(
    request: &DeskRequest,
    trust: &TrustList,
    revocations: &[DeskRevocationList],
    now_unix: i64,
) -> Result<(), DeskRefusal> {
    let today = utc_day(now_unix).ok_or(DeskRefusal::Malformed)?;
    check_certificate(request.certificate(), trust, revocations, today)?;
    if let DeskRequest::Session(r) = request {
        let issued = i64::from(r.issued_at);
        if now_unix > issued + REQUEST_LIFETIME_SECONDS + CLOCK_SKEW_SECONDS {
            return Err(DeskRefusal::RequestExpired);
        }
        if issued > now_unix + CLOCK_SKEW_SECONDS {
            return Err(DeskRefusal::RequestFromTheFuture);
        }
    }
    if !request
        .certificate()
        .body
        .allowed
        .contains(request.profile())
    {
        return Err(DeskRefusal::ProfileNotAllowed);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::desk::certificate::{CertificateBody, ProfileSet};
    use crate::desk::fixtures;
    use crate::desk::request::DeskCard;
    use crate::profile::DocType;
    use ed25519_dalek::SigningKey;

    fn check(request: &DeskRequest, now: i64) -> Result<(), DeskRefusal> {
        check_request(request, &fixtures::trust_list(), &[], now)
    }

    fn card_with(body: CertificateBody, key: &SigningKey, profile: DocType) -> DeskRequest {
        DeskRequest::Card(DeskCard {
            certificate: DeskCertificate::sign(body, key),
            profile,
        })
    }

    #[test]
    fn a_fresh_request_of_a_certified_desk_passes() {
        assert_eq!(check(&fixtures::session_request(), fixtures::NOW), Ok(()));
        assert_eq!(check(&fixtures::card(), fixtures::NOW), Ok(()));
    }

    #[test]
    fn each_certificate_rule_has_its_own_refusal() {
        let body = fixtures::certificate().body;
        let stranger = SigningKey::from_bytes(&[0x66; 32]);
        assert_eq!(
            check(
                &card_with(body.clone(), &stranger, DocType::KtpBasic),
                fixtures::NOW
            ),
            Err(DeskRefusal::UnknownDesk)
        );
        let mut forged = fixtures::certificate();
        forged.signature[3] ^= 1;
        let forged = DeskRequest::Card(DeskCard {
            certificate: forged,
            profile: DocType::KtpBasic,
        });
        assert_eq!(
            check(&forged, fixtures::NOW),
            Err(DeskRefusal::BadCertificateSignature)
        );
        let mut long = body.clone();
        long.valid_until = long.valid_from + 366;
        assert_eq!(
            check(
                &card_with(long, &fixtures::authority(), DocType::KtpBasic),
                fixtures::NOW
            ),
            Err(DeskRefusal::CertificateValidityTooLong)
        );
        let day = 86_400;
        let first = i64::from(body.valid_from) * day;
        let last = i64::from(body.valid_until) * day + day - 1;
        assert_eq!(check(&fixtures::card(), first), Ok(()));
        assert_eq!(
            check(&fixtures::card(), first - 1),
            Err(DeskRefusal::CertificateNotYetValid)
        );
        assert_eq!(check(&fixtures::card(), last), Ok(()));
        assert_eq!(
            check(&fixtures::card(), last + 1),
            Err(DeskRefusal::CertificateExpired)
        );
        let revoked = DeskRevocationList {
            authority: body.authority,
            sequence: 1,
            issued_at: 0,
            revoked: vec![body.desk_key_id()],
        };
        assert_eq!(
            check_request(
                &fixtures::card(),
                &fixtures::trust_list(),
                &[revoked],
                fixtures::NOW
            ),
            Err(DeskRefusal::DeskRevoked)
        );
        let mut narrow = body;
        narrow.allowed = ProfileSet::of(&[DocType::AgeOver17]);
        assert_eq!(
            check(
                &card_with(narrow, &fixtures::authority(), DocType::KtpFull),
                fixtures::NOW
            ),
            Err(DeskRefusal::ProfileNotAllowed)
        );
    }

    #[test]
    fn a_request_is_answerable_for_its_lifetime_plus_the_clock_skew() {
        let request = fixtures::session_request();
        let issued = fixtures::NOW;
        let edge = issued + REQUEST_LIFETIME_SECONDS + CLOCK_SKEW_SECONDS;
        assert_eq!(check(&request, edge), Ok(()));
        assert_eq!(check(&request, edge + 1), Err(DeskRefusal::RequestExpired));
        assert_eq!(check(&request, issued - CLOCK_SKEW_SECONDS), Ok(()));
        assert_eq!(
            check(&request, issued - CLOCK_SKEW_SECONDS - 1),
            Err(DeskRefusal::RequestFromTheFuture)
        );
    }

    #[test]
    fn every_code_is_distinct() {
        let codes: std::collections::HashSet<_> =
            DeskRefusal::ALL.iter().map(|r| r.code()).collect();
        assert_eq!(codes.len(), DeskRefusal::ALL.len());
    }
}
