//! The station: what one desk knows and does between page loads, apart from HTTP. It holds the
//! desk (`ikd_verifier::Desk`, built once key, certificate and lists are there), the request on
//! screen, and the result on screen; it reads and writes the state file, the key file and the
//! replay store. The web routes only call it and render what it returns.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use ed25519_dalek::VerifyingKey;
use ikd_protocol::desk::certificate::DeskCertificate;
use ikd_protocol::desk::rules::{self, CLOCK_SKEW_SECONDS, REQUEST_LIFETIME_SECONDS};
use ikd_protocol::profile::DocType;
use ikd_protocol::trust::{RevocationList, SignedList, TrustList};
use ikd_verifier::{Desk, SqliteReplayStore, VerifyError};
use zeroize::Zeroizing;

use crate::keys::{self, KeyError};
use crate::lists::{self, Freshness, ListUpdateError};
use crate::store::{DeskStore, ListKind, LogEntry, StoreError};
use crate::texts::{self, Text};

/// The certificate file `ikd desk certify` writes into the desk's folder.
pub const CERTIFICATE_FILE: &str = "certificate.cbor";
/// The replay store's file in the desk's folder.
pub const REPLAY_FILE: &str = "replay.sqlite";

/// The station's clock (unix seconds).
pub type Clock = Arc<dyn Fn() -> i64 + Send + Sync>;

/// The certificate as the set-up screen shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CertificateStatus {
    /// None yet.
    Missing,
    /// In force today (or refused by the rules with this reason).
    Held {
        /// The certificate.
        certificate: Box<DeskCertificate>,
        /// Why it cannot be used today, if it cannot.
        refusal: Option<VerifyError>,
    },
    /// The file names another key.
    OtherKey,
    /// The file cannot be read.
    Damaged,
}

/// Everything the set-up screen shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetupStatus {
    /// The key's fingerprint, or why there is none.
    pub key: Result<String, KeyError>,
    /// The certificate.
    pub certificate: CertificateStatus,
    /// Trust list: sequence (if held) and freshness.
    pub trust: (Option<u64>, Freshness),
    /// Revocation list: sequence (if held) and freshness.
    pub revocation: (Option<u64>, Freshness),
    /// The last list update's problem, if any.
    pub list_problem: Option<Text>,
    /// Whether the desk can serve.
    pub ready: bool,
    /// The last checks, newest first.
    pub log: Vec<LogEntry>,
}

/// The request on the waiting screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShownRequest {
    /// Its bytes (the QR's content).
    pub bytes: Vec<u8>,
    /// The profile asked for.
    pub profile: DocType,
    /// When it was made.
    pub issued_at: i64,
    /// The last instant the desk accepts an answer to it.
    pub expires_at: i64,
}

/// One disclosed field on the result screen; the value is wiped from memory when dropped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShownField {
    /// Label in Bahasa Indonesia.
    pub label_id: &'static str,
    /// Label in English.
    pub label_en: &'static str,
    /// The value.
    pub value: Zeroizing<String>,
}

/// The result screen's content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShownResult {
    /// SAH or DITOLAK.
    pub accepted: bool,
    /// `accepted` or the refusal's stable code.
    pub code: &'static str,
    /// The reason (refusals only).
    pub reason: Option<Text>,
    /// The profile answered (accepted) or asked for (refused, if a request was open).
    pub profile: Option<DocType>,
    /// When it was checked.
    pub at: i64,
    /// The disclosed fields (accepted only).
    pub fields: Vec<ShownField>,
}

/// Why the station cannot do what was asked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StationError {
    /// Key, certificate or lists are missing, or the lists are too old.
    #[error("the desk is not ready")]
    NotReady,
    /// The desk's own files failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The desk refused (its certificate no longer valid, the profile not allowed...).
    #[error("refused: {0}")]
    Refused(VerifyError),
    /// The key could not be made.
    #[error(transparent)]
    Key(#[from] KeyError),
}

