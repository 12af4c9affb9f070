//! The desk asks first, through the app flow: from a document, "show at a desk" reads the desk's
//! request (camera or pasted text), the consent screen names who asks and exactly what would be
//! shared, and the answer QR is for that desk only. Against the real issuer on loopback, a real
//! `ikd_verifier` desk certified by the issuer's verifier authority, and the real core.

#![allow(clippy::unwrap_used, clippy::panic)] // test code: a failed unwrap is a failed test

mod common;

use common::desk::*;
use common::*;
use ed25519_dalek::SigningKey;
use ikd_app::{
    AppEvent, AppView, BannerTone, CameraProblem, ConsentScreen, DocumentKind, DocumentScreen,
    Screen,
};
use ikd_core::{Clock, Language};
use ikd_protocol::base45;
use ikd_protocol::desk::request::{DeskCard, DeskRequest};
use ikd_protocol::desk::revocation::DeskRevocationList;
use ikd_protocol::profile::DocType;
use ikd_verifier::VerifyError;

fn consent(view: &AppView) -> &ConsentScreen {
    match &view.screen {
        Screen::Consent(consent) => consent,
        other => panic!("not consent: {other:#?}"),
    }
}

fn refused_on_the_scan_screen(view: &AppView) -> String {
    assert!(matches!(view.screen, Screen::DeskScan(_)), "{view:#?}");
    let banner = view.banner.as_ref().unwrap();
    assert_eq!(banner.tone, BannerTone::Error);
    banner.text.clone()
}

#[test]
fn a_desk_request_shows_who_asks_and_which_fields_then_the_answer_is_accepted_once() {
    let office = office();
    let (phone, app) = activated(&office);
    let dir = tempfile::tempdir().unwrap();
    let mut desk = bank_desk(&office, dir.path());
    let request = desk.new_request(DocType::KtpBasic, T0).unwrap();

    let view = desk_scan(&app, DocumentKind::Ktp);
    assert_eq!(view.title, "Pindai QR loket");
    assert!(view.back.is_some());
    phone.clock.advance(5);
    let view = scan(&app, &request);
    assert!(view.scanner.is_none());
    let screen = consent(&view);
    assert_eq!(view.title, "Permintaan data");
    assert_eq!(screen.institution, "BANK CONTOH");
    assert_eq!(screen.desk, "LOKET 1 · Keuangan");
    assert!(
        screen.question.starts_with("BANK CONTOH meminta"),
        "{}",
        screen.question
    );
    assert_eq!(screen.profile, DocType::KtpBasic);
    let labels: Vec<&str> = screen.fields.iter().map(|f| f.label.as_str()).collect();
    assert_eq!(labels, ["NIK", "Nama", "Tanggal lahir"]);
    assert!(screen.fields.iter().any(|f| f.value == NIK));
    assert_eq!(
        screen.expires.as_deref(),
        Some("Permintaan berlaku 2 menit lagi"),
        "115 s left, rounded up to whole minutes"
    );
    assert!(screen.warning.is_none() && screen.printed_card_note.is_none());
    assert!(screen.share.enabled && screen.decline.enabled);
    assert!(
        !view.full_brightness,
        "nothing is shown to the desk before consent"
    );
    assert_eq!(view.next_tick_at, Some(T0 + 6), "the expiry counts down");

    let view = app.dispatch(AppEvent::Share);
    let Screen::Answer(answer) = &view.screen else {
        panic!("{view:#?}")
    };
    assert_eq!(answer.desk, "Untuk: BANK CONTOH, LOKET 1");
    assert!(view.full_brightness && view.keep_screen_on);
    assert_eq!(view.next_tick_at, Some(T0 + 6));
    assert_eq!(answer.countdown, "QR berlaku 2 menit lagi");
    let matrix = answer.matrix.clone().unwrap();
    assert_eq!(matrix.modules.len(), (matrix.size * matrix.size) as usize);

    // The desk reads the QR the app drew, from its picture.
    let png = ikd_protocol::qr::QrMatrix {
        version: 0,
        size: matrix.size as usize,
        modules: matrix.modules.clone(),
    }
    .to_png(6);
    let accepted = desk.verify_answer_image(&png, T0 + 8).unwrap();
    assert_eq!(accepted.profile, DocType::KtpBasic);
    assert_eq!(
        desk.verify_answer_image(&png, T0 + 9).unwrap_err(),
        VerifyError::Replayed
    );

    let view = app.dispatch(AppEvent::Back);
    assert!(matches!(view.screen, Screen::Document(_)), "{view:#?}");
    assert!(!view.full_brightness && !view.keep_screen_on);
}

