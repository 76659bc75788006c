import { Injectable } from '@nestjs/common';
import { CatalogService } from '../../catalog/catalog.service';
import { UnitsService } from '../../identity/units.service';
import { UsersService } from '../../identity/users.service';

/** Names for the ids an order carries (units, services, people), for pages to show. */
@Injectable()
export class OrderNames {
  constructor(
    private readonly units: UnitsService,
    private readonly users: UsersService,
    private readonly catalog: CatalogService,
  ) {}

  async unitNames(): Promise<Map<string, string>> {
    return new Map((await this.units.list()).map((u) => [u.id, u.name]));
  }

  /** People's names by id; an erased person is `formerUser` (the reader's "Former user"). */
  async people(ids: Array<string | null>, formerUser = 'Former user'): Promise<Map<string, string>> {
    const names = new Map<string, string>();
    for (const id of new Set(ids.filter((i): i is string => !!i))) {
      const user = await this.users.get(id).catch(() => null);
      if (user) names.set(id, user.erased ? formerUser : user.name);
    }
    return names;
  }

  async serviceName(id: string): Promise<string> {
    return (await this.catalog.get(id)).name;
  }
}
