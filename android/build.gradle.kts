// Versions are pinned here and nowhere else (see docs/android.md for the reasons).
plugins {
    id("com.android.application") version "8.7.3" apply false
    id("org.jetbrains.kotlin.android") version "2.4.20" apply false
}
