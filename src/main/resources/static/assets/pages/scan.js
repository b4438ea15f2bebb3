import { api, initChrome, requireSignIn, say } from '/assets/api.js';

initChrome();

const result = document.getElementById('result');
const title = document.getElementById('result-title');
const detail = document.getElementById('result-detail');
const video = document.getElementById('video');
const canvas = document.getElementById('frame');
const cameraStatus = document.getElementById('camera-status');
let camera = null;
let recent = { payload: null, at: 0 };
let busy = false;

function show(outcome, heading, text) {
  result.dataset.outcome = outcome;
  title.textContent = heading;
  detail.textContent = text;
}

/** One check-in call; the first scan of a ticket wins, every later one is refused. */
async function checkIn(payload) {
  payload = payload.trim();
  if (!payload || busy) return;
  // a camera sees the same code many times a second: act on it once every few seconds
  if (payload === recent.payload && Date.now() - recent.at < 4000) return;
  recent = { payload, at: Date.now() };
  busy = true;
  show('idle', 'Checking…', '');
  try {
    const admitted = await api('/api/v1/checkin', { method: 'POST', body: { payload } });
    show('admitted', 'ADMITTED', `Ticket checked in at ${new Date(admitted.checkedInAt).toLocaleTimeString()}.`);
  } catch (error) {
    if (error.code === 'ALREADY_CHECKED_IN') {
      const first = error.problem.firstCheckedInAt;
      const at = first && first !== 'null' ? new Date(first).toLocaleString() : 'an earlier scan';
      show('already', 'ALREADY CHECKED IN', `First checked in at ${at}. Do not admit.`);
    } else if (error.code === 'INVALID_TICKET' || error.code === 'VALIDATION_FAILED') {
      show('invalid', 'INVALID', 'This is not a valid ticket. Do not admit.');
    } else if (error.code === 'TICKET_VOID') {
      show('invalid', 'INVALID', 'This ticket belongs to a cancelled or refunded order. Do not admit.');
    } else if (error.status === 403) {
      show('invalid', 'INVALID', 'This ticket is for an event you do not organise.');
    } else if (error.status === 401) {
      show('idle', 'Sign in again', 'Your session has ended.');
    } else {
      show('idle', 'Try again', 'The server could not be reached.');
    }
  } finally {
    busy = false;
  }
}

document.getElementById('paste').addEventListener('submit', async (event) => {
  event.preventDefault();
  const payload = document.getElementById('payload');
  recent = { payload: null, at: 0 }; // a deliberate paste always checks
  await checkIn(payload.value);
  payload.select();
});

/** BarcodeDetector where the browser has it, else the vendored jsQR on canvas frames. */
async function detector() {
  if ('BarcodeDetector' in window) {
    const formats = await window.BarcodeDetector.getSupportedFormats();
    if (formats.includes('qr_code')) {
      const native = new window.BarcodeDetector({ formats: ['qr_code'] });
      return async () => (await native.detect(video))[0]?.rawValue;
    }
  }
  if (!window.jsQR) {
    await new Promise((resolve, reject) => {
      const script = document.createElement('script');
      script.src = '/assets/vendor/jsQR.js';
      script.onload = resolve;
      script.onerror = reject;
      document.head.append(script);
    });
  }
  const context = canvas.getContext('2d', { willReadFrequently: true });
  return async () => {
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    if (!canvas.width) return undefined;
    context.drawImage(video, 0, 0);
    const image = context.getImageData(0, 0, canvas.width, canvas.height);
    return window.jsQR(image.data, image.width, image.height, { inversionAttempts: 'dontInvert' })?.data;
  };
}

async function startCamera() {
  if (!navigator.mediaDevices?.getUserMedia) {
    cameraStatus.textContent = 'This browser cannot use a camera here (a camera needs HTTPS). Paste the ticket instead.';
    return;
  }
  try {
    camera = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
  } catch {
    cameraStatus.textContent = 'No camera, or permission was refused. Paste the ticket instead.';
    return;
  }
  video.srcObject = camera;
  video.hidden = false;
  await video.play();
  document.getElementById('start-camera').hidden = true;
  document.getElementById('stop-camera').hidden = false;
  cameraStatus.textContent = 'Point the camera at the ticket\'s QR code.';
  const read = await detector();
  const loop = async () => {
    if (!camera) return;
    try {
      const payload = await read();
      if (payload) await checkIn(payload);
    } catch {
      // an unreadable frame: try the next one
    }
    setTimeout(loop, 200);
  };
  loop();
}

function stopCamera() {
  camera?.getTracks().forEach((track) => track.stop());
  camera = null;
  video.hidden = true;
  document.getElementById('start-camera').hidden = false;
  document.getElementById('stop-camera').hidden = true;
  cameraStatus.textContent = '';
}

if (requireSignIn()) {
  document.getElementById('start-camera').addEventListener('click', startCamera);
  document.getElementById('stop-camera').addEventListener('click', stopCamera);
  say(document.getElementById('status'), 'Scan at the gate of an event you organise. Each ticket is admitted once.');
}
