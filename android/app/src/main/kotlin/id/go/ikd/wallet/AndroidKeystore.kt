package id.go.ikd.wallet

import android.os.Build
import android.security.keystore.KeyGenParameterSpec
import android.security.keystore.KeyProperties
import android.security.keystore.StrongBoxUnavailableException
import java.security.KeyStore
import javax.crypto.KeyGenerator
import javax.crypto.Mac
import javax.crypto.SecretKey
import uniffi.ikd_ffi.HardwareKeystore
import uniffi.ikd_ffi.KeystoreFailure

/**
 * The core's hardware step for every PIN guess: HMAC-SHA256 under a key that never leaves the
 * secure hardware. StrongBox when the phone has it, the TEE otherwise. No user authentication is
 * required on the key: the wallet must work on a phone without a screen lock (the PIN is the
 * wallet's own, checked by the core). Failures become KeystoreFailure; the core never falls back
 * to a PIN-only key.
 *
 * The PIN key is a limited key (createLimitedKey): on Android 12+ (API 31) KeyMint's usage count
 * (setMaxUsageCount), enforced by the secure hardware where it has rollback resistance and by
 * keystore2, outside the app, otherwise. keystore2 deletes a key after its last use, so a used-up
 * key reads as missing (KeyNotFound; the core treats a missing limited key as the limit reached),
 * or as LimitReached when it vanishes under a running derive. Below API 31 there is no usage
 * count: the key is an ordinary hardware key, and only the core's sealed counter and the rotation
 * at each right PIN limit guessing (docs/android.md, docs/security.md).
 */
class AndroidKeystore : HardwareKeystore {
    private fun keyStore(): KeyStore = KeyStore.getInstance(PROVIDER).apply { load(null) }

    override fun ensureKey(alias: String) {
        try {
            if (keyStore().containsAlias(alias)) return
            if (Build.VERSION.SDK_INT >= Build.VERSION_CODES.P) {
                try {
                    generate(alias, strongBox = true)
                    return
                } catch (e: StrongBoxUnavailableException) {
                    // No StrongBox on this phone: the TEE key below.
                }
            }
            generate(alias, strongBox = false)
        } catch (e: KeystoreFailure) {
            throw e
        } catch (e: Exception) {
            throw KeystoreFailure.Unavailable(e.javaClass.simpleName)
        }
    }

    override fun createLimitedKey(alias: String, maxUses: UInt) {
        try {
            // A fresh key with a fresh count: an orphan a cut-short rotation left goes first.
            val store = keyStore()
            if (store.containsAlias(alias)) store.deleteEntry(alias)
            val limit = if (Build.VERSION.SDK_INT >= Build.VERSION_CODES.S) maxUses.toInt() else null
            if (Build.VERSION.SDK_INT >= Build.VERSION_CODES.P) {
                try {
                    generate(alias, strongBox = true, maxUses = limit)
                    return
                } catch (e: StrongBoxUnavailableException) {
                    // No StrongBox on this phone: the TEE key below.
                }
            }
            generate(alias, strongBox = false, maxUses = limit)
        } catch (e: KeystoreFailure) {
            throw e
        } catch (e: Exception) {
            throw KeystoreFailure.Unavailable(e.javaClass.simpleName)
        }
    }

    private fun generate(alias: String, strongBox: Boolean, maxUses: Int? = null) {
        val spec = KeyGenParameterSpec.Builder(alias, KeyProperties.PURPOSE_SIGN)
            .setDigests(KeyProperties.DIGEST_SHA256)
        if (strongBox && Build.VERSION.SDK_INT >= Build.VERSION_CODES.P) {
            spec.setIsStrongBoxBacked(true)
        }
        if (maxUses != null && Build.VERSION.SDK_INT >= Build.VERSION_CODES.S) {
            // KeyMint counts the uses (with rollback resistance where the device has it).
            spec.setMaxUsageCount(maxUses)
        }
        val generator = KeyGenerator.getInstance(KeyProperties.KEY_ALGORITHM_HMAC_SHA256, PROVIDER)
        generator.init(spec.build())
        generator.generateKey()
    }

    override fun derive(alias: String, input: ByteArray): ByteArray {
        val key = try {
            keyStore().getKey(alias, null) as SecretKey?
        } catch (e: Exception) {
            throw KeystoreFailure.Unavailable(e.javaClass.simpleName)
        } ?: throw KeystoreFailure.KeyNotFound()
        return try {
            Mac.getInstance("HmacSHA256").run {
                init(key)
                doFinal(input)
            }
        } catch (e: Exception) {
            // The key was there a moment ago and is gone now: keystore2 deleted it after its
            // last allowed use (a limited key used up under us).
            val vanished = try {
                !keyStore().containsAlias(alias)
            } catch (lookup: Exception) {
                false
            }
            if (vanished) throw KeystoreFailure.LimitReached()
            throw KeystoreFailure.Unavailable(e.javaClass.simpleName)
        }
    }

    override fun deleteKey(alias: String) {
        try {
            val store = keyStore()
            if (store.containsAlias(alias)) store.deleteEntry(alias)
        } catch (e: Exception) {
            throw KeystoreFailure.Unavailable(e.javaClass.simpleName)
        }
    }

    companion object {
        const val PROVIDER = "AndroidKeyStore"
    }
}
