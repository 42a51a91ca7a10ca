import type {
  DemandSharingEntry,
  DemandSharingList,
  SupplierDemand,
  Scorecard,
  ScorecardPeriod,
  SiteScorecards,
  Alert,
  ApiToken,
  ApiTokenCreate,
  ApiTokenCreated,
  User,
  UserCreate,
  Board,
  Carrier,
  ClientConfig,
  AssignableDeviceList,
  Device,
  DeviceCreate,
  DeviceCreated,
  DeviceList,
  ErrorBody,
  CoverageList,
  DiscrepancyList,
  ImportSummary,
  Material,
  MaterialCreate,
  MaterialPatch,
  MessageCreate,
  MessageList,
  ShipmentMessage,
  StockCountInput,
  PartCoverList,
  EtaAccuracy,
  Projection,
  Me,
  RejectedFixList,
  Shipment,
  ShipmentHistory,
  ShipmentList,
  Site,
  StatusEvent,
  ReceivedItemInput,
  StatusEventList,
  DisruptionNotice,
  NoticeCreate,
  SupplierAsnSites,
  SupplierShipmentCreate,
  StatusEventResult,
  StatusEventType,
  Track,
  TrackingLinkCreated,
} from '@dockwatch/shared';

/** An API error with the server's code and message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** Typed calls to the Dockwatch REST API with a bearer token, or the session cookie the browser sends by itself. */
interface JsonRequest {
  method?: string;
  body?: unknown;
  /** A file as the body, sent as it is (instead of `body` as JSON). */
  file?: { text: string; contentType: string };
}

/**
 * A JSON call with an optional bearer token (else the browser sends the session cookie). A
 * failed answer becomes an ApiError with the server's code; no network, status 0 and `offline`.
 */
export async function requestJson<T>(path: string, token: string | null, init: JsonRequest, offline: string): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method: init.method ?? 'GET',
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(init.file ? { 'content-type': init.file.contentType } : init.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: init.file ? init.file.text : init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  } catch {
    throw new ApiError(0, 'network_error', offline);
  }
  const text = await res.text();
  const json = text === '' ? undefined : (JSON.parse(text) as unknown);
  if (!res.ok) {
    const error = (json as ErrorBody | undefined)?.error;
    throw new ApiError(res.status, error?.code ?? 'http_error', error?.message ?? `HTTP ${res.status}`, error?.details);
  }
  return json as T;
}

export class RestClient {
  constructor(private readonly token: () => string | null) {}

