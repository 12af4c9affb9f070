//! The app flow's types (`ikd-app`), exposed as they are: each declaration here restates a type
//! of `ikd-app` (or of the core and protocol it uses) field for field, and uniffi generates the
//! Kotlin and Swift for it. The compiler checks every declaration against the real type, so the
//! two cannot drift; there is no conversion code to keep in step. The meaning of each field is
//! documented on the `ikd-app` type and in `docs/bindings.md`.

pub use ikd_app::{
    ActionButton, ActivationScreen, ActivationStep, AnswerScreen, AppEffect, AppEvent, AppView,
    Banner, BannerTone, CameraProblem, ChangePinScreen, ChangePinStep, Choice,
    ConfirmClearHistoryScreen, ConfirmResetScreen, ConsentScreen, DeskScanScreen, DocumentCard,
    DocumentKind, DocumentScreen, FailedScreen, FieldLine, HistoryRow, HistoryScreen, HomeScreen,
    Keyboard, LanguageScreen, MemberRow, MemberTable, NotificationKind, PinPadView, QrMatrix,
    ReactivationScreen, ReminderNotification, ScannerView, Screen, SettingsScreen, SlowTask,
    TaskKind, TextInput, Toggle, UnlockScreen,
};
/// The language of every text: Bahasa Indonesia (the default) or English.
pub use ikd_core::Language as AppLanguage;
/// A document and disclosure profile (what a credential, and so a QR, carries).
pub use ikd_protocol::profile::DocType as DocumentProfile;

#[uniffi::remote(Enum)]
enum AppLanguage {
    Indonesian,
    English,
}

#[uniffi::remote(Enum)]
enum DocumentProfile {
    KtpFull,
    KtpBasic,
    AgeOver17,
    FamilyCard,
    FamilyCardBasic,
    Vaccine,
    Bpjs,
}

#[uniffi::remote(Enum)]
enum DocumentKind {
    Ktp,
    FamilyCard,
    Vaccine,
    Bpjs,
}

#[uniffi::remote(Enum)]
enum CameraProblem {
    Denied,
    Missing,
}

#[uniffi::remote(Enum)]
enum AppEvent {
    TimeZoneChanged { utc_offset_seconds: i32 },
    NetworkChanged { unmetered: bool },
    WentToBackground,
    CameToForeground,
    Covered,
    ScreenCaptureChanged { captured: bool },
    ScreenshotTaken,
    UserActivity,
    Back,
    DismissBanner,
    ChooseLanguage { language: AppLanguage },
    Digit { digit: u8 },
    Erase,
    UnlockWithBiometric,
    TextChanged { text: String },
    Submit,
    OpenScanner,
    Scanned { text: String },
    ScannedBytes { bytes: Vec<u8> },
    ScannedCodewords { version: u8, codewords: Vec<u8> },
    CameraUnavailable { problem: CameraProblem },
    ScannerClosed,
    OpenDocument { kind: DocumentKind },
    ShowAtDesk,
    Share,
    Decline,
    OpenSettings,
    LockNow,
    OpenHistory,
    DeleteHistoryEntry { id: i64 },
    ClearHistory,
    ConfirmClearHistory,
    SetAutoLock { seconds: u32 },
    SetBiometric { on: bool },
    StartChangePin,
    RefreshDocuments,
    ResetWallet,
    ConfirmReset,
    ActivateAgain,
    Retry,
}

#[uniffi::remote(Enum)]
enum TaskKind {
    Unlock,
    Activate,
    ChangePin,
    RefreshDocuments,
    BiometricUnlock,
    EnableBiometric,
}

#[uniffi::remote(Record)]
struct SlowTask {
    id: u64,
    kind: TaskKind,
}

#[uniffi::remote(Enum)]
enum NotificationKind {
    PinWaitOver,
}

#[uniffi::remote(Enum)]
enum AppEffect {
    RunTask {
        task: SlowTask,
    },
    Announce {
        text: String,
    },
    ScheduleNotification {
        kind: NotificationKind,
        at: i64,
        title: String,
        body: String,
    },
    ScheduleReminders {
        reminders: Vec<ReminderNotification>,
    },
    RequestNotificationPermission,
    CancelNotification {
        kind: NotificationKind,
    },
}

#[uniffi::remote(Record)]
struct ReminderNotification {
    at: i64,
    title: String,
    body: String,
}

#[uniffi::remote(Record)]
struct AppView {
    revision: u64,
    language: AppLanguage,
    title: String,
    screen: Screen,
    banner: Option<Banner>,
    busy: Option<String>,
    back: Option<ActionButton>,
    scanner: Option<ScannerView>,
    hide_content: bool,
    full_brightness: bool,
    keep_screen_on: bool,
    next_tick_at: Option<i64>,
    effects: Vec<AppEffect>,
}

#[uniffi::remote(Record)]
struct ActionButton {
    label: String,
    accessibility_label: String,
    enabled: bool,
    event: AppEvent,
}

#[uniffi::remote(Record)]
struct Choice {
    label: String,
    selected: bool,
    event: AppEvent,
}

#[uniffi::remote(Enum)]
enum BannerTone {
    Error,
    Info,
}

#[uniffi::remote(Record)]
struct Banner {
    tone: BannerTone,
    text: String,
    dismiss: ActionButton,
}

#[uniffi::remote(Record)]
struct ScannerView {
    prompt: String,
    cancel: ActionButton,
}

#[uniffi::remote(Enum)]
enum Keyboard {
    Digits,
    Code,
    Text,
}

