package id.go.ikd.wallet

import android.util.TypedValue
import android.view.Gravity
import android.view.View
import android.view.ViewGroup
import android.widget.Button
import android.widget.LinearLayout
import android.widget.TextView
import uniffi.ikd_ffi.PinPad
import uniffi.ikd_ffi.pinLength

/**
 * The app's own keypad: no system keyboard (no keyboard app sees the PIN, nothing learns it).
 * The digits go straight into the core's PinPad; this view only knows how many there are.
 * Tags: key_0..key_9, key_erase, pin_dots.
 */
class PinPadView(
    private val activity: MainActivity,
    val pad: PinPad,
    private val onComplete: (PinPad) -> Unit,
) : LinearLayout(activity) {
    private val length = pinLength().toInt()
    private val dots = TextView(activity).apply {
        tag = "pin_dots"
        gravity = Gravity.CENTER
        setTextSize(TypedValue.COMPLEX_UNIT_SP, 32f)
        accessibilityLiveRegion = View.ACCESSIBILITY_LIVE_REGION_POLITE
    }
    private val keys = ArrayList<Button>()

    init {
        orientation = VERTICAL
        addView(dots, LayoutParams(ViewGroup.LayoutParams.MATCH_PARENT, ViewGroup.LayoutParams.WRAP_CONTENT))
        val rows = listOf(listOf(1, 2, 3), listOf(4, 5, 6), listOf(7, 8, 9), listOf(-1, 0, -2))
        for (row in rows) {
            val line = LinearLayout(activity).apply { orientation = HORIZONTAL }
            for (key in row) {
                // The blank cell has no height of its own: wrap_content on a plain View would
                // take all the height a ScrollView offers and push the rest of the screen away.
                val height = if (key == -1) 0 else ViewGroup.LayoutParams.WRAP_CONTENT
                line.addView(key(key), LayoutParams(0, height, 1f))
            }
            addView(line, LayoutParams(ViewGroup.LayoutParams.MATCH_PARENT, ViewGroup.LayoutParams.WRAP_CONTENT))
        }
        show(pad.count().toInt())
    }

    private fun key(key: Int): View {
        if (key == -1) return View(activity)
        val button = Button(activity).apply {
            // No taps through an overlay drawn by another app (tapjacking).
            filterTouchesWhenObscured = true
            isAllCaps = false
            setTextSize(TypedValue.COMPLEX_UNIT_SP, 28f)
            minimumHeight = Ui.dp(activity, 64)
        }
        if (key == -2) {
            button.text = "⌫"
            button.tag = "key_erase"
            button.contentDescription = activity.text(R.string.key_erase)
            button.setOnClickListener { show(pad.erase().toInt()) }
        } else {
            button.text = key.toString()
            button.tag = "key_$key"
            button.contentDescription = activity.text(R.string.key_digit, key)
            button.setOnClickListener {
                show(pad.press(key.toUByte()).toInt())
                if (pad.isComplete()) onComplete(pad)
            }
        }
        keys.add(button)
        return button
    }

    /** After the core used (and cleared) the pad, or to start over. */
    fun refresh() = show(pad.count().toInt())

    fun setKeysEnabled(enabled: Boolean) {
        for (key in keys) key.isEnabled = enabled
    }

    private fun show(count: Int) {
        dots.text = "●".repeat(count) + "○".repeat((length - count).coerceAtLeast(0))
        dots.contentDescription = activity.text(R.string.pin_progress, count, length)
    }
}
