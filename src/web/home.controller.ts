import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { Public } from '../identity/access/access.decorators';

/** The front door: what this is and where to go. The API is the product's interface for now. */
@ApiExcludeController()
@Controller()
export class HomeController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @Public()
  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'")
  home(): string {
    const sso = this.config.oidc ? `<p><a class="button" href="/api/v1/auth/sso/start">${escapeHtml(this.config.oidc.label)}</a></p>` : '';
    return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Support orders</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; max-width: 44rem; margin: 3rem auto; padding: 0 1rem; color: #1d2733; }
  h1 { font-size: 1.6rem; margin-bottom: .2rem; } ol { padding-left: 1.2rem; } li { margin: .4rem 0; }
  a { color: #0b5cad; } .button { display: inline-block; padding: .5rem 1rem; background: #0b5cad; color: #fff; border-radius: 6px; text-decoration: none; }
  .muted { color: #5b6673; }
</style></head>
<body>
<h1>Support orders</h1>
<p class="muted">Order, deliver, and influence the next order.</p>
<ol>
  <li><strong>Order</strong>: answer the support unit's questions and say what the order should achieve, and for whom.</li>
  <li><strong>Deliver</strong>: the support unit may ask, advise or transfer, and delivers exactly what was ordered.</li>
  <li><strong>Influence the next order</strong>: its retrospective recommends what to change next time, and why.</li>
</ol>
${sso}
<p><a href="/api/docs">API documentation</a> · <a href="/health/ready">Health</a></p>
</body></html>`;
  }
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
