package id.go.ikd.wallet

import android.view.View
import android.widget.RadioButton
import android.widget.RadioGroup
import uniffi.ikd_ffi.AppLanguage
import uniffi.ikd_ffi.autoLockChoices
import uniffi.ikd_ffi.waitText

/**
 * Language and auto-lock, stored by the core (the choices are the core's too).
 * Tags: lang_id, lang_en, autolock_<seconds>, back.
 */
class SettingsScreen(activity: MainActivity) : Screen(activity) {
    override fun build(): View {
        val settings = activity.wallet.settings()
        val column = Ui.column(activity)
        column.addView(Ui.title(activity, text(R.string.settings_title)))

        column.addView(Ui.body(activity, text(R.string.settings_language)))
        val languages = RadioGroup(activity)
        for ((language, label, tag) in listOf(
            Triple(AppLanguage.INDONESIAN, R.string.settings_language_id, "lang_id"),
            Triple(AppLanguage.ENGLISH, R.string.settings_language_en, "lang_en"),
        )) {
            languages.addView(
                radio(text(label), tag, settings.language == language) {
                    val saved = activity.wallet.setSettings(activity.wallet.settings().copy(language = language))
                    activity.applyLanguage(saved.language)
                    activity.show(SettingsScreen(activity))
                },
            )
        }
        column.addView(languages)

        column.addView(Ui.body(activity, text(R.string.settings_auto_lock)))
        val autoLock = RadioGroup(activity)
        for (seconds in autoLockChoices()) {
            autoLock.addView(
                radio(activity.pick(waitText(seconds.toULong())), "autolock_$seconds", settings.autoLockSeconds == seconds) {
                    activity.wallet.setSettings(activity.wallet.settings().copy(autoLockSeconds = seconds))
                    activity.userActive()
                },
            )
        }
        column.addView(autoLock)
        column.addView(Ui.button(activity, text(R.string.back), "back") { back() })
        return Ui.screen(activity, column)
    }

    private fun radio(label: String, tag: String, checked: Boolean, onChosen: () -> Unit) = RadioButton(activity).apply {
        text = label
        this.tag = tag
        contentDescription = label
        textSize = 18f
        id = View.generateViewId()
        isChecked = checked
        setOnClickListener { onChosen() }
    }

    override fun back(): Boolean {
        activity.show(HomeScreen(activity))
        return true
    }
}