#[test]
fn the_answer_hides_during_a_screen_recording_and_goes_back_to_the_document_at_its_expiry() {
    let office = office();
    let (phone, app) = activated(&office);
    let dir = tempfile::tempdir().unwrap();
    let mut desk = bank_desk(&office, dir.path());
    let request = desk.new_request(DocType::AgeOver17, T0).unwrap();
    desk_scan(&app, DocumentKind::Ktp);
    scan(&app, &request);
    let view = app.dispatch(AppEvent::Share);
    assert!(matches!(view.screen, Screen::Answer(_)));
    let view = app.dispatch(AppEvent::ScreenCaptureChanged { captured: true });
    let Screen::Answer(answer) = &view.screen else {
        panic!()
    };
    assert!(view.hide_content && answer.matrix.is_none() && !view.full_brightness);
    app.dispatch(AppEvent::ScreenCaptureChanged { captured: false });
    let view = app.dispatch(AppEvent::ScreenshotTaken);
    assert_eq!(view.banner.unwrap().tone, BannerTone::Info);
    let mut view = app.view();
    while matches!(view.screen, Screen::Answer(_)) {
        phone.clock.advance(1);
        view = app.tick();
        assert!(phone.clock.now_unix() <= T0 + 121, "{view:#?}");
    }
    assert!(matches!(view.screen, Screen::Document(_)), "{view:#?}");
    assert!(banner(&view).contains("Waktu QR jawaban habis"));
    assert!(!view.full_brightness);
}

#[test]
fn pasted_request_text_in_base45_reaches_the_same_consent_and_decline_shares_nothing() {
    let office = office();
    let (_phone, app) = activated(&office);
    let dir = tempfile::tempdir().unwrap();
    let mut desk = bank_desk(&office, dir.path());
    let card = desk.card(DocType::KtpBasic, T0).unwrap();
    desk_scan(&app, DocumentKind::Ktp);
    let view = app.dispatch(AppEvent::TextChanged {
        text: base45::encode(&card),
    });
    let Screen::DeskScan(screen) = &view.screen else {
        panic!()
    };
    assert!(screen.next.enabled);
    let view = app.dispatch(AppEvent::Submit);
    let screen = consent(&view);
    assert!(screen.printed_card_note.is_some() && screen.expires.is_none());
    assert_eq!(view.next_tick_at, Some(T0 + 120), "only the idle lock");
    let view = app.dispatch(AppEvent::Decline);
    assert!(
        matches!(view.screen, Screen::Document(DocumentScreen { .. })),
        "{view:#?}"
    );
    assert_eq!(banner(&view), "Tidak ada data yang dibagikan.");
    // Back on the consent screen is a decline too.
    app.dispatch(AppEvent::ShowAtDesk);
    app.dispatch(AppEvent::TextChanged {
        text: base45::encode(&card),
    });
    app.dispatch(AppEvent::Submit);
    let view = app.dispatch(AppEvent::Back);
    assert!(matches!(view.screen, Screen::Document(_)));
    assert_eq!(banner(&view), "Tidak ada data yang dibagikan.");
}

#[test]
fn a_scanner_that_gives_a_binary_request_as_text_is_read_the_same() {
    let office = office();
    let (_phone, app) = activated(&office);
    let dir = tempfile::tempdir().unwrap();
    let mut desk = bank_desk(&office, dir.path());
    let request = desk.new_request(DocType::KtpBasic, T0).unwrap();
    desk_scan(&app, DocumentKind::Ktp);
    app.dispatch(AppEvent::OpenScanner);
    // ZXing without an ECI: each byte of a byte-mode QR as one character U+0000-U+00FF.
    let text: String = request.iter().map(|&b| char::from(b)).collect();
    let view = app.dispatch(AppEvent::Scanned { text });
    assert_eq!(consent(&view).institution, "BANK CONTOH");
}

/// The data codewords and version a camera reads from the QR the desk draws for `payload`
/// (byte mode, ECC M, the smallest version), made by the `qrcode` crate.
fn codewords_of(payload: &[u8]) -> (u8, Vec<u8>) {
    use qrcode::bits::Bits;
    use qrcode::{EcLevel, Version};
    for version in 1..=40i16 {
        let mut bits = Bits::new(Version::Normal(version));
        if bits.push_byte_data(payload).is_ok() && bits.push_terminator(EcLevel::M).is_ok() {
            return (version as u8, bits.into_bytes());
        }
    }
    panic!("too large for a QR")
}

