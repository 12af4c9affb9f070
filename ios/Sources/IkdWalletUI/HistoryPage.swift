// Riwayat: what was shown, when and to whom, newest first; each entry read as one sentence by
// VoiceOver, with its own delete button; "delete all" asks first on its own screen.
#if canImport(SwiftUI) && canImport(UIKit)
import IkdWalletKit
import SwiftUI

struct HistoryPage: View {
    @ObservedObject var store: WalletStore
    let screen: HistoryScreen

    var body: some View {
        List {
            if let empty = screen.empty {
                Text(empty).font(.body)
            }
            ForEach(Array(screen.entries.enumerated()), id: \.offset) { item in
                let row = item.element
                VStack(alignment: .leading, spacing: 4) {
                    VStack(alignment: .leading, spacing: 2) {
                        Text(row.when).font(.footnote).foregroundStyle(.secondary)
                        Text(row.institution).font(.headline)
                        Text(row.desk).font(.subheadline)
                        Text(row.profileLabel).font(.subheadline)
                        Text(row.fields.joined(separator: ", ")).font(.footnote)
                        if let note = row.printedCardNote {
                            Text(note).font(.footnote).foregroundStyle(.secondary)
                        }
                    }
                    .accessibilityElement(children: .ignore)
                    .accessibilityLabel(row.accessibilityLabel)
                    ActionButtonView(store: store, button: row.delete, role: .destructive)
                }
                .padding(.vertical, 4)
            }
            if let clearAll = screen.clearAll {
                Section {
                    ActionButtonView(store: store, button: clearAll, role: .destructive)
                }
            }
        }
    }
}
#endif
