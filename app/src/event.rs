//! What the shell tells the app: a tap, a typed digit, scanned text, a platform change. Each
//! event is applied by [`crate::App::dispatch`]; an event that means nothing on the current
//! screen (a digit while no PIN pad is shown, a second tap while a task runs) is ignored.

use ikd_core::Language;
use ikd_protocol::profile::DocType;

/// Why the camera scanner cannot read a QR.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CameraProblem {
    /// The citizen (or the phone's owner) has not allowed the app to use the camera.
    Denied,
    /// The phone has no camera the app can open (none, or in use by another app).
    Missing,
}

/// One of the four documents, one card each on the home screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DocumentKind {
    /// The KTP (identity card).
    Ktp,
    /// The KK (family card), shown as a table of its members.
    FamilyCard,
    /// The vaccine certificate.
    Vaccine,
    /// The BPJS Kesehatan card.
    Bpjs,
}

impl DocumentKind {
    /// The four documents, in the order of the home screen.
    pub const ALL: [DocumentKind; 4] = [
        DocumentKind::Ktp,
        DocumentKind::FamilyCard,
        DocumentKind::Vaccine,
        DocumentKind::Bpjs,
    ];

    /// The profile whose fields the document screen shows (the fullest one).
    pub fn full_profile(self) -> DocType {
        match self {
            DocumentKind::Ktp => DocType::KtpFull,
            DocumentKind::FamilyCard => DocType::FamilyCard,
            DocumentKind::Vaccine => DocType::Vaccine,
            DocumentKind::Bpjs => DocType::Bpjs,
        }
    }

    /// The document a profile belongs to.
    pub fn of_profile(profile: DocType) -> DocumentKind {
        match profile {
            DocType::KtpFull | DocType::KtpBasic | DocType::AgeOver17 => DocumentKind::Ktp,
            DocType::FamilyCard | DocType::FamilyCardBasic => DocumentKind::FamilyCard,
            DocType::Vaccine => DocumentKind::Vaccine,
            DocType::Bpjs => DocumentKind::Bpjs,
        }
    }
}

