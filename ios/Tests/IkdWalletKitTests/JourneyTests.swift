// One citizen's whole journey through the model, the real native library and the real issuer on
// loopback: activate, unlock, open each document, answer a desk's card after seeing who asks
// (the desk checks the answer's picture after the run), change the PIN, lock. The slow steps run as tasks off the main actor; the timers run by
// themselves at the views' next-tick times.

import Foundation
@testable import IkdWalletKit
import XCTest

final class JourneyTests: XCTestCase, @unchecked Sendable {
    /// Only this journey activates Made: the desk checks its answer after the run, and a later
    /// activation of the same citizen would revoke that phone.
    let made = "5171014304580004"
    let pin = "246813"
    let newPin = "975318"
    let wrongPin = "111112"

    @MainActor
    func testTheCitizenActivatesUnlocksOpensEachDocumentAnswersADeskChangesThePinAndLocks() async throws {
        let phone = Phone()
        phone.choose(phone.view.chooseLanguage?.choices.first { $0.event == .chooseLanguage(language: .indonesian) })

        // Activation: the officer's QR, the NIK, the e-mailed code, the new PIN twice.
        let (qr, code) = try TestIssuer.enroll(made)
        phone.tap(phone.view.activation?.scan)
        phone.model.send(.scanned(text: qr))
        phone.enter(made)
        phone.tap(phone.view.activation?.next)
        phone.enter(code)
        phone.tap(phone.view.activation?.next)
        XCTAssertEqual(phone.view.activation?.step, .newPin)
        phone.type(pin)
        XCTAssertEqual(phone.view.activation?.step, .confirmPin)
        XCTAssertEqual(phone.view.pad?.filled, 0)
        phone.type(String(pin.dropLast()))
        XCTAssertEqual(phone.view.pad?.filled, 5)
        phone.type(String(pin.last!))
        // The activation runs off the main actor; meanwhile the screen says so and the pad rests.
        XCTAssertNotNil(phone.view.busy)
        XCTAssertFalse(phone.view.pad?.enabled ?? true)
        await phone.settle()
        XCTAssertNil(phone.view.banner, phone.view.banner?.text ?? "")
        let home = try XCTUnwrap(phone.view.home, "\(phone.view.screen)")
        XCTAssertEqual(home.cards.map(\.kind), [.ktp, .familyCard, .vaccine, .bpjs])
        XCTAssertTrue(home.cards.allSatisfy { $0.open.enabled && !$0.subtitle.isEmpty })
        XCTAssertNotNil(phone.view.nextTickAt, "the idle lock needs a timer")
        XCTAssertFalse(phone.platform.reminders.isEmpty, "expiry reminders scheduled")
        XCTAssertEqual(phone.platform.permissionRequests, 1, "the permission asked for, once, with the first reminders")

        // Lock, a wrong PIN, the right one.
        phone.tap(home.lock)
        let unlock = try XCTUnwrap(phone.view.unlock)
        XCTAssertFalse(unlock.triesLeft.isEmpty)
        phone.type(wrongPin)
        await phone.settle()
        XCTAssertEqual(phone.view.banner?.tone, .error)
        XCTAssertNotEqual(phone.view.unlock?.triesLeft, unlock.triesLeft)
        phone.type(pin)
        await phone.settle()
        XCTAssertNotNil(phone.view.home, "\(phone.view.screen)")
        XCTAssertEqual(phone.platform.permissionRequests, 1, "not asked again in the same app start")

        // Going to the background while the PIN is checked: the lock wins when the check returns.
        phone.tap(phone.view.home?.lock)
        phone.type(pin)
        phone.model.send(.wentToBackground)
        await phone.settle()
        XCTAssertNotNil(phone.view.unlock, "\(phone.view.screen)")
        XCTAssertTrue(phone.view.hideContent)
        phone.model.send(.cameToForeground)
        XCTAssertFalse(phone.view.hideContent)
        XCTAssertNotNil(phone.view.unlock)
        phone.type(pin)
        await phone.settle()
        XCTAssertNotNil(phone.view.home, "\(phone.view.screen)")

        // Every document, with its fields (the KK's members as rows) and "show at a desk".
        for card in try XCTUnwrap(phone.view.home).cards {
            phone.tap(card.open)
            let document = try XCTUnwrap(phone.view.document, "\(phone.view.screen)")
            XCTAssertEqual(document.kind, card.kind)
            XCTAssertFalse(document.holderName.isEmpty)
            XCTAssertFalse(document.fields.isEmpty)
            XCTAssertTrue(document.fields.allSatisfy { !$0.label.isEmpty })
            if card.kind == .familyCard {
                let members = try XCTUnwrap(document.members)
                XCTAssertFalse(members.rows.isEmpty)
                XCTAssertTrue(members.rows.allSatisfy { $0.cells.count == members.columns.count && !$0.accessibilityLabel.isEmpty })
            }
            XCTAssertTrue(document.showAtDesk.enabled)
            phone.tap(phone.view.back)
            XCTAssertNotNil(phone.view.home)
        }

        // The desk asks first: its printed card (made by `ikd desk` in run.sh) through the camera,
        // who asks and exactly what, share, the answer QR for that desk (checked after the run).
        phone.tap(try XCTUnwrap(phone.view.home).cards.first { $0.kind == .ktp }?.open)
        phone.tap(phone.view.document?.showAtDesk)
        let scan = try XCTUnwrap(phone.view.deskScan, "\(phone.view.screen)")
        phone.tap(scan.scan)
        XCTAssertNotNil(phone.view.scanner)
        phone.model.send(.scannedBytes(bytes: try TestIssuer.deskCard()))
        let consent = try XCTUnwrap(phone.view.consent, phone.view.banner?.text ?? "\(phone.view.screen)")
        XCTAssertEqual(consent.institution, "BANK CONTOH")
        XCTAssertEqual(consent.desk, "LOKET 1 · Keuangan")
        XCTAssertEqual(consent.fields.map(\.label), ["NIK", "Nama", "Tanggal lahir"])
        XCTAssertTrue(consent.fields.contains { $0.value == made })
        XCTAssertNotNil(consent.printedCardNote)
        XCTAssertFalse(phone.platform.fullBrightness, "nothing is shown before consent")
        phone.tap(consent.share)
        let answer = try XCTUnwrap(phone.view.answer, phone.view.banner?.text ?? "\(phone.view.screen)")
        let matrix = try XCTUnwrap(answer.matrix)
        XCTAssertEqual(matrix.modules.count, Int(matrix.size * matrix.size))
        XCTAssertEqual(answer.desk, "Untuk: BANK CONTOH, LOKET 1")
        XCTAssertFalse(answer.accessibilityLabel.isEmpty)
        XCTAssertTrue(phone.platform.fullBrightness)
        XCTAssertTrue(phone.platform.keepScreenOn)
        try TestIssuer.saveFrameForTheDesk(matrix, at: Int64(Date().timeIntervalSince1970))
        // A screen recording hides it; the countdown runs by itself (the model's tick timer).
        phone.model.send(.screenCaptureChanged(captured: true))
        XCTAssertNil(phone.view.answer?.matrix)
        XCTAssertFalse(phone.platform.fullBrightness)
        phone.model.send(.screenCaptureChanged(captured: false))
        let revision = phone.view.revision
        XCTAssertNotNil(phone.view.nextTickAt)
        try await Task.sleep(nanoseconds: 2_500_000_000)
        XCTAssertGreaterThan(phone.view.revision, revision)
        phone.tap(phone.view.answer?.done)
        XCTAssertNotNil(phone.view.document)
        XCTAssertFalse(phone.platform.fullBrightness)
        XCTAssertFalse(phone.platform.keepScreenOn)
        phone.tap(phone.view.back)
        XCTAssertNotNil(phone.view.home)

        // Change the PIN in settings: the current one, the new one twice.
        phone.tap(phone.view.home?.settings)
        phone.tap(try XCTUnwrap(phone.view.settings).changePin)
        XCTAssertEqual(phone.view.changePin?.step, .currentPin)
        phone.type(pin)
        XCTAssertEqual(phone.view.changePin?.step, .newPin)
        phone.type(newPin)
        XCTAssertEqual(phone.view.changePin?.step, .confirmPin)
        phone.type(newPin)
        XCTAssertNotNil(phone.view.busy)
        await phone.settle()
        XCTAssertNil(phone.view.busy)
        XCTAssertNil(phone.view.changePin, "\(phone.view.screen)")
        XCTAssertEqual(phone.view.banner?.tone, .info)

        // Lock: the old PIN no longer opens, the new one does; locking again hides everything.
        phone.model.send(.lockNow)
        XCTAssertNotNil(phone.view.unlock, "\(phone.view.screen)")
        phone.type(pin)
        await phone.settle()
        XCTAssertNotNil(phone.view.unlock)
        XCTAssertEqual(phone.view.banner?.tone, .error)
        phone.type(newPin)
        await phone.settle()
        XCTAssertNotNil(phone.view.home, "\(phone.view.screen)")
        phone.model.send(.lockNow)
        XCTAssertNotNil(phone.view.unlock)
        XCTAssertFalse(String(reflecting: phone.view).contains(try XCTUnwrap(home.cards.first).subtitle))
    }
}
