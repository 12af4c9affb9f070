// Activation, one step per screen: what the view has, top to bottom (progress, instructions,
// the server, a field or the PIN pad, the camera button, next).
#if canImport(SwiftUI) && canImport(UIKit)
import IkdWalletKit
import SwiftUI

struct ActivationPage: View {
    @ObservedObject var store: WalletStore
    let screen: ActivationScreen

    var body: some View {
        ScrollView {
            VStack(alignment: .leading, spacing: 16) {
                Text(screen.progress).font(.subheadline).foregroundStyle(.secondary)
                Text(screen.instructions).font(.body)
                if let server = screen.server {
                    Label(server, systemImage: "building.columns").font(.callout)
                }
                if let input = screen.input {
                    TextInputView(store: store, input: input)
                }
                if let pad = screen.pad {
                    PinPadKeys(store: store, pad: pad)
                }
                if let scan = screen.scan {
                    ActionButtonView(store: store, button: scan).buttonStyle(.borderedProminent)
                }
                if let next = screen.next {
                    ActionButtonView(store: store, button: next).buttonStyle(.bordered)
                }
            }
            .padding()
        }
    }
}
#endif