#[test]
fn a_camera_that_gives_the_qrs_codewords_as_ios_does_reaches_the_same_consent() {
    let office = office();
    let (_phone, app) = activated(&office);
    let dir = tempfile::tempdir().unwrap();
    let mut desk = bank_desk(&office, dir.path());
    let request = desk.new_request(DocType::KtpBasic, T0).unwrap();
    desk_scan(&app, DocumentKind::Ktp);
    app.dispatch(AppEvent::OpenScanner);
    let (version, codewords) = codewords_of(&request);
    let view = app.dispatch(AppEvent::ScannedCodewords { version, codewords });
    assert_eq!(consent(&view).institution, "BANK CONTOH");
}

#[test]
fn codewords_that_hold_no_request_are_refused_on_the_scan_screen() {
    let office = office();
    let (_phone, app) = activated(&office);
    desk_scan(&app, DocumentKind::Ktp);
    app.dispatch(AppEvent::OpenScanner);
    // A byte segment longer than its codewords.
    let (version, mut codewords) = codewords_of(&[0x86; 200]);
    codewords.truncate(40);
    let view = app.dispatch(AppEvent::ScannedCodewords { version, codewords });
    let text = refused_on_the_scan_screen(&view);
    assert!(text.contains("bukan QR permintaan loket IKD"), "{text}");
    assert!(view.scanner.is_none());
}

#[test]
fn a_denied_or_missing_camera_closes_the_scanner_and_says_to_paste_the_text() {
    let office = office();
    let (_phone, app) = activated(&office);
    desk_scan(&app, DocumentKind::Ktp);
    for (problem, words) in [
        (CameraProblem::Denied, "Izinkan kamera"),
        (CameraProblem::Missing, "Tutup aplikasi lain"),
    ] {
        assert!(app.dispatch(AppEvent::OpenScanner).scanner.is_some());
        let view = app.dispatch(AppEvent::CameraUnavailable { problem });
        assert!(view.scanner.is_none(), "{view:#?}");
        assert!(matches!(view.screen, Screen::DeskScan(_)));
        let text = banner(&view);
        assert!(
            text.contains(words) && text.contains("tempel teks"),
            "{text}"
        );
    }
    // With no scanner open, a late report changes nothing.
    let before = app.dispatch(AppEvent::DismissBanner);
    let after = app.dispatch(AppEvent::CameraUnavailable {
        problem: CameraProblem::Denied,
    });
    assert_eq!(before.banner, after.banner);
}

#[test]
fn a_desk_the_trust_root_does_not_certify_is_refused_with_nothing_shared() {
    let office = office();
    let (_phone, app) = activated(&office);
    let stranger = SigningKey::from_bytes(&[0x66; 32]);
    let forged = DeskRequest::Card(DeskCard {
        certificate: certificate(&office, &[DocType::KtpBasic], Some(&stranger)),
        profile: DocType::KtpBasic,
    });
    desk_scan(&app, DocumentKind::Ktp);
    let text = refused_on_the_scan_screen(&scan(&app, &forged.encode()));
    assert!(text.contains("tidak terdaftar"), "{text}");
}

#[test]
fn a_revoked_desk_is_refused() {
    let office = office();
    let (phone, app) = activated(&office);
    drop(app);
    // The authority's signed list of revoked desks, kept by the core.
    let authority = ikd_issuer::routes::verifier_authority_key(office.data.path()).unwrap();
    let revoked = certificate(&office, &[DocType::KtpBasic], None);
    let list = DeskRevocationList {
        authority: revoked.body.authority,
        sequence: 1,
        issued_at: T0,
        revoked: vec![revoked.body.desk_key_id()],
    }
    .sign(&authority);
    {
        let wallet = ikd_core::Wallet::open(
            &phone.wallet_dir,
            std::sync::Arc::new(ikd_core::SoftwareKeystore::new(&phone.keystore_dir).unwrap()),
            phone.clock.clone(),
            ikd_core::WalletConfig {
                kdf: ikd_core::KdfPolicy::Fixed(ikd_core::pin::kdf::KdfParams::MINIMUM),
            },
        )
        .unwrap();
        let session = wallet.unlock(&PIN.into()).unwrap();
        session.store_desk_revocations(&list, T0).unwrap();
    }
    let app = phone.app();
    type_pin(&app, PIN);
    let card = DeskRequest::Card(DeskCard {
        certificate: revoked,
        profile: DocType::KtpBasic,
    });
    desk_scan(&app, DocumentKind::Ktp);
    let text = refused_on_the_scan_screen(&scan(&app, &card.encode()));
    assert!(text.contains("dicabut"), "{text}");
}

