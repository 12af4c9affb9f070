// The app's journeys screen by screen through AppModel, against the real core library (through
// the generated bindings) and the real issuer on loopback: what each screen shows and what each
// tap does. The views only draw AppState, so this is what the citizen sees, minus the pixels.

import Foundation
@testable import IkdWalletKit
import XCTest

/// One phone: the app's model, its clock, its platform and its private folder.
@MainActor
struct Phone {
    let model: AppModel
    let clock: TestClock
    let platform: RecordingPlatform
    let folder: String
    let keystore: MemoryKeystore

    init(folder: String? = nil, keystore: MemoryKeystore = MemoryKeystore(), clock: TestClock = TestClock()) {
        self.folder = folder ?? NSTemporaryDirectory() + "ikd-ios-" + UUID().uuidString
        self.clock = clock
        self.platform = RecordingPlatform()
        self.keystore = keystore
        self.model = AppModel(folder: self.folder, keystore: keystore, clock: clock, platform: platform)
        model.start()
    }

    var state: AppState { model.state }

    /// Taps the digits on the PIN pad.
    func type(_ digits: String) async {
        for digit in digits {
            await model.tapDigit(UInt8(String(digit))!)
        }
    }
}

// Each journey runs on the main actor, as the app's model does. XCTest on Linux calls the tests
// from its own (nonisolated) code, hence per-method isolation and the unchecked Sendable (the
// class has no mutable state).
final class AppJourneysTests: XCTestCase, @unchecked Sendable {
    /// Siti, born 17-08-1990 (her NIK holds 570890).
    let siti = "3174015708900001"
    let budi = "3174011203880002"
    /// Only the QR journey activates Made: the desk checks its frames after the run, and a later
    /// activation of the same citizen would revoke that phone.
    let made = "5171014304580004"
    let pin = "246813"
    let wrongPin = "111112"

    /// Activation through its screens, checking each one.
    @MainActor
    func activate(_ phone: Phone, nik: String, pin: String = "246813") async throws {
        let (qr, code) = try TestIssuer.enroll(nik)
        XCTAssertEqual(phone.state.screen, .activation(.scanQr))
        phone.model.activationQrScanned(qr)
        XCTAssertEqual(phone.state.screen, .activation(.nik))
        phone.model.submitNik(nik)
        XCTAssertEqual(phone.state.screen, .activation(.code))
        XCTAssertEqual(phone.state.activationServer, TestIssuer.host)
        phone.model.submitCode(code)
        XCTAssertEqual(phone.state.screen, .activation(.createPin))
        XCTAssertEqual(phone.state.pad, PadState(entered: 0, length: 6, enabled: true))
        // The e-mailed code is not part of what the views see once typed (the NIK, on screen, is:
        // the reflection does reach every field).
        XCTAssertTrue(String(reflecting: phone.state).contains(nik))
        XCTAssertFalse(String(reflecting: phone.state).contains(code))
        await phone.type(pin)
        XCTAssertEqual(phone.state.screen, .activation(.confirmPin))
        XCTAssertEqual(phone.state.pad.entered, 0)
        await phone.type(pin)
        XCTAssertNil(phone.state.message)
        XCTAssertEqual(phone.state.screen, .home)
    }

    @MainActor
    func activatedPhone(_ nik: String) async throws -> Phone {
        let phone = Phone()
        try await activate(phone, nik: nik)
        return phone
    }

    // MARK: - Keystore

    func testTheSoftwareKeystoresHmacMatchesRfc4231() {
        let mac = Sha256.hmac(key: [UInt8](repeating: 0x0b, count: 20), message: Array("Hi There".utf8))
        XCTAssertEqual(mac.map { String(format: "%02x", $0) }.joined(),
                       "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")
    }

    // MARK: - Activation

