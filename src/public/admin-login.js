/** Log out (clears the session cookie) and go to the login page. */
async function logout() {
  await fetch('/api/auth/logout', { method: 'POST' }).catch(() => undefined);
  location.assign('/admin/login');
}
for (const button of document.querySelectorAll('#logout')) button.addEventListener('click', logout);

// The login form posts JSON to /api/auth/login, which answers the token and sets the http-only
// session cookie the admin pages use; then it goes where the visitor was heading.
const form = document.getElementById('login');
if (form) {
  const error = document.getElementById('login-error');
  const show = (message) => {
    error.textContent = message;
    error.hidden = false;
  };
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.hidden = true;
    const button = form.querySelector('button[type=submit]');
    button.disabled = true;
    try {
      const res = await fetch('/api/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ email: form.email.value, password: form.password.value }),
      });
      const body = await res.json().catch(() => ({}));
      if (res.status === 200 && body.user?.role === 'admin') return location.assign(form.dataset.next || '/admin');
      if (res.status === 200) return show(`You are logged in as ${body.user?.email}, a ${body.user?.role}: delivery monitoring is for admins.`);
      if (res.status === 429) return show('Too many attempts. Wait a few minutes and try again.');
      show(res.status === 401 ? 'Wrong email or password.' : Array.isArray(body.message) ? body.message.join('. ') : body.message || `Login failed (${res.status}).`);
    } catch {
      show('The server did not answer. Try again.');
    } finally {
      button.disabled = false;
    }
  });
}
