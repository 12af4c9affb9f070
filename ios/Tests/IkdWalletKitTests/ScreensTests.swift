// The model draws each screen from the views of the real native library and forwards the taps
// the screens name; what a tap leads to is the flow's (Rust) decision, checked here only as far
// as the shell must draw it.

import Foundation
@testable import IkdWalletKit
import XCTest

// Each test runs on the main actor, as the app's model does. XCTest on Linux calls the tests
// from its own (nonisolated) code, hence per-method isolation and the unchecked Sendable (the
// class has no mutable state).
final class ScreensTests: XCTestCase, @unchecked Sendable {
    /// Siti, born 17-08-1990.
    let siti = "3174015708900001"
    let budi = "3174011203880002"

    func testTheSoftwareKeystoresHmacMatchesRfc4231() {
        let mac = Sha256.hmac(key: [UInt8](repeating: 0x0b, count: 20), message: Array("Hi There".utf8))
        XCTAssertEqual(mac.map { String(format: "%02x", $0) }.joined(),
                       "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")
    }

    @MainActor
    func testTheFirstStartAsksForTheLanguageAndTheChoiceChangesEveryText() async throws {
        let phone = Phone()
        let languages = try XCTUnwrap(phone.view.chooseLanguage)
        XCTAssertEqual(languages.choices.count, 2)
        XCTAssertFalse(languages.prompt.isEmpty)
        XCTAssertNil(phone.view.back)
        // The first screen is announced to VoiceOver.
        XCTAssertEqual(phone.platform.announcements, [phone.view.title])
        phone.choose(languages.choices.first { $0.event == .chooseLanguage(language: .indonesian) })
        let indonesian = try XCTUnwrap(phone.view.activation)
        XCTAssertEqual(phone.view.language, .indonesian)
        XCTAssertEqual(phone.platform.announcements.last, phone.view.title)

        let other = Phone()
        other.choose(other.view.chooseLanguage?.choices.first { $0.event == .chooseLanguage(language: .english) })
        let english = try XCTUnwrap(other.view.activation)
        XCTAssertEqual(other.view.language, .english)
        XCTAssertEqual(english.step, .scanQr)
        XCTAssertNotEqual(english.instructions, indonesian.instructions)
        XCTAssertNotEqual(other.view.title, phone.view.title)
    }

    @MainActor
    func testTheActivationFormIsDrawnFromTheViewAndTheTypedTextComesBackCleaned() async throws {
        let phone = Phone()
        phone.choose(phone.view.chooseLanguage?.choices.first)
        let scan = try XCTUnwrap(phone.view.activation)
        XCTAssertEqual(scan.step, .scanQr)
        XCTAssertFalse(scan.progress.isEmpty)

        // The camera opens and closes as the view says.
        phone.tap(scan.scan)
        let scanner = try XCTUnwrap(phone.view.scanner)
        XCTAssertFalse(scanner.prompt.isEmpty)
        phone.tap(scanner.cancel)
        XCTAssertNil(phone.view.scanner)

        // Pasted text that is no activation QR: an error banner, the same step.
        phone.enter("https://example.com/not-an-ikd-qr")
        XCTAssertEqual(phone.view.activation?.input?.value, "https://example.com/not-an-ikd-qr")
        phone.tap(phone.view.activation?.next)
        let banner = try XCTUnwrap(phone.view.banner)
        XCTAssertEqual(banner.tone, .error)
        XCTAssertEqual(phone.view.activation?.step, .scanQr)
        XCTAssertTrue(phone.platform.announcements.last?.contains(banner.text) ?? false)
        phone.tap(banner.dismiss)
        XCTAssertNil(phone.view.banner)

        // The officer's QR through the camera, then the NIK as typed with separators.
        let (qr, _) = try TestIssuer.enroll(siti)
        phone.tap(phone.view.activation?.scan)
        phone.model.send(.scanned(text: qr))
        XCTAssertNil(phone.view.scanner)
        let nik = try XCTUnwrap(phone.view.activation)
        XCTAssertEqual(nik.step, .nik)
        let field = try XCTUnwrap(nik.input)
        XCTAssertEqual(field.keyboard, .digits)
        XCTAssertFalse(field.label.isEmpty)
        XCTAssertFalse(field.accessibilityLabel.isEmpty)
        XCTAssertFalse(nik.next?.enabled ?? true, "the NIK step cannot go on before 16 digits")
        phone.enter("3174 0157-0890 0001")
        XCTAssertEqual(phone.view.activation?.input?.value, siti)
        phone.tap(phone.view.activation?.next)
        let code = try XCTUnwrap(phone.view.activation)
        XCTAssertEqual(code.step, .code)
        XCTAssertTrue(code.server?.contains(TestIssuer.host) ?? false, code.server ?? "no server")
        XCTAssertEqual(code.input?.keyboard, .code)
        phone.enter("ab-12")
        XCTAssertEqual(phone.view.activation?.input?.value, "AB12")
        phone.tap(phone.view.back)
        XCTAssertEqual(phone.view.activation?.step, .nik)
    }