/// One desk station.
pub struct Station {
    dir: PathBuf,
    root: VerifyingKey,
    store: DeskStore,
    clock: Clock,
    max_list_age: i64,
    desk: Option<Desk>,
    desk_trust_sequence: Option<u64>,
    request: Option<ShownRequest>,
    result: Option<ShownResult>,
    list_problem: Option<Text>,
}

impl std::fmt::Debug for Station {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Station")
            .field("dir", &self.dir)
            .field("ready", &self.desk.is_some())
            .finish_non_exhaustive()
    }
}

fn read_certificate(dir: &Path) -> Option<Result<DeskCertificate, ()>> {
    let bytes = std::fs::read(dir.join(CERTIFICATE_FILE)).ok()?;
    Some(DeskCertificate::decode(&bytes).map_err(|_| ()))
}

impl Station {
    /// Opens the station in `dir` (the desk's folder) with the pinned trust root.
    pub fn open(
        dir: &Path,
        root: VerifyingKey,
        clock: Clock,
        max_list_age: i64,
    ) -> Result<Station, StationError> {
        let store = DeskStore::open(dir)?;
        let mut station = Station {
            dir: dir.to_path_buf(),
            root,
            store,
            clock,
            max_list_age,
            desk: None,
            desk_trust_sequence: None,
            request: None,
            result: None,
            list_problem: None,
        };
        station.reload()?;
        Ok(station)
    }

    /// The station's current time.
    pub fn now(&self) -> i64 {
        (self.clock)()
    }

    /// The desk's folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Makes the desk key (if none) and reloads.
    pub fn make_key(&mut self) -> Result<(), StationError> {
        keys::make_static_key(&self.dir)?;
        self.reload()
    }

    /// Takes a certificate file written by `ikd desk certify` into the state, when it certifies
    /// this desk's key; then (re)builds the desk from key, certificate and lists.
    pub fn reload(&mut self) -> Result<(), StationError> {
        let now = self.now();
        if let (Ok(secret), Some(Ok(file))) = (
            keys::read_static_key(&self.dir),
            read_certificate(&self.dir),
        ) && file.body.static_key == keys::public_key(&secret)
        {
            let bytes = file.encode();
            if self.store.certificate()?.as_deref() != Some(bytes.as_slice()) {
                self.store.set_certificate(&bytes, now)?;
                self.desk = None;
            }
        }
        self.build_desk()
    }

    fn held_lists(&self) -> Result<Option<(TrustList, RevocationList)>, StoreError> {
        let (Some(trust), Some(revocation)) = (
            self.store.list(ListKind::Trust)?,
            self.store.list(ListKind::Revocation)?,
        ) else {
            return Ok(None);
        };
        let verify = || -> Option<(TrustList, RevocationList)> {
            let trust =
                TrustList::verify(&SignedList::decode(&trust.bytes).ok()?, &self.root).ok()?;
            let revocation =
                RevocationList::verify(&SignedList::decode(&revocation.bytes).ok()?, &self.root)
                    .ok()?;
            Some((trust, revocation))
        };
        Ok(verify())
    }

    fn stored_certificate(&self) -> Result<Option<DeskCertificate>, StoreError> {
        Ok(self
            .store
            .certificate()?
            .and_then(|b| DeskCertificate::decode(&b).ok()))
    }

