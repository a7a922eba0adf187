#!/usr/bin/env node
/*
 * Runs yoastseo's own SEO and readability analysis (the Paper / Researcher /
 * SEOAssessor / ContentAssessor API of the npm package) on article files, for
 * seopipe's benchmark (bench/run) and its rating-agreement check
 * (bench/compare.py). Not part of the test suite.
 *
 * usage: node analyze.js [options] FILE...
 *        node analyze.js [options] --jobs JOBS.json|-     (a JSON array of
 *          {"file", "keyphrase", "title", "description", "slug", "locale"})
 *
 *   --keyphrase K      focus keyphrase (default: none)
 *   --title T          SEO title (default: the article's visible title)
 *   --description D    meta description (default: none)
 *   --slug S           URL slug (default: the SEO title, slugified)
 *   --locale L         e.g. en_US, fr_FR, de_DE (default en_US; picks the Researcher)
 *   --warmup N         untimed analyses before timing (default 3)
 *   --runs N           timed analyses; the median is reported (default 15)
 *   --no-time          analyse once, do not time
 *   --html             print the HTML given to Yoast and exit (to check the conversion)
 *
 * Prints one JSON object: {"yoastseo": version, "node": version, "files": [{
 *   "file", "keyphrase", "title", "title_width", "description", "slug", "locale",
 *   "seo": [{"id", "score", "rating"}...], "readability": [...],
 *   "seo_score", "readability_score", "flesch",
 *   "time_ms": {"median", "min", "max", "runs", "warmup"} }]}
 *
 * One timed analysis = what the plugin does per keystroke pause: a new Paper
 * and Researcher, SEOAssessor.assess + ContentAssessor.assess (each of which
 * parses the HTML into Yoast's tree, as the public API does), both overall
 * scores, and the Flesch research.
 *
 * Input conversion (the same for every file, so seopipe and Yoast see the same
 * article): plain text is split into blank-line separated blocks; a block that
 * is one short line (at most 20 words, not ending in . ! ; , :) becomes <h2>,
 * bullet lines become <ul>, anything else <p>; the first block is the visible
 * title (WordPress keeps the title out of the post content). JSON-LD blocks
 * ({...}) and the ===SCHEMA_JSON_START===...END=== block are dropped. Markdown
 * gets a minimal conversion (ATX headings, lists, emphasis, links, images);
 * HTML is cut to <article>, <main> or <body> without script/style/nav/header/
 * footer/aside/form; JSON drafts use their title and body fields.
 */
"use strict";

const fs = require("fs");
const path = require("path");

const yoast = require("yoastseo");
const { Paper, SeoAssessor, ContentAssessor } = yoast;
const scoreToRating = require("yoastseo/build/scoring/interpreters/scoreToRating").default;
const YOAST_VERSION = require("yoastseo/package.json").version;

/* ---------- command line ---------- */

function die(msg) {
    process.stderr.write(`analyze.js: ${msg}\n`);
    process.exit(2);
}

function parseArgs(argv) {
    const o = { files: [], warmup: 3, runs: 15, time: true, html: false, locale: "en_US" };
    for (let i = 0; i < argv.length; i++) {
        const a = argv[i];
        const val = () => {
            if (i + 1 >= argv.length) die(`${a} needs a value`);
            return argv[++i];
        };
        switch (a) {
            case "--keyphrase": o.keyphrase = val(); break;
            case "--title": o.title = val(); break;
            case "--description": o.description = val(); break;
            case "--slug": o.slug = val(); break;
            case "--locale": o.locale = val(); break;
            case "--warmup": o.warmup = parseInt(val(), 10); break;
            case "--runs": o.runs = parseInt(val(), 10); break;
            case "--jobs": o.jobs = val(); break;
            case "--no-time": o.time = false; break;
            case "--html": o.html = true; break;
            case "-h":
            case "--help":
                process.stdout.write(fs.readFileSync(__filename, "utf8").split("\n").slice(2, 26)
                    .map(l => l.replace(/^ \*? ?/, "")).join("\n") + "\n");
                process.exit(0);
                break;
            default:
                if (a.startsWith("--")) die(`unknown option ${a}`);
                o.files.push(a);
        }
    }
    if (!(o.warmup >= 0) || !(o.runs >= 1)) die("--warmup must be >= 0 and --runs >= 1");
    return o;
}

