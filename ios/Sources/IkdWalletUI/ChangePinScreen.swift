// Change PIN: the current PIN, the new one, the new one again, each on the app's own pad.
#if canImport(SwiftUI) && canImport(UIKit)
import IkdWalletKit
import SwiftUI

struct ChangePinScreen: View {
    @ObservedObject var store: WalletStore
    let step: ChangePinStep

    var body: some View {
        ScrollView {
            PinPadView(store: store, title: title)
        }
        .navigationTitle(store.L("changePin.title"))
        .toolbar {
            ToolbarItem(placement: .navigationBarLeading) {
                Button(store.L("common.cancel")) { store.model.back() }
                    .accessibilityLabel(store.L("common.cancel"))
            }
        }
        .navigationBarBackButtonHidden(true)
    }

    private var title: String {
        switch step {
        case .currentPin: return store.L("changePin.current")
        case .newPin: return store.L("changePin.new")
        case .confirmPin: return store.L("changePin.confirm")
        }
    }
}
#endif