    @MainActor
    func testActivationGoesFromTheOfficersQrThroughNikCodeAndTwoPinsToTheDocuments() async throws {
        let phone = Phone()
        XCTAssertEqual(phone.state.language, .indonesian)
        try await activate(phone, nik: siti)
        XCTAssertEqual(phone.state.documents.count, 7)
        let ktp = try XCTUnwrap(phone.state.documents.first { $0.profile == .ktpFull })
        XCTAssertEqual(ktp.holderName, "SITI CONTOH RAHAYU")
        XCTAssertTrue(phone.state.documents.contains { $0.profile == .familyCard })
        XCTAssertTrue(phone.state.documents.contains { $0.profile == .vaccine })
        XCTAssertTrue(phone.state.documents.contains { $0.profile == .bpjs })
        // The activation form is forgotten once it served.
        XCTAssertEqual(phone.state.activationNik, "")
    }

    @MainActor
    func testAScannedQrThatIsNotAnActivationQrSendsTheCitizenBackToScanningWithTheCoresMessage() async throws {
        let phone = Phone()
        phone.model.activationQrScanned("https://example.com/not-an-ikd-qr")
        phone.model.submitNik(siti)
        XCTAssertEqual(phone.state.screen, .activation(.scanQr))
        let message = try XCTUnwrap(phone.state.message)
        XCTAssertFalse(message.isEmpty)
        XCTAssertEqual(message, errorText(error: .InvalidActivationQr).id)
    }

    @MainActor
    func testTheLanguageCanBeChosenBeforeActivationAndStaysAfterIt() async throws {
        let phone = Phone()
        phone.model.setLanguage(.english)
        XCTAssertEqual(phone.state.language, .english)
        phone.model.activationQrScanned("not an activation QR")
        phone.model.submitNik(siti)
        XCTAssertEqual(phone.state.message, errorText(error: .InvalidActivationQr).en)
        try await activate(phone, nik: budi)
        XCTAssertEqual(phone.state.language, .english)
        phone.model.openDocument(.ktpFull)
        XCTAssertTrue(phone.state.detail?.fields.contains { $0.label == "Name" } ?? false)
        XCTAssertFalse(phone.state.detail?.fields.contains { $0.label == "Nama" } ?? true)
    }

    @MainActor
    func testAnInvalidNikKeepsTheNikStepWithTheCoresMessage() async throws {
        let phone = Phone()
        let (qr, _) = try TestIssuer.enroll(budi)
        phone.model.activationQrScanned(qr)
        phone.model.submitNik("1234")
        XCTAssertEqual(phone.state.screen, .activation(.nik))
        XCTAssertEqual(phone.state.message, errorText(error: .InvalidNik).id)
        phone.model.submitNik(budi)
        XCTAssertEqual(phone.state.screen, .activation(.code))
        XCTAssertNil(phone.state.message)
    }

    @MainActor
    func testATrivialPinIsRefusedBeforeTheSecondEntryAndTwoDifferentPinsStartOver() async throws {
        let phone = Phone()
        let (qr, code) = try TestIssuer.enroll(siti)
        phone.model.activationQrScanned(qr)
        phone.model.submitNik(siti)
        phone.model.submitCode(code)
        await phone.type("123456")
        XCTAssertEqual(phone.state.screen, .activation(.createPin))
        XCTAssertEqual(phone.state.message, errorText(error: .PinRejected(rule: .notASequence)).id)
        XCTAssertEqual(phone.state.pad.entered, 0)
        // Her birth date (17-08-90) is refused too: the core knows the NIK from the form.
        await phone.type("170890")
        XCTAssertEqual(phone.state.screen, .activation(.createPin))
        XCTAssertEqual(phone.state.message, errorText(error: .PinRejected(rule: .notBirthDate)).id)
        await phone.type(pin)
        XCTAssertEqual(phone.state.screen, .activation(.confirmPin))
        XCTAssertNil(phone.state.message)
        await phone.type("246814")
        XCTAssertEqual(phone.state.screen, .activation(.createPin))
        XCTAssertEqual(phone.state.message, errorText(error: .PinsDiffer).id)
        await phone.type(pin)
        await phone.type(pin)
        XCTAssertEqual(phone.state.screen, .home, phone.state.message ?? "")
    }

