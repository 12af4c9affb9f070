// Change PIN: the current PIN, the new one, the new one again, each on the app's own pad.
#if canImport(SwiftUI) && canImport(UIKit)
import IkdWalletKit
import SwiftUI

struct ChangePinPage: View {
    @ObservedObject var store: WalletStore
    let screen: ChangePinScreen

    var body: some View {
        ScrollView {
            VStack(spacing: 8) {
                Text(screen.progress).font(.subheadline).foregroundStyle(.secondary)
                PinPadKeys(store: store, pad: screen.pad)
            }
        }
    }
}
#endif
