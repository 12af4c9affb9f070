package id.go.ikd.wallet

import android.app.Activity
import android.app.AlarmManager
import android.app.NotificationManager
import android.content.Intent
import android.os.Looper
import android.view.View
import android.view.WindowManager
import android.widget.Button
import android.widget.EditText
import android.widget.ImageView
import android.widget.LinearLayout
import android.widget.TextView
import java.time.Duration
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertNotEquals
import org.junit.Assert.assertNotNull
import org.junit.Assert.assertNull
import org.junit.Assert.assertTrue
import org.junit.Before
import org.junit.Test
import org.junit.runner.RunWith
import org.robolectric.Robolectric
import org.robolectric.RobolectricTestRunner
import org.robolectric.Shadows.shadowOf
import org.robolectric.android.controller.ActivityController
import org.robolectric.annotation.Config
import uniffi.ikd_ffi.ActivationStep
import uniffi.ikd_ffi.Screen

/**
 * The app as a citizen uses it: the real flow (IkdApp in the real libikd_ffi.so, through JNA),
 * the real issuer on loopback, a desk made and checked by `ikd desk` and `ikd verify`. Only AndroidKeyStore is a
 * stand-in (FakeAndroidKeyStore). Taps go through the drawn controls, slow tasks through the
 * app's worker thread, timers through the main looper.
 */
@RunWith(RobolectricTestRunner::class)
@Config(sdk = [35])
class JourneyTest {
    @Before
    fun keystore() = FakeAndroidKeyStore.install()

    private fun launch(): ActivityController<MainActivity> = Robolectric.buildActivity(MainActivity::class.java).setup()

    private val MainActivity.screen get() = shown!!.screen

    private fun MainActivity.textOf(tag: String) = byTag<TextView>(tag).text.toString()

    private fun MainActivity.assertSecure() = assertTrue(
        "FLAG_SECURE on the window of ${screen.javaClass.simpleName}",
        window.attributes.flags and WindowManager.LayoutParams.FLAG_SECURE != 0,
    )

    private fun MainActivity.type(text: String) {
        byTag<EditText>("input").setText(text)
        shadowOf(Looper.getMainLooper()).idle()
    }

    /** Waits for the slow task the last tap started (it runs on the worker, its view is posted). */
    private fun MainActivity.settled(what: String) = waitUntil(what) { shown?.busy == null }

    /** First start to the documents, through every activation step on screen. */
    private fun MainActivity.activate() {
        val (qr, code) = Issuer.enroll()
        assertTrue(screen is Screen.ChooseLanguage)
        click("lang_INDONESIAN")
        assertTrue(screen is Screen.Activation)
        type(qr)
        click("submit")
        type(Issuer.NIK)
        click("submit")
        assertTrue(textOf("server"), textOf("server").contains(java.net.URI(Issuer.url).host))
        type(code)
        click("submit")
        typePin(Issuer.PIN)
        typePin(Issuer.PIN)
        settled("activation")
        assertTrue("activated: ${shown?.banner?.text}", screen is Screen.Home)
        assertTrue("documents after activation: $screen", (screen as Screen.Home).v1.cards.all { it.open.enabled })
    }

    private fun MainActivity.unlock(pin: String) {
        assertTrue(screen is Screen.Unlock)
        typePin(pin)
        settled("the PIN check")
    }

