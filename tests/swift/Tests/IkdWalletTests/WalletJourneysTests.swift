// The daily journeys through the generated Swift bindings and the real native library, with a
// Swift keystore: activation against the real issuer on loopback, unlock, every document, two QR
// frames (verified by the desk afterwards, see run.sh), wrong PINs until the lockout, PIN change,
// lock.

import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import IkdWallet
import XCTest

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

    /// A wallet activated for `nik` (each activation revokes that citizen's previous phone).
    func activatedWallet(_ nik: String = "3174015708900001") throws -> IkdWallet {
        let folder = NSTemporaryDirectory() + "ikd-swift-" + UUID().uuidString
        let wallet = try IkdWallet.open(folder: folder, keystore: MemoryKeystore())
        XCTAssertEqual(wallet.state(), .notActivated)
        let (qr, code) = try enroll(nik)
        try wallet.activate(activationQr: qr, nik: nik, code: code, pin: pad(pin), confirm: pad(pin))
        return wallet
    }

    /// A PIN pad with `digits` typed on it, as a screen's keypad would.
    func pad(_ digits: String) -> PinPad {
        let pad = PinPad()
        for digit in digits.utf8 { _ = pad.press(digit: digit - UInt8(ascii: "0")) }
        return pad
    }

    func testTheTestHmacMatchesRfc4231() {
        let mac = Sha256.hmac(key: [UInt8](repeating: 0x0b, count: 20), message: Array("Hi There".utf8))
        XCTAssertEqual(mac.map { String(format: "%02x", $0) }.joined(),
                       "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")
    }

    func testActivateUnlockAndReadEveryDocument() throws {
        let wallet = try activatedWallet()
        XCTAssertEqual(wallet.state(), .unlocked)
        wallet.lock()
        XCTAssertEqual(wallet.state(), .locked)
        try wallet.unlock(pin: pad(pin))
        let documents = try wallet.documents()
        XCTAssertEqual(documents.count, 7)
        let ktp = documents.first { $0.profile == .ktpFull }!
        XCTAssertEqual(ktp.holderName, "SITI CONTOH RAHAYU")
        XCTAssertTrue(ktp.fields.contains { $0.labelId == "NIK" && $0.value == nik })
        for profile in [DocumentProfile.familyCard, .vaccine, .bpjs] {
            XCTAssertTrue(documents.contains { $0.profile == profile })
        }
    }

    func testTwoQrFramesDifferAndAreSavedForTheDesk() throws {
        // Another citizen: the other tests re-activate Siti, which revokes her earlier phones.
        let wallet = try activatedWallet("3174011203880002")
        let now = Int64(Date().timeIntervalSince1970)
        let first = try wallet.qrFrame(profile: .ktpBasic, nowUnix: now)
        let second = try wallet.qrFrame(profile: .ktpBasic, nowUnix: now + 30)
        XCTAssertNotEqual(first.payload, second.payload)
        XCTAssertEqual(first.modules.count, Int(first.size * first.size))
        XCTAssertLessThanOrEqual(first.version, 13)
        XCTAssertGreaterThanOrEqual(first.validUntil, now + 60)
        let hex = first.payload.map { String(format: "%02x", $0) }.joined()
        try hex.write(toFile: env["IKD_FRAME_OUT"]!, atomically: true, encoding: .utf8)
    }

    func testWrongPinsCountDownThenLockOut() throws {
        let wallet = try activatedWallet()
        wallet.lock()
        for left in stride(from: 9, through: 6, by: -1) {
            XCTAssertThrowsError(try wallet.unlock(pin: pad("111112"))) { error in
                guard case WalletError.WrongPin(let attemptsLeft, let wait) = error else {
                    return XCTFail("unexpected \(error)")
                }
                XCTAssertEqual(attemptsLeft, UInt32(left))
                XCTAssertEqual(wait, 0)
            }
        }
        XCTAssertThrowsError(try wallet.unlock(pin: pad("111112"))) { error in
            guard case WalletError.WrongPin(_, let wait) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(wait, 60)
        }
        XCTAssertThrowsError(try wallet.unlock(pin: pad(pin))) { error in
            guard case WalletError.LockedOut = error else { return XCTFail("\(error)") }
        }
        XCTAssertEqual(try wallet.lockout().attemptsLeft, 5)
    }

    func testChangePinThenTheOldOneFailsAndLockWipesTheSession() throws {
        let wallet = try activatedWallet()
        XCTAssertThrowsError(try wallet.changePin(oldPin: pad(pin), newPin: pad("123456"), confirm: pad("123456"))) { error in
            guard case WalletError.PinRejected(let rule) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(rule, .notASequence)
        }
        try wallet.changePin(oldPin: pad(pin), newPin: pad("975318"), confirm: pad("975318"))
        wallet.lock()
        XCTAssertThrowsError(try wallet.documents()) { error in
            guard case WalletError.Locked = error else { return XCTFail("\(error)") }
        }
        XCTAssertThrowsError(try wallet.unlock(pin: pad(pin)))
        try wallet.unlock(pin: pad("975318"))
        XCTAssertEqual(try wallet.documents().count, 7)
    }

    func testAConfirmationThatDiffersIsRefusedBeforeAnyTryIsCounted() throws {
        let wallet = try activatedWallet()
        let old = pad(pin)
        XCTAssertThrowsError(try wallet.changePin(oldPin: old, newPin: pad("975318"), confirm: pad("975319"))) { error in
            guard let error = error as? WalletError, case .PinsDiffer = error else { return XCTFail("\(error)") }
            XCTAssertTrue(errorText(error: error).id.contains("tidak sama"))
        }
        XCTAssertEqual(old.count(), 0, "the pad is cleared after use")
        XCTAssertEqual(try wallet.lockout().attemptsLeft, 10)
    }

    func testSettingsAreKeptAndTheAutoLockSnapsToAChoice() throws {
        let wallet = try activatedWallet()
        XCTAssertEqual(wallet.settings(), AppSettings(language: .indonesian, autoLockSeconds: 120))
        let saved = try wallet.setSettings(settings: AppSettings(language: .english, autoLockSeconds: 100))
        XCTAssertEqual(saved, AppSettings(language: .english, autoLockSeconds: 60))
        XCTAssertTrue(autoLockChoices().contains(saved.autoLockSeconds))
        XCTAssertTrue((1...60).contains(wallet.idleSecondsLeft()))
        wallet.lock()
        XCTAssertEqual(wallet.idleSecondsLeft(), 0)
    }
}
