// Reading the desk's request: the camera button, or the request's text pasted, then next.
#if canImport(SwiftUI) && canImport(UIKit)
import IkdWalletKit
import SwiftUI

struct DeskScanPage: View {
    @ObservedObject var store: WalletStore
    let screen: DeskScanScreen

    var body: some View {
        ScrollView {
            VStack(alignment: .leading, spacing: 16) {
                Text(screen.instructions).font(.body)
                ActionButtonView(store: store, button: screen.scan).buttonStyle(.borderedProminent)
                TextInputView(store: store, input: screen.input)
                ActionButtonView(store: store, button: screen.next).buttonStyle(.bordered)
            }
            .padding()
        }
    }
}
#endif