    @MainActor
    func testTheCoversOfTheSnapshotAndOfAScreenRecordingHideTheScreen() async {
        let phone = Phone()
        XCTAssertFalse(phone.view.hideContent)
        phone.model.send(.covered)
        XCTAssertTrue(phone.view.hideContent)
        phone.model.send(.cameToForeground)
        XCTAssertFalse(phone.view.hideContent)
        phone.model.send(.screenCaptureChanged(captured: true))
        XCTAssertTrue(phone.view.hideContent)
        phone.model.send(.screenCaptureChanged(captured: false))
        XCTAssertFalse(phone.view.hideContent)
    }

    @MainActor
    func testAWalletThatCannotBeOpenedSaysWhyAndOffersToTryAgain() async throws {
        // Its folder would have to be inside a plain file.
        let file = NSTemporaryDirectory() + "ikd-ios-file-" + UUID().uuidString
        XCTAssertTrue(FileManager.default.createFile(atPath: file, contents: Data("x".utf8)))
        let phone = Phone(folder: file + "/wallet")
        let failed = try XCTUnwrap(phone.view.failed, "\(phone.view.screen)")
        XCTAssertFalse(failed.text.isEmpty)
        // Trying again with the same fault: the same screen (and no crash).
        phone.tap(failed.retry)
        XCTAssertNotNil(phone.view.failed)
    }

    @MainActor
    func testSettingsDrawTheirChoicesAndRemovingTheWalletAsksFirstThenShowsActivation() async throws {
        let phone = Phone()
        try phone.startActivation(nik: budi, pin: "246813")
        await phone.settle()
        phone.tap(try XCTUnwrap(phone.view.home, "\(phone.view.screen)").settings)
        let settings = try XCTUnwrap(phone.view.settings)
        XCTAssertFalse(settings.languageHeading.isEmpty)
        XCTAssertFalse(settings.autoLockHeading.isEmpty)
        XCTAssertEqual(settings.languages.filter(\.selected).count, 1)
        XCTAssertEqual(settings.autoLock.count, 4)
        XCTAssertEqual(settings.autoLock.filter(\.selected).count, 1)
        XCTAssertNotNil(phone.view.back)

        // A choice is sent as it is; the view comes back with it selected, in English.
        let title = phone.view.title
        phone.choose(settings.languages.first { $0.event == .chooseLanguage(language: .english) })
        XCTAssertEqual(phone.view.language, .english)
        XCTAssertNotEqual(phone.view.title, title)
        XCTAssertEqual(phone.view.settings?.changePin.label, "Change PIN")
        let longest = try XCTUnwrap(phone.view.settings?.autoLock.last)
        XCTAssertFalse(longest.selected)
        phone.choose(longest)
        XCTAssertEqual(phone.view.settings?.autoLock.last?.selected, true)

        // Removal asks first; cancel keeps everything, confirm starts activation again.
        phone.tap(phone.view.settings?.reset)
        let confirm = try XCTUnwrap(phone.view.confirmReset)
        XCTAssertFalse(confirm.text.isEmpty)
        phone.tap(confirm.cancel)
        XCTAssertNotNil(phone.view.settings)
        phone.tap(phone.view.settings?.reset)
        phone.tap(phone.view.confirmReset?.confirm)
        XCTAssertEqual(phone.view.activation?.step, .scanQr, "\(phone.view.screen)")
    }

