package id.go.ikd.wallet

import android.graphics.Typeface
import android.view.View
import uniffi.ikd_ffi.AppLanguage
import uniffi.ikd_ffi.DocumentView

/** One document on screen, field by field in the paper's order. Tags: field_<n>, show_qr, back. */
class DocumentScreen(activity: MainActivity, private val document: DocumentView) : Screen(activity) {
    override fun build(): View {
        val english = activity.language == AppLanguage.ENGLISH
        val column = Ui.column(activity)
        column.addView(Ui.title(activity, if (english) document.titleEn else document.titleId))
        document.fields.forEachIndexed { index, field ->
            val label = if (english) field.labelEn else field.labelId
            column.addView(Ui.body(activity, label).apply { setTypeface(typeface, Typeface.BOLD) })
            column.addView(
                Ui.body(activity, field.value, "field_$index").apply {
                    contentDescription = "$label: ${field.value}"
                    setTextIsSelectable(false)
                },
            )
        }
        column.addView(Ui.button(activity, text(R.string.detail_show_qr), "show_qr") { activity.show(QrScreen(activity, document)) })
        column.addView(Ui.button(activity, text(R.string.back), "back") { back() })
        return Ui.screen(activity, column)
    }

    override fun back(): Boolean {
        activity.show(HomeScreen(activity))
        return true
    }

}
