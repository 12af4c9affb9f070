package id.go.ikd.wallet

import android.content.Context
import android.util.TypedValue
import android.view.Gravity
import android.view.View
import android.view.ViewGroup
import android.widget.Button
import android.widget.LinearLayout
import android.widget.TextView
import uniffi.ikd_ffi.AppEvent
import uniffi.ikd_ffi.PinPadView

/**
 * The app's own keypad: no system keyboard (no keyboard app sees the PIN, nothing learns it).
 * Each key sends Digit or Erase; the digits live in Rust and this view only draws the dots the
 * view counts. Tags: key_0..key_9, key_erase, pin_dots.
 */
internal class Keypad(context: Context, pad: PinPadView, send: (AppEvent) -> Unit) : LinearLayout(context) {
    init {
        orientation = VERTICAL
        val dots = TextView(context).apply {
            tag = "pin_dots"
            gravity = Gravity.CENTER
            setTextSize(TypedValue.COMPLEX_UNIT_SP, 32f)
            accessibilityLiveRegion = View.ACCESSIBILITY_LIVE_REGION_POLITE
            val filled = pad.filled.toInt()
            text = "●".repeat(filled) + "○".repeat((pad.length.toInt() - filled).coerceAtLeast(0))
            contentDescription = pad.accessibilityLabel
        }
        addView(dots, LayoutParams(ViewGroup.LayoutParams.MATCH_PARENT, ViewGroup.LayoutParams.WRAP_CONTENT))
        val rows = listOf(listOf(1, 2, 3), listOf(4, 5, 6), listOf(7, 8, 9), listOf(-1, 0, -2))
        for (row in rows) {
            val line = LinearLayout(context).apply { orientation = HORIZONTAL }
            for (key in row) {
                // The blank cell has no height of its own: wrap_content on a plain View would
                // take all the height a ScrollView offers and push the rest of the screen away.
                val height = if (key == -1) 0 else ViewGroup.LayoutParams.WRAP_CONTENT
                line.addView(key(context, key, pad, send), LayoutParams(0, height, 1f))
            }
            addView(line, LayoutParams(ViewGroup.LayoutParams.MATCH_PARENT, ViewGroup.LayoutParams.WRAP_CONTENT))
        }
    }

    private fun key(context: Context, key: Int, pad: PinPadView, send: (AppEvent) -> Unit): View {
        if (key == -1) return View(context)
        return Button(context).apply {
            // No taps through an overlay drawn by another app (tapjacking).
            filterTouchesWhenObscured = true
            isAllCaps = false
            isEnabled = pad.enabled
            setTextSize(TypedValue.COMPLEX_UNIT_SP, 28f)
            minimumHeight = Ui.dp(context, 64)
            if (key == -2) {
                text = "⌫"
                tag = "key_erase"
                contentDescription = pad.eraseLabel
                setOnClickListener { send(AppEvent.Erase) }
            } else {
                text = key.toString()
                tag = "key_$key"
                contentDescription = key.toString()
                setOnClickListener { send(AppEvent.Digit(key.toUByte())) }
            }
        }
    }
}
