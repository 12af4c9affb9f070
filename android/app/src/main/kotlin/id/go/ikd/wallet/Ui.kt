package id.go.ikd.wallet

import android.app.AlertDialog
import android.app.Dialog
import android.content.Context
import android.graphics.Typeface
import android.os.Build
import android.text.InputType
import android.util.TypedValue
import android.view.Gravity
import android.view.View
import android.view.ViewGroup
import android.view.WindowManager
import android.widget.Button
import android.widget.EditText
import android.widget.LinearLayout
import android.widget.ScrollView
import android.widget.TextView

/**
 * Framework views built in code: no AndroidX, no layout inflation. Everything is wrap_content in
 * a vertical ScrollView with sizes in sp, so the largest font scale scrolls instead of clipping.
 * Every control gets a content description and a tag (the tests find controls by tag).
 */
internal object Ui {
    fun dp(context: Context, value: Int): Int = TypedValue.applyDimension(
        TypedValue.COMPLEX_UNIT_DIP, value.toFloat(), context.resources.displayMetrics,
    ).toInt()

    /** The root of every screen: a scrolling column. */
    fun screen(context: Context, column: LinearLayout): ScrollView = ScrollView(context).apply {
        isFillViewport = true
        addView(column, ViewGroup.LayoutParams(ViewGroup.LayoutParams.MATCH_PARENT, ViewGroup.LayoutParams.WRAP_CONTENT))
    }

    fun column(context: Context): LinearLayout = LinearLayout(context).apply {
        orientation = LinearLayout.VERTICAL
        val pad = dp(context, 16)
        setPadding(pad, pad, pad, pad)
    }

    fun title(context: Context, text: String): TextView = TextView(context).apply {
        this.text = text
        setTextSize(TypedValue.COMPLEX_UNIT_SP, 24f)
        setTypeface(typeface, Typeface.BOLD)
        setPadding(0, 0, 0, dp(context, 12))
        if (Build.VERSION.SDK_INT >= Build.VERSION_CODES.P) isAccessibilityHeading = true
    }

    fun body(context: Context, text: String = "", tag: String? = null): TextView = TextView(context).apply {
        this.text = text
        this.tag = tag
        setTextSize(TypedValue.COMPLEX_UNIT_SP, 18f)
        setPadding(0, dp(context, 4), 0, dp(context, 4))
    }

    /** Text the core wrote for the user (errors, waits): announced by screen readers. */
    fun status(context: Context, tag: String): TextView = body(context, tag = tag).apply {
        accessibilityLiveRegion = View.ACCESSIBILITY_LIVE_REGION_POLITE
        visibility = View.GONE
    }

    fun button(context: Context, text: String, tag: String, onClick: () -> Unit): Button = Button(context).apply {
        this.text = text
        this.tag = tag
        contentDescription = text
        filterTouchesWhenObscured = true // no taps through another app's overlay
        isAllCaps = false
        setTextSize(TypedValue.COMPLEX_UNIT_SP, 18f)
        minimumHeight = dp(context, 56)
        setOnClickListener { onClick() }
        layoutParams = LinearLayout.LayoutParams(ViewGroup.LayoutParams.MATCH_PARENT, ViewGroup.LayoutParams.WRAP_CONTENT).apply {
            topMargin = dp(context, 8)
        }
    }

    /** A text field that keeps nothing: no suggestions, no autofill, no learning keyboard. */
    fun field(context: Context, label: String, tag: String, digits: Boolean): EditText = EditText(context).apply {
        this.tag = tag
        hint = label
        contentDescription = label
        setTextSize(TypedValue.COMPLEX_UNIT_SP, 18f)
        inputType = if (digits) {
            InputType.TYPE_CLASS_NUMBER
        } else {
            InputType.TYPE_CLASS_TEXT or InputType.TYPE_TEXT_FLAG_NO_SUGGESTIONS or
                InputType.TYPE_TEXT_VARIATION_VISIBLE_PASSWORD
        }
        importantForAutofill = View.IMPORTANT_FOR_AUTOFILL_NO_EXCLUDE_DESCENDANTS
        gravity = Gravity.START
    }

    fun visible(view: View, shown: Boolean) {
        view.visibility = if (shown) View.VISIBLE else View.GONE
    }
}

/**
 * Every dialog of the app goes through here, so no dialog window can be captured: a dialog is its
 * own window and does not inherit the activity's FLAG_SECURE. (No Toasts either: they are
 * windows the app cannot secure; messages are shown inline or in these dialogs.)
 */
internal object SecureDialogs {
    fun show(dialog: Dialog): Dialog {
        dialog.window?.setFlags(WindowManager.LayoutParams.FLAG_SECURE, WindowManager.LayoutParams.FLAG_SECURE)
        dialog.show()
        return dialog
    }

    fun message(context: Context, title: String, message: String, ok: String, onOk: () -> Unit = {}): Dialog =
        show(
            AlertDialog.Builder(context)
                .setTitle(title)
                .setMessage(message)
                .setPositiveButton(ok) { _, _ -> onOk() }
                .create(),
        )

    fun confirm(context: Context, message: String, ok: String, cancel: String, onOk: () -> Unit): Dialog =
        show(
            AlertDialog.Builder(context)
                .setMessage(message)
                .setPositiveButton(ok) { _, _ -> onOk() }
                .setNegativeButton(cancel, null)
                .create(),
        )
}