/* ---------- input conversion ---------- */

function esc(s) {
    return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

const BULLET = /^\s*(?:[-*+•·▪◦‣]|\d{1,3}[.)])\s+/;

function wordCount(s) {
    return s.trim().split(/\s+/).filter(Boolean).length;
}

function isShortLine(s) {
    const t = s.trim();
    return t.length > 0 && !t.includes("\n") && wordCount(t) <= 20 && !/[.!;,:]$/.test(t);
}

function looksLikeJson(block) {
    const t = block.trim();
    return /^[{[]/.test(t) && /[}\]]$/.test(t);
}

function stripSchemaBlock(src) {
    return src.replace(/===SCHEMA_JSON_START===[\s\S]*?(===SCHEMA_JSON_END===|$)/g, "");
}

function splitBlocks(src) {
    return src.replace(/\r\n?/g, "\n").split(/\n[ \t\u00a0]*\n/).map(b => b.replace(/^\n+|\n+$/g, ""))
        .filter(b => b.trim() !== "");
}

/* Lines of one block: runs of bullet lines become a list, other lines a paragraph. */
function blockToHtml(block, inline) {
    const lines = block.split("\n");
    const out = [];
    let para = [];
    let list = null;
    const flushPara = () => {
        if (para.length) out.push(`<p>${para.map(inline).join(" ")}</p>`);
        para = [];
    };
    const flushList = () => {
        if (list) out.push(`<${list.tag}>${list.items.map(i => `<li>${inline(i)}</li>`).join("")}</${list.tag}>`);
        list = null;
    };
    for (const line of lines) {
        const m = line.match(BULLET);
        if (m) {
            flushPara();
            const tag = /\d/.test(m[0]) ? "ol" : "ul";
            if (!list || list.tag !== tag) {
                flushList();
                list = { tag, items: [] };
            }
            list.items.push(line.slice(m[0].length).trim());
        } else if (line.trim() !== "") {
            flushList();
            para.push(line.trim());
        }
    }
    flushPara();
    flushList();
    return out.join("\n");
}

function textToHtml(src) {
    const blocks = splitBlocks(stripSchemaBlock(src)).filter(b => !looksLikeJson(b));
    let title = "";
    if (blocks.length && !blocks[0].includes("\n")) title = blocks.shift().trim();
    const html = blocks.map(b => (isShortLine(b) ? `<h2>${esc(b.trim())}</h2>` : blockToHtml(b, esc)));
    return { title, html: html.join("\n") };
}