    fn build_desk(&mut self) -> Result<(), StationError> {
        let Ok(secret) = keys::read_static_key(&self.dir) else {
            self.desk = None;
            return Ok(());
        };
        let (Some(certificate), Some((trust, revocation))) =
            (self.stored_certificate()?, self.held_lists()?)
        else {
            self.desk = None;
            return Ok(());
        };
        if certificate.body.static_key != keys::public_key(&secret) {
            self.desk = None;
            return Ok(());
        }
        match &mut self.desk {
            // The same trust list: keep the desk and its open requests, take the revocations.
            Some(desk) if self.desk_trust_sequence == Some(trust.sequence) => {
                desk.update_revocations(revocation);
            }
            _ => {
                let replay = SqliteReplayStore::open(&self.dir.join(REPLAY_FILE))
                    .map_err(|_| StationError::Refused(VerifyError::ReplayStoreUnavailable))?;
                self.desk_trust_sequence = Some(trust.sequence);
                self.desk = Desk::new(
                    *secret,
                    certificate,
                    trust,
                    revocation,
                    Vec::new(),
                    Box::new(replay),
                )
                .ok();
                self.request = None;
            }
        }
        Ok(())
    }

    /// Offers a list received from the issuer: verified, never older than the one held.
    pub fn offer_list(&mut self, kind: ListKind, bytes: &[u8]) -> Result<(), ListUpdateError> {
        let held = self.store.list(kind).ok().flatten();
        let outcome = lists::replacement(kind, bytes, held.as_ref(), &self.root, self.now());
        match outcome {
            Ok(Some(list)) => {
                self.store
                    .set_list(kind, &list)
                    .map_err(|_| ListUpdateError::Unreachable)?;
                self.list_problem = None;
                let _ = self.build_desk();
                Ok(())
            }
            Ok(None) => Ok(()),
            Err(e) => {
                self.list_problem = Some(match e {
                    ListUpdateError::Rollback => texts::LIST_ROLLBACK,
                    ListUpdateError::Unreachable => texts::ISSUER_UNREACHABLE,
                    ListUpdateError::Invalid | ListUpdateError::TooOld => texts::LIST_INVALID,
                });
                Err(e)
            }
        }
    }

    /// Records that the issuer could not be reached (shown on set-up).
    pub fn note_unreachable(&mut self) {
        self.list_problem = Some(texts::ISSUER_UNREACHABLE);
    }

    fn freshness(&self, kind: ListKind) -> (Option<u64>, Freshness) {
        let held = self.store.list(kind).ok().flatten();
        (
            held.as_ref().map(|l| l.sequence),
            lists::freshness(held.map(|l| l.issued_at), self.now(), self.max_list_age),
        )
    }

    /// Whether both lists are young enough to check answers with.
    pub fn lists_usable(&self) -> bool {
        self.freshness(ListKind::Trust).1.usable()
            && self.freshness(ListKind::Revocation).1.usable()
    }

    /// Whether the desk can serve citizens now.
    pub fn ready(&self) -> bool {
        self.desk.is_some() && self.lists_usable()
    }

    /// The set-up screen's content.
    pub fn setup_status(&self) -> Result<SetupStatus, StationError> {
        let key =
            keys::read_static_key(&self.dir).map(|s| keys::fingerprint(&keys::public_key(&s)));
        let certificate = match (self.stored_certificate()?, read_certificate(&self.dir)) {
            (Some(c), _) => {
                let refusal = match (self.trust_list()?, rules::utc_day(self.now())) {
                    (Some(trust), Some(today)) => rules::check_certificate(&c, &trust, &[], today)
                        .err()
                        .map(VerifyError::from),
                    // Without a trust list the certificate cannot be checked yet.
                    _ => Some(VerifyError::UnknownDesk),
                };
                CertificateStatus::Held {
                    certificate: Box::new(c),
                    refusal,
                }
            }
            (None, Some(Ok(_))) => CertificateStatus::OtherKey,
            (None, Some(Err(()))) => CertificateStatus::Damaged,
            (None, None) => CertificateStatus::Missing,
        };
        let trust = self.freshness(ListKind::Trust);
        let revocation = self.freshness(ListKind::Revocation);
        Ok(SetupStatus {
            key,
            certificate,
            trust,
            revocation,
            list_problem: self.list_problem,
            ready: self.ready(),
            log: self.store.recent_log(10)?,
        })
    }

