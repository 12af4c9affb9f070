// One phone in the tests: the app's model over the real native library, in its own folder, with
// a recording platform. Every view the model publishes is checked as the screens would draw it:
// a title, and a label and a VoiceOver label on every control.

import Foundation
@testable import IkdWalletKit
import XCTest

@MainActor
final class Phone {
    let folder: String
    let keystore: MemoryKeystore
    let platform = RecordingPlatform()
    let model: AppModel
    /// Views published so far.
    private(set) var drawn = 0

    init(folder: String? = nil, keystore: MemoryKeystore = MemoryKeystore()) {
        self.folder = folder ?? NSTemporaryDirectory() + "ikd-ios-" + UUID().uuidString
        self.keystore = keystore
        model = AppModel(folder: self.folder, keystore: keystore, platform: platform)
        assertDrawable(model.view)
        model.onChange = { [unowned self] in
            self.drawn += 1
            assertDrawable(self.model.view)
        }
    }

    var view: AppView { model.view }

    /// Taps a button the screen drew: it must be there and enabled.
    func tap(_ button: ActionButton?, file: StaticString = #filePath, line: UInt = #line) {
        guard let button else {
            return XCTFail("no such button on \"\(view.title)\"", file: file, line: line)
        }
        XCTAssertTrue(button.enabled, "\"\(button.label)\" is greyed out", file: file, line: line)
        model.send(button.event)
    }

    /// Taps a choice (a language, an auto-lock time).
    func choose(_ choice: Choice?, file: StaticString = #filePath, line: UInt = #line) {
        guard let choice else { return XCTFail("no such choice", file: file, line: line) }
        model.send(choice.event)
    }

    /// Taps the digits on the PIN pad.
    func type(_ digits: String) {
        for digit in digits {
            model.send(.digit(digit: UInt8(String(digit))!))
        }
    }

    /// Types into the field on screen, as the keyboard sends it (the whole text).
    func enter(_ text: String) {
        model.send(.textChanged(text: text))
    }

    /// Chooses the language and activates through the real issuer: the officer's QR from the
    /// camera, the NIK, the e-mailed code, the new PIN twice. Leaves the activation running.
    func startActivation(nik: String, pin: String, language: AppLanguage = .indonesian) throws {
        choose(view.chooseLanguage?.choices.first { $0.event == .chooseLanguage(language: language) })
        let (qr, code) = try TestIssuer.enroll(nik)
        tap(view.activation?.scan)
        model.send(.scanned(text: qr))
        enter(nik)
        tap(view.activation?.next)
        enter(code)
        tap(view.activation?.next)
        type(pin)
        type(pin)
    }

    /// Waits until the slow tasks (KDF, network) are done and their views published.
    func settle() async {
        await model.tasksFinished()
    }
}

/// The title and every control's label and VoiceOver label are there.
@MainActor
func assertDrawable(_ view: AppView, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertFalse(view.title.isEmpty, "a view without a title", file: file, line: line)
    for button in view.buttons {
        XCTAssertFalse(button.label.isEmpty, "a button without a label on \"\(view.title)\"", file: file, line: line)
        XCTAssertFalse(button.accessibilityLabel.isEmpty, "\"\(button.label)\" has no VoiceOver label", file: file, line: line)
    }
    if let pad = view.pad {
        XCTAssertFalse(pad.accessibilityLabel.isEmpty, file: file, line: line)
        XCTAssertFalse(pad.eraseLabel.isEmpty, file: file, line: line)
        XCTAssertFalse(pad.prompt.isEmpty, file: file, line: line)
    }
}

// The screens' content, for the assertions (nil when another screen is up).
extension AppView {
    var chooseLanguage: LanguageScreen? { guard case .chooseLanguage(let s) = screen else { return nil }; return s }
    var activation: ActivationScreen? { guard case .activation(let s) = screen else { return nil }; return s }
    var unlock: UnlockScreen? { guard case .unlock(let s) = screen else { return nil }; return s }
    var home: HomeScreen? { guard case .home(let s) = screen else { return nil }; return s }
    var document: DocumentScreen? { guard case .document(let s) = screen else { return nil }; return s }
    var deskScan: DeskScanScreen? { guard case .deskScan(let s) = screen else { return nil }; return s }
    var consent: ConsentScreen? { guard case .consent(let s) = screen else { return nil }; return s }
    var answer: AnswerScreen? { guard case .answer(let s) = screen else { return nil }; return s }
    var changePin: ChangePinScreen? { guard case .changePin(let s) = screen else { return nil }; return s }
    var settings: SettingsScreen? { guard case .settings(let s) = screen else { return nil }; return s }
    var confirmReset: ConfirmResetScreen? { guard case .confirmReset(let s) = screen else { return nil }; return s }
    var reactivation: ReactivationScreen? { guard case .reactivation(let s) = screen else { return nil }; return s }
    var failed: FailedScreen? { guard case .failed(let s) = screen else { return nil }; return s }
    var history: HistoryScreen? { guard case .history(let s) = screen else { return nil }; return s }

    /// The PIN pad on screen, if any.
    var pad: PinPadView? { unlock?.pad ?? changePin?.pad ?? activation?.pad }

    /// Every button the view draws.
    var buttons: [ActionButton] {
        var all = [back, banner?.dismiss, scanner?.cancel].compactMap { $0 }
        switch screen {
        case .chooseLanguage: break
        case .unlock(let s): all += [s.biometric].compactMap { $0 }
        case .activation(let s): all += [s.scan, s.next].compactMap { $0 }
        case .home(let s): all += s.cards.map(\.open) + [s.history, s.settings, s.lock]
        case .document(let s): all += [s.showAtDesk]
        case .deskScan(let s): all += [s.scan, s.next]
        case .consent(let s): all += [s.share, s.decline]
        case .answer(let s): all += [s.done]
        case .changePin: break
        case .settings(let s): all += [s.changePin, s.refresh, s.reset]
        case .confirmReset(let s): all += [s.confirm, s.cancel]
        case .reactivation(let s): all += [s.activate]
        case .failed(let s): all += [s.retry]
        case .history(let s): all += s.entries.map(\.delete) + [s.clearAll].compactMap { $0 }
        case .confirmClearHistory(let s): all += [s.confirm, s.cancel]
        }
        return all
    }
}
