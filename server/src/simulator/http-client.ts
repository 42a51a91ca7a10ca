import type { Carrier, DemandInput, DeviceCreated, Material, Shipment, ShipmentCreate, ShipmentPatch, Site, StockCountInput } from '@dockwatch/shared';

/** Minimal typed client of the Dockwatch REST API, used by the simulator and the demo. */
export class DockwatchClient {
  constructor(
    readonly baseUrl: string,
    private readonly staffToken: string,
  ) {}

  async #request<T>(method: string, path: string, token: string, body?: unknown, contentType = 'application/json'): Promise<T> {
    const res = await fetch(new URL(path, this.baseUrl), {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': contentType }) },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${text.slice(0, 300)}`);
    return (text === '' ? undefined : JSON.parse(text)) as T;
  }

  getSite = (id: string) => this.#request<Site>('GET', `/api/v1/sites/${id}`, this.staffToken);
  listSites = async () => (await this.#request<{ sites: Site[] }>('GET', '/api/v1/sites', this.staffToken)).sites;
  createSite = (body: object) => this.#request<Site>('POST', '/api/v1/sites', this.staffToken, body);
  listCarriers = async () => (await this.#request<{ carriers: Carrier[] }>('GET', '/api/v1/carriers', this.staffToken)).carriers;
  createCarrier = (name: string) => this.#request<Carrier>('POST', '/api/v1/carriers', this.staffToken, { name });
  createDevice = (carrierId: string, name: string) =>
    this.#request<DeviceCreated>('POST', `/api/v1/carriers/${carrierId}/devices`, this.staffToken, { name });
  createShipment = (body: ShipmentCreate) => this.#request<Shipment>('POST', '/api/v1/shipments', this.staffToken, body);
  patchShipment = (id: string, body: ShipmentPatch) => this.#request<Shipment>('PATCH', `/api/v1/shipments/${id}`, this.staffToken, body);
  activeShipments = async (siteId: string) =>
    (await this.#request<{ shipments: Shipment[] }>('GET', `/api/v1/shipments?siteId=${siteId}&active=true&limit=500`, this.staffToken)).shipments;
  postEvent = (shipmentId: string, type: string, token = this.staffToken) =>
    this.#request<unknown>('POST', `/api/v1/shipments/${shipmentId}/events`, token, { type });
  /** Upserts materials (or sets stock, or demand) from a CSV file, as a planner's import would. */
  importCsv = (siteId: string, csv: string) => this.#request<unknown>('POST', `/api/v1/sites/${siteId}/imports`, this.staffToken, csv, 'text/csv');
  listMaterials = async (siteId: string) => (await this.#request<{ materials: Material[] }>('GET', `/api/v1/sites/${siteId}/materials`, this.staffToken)).materials;
  setStock = (materialId: string, body: StockCountInput) => this.#request<Material>('PUT', `/api/v1/materials/${materialId}/stock`, this.staffToken, body);
  setDemand = (materialId: string, body: DemandInput) => this.#request<unknown>('PUT', `/api/v1/materials/${materialId}/demand`, this.staffToken, body);
  getShipment = (id: string) => this.#request<Shipment>('GET', `/api/v1/shipments/${id}`, this.staffToken);
  postPings = (deviceToken: string, body: object) =>
    this.#request<{ accepted: number; duplicates: number }>('POST', '/api/v1/pings', deviceToken, body);
}
