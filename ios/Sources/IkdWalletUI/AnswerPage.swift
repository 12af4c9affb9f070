// The answer QR for the one desk that asked: drawn from the view's module matrix (absent while
// hidden), whom it is for, the countdown to its expiry, and "done".
#if canImport(SwiftUI) && canImport(UIKit)
import IkdWalletKit
import SwiftUI

struct AnswerPage: View {
    @ObservedObject var store: WalletStore
    let screen: AnswerScreen

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
                }
                Text(screen.desk).font(.headline)
                Text(screen.countdown).font(.headline).monospacedDigit().accessibilityHidden(true)
                Text(screen.hint).font(.footnote).multilineTextAlignment(.center)
                ActionButtonView(store: store, button: screen.done).buttonStyle(.bordered)
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
