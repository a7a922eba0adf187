#!/usr/bin/env python3
"""How often seopipe's analysis agrees with Yoast's, check by check.

usage: compare.py SEOPIPE_BIN FIXTURES_DIR [--yoast-dir DIR] [--details] [--min-agreement PCT]

For every fixture (except EXPECTED.md, bad-json.json and wrong-type.json) this runs
`SEOPIPE_BIN generate FIXTURE`, then Yoast's own analysis (bench/yoast/analyze.js,
yoastseo from npm) on the same article with seopipe's focus keyword, meta title,
meta description, slug and language, and compares the two ratings (good / ok / bad)
of every check both made. It prints one row per check (agree/total), the overall
agreement, then both overall scores (seo_score, readability_score) per fixture with
their bands, and with --details every disagreement with both scores.

Until seopipe emits `analysis` it says so and exits 0. Exit status: 0, or 1 when
--min-agreement is given and the overall agreement is below it, 2 when a tool fails.
"""

import argparse
import json
import os
import subprocess
import sys

SKIP = {"EXPECTED.md", "bad-json.json", "wrong-type.json"}

# seopipe check id -> Yoast assessment identifier (yoastseo 3.6.0). seopipe uses Yoast's own
# identifiers, so this is the identity except where Yoast has two names for one check.
CHECKS = [
    # SEO
    ("keyphraseLength", "keyphraseLength"),
    ("keyphraseDensity", "keyphraseDensity"),  # "keywordDensity" in older Yoast builds
    ("introductionKeyword", "introductionKeyword"),
    ("keyphraseInSEOTitle", "keyphraseInSEOTitle"),
    ("slugKeyword", "slugKeyword"),  # "urlKeyword" in older Yoast builds
    ("metaDescriptionKeyword", "metaDescriptionKeyword"),
    ("metaDescriptionLength", "metaDescriptionLength"),
    ("titleWidth", "titleWidth"),
    ("subheadingsKeyword", "subheadingsKeyword"),
    ("textLength", "textLength"),
    # readability
    ("subheadingsTooLong", "subheadingsTooLong"),
    ("textParagraphTooLong", "textParagraphTooLong"),
    ("textSentenceLength", "textSentenceLength"),
    ("textTransitionWords", "textTransitionWords"),
    ("passiveVoice", "passiveVoice"),
    ("sentenceBeginnings", "sentenceBeginnings"),
    # Not an assessment in yoastseo 3.6.0: analyze.js rates Yoast's Flesch research with the
    # bands of Yoast's former FleschReadingEaseAssessment (>= 60 good, 50-60 ok, < 50 bad).
    ("fleschReadingEase", "fleschReadingEase"),
]
YOAST_ALIASES = {"keywordDensity": "keyphraseDensity", "urlKeyword": "slugKeyword"}

# The two overall scores, compared in Yoast's bands: the plugin rates an overall score
# as scoreToRating(score / 10): up to 40 bad, 41-70 ok, above 70 good (0: no score).
OVERALL = ["seo_score", "readability_score"]


def band(score):
    if not isinstance(score, (int, float)) or score <= 0:
        return None
    return "bad" if score <= 40 else "ok" if score <= 70 else "good"


LOCALES = {"en": "en_US", "de": "de_DE", "fr": "fr_FR", "es": "es_ES", "it": "it_IT", "nl": "nl_NL",
           "pt": "pt_PT", "sv": "sv_SE", "pl": "pl_PL", "ru": "ru_RU"}


def die(msg):
    sys.stderr.write(f"compare.py: {msg}\n")
    sys.exit(2)


def generate(binary, fixture):
    proc = subprocess.run([binary, "generate", fixture], capture_output=True, text=True, cwd="/",
                          env={k: v for k, v in os.environ.items() if k != "SEOPIPE_CONFIG"})
    if proc.returncode != 0:
        die(f"{os.path.basename(fixture)}: seopipe generate failed: {proc.stderr.strip()}")
    try:
        return json.loads(proc.stdout)
    except ValueError as e:
        die(f"{os.path.basename(fixture)}: seopipe printed no JSON: {e}")


def language(pkg):
    for lang in ((pkg.get("document") or {}).get("language"), pkg.get("language"),
                 (pkg.get("draft") or {}).get("language")):
        if isinstance(lang, str) and lang:
            return lang.split("-")[0].split("_")[0].lower()
    return "en"


def ratings(section_lists):
    """{id: (rating, score)} from lists of {"id", "score", "rating"}."""
    out = {}
    for items in section_lists:
        for item in items or []:
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                ident = YOAST_ALIASES.get(item["id"], item["id"])
                out[ident] = (item.get("rating"), item.get("score"))
    return out


