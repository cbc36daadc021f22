#!/usr/bin/env python3
"""Writes the labelled reply corpus (Sources/ARCore/Replies/Corpus/*.swift) from phrase banks.

Deterministic (fixed seed). Each line: label TAB lang TAB message_date TAB promise_date-or-- TAB text,
with "\\n" for line breaks. Run from the repository root: python3 scripts/reply-corpus/gen.py
"""
import random, datetime as dt, os, sys
sys.path.insert(0, os.path.dirname(__file__))
from banks import *
from dates import *

PER_LABEL = int(os.environ.get("PER_LABEL", "230"))
r = random.Random(20261202)

def msg_date():
    while True:
        d = D(2026, 1, 5) + dt.timedelta(days=r.randrange(540))
        if d.weekday() < 5 or r.random() < 0.08: return d

def inv():
    k = r.randrange(7)
    y = r.choice([2025, 2026])
    return [f"INV-{y}-{r.randrange(1, 9999):04d}", f"RE-{r.randrange(10000, 99999)}", f"#{r.randrange(10000, 999999)}", f"{y}/{r.randrange(100, 9999)}",
            f"{r.randrange(100000, 9999999)}", f"R{y}{r.randrange(100, 999)}", f"AR-{r.randrange(1000, 99999)}"][k]

def amt(lang):
    v = r.randrange(5000, 2500000) / 100
    whole, cents = int(v), int(round((v - int(v)) * 100))
    en = f"{whole:,}.{cents:02d}"; de = f"{whole:,}".replace(",", ".") + f",{cents:02d}"
    if lang == "en": return r.choice([f"${en}", f"EUR {en}", f"{en} USD", f"€{whole}", f"£{en}", f"{en} EUR"])
    return r.choice([f"{de} €", f"{de} EUR", f"EUR {de}", f"{whole} Euro", f"€ {de}"])

def pdate(d, lang):
    p = d - dt.timedelta(days=r.randint(1, 40))
    if lang == "en": return r.choice([f"{p.day:02d}/{p.month:02d}/{p.year}", f"{EN_M[p.month-1]} {p.day}", f"{p.day}{ordsuf(p.day)} {EN_M[p.month-1]}", p.isoformat(), f"{p.month}/{p.day}/{p.year}"])
    return r.choice([f"{p.day:02d}.{p.month:02d}.{p.year}", f"{p.day}.{p.month}.", f"{p.day}. {DE_M[p.month-1]}", f"{p.day:02d}.{p.month:02d}."])

def back(d, lang):
    b = d + dt.timedelta(days=r.randint(2, 20))
    if lang == "en": return r.choice([f"{EN_WD[b.weekday()] if b.weekday() < 5 else 'Monday'}", f"{b.day:02d}/{b.month:02d}/{b.year}", f"{EN_M[b.month-1]} {b.day}", f"{b.day} {EN_M[b.month-1]}"])
    return r.choice([f"{b.day:02d}.{b.month:02d}.{b.year}", f"{b.day}.{b.month}.", f"{DE_WD[b.weekday()] if b.weekday() < 5 else 'Montag'}", f"{b.day}. {DE_M[b.month-1]}"])

def typo(text, p):
    words = text.split(" ")
    out = []
    for w in words:
        if len(w) > 4 and "{" not in w and r.random() < p:
            i = r.randrange(1, len(w) - 2)
            k = r.randrange(3)
            if k == 0: w = w[:i] + w[i+1] + w[i] + w[i+2:]
            elif k == 1: w = w[:i] + w[i+1:]
            else: w = w[:i] + w[i] + w[i:]
        out.append(w)
    return " ".join(out)

def fill(t, d, lang, date_text):
    first, last = r.choice(FIRST), r.choice(LAST)
    dom = r.choice(["acme.example", "globex.co.uk", "nordwind.de", "firma-mueller.de", "initech.com"])
    values = dict(inv=inv(), inv2=inv(), amt=amt(lang), date=date_text, pdate=pdate(d, lang), po=r.choice([f"4500{r.randrange(100000, 999999)}", f"PO-{r.randrange(1000, 9999)}"]),
                  email=r.choice(["ap", "invoices", "kreditoren", "buchhaltung", "finance", "rechnungen", f"{first.lower()}.{last.lower()}"]) + "@" + dom,
                  name=f"{r.choice(FIRST)} {r.choice(LAST)}", name2=f"{first} {last}", first=first, last=last, company=r.choice(COMPANY),
                  address=r.choice(["Hauptstraße 12, 10115 Berlin", "45 High Street, Leeds LS1 4AB", "Industriestr. 7, 80331 München", "200 Main St, Springfield, IL 62701"]),
                  phone=r.choice(["+49 30 1234567", "+44 20 7946 0958", "089 / 555 123", "+1 312 555 0199"]), back=back(d, lang), ref=f"TX-{r.randrange(10000, 999999)}",
                  acct=str(r.randrange(1000, 9999)), qday=f"{d.day - 0 if d.day > 1 else 1}.{d.month}.{d.year}")
    out = t
    for k, v in values.items(): out = out.replace("{" + k + "}", v)
    return out

