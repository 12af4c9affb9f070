// The camera over the screen while the view has a scanner: its prompt, the camera, cancel. A
// code read (or a camera that cannot be used) goes to the flow as it is.
#if canImport(SwiftUI) && canImport(UIKit)
import IkdWalletKit
import SwiftUI

struct ScannerPage: View {
    @ObservedObject var store: WalletStore
    let scanner: ScannerView

    var body: some View {
        VStack(spacing: 16) {
            Text(scanner.prompt).font(.headline).multilineTextAlignment(.center)
            QrScannerView { event in
                store.send(event)
            }
            .aspectRatio(1, contentMode: .fit)
            .clipShape(RoundedRectangle(cornerRadius: 12))
            .accessibilityLabel(store.L("a11y.camera"))
            ActionButtonView(store: store, button: scanner.cancel).buttonStyle(.bordered)
        }
        .padding()
    }
}
#endif
