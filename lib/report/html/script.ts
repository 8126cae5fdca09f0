// The page's only script, inlined: open a cell's <dialog> on click or Enter, close on the ×,
// Escape or a backdrop click, and keep the URL hash on the open case so a link can point at it.
// Plain ES2015 in a string: it runs as-is from file:// with no build step.
export const SCRIPT = String.raw`
(function () {
  'use strict';
  function setHash(id) {
    try { history.replaceState(null, '', id ? '#' + encodeURIComponent(id) : location.pathname + location.search); } catch (e) { /* file:// quirks */ }
  }
  function open(detailId) {
    var d = document.getElementById(detailId);
    if (!d) return;
    document.querySelectorAll('dialog[open]').forEach(function (o) { if (o !== d) o.close(); });
    if (!d.open) { if (typeof d.showModal === 'function') d.showModal(); else d.setAttribute('open', ''); }
    setHash(d.getAttribute('data-case-id'));
  }
  document.addEventListener('click', function (ev) {
    var t = ev.target;
    var opener = t.closest && t.closest('[data-detail]');
    if (opener) { ev.preventDefault(); open(opener.getAttribute('data-detail')); return; }
    var closer = t.closest && t.closest('[data-close]');
    if (closer) { closer.closest('dialog').close(); return; }
    if (t.tagName === 'DIALOG') {
      var r = t.getBoundingClientRect();
      var inside = ev.clientX >= r.left && ev.clientX <= r.right && ev.clientY >= r.top && ev.clientY <= r.bottom;
      if (!inside) t.close();
    }
  });
  document.addEventListener('keydown', function (ev) {
    var opener = ev.target.closest && ev.target.closest('td[data-detail]');
    if (opener && (ev.key === 'Enter' || ev.key === ' ')) { ev.preventDefault(); open(opener.getAttribute('data-detail')); }
  });
  document.querySelectorAll('dialog').forEach(function (d) {
    d.addEventListener('close', function () { if (!document.querySelector('dialog[open]')) setHash(null); });
  });
  function fromHash() {
    var id = decodeURIComponent(location.hash.slice(1));
    if (!id) return;
    var cells = document.querySelectorAll('td[data-case-id]');
    for (var i = 0; i < cells.length; i++) {
      if (cells[i].getAttribute('data-case-id') === id) { open(cells[i].getAttribute('data-detail')); return; }
    }
  }
  window.addEventListener('hashchange', fromHash);
  fromHash();
})();
`;
