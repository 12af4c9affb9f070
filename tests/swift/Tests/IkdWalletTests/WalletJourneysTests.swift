// The daily journeys through the generated Swift bindings of IkdApp and the real native library,
// with a Swift keystore: activation against the real issuer on loopback, a wrong PIN, the
// lockout, a PIN change, a lock that wins over a running unlock, and a desk-first answer to the
// desk card run.sh made with `ikd desk` (the desk checks the answer's picture afterwards, once
// accepted and once refused, see run.sh). The flow is the app's, driven by its events.

import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import IkdWallet
import XCTest

extension AppView {
    var tasks: [SlowTask] {
        effects.compactMap { effect in
            if case .runTask(let task) = effect { return task }
            return nil
        }
    }

    var bannerText: String { banner?.text ?? "" }
}

extension IkdApp {
    /// Runs every task the view asks for, as a shell's worker thread would, until none is left.
    func settle(_ first: AppView) -> AppView {
        var view = first
        while let task = view.tasks.first { view = runTask(task: task) }
        return view
    }

    /// Types `pin` on the pad shown; the last view, before any task ran.
    func press(_ pin: String) -> AppView {
        var view = self.view()
        for digit in pin.utf8 { view = dispatch(event: .digit(digit: digit - UInt8(ascii: "0"))) }
        return view
    }

    /// Types `pin` and runs the task a complete pad starts.
    func typePin(_ pin: String) -> AppView { settle(press(pin)) }
}

final class WalletJourneysTests: XCTestCase {
    let env = ProcessInfo.processInfo.environment
    let nik = "3174015708900001"
    let pin = "246813"

    func enroll(_ nik: String) throws -> (qr: String, code: String) {
        var request = URLRequest(url: URL(string: env["IKD_ISSUER_URL"]! + "/v1/officer/enrollments")!)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue("Bearer " + env["IKD_OFFICER_TOKEN"]!, forHTTPHeaderField: "Authorization")
        request.httpBody = "{\"nik\":\"\(nik)\",\"email\":\"siti.contoh@example.id\"}".data(using: .utf8)
        let done = DispatchSemaphore(value: 0)
        var body = Data()
        URLSession.shared.dataTask(with: request) { data, _, _ in
            body = data ?? Data()
            done.signal()
        }.resume()
        done.wait()
        let json = try JSONSerialization.jsonObject(with: body) as! [String: Any]
        let id = json["enrollment_id"] as! String
        let eml = try String(contentsOfFile: env["IKD_ISSUER_DATA"]! + "/outbox/\(id).eml", encoding: .utf8)
        let line = eml.split(separator: "\r\n").first { $0.hasPrefix("Your IKD activation code: ") }!
        return (json["activation_qr"] as! String, String(line.dropFirst("Your IKD activation code: ".count)))
    }

    func newApp(keystore: MemoryKeystore = MemoryKeystore()) -> IkdApp {
        IkdApp.open(folder: NSTemporaryDirectory() + "ikd-swift-" + UUID().uuidString, keystore: keystore)
    }

    /// Walks activation from the first start as the citizen does; the last view.
    func activate(_ app: IkdApp, qr: String, code: String) -> AppView {
        guard case .chooseLanguage = app.view().screen else { XCTFail("not the first start"); return app.view() }
        _ = app.dispatch(event: .chooseLanguage(language: .indonesian))
        _ = app.dispatch(event: .textChanged(text: qr))
        _ = app.dispatch(event: .submit)
        _ = app.dispatch(event: .textChanged(text: nik))
        _ = app.dispatch(event: .submit)
        _ = app.dispatch(event: .textChanged(text: code))
        _ = app.dispatch(event: .submit)
        _ = app.typePin(pin)
        return app.typePin(pin)
    }

    func activatedApp(keystore: MemoryKeystore = MemoryKeystore()) throws -> IkdApp {
        let app = newApp(keystore: keystore)
        let (qr, code) = try enroll(nik)
        let view = activate(app, qr: qr, code: code)
        guard case .home = view.screen else { throw XCTSkip("not home: \(view.bannerText)") }
        return app
    }

