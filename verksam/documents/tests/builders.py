"""Builders that the documents tests share.

``factories.py`` beside this makes a whole plan with everything a report shows, in
bulk; the builders here make single objects.
"""

from verksam.documents.models import DocumentState, GeneratedDocument
from verksam.plans.models import Plan


def make_document(plan: Plan, user=None, **fields) -> GeneratedDocument:
    """A generated document of `plan` by `user`, written straight to the database.

    A finished PDF of the plan unless `fields` say otherwise. One that is not finished
    has no content, no size and no file name unless they are given, and its progress
    is 0.
    """
    fields.setdefault("state", DocumentState.DONE)
    done = fields["state"] == DocumentState.DONE
    content = fields.pop("content", b"%PDF-1.7 test" if done else None)
    fields.setdefault("kind", "plan")
    fields.setdefault("file_format", "pdf")
    fields.setdefault("language", "sv")
    fields.setdefault("progress", 100 if done else 0)
    fields.setdefault("size", len(content) if content else 0)
    fields.setdefault("file_name", "Verksamhetsplan-2026-Kalmar-stadsbibliotek.pdf" if done else "")
    return GeneratedDocument.objects.create(plan=plan, content=content, created_by=user, **fields)