def one(label, lang, other_lang):
    B = EN if lang == "en" else DE
    d = msg_date()
    expected = None
    date_text = ""
    bank = B[label]
    if label == "promise_to_pay" and r.random() < 0.12:
        bank = B["promise_to_pay_nodate"]
    core = r.choice(bank)
    if "{date}" in core:
        date_text, expected = (expr_en if lang == "en" else expr_de)(d, r)
    core = typo(core, 0.06 if r.random() < 0.3 else 0)
    body = fill(core, d, lang, date_text)
    if body and body[0].islower() and r.random() < 0.5: body = body[0].upper() + body[1:]
    if label == "promise_to_pay" and r.random() < 0.08:
        body = fill(r.choice(["We paid {inv2} already, but", "Invoice {inv2} was paid last month;", "Wir haben {inv2} schon bezahlt, aber"] if lang == "de" or r.random() < 0.5 else ["Part of it was paid already.", "We had a problem with our bank."]), d, lang, "") + " " + body[0].lower() + body[1:]
    if r.random() < 0.15:
        body = body + " " + r.choice(AFTER_EN if lang == "en" else AFTER_DE)
    # Multi-intent: a lower-priority request after the primary one.
    if label in ("promise_to_pay", "already_paid", "dispute_pricing", "dispute_quality", "dispute_duplicate", "dispute_tax", "dispute_not_received", "payment_plan_request") and r.random() < 0.1:
        extra = r.choice(["Also, please send future invoices to {email}.", "Could you also send us a statement of account?"] if lang == "en" else ["Außerdem bitte künftige Rechnungen an {email}.", "Bitte senden Sie uns auch einen Kontoauszug."])
        body += " " + fill(extra, d, lang, "")
    # Mixed language: a greeting or closing of the other language.
    mixed = r.random() < 0.12
    greet = r.choice(GREET_EN if (lang == "en") != mixed else GREET_DE)
    close = r.choice(CLOSE_EN if (lang == "en") != (mixed and r.random() < 0.5) else CLOSE_DE)
    text = "\n".join(x for x in [fill(greet, d, lang, ""), body, fill(close, d, lang, "")] if x)
    if r.random() < 0.2:
        text = text + fill(r.choice([QUOTE_EN, OUTLOOK_EN] if lang == "en" else [QUOTE_DE, OUTLOOK_DE]), d, lang, "")
    if r.random() < 0.1: text = text.lower()
    if r.random() < 0.03: text = text + " " + r.choice(["🙏", "👍", ":)", "😊"])
    text = text.replace("\t", " ").replace("\n", "\\n")
    if not label.startswith("promise") and label != "payment_plan_request": expected = None
    return f"{label}\t{lang}\t{d.isoformat()}\t{expected.isoformat() if expected else '-'}\t{text}"

def main(root):
    labels = ["promise_to_pay", "already_paid", "dispute_not_received", "dispute_pricing", "dispute_quality", "dispute_duplicate", "dispute_tax",
              "request_documentation", "payment_plan_request", "contact_change", "auto_reply", "other"]
    for lang, name, typename in [("en", "ReplyCorpusEnglish.swift", "english"), ("de", "ReplyCorpusGerman.swift", "german")]:
        lines = []
        for label in labels:
            n = PER_LABEL + (PER_LABEL // 2 if label == "promise_to_pay" else 0)
            seen = set()
            while len([l for l in lines if l.startswith(label + "\t")]) < n:
                line = one(label, lang, "de" if lang == "en" else "en")
                key = line.split("\t", 4)[4]
                if key in seen: continue
                seen.add(key); lines.append(line)
        body = "\n".join("    " + l for l in lines)
        swift = f"""// Generated by scripts/reply-corpus/gen.py from its phrase banks; edit those, not this file.
// Lines: label TAB language TAB message date TAB promised date or - TAB text (\\n = line break).

extension ReplyCorpus {{
    static let {typename} = #\"\"\"
{body}
    \"\"\"#
}}
"""
        os.makedirs(os.path.join(root, "Sources/ARCore/Replies/Corpus"), exist_ok=True)
        open(os.path.join(root, "Sources/ARCore/Replies/Corpus", name), "w").write(swift)
        print(name, len(lines))

main(sys.argv[1] if len(sys.argv) > 1 else ".")
