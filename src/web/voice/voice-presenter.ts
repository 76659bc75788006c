// The ideas' and surveys' pages as view models: pure functions of the services' results.
import type { IdeaView } from '../../ideas/ideas.service';
import type { QuestionResult } from '../../panels/domain/survey-results';
import type { MessageKey } from '../i18n/en';
import type { Formats, Translate } from '../i18n/i18n';

const STATUS_TAG: Record<IdeaView['status'], string> = {
  open: 'govuk-tag--blue',
  planned: 'govuk-tag--yellow',
  done: 'govuk-tag--green',
  declined: 'govuk-tag--grey',
};

/** An idea's status as a tag: open past its date reads "unanswered", in red. */
export function ideaStatusTag(idea: Pick<IdeaView, 'status' | 'unanswered'>, t: Translate): { text: string; classes: string } {
  if (idea.unanswered) return { text: t('ideas.status.unanswered'), classes: 'govuk-tag--red' };
  return { text: t(`ideas.status.${idea.status}` as MessageKey), classes: STATUS_TAG[idea.status] };
}

export function ideaRow(idea: IdeaView, t: Translate, fmt: Formats) {
  return {
    href: `/ideas/${idea.id}`,
    title: idea.title,
    unit: idea.supportUnit,
    service: idea.service,
    tag: ideaStatusTag(idea, t),
    supporters: t('ideas.supporters', { count: idea.supporters }),
    respondBy: idea.status === 'open' ? t('ideas.respondBy', { date: fmt.day(idea.respondBy) }) : null,
  };
}

/** What an idea changed, in words: a service, a question of a service, a recommendation. */
export function linkText(
  link: IdeaView['links'][number],
  serviceNames: ReadonlyMap<string, string>,
  t: Translate,
): { text: string; note: string | null } {
  const service = link.serviceId ? (serviceNames.get(link.serviceId) ?? '') : '';
  const text =
    link.kind === 'service'
      ? t('ideas.link.service', { service })
      : link.kind === 'question'
        ? t('ideas.link.question', { key: link.questionKey ?? '', service })
        : t('ideas.link.recommendation');
  return { text, note: link.note };
}

/** One question's results as rows: counts with shares, the average, or the texts. */
export function resultView(q: QuestionResult, t: Translate, fmt: Formats) {
  const total = (q.counts ?? []).reduce((n, c) => n + c.count, 0);
  return {
    label: q.label,
    answered: t('surveys.results.answered', { count: q.answered }),
    counts: q.counts
      ? q.counts.map((c) => ({
          label: q.type === 'yesno' ? t(c.value === 'yes' ? 'intake.yes' : 'intake.no') : c.label,
          count: fmt.number(c.count),
          share: total ? `${fmt.number((100 * c.count) / total)} %` : '–',
        }))
      : null,
    average: q.type === 'number' ? (q.average === null ? '–' : fmt.number(q.average, 1)) : null,
    texts: q.texts,
  };
}
