// The camera screen: shows the webcam and sends a frame to the desk about four times a second.
// The desk decodes the QR in Rust and checks the answer; on a result the page moves to it.
// No framework, no build step; the CSP allows this file and nothing inline.
(function () {
  'use strict';
  var video = document.getElementById('camera');
  var canvas = document.getElementById('frame');
  var state = document.getElementById('camera-state');
  var token = document.querySelector('meta[name="desk-token"]').content;
  var stopped = false;

  function noCamera() {
    state.textContent = state.dataset.noCameraId + ' / ' + state.dataset.noCameraEn;
    state.className = 'bad';
  }

  function later() {
    if (!stopped) { window.setTimeout(grab, 250); }
  }

  function send(blob) {
    if (!blob) { later(); return; }
    fetch('/camera/frame', {
      method: 'POST',
      headers: { 'Content-Type': 'image/jpeg', 'X-Desk-Token': token },
      body: blob,
      credentials: 'same-origin',
      cache: 'no-store'
    }).then(function (r) { return r.json(); })
      .then(function (answer) {
        if (answer.result) {
          stopped = true;
          window.location.assign('/result');
        } else {
          later();
        }
      })
      .catch(later);
  }

  function grab() {
    if (!video.videoWidth) { later(); return; }
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    canvas.getContext('2d').drawImage(video, 0, 0);
    canvas.toBlob(send, 'image/jpeg', 0.9);
  }

  if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) { noCamera(); return; }
  navigator.mediaDevices.getUserMedia({
    audio: false,
    video: { width: { ideal: 1280 }, height: { ideal: 720 }, facingMode: 'environment' }
  }).then(function (stream) {
    video.srcObject = stream;
    window.addEventListener('pagehide', function () {
      stopped = true;
      stream.getTracks().forEach(function (t) { t.stop(); });
    });
    later();
  }).catch(noCamera);
}());
