// The app's model: which screen is up, what it shows, what a tap does. It sequences screens,
// renders what the core says and forwards taps; every rule (PIN rules, attempts, lockout,
// deadlines, auto-lock, messages) is the core's. No UIKit here: platform events arrive as plain
// method calls, time comes from an injected clock, brightness goes out through PlatformHooks.
//
// The core keeps its own wall clock for lockout and auto-lock. The model's clock only drives what
// is drawn (countdowns, when to ask again) and may make things stricter, never looser: the pad
// re-opens only when the core says the wait is over; the model may lock early, never late.

import Foundation

@MainActor
public final class AppModel {
    /// Everything the views draw. `onChange` runs after each change.
    public private(set) var state = AppState() {
        didSet { if state != oldValue { onChange?() } }
    }

    /// Set by the view layer (an ObservableObject on Apple platforms).
    public var onChange: (@MainActor () -> Void)?

    private let folder: String
    private let keystore: HardwareKeystore
    private let clock: ModelClock
    private let platform: PlatformHooks
    private var wallet: IkdWallet?

    // The PINs being typed live in the core's pads; the model only counts digits.
    private var pad = PinPad()
    private var newPad = PinPad()
    private var confirmPad = PinPad()

    private var activationQr: String?
    private var activationCode: String?
    private var nextAttemptAt: Int64?
    private var idleDeadline: Int64?
    private var frameRefreshAt: Int64?
    private var brightnessWanted = false
    private var rawMessage: UserText?
    private var rawDocuments: [DocumentView] = []
    /// Counts locks: a PIN check still running when the app locks must not leave it open.
    private var locks = 0

    public init(folder: String, keystore: HardwareKeystore, clock: ModelClock = SystemModelClock(),
                platform: PlatformHooks) {
        self.folder = folder
        self.keystore = keystore
        self.clock = clock
        self.platform = platform
    }

    // MARK: - Start

    /// Opens the wallet and shows the screen its state asks for. Call once at launch.
    public func start() {
        do {
            let wallet = try IkdWallet.open(folder: folder, keystore: keystore)
            self.wallet = wallet
            state.pad.length = Int(pinLength())
            loadSettings()
            showScreenForWalletState()
        } catch {
            show(error)
            state.screen = .failed
        }
    }

    private func showScreenForWalletState() {
        guard let wallet else { return }
        forgetSession()
        switch wallet.state() {
        case .notActivated:
            startActivation()
        case .locked:
            showUnlock()
        case .unlocked:
            showHome()
        case .needsReactivation(let reason):
            showReactivation(reason)
        }
    }

    // MARK: - Activation

    private func startActivation() {
        activationQr = nil
        activationCode = nil
        state.activationNik = ""
        state.activationServer = nil
        state.screen = .activation(.scanQr)
    }

    /// The camera read a QR code, or the user pasted its text.
    public func activationQrScanned(_ text: String) {
        guard state.screen == .activation(.scanQr) else { return }
        activationQr = text
        clearMessage()
        state.screen = .activation(.nik)
    }

    /// The NIK was typed and confirmed: the core checks the QR and the NIK offline.
    public func submitNik(_ nik: String) {
        guard let wallet, let qr = activationQr, state.screen == .activation(.nik) else { return }
        state.activationNik = nik
        do {
            let target = try wallet.checkActivation(activationQr: qr, nik: nik)
            state.activationServer = target.serverHost
            clearMessage()
            state.screen = .activation(.code)
        } catch WalletError.InvalidActivationQr {
            show(WalletError.InvalidActivationQr)
            activationQr = nil
            state.screen = .activation(.scanQr)
        } catch {
            show(error)
        }
    }

    /// The code from the e-mail was typed.
    public func submitCode(_ code: String) {
        guard state.screen == .activation(.code) else { return }
        activationCode = code
        clearMessage()
        newPad.clear()
        confirmPad.clear()
        refreshPad(newPad)
        state.screen = .activation(.createPin)
    }

    /// Back one step (the back button of each activation step).
    public func activationBack() {
        guard case .activation(let step) = state.screen else { return }
        clearMessage()
        switch step {
        case .scanQr: return
        case .nik: state.screen = .activation(.scanQr)
        case .code: state.screen = .activation(.nik)
        case .createPin, .confirmPin:
            newPad.clear()
            confirmPad.clear()
            state.screen = .activation(.code)
        }
    }

