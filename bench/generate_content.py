#!/usr/bin/env python3
"""Writes a content tree of a given size for the benchmarks: site.yaml, pages, modules with their
lessons (500-900 words each, in the shape of the bundled ones), events and a media file.

    bench/generate_content.py --pages 1000 --out /tmp/content-1000

--pages N gives about N public pages: N/10 modules with 8 lessons each and N/10 events, plus five
pages. --modules, --lessons and --events set the counts directly. The same arguments and --seed
and --first-year give the same files. Python 3 standard library only.
"""

import argparse
import datetime
import os
import random
import sys

# Words to make Italian-looking prose from; no meaning intended.
WORDS = """
segnale prestito debito vittima denuncia comune quartiere impresa negozio famiglia agente
polizia servizio sociale rete associazione categoria sindacato volontario educatore scuola
giovane donna uomo persona cittadino territorio città provincia regione legge norma articolo
codice tribunale procura prefettura questura carabinieri finanza sportello centro ascolto
sostegno aiuto tutela protezione fondo solidarietà prevenzione usura estorsione racket
intimidazione danneggiamento incendio minaccia violenza genere stalking controllo gelosia
relazione lavoro azienda appalto contratto cantiere fornitura subappalto interdittiva
riciclaggio contante operazione sospetta banca conto pagamento fattura società quota
commercio bar ristorante officina mercato piazza strada sera mattina settimana mese anno
percorso formazione modulo lezione incontro giornata studio gruppo confronto esperienza
testimonianza racconto caso esempio domanda risposta dubbio paura vergogna fiducia silenzio
coraggio parola voce ascolto attenzione cura tempo spazio luogo casa ufficio sede sala
documento verbale segnalazione registro elenco modulo scheda telefono numero contatto
operatrice operatore funzionario sindaco assessore consiglio giunta delibera progetto
programma obiettivo risultato strumento metodo regola criterio limite soglia tasso interesse
rata scadenza garanzia assegno cambiale pegno immobile terreno auto veicolo merce
""".split()

CONNECTIVES = ["e", "ma", "perché", "quando", "se", "mentre", "anche", "quindi", "poi", "oppure",
               "cioè", "infatti", "invece", "così", "dopo", "prima", "senza", "con", "per", "tra"]
ARTICLES = ["il", "la", "lo", "un", "una", "del", "della", "dei", "nel", "nella", "al", "alla", "ogni"]
VERBS = ["riconosce", "segnala", "accompagna", "protegge", "ascolta", "osserva", "chiede", "spiega",
         "racconta", "verifica", "conserva", "contatta", "indica", "sostiene", "previene", "descrive",
         "nota", "capisce", "registra", "affronta"]

GROUPS = [("polizia-locale", "Polizia locale e vigili di quartiere"), ("forze-ordine", "Forze dell'ordine"),
          ("volontariato", "Associazioni di volontariato"), ("associazioni-categoria", "Associazioni di categoria"),
          ("sindacati", "Sindacati"), ("servizi-sociali", "Servizi sociali"),
          ("educatori", "Educatori e operatori del terzo settore"),
          ("rete-antiviolenza", "Rete antiviolenza e ordini professionali"), ("cittadini", "Cittadinanza")]
EVENT_TYPES = [("teatro", "Spettacolo teatrale"), ("giornata-studio", "Giornata di studio"),
               ("gruppo-lavoro", "Gruppo di lavoro"), ("proiezione", "Proiezione di film"),
               ("testimonianza", "Testimonianza e incontro"), ("incontro", "Incontro informativo"),
               ("formazione", "Formazione in presenza")]


