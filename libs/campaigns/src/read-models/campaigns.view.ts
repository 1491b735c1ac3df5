import { ViewColumn, ViewEntity } from 'typeorm';

/**
 * The campaigns read model (docs/architecture.md "Read models"): what claims, payments and
 * notifications show or check of a campaign. A plain projection of `campaigns`, so PostgreSQL
 * inlines it (and `FOR UPDATE` through it locks the campaign row). Writes go through
 * `CampaignStock` and `CampaignFunding`.
 */
@ViewEntity('campaigns_v', {
  expression: `SELECT id, brand_id, title, status, funding_status, moderation_notes, moderation_reason, starts_at, ends_at, inventory_total, inventory_remaining, funded_units, perk_type, perk_terms, perk_value_minor, perk_currency, disclosure_required, location_venue_name, location_city, location_country, location_address FROM campaigns`,
})
export class CampaignView {
  @ViewColumn() id: string;
  @ViewColumn({ name: 'brand_id' }) brandId: string;
  @ViewColumn() title: string;
  @ViewColumn() status: string;
  @ViewColumn({ name: 'funding_status' }) fundingStatus: string;
  @ViewColumn({ name: 'inventory_total' }) inventoryTotal: number;
  @ViewColumn({ name: 'inventory_remaining' }) inventoryRemaining: number;
}