    private func activate() async {
        guard let wallet, let qr = activationQr, let code = activationCode else { return }
        let nik = state.activationNik
        let (newPad, confirmPad) = (self.newPad, self.confirmPad)
        let locksBefore = locks
        setBusy(true)
        do {
            try await offMain {
                try wallet.activate(activationQr: qr, nik: nik, code: code, pin: newPad, confirm: confirmPad)
            }
            setBusy(false)
            activationQr = nil
            activationCode = nil
            state.activationNik = ""
            loadSettings()
            if locks != locksBefore {
                // The app went to the background meanwhile: activated, but locked.
                lockNow()
                return
            }
            showHome()
        } catch {
            setBusy(false)
            show(error)
            newPad.clear()
            confirmPad.clear()
            refreshPad(newPad)
            switch error as? WalletError {
            case .PinsDiffer?, .PinRejected?:
                state.screen = .activation(.createPin)
            case .InvalidNik?:
                state.screen = .activation(.nik)
            case .InvalidActivationQr?:
                startActivation()
            default:
                // The code was refused, the network failed...: the message says what to do;
                // the citizen may type the code again.
                state.screen = .activation(.code)
            }
        }
    }

    // MARK: - PIN pad (every screen with a pad)

    /// The pad's current target, per screen.
    private var activePad: PinPad? {
        switch state.screen {
        case .unlock, .changePin(.currentPin): return pad
        case .activation(.createPin), .changePin(.newPin): return newPad
        case .activation(.confirmPin), .changePin(.confirmPin): return confirmPad
        default: return nil
        }
    }

    /// A digit key was tapped.
    public func tapDigit(_ digit: UInt8) async {
        guard let target = activePad, state.pad.enabled, !state.busy else { return }
        userActivity()
        _ = target.press(digit: digit)
        refreshPad(target)
        if target.isComplete() {
            await padComplete()
        }
    }

    /// The erase key was tapped.
    public func tapErase() {
        guard let target = activePad, !state.busy else { return }
        userActivity()
        _ = target.erase()
        refreshPad(target)
    }

    private func refreshPad(_ target: PinPad) {
        state.pad.entered = Int(target.count())
        updatePadEnabled()
    }

    /// Keys stop while the core checks a PIN and while the core says to wait.
    private func updatePadEnabled() {
        state.pad.enabled = !state.busy && (state.lockout?.waitSeconds ?? 0) == 0
    }

    private func setBusy(_ busy: Bool) {
        state.busy = busy
        updatePadEnabled()
    }

    private func padComplete() async {
        guard let wallet else { return }
        switch state.screen {
        case .unlock:
            await unlock()
        case .activation(.createPin):
            if checkNewPin(nik: state.activationNik) {
                confirmPad.clear()
                refreshPad(confirmPad)
                state.screen = .activation(.confirmPin)
            }
        case .activation(.confirmPin):
            await activate()
        case .changePin(.currentPin):
            clearMessage()
            newPad.clear()
            refreshPad(newPad)
            state.screen = .changePin(.newPin)
        case .changePin(.newPin):
            if checkNewPin(nik: nil) {
                confirmPad.clear()
                refreshPad(confirmPad)
                state.screen = .changePin(.confirmPin)
            }
        case .changePin(.confirmPin):
            await changePin(wallet)
        default:
            break
        }
    }

    /// The core checks the new PIN's rules before it is typed a second time.
    private func checkNewPin(nik: String?) -> Bool {
        guard let wallet else { return false }
        do {
            try wallet.checkNewPin(pin: newPad, nik: nik)
            clearMessage()
            return true
        } catch {
            show(error)
            newPad.clear()
            refreshPad(newPad)
            return false
        }
    }

    // MARK: - Unlock and lockout

    private func showUnlock() {
        pad.clear()
        state.screen = .unlock
        refreshLockout()
        refreshPad(pad)
    }

    private func unlock() async {
        guard let wallet else { return }
        let pad = self.pad
        let locksBefore = locks
        setBusy(true)
        refreshPad(pad)
        do {
            try await offMain { try wallet.unlock(pin: pad) }
            setBusy(false)
            if locks != locksBefore {
                // Locked (background) while the PIN was checked: the session goes at once.
                lockNow()
                return
            }
            clearMessage()
            state.lockout = nil
            nextAttemptAt = nil
            showHome()
        } catch {
            setBusy(false)
            pad.clear()
            switch error as? WalletError {
            case .NeedsReactivation(let reason)?:
                showReactivation(reason)
            default:
                show(error)
                refreshLockout()
            }
            refreshPad(pad)
        }
    }

