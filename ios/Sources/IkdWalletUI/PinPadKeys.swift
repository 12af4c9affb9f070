// The app's own PIN pad (no system keyboard: no keyboard cache, no third-party keyboards): the
// view's prompt and dots, ten digits, erase. A key sends its digit to the flow, where the digits
// stay; this view only knows how many dots to fill.
#if canImport(SwiftUI) && canImport(UIKit)
import IkdWalletKit
import SwiftUI

struct PinPadKeys: View {
    @ObservedObject var store: WalletStore
    let pad: PinPadView
    /// The dots grow with the text size.
    @ScaledMetric(relativeTo: .title) private var dotSize: CGFloat = 18

    private let rows: [[UInt8]] = [[1, 2, 3], [4, 5, 6], [7, 8, 9]]

    var body: some View {
        VStack(spacing: 20) {
            Text(pad.prompt).font(.title2).bold().multilineTextAlignment(.center)
                .accessibilityAddTraits(.isHeader)
            dots
            VStack(spacing: 12) {
                ForEach(rows, id: \.self) { row in
                    HStack(spacing: 12) {
                        ForEach(row, id: \.self) { digit in key(digit) }
                    }
                }
                HStack(spacing: 12) {
                    Color.clear.frame(maxWidth: .infinity).accessibilityHidden(true)
                    key(0)
                    Button {
                        store.send(.erase)
                    } label: {
                        Image(systemName: "delete.left").font(.title)
                            .frame(maxWidth: .infinity, minHeight: 56)
                    }
                    .accessibilityLabel(pad.eraseLabel)
                }
            }
            .disabled(!pad.enabled)
        }
        .padding()
    }

    private var dots: some View {
        HStack(spacing: 14) {
            ForEach(0..<Int(pad.length), id: \.self) { index in
                Circle()
                    .strokeBorder(Color.primary, lineWidth: 2)
                    .background(Circle().fill(index < Int(pad.filled) ? Color.primary : Color.clear))
                    .frame(width: dotSize, height: dotSize)
            }
        }
        .accessibilityElement()
        .accessibilityLabel(pad.accessibilityLabel)
    }

    private func key(_ digit: UInt8) -> some View {
        Button {
            store.send(.digit(digit: digit))
        } label: {
            Text(verbatim: "\(digit)").font(.title)
                .frame(maxWidth: .infinity, minHeight: 56)
                .background(Color.secondary.opacity(0.15))
                .clipShape(RoundedRectangle(cornerRadius: 12))
        }
        .buttonStyle(.plain)
        .accessibilityLabel("\(digit)")
    }
}

/// The PIN that opens the wallet, the tries left and the wait (counted down by the flow).
struct UnlockPage: View {
    @ObservedObject var store: WalletStore
    let screen: UnlockScreen

    var body: some View {
        ScrollView {
            VStack(spacing: 8) {
                PinPadKeys(store: store, pad: screen.pad)
                Text(screen.triesLeft).font(.callout)
                if let wait = screen.wait {
                    Text(wait).font(.callout).bold()
                }
                if let biometric = screen.biometric {
                    ActionButtonView(store: store, button: biometric).buttonStyle(.bordered)
                }
            }
            .multilineTextAlignment(.center)
        }
    }
}
#endif
