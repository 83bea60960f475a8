// The signing form, improved when JavaScript runs: a live character counter, and sending
// without a page load, with each error shown beside its field and announced. Without
// JavaScript the same form posts normally and the server answers with a page.
(function () {
  'use strict';
  var form = document.querySelector('form[data-sign-form]');
  if (!form || !window.fetch || !window.URLSearchParams || !window.FormData) return;

  var summary = document.getElementById('error-summary');
  var summaryList = summary.querySelector('ul');
  var done = document.getElementById('sign-done');
  var button = form.querySelector('button[type="submit"]');
  var buttonText = button.textContent;
  var lang = document.documentElement.lang || 'en';
  var msg = form.dataset;
  // the server quietly ignores a form sent back sooner than a person could fill it in: a person
  // with autofill can be that fast, so their browser waits out the rest of that time
  var shownAt = Date.now();
  var minFillMs = Number(msg.minFillMs) || 0;

  // a page that came back from the server with errors: take the supporter to the list of them
  if (!summary.hidden) summary.focus();

  // "N characters left" under each text box (a comment, or the letter to rewrite), in the page's
  // language; screen readers hear it once typing pauses
  var rules = window.Intl && Intl.PluralRules ? new Intl.PluralRules(lang) : null;
  var numbers = window.Intl ? new Intl.NumberFormat(lang) : null;
  form.querySelectorAll('textarea[data-counted]').forEach(function (box) {
    var counter = document.getElementById(box.id + '-counter');
    var live = document.getElementById(box.id + '-counter-live');
    if (!counter || !live) return;
    var forms = JSON.parse(counter.getAttribute('data-forms'));
    var max = Number(counter.getAttribute('data-max'));
    var timer = null;
    var update = function () {
      var left = Math.max(0, max - Array.from(box.value).length);
      var phrase = (rules && forms[rules.select(left)]) || forms.other;
      var text = phrase.replace('{n}', numbers ? numbers.format(left) : String(left));
      counter.textContent = text;
      clearTimeout(timer);
      timer = setTimeout(function () {
        live.textContent = text;
      }, 800);
    };
    box.addEventListener('input', update);
    update();
    live.textContent = '';
  });

  // a targeted campaign: as the supporter picks their country, say who receives their letter (or
  // that nobody would, before they sign)
  var recipients = document.getElementById('recipients');
  var country = document.getElementById('country');
  if (recipients && country) {
    var asked = 0;
    var showRecipients = function () {
      var code = country.value;
      var ticket = ++asked;
      if (!code) {
        recipients.textContent = '';
        return;
      }
      var name = country.options[country.selectedIndex].textContent;
      fetch(recipients.dataset.url + '?country=' + encodeURIComponent(code), { headers: { Accept: 'application/json' } })
        .then(function (response) {
          return response.ok ? response.json() : null;
        })
        .then(function (body) {
          if (!body || ticket !== asked) return;
          recipients.textContent = '';
          var lead = document.createElement('p');
          if (!body.targets.length) {
            lead.className = 'warning';
            lead.textContent = recipients.dataset.msgNone.replace('{country}', name);
            recipients.appendChild(lead);
            return;
          }
          lead.textContent = recipients.dataset.msgFor.replace('{country}', name);
          recipients.appendChild(lead);
          var list = document.createElement('ul');
          list.className = 'officials';
          body.targets.forEach(function (t) {
            var item = document.createElement('li');
            var who = document.createElement('span');
            who.className = 'name';
            who.dir = 'auto';
            who.textContent = t.name;
            item.appendChild(who);
            var role = [t.title, t.organization].filter(Boolean).join(', ');
            if (role) {
              var span = document.createElement('span');
              span.className = 'role';
              span.dir = 'auto';
              span.textContent = ' ' + role;
              item.appendChild(span);
            }
            list.appendChild(item);
          });
          recipients.appendChild(list);
        })
        .catch(function () {
          // the check is a courtesy: signing still says so if nobody would receive the letter
        });
    };
    country.addEventListener('change', showRecipients);
    if (country.value && !recipients.childElementCount) showRecipients();
  }

  function clearErrors() {
    form.querySelectorAll('.field.invalid').forEach(function (field) {
      field.classList.remove('invalid');
      var control = field.querySelector('input, select, textarea');
      var error = field.querySelector('.error');
      if (error) error.remove();
      if (control) {
        control.removeAttribute('aria-invalid');
        var ids = (control.getAttribute('aria-describedby') || '').split(' ').filter(function (id) {
          return id && id !== control.id + '-error';
        });
        if (ids.length) control.setAttribute('aria-describedby', ids.join(' '));
        else control.removeAttribute('aria-describedby');
      }
    });
    summaryList.textContent = '';
    summary.hidden = true;
  }

  function showErrors(fieldErrors, formError) {
    clearErrors();
    if (formError) {
      var li = document.createElement('li');
      li.textContent = formError;
      summaryList.appendChild(li);
    }
    Object.keys(fieldErrors || {}).forEach(function (name) {
      var field = form.querySelector('[data-field="' + name + '"]');
      var control = document.getElementById(name);
      if (!field || !control) return;
      field.classList.add('invalid');
      var error = document.createElement('p');
      error.className = 'error';
      error.id = name + '-error';
      var prefix = document.createElement('span');
      prefix.className = 'visually-hidden';
      prefix.textContent = msg.msgErrorPrefix;
      error.appendChild(prefix);
      error.appendChild(document.createTextNode(fieldErrors[name]));
      field.insertBefore(error, control);
      control.setAttribute('aria-invalid', 'true');
      var ids = (control.getAttribute('aria-describedby') || '').split(' ').filter(Boolean);
      ids.push(error.id);
      control.setAttribute('aria-describedby', ids.join(' '));
      var item = document.createElement('li');
      var link = document.createElement('a');
      link.href = '#' + name;
      link.textContent = fieldErrors[name];
      item.appendChild(link);
      summaryList.appendChild(item);
    });
    summary.hidden = false;
    if (document.title.indexOf(msg.msgErrorPrefix) !== 0) document.title = msg.msgErrorPrefix + document.title;
    summary.focus();
  }

  // a link in the list of errors moves the focus to its field, not only the scroll position
  summary.addEventListener('click', function (event) {
    var link = event.target.closest('a[href^="#"]');
    if (!link) return;
    var control = document.getElementById(link.getAttribute('href').slice(1));
    if (control) {
      event.preventDefault();
      control.focus();
    }
  });

  function resetCaptcha() {
    ['hcaptcha', 'turnstile', 'grecaptcha'].forEach(function (name) {
      var widget = window[name];
      if (widget && typeof widget.reset === 'function') {
        try {
          widget.reset();
        } catch (_e) {
          // no widget rendered: nothing to reset
        }
      }
    });
  }

  var sending = false;
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    if (sending) return;
    sending = true;
    button.disabled = true;
    button.textContent = msg.msgSubmitting;
    form.setAttribute('aria-busy', 'true');
    var finish = function () {
      sending = false;
      button.disabled = false;
      button.textContent = buttonText;
      form.removeAttribute('aria-busy');
    };
    var body = new URLSearchParams(new FormData(form));
    new Promise(function (resolve) {
      setTimeout(resolve, Math.max(0, shownAt + minFillMs - Date.now()));
    })
      .then(function () {
        return fetch(form.action, { method: 'POST', headers: { Accept: 'application/json' }, body: body, credentials: 'same-origin' });
      })
      .then(function (response) {
        return response
          .json()
          .catch(function () {
            return {};
          })
          .then(function (body) {
            finish();
            if (response.status === 202 || response.status === 200) {
              clearErrors();
              form.hidden = true;
              done.hidden = false;
              done.focus();
              var title = done.querySelector('h3');
              if (title) document.title = title.textContent + ' – ' + document.title.replace(msg.msgErrorPrefix, '');
            } else if ((response.status === 400 || response.status === 422) && body.errors) {
              // a CAPTCHA answer is good once: a refused one is solved again
              if (body.errors.captcha) resetCaptcha();
              showErrors(body.errors);
            } else if (response.status === 429) {
              showErrors({}, msg.msgTooMany);
            } else if (response.status === 409 || response.status === 404) {
              showErrors({}, typeof body.message === 'string' ? body.message : msg.msgUnexpected);
            } else {
              showErrors({}, msg.msgUnexpected);
            }
          });
      })
      .catch(function () {
        finish();
        showErrors({}, msg.msgNetwork);
      });
  });
})();