function mdInline(s) {
    let t = esc(s);
    t = t.replace(/!\[([^\]]*)\]\(([^)\s]+)[^)]*\)/g, (_, alt, src) => `<img src="${src}" alt="${alt}">`);
    t = t.replace(/\[([^\]]+)\]\(([^)\s]+)[^)]*\)/g, (_, txt, href) => `<a href="${href}">${txt}</a>`);
    t = t.replace(/\*\*([^*]+)\*\*|__([^_]+)__/g, (_, a, b) => `<strong>${a || b}</strong>`);
    t = t.replace(/(^|[^*\w])\*([^*\s][^*]*)\*|(^|\W)_([^_\s][^_]*)_(?=\W|$)/g,
        (_, p1, a, p3, b) => `${p1 || p3 || ""}<em>${a || b}</em>`);
    t = t.replace(/`([^`]+)`/g, "<code>$1</code>");
    return t;
}

function markdownToHtml(src) {
    const lines = src.replace(/\r\n?/g, "\n").split("\n");
    const out = [];
    let title = "";
    let buf = [];
    const flush = () => {
        if (buf.length) out.push(blockToHtml(buf.join("\n"), mdInline));
        buf = [];
    };
    let fence = false;
    for (const raw of lines) {
        const line = raw.replace(/\s+$/, "");
        if (/^\s*(```|~~~)/.test(line)) {
            fence = !fence;
            flush();
            continue;
        }
        if (fence) continue;
        const h = line.match(/^(#{1,6})\s+(.*?)(?:\s+#+)?$/);
        if (h) {
            flush();
            const level = h[1].length;
            if (level === 1 && !title) title = h[2].replace(/[*_`]/g, "");
            else out.push(`<h${level}>${mdInline(h[2])}</h${level}>`);
            continue;
        }
        if (/^\s*([-*_])(\s*\1){2,}\s*$/.test(line) || line.trim() === "") {
            flush();
            continue;
        }
        buf.push(line.replace(/^\s*>\s?/, "").replace(/^(\s*[-*+]\s+)\[[ xX]\]\s+/, "$1"));
    }
    flush();
    return { title, html: out.join("\n") };
}

function cutElement(html, tag) {
    const m = html.match(new RegExp(`<${tag}\\b[^>]*>([\\s\\S]*)</${tag}>`, "i"));
    return m ? m[1] : null;
}

function htmlToHtml(src) {
    let title = "";
    const t = src.match(/<title\b[^>]*>([\s\S]*?)<\/title>/i);
    let body = cutElement(src, "article") ?? cutElement(src, "main") ?? cutElement(src, "body") ?? src;
    body = body.replace(/<!--[\s\S]*?-->/g, "");
    for (const tag of ["script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form"]) {
        body = body.replace(new RegExp(`<${tag}\\b[^>]*>[\\s\\S]*?</${tag}>`, "gi"), "");
    }
    const h1 = body.match(/<h1\b[^>]*>([\s\S]*?)<\/h1>/i);
    if (h1) {
        title = h1[1].replace(/<[^>]+>/g, "").trim();
        body = body.replace(h1[0], "");
    } else if (t) {
        title = t[1].trim();
    }
    return { title, html: body.trim() };
}

function detectFormat(name, text) {
    const ext = path.extname(name).toLowerCase();
    if (ext === ".html" || ext === ".htm") return "html";
    if (ext === ".md" || ext === ".markdown") return "markdown";
    if (ext === ".json") return "json";
    if (/^\s*<(!doctype|html|article|body|div|p|h[1-6])\b/i.test(text)) return "html";
    return "text";
}

function convert(file) {
    const text = fs.readFileSync(file, "utf8").replace(/^\uFEFF/, "");
    const fmt = detectFormat(file, text);
    if (fmt === "html") return htmlToHtml(text);
    if (fmt === "markdown") return markdownToHtml(text);
    if (fmt === "text") return textToHtml(text);
    let d;
    try {
        d = JSON.parse(text);
    } catch (e) {
        throw new Error(`${file}: not valid JSON (${e.message})`);
    }
    const draft = d.draft && typeof d.draft === "object" ? d.draft : d;
    const pick = (...keys) => keys.map(k => draft[k]).find(v => typeof v === "string" && v.trim() !== "");
    const rendered = draft.content && typeof draft.content === "object" ? draft.content.rendered : undefined;
    const body = pick("body", "content", "html", "text", "markdown") ?? rendered ?? "";
    const title = pick("title", "headline", "name") ?? "";
    let f = String(draft.format || "").toLowerCase();
    if (!f) f = /<\/?(p|h[1-6]|ul|div|br)\b/i.test(body) ? "html" : /(^|\n)#{1,6}\s|\n\s*[-*]\s/.test(body) ? "markdown" : "text";
    const conv = f === "html" ? htmlToHtml(body) : f.startsWith("markdown") || f === "md" ? markdownToHtml(body) : textToHtml(`${title}\n\n${body}`);
    return { title: title || conv.title, html: conv.html };
}

/* ---------- title width: Liberation Sans (metric-compatible with Arial), 20 px ---------- */

const FONT_PATHS = [
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    "/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf",
    "/usr/share/fonts/liberation/LiberationSans-Regular.ttf",
];

function loadFontMetrics() {
    const file = FONT_PATHS.find(p => fs.existsSync(p));
    if (!file) return null;
    const b = fs.readFileSync(file);
    const tables = {};
    const n = b.readUInt16BE(4);
    for (let i = 0; i < n; i++) {
        const rec = 12 + 16 * i;
        tables[b.toString("latin1", rec, rec + 4)] = b.readUInt32BE(rec + 8);
    }
    const unitsPerEm = b.readUInt16BE(tables.head + 18);
    const numHMetrics = b.readUInt16BE(tables.hhea + 34);
    const advance = gid => b.readUInt16BE(tables.hmtx + 4 * Math.min(gid, numHMetrics - 1));
    // cmap: prefer (3,10) format 12, else (3,1) format 4.
    const cmap = tables.cmap;
    const nsub = b.readUInt16BE(cmap + 2);
    let sub4 = null;
    let sub12 = null;
    for (let i = 0; i < nsub; i++) {
        const plat = b.readUInt16BE(cmap + 4 + 8 * i);
        const enc = b.readUInt16BE(cmap + 6 + 8 * i);
        const off = cmap + b.readUInt32BE(cmap + 8 + 8 * i);
        const fmt = b.readUInt16BE(off);
        if (plat === 3 && enc === 10 && fmt === 12) sub12 = off;
        if (plat === 3 && enc === 1 && fmt === 4) sub4 = off;
    }
    const glyph = cp => {
        if (sub12 !== null) {
            const groups = b.readUInt32BE(sub12 + 12);
            for (let g = 0; g < groups; g++) {
                const o = sub12 + 16 + 12 * g;
                const start = b.readUInt32BE(o);
                const end = b.readUInt32BE(o + 4);
                if (cp >= start && cp <= end) return b.readUInt32BE(o + 8) + cp - start;
            }
            return 0;
        }
        if (sub4 === null || cp > 0xffff) return 0;
        const segX2 = b.readUInt16BE(sub4 + 6);
        const ends = sub4 + 14;
        const starts = ends + segX2 + 2;
        const deltas = starts + segX2;
        const ranges = deltas + segX2;
        for (let s = 0; s < segX2; s += 2) {
            if (cp > b.readUInt16BE(ends + s)) continue;
            const start = b.readUInt16BE(starts + s);
            if (cp < start) return 0;
            const delta = b.readInt16BE(deltas + s);
            const ro = b.readUInt16BE(ranges + s);
            if (ro === 0) return (cp + delta) & 0xffff;
            const gi = b.readUInt16BE(ranges + s + ro + 2 * (cp - start));
            return gi === 0 ? 0 : (gi + delta) & 0xffff;
        }
        return 0;
    };
    return { file, unitsPerEm, advanceOf: cp => advance(glyph(cp)) };
}

let fontMetrics;

/* Width in px of `s` in Arial 20 px: the sum of advances (no kerning), rounded as offsetWidth is. */
function titleWidth(s) {
    if (fontMetrics === undefined) {
        fontMetrics = loadFontMetrics();
        if (!fontMetrics) {
            process.stderr.write("analyze.js: Liberation Sans not found (apt-get install fonts-liberation); " +
                "title widths are estimated\n");
        }
    }
    let units = 0;
    for (const ch of s) {
        const cp = ch.codePointAt(0);
        if (fontMetrics) units += fontMetrics.advanceOf(cp);
        else units += cp === 32 ? 569 : /[ijl]/.test(ch) ? 455 : /[mM]/.test(ch) ? 1706 : ch === "W" ? 1933 : 1139;
    }
    return Math.round(units * 20 / (fontMetrics ? fontMetrics.unitsPerEm : 2048));
}

/* ---------- analysis ---------- */

function slugify(s) {
    return s.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^a-z0-9]+/g, "-")
        .replace(/^-+|-+$/g, "");
}

const researchers = {};

function researcherFor(locale) {
    const lang = (locale || "en").slice(0, 2).toLowerCase();
    if (!(lang in researchers)) {
        let R;
        try {
            R = require(`yoastseo/build/languageProcessing/languages/${lang}/Researcher`).default;
        } catch (e) {
            R = require("yoastseo/build/languageProcessing/languages/_default/Researcher").default;
        }
        researchers[lang] = R;
    }
    return researchers[lang];
}

/* Flesch reading ease is shown, not scored, by Yoast 3.6.0 (no assessment); rate it with the
 * bands of Yoast's former FleschReadingEaseAssessment: >= 60 good, 50-60 ok, < 50 bad. */
function fleschRating(f) {
    if (typeof f !== "number" || Number.isNaN(f)) return null;
    return f >= 60 ? { score: 9, rating: "good" } : f >= 50 ? { score: 6, rating: "ok" } : { score: 3, rating: "bad" };
}

function results(assessor) {
    return assessor.getValidResults().map(r => ({
        id: r.getIdentifier(),
        score: r.getScore(),
        rating: scoreToRating(r.getScore()),
    }));
}

function analyzeOnce(html, attrs) {
    const paper = new Paper(html, attrs);
    const Researcher = researcherFor(attrs.locale);
    const researcher = new Researcher(paper);
    const seo = new SeoAssessor(researcher);
    seo.assess(paper);
    const content = new ContentAssessor(researcher);
    content.assess(paper);
    let flesch = null;
    if (researcher.hasResearch("getFleschReadingScore")) {
        const f = researcher.getResearch("getFleschReadingScore");
        flesch = f && typeof f === "object" ? f.score : f;
    }
    return {
        seo: results(seo),
        readability: results(content),
        seo_score: seo.calculateOverallScore(),
        readability_score: content.calculateOverallScore(),
        flesch,
    };
}

function median(xs) {
    const s = [...xs].sort((a, b) => a - b);
    const m = s.length >> 1;
    return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function analyzeJob(job, opts) {
    const conv = convert(job.file);
    if (opts.html) return { file: job.file, title: conv.title, html: conv.html };
    const title = job.title ?? conv.title;
    const attrs = {
        keyword: job.keyphrase ?? "",
        title,
        titleWidth: titleWidth(title),
        description: job.description ?? "",
        slug: job.slug ?? slugify(title),
        locale: job.locale ?? opts.locale,
        textTitle: conv.title,
    };
    const res = analyzeOnce(conv.html, attrs);
    const fr = fleschRating(res.flesch);
    if (fr) res.readability.push({ id: "fleschReadingEase", score: fr.score, rating: fr.rating });
    const out = {
        file: job.file,
        keyphrase: attrs.keyword,
        title: attrs.title,
        title_width: attrs.titleWidth,
        description: attrs.description,
        slug: attrs.slug,
        locale: attrs.locale,
        ...res,
    };
    if (opts.time) {
        for (let i = 0; i < opts.warmup; i++) analyzeOnce(conv.html, attrs);
        const ms = [];
        for (let i = 0; i < opts.runs; i++) {
            const t0 = process.hrtime.bigint();
            analyzeOnce(conv.html, attrs);
            ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
        }
        const r3 = x => Math.round(x * 1000) / 1000;
        out.time_ms = { median: r3(median(ms)), min: r3(Math.min(...ms)), max: r3(Math.max(...ms)),
            runs: opts.runs, warmup: opts.warmup };
    }
    return out;
}

function main() {
    const opts = parseArgs(process.argv.slice(2));
    let jobs;
    if (opts.jobs) {
        const raw = opts.jobs === "-" ? fs.readFileSync(0, "utf8") : fs.readFileSync(opts.jobs, "utf8");
        jobs = JSON.parse(raw);
        if (!Array.isArray(jobs)) die("--jobs wants a JSON array");
    } else {
        if (!opts.files.length) die("no input files (try --help)");
        jobs = opts.files.map(file => ({ file, keyphrase: opts.keyphrase, title: opts.title,
            description: opts.description, slug: opts.slug }));
    }
    const files = [];
    for (const job of jobs) {
        if (!job || typeof job.file !== "string") die("every job needs a \"file\"");
        try {
            files.push(analyzeJob(job, opts));
        } catch (e) {
            die(`${job.file}: ${e.message}`);
        }
    }
    if (opts.html) {
        for (const f of files) process.stdout.write(`<!-- ${f.file} | title: ${f.title} -->\n${f.html}\n`);
        return;
    }
    process.stdout.write(JSON.stringify({ yoastseo: YOAST_VERSION, node: process.version, files }, null, 2) + "\n");
}

main();
