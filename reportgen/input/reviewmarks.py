"""Review marks: what an editor must clear before a month is published (a record's `review`,
the headline `reportgen new` wrote, a text without its English), recognised in whichever
language the tool spoke when it made them."""

from __future__ import annotations

from reportgen.errors import Problem
from reportgen.i18n import N_, _

PLACEHOLDER_TITLE = "عنوان التقرير (يُستبدل قبل النشر)"
PLACEHOLDER_MESSAGE = N_("still the placeholder written by `reportgen new`: write the headline")
REVIEW_MARK = N_("review mark")
BARE_MARK = N_("check this record (delete the review line once checked)")


def is_review_mark(problem: Problem) -> bool:
    """Whether `problem` is a mark an editor must clear before the month can be published: a
    record's `review`, the headline `reportgen new` wrote, or (with the English edition on) a
    text without its English counterpart."""
    return (
        problem.message.startswith(_(REVIEW_MARK))
        or problem.message == _(PLACEHOLDER_MESSAGE)
        or is_untranslated(problem)
    )


UNTRANSLATED_MESSAGE = N_("not translated")
"""How every message of this module begins, in English and in the editors' language (the
catalogs translate each message with the same prefix): `is_untranslated` looks for it."""


def is_untranslated(problem: Problem) -> bool:
    """Whether `problem` asks for an English counterpart, in whichever language it was made."""
    prefixes = (UNTRANSLATED_MESSAGE, _(UNTRANSLATED_MESSAGE))
    return problem.message.startswith(prefixes)
