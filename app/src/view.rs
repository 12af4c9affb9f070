//! What the shell draws: plain data for the current screen. Every text is already in the chosen
//! language; every button says whether it works and which event it sends; the view says when to
//! call `tick()` next. A shell renders the parts that are present and sends the events named in
//! them: it decides nothing about the flow.

use ikd_core::Language;
use ikd_protocol::profile::DocType;

use crate::effect::AppEffect;
use crate::event::{AppEvent, DocumentKind};

/// Everything on screen now, and what to do once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppView {
    /// Rises with every change of the view: a shell may skip drawing a view whose revision it
    /// has drawn already (the effects still count).
    pub revision: u64,
    /// The language of every text in this view.
    pub language: Language,
    /// The screen's title (top bar), in the chosen language.
    pub title: String,
    /// The current screen and its content.
    pub screen: Screen,
    /// A message over the screen (an error and what to do next, or a confirmation).
    pub banner: Option<Banner>,
    /// While present a slow task runs: show a spinner with this text; inputs are disabled (their
    /// `enabled` flags say so too).
    pub busy: Option<String>,
    /// The back arrow / system back: present when back does something here (the shell then
    /// intercepts the back gesture and sends [`AppEvent::Back`]); absent, the system handles back
    /// (it leaves the app).
    pub back: Option<ActionButton>,
    /// The camera scanner is open over the screen while present.
    pub scanner: Option<ScannerView>,
    /// Draw a plain cover instead of the screen (app switcher snapshot, screen recording).
    pub hide_content: bool,
    /// Keep the screen at full brightness (an answer QR is shown).
    pub full_brightness: bool,
    /// Keep the screen from sleeping (an answer QR is shown).
    pub keep_screen_on: bool,
    /// When to call `tick()` next, unix seconds (wall clock); absent: no timer is needed. A
    /// shell keeps one timer and replaces it with every view.
    pub next_tick_at: Option<i64>,
    /// What to do once, in order (each effect is handed out in exactly one view).
    pub effects: Vec<AppEffect>,
}

/// A button: its text, whether it works now, and the event a tap sends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionButton {
    /// The visible label.
    pub label: String,
    /// What a screen reader says (often the label with more context).
    pub accessibility_label: String,
    /// Whether a tap does something now (disabled buttons are drawn greyed).
    pub enabled: bool,
    /// What a tap sends to `dispatch`.
    pub event: AppEvent,
}

/// One option of a list where exactly one is chosen (language, auto-lock).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    /// The visible label.
    pub label: String,
    /// Whether this option is the chosen one (draw a radio mark).
    pub selected: bool,
    /// What a tap sends to `dispatch`.
    pub event: AppEvent,
}

/// A switch: its label, its state, and the event a tap sends (the opposite state).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Toggle {
    /// The visible label.
    pub label: String,
    /// Whether it is on now.
    pub on: bool,
    /// Whether a tap does something now.
    pub enabled: bool,
    /// What a tap sends to `dispatch`.
    pub event: AppEvent,
}

/// How serious a banner is (colour and icon).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BannerTone {
    /// Something failed; the text says what to do next.
    Error,
    /// A confirmation or a warning that needs no action ("PIN changed").
    Info,
}

/// A message over the screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Banner {
    /// Error or information.
    pub tone: BannerTone,
    /// The message, in the chosen language.
    pub text: String,
    /// The close button (sends [`AppEvent::DismissBanner`]).
    pub dismiss: ActionButton,
}

/// The camera scanner over the screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScannerView {
    /// What to point the camera at.
    pub prompt: String,
    /// The cancel button (sends [`AppEvent::ScannerClosed`]).
    pub cancel: ActionButton,
}

/// Which keyboard a text field needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keyboard {
    /// Digits only (NIK).
    Digits,
    /// Letters and digits, upper case (the e-mailed code).
    Code,
    /// Any text (pasted activation QR or desk request text).
    Text,
}

/// A text field. The shell sends the whole text on every change ([`AppEvent::TextChanged`]) and
/// shows `value` back (the app may have cut or cleaned it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextInput {
    /// The label above the field.
    pub label: String,
    /// The grey hint inside the empty field.
    pub placeholder: String,
    /// The text as the app holds it.
    pub value: String,
    /// The keyboard to show.
    pub keyboard: Keyboard,
    /// Longest text accepted (the shell may stop typing there).
    pub max_length: u32,
    /// A problem with the text, shown under the field.
    pub error: Option<String>,
    /// What a screen reader says for the field.
    pub accessibility_label: String,
}