    @MainActor
    func testAWrongActivationCodeReturnsToTheCodeStepWithTheServersRefusal() async throws {
        let phone = Phone()
        let (qr, code) = try TestIssuer.enroll(budi)
        phone.model.activationQrScanned(qr)
        phone.model.submitNik(budi)
        let wrong = String(code.reversed()) == code ? code + "9" : String(code.reversed())
        phone.model.submitCode(wrong)
        await phone.type(pin)
        await phone.type(pin)
        XCTAssertEqual(phone.state.screen, .activation(.code))
        let message = try XCTUnwrap(phone.state.message)
        XCTAssertFalse(message.isEmpty)
        phone.model.submitCode(code)
        await phone.type(pin)
        await phone.type(pin)
        XCTAssertEqual(phone.state.screen, .home)
    }

    @MainActor
    func testTheActivationFormSurvivesATripToTheMailAppButAHalfTypedPinDoesNot() async throws {
        let phone = Phone()
        let (qr, code) = try TestIssuer.enroll(budi)
        phone.model.activationQrScanned(qr)
        phone.model.submitNik(budi)
        phone.model.sceneWillResignActive()
        phone.model.sceneDidEnterBackground()
        phone.model.sceneDidBecomeActive()
        XCTAssertEqual(phone.state.screen, .activation(.code))
        XCTAssertEqual(phone.state.activationNik, budi)
        XCTAssertEqual(phone.state.activationServer, TestIssuer.host)
        phone.model.submitCode(code)
        await phone.type("246")
        XCTAssertEqual(phone.state.pad.entered, 3)
        phone.model.sceneDidEnterBackground()
        phone.model.sceneDidBecomeActive()
        XCTAssertEqual(phone.state.screen, .activation(.code))
        XCTAssertEqual(phone.state.pad.entered, 0)
        phone.model.submitCode(code)
        await phone.type(pin)
        await phone.type(pin)
        XCTAssertEqual(phone.state.screen, .home)
    }

    // MARK: - PIN pad, lockout

    @MainActor
    func testTypingSixDigitsUnlocksTheWalletAndEraseTakesBackADigit() async throws {
        let phone = try await activatedPhone(siti)
        phone.model.lockNow()
        XCTAssertEqual(phone.state.screen, .unlock)
        XCTAssertTrue(phone.state.documents.isEmpty)
        XCTAssertEqual(phone.state.lockout?.attemptsLeft, 10)
        await phone.type("249")
        XCTAssertEqual(phone.state.pad.entered, 3)
        phone.model.tapErase()
        XCTAssertEqual(phone.state.pad.entered, 2)
        await phone.type("681")
        // What the views can see holds the count, never the digits.
        XCTAssertEqual(phone.state.pad.entered, 5)
        XCTAssertFalse(String(reflecting: phone.state).contains("24681"))
        await phone.type("3")
        XCTAssertEqual(phone.state.screen, .home)
        XCTAssertFalse(String(reflecting: phone.state).contains(pin))
        XCTAssertEqual(phone.state.documents.count, 7)
        XCTAssertNil(phone.state.lockout)
    }

    @MainActor
    func testGoingToTheBackgroundWhileThePinIsCheckedLeavesTheWalletLocked() async throws {
        let phone = try await activatedPhone(siti)
        phone.model.lockNow()
        await phone.type("24681")
        let lastDigit = Task { @MainActor in await phone.model.tapDigit(3) }
        while !phone.state.busy { await Task.yield() }
        phone.model.sceneDidEnterBackground()
        await lastDigit.value
        XCTAssertFalse(phone.state.busy)
        XCTAssertEqual(phone.state.screen, .unlock)
        XCTAssertTrue(phone.state.documents.isEmpty)
        // The core agrees: this wallet's session is gone.
        XCTAssertEqual(phone.model.coreState, .locked)
        // The right PIN was typed, so no attempt was lost.
        XCTAssertEqual(phone.state.lockout?.attemptsLeft, 10)
        phone.model.sceneDidBecomeActive()
        await phone.type(pin)
        XCTAssertEqual(phone.state.screen, .home)
    }

