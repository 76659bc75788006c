import { INestApplication } from '@nestjs/common';
import type { DemoWorld } from './demo-data';

/** Services, questionnaires and orders across the cycle; filled in as those modules land. */
export async function seedDemoCycle(_app: INestApplication, _world: DemoWorld, _log: (line: string) => void): Promise<void> {}
