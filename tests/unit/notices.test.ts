import { noticeTimeProblem, noticeTouches, type DisruptionNotice } from '@dockwatch/shared';
import { describe, expect, it } from 'vitest';
import { decide, noticeResource, type StaffPrincipal } from '../../server/src/access/policy';

const notice = (over: Partial<DisruptionNotice> = {}) => ({ state: 'open' as const, startsAt: '2026-03-03T06:00:00Z', endsAt: '2026-03-05T18:00:00Z', skus: ['HYD-200'], ...over });
const at = (iso: string) => Date.parse(iso);

describe('disruption notices', () => {
  it('refuses an end before the start, and allows an open end', () => {
    expect(noticeTimeProblem({ startsAt: '2026-03-03T06:00:00Z', endsAt: '2026-03-03T05:59:59Z' })?.code).toBe('end_before_start');
    expect(noticeTimeProblem({ startsAt: '2026-03-03T06:00:00Z', endsAt: null })).toBeNull();
  });

  it('touches a material while open and overlapping the span; no skus means every material', () => {
    expect(noticeTouches(notice(), 'HYD-200', at('2026-03-01T00:00:00Z'), at('2026-03-03T07:00:00Z'))).toBe(true);
    expect(noticeTouches(notice(), 'HYD-200', at('2026-03-06T00:00:00Z'), at('2026-03-07T00:00:00Z'))).toBe(false);
    expect(noticeTouches(notice(), 'OTHER', at('2026-03-01T00:00:00Z'), at('2026-03-09T00:00:00Z'))).toBe(false);
    expect(noticeTouches(notice({ skus: [], endsAt: null }), 'OTHER', at('2026-04-01T00:00:00Z'), at('2026-04-02T00:00:00Z'))).toBe(true);
    expect(noticeTouches(notice({ state: 'closed' }), 'HYD-200', at('2026-03-01T00:00:00Z'), at('2026-03-09T00:00:00Z'))).toBe(false);
  });

  it('is in scope for the staff of any of its sites and its own partner only', () => {
    const base: Omit<StaffPrincipal, 'role'> = { kind: 'user', id: 'u', name: 'U', sessionId: null, siteIds: null, carrierId: null, supplier: null };
    const resource = noticeResource({ id: 'n', siteIds: ['s1', 's2'], partner: { type: 'supplier', name: 'Acme' } });
    expect(decide({ ...base, role: 'planner', siteIds: ['s2'] }, 'notice:respond', resource)).toBe('allow');
    expect(decide({ ...base, role: 'planner', siteIds: ['s3'] }, 'notice:respond', resource)).toBe('not_found');
    expect(decide({ ...base, role: 'supplier', supplier: 'Acme' }, 'notice:respond', resource)).toBe('allow');
    expect(decide({ ...base, role: 'supplier', supplier: 'Other' }, 'notice:respond', resource)).toBe('not_found');
    expect(decide({ ...base, role: 'carrier', carrierId: 'c1' }, 'notice:read', resource)).toBe('not_found');
    expect(decide({ ...base, role: 'clerk', siteIds: ['s1'] }, 'notice:respond', resource)).toBe('forbidden');
  });
});