/// Something the citizen or the platform did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AppEvent {
    // --- The platform ---
    /// The phone's time zone, at start and whenever it changes: the history's times and the
    /// reminders' 09:00 are in local time (WIB +25200, WITA +28800, WIT +32400).
    TimeZoneChanged {
        /// Seconds east of UTC.
        utc_offset_seconds: i32,
    },
    /// The network changed (at start and whenever it changes): on an unmetered one (Wi-Fi),
    /// documents near their expiry are refreshed quietly, costing the citizen no data quota.
    NetworkChanged {
        /// Whether the network is unmetered (Android `NET_CAPABILITY_NOT_METERED`, iOS
        /// `!NWPath.isExpensive && !isConstrained`); `false` when offline.
        unmetered: bool,
    },
    /// The app went to the background (Android `onStop`, iOS `didEnterBackground`): the wallet
    /// locks at once.
    WentToBackground,
    /// The app is visible and active again (Android `onStart`, iOS `didBecomeActive`).
    CameToForeground,
    /// The app is about to be covered (iOS `willResignActive`: the app switcher takes its
    /// snapshot now). The view hides its content until [`AppEvent::CameToForeground`].
    Covered,
    /// The screen started or stopped being recorded, mirrored or shared (iOS
    /// `UIScreen.isCaptured`). While captured the view hides documents and QR codes.
    ScreenCaptureChanged {
        /// Whether the screen is being captured now.
        captured: bool,
    },
    /// A screenshot was taken (iOS). A QR on screen is replaced at once and a warning shown.
    ScreenshotTaken,
    /// A scroll or any touch that is not one of the events below: postpones the auto-lock.
    UserActivity,

    // --- Anywhere ---
    /// The system back gesture or the back arrow (does what `AppView.back` says; ignored when
    /// `AppView.back` is absent).
    Back,
    /// The citizen closed the banner.
    DismissBanner,
    /// A language was chosen (first start, or settings).
    ChooseLanguage {
        /// The language of every text from now on.
        language: Language,
    },

    // --- PIN pad ---
    /// A digit key (0-9) on the PIN pad.
    Digit {
        /// The digit, 0-9 (anything else is ignored).
        digit: u8,
    },
    /// The erase key on the PIN pad.
    Erase,
    /// "Pakai sidik jari" / "Use fingerprint" on the unlock screen.
    UnlockWithBiometric,

    // --- Text fields and the main button ---
    /// The text of the screen's one text field changed (the shell sends the whole new text).
    TextChanged {
        /// The field's whole text.
        text: String,
    },
    /// The screen's main button ("Lanjut" / "Continue"), or the keyboard's done key.
    Submit,

    // --- Scanning (the officer's activation QR, the desk's request) ---
    /// "Scan the officer's QR" or "Scan the desk's QR": the view opens the camera scanner.
    OpenScanner,
    /// The camera scanner read a QR code, as text. A desk request is binary (byte mode): a
    /// scanner that gives text for it (ZXing, without an ECI) gives each byte as one character
    /// U+0000-U+00FF, which the app turns back into those bytes.
    Scanned {
        /// The QR's text, as decoded.
        text: String,
    },
    /// The camera scanner read a QR code and gives its bytes (the byte-mode segments), for
    /// scanners that can.
    ScannedBytes {
        /// The QR's bytes.
        bytes: Vec<u8>,
    },
    /// The camera scanner read a QR code and gives its data codewords (after error
    /// correction) and version, as iOS does (`CIQRCodeDescriptor.errorCorrectedPayload`); the
    /// app reads the payload from them.
    ScannedCodewords {
        /// The QR's version, 1-40.
        version: u8,
        /// The QR's data codewords.
        codewords: Vec<u8>,
    },
    /// The scanner cannot use the camera: the view closes it and says what to do instead.
    CameraUnavailable {
        /// What is wrong with the camera.
        problem: CameraProblem,
    },
    /// The scanner was closed without a result (cancel button, back).
    ScannerClosed,

    // --- Home and documents ---
    /// A document card on the home screen.
    OpenDocument {
        /// Which document.
        kind: DocumentKind,
    },
    /// "Show at a desk" on a document screen: reads the desk's request next.
    ShowAtDesk,
    /// "Share" on the consent screen: the answer QR for that desk.
    Share,
    /// "Decline" on the consent screen: nothing is shared.
    Decline,
    /// The settings button on the home screen.
    OpenSettings,
    /// The lock button: the keys leave memory now.
    LockNow,

    /// "Riwayat" / "History" on the home screen.
    OpenHistory,

    // --- History ---
    /// "Delete" on one history entry.
    DeleteHistoryEntry {
        /// The entry's id, from its button.
        id: i64,
    },
    /// "Delete all history": asks for confirmation first.
    ClearHistory,
    /// The confirmation of [`AppEvent::ClearHistory`]: every entry is deleted.
    ConfirmClearHistory,

    // --- Settings ---
    /// An auto-lock choice in settings.
    SetAutoLock {
        /// One of the offered choices, in seconds.
        seconds: u32,
    },
    /// The biometric unlock switch in settings.
    SetBiometric {
        /// On or off.
        on: bool,
    },
    /// "Change PIN" in settings.
    StartChangePin,
    /// "Update documents" in settings (needs the network).
    RefreshDocuments,
    /// "Remove IKD from this phone" in settings: asks for confirmation first.
    ResetWallet,
    /// The confirmation of [`AppEvent::ResetWallet`]: everything on the phone is deleted.
    ConfirmReset,

    // --- Re-activation and failure ---
    /// "Activate again" on the re-activation screen.
    ActivateAgain,
    /// "Try again" on the failure screen: opens the wallet again.
    Retry,
}
