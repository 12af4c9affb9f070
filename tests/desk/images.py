"""Pictures for the browser tests, with the standard library only: reading the greyscale PNGs
`ikd` writes, and writing the Y4M video Chromium's fake camera plays
(--use-file-for-fake-video-capture). The answer QR is put on a grey 640x480 frame, as a phone
screen held to a webcam."""

import struct
import zlib


def read_grey_png(path):
    """(width, height, rows) of an 8-bit greyscale, non-interlaced PNG; rows are bytearrays."""
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    pos, idat, width, height = 8, b"", 0, 0
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind = data[pos + 4:pos + 8]
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            if depth != 8 or colour != 0 or interlace != 0:
                raise ValueError("only 8-bit greyscale PNGs")
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    rows, previous, stride = [], bytearray(width), width + 1
    for y in range(height):
        filter_type = raw[y * stride]
        line = bytearray(raw[y * stride + 1:(y + 1) * stride])
        for x in range(width):
            left = line[x - 1] if x else 0
            up = previous[x]
            up_left = previous[x - 1] if x else 0
            if filter_type == 1:
                line[x] = (line[x] + left) & 0xFF
            elif filter_type == 2:
                line[x] = (line[x] + up) & 0xFF
            elif filter_type == 3:
                line[x] = (line[x] + (left + up) // 2) & 0xFF
            elif filter_type == 4:
                p = left + up - up_left
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - up_left)
                predictor = left if pa <= pb and pa <= pc else (up if pb <= pc else up_left)
                line[x] = (line[x] + predictor) & 0xFF
        rows.append(line)
        previous = line
    return width, height, rows


def write_y4m(png_path, y4m_path, width=640, height=480, frames=3):
    """A short Y4M video (4:2:0) of the PNG centred on a grey frame."""
    w, h, rows = read_grey_png(png_path)
    if w > width or h > height:
        raise ValueError("the QR does not fit the frame")
    luma = bytearray([110]) * (width * height)
    ox, oy = (width - w) // 2, (height - h) // 2
    for y, row in enumerate(rows):
        start = (oy + y) * width + ox
        # A phone screen: its white is not paper white, its black not black.
        luma[start:start + w] = bytes(40 + (v * 180) // 255 for v in row)
    chroma = bytes([128]) * ((width // 2) * (height // 2))
    with open(y4m_path, "wb") as out:
        out.write(f"YUV4MPEG2 W{width} H{height} F10:1 Ip A1:1 C420jpeg\n".encode())
        for _ in range(frames):
            out.write(b"FRAME\n")
            out.write(luma)
            out.write(chroma)
            out.write(chroma)


BASE45 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"


def base45(data):
    """RFC 9285 base45 text of bytes (what a scanner would type for a base45 QR)."""
    out = []
    for i in range(0, len(data) - 1, 2):
        n = data[i] * 256 + data[i + 1]
        c, n = n % 45, n // 45
        d, e = n % 45, n // 45
        out += [BASE45[c], BASE45[d], BASE45[e]]
    if len(data) % 2:
        n = data[-1]
        out += [BASE45[n % 45], BASE45[n // 45]]
    return "".join(out)
