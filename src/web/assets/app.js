// Small progressive enhancements only: every page works without this file.
import { initAll } from './govuk-frontend.min.js';

document.body.classList.add('js-enabled', 'govuk-frontend-supported');
initAll();

// `showIf` questions: without JavaScript they are all shown with a hint saying when they
// apply (the server drops answers to questions that do not apply). With it, a question is
// shown only while the answer it depends on matches.
function answerOf(form, key) {
  const fields = form.querySelectorAll(`[name="answers[${CSS.escape(key)}]"], [name="answers[${CSS.escape(key)}][]"]`);
  const values = [];
  for (const field of fields) {
    if ((field.type === 'radio' || field.type === 'checkbox') && !field.checked) continue;
    values.push(field.value);
  }
  return values;
}

function refreshConditionals(form) {
  for (const block of form.querySelectorAll('[data-show-if-key]')) {
    const values = answerOf(form, block.dataset.showIfKey);
    const wanted = JSON.parse(block.dataset.showIfValues);
    const shown = values.some((v) => wanted.includes(v));
    block.classList.toggle('app-conditional--hidden', !shown);
    for (const hint of block.querySelectorAll('.app-conditional-hint')) hint.hidden = true;
  }
}

for (const form of document.querySelectorAll('form[data-conditional-questions]')) {
  form.addEventListener('change', () => refreshConditionals(form));
  refreshConditionals(form);
}

// File uploads on the order page: without JavaScript a plain multipart form (several files
// chosen at once). With it, files can also be dropped on the form, and the upload shows its
// progress; the answer (the order page, or the page with the error summary) replaces this one.
for (const form of document.querySelectorAll('form[data-file-upload]')) {
  const input = form.querySelector('input[type="file"]');
  if (!input || !window.XMLHttpRequest || !window.FormData) continue;
  const zone = document.createElement('p');
  zone.className = 'govuk-body app-drop-zone';
  zone.textContent = form.dataset.dropText;
  input.insertAdjacentElement('afterend', zone);
  for (const type of ['dragenter', 'dragover']) {
    form.addEventListener(type, (event) => {
      event.preventDefault();
      zone.classList.add('app-drop-zone--active');
    });
  }
  form.addEventListener('dragleave', () => zone.classList.remove('app-drop-zone--active'));
  form.addEventListener('drop', (event) => {
    event.preventDefault();
    zone.classList.remove('app-drop-zone--active');
    if (event.dataTransfer && event.dataTransfer.files.length) {
      input.files = event.dataTransfer.files;
      input.dispatchEvent(new window.Event('change', { bubbles: true }));
    }
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const label = document.createElement('label');
    label.className = 'govuk-label';
    label.textContent = form.dataset.progressText;
    const progress = document.createElement('progress');
    progress.max = 100;
    progress.value = 0;
    progress.id = 'file-progress';
    label.htmlFor = progress.id;
    form.append(label, progress);
    const xhr = new window.XMLHttpRequest();
    xhr.open('POST', form.action);
    xhr.upload.addEventListener('progress', (e) => {
      if (e.lengthComputable) progress.value = Math.round((e.loaded / e.total) * 100);
    });
    xhr.addEventListener('load', () => {
      // Stored: on to the order page. Refused: the plain post again, which shows the error summary.
      if (xhr.status < 400) window.location.assign(xhr.responseURL);
      else form.submit();
    });
    xhr.addEventListener('error', () => form.submit());
    xhr.send(new window.FormData(form));
  });
}
