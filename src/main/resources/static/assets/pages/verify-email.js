import { api, describe, initChrome, renewSession, session } from '/assets/api.js';

initChrome();

// The link in the email: /verify-email?token=…; the token is the proof, no sign-in needed.
const status = document.getElementById('status');
const token = new URLSearchParams(location.search).get('token');

if (!token) {
  status.textContent = 'This page confirms an email address with the link we sent. Open the link from the email.';
} else {
  try {
    const profile = await api('/api/v1/auth/verify-email', { method: 'POST', body: { token }, auth: false });
    // a signed-in tab's token says so only once it is renewed
    if (session()) await renewSession();
    status.textContent = `Your email address ${profile.email} is confirmed. You may join the waiting rooms of the busiest sales.`;
    status.dataset.state = 'ok';
    document.getElementById('next').hidden = false;
  } catch (error) {
    status.textContent = describe(error);
    status.dataset.state = 'error';
  }
}
