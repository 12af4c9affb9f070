package id.go.ikd.wallet

import android.content.Context
import android.graphics.drawable.BitmapDrawable
import android.text.Editable
import android.text.InputFilter
import android.text.TextWatcher
import android.view.View
import android.view.ViewGroup
import android.view.inputmethod.EditorInfo
import android.widget.EditText
import android.widget.ImageView
import android.widget.LinearLayout
import android.widget.ProgressBar
import android.widget.RadioButton
import android.widget.Switch
import android.widget.TableLayout
import android.widget.TableRow
import uniffi.ikd_ffi.ActionButton
import uniffi.ikd_ffi.AppEvent
import uniffi.ikd_ffi.AppView
import uniffi.ikd_ffi.Banner
import uniffi.ikd_ffi.BannerTone
import uniffi.ikd_ffi.Choice
import uniffi.ikd_ffi.DocumentCard
import uniffi.ikd_ffi.MemberTable
import uniffi.ikd_ffi.AnswerScreen
import uniffi.ikd_ffi.ConsentScreen
import uniffi.ikd_ffi.FieldLine
import uniffi.ikd_ffi.HistoryRow
import uniffi.ikd_ffi.QrMatrix
import uniffi.ikd_ffi.Screen
import uniffi.ikd_ffi.TextInput
import uniffi.ikd_ffi.Toggle

/**
 * Draws an AppView as framework views and turns taps into the events the view names. It decides
 * nothing: every text, enabled flag and event comes from the view. Tags (for the tests) name the
 * event a control sends: see [tagOf].
 */
class Renderer(private val context: Context, private val send: (AppEvent) -> Unit) {
    /** The one text field, kept across redraws of its step so typing keeps focus and cursor. */
    private var field: EditText? = null
    private var fieldLabel: String? = null
    private var muted = false
    private val watcher = object : TextWatcher {
        override fun beforeTextChanged(s: CharSequence?, start: Int, count: Int, after: Int) {}
        override fun onTextChanged(s: CharSequence?, start: Int, before: Int, count: Int) {}
        override fun afterTextChanged(s: Editable) {
            if (!muted) send(AppEvent.TextChanged(s.toString()))
        }
    }