    @MainActor
    func testWrongPinsShowAttemptsLeftThenALockoutCountdownThatOnlyTheCoreEnds() async throws {
        let phone = try await activatedPhone(siti)
        phone.model.lockNow()
        phone.clock.catchUp()
        for left in stride(from: 9, through: 6, by: -1) {
            await phone.type(wrongPin)
            XCTAssertEqual(phone.state.screen, .unlock)
            XCTAssertEqual(phone.state.lockout?.attemptsLeft, UInt32(left))
            XCTAssertEqual(phone.state.lockout?.waitSeconds, 0)
            XCTAssertEqual(phone.state.message, errorText(error: .WrongPin(attemptsLeft: UInt32(left), waitSeconds: 0)).id)
            XCTAssertTrue(phone.state.pad.enabled)
        }
        await phone.type(wrongPin)
        XCTAssertEqual(phone.state.lockout?.attemptsLeft, 5)
        // The core's one-minute wait, as the core counts it (a second may have passed).
        let wait = try XCTUnwrap(phone.state.lockout?.waitSeconds)
        XCTAssertTrue((58...60).contains(wait), "waits \(wait) s")
        XCTAssertEqual(phone.state.lockout?.waitText, waitText(seconds: wait).id)
        let texts = [wait, 60].map { errorText(error: .WrongPin(attemptsLeft: 5, waitSeconds: $0)).id }
        XCTAssertTrue(texts.contains(phone.state.message ?? ""), phone.state.message ?? "no message")
        XCTAssertFalse(phone.state.pad.enabled)
        // Keys do nothing while waiting.
        await phone.type(pin)
        XCTAssertEqual(phone.state.pad.entered, 0)
        XCTAssertEqual(phone.state.screen, .unlock)
        // Restarting the app changes nothing: the core kept count.
        let restarted = Phone(folder: phone.folder, keystore: phone.keystore)
        XCTAssertEqual(restarted.state.screen, .unlock)
        XCTAssertEqual(restarted.state.lockout?.attemptsLeft, 5)
        XCTAssertGreaterThan(try XCTUnwrap(restarted.state.lockout?.waitSeconds), 0)
        XCTAssertFalse(restarted.state.pad.enabled)

        // The countdown follows the model's clock, down from the core's deadline...
        phone.clock.catchUp()
        phone.model.tick()
        let shown = try XCTUnwrap(phone.state.lockout?.waitSeconds)
        XCTAssertTrue((55...60).contains(shown), "shows \(shown) s")
        phone.clock.advance(10)
        phone.model.tick()
        XCTAssertEqual(phone.state.lockout?.waitSeconds, shown - 10)
        XCTAssertEqual(phone.state.lockout?.waitText, waitText(seconds: shown - 10).id)
        XCTAssertFalse(phone.state.pad.enabled)
        // ...but when that clock says the wait is over, the core (on the real clock) still says
        // wait, and the pad stays shut.
        phone.clock.advance(55)
        phone.model.tick()
        let stillWaiting = try XCTUnwrap(phone.state.lockout?.waitSeconds)
        XCTAssertGreaterThan(stillWaiting, 0)
        XCTAssertFalse(phone.state.pad.enabled)

        // The real minute passes; the pad opens when the core says so, not before.
        let started = Date()
        while !phone.state.pad.enabled && Date().timeIntervalSince(started) < 75 {
            try await Task.sleep(nanoseconds: 500_000_000)
            phone.model.tick()
        }
        XCTAssertTrue(phone.state.pad.enabled)
        XCTAssertGreaterThanOrEqual(Date().timeIntervalSince(started), Double(stillWaiting) - 1.5)
        XCTAssertEqual(phone.state.lockout?.waitSeconds, 0)
        XCTAssertEqual(phone.state.lockout?.attemptsLeft, 5)
        await phone.type(pin)
        XCTAssertEqual(phone.state.screen, .home)
    }

