#!/usr/bin/env python3
"""Generated attendance for bench/report.sh, in two steps around `sentinella import`:

  attendance_data.py events CONTENT_DIR [--courses N]     training events written into CONTENT_DIR/events
  attendance_data.py marks DB [--people N] [--marks N]    people, walk-ins and marks put into DB

`events` writes N courses (default 2,000) over 2025-2027, each of 5 weekly meetings of 3 hours
naming one or two of the content's modules, plus N/10 evenings without meetings or modules.
`marks` adds N people (default 50,000: 96% accounts over the site's target groups and 200
organizations, 4% walk-ins) and about N marks (default 1,000,000) spread evenly over the imported
meetings, the same number per meeting, each person at most once per meeting: 80% present, 7%
late, 5% left early, 4% excused, 4% absent, with the hours each status gives. Everything is seeded:
the same arguments give the same data."""
import argparse
import os
import random
import sqlite3
import sys


def events(args):
    modules = sorted(d for d in os.listdir(os.path.join(args.dir, "modules"))
                     if os.path.isfile(os.path.join(args.dir, "modules", d, "index.md")))
    rng = random.Random(12)
    for i in range(args.courses):
        year = 2025 + i % 3
        day_of_year = rng.randrange(0, 300)
        month, day = 1 + day_of_year // 28 % 10, 1 + day_of_year % 28
        hour = rng.choice([9, 14])
        meetings = ""
        for m in range(5):  # weekly: the same weekday, 7 days apart (at most day 28 + 28 of a month)
            d = day + 7 * m
            mm, dd = month + (d - 1) // 28, 1 + (d - 1) % 28
            meetings += (f"  - start: {year}-{mm:02d}-{dd:02d} {hour:02d}:00\n"
                         f"    end: {year}-{mm:02d}-{dd:02d} {hour + 3:02d}:00\n")
        named = rng.sample(modules, rng.choice([1, 1, 2]))
        write(args.dir, year, f"corso-{i}",
              f"---\ntitle: Corso {i}\ntype: formazione\nmeetings:\n{meetings}"
              f"modules: [{', '.join(named)}]\nlocation:\n  name: Sala {i % 50}\n"
              f"audience: [pubblico]\norganizer: Comune\n---\nCorso generato.\n")
    for i in range(args.courses // 10):
        year = 2025 + i % 3
        month, day = 1 + i % 12, 1 + i % 28
        write(args.dir, year, f"serata-{i}",
              f"---\ntitle: Serata {i}\ntype: incontro\nstart: {year}-{month:02d}-{day:02d} 20:30\n"
              f"end: {year}-{month:02d}-{day:02d} 22:30\nlocation:\n  name: Teatro\n"
              f"audience: [pubblico]\norganizer: Comune\n---\nSerata generata.\n")


def write(content, year, slug, text):
    folder = os.path.join(content, "events", str(year))
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, slug + ".md"), "w", encoding="utf-8") as f:
        f.write(text)


def marks(args):
    db = sqlite3.connect(args.db)
    groups = [r[0] for r in db.execute("SELECT id FROM target_groups ORDER BY position")]
    walk_ins = args.people * 4 // 100
    accounts = args.people - walk_ins
    meetings = list(db.execute(
        "SELECT event_uid, number, (end_utc - start_utc) / 3600.0 FROM event_meetings"
        " UNION ALL SELECT uid, 1, (end_utc - start_utc) / 3600.0 FROM events e"
        " WHERE NOT EXISTS (SELECT 1 FROM event_meetings m WHERE m.event_uid = e.uid)"))
    per_meeting = max(1, -(-args.marks // len(meetings)))  # rounded up: at least `marks` in all
    step = max(1, args.people // per_meeting - 1)  # per_meeting distinct people per meeting
    rng = random.Random(34)
    with db:
        db.execute("DELETE FROM attendance_marks")
        first_user = (db.execute("SELECT COALESCE(MAX(id), 0) FROM users").fetchone()[0]) + 1
        db.executemany(
            "INSERT INTO users(id, username, display_name, password_hash, target_group, organization, created_at,"
            " last_active_at) VALUES (?, ?, ?, '', ?, ?, unixepoch(), unixepoch())",
            ((first_user + p, f"persona-{p}", f"Persona {p}", groups[p % len(groups)], f"Ente {p % 200}")
             for p in range(accounts)))
        first_walk_in = (db.execute("SELECT COALESCE(MAX(id), 0) FROM walk_ins").fetchone()[0]) + 1
        db.executemany(
            "INSERT INTO walk_ins(id, name, target_group, organization, created_by, created_at)"
            " VALUES (?, ?, ?, ?, 0, unixepoch())",
            ((first_walk_in + w, f"Ospite {w}", groups[(w * 7) % len(groups)] if w % 5 else "",
              f"Ente {w % 200}" if w % 3 else "") for w in range(walk_ins)))
        statuses = ["present"] * 80 + ["late"] * 7 + ["left_early"] * 5 + ["excused"] * 4 + ["absent"] * 4

        def rows():
            for n, (uid, number, length) in enumerate(meetings):
                base = rng.randrange(args.people)
                for k in range(per_meeting):
                    p = (base + k * step) % args.people
                    status = statuses[rng.randrange(100)]
                    hours = length if status == "present" else length / 2 if status in ("late", "left_early") else 0
                    user = first_user + p if p < accounts else None
                    walk_in = first_walk_in + p - accounts if p >= accounts else None
                    yield uid, number, user, walk_in, status, hours

        db.executemany(
            "INSERT INTO attendance_marks(event_uid, meeting, user_id, walk_in_id, status, hours, marked_by, marked_at)"
            " VALUES (?, ?, ?, ?, ?, ?, 0, unixepoch())", rows())
    count = db.execute("SELECT COUNT(*) FROM attendance_marks").fetchone()[0]
    print(f"generated: {accounts} accounts, {walk_ins} walk-ins, {len(meetings)} meetings, {count} marks")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="step", required=True)
    e = sub.add_parser("events")
    e.add_argument("dir")
    e.add_argument("--courses", type=int, default=2000)
    m = sub.add_parser("marks")
    m.add_argument("db")
    m.add_argument("--people", type=int, default=50000)
    m.add_argument("--marks", type=int, default=1000000)
    args = parser.parse_args()
    events(args) if args.step == "events" else marks(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
