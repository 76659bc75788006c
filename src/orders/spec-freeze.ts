import { EntityManager } from 'typeorm';
import type { Question } from '../catalog/domain/question';
import { visibleQuestions } from '../catalog/domain/validate-answers';
import { specHash } from './domain/spec-hash';
import { ChecklistItemEntity } from './entities/checklist-item.entity';
import { OrderEntity } from './entities/order.entity';
import { SpecVersionEntity } from './entities/spec-version.entity';

/** Writes the next immutable spec version of an order: "what was ordered" from now on. */
export async function freezeSpec(
  m: EntityManager,
  order: Pick<OrderEntity, 'id' | 'title' | 'purpose' | 'desiredDate' | 'answers' | 'questionnaireId'>,
  questionnaireVersion: number,
  meta: { createdBy: string; changeRequestId?: string },
): Promise<SpecVersionEntity> {
  const [{ next }] = await m.query('SELECT coalesce(max(number), 0) + 1 AS next FROM spec_versions WHERE order_id = $1', [order.id]);
  const content = {
    title: order.title,
    purpose: order.purpose,
    desiredDate: order.desiredDate,
    answers: order.answers,
    questionnaireVersion,
  };
  return m.save(
    m.create(SpecVersionEntity, {
      orderId: order.id,
      number: next,
      ...content,
      questionnaireId: order.questionnaireId,
      contentHash: specHash(content),
      changeRequestId: meta.changeRequestId ?? null,
      createdBy: meta.createdBy,
    }),
  );
}

/**
 * One checklist item per ordered deliverable: each answered question of the spec, in the
 * questionnaire's order, or the title alone when nothing was asked. Items whose text is
 * unchanged keep their tick when a change request makes a new spec version.
 */
export function checklistLabels(questions: Question[], spec: Pick<SpecVersionEntity, 'title' | 'answers'>): string[] {
  const labels = visibleQuestions(questions, spec.answers)
    .filter((q) => spec.answers[q.key] !== undefined && spec.answers[q.key] !== null && spec.answers[q.key] !== '')
    .map((q) => `${q.label}: ${formatAnswer(q, spec.answers[q.key])}`);
  return labels.length ? labels : [`Deliver: ${spec.title}`];
}

export async function writeChecklist(m: EntityManager, orderId: string, labels: string[]): Promise<void> {
  const previous = await m.find(ChecklistItemEntity, { where: { orderId } });
  const doneBefore = new Map(previous.filter((i) => i.done).map((i) => [i.label, i]));
  await m.delete(ChecklistItemEntity, { orderId });
  await m.insert(
    ChecklistItemEntity,
    labels.map((label, position) => {
      const kept = doneBefore.get(label);
      return { orderId, position, label, done: !!kept, doneBy: kept?.doneBy ?? null, doneAt: kept?.doneAt ?? null };
    }),
  );
}

function formatAnswer(q: Question, value: unknown): string {
  const labelOf = (v: unknown) => q.options?.find((o) => o.value === v)?.label ?? String(v);
  if (Array.isArray(value)) return value.map(labelOf).join(', ');
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (q.type === 'choice') return labelOf(value);
  return String(value).length > 200 ? `${String(value).slice(0, 197)}…` : String(value);
}
