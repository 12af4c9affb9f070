package id.go.ikd.wallet

import android.graphics.Typeface
import android.util.TypedValue
import android.view.View
import android.widget.LinearLayout
import android.widget.TextView
import uniffi.ikd_ffi.AppLanguage
import uniffi.ikd_ffi.DocumentView

/**
 * The document cards, as the core lists them, and the way to the other screens.
 * Tags: doc_<PROFILE>, change_pin, settings, lock, refresh, status.
 */
class HomeScreen(activity: MainActivity, private val notice: String? = null) : Screen(activity) {
    private val status = Ui.status(activity, "status")

    override fun build(): View {
        val column = Ui.column(activity)
        column.addView(Ui.title(activity, text(R.string.home_title)))
        column.addView(status)
        notice?.let { say(it) }
        for (document in activity.wallet.documents()) column.addView(card(document))
        column.addView(Ui.button(activity, text(R.string.home_refresh), "refresh") { refresh() })
        column.addView(Ui.button(activity, text(R.string.home_change_pin), "change_pin") { activity.show(ChangePinScreen(activity)) })
        column.addView(Ui.button(activity, text(R.string.home_settings), "settings") { activity.show(SettingsScreen(activity)) })
        column.addView(
            Ui.button(activity, text(R.string.home_lock), "lock") {
                activity.wallet.lock()
                activity.route()
            },
        )
        return Ui.screen(activity, column)
    }

    private fun card(document: DocumentView): View {
        val title = title(document)
        return LinearLayout(activity).apply {
            orientation = LinearLayout.VERTICAL
            tag = "doc_${document.profile.name}"
            isClickable = true
            isFocusable = true
            contentDescription = text(R.string.home_card, title, document.holderName)
            setBackgroundColor(activity.getColor(R.color.ikd_card))
            val pad = Ui.dp(activity, 16)
            setPadding(pad, pad, pad, pad)
            layoutParams = LinearLayout.LayoutParams(
                LinearLayout.LayoutParams.MATCH_PARENT, LinearLayout.LayoutParams.WRAP_CONTENT,
            ).apply { topMargin = Ui.dp(activity, 8) }
            addView(
                TextView(activity).apply {
                    text = title
                    setTextSize(TypedValue.COMPLEX_UNIT_SP, 20f)
                    setTypeface(typeface, Typeface.BOLD)
                },
            )
            addView(Ui.body(activity, document.holderName))
            setOnClickListener { activity.show(DocumentScreen(activity, document)) }
        }
    }

    private fun title(document: DocumentView) =
        if (activity.language == AppLanguage.ENGLISH) document.titleEn else document.titleId

    private fun say(message: String) {
        status.text = message
        Ui.visible(status, true)
    }

    private fun refresh() {
        say(text(R.string.working))
        activity.background({ activity.wallet.refreshDocuments() }) { result ->
            result.onSuccess { activity.show(HomeScreen(activity, text(R.string.home_refreshed))) }
                .onFailure { say(activity.explain(it)) }
        }
    }
}
