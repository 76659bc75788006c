import { Injectable } from '@nestjs/common';
import type { Readable } from 'node:stream';
import { DataSource, EntityManager } from 'typeorm';
import { ZipFile } from 'yazl';
import { AuditService } from '../audit/audit.service';
import { DomainError } from '../common/domain-error';
import type { FieldError } from '../common/field-error';
import { FilesPersonalData } from '../files/files-personal-data';
import type { Actor } from '../identity/access/actor';
import { IdentityPersonalData } from '../identity/identity-personal-data';
import { withoutPerson } from './domain/erasure-text';
import { DataSubject, PersonalDataHolder, PersonalDataRegistry } from './personal-data';

export interface PersonalDataExport {
  exportedAt: string;
  userId: string;
  [section: string]: unknown;
}

export interface ErasureResult {
  id: string;
  name: string;
  erasedAt: string;
}

/**
 * Export and erasure of one person, across every module that holds personal data (each
 * answers for its own tables through its registered holder).
 */
@Injectable()
export class PrivacyService {
  constructor(
    private readonly db: DataSource,
    private readonly registry: PersonalDataRegistry,
    private readonly identity: IdentityPersonalData,
    private readonly files: FilesPersonalData,
    private readonly audit: AuditService,
  ) {}

  /** Everything held about the person, read in one snapshot. */
  async export(userId: string): Promise<PersonalDataExport> {
    return this.db.transaction('REPEATABLE READ', async (m) => this.exportIn(m, await this.subject(m, userId)));
  }

  /** The export as a zip: `export.json` and the files the person uploaded, streamed from the file store. */
  async exportZip(userId: string): Promise<Readable> {
    const { data, files } = await this.db.transaction('REPEATABLE READ', async (m) => {
      const subject = await this.subject(m, userId);
      return { data: await this.exportIn(m, subject), files: await this.files.filesOf(m, subject) };
    });
    const zip = new ZipFile();
    zip.addBuffer(Buffer.from(JSON.stringify(data, null, 2)), 'export.json');
    // Added one after another so only one file is open at a time.
    const addFiles = async () => {
      for (const file of files) {
        const stream = await this.files.read(file.sha256);
        // Stored as they are: most files are compressed already.
        zip.addReadStream(stream, `files/${file.id}-${safeName(file.name)}`, { compress: false });
      }
      zip.end();
    };
    const output = zip.outputStream as unknown as Readable;
    addFiles().catch((error: unknown) => output.destroy(error as Error));
    return output;
  }

  /**
   * Erases the person in one transaction: every holder removes or pseudonymises what it holds;
   * refused, naming why, when a record that must be kept would break.
   */
  async erase(actor: Actor, userId: string, reason: string): Promise<ErasureResult> {
    return this.db.transaction(async (m) => {
      const found = await this.identity.subject(m, userId, true);
      if (!found) throw DomainError.notFound('User');
      if (found.erasedAt) throw new DomainError('action_not_allowed', 'This person has been erased already.');
      const subject: DataSubject = { userId: found.userId, email: found.email, name: found.name };
      const blockers: FieldError[] = [];
      for (const holder of this.registry.holders()) blockers.push(...((await holder.erasureBlockers?.(m, subject)) ?? []));
      if (blockers.length) {
        throw new DomainError(
          'erasure_blocked',
          'Erasing this person would leave a record without someone who must answer for it.',
          blockers,
        );
      }
      // The account goes last: the others still find the name and address to remove.
      for (const holder of this.ordered()) await holder.erase(m, subject);
      await this.audit.record(m, {
        actorId: actor.userId,
        action: 'user.erased',
        entity: 'user',
        entityId: userId,
        after: { reason: withoutPerson(reason, subject) },
      });
      const erased = await this.identity.subject(m, userId);
      return { id: userId, name: erased!.name, erasedAt: erased!.erasedAt!.toISOString() };
    });
  }

  private ordered(): PersonalDataHolder[] {
    const holders = [...this.registry.holders()];
    return [...holders.filter((h) => !('users' in h.tables)), ...holders.filter((h) => 'users' in h.tables)];
  }

  private async subject(m: EntityManager, userId: string): Promise<DataSubject> {
    const found = await this.identity.subject(m, userId);
    if (!found) throw DomainError.notFound('User');
    return { userId: found.userId, email: found.email, name: found.name };
  }

  private async exportIn(m: EntityManager, subject: DataSubject): Promise<PersonalDataExport> {
    const out: PersonalDataExport = { exportedAt: new Date().toISOString(), userId: subject.userId };
    for (const holder of this.registry.holders()) Object.assign(out, await holder.exportOf(m, subject));
    return out;
  }
}

/** A file name safe inside a zip: no folders, no control characters. */
function safeName(name: string): string {
  // eslint-disable-next-line no-control-regex
  return name.replace(/[\u0000-\u001f\u007f/\\]/g, '_').slice(0, 200) || 'file';
}
