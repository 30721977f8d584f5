import type { CrewPageState, CrewTapKind, CrewTapRequest } from '../../shared/sync/crew-link';

type Tone = 'ok' | 'info' | 'bad';
type Sheet = 'progress' | 'fixed' | 'needs-outage';
type Child = Node | string | null | false | undefined | Child[];

/**
 * The crew page's script, run in the phone's browser: served as a file
 * (`CREW_PAGE_SCRIPT`, this function's text) under a CSP that allows no
 * inline script, so it must not reach anything outside its own body. It
 * shows one job and posts taps; a tap waits in localStorage until the server
 * has it, so a dead network or a closed tab loses nothing, and its key makes a
 * retry harmless.
 */
function crewPageScript(): void {
  const TEXT = {
    'zh-CN': {
      title: '工单',
      tier: { remote: '远程', 'on-site': '现场', emergency: '紧急' },
      station: '站点',
      device: '设备',
      cause: '故障',
      deadline: '到场时限',
      left: '剩余 {h} 小时 {m} 分',
      overdue: '已超时',
      me: '我是',
      share: '到场时附带我的位置',
      kinds: {
        received: '已接单',
        'en-route': '出发',
        arrived: '已到场',
        progress: '进展说明',
        fixed: '已修复',
        'needs-outage': '需要停运',
      },
      note: '说明',
      notePlaceholder: '做了什么、还差什么',
      send: '发送',
      cancel: '取消',
      confirmFixed: '确认已修复：发送后此链接失效',
      outageTitle: '停运申请（已预填）',
      outageReason: '停运原因',
      reasons: {
        'unfixed-after-dispatch': '派单后2小时内无法完成处理',
        'before-maintenance': '检修前',
        'distribution-maintenance': '配电检修',
        'extreme-weather': '极端天气',
        'other-external': '其他外部原因',
      },
      sending: '正在发送…',
      sent: '已送达',
      failed: '发送失败，{s} 秒后重试（已保存在手机上）',
      retry: '立即重试',
      refused: '未接受',
      distance: '距站点 {km} 公里',
      locating: '正在定位…',
      noFix: '未取得位置，不附带位置发送',
      history: '已记录',
      waiting: '待发送',
      needNote: '请写明说明',
      gone: {
        forged: '链接无效',
        expired: '链接已过期',
        closed: '工单已关闭',
        spent: '已报告修复，此链接已失效',
        invalid: '未接受',
      },
      lang: 'English',
    },
    en: {
      title: 'Work order',
      tier: { remote: 'remote', 'on-site': 'on-site', emergency: 'emergency' },
      station: 'Station',
      device: 'Device',
      cause: 'Fault',
      deadline: 'Arrive by',
      left: '{h} h {m} min left',
      overdue: 'overdue',
      me: 'I am',
      share: 'Send my position on arrival',
      kinds: {
        received: 'Received',
        'en-route': 'On my way',
        arrived: 'Arrived',
        progress: 'Progress note',
        fixed: 'Fixed',
        'needs-outage': 'Needs outage',
      },
      note: 'Note',
      notePlaceholder: 'What was done, what is missing',
      send: 'Send',
      cancel: 'Cancel',
      confirmFixed: 'Confirm fixed: this link stops working after it',
      outageTitle: 'Outage application (prefilled)',
      outageReason: 'Reason',
      reasons: {
        'unfixed-after-dispatch': 'Cannot be fixed within 2 h of dispatch',
        'before-maintenance': 'Before maintenance',
        'distribution-maintenance': 'Distribution maintenance',
        'extreme-weather': 'Extreme weather',
        'other-external': 'Other external cause',
      },
      sending: 'Sending…',
      sent: 'Delivered',
      failed: 'Not sent; retrying in {s} s (kept on this phone)',
      retry: 'Retry now',
      refused: 'Refused',
      distance: '{km} km from the station',
      locating: 'Locating…',
      noFix: 'No position; sending without it',
      history: 'Recorded',
      waiting: 'waiting',
      needNote: 'Write a note',
      gone: {
        forged: 'Not a valid link',
        expired: 'This link has expired',
        closed: 'The work order is closed',
        spent: 'Reported fixed; this link no longer works',
        invalid: 'Refused',
      },
      lang: '中文',
    },
  };
  const params = new URLSearchParams(location.search);
  const lang = params.get('lang') === 'en' ? 'en' : 'zh-CN';
  const t = TEXT[lang];
  document.documentElement.lang = lang;
  const base = location.pathname.replace(/\/+$/, '');
  const token = base.slice(base.lastIndexOf('/') + 1);
  const queueKey = `dutydesk-crew-queue:${token}`;
  const memberKey = 'dutydesk-crew-member';
  const shareKey = 'dutydesk-crew-share';
  const app = document.getElementById('app') as HTMLElement;

  type Queued = Omit<CrewTapRequest, 'note' | 'position' | 'outageReason'> &
    Partial<Pick<CrewTapRequest, 'note' | 'position' | 'outageReason'>>;
  type GoneCode = keyof typeof t.gone;

  let state: CrewPageState | null = null;
  let status: { tone: Tone; text: string; retry?: boolean } | null = null;
  let sheet: Sheet | null = null;
  let lastDistance: number | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let failures = 0;
  let gone: string | null = null;

  const el = (tag: string, attrs: Record<string, unknown> | null, ...children: Child[]): HTMLElement => {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs ?? {})) {
      if (name.startsWith('on')) node.addEventListener(name.slice(2), value as EventListener);
      else if (value !== false && value !== null && value !== undefined)
        node.setAttribute(name, String(value));
    }
    const append = (child: Child): void => {
      if (Array.isArray(child)) child.forEach(append);
      else if (child !== null && child !== false && child !== undefined) node.append(child);
    };
    children.forEach(append);
    return node;
  };
  const fmt = (template: string, values: Record<string, string | number>) =>
    template.replace(/\{(\w+)\}/g, (_, k: string) => String(values[k]));
  const clock = (ms: number) =>
    new Date(ms).toLocaleTimeString(lang, { hour: '2-digit', minute: '2-digit', hour12: false });
  const queue = (): Queued[] => JSON.parse(localStorage.getItem(queueKey) || '[]');
  const saveQueue = (items: Queued[]) => localStorage.setItem(queueKey, JSON.stringify(items));
  const newKey = () =>
    typeof crypto.randomUUID === 'function'
      ? crypto.randomUUID()
      : `${Date.now()}-${Math.random().toString(36).slice(2, 12)}`;
  const goneText = (code: unknown) => t.gone[code as GoneCode] ?? t.gone.invalid;
  const value = (id: string) => (document.getElementById(id) as HTMLInputElement | null)?.value ?? '';

  function deadlineText(job: CrewPageState): string {
    if (job.arrivalDeadline === null) return '';
    const ms = job.arrivalDeadline - Date.now();
    if (ms <= 0) return `${clock(job.arrivalDeadline)} · ${t.overdue}`;
    const minutes = Math.floor(ms / 60000);
    return `${clock(job.arrivalDeadline)} · ${fmt(t.left, { h: Math.floor(minutes / 60), m: minutes % 60 })}`;
  }

  function jobFacts(job: CrewPageState, withDeadline: boolean): HTMLElement {
    return el(
      'dl',
      { class: 'job' },
      el('dt', null, t.station),
      el('dd', null, job.station.name),
      job.device ? [el('dt', null, t.device), el('dd', null, job.device)] : null,
      el('dt', null, t.cause),
      el('dd', null, job.cause),
      withDeadline && job.arrivalDeadline !== null
        ? [el('dt', null, t.deadline), el('dd', { id: 'deadline' }, deadlineText(job))]
        : null,
    );
  }

  function render(): void {
    app.replaceChildren();
    const langLink = el('a', { class: 'lang', href: lang === 'en' ? base : `${base}?lang=en` }, t.lang);
    if (!state) {
      app.append(langLink, el('p', { class: 'status bad', role: 'alert' }, gone ?? t.sending));
      return;
    }
    const job = state;
    const done = new Set(job.taps.map((tap) => tap.kind));
    const member = localStorage.getItem(memberKey) ?? job.members[0];
    const page = el(
      'div',
      null,
      langLink,
      el(
        'header',
        null,
        el('h1', null, `${t.title} ${job.workOrderId}`),
        el('span', { class: `tier tier-${job.tier}` }, t.tier[job.tier]),
      ),
      jobFacts(job, true),
      el(
        'label',
        { class: 'me' },
        `${t.me} `,
        el(
          'select',
          { id: 'member', onchange: () => localStorage.setItem(memberKey, value('member')) },
          job.members.map((m) => el('option', { value: m, selected: m === member }, m)),
        ),
      ),
      status ? el('p', { class: `status ${status.tone}`, role: 'status' }, status.text) : null,
      status?.retry ? el('button', { class: 'retry', onclick: () => void flush() }, t.retry) : null,
      gone ? el('p', { class: 'status bad', role: 'alert' }, gone) : null,
      sheet ? renderSheet(job, sheet) : renderButtons(done),
      lastDistance !== null ? el('p', { class: 'distance' }, fmt(t.distance, { km: lastDistance })) : null,
      el('h2', null, t.history),
      el(
        'ol',
        { class: 'taps' },
        job.taps.map((tap) =>
          el(
            'li',
            null,
            `${clock(tap.at)} ${t.kinds[tap.kind]} · ${tap.member}`,
            tap.note ? el('div', { class: 'note' }, tap.note) : null,
          ),
        ),
        queue().map((tap) =>
          el(
            'li',
            { class: 'pending' },
            `${clock(tap.at)} ${t.kinds[tap.kind]} · ${tap.member} (${t.waiting})`,
          ),
        ),
      ),
    );
    app.append(page);
  }

  function renderButtons(done: Set<CrewTapKind>): HTMLElement {
    const kinds: CrewTapKind[] = ['received', 'en-route', 'arrived', 'progress', 'fixed', 'needs-outage'];
    return el(
      'div',
      { class: 'taps-buttons' },
      el(
        'label',
        { class: 'share' },
        el('input', { type: 'checkbox', id: 'share', checked: localStorage.getItem(shareKey) !== 'no' }),
        ` ${t.share}`,
      ),
      kinds.map((kind) =>
        el(
          'button',
          {
            class: `tap tap-${kind}${done.has(kind) ? ' done' : ''}`,
            'data-kind': kind,
            disabled: gone ? 'disabled' : null,
            onclick: () => choose(kind),
          },
          done.has(kind) && kind !== 'progress' ? `✓ ${t.kinds[kind]}` : t.kinds[kind],
        ),
      ),
    );
  }

  function renderSheet(job: CrewPageState, kind: Sheet): HTMLElement {
    const outage = kind === 'needs-outage';
    const submit = (e: Event) => {
      e.preventDefault();
      const note = value('note').trim();
      if (kind === 'progress' && !note) {
        status = { tone: 'bad', text: t.needNote };
        render();
        return;
      }
      sheet = null;
      send({ kind, note, outageReason: outage ? (value('reason') as CrewTapRequest['outageReason']) : null });
    };
    return el(
      'form',
      { class: 'sheet', onsubmit: submit },
      el('h2', null, outage ? t.outageTitle : t.kinds[kind]),
      outage ? jobFacts(job, false) : null,
      outage
        ? el(
            'label',
            null,
            t.outageReason,
            el(
              'select',
              { id: 'reason' },
              Object.entries(t.reasons).map(([reason, text]) => el('option', { value: reason }, text)),
            ),
          )
        : null,
      el('label', null, t.note, el('textarea', { id: 'note', rows: 3, placeholder: t.notePlaceholder })),
      kind === 'fixed' ? el('p', { class: 'warn' }, t.confirmFixed) : null,
      el('button', { type: 'submit', class: 'tap send' }, t.send),
      el(
        'button',
        {
          type: 'button',
          class: 'cancel',
          onclick: () => {
            sheet = null;
            render();
          },
        },
        t.cancel,
      ),
    );
  }

  function choose(kind: CrewTapKind): void {
    if (kind === 'progress' || kind === 'fixed' || kind === 'needs-outage') {
      sheet = kind;
      render();
      return;
    }
    const share = (document.getElementById('share') as HTMLInputElement | null)?.checked ?? false;
    if (kind !== 'arrived' || !share || !navigator.geolocation) {
      if (kind === 'arrived') localStorage.setItem(shareKey, 'no');
      send({ kind });
      return;
    }
    // The arrival is when the crew tapped, not when the phone found its position.
    localStorage.setItem(shareKey, 'yes');
    const at = Date.now();
    status = { tone: 'info', text: t.locating };
    render();
    navigator.geolocation.getCurrentPosition(
      (p) =>
        send({
          kind,
          at,
          position: { lat: p.coords.latitude, lng: p.coords.longitude, accuracyM: p.coords.accuracy },
        }),
      () => {
        status = { tone: 'info', text: t.noFix };
        send({ kind, at });
      },
      { enableHighAccuracy: true, timeout: 10000, maximumAge: 60000 },
    );
  }

  function send(tap: Pick<Queued, 'kind'> & Partial<Queued>): void {
    const member = value('member') || state?.members[0] || '';
    saveQueue([...queue(), { key: newKey(), at: Date.now(), member, ...tap }]);
    void flush();
  }

  async function flush(): Promise<void> {
    clearTimeout(retryTimer);
    for (const tap of queue()) {
      status = { tone: 'info', text: t.sending };
      render();
      let response: Response | null;
      try {
        response = await fetch(`${base}/taps`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(tap),
        });
      } catch {
        response = null;
      }
      if (!response || response.status >= 500 || response.status === 429) {
        failures++;
        const seconds = Math.min(30, 2 ** Math.min(failures, 5));
        status = { tone: 'bad', text: fmt(t.failed, { s: seconds }), retry: true };
        retryTimer = setTimeout(() => void flush(), seconds * 1000);
        render();
        return;
      }
      failures = 0;
      const body = await response.json().catch(() => ({}));
      saveQueue(queue().filter((q) => q.key !== tap.key));
      if (response.ok) {
        if (typeof body.answer?.distanceKm === 'number') lastDistance = body.answer.distanceKm;
        status = {
          tone: 'ok',
          text: `${t.sent} · ${t.kinds[tap.kind]} ${clock(body.answer?.tapAt ?? tap.at)}`,
        };
      } else {
        status = { tone: 'bad', text: `${t.refused}: ${goneText(body.error?.code)}` };
      }
      await load();
    }
    render();
  }

  async function load(): Promise<void> {
    try {
      const response = await fetch(`${base}/state`);
      const body = await response.json();
      if (response.ok) {
        state = body as CrewPageState;
        gone = state.over ? goneText(state.over) : null;
      } else gone = goneText(body.error?.code);
    } catch {
      // Offline: keep showing what was last loaded; the taps wait in the queue.
    }
    render();
  }

  setInterval(() => {
    const deadline = document.getElementById('deadline');
    if (deadline && state) deadline.textContent = deadlineText(state);
  }, 30000);
  window.addEventListener('online', () => void flush());
  void load().then(() => {
    if (queue().length > 0) void flush();
  });
}

export const CREW_PAGE_SCRIPT = `(${crewPageScript.toString()})();\n`;
