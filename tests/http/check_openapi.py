#!/usr/bin/env python3
"""Checks the responses test_http.sh saved against openapi.yaml.

usage: check_openapi.py OPENAPI_YAML RESPONSES_DIR

RESPONSES_DIR holds one folder per request, written by test_http.sh:
  request   key=value lines: method, path, content_type, body (file sent), request_id, status_only
  status    the HTTP status curl saw (000: no response)
  headers   the response headers as curl -D wrote them (a 100 Continue block may come first)
  body      the response body

For each response:
  - a path the document does not list must be answered 404, a method it does not list for a
    path 405 with an Allow header naming exactly the documented methods (HEAD and OPTIONS may be
    added); both with a body valid against components.schemas.Problem;
  - a path matches itself or a template whose {parameters} each match one segment;
  - otherwise the status must be documented (exactly, as 4XX, or as default), the Content-Type
    must be one of that response's media types, and the body must be valid against its schema
    (JSON media types parsed; text ones checked as a string); headers the response documents as
    required must be present and valid against their schema;
  - a 2xx answer means the request's media type is documented in requestBody (and a JSON request
    body is valid against its schema); a 415 means it is not;
  - a 401 only on an operation whose effective security is not empty.
status_only=1 (answers the HTTP library gives by itself, like 413) checks only the status.

Needs PyYAML (Debian: python3-yaml). JSON Schema support is the subset openapi.yaml uses: $ref,
type, const, enum, properties, required, additionalProperties, items, min/maxItems,
min/maxLength, pattern, minimum/maximum, oneOf, anyOf, allOf (format is not checked). Prints
"FAIL openapi FOLDER (...): faults" for each response that does not match, then
"openapi: N checked, M do not match"; exits 1 when M > 0 or N = 0.
"""
import json
import os
import re
import sys

try:
    import yaml
except ImportError:
    print("openapi: FAIL PyYAML is not installed (Debian: apt-get install python3-yaml)")
    sys.exit(1)

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def resolve(doc, node):
    """Follows local $refs ("#/a/b") until node is not a reference."""
    seen = 0
    while isinstance(node, dict) and "$ref" in node:
        ref = node["$ref"]
        if not ref.startswith("#/"):
            raise ValueError(f"only local $ref supported: {ref}")
        node = doc
        for part in ref[2:].split("/"):
            node = node[part.replace("~1", "/").replace("~0", "~")]
        seen += 1
        if seen > 50:
            raise ValueError(f"$ref loop at {ref}")
    return node


def type_ok(value, t):
    if t == "null":
        return value is None
    if t == "boolean":
        return isinstance(value, bool)
    if t == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if t == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if t == "string":
        return isinstance(value, str)
    if t == "array":
        return isinstance(value, list)
    if t == "object":
        return isinstance(value, dict)
    raise ValueError(f"unknown type {t!r}")