/// The PIN pad: dots and keys. The digits stay in the app; the shell sends
/// [`AppEvent::Digit`] and [`AppEvent::Erase`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PinPadView {
    /// What to type ("Masukkan PIN Anda").
    pub prompt: String,
    /// How many dots are filled.
    pub filled: u32,
    /// How many dots there are (6).
    pub length: u32,
    /// Whether the keys work now (not while a PIN is checked or during a lockout wait).
    pub enabled: bool,
    /// What a screen reader says for the dots ("2 dari 6 angka diisi").
    pub accessibility_label: String,
    /// The erase key's screen-reader label.
    pub erase_label: String,
}

/// The current screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Screen {
    /// First start: the language, before anything else.
    ChooseLanguage(LanguageScreen),
    /// Activation, step by step.
    Activation(ActivationScreen),
    /// The PIN pad that opens the wallet.
    Unlock(UnlockScreen),
    /// The four document cards.
    Home(HomeScreen),
    /// One document, every field (the KK as a member table), and "show at a desk".
    Document(DocumentScreen),
    /// Reading the desk's request QR (camera, or pasted text).
    DeskScan(DeskScanScreen),
    /// Who asks, for exactly which fields: share or decline.
    Consent(ConsentScreen),
    /// The answer QR for that one desk, counting down to its expiry.
    Answer(AnswerScreen),
    /// Changing the PIN, step by step.
    ChangePin(ChangePinScreen),
    /// Language, auto-lock, update documents, change PIN, remove from phone.
    Settings(SettingsScreen),
    /// "Remove IKD from this phone?" with confirm and cancel.
    ConfirmReset(ConfirmResetScreen),
    /// Riwayat: what was shown, when, and to whom, newest first.
    History(HistoryScreen),
    /// "Delete all history?" with confirm and cancel.
    ConfirmClearHistory(ConfirmClearHistoryScreen),
    /// The keys are gone (ten wrong PINs, damaged data, reset): activate again.
    Reactivation(ReactivationScreen),
    /// The wallet cannot be opened (storage failure, data of a newer app version).
    Failed(FailedScreen),
}

/// First start: the language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LanguageScreen {
    /// The question, in both languages ("Pilih bahasa / Choose a language").
    pub prompt: String,
    /// Bahasa Indonesia and English, each labelled in its own language.
    pub choices: Vec<Choice>,
}

/// The steps of activation, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActivationStep {
    /// Scan the officer's QR (camera) or paste its text.
    ScanQr,
    /// Type the NIK.
    Nik,
    /// Type the code from the e-mail.
    Code,
    /// Choose a new PIN.
    NewPin,
    /// The same PIN again (a task activates when it is complete).
    ConfirmPin,
}

/// One activation step. The shell draws, top to bottom, what is present: `progress`,
/// `instructions`, `server`, `input`, `pad`, `scan`, `next`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActivationScreen {
    /// Which step (for the shell's layout choice only).
    pub step: ActivationStep,
    /// "Langkah 2 dari 5" / "Step 2 of 5".
    pub progress: String,
    /// What to do on this step.
    pub instructions: String,
    /// "Server: ikd.dukcapil.go.id", once the officer's QR was read.
    pub server: Option<String>,
    /// The step's text field (pasted QR text, NIK, code).
    pub input: Option<TextInput>,
    /// The PIN pad (new PIN, confirmation).
    pub pad: Option<PinPadView>,
    /// "Scan the officer's QR" (opens the camera).
    pub scan: Option<ActionButton>,
    /// "Continue" (sends [`AppEvent::Submit`]).
    pub next: Option<ActionButton>,
}

/// The PIN pad that opens the wallet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnlockScreen {
    /// The pad (disabled during a wait).
    pub pad: PinPadView,
    /// "Sisa percobaan: 7" / "Tries left: 7".
    pub tries_left: String,
    /// "Coba lagi dalam 45 detik" while a wait runs (counts down with each tick).
    pub wait: Option<String>,
    /// "Pakai sidik jari" / "Use fingerprint" (sends [`AppEvent::UnlockWithBiometric`]):
    /// present when biometric unlock is on and the platform can use it now.
    pub biometric: Option<ActionButton>,
}

/// A card on the home screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentCard {
    /// Which document.
    pub kind: DocumentKind,
    /// "KTP", "Kartu Keluarga"...
    pub title: String,
    /// The holder's name, or "Belum tersedia" when the wallet has no such document yet.
    pub subtitle: String,
    /// "Berlaku sampai 15-01-2028" / "Valid until 15-01-2028" (absent when missing).
    pub valid_until: Option<String>,
    /// Opens the document (disabled when it is missing).
    pub open: ActionButton,
}

