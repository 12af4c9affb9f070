// One document, every line in the order of the paper document, and the button to its QR code.
#if canImport(SwiftUI) && canImport(UIKit)
import IkdWalletKit
import SwiftUI

struct DocumentScreen: View {
    @ObservedObject var store: WalletStore
    let profile: DocumentProfile

    var body: some View {
        List {
            if let detail = store.state.detail {
                Section {
                    ForEach(Array(detail.fields.enumerated()), id: \.offset) { item in
                        VStack(alignment: .leading, spacing: 2) {
                            Text(item.element.label).font(.caption).foregroundStyle(.secondary)
                            Text(item.element.value).font(.body).textSelection(.disabled)
                        }
                        .accessibilityElement(children: .combine)
                    }
                } header: {
                    Text(detail.holderName)
                }
                Section {
                    Button {
                        store.model.showQr(profile)
                    } label: {
                        Label(store.L("document.showQr"), systemImage: "qrcode")
                    }
                    .accessibilityLabel(store.L("document.showQr"))
                }
            }
        }
        .navigationTitle(store.state.detail?.title ?? "")
        .toolbar {
            ToolbarItem(placement: .navigationBarLeading) {
                Button(store.L("common.back")) { store.model.back() }
                    .accessibilityLabel(store.L("common.back"))
            }
        }
        .navigationBarBackButtonHidden(true)
    }
}
#endif