    // MARK: - Home, document, QR

    @MainActor
    func testHomeOpensADocumentWithEveryFieldInIndonesian() async throws {
        let phone = try await activatedPhone(siti)
        phone.model.openDocument(.ktpFull)
        XCTAssertEqual(phone.state.screen, .document(.ktpFull))
        let detail = try XCTUnwrap(phone.state.detail)
        XCTAssertEqual(detail.holderName, "SITI CONTOH RAHAYU")
        XCTAssertTrue(detail.fields.contains(FieldLine(label: "NIK", value: siti)))
        XCTAssertGreaterThan(detail.fields.count, 5)
        phone.model.back()
        XCTAssertEqual(phone.state.screen, .home)
        XCTAssertNil(phone.state.detail)
    }

    @MainActor
    func testTheQrRotatesAtTheCoresRefreshTimeWithACountdownAtFullBrightnessAndEveryDocumentHasOne() async throws {
        let phone = try await activatedPhone(made)
        // Start on a frame boundary: a whole countdown to watch, whatever second the run is at.
        phone.clock.advance((15 - phone.clock.nowUnix() % 15) % 15)
        phone.model.openDocument(.ktpBasic)
        phone.model.showQr(.ktpBasic)
        XCTAssertEqual(phone.state.screen, .qr(.ktpBasic))
        XCTAssertTrue(phone.platform.fullBrightness)
        let first = try XCTUnwrap(phone.state.qr)
        let firstFrame = try XCTUnwrap(phone.model.lastFrame)
        try TestIssuer.saveFrameForTheDesk(at: firstFrame.at, payload: firstFrame.payload)
        XCTAssertEqual(first.frameNumber, 1)
        XCTAssertEqual(first.modules.count, first.size * first.size)
        XCTAssertLessThanOrEqual(first.version, 13)
        XCTAssertFalse(first.verifierName.isEmpty)
        let countdown = first.secondsToNextFrame
        XCTAssertGreaterThan(countdown, 1)
        XCTAssertLessThanOrEqual(countdown, 15)

        phone.clock.advance(1)
        phone.model.tick()
        XCTAssertEqual(phone.state.qr?.secondsToNextFrame, countdown - 1)
        XCTAssertEqual(phone.state.qr?.frameNumber, 1)

        phone.clock.advance(countdown - 1)
        phone.model.tick()
        let second = try XCTUnwrap(phone.state.qr)
        XCTAssertEqual(second.frameNumber, 2)
        XCTAssertNotEqual(second.modules, first.modules)
        let secondFrame = try XCTUnwrap(phone.model.lastFrame)
        XCTAssertNotEqual(secondFrame.payload, firstFrame.payload)
        XCTAssertGreaterThan(second.secondsToNextFrame, 0)
        try TestIssuer.saveFrameForTheDesk(at: secondFrame.at, payload: secondFrame.payload)

        phone.model.back()
        XCTAssertEqual(phone.state.screen, .document(.ktpBasic))
        XCTAssertNil(phone.state.qr)
        XCTAssertEqual(phone.platform.brightness, [true, false])

        // Every other document has its QR too; the desk checks each after the run.
        phone.model.back()
        for card in phone.state.documents where card.profile != .ktpBasic {
            phone.model.openDocument(card.profile)
            phone.model.showQr(card.profile)
            XCTAssertNil(phone.state.message, "\(card.profile)")
            let qr = try XCTUnwrap(phone.state.qr, "\(card.profile)")
            // DESIGN.md §6: single-document profiles fit version 13. The full family card (every
            // member, every field) is larger; its QR profile is familyCardBasic.
            if card.profile != .familyCard {
                XCTAssertLessThanOrEqual(qr.version, 13, "\(card.profile)")
            }
            let frame = try XCTUnwrap(phone.model.lastFrame)
            try TestIssuer.saveFrameForTheDesk(at: frame.at, payload: frame.payload)
            phone.model.back()
            phone.model.back()
            XCTAssertEqual(phone.state.screen, .home)
        }
        XCTAssertFalse(phone.platform.fullBrightness)
    }

