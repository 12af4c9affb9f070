// The rotating QR code: drawn from the core's module matrix, the countdown to the next frame,
// the desk it is for. The model asks for full brightness while it is up.
#if canImport(SwiftUI) && canImport(UIKit)
import IkdWalletKit
import SwiftUI

struct QrScreen: View {
    @ObservedObject var store: WalletStore
    let profile: DocumentProfile

    var body: some View {
        ScrollView {
            VStack(spacing: 16) {
                if let qr = store.state.qr {
                    QrCanvas(qr: qr)
                        .aspectRatio(1, contentMode: .fit)
                        .padding(12)
                        .background(Color.white)
                        .accessibilityElement()
                        .accessibilityLabel(store.L("a11y.qr", "\(qr.secondsToNextFrame)"))
                        .id(qr.frameNumber)
                    Text(store.L("qr.countdown", "\(qr.secondsToNextFrame)"))
                        .font(.headline)
                        .monospacedDigit()
                        .accessibilityHidden(true)
                    Text(store.L("qr.desk", qr.verifierName)).font(.footnote).foregroundStyle(.secondary)
                    Text(store.L("qr.hint")).font(.footnote).multilineTextAlignment(.center)
                }
                MessageView(store: store)
            }
            .padding()
        }
        .navigationTitle(store.L("qr.title"))
        .toolbar {
            ToolbarItem(placement: .navigationBarLeading) {
                Button(store.L("common.back")) { store.model.back() }
                    .accessibilityLabel(store.L("common.back"))
            }
        }
        .navigationBarBackButtonHidden(true)
    }
}

/// Black modules on white with the quiet zone; crisp at any size.
struct QrCanvas: View {
    let qr: QrState

    var body: some View {
        Canvas { context, canvasSize in
            let quiet = 4
            let side = qr.size + 2 * quiet
            let cell = min(canvasSize.width, canvasSize.height) / CGFloat(side)
            var path = Path()
            for row in 0..<qr.size {
                for column in 0..<qr.size where qr.modules[row * qr.size + column] {
                    path.addRect(CGRect(x: CGFloat(column + quiet) * cell, y: CGFloat(row + quiet) * cell,
                                        width: cell, height: cell))
                }
            }
            context.fill(path, with: .color(.black))
        }
    }
}
#endif
