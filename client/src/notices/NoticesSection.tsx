import { NOTICE_CAUSES, NOTICE_EFFECTS, type DisruptionNotice, type NoticeCause, type NoticeCreate, type NoticeEffect } from '@dockwatch/shared';
import { useState } from 'preact/hooks';
import { me } from '../api/client';
import { carriers } from '../board/store';
import { formatSiteDateTime, siteWallTimeToIso } from '../format/time';
import { t, type MessageKey } from '../i18n/i18n';
import { ackNotice, awaitsAck, closeNotice, mayPostNotices, mySide, noticeList, noticesProblem, postNotice, replyNotice } from './notices-store';

export const CAUSE_TEXT: Record<NoticeCause, MessageKey> = {
  strike: 'notices.cause.strike',
  weather: 'notices.cause.weather',
  production_breakdown: 'notices.cause.production_breakdown',
  logistics: 'notices.cause.logistics',
  quality: 'notices.cause.quality',
  other: 'notices.cause.other',
};
export const EFFECT_TEXT: Record<NoticeEffect, MessageKey> = {
  demand_up: 'notices.effect.demand_up',
  demand_down: 'notices.effect.demand_down',
  capacity_down: 'notices.effect.capacity_down',
};

/** When a notice holds, in the site's time: `2 Dec 2026, 18:37 – 3 Dec 2026, 12:37`, or open-ended. */
const noticePeriod = (n: DisruptionNotice, timeZone: string) => `${formatSiteDateTime(n.startsAt, timeZone)} – ${n.endsAt ? formatSiteDateTime(n.endsAt, timeZone) : t('notices.openEnded')}`;

export interface NoticeSite {
  id: string;
  name: string;
  timezone: string;
}

/**
 * Disruption notices between the plant and its partners, live: what, why, when, which parts;
 * the other side acknowledges and replies, the poster closes. Planners name the partner a notice
 * is for; a partner posts for itself to the plants it delivers.
 */
export function NoticesSection({ sites, compact = false }: { sites: readonly NoticeSite[]; compact?: boolean }) {
  const [open, setOpen] = useState(false);
  const list = noticeList.value.filter((n) => n.state === 'open');
  const zoneOf = (n: DisruptionNotice) => sites.find((s) => n.siteIds.includes(s.id))?.timezone ?? 'UTC';
  return (
    <section class={`notices ${compact ? 'compact' : ''}`} aria-labelledby="notices-title">
      <div class="notices-head">
        <h2 id="notices-title">{t('notices.title', { count: list.length })}</h2>
        {mayPostNotices.value && sites.length > 0 && (
          <button type="button" aria-expanded={open} onClick={() => setOpen(!open)}>
            {open ? t('notices.cancel') : t('notices.post')}
          </button>
        )}
      </div>
      {noticesProblem.value && (
        <p class="error" role="alert">
          {t('notices.problem', { message: noticesProblem.value })}
        </p>
      )}
      {open && <NoticeForm sites={sites} onDone={() => setOpen(false)} />}
      {list.length === 0 ? (
        <p class="muted">{t('notices.none')}</p>
      ) : (
        <ul class="notice-list">
          {list.map((n) => (
            <NoticeItem key={n.id} notice={n} timeZone={zoneOf(n)} />
          ))}
        </ul>
      )}
    </section>
  );
}

function NoticeItem({ notice: n, timeZone }: { notice: DisruptionNotice; timeZone: string }) {
  const [reply, setReply] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const side = mySide.value;
  const mine = n.author.side === side;
  const ackedByMe = n.acks.some((a) => a.by.side === side && a.by.name === me.value?.name);
  const act = (f: () => Promise<void>) => () =>
    f().then(
      () => setProblem(null),
      (error: Error) => setProblem(error.message),
    );
  const period = noticePeriod(n, timeZone);
  const awaiting = awaitsAck(n, side);
  return (
    <li class={`notice ${awaiting ? 'notice-awaiting' : ''}`} data-notice-id={n.id} data-effect={n.effect} data-awaiting={awaiting}>
      <div class="notice-title">
        {awaiting && <span class="notice-new">{t('notices.new')}</span>}
        <span class={`notice-effect effect-${n.effect}`}>{t(EFFECT_TEXT[n.effect])}</span>
        <strong>{t(CAUSE_TEXT[n.cause])}</strong>
        <span class="muted">{t(n.author.side === 'plant' ? 'notices.fromPlant' : 'notices.fromPartner', { name: n.partnerName, author: n.author.name })}</span>
      </div>
      <div class="notice-meta">
        {period}
        {n.skus.length > 0 ? ` · ${n.skus.join(', ')}` : ` · ${t('notices.allParts')}`}
      </div>
      <p class="notice-text">{n.text}</p>
      {n.acks.length > 0 && <p class="notice-acks">✓ {t('notices.ackedBy', { names: n.acks.map((a) => a.by.name).join(', ') })}</p>}
      {n.replies.length > 0 && (
        <ul class="notice-replies">
          {n.replies.map((r) => (
            <li key={r.id}>
              <strong>{r.by.name}</strong>: {r.text}
            </li>
          ))}
        </ul>
      )}
      {mayPostNotices.value && (
        <div class="notice-actions">
          {!mine && !ackedByMe && (
            <button type="button" class="primary" onClick={act(() => ackNotice(n.id))}>
              {t('notices.ack')}
            </button>
          )}
          <form
            onSubmit={(e) => {
              e.preventDefault();
              if (reply.trim() === '') return;
              void act(() => replyNotice(n.id, reply.trim()).then(() => setReply('')))();
            }}
          >
            <input value={reply} maxLength={2000} placeholder={t('notices.replyPlaceholder')} aria-label={t('notices.reply')} onInput={(e) => setReply((e.target as HTMLInputElement).value)} />
            <button type="submit">{t('notices.reply')}</button>
          </form>
          {mine && (
            <button type="button" onClick={act(() => closeNotice(n.id))}>
              {t('notices.close')}
            </button>
          )}
        </div>
      )}
      {problem && (
        <p class="error" role="alert">
          {problem}
        </p>
      )}
    </li>
  );
}

