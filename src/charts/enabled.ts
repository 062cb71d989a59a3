import { CHART_CATALOG } from './catalog';
import { REGISTRIES, type RegistryId } from './registries';
import type { CatalogEntry, EnableContext } from './chart-spec';

/** The environment's toggles (`charts.<id>.enabled`) over each entry's default. */
export function enabledChartIds(toggles: Readonly<Record<string, unknown>>, ctx: EnableContext): Set<string> {
  return new Set(
    CHART_CATALOG.filter((entry) => {
      // `charts` also holds settings (delivery, argocd), which are no catalog ids.
      const toggle = (toggles[entry.id] as { readonly enabled?: unknown } | undefined)?.enabled;
      // Entries switched by another setting ignore `charts.<id>` (the rules reject such a toggle).
      if (typeof toggle === 'boolean' && !entry.switchedBy) return toggle;
      return typeof entry.defaultEnabled === 'function' ? entry.defaultEnabled(ctx) : entry.defaultEnabled;
    }).map((e) => e.id),
  );
}

/** The registries an entry pulls images from. */
export function registriesOf(entry: CatalogEntry): RegistryId[] {
  return entry.kind === 'helm' ? [...new Set(entry.images.map((i) => i.registry))] : [...(entry.registries ?? [])];
}

/** Registries used by the given entries, in the fixed order of REGISTRIES, with the entries that use each. */
export function registriesInUse(entries: readonly CatalogEntry[]): Map<RegistryId, string[]> {
  const used = new Map<RegistryId, string[]>();
  for (const id of Object.keys(REGISTRIES) as RegistryId[]) {
    const users = entries.filter((e) => registriesOf(e).includes(id)).map((e) => e.id);
    if (users.length > 0) used.set(id, users);
  }
  return used;
}
