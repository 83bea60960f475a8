// Types only: the response DTOs of src/ describe what the API answers (a test never loads them).
import type { AuditPage } from '../../src/audit/dto/audit-entry.view.js';
import type { LoginResponse } from '../../src/auth/dto/login-response.dto.js';
import type { CampaignTargetViewDto, CampaignViewDto, LaunchedTargetView } from '../../src/campaigns/dto/campaign-view.dto.js';
import type { CreateCampaignDto } from '../../src/campaigns/dto/campaign.dto.js';
import type { DeliveryDetail, DeliveryPage } from '../../src/deliveries/dto/delivery-item.response.js';
import type { PublicCampaignView } from '../../src/signatures/dto/public-campaign.view.js';
import type { SignDto } from '../../src/signatures/dto/sign.dto.js';
import type { PublicApiController } from '../../src/signatures/public-api.controller.js';
import type { TargetView } from '../../src/targets/dto/target-view.dto.js';
import type { CreateTargetDto } from '../../src/targets/dto/target.dto.js';
import type { StaffUser } from '../../src/users/dto/staff-user.dto.js';
import type { CreateUserDto } from '../../src/users/dto/create-user.dto.js';

/**
 * The body of a call the test does not type: JSON as parsed, whose fields the test reads freely
 * (most of the suites' calls). The typed calls below answer a DTO type of src/ instead.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above: the default of every untyped call
export type UntypedJson = any;

export interface ApiResponse<T = UntypedJson> {
  status: number;
  json: T;
  text: string;
  headers: Headers;
}

/** A response DTO of src/ as its JSON body holds it: dates are ISO strings there. */
export type Json<T> = T extends Date ? string : T extends readonly (infer U)[] ? Json<U>[] : T extends object ? { [K in keyof T]: Json<T[K]> } : T;

/** What a controller method of src/ answers, as JSON. */
type Answer<F> = F extends (...args: never[]) => infer R ? Json<Awaited<R>> : never;

/** JSON request bodies: a request DTO of src/ with plain values (a test may add fields the API should refuse). */
type Body<T> = Json<T> & Record<string, unknown>;

export type TargetJson = Json<TargetView>;
export type CampaignJson = Json<CampaignViewDto>;
export type SignAnswer = Answer<PublicApiController['sign']>;
export type ConfirmAnswer = Answer<PublicApiController['confirm']>;
export type WithdrawAnswer = Answer<PublicApiController['withdraw']>;

/**
 * A small HTTP client for the app under test, as any API user would call it. `call`, `get`,
 * `post`… answer the body as `any` unless given a type (`get<CampaignJson>(…)`); the calls most
 * tests make have methods of their own that answer the type of src/'s response DTO. None of them
 * asserts the status: a test says which it expects (`expectStatus(await api.sign(…), 202)`).
 */
export class ApiClient {
  constructor(
    readonly base: string,
    readonly token: string | null = null,
  ) {}

  async call<T = UntypedJson>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse<T>> {
    const h: Record<string, string> = { ...headers };
    if (this.token) h.authorization = `Bearer ${this.token}`;
    let payload: string | undefined;
    if (body !== undefined) {
      if (typeof body === 'string') payload = body;
      else {
        h['content-type'] ??= 'application/json';
        payload = JSON.stringify(body);
      }
    }
    const res = await fetch(this.base + path, { method, headers: h, body: payload, redirect: 'manual' });
    const text = await res.text();
    let json: UntypedJson = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      // not JSON (a page)
    }
    return { status: res.status, json, text, headers: res.headers };
  }

  get = <T = UntypedJson>(path: string) => this.call<T>('GET', path);
  post = <T = UntypedJson>(path: string, body?: unknown) => this.call<T>('POST', path, body);
  patch = <T = UntypedJson>(path: string, body?: unknown) => this.call<T>('PATCH', path, body);
  delete = <T = UntypedJson>(path: string) => this.call<T>('DELETE', path);

  async login(email: string, password: string): Promise<ApiClient> {
    const r = await this.post<Json<LoginResponse>>('/api/auth/login', { email, password });
    if (r.status !== 200) throw new Error(`login ${email}: ${r.status} ${r.text}`);
    return new ApiClient(this.base, r.json.accessToken);
  }

  // staff: accounts, the directory of officials, campaigns (201/200, or 202 for a launch that backfills)

  createUser = (body: Body<CreateUserDto>) => this.post<Json<StaffUser>>('/api/users', body);
  createTarget = (body: Body<CreateTargetDto>) => this.post<TargetJson>('/api/targets', body);
  getTarget = (id: string) => this.get<TargetJson>(`/api/targets/${id}`);
  createCampaign = (body: Body<CreateCampaignDto>) => this.post<CampaignJson>('/api/campaigns', body);
  getCampaign = (id: string) => this.get<CampaignJson>(`/api/campaigns/${id}`);
  attachTarget = (campaignId: string, targetId: string) => this.post<Json<CampaignTargetViewDto>>(`/api/campaigns/${campaignId}/targets`, { targetId });
  launchTarget = (campaignId: string, targetId: string) => this.post<Json<LaunchedTargetView>>(`/api/campaigns/${campaignId}/targets/${targetId}/launch`);
  launchCampaign = (id: string) => this.post<CampaignJson>(`/api/campaigns/${id}/launch`);

  // admin: the audit log and the letters (`query`: the query string, without "?")

  getAudit = (query = '') => this.get<Json<AuditPage>>(`/api/admin/audit${query ? `?${query}` : ''}`);
  getDeliveries = (query = '') => this.get<Json<DeliveryPage>>(`/api/admin/deliveries${query ? `?${query}` : ''}`);
  getDelivery = (id: string) => this.get<Json<DeliveryDetail>>(`/api/admin/deliveries/${id}`);

  // supporters (anonymous): a campaign, signing (202), confirming and withdrawing (200)

  getPublicCampaign = (slug: string) => this.get<Json<PublicCampaignView>>(`/api/public/campaigns/${slug}`);
  sign = (slug: string, body: Body<SignDto>) => this.post<SignAnswer>(`/api/public/campaigns/${slug}/signatures`, body);
  confirm = (token: string) => this.post<ConfirmAnswer>('/api/public/signatures/confirm', { token });
  withdraw = (token: string) => this.post<WithdrawAnswer>('/api/public/signatures/withdraw', { token });
}

/** Asserts the status and answers the JSON body. */
export function expectStatus<T = UntypedJson>(r: ApiResponse<T>, ...ok: number[]): T {
  if (!ok.includes(r.status)) throw new Error(`expected ${ok.join('/')} got ${r.status}: ${r.text.slice(0, 500)}`);
  return r.json;
}