  #request<T>(path: string, init: JsonRequest = {}): Promise<T> {
    return requestJson<T>(path, this.token(), init, 'The server cannot be reached');
  }

  me = () => this.#request<Me>('/api/v1/auth/me');
  login = (email: string, password: string) => this.#request<Me>('/api/v1/auth/login', { method: 'POST', body: { email, password } });
  logout = () => this.#request<void>('/api/v1/auth/logout', { method: 'POST' });
  changePassword = (currentPassword: string, newPassword: string) =>
    this.#request<void>('/api/v1/auth/password', { method: 'POST', body: { currentPassword, newPassword } });
  /** The caller's active shipments (the server keeps a partner to its own). */
  activeShipments = () => this.#request<ShipmentList>('/api/v1/shipments?active=true&limit=500');
  shipment = (id: string) => this.#request<Shipment>(`/api/v1/shipments/${encodeURIComponent(id)}`);
  events = async (shipmentId: string) => (await this.#request<{ events: StatusEvent[] }>(`/api/v1/shipments/${encodeURIComponent(shipmentId)}/events`)).events;
  users = async () => (await this.#request<{ users: User[] }>('/api/v1/users')).users;
  createUser = (body: UserCreate) => this.#request<User>('/api/v1/users', { method: 'POST', body });
  setUserDisabled = (id: string, disabled: boolean) => this.#request<User>(`/api/v1/users/${encodeURIComponent(id)}`, { method: 'PATCH', body: { disabled } });
  tokens = async () => (await this.#request<{ tokens: ApiToken[] }>('/api/v1/tokens')).tokens;
  createToken = (body: ApiTokenCreate) => this.#request<ApiTokenCreated>('/api/v1/tokens', { method: 'POST', body });
  revokeToken = (id: string) => this.#request<ApiToken>(`/api/v1/tokens/${encodeURIComponent(id)}`, { method: 'DELETE' });
  clientConfig = () => this.#request<ClientConfig>('/api/v1/client-config');
  sites = async () => (await this.#request<{ sites: Site[] }>('/api/v1/sites')).sites;
  carriers = async () => (await this.#request<{ carriers: Carrier[] }>('/api/v1/carriers')).carriers;
  devices = async (carrierId: string) => (await this.#request<DeviceList>(`/api/v1/carriers/${encodeURIComponent(carrierId)}/devices`)).devices;
  /** A device's latest dropped fixes, newest first. */
  rejectedFixes = async (carrierId: string, deviceId: string, limit: number) =>
    (await this.#request<RejectedFixList>(`/api/v1/carriers/${encodeURIComponent(carrierId)}/devices/${encodeURIComponent(deviceId)}/rejected?limit=${limit}`)).rejected;
  /** Registers a device; its token is in this answer only. */
  createDevice = (carrierId: string, body: DeviceCreate) => this.#request<DeviceCreated>(`/api/v1/carriers/${encodeURIComponent(carrierId)}/devices`, { method: 'POST', body });
  /** A new token for the device, in this answer only; the old one stops working. */
  rotateDeviceToken = (carrierId: string, deviceId: string) =>
    this.#request<DeviceCreated>(`/api/v1/carriers/${encodeURIComponent(carrierId)}/devices/${encodeURIComponent(deviceId)}/token`, { method: 'POST' });
  revokeDevice = (carrierId: string, deviceId: string) =>
    this.#request<Device>(`/api/v1/carriers/${encodeURIComponent(carrierId)}/devices/${encodeURIComponent(deviceId)}`, { method: 'DELETE' });
  board = (siteId: string) => this.#request<Board>(`/api/v1/sites/${encodeURIComponent(siteId)}/board`);
  etaAccuracy = (siteId: string) => this.#request<EtaAccuracy>(`/api/v1/sites/${encodeURIComponent(siteId)}/eta-accuracy`);
  siteScorecards = (siteId: string, period: ScorecardPeriod) => this.#request<SiteScorecards>(`/api/v1/sites/${encodeURIComponent(siteId)}/scorecards?period=${period}`);
  partnerScorecard = (partner: { kind: 'carrier' | 'supplier'; key: string }, period: ScorecardPeriod, siteId?: string) =>
    this.#request<Scorecard>(`/api/v1/scorecards/${partner.kind === 'carrier' ? 'carriers' : 'suppliers'}/${encodeURIComponent(partner.key)}?period=${period}${siteId ? `&siteId=${encodeURIComponent(siteId)}` : ''}`);
  coverage = (siteId: string) => this.#request<CoverageList>(`/api/v1/sites/${encodeURIComponent(siteId)}/coverage`);
  discrepancies = (siteId: string, days = 7) => this.#request<DiscrepancyList>(`/api/v1/sites/${encodeURIComponent(siteId)}/receipts/discrepancies?days=${days}`);
  messages = (shipmentId: string) => this.#request<MessageList>(`/api/v1/shipments/${encodeURIComponent(shipmentId)}/messages`);
  postMessage = (shipmentId: string, body: MessageCreate) => this.#request<ShipmentMessage>(`/api/v1/shipments/${encodeURIComponent(shipmentId)}/messages`, { method: 'POST', body });
  unreadMessages = (siteId: string) => this.#request<{ siteId: string; unread: Record<string, number> }>(`/api/v1/sites/${encodeURIComponent(siteId)}/messages/unread`);
  /** The open alerts of the caller's own loads (a partner's portal), without the plant's notes. */
  partnerAlerts = async () => (await this.#request<{ alerts: Alert[] }>('/api/v1/partner/alerts')).alerts;
  /** Unread messages over the caller's own loads (a partner's portal). */
  ownUnreadMessages = () => this.#request<{ unread: Record<string, number> }>('/api/v1/messages/unread');
  markMessagesRead = (shipmentId: string) => this.#request<void>(`/api/v1/shipments/${encodeURIComponent(shipmentId)}/messages/read`, { method: 'POST' });
  /** Where the signed-in supplier may announce loads, and what each site allows. */
  asnSites = () => this.#request<SupplierAsnSites>('/api/v1/supplier/asn-sites');
  /** A supplier's advance shipping notice: a load of its own at a site whose rules allow it. */
  announceShipment = (body: SupplierShipmentCreate) => this.#request<Shipment>('/api/v1/supplier/shipments', { method: 'POST', body });
  /** Open disruption notices in the caller's scope (of one site, for the plant's staff). */
  notices = async (siteId?: string) => (await this.#request<{ notices: DisruptionNotice[] }>(`/api/v1/notices?state=open${siteId ? `&siteId=${encodeURIComponent(siteId)}` : ''}`)).notices;
  postNotice = (body: NoticeCreate) => this.#request<DisruptionNotice>('/api/v1/notices', { method: 'POST', body });
  ackNotice = (id: string) => this.#request<DisruptionNotice>(`/api/v1/notices/${encodeURIComponent(id)}/ack`, { method: 'POST' });
  replyNotice = (id: string, text: string) => this.#request<DisruptionNotice>(`/api/v1/notices/${encodeURIComponent(id)}/replies`, { method: 'POST', body: { text } });
  closeNotice = (id: string) => this.#request<DisruptionNotice>(`/api/v1/notices/${encodeURIComponent(id)}/close`, { method: 'POST' });
  partCovers = (siteId: string) => this.#request<PartCoverList>(`/api/v1/sites/${encodeURIComponent(siteId)}/coverage/parts`);
  createMaterial = (siteId: string, body: MaterialCreate) => this.#request<Material>(`/api/v1/sites/${encodeURIComponent(siteId)}/materials`, { method: 'POST', body });
  patchMaterial = (materialId: string, body: MaterialPatch) => this.#request<Material>(`/api/v1/materials/${encodeURIComponent(materialId)}`, { method: 'PATCH', body });
  setStock = (materialId: string, body: StockCountInput) => this.#request<Material>(`/api/v1/materials/${encodeURIComponent(materialId)}/stock`, { method: 'PUT', body });
  /** A CSV or DELFOR file, checked whole by the server: a bad one changes nothing. */
  importFile = (siteId: string, text: string, contentType: string) =>
    this.#request<ImportSummary>(`/api/v1/sites/${encodeURIComponent(siteId)}/imports`, { method: 'POST', file: { text, contentType } });
  /** What the site shares with each supplier of its parts; `setDemandSharing` changes the entries given and answers the whole list. */
  demandSharing = (siteId: string) => this.#request<DemandSharingList>(`/api/v1/sites/${encodeURIComponent(siteId)}/demand-sharing`);
  setDemandSharing = (siteId: string, entries: DemandSharingEntry[]) => this.#request<DemandSharingList>(`/api/v1/sites/${encodeURIComponent(siteId)}/demand-sharing`, { method: 'PUT', body: { entries } });
  /** A supplier's view of one plant's demand for its parts. */
  supplierDemand = (siteId: string) => this.#request<SupplierDemand>(`/api/v1/supplier/demand?siteId=${encodeURIComponent(siteId)}`);
  markDemandSeen = (siteId: string) => this.#request<void>(`/api/v1/supplier/demand/seen?siteId=${encodeURIComponent(siteId)}`, { method: 'POST' });
  projection = (materialId: string, hours: number) => this.#request<Projection>(`/api/v1/materials/${encodeURIComponent(materialId)}/projection?hours=${hours}`);
  track = (shipmentId: string) => this.#request<Track>(`/api/v1/shipments/${encodeURIComponent(shipmentId)}/track?limit=2000`);
  postEvent = (shipmentId: string, type: StatusEventType, note?: string, receivedItems?: ReceivedItemInput[]) =>
    this.#request<StatusEventResult>(`/api/v1/shipments/${encodeURIComponent(shipmentId)}/events`, {
      method: 'POST',
      body: { type, ...(note ? { note } : {}), ...(receivedItems ? { items: receivedItems } : {}) },
    });
  /** Takes a receipt back (within 5 minutes): the shipment returns to the board. */
  undoReceipt = (shipmentId: string) => this.#request<StatusEventResult>(`/api/v1/shipments/${encodeURIComponent(shipmentId)}/receipt/undo`, { method: 'POST', body: {} });
  statusEvents = async (shipmentId: string) => (await this.#request<StatusEventList>(`/api/v1/shipments/${encodeURIComponent(shipmentId)}/events`)).events;
  /** One state of a site's alerts, newest change first (the API's maximum page: a site never has more live). */
  alerts = async (siteId: string, state: 'open' | 'acknowledged') =>
    (await this.#request<{ alerts: Alert[] }>(`/api/v1/alerts?siteId=${encodeURIComponent(siteId)}&state=${state}&limit=500`)).alerts;
  alert = (id: string) => this.#request<Alert>(`/api/v1/alerts/${encodeURIComponent(id)}`);
  acknowledgeAlert = (id: string, note?: string) =>
    this.#request<Alert>(`/api/v1/alerts/${encodeURIComponent(id)}/ack`, { method: 'POST', body: note ? { note } : {} });
  /** A driver link for the load: URL and QR code, the token shown only in this answer. */
  createDriverLink = (shipmentId: string) =>
    this.#request<TrackingLinkCreated>(`/api/v1/shipments/${encodeURIComponent(shipmentId)}/links`, { method: 'POST', body: {} });
  /** The trucks the load can be put on: its carrier's devices that are not revoked. */
  assignableDevices = async (shipmentId: string) => (await this.#request<AssignableDeviceList>(`/api/v1/shipments/${encodeURIComponent(shipmentId)}/devices`)).devices;
  /** Puts the load on one of its carrier's trucks, or (null) takes it off. */
  assignDevice = (shipmentId: string, deviceId: string | null) =>
    this.#request<Shipment>(`/api/v1/shipments/${encodeURIComponent(shipmentId)}/device`, { method: 'PUT', body: { deviceId } });
  shipmentHistory = (shipmentId: string) => this.#request<ShipmentHistory>(`/api/v1/shipments/${encodeURIComponent(shipmentId)}/history`);
}