def run_yoast(yoast_dir, jobs):
    script = os.path.join(yoast_dir, "analyze.js")
    if not os.path.isdir(os.path.join(yoast_dir, "node_modules", "yoastseo")):
        die(f"yoastseo is not installed in {yoast_dir}/node_modules (run bench/run, or npm ci there)")
    proc = subprocess.run(["node", script, "--no-time", "--jobs", "-"], input=json.dumps(jobs),
                          capture_output=True, text=True)
    if proc.returncode != 0:
        die(f"analyze.js failed: {proc.stderr.strip()}")
    return json.loads(proc.stdout)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("seopipe")
    ap.add_argument("fixtures")
    ap.add_argument("--yoast-dir", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "yoast"))
    ap.add_argument("--details", action="store_true", help="list every disagreement")
    ap.add_argument("--min-agreement", type=float, help="exit 1 below this overall percentage")
    args = ap.parse_args()

    binary = os.path.abspath(args.seopipe)
    fixtures = sorted(
        os.path.join(os.path.abspath(args.fixtures), n) for n in os.listdir(args.fixtures)
        if n not in SKIP and os.path.isfile(os.path.join(args.fixtures, n)))
    if not fixtures:
        die(f"no fixtures in {args.fixtures}")

    packages = {f: generate(binary, f) for f in fixtures}
    with_analysis = [f for f in fixtures if isinstance(packages[f].get("analysis"), dict)]
    if not with_analysis:
        print(f"compare: seopipe emits no `analysis` yet ({len(fixtures)} fixtures generated): "
              "nothing to compare with Yoast.")
        return 0
    missing = [os.path.basename(f) for f in fixtures if f not in with_analysis]
    if missing:
        print(f"compare: no `analysis` for {', '.join(missing)}; those are left out")

    jobs = []
    for f in with_analysis:
        pkg = packages[f]
        job = {"file": os.path.abspath(f), "locale": LOCALES.get(language(pkg), f"{language(pkg)}_XX")}
        for key, field in (("keyphrase", "focus_keyword"), ("title", "meta_title"),
                           ("description", "meta_description"), ("slug", "slug")):
            if isinstance(pkg.get(field), str):
                job[key] = pkg[field]
        jobs.append(job)
    yoast = run_yoast(args.yoast_dir, jobs)

    per_check = {ours: {"agree": 0, "total": 0, "ours_only": 0, "yoast_only": 0} for ours, _ in CHECKS}
    disagreements = []
    flesch_diffs = []
    overall_rows = []
    overall_agree = {k: [0, 0] for k in OVERALL}
    for f, yres in zip(with_analysis, yoast["files"]):
        analysis = packages[f]["analysis"]
        row = [os.path.basename(f)]
        for key in OVERALL:
            a, b = analysis.get(key), yres.get(key)
            row += [a, b]
            if band(a) and band(b):
                overall_agree[key][1] += 1
                overall_agree[key][0] += band(a) == band(b)
        overall_rows.append(row)
        ours = ratings([analysis.get("seo"), analysis.get("readability")])
        theirs = ratings([yres.get("seo"), yres.get("readability")])
        for our_id, yoast_id in CHECKS:
            row = per_check[our_id]
            a, b = ours.get(our_id), theirs.get(yoast_id)
            if a and b:
                row["total"] += 1
                if a[0] == b[0]:
                    row["agree"] += 1
                else:
                    disagreements.append((os.path.basename(f), our_id, a, b))
            elif a:
                row["ours_only"] += 1
            elif b:
                row["yoast_only"] += 1
        if isinstance(analysis.get("flesch"), (int, float)) and isinstance(yres.get("flesch"), (int, float)):
            flesch_diffs.append(abs(analysis["flesch"] - yres["flesch"]))

    print(f"seopipe analysis vs yoastseo {yoast['yoastseo']} on {len(with_analysis)} fixtures "
          "(ratings good/ok/bad, check by check)")
    print(f"  {'check':<24} {'agree/total':>11} {'%':>6}   {'only seopipe':>12} {'only Yoast':>10}")
    agree = total = 0
    for our_id, _ in CHECKS:
        row = per_check[our_id]
        agree += row["agree"]
        total += row["total"]
        pct = f"{100.0 * row['agree'] / row['total']:.0f}" if row["total"] else "-"
        print(f"  {our_id:<24} {row['agree']:>5}/{row['total']:<5} {pct:>6}   "
              f"{row['ours_only']:>12} {row['yoast_only']:>10}")
    overall = 100.0 * agree / total if total else 0.0
    print(f"  {'overall':<24} {agree:>5}/{total:<5} {overall:>6.1f}")
    if flesch_diffs:
        print(f"  Flesch reading ease: mean |seopipe - Yoast| = {sum(flesch_diffs) / len(flesch_diffs):.1f} "
              f"points over {len(flesch_diffs)} fixtures")
    print("overall scores per fixture (seopipe / Yoast, band: bad <= 40 < ok <= 70 < good)")
    print(f"  {'fixture':<34} {'seo_score':>20} {'readability_score':>20}")
    for name, sa, sb, ra, rb in overall_rows:
        cells = [f"{x if x is not None else '-'} / {y if y is not None else '-'}"
                 + ("" if band(x) == band(y) else " *") for x, y in ((sa, sb), (ra, rb))]
        print(f"  {name:<34} {cells[0]:>20} {cells[1]:>20}")
    for key in OVERALL:
        ok, n = overall_agree[key]
        pct = f"{100.0 * ok / n:.0f} %" if n else "-"
        print(f"  {key} band agrees on {ok}/{n} fixtures ({pct}); * marks a different band")
    if args.details and disagreements:
        print("disagreements (fixture, check: seopipe rating/score vs Yoast rating/score):")
        for name, check, a, b in disagreements:
            print(f"  {name}  {check}: {a[0]}/{a[1]} vs {b[0]}/{b[1]}")
    if args.min_agreement is not None and overall < args.min_agreement:
        print(f"compare: overall agreement {overall:.1f} % is below {args.min_agreement:.1f} %")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
