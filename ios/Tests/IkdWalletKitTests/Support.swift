// What the journeys need around the model: a clock moved by hand, a platform that records what
// the model asked for, a software keystore (MemoryKeystore.swift and Sha256.swift, shared with
// tests/swift, where the phone would use the Secure Enclave), and the officer's side of
// activation through the real issuer's HTTP API and outbox (tests/ios/run.sh starts it).

import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
@testable import IkdWalletKit
import XCTest

/// Starts at the real time (the core's lockout and auto-lock use the real clock) and moves only
/// when a test says so.
final class TestClock: ModelClock, @unchecked Sendable {
    private let lock = NSLock()
    private var now = Int64(Date().timeIntervalSince1970)

    func nowUnix() -> Int64 {
        lock.lock(); defer { lock.unlock() }
        return now
    }

    func advance(_ seconds: Int64) {
        lock.lock(); defer { lock.unlock() }
        now += seconds
    }

    /// Back in step with the wall clock.
    func catchUp() {
        lock.lock(); defer { lock.unlock() }
        now = max(now, Int64(Date().timeIntervalSince1970))
    }
}

@MainActor
final class RecordingPlatform: PlatformHooks {
    private(set) var brightness: [Bool] = []
    var fullBrightness: Bool { brightness.last ?? false }
    func setFullBrightness(_ on: Bool) { brightness.append(on) }
}

/// The test issuer and the desk's file of frames, from tests/ios/run.sh.
enum TestIssuer {
    static let env = ProcessInfo.processInfo.environment

    static func value(_ name: String) -> String {
        guard let value = env[name] else {
            fatalError("\(name) is not set: run these tests with `bash tests/ios/run.sh`")
        }
        return value
    }

    /// The issuer's host, as the activation screen shows it.
    static var host: String { URL(string: value("IKD_ISSUER_URL"))!.host! }

    /// The officer enrolls `nik`: the activation QR's text and the e-mailed code (from the outbox).
    static func enroll(_ nik: String) throws -> (qr: String, code: String) {
        var request = URLRequest(url: URL(string: value("IKD_ISSUER_URL") + "/v1/officer/enrollments")!)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue("Bearer " + value("IKD_OFFICER_TOKEN"), forHTTPHeaderField: "Authorization")
        request.httpBody = try JSONSerialization.data(withJSONObject: ["nik": nik, "email": "warga.contoh@example.id"])
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var body = Data()
        URLSession.shared.dataTask(with: request) { data, _, _ in
            body = data ?? Data()
            done.signal()
        }.resume()
        done.wait()
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: body) as? [String: Any])
        let id = try XCTUnwrap(json["enrollment_id"] as? String)
        let eml = try String(contentsOfFile: value("IKD_ISSUER_DATA") + "/outbox/\(id).eml", encoding: .utf8)
        let prefix = "Your IKD activation code: "
        let line = try XCTUnwrap(eml.split(separator: "\r\n").first { $0.hasPrefix(prefix) })
        return (try XCTUnwrap(json["activation_qr"] as? String), String(line.dropFirst(prefix.count)))
    }

    /// Appends a frame the QR screen showed, for `ikd verify --payload-hex HEX --at AT` after the run.
    static func saveFrameForTheDesk(at: Int64, payload: Data) throws {
        let line = "\(at) " + payload.map { String(format: "%02x", $0) }.joined() + "\n"
        let path = value("IKD_FRAMES_OUT")
        if !FileManager.default.fileExists(atPath: path) {
            _ = FileManager.default.createFile(atPath: path, contents: nil)
        }
        let handle = try XCTUnwrap(FileHandle(forWritingAtPath: path))
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(line.utf8))
    }
}
