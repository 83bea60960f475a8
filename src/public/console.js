// The console's conveniences. Every page works without this script (plain forms and links); with
// it: focus on the messages, a slug suggested from the title, placeholders inserted and checked
// as one types, a live letter preview, search as you type, copy buttons. No framework, no CDN.
(function () {
  'use strict';
  var csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content || '';

  function debounce(fn, ms) {
    var t;
    return function () {
      var args = arguments;
      clearTimeout(t);
      t = setTimeout(function () {
        fn.apply(null, args);
      }, ms);
    };
  }

  // a form's problems, or the message of what just happened, are read first
  var first = document.querySelector('[data-autofocus]') || document.getElementById('flash');
  if (first) first.focus();

  // slug suggested from the title, until the slug is typed in by hand
  document.querySelectorAll('[data-slug-source]').forEach(function (title) {
    var slug = document.getElementById(title.getAttribute('data-slug-source'));
    if (!slug) return;
    var touched = slug.value !== '';
    slug.addEventListener('input', function () {
      touched = slug.value !== '';
    });
    title.addEventListener('input', function () {
      if (touched) return;
      slug.value = title.value
        .normalize('NFKD')
        .replace(/[\u0300-\u036f]/g, '')
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-+|-+$/g, '')
        .slice(0, 80)
        .replace(/-+$/, '');
    });
  });

  // placeholders: inserted where the cursor was, in the letter field last used
  var lastLetterField = null;
  document.addEventListener('focusin', function (e) {
    if (e.target.matches && e.target.matches('[data-placeholder-check]')) lastLetterField = e.target;
  });
  document.querySelectorAll('[data-insert]').forEach(function (button) {
    button.addEventListener('click', function () {
      var field = lastLetterField || document.getElementById(button.getAttribute('data-into'));
      if (!field) return;
      var text = button.getAttribute('data-insert');
      var start = field.selectionStart == null ? field.value.length : field.selectionStart;
      var end = field.selectionEnd == null ? start : field.selectionEnd;
      field.value = field.value.slice(0, start) + text + field.value.slice(end);
      field.focus();
      field.setSelectionRange(start + text.length, start + text.length);
      field.dispatchEvent(new Event('input', { bubbles: true }));
    });
  });

  // the same rule as the API: {{name}} from the closed set only (and the digest ones in digest mode)
  function checkPlaceholders(field) {
    var out = document.getElementById(field.getAttribute('data-placeholder-check'));
    if (!out) return;
    var known = (field.getAttribute('data-placeholders') || '').split(' ');
    var digestOnly = (field.getAttribute('data-digest-only') || '').split(' ').filter(Boolean);
    var problems = [];
    var re = /\{\{\s*([^{}]*?)\s*\}\}/g,
      m;
    while ((m = re.exec(field.value))) {
      var name = m[1];
      var text =
        known.indexOf(name) < 0
          ? 'unknown placeholder {{' + name + '}}'
          : digestOnly.indexOf(name) >= 0
            ? '{{' + name + '}} is only available in digest mode'
            : null;
      if (text && problems.indexOf(text) < 0) problems.push(text);
    }
    out.textContent = problems.length ? 'Not saved like this: ' + problems.join('; ') + '.' : '';
  }
  document.querySelectorAll('[data-placeholder-check]').forEach(function (field) {
    checkPlaceholders(field);
    field.addEventListener(
      'input',
      debounce(function () {
        checkPlaceholders(field);
      }, 200),
    );
  });

  // the letter as the chosen official will read it, as one types (the server renders it)
  document.querySelectorAll('form[data-preview-url]').forEach(function (form) {
    var pane = document.getElementById(form.getAttribute('data-preview-pane'));
    var status = document.getElementById(form.getAttribute('data-preview-status'));
    if (!pane) return;
    var seq = 0;
    var render = debounce(function () {
      var data = new FormData(form);
      var mine = ++seq;
      var appeal = { subject: data.get('appeal.subject') || '', body: data.get('appeal.body') || '', translations: {} };
      (data.get('locales') || '')
        .split(',')
        .filter(Boolean)
        .forEach(function (l) {
          appeal.translations[l] = {
            subject: data.get('appeal.translations.' + l + '.subject') || '',
            body: data.get('appeal.translations.' + l + '.body') || '',
          };
        });
      // the versions for some officials (the same fields and lists as the form's; letter-version-form.ts)
      var list = function (typed, key) {
        var separator = key === 'organizations' && typed.indexOf(';') >= 0 ? ';' : key === 'tags' ? /[,;]/ : ',';
        return typed
          .split(separator)
          .map(function (s) {
            return s.trim();
          })
          .filter(Boolean);
      };
      var versions = parseInt(data.get('versions') || '0', 10) || 0;
      for (var i = 0; i < versions; i++) {
        var at = 'appeal.versions.' + i + '.';
        var version = { name: (data.get(at + 'name') || '').trim(), when: {}, subject: data.get(at + 'subject') || '', body: data.get(at + 'body') || '' };
        ['countries', 'organizations', 'tags'].forEach(function (key) {
          var items = list(data.get(at + 'when.' + key) || '', key);
          if (items.length) version.when[key] = items;
        });
        (data.get(at + 'locales') || '')
          .split(',')
          .filter(Boolean)
          .forEach(function (l) {
            version.translations = version.translations || {};
            version.translations[l] = {
              subject: data.get(at + 'translations.' + l + '.subject') || '',
              body: data.get(at + 'translations.' + l + '.body') || '',
            };
          });
        (appeal.versions = appeal.versions || []).push(version);
      }
      var targetId = data.get('previewTarget') || undefined;
      if (status) status.textContent = 'Updating the preview…';
      fetch(form.getAttribute('data-preview-url'), {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-CSRF-Token': csrf },
        body: JSON.stringify({ targetId: targetId, appeal: appeal }),
      })
        .then(function (r) {
          return r.json().then(function (j) {
            return { ok: r.ok, body: j };
          });
        })
        .then(function (r) {
          if (mine !== seq) return;
          if (!r.ok) {
            if (status) status.textContent = 'No preview: ' + [].concat(r.body.message).join('; ');
            return;
          }
          pane.querySelector('[data-preview-subject]').textContent = r.body.subject;
          pane.querySelector('[data-preview-text]').textContent = r.body.text;
          var which = pane.querySelector('[data-preview-which]');
          if (which)
            which.textContent =
              (r.body.version ? 'the “' + r.body.version + '” version' : 'the default letter') +
              (r.body.translation ? ', in its ' + r.body.translation + ' translation' : '');
          if (status) status.textContent = 'Preview updated.';
        })
        .catch(function () {
          if (mine === seq && status) status.textContent = 'The preview could not be updated: check the connection.';
        });
    }, 400);
    form.addEventListener('input', render);
    form.addEventListener('change', render);
    // controls outside the form that belong to it (form="…"): the official to preview for
    document.querySelectorAll('[form="' + form.id + '"]').forEach(function (control) {
      control.addEventListener('change', function () {
        render();
        document.querySelectorAll('.test-send input[name="targetId"]').forEach(function (hidden) {
          hidden.value = control.value;
        });
      });
    });
  });

  // search as you type: the same page, asked for again with the query; its results swapped in
  document.querySelectorAll('form[data-live-search]').forEach(function (form) {
    var results = document.getElementById(form.getAttribute('data-live-search'));
    if (!results) return;
    var seq = 0;
    form.addEventListener(
      'input',
      debounce(function () {
        var mine = ++seq;
        var url = form.action.split('?')[0] + '?' + new URLSearchParams(new FormData(form)).toString();
        fetch(url, { credentials: 'same-origin', headers: { Accept: 'text/html' } })
          .then(function (r) {
            return r.text();
          })
          .then(function (text) {
            if (mine !== seq) return;
            var fresh = new DOMParser().parseFromString(text, 'text/html').getElementById(results.id);
            if (fresh) results.replaceWith(fresh);
            results = document.getElementById(form.getAttribute('data-live-search'));
            history.replaceState(null, '', url);
          })
          .catch(function () {
            /* the Search button still works */
          });
      }, 300),
    );
  });

  // copy buttons
  document.querySelectorAll('[data-copy]').forEach(function (button) {
    button.addEventListener('click', function () {
      var source = document.getElementById(button.getAttribute('data-copy'));
      if (!source) return;
      var label = button.textContent;
      var done = function () {
        button.textContent = 'Copied';
        setTimeout(function () {
          button.textContent = label;
        }, 1500);
      };
      if (navigator.clipboard)
        navigator.clipboard.writeText(source.value || source.textContent).then(done, function () {
          source.select();
        });
      else {
        source.select();
        done();
      }
    });
  });
})();