    @MainActor
    func testTheDeskScanConsentAndAnswerAreDrawnFromTheViewAndARefusalStaysOnTheScan() async throws {
        let phone = Phone()
        try phone.startActivation(nik: budi, pin: "246813")
        await phone.settle()
        phone.tap(try XCTUnwrap(phone.view.home, "\(phone.view.screen)").cards.first { $0.kind == .ktp }?.open)
        let document = try XCTUnwrap(phone.view.document)
        XCTAssertEqual(document.showAtDesk.label, "Tunjukkan ke petugas")
        XCTAssertFalse(document.showAtDeskHint.isEmpty)
        phone.tap(document.showAtDesk)

        // The scan screen: the camera button, the paste field, next greyed until text is there.
        let scan = try XCTUnwrap(phone.view.deskScan, "\(phone.view.screen)")
        XCTAssertFalse(scan.instructions.isEmpty)
        XCTAssertEqual(scan.input.keyboard, .text)
        XCTAssertFalse(scan.next.enabled)
        XCTAssertNotNil(phone.view.back)
        phone.enter("bukan permintaan loket")
        phone.tap(phone.view.deskScan?.next)
        XCTAssertEqual(phone.view.banner?.tone, .error)
        XCTAssertTrue(phone.view.banner?.text.contains("bukan QR permintaan loket") ?? false, phone.view.banner?.text ?? "")
        XCTAssertNotNil(phone.view.deskScan, "a refusal stays on the scan screen")

        // The desk's card from the camera: the consent names who asks and each field.
        phone.tap(phone.view.deskScan?.scan)
        XCTAssertNotNil(phone.view.scanner)
        phone.model.send(.scannedBytes(bytes: try TestIssuer.deskCard()))
        XCTAssertNil(phone.view.scanner)
        let consent = try XCTUnwrap(phone.view.consent, "\(phone.view.screen)")
        XCTAssertEqual(consent.question, "BANK CONTOH meminta KTP (NIK, nama, tanggal lahir)")
        XCTAssertEqual(consent.institution, "BANK CONTOH")
        XCTAssertFalse(consent.whoHeading.isEmpty)
        XCTAssertFalse(consent.fieldsHeading.isEmpty)
        XCTAssertEqual(consent.fields.map(\.label), ["NIK", "Nama", "Tanggal lahir"])
        XCTAssertTrue(consent.fields.contains { $0.value == budi })
        XCTAssertNil(consent.warning)
        XCTAssertTrue(consent.share.enabled && consent.decline.enabled)

        // Decline: back to the document, nothing shared, nothing bright.
        phone.tap(consent.decline)
        XCTAssertNotNil(phone.view.document)
        XCTAssertEqual(phone.view.banner?.text, "Tidak ada data yang dibagikan.")
        XCTAssertFalse(phone.platform.fullBrightness)
    }

    /// A phone activated for `nik`, then closed (the app object released: the wallet file is
    /// closed too). Its folder and keystore, to open it again.
    @MainActor
    private func activatedAndClosed(_ nik: String) async throws -> (String, MemoryKeystore) {
        let phone = Phone()
        try phone.startActivation(nik: nik, pin: "246813")
        await phone.settle()
        XCTAssertNotNil(phone.view.home, "\(phone.view.screen)")
        phone.model.send(.lockNow)
        return (phone.folder, phone.keystore)
    }

    @MainActor
    func testADamagedWalletAsksForReactivationWithItsReasonAndActivateAgainStartsOver() async throws {
        let (folder, keystore) = try await activatedAndClosed(siti)
        try Data(repeating: 0x5a, count: 8192).write(to: URL(fileURLWithPath: folder + "/wallet.sqlite3"))

        let phone = Phone(folder: folder, keystore: keystore)
        let reactivation = try XCTUnwrap(phone.view.reactivation, "\(phone.view.screen)")
        XCTAssertFalse(reactivation.text.isEmpty)
        XCTAssertNil(phone.view.back)
        phone.tap(reactivation.activate)
        XCTAssertEqual(phone.view.activation?.step, .scanQr, "\(phone.view.screen)")
    }

    @MainActor
    func testAWaitAfterWrongPinsRestsThePadAndItsEndIsANotificationWhileInTheBackground() async throws {
        let (folder, keystore) = try await activatedAndClosed(budi)
        let phone = Phone(folder: folder, keystore: keystore)
        XCTAssertNotNil(phone.view.unlock, "\(phone.view.screen)")
        for _ in 0..<5 {
            phone.type("111112")
            await phone.settle()
        }
        let unlock = try XCTUnwrap(phone.view.unlock)
        XCTAssertFalse(try XCTUnwrap(unlock.wait).isEmpty)
        XCTAssertFalse(unlock.pad.enabled)
        XCTAssertNotNil(phone.view.nextTickAt, "the wait counts down at the ticks")
        XCTAssertTrue(phone.platform.notifications.isEmpty)

        phone.model.send(.wentToBackground)
        let notification = try XCTUnwrap(phone.platform.notifications[.pinWaitOver])
        XCTAssertGreaterThan(notification.at, Int64(Date().timeIntervalSince1970))
        XCTAssertFalse(notification.title.isEmpty)
        XCTAssertFalse(notification.body.isEmpty)
        phone.model.send(.cameToForeground)
        XCTAssertTrue(phone.platform.notifications.isEmpty)
    }
}