/// The home screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HomeScreen {
    /// "Halo, SITI AMINAH".
    pub greeting: String,
    /// KTP, KK, vaccine, BPJS: always four, in that order.
    pub cards: Vec<DocumentCard>,
    /// Opens settings.
    pub settings: ActionButton,
    /// Opens the history (Riwayat).
    pub history: ActionButton,
    /// Locks now.
    pub lock: ActionButton,
}

/// One line of a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldLine {
    /// The label, in the chosen language.
    pub label: String,
    /// The value, as on the paper document.
    pub value: String,
}

/// The KK's members as a table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberTable {
    /// The table's caption ("Anggota keluarga").
    pub caption: String,
    /// The column headings (name, NIK, relation, birth date...).
    pub columns: Vec<String>,
    /// One row per member, cells in the order of `columns`.
    pub rows: Vec<MemberRow>,
}

/// One member of the KK.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberRow {
    /// The cells, in the order of the columns.
    pub cells: Vec<String>,
    /// The whole row as one sentence for a screen reader.
    pub accessibility_label: String,
}

/// One document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentScreen {
    /// Which document.
    pub kind: DocumentKind,
    /// The holder's name.
    pub holder_name: String,
    /// "Berlaku sampai 15-01-2028" / "Valid until 15-01-2028": the credential's last valid day.
    pub valid_until: Option<String>,
    /// The lines, in the order of the paper document (the KK's members are in `members`).
    pub fields: Vec<FieldLine>,
    /// The KK's members (absent for the other documents).
    pub members: Option<MemberTable>,
    /// "Tunjukkan ke petugas" / "Show at a desk": reads the desk's request (sends
    /// [`AppEvent::ShowAtDesk`]). The desk's request names the profile, not the citizen.
    pub show_at_desk: ActionButton,
    /// Under the button: the desk asks first, and the citizen sees who and what.
    pub show_at_desk_hint: String,
}

/// The QR's modules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QrMatrix {
    /// Modules per side.
    pub size: u32,
    /// Row-major modules, `true` = dark (`size * size` entries). Draw with a quiet zone of four
    /// modules, each module a whole number of pixels.
    pub modules: Vec<bool>,
}

/// Reading the desk's request: the camera, or its text pasted. The shell draws, top to bottom,
/// `instructions`, `scan`, `input`, `next`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeskScanScreen {
    /// The document the citizen opened.
    pub kind: DocumentKind,
    /// What to do.
    pub instructions: String,
    /// Opens the camera scanner (sends [`AppEvent::OpenScanner`]).
    pub scan: ActionButton,
    /// The request's text, pasted (a desk that shows its request as text, or a test).
    pub input: TextInput,
    /// Reads the pasted text (sends [`AppEvent::Submit`]).
    pub next: ActionButton,
}

/// What the desk asks for, before anything is shared. Drawn top to bottom: `question`,
/// `who_heading`, `institution`, `desk`, `expires`, `printed_card_note`, `warning`,
/// `fields_heading`, `fields`, then `share` and `decline`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsentScreen {
    /// The document the citizen opened.
    pub kind: DocumentKind,
    /// The profile the desk asks for.
    pub profile: DocType,
    /// "BANK CONTOH meminta KTP (NIK, nama, tanggal lahir)".
    pub question: String,
    /// "Yang meminta" / "Who asks".
    pub who_heading: String,
    /// The institution, from the desk's certificate.
    pub institution: String,
    /// The desk and its sector, from the certificate ("LOKET 1 · Keuangan").
    pub desk: String,
    /// "Permintaan berlaku 1 menit lagi" (counts down with each tick; absent for a printed card).
    pub expires: Option<String>,
    /// Said for a printed desk card (no screen at the desk).
    pub printed_card_note: Option<String>,
    /// The desk asks beyond what its kind of desk may: do not share (then `share` is disabled).
    pub warning: Option<String>,
    /// "Data yang akan dibagikan" / "What will be shared".
    pub fields_heading: String,
    /// Exactly the fields the answer carries, labels in the chosen language, with their values.
    pub fields: Vec<FieldLine>,
    /// Shares (sends [`AppEvent::Share`]); disabled when the desk may not ask for this.
    pub share: ActionButton,
    /// Declines (sends [`AppEvent::Decline`]): nothing is shared.
    pub decline: ActionButton,
}

