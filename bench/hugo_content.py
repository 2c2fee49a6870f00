#!/usr/bin/env python3
"""Lays a Sentinella content tree out as a Hugo site, for bench/compare_build.sh.

    bench/hugo_content.py CONTENT OUT

OUT (which must not exist) gets bench/hugo's config and layouts, then:
  content/_index.md, moduli/_index.md, eventi/_index.md   home, catalogue, upcoming events
  content/moduli/<module>/_index.md                       a module (a section: its lessons are its pages)
  content/moduli/<module>/<lesson>.md                     a lesson, weight = its order
  content/eventi/<year>/<slug>.md                         an event, with its dates for Hugo
  content/<page>.md                                       a page
  content/archivio.md, calendario*.md                     archive, months, /eventi/calendario
  content/audience/<id>/_index.md                         an audience: only its calendar feed
  data/site.yaml                                          site.yaml as it is
  static/static/, static/media/                           the theme's files, the media files
Front matter keeps its keys; the ones Hugo reserves are renamed (menu -> menu_order, type ->
event_type). Draft modules are left out, as Sentinella never publishes them. Python 3 standard
library only.
"""

import argparse
import datetime
import os
import re
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
KEY = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*):(.*)$")


def read(path):
    """The front matter as a list of lines, and the body."""
    with open(path, encoding="utf-8-sig") as f:
        lines = f.read().split("\n")
    if lines[0] != "---" or "---" not in lines[1:]:
        sys.exit("error: %s: no front matter between --- lines" % path)
    end = lines.index("---", 1)
    return lines[1:end], "\n".join(lines[end + 1:])


def value(front, key):
    """The text of a top-level key (quotes removed), or None."""
    for line in front:
        m = KEY.match(line)
        if m and m.group(1) == key:
            return m.group(2).strip().strip('"')
    return None


def rename(front, old, new):
    return [re.sub("^%s:" % old, new + ":", line) for line in front]


def write(path, front, body="", **extra):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    lines = list(front) + ["%s: %s" % (k, v) for k, v in extra.items()]
    with open(path, "w", encoding="utf-8") as f:
        f.write("---\n" + "\n".join(lines) + "\n---\n" + body)


def quoted(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def month_index(day):
    return int(day[:4]) * 12 + int(day[5:7]) - 1


def month_name(index):
    return "%04d/%02d" % (index // 12, index % 12 + 1)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("content", help="a Sentinella content folder")
    ap.add_argument("out", help="the Hugo site to write (must not exist)")
    ap.add_argument("--theme", default=os.path.join(HERE, "..", "themes", "default"),
                    help="the Sentinella theme whose static/ files the pages link (default: themes/default)")
    args = ap.parse_args()
    src, out = args.content, args.out
    if os.path.exists(out):
        sys.exit("error: %s exists" % out)
    if not os.path.isfile(os.path.join(src, "site.yaml")):
        sys.exit("error: %s/site.yaml is missing: not a content folder" % src)
    shutil.copytree(os.path.join(HERE, "hugo"), out)
    os.makedirs(os.path.join(out, "data"))
    shutil.copy(os.path.join(src, "site.yaml"), os.path.join(out, "data", "site.yaml"))
    shutil.copytree(os.path.join(args.theme, "static"), os.path.join(out, "static", "static"))
    if os.path.isdir(os.path.join(src, "media")):
        shutil.copytree(os.path.join(src, "media"), os.path.join(out, "static", "media"))
    content = os.path.join(out, "content")

    write(os.path.join(content, "_index.md"), ['title: "Formazione e sensibilizzazione"'])
    write(os.path.join(content, "moduli", "_index.md"), ['title: "Moduli formativi"', "layout: catalogue"])
    write(os.path.join(content, "eventi", "_index.md"), ['title: "Eventi"', "layout: events"])
    write(os.path.join(content, "archivio.md"), ['title: "Archivio degli eventi"', "layout: archive",
                                                 "url: /eventi/archivio/"])

    pages_dir = os.path.join(src, "pages")
    for name in sorted(os.listdir(pages_dir)) if os.path.isdir(pages_dir) else []:
        if name.endswith(".md"):
            front, body = read(os.path.join(pages_dir, name))
            write(os.path.join(content, name), rename(front, "menu", "menu_order"), body, layout="page")

    modules_dir = os.path.join(src, "modules")
    for slug in sorted(os.listdir(modules_dir)) if os.path.isdir(modules_dir) else []:
        front, body = read(os.path.join(modules_dir, slug, "index.md"))
        if value(front, "status") != "published":
            continue
        write(os.path.join(content, "moduli", slug, "_index.md"), front, body,
              layout="module", weight=value(front, "order") or 100)
        for name in sorted(os.listdir(os.path.join(modules_dir, slug))):
            m = re.match(r"^(\d+)-(.+)\.md$", name)
            if m:
                front, body = read(os.path.join(modules_dir, slug, name))
                write(os.path.join(content, "moduli", slug, m.group(2) + ".md"), front, body,
                      layout="lesson", weight=value(front, "order") or int(m.group(1)))

    months, audiences = set(), {"pubblico"}
    events_dir = os.path.join(src, "events")
    for year in sorted(os.listdir(events_dir)) if os.path.isdir(events_dir) else []:
        for name in sorted(os.listdir(os.path.join(events_dir, year))):
            if not name.endswith(".md"):
                continue
            front, body = read(os.path.join(events_dir, year, name))
            start, end = value(front, "start"), value(front, "end") or value(front, "start")
            audiences.update(a.strip() for a in (value(front, "audience") or "").strip("[]").split(",") if a.strip())
            months.add(month_index(start))
            # start and end stay text (YAML would read a whole day as a date, a day and time as text).
            front = [line for line in rename(front, "type", "event_type") if not re.match("^(start|end):", line)]
            write(os.path.join(content, "eventi", year, name), front, body, layout="event",
                  outputs='["HTML", "Calendar"]', start=quoted(start), end=quoted(end),
                  date=start[:10] + ("T%s:00" % start[11:16] if len(start) > 10 else ""),
                  start_day=start[:10], start_month=start[:7], end_day=end[:10])
    for audience in sorted(audiences):
        write(os.path.join(content, "audience", audience, "_index.md"), ["title: " + audience],
              outputs='["Calendar"]')

    # A page for every month from the first event's to the last's, and the current month.
    today = datetime.date.today()
    months.add(today.year * 12 + today.month - 1)
    first, last = min(months), max(months)
    for m in range(first, last + 1):
        write(os.path.join(content, "calendario-%s.md" % month_name(m).replace("/", "-")),
              ['title: "Calendario degli eventi"', "layout: month", "url: /eventi/calendario/%s/" % month_name(m),
               "year: %d" % (m // 12), "month: %d" % (m % 12 + 1),
               "prev: " + (month_name(m - 1) if m > first else '""'),
               "next: " + (month_name(m + 1) if m < last else '""')])
    write(os.path.join(content, "calendario.md"),
          ['title: "Calendario degli eventi"', "layout: redirect", "url: /eventi/calendario/",
           "target: /eventi/calendario/%s/" % month_name(today.year * 12 + today.month - 1)])


if __name__ == "__main__":
    main()
