#!/usr/bin/env python3
"""500 learners taking a quiz at the same time against a running Sentinella (bench/quiz.sh).

prepare DB N: writes N learners and a session for each straight into the database (no argon2 and no
login throttle in the way), prints nothing. run PORT N ROUNDS: each learner, on its own thread and
keep-alive connection, does ROUNDS times: start an attempt (POST), load it (GET), submit its answers
(POST), read the result (GET). Prints requests, seconds, requests/s, p50/p99 in ms, and errors
(any unexpected status or failed request)."""
import hashlib
import http.client
import sqlite3
import sys
import threading
import time

QUIZ = "/moduli/usura/quiz/verifica"
# Answers by stored option position (the shuffle only changes the order they are shown in).
ANSWERS = "pagina=1&risposta-0=0&risposta-1=0&risposta-1=1&risposta-1=2&risposta-2=1&risposta-3=0&risposta-4=1" \
          "&risposta-5=0&risposta-5=1&risposta-6=112"


def token(i):
    return "%064x" % (i + 1)


def prepare(db_path, n):
    db = sqlite3.connect(db_path)
    now = int(time.time())
    with db:
        for i in range(n):
            cur = db.execute("INSERT INTO users(username, display_name, password_hash, organization, target_group,"
                             " created_at, last_active_at) VALUES (?, ?, 'x', 'Comune', 'polizia-locale', ?, ?)",
                             ("allievo%d" % i, "Allievo %d" % i, now, now))
            uid = cur.lastrowid
            db.execute("INSERT INTO user_roles(user_id, role) VALUES (?, 'learner')", (uid,))
            db.execute("INSERT INTO sessions(token_hash, user_id, csrf_token, created_at, last_seen_at)"
                       " VALUES (?, ?, ?, ?, ?)",
                       (hashlib.sha256(token(i).encode()).hexdigest(), uid, "c%063d" % i, now, now))
    db.close()


def learner(port, i, rounds, latencies, errors, lock):
    cookie = {"Cookie": "sentinella_session=" + token(i)}
    form = dict(cookie, **{"Content-Type": "application/x-www-form-urlencoded"})
    csrf = "csrf=c%063d" % i
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    mine = []
    bad = 0

    def call(method, path, body=None, expect=200, check=lambda res, body: True):
        nonlocal conn, bad
        start = time.perf_counter()
        try:
            conn.request(method, path, body=body, headers=form if body is not None else cookie)
            res = conn.getresponse()
            body = res.read()
            mine.append(time.perf_counter() - start)
            if res.status != expect or not check(res, body):
                if bad == 0 and i == 0:
                    sys.stderr.write("%s %s -> %d: %s\n" % (method, path, res.status, body[:400]))
                bad += 1
                return None
            return res
        except Exception:
            bad += 1
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            return None

    for _ in range(rounds):
        res = call("POST", QUIZ + "/tentativi", csrf, 303,
                   lambda res, body: res.getheader("Location", "").startswith(QUIZ + "/tentativi/"))
        if res is None:
            continue
        attempt = res.getheader("Location")
        call("GET", attempt, check=lambda res, body: b'value="consegna"' in body)
        if call("POST", attempt, csrf + "&azione=consegna&" + ANSWERS, 303) is not None:
            call("GET", attempt, check=lambda res, body: "Verifica superata".encode() in body)
    conn.close()
    with lock:
        latencies.extend(mine)
        errors[0] += bad


def run(port, n, rounds):
    latencies, errors, lock = [], [0], threading.Lock()
    threads = [threading.Thread(target=learner, args=(port, i, rounds, latencies, errors, lock)) for i in range(n)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seconds = time.perf_counter() - start
    latencies.sort()
    pct = lambda p: latencies[min(len(latencies) - 1, int(len(latencies) * p))] * 1000 if latencies else 0
    print("%d learners x %d attempts: %d requests in %.1f s, %.0f requests/s (%.0f attempts submitted/s),"
          " p50 %.1f ms, p99 %.1f ms, errors %d"
          % (n, rounds, len(latencies), seconds, len(latencies) / seconds, n * rounds / seconds,
             pct(0.50), pct(0.99), errors[0]))
    return errors[0]


if __name__ == "__main__":
    if sys.argv[1] == "prepare":
        prepare(sys.argv[2], int(sys.argv[3]))
    else:
        sys.exit(1 if run(int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])) else 0)