def validate(doc, schema, value, where="", errors=None):
    """Appends "where: what" strings to errors for each way value breaks schema."""
    if errors is None:
        errors = []
    schema = resolve(doc, schema)
    if schema is True or schema is None:
        return errors
    if schema is False:
        errors.append(f"{where or '/'}: not allowed")
        return errors
    at = where or "/"
    if "type" in schema:
        types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if not any(type_ok(value, t) for t in types):
            errors.append(f"{at}: {type(value).__name__} {short(value)}, expected {'/'.join(types)}")
            return errors
    if "const" in schema and value != schema["const"]:
        errors.append(f"{at}: {short(value)} is not {short(schema['const'])}")
    if "enum" in schema and value not in schema["enum"]:
        errors.append(f"{at}: {short(value)} is not one of {schema['enum']}")
    if isinstance(value, str):
        if "maxLength" in schema and len(value) > schema["maxLength"]:
            errors.append(f"{at}: {len(value)} characters, at most {schema['maxLength']}")
        if "minLength" in schema and len(value) < schema["minLength"]:
            errors.append(f"{at}: {len(value)} characters, at least {schema['minLength']}")
        if "pattern" in schema and not re.search(schema["pattern"], value):
            errors.append(f"{at}: {short(value)} does not match {schema['pattern']}")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if "minimum" in schema and value < schema["minimum"]:
            errors.append(f"{at}: {value} < {schema['minimum']}")
        if "maximum" in schema and value > schema["maximum"]:
            errors.append(f"{at}: {value} > {schema['maximum']}")
    if isinstance(value, list):
        if "maxItems" in schema and len(value) > schema["maxItems"]:
            errors.append(f"{at}: {len(value)} items, at most {schema['maxItems']}")
        if "minItems" in schema and len(value) < schema["minItems"]:
            errors.append(f"{at}: {len(value)} items, at least {schema['minItems']}")
        if "items" in schema:
            for i, item in enumerate(value):
                validate(doc, schema["items"], item, f"{where}/{i}", errors)
    if isinstance(value, dict):
        for key in schema.get("required", []):
            if key not in value:
                errors.append(f"{at}: required property {key!r} missing")
        props = schema.get("properties", {})
        for key, item in value.items():
            if key in props:
                validate(doc, props[key], item, f"{where}/{key}", errors)
            elif "additionalProperties" in schema:
                validate(doc, schema["additionalProperties"], item, f"{where}/{key}", errors)
    for sub in schema.get("allOf", []):
        validate(doc, sub, value, where, errors)
    if "anyOf" in schema and not any(not validate(doc, s, value, where) for s in schema["anyOf"]):
        errors.append(f"{at}: matches none of anyOf")
    if "oneOf" in schema:
        n = sum(1 for s in schema["oneOf"] if not validate(doc, s, value, where))
        if n != 1:
            errors.append(f"{at}: matches {n} of oneOf, expected exactly 1")
    return errors


def short(value):
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."


def media_type(value):
    return value.split(";", 1)[0].strip().lower() if value else ""


def is_json(media):
    return media == "application/json" or media.endswith("+json")


def read_response(folder):
    request = {}
    with open(os.path.join(folder, "request"), encoding="utf-8") as f:
        for line in f:
            key, _, value = line.rstrip("\n").partition("=")
            request[key] = value
    with open(os.path.join(folder, "status"), encoding="utf-8") as f:
        status = f.read().strip() or "000"
    headers = {}
    with open(os.path.join(folder, "headers"), encoding="latin-1") as f:
        for line in f:
            line = line.rstrip("\r\n")
            if line.startswith("HTTP/"):
                headers = {}  # only the final response's headers count
            elif ":" in line:
                name, _, value = line.partition(":")
                headers[name.strip().lower()] = value.strip()
    with open(os.path.join(folder, "body"), "rb") as f:
        body = f.read()
    return request, int(status), headers, body


def check_body(doc, faults, media, schema, body, what):
    if schema is None:
        return
    if is_json(media):
        try:
            value = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as exc:
            faults.append(f"{what} is not JSON ({exc})")
            return
    else:
        try:
            value = body.decode("utf-8")
        except UnicodeDecodeError:
            faults.append(f"{what} is not UTF-8 text")
            return
    for err in validate(doc, schema, value)[:8]:
        faults.append(f"{what} {err}")


def check_problem(doc, faults, headers, body):
    media = media_type(headers.get("content-type"))
    if media != "application/problem+json":
        faults.append(f"Content-Type {headers.get('content-type')!r}, expected application/problem+json")
        return
    problem = doc.get("components", {}).get("schemas", {}).get("Problem")
    if problem is None:
        faults.append("openapi.yaml has no components.schemas.Problem")
        return
    check_body(doc, faults, media, problem, body, "problem")


def check_headers(doc, faults, documented, headers):
    for name, spec in (documented or {}).items():
        spec = resolve(doc, spec)
        value = headers.get(name.lower())
        if value is None:
            if spec.get("required"):
                faults.append(f"required header {name} missing")
            continue
        schema = resolve(doc, spec.get("schema", {}))
        typed = value
        if schema.get("type") == "integer":
            if not re.fullmatch(r"-?[0-9]+", value):
                faults.append(f"header {name} {value!r} is not an integer")
                continue
            typed = int(value)
        for err in validate(doc, schema, typed):
            faults.append(f"header {name} {err}")


