// The scan page (/verify/scan): reads a certificate's QR code from the camera or a photo and checks its signed
// payload (COSE_Sign1 in Base45, docs/verification.md "The offline QR code") against the trust list and the status
// list it keeps, with no network. The service worker (sw.js) keeps the page, this script, the decoder and the lists.
(() => {
  'use strict';

  const TRUST_LIST = '/.well-known/certhub/trust-list';
  const STATUS_LIST = '/.well-known/certhub/status-list';
  const PREFIX = 'CH1:';
  const STATUS_CODES = ['valid', 'suspended', 'revoked', 'cancelled'];

  const root = document.getElementById('scan');
  const listsLine = document.getElementById('lists');
  const result = document.getElementById('result');
  const video = document.getElementById('video');
  const anchor = JSON.parse(root.dataset.anchor);
  const english = root.dataset.lang === 'en';

  let trust = null; // {keys: Map kid -> entry, types: Map code -> entry}
  let status = null; // {bits: Uint8Array, size, validFrom, validUntil}

  const msg = (name, arg) => {
    const key = 'msg' + name.replace(/(^|-)([a-z])/g, (m, d, c) => c.toUpperCase());
    const text = root.dataset[key] || name;
    return arg === undefined ? text : text.replace('{0}', arg);
  };

  // ---- encodings ----

  const fromBase64Url = (text) => {
    const base64 = text.replace(/-/g, '+').replace(/_/g, '/');
    const padded = base64 + '='.repeat((4 - (base64.length % 4)) % 4);
    return Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
  };
  const toBase64Url = (bytes) =>
    btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  const utf8 = (bytes) => new TextDecoder('utf-8', {fatal: true}).decode(bytes);

  const BASE45 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';
  const fromBase45 = (text) => {
    if (text.length % 3 === 1) throw new Error('base45 length');
    const out = [];
    const value = (c) => {
      const v = BASE45.indexOf(c);
      if (v < 0) throw new Error('base45 character');
      return v;
    };
    for (let i = 0; i < text.length; i += 3) {
      const c = value(text[i]);
      const d = value(text[i + 1]);
      if (i + 2 < text.length) {
        const n = c + d * 45 + value(text[i + 2]) * 2025;
        if (n > 0xffff) throw new Error('base45 group');
        out.push(n >> 8, n & 0xff);
      } else {
        const n = c + d * 45;
        if (n > 0xff) throw new Error('base45 pair');
        out.push(n);
      }
    }
    return Uint8Array.from(out);
  };

  // CBOR (RFC 8949): the subset a COSE_Sign1 and its claims use. Maps become Map objects, tags {tag, value}.
  const cborDecode = (bytes) => {
    let pos = 0;
    const need = (n) => {
      if (pos + n > bytes.length) throw new Error('cbor truncated');
    };
    const length = (info) => {
      if (info < 24) return info;
      const size = {24: 1, 25: 2, 26: 4, 27: 8}[info];
      if (!size) throw new Error('cbor length');
      need(size);
      let n = 0;
      for (let i = 0; i < size; i++) n = n * 256 + bytes[pos + i];
      pos += size;
      if (!Number.isSafeInteger(n)) throw new Error('cbor integer');
      return n;
    };
    const item = (depth) => {
      if (depth > 16) throw new Error('cbor depth');
      need(1);
      const first = bytes[pos++];
      const major = first >> 5;
      const info = first & 31;
      switch (major) {
        case 0: return length(info);
        case 1: return -1 - length(info);
        case 2: { const n = length(info); need(n); pos += n; return bytes.slice(pos - n, pos); }
        case 3: { const n = length(info); need(n); pos += n; return utf8(bytes.subarray(pos - n, pos)); }
        case 4: { const n = length(info); const a = []; for (let i = 0; i < n; i++) a.push(item(depth + 1)); return a; }
        case 5: {
          const n = length(info);
          const m = new Map();
          for (let i = 0; i < n; i++) { const k = item(depth + 1); m.set(k, item(depth + 1)); }
          return m;
        }
        case 6: { const tag = length(info); return {tag, value: item(depth + 1)}; }
        default:
          if (info === 20) return false;
          if (info === 21) return true;
          if (info === 22) return null;
          throw new Error('cbor simple value');
      }
    };
    const value = item(0);
    if (pos !== bytes.length) throw new Error('cbor trailing bytes');
    return value;
  };

  // Encodes what a Sig_structure holds: arrays, text and byte strings.
  const cborEncode = (value) => {
    const out = [];
    const head = (major, n) => {
      if (n < 24) out.push((major << 5) | n);
      else if (n < 256) out.push((major << 5) | 24, n);
      else if (n < 65536) out.push((major << 5) | 25, n >> 8, n & 0xff);
      else out.push((major << 5) | 26, (n >>> 24) & 0xff, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff);
    };
    const write = (v) => {
      if (v instanceof Uint8Array) { head(2, v.length); out.push(...v); }
      else if (typeof v === 'string') { const b = new TextEncoder().encode(v); head(3, b.length); out.push(...b); }
      else if (Array.isArray(v)) { head(4, v.length); v.forEach(write); }
      else throw new Error('cbor encode');
    };
    write(value);
    return Uint8Array.from(out);
  };

  // ---- signatures (WebCrypto) ----

  const ALGORITHMS = {
    ES256: {key: {name: 'ECDSA', namedCurve: 'P-256'}, verify: {name: 'ECDSA', hash: 'SHA-256'}},
    ES384: {key: {name: 'ECDSA', namedCurve: 'P-384'}, verify: {name: 'ECDSA', hash: 'SHA-384'}},
    ES512: {key: {name: 'ECDSA', namedCurve: 'P-521'}, verify: {name: 'ECDSA', hash: 'SHA-512'}},
    RS256: {key: {name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256'}, verify: {name: 'RSASSA-PKCS1-v1_5'}},
  };
  const COSE_ALGORITHMS = {'-7': 'ES256', '-35': 'ES384', '-36': 'ES512', '-257': 'RS256'};

  const verifySignature = async (jwk, alg, signature, data) => {
    if (!Object.hasOwn(ALGORITHMS, alg) || !(signature instanceof Uint8Array)) return false;
    const algorithm = ALGORITHMS[alg];
    const {kty, crv, x, y, n, e} = jwk;
    const key = await crypto.subtle.importKey('jwk', {kty, crv, x, y, n, e, ext: true}, algorithm.key, false, ['verify']);
    return crypto.subtle.verify(algorithm.verify, key, signature, data);
  };

  const verifyJws = async (jws, keyFor) => {
    const parts = jws.trim().split('.');
    if (parts.length !== 3) throw new Error('not a JWS');
    const header = JSON.parse(utf8(fromBase64Url(parts[0])));
    const jwk = keyFor(header.kid);
    if (!jwk) throw new Error('JWS signed by an unknown key');
    // the algorithm is the key's, never the header's choice alone
    if (jwk.alg && jwk.alg !== header.alg) throw new Error('JWS algorithm');
    const data = new TextEncoder().encode(parts[0] + '.' + parts[1]);
    if (!(await verifySignature(jwk, header.alg, fromBase64Url(parts[2]), data))) throw new Error('JWS signature');
    return JSON.parse(utf8(fromBase64Url(parts[1])));
  };

  const gunzip = async (bytes) => {
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  };

  // ---- the lists ----

  const localTime = (iso) =>
    new Date(iso).toLocaleString(english ? 'en-GB' : 'zh-CN', {hour12: false});

  const showLists = () => {
    if (!trust || !status) {
      listsLine.textContent = msg('lists-missing');
      return;
    }
    const stale = Date.now() > Date.parse(status.validUntil);
    listsLine.textContent = msg(stale ? 'lists-stale' : 'lists-as-of', localTime(status.validFrom));
    listsLine.dataset.asOf = status.validFrom;
  };

  const loadLists = async () => {
    // the service worker answers from the network when there is one, else from what it kept
    const [trustText, statusText] = await Promise.all(
      [TRUST_LIST, STATUS_LIST].map((url) => fetch(url, {cache: 'no-store'}).then((r) => {
        if (!r.ok) throw new Error(url + ': ' + r.status);
        return r.text();
      })));
    const trustList = await verifyJws(trustText, (kid) => (kid === anchor.kid ? anchor : null));
    const keys = new Map(trustList.keys.map((k) => [k.kid, k]));
    const types = new Map(trustList.types.map((t) => [t.code, t]));
    const credential = await verifyJws(statusText, (kid) => {
      const key = keys.get(kid);
      return key ? {...key.jwk, alg: key.alg} : null;
    });
    const subject = credential.credentialSubject;
    if (typeof subject.encodedList !== 'string' || !subject.encodedList.startsWith('u')) throw new Error('encodedList');
    if (status && Date.parse(credential.validFrom) < Date.parse(status.validFrom)) {
      // an older list than the one kept (a replay, or a cache behind): keep the newer
      return;
    }
    trust = {keys, types};
    status = {
      bits: await gunzip(fromBase64Url(subject.encodedList.slice(1))),
      size: subject.statusSize || 1,
      validFrom: credential.validFrom,
      validUntil: credential.validUntil,
    };
  };

  const refresh = async () => {
    try {
      await loadLists();
    } catch (e) {
      console.warn('lists', e);
      if (!(e instanceof TypeError) || !trust) {
        // lists that do not verify are not used; those kept before stay
        listsLine.textContent = msg(trust ? 'lists-bad' : 'lists-missing');
        return;
      }
    }
    showLists();
  };

  const statusOf = (index) => {
    if (!Number.isSafeInteger(index) || index < 0) return null;
    let value = 0;
    for (let b = 0; b < status.size; b++) {
      const bit = index * status.size + b;
      const byte = Math.floor(bit / 8);
      if (byte >= status.bits.length) return null;
      value = (value << 1) | ((status.bits[byte] >> (7 - (bit % 8))) & 1);
    }
    return STATUS_CODES[value] || null;
  };

  // ---- checking a code ----

  const day = (claim) =>
    (claim && claim.tag === 100 && Number.isSafeInteger(claim.value) ? new Date(claim.value * 86400000) : null);
  const isoDay = (date) => (date ? date.toISOString().slice(0, 10) : '');
  // the issuer's calendar: a certificate lapses at the end of its last day in Beijing time, wherever the phone is
  const issuersToday = () =>
    new Date(new Intl.DateTimeFormat('en-CA', {timeZone: 'Asia/Shanghai'}).format(new Date()) + 'T00:00:00Z');
  // only the hub's own verification pages are offered as a link
  const ownPage = (text) => {
    try {
      const url = new URL(text);
      return url.origin === location.origin && url.pathname.startsWith('/v/') ? url.origin + url.pathname : null;
    } catch (e) {
      return null;
    }
  };

  const check = async (text) => {
    try {
      return await checkPayload(text);
    } catch (e) {
      console.warn('check', e);
      return {verdict: 'unreadable', link: ownPage(text)};
    }
  };

  const checkPayload = async (text) => {
    const hash = text.indexOf('#');
    const fragment = hash >= 0 ? text.slice(hash + 1) : text;
    const link = ownPage(text);
    if (!fragment.startsWith(PREFIX)) return {verdict: 'no-payload', link};
    let message;
    try {
      message = cborDecode(fromBase45(decodeURIComponent(fragment.slice(PREFIX.length))));
    } catch (e) {
      return {verdict: 'unreadable', link};
    }
    if (!message || message.tag !== 18 || !Array.isArray(message.value) || message.value.length !== 4) {
      return {verdict: 'unreadable', link};
    }
    const [protectedHeader, , payload, signature] = message.value;
    if (!(protectedHeader instanceof Uint8Array) || !(payload instanceof Uint8Array)
        || !(signature instanceof Uint8Array)) {
      return {verdict: 'unreadable', link};
    }
    const header = cborDecode(protectedHeader);
    const claims = cborDecode(payload);
    if (!(header instanceof Map) || !(claims instanceof Map)) return {verdict: 'unreadable', link};
    if (!trust) return {verdict: 'lists-missing', link};
    const kid = header.get(4);
    const key = kid instanceof Uint8Array && kid.length === 8 ? trust.keys.get(toBase64Url(kid)) : null;
    const type = trust.types.get(claims.get(3));
    // a key signs only for the types its seal seals, and nothing issued after the seal rotated away from it
    const issued = day(claims.get(6));
    const retired = key && key.retiredAt ? new Date(key.retiredAt) : null;
    if (!key || !type || type.seal !== key.seal || !issued
        || (retired && issued.getTime() > retired.getTime() + 86400000)) {
      return {verdict: 'unknown-signer', link};
    }
    const coseAlg = String(header.get(1));
    const alg = Object.hasOwn(COSE_ALGORITHMS, coseAlg) ? COSE_ALGORITHMS[coseAlg] : null;
    const toBeSigned = cborEncode(['Signature1', protectedHeader, new Uint8Array(0), payload]);
    if (!alg || alg !== key.alg || !(await verifySignature(key.jwk, alg, signature, toBeSigned))) {
      return {verdict: 'bad-signature', link};
    }
    const validFrom = day(claims.get(7));
    const validTo = day(claims.get(8));
    const today = issuersToday();
    const listed = statusOf(claims.get(9));
    const expired = validTo && validTo < today;
    const early = validFrom && validFrom > today;
    const stale = Date.now() > Date.parse(status.validUntil);
    let verdict;
    if (listed !== 'valid') verdict = 'not-valid';
    else if (expired) verdict = 'expired';
    else if (early) verdict = 'not-yet-valid';
    else if (stale) verdict = 'stale';
    else verdict = 'valid';
    return {
      verdict,
      link,
      status: listed === null ? 'unknown' : (expired && listed === 'valid' ? 'expired' : listed),
      rows: [
        ['type', english && type.nameEn ? type.nameEn : type.name || claims.get(3)],
        ['number', claims.get(2)],
        ['holder', claims.get(4)],
        ['id-number', claims.get(5)],
        ['issued-on', isoDay(day(claims.get(6)))],
        ['valid-from', isoDay(day(claims.get(7)))],
        ['valid-to', isoDay(validTo)],
        ['issuer', english && type.issuingAuthorityEn ? type.issuingAuthorityEn : type.issuingAuthority || ''],
        ['seal', key.sealName],
        ['identifier', claims.get(1)],
      ],
    };
  };

  const show = (outcome) => {
    result.replaceChildren();
    const verdict = document.createElement('p');
    verdict.id = 'verdict';
    verdict.dataset.verdict = outcome.verdict;
    const ok = outcome.verdict === 'valid';
    verdict.className = 'verdict ' + (ok ? 'ok' : 'warn');
    verdict.textContent = outcome.verdict === 'not-valid'
      ? msg('not-valid', msg('status-' + outcome.status))
      : msg(outcome.verdict);
    result.append(verdict);
    if (outcome.rows) {
      const list = document.createElement('dl');
      const add = (name, value, id) => {
        if (!value) return;
        const dt = document.createElement('dt');
        dt.textContent = msg(name);
        const dd = document.createElement('dd');
        dd.textContent = value;
        if (id) dd.id = id;
        list.append(dt, dd);
      };
      add('status', msg('status-' + outcome.status), 'offline-status');
      outcome.rows.forEach(([name, value]) => add(name, value, 'offline-' + name));
      result.append(list);
      const asOf = document.createElement('p');
      asOf.className = 'small';
      asOf.id = 'as-of';
      asOf.textContent = listsLine.textContent;
      result.append(asOf);
    }
    if (outcome.link) {
      const a = document.createElement('a');
      a.href = outcome.link;
      a.textContent = msg('online');
      a.id = 'online-link';
      result.append(a);
    }
  };

  const decode = (source, width, height) => {
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    const context = canvas.getContext('2d', {willReadFrequently: true});
    context.drawImage(source, 0, 0, width, height);
    const pixels = context.getImageData(0, 0, width, height);
    return jsQR(pixels.data, width, height, {inversionAttempts: 'attemptBoth'});
  };

  const startChecking = () => result.replaceChildren();

  document.getElementById('photo').addEventListener('change', async (event) => {
    startChecking();
    const file = event.target.files[0];
    if (!file) return;
    const image = await createImageBitmap(file);
    // a phone photo is large: a QR code still has a few pixels a module at 2,400 pixels
    const scale = Math.min(1, 2400 / Math.max(image.width, image.height));
    const code = decode(image, Math.round(image.width * scale), Math.round(image.height * scale));
    event.target.value = '';
    show(code ? await check(code.data) : {verdict: 'no-code'});
  });

  document.getElementById('camera').addEventListener('click', async () => {
    let stream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({video: {facingMode: 'environment'}, audio: false});
    } catch (e) {
      show({verdict: 'camera-failed'});
      return;
    }
    video.srcObject = stream;
    video.hidden = false;
    await video.play();
    const stop = () => {
      stream.getTracks().forEach((t) => t.stop());
      video.hidden = true;
    };
    startChecking();
    const tick = async () => {
      if (video.readyState >= 2 && video.videoWidth) {
        const code = decode(video, video.videoWidth, video.videoHeight);
        if (code && code.data) {
          stop();
          show(await check(code.data));
          return;
        }
      }
      setTimeout(tick, 150);
    };
    tick();
  });

  document.getElementById('refresh').addEventListener('click', refresh);

  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.register('/verify/sw.js', {scope: '/verify/'}).catch((e) => console.warn('sw', e));
  }
  // A page opened with a QR code's payload as its fragment checks it at once
  const checkFragment = async () => {
    startChecking();
    if (location.hash.length > 1) show(await check(location.href));
  };
  window.addEventListener('hashchange', checkFragment);
  refresh().then(checkFragment);
})();
