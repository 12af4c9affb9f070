package id.go.ikd.wallet

import android.content.Context
import android.graphics.Typeface
import android.os.Build
import android.text.InputType
import android.util.TypedValue
import android.view.Gravity
import android.view.View
import android.view.ViewGroup
import android.widget.Button
import android.widget.EditText
import android.widget.LinearLayout
import android.widget.ScrollView
import android.widget.TextView
import uniffi.ikd_ffi.Keyboard

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

    fun column(context: Context, padded: Boolean = true): LinearLayout = LinearLayout(context).apply {
        orientation = LinearLayout.VERTICAL
        val pad = if (padded) dp(context, 16) else 0
        setPadding(pad, pad, pad, pad)
    }

    fun title(context: Context, text: String, tag: String? = null, size: Float = 24f): TextView = TextView(context).apply {
        this.text = text
        this.tag = tag
        setTextSize(TypedValue.COMPLEX_UNIT_SP, size)
        setTypeface(typeface, Typeface.BOLD)
        setPadding(0, dp(context, 8), 0, dp(context, 8))
        if (Build.VERSION.SDK_INT >= Build.VERSION_CODES.P) isAccessibilityHeading = true
    }

    fun body(context: Context, text: String = "", tag: String? = null): TextView = TextView(context).apply {
        this.text = text
        this.tag = tag
        setTextSize(TypedValue.COMPLEX_UNIT_SP, 18f)
        setPadding(0, dp(context, 4), 0, dp(context, 4))
    }

    /** Text that changes while the screen stays (errors, waits): announced by screen readers. */
    fun status(context: Context, text: String, tag: String): TextView = body(context, text, tag).apply {
        accessibilityLiveRegion = View.ACCESSIBILITY_LIVE_REGION_POLITE
    }

    fun button(context: Context, text: String, description: String, tag: String, onClick: () -> Unit): Button = Button(context).apply {
        this.text = text
        this.tag = tag
        contentDescription = description
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
    fun field(context: Context, keyboard: Keyboard): EditText = EditText(context).apply {
        setTextSize(TypedValue.COMPLEX_UNIT_SP, 18f)
        inputType = when (keyboard) {
            Keyboard.DIGITS -> InputType.TYPE_CLASS_NUMBER
            Keyboard.CODE -> InputType.TYPE_CLASS_TEXT or InputType.TYPE_TEXT_FLAG_NO_SUGGESTIONS or
                InputType.TYPE_TEXT_VARIATION_VISIBLE_PASSWORD or InputType.TYPE_TEXT_FLAG_CAP_CHARACTERS
            Keyboard.TEXT -> InputType.TYPE_CLASS_TEXT or InputType.TYPE_TEXT_FLAG_NO_SUGGESTIONS or
                InputType.TYPE_TEXT_VARIATION_VISIBLE_PASSWORD
        }
        importantForAutofill = View.IMPORTANT_FOR_AUTOFILL_NO_EXCLUDE_DESCENDANTS
        filterTouchesWhenObscured = true
        gravity = Gravity.START
    }
}
