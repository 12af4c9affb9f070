package id.go.ikd.wallet

import android.graphics.Bitmap
import android.graphics.Color
import uniffi.ikd_ffi.QrMatrix

/** Draws the core's module matrix: black modules, a 4-module white quiet zone, whole pixels. */
object QrImage {
    const val QUIET_ZONE = 4

    fun render(matrix: QrMatrix, pixelsPerModule: Int): Bitmap {
        val size = matrix.size.toInt()
        val side = (size + 2 * QUIET_ZONE) * pixelsPerModule
        val pixels = IntArray(side * side) { Color.WHITE }
        for (row in 0 until size) {
            for (col in 0 until size) {
                if (!matrix.modules[row * size + col]) continue
                val top = (row + QUIET_ZONE) * pixelsPerModule
                val left = (col + QUIET_ZONE) * pixelsPerModule
                for (y in top until top + pixelsPerModule) {
                    pixels.fill(Color.BLACK, y * side + left, y * side + left + pixelsPerModule)
                }
            }
        }
        return Bitmap.createBitmap(pixels, side, side, Bitmap.Config.ARGB_8888)
    }
}
