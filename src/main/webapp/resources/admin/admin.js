// Copy buttons for secrets shown once: <button data-copy="id-of-element">. No inline handlers needed.
document.addEventListener('click', function (event) {
  var button = event.target.closest ? event.target.closest('[data-copy]') : null;
  if (!button) { return; }
  var source = document.getElementById(button.getAttribute('data-copy'));
  if (!source || !navigator.clipboard) { return; }
  navigator.clipboard.writeText(source.textContent.trim()).then(function () {
    var label = button.textContent;
    button.textContent = button.getAttribute('data-copied') || '✓';
    setTimeout(function () { button.textContent = label; }, 1500);
  });
});

// Live parts of a page (viewers, capacity, timeline): a button marked data-poll="ms" is clicked on
// that beat while the page is visible; it is a Faces Ajax button, so the view state goes along.
(function () {
  function tick() {
    if (document.hidden) { return; }
    document.querySelectorAll('[data-poll]').forEach(function (button) { button.click(); });
  }
  document.addEventListener('DOMContentLoaded', function () {
    var first = document.querySelector('[data-poll]');
    if (first) { setInterval(tick, parseInt(first.getAttribute('data-poll'), 10) || 5000); }
  });
})();