    @Test
    fun `a citizen activates, unlocks, answers a desk's request after seeing who asks, changes the PIN and locks`() {
        val activity = launch().get()
        activity.assertSecure()
        activity.activate()
        activity.assertSecure()

        activity.click("lock_now")
        assertTrue(activity.screen is Screen.Unlock)
        activity.unlock(Issuer.PIN)
        // The documents expire: with the first reminders the flow asked for the notification permission.
        assertEquals(
            listOf(android.Manifest.permission.POST_NOTIFICATIONS),
            shadowOf(activity).lastRequestedPermission?.requestedPermissions?.toList(),
        )
        val home = (activity.screen as Screen.Home).v1
        assertTrue("every card opens: $home, ${activity.shown?.banner}", home.cards.all { it.open.enabled })
        for (kind in listOf("KTP", "FAMILY_CARD", "VACCINE", "BPJS")) assertTrue(activity.byTag<View>("doc_$kind").isEnabled)

        // The desk asks first: its printed card, read by the scanner app, names who asks and what.
        val card = Issuer.deskCard()
        activity.click("doc_KTP")
        assertTrue(activity.screen is Screen.Document)
        activity.click("show_at_desk")
        assertTrue(activity.screen is Screen.DeskScan)
        activity.click("open_scanner")
        val scan = shadowOf(activity).nextStartedActivityForResult
        assertEquals(MainActivity.SCAN_ACTION, scan.intent.action)
        shadowOf(activity).receiveResult(
            scan.intent, Activity.RESULT_OK,
            Intent().putExtra("SCAN_RESULT", String(card, Charsets.ISO_8859_1)).putExtra("SCAN_RESULT_BYTE_SEGMENTS_0", card),
        )
        shadowOf(Looper.getMainLooper()).idle()
        assertTrue("consent: ${activity.shown?.banner?.text}", activity.screen is Screen.Consent)
        assertEquals("BANK CONTOH", activity.textOf("consent_institution"))
        assertEquals("LOKET 1 · Keuangan", activity.textOf("consent_desk"))
        assertEquals(Issuer.NIK, activity.textOf("consent_field_0"))
        assertEquals(WindowManager.LayoutParams.BRIGHTNESS_OVERRIDE_NONE, activity.window.attributes.screenBrightness)
        activity.click("share")
        assertTrue(activity.screen is Screen.Answer)
        activity.assertSecure()
        assertEquals(WindowManager.LayoutParams.BRIGHTNESS_OVERRIDE_FULL, activity.window.attributes.screenBrightness)
        assertTrue(activity.window.attributes.flags and WindowManager.LayoutParams.FLAG_KEEP_SCREEN_ON != 0)
        assertEquals("Untuk: BANK CONTOH, LOKET 1", activity.textOf("answer_desk"))
        val payload = ScreensTest.decodeBytes(activity.byTag<ImageView>("qr"))
        assertTrue("the desk accepts the answer as drawn", Issuer.deskAccepts(payload))
        assertFalse("and refuses it the second time", Issuer.deskAccepts(payload))

        activity.click("done")
        assertTrue(activity.screen is Screen.Document)
        assertEquals(WindowManager.LayoutParams.BRIGHTNESS_OVERRIDE_NONE, activity.window.attributes.screenBrightness)
        assertFalse(activity.window.attributes.flags and WindowManager.LayoutParams.FLAG_KEEP_SCREEN_ON != 0)
        activity.click("back")

        // Riwayat: the answer is in the history (who asked and what, never the values); it can go.
        activity.click("open_history")
        assertTrue(activity.screen is Screen.History)
        val entry = activity.byTag<LinearLayout>("history_0").getChildAt(0).contentDescription.toString()
        assertTrue(entry, entry.contains("BANK CONTOH"))
        assertFalse("no value of a field is in it", entry.contains(Issuer.NIK))
        activity.click("clear_history")
        assertTrue(activity.screen is Screen.ConfirmClearHistory)
        activity.click("confirm_clear_history")
        assertTrue(activity.screen is Screen.History)
        assertTrue(activity.textOf("history_empty").isNotBlank())
        activity.click("back")

        activity.click("open_settings")
        activity.click("start_change_pin")
        assertTrue("no text field: the system keyboard never opens", allViews(activity.window.decorView).none { it is EditText })
        activity.typePin(Issuer.PIN)
        activity.typePin("975318")
        activity.typePin("975318")
        activity.settled("the PIN change")
        assertTrue(activity.screen is Screen.Settings)
        assertNotNull(activity.shown?.banner)
        activity.click("back")
        activity.click("lock_now")
        activity.unlock(Issuer.PIN)
        assertTrue("the old PIN no longer opens", activity.screen is Screen.Unlock)
        assertTrue("and the flow says why", activity.textOf("banner").isNotBlank())
        activity.unlock("975318")
        assertTrue(activity.screen is Screen.Home)
        activity.click("lock_now")
        assertTrue(activity.screen is Screen.Unlock)
        activity.assertSecure()
    }

    @Test
    fun `a wrong activation code is refused by the issuer and the flow's words are shown on its step`() {
        val (qr, _) = Issuer.enroll()
        val activity = launch().get()
        activity.click("lang_INDONESIAN")
        activity.type(qr)
        activity.click("submit")
        activity.type(Issuer.NIK)
        activity.click("submit")
        activity.type("SALAH123")
        activity.click("submit")
        activity.typePin(Issuer.PIN)
        activity.typePin(Issuer.PIN)
        activity.settled("the issuer's answer")
        assertTrue(activity.screen is Screen.Activation)
        assertTrue(activity.textOf("banner").isNotBlank())
    }

    @Test
    fun `going to the background locks the wallet and coming back asks for the PIN`() {
        val controller = launch()
        controller.get().activate()
        controller.pause().stop()
        controller.restart().start().resume()
        assertTrue(controller.get().screen is Screen.Unlock)
        controller.get().assertSecure()
    }

