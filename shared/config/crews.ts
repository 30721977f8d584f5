import { Roster } from '../crew/roster';

/**
 * The `crews` section of the desk's configuration: the roster the desk ranks
 * dispatches from (crews, on-call rotation, travel). It is the roster schema
 * itself, so a roster that arrives in the organisation's shared
 * configuration and one written in the file are checked by the same rules.
 */
export const CrewsConfig = Roster;
export type CrewsConfig = Roster;