    /// Attempts left and the wait, from the core.
    private func refreshLockout() {
        guard let wallet else { return }
        do {
            let info = try wallet.lockout()
            nextAttemptAt = info.waitSeconds > 0 ? (info.nextAttemptAt ?? clock.nowUnix() + Int64(info.waitSeconds)) : nil
            setLockout(attemptsLeft: info.attemptsLeft, waitSeconds: info.waitSeconds)
        } catch {
            show(error)
        }
    }

    private func setLockout(attemptsLeft: UInt32, waitSeconds: UInt64) {
        state.lockout = LockoutState(
            attemptsLeft: attemptsLeft, waitSeconds: waitSeconds,
            waitText: waitSeconds > 0 ? text(waitText(seconds: waitSeconds)) : nil)
        updatePadEnabled()
    }

    // MARK: - Home, document, QR

    private func showHome() {
        guard let wallet else { return }
        do {
            rawDocuments = try wallet.documents()
            renderDocuments()
            state.detail = nil
            leaveQr()
            state.screen = .home
            userActivity()
        } catch {
            handleSessionError(error)
        }
    }

    /// A card on the home screen was tapped.
    public func openDocument(_ profile: DocumentProfile) {
        guard rawDocuments.contains(where: { $0.profile == profile }) else { return }
        userActivity()
        state.detail = detail(profile)
        leaveQr()
        state.screen = .document(profile)
    }

    /// "Show QR" on a document.
    public func showQr(_ profile: DocumentProfile) {
        userActivity()
        state.screen = .qr(profile)
        state.qr = nil
        nextFrame(profile)
        updateBrightness()
    }

    /// Back from a detail, QR, settings or change-PIN screen.
    public func back() {
        userActivity()
        clearMessage()
        switch state.screen {
        case .qr(let profile):
            leaveQr()
            state.detail = detail(profile)
            state.screen = .document(profile)
        case .document, .settings:
            state.detail = nil
            state.screen = .home
        case .changePin:
            pad.clear(); newPad.clear(); confirmPad.clear()
            state.screen = .settings
        default:
            break
        }
        updateBrightness()
    }

    private func nextFrame(_ profile: DocumentProfile) {
        guard let wallet else { return }
        let now = clock.nowUnix()
        do {
            let frame = try wallet.qrFrame(profile: profile, nowUnix: now)
            frameRefreshAt = frame.refreshAt
            state.qr = QrState(
                size: Int(frame.size), modules: frame.modules, version: Int(frame.version),
                secondsToNextFrame: max(0, frame.refreshAt - now), verifierName: frame.verifierName,
                frameNumber: (state.qr?.frameNumber ?? 0) + 1)
            lastFrame = (now, frame.payload)
            // The core counts a new frame as activity: a QR held up at a desk does not lock.
            refreshIdleDeadline()
        } catch {
            handleSessionError(error)
        }
    }

    /// What the core says about the wallet now (tests check the core agrees with the screen).
    var coreState: WalletState? { wallet?.state() }

    /// The payload of the frame on screen and the instant it was made (for the tests' desk; the
    /// views draw `state.qr`).
    private(set) var lastFrame: (at: Int64, payload: Data)?

    private func leaveQr() {
        state.qr = nil
        frameRefreshAt = nil
        updateBrightness()
    }

    private func updateBrightness() {
        let wanted: Bool
        if case .qr = state.screen, state.qr != nil, !state.hidesSensitiveContent {
            wanted = true
        } else {
            wanted = false
        }
        if wanted != brightnessWanted {
            brightnessWanted = wanted
            platform.setFullBrightness(wanted)
        }
    }

    // MARK: - Change PIN

    /// "Change PIN" in settings.
    public func startChangePin() {
        guard state.screen == .settings else { return }
        userActivity()
        clearMessage()
        pad.clear(); newPad.clear(); confirmPad.clear()
        refreshPad(pad)
        state.screen = .changePin(.currentPin)
    }

