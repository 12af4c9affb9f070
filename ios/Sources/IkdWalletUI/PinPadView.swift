// The app's own PIN pad (no system keyboard: no keyboard cache, no third-party keyboards): six
// dots, ten digits, erase. The digits go straight to the core's PinPad through the model; the
// view only knows how many were typed.
#if canImport(SwiftUI) && canImport(UIKit)
import IkdWalletKit
import SwiftUI

struct PinPadView: View {
    @ObservedObject var store: WalletStore
    /// What the pad is for ("Masukkan PIN", "PIN baru"...), read first by VoiceOver.
    let title: String
    /// The dots grow with the text size.
    @ScaledMetric(relativeTo: .title) private var dotSize: CGFloat = 18

    private let rows: [[UInt8]] = [[1, 2, 3], [4, 5, 6], [7, 8, 9]]

    var body: some View {
        VStack(spacing: 20) {
            Text(title).font(.title2).bold().multilineTextAlignment(.center)
                .accessibilityAddTraits(.isHeader)
            dots
            lockoutInfo
            MessageView(store: store)
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
                        store.model.tapErase()
                    } label: {
                        Image(systemName: "delete.left").font(.title)
                            .frame(maxWidth: .infinity, minHeight: 56)
                    }
                    .accessibilityLabel(store.L("a11y.pin.erase"))
                    .disabled(store.state.pad.entered == 0)
                }
            }
            .disabled(!store.state.pad.enabled)
            if store.state.busy {
                ProgressView().accessibilityLabel(store.L("a11y.checking"))
            }
        }
        .padding()
    }

    private var dots: some View {
        HStack(spacing: 14) {
            ForEach(0..<store.state.pad.length, id: \.self) { index in
                Circle()
                    .strokeBorder(Color.primary, lineWidth: 2)
                    .background(Circle().fill(index < store.state.pad.entered ? Color.primary : Color.clear))
                    .frame(width: dotSize, height: dotSize)
            }
        }
        .accessibilityElement()
        .accessibilityLabel(store.L("a11y.pin.entered", "\(store.state.pad.entered)/\(store.state.pad.length)"))
    }

    @ViewBuilder private var lockoutInfo: some View {
        if let lockout = store.state.lockout {
            VStack(spacing: 4) {
                Text(store.L("pin.attemptsLeft", "\(lockout.attemptsLeft)")).font(.callout)
                if let wait = lockout.waitText {
                    Text(store.L("pin.waitFor", wait)).font(.callout).bold()
                }
            }
            .multilineTextAlignment(.center)
            .accessibilityElement(children: .combine)
        }
    }

    private func key(_ digit: UInt8) -> some View {
        Button {
            store.run { await $0.tapDigit(digit) }
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

struct UnlockScreen: View {
    @ObservedObject var store: WalletStore

    var body: some View {
        ScrollView {
            PinPadView(store: store, title: store.L("unlock.title"))
        }
        .navigationTitle(store.L("app.name"))
    }
}
#endif
