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
    return this.units.names();
  }

  /** People's names by id, in one query; an erased person is `formerUser` (the reader's "Former user"). */
  async people(ids: Array<string | null>, formerUser = 'Former user'): Promise<Map<string, string>> {
    return this.users.namesOf(ids, formerUser);
  }

  async serviceName(id: string): Promise<string> {
    return (await this.catalog.get(id)).name;
  }
}