    func testTheTestHmacMatchesRfc4231() {
        let mac = Sha256.hmac(key: [UInt8](repeating: 0x0b, count: 20), message: Array("Hi There".utf8))
        XCTAssertEqual(mac.map { String(format: "%02x", $0) }.joined(),
                       "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")
    }

    func testActivationShowsFourDocumentsAndTheKtpHoldsTheNik() throws {
        let app = try activatedApp()
        guard case .home(let home) = app.view().screen else { return XCTFail("not home") }
        XCTAssertEqual(home.cards.map(\.kind), [.ktp, .familyCard, .vaccine, .bpjs])
        XCTAssertTrue(home.cards.allSatisfy(\.open.enabled))
        guard case .document(let ktp) = app.dispatch(event: .openDocument(kind: .ktp)).screen else {
            return XCTFail("not the KTP")
        }
        XCTAssertEqual(ktp.holderName, "SITI CONTOH RAHAYU")
        XCTAssertTrue(ktp.fields.contains { $0.label == "NIK" && $0.value == nik })
    }

    func testAWrongActivationCodeReturnsToTheCodeStep() throws {
        let app = newApp()
        let (qr, _) = try enroll(nik)
        let view = activate(app, qr: qr, code: "SALAH234")
        guard case .activation(let step) = view.screen else { return XCTFail("\(view.screen)") }
        XCTAssertEqual(step.step, .code)
        XCTAssertFalse(view.bannerText.isEmpty)
    }

    func testWrongPinsCountDownThenTheLockoutStopsThePad() throws {
        let app = try activatedApp()
        _ = app.dispatch(event: .lockNow)
        for left in stride(from: 9, through: 6, by: -1) {
            let view = app.typePin("111112")
            guard case .unlock(let unlock) = view.screen else { return XCTFail("\(view.screen)") }
            XCTAssertEqual(unlock.triesLeft, "Sisa percobaan: \(left)")
            XCTAssertTrue(view.bannerText.contains("PIN salah"))
            XCTAssertNil(unlock.wait)
        }
        guard case .unlock(let unlock) = app.typePin("111112").screen else { return XCTFail("not unlock") }
        XCTAssertTrue(unlock.wait?.hasPrefix("Coba lagi dalam") ?? false)
        XCTAssertFalse(unlock.pad.enabled, "the pad is off during the wait")
        XCTAssertTrue(app.press(pin).tasks.isEmpty, "no PIN check during the wait")
    }

    func testTheRightPinGivesTheLimitedPinKeyItsFullCountBack() throws {
        let keystore = MemoryKeystore()
        let app = try activatedApp(keystore: keystore)
        _ = app.dispatch(event: .lockNow)
        for _ in 0..<3 { _ = app.typePin("111112") }
        let before = keystore.limitedUsesLeft
        XCTAssertEqual(Array(before.values), [7], "eleven uses, one for the wrapping, three guesses")
        guard case .home = app.typePin(pin).screen else { return XCTFail("not home") }
        let after = keystore.limitedUsesLeft
        XCTAssertEqual(Array(after.values), [10])
        XCTAssertNotEqual(Array(after.keys), Array(before.keys), "a new key of the next generation")
    }

    func testAKeystoreThatSaysTheLimitIsReachedEndsOnTheReactivationScreen() throws {
        let keystore = MemoryKeystore()
        let app = try activatedApp(keystore: keystore)
        _ = app.dispatch(event: .lockNow)
        keystore.spendAllUses()
        let view = app.typePin(pin)
        guard case .reactivation = view.screen else { return XCTFail("\(view.screen)") }
        XCTAssertTrue(keystore.limitedUsesLeft.isEmpty, "the PIN key is gone")
    }