    fun draw(view: AppView): View {
        if (view.hideContent) {
            field = null
            return View(context).apply { tag = "cover"; setBackgroundColor(context.getColor(R.color.ikd_background)) }
        }
        val column = Ui.column(context)
        view.back?.let { column.addView(button(it)) }
        column.addView(Ui.title(context, view.title, "title"))
        view.banner?.let { column.addView(banner(it)) }
        view.busy?.let { busy ->
            column.addView(ProgressBar(context).apply { isIndeterminate = true })
            column.addView(Ui.status(context, busy, "busy"))
        }
        var input: TextInput? = null
        when (val screen = view.screen) {
            is Screen.ChooseLanguage -> {
                column.addView(Ui.body(context, screen.v1.prompt, "prompt"))
                for (each in screen.v1.choices) column.addView(choice(each))
            }
            is Screen.Activation -> with(screen.v1) {
                column.addView(Ui.body(context, progress, "progress"))
                column.addView(Ui.body(context, instructions, "instructions"))
                server?.let { column.addView(Ui.body(context, it, "server")) }
                this.input?.let { input = it; textField(column, it) }
                pad?.let { column.addView(Keypad(context, it, send)) }
                scan?.let { column.addView(button(it)) }
                next?.let { column.addView(button(it)) }
            }
            is Screen.Unlock -> with(screen.v1) {
                column.addView(Ui.status(context, triesLeft, "tries_left"))
                wait?.let { column.addView(Ui.status(context, it, "wait")) }
                column.addView(Keypad(context, pad, send))
                biometric?.let { column.addView(button(it)) }
            }
            is Screen.Home -> with(screen.v1) {
                column.addView(Ui.body(context, greeting, "greeting"))
                for (each in cards) column.addView(card(each))
                column.addView(button(history))
                column.addView(button(settings))
                column.addView(button(lock))
            }
            is Screen.Document -> with(screen.v1) {
                column.addView(Ui.title(context, holderName, "holder", 20f))
                validUntil?.let { column.addView(Ui.status(context, it, "valid_until")) }
                fieldLines(column, fields, "field")
                members?.let { column.addView(members(it)) }
                column.addView(button(showAtDesk))
                column.addView(Ui.body(context, showAtDeskHint, "show_at_desk_hint"))
            }
            is Screen.DeskScan -> with(screen.v1) {
                column.addView(Ui.body(context, instructions, "instructions"))
                column.addView(button(scan))
                input = this.input
                textField(column, this.input)
                column.addView(button(next))
            }
            is Screen.Consent -> consent(column, screen.v1)
            is Screen.Answer -> answer(column, screen.v1)
            is Screen.ChangePin -> with(screen.v1) {
                column.addView(Ui.body(context, progress, "progress"))
                column.addView(Keypad(context, pad, send))
            }
            is Screen.Settings -> with(screen.v1) {
                column.addView(Ui.title(context, languageHeading, size = 18f))
                for (each in languages) column.addView(choice(each))
                column.addView(Ui.title(context, autoLockHeading, size = 18f))
                for (each in autoLock) column.addView(choice(each))
                biometric?.let { column.addView(toggle(it)) }
                column.addView(button(changePin))
                column.addView(button(refresh))
                column.addView(button(reset))
            }
            is Screen.ConfirmReset -> with(screen.v1) {
                column.addView(Ui.body(context, text, "text"))
                column.addView(button(confirm).apply { setTextColor(context.getColor(R.color.ikd_error)) })
                column.addView(button(cancel))
            }
            is Screen.Reactivation -> with(screen.v1) {
                column.addView(Ui.body(context, text, "text"))
                column.addView(button(activate))
            }
            is Screen.Failed -> with(screen.v1) {
                column.addView(Ui.body(context, text, "text"))
                column.addView(button(retry))
            }
            is Screen.History -> with(screen.v1) {
                empty?.let { column.addView(Ui.body(context, it, "history_empty")) }
                entries.forEachIndexed { index, row -> column.addView(historyRow(row, index)) }
                clearAll?.let { column.addView(button(it).apply { setTextColor(context.getColor(R.color.ikd_error)) }) }
            }
            is Screen.ConfirmClearHistory -> with(screen.v1) {
                column.addView(Ui.body(context, text, "text"))
                column.addView(button(confirm).apply { setTextColor(context.getColor(R.color.ikd_error)) })
                column.addView(button(cancel))
            }
        }
        if (input == null) {
            field = null // what was typed leaves memory with its step
            fieldLabel = null
        }
        return Ui.screen(context, column)
    }

    private fun button(button: ActionButton) =
        Ui.button(context, button.label, button.accessibilityLabel, tagOf(button.event)) { send(button.event) }.apply {
            isEnabled = button.enabled
        }

    /** A switch (biometric unlock); a tap sends the event, the next view shows the new state. */
    private fun toggle(toggle: Toggle) = Switch(context).apply {
        text = toggle.label
        tag = tagOf(toggle.event)
        contentDescription = toggle.label
        isChecked = toggle.on
        isEnabled = toggle.enabled
        filterTouchesWhenObscured = true
        textSize = 18f
        minimumHeight = Ui.dp(context, 48)
        setOnClickListener { send(toggle.event) }
    }

