/** The seven drills issue 18 asks for, as shipped in resources/scenarios/. */
export const SHIPPED_DRILLS = [
  'drill-carport-smoke-night',
  'drill-dc-insulation-session',
  'drill-box-transformer-trip',
  'drill-gateway-comms-loss',
  'drill-fault-storm',
  'drill-pv-underperforming',
  'drill-shaoxing-outage',
] as const;
