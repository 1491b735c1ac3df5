import { useTestApp } from '@perkrank/testing';

/** The campaign, moderation and perk routes are in the served document, with their types. */
describe('campaign routes in OpenAPI', () => {
  const t = useTestApp();

  it('describes every route of the contract with its request and response schemas', async () => {
    const served = await t.http.get('/docs-json').expect(200);
    interface Operation {
      requestBody?: { content: Record<string, { schema: { $ref?: string } }> };
      responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
    }
    const paths = served.body.paths as Record<string, Record<string, Operation>>;
    const routes: Array<[string, string, string | null]> = [
      ['post', '/v1/brands/{brandId}/campaigns', 'CreateCampaignDto'],
      ['get', '/v1/brands/{brandId}/campaigns', null],
      ['get', '/v1/campaigns/{id}', null],
      ['patch', '/v1/campaigns/{id}', 'UpdateCampaignDto'],
      ['post', '/v1/campaigns/{id}/submit', null],
      ['post', '/v1/campaigns/{id}/pause', null],
      ['post', '/v1/campaigns/{id}/resume', null],
      ['post', '/v1/campaigns/{id}/end', null],
      ['get', '/v1/admin/campaigns', null],
      ['post', '/v1/admin/campaigns/{id}/approve', 'ApproveDto'],
      ['post', '/v1/admin/campaigns/{id}/reject', 'RejectDto'],
      ['post', '/v1/admin/campaigns/{id}/request-changes', 'RequestChangesDto'],
      ['post', '/v1/admin/campaigns/{id}/remove', 'RemoveDto'],
      ['post', '/v1/reports', 'CreateReportDto'],
      ['get', '/v1/admin/reports', null],
      ['get', '/v1/perks', null],
      ['get', '/v1/perks/{id}', null],
      ['get', '/v1/topics', null],
    ];
    for (const [method, path, body] of routes) {
      const operation = paths[path]?.[method];
      expect({ path, method, described: operation !== undefined }).toEqual({ path, method, described: true });
      const ok = operation?.responses['200'] ?? operation?.responses['201'];
      expect(ok?.content?.['application/json']?.schema).toBeDefined();
      if (body) {
        expect(operation?.requestBody?.content['application/json']?.schema.$ref).toBe(
          `#/components/schemas/${body}`,
        );
      }
    }
    const schemas = served.body.components.schemas;
    expect(Object.keys(schemas.CampaignResponse.properties)).toEqual(
      expect.arrayContaining(['status', 'funding', 'inventory', 'claimable', 'moderation']),
    );
    expect(Object.keys(schemas.PerkResponse.properties)).toEqual(
      expect.arrayContaining([
        'id',
        'title',
        'brand',
        'perk',
        'minScore',
        'remaining',
        'endsAt',
        'location',
        'eligible',
        'reasons',
      ]),
    );
    expect(schemas.PerkDetailResponse.properties).toHaveProperty('eligibility');
  });
});