    @MainActor
    func testAScreenshotReplacesTheQrAtOnceAndWarnsTheCitizen() async throws {
        let phone = try await activatedPhone(budi)
        phone.model.showQr(.ktpBasic)
        let before = try XCTUnwrap(phone.model.lastFrame)
        XCTAssertNil(phone.state.notice)
        phone.model.userTookScreenshot()
        XCTAssertEqual(phone.state.notice, .screenshotTaken)
        XCTAssertEqual(phone.state.qr?.frameNumber, 2)
        XCTAssertNotEqual(phone.model.lastFrame?.payload, before.payload)
        phone.model.dismissNotice()
        XCTAssertNil(phone.state.notice)
        // On a document's page there is no frame to replace, but the warning is the same.
        phone.model.back()
        XCTAssertEqual(phone.state.screen, .document(.ktpBasic))
        phone.model.userTookScreenshot()
        XCTAssertEqual(phone.state.notice, .screenshotTaken)
        XCTAssertNil(phone.state.qr)
        // On the home screen (names only) nothing happens.
        phone.model.dismissNotice()
        phone.model.back()
        phone.model.userTookScreenshot()
        XCTAssertNil(phone.state.notice)
    }

    @MainActor
    func testWhileTheScreenIsCapturedDocumentsAndQrAreHiddenAndBrightnessDrops() async throws {
        let phone = try await activatedPhone(budi)
        phone.model.showQr(.ktpBasic)
        XCTAssertFalse(phone.state.hidesSensitiveContent)
        phone.model.screenCaptureChanged(true)
        XCTAssertTrue(phone.state.hidesSensitiveContent)
        XCTAssertFalse(phone.platform.fullBrightness)
        phone.model.screenCaptureChanged(false)
        XCTAssertFalse(phone.state.hidesSensitiveContent)
        XCTAssertTrue(phone.platform.fullBrightness)
        XCTAssertEqual(phone.platform.brightness, [true, false, true])
    }

    // MARK: - Lock

    @MainActor
    func testTheAppSwitcherSeesACoverAndGoingToTheBackgroundLocksTheWallet() async throws {
        let phone = try await activatedPhone(siti)
        phone.model.openDocument(.ktpFull)
        phone.model.sceneWillResignActive()
        XCTAssertTrue(phone.state.privacy.coverShown)
        XCTAssertTrue(phone.state.hidesSensitiveContent)
        phone.model.sceneDidEnterBackground()
        XCTAssertEqual(phone.state.screen, .unlock)
        XCTAssertNil(phone.state.detail)
        XCTAssertTrue(phone.state.documents.isEmpty)
        phone.model.sceneDidBecomeActive()
        XCTAssertFalse(phone.state.privacy.coverShown)
        XCTAssertEqual(phone.state.screen, .unlock)
        // The core's session is gone too.
        XCTAssertEqual(phone.model.coreState, .locked)
        await phone.type(pin)
        XCTAssertEqual(phone.state.screen, .home)
    }

    @MainActor
    func testAfterTheAutoLockTimeWithoutATapTheWalletLocks() async throws {
        let phone = try await activatedPhone(siti)
        phone.model.openSettings()
        let seconds = try XCTUnwrap(phone.state.settings?.autoLockSeconds)
        phone.model.back()
        phone.clock.advance(Int64(seconds) - 5)
        phone.model.tick()
        XCTAssertEqual(phone.state.screen, .home)
        phone.model.openDocument(.vaccine)  // a tap: the idle time starts again
        // (The core reports whole seconds left, rounded down: the model may lock up to a
        // second early, never late.)
        phone.clock.advance(Int64(seconds) - 2)
        phone.model.tick()
        XCTAssertEqual(phone.state.screen, .document(.vaccine))
        phone.clock.advance(3)
        phone.model.tick()
        XCTAssertEqual(phone.state.screen, .unlock)
        XCTAssertEqual(phone.model.coreState, .locked)
        XCTAssertNil(phone.state.detail)
    }