/// The answer QR, for the one desk that asked, until its expiry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnswerScreen {
    /// The document the citizen opened.
    pub kind: DocumentKind,
    /// The profile shared.
    pub profile: DocType,
    /// What the QR holds ("KTP (NIK, nama, tanggal lahir)").
    pub profile_label: String,
    /// "Untuk: BANK CONTOH, LOKET 1" / "For: BANK CONTOH, LOKET 1".
    pub desk: String,
    /// The code to draw (absent while hidden, e.g. during a screen recording).
    pub matrix: Option<QrMatrix>,
    /// "QR berlaku 1 menit lagi" (counts down with each tick; at zero the document returns).
    pub countdown: String,
    /// What a screen reader says for the code.
    pub accessibility_label: String,
    /// Show it to this desk only; do not photograph or share it.
    pub hint: String,
    /// Back to the document (sends [`AppEvent::Back`]).
    pub done: ActionButton,
}

/// The steps of a PIN change, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangePinStep {
    /// The current PIN.
    CurrentPin,
    /// The new PIN.
    NewPin,
    /// The new PIN again (a task changes it when complete).
    ConfirmPin,
}

/// A PIN change step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangePinScreen {
    /// Which step.
    pub step: ChangePinStep,
    /// "Langkah 1 dari 3" / "Step 1 of 3".
    pub progress: String,
    /// The pad.
    pub pad: PinPadView,
}

/// Settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettingsScreen {
    /// "Bahasa" / "Language".
    pub language_heading: String,
    /// Bahasa Indonesia, English.
    pub languages: Vec<Choice>,
    /// "Kunci otomatis" / "Auto-lock".
    pub auto_lock_heading: String,
    /// 30 s, 1, 2, 5 minutes.
    pub auto_lock: Vec<Choice>,
    /// Biometric unlock on or off: present only when the platform has a sensor with something
    /// enrolled.
    pub biometric: Option<Toggle>,
    /// Starts a PIN change.
    pub change_pin: ActionButton,
    /// Fetches fresh documents (a task).
    pub refresh: ActionButton,
    /// Removes IKD from the phone (asks first).
    pub reset: ActionButton,
}

/// One presentation in the history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryRow {
    /// When, in the phone's local time ("15-01-2027 16.20").
    pub when: String,
    /// The institution, as its desk certificate names it.
    pub institution: String,
    /// The desk and its sector ("LOKET 1 · Keuangan").
    pub desk: String,
    /// The profile shown ("KTP (NIK, nama, tanggal lahir)").
    pub profile_label: String,
    /// The labels of the fields shared (never their values), in the chosen language.
    pub fields: Vec<String>,
    /// Said for a printed desk card (no screen at the desk).
    pub printed_card_note: Option<String>,
    /// The whole entry as one sentence for a screen reader.
    pub accessibility_label: String,
    /// Deletes this entry (sends [`AppEvent::DeleteHistoryEntry`]).
    pub delete: ActionButton,
}

/// The history screen. Draw `entries` as a list; when it is empty, draw `empty` instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryScreen {
    /// Newest first.
    pub entries: Vec<HistoryRow>,
    /// The text for an empty history (absent while there are entries).
    pub empty: Option<String>,
    /// Deletes every entry after a confirmation (sends [`AppEvent::ClearHistory`]); absent
    /// while the history is empty.
    pub clear_all: Option<ActionButton>,
}

/// The confirmation before the whole history is deleted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfirmClearHistoryScreen {
    /// What will happen.
    pub text: String,
    /// Deletes (sends [`AppEvent::ConfirmClearHistory`]); draw as destructive.
    pub confirm: ActionButton,
    /// Goes back to the history (sends [`AppEvent::Back`]).
    pub cancel: ActionButton,
}

/// The confirmation before everything is deleted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfirmResetScreen {
    /// What will happen and what it means.
    pub text: String,
    /// Deletes (sends [`AppEvent::ConfirmReset`]); draw as destructive.
    pub confirm: ActionButton,
    /// Goes back (sends [`AppEvent::Back`]).
    pub cancel: ActionButton,
}

/// The keys are gone: the way back is a new activation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReactivationScreen {
    /// Why, and what to do ("Wrong PIN 10 times... Activate IKD again.").
    pub text: String,
    /// Starts activation (sends [`AppEvent::ActivateAgain`]).
    pub activate: ActionButton,
}

/// The wallet could not be opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FailedScreen {
    /// Why, and what to do ("Update the IKD app", "Free some space and try again").
    pub text: String,
    /// Opens the wallet again (sends [`AppEvent::Retry`]).
    pub retry: ActionButton,
}
