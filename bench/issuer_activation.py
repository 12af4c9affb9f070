"""Activation latency of a running issuer: enrolls the sample citizen, then times the wallet's
two activation requests (challenge, then activation) one after the other, N times. Prints the
median and p99 in ms. Used by bench/issuer.sh on SQLite and on PostgreSQL.
   python3 bench/issuer_activation.py URL DATA_DIR TOKEN [N]"""

import base64
import hashlib
import json
import os
import statistics
import sys
import time
import urllib.request

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

url, data, token = sys.argv[1], sys.argv[2], sys.argv[3]
runs = int(sys.argv[4]) if len(sys.argv) > 4 else 100
NIK = "3174015708900001"


def b64(raw):
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def unb64(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def post(path, body, auth=None):
    request = urllib.request.Request(url + path, json.dumps(body).encode(), method="POST")
    request.add_header("Content-Type", "application/json")
    if auth:
        request.add_header("Authorization", "Bearer " + auth)
    with urllib.request.urlopen(request) as response:
        return json.load(response)


def code_of(enrollment_id):
    with open(os.path.join(data, "outbox", enrollment_id + ".eml")) as f:
        for line in f:
            if line.startswith("Your IKD activation code: "):
                return line.split(":", 1)[1].strip()
    raise SystemExit("no code in the e-mail")


samples = []
for _ in range(runs):
    enrollment = post("/v1/officer/enrollments", {"nik": NIK, "email": "siti.contoh@example.id"}, token)
    enrollment_id = enrollment["enrollment_id"]
    code = code_of(enrollment_id)
    device = Ed25519PrivateKey.generate()
    public = device.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    start = time.perf_counter()
    challenge = post("/v1/activation/challenge", {"enrollment_id": enrollment_id})["challenge"]
    message = b"IKD-activation-v1\0" + unb64(challenge) + hashlib.sha256(NIK.encode()).digest() + public
    post("/v1/activation", {
        "enrollment_id": enrollment_id, "nik": NIK, "code": code,
        "device_public_key": b64(public), "challenge": challenge,
        "signature": b64(device.sign(message)),
    })
    samples.append((time.perf_counter() - start) * 1000)

samples.sort()
print(json.dumps({
    "runs": runs,
    "median_ms": round(statistics.median(samples), 2),
    "p99_ms": round(samples[min(len(samples) - 1, int(len(samples) * 0.99))], 2),
}))
