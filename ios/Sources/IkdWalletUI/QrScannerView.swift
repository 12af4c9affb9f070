// The camera reading a QR (AVFoundation metadata output, QR only): the officer's activation QR
// or the desk's request. What it reads goes to the flow as an event, and the camera stops.
// A byte-mode QR (the desk's request) is handed over as its data codewords, which the core
// decodes: `stringValue` would guess a character set for binary content. A camera that is
// denied or missing is reported to the flow, which says what to do instead.
#if canImport(SwiftUI) && canImport(UIKit) && canImport(AVFoundation)
import AVFoundation
import CoreImage
import IkdWalletKit
import SwiftUI
import UIKit

struct QrScannerView: UIViewControllerRepresentable {
    let onEvent: @MainActor (AppEvent) -> Void

    func makeUIViewController(context: Context) -> ScannerController {
        let controller = ScannerController()
        controller.onEvent = onEvent
        return controller
    }

    func updateUIViewController(_ controller: ScannerController, context: Context) {}
}

final class ScannerController: UIViewController, @preconcurrency AVCaptureMetadataOutputObjectsDelegate {
    var onEvent: (@MainActor (AppEvent) -> Void)?
    private let session = AVCaptureSession()
    private var preview: AVCaptureVideoPreviewLayer?
    private var delivered = false

    override func viewDidLoad() {
        super.viewDidLoad()
        view.backgroundColor = .black
        switch AVCaptureDevice.authorizationStatus(for: .video) {
        case .authorized:
            configure()
        case .notDetermined:
            AVCaptureDevice.requestAccess(for: .video) { granted in
                Task { @MainActor [weak self] in
                    if granted { self?.configure() } else { self?.deliver(.cameraUnavailable(problem: .denied)) }
                }
            }
        default:
            // Denied in Settings, or restricted by the device's owner (parental controls, MDM).
            deliver(.cameraUnavailable(problem: .denied))
        }
    }

    private func configure() {
        guard let camera = AVCaptureDevice.default(for: .video),
              let input = try? AVCaptureDeviceInput(device: camera),
              session.canAddInput(input)
        else {
            deliver(.cameraUnavailable(problem: .missing))
            return
        }
        session.addInput(input)
        let output = AVCaptureMetadataOutput()
        guard session.canAddOutput(output) else {
            deliver(.cameraUnavailable(problem: .missing))
            return
        }
        session.addOutput(output)
        output.setMetadataObjectsDelegate(self, queue: .main)
        output.metadataObjectTypes = [.qr]
        let layer = AVCaptureVideoPreviewLayer(session: session)
        layer.videoGravity = .resizeAspectFill
        layer.frame = view.bounds
        view.layer.addSublayer(layer)
        preview = layer
        // startRunning blocks: off the main thread. AVCaptureSession is thread-safe but not
        // marked Sendable.
        nonisolated(unsafe) let session = self.session
        DispatchQueue.global(qos: .userInitiated).async { session.startRunning() }
    }

    override func viewDidLayoutSubviews() {
        super.viewDidLayoutSubviews()
        preview?.frame = view.bounds
    }

    override func viewWillDisappear(_ animated: Bool) {
        super.viewWillDisappear(animated)
        nonisolated(unsafe) let session = self.session
        DispatchQueue.global(qos: .userInitiated).async { session.stopRunning() }
    }

    func metadataOutput(_ output: AVCaptureMetadataOutput, didOutput objects: [AVMetadataObject],
                        from connection: AVCaptureConnection) {
        guard !delivered,
              let code = objects.compactMap({ $0 as? AVMetadataMachineReadableCodeObject }).first
        else { return }
        if let qr = code.descriptor as? CIQRCodeDescriptor,
           let version = UInt8(exactly: qr.symbolVersion) {
            deliver(.scannedCodewords(version: version, codewords: qr.errorCorrectedPayload))
        } else if let text = code.stringValue {
            deliver(.scanned(text: text))
        }
    }

    private func deliver(_ event: AppEvent) {
        guard !delivered else { return }
        delivered = true
        nonisolated(unsafe) let session = self.session
        DispatchQueue.global(qos: .userInitiated).async { session.stopRunning() }
        onEvent?(event)
    }
}
#endif