    @MainActor
    func testAQrHeldUpAtADeskDoesNotAutoLockButTheHomeScreenDoes() async throws {
        let phone = try await activatedPhone(budi)
        let seconds = Int64(try XCTUnwrap(phone.state.settings?.autoLockSeconds))
        phone.model.showQr(.ktpBasic)
        // Each new frame counts as activity in the core (frames come every 15 s at most, the
        // shortest auto-lock is longer), so the model's lock deadline moves with every frame.
        var elapsed: Int64 = 0
        while elapsed <= 2 * seconds {
            let step = try XCTUnwrap(phone.state.qr?.secondsToNextFrame)
            phone.clock.advance(step)
            elapsed += step
            phone.model.tick()
            XCTAssertEqual(phone.state.screen, .qr(.ktpBasic))
        }
        XCTAssertGreaterThan(try XCTUnwrap(phone.state.qr?.frameNumber), 2)
        phone.model.back()
        phone.model.back()
        XCTAssertEqual(phone.state.screen, .home)
        phone.clock.advance(seconds)
        phone.model.tick()
        XCTAssertEqual(phone.state.screen, .unlock)
        XCTAssertFalse(phone.platform.fullBrightness)
    }

    // MARK: - Change PIN

    @MainActor
    func testChangingThePinTakesTheCurrentPinAndTheNewOneTwiceThenOnlyTheNewOneOpens() async throws {
        let phone = try await activatedPhone(siti)
        phone.model.openSettings()
        phone.model.startChangePin()
        XCTAssertEqual(phone.state.screen, .changePin(.currentPin))
        await phone.type(pin)
        XCTAssertEqual(phone.state.screen, .changePin(.newPin))
        await phone.type("111111")
        XCTAssertEqual(phone.state.screen, .changePin(.newPin))
        XCTAssertEqual(phone.state.message, errorText(error: .PinRejected(rule: .notAllSame)).id)
        // The open wallet's NIK is Siti's: her birth date is refused here too.
        await phone.type("170890")
        XCTAssertEqual(phone.state.screen, .changePin(.newPin))
        XCTAssertEqual(phone.state.message, errorText(error: .PinRejected(rule: .notBirthDate)).id)
        await phone.type("975318")
        XCTAssertEqual(phone.state.screen, .changePin(.confirmPin))
        await phone.type("975318")
        XCTAssertEqual(phone.state.screen, .settings)
        XCTAssertEqual(phone.state.notice, .pinChanged)

        phone.model.back()
        phone.model.lockNow()
        await phone.type(pin)
        XCTAssertEqual(phone.state.screen, .unlock)
        XCTAssertEqual(phone.state.lockout?.attemptsLeft, 9)
        await phone.type("975318")
        XCTAssertEqual(phone.state.screen, .home)
    }

    @MainActor
    func testAWrongCurrentPinInChangePinCountsAsAWrongTry() async throws {
        let phone = try await activatedPhone(siti)
        phone.model.openSettings()
        phone.model.startChangePin()
        await phone.type(wrongPin)
        await phone.type("975318")
        await phone.type("975318")
        XCTAssertEqual(phone.state.screen, .changePin(.currentPin))
        XCTAssertEqual(phone.state.lockout?.attemptsLeft, 9)
        XCTAssertEqual(phone.state.message, errorText(error: .WrongPin(attemptsLeft: 9, waitSeconds: 0)).id)
        phone.model.back()
        XCTAssertEqual(phone.state.screen, .settings)
    }

    // MARK: - Settings

