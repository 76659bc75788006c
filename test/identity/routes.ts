import type { INestApplication, Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { RequestMethod } from '@nestjs/common';
import { MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import { IS_PUBLIC, REQUIRED_ROLE, RouteRequirement } from '../../src/identity/access/access.decorators';

export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD' | 'OPTIONS' | 'ALL' | 'SEARCH';
  /** Nest's path with its parameters, e.g. `/api/v1/orders/:id/accept`. */
  path: string;
}

export interface RouteWithAccess extends Route {
  controller: string;
  handler: string;
  isPublic: boolean;
  requirement: RouteRequirement | undefined;
}

function joinPath(...parts: string[]): string {
  const joined =
    '/' +
    parts
      .map((p) => p.replace(/^\/+|\/+$/g, ''))
      .filter(Boolean)
      .join('/');
  return joined.replace(/\/{2,}/g, '/');
}

function asList(value: unknown): string[] {
  if (value === undefined || value === null) return [''];
  return Array.isArray(value) ? value.map(String) : [String(value)];
}

/**
 * Every controller route of the running application, read from the module container the way
 * Nest's router does (controller path + handler path + request method), with what each route
 * declares about access. No global prefix or URI versioning is in use; if one is ever added,
 * this helper must add it too (the Express cross-check in route-requirements.e2e-spec.ts fails).
 */
export function listRoutesWithAccess(app: INestApplication): RouteWithAccess[] {
  const reflector = new Reflector();
  const scanner = new MetadataScanner();
  const routes: RouteWithAccess[] = [];
  const seen = new Set<Type>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as Type | null;
      if (!controller || seen.has(controller)) continue;
      seen.add(controller);
      const prototype = controller.prototype as Record<string, unknown>;
      for (const name of scanner.getAllMethodNames(prototype)) {
        const handler = prototype[name] as (...args: unknown[]) => unknown;
        const handlerPaths = Reflect.getMetadata(PATH_METADATA, handler) as unknown;
        if (handlerPaths === undefined) continue; // not a route handler
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod] as Route['method'];
        const targets = [handler, controller];
        const isPublic = reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets) === true;
        const requirement = reflector.getAllAndOverride<RouteRequirement | undefined>(REQUIRED_ROLE, targets);
        for (const base of asList(Reflect.getMetadata(PATH_METADATA, controller))) {
          for (const sub of asList(handlerPaths)) {
            routes.push({ method, path: joinPath(base, sub), controller: controller.name, handler: name, isPublic, requirement });
          }
        }
      }
    }
  }
  return routes.sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
}

/** Every controller route of the running application as `{ method, path }`. */
export function listRoutes(app: INestApplication): Route[] {
  return listRoutesWithAccess(app).map(({ method, path }) => ({ method, path }));
}

export function routeKey(route: Route): string {
  return `${route.method} ${route.path}`;
}
