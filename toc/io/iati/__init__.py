"""IATI 2.03 results XML in and out: results become outputs, outcomes and impacts, indicators KPIs.

Reading takes one `iati-activity`: its identifier, title and description, and every `result`
with its indicators, baselines and periods (each target and actual with its dates, dimensions
and comment). The rest of an activity (organisations, budgets, transactions, locations) is not
part of a theory of change and is not read. Inside results nothing is dropped silently: a part
with no place in the model is finding TOC022 at its line, a value that is not a number TOC014 at
its attribute, with the text kept in the value's comment.

Writing produces a schema-valid `iati-activities` file. What IATI has no place for (inputs,
activities, context factors, links between results, KPI comparators...) is found by reading the
written file back and comparing: it is listed in an XML comment at the top of the file and
raised as a `NotCarriedWarning`, so nothing is lost without a word. Element ids, outcome terms,
KPI units and the cumulative flag travel in attributes of this library's own namespace, which
IATI allows on results and indicators, so a model comes back with the ids it had.
"""

from __future__ import annotations

from toc.io.iati.codes import (
    DEFAULT_LEVELS,
    MEASURES,
    NAMESPACE,
    PLACEHOLDER_ORG,
    RESULT_TYPES,
    STATUS_WORDS,
)
from toc.io.iati.reading import read_iati, read_iati_bytes
from toc.io.iati.writing import PLACEHOLDERS, NotCarriedWarning, to_iati, write_iati

__all__ = [
    "DEFAULT_LEVELS",
    "MEASURES",
    "NAMESPACE",
    "PLACEHOLDERS",
    "PLACEHOLDER_ORG",
    "RESULT_TYPES",
    "STATUS_WORDS",
    "NotCarriedWarning",
    "read_iati",
    "read_iati_bytes",
    "to_iati",
    "write_iati",
]