    fn trust_list(&self) -> Result<Option<TrustList>, StoreError> {
        Ok(self.held_lists()?.map(|(t, _)| t))
    }

    /// The profiles this desk may ask for.
    pub fn allowed_profiles(&self) -> Vec<DocType> {
        self.desk
            .as_ref()
            .map(|d| d.certificate().body.allowed.profiles())
            .unwrap_or_default()
    }

    /// The request on screen, made anew when there is none, it expired, or another profile is
    /// asked for. Returns it, and whether the previous one had expired.
    pub fn current_request(
        &mut self,
        profile: Option<DocType>,
    ) -> Result<(ShownRequest, bool), StationError> {
        if !self.ready() {
            return Err(StationError::NotReady);
        }
        let now = self.now();
        let expired = self.request.as_ref().is_some_and(|r| now > r.expires_at);
        let wanted = profile.or(self.request.as_ref().map(|r| r.profile));
        match &self.request {
            Some(r) if !expired && wanted.is_none_or(|p| p == r.profile) => {
                return Ok((r.clone(), false));
            }
            _ => {}
        }
        let profile = wanted
            .or_else(|| self.allowed_profiles().first().copied())
            .ok_or(StationError::NotReady)?;
        let desk = self.desk.as_mut().ok_or(StationError::NotReady)?;
        let bytes = desk
            .new_request(profile, now)
            .map_err(StationError::Refused)?;
        let request = ShownRequest {
            bytes,
            profile,
            issued_at: now,
            expires_at: now + REQUEST_LIFETIME_SECONDS + CLOCK_SKEW_SECONDS,
        };
        self.request = Some(request.clone());
        Ok((request, expired))
    }

    /// Checks a scanned answer (raw QR bytes, or text a scanner typed, already turned to bytes)
    /// and puts the result on screen. Every check is logged without personal data.
    pub fn check_answer(&mut self, scanned: &[u8]) -> Result<(), StationError> {
        let now = self.now();
        let asked = self.request.as_ref().map(|r| r.profile);
        let outcome = if !self.lists_usable() {
            Err(None)
        } else {
            let desk = self.desk.as_mut().ok_or(StationError::NotReady)?;
            desk.verify_answer(scanned, now).map_err(Some)
        };
        let result = match outcome {
            Ok(accepted) => {
                // The answer used up the request on screen: the next citizen gets a new one.
                if asked == Some(accepted.profile) {
                    self.request = None;
                }
                ShownResult {
                    accepted: true,
                    code: "accepted",
                    reason: None,
                    profile: Some(accepted.profile),
                    at: now,
                    fields: accepted
                        .fields
                        .into_iter()
                        .map(|f| ShownField {
                            label_id: f.label_id,
                            label_en: f.label_en,
                            value: Zeroizing::new(f.value),
                        })
                        .collect(),
                }
            }
            Err(refusal) => ShownResult {
                accepted: false,
                code: refusal.map_or("lists_too_old", VerifyError::code),
                reason: Some(refusal.map_or(texts::LISTS_TOO_OLD, |e| Text {
                    id: e.reason_id(),
                    en: e.reason_en(),
                })),
                profile: asked,
                at: now,
                fields: Vec::new(),
            },
        };
        self.store.log(&LogEntry {
            at: now,
            profile: result.profile.map(DocType::code),
            accepted: result.accepted,
            reason: result.code.to_string(),
        })?;
        self.result = Some(result);
        Ok(())
    }

    /// The result on screen, if any.
    pub fn result(&self) -> Option<&ShownResult> {
        self.result.as_ref()
    }

    /// Drops the result on screen (a refusal, before scanning again); the request stays.
    pub fn clear_result(&mut self) {
        self.result = None;
    }

    /// "Warga berikutnya": forgets the result (its values are wiped) and the request.
    pub fn next_citizen(&mut self) {
        self.result = None;
        self.request = None;
    }
}
