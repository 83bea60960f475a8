// "Share the appeal", improved when JavaScript runs: copy the link with one press, and on a
// phone, open its own share sheet. Without JavaScript the plain links and the address remain.
(function () {
  'use strict';
  var share = document.querySelector('[data-share]');
  if (!share) return;
  var input = document.getElementById('share-url');
  var copy = share.querySelector('[data-copy]');
  var copied = share.querySelector('[data-copied]');

  if (copy && navigator.clipboard && window.isSecureContext) {
    copy.hidden = false;
    copy.addEventListener('click', function () {
      navigator.clipboard.writeText(input.value).then(
        function () {
          copied.textContent = copied.getAttribute('data-message');
        },
        function () {
          input.select();
        },
      );
    });
  }
  input.addEventListener('focus', function () {
    input.select();
  });

  var native = share.querySelector('[data-native-share]');
  if (native && navigator.share) {
    native.parentElement.hidden = false;
    native.addEventListener('click', function () {
      navigator
        .share({ title: share.getAttribute('data-title'), text: share.getAttribute('data-text'), url: share.getAttribute('data-url') })
        .catch(function () {
          // the supporter closed the share sheet: nothing to do
        });
    });
  }
})();
