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
