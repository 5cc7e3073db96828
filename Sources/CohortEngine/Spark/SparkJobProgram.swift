import CohortCore

/// The Spark job's program (`cohort_spark_job.py`): one static PySpark file, the same for every
/// workspace, that reads only the plan it is given (`SparkPlan`). Built into the binary, so the binary
/// is all a Spark build needs besides Spark.
enum SparkJobProgram {
    static let source = #"""
# cohort's Spark job: reads a plan written by `cohort compile --target spark` and builds, on Spark, the
# profile frame of each merge policy in use: the workspace's data files read with their schemas, identities
# extracted and normalized, stitched into identity graphs by the native engine's rules, attributes merged by
# the merge policy, events attached; then each segment's condition evaluated on its policy's frame in dependency
# order, memberships moved on from the previous build's (the plan's `memberships` file), each file destination's
# export rows per member (normalized, hashed, checked for consent and mandatory attributes, with the deduplication
# value), and the profiles that stream and lookup destinations export. It writes OUTPUT/frames/<policy>/,
# OUTPUT/memberships/, OUTPUT/rows/<destination>/, OUTPUT/profiles/<policy>/ (JSON lines, sorted) and
# OUTPUT/summary.json; cohort writes exports/, the ledger and the archive from them.
# Usage: spark-submit cohort_spark_job.py PLAN.json OUTPUT_DIR [PLAN.json OUTPUT_DIR ...]
# (several workspaces in one Spark application, which takes seconds to start).
import json
import math
import os
import re
import sys
import unicodedata
import zlib
from xml.parsers import expat

from pyspark import StorageLevel
from pyspark.sql import SparkSession, Window
from pyspark.sql import functions as F
from pyspark.sql import types as T

JUNK = {"", "null", "anonymous", "invalid"}
MAXIMUM_LENGTH = 1024


# ---- records: reading, cleaning by the schema, identity extraction (IdentityExtractor, IdentityRules) ----

def e164(raw, plan):
    """PhoneNumber.e164: `+`, the calling code and the national number, or None."""
    text = raw.replace("(0)", "") if "(" in raw else raw
    digits = ""
    has_plus = False
    for ch in text:
        if "0" <= ch <= "9":
            digits += ch
        elif ch == "+" and digits == "" and not has_plus:
            has_plus = True
        elif ch in "-./() ":
            continue
        elif unicodedata.category(ch) != "Zs":
            return None
    if has_plus:
        international = digits
    elif digits.startswith("00"):
        international = digits[2:]
    elif plan and plan.get("exitCode") and digits.startswith(plan["exitCode"]):
        international = digits[len(plan["exitCode"]):]
    else:
        if not plan:
            return None
        national = digits
        trunk = plan.get("trunkPrefix")
        if trunk and national.startswith(trunk):
            national = national[len(trunk):]
        international = plan["callingCode"] + national
    if not (7 <= len(international) <= 15) or international[0] == "0":
        return None
    if international[0] == "1" and len(international) != 11:
        return None
    return "+" + international


def has_outer_space(text):
    return text != "" and not ("!" <= text[0] <= "~" and "!" <= text[-1] <= "~")


def check_identity(raw, namespace, plan):
    """IdentityRules.check: the normalized value, or None when it is dropped."""
    trimmed = raw.strip() if has_outer_space(raw) else raw
    normalize = namespace["normalize"]
    if normalize == "email":
        value = trimmed.lower()
    elif normalize == "phone":
        value = e164(trimmed, plan)
        if value is None:
            return None
    else:
        value = trimmed
    if value.lower() in JUNK or len(value) > MAXIMUM_LENGTH:
        return None
    if namespace["code"] == "ECID" and not (len(value) == 38 and all("0" <= c <= "9" for c in value)):
        return None
    if any(pattern.search(value) for pattern in namespace["patterns"]):
        return None
    return value


def identity_text(value):
    if isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return None


def value_at(record, components):
    for name in components:
        if not isinstance(record, dict) or name not in record:
            return None
        record = record[name]
    return record


def extract_identities(record, identity_map, dataset, namespaces, plan, limit):
    """IdentityExtractor: identity fields, then identityMap (codes sorted), primaries first, at most `limit`."""
    candidates = []
    for field in dataset["identityFields"]:
        text = identity_text(value_at(record, field["components"]))
        if text is not None:
            candidates.append((field["namespace"], text, field["primary"]))
    if isinstance(identity_map, dict):
        for code in sorted(identity_map):
            entries = identity_map[code]
            if not isinstance(entries, list):
                continue
            for entry in entries:
                if isinstance(entry, dict):
                    text = identity_text(entry.get("id"))
                    if text is not None:
                        candidates.append((code, text, entry.get("primary") is True))
    for _, raw, _ in candidates:
        if any(ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 for c in raw):
            return None, None  # refused: the native engine rejects the record
    ordered = [c for c in candidates if c[2]] + [c for c in candidates if not c[2]]
    identities, seen, primary = [], set(), None
    for code, raw, is_primary in ordered:
        namespace = namespaces.get(code)
        if namespace is None:
            continue
        value = check_identity(raw, namespace, plan)
        if value is None:
            continue
        identity = (code, value)
        if identity in seen:
            continue
        seen.add(identity)
        if len(identities) >= limit:
            continue
        identities.append(identity)
        if is_primary and primary is None:
            primary = identity
    if primary is None and identities:
        primary = identities[0]
    return identities, primary


def anchor_of(identities, primary, is_event, namespaces):
    """RecordAnchor: a profile record's primary; an event's highest-priority linking identity."""
    if not is_event:
        return primary
    if len(identities) == 1 and identities[0] == primary:
        return primary
    best, best_rank = None, None
    for identity in identities:
        namespace = namespaces.get(identity[0])
        if namespace is None or not namespace["links"]:
            continue
        rank = (namespace["priority"], 0 if identity == primary else 1)
        if best_rank is None or rank < best_rank:
            best, best_rank = identity, rank
    return best if best is not None else primary


def milliseconds(text):
    """Timestamp.milliseconds: RFC 3339 date-time or date, in ms since 1970 UTC; None if it is neither."""
    if not isinstance(text, str):
        return None
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|z|[+-]\d{2}:\d{2}))?",
                         text)
    if not match:
        return None
    year, month, day = int(match.group(1)), int(match.group(2)), int(match.group(3))
    y = year - 1 if month <= 2 else year
    era = (y if y >= 0 else y - 399) // 400
    year_of_era = y - era * 400
    day_of_year = (153 * (month - 3 if month > 2 else month + 9) + 2) // 5 + day - 1
    day_of_era = year_of_era * 365 + year_of_era // 4 - year_of_era // 100 + day_of_year
    millis = (era * 146097 + day_of_era - 719468) * 86400000
    if match.group(4) is None:
        return millis
    millis += int(match.group(4)) * 3600000 + int(match.group(5)) * 60000 + int(match.group(6)) * 1000
    fraction = (match.group(7) or "")[:3]
    if fraction:
        millis += int(fraction.ljust(3, "0"))
    zone = match.group(8)
    if zone not in ("Z", "z"):
        offset = int(zone[1:3]) * 3600000 + int(zone[4:6]) * 60000
        millis += -offset if zone[0] == "+" else offset
    return millis


class Rejected(Exception):
    """A record the native engine rejects (RecordValidator)."""


DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
DATE_TIME = re.compile(r"(\d{4}-\d{2}-\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-](\d{2}):(\d{2}))")
EMAIL_SPACE = re.compile(r"\s")


def is_date(text):
    match = DATE.fullmatch(text)
    if not match or not text.isascii():
        return False
    year, month, day = (int(g) for g in match.groups())
    if not 1 <= month <= 12 or day < 1:
        return False
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    return day <= [31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]


def is_date_time(text):
    match = DATE_TIME.fullmatch(text)
    if not match or not text.isascii() or not is_date(match.group(1)):
        return False
    if not (int(match.group(2)) < 24 and int(match.group(3)) < 60 and int(match.group(4)) < 61):
        return False
    return match.group(7) is None or (int(match.group(7)) < 24 and int(match.group(8)) < 60)


def is_email(text):
    parts = text.split("@")
    if len(parts) != 2 or parts[0] == "" or EMAIL_SPACE.search(text):
        return False
    domain = parts[1].split(".")
    return len(domain) >= 2 and all(domain)


def accepts_format(text, kind):
    if kind == "email":
        return is_email(text)
    if kind == "date":
        return is_date(text)
    if kind == "date-time":
        return is_date_time(text)
    if kind == "uri":
        return re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", text) is not None
    return True


