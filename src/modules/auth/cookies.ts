import type { FastifyReply, FastifyRequest } from 'fastify';
import { SESSION_COOKIE } from '../../platform/http.ts';
import { SESSION_HOURS } from './sessions.ts';

/** Between asking for a code and entering it: the email address and where to go afterwards. */
const PENDING_SIGN_IN_COOKIE = 'mh_sign_in';
const PENDING_MINUTES = 30;

export interface PendingSignIn {
  email: string;
  returnTo: string;
}

const options = (secure: boolean) => ({
  path: '/',
  httpOnly: true,
  sameSite: 'lax' as const,
  secure,
  signed: true,
});

export function setSessionCookie(reply: FastifyReply, token: string, secure: boolean): void {
  reply.setCookie(SESSION_COOKIE, token, { ...options(secure), maxAge: SESSION_HOURS * 3600 });
}

export function clearSessionCookie(reply: FastifyReply, secure: boolean): void {
  reply.clearCookie(SESSION_COOKIE, options(secure));
}

export function setPendingSignIn(reply: FastifyReply, pending: PendingSignIn, secure: boolean): void {
  reply.setCookie(PENDING_SIGN_IN_COOKIE, JSON.stringify(pending), {
    ...options(secure),
    maxAge: PENDING_MINUTES * 60,
  });
}

export function clearPendingSignIn(reply: FastifyReply, secure: boolean): void {
  reply.clearCookie(PENDING_SIGN_IN_COOKIE, options(secure));
}

export function readPendingSignIn(request: FastifyRequest): PendingSignIn | null {
  const raw = request.cookies[PENDING_SIGN_IN_COOKIE];
  if (!raw) return null;
  const unsigned = request.unsignCookie(raw);
  if (!unsigned.valid || !unsigned.value) return null;
  try {
    const value = JSON.parse(unsigned.value) as Partial<PendingSignIn>;
    return typeof value.email === 'string'
      ? { email: value.email, returnTo: String(value.returnTo ?? '') }
      : null;
  } catch {
    return null;
  }
}