    @Test
    fun `an unlock that finishes after the app went to the background leaves the wallet locked`() {
        val controller = launch()
        val activity = controller.get()
        activity.activate()
        activity.click("lock_now")
        activity.typePin(Issuer.PIN) // the KDF runs on the worker thread...
        assertFalse("checking", activity.byTag<Button>("key_1").isEnabled)
        controller.pause().stop() // ...while the user leaves
        activity.settled("the unlock")
        controller.restart().start().resume()
        assertTrue(activity.screen is Screen.Unlock)
    }

    @Test
    fun `five wrong PINs show a lockout countdown that the flow's ticks count down, and leaving during the wait schedules the reminder`() {
        val controller = launch()
        val activity = controller.get()
        activity.activate()
        activity.click("lock_now")
        repeat(5) { activity.unlock(Issuer.WRONG_PIN) }
        val wait = activity.textOf("wait")
        assertTrue(wait, wait.startsWith("Coba lagi dalam"))
        assertFalse("the keypad is off during the wait", activity.byTag<Button>("key_1").isEnabled)
        Thread.sleep(1100) // the core's clock is the wall clock
        shadowOf(Looper.getMainLooper()).idleFor(Duration.ofSeconds(1))
        assertNotEquals("the countdown ticks", wait, activity.textOf("wait"))

        // In the background the flow asks for a reminder when the wait ends; the shell sets an alarm.
        // (The expiry reminders the flow scheduled at activation are months away: not this one.)
        val alarms = shadowOf(activity.getSystemService(AlarmManager::class.java))
        val soon = { alarms.scheduledAlarms.filter { it.triggerAtMs - System.currentTimeMillis() < 3_600_000 } }
        assertTrue(soon().isEmpty())
        assertTrue("expiry reminders were scheduled", alarms.scheduledAlarms.isNotEmpty())
        controller.pause().stop()
        val alarm = soon().single()
        val left = alarm.triggerAtMs - System.currentTimeMillis()
        assertTrue("the alarm is at the end of the wait: $left ms", left in 0..61_000)
        @Suppress("DEPRECATION") // the shadow's alarm has no getter for its PendingIntent
        val operation = alarm.operation
        Notifications.Receiver().onReceive(activity, shadowOf(operation).savedIntent)
        val posted = shadowOf(activity.getSystemService(NotificationManager::class.java)).allNotifications.single()
        assertTrue("the flow's title", shadowOf(posted).contentTitle.isNotBlank())
        controller.restart().start().resume()
        assertTrue("coming back cancels it", soon().isEmpty())
        assertTrue(shadowOf(activity.getSystemService(NotificationManager::class.java)).allNotifications.isEmpty())
    }

    @Test
    fun `the scan step opens a scanner app, a cancelled scan closes it and a read QR moves on to the NIK`() {
        val (qr, _) = Issuer.enroll()
        val activity = launch().get()
        activity.click("lang_INDONESIAN")
        activity.click("open_scanner")
        assertNotNull(activity.shown?.scanner)
        val first = shadowOf(activity).nextStartedActivityForResult
        assertEquals(MainActivity.SCAN_ACTION, first.intent.action)
        shadowOf(activity).receiveResult(first.intent, Activity.RESULT_CANCELED, null)
        shadowOf(Looper.getMainLooper()).idle()
        assertNull(activity.shown?.scanner)
        activity.click("open_scanner")
        val second = shadowOf(activity).nextStartedActivityForResult
        shadowOf(activity).receiveResult(second.intent, Activity.RESULT_OK, Intent().putExtra("SCAN_RESULT", qr))
        shadowOf(Looper.getMainLooper()).idle()
        assertNull(activity.shown?.scanner)
        assertEquals(ActivationStep.NIK, (activity.screen as Screen.Activation).v1.step)
    }

    @Test
    fun `an open wallet left untouched for the auto-lock time locks itself at the flow's tick`() {
        val activity = launch().get()
        activity.activate()
        activity.click("open_settings")
        activity.click("autolock_30")
        activity.click("back")
        assertTrue(activity.screen is Screen.Home)
        val at = activity.shown!!.nextTickAt!!
        assertTrue("an idle deadline within the auto-lock time", at * 1000 - System.currentTimeMillis() <= 31_000)
        waitUntil("the auto-lock", timeoutMs = 60_000) {
            shadowOf(Looper.getMainLooper()).idleFor(Duration.ofMillis(500))
            Thread.sleep(200)
            activity.screen is Screen.Unlock
        }
        assertNull(activity.shown?.busy)
    }
}