function NoticeForm({ sites, onDone }: { sites: readonly NoticeSite[]; onDone: () => void }) {
  const [problem, setProblem] = useState<string | null>(null);
  const [siteId, setSiteId] = useState(sites[0]!.id);
  const [toKind, setToKind] = useState<'supplier' | 'carrier'>('supplier');
  const plant = mySide.value === 'plant';
  const carrierList = [...carriers.value.values()].sort((a, b) => a.name.localeCompare(b.name));
  const site = sites.find((s) => s.id === siteId) ?? sites[0]!;
  const submit = async (e: Event) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget as HTMLFormElement);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    const startsAt = siteWallTimeToIso(text('startsAt'), site.timezone);
    const endsAt = text('endsAt') ? siteWallTimeToIso(text('endsAt'), site.timezone) : null;
    if (!startsAt) return setProblem(t('notices.problemStart'));
    const body: NoticeCreate = {
      cause: text('cause') as NoticeCause,
      effect: text('effect') as NoticeEffect,
      startsAt,
      endsAt,
      siteIds: [site.id],
      skus: text('skus')
        .split(/[\s,;]+/)
        .filter(Boolean),
      text: text('text'),
      ...(plant ? { partner: toKind === 'carrier' ? { type: 'carrier' as const, id: text('carrierId') } : { type: 'supplier' as const, name: text('partner') } } : {}),
    };
    try {
      await postNotice(body);
      onDone();
    } catch (error) {
      setProblem((error as Error).message);
    }
  };
  return (
    <form class="notice-form" onSubmit={submit} aria-label={t('notices.post')}>
      {sites.length > 1 && (
        <label>
          {t('portal.plant')}
          <select value={siteId} onChange={(e) => setSiteId((e.target as HTMLSelectElement).value)}>
            {sites.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
      )}
      {plant && (
        <label>
          {t('notices.toKind')}
          <select name="toKind" value={toKind} onChange={(e) => setToKind((e.target as HTMLSelectElement).value as 'supplier' | 'carrier')}>
            <option value="supplier">{t('notices.toSupplier')}</option>
            <option value="carrier">{t('notices.toCarrier')}</option>
          </select>
        </label>
      )}
      {plant && toKind === 'supplier' && (
        <label>
          {t('notices.partner')}
          <input name="partner" required maxLength={200} placeholder={t('access.supplierPlaceholder')} />
        </label>
      )}
      {plant && toKind === 'carrier' && (
        <label>
          {t('notices.carrier')}
          <select name="carrierId" required>
            {carrierList.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
      )}
      <label>
        {t('notices.causeLabel')}
        <select name="cause">
          {NOTICE_CAUSES.map((c) => (
            <option key={c} value={c}>
              {t(CAUSE_TEXT[c])}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('notices.effectLabel')}
        <select name="effect">
          {NOTICE_EFFECTS.map((c) => (
            <option key={c} value={c}>
              {t(EFFECT_TEXT[c])}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('notices.starts', { zone: site.timezone })}
        <input name="startsAt" type="datetime-local" required />
      </label>
      <label>
        {t('notices.ends')}
        <input name="endsAt" type="datetime-local" />
      </label>
      <label>
        {t('notices.skus')}
        <input name="skus" placeholder="HYD-220, PMP-410" />
      </label>
      <label class="wide">
        {t('notices.text')}
        <textarea name="text" rows={2} required maxLength={2000} />
      </label>
      {problem && (
        <p class="error wide" role="alert">
          {problem}
        </p>
      )}
      <button type="submit" class="primary">
        {t('notices.send')}
      </button>
    </form>
  );
}

/** Open notices that touch one load or part, one line each: effect, cause, who, when, what. */
export function NoticeLines({ list, timeZone, label }: { list: readonly DisruptionNotice[]; timeZone: string; label: string }) {
  if (list.length === 0) return null;
  return (
    <section class="notice-lines" aria-label={label}>
      <h3>{label}</h3>
      <ul>
        {list.map((n) => (
          <li key={n.id} data-notice-id={n.id} data-effect={n.effect}>
            <span class={`notice-effect effect-${n.effect}`}>{t(EFFECT_TEXT[n.effect])}</span> <strong>{t(CAUSE_TEXT[n.cause])}</strong> · {n.partnerName} ·{' '}
            <span class="muted">{noticePeriod(n, timeZone)}</span>
            <p class="notice-text">{n.text}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}