class Prose:
    def __init__(self, rng):
        self.rng = rng

    def words(self, n):
        r = self.rng
        out = []
        while len(out) < n:
            roll = r.random()
            if roll < 0.18:
                out.append(r.choice(ARTICLES))
            elif roll < 0.28:
                out.append(r.choice(CONNECTIVES))
            elif roll < 0.36:
                out.append(r.choice(VERBS))
            else:
                out.append(r.choice(WORDS))
        return out[:n]

    def sentence(self, lo=8, hi=22):
        w = self.words(self.rng.randint(lo, hi))
        w[0] = w[0][0].upper() + w[0][1:]
        if self.rng.random() < 0.25:
            i = self.rng.randrange(len(w))
            w[i] = "**" + w[i] + "**"
        return " ".join(w) + "."

    def title(self, lo=3, hi=7):
        text = " ".join(self.rng.choice(WORDS) for _ in range(self.rng.randint(lo, hi)))
        return text[0].upper() + text[1:]

    def paragraph(self):
        return " ".join(self.sentence() for _ in range(self.rng.randint(3, 6)))

    def body(self, target_words):
        """Markdown with headings, paragraphs, sometimes a list or a table: about target_words."""
        parts, count = [], 0
        while count < target_words:
            roll = self.rng.random()
            if roll < 0.15:
                parts.append("## " + self.title(2, 5))
                count += 3
            elif roll < 0.25:
                items = [self.sentence(5, 12) for _ in range(self.rng.randint(3, 5))]
                parts.append("\n".join("- " + i for i in items))
                count += sum(len(i.split()) for i in items)
            elif roll < 0.30:
                rows = [(self.title(1, 3), self.sentence(5, 10)) for _ in range(self.rng.randint(2, 4))]
                parts.append("| Voce | Che cosa significa |\n|---|---|\n" +
                             "\n".join("| %s | %s |" % r for r in rows))
                count += sum(len(a.split()) + len(b.split()) for a, b in rows)
            else:
                p = self.paragraph()
                parts.append(p)
                count += len(p.split())
        return "\n\n".join(parts) + "\n"