    /** One entry of the history: read by a screen reader as one sentence, with its delete button. */
    private fun historyRow(row: HistoryRow, index: Int) = LinearLayout(context).apply {
        orientation = LinearLayout.VERTICAL
        tag = "history_$index"
        val pad = Ui.dp(context, 12)
        setPadding(pad, pad, pad, pad)
        setBackgroundColor(context.getColor(R.color.ikd_card))
        layoutParams = LinearLayout.LayoutParams(
            LinearLayout.LayoutParams.MATCH_PARENT, LinearLayout.LayoutParams.WRAP_CONTENT,
        ).apply { topMargin = Ui.dp(context, 8) }
        val summary = LinearLayout(context).apply {
            orientation = LinearLayout.VERTICAL
            contentDescription = row.accessibilityLabel
            isFocusable = true
            importantForAccessibility = View.IMPORTANT_FOR_ACCESSIBILITY_YES
            for (line in listOf(row.`when`, row.institution, row.desk, row.profileLabel, row.fields.joinToString(", "))) {
                addView(Ui.body(context, line).apply { importantForAccessibility = View.IMPORTANT_FOR_ACCESSIBILITY_NO })
            }
            row.printedCardNote?.let { addView(Ui.body(context, it).apply { importantForAccessibility = View.IMPORTANT_FOR_ACCESSIBILITY_NO }) }
        }
        addView(summary)
        addView(button(row.delete))
    }

    private fun choice(choice: Choice) = RadioButton(context).apply {
        text = choice.label
        tag = tagOf(choice.event)
        contentDescription = choice.label
        isChecked = choice.selected
        filterTouchesWhenObscured = true
        textSize = 18f
        minimumHeight = Ui.dp(context, 48)
        setOnClickListener { send(choice.event) }
    }

    private fun banner(banner: Banner) = LinearLayout(context).apply {
        orientation = LinearLayout.VERTICAL
        val text = Ui.status(context, banner.text, "banner")
        if (banner.tone == BannerTone.ERROR) text.setTextColor(context.getColor(R.color.ikd_error))
        addView(text)
        addView(button(banner.dismiss))
    }

    private fun textField(column: LinearLayout, input: TextInput) {
        column.addView(Ui.body(context, input.label))
        val edit = field?.takeIf { fieldLabel == input.label } ?: Ui.field(context, input.keyboard).apply {
            addTextChangedListener(watcher)
            imeOptions = EditorInfo.IME_ACTION_DONE
            setOnEditorActionListener { _, _, _ -> send(AppEvent.Submit); true }
        }
        val focused = edit.hasFocus()
        (edit.parent as? ViewGroup)?.removeView(edit)
        edit.tag = "input"
        edit.hint = input.placeholder
        edit.contentDescription = input.accessibilityLabel
        edit.filters = arrayOf(InputFilter.LengthFilter(input.maxLength.toInt()))
        if (edit.text.toString() != input.value) {
            muted = true
            edit.setText(input.value)
            edit.setSelection(edit.length())
            muted = false
        }
        column.addView(edit)
        if (focused) edit.post { edit.requestFocus() }
        input.error?.let { column.addView(Ui.status(context, it, "input_error").apply { setTextColor(context.getColor(R.color.ikd_error)) }) }
        field = edit
        fieldLabel = input.label
    }

    private fun card(card: DocumentCard) = LinearLayout(context).apply {
        orientation = LinearLayout.VERTICAL
        tag = tagOf(card.open.event)
        isClickable = true
        isFocusable = true
        isEnabled = card.open.enabled
        filterTouchesWhenObscured = true
        contentDescription = card.open.accessibilityLabel
        setBackgroundColor(context.getColor(R.color.ikd_card))
        val pad = Ui.dp(context, 16)
        setPadding(pad, pad, pad, pad)
        layoutParams = LinearLayout.LayoutParams(
            LinearLayout.LayoutParams.MATCH_PARENT, LinearLayout.LayoutParams.WRAP_CONTENT,
        ).apply { topMargin = Ui.dp(context, 8) }
        addView(Ui.title(context, card.title, size = 20f))
        addView(Ui.body(context, card.subtitle))
        card.validUntil?.let { addView(Ui.body(context, it)) }
        if (!card.open.enabled) alpha = 0.6f
        setOnClickListener { send(card.open.event) }
    }

