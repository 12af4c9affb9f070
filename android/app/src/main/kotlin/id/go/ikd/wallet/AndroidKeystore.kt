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

    private fun generate(alias: String, strongBox: Boolean) {
        val spec = KeyGenParameterSpec.Builder(alias, KeyProperties.PURPOSE_SIGN)
            .setDigests(KeyProperties.DIGEST_SHA256)
        if (strongBox && Build.VERSION.SDK_INT >= Build.VERSION_CODES.P) {
            spec.setIsStrongBoxBacked(true)
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