def find_path(paths, path):
    """The documented path that matches: itself, else a template whose {params} match a segment."""
    if path in paths:
        return path
    for template in paths:
        if "{" in template:
            pattern = re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(template))
            if re.fullmatch(pattern, path):
                return template
    return None


def check(doc, request, status, headers, body):
    faults = []
    method = request.get("method", "GET").lower()
    path = request.get("path", "/").split("?", 1)[0]
    paths = doc.get("paths", {})
    template = find_path(paths, path)
    item = resolve(doc, paths[template]) if template else None

    if item is None:
        if status != 404:
            faults.append(f"path not in openapi.yaml answered {status}, expected 404")
        check_problem(doc, faults, headers, body)
        return faults
    documented = sorted(m.upper() for m in item if m in METHODS)
    if method not in item:
        if status != 405:
            faults.append(f"method not documented for the path answered {status}, expected 405")
            return faults
        allow = {m.strip().upper() for m in headers.get("allow", "").split(",") if m.strip()}
        if not allow:
            faults.append("405 without an Allow header")
        else:
            missing = set(documented) - allow
            extra = allow - set(documented) - {"HEAD", "OPTIONS"}
            if missing:
                faults.append(f"Allow {headers['allow']!r} lacks documented {sorted(missing)}")
            if extra:
                faults.append(f"Allow {headers['allow']!r} names undocumented {sorted(extra)}")
        check_problem(doc, faults, headers, body)
        return faults

    op = resolve(doc, item[method])
    responses = op.get("responses", {})
    key = next((k for k in (str(status), f"{status // 100}XX", "default") if k in responses), None)
    if key is None:
        faults.append(f"status {status} is not documented (documented: {', '.join(responses)})")
        return faults
    if request.get("status_only") == "1":
        return faults
    response = resolve(doc, responses[key])

    content = response.get("content")
    media = media_type(headers.get("content-type"))
    if content and method == "head":
        if body:
            faults.append(f"HEAD answered with a {len(body)}-byte body")
    elif content:
        if media not in content:
            faults.append(f"Content-Type {headers.get('content-type')!r} not documented for {status} "
                          f"(documented: {', '.join(content)})")
        else:
            check_body(doc, faults, media, content[media].get("schema"), body, "body")
    elif body:
        faults.append(f"{status} documents no content but the body has {len(body)} bytes")
    check_headers(doc, faults, response.get("headers"), headers)

    request_body = resolve(doc, op.get("requestBody")) if op.get("requestBody") else None
    sent = media_type(request.get("content_type"))
    if request_body:
        accepted = request_body.get("content", {})
        if 200 <= status < 300:
            if sent not in accepted:
                faults.append(f"request Content-Type {sent!r} accepted but not documented in requestBody")
            elif is_json(sent) and request.get("body"):
                with open(request["body"], "rb") as f:
                    sent_body = f.read()
                check_body(doc, faults, sent, accepted[sent].get("schema"), sent_body, "request body")
        elif status == 415 and sent in accepted:
            faults.append(f"415 for request Content-Type {sent!r}, which requestBody documents")
    if status == 401:
        security = op.get("security", doc.get("security", []))
        if all(not requirement for requirement in security):
            faults.append("401 on an operation documented as public (no security requirement)")
    return faults


def main():
    if len(sys.argv) != 3:
        print("usage: check_openapi.py OPENAPI_YAML RESPONSES_DIR", file=sys.stderr)
        return 2
    with open(sys.argv[1], encoding="utf-8") as f:
        doc = yaml.safe_load(f)
    checked = faulty = 0
    for name in sorted(os.listdir(sys.argv[2])):
        folder = os.path.join(sys.argv[2], name)
        if not os.path.isfile(os.path.join(folder, "request")):
            continue
        request, status, headers, body = read_response(folder)
        if status == 0:
            continue  # no response at all: test_http.sh reports that check
        checked += 1
        faults = check(doc, request, status, headers, body)
        if faults:
            faulty += 1
            where = f"{request.get('method')} {request.get('path')} -> {status}"
            print(f"FAIL openapi {name} ({where}): " + "; ".join(faults))
    # The last line is the summary test_http.sh reads.
    print(f"openapi: {checked} checked, {faulty} do not match")
    return 1 if faulty or checked == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
