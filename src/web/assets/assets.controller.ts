import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { DomainError } from '../../common/domain-error';
import { Public } from '../../identity/access/access.decorators';
import { AssetsService } from './assets.service';

@ApiExcludeController()
@Controller('assets')
export class AssetsController {
  constructor(private readonly assets: AssetsService) {}

  /** Immutable under the current fingerprint; an old fingerprint still gets the file, briefly cached. */
  @Public()
  @Get(':version/:name')
  serve(@Param('version') version: string, @Param('name') name: string, @Res() res: Response): void {
    const asset = Object.hasOwn(this.assets.files, name) ? this.assets.files[name] : undefined;
    if (!asset) throw DomainError.notFound('The file');
    res.setHeader('Cache-Control', version === this.assets.version ? 'public, max-age=31536000, immutable' : 'public, max-age=60');
    res.type(asset.type).send(asset.body);
  }
}