    @MainActor
    func testEnglishTranslatesTheDocumentsAndMessagesAndIsRememberedAfterARestart() async throws {
        let phone = try await activatedPhone(siti)
        let titleId = try XCTUnwrap(phone.state.documents.first { $0.profile == .ktpFull }?.title)
        phone.model.openSettings()
        XCTAssertEqual(phone.state.settings?.language, .indonesian)
        XCTAssertEqual(phone.state.settings?.autoLockChoices.map(\.seconds), autoLockChoices())
        XCTAssertEqual(phone.state.settings?.autoLockChoices.first?.text, waitText(seconds: UInt64(autoLockChoices()[0])).id)
        phone.model.setLanguage(.english)
        XCTAssertEqual(phone.state.language, .english)
        XCTAssertEqual(phone.state.settings?.autoLockChoices.first?.text, waitText(seconds: UInt64(autoLockChoices()[0])).en)
        let choice = autoLockChoices().last!
        phone.model.setAutoLock(seconds: choice)
        XCTAssertEqual(phone.state.settings?.autoLockSeconds, choice)
        phone.model.back()
        let titleEn = try XCTUnwrap(phone.state.documents.first { $0.profile == .ktpFull }?.title)
        XCTAssertNotEqual(titleEn, titleId)

        phone.model.lockNow()
        await phone.type(wrongPin)
        XCTAssertEqual(phone.state.message, errorText(error: .WrongPin(attemptsLeft: 9, waitSeconds: 0)).en)

        let restarted = Phone(folder: phone.folder, keystore: phone.keystore)
        XCTAssertEqual(restarted.state.language, .english)
        await restarted.type(pin)
        XCTAssertEqual(restarted.state.documents.first { $0.profile == .ktpFull }?.title, titleEn)
        restarted.model.openSettings()
        XCTAssertEqual(restarted.state.settings?.autoLockSeconds, choice)
    }

    @MainActor
    func testUpdatingTheDocumentsOnlineConfirmsWithANotice() async throws {
        let phone = try await activatedPhone(siti)
        phone.model.openSettings()
        await phone.model.refreshDocuments()
        XCTAssertNil(phone.state.message)
        XCTAssertEqual(phone.state.notice, .documentsRefreshed)
        XCTAssertEqual(phone.state.documents.count, 7)
    }

    // MARK: - Re-activation

    @MainActor
    func testRemovingTheWalletInSettingsLeadsBackToActivationAndActivatingAgainWorks() async throws {
        let phone = try await activatedPhone(siti)
        phone.model.openSettings()
        phone.model.resetWallet()
        XCTAssertTrue(phone.state.documents.isEmpty)
        if case .reactivation = phone.state.screen {
            phone.model.startReactivation()
        }
        XCTAssertEqual(phone.state.screen, .activation(.scanQr))
        try await activate(phone, nik: siti)
        XCTAssertEqual(phone.state.documents.count, 7)
    }

    @MainActor
    func testADamagedVaultAsksForReActivationAndActivatingAgainWorks() async throws {
        let folder: String
        let keystore: MemoryKeystore
        do {
            let phone = try await activatedPhone(budi)
            phone.model.sceneDidEnterBackground()
            folder = phone.folder
            keystore = phone.keystore
        }
        // Storage damage: every file of the wallet overwritten with noise.
        let files = try FileManager.default.contentsOfDirectory(atPath: folder)
        XCTAssertFalse(files.isEmpty)
        for file in files {
            let path = folder + "/" + file
            let size = try XCTUnwrap(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
            try Data((0..<max(size, 4096)).map { _ in UInt8.random(in: 0...255) }).write(to: URL(fileURLWithPath: path))
        }
        let phone = Phone(folder: folder, keystore: keystore)
        XCTAssertEqual(phone.state.screen, .reactivation(.damaged), "files: \(files)")
        XCTAssertEqual(phone.state.message, errorText(error: .NeedsReactivation(reason: .damaged)).id)
        XCTAssertTrue(phone.state.documents.isEmpty)
        phone.model.startReactivation()
        XCTAssertEqual(phone.state.screen, .activation(.scanQr))
        try await activate(phone, nik: budi)
        XCTAssertEqual(phone.state.documents.count, 7)
    }
}
