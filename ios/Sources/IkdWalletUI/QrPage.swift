// The rotating QR code: drawn from the view's module matrix (absent while hidden), the
// countdown, the desk, the profile it shows. The frames change at the flow's ticks.
#if canImport(SwiftUI) && canImport(UIKit)
import IkdWalletKit
import SwiftUI

struct QrPage: View {
    @ObservedObject var store: WalletStore
    let screen: QrScreen

    var body: some View {
        ScrollView {
            VStack(spacing: 16) {
                Text(screen.profileLabel).font(.headline)
                if let matrix = screen.matrix {
                    QrCanvas(matrix: matrix)
                        .aspectRatio(1, contentMode: .fit)
                        .background(Color.white)
                        .accessibilityElement()
                        .accessibilityLabel(screen.accessibilityLabel)
                        .id(screen.frameNumber)
                }
                Text(screen.countdown).font(.headline).monospacedDigit().accessibilityHidden(true)
                Text(screen.desk).font(.footnote).foregroundStyle(.secondary)
                Text(screen.hint).font(.footnote).multilineTextAlignment(.center)
            }
            .padding()
        }
    }
}

/// Black modules on white with the 4-module quiet zone, whole pixels per module (crisp).
struct QrCanvas: View {
    let matrix: QrMatrix
    @Environment(\.displayScale) private var displayScale

    var body: some View {
        Canvas { context, canvasSize in
            let size = Int(matrix.size)
            let side = size + 8
            let pixels = (min(canvasSize.width, canvasSize.height) * displayScale / CGFloat(side)).rounded(.down)
            let cell = max(1, pixels) / displayScale
            var path = Path()
            for row in 0..<size {
                for column in 0..<size where matrix.modules[row * size + column] {
                    path.addRect(CGRect(x: CGFloat(column + 4) * cell, y: CGFloat(row + 4) * cell,
                                        width: cell, height: cell))
                }
            }
            context.fill(path, with: .color(.black))
        }
    }
}
#endif