    /** The KK's members as a table; each row is read as one sentence by screen readers. */
    private fun members(table: MemberTable) = LinearLayout(context).apply {
        orientation = LinearLayout.VERTICAL
        addView(Ui.title(context, table.caption, "members_caption", 18f))
        val grid = TableLayout(context).apply { isShrinkAllColumns = true; isStretchAllColumns = true }
        grid.addView(row(table.columns, null))
        table.rows.forEachIndexed { index, member -> grid.addView(row(member.cells, member.accessibilityLabel).apply { tag = "member_$index" }) }
        addView(grid)
    }

    private fun row(cells: List<String>, label: String?) = TableRow(context).apply {
        for (cell in cells) {
            addView(Ui.body(context, cell).apply {
                setPadding(0, 0, Ui.dp(context, 8), 0)
                if (label != null) importantForAccessibility = View.IMPORTANT_FOR_ACCESSIBILITY_NO
            })
        }
        if (label != null) {
            contentDescription = label
            isFocusable = true
        }
    }

    private fun fieldLines(column: LinearLayout, fields: List<FieldLine>, prefix: String) {
        fields.forEachIndexed { index, line ->
            column.addView(Ui.body(context, line.label).apply { alpha = 0.7f })
            column.addView(Ui.body(context, line.value, "${prefix}_$index"))
        }
    }

    /** Who asks and exactly what would be shared, before anything is. */
    private fun consent(column: LinearLayout, consent: ConsentScreen) {
        column.addView(Ui.title(context, consent.question, "consent_question", 20f))
        column.addView(Ui.title(context, consent.whoHeading, size = 18f))
        column.addView(Ui.body(context, consent.institution, "consent_institution"))
        column.addView(Ui.body(context, consent.desk, "consent_desk"))
        consent.expires?.let { column.addView(Ui.status(context, it, "consent_expires")) }
        consent.printedCardNote?.let { column.addView(Ui.body(context, it, "consent_card_note")) }
        consent.warning?.let {
            column.addView(Ui.status(context, it, "consent_warning").apply { setTextColor(context.getColor(R.color.ikd_error)) })
        }
        column.addView(Ui.title(context, consent.fieldsHeading, size = 18f))
        fieldLines(column, consent.fields, "consent_field")
        column.addView(button(consent.share))
        column.addView(button(consent.decline))
    }

    private fun answer(column: LinearLayout, answer: AnswerScreen) {
        column.addView(Ui.body(context, answer.profileLabel, "answer_profile"))
        answer.matrix?.let { column.addView(qrImage(it, answer.accessibilityLabel)) }
        column.addView(Ui.body(context, answer.desk, "answer_desk"))
        column.addView(Ui.status(context, answer.countdown, "answer_countdown"))
        column.addView(Ui.body(context, answer.hint, "answer_hint"))
        column.addView(button(answer.done).apply { tag = "done" })
    }

    private fun qrImage(matrix: QrMatrix, label: String): View {
        val pixels = (Ui.dp(context, 300) / (matrix.size.toInt() + 2 * QrImage.QUIET_ZONE)).coerceAtLeast(2)
        return ImageView(context).apply {
            tag = "qr"
            adjustViewBounds = true
            scaleType = ImageView.ScaleType.FIT_CENTER
            setBackgroundColor(android.graphics.Color.WHITE)
            contentDescription = label
            setImageDrawable(BitmapDrawable(context.resources, QrImage.render(matrix, pixels)).apply { isFilterBitmap = false })
            layoutParams = LinearLayout.LayoutParams(LinearLayout.LayoutParams.MATCH_PARENT, LinearLayout.LayoutParams.WRAP_CONTENT)
        }
    }

    companion object {
        /** The tag of a control: the event it sends (the tests find controls by it). */
        fun tagOf(event: AppEvent): String = when (event) {
            is AppEvent.OpenDocument -> "doc_${event.kind.name}"
            is AppEvent.ChooseLanguage -> "lang_${event.language.name}"
            is AppEvent.SetAutoLock -> "autolock_${event.seconds}"
            is AppEvent.DeleteHistoryEntry -> "delete_history_${event.id}"
            else -> event.javaClass.simpleName.replace(Regex("([a-z])([A-Z])"), "$1_$2").lowercase()
        }
    }
}