    private func changePin(_ wallet: IkdWallet) async {
        let (old, new, confirm) = (pad, newPad, confirmPad)
        setBusy(true)
        do {
            try await offMain { try wallet.changePin(oldPin: old, newPin: new, confirm: confirm) }
            setBusy(false)
            clearMessage()
            state.notice = .pinChanged
            state.screen = .settings
        } catch {
            setBusy(false)
            pad.clear(); newPad.clear(); confirmPad.clear()
            show(error)
            switch error as? WalletError {
            case .NeedsReactivation(let reason)?:
                showReactivation(reason)
            default:
                refreshLockout()
                state.screen = .changePin(.currentPin)
            }
            refreshPad(pad)
        }
    }

    // MARK: - Settings

    public func openSettings() {
        guard state.screen == .home else { return }
        userActivity()
        loadSettings()
        state.screen = .settings
    }

    public func setLanguage(_ language: AppLanguage) {
        guard var settings = state.settings.map({ AppSettings(language: $0.language, autoLockSeconds: $0.autoLockSeconds) })
        else { return }
        settings.language = language
        save(settings)
    }

    public func setAutoLock(seconds: UInt32) {
        guard var settings = state.settings.map({ AppSettings(language: $0.language, autoLockSeconds: $0.autoLockSeconds) })
        else { return }
        settings.autoLockSeconds = seconds
        save(settings)
    }

    private func save(_ settings: AppSettings) {
        guard let wallet else { return }
        userActivity()
        do {
            apply(try wallet.setSettings(settings: settings))
        } catch {
            show(error)
        }
    }

    private func loadSettings() {
        guard let wallet else { return }
        apply(wallet.settings())
    }

    private func apply(_ settings: AppSettings) {
        state.language = settings.language
        state.settings = SettingsState(
            language: settings.language, autoLockSeconds: settings.autoLockSeconds,
            autoLockChoices: autoLockChoices().map {
                AutoLockChoice(seconds: $0, text: text(waitText(seconds: UInt64($0))))
            })
        // Everything already on screen follows the new language.
        renderDocuments()
        if let profile = state.detail?.profile { state.detail = detail(profile) }
        if let raw = rawMessage { state.message = text(raw) }
        if let lockout = state.lockout { setLockout(attemptsLeft: lockout.attemptsLeft, waitSeconds: lockout.waitSeconds) }
    }

    /// "Update documents" in settings (online).
    public func refreshDocuments() async {
        guard let wallet, state.screen == .settings else { return }
        userActivity()
        let locksBefore = locks
        setBusy(true)
        defer { setBusy(false) }
        do {
            try await offMain { try wallet.refreshDocuments() }
            // Locked meanwhile: the fresh documents wait for the next unlock.
            guard locks == locksBefore else { return }
            rawDocuments = try wallet.documents()
            renderDocuments()
            clearMessage()
            state.notice = .documentsRefreshed
        } catch {
            guard locks == locksBefore else { return }
            show(error)
        }
    }

    /// "Remove this wallet from the phone" in settings, after the view's confirmation dialog.
    public func resetWallet() {
        guard let wallet, state.screen == .settings else { return }
        do {
            try wallet.reset()
            clearMessage()
            showScreenForWalletState()
        } catch {
            show(error)
        }
    }

    /// The keys are gone: the core's words for why and what to do.
    private func showReactivation(_ reason: ReactivationCause) {
        forgetSession()
        show(WalletError.NeedsReactivation(reason: reason))
        state.screen = .reactivation(reason)
    }

    /// "Activate again" on the re-activation screen.
    public func startReactivation() {
        guard let wallet, case .reactivation = state.screen else { return }
        do {
            try wallet.reset()
            clearMessage()
            showScreenForWalletState()
        } catch {
            show(error)
        }
    }

    // MARK: - Platform events

    /// Once a second from the app's timer: countdowns, QR rotation, auto-lock.
    public func tick() {
        guard let wallet else { return }
        let now = clock.nowUnix()
        if let deadline = nextAttemptAt, let lockout = state.lockout {
            if deadline > now {
                setLockout(attemptsLeft: lockout.attemptsLeft, waitSeconds: UInt64(deadline - now))
            } else {
                // Our clock says the wait is over; the core decides whether it is.
                refreshLockout()
            }
        }
        switch state.screen {
        case .home, .document, .qr, .settings, .changePin:
            let pastDeadline = idleDeadline.map { now >= $0 } ?? false
            if pastDeadline || wallet.idleSecondsLeft() == 0 {
                lockNow()
                return
            }
        default:
            return
        }
        if case .qr(let profile) = state.screen, let refreshAt = frameRefreshAt {
            if now >= refreshAt {
                nextFrame(profile)
            } else {
                state.qr?.secondsToNextFrame = refreshAt - now
            }
        }
    }