def yaml_text(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def site_yaml():
    lines = ["name: Sentinella Bench", "municipality: Comune di Prova", "language: it",
             "base_url: https://sentinella.example.org",
             'description: "Contenuti generati per misurare import ed esportazione."', "help_page: aiuto",
             "intro: |", "  Benvenuti nel **programma** generato per i benchmark.",
             "contacts:", "  office: Ufficio Prova", '  address: "Piazza del Comune 1, Prova"',
             '  phone: "0372 000000"', "  email: prova@example.org",
             "helplines:", "  - name: Numero unico di emergenza", '    number: "112"',
             '    description: "Per ogni situazione di pericolo immediato."', "    hours: 24 ore su 24",
             "  - name: Antiviolenza e stalking", '    number: "1522"', "    hours: 24 ore su 24",
             "target_groups:"]
    for gid, label in GROUPS:
        lines += ["  - id: " + gid, "    label: " + yaml_text(label)]
    lines += ["time_zone: Europe/Rome", "event_types:"]
    for tid, label in EVENT_TYPES:
        lines += ["  - id: " + tid, "    label: " + yaml_text(label)]
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", required=True, help="the content folder to write (must not exist)")
    ap.add_argument("--pages", type=int, default=1000, help="about how many public pages")
    ap.add_argument("--modules", type=int, help="modules (default: pages / 10)")
    ap.add_argument("--lessons", type=int, default=8, help="lessons per module")
    ap.add_argument("--events", type=int, help="events (default: pages / 10)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--first-year", type=int, default=datetime.date.today().year - 1,
                    help="events run over three years from January of this year (default: last year)")
    args = ap.parse_args()
    if os.path.exists(args.out):
        sys.exit("error: %s exists" % args.out)
    modules = args.modules if args.modules is not None else max(1, args.pages // 10)
    events = args.events if args.events is not None else args.pages // 10
    rng = random.Random(args.seed)
    prose = Prose(rng)
    root = args.out

    write(os.path.join(root, "site.yaml"), site_yaml())
    pages = [("aiuto", "Chiedi aiuto", 2, True), ("chi-siamo", "Chi siamo", 1, False),
             ("privacy", "Informativa privacy", 3, False), ("accessibilita", "Accessibilità", 4, False),
             ("contatti", "Contatti", 5, False)]
    for slug, title, menu, helplines in pages:
        write(os.path.join(root, "pages", slug + ".md"),
              "---\ntitle: %s\nsummary: %s\nmenu: %d\n%s---\n%s" %
              (yaml_text(title), yaml_text(prose.sentence()), menu, "helplines: true\n" if helplines else "",
               prose.body(rng.randint(300, 600))))

    for m in range(1, modules + 1):
        slug = "modulo-%05d" % m
        groups = rng.sample([g for g, _ in GROUPS], rng.randint(1, 4))
        objectives = "".join("  - %s\n" % yaml_text(prose.sentence(6, 14)) for _ in range(rng.randint(2, 5)))
        write(os.path.join(root, "modules", slug, "index.md"),
              "---\ntitle: %s\nsummary: %s\ntarget_groups: [%s]\nobjectives:\n%sduration_hours: %s\n"
              "order: %d\nstatus: published\nauthors:\n  - Ufficio Prova\n---\n%s" %
              (yaml_text(prose.title()), yaml_text(prose.sentence(15, 30)), ", ".join(groups), objectives,
               rng.choice(["1", "1.5", "2", "2.5", "3", "4"]), m, prose.body(rng.randint(100, 250))))
        for n in range(1, args.lessons + 1):
            lesson_slug = "lezione-%s" % rng.choice([w for w in WORDS if w.isascii()])
            write(os.path.join(root, "modules", slug, "%02d-%s-%d.md" % (n, lesson_slug, n)),
                  "---\ntitle: %s\nminutes: %d\n---\n%s" %
                  (yaml_text(prose.title()), rng.randint(5, 12), prose.body(rng.randint(500, 900))))

    # Events over three years, by day (no daylight-saving gap at those hours), some over whole days.
    first_day = datetime.date(args.first_year, 1, 1)
    for e in range(1, events + 1):
        day = first_day + datetime.timedelta(days=rng.randrange(3 * 365))
        if rng.random() < 0.15:
            when = "start: %s\nend: %s\n" % (day, day + datetime.timedelta(days=rng.randint(0, 2)))
        else:
            hour = rng.randint(9, 19)
            when = "start: %s %02d:00\nend: %s %02d:30\n" % (day, hour, day, hour + rng.randint(1, 3))
        audience = ["pubblico"] if rng.random() < 0.6 else []
        audience += rng.sample([g for g, _ in GROUPS], rng.randint(0 if audience else 1, 2))
        status = rng.choices(["scheduled", "cancelled", "postponed"], [90, 6, 4])[0]
        registration = "registration: true\ncapacity: %d\n" % rng.choice([30, 50, 100, 300]) if rng.random() < 0.4 else ""
        image = "image: locandina.png\nimage_alt: La locandina dell'evento\n" if rng.random() < 0.2 else ""
        write(os.path.join(root, "events", str(day.year), "evento-%05d.md" % e),
              "---\ntitle: %s\ntype: %s\n%slocation:\n  name: %s\n  address: %s\naudience: [%s]\n"
              "organizer: Comune di Prova\nstatus: %s\n%s%s---\n%s" %
              (yaml_text(prose.title()), rng.choice(EVENT_TYPES)[0], when, yaml_text("Sala " + prose.title(1, 2)),
               yaml_text("Via " + prose.title(1, 2) + " " + str(rng.randint(1, 99))), ", ".join(audience),
               status, registration, image, prose.body(rng.randint(150, 350))))

    # A small valid PNG (1x1, grey).
    png = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108000000003a7e9b55"
                        "0000000a49444154789c63680000008200816dd1e6f80000000049454e44ae426082")
    os.makedirs(os.path.join(root, "media"), exist_ok=True)
    with open(os.path.join(root, "media", "locandina.png"), "wb") as f:
        f.write(png)
    print("%s: %d modules, %d lessons, %d events, %d pages" %
          (root, modules, modules * args.lessons, events, len(pages)))


if __name__ == "__main__":
    main()
