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
