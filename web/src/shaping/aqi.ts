/**
 * Environment panel data: AQI per air station with its HJ 633 level colour and primary
 * pollutant, open alerts. The AQI itself is computed by the environment service
 * (HJ 633-2026, services/environment); the page only presents its answer, never recomputes it.
 * Colours: /work/shared/reference/aqi-hj633.md §3 (unchanged 2012 → 2026).
 */
import { textOn } from "./contrast";

/** HJ 633 §3 level → official colour (used when the service sent none). */
export const HJ633_COLOURS: Record<number, string> = {
  1: "#00E400", 2: "#FFFF00", 3: "#FF7E00", 4: "#FF0000", 5: "#99004C", 6: "#7E0023",
};
export const NO_DATA_COLOUR = "#D0D0D0";

/** HJ 633 pollutant keys → how they are written (subscripts kept in Unicode). */
export const POLLUTANT_LABELS: Record<string, string> = {
  pm25: "PM₂.₅", pm10: "PM₁₀", so2: "SO₂", no2: "NO₂", co: "CO", o3: "O₃", o3_8h: "O₃-8h",
};

export interface AqiResultJson {
  aqi?: number; level?: number; category?: string; categoryEn?: string; color?: string;
  primaryPollutants?: string[];
}
export interface StationLatestJson {
  stationId: string; code?: string; name?: string; kind?: string; subdistrictCode?: string;
  hourlyAqi?: AqiResultJson; aqiHour?: string;
}

export interface AqiRow {
  id: string; name: string; subdistrictCode: string;
  aqi: number | null; level: number | null; category: string; categoryEn: string;
  colour: string; textColour: string; primary: string; hour: string | null;
}

export function aqiRows(stations: StationLatestJson[]): AqiRow[] {
  return stations
    .filter((s) => (s.kind ?? "AIR") === "AIR")
    .map((s) => {
      const r = s.hourlyAqi ?? {};
      const has = typeof r.aqi === "number";
      const colour = has ? (r.color || HJ633_COLOURS[r.level ?? 0] || NO_DATA_COLOUR) : NO_DATA_COLOUR;
      return {
        id: s.stationId, name: s.name || s.code || s.stationId, subdistrictCode: s.subdistrictCode ?? "",
        aqi: has ? r.aqi! : null, level: has ? r.level ?? null : null,
        category: has ? r.category ?? "" : "NA", categoryEn: has ? r.categoryEn ?? "" : "NA",
        colour, textColour: textOn(colour),
        primary: (r.primaryPollutants ?? []).map((p) => POLLUTANT_LABELS[p] ?? p).join(" "),
        hour: s.aqiHour ?? null,
      };
    })
    .sort((a, b) => (b.aqi ?? -1) - (a.aqi ?? -1) || a.name.localeCompare(b.name));
}

export interface AlertJson {
  id: string; stationName?: string; indicator?: string; severity?: string; state?: string;
  raisedAt?: string; value?: number; threshold?: number; subdistrictCode?: string; caseId?: string;
}

const SEVERITY_ORDER: Record<string, number> = { CRITICAL: 0, MAJOR: 1, MINOR: 2 };

/** Open alerts, most severe then newest first. */
export function openAlerts(alerts: AlertJson[]): AlertJson[] {
  return alerts
    .filter((a) => (a.state ?? "OPEN") === "OPEN")
    .sort((a, b) => (SEVERITY_ORDER[a.severity ?? ""] ?? 9) - (SEVERITY_ORDER[b.severity ?? ""] ?? 9)
      || (b.raisedAt ?? "").localeCompare(a.raisedAt ?? ""));
}
