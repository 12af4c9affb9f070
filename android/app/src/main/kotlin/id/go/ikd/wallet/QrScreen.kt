package id.go.ikd.wallet

import android.graphics.Bitmap
import android.graphics.drawable.BitmapDrawable
import android.view.View
import android.view.WindowManager
import android.widget.ImageView
import android.widget.LinearLayout
import uniffi.ikd_ffi.AppLanguage
import uniffi.ikd_ffi.DocumentView
import uniffi.ikd_ffi.QrFrameView
import uniffi.ikd_ffi.waitText

/**
 * The rotating QR: a frame from the core, drawn module by module at full screen brightness, a
 * countdown to the next frame (the core says when: refreshAt), the desk it is for.
 * Tags: qr, qr_desk, qr_countdown, back.
 */
class QrScreen(activity: MainActivity, private val document: DocumentView) : Screen(activity) {
    /** The frame on show (the tests check that a desk accepts it). */
    var frame: QrFrameView? = null
        private set

    /** The bitmap on show (the tests decode it with an independent QR reader). */
    var bitmap: Bitmap? = null
        private set

    private val image = ImageView(activity).apply {
        tag = "qr"
        adjustViewBounds = true
        scaleType = ImageView.ScaleType.FIT_CENTER
        setBackgroundColor(android.graphics.Color.WHITE)
    }
    private val desk = Ui.body(activity, tag = "qr_desk")
    private val countdown = Ui.body(activity, tag = "qr_countdown")
    private val status = Ui.status(activity, "status")
    private val tick = Runnable { update() }

    override fun build(): View {
        val column = Ui.column(activity)
        column.addView(Ui.title(activity, text(R.string.qr_title)))
        column.addView(image, LinearLayout.LayoutParams(LinearLayout.LayoutParams.MATCH_PARENT, LinearLayout.LayoutParams.WRAP_CONTENT))
        column.addView(desk)
        column.addView(countdown)
        column.addView(status)
        column.addView(Ui.button(activity, text(R.string.back), "back") { back() })
        return Ui.screen(activity, column)
    }

    override fun enter() {
        brightness(WindowManager.LayoutParams.BRIGHTNESS_OVERRIDE_FULL)
        update()
    }

    override fun restart() = enter()

    override fun stop() {
        activity.handler.removeCallbacks(tick)
        brightness(WindowManager.LayoutParams.BRIGHTNESS_OVERRIDE_NONE)
    }

    override fun leave() = stop()

    override fun back(): Boolean {
        activity.show(DocumentScreen(activity, document))
        return true
    }

    private fun now() = System.currentTimeMillis() / 1000

    /** A new frame when the core's refresh time has come; the countdown otherwise. */
    private fun update() {
        activity.handler.removeCallbacks(tick)
        val shown = frame
        if (shown == null || now() >= shown.refreshAt) {
            try {
                draw(activity.wallet.qrFrame(document.profile, now()))
            } catch (e: Exception) {
                status.text = activity.explain(e)
                Ui.visible(status, true)
                return
            }
        }
        val next = frame ?: return
        countdown.text = text(R.string.qr_next_in, activity.pick(waitText((next.refreshAt - now()).coerceAtLeast(0).toULong())))
        activity.handler.postDelayed(tick, 1000)
    }

    private fun draw(next: QrFrameView) {
        frame = next
        val pixels = (Ui.dp(activity, 300) / (next.size.toInt() + 2 * QrImage.QUIET_ZONE)).coerceAtLeast(2)
        val drawn = QrImage.render(next, pixels)
        bitmap = drawn
        image.setImageDrawable(BitmapDrawable(activity.resources, drawn).apply { isFilterBitmap = false })
        val title = if (activity.language == AppLanguage.ENGLISH) document.titleEn else document.titleId
        image.contentDescription = text(R.string.qr_image, title)
        desk.text = text(R.string.qr_for_desk, next.verifierName)
    }

    private fun brightness(value: Float) {
        val attributes = activity.window.attributes
        attributes.screenBrightness = value
        activity.window.attributes = attributes
    }
}