#[test]
fn an_expired_request_is_refused_and_a_consent_left_open_past_the_expiry_goes_back() {
    let office = office();
    let (phone, app) = activated(&office);
    let dir = tempfile::tempdir().unwrap();
    let mut desk = bank_desk(&office, dir.path());
    let stale = desk.new_request(DocType::KtpBasic, T0).unwrap();
    // Keep the wallet open past the request's lifetime (each tick is no activity, a tap is).
    desk_scan(&app, DocumentKind::Ktp);
    for _ in 0..4 {
        phone.clock.advance(40);
        app.dispatch(AppEvent::UserActivity);
    }
    let text = refused_on_the_scan_screen(&scan(&app, &stale));
    assert!(text.contains("kedaluwarsa"), "{text}");

    let fresh = desk
        .new_request(DocType::KtpBasic, phone.clock.now_unix())
        .unwrap();
    assert!(matches!(scan(&app, &fresh).screen, Screen::Consent(_)));
    let mut view = app.view();
    while matches!(view.screen, Screen::Consent(_)) {
        phone.clock.advance(10);
        app.dispatch(AppEvent::UserActivity);
        view = app.tick();
    }
    let text = refused_on_the_scan_screen(&view);
    assert!(text.contains("kedaluwarsa"), "{text}");
}

#[test]
fn a_desk_asking_beyond_its_allowance_is_named_warned_about_and_cannot_be_shared() {
    let office = office();
    let (_phone, app) = activated(&office);
    let greedy = DeskRequest::Card(DeskCard {
        certificate: certificate(&office, &[DocType::AgeOver17], None),
        profile: DocType::KtpFull,
    });
    desk_scan(&app, DocumentKind::Ktp);
    let view = scan(&app, &greedy.encode());
    let screen = consent(&view);
    assert_eq!(screen.institution, "BANK CONTOH");
    assert!(!screen.share.enabled);
    assert!(screen.warning.as_ref().unwrap().contains("Jangan bagikan"));
    let view = app.dispatch(AppEvent::Share);
    assert!(
        matches!(view.screen, Screen::Consent(_)),
        "share does nothing"
    );
    assert!(!view.full_brightness);
}

#[test]
fn a_request_for_another_document_is_refused_and_names_it() {
    let office = office();
    let (_phone, app) = activated(&office);
    let card = DeskRequest::Card(DeskCard {
        certificate: certificate(&office, &[DocType::Bpjs], None),
        profile: DocType::Bpjs,
    });
    desk_scan(&app, DocumentKind::Ktp);
    let text = refused_on_the_scan_screen(&scan(&app, &card.encode()));
    assert!(
        text.contains("BPJS") && text.contains("bukan dokumen"),
        "{text}"
    );
    // From the BPJS card the same request is answered.
    app.dispatch(AppEvent::Back);
    app.dispatch(AppEvent::Back);
    desk_scan(&app, DocumentKind::Bpjs);
    assert!(matches!(
        scan(&app, &card.encode()).screen,
        Screen::Consent(_)
    ));
}

#[test]
fn an_activation_qr_or_garbage_is_not_a_desk_request_and_english_says_so_in_english() {
    let office = office();
    let (qr, _) = office.enroll(NIK);
    let (_phone, app) = activated(&office);
    app.dispatch(AppEvent::OpenSettings);
    app.dispatch(AppEvent::ChooseLanguage {
        language: Language::English,
    });
    app.dispatch(AppEvent::Back);
    desk_scan(&app, DocumentKind::Ktp);
    app.dispatch(AppEvent::OpenScanner);
    let view = app.dispatch(AppEvent::Scanned { text: qr });
    let text = refused_on_the_scan_screen(&view);
    assert_eq!(
        text,
        "This is not an IKD desk request. Scan the QR the desk shows."
    );
    app.dispatch(AppEvent::TextChanged {
        text: "%%% not base45 %%%".into(),
    });
    let text = refused_on_the_scan_screen(&app.dispatch(AppEvent::Submit));
    assert!(text.contains("not an IKD desk request"));
}

#[test]
fn a_lock_on_the_consent_screen_forgets_the_request() {
    let office = office();
    let (_phone, app) = activated(&office);
    let dir = tempfile::tempdir().unwrap();
    let mut desk = bank_desk(&office, dir.path());
    let request = desk.new_request(DocType::KtpBasic, T0).unwrap();
    desk_scan(&app, DocumentKind::Ktp);
    scan(&app, &request);
    let view = app.dispatch(AppEvent::WentToBackground);
    assert!(view.hide_content);
    app.dispatch(AppEvent::CameToForeground);
    let view = type_pin(&app, PIN);
    assert!(matches!(view.screen, Screen::Home(_)), "{view:#?}");
    assert!(matches!(
        app.dispatch(AppEvent::Share).screen,
        Screen::Home(_)
    ));
}
