import type { MapSource } from '../../../../shared/api/map';
import { useConfigured } from '../../state/useConfigured';
import type { DeskClient } from '../../transport';

/**
 * What the engine serves under the stations, asked again whenever the
 * configuration changes. Until it answers (or when it cannot) the offline
 * basemap is still drawn.
 */
export function useMapSource(client: DeskClient): MapSource | undefined {
  return useConfigured<'map.source', MapSource | undefined>(
    client,
    'map.source',
    (answer) => answer,
    undefined,
  );
}
