// What the screens show: plain values, in the language chosen in settings. The views draw these
// and nothing else; every number and text in here came from the core (or is a static UI label
// the views look up in Localizable.strings by `Notice`).

import Foundation

/// Which screen is up.
public enum Screen: Equatable, Sendable {
    /// Opening the wallet.
    case starting
    /// First activation (or again after a reset).
    case activation(ActivationStep)
    /// The PIN pad that opens the wallet.
    case unlock
    /// The list of documents.
    case home
    /// One document, every field.
    case document(DocumentProfile)
    /// The rotating QR code of a document.
    case qr(DocumentProfile)
    /// Changing the PIN.
    case changePin(ChangePinStep)
    /// Language, auto-lock, refresh, reset.
    case settings
    /// The keys are gone (too many wrong PINs, damaged data): activate again at the office.
    case reactivation(ReactivationCause)
    /// The wallet could not be opened at all; `AppState.message` says why.
    case failed
}

/// The steps of activation, in order.
public enum ActivationStep: Equatable, Sendable {
    /// Scan the officer's QR code (camera) or paste its text.
    case scanQr
    /// Type the NIK.
    case nik
    /// Type the code from the e-mail.
    case code
    /// Choose a PIN on the pad.
    case createPin
    /// The same PIN again.
    case confirmPin
}

/// The steps of a PIN change, in order.
public enum ChangePinStep: Equatable, Sendable {
    case currentPin
    case newPin
    case confirmPin
}

/// The PIN pad: how many dots to fill, whether keys work.
public struct PadState: Equatable, Sendable {
    /// Digits typed so far (the digits themselves stay inside the core's PinPad).
    public var entered: Int
    /// Digits in a PIN.
    public var length: Int
    /// Keys accepted now (false while the core checks a PIN or during a lockout).
    public var enabled: Bool
}

/// Attempts and waiting, as the core reports them.
public struct LockoutState: Equatable, Sendable {
    /// Wrong PINs left before the wallet erases its keys.
    public var attemptsLeft: UInt32
    /// Seconds before the next try (0: now).
    public var waitSeconds: UInt64
    /// `waitSeconds` in words ("1 menit" / "1 minute"), from the core; nil when not waiting.
    public var waitText: String?
}

/// A card on the home screen.
public struct DocumentCard: Equatable, Sendable {
    public var profile: DocumentProfile
    public var title: String
    public var holderName: String
}

/// One line of a document.
public struct FieldLine: Equatable, Sendable {
    public var label: String
    public var value: String
}

/// The document detail screen.
public struct DocumentDetail: Equatable, Sendable {
    public var profile: DocumentProfile
    public var title: String
    public var holderName: String
    public var fields: [FieldLine]
}

/// The QR screen.
public struct QrState: Equatable, Sendable {
    /// Modules per side.
    public var size: Int
    /// Row-major, true = dark.
    public var modules: [Bool]
    /// QR version (for the accessibility description).
    public var version: Int
    /// Seconds until the next frame (the countdown under the code).
    public var secondsToNextFrame: Int64
    /// The desk this frame is for.
    public var verifierName: String
    /// Frames shown on this visit (the views animate on change).
    public var frameNumber: Int
}

/// Settings as shown.
public struct SettingsState: Equatable, Sendable {
    public var language: AppLanguage
    public var autoLockSeconds: UInt32
    /// The choices for auto-lock, with their texts from the core.
    public var autoLockChoices: [AutoLockChoice]
}

public struct AutoLockChoice: Equatable, Sendable {
    public var seconds: UInt32
    public var text: String
}

/// A short confirmation or warning whose text is static UI text (Localizable.strings).
public enum Notice: String, Equatable, Sendable {
    /// A screenshot was taken: the QR code was replaced, do not share the picture.
    case screenshotTaken = "notice.screenshot"
    case pinChanged = "notice.pinChanged"
    case documentsRefreshed = "notice.refreshed"
}

/// Privacy of what is on screen.
public struct PrivacyState: Equatable, Sendable {
    /// The screen is being recorded, mirrored or shared: documents and QR are hidden.
    public var screenCaptured = false
    /// The app is inactive (app switcher, control centre): the snapshot shows a cover.
    public var coverShown = false
}

/// Everything the views draw.
public struct AppState: Equatable, Sendable {
    public var screen: Screen = .starting
    /// The activation's server, once the QR and NIK were checked (shown so the citizen sees who
    /// they are talking to).
    public var activationServer: String?
    /// The NIK being typed during activation (shown on screen).
    public var activationNik: String = ""
    public var pad = PadState(entered: 0, length: 6, enabled: true)
    public var lockout: LockoutState?
    public var documents: [DocumentCard] = []
    public var detail: DocumentDetail?
    public var qr: QrState?
    public var settings: SettingsState?
    /// A message from the core (an error and what to do next), in the chosen language.
    public var message: String?
    public var notice: Notice?
    public var privacy = PrivacyState()
    /// A call to the core is running (spinner; keys disabled).
    public var busy = false
    /// The chosen language (for the views' static texts too).
    public var language: AppLanguage = .indonesian

    /// While true the views draw a cover instead of any screen (recording, mirroring, the app
    /// switcher), and the QR screen gives up full brightness.
    public var hidesSensitiveContent: Bool { privacy.screenCaptured || privacy.coverShown }
}