#[uniffi::remote(Record)]
struct TextInput {
    label: String,
    placeholder: String,
    value: String,
    keyboard: Keyboard,
    max_length: u32,
    error: Option<String>,
    accessibility_label: String,
}

#[uniffi::remote(Record)]
struct PinPadView {
    prompt: String,
    filled: u32,
    length: u32,
    enabled: bool,
    accessibility_label: String,
    erase_label: String,
}

#[uniffi::remote(Enum)]
enum Screen {
    ChooseLanguage(LanguageScreen),
    Activation(ActivationScreen),
    Unlock(UnlockScreen),
    Home(HomeScreen),
    Document(DocumentScreen),
    DeskScan(DeskScanScreen),
    Consent(ConsentScreen),
    Answer(AnswerScreen),
    ChangePin(ChangePinScreen),
    Settings(SettingsScreen),
    ConfirmReset(ConfirmResetScreen),
    History(HistoryScreen),
    ConfirmClearHistory(ConfirmClearHistoryScreen),
    Reactivation(ReactivationScreen),
    Failed(FailedScreen),
}

#[uniffi::remote(Record)]
struct LanguageScreen {
    prompt: String,
    choices: Vec<Choice>,
}

#[uniffi::remote(Enum)]
enum ActivationStep {
    ScanQr,
    Nik,
    Code,
    NewPin,
    ConfirmPin,
}

#[uniffi::remote(Record)]
struct ActivationScreen {
    step: ActivationStep,
    progress: String,
    instructions: String,
    server: Option<String>,
    input: Option<TextInput>,
    pad: Option<PinPadView>,
    scan: Option<ActionButton>,
    next: Option<ActionButton>,
}

#[uniffi::remote(Record)]
struct UnlockScreen {
    pad: PinPadView,
    tries_left: String,
    wait: Option<String>,
    biometric: Option<ActionButton>,
}

#[uniffi::remote(Record)]
struct DocumentCard {
    kind: DocumentKind,
    title: String,
    subtitle: String,
    valid_until: Option<String>,
    open: ActionButton,
}

#[uniffi::remote(Record)]
struct HomeScreen {
    greeting: String,
    cards: Vec<DocumentCard>,
    settings: ActionButton,
    history: ActionButton,
    lock: ActionButton,
}

#[uniffi::remote(Record)]
struct FieldLine {
    label: String,
    value: String,
}

#[uniffi::remote(Record)]
struct MemberTable {
    caption: String,
    columns: Vec<String>,
    rows: Vec<MemberRow>,
}

#[uniffi::remote(Record)]
struct MemberRow {
    cells: Vec<String>,
    accessibility_label: String,
}

#[uniffi::remote(Record)]
struct DocumentScreen {
    kind: DocumentKind,
    holder_name: String,
    valid_until: Option<String>,
    fields: Vec<FieldLine>,
    members: Option<MemberTable>,
    show_at_desk: ActionButton,
    show_at_desk_hint: String,
}

#[uniffi::remote(Record)]
struct QrMatrix {
    size: u32,
    modules: Vec<bool>,
}

#[uniffi::remote(Record)]
struct DeskScanScreen {
    kind: DocumentKind,
    instructions: String,
    scan: ActionButton,
    input: TextInput,
    next: ActionButton,
}

#[uniffi::remote(Record)]
struct ConsentScreen {
    kind: DocumentKind,
    profile: DocumentProfile,
    question: String,
    who_heading: String,
    institution: String,
    desk: String,
    expires: Option<String>,
    printed_card_note: Option<String>,
    warning: Option<String>,
    fields_heading: String,
    fields: Vec<FieldLine>,
    share: ActionButton,
    decline: ActionButton,
}

#[uniffi::remote(Record)]
struct AnswerScreen {
    kind: DocumentKind,
    profile: DocumentProfile,
    profile_label: String,
    desk: String,
    matrix: Option<QrMatrix>,
    countdown: String,
    accessibility_label: String,
    hint: String,
    done: ActionButton,
}

#[uniffi::remote(Enum)]
enum ChangePinStep {
    CurrentPin,
    NewPin,
    ConfirmPin,
}

#[uniffi::remote(Record)]
struct ChangePinScreen {
    step: ChangePinStep,
    progress: String,
    pad: PinPadView,
}

#[uniffi::remote(Record)]
struct SettingsScreen {
    language_heading: String,
    languages: Vec<Choice>,
    auto_lock_heading: String,
    auto_lock: Vec<Choice>,
    biometric: Option<Toggle>,
    change_pin: ActionButton,
    refresh: ActionButton,
    reset: ActionButton,
}

#[uniffi::remote(Record)]
struct ConfirmResetScreen {
    text: String,
    confirm: ActionButton,
    cancel: ActionButton,
}

#[uniffi::remote(Record)]
struct ReactivationScreen {
    text: String,
    activate: ActionButton,
}

#[uniffi::remote(Record)]
struct FailedScreen {
    text: String,
    retry: ActionButton,
}

#[uniffi::remote(Record)]
struct HistoryRow {
    when: String,
    institution: String,
    desk: String,
    profile_label: String,
    fields: Vec<String>,
    printed_card_note: Option<String>,
    accessibility_label: String,
    delete: ActionButton,
}

#[uniffi::remote(Record)]
struct HistoryScreen {
    entries: Vec<HistoryRow>,
    empty: Option<String>,
    clear_all: Option<ActionButton>,
}

#[uniffi::remote(Record)]
struct ConfirmClearHistoryScreen {
    text: String,
    confirm: ActionButton,
    cancel: ActionButton,
}

#[uniffi::remote(Record)]
struct Toggle {
    label: String,
    on: bool,
    enabled: bool,
    event: AppEvent,
}