    func testAPinChangeThenTheOldPinFailsAndTheNewOneOpens() throws {
        let app = try activatedApp()
        _ = app.dispatch(event: .openSettings)
        _ = app.dispatch(event: .startChangePin)
        _ = app.typePin(pin)
        XCTAssertTrue(app.typePin("123456").bannerText.contains("berurutan"))
        _ = app.typePin("975318")
        XCTAssertTrue(app.typePin("975319").bannerText.contains("tidak sama"))
        _ = app.typePin("975318")
        let done = app.typePin("975318")
        guard case .settings = done.screen else { return XCTFail("\(done.screen)") }
        XCTAssertTrue(done.bannerText.contains("PIN sudah diganti"))
        _ = app.dispatch(event: .lockNow)
        guard case .unlock = app.typePin(pin).screen else { return XCTFail("the old PIN opened") }
        guard case .home = app.typePin("975318").screen else { return XCTFail("the new PIN did not open") }
    }

    func testALockWhileThePinIsCheckedWinsAndTheWalletStaysLocked() throws {
        let app = try activatedApp()
        _ = app.dispatch(event: .lockNow)
        let task = try XCTUnwrap(app.press(pin).tasks.first)
        XCTAssertNotNil(app.view().busy)
        let finished = DispatchSemaphore(value: 0)
        let running = Thread {
            _ = app.runTask(task: task)
            finished.signal()
        }
        running.start()
        _ = app.dispatch(event: .wentToBackground) // the caller is not blocked by the KDF
        finished.wait()
        let view = app.dispatch(event: .cameToForeground)
        guard case .unlock = view.screen else { return XCTFail("\(view.screen)") }
        XCTAssertNil(view.busy)
    }

    func testADeskAsksFirstTheCitizenSeesWhoAndWhatAndTheAnswerIsSavedForTheDesk() throws {
        let hex = try String(contentsOfFile: env["IKD_DESK_CARD_HEX"]!, encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let card = Data(stride(from: 0, to: hex.count, by: 2).map { offset -> UInt8 in
            let start = hex.index(hex.startIndex, offsetBy: offset)
            return UInt8(hex[start..<hex.index(start, offsetBy: 2)], radix: 16)!
        })
        let app = try activatedApp()
        _ = app.dispatch(event: .openDocument(kind: .ktp))
        guard case .deskScan = app.dispatch(event: .showAtDesk).screen else { return XCTFail("no desk scan") }
        XCTAssertNotNil(app.dispatch(event: .openScanner).scanner)
        let asked = app.dispatch(event: .scannedBytes(bytes: card))
        guard case .consent(let consent) = asked.screen else { return XCTFail("not consent: \(asked.bannerText)") }
        XCTAssertEqual(consent.institution, "BANK CONTOH")
        XCTAssertEqual(consent.desk, "LOKET 1 · Keuangan")
        XCTAssertEqual(consent.profile, .ktpBasic)
        XCTAssertEqual(consent.fields.map(\.label), ["NIK", "Nama", "Tanggal lahir"])
        XCTAssertFalse(asked.fullBrightness, "nothing is shown before consent")
        let shown = app.dispatch(event: .share)
        guard case .answer(let answer) = shown.screen, let matrix = answer.matrix else {
            return XCTFail("no answer QR: \(shown.bannerText)")
        }
        XCTAssertEqual(answer.desk, "Untuk: BANK CONTOH, LOKET 1")
        XCTAssertTrue(shown.fullBrightness && shown.keepScreenOn)
        // The picture as a plain PBM (the desk's decoder reads it after the run).
        let size = Int(matrix.size), scale = 4, side = (size + 8) * scale
        var pbm = "P1\n\(side) \(side)\n"
        for y in 0..<side {
            let row = y / scale - 4
            pbm += (0..<side).map { x -> String in
                let column = x / scale - 4
                let dark = (0..<size).contains(row) && (0..<size).contains(column) && matrix.modules[row * size + column]
                return dark ? "1" : "0"
            }.joined(separator: " ") + "\n"
        }
        try pbm.write(toFile: env["IKD_ANSWER_OUT"]!, atomically: true, encoding: .utf8)
        guard case .document = app.dispatch(event: .back).screen else { return XCTFail("not back at the document") }
    }
}