class Doubtful(Exception):
    """Input the job cannot be sure to read as the native engine does (its verdict is left to the driver, which
    reads the file the native way): the file's records are left out. `at`: the (line, column) it is at, where the
    job knows it."""

    def __init__(self, reason, at=None):
        super().__init__(reason)
        self.at = at


# Foundation's CharacterSet.whitespaces, which the native engine trims CSV numbers and booleans by: tab and the
# space separators (Unicode category Zs).
WHITESPACES = "\t \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
INTEGER_TEXT = re.compile(r"[+-]?[0-9]+")
DECIMAL_TEXT = re.compile(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?")
HEX_TEXT = re.compile(r"[+-]?0[xX]")
INT64_MIN, INT64_MAX = -(1 << 63), (1 << 63) - 1
NESTING = 256  # NestingLimit.document
RECORD_BYTES = 16 << 20  # JSONRecordSplitter.maximumRecordBytes


def number_text(number):
    """RecordValidator.format: a whole number below 9e15 as its digits, else the shortest form that reads back."""
    number = float(number)
    if number == int(number) and abs(number) < 9.0e15:
        return str(int(number))
    if 9.0e15 <= abs(number) < 1.0e16:
        raise Doubtful("a number between 9e15 and 1e16 checked against an enum")
    return repr(number)


def check_number(number, field):
    """RecordValidator.boundsProblem: the bounds, then the enum (of the number's text)."""
    if field.get("minimum") is not None and number < field["minimum"]:
        raise Rejected()
    if field.get("maximum") is not None and number > field["maximum"]:
        raise Rejected()
    if field.get("exclusiveMinimum") is not None and number <= field["exclusiveMinimum"]:
        raise Rejected()
    if field.get("exclusiveMaximum") is not None and number >= field["exclusiveMaximum"]:
        raise Rejected()
    if "enum" in field and number_text(number) not in field["enum"]:
        raise Rejected()
    return number


def coerce(text, kind):
    """RecordValidator.coerce: a CSV field's text as an integer (Int64), a finite number or a boolean (in any case),
    trimmed of white space."""
    trimmed = text.strip(WHITESPACES)
    if kind == "integer":
        if INTEGER_TEXT.fullmatch(trimmed) and INT64_MIN <= int(trimmed) <= INT64_MAX:
            return int(trimmed)
        raise Rejected()
    if kind == "number":
        if DECIMAL_TEXT.fullmatch(trimmed):
            number = float(trimmed)
            if math.isfinite(number):
                return number
            raise Rejected()
        if HEX_TEXT.match(trimmed):
            raise Doubtful("a hexadecimal number in a CSV field")
        raise Rejected()
    if kind == "boolean":
        lowered = trimmed.lower()
        if lowered in ("true", "false"):
            return lowered == "true"
        raise Rejected()
    return text


def character_count(text):
    """Swift's String.count (grapheme clusters) where it is the number of code points; Doubtful where it may not be."""
    if text.isascii():
        if "\r\n" in text:
            raise Doubtful("the length of a string holding CRLF")
        return len(text)
    for ch in text:
        code = ord(ch)
        if unicodedata.category(ch)[0] == "M" or code == 0x200D or 0x1F1E6 <= code <= 0x1F1FF \
                or 0x1F3FB <= code <= 0x1F3FF or 0x1100 <= code <= 0x11FF or 0xAC00 <= code <= 0xD7FF \
                or 0xA960 <= code <= 0xA97F or code in (0x0D, 0x0A):
            raise Doubtful("the length of a string whose characters may join")
    return len(text)


# ICU's line terminators: `.` matches none of them, `$` matches before one that ends the text.
ICU_LINE_END = "\\n\\x0b\\x0c\\r\\x85\\u2028\\u2029"
PATTERN_ESCAPES = set("dD.\\/-+*?()[]{}^$|")
PATTERNS = {}


def icu_pattern(pattern):
    """A schema `pattern` (ICU, as NSRegularExpression reads it) as a Python pattern that matches the same texts,
    or Doubtful for a construct outside the subset where the two agree: literals, `.`, `^`, `$`, `\\d`, escaped
    punctuation, classes of literals and ranges, groups, `|` and greedy or lazy quantifiers."""
    if pattern in PATTERNS:
        return PATTERNS[pattern]
    out, at, length = [], 0, len(pattern)

    def unsupported(what):
        return Doubtful("a value checked against the pattern %s, whose %s the Spark engine cannot check as the "
                        "native engine does" % (pattern, what))
    try:
        while at < length:
            ch = pattern[at]
            if ch == "\\":
                if at + 1 >= length or pattern[at + 1] not in PATTERN_ESCAPES:
                    raise unsupported("escape " + pattern[at:at + 2])
                out.append(pattern[at:at + 2])
                at += 2
                continue
            if ch == "[":
                end = at + 1
                if end < length and pattern[end] == "^":
                    end += 1
                if end < length and pattern[end] == "]":
                    end += 1
                while end < length and pattern[end] != "]":
                    if pattern[end] in "[&":
                        raise unsupported("set operation")
                    if pattern[end] == "\\":
                        if end + 1 >= length or pattern[end + 1] not in PATTERN_ESCAPES:
                            raise unsupported("escape " + pattern[end:end + 2])
                        end += 1
                    end += 1
                if end >= length:
                    raise unsupported("unclosed class")
                out.append(pattern[at:end + 1])
                at = end + 1
            elif ch == "(":
                if pattern.startswith("(?", at) and not pattern.startswith("(?:", at):
                    raise unsupported("group " + pattern[at:at + 3])
                out.append("(?:" if pattern.startswith("(?:", at) else "(")
                at += 3 if pattern.startswith("(?:", at) else 1
            elif ch == "{":
                quantifier = re.match(r"\{[0-9]+(,[0-9]*)?\}", pattern[at:])
                if not quantifier:
                    raise unsupported("brace")
                out.append(quantifier.group(0))
                at += len(quantifier.group(0))
            elif ch in "*+?" and at + 1 < length and pattern[at + 1] == "+":
                raise unsupported("possessive quantifier")
            elif ch == ".":
                out.append("[^" + ICU_LINE_END + "]")
                at += 1
            elif ch == "$":
                out.append("(?=(?:\\r\\n|[" + ICU_LINE_END + "])?\\Z)")
                at += 1
            else:
                out.append(re.escape(ch) if ch not in "^|)*+?" else ch)
                at += 1
        compiled = re.compile("".join(out))
    except Doubtful as doubt:
        compiled = doubt
    except re.error:
        compiled = unsupported("syntax")
    PATTERNS[pattern] = compiled
    return compiled


def matches_pattern(text, pattern):
    """NSRegularExpression.firstMatch: whether the pattern matches anywhere in the text."""
    compiled = icu_pattern(pattern)
    if isinstance(compiled, Doubtful):
        raise compiled
    return compiled.search(text) is not None


def clean(value, field, text=False):
    """RecordValidator: the value as the schema keeps it (unknown members and nulls left out), or Rejected when the
    native engine rejects the record for it. `text` (XML records, RecordValidator(coercingText:)): a string where
    the schema has a number, an integer or a boolean is coerced as CSV text is, and a single value where it has an
    array is an array of one."""
    kind = field["type"]
    if text and isinstance(value, str) and kind in ("integer", "number", "boolean"):
        return clean(coerce(value, kind), field)
    if text and kind == "array" and not isinstance(value, list):
        value = [value]
    if kind == "object":
        if not isinstance(value, dict):
            raise Rejected()
        kept = {}
        for name, member in value.items():
            child = field["properties"].get(name)
            if child is None or member is None:
                continue
            kept[name] = clean(member, child, text)
        if any(name not in kept for name in field.get("required", [])):
            raise Rejected()
        return kept
    if kind == "map":
        if not isinstance(value, dict):
            raise Rejected()
        if "values" not in field:
            return value
        return {k: clean(v, field["values"], text) for k, v in value.items() if v is not None}
    if kind == "array":
        if not isinstance(value, list):
            raise Rejected()
        if "items" not in field:
            return value
        return [clean(v, field["items"], text) for v in value if v is not None]
    if kind == "boolean":
        if not isinstance(value, bool):
            raise Rejected()
        if "enum" in field and ("true" if value else "false") not in field["enum"]:
            raise Rejected()
        return value
    if kind == "integer":
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise Rejected()
        if isinstance(value, int) and not INT64_MIN <= value <= INT64_MAX:
            value = float(value)  # JSONParser reads a literal past Int64 as a double
        if isinstance(value, float):
            if value != value or abs(value) >= 9.0e15 or value != int(value):
                raise Rejected()
            value = int(value)
        return check_number(value, field)
    if kind == "number":
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise Rejected()
        return check_number(value, field)
    if not isinstance(value, str):
        raise Rejected()
    if field.get("minLength") is not None or field.get("maxLength") is not None:
        length = character_count(value)
        if field.get("minLength") is not None and length < field["minLength"]:
            raise Rejected()
        if field.get("maxLength") is not None and length > field["maxLength"]:
            raise Rejected()
    if field.get("format") and not accepts_format(value, field["format"]):
        raise Rejected()
    if field.get("pattern") is not None and not matches_pattern(value, field["pattern"]):
        raise Rejected()
    if "enum" in field and value not in field["enum"]:
        raise Rejected()
    return value


# ---- framing: each data file's records as the native reader frames them (RecordSource) ----

def reject_constant(name):
    raise ValueError("%s is not JSON" % name)


def unique_members(pairs):
    members = dict(pairs)
    if len(members) != len(pairs):
        raise ValueError("duplicate key")
    return members


SURROGATE = re.compile("[\ud800-\udfff]")


def strings_of(value):
    stack = [value]
    while stack:
        top = stack.pop()
        if isinstance(top, str):
            yield top
        elif isinstance(top, dict):
            for key, member in top.items():
                yield key
                stack.append(member)
        elif isinstance(top, list):
            stack.extend(top)


def depth_of(value):
    deepest, stack = 0, [(value, 1)]
    while stack:
        top, depth = stack.pop()
        if isinstance(top, (dict, list)):
            deepest = max(deepest, depth)
            stack.extend((member, depth + 1) for member in (top.values() if isinstance(top, dict) else top))
    return deepest


def json_hints(text):
    """What a JSON text may hold that `checked_json` must look for: a `\\u` escape (a lone surrogate), and enough
    brackets to nest past the limit. Worked out once per text: per record of a whole file it would be quadratic."""
    return "\\u" in text, text.count("[") + text.count("{") > NESTING - 8


def checked_json(value, hints):
    """A parsed value as JSONParser takes it: no lone surrogate, nesting within the limit (Rejected past it).
    `hints` are `json_hints` of the value's text, or of a whole document holding it."""
    may_escape, may_nest = hints
    if may_escape and any(SURROGATE.search(s) for s in strings_of(value)):
        raise Rejected()
    if may_nest:
        depth = depth_of(value)
        if depth > NESTING + 4:
            raise Rejected()
        if depth > NESTING - 4:
            raise Doubtful("a record nested about %d levels deep" % NESTING)
    return value


def json_value(data):
    """One NDJSON line (after its leading white space) as JSONParser reads it, or Rejected for what it refuses:
    not UTF-8, not JSON (NaN and Infinity included), a duplicate key, a lone surrogate, too deep or too large."""
    if len(data) > RECORD_BYTES:
        raise Rejected()
    try:
        text = data.decode("utf-8")
        value = json.loads(text, object_pairs_hook=unique_members, parse_constant=reject_constant)
    except (ValueError, RecursionError):
        raise Rejected()
    return checked_json(value, json_hints(text))


def file_text(data):
    """A whole file's bytes as text: UTF-8 after a byte order mark, if any; Doubtful when they are not UTF-8 (the
    native reader rejects the records that hold a bad byte, which the job cannot place in a file read whole)."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise Doubtful("bytes that are not UTF-8")


def json_document(data):
    """The items of a .json file (one array of records, or objects one after another) when it is well-formed JSON;
    Doubtful otherwise (the native framer's recovery from broken JSON is left to the driver)."""
    text = file_text(data).strip(" \t\r\n")
    if text == "":
        return [("problem", None)]  # the file is empty
    decoder = json.JSONDecoder(object_pairs_hook=unique_members, parse_constant=reject_constant)
    values = []
    try:
        if text[0] == "[":
            values = decoder.decode(text)
        else:
            at = 0
            while at < len(text):
                value, at = decoder.raw_decode(text, at)
                if not isinstance(value, dict):
                    raise ValueError("not an object")
                values.append(value)
                while at < len(text) and text[at] in " \t\r\n":
                    at += 1
    except (ValueError, RecursionError):
        raise Doubtful("not well-formed JSON")
    hints, items = json_hints(text), []
    for value in values:
        try:
            items.append(("value", checked_json(value, hints)))
        except Rejected:
            items.append(("problem", None))
    return items


LINE_BREAK = re.compile(r"\r\n|\r|\n")


def csv_rows(text, delimiter, quote):
    """RFC 4180 rows of `text` as CSVReader reads them: (fields, spans lines) pairs; blank rows left out. A line
    without a quote is split as it is; one with a quote is read by `quoted_row`."""
    rows, at, length = [], 0, len(text)
    while at < length:
        match = LINE_BREAK.search(text, at)
        line = text[at:match.start() if match else length]
        if quote in line:
            fields, multiline, at = quoted_row(text, at, delimiter, quote)
        else:
            fields, multiline, at = line.split(delimiter), False, match.end() if match else length
        if fields != [""]:
            rows.append((fields, multiline))
    return rows


def quoted_row(text, at, delimiter, quote):
    """The row starting at `at`: its fields, whether a quoted field spans lines, and where the next row starts.
    A stray quote, text after a closing quote or a quote never closed is Doubtful (CSVReader recovers from them)."""
    fields, field, state, multiline, length = [], [], "start", False, len(text)
    while at < length:
        ch = text[at]
        at += 1
        if state == "quoted":
            if ch == quote:
                state = "closed"
            else:
                multiline = multiline or ch in "\r\n"
                field.append(ch)
        elif state == "closed" and ch == quote:
            field.append(quote)
            state = "quoted"
        elif ch == delimiter:
            fields.append("".join(field))
            field, state = [], "start"
        elif ch in "\r\n":
            if ch == "\r" and at < length and text[at] == "\n":
                at += 1
            fields.append("".join(field))
            return fields, multiline, at
        elif state == "closed":
            raise Doubtful("text after a closing quote")
        elif ch == quote:
            if state != "start":
                raise Doubtful("a quote inside an unquoted field")
            state = "quoted"
        else:
            field.append(ch)
            state = "unquoted"
    if state == "quoted":
        raise Doubtful("a quoted field never closed")
    fields.append("".join(field))
    return fields, multiline, at


# Windows-1252's characters for the bytes 0x80 to 0x9F (TextTranscoder): the five it leaves undefined are the C1
# controls of their value, as the WHATWG Encoding Standard reads them.
WINDOWS_1252 = {0x80 + i: c for i, c in enumerate(
    "\u20ac\x81\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\x8d\u017d\x8f"
    "\x90\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\x9d\u017e\u0178")}


def csv_text(data, encoding):
    """A CSV file's bytes as text in the dataset's encoding, as TextTranscoder decodes them: Latin-1 byte for
    code point, Windows-1252, UTF-16 (little-endian unless a byte order mark says otherwise, the mark not text).
    UTF-16 that does not decode (an unpaired surrogate, an odd last byte) is Doubtful: the native reader rejects the
    rows that hold it."""
    if encoding == "latin1":
        return data.decode("latin-1")
    if encoding == "windows-1252":
        return data.decode("latin-1").translate(WINDOWS_1252)
    if encoding == "utf-16":
        codec = "utf-16-be" if data.startswith(b"\xfe\xff") else "utf-16-le"
        body = data[2:] if data[:2] in (b"\xfe\xff", b"\xff\xfe") else data
        try:
            text = body.decode(codec)
        except UnicodeDecodeError:
            raise Doubtful("text that is not UTF-16")
        if text.startswith("\ufeff"):
            raise Doubtful("a second byte order mark")
        return text
    return file_text(data)


def csv_document(data, csv, mapping):
    """The items of a CSV file (in the dataset's encoding): after the header (or the dataset's columns), a row of
    its fields' dotted paths and texts, or a problem for a row with another number of fields."""
    rows = csv_rows(csv_text(data, csv["encoding"]), csv["delimiter"], csv["quote"])
    if csv["header"]:
        if not rows:
            return [("problem", None)]  # the file is empty; expected a header row
        names, rows = rows[0][0], rows[1:]
    else:
        names = csv["columns"]
    paths = [mapping.get(name, name) for name in names]
    if "" in names or len(set(names)) != len(names) or len(set(paths)) != len(paths):
        raise Doubtful("a header that is missing or repeated")
    items = []
    for fields, multiline in rows:
        if len(fields) == len(names):
            items.append(("row", list(zip(paths, fields))))
        elif multiline:
            raise Doubtful("a quoted field over several lines in a row of another number of fields")
        else:
            items.append(("problem", None))
    return items


def gunzip(data):
    """GzipStream: a gzip file's bytes decompressed, members one after another read as one stream (as `gzip -d`
    reads them). Data that ends early, is damaged or is not gzip is Doubtful: the native reader fails the file whole,
    with the reason it words."""
    if data[:1] != b"\x1f" or data[1:2] not in (b"", b"\x8b"):
        raise Doubtful("data that is not gzip-compressed under a .gz name")
    pieces, rest = [], data
    while True:
        member = zlib.decompressobj(31)
        try:
            pieces.append(member.decompress(rest))
        except zlib.error:
            raise Doubtful("damaged gzip data")
        if not member.eof:
            raise Doubtful("gzip data that ends early")
        rest = member.unused_data
        if not rest:
            return b"".join(pieces)


NDJSON_LINE_END = re.compile(rb"\r\n|\r|\n")


def ndjson_lines(data):
    """The items of an NDJSON file read whole (a decompressed one): its lines (LF, CRLF or CR; a byte order mark
    skipped) that are not blank, as the job reads a plain file's through Spark's text reader."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    return [("json", line) for line in NDJSON_LINE_END.split(data) if line.strip(b" \t") != b""]


XML_SPACE = " \t\r\n"
XML_TEXT_LIMIT = 4 << 20  # well below libxml2's 10 MB for one text without XML_PARSE_HUGE


class XMLProblem(Exception):
    """A record that does not map to fields (XMLRecords): it is rejected."""


def xml_object(node):
    """XMLRecords.object: an element with attributes or children as an object of its fields (attributes by local
    name, repeated child elements as an array); a problem when it mixes text in, or an attribute and a child share a
    name."""
    name, attributes, children, text = node
    if "".join(text).strip(XML_SPACE) != "":
        raise XMLProblem()
    fields = dict(attributes)
    grouped = {}
    for child in children:
        if child[0] in fields:
            raise XMLProblem()
        grouped.setdefault(child[0], []).append(xml_value(child))
    for key, values in grouped.items():
        fields[key] = values[0] if len(values) == 1 else values
    return fields


def xml_value(node):
    """XMLRecords.value: a field element's text as written when it has no attributes or children, else an object."""
    if not node[1] and not node[2]:
        return "".join(node[3])
    return xml_object(node)


def xml_declared_encoding(data):
    """The encoding="…" of an XML declaration at the start of the file, if any (XMLEncoding)."""
    head = data[3:203] if data.startswith(b"\xef\xbb\xbf") else data[:200]
    if not head.startswith(b"<?xml") or b"?>" not in head:
        return None
    match = re.search(rb"encoding[ \t=]*([\"'])([^\"']*)\1", head[:head.index(b"?>")])
    return match.group(2).decode("latin-1") if match else None


def xml_document(data):
    """The items of an XML data file as XMLRecords reads it: each child element of the root a record of text leaves
    (("xml", fields)), or a problem; text directly in the root one problem, once. libxml2 reads the file natively and
    expat here: where the two might differ - anything not well-formed, a <!DOCTYPE>, another encoding than UTF-8, a
    name that is not ASCII, namespaced attributes sharing a local name, very deep or very large content - the file
    is Doubtful, at its line and column."""
    if data[:2] in (b"\xfe\xff", b"\xff\xfe", b"\x00<", b"<\x00"):
        raise Doubtful("XML in UTF-16", (1, 1))
    declared = xml_declared_encoding(data)
    if declared is not None and declared.upper() not in ("UTF-8", "UTF8"):
        raise Doubtful("XML in the encoding %s" % declared, (1, 1))
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.ordered_attributes = True
    parser.buffer_text = True
    items, stack, root_text, state = [], [], [], {"reported": False, "start": 0}

    def place(line=None, at=None):
        """The parser's (line, column), the column in characters as the native reader counts it."""
        line, at = line or parser.CurrentLineNumber, parser.CurrentByteIndex if at is None else at
        start = max(data.rfind(b"\n", 0, at), data.rfind(b"\r", 0, at)) + 1
        return line, len(data[start:at].decode("utf-8", "replace")) + 1

    def hand_out_root_text():
        if not state["reported"] and "".join(root_text).strip(XML_SPACE) != "":
            state["reported"] = True
            items.append(("problem", None))
        del root_text[:]

    def start(name, attributes):
        if len(stack) >= NESTING - 8:
            raise Doubtful("elements nested about %d levels deep" % NESTING, place())
        names = [name] + attributes[0::2]
        if not all(n.isascii() and len(n) < 1000 for n in names):
            raise Doubtful("an element or attribute name that is not ASCII", place())
        local = [(n.rsplit(" ", 1)[-1], v) for n, v in zip(attributes[0::2], attributes[1::2])]
        if len({n for n, _ in local}) != len(local):
            raise Doubtful("attributes of different namespaces with the same local name", place())
        if any(len(v) > XML_TEXT_LIMIT for _, v in local):
            raise Doubtful("a very long attribute value", place())
        if len(stack) == 1:
            hand_out_root_text()
            state["start"] = parser.CurrentByteIndex
        stack.append((name.rsplit(" ", 1)[-1], local, [], root_text if not stack else []))

    def end(name):
        node = stack.pop()
        if sum(len(t) for t in node[3]) > XML_TEXT_LIMIT:
            raise Doubtful("a very long text", place())
        if not stack:
            hand_out_root_text()
        elif len(stack) == 1:
            if parser.CurrentByteIndex - state["start"] > RECORD_BYTES - (2 << 20):
                raise Doubtful("a record of about %d MB" % (RECORD_BYTES >> 20), place())
            try:
                items.append(("xml", xml_object(node)))
            except XMLProblem:
                items.append(("problem", None))
        else:
            stack[-1][2].append(node)

    def characters(text):
        if stack:
            stack[-1][3].append(text)

    def doctype(*_):
        raise Doubtful("a <!DOCTYPE> declaration", place())

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = characters
    parser.StartDoctypeDeclHandler = doctype
    try:
        parser.Parse(data, True)
    except expat.ExpatError as error:
        raise Doubtful("XML that is not well-formed (%s)" % expat.ErrorString(error.code),
                       place(parser.ErrorLineNumber, parser.ErrorByteIndex))
    return items


def field_components(path):
    """FieldPath.components: a dotted path's names, `[]` after a name left out."""
    return [name[:-2] if name.endswith("[]") else name for name in path.split(".")]


def descendant(field, components):
    """SchemaField.descendant: the field at a path, through arrays' items and any key of a map; None if none."""
    if not components:
        return field
    kind = field["type"]
    if kind == "object":
        child = field["properties"].get(components[0])
        return None if child is None else descendant(child, components[1:])
    if kind == "array":
        return descendant(field["items"], components) if "items" in field else None
    if kind == "map":
        return descendant(field["values"], components[1:]) if "values" in field else None
    return None


def text_record(pairs, shape):
    """RecordValidator.validate(textFields:): each non-empty text coerced to its field's type and placed at its
    path; a path the schema lacks is dropped; Rejected when a text does not fit its field."""
    record, wrong = {}, False
    for path, text in pairs:
        if text == "":
            continue
        components = field_components(path)
        field = descendant(shape, components)
        if field is None:
            continue
        if field["type"] in ("object", "array", "map"):
            wrong = True
            continue
        try:
            value = coerce(text, field["type"])
        except Rejected:
            wrong = True
            continue
        target = record
        for name in components[:-1]:
            if not isinstance(target.get(name), dict):
                target[name] = {}
            target = target[name]
        target[components[-1]] = value
    if wrong:
        raise Rejected()
    return record


def set_path(record, components, value):
    for name in components[:-1]:
        record = record.setdefault(name, {})
        if not isinstance(record, dict):
            return
    record[components[-1]] = value


def record_outcomes(plan):
    """A function from (dataset, file, index, item) to ("kept", row), ("rejected", None) or ("doubtful", (why,
    (line, column) or None))."""
    namespaces = {n["code"]: dict(n, patterns=[re.compile(p) for p in n["blocked"]]) for n in plan["namespaces"]}
    numbering = plan.get("numberingPlan")
    limit = plan["limits"]["identitiesPerRecord"]
    datasets = {d["id"]: d for d in plan["datasets"]}
    shapes = {s["id"]: s["fields"] for s in plan["schemas"]}

    def outcome(dataset_id, file, index, item):
        dataset = datasets[dataset_id]
        shape = shapes[dataset["schema"]]
        kind, content = item
        try:
            if kind == "doubtful":
                return "doubtful", content
            if kind == "problem":
                raise Rejected()
            if kind == "row":
                raw = text_record(content, shape)
            else:
                raw = json_value(content.lstrip(b" \t")) if kind == "json" else content
            if not isinstance(raw, dict):
                raise Rejected()
            if kind == "xml" and "identityMap" in raw:
                raise Doubtful("an identityMap in an XML record")
            identity_map = raw.get("identityMap")
            record = clean({k: v for k, v in raw.items() if k != "identityMap"}, shape, kind == "xml")
        except Rejected:
            return "rejected", None
        except Doubtful as doubt:
            return "doubtful", (str(doubt), doubt.at)
        identities, primary = extract_identities(record, identity_map, dataset, namespaces, numbering, limit)
        if not identities:
            return "rejected", None
        is_event = dataset["isEvent"]
        time = milliseconds(value_at(record, dataset["timeComponents"])) if dataset["timeComponents"] else None
        if time is None:
            time = file["ingestedAt"]
        anchor = anchor_of(identities, primary, is_event, namespaces)
        event_id = record.get("_id") if is_event else None
        return "kept", (dataset_id, is_event, file["sequence"], index, time,
                        event_id if isinstance(event_id, str) else None,
                        [{"namespace": ns, "id": v} for ns, v in identities],
                        None if anchor is None else {"namespace": anchor[0], "id": anchor[1]},
                        json.dumps(record, sort_keys=True, ensure_ascii=False))
    return outcome


RECORD_SCHEMA = T.StructType([
    T.StructField("dataset", T.StringType(), False),
    T.StructField("is_event", T.BooleanType(), False),
    T.StructField("seq", T.LongType(), False),
    T.StructField("idx", T.LongType(), False),
    T.StructField("time", T.LongType(), False),
    T.StructField("event_id", T.StringType(), True),
    T.StructField("identities", T.ArrayType(T.StructType([
        T.StructField("namespace", T.StringType(), False), T.StructField("id", T.StringType(), False)]), False)),
    T.StructField("anchor", T.StructType([
        T.StructField("namespace", T.StringType(), False), T.StructField("id", T.StringType(), False)]), True),
    T.StructField("attributes", T.StringType(), False),
])


def hadoop_path(path):
    """A path Hadoop reads as itself: its glob characters escaped."""
    return re.sub(r"([\\\[\]{}*?])", r"\\\1", path)


def whole_file(frame):
    """Frames a whole file's bytes into (index, item) pairs; a Doubtful file is one doubtful item."""
    def items(pair):
        try:
            return list(enumerate(frame(bytes(pair[1]))))
        except Doubtful as doubt:
            return [(0, ("doubtful", (str(doubt), doubt.at)))]
    return items


def file_items(spark, plan, dataset, file):
    """(index, item) pairs of one data file in file order, as the native reader frames it. NDJSON is read a line
    at a time (LF, CRLF or CR; a byte order mark skipped) as bytes; JSON, CSV and XML files whole, and a
    gzip-compressed file (`.gz`, any format) whole, decompressed."""
    sc = spark.sparkContext
    path = hadoop_path(plan["root"].rstrip("/") + "/" + file["path"])
    csv, mapping = dataset["csv"], dict(dataset["mapping"])
    frames = {"ndjson": ndjson_lines, "json": json_document, "xml": xml_document,
              "csv": lambda data: csv_document(data, csv, mapping)}
    refused = file.get("refusal") is not None
    if file["path"].lower().endswith(".gz"):
        def decompressed(data):
            # A refused file is still decompressed to its end, as the native reader does: damaged data is its doubt.
            text = gunzip(data)
            return [("problem", None)] if refused else frames[file["format"]](text)
        return sc.binaryFiles(path).flatMap(whole_file(decompressed))
    if refused:
        return sc.parallelize([(0, ("problem", None))], 1)
    if file["format"] == "ndjson":
        lines = spark.read.text(path).select(F.col("value").cast("binary")).rdd.map(lambda r: bytes(r[0]))
        return lines.filter(lambda line: line.strip(b" \t") != b"").zipWithIndex() \
            .map(lambda pair: (pair[1], ("json", pair[0])))
    return sc.binaryFiles(path).flatMap(whole_file(frames[file["format"]]))


def file_verdicts(plan, outcomes):
    """Per file: records read, the indexes of those rejected, whether it fails whole (an inbox file refused by its
    first bytes, or over its dataset's errorThreshold: Dataset.failsWhole) and why it is doubtful, if it is."""
    counts = outcomes.map(lambda o: o[0]).countByValue()
    rejected, doubts = {}, {}
    for seq, index, status, doubt in outcomes.filter(lambda o: o[2] != "kept") \
            .map(lambda o: (o[0], o[1], o[2], o[3] if o[2] == "doubtful" else None)).collect():
        if status == "doubtful":
            # The first doubt: one the job places (in a file read whole, its only item) before the others.
            reason, at = doubt
            key = (at is None, tuple(at or ()), reason)
            doubts[seq] = min(doubts.get(seq, key), key)
        else:
            rejected.setdefault(seq, []).append(index)
    verdicts = []
    for dataset in plan["datasets"]:
        for file in dataset["files"]:
            seq = file["sequence"]
            read, bad = counts.get(seq, 0), sorted(rejected.get(seq, []))
            if read == 0 and file["format"] == "ndjson":
                read, bad = 1, [0]  # the file is empty
            over = read > 0 and len(bad) * 100 > dataset["errorThreshold"] * read
            doubt = doubts.get(seq)
            verdicts.append({"path": file["path"], "sequence": seq, "read": read, "rejected": bad,
                             "failed": file["inbox"] and (file.get("refusal") is not None or over),
                             "doubtful": doubt and doubt[2], "doubtfulAt": doubt and list(doubt[1]) or None})
    return sorted(verdicts, key=lambda v: v["sequence"])


def read_records(spark, plan, output):
    """Every data file of the plan, each record indexed by its place in its file, as rows of RECORD_SCHEMA (the
    records of files that fail whole or are doubtful left out), and how many records were read. Writes
    OUTPUT/files.ndjson: each file's verdict."""
    sc = spark.sparkContext
    outcome = record_outcomes(plan)
    parts = []
    for dataset in plan["datasets"]:
        for file in dataset["files"]:
            items = file_items(spark, plan, dataset, file)
            parts.append(items.map(lambda pair, d=dataset["id"], f=file: (f["sequence"], pair[0])
                                   + outcome(d, f, pair[0], pair[1])))
    if not parts:
        verdicts, rows = [], sc.emptyRDD()
    else:
        outcomes = sc.union(parts).persist(StorageLevel.MEMORY_AND_DISK)
        verdicts = file_verdicts(plan, outcomes)
        left_out = {v["sequence"] for v in verdicts if v["failed"] or v["doubtful"] is not None}
        rows = outcomes.filter(lambda o: o[2] == "kept" and o[0] not in left_out).map(lambda o: o[3])
    os.makedirs(output, exist_ok=True)
    with open(os.path.join(output, "files.ndjson"), "w", encoding="utf-8") as handle:
        for verdict in verdicts:
            handle.write(json.dumps(verdict, sort_keys=True, ensure_ascii=False) + "\n")
    return spark.createDataFrame(rows, RECORD_SCHEMA), sum(v["read"] for v in verdicts)


RECORDS_PER_PARTITION = 100000


def size_shuffles(spark, records):
    """Unless the user set spark.sql.shuffle.partitions, shuffles get a partition per RECORDS_PER_PARTITION records
    read, and at least two per core. Spark's default of 200 whatever the size makes a small workspace's job mostly
    the overhead of its tasks."""
    if spark.sparkContext.getConf().contains("spark.sql.shuffle.partitions"):
        return
    wanted = max(2 * spark.sparkContext.defaultParallelism, -(-records // RECORDS_PER_PARTITION))
    spark.conf.set("spark.sql.shuffle.partitions", str(wanted))
    print("cohort: %d records read; shuffles take %d partitions" % (records, wanted), file=sys.stderr)



def without_duplicate_events(records):
    """The store keeps the first event of a dataset with a given `_id` (by ledger sequence, then index)."""
    first = Window.partitionBy("dataset", "event_id").orderBy("seq", "idx")
    events = records.where(F.col("is_event") & F.col("event_id").isNotNull()) \
        .withColumn("n", F.row_number().over(first)).where("n = 1").drop("n")
    return records.where(~F.col("is_event") | F.col("event_id").isNull()).unionByName(events)


# ---- stitching: connected components by label propagation, then the native rules per component ----

SEP = "\u0000"


def key_of(column):
    return F.concat(column.namespace, F.lit(SEP), column.id)


def components(spark, nodes, edges):
    """Per node, the smallest node key of its connected component: labels propagated to a fixed point."""
    undirected = edges.select(F.col("a").alias("src"), F.col("b").alias("dst")) \
        .unionByName(edges.select(F.col("b").alias("src"), F.col("a").alias("dst"))).distinct().cache()
    labels = nodes.select(F.col("node"), F.col("node").alias("label")).localCheckpoint()
    while True:
        offered = undirected.join(labels, undirected.src == labels.node).groupBy("dst") \
            .agg(F.min("label").alias("offer"))
        updated = labels.join(offered, labels.node == offered.dst, "left") \
            .select("node", F.least(F.col("label"), F.coalesce(F.col("offer"), F.col("label"))).alias("label"),
                    (F.col("offer") < F.col("label")).alias("changed")).localCheckpoint()
        changed = updated.where("changed").count()
        labels = updated.select("node", "label")
        if changed == 0:
            return labels


GRAPH_COUNTS = ("graphs", "identities", "atLimit", "droppedLinks", "droppedByUnique", "evicted")


def no_graph_stats():
    return dict({name: 0 for name in GRAPH_COUNTS}, sizes={})


def added_graph_stats(left, right):
    """Two components' GraphStats added up: the counts, and `sizes` (graph size as text -> how many graphs)."""
    sizes = dict(left["sizes"])
    for size, count in right["sizes"].items():
        sizes[size] = sizes.get(size, 0) + count
    return dict({name: left[name] + right[name] for name in GRAPH_COUNTS}, sizes=sizes)


def stitch_component(plan):
    """IdentityGraph for the identities of one component: links newest first (ties by the intern order of
    their ends), dropped when a namespace limit would be exceeded; then graphs over the identity limit lose
    their oldest identities, partner first, then cookie, then device. Returns (node, graph key) pairs, and
    (None, the component's GraphStats) as `GraphStats.perComponent` counts them: only graphs holding an identity
    that links or that a record belongs to (`counted`)."""
    namespaces = {n["code"]: n for n in plan["namespaces"]}
    per_graph = plan["limits"]["identitiesPerGraph"]

    def eviction_rank(code):
        kind = namespaces.get(code, {}).get("type")
        return {"partner": 0, "cookie": 1, "device": 2}.get(kind, 3)

    def run(pair):
        _, (node_rows, edge_rows) = pair
        nodes = {n["node"]: n for n in node_rows}
        parent = {n: n for n in nodes}

        def find(x):
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        counts = {}
        for node, row in nodes.items():
            if namespaces.get(row["namespace"], {}).get("limit") is not None:
                counts[node] = {row["namespace"]: 1}

        def intern(node):
            return nodes[node]["first"]

        edges = []
        for e in edge_rows:
            a, b = (e["a"], e["b"]) if intern(e["a"]) < intern(e["b"]) else (e["b"], e["a"])
            edges.append((a, b, (e["time"], e["seq"], e["idx"])))
        edges.sort(key=lambda e: (tuple(-x for x in e[2]), e[0], e[1]))
        stats = no_graph_stats()
        kept = []
        for a, b, order in edges:
            root_a, root_b = find(a), find(b)
            if root_a == root_b:
                kept.append((a, b))
                continue
            merged = dict(counts.get(root_a, {}))
            for code, count in counts.get(root_b, {}).items():
                merged[code] = merged.get(code, 0) + count
            over = sorted(code for code, count in merged.items()
                          if namespaces.get(code, {}).get("limit") is not None and count > namespaces[code]["limit"])
            if over:
                stats["droppedLinks"] += 1
                stats["droppedByUnique"] += 1 if namespaces[over[0]]["limit"] == 1 else 0
                continue
            parent[root_b] = root_a  # the union's root does not matter: only the sets do
            counts.pop(root_a, None)
            counts.pop(root_b, None)
            if merged:
                counts[root_a] = merged
            kept.append((a, b))
        groups = {}
        for node in nodes:
            groups.setdefault(find(node), []).append(node)
        result = []
        for group in groups.values():
            if len(group) <= per_graph:
                result.append(group)
                continue
            order = sorted(group, key=lambda n: (eviction_rank(nodes[n]["namespace"]), nodes[n]["last"], n))
            removed = set(order[:len(group) - per_graph])
            held = min(group, key=lambda n: (not nodes[n]["links"], intern(n)))
            stats["atLimit"] += 1 if nodes[held]["counted"] else 0
            stats["evicted"] += sum(1 for n in removed if nodes[n]["counted"])
            result += [[n] for n in removed]
            remaining = [n for n in group if n not in removed]
            sub = {n: n for n in remaining}

            def find_sub(x):
                while sub[x] != x:
                    sub[x] = sub[sub[x]]
                    x = sub[x]
                return x
            for a, b in kept:
                if a in sub and b in sub:
                    ra, rb = find_sub(a), find_sub(b)
                    if ra != rb:
                        sub[rb] = ra
            parts = {}
            for n in remaining:
                parts.setdefault(find_sub(n), []).append(n)
            result += list(parts.values())
        for graph in result:
            if any(nodes[n]["counted"] for n in graph):
                stats["graphs"] += 1
                stats["identities"] += len(graph)
                stats["sizes"][str(len(graph))] = stats["sizes"].get(str(len(graph)), 0) + 1
        return [(n, min(graph)) for graph in result for n in graph] + [(None, stats)]
    return run


def stitched_graphs(spark, plan, records):
    """Per identity: its graph's key (the graph's smallest identity) and whether the graph links people; and the
    identity graph's GraphStats (`stitch_component`)."""
    links = {n["code"] for n in plan["namespaces"] if n["links"]}
    linking = F.array(*[F.lit(code) for code in sorted(links)]) if links else F.array().cast("array<string>")
    # The intern order of the native graph: where an identity is first seen (record order, then place in it).
    occurrences = records.select("seq", "idx", "time", F.posexplode("identities").alias("pos", "identity"))
    nodes = occurrences.groupBy(key_of(F.col("identity")).alias("node")).agg(
        F.first(F.col("identity.namespace")).alias("namespace"),
        F.min(F.struct("seq", "idx", "pos")).alias("first"),
        F.max(F.struct("time", "seq", "idx")).alias("last")) \
        .withColumn("links", F.array_contains(linking, F.col("namespace")))
    # Identities a record belongs to (its anchor, else its first identity, as profile_members places it).
    homes = records.select(key_of(F.coalesce(F.col("anchor"), F.col("identities")[0])).alias("node")).distinct() \
        .withColumn("home", F.lit(True))
    nodes = nodes.join(homes, "node", "left") \
        .withColumn("counted", F.col("links") | F.coalesce(F.col("home"), F.lit(False))).drop("home").cache()
    # A record's links: from its anchor (when it links) or its first linking identity to its other linking ones.
    with_linking = records.select("seq", "idx", "time", "anchor", F.filter(
        "identities", lambda i: F.array_contains(linking, i.namespace)).alias("linking")) \
        .where(F.size("linking") > 1)
    centered = with_linking.withColumn("center", F.when(F.array_contains(F.col("linking"), F.col("anchor")),
                                                        F.col("anchor")).otherwise(F.col("linking")[0]))
    star = centered.select("seq", "idx", "time", key_of(F.col("center")).alias("c"),
                           F.explode(F.transform("linking", lambda i: key_of(i))).alias("o")).where("c != o")
    edges = star.select(F.least("c", "o").alias("a"), F.greatest("c", "o").alias("b"), "time", "seq", "idx") \
        .groupBy("a", "b").agg(F.max(F.struct("time", "seq", "idx")).alias("newest")) \
        .select("a", "b", "newest.time", "newest.seq", "newest.idx").cache()
    labels = components(spark, nodes.select("node"), edges)
    node_rows = nodes.join(labels, "node").rdd.map(lambda r: (r["label"], {
        "node": r["node"], "namespace": r["namespace"], "links": r["links"], "counted": r["counted"],
        "first": tuple(r["first"]), "last": tuple(r["last"])}))
    edge_rows = edges.join(labels.withColumnRenamed("node", "a"), "a").rdd.map(lambda r: (r["label"], {
        "a": r["a"], "b": r["b"], "time": r["time"], "seq": r["seq"], "idx": r["idx"]}))
    stitched = node_rows.cogroup(edge_rows).flatMap(stitch_component(plan)).persist(StorageLevel.MEMORY_AND_DISK)
    stats = stitched.filter(lambda pair: pair[0] is None).map(lambda pair: pair[1]) \
        .fold(no_graph_stats(), added_graph_stats)
    graphs = spark.createDataFrame(stitched.filter(lambda pair: pair[0] is not None), "node string, graph string")
    person = graphs.join(nodes.select("node", "links"), "node").groupBy("graph") \
        .agg(F.max(F.col("links").cast("int")).alias("person"))
    return graphs.join(person, "graph").cache(), stats


# ---- profiles: records grouped by profile, attributes merged per policy, events attached ----

def split_key(column):
    return F.struct(F.substring_index(column, SEP, 1).alias("namespace"),
                    F.expr("substring(%s, instr(%s, '\u0000') + 1)" % (column, column)).alias("id"))


def display_key(column):
    return F.regexp_replace(column, SEP, ":")


def profile_members(plan, records, graphs, identity_graph):
    """(profile, identities) per profile, and each record's profile (`ProfileMerger.grouped`)."""
    home = F.coalesce(F.col("anchor"), F.col("identities")[0])
    if identity_graph == "pdg":
        placed = records.withColumn("node", key_of(home)).join(graphs.select("node", "graph"), "node") \
            .withColumnRenamed("graph", "profile").drop("node")
        with_records = placed.select("profile").distinct()
        kept = graphs.where("person = 1").select(F.col("graph").alias("profile")).unionByName(with_records).distinct()
        identities = graphs.join(kept, graphs.graph == kept.profile).groupBy("profile") \
            .agg(F.array_sort(F.collect_list(split_key("node"))).alias("identities"))
        return placed, identities
    placed = records.where(F.col("anchor").isNotNull()).withColumn("profile", key_of(F.col("anchor")))
    identities = placed.groupBy("profile").agg(F.array(F.first("anchor")).alias("identities"))
    return placed, identities


def leaves(attributes):
    """ProfileMerger.leaves: dotted paths of nested objects; arrays, scalars and empty objects are leaves."""
    record = json.loads(attributes)
    result = []

    def walk(value, prefix):
        for name, member in value.items():
            path = name if prefix == "" else prefix + "." + name
            if isinstance(member, dict) and member:
                walk(member, path)
            else:
                result.append((path, json.dumps(member, sort_keys=True, ensure_ascii=False)))
    walk(record, "")
    return result


def assemble(pairs):
    """The merged attributes as one JSON object, built from (path, value) pairs sorted by path."""
    tree = {}
    for path, value in sorted(pairs):
        set_path(tree, path.split("."), json.loads(value))
    return json.dumps(tree, sort_keys=True, ensure_ascii=False)


def merged_attributes(spark, plan, placed, policy):
    """Per profile, each leaf from the winning fragment: newest first, after dataset precedence if any."""
    fragments = placed.where(~F.col("is_event"))
    merge = policy["attributeMerge"]
    if merge["type"] == "dataSetPrecedence":
        order = merge["order"]
        fragments = fragments.where(F.col("dataset").isin(order))
        rank = F.array_position(F.array(*[F.lit(d) for d in order]), F.col("dataset"))
    else:
        rank = F.lit(0)
    leaf_type = T.ArrayType(T.StructType([T.StructField("path", T.StringType()),
                                          T.StructField("value", T.StringType())]))
    leaves_udf = F.udf(leaves, leaf_type)
    exploded = fragments.select("profile", rank.alias("rank"), "time", "seq", "idx",
                                F.explode(leaves_udf("attributes")).alias("leaf"))
    winner = Window.partitionBy("profile", "leaf.path").orderBy(
        F.col("rank").asc(), F.col("time").desc(), F.col("seq").desc(), F.col("idx").desc())
    winners = exploded.withColumn("n", F.row_number().over(winner)).where("n = 1")
    assemble_udf = F.udf(lambda rows: assemble([(r["path"], r["value"]) for r in rows]), T.StringType())
    return winners.groupBy("profile").agg(assemble_udf(F.collect_list("leaf")).alias("attributes"))


def profile_frame(spark, plan, placed, identities, policy, profile_schema, event_schema):
    attributes = merged_attributes(spark, plan, placed, policy)
    events = placed.where("is_event").select(
        "profile",
        F.struct("time", "seq", "idx", F.from_json("attributes", event_schema).alias("event")).alias("e")) \
        .groupBy("profile").agg(F.collect_list("e").alias("events"))
    ordered = F.expr("transform(array_sort(events, (l, r) -> case when l.time < r.time then -1 when l.time > r.time "
                     "then 1 when l.seq < r.seq then -1 when l.seq > r.seq then 1 when l.idx < r.idx then -1 "
                     "when l.idx > r.idx then 1 else 0 end), e -> e.event)")
    return identities.join(attributes, "profile", "left").join(events, "profile", "left").select(
        display_key(F.col("profile")).alias("profile_key"),
        F.from_json(F.coalesce(F.col("attributes"), F.lit("{}")), profile_schema).alias("profile"),
        F.coalesce(ordered, F.array().cast(T.ArrayType(event_schema))).alias("events"),
        "identities",
        F.coalesce(F.col("attributes"), F.lit("{}")).alias(ATTRIBUTES))


def build_frames(spark, plan, records, output):
    """Writes the profile frame of each merge policy in use to OUTPUT/frames/<policy>/, sorted by profile key;
    returns the frames by policy, each with the merged attributes as JSON text besides (column ATTRIBUTES), and
    the identity graph's GraphStats (the graph is stitched for them when no policy uses it)."""
    profile_schema = T.StructType.fromJson(plan["profileSchema"])
    event_schema = T.StructType.fromJson(plan["eventSchema"])
    policies = {p["id"]: p for p in plan["mergePolicies"]}
    stitched = {}
    frames = {}
    for policy_id in plan["frames"]:
        policy = policies[policy_id]
        graph_type = policy["identityGraph"]
        if graph_type == "pdg" and "pdg" not in stitched:
            stitched["pdg"], stitched["stats"] = stitched_graphs(spark, plan, records)
        placed, identities = profile_members(plan, records, stitched.get("pdg"), graph_type)
        frame = profile_frame(spark, plan, placed.cache(), identities, policy, profile_schema, event_schema).cache()
        frame.drop(ATTRIBUTES).orderBy("profile_key").write.mode("overwrite") \
            .option("timestampFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX").option("ignoreNullFields", True) \
            .json(output.rstrip("/") + "/frames/" + policy_id)
        frames[policy_id] = frame
    return frames, stitched["stats"] if "stats" in stitched else stitched_graphs(spark, plan, records)[1]


# ---- audiences: segments in dependency order, memberships moved on, export rows, the profiles streams export ----

ATTRIBUTES = "\#(SparkExportRows.attributesColumn)"
RETENTION = 30 * 86400000
MEMBERSHIP_SCHEMA = "segment string, key string, status string, time long"


def column(name):
    return F.col("`%s`" % name.replace("`", "``"))


def identity_keys(frame, name):
    """(name, identity as `namespace:id`) for every identity of every profile of a frame."""
    return frame.select(F.col("profile_key").alias(name), F.explode("identities").alias("i")) \
        .select(name, F.concat(F.col("i.namespace"), F.lit(":"), F.col("i.id")).alias("key"))


def with_foreign_segment(frame, other, segment):
    """`inSegment` of a segment of another merge policy (SegmentPasses): a profile is in it when a profile of
    that policy sharing one of its identities is."""
    held = identity_keys(other.where(column(segment)), "holder").select("key").distinct()
    members = identity_keys(frame, "member").join(held, "key").select("member").distinct() \
        .withColumn(segment, F.lit(True))
    joined = frame.join(members, frame.profile_key == members.member, "left").drop("member")
    return joined.withColumn(segment, F.coalesce(column(segment), F.lit(False)))


def evaluate_segments(plan, frames):
    """Each segment's condition as a boolean column of its merge policy's frame (the segment's `column`, which no
    other column has), in dependency order."""
    evaluated_on = {}
    columns = {segment["id"]: segment["column"] for segment in plan["segments"]}
    for segment in plan["segments"]:
        policy = segment["mergePolicy"]
        frame = frames[policy]
        for read in segment["dependsOn"]:
            if columns[read] not in frame.columns:
                frame = with_foreign_segment(frame, frames[evaluated_on[read]], columns[read])
        frames[policy] = frame.withColumn(segment["column"], F.expr(segment["sql"]))
        evaluated_on[segment["id"]] = policy
    # Materialized without the profile and its events: what follows reads memberships, identities and the merged
    # attributes, and a plan that carried every segment's condition on would be analysed again by each query.
    for policy, frame in frames.items():
        names = [s["column"] for s in plan["segments"] if s["mergePolicy"] == policy]
        frames[policy] = frame.select("profile_key", "identities", ATTRIBUTES, *[column(n) for n in names]).localCheckpoint()
    return frames


def moved_on(plan, frames, previous):
    """Membership.after for every profile and segment against the previous build's memberships, after those of
    profile keys that no longer exist moved to the profile holding that identity now (Membership.rekeyed: the
    one in longest wins, staying beats moving in, then key order); an exit is kept for 30 days. One query per
    merge policy, its segments side by side."""
    now = plan["now"]
    results = []
    for policy, frame in sorted(frames.items()):
        segments = [s for s in plan["segments"] if s["mergePolicy"] == policy]
        if not segments:
            continue
        ids = [s["id"] for s in segments]
        side_by_side = F.array(*[F.struct(F.lit(s["id"]).alias("segment"), column(s["column"]).alias("member"))
                                 for s in segments])
        current = frame.select(F.col("profile_key").alias("target"), F.explode(side_by_side).alias("m")) \
            .select("target", "m.segment", "m.member")
        placed = previous.where(F.col("segment").isin(ids)) \
            .join(identity_keys(frame, "holder"), "key", "left") \
            .withColumn("target", F.coalesce(F.col("holder"), F.col("key")))
        exited = F.col("status") == "exited"
        stronger = Window.partitionBy("segment", "target").orderBy(
            exited.asc(), F.when(exited, -F.col("time")).otherwise(F.col("time")).asc(),
            (F.col("target") != F.col("key")).asc(), F.col("key").asc())
        rekeyed = placed.withColumn("n", F.row_number().over(stronger)).where("n = 1") \
            .select("segment", "target", "status", "time")
        both = rekeyed.join(current, ["segment", "target"], "full")
        member = F.coalesce(F.col("member"), F.lit(False))
        was_in = F.col("status").isNotNull() & ~exited
        status = F.when(member & was_in, "existing").when(member, "realized").when(was_in, "exited") \
            .when(exited & (F.lit(now) - F.col("time") < RETENTION), "exited")
        time = F.when(member & was_in, F.col("time")).when(member | was_in, F.lit(now)).otherwise(F.col("time"))
        results.append(both.select("segment", F.col("target").alias("key"), status.alias("status"),
                                   time.cast("long").alias("time")).where("status IS NOT NULL"))
    return results


def write_audiences(spark, plan, frames, output):
    """Writes OUTPUT/memberships/ (every segment's memberships, sorted by segment and profile key), the export rows
    of file destinations (write_export_rows) and, per merge policy, OUTPUT/profiles/<policy>/: the members of the
    segments stream and lookup destinations export (key, identities, merged attributes as JSON text), sorted by
    key."""
    frames = evaluate_segments(plan, frames)
    previous = spark.createDataFrame([], MEMBERSHIP_SCHEMA)
    if plan.get("memberships"):
        previous = spark.read.schema(MEMBERSHIP_SCHEMA).json(plan["root"].rstrip("/") + "/" + plan["memberships"])
    results = moved_on(plan, frames, previous)
    if results:
        memberships = results[0]
        for result in results[1:]:
            memberships = memberships.unionByName(result)
    else:
        memberships = spark.createDataFrame([], MEMBERSHIP_SCHEMA)
    memberships.orderBy("segment", "key").write.mode("overwrite").json(output.rstrip("/") + "/memberships")
    write_export_rows(spark, plan, frames, output)
    exported = set(plan["exported"])
    for policy, frame in sorted(frames.items()):
        exported_columns = [s["column"] for s in plan["segments"] if s["mergePolicy"] == policy and s["id"] in exported]
        condition = F.lit(False)
        for segment in exported_columns:
            condition = condition | column(segment)
        frame.where(condition).select(F.col("profile_key").alias("key"), "identities",
                                      F.col(ATTRIBUTES).alias("attributes")) \
            .orderBy("key").write.mode("overwrite").json(output.rstrip("/") + "/profiles/" + policy)
    return {policy: frame.count() for policy, frame in frames.items()}


def write_export_rows(spark, plan, frames, output):
    """OUTPUT/rows/<destination>/ for each file destination: per segment and current member, the entry the native
    planner makes (the plan's `exportRows`, SparkExportRows): its rows (export identity values normalized and hashed,
    mapped cells), why it is left out (consent, mandatory, identity), when it qualified, its deduplication value;
    sorted by segment and key. The planner deduplicates and renders the files from them."""
    policies = {s["id"]: s["mergePolicy"] for s in plan["segments"]}
    destinations = {d["id"]: d for d in plan["destinations"]}
    # Read back as written: the rows' plans stay small (the frames are checkpointed by evaluate_segments).
    current = spark.read.schema(MEMBERSHIP_SCHEMA).json(output.rstrip("/") + "/memberships") \
        .where(F.col("status") != "exited")
    for entry in plan["exportRows"]:
        segments = list(dict.fromkeys(destinations[entry["destination"]]["segments"]))
        result = None
        for segment in segments:
            frame = frames[policies[segment]]
            members = current.where(F.col("segment") == segment).join(frame, F.col("key") == F.col("profile_key"))
            rows = members.withColumn("\#(SparkExportRows.segmentColumn)", F.lit(segment)) \
                .withColumn("\#(SparkExportRows.keysColumn)", F.expr(entry["keys"])) \
                .withColumn("\#(SparkExportRows.skipColumn)", F.expr(entry["skip"])) \
                .select("segment", "key", F.col("time").alias("qualifiedAt"), F.col("\#(SparkExportRows.skipColumn)").alias("skip"),
                        F.expr(entry["rows"]).alias("rows"), F.expr(entry["dedup"]).alias("dedup"))
            result = rows if result is None else result.unionByName(rows)
        if result is not None:
            result.orderBy("segment", "key").write.mode("overwrite") \
                .json(output.rstrip("/") + "/rows/" + entry["destination"])


def file_counts(plan, records, kept):
    """Per inbox file (by sequence): records valid, and kept (without events whose `_id` the dataset has); records
    read and rejected are in OUTPUT/files.ndjson."""
    def counts(frame):
        return {row["seq"]: row["count"] for row in frame.groupBy("seq").count().collect()}
    valid, after = counts(records), counts(kept)
    result = []
    for dataset in plan["datasets"]:
        for file in dataset["files"]:
            if not file["inbox"]:
                continue
            seq = file["sequence"]
            result.append({"sequence": seq, "valid": valid.get(seq, 0), "kept": after.get(seq, 0)})
    return result


def build(spark, plan, output):
    """The whole job for one plan: frames, audiences, and OUTPUT/summary.json (per inbox file its counts, per
    merge policy its profiles, and the identity graph's GraphStats)."""
    read, count = read_records(spark, plan, output)
    size_shuffles(spark, count)
    all_records = read.cache()
    records = without_duplicate_events(all_records).cache()
    frames, graph = build_frames(spark, plan, records, output)
    profiles = write_audiences(spark, plan, frames, output)
    summary = {"files": file_counts(plan, all_records, records), "profiles": profiles, "graph": graph}
    with open(output.rstrip("/") + "/summary.json", "w", encoding="utf-8") as handle:
        json.dump(summary, handle, sort_keys=True)
    spark.catalog.clearCache()


def main():
    arguments = sys.argv[1:]
    if not arguments or len(arguments) % 2:
        raise SystemExit("usage: cohort_spark_job.py PLAN.json OUTPUT_DIR [PLAN.json OUTPUT_DIR ...]")
    # A plan's text is for the log and the UI: bounded, so that a workspace of many segments cannot fill the heap.
    spark = SparkSession.builder.appName("cohort").config("spark.sql.maxPlanStringLength", "65536").getOrCreate()
    spark.conf.set("spark.sql.session.timeZone", "UTC")
    for plan_path, output in zip(arguments[0::2], arguments[1::2]):
        with open(plan_path, encoding="utf-8") as handle:
            plan = json.load(handle)
        if plan.get("planFormat") != 2:
            raise SystemExit("%s: plan format %s; this job reads format 2" % (plan_path, plan.get("planFormat")))
        build(spark, plan, output)
    spark.stop()


if __name__ == "__main__":
    main()
"""#
}