    /// The app went to the background: lock (the core wipes the keys).
    public func sceneDidEnterBackground() {
        state.privacy.coverShown = true
        lockNow()
    }

    /// The app is about to be inactive (app switcher): cover the snapshot.
    public func sceneWillResignActive() {
        state.privacy.coverShown = true
        updateBrightness()
    }

    /// The app is active again.
    public func sceneDidBecomeActive() {
        state.privacy.coverShown = false
        if state.screen == .unlock { refreshLockout() }
        updateBrightness()
    }

    /// UIScreen.isCaptured changed (recording, AirPlay mirroring, screen sharing).
    public func screenCaptureChanged(_ captured: Bool) {
        state.privacy.screenCaptured = captured
        updateBrightness()
    }

    /// A screenshot was taken. The picture already exists: make it worthless (a new QR frame at
    /// once) and tell the user.
    public func userTookScreenshot() {
        switch state.screen {
        case .qr(let profile):
            nextFrame(profile)
            state.notice = .screenshotTaken
        case .document:
            state.notice = .screenshotTaken
        default:
            break
        }
    }

    /// The notice was read (or timed out in the view).
    public func dismissNotice() {
        state.notice = nil
    }

    /// The lock button, auto-lock and background.
    public func lockNow() {
        guard let wallet else { return }
        locks += 1
        wallet.lock()
        switch wallet.state() {
        case .locked:
            forgetSession()
            showUnlock()
        case .notActivated:
            // An activation in progress survives a trip to the mail app for the code; a
            // half-typed PIN does not.
            guard case .activation(let step) = state.screen else { return showScreenForWalletState() }
            if step == .createPin || step == .confirmPin {
                newPad.clear()
                confirmPad.clear()
                refreshPad(newPad)
                state.screen = .activation(.code)
            }
        default:
            showScreenForWalletState()
        }
    }

    // MARK: - Helpers

    private func userActivity() {
        guard let wallet, wallet.state() == .unlocked else { return }
        wallet.keepAlive()
        refreshIdleDeadline()
    }

    /// When the core will lock for inactivity, on the model's clock.
    private func refreshIdleDeadline() {
        guard let wallet else { return }
        idleDeadline = clock.nowUnix() + Int64(wallet.idleSecondsLeft())
    }

    /// Drops everything the locked wallet must not show.
    private func forgetSession() {
        rawDocuments = []
        state.documents = []
        state.detail = nil
        leaveQr()
        lastFrame = nil
        idleDeadline = nil
        pad.clear(); newPad.clear(); confirmPad.clear()
    }

    private func handleSessionError(_ error: Error) {
        switch error as? WalletError {
        case .Locked?:
            lockNow()
        case .NeedsReactivation(let reason)?:
            showReactivation(reason)
        default:
            show(error)
        }
    }

    private func renderDocuments() {
        state.documents = rawDocuments.map {
            DocumentCard(profile: $0.profile, title: pick($0.titleId, $0.titleEn), holderName: $0.holderName)
        }
    }

    private func detail(_ profile: DocumentProfile) -> DocumentDetail? {
        guard let doc = rawDocuments.first(where: { $0.profile == profile }) else { return nil }
        return DocumentDetail(
            profile: profile, title: pick(doc.titleId, doc.titleEn), holderName: doc.holderName,
            fields: doc.fields.map { FieldLine(label: pick($0.labelId, $0.labelEn), value: $0.value) })
    }

    private func show(_ error: Error) {
        let walletError = (error as? WalletError) ?? WalletError.Internal
        rawMessage = errorText(error: walletError)
        state.message = rawMessage.map(text)
    }

    private func clearMessage() {
        rawMessage = nil
        state.message = nil
    }

    private func pick(_ id: String, _ en: String) -> String {
        state.language == .english ? en : id
    }

    private func text(_ t: UserText) -> String { pick(t.id, t.en) }
}

/// Runs a blocking core call (KDF, network) off the main thread.
private func offMain<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await Task.detached(priority: .userInitiated, operation: work).value
}
