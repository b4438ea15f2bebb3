import { api, describe, initChrome, saveSession, say } from '/assets/api.js';

initChrome();

const message = document.getElementById('message');

/** Only a path on this site: never an absolute or protocol-relative address. */
function next() {
  const target = new URLSearchParams(location.search).get('next') || '/';
  return /^\/(?![\/\\])/.test(target) ? target : '/';
}

function handle(formId, path, toBody) {
  const form = document.getElementById(formId);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!form.reportValidity()) return;
    const button = form.querySelector('button[type="submit"]');
    button.disabled = true;
    say(message, '');
    try {
      saveSession(await api(path, { method: 'POST', body: toBody(new FormData(form)), auth: false }));
      location.assign(next());
    } catch (error) {
      say(message, describe(error), 'error');
      button.disabled = false;
    }
  });
}

handle('login-form', '/api/v1/auth/login', (f) => ({ email: f.get('email'), password: f.get('password') }));
handle('register-form', '/api/v1/auth/register',
  (f) => ({ fullName: f.get('fullName'), email: f.get('email'), password: f.get('password') }));
