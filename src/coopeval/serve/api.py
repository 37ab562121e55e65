"""The JSON API: the command line's JSON output, for one record, a list, or a file.

Each ``POST`` takes a JSON body (one record or a list; JSONL as
``application/x-ndjson``) or a file upload (multipart field ``file``), and
answers with a list, one entry per record, exactly as the command's
``--format json`` writes it. A record with errors is answered (200) with its
``errors``, as the command line writes every row; ``X-Coopeval-Errors`` counts
them. Options come from the query, or from the form's fields beside the file.
Rule sets are named only by the ids served (never a path).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from coopeval.engine import Evaluation, ProgrammeResult, whatif
from coopeval.report import explain, to_dict
from coopeval.report.whatif import eligibility_dict, whatif_dict
from coopeval.serve.catalogue import chosen, only_id, programmes, rules_list
from coopeval.serve.uploads import evaluated, received

__all__ = ["router"]

router = APIRouter(tags=["coopeval"])

Lang = Annotated[
    Literal["vi", "en"], Query(description="ngôn ngữ / language of labels and messages")
]
RulesId = Annotated[
    str, Query(description="mã bộ quy tắc / rule-set id served (GET /v1/rules lists them)")
]
Lenient = Annotated[
    bool, Query(description="score items without evidence as 0 (flagged), as --lenient")
]
OnlyId = Annotated[str | None, Query(description="only the record with this id")]

#: The request body every POST documents: records as JSON, or a file.
_RECORDS = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "oneOf": [
                        {"type": "object", "description": "one record: field → value"},
                        {"type": "array", "items": {"type": "object"}},
                    ]
                }
            },
            "application/x-ndjson": {"schema": {"type": "string", "description": "JSONL"}},
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {
                        "file": {
                            "type": "string",
                            "format": "binary",
                            "description": ".csv, .xlsx, .json or .jsonl",
                        },
                        "rules": {"type": "string"},
                        "program": {"type": "string"},
                    },
                }
            },
        },
    }
}


@router.post("/score", openapi_extra=_RECORDS, summary="chấm điểm / score records")
async def score(
    request: Request, rules: RulesId = "tt01-2020", lenient: Lenient = False, lang: Lang = "vi"
) -> JSONResponse:
    """Each record's result, as ``coopeval score --format json`` writes it."""
    records = await received(request)
    scorecard = chosen(request, records.option("rules", rules), ("scorecard",), "/v1/score")
    found = await run_in_threadpool(evaluated, scorecard, records, lenient=lenient)
    return _answer([to_dict(r) for r in found], found)


@router.post("/explain", openapi_extra=_RECORDS, summary="giải thích / explain results")
async def explain_(
    request: Request,
    rules: RulesId = "tt01-2020",
    id: OnlyId = None,  # noqa: A002  # the CLI's --id, by name
    lenient: Lenient = False,
    lang: Lang = "vi",
) -> JSONResponse:
    """Each record's result and explanation, as ``coopeval explain --format json`` writes them."""
    records = await received(request)
    kinds = ("scorecard", "eligibility")
    ruleset = chosen(request, records.option("rules", rules), kinds, "/v1/explain")
    lang = "en" if records.option("lang", lang) == "en" else "vi"

    def work() -> list[Any]:
        found = only_id(
            evaluated(ruleset, records, lenient=lenient), records.option("id", id), records.name
        )
        return [{"result": to_dict(r), "explanation": to_dict(explain(r, lang))} for r in found]

    found = await run_in_threadpool(work)
    return _answer(found, [item["result"] for item in found])


@router.post("/eligible", openapi_extra=_RECORDS, summary="điều kiện hỗ trợ / eligibility")
async def eligible(
    request: Request,
    program: Annotated[
        list[str] | None,
        Query(description="programme ids, repeatable or comma-separated (default: all)"),
    ] = None,
    id: OnlyId = None,  # noqa: A002  # the CLI's --id, by name
    lang: Lang = "vi",
) -> JSONResponse:
    """Each record under each programme, as ``coopeval eligible --format json`` writes it."""
    records = await received(request)
    asked = [records.options["program"]] if "program" in records.options else program
    chosen_programmes = programmes(request, asked or ())

    def work() -> list[Any]:
        found = evaluated(chosen_programmes, records, duplicates=False)
        return only_id(found, records.option("id", id), records.name)

    rows = await run_in_threadpool(work)
    return _answer([to_dict(row) for row in rows], [r for row in rows for r in row])


@router.post("/whatif", openapi_extra=_RECORDS, summary="cần gì để đạt / what it takes")
async def whatif_(
    request: Request,
    rules: RulesId = "tt01-2020",
    program: Annotated[
        str | None, Query(description="plans to be eligible under this programme instead")
    ] = None,
    target: Annotated[str | None, Query(description="the rating to reach (default: tot)")] = None,
    fixed: Annotated[str, Query(description="items a plan may not change, comma separated")] = "",
    max_changes: Annotated[int | None, Query(ge=1, le=50)] = None,
    alternatives: Annotated[int, Query(ge=1, le=10, description="plans per record")] = 1,
    id: OnlyId = None,  # noqa: A002  # the CLI's --id, by name
    lenient: Lenient = False,
    lang: Lang = "vi",
) -> JSONResponse:
    """Each record's best plans, as ``coopeval whatif --format json`` writes them."""
    records = await received(request)
    instead = records.option("program", program)
    asked = instead if instead else records.option("rules", rules)
    ruleset = chosen(request, asked, ("scorecard", "eligibility"), "/v1/whatif")
    keep = {name.strip() for name in records.option("fixed", fixed).split(",") if name.strip()}
    form: Callable[[Any], dict[str, Any]] = (
        whatif_dict if ruleset.kind == "scorecard" else eligibility_dict
    )

    def work() -> list[Any]:
        found = only_id(
            evaluated(ruleset, records, lenient=lenient), records.option("id", id), records.name
        )
        return [
            form(
                whatif(
                    ruleset,
                    result,
                    target=records.option("target", target),
                    fixed=keep,
                    max_changes=max_changes,
                    alternatives=alternatives,
                )
            )
            for result in found
            if isinstance(result, Evaluation | ProgrammeResult)
        ]

    found = await run_in_threadpool(work)
    return _answer(found, found)


@router.get("/rules", summary="bộ quy tắc / rule sets served")
async def rules_(request: Request) -> list[dict[str, Any]]:
    """Each rule set served: id, version, kind, document, title, dates in force, sha256."""
    return rules_list(request)


def _answer(payload: list[Any], results: Sequence[Any]) -> JSONResponse:
    """The list answered, with the count of records that had errors in a header."""
    failed = sum(_failed(r) for r in results)
    return JSONResponse(payload, headers={"X-Coopeval-Errors": str(failed)})


def _failed(result: Any) -> bool:
    if isinstance(result, dict):
        return result.get("status") == "error" or bool(result.get("errors"))
    return result.status == "error" or bool(result.errors)
