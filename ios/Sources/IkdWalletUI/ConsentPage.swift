// Who asks (institution, desk, sector, from its certificate), until when, a warning when the
// desk asks beyond its allowance, exactly the fields that would be shared, then share or decline.
#if canImport(SwiftUI) && canImport(UIKit)
import IkdWalletKit
import SwiftUI

struct ConsentPage: View {
    @ObservedObject var store: WalletStore
    let screen: ConsentScreen

    var body: some View {
        List {
            Section {
                Text(screen.institution).font(.headline)
                Text(screen.desk).font(.body)
                if let expires = screen.expires {
                    Text(expires).font(.callout).monospacedDigit()
                }
                if let note = screen.printedCardNote {
                    Text(note).font(.callout)
                }
                if let warning = screen.warning {
                    Label(warning, systemImage: "exclamationmark.triangle.fill")
                        .foregroundStyle(.red)
                }
            } header: {
                Text(screen.whoHeading)
            }
            Section {
                ForEach(Array(screen.fields.enumerated()), id: \.offset) { item in
                    VStack(alignment: .leading, spacing: 2) {
                        Text(item.element.label).font(.caption).foregroundStyle(.secondary)
                        Text(item.element.value).font(.body).textSelection(.disabled)
                    }
                    .accessibilityElement(children: .combine)
                }
            } header: {
                Text(screen.fieldsHeading)
            }
            Section {
                ActionButtonView(store: store, button: screen.share).buttonStyle(.borderedProminent)
                ActionButtonView(store: store, button: screen.decline, role: .cancel)
            } header: {
                Text(screen.question)
            }
        }
    }
}
#endif
