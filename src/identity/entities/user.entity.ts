import type { Language } from '../../common/language';
import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

@Entity('users')
@Check('users_language_check', `"language" IN ('en', 'fi', 'sv')`)
@Check(
  'users_erased_check',
  `"erased_at" IS NULL OR (NOT "active" AND "password_hash" IS NULL AND "oidc_subject" IS NULL AND NOT "is_admin")`,
)
export class UserEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Stored lower-case; unique. */
  @Index('users_email_key', { unique: true })
  @Column('text')
  email!: string;

  @Column('text')
  name!: string;

  /** argon2id PHC string; null for users who only sign in through SSO. */
  @Column('text', { nullable: true, select: false })
  passwordHash!: string | null;

  @Column('boolean', { default: false })
  isAdmin!: boolean;

  @Column('boolean', { default: true })
  active!: boolean;

  /** `issuer|subject` of the identity provider account linked on first SSO sign-in. */
  @Index('users_oidc_subject_key', { unique: true })
  @Column('text', { nullable: true })
  oidcSubject!: string | null;

  /** Picked by the user for pages and mail; null: the browser's language is used. */
  @Column('text', { nullable: true })
  language!: Language | null;

  /** When the person was erased (issue 27): the row stays as "Former user" for the records that refer to it. */
  @Column('timestamptz', { nullable: true })
  erasedAt!: Date | null;

  @Column('int', { default: 1 })
  version!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
