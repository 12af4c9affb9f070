// One document: every line in the order of the paper document, the KK's members as a table, and
// "show at a desk" (the desk's request names what it asks for).
#if canImport(SwiftUI) && canImport(UIKit)
import IkdWalletKit
import SwiftUI

struct DocumentPage: View {
    @ObservedObject var store: WalletStore
    let screen: DocumentScreen

    var body: some View {
        List {
            Section {
                ForEach(Array(screen.fields.enumerated()), id: \.offset) { item in
                    VStack(alignment: .leading, spacing: 2) {
                        Text(item.element.label).font(.caption).foregroundStyle(.secondary)
                        Text(item.element.value).font(.body).textSelection(.disabled)
                    }
                    .accessibilityElement(children: .combine)
                }
            } header: {
                Text(screen.holderName)
            } footer: {
                if let validUntil = screen.validUntil {
                    Text(validUntil)
                }
            }
            if let members = screen.members {
                Section {
                    MembersTable(table: members)
                } header: {
                    Text(members.caption)
                }
            }
            Section {
                ActionButtonView(store: store, button: screen.showAtDesk).buttonStyle(.borderedProminent)
            } footer: {
                Text(screen.showAtDeskHint)
            }
        }
    }
}

/// The KK's members: a header row and one row per member; VoiceOver reads each row as one
/// sentence. Scrolls sideways when the text is large.
struct MembersTable: View {
    let table: MemberTable

    var body: some View {
        ScrollView(.horizontal) {
            Grid(alignment: .leading, horizontalSpacing: 16, verticalSpacing: 8) {
                GridRow {
                    ForEach(Array(table.columns.enumerated()), id: \.offset) { column in
                        Text(column.element).font(.caption).bold()
                    }
                }
                .accessibilityHidden(true)
                ForEach(Array(table.rows.enumerated()), id: \.offset) { row in
                    GridRow {
                        ForEach(Array(row.element.cells.enumerated()), id: \.offset) { cell in
                            Text(cell.element).font(.callout)
                        }
                    }
                    .accessibilityElement(children: .ignore)
                    .accessibilityLabel(row.element.accessibilityLabel)
                }
            }
        }
    }
}
#endif
